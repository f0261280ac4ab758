"""Sync one channel: every stream its network allows, page by page.

Each batch of records is upserted in the same transaction as the cursor that
follows it, so a sync killed at any moment resumes after the last stored batch
with nothing lost and nothing stored twice. Faults are sorted as the network
clients classify them: an expired token asks a person to reconnect, a
transient fault (rate limit, 5xx, timeout) is retried later, a permanent one
(deleted account, unreadable payload) stops until someone looks.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from bedside.benchmark.record import record_crawl, record_profile
from bedside.channels import credentials as creds
from bedside.channels.clients import refresh_if_due
from bedside.channels.models import Channel
from bedside.inbox.tasks import enqueue_triage
from bedside.networks.base import NetworkClient
from bedside.networks.errors import AuthError, NetworkError, NotSupported, TransientError
from bedside.networks.records import Page, Problem
from bedside.networks.registry import client_class
from bedside.sync import runs, store
from bedside.sync.models import Cursor, SyncRun
from bedside.sync.reader import Reader
from bedside.sync.runs import STALE_AFTER, AlreadyRunning, worker_id  # noqa: F401 - part of this module's interface

logger = logging.getLogger(__name__)

#: the order streams run in: the cheap single reading first
STREAMS = ("profile", "posts", "messages", "reviews", "listing", "links")
#: comments, mentions, DMs and reviews go to the inbox: only for our own
#: organization's channels, never peers' (their patients' words are not ours to keep)
OWN_ONLY = frozenset({"messages", "reviews"})
#: streams that stop at the first page with nothing new, when not resuming:
#: old comments rarely change and X bills every page read
STOP_WHEN_KNOWN = frozenset({"messages", "reviews"})
#: records per transaction, in whole pages, each commit carrying the cursor
#: after its last page: five pages of 100 cost a fifth of the commits
BATCH_RECORDS = 500
#: how many pages the reader may run ahead while pages come back all new
PAGES_AHEAD = 5
#: a guard against a network that keeps answering with a next page forever
MAX_PAGES = 10_000
OnBatch = Callable[[str, int], None]


def streams_for(channel: Channel) -> list[str]:
    allowed = client_class(channel.network).capabilities
    own = channel.organization.is_ours
    return [s for s in STREAMS if s in allowed and (own or s not in OWN_ONLY)]


def sync_channel(
    channel: Channel,
    *,
    client: NetworkClient | None = None,
    streams: list[str] | None = None,
    trigger: str = "",
    on_batch: OnBatch | None = None,
    batch_records: int = BATCH_RECORDS,
) -> SyncRun:
    """Run one sync of ``channel`` and return its finished :class:`SyncRun`.

    Raises :class:`AlreadyRunning` when a live process is syncing it now.
    """
    run = runs.begin(channel, trigger)
    outcome = runs.Outcome()
    try:
        if client is None:
            client = creds.client_for(channel)
        _refresh_if_expired(channel, client, outcome)
        for stream in streams if streams is not None else streams_for(channel):
            if outcome.stop:
                break
            started = time.monotonic()
            try:
                _sync_stream(channel, client, stream, run, on_batch, batch_records)
                outcome.done_streams += 1
                outcome.done.append(stream)
            except NotSupported:
                continue
            except NetworkError as exc:
                if _needs_own_account(client, stream, exc, outcome):
                    outcome.needs_account.append(stream)
                else:
                    runs.note(outcome, stream, exc)
            except ValueError as exc:
                # A handle the network's client cannot read: a person must fix it.
                outcome.errors.append(f"{stream}: {exc}")
                outcome.failed_streams += 1
                outcome.permanent = outcome.stop = True
            finally:
                run.timings[stream] = round(time.monotonic() - started, 3)
    except Exception as exc:
        logger.exception("sync of channel %s failed", channel.pk)
        outcome.errors.append(f"internal error ({type(exc).__name__}); see the server log")
        outcome.failed_streams += 1
        raise
    finally:
        runs.finish(channel, run, outcome)
    return run


def _needs_own_account(client: NetworkClient, stream: str, exc: NetworkError, outcome: runs.Outcome) -> bool:
    """An inbox stream refused for want of any token, after the profile or
    posts were read without one: nothing failed, a person has yet to connect
    the account. A token that was sent and refused is a real refusal (reconnect)."""
    return (isinstance(exc, AuthError) and stream in OWN_ONLY and outcome.done_streams > 0
            and not client.credentials.token)


# -- streams ---------------------------------------------------------------
def _sync_stream(
    channel: Channel, client: NetworkClient, stream: str, run: SyncRun, on_batch: OnBatch | None, batch: int
) -> None:
    if stream == "profile":
        stats = client.profile(channel.handle)
        _problems(run, stream, stats.problems)
        with transaction.atomic():
            stored = store.store_snapshots([(channel, stats, store.snapshot_day(stats))], source="sync")
            # How the profile presents itself, for the brand-consistency audit.
            # No photo hash: fetching an avatar URL a profile chose needs a
            # vetted fetch (public https only, capped), not this one.
            record_profile(channel, stats)
            _count(run, stream, stored)
        _tell(on_batch, stream, 1)
        return
    if stream == "links":
        crawl = client.links(channel.handle)
        with transaction.atomic():
            found = record_crawl(channel, crawl)
            _count(run, stream, store.Stored(new=found))
        _tell(on_batch, stream, found)
        return
    if stream == "listing":
        listing = client.listing(channel.handle)
        _problems(run, stream, listing.problems)
        with transaction.atomic():
            _count(run, stream, store.store_listing(channel, listing))
        _tell(on_batch, stream, 1)
        return
    fetch = {"posts": client.posts, "messages": client.messages, "reviews": client.reviews}.get(stream)
    if fetch is None:
        raise NotSupported(channel.network, f"{stream} is not a stream Bedside syncs")
    prepare = store.prepare_posts if stream == "posts" else store.prepare_messages

    def read(at: str | None) -> tuple[Page[Any], store.Batch]:
        page = fetch(channel.handle, at)
        return page, prepare(channel, page.items)

    saved = Cursor.objects.filter(channel=channel, stream=stream).values_list("value", flat=True).first()
    cursor: str | None = saved or None
    resuming = cursor is not None
    pending: store.Batch | None = None
    seen: set[str | None] = {cursor}

    def commit(ready: store.Batch, next_value: str) -> None:
        # A durable commit: once counted as stored, a batch survives a
        # database crash (tests/sync/test_durable.py kills the server to check).
        with transaction.atomic():
            stored = store.write(ready)
            _save_cursor(channel, stream, next_value)
            _count(run, stream, stored)
            if stream != "posts" and stored.new_ids:
                # Triage (guard, classifiers, routing) reads what is new once it is committed.
                transaction.on_commit(partial(_enqueue_triage, stored.new_ids))
        _tell(on_batch, stream, len(ready.values))

    # Pages are read (fetched, parsed, prepared) in a second thread ahead of
    # the writes; see bedside.sync.reader for how far ahead it may go.
    may_stop_early = stream in STOP_WHEN_KNOWN and not resuming
    with Reader(read, cursor, name=f"sync-{stream}-{channel.pk}") as reader:
        reader.allow(1)
        for _ in range(MAX_PAGES):
            try:
                _, page, ready = reader.take()
            except Exception:
                # Keep the good pages already read, with the cursor of the
                # page that failed: the next run starts there.
                if pending is not None and pending.values:
                    commit(pending, cursor or "")
                raise
            # Records of the page that could not be read were left out of it;
            # they are noted on the run (and saved with the batch), never a
            # reason to stop the stream.
            _problems(run, stream, page.problems)
            pending = ready if pending is None else pending + ready
            # A next cursor sent before (A -> A, or A -> B -> A) would loop
            # forever: the stream ends there, and the run says why.
            if page.next_cursor is not None and page.next_cursor in seen:
                _problems(run, stream, [Problem(
                    channel.network, "", "next_cursor",
                    f"the network sent a cursor it had sent before ({page.next_cursor[:80]}); stopped paging there",
                )])
                cursor = None
            else:
                cursor = page.next_cursor
                seen.add(cursor)
            known, total = store.already_stored(page.items) if may_stop_early else (0, 1)
            finished = cursor is None or (may_stop_early and known == total)
            if not finished:
                # A page of nothing but new items: the next is very likely new
                # too, so read a batch ahead; otherwise one page at a time.
                reader.allow(PAGES_AHEAD if known == 0 else 1)
            if not finished and len(pending.values) < batch:
                continue
            commit(pending, "" if finished else cursor)
            pending = None
            if finished:
                return
    raise TransientError(channel.network, f"{stream}: more than {MAX_PAGES} pages in one run; continuing next run")


def _enqueue_triage(message_ids: list[int]) -> None:
    """Queue triage for a committed batch, in a transaction of its own: a
    failure to queue never undoes the stored batch (the periodic
    ``triage_pending`` triages whatever was stored and never triaged)."""
    with transaction.atomic():
        enqueue_triage(message_ids)


def _save_cursor(channel: Channel, stream: str, value: str) -> None:
    # An UPDATE, and an INSERT the first time: update_or_create's locking
    # read and savepoint cost more than the batch's own insert.
    if not Cursor.objects.filter(channel=channel, stream=stream).update(value=value, updated_at=timezone.now()):
        Cursor.objects.create(channel=channel, stream=stream, value=value)


def _count(run: SyncRun, stream: str, stored: store.Stored) -> None:
    """Inside the batch's transaction, so the run's counts are what is stored."""
    run.counts[stream] = run.counts.get(stream, 0) + stored.total
    run.counts[f"{stream}_new"] = run.counts.get(f"{stream}_new", 0) + stored.new
    SyncRun.objects.filter(pk=run.pk).update(
        counts=run.counts, problems=run.problems, problem_count=run.problem_count
    )


def _problems(run: SyncRun, stream: str, problems: list[Problem] | tuple[Problem, ...]) -> None:
    """Note records a client skipped as unreadable; saved with the next batch
    (or when the run finishes). Ids and field paths only: never a body."""
    for problem in problems:
        run.problem_count += 1
        if len(run.problems) < SyncRun.PROBLEMS_KEPT:
            run.problems.append({"stream": stream, **problem.as_dict()})
        logger.warning("sync of channel %s: %s", run.channel_id, problem)


def _tell(on_batch: OnBatch | None, stream: str, n: int) -> None:
    if on_batch is not None:
        on_batch(stream, n)


def _refresh_if_expired(channel: Channel, client: NetworkClient, outcome: runs.Outcome) -> None:
    """Swap an expired OAuth token for a fresh one before reading; a refused
    refresh is noted (the streams then fail with "reconnect")."""
    refusal = refresh_if_due(channel, client, by="sync")
    if refusal is not None:
        runs.note(outcome, "token", refusal)


