"""The inbox list: filters, counts per queue and state, most urgent first."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from bedside.channels.models import Channel
from bedside.inbox import escalation, response_times
from bedside.inbox.models import OPEN_STATES, Message, Queue, State
from bedside.inbox.overdue import is_overdue, overdue_count
from bedside.inbox.triage.intent import LABELS as INTENT_LABELS
from bedside.inbox.triage.priority import LABELS as PRIORITY_LABELS
from bedside.networks.registry import NETWORKS
from bedside.networks.registry import label as network_label
from bedside.workspace.permissions import requires
from bedside.workspace.roles import Can

PAGE_SIZE = 50
COUNT_CAP = 1_000
FLAGS = {"crisis": "Crisis", "phi": "PHI", "spam": "Spam", "misinformation": "Misinformation",
         "problem": "Bad input", "duplicate": "Duplicate"}
STATE_FILTERS = {"open": "Open", **{s.value: s.label for s in State}, "all": "All"}


def own_channels() -> QuerySet[Channel]:
    """Our own organization's channels: a peer's commenters are not ours to
    answer (sync never stores them; the benchmark's sample data does)."""
    return Channel.objects.filter(organization__is_ours=True).values("id")


def own_channel_ids() -> list[int]:
    """The same channels as a literal list (a handful of ids). The list reads
    messages by these ids directly from ``all_objects``: Channel's own manager
    already leaves out deleted organizations, and joining channel and
    organization again (the live manager's join plus the subquery) made
    PostgreSQL guess a few dozen rows where there are a million, and read a
    whole channel through its index and sort it instead of walking
    published_at's index newest first (seconds, not milliseconds)."""
    return list(own_channels().values_list("id", flat=True))


def filtered(params: Any, user: Any = None, *,
             channel_ids: list[int] | None = None) -> tuple[QuerySet[Message], dict[str, str]]:
    chosen = {k: str(params.get(k, "")).strip() for k in ("queue", "state", "intent", "network", "flag", "mine")}
    chosen["state"] = chosen["state"] if chosen["state"] in STATE_FILTERS else "open"
    rows = Message.all_objects.filter(channel_id__in=own_channel_ids() if channel_ids is None else channel_ids)
    if chosen["state"] == "open":
        rows = rows.filter(state__in=OPEN_STATES)
    elif chosen["state"] != "all":
        rows = rows.filter(state=chosen["state"])
    if chosen["queue"] == "none":
        rows = rows.filter(queue__isnull=True)
    elif chosen["queue"]:
        rows = rows.filter(queue__slug=chosen["queue"])
    if chosen["intent"] in INTENT_LABELS:
        rows = rows.filter(intent=chosen["intent"])
    if chosen["network"] in NETWORKS:
        rows = rows.filter(network=chosen["network"])
    flag = chosen["flag"]
    if flag == "problem":
        rows = rows.exclude(problem="")
    elif flag == "duplicate":
        rows = rows.filter(duplicate_of__isnull=False)
    elif flag in FLAGS:
        rows = rows.filter(**{flag: True})
    if chosen["mine"] and user is not None:
        rows = rows.filter(assignee=user)
    if chosen["state"] in ("open", *OPEN_STATES):
        # Open work: most urgent first. The open set is small, so this sort is cheap.
        return rows.order_by("priority", "-received_at", "-id"), chosen
    # Finished and "all" views read history newest first by the date the list
    # shows (when it was published, not when a sync happened to fetch it: a
    # first sync fetches years of history at once); published_at's own index
    # serves it without sorting a million rows.
    return rows.order_by("-published_at", "-id"), chosen


def open_counts(channel_ids: list[int] | None = None) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Open messages per queue (with crisis and PHI) and per state (by its
    label: "Awaiting approval"), in one query."""
    per_queue: dict[int | None, dict[str, int]] = {}
    per_state = {s.value: 0 for s in State if s.value in OPEN_STATES}
    ours = own_channel_ids() if channel_ids is None else channel_ids
    grouped = Message.all_objects.filter(state__in=OPEN_STATES, channel_id__in=ours).values("queue_id", "state").annotate(
        n=Count("id"), crisis=Count("id", filter=Q(crisis=True)), phi=Count("id", filter=Q(phi=True)))
    for row in grouped.order_by():
        totals = per_queue.setdefault(row["queue_id"], {"open": 0, "crisis": 0, "phi": 0})
        totals["open"] += row["n"]
        totals["crisis"] += row["crisis"]
        totals["phi"] += row["phi"]
        per_state[row["state"]] += row["n"]
    per_state = {State(value).label: n for value, n in per_state.items()}
    queues = [{"queue": q, **per_queue.get(q.pk, {"open": 0, "crisis": 0, "phi": 0})} for q in Queue.objects.all()]
    if None in per_queue:
        queues.append({"queue": None, **per_queue[None]})
    return queues, per_state


def queue_counts() -> list[dict[str, Any]]:
    return open_counts()[0]


def times_summary() -> response_times.Stored:
    # The worker computes these every minute (reading a million-message inbox
    # takes over a second); the page only reads what it stored.
    return response_times.stored_queue_summary()


@requires(Can.READ_MESSAGES)
def inbox(request: HttpRequest) -> HttpResponse:
    ours = own_channel_ids()  # read once for the page's three queries
    rows, chosen = filtered(request.GET, request.user, channel_ids=ours)
    # A capped count: exact for the open work a team can see through, "more
    # than 1,000" for history, so a rare filter over a million rows never
    # counts them all. Pages go by one extra row instead of a total.
    total = rows.order_by()[: COUNT_CAP + 1].count()
    number = _page_number(request.GET.get("page"))
    start = (number - 1) * PAGE_SIZE
    page = list(rows.select_related("queue", "assignee", "channel").defer(
        "body", "author_name", "owner_reply", "triage_detail", "extra", "channel__credentials",
    )[start : start + PAGE_SIZE + 1])
    threads = dict(
        Message.all_objects.filter(channel_id__in=ours, thread_id__in={m.thread_id for m in page if m.thread_id})
        .values_list("thread_id").annotate(n=Count("id")).order_by()
    )
    reached = escalation.reach_of(page)
    now = timezone.now()
    for m in page:
        m.unreached = reached.get(m.pk) in ("trying", "unreached")
        m.overdue = is_overdue(m, now)
        m.in_thread = threads.get(m.thread_id, 1) if m.thread_id else 1
        # Labels looked up here, not per row in the template: it is the page's hot loop.
        m.network_label = network_label(m.network)
        m.intent_label = INTENT_LABELS.get(m.intent, "–")
        m.priority_label = PRIORITY_LABELS.get(m.priority, m.priority)
    queues, states = open_counts(ours)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page[:PAGE_SIZE],
        "number": number,
        "has_next": len(page) > PAGE_SIZE,
        "total": min(total, COUNT_CAP),
        "capped": total > COUNT_CAP,
        "chosen": chosen,
        "query": query.urlencode(),
        "base": reverse("inbox"),
        "queues": queues,
        "states": states,
        "state_filters": STATE_FILTERS,
        "open_states": OPEN_STATES,
        "intents": INTENT_LABELS,
        "networks": NETWORKS,
        "flags": FLAGS,
        "priorities": PRIORITY_LABELS,
        "times": times_summary(),
        "unreached_count": escalation.unreached().filter(channel__in=own_channels()).count(),
        "overdue_count": overdue_count(own_channels()),
    }
    return render(request, "inbox/list.html", context)


def _page_number(raw: str | None) -> int:
    try:
        return max(1, min(int(raw or 1), 10_000))
    except ValueError:
        return 1
