"""A sync run's bookkeeping: start it (unless a live process is already
syncing the channel), sort its faults, finish it, and set the channel's
status and the time to try again."""

from __future__ import annotations

import logging
import os
import socket
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from bedside.channels.credentials import stored
from bedside.channels.models import Channel
from bedside.logs import event
from bedside.networks.errors import AuthError, NetworkError, NotFound, TransientError
from bedside.networks.registry import NETWORKS
from bedside.sync.models import SyncRun
from bedside.workspace import leases

#: a run older than this, whose process cannot be checked, is taken as dead
STALE_AFTER = timedelta(hours=2)
RETRY_BASE = timedelta(minutes=5)
RETRY_MAX = timedelta(hours=6)
PERMANENT_RETRY = timedelta(days=1)

logger = logging.getLogger(__name__)


class AlreadyRunning(Exception):
    def __init__(self, run: SyncRun) -> None:
        super().__init__(f"{run.channel} is already syncing (run {run.pk}, {run.worker})")
        self.run = run


@dataclass
class Outcome:
    errors: list[str] = field(default_factory=list)
    failed_streams: int = 0
    done_streams: int = 0
    done: list[str] = field(default_factory=list)  # the streams read in full, in order
    auth: AuthError | None = None
    permanent: bool = False
    retry_after: float = 0.0
    stop: bool = False
    #: inbox streams not read because they need the account's own credentials
    #: (connected or entered), which the channel does not have: not a failure
    needs_account: list[str] = field(default_factory=list)


def note(outcome: Outcome, stream: str, exc: NetworkError) -> None:
    outcome.errors.append(f"{stream}: {exc}")
    outcome.failed_streams += 1
    if isinstance(exc, AuthError):
        # The same token serves every stream: no point asking again.
        outcome.auth = exc
        outcome.permanent = outcome.stop = True
    elif isinstance(exc, NotFound):
        outcome.permanent = outcome.stop = True
    elif exc.permanent:
        outcome.permanent = True
    elif isinstance(exc, TransientError) and exc.retry_after:
        outcome.retry_after = max(outcome.retry_after, exc.retry_after)


def parse_time(value: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


# -- the run's bookkeeping -------------------------------------------------
def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def alive(run: SyncRun, now: datetime) -> bool:
    """Whether the process syncing ``run`` still lives: a `bedside worker`
    by its lease (its process here, its heartbeat elsewhere), anything else
    by its process here and for :data:`STALE_AFTER` elsewhere."""
    if leases.known(run.worker):
        return leases.is_alive(run.worker, now)
    if now - run.started_at > STALE_AFTER:
        return False
    host, _, pid = run.worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return True  # another machine's worker: trust it until it goes stale
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def begin(channel: Channel, trigger: str) -> SyncRun:
    now = timezone.now()
    with transaction.atomic():
        # Lock the channel so two workers cannot both decide it is free.
        Channel.objects.select_for_update().filter(pk=channel.pk).first()
        for running in SyncRun.objects.filter(channel=channel, status=SyncRun.Status.RUNNING):
            if alive(running, now):
                raise AlreadyRunning(running)
            running.status = SyncRun.Status.FAILED
            running.finished_at = now
            running.errors = [*running.errors, "interrupted: the process stopped before it finished; "
                              "the next run resumed from the last stored batch"]
            running.save(update_fields=["status", "finished_at", "errors"])
        return SyncRun.objects.create(
            channel=channel, started_at=now, worker=worker_id(), trigger=trigger[:20]
        )


def finish(channel: Channel, run: SyncRun, outcome: Outcome) -> None:
    now = timezone.now()
    label = NETWORKS.get(channel.network, channel.network)
    run.finished_at = now
    run.errors = outcome.errors
    run.permanent = False
    if not outcome.errors:
        run.status = SyncRun.Status.OK
        status, detail = Channel.Status.OK, ""
    elif outcome.done_streams and not outcome.stop:
        run.status = SyncRun.Status.PARTIAL
        status, detail = Channel.Status.OK, f"Last sync partly failed: {outcome.errors[0]}"
    else:
        run.status = SyncRun.Status.FAILED
        run.permanent = outcome.permanent
        status, detail = Channel.Status.ERROR, outcome.errors[0]
    if outcome.auth is not None:
        status, detail = _refused(channel, label, outcome.auth)
    if outcome.needs_account:
        note_ = needs_account_note(channel, outcome)
        detail = f"{detail} {note_}" if detail else note_
    if outcome.errors:
        run.retry_at = now + _retry_delay(channel, run, outcome)
        if run.status == SyncRun.Status.FAILED and not run.permanent:
            detail = f"{detail} Retrying after {timezone.localtime(run.retry_at):%Y-%m-%d %H:%M}."
    run.save(update_fields=["finished_at", "status", "errors", "permanent", "retry_at", "counts", "timings",
                            "problems", "problem_count"])
    Channel.objects.filter(pk=channel.pk).update(status=status, status_detail=detail[:500])
    channel.status, channel.status_detail = status, detail[:500]
    event(logger, "sync.finished", logging.INFO if not outcome.errors else logging.WARNING,
          channel=channel.pk, network=channel.network, run=run.pk, status=run.status,
          counts=",".join(f"{k}:{v}" for k, v in sorted(run.counts.items())) or "none",
          errors=len(outcome.errors), channel_status=status)


#: what an inbox stream brings in, in a person's words
STREAM_WORDS = {"messages": "comments, mentions and messages", "reviews": "reviews"}


def needs_account_note(channel: Channel, outcome: Outcome) -> str:
    read = [s for s in outcome.done if s in ("profile", "posts")]
    missing = " and ".join(STREAM_WORDS.get(s, s) for s in outcome.needs_account)
    done = f"{' and '.join(read).capitalize()} synced; " if read else ""
    return (f"{done}{missing} need the account's own credentials, which this channel does not have yet: "
            "connect the account on this channel's page or store its token with `bedside channel credentials`.")


def _refused(channel: Channel, label: str, auth: AuthError) -> tuple[str, str]:
    """"No longer accepts" only where credentials were set and refused. A
    channel without any of its own needs them, which for a peer means an app
    token (nobody can connect another organization's account)."""
    if stored(channel).token:
        return Channel.Status.RECONNECT, (f"{label} no longer accepts this channel's credentials ({auth.message}). "
                                          "Reconnect the account or enter a new token.")
    if channel.organization.is_ours:
        return Channel.Status.RECONNECT, (f"{label} needs credentials to read this channel and none are set for it "
                                          f"({auth.message}). Connect the account or enter a token.")
    return Channel.Status.ERROR, (f"{label} needs credentials to read this peer's channel ({auth.message}). Set "
                                  f"BEDSIDE_{channel.network.upper()}_TOKEN to an app token; another organization's "
                                  "account cannot be connected.")


def _retry_delay(channel: Channel, run: SyncRun, outcome: Outcome) -> timedelta:
    if outcome.permanent:
        return PERMANENT_RETRY
    failures = 0
    for status in SyncRun.objects.filter(channel=channel).exclude(pk=run.pk).values_list("status", flat=True)[:6]:
        if status == SyncRun.Status.OK:
            break
        failures += 1
    backoff = min(RETRY_BASE * (2**failures), RETRY_MAX)
    return max(backoff, timedelta(seconds=outcome.retry_after))
