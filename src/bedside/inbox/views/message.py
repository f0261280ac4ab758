"""One message: its body with the PHI highlighted (an audited read), its
thread, its replies, the composer with live guard findings, and actions."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages as flash
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from bedside.inbox import alerts, by_hand, canned, crisis, escalation, replies, takedown, workflow
from bedside.inbox.highlight import pieces
from bedside.inbox.models import (
    Acknowledgement,
    CannedVersion,
    Message,
    Queue,
    Reply,
    State,
    Takedown,
)
from bedside.inbox.models import alerting as ad
from bedside.inbox.overdue import is_overdue
from bedside.inbox.reading import open_message
from bedside.inbox.triage.intent import LABELS as INTENT_LABELS
from bedside.inbox.triage.priority import LABELS as PRIORITY_LABELS
from bedside.networks import limits
from bedside.networks.registry import UnknownNetwork, client_class
from bedside.networks.registry import label as network_label
from bedside.workspace.permissions import requires, user_can
from bedside.workspace.roles import Can


def _capabilities(network: str) -> frozenset[str]:
    try:
        return client_class(network).capabilities
    except UnknownNetwork:
        return frozenset()


def _composer_text(request: HttpRequest, message: Message) -> tuple[str, int | None]:
    if request.GET.get("crisis"):
        return crisis.suggested_reply()
    version_id = request.GET.get("canned")
    if version_id and version_id.isdigit():
        version = CannedVersion.objects.filter(pk=int(version_id), state=CannedVersion.State.APPROVED).first()
        if version is not None:
            return canned.render(version), version.pk
    return "", None


@requires(Can.READ_MESSAGES)
def message_view(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(Message.objects.select_related("channel__organization", "queue", "assignee"), pk=pk)
    thread = []
    if message.thread_id:
        thread = list(Message.objects.filter(channel=message.channel, thread_id=message.thread_id)
                      .exclude(pk=message.pk).order_by("published_at")[:20])
    open_message(message, request=request)
    detail = message.triage_detail or {}
    text, version_id = _composer_text(request, message)
    caps = _capabilities(message.network)
    # The templates written for this message come first: on a crisis, the crisis one.
    templates = canned.usable(tuple(dict.fromkeys(
        (["crisis"] if message.crisis else []) + [message.intent, *message.intents])))
    context = {
        "message": message,
        "pieces": pieces(message.body, detail.get("findings", [])),
        "findings": detail.get("findings", []),
        "reasons": detail.get("reasons", []),
        "thread": thread,
        "replies": message.replies.select_related("author", "reviewer", "posted_by").all(),
        "limit": limits.limit_for(message.network),
        "takedowns": message.takedowns.all(),
        "intent_labels": [INTENT_LABELS.get(i, i) for i in message.intents],
        "priority": PRIORITY_LABELS.get(message.priority, ""),
        "network": network_label(message.network),
        "templates": templates,
        # Placeholders the chosen template uses that have no value yet: said before it is sent.
        "composer_gaps": next((canned.missing(v.body) for _c, v in templates if v.pk == version_id), {}),
        "our_org": message.channel.organization if message.channel.organization.is_ours else None,
        "composer_text": text,
        "composer_version": version_id,
        "can_reply": user_can(request.user, Can.REPLY),
        "can_hide": "hide" in caps and takedown.possible(message) and user_can(request.user, Can.REPLY)
        and message.state != State.HIDDEN,
        # Delete is offered only where the network's API can do it; the notice
        # is still drafted where it cannot be sent, to send by hand.
        "can_delete": "delete" in caps,
        "can_notify": "private" in caps,
        "can_send": "reply" in caps,
        "crisis_resources": crisis.RESOURCES if message.crisis else [],
        "queues": Queue.objects.all(),
        "people": get_user_model().objects.filter(is_active=True, member__role__in=[
            "admin", "social_manager", "responder", "compliance"]).order_by("username"),
    }
    context.update(alert_context(message))
    return render(request, "inbox/message.html", context)


def alert_context(message: Message) -> dict[str, object]:
    """The alerts panel: who was alerted about this message, by what, and
    whether it arrived; shown for a crisis, PHI, or any alert raised."""
    reach = escalation.reach(message)
    raised = list(message.alerts.select_related("rule").prefetch_related("deliveries__person").order_by("sent_at"))
    acknowledgement = Acknowledgement.objects.filter(message=message).first()
    return {
        "show_alerts": bool(raised) or message.crisis or message.phi,
        "reach": reach,
        "alert_rows": [{"alert": a, "label": alerts.LABELS.get(a.trigger, a.trigger), "deliveries": a.deliveries.all()}
                       for a in raised],
        "delivered": [d for d in reach.deliveries if d.status == ad.SENT],
        "escalated": any(a.trigger == "escalation" for a in raised),
        "acknowledgement": acknowledgement,
        "overdue": is_overdue(message),
    }


@requires(Can.REPLY)
@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(Message, pk=pk)
    try:
        escalation.acknowledge(message, request.user, request=request)
    except escalation.AlreadyAcknowledged as exc:
        flash.error(request, str(exc))
        return redirect("inbox_message", pk=pk)
    flash.success(request, "Acknowledged: it will not alert again.")
    return redirect("inbox_message", pk=pk)


@requires(Can.REPLY)
@require_POST
def check_draft(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: the guard's findings on the draft as it is typed."""
    message = get_object_or_404(Message, pk=pk)
    text = request.POST.get("body", "")[: replies.MAX_REPLY]
    result = replies.check(text, message) if text.strip() else None
    findings = [f.to_dict() for f in result.findings] if result else []
    return render(request, "inbox/_guard.html", {
        "result": result, "pieces": pieces(text, findings), "findings": findings,
        "fit": _fit(message.network, text)})


def _fit(network: str, text: str) -> dict[str, object]:
    """The network's own count of the draft and what it would refuse, as the
    send path checks it (networks.limits)."""
    limit = limits.limit_for(network)
    return {"length": limits.measure(network, text), "max": limit.max_length if limit else None,
            "problems": limits.problems(network, text) if text.strip() else [],
            "network": network_label(network)}


@requires(Can.REPLY)
@require_POST
def reply_create(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(Message.objects.select_related("channel"), pk=pk)
    version = None
    version_id = request.POST.get("canned_version", "")
    if version_id.isdigit():
        version = CannedVersion.objects.filter(pk=int(version_id), state=CannedVersion.State.APPROVED).first()
    try:
        reply = replies.draft(message, request.user, request.POST.get("body", ""), canned_version=version,
                              request=request)
        # A resent form finds its first reply (already past draft): shown, not sent again.
        if request.POST.get("action") != "save" and reply.state in replies.SUBMITTABLE:
            reply = replies.submit(reply, request.user, request=request)
    except replies.ReplyError as exc:
        flash.error(request, str(exc))
        return redirect("inbox_message", pk=pk)
    _say(request, reply)
    return redirect("inbox_message", pk=pk)


def _say(request: HttpRequest, reply: Reply) -> None:
    if reply.state == Reply.State.SENT:
        flash.success(request, "Reply sent.")
    elif reply.state == Reply.State.APPROVED:
        flash.success(request, "The guard allowed it: the reply is on its way to the network. This page shows "
                               "its progress.")
    elif reply.state == Reply.State.AWAITING_APPROVAL and reply.verdict == "allow":
        steps = replies.matrix_steps(reply)
        flash.warning(request, "This message is in a situation of the responsibility matrix: the reply cannot be "
                               f"sent until {' and '.join(s.who or s.name for s in steps)} approves it. It is "
                               "waiting in the approval queue.")
    elif reply.state == Reply.State.AWAITING_APPROVAL:
        flash.warning(request, "The guard flagged this reply: it cannot be sent until a compliance reviewer "
                               "approves it. It is waiting in the approval queue.")
    elif reply.state == Reply.State.FAILED:
        flash.error(request, f"The network did not accept the reply: {reply.error}. It stays here to retry.")
    elif reply.state == Reply.State.DRAFT:
        flash.success(request, "Draft saved.")
    elif reply.state == Reply.State.SENDING:
        flash.warning(request, "This reply is being sent.")
    elif reply.state == Reply.State.TO_POST:
        flash.success(request, "Approved. This site has no reply API: copy the text below, post it on the "
                               "review, then mark it posted.")
    elif reply.state == Reply.State.POSTED:
        flash.success(request, "Marked as posted by hand.")


@requires(Can.REPLY)
@require_POST
def reply_action(request: HttpRequest, pk: int, reply_pk: int) -> HttpResponse:
    reply = get_object_or_404(Reply, pk=reply_pk, message_id=pk)
    action = request.POST.get("action")
    try:
        if action == "submit":
            if request.POST.get("body"):
                reply = replies.edit(reply, request.user, request.POST["body"], request=request)
            reply = replies.submit(reply, request.user, request=request)
        elif action == "retry":
            reply = replies.send(reply, actor=request.user, request=request)
        elif action == "posted":
            reply = by_hand.mark_posted(reply, request.user, url=request.POST.get("url", ""), request=request)
        else:
            flash.error(request, "Unknown action.")
            return redirect("inbox_message", pk=pk)
    except (replies.ReplyError, by_hand.PostedError) as exc:
        flash.error(request, str(exc))
        return redirect("inbox_message", pk=pk)
    _say(request, reply)
    return redirect("inbox_message", pk=pk)


@requires(Can.REPLY)
def takedown_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmation step of a hide or delete: says what will happen on
    which network, and asks again (a page, so it works without JavaScript)."""
    message = get_object_or_404(Message.objects.select_related("channel"), pk=pk)
    action = request.GET.get("action", "")
    caps = _capabilities(message.network)
    if action not in ("hide", "delete") or action not in caps or not takedown.possible(message):
        flash.error(request, f"{network_label(message.network)} cannot {action or 'do'} that "
                             "through its API.")
        return redirect("inbox_message", pk=pk)
    return render(request, "inbox/takedown_confirm.html", {
        "message": message, "action": action, "notify": request.GET.get("notify") == "on",
        "network": network_label(message.network), "can_notify": "private" in caps})


@requires(Can.REPLY)
@require_POST
def message_action(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(Message.objects.select_related("channel"), pk=pk)
    action = request.POST.get("action")
    try:
        if action == "assign":
            who = request.POST.get("assignee", "")
            user = get_user_model().objects.filter(pk=int(who)).first() if who.isdigit() else None
            workflow.assign(message, user, actor=request.user, request=request)
        elif action == "assign_me":
            workflow.assign(message, request.user, actor=request.user, request=request)
        elif action == "move":
            queue = get_object_or_404(Queue, pk=request.POST.get("queue") or 0)
            workflow.move(message, queue, actor=request.user, request=request)
        elif action == "close":
            workflow.close(message, actor=request.user, request=request)
        elif action == "reopen":
            workflow.reopen(message, actor=request.user, request=request)
        elif action in ("hide", "delete"):
            if request.POST.get("confirmed") != "yes":
                # A takedown acts on the network: it is confirmed on its own page first.
                query = urlencode({"action": action, **({"notify": "on"} if request.POST.get("notify") == "on" else {})})
                return redirect(f"{reverse('inbox_takedown_confirm', args=[pk])}?{query}")
            done = takedown.take_down(message, request.user, action=action,
                                      notify=request.POST.get("notify") == "on", request=request)
            if done.status == Takedown.Status.DONE:
                flash.success(request, f"The comment is {'hidden' if action == 'hide' else 'deleted'} on the network.")
            else:
                flash.error(request, f"The network did not take it down: {done.error}")
            return redirect("inbox_message", pk=pk)
        else:
            flash.error(request, "Unknown action.")
            return redirect("inbox_message", pk=pk)
    except (workflow.WorkflowError, takedown.TakedownError) as exc:
        flash.error(request, str(exc))
        return redirect("inbox_message", pk=pk)
    flash.success(request, "Saved.")
    return redirect("inbox_message", pk=pk)
