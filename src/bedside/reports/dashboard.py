"""What a social media director needs first, on one page: open work by queue
with overdue and crisis counts, failed sends, sync health, where we stand
against peers with trend sparklines, what changed since last week, and the
alerts that need someone. Each part is built only for a person whose role may
open what it links to (a viewer sees no inbox counts).

Counts only, never a message body: nothing here reads PHI or needs an audit
entry. Every figure says its period.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from bedside.benchmark import metrics
from bedside.benchmark.overview import Overview, build
from bedside.channels.models import Channel
from bedside.inbox import response_times
from bedside.inbox.models import OPEN_STATES, Alert, AlertRule, Message, Queue, Reply, State, Takedown
from bedside.inbox.oncall import on_call
from bedside.reports.models import ReportDelivery, ScheduledReport
from bedside.reputation.models import Listing
from bedside.sync.models import SyncRun
from bedside.workspace.models import AuditEntry, Organization
from bedside.workspace.permissions import user_can
from bedside.workspace.roles import Can

WEEK = timedelta(days=7)
#: failed sends and deliveries older than this are history, not to-dos
RECENT = timedelta(days=7)
#: a token that cannot refresh itself and expires within this is an alert
EXPIRY_WARNING = timedelta(days=7)


@dataclass
class QueueWork:
    name: str
    open: int
    overdue: int
    crisis: int
    target_minutes: int | None


@dataclass
class InboxHealth:
    by_state: dict[str, int]
    queues: list[QueueWork]
    overdue: int
    crisis: int
    failed_replies: int
    failed_takedowns: int
    awaiting_approval: int
    times: dict[str, Any]
    since: datetime
    until: datetime


@dataclass
class SyncHealth:
    by_status: dict[str, int]
    failed_runs: int
    last_finished: datetime | None
    notes: list[tuple[Channel, str]]


@dataclass
class Change:
    label: str
    now: int | None
    before: int | None

    @property
    def delta(self) -> int | None:
        return None if self.now is None or self.before is None else self.now - self.before


@dataclass
class Dashboard:
    ours: Organization | None
    sample: bool
    peer_count: int
    channel_count: int
    inbox: InboxHealth | None = None
    crisis_items: list[Message] = field(default_factory=list)
    sync: SyncHealth | None = None
    benchmark: Overview | None = None
    sparklines: list[tuple[str, str]] = field(default_factory=list)  # (organization, SVG points)
    changes: list[Change] = field(default_factory=list)
    alerts: list[str] = field(default_factory=list)
    reputation: dict[str, Any] | None = None
    recent_audit: list[AuditEntry] | None = None


def build_dashboard(user: Any, now: datetime | None = None) -> Dashboard:
    now = now or timezone.now()
    ours = Organization.objects.filter(is_ours=True).first()
    board = Dashboard(
        ours=ours,
        sample=Organization.objects.filter(is_sample=True).exists(),
        peer_count=Organization.objects.filter(is_ours=False).count(),
        channel_count=Channel.objects.count(),
    )
    reads_inbox = user_can(user, Can.READ_MESSAGES)
    if reads_inbox:
        board.inbox = inbox_health(now)
        board.crisis_items = list(
            Message.objects.filter(crisis=True, state__in=OPEN_STATES, channel__organization__is_ours=True)
            .select_related("queue", "channel")
            .order_by("-published_at")[:5]
        )
    if user_can(user, Can.VIEW):
        board.sync = sync_health(now)
        board.benchmark = build(with_charts=False)
        board.sparklines = sparklines(board.benchmark)
        board.changes = changes(ours, now, with_inbox=reads_inbox)
        board.reputation = reputation()
    board.alerts = alerts_needing_someone(now, manages=user_can(user, Can.MANAGE_ORGS) or user_can(user, Can.MANAGE_SETTINGS))
    if user_can(user, Can.VIEW_AUDIT):
        board.recent_audit = list(AuditEntry.objects.all()[:8])
    return board


def inbox_health(now: datetime) -> InboxHealth:
    open_messages = Message.objects.filter(state__in=OPEN_STATES, spam=False, channel__organization__is_ours=True)
    by_state = dict(open_messages.order_by().values_list("state").annotate(n=Count("id")).values_list("state", "n"))
    late = response_times.overdue(now)
    late_by_queue = Counter(m.queue_id for m in late)
    per_queue = {
        row["queue_id"]: row
        for row in open_messages.order_by().values("queue_id").annotate(n=Count("id"), crisis=Count("id", filter=Q(crisis=True)))
    }
    queues = [
        QueueWork(q.name, per_queue.get(q.pk, {}).get("n", 0), late_by_queue.get(q.pk, 0),
                  per_queue.get(q.pk, {}).get("crisis", 0), q.response_target_minutes or None)
        for q in Queue.objects.all()
    ]
    if None in per_queue:
        queues.append(QueueWork("(no queue)", per_queue[None]["n"], 0, per_queue[None]["crisis"], None))
    since = now - timedelta(days=response_times.DEFAULT_DAYS)
    return InboxHealth(
        by_state={label: by_state.get(value, 0) for value, label in State.choices if value in OPEN_STATES},
        queues=queues,
        overdue=len(late),
        crisis=sum(q.crisis for q in queues),
        failed_replies=Reply.objects.filter(state=Reply.State.FAILED, updated_at__gte=now - RECENT).count(),
        failed_takedowns=Takedown.objects.filter(status=Takedown.Status.FAILED, created_at__gte=now - RECENT).count(),
        awaiting_approval=Reply.objects.filter(state=Reply.State.AWAITING_APPROVAL).count(),
        times=response_times.conversation_metrics(since, until=now),
        since=since,
        until=now,
    )


def sync_health(now: datetime) -> SyncHealth:
    channels = Channel.objects.select_related("organization")
    by_status = Counter(channels.values_list("status", flat=True))
    labels = dict(Channel.Status.choices)
    last = SyncRun.objects.exclude(finished_at=None).order_by("-finished_at").values_list("finished_at", flat=True).first()
    return SyncHealth(
        by_status={labels[s]: by_status.get(s, 0) for s in labels if by_status.get(s)},
        failed_runs=SyncRun.objects.filter(status=SyncRun.Status.FAILED, finished_at__gte=now - timedelta(days=1)).count(),
        last_finished=last,
        notes=[(c, c.status_detail) for c in channels.filter(organization__is_ours=True).exclude(status_detail="")
               if not c.organization.is_sample][:10],
    )


def sparklines(overview: Overview, width: int = 120, height: int = 28) -> list[tuple[str, str]]:
    """Audience over time (all networks) for us and the leader: SVG polyline points."""
    c = overview.comparison
    wanted = {r.org_id: r for r in (c.ours, c.leader) if r is not None}
    lines = []
    for row in wanted.values():
        values = [p["followers"] for p in c.series if p["org"] == row.name and p["network"] == "all"
                  and p["followers"] is not None]
        if len(values) < 2:
            continue
        low, high = min(values), max(values)
        span = (high - low) or 1
        step = width / (len(values) - 1)
        points = " ".join(f"{i * step:.1f},{height - (v - low) / span * (height - 2) - 1:.1f}"
                          for i, v in enumerate(values))
        lines.append((row.name, points))
    return lines


def changes(ours: Organization | None, now: datetime, *, with_inbox: bool) -> list[Change]:
    """This week against the week before."""
    found = []
    if ours is not None:
        ids = list(ours.channels.values_list("pk", flat=True))
        today: date = timezone.localdate(now)
        latest = metrics.followers_on(ids, today)
        week_ago = metrics.followers_on(ids, today - WEEK)
        both = [i for i in ids if i in latest and i in week_ago]
        found.append(Change("Audience (channels read both weeks)", metrics.total(latest[i].followers for i in both),
                            metrics.total(week_ago[i].followers for i in both)))
    if with_inbox:
        received = Message.objects.filter(channel__organization__is_ours=True)
        this_week = received.filter(published_at__gte=now - WEEK, published_at__lt=now).count()
        last_week = received.filter(published_at__gte=now - 2 * WEEK, published_at__lt=now - WEEK).count()
        found.append(Change("Messages received", this_week, last_week))
        sent = Reply.objects.filter(state=Reply.State.SENT)
        found.append(Change("Replies sent", sent.filter(sent_at__gte=now - WEEK).count(),
                            sent.filter(sent_at__gte=now - 2 * WEEK, sent_at__lt=now - WEEK).count()))
    return found


def reputation() -> dict[str, Any] | None:
    """The listings' headline once any are stored; None (a placeholder) before."""
    listings = Listing.objects.all()
    if not listings.exists():
        return None
    rated = [r for r in listings.values_list("rating", flat=True) if r is not None]
    return {"listings": listings.count(), "rated": len(rated),
            "average": sum(rated) / len(rated) if rated else None}


def alerts_needing_someone(now: datetime, *, manages: bool) -> list[str]:
    found = []
    reconnect = Channel.objects.filter(status=Channel.Status.RECONNECT).count()
    if reconnect:
        found.append(f"{reconnect} channel{'s' if reconnect != 1 else ''} to reconnect")
    failing = Channel.objects.filter(status=Channel.Status.ERROR).count()
    if failing:
        found.append(f"{failing} channel{'s' if failing != 1 else ''} failing to sync")
    if AlertRule.objects.filter(enabled=True, email_on_call=True).exists() and not any(p.email for p in on_call()):
        found.append("Nobody is on call: crisis alerts that go to the on-call person reach no one")
    undelivered = Alert.objects.filter(sent_at__gte=now - RECENT).exclude(errors=[]).count()
    if undelivered:
        found.append(f"{undelivered} alert{'s' if undelivered != 1 else ''} in the last 7 days not delivered")
    for schedule in ScheduledReport.objects.filter(enabled=True).prefetch_related("deliveries"):
        last = schedule.deliveries.first()
        if last is not None and last.status == ReportDelivery.Status.FAILED:
            found.append(f"The scheduled report {schedule.name!r} failed to send for {last.period_start:%-d %b} – "
                         f"{last.period_end:%-d %b %Y}: {last.error}")
    if manages:
        # Our own channels only (a handful): their credentials are decrypted to read the expiry.
        for channel in Channel.objects.filter(organization__is_ours=True):
            expires = _expiry(channel)
            if expires is not None and expires < now + EXPIRY_WARNING:
                when = "expired" if expires < now else f"expire {expires:%Y-%m-%d}"
                found.append(f"{channel.get_network_display()} {channel.handle}: credentials {when} and cannot "
                             "renew themselves; reconnect the account")
    return found


def _expiry(channel: Channel) -> datetime | None:
    data = channel.credentials if isinstance(channel.credentials, dict) else {}
    extra = data.get("extra") or {}
    if not isinstance(extra, dict) or extra.get("refresh_token") or not extra.get("expires_at"):
        return None
    try:
        moment = datetime.fromisoformat(str(extra["expires_at"]))
    except ValueError:
        return None
    return moment if moment.tzinfo else timezone.make_aware(moment)
