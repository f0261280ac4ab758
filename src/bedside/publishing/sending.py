"""Publishing a variant exactly once, however many workers share the queue.

1. Claim: a conditional update moves the variant to ``publishing`` only if it
   is still due ("… where state is still scheduled"); the worker that changed
   no row leaves it alone. No lock is held across the network call.
2. The attempt is written (and committed) before the network hears of it.
3. The guard runs once more on the exact text, and the network's limits.
4. If an earlier attempt never learnt its outcome (the worker died, the
   network timed out), the account's recent posts are read back first: a
   post with our text found there is the one we sent, and nothing is sent again.
5. A refusal (the network said no) is failed with the network's message, for
   a person to fix and retry; an unknown outcome is retried with backoff,
   each time after reading back.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from bedside.channels.clients import ready_client
from bedside.logs import event
from bedside.networks import limits
from bedside.networks.base import NetworkClient
from bedside.networks.errors import NetworkError, TransientError
from bedside.networks.records import Post as NetworkPost
from bedside.networks.registry import UnknownNetwork
from bedside.publishing import authorization, outbound
from bedside.publishing.approval import SEVERITY, check, published_text
from bedside.publishing.models import Attempt, Post, Variant
from bedside.workspace import audit

logger = logging.getLogger(__name__)

#: a variant "publishing" for longer than this lost its worker (killed):
#: longer than any network call with its own retries can take
STALE = timedelta(minutes=10)
#: waits before the automatic retries of an unknown outcome
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30))
#: an outcome read back this long before the attempt started is not ours
CLOCK_SKEW = timedelta(minutes=5)
#: pages of the account's posts read back, newest first; reading stops at the
#: first post older than the attempt, so this only bounds a busy account (the
#: two-worker bench posts 100 at once to one account: 2 pages of 40 missed the
#: killed worker's post and it went out twice)
READ_BACK_PAGES = 10
UNKNOWN_OUTCOME = "the worker publishing it stopped before the network answered"

_URL = re.compile(r"https?://\S+")
_SPACE = re.compile(r"\s+")


def _due(now: datetime, *, manual: bool = False) -> Q:
    if manual:  # a person's "publish now" (scheduled or not) or "retry"
        return Q(state__in=(Variant.State.DRAFT, Variant.State.SCHEDULED, Variant.State.FAILED,
                            Variant.State.UNKNOWN))
    return (Q(state=Variant.State.SCHEDULED, scheduled_at__lte=now)
            | Q(state__in=(Variant.State.UNKNOWN, Variant.State.FAILED), retry_at__lte=now))


def due(now: datetime | None = None) -> QuerySet[Variant]:
    now = now or timezone.now()
    return Variant.objects.filter(_due(now), post__state=Post.State.APPROVED, post__is_template=False)


def claim(variant_id: int, now: datetime, *, manual: bool = False) -> bool:
    """True for the one caller that moved the variant to ``publishing``.

    The conditional update names only the variant's own columns: with a join
    (``post__state=...``) Django writes ``WHERE id IN (SELECT ...)``, and
    PostgreSQL re-checks only ``id`` after waiting for the other worker's
    row lock, so both workers won (the two-worker test caught it). Approval
    is checked first; an edit puts its variants back to draft, which the
    update's own ``state`` condition sees."""
    # A series' or queue's template is never sent itself: its occurrences are.
    if not Post.objects.filter(variants=variant_id, state=Post.State.APPROVED, is_template=False).exists():
        return False
    return bool(Variant.objects.filter(_due(now, manual=manual), pk=variant_id).update(
        state=Variant.State.PUBLISHING, claimed_at=now, attempts=F("attempts") + 1, retry_at=None))


def settle_stale(now: datetime | None = None) -> int:
    """Variants whose worker died mid-publish become "outcome unknown", due at
    once: the next worker reads the account back before trying again."""
    now = now or timezone.now()
    stale = list(Variant.objects.filter(state=Variant.State.PUBLISHING, claimed_at__lt=now - STALE)
                 .values_list("pk", flat=True))
    settled = 0
    for pk in stale:
        with transaction.atomic():
            if Variant.objects.filter(pk=pk, state=Variant.State.PUBLISHING, claimed_at__lt=now - STALE).update(
                    state=Variant.State.UNKNOWN, retry_at=now, error=UNKNOWN_OUTCOME):
                Attempt.objects.filter(variant_id=pk, outcome=Attempt.Outcome.PENDING).update(
                    outcome=Attempt.Outcome.UNKNOWN, finished_at=now, error=UNKNOWN_OUTCOME)
                variant = Variant.objects.select_related("post").get(pk=pk)
                audit.record("post_outcome_unknown", variant.post, actor="system", detail={"variant": pk})
                settled += 1
    return settled


def publish_due(now: datetime | None = None, limit: int = 200) -> list[int]:
    """One step of the worker: publish what is due; returns the variants published."""
    now = now or timezone.now()
    settle_stale(now)
    done = []
    for pk in due(now).order_by("scheduled_at", "pk").values_list("pk", flat=True)[:limit]:
        variant = publish(pk, now=now)
        if variant is not None and variant.state == Variant.State.PUBLISHED:
            done.append(pk)
    return done


def publish_now(variant: Variant, actor: Any, *, request: Any = None) -> Variant:
    """A person's "publish now" / "retry": the same claim as the worker's."""
    result = publish(variant.pk, actor=actor, request=request, manual=True)
    if result is None:
        current = Variant.objects.get(pk=variant.pk)
        if current.state == Variant.State.PUBLISHING:
            raise PublishError("This post is being published right now; it is not published twice.")
        if current.post.is_template:
            raise PublishError("This is the content of a recurring post or an evergreen queue: each of its times "
                               "is published, not it.")
        if current.post.state != Post.State.APPROVED:
            raise PublishError("The post is not approved yet.")
        raise PublishError(f"This variant is {current.get_state_display().lower()}.")
    return result


class PublishError(Exception):
    pass


def publish(variant_id: int, *, actor: Any = None, request: Any = None, now: datetime | None = None,
            manual: bool = False) -> Variant | None:
    """Claim and publish one variant; None when another worker has it."""
    now = now or timezone.now()
    if not claim(variant_id, now, manual=manual):
        return None
    variant = Variant.objects.select_related("post__campaign", "channel__organization").get(pk=variant_id)
    unsettled = list(variant.tries.filter(outcome__in=(Attempt.Outcome.PENDING, Attempt.Outcome.UNKNOWN)))
    attempt = Attempt.objects.create(variant=variant, number=variant.attempts, started_at=timezone.now())
    audit.record("post_publishing", variant.post, request=request, actor=actor or "system",
                 detail={"variant": variant.pk, "network": variant.network, "attempt": attempt.number})
    text = published_text(variant)
    refusal = _send_time_refusal(variant, text)
    if variant.channel.organization.is_sample:
        refusal = "This is a sample channel of the demo: nothing is sent to a network."
    if refusal:
        return _failed(variant, attempt, refusal, actor, request)
    try:
        images = outbound.files(variant.post)
        video = outbound.video_file(variant.post)
    except OSError as exc:
        return _failed(variant, attempt, f"A picture or video of this post cannot be read on this server: {exc}",
                       actor, request)
    try:
        client = ready_client(variant.channel, by="publish")
        if unsettled:
            since = min(a.started_at for a in unsettled) - CLOCK_SKEW
            found = read_back(client, variant.channel.handle, text, since)
            if found is not None:
                return _published(variant, attempt, found.external_id, found.url, actor, request, found=True)
        # Images are uploaded first; an upload is not a post, so only the
        # call that creates the post can publish, and a retry after an
        # unknown outcome has read the account back before uploading again.
        if video is not None:
            # The post's own title is the team's and never published: a
            # network that wants a title (YouTube) takes the text's first line.
            sent = client.publish_video(variant.channel.handle, text, video, title="")
        elif images:
            sent = client.publish_media(variant.channel.handle, text, images)
        else:
            sent = client.publish(variant.channel.handle, text)
    except TransientError as exc:
        return _unknown(variant, attempt, exc, actor, request)
    except (NetworkError, UnknownNetwork, ValueError) as exc:
        return _failed(variant, attempt, str(exc), actor, request)
    return _published(variant, attempt, sent.external_id, sent.url, actor, request)


def _send_time_refusal(variant: Variant, text: str) -> str:
    """Why the text may not go out now, though it was approved: the guard's
    vocabulary changed since (a new patient, a new unit), or the network's limit."""
    expired = authorization.problems(variant.post, {variant.network}, timezone.localdate())
    if expired:
        return " ".join(expired)
    result = check(text)
    approved = variant.post.verdict or variant.verdict
    if SEVERITY.get(result.verdict, 0) > SEVERITY.get(approved, 0):
        labels = ", ".join(sorted({f.label for f in result.findings}))
        return (f"At send time the guard now says {result.verdict} ({labels}); it said {approved or 'allow'} when "
                "approved. Edit the post and submit it again.")
    types = outbound.image_types(variant.post)
    cannot = outbound.problems([variant.network], len(types), types,
                               outbound.video_size(variant.post)).get(variant.network, [])
    return " ".join(cannot or limits.problems(variant.network, text, kind="post", images=len(types)))


def _normal(text: str) -> str:
    return _SPACE.sub(" ", _URL.sub(" ", text)).strip().casefold()


def same_text(ours: str, theirs: str) -> bool:
    """Whether a post read back is ours: networks shorten links (X's t.co),
    turn line breaks into markup and may keep only a title (Reddit)."""
    a, b = _normal(ours), _normal(theirs)
    if not a or not b:
        return False
    return a == b or (min(len(a), len(b)) >= 20 and (a in b or b in a))


def read_back(client: NetworkClient, handle: str, text: str, since: datetime) -> NetworkPost | None:
    """The account's post with our text published since ``since``, if any."""
    cursor: str | None = None
    for _ in range(READ_BACK_PAGES):
        page = client.posts(handle, cursor)
        for post in page.items:
            if post.published_at >= since and same_text(text, post.text):
                return post
        if not page.next_cursor or (page.items and min(p.published_at for p in page.items) < since):
            return None
        cursor = page.next_cursor
    return None


def _published(variant: Variant, attempt: Attempt, external_id: str, url: str, actor: Any, request: Any,
               *, found: bool = False) -> Variant:
    now = timezone.now()
    with transaction.atomic():
        Variant.objects.filter(pk=variant.pk, state=Variant.State.PUBLISHING).update(
            state=Variant.State.PUBLISHED, published_at=now, external_id=external_id[:200], url=url[:1000],
            error="", retry_at=None)
        attempt.outcome = Attempt.Outcome.FOUND if found else Attempt.Outcome.SENT
        attempt.finished_at, attempt.external_id = now, external_id[:200]
        attempt.save(update_fields=["outcome", "finished_at", "external_id"])
        variant.refresh_from_db()
        audit.record("post_published", variant.post, request=request, actor=actor or "system",
                     detail={"variant": variant.pk, "network": variant.network, "external_id": variant.external_id,
                             "attempt": attempt.number, "found_by_reading_back": found})
    event(logger, "post.published", variant=variant.pk, network=variant.network, attempt=attempt.number, found=found)
    return variant


def _failed(variant: Variant, attempt: Attempt, error: str, actor: Any, request: Any) -> Variant:
    now = timezone.now()
    with transaction.atomic():
        Variant.objects.filter(pk=variant.pk).update(state=Variant.State.FAILED, error=error[:500], retry_at=None)
        Attempt.objects.filter(pk=attempt.pk).update(outcome=Attempt.Outcome.FAILED, finished_at=now,
                                                     error=error[:500])
        variant.refresh_from_db()
        audit.record("post_failed", variant.post, request=request, actor=actor or "system",
                     detail={"variant": variant.pk, "attempt": attempt.number, "error": variant.error})
    event(logger, "post.failed", logging.WARNING, variant=variant.pk, network=variant.network, attempt=attempt.number)
    return variant


def _unknown(variant: Variant, attempt: Attempt, exc: NetworkError, actor: Any, request: Any) -> Variant:
    """The network did not answer clearly: the post may be up. Retry later,
    after reading back; after the last backoff a person decides."""
    now = timezone.now()
    automatic = variant.attempts <= len(BACKOFF)
    retry_at = now + BACKOFF[variant.attempts - 1] if automatic else None
    message = f"{exc} (whether it was published is unknown; it is looked for on the network before any retry)"
    with transaction.atomic():
        Variant.objects.filter(pk=variant.pk).update(
            state=Variant.State.UNKNOWN if automatic else Variant.State.FAILED, retry_at=retry_at,
            error=message[:500])
        Attempt.objects.filter(pk=attempt.pk).update(outcome=Attempt.Outcome.UNKNOWN, finished_at=now,
                                                     error=str(exc)[:500])
        variant.refresh_from_db()
        audit.record("post_outcome_unknown", variant.post, request=request, actor=actor or "system",
                     detail={"variant": variant.pk, "attempt": attempt.number, "retry_at": str(retry_at or "")})
    return variant
