"""The inbox list: filters, counts per queue and state, most urgent first."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from bedside.inbox import response_times
from bedside.inbox.models import OPEN_STATES, Message, Queue, State
from bedside.inbox.triage.intent import LABELS as INTENT_LABELS
from bedside.inbox.triage.priority import LABELS as PRIORITY_LABELS
from bedside.networks.registry import NETWORKS
from bedside.workspace.permissions import requires
from bedside.workspace.roles import Can

PAGE_SIZE = 50
COUNT_CAP = 1_000
FLAGS = {"crisis": "Crisis", "phi": "PHI", "spam": "Spam", "misinformation": "Misinformation",
         "problem": "Bad input", "duplicate": "Duplicate"}
STATE_FILTERS = {"open": "Open", **{s.value: s.label for s in State}, "all": "All"}


def filtered(params: Any, user: Any = None) -> tuple[QuerySet[Message], dict[str, str]]:
    chosen = {k: str(params.get(k, "")).strip() for k in ("queue", "state", "intent", "network", "flag", "mine")}
    chosen["state"] = chosen["state"] if chosen["state"] in STATE_FILTERS else "open"
    rows = Message.objects.all()
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
    # Finished and "all" views read history newest first, which the received_at
    # index serves without sorting a million rows by priority.
    return rows.order_by("-received_at", "-id"), chosen


def queue_counts() -> list[dict[str, Any]]:
    counts = {
        row["queue_id"]: row for row in Message.objects.filter(state__in=OPEN_STATES).values("queue_id").annotate(
            open=Count("id"), crisis=Count("id", filter=Q(crisis=True)), phi=Count("id", filter=Q(phi=True)))
    }
    out = []
    for queue in Queue.objects.all():
        row = counts.get(queue.pk, {})
        out.append({"queue": queue, "open": row.get("open", 0), "crisis": row.get("crisis", 0),
                    "phi": row.get("phi", 0)})
    if None in counts:
        out.append({"queue": None, "open": counts[None]["open"], "crisis": counts[None]["crisis"],
                    "phi": counts[None]["phi"]})
    return out


def state_counts() -> dict[str, int]:
    found = dict(Message.objects.filter(state__in=OPEN_STATES).values_list("state").annotate(n=Count("id")))
    return {s.value: found.get(s.value, 0) for s in State if s.value in OPEN_STATES}


def times_summary() -> list[response_times.Times]:
    # Cached: a million-message inbox should not recompute medians per page view.
    found = cache.get("inbox:response-times")
    if found is None:
        found = response_times.summary(by=("queue",))
        cache.set("inbox:response-times", found, 60)
    return found


@requires(Can.READ_MESSAGES)
def inbox(request: HttpRequest) -> HttpResponse:
    rows, chosen = filtered(request.GET, request.user)
    # A capped count: exact for the open work a team can see through, "more
    # than 1,000" for history, so a rare filter over a million rows never
    # counts them all. Pages go by one extra row instead of a total.
    total = rows.order_by()[: COUNT_CAP + 1].count()
    number = _page_number(request.GET.get("page"))
    start = (number - 1) * PAGE_SIZE
    page = list(rows.select_related("queue", "assignee", "channel").defer(
        "body", "author_name", "owner_reply", "triage_detail", "extra", "channel__credentials",
    )[start : start + PAGE_SIZE + 1])
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
        "queues": queue_counts(),
        "states": state_counts(),
        "state_filters": STATE_FILTERS,
        "intents": INTENT_LABELS,
        "networks": NETWORKS,
        "flags": FLAGS,
        "priorities": PRIORITY_LABELS,
        "times": times_summary(),
    }
    return render(request, "inbox/list.html", context)


def _page_number(raw: str | None) -> int:
    try:
        return max(1, min(int(raw or 1), 10_000))
    except ValueError:
        return 1
