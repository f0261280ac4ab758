"""Replies posted by hand, on sites with no reply API (Yelp, Healthgrades, Vitals).

An approved public reply to such a site is not queued for sending (there is
nothing to call): it moves to "to post by hand" and waits, shown with its
text to copy and a link to the review. Whoever posts it on the site marks it
posted: who and when are recorded on the reply and in the audit log, the
reply says "Posted by hand", and the review counts as answered from then.
The moves are in :mod:`bedside.inbox.states`'s table, like every other.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from bedside.inbox import states
from bedside.inbox.models import Message, Reply
from bedside.networks.registry import UnknownNetwork, client_class
from bedside.workspace import audit
from bedside.workspace.permissions import user_can
from bedside.workspace.roles import Can

R = Reply.State


class PostedError(Exception):
    """A reply that cannot be marked posted (its state, or who asks); says why."""


def needed(reply: Reply) -> bool:
    """Whether ``reply`` must be posted by hand: a public reply on a network
    whose client cannot reply through the API."""
    if reply.private:
        return False
    try:
        return "reply" not in client_class(reply.message.network).capabilities
    except UnknownNetwork:
        return False


def hold(reply: Reply, *, actor: Any = None, request: Any = None) -> Reply:
    """An approved reply waits for a person to post it (call inside the
    transaction that approved it, as :func:`bedside.inbox.sending.queue`)."""
    states.reply_to(reply, R.TO_POST)
    Reply.objects.filter(pk=reply.pk, state=R.APPROVED).update(state=R.TO_POST, updated_at=timezone.now())
    states.settle_message(reply.message)
    audit.record("reply_to_post_by_hand", reply, request=request, actor=actor,
                 detail={"network": reply.message.network})
    return reply


def mark_posted(reply: Reply, actor: Any, *, url: str = "", request: Any = None) -> Reply:
    """Record that ``actor`` posted ``reply`` on the site. Once: a second
    click (or a second person) finds it posted and changes nothing."""
    if not user_can(actor, Can.REPLY):
        raise PostedError("Only someone who answers messages marks a reply posted.")
    url = url.strip()
    if url and not url.startswith(("https://", "http://")):
        raise PostedError("The address of the posted reply must start with https:// (or leave it empty).")
    now = timezone.now()
    with transaction.atomic():
        won = Reply.objects.filter(pk=reply.pk, state=R.TO_POST).update(
            state=R.POSTED, posted_by=actor, sent_at=now, url=url[:1000], updated_at=now)
        reply = Reply.objects.select_related("message", "posted_by").get(pk=reply.pk)
        if not won:
            if reply.state == R.POSTED:
                raise PostedError(f"{reply.posted_by.get_username() if reply.posted_by else 'Someone'} already "
                                  f"marked this reply posted at {reply.sent_at:%Y-%m-%d %H:%M}.")
            raise PostedError(f"This reply is {reply.get_state_display().lower()}; only an approved reply "
                              "waiting to be posted by hand is marked posted.")
        message: Message = reply.message
        if message.first_replied_at is None:
            message.first_replied_at = now
            message.save(update_fields=["first_replied_at"])
        states.settle_message(message, now=now)
        audit.record("reply_posted_by_hand", reply, request=request, actor=actor,
                     detail={"network": message.network, "url": url})
    return reply
