"""Store what an importer read, all or nothing.

The importers (:mod:`bedside.networks.imports`) read a file into records and
row errors. Here each record is matched to a channel — the organization and
channel a snapshot CSV names, or the one an export's handle belongs to — and
everything is stored in ONE transaction. A row naming an organization or
channel Bedside does not have is an error naming that row, unless the import
was asked to ``create`` them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from bedside.channels.handles import HandleError, normalize_handle
from bedside.channels.models import Channel
from bedside.networks.imports import ImportResult, RowError
from bedside.networks.imports.reader import load
from bedside.networks.imports.snapshots import NAME as SNAPSHOT_FORMAT
from bedside.networks.records import Post, ProfileStats
from bedside.sync import store
from bedside.workspace import audit
from bedside.workspace.models import Organization


class ImportRejected(Exception):
    """The file has bad rows; nothing was stored."""

    def __init__(self, errors: list[RowError], more: int = 0) -> None:
        super().__init__(f"{len(errors) + more} problem(s); nothing was stored")
        self.errors = errors
        #: problems found beyond the ones listed (the reader keeps the first thousand)
        self.more = more


@dataclass
class ImportSummary:
    format: str
    snapshots: store.Stored = field(default_factory=store.Stored)
    posts: store.Stored = field(default_factory=store.Stored)
    organizations_created: list[str] = field(default_factory=list)
    channels_created: list[str] = field(default_factory=list)


def store_import(
    result: ImportResult,
    path: str | Path,
    *,
    organization: str | None = None,
    create: bool = False,
    request: HttpRequest | None = None,
    actor: Any = None,
) -> ImportSummary:
    """Store ``result`` read from ``path``; raise :class:`ImportRejected` with
    every row error (the importer's and unknown organizations or channels)."""
    if result.errors:
        raise ImportRejected(result.errors, result.more_errors)
    summary = ImportSummary(result.format)
    with transaction.atomic():
        resolver = _Resolver(result, str(path), organization, create, summary)
        snapshots: list[tuple[Channel, ProfileStats, Any]] = []
        posts: dict[int, tuple[Channel, list[Post]]] = {}
        for record in result.records:
            if isinstance(record, ProfileStats):
                channel = resolver.channel(record.network, record.handle)
                if channel is not None:
                    # The file's date is the day a person wrote down: read it in UTC, as the importer did.
                    snapshots.append((channel, record, record.taken_at.astimezone(UTC).date()))
            else:
                channel = resolver.channel(record.network, record.author_handle)
                if channel is not None:
                    posts.setdefault(channel.pk, (channel, []))[1].append(record)
        if resolver.errors:
            raise ImportRejected(resolver.errors)  # rolls back any organization or channel created
        summary.snapshots = store.store_snapshots(snapshots, source="import")
        for channel, items in posts.values():
            summary.posts += store.store_posts(channel, items)
        audit.record(
            "data_imported",
            request=request,
            actor=actor,
            detail={
                "file": Path(path).name,
                "format": result.format,
                "snapshots": summary.snapshots.total,
                "posts": summary.posts.total,
                "organizations_created": summary.organizations_created,
                "channels_created": summary.channels_created,
            },
        )
    return summary


class _Resolver:
    """Finds (or, when asked, creates) the channel each record belongs to,
    collecting one error per unknown organization or channel."""

    def __init__(self, result: ImportResult, path: str, organization: str | None, create: bool,
                 summary: ImportSummary) -> None:
        self.result = result
        self.path = path
        self.organization = organization
        self.create = create
        self.summary = summary
        self.errors: list[RowError] = []
        self._channels: dict[tuple[str, str], Channel | None] = {}
        self._orgs: dict[str, Organization | None] = {}
        self._locate = _locator(path, result.format)

    def channel(self, network: str, handle: str) -> Channel | None:
        key = (network, handle)
        if key not in self._channels:
            self._channels[key] = self._find(network, handle)
        return self._channels[key]

    def _fail(self, network: str, handle: str, column: str, message: str) -> None:
        row, label = self._locate(network, handle, column)
        self.errors.append(RowError(self.path, row, label, message))

    def _find(self, network: str, handle: str) -> Channel | None:
        try:
            canonical = normalize_handle(network, handle)
        except HandleError as exc:
            self._fail(network, handle, "handle", str(exc))
            return None
        org_name = self.result.organizations.get((network, handle)) or self.organization
        if org_name is None:
            return self._anywhere(network, handle, canonical)
        org = self._org(org_name, network, handle)
        if org is None:
            return None
        found = Channel.objects.filter(organization=org, network=network, handle__iexact=canonical).first()
        if found is not None:
            return found
        if not self.create:
            self._fail(network, handle, "handle",
                       f"{org.name} has no {network} channel {canonical!r}: add it with "
                       f"`bedside channel add {_quote(org.name)} {network} {canonical}`, or import with --create")
            return None
        channel = Channel.objects.create(organization=org, network=network, handle=canonical)
        self.summary.channels_created.append(f"{org.name}: {network} {canonical}")
        return channel

    def _anywhere(self, network: str, handle: str, canonical: str) -> Channel | None:
        found = list(Channel.objects.filter(network=network, handle__iexact=canonical)[:2])
        if len(found) == 1:
            return found[0]
        if found:
            self._fail(network, handle, "handle",
                       f"several organizations have a {network} channel {canonical!r}: say whose with --org")
        else:
            self._fail(network, handle, "handle",
                       f"no {network} channel {canonical!r} in Bedside: add it with "
                       f"`bedside channel add ORG {network} {canonical}`, or import with --org ORG --create")
        return None

    def _org(self, name: str, network: str, handle: str) -> Organization | None:
        if name not in self._orgs:
            org = Organization.objects.filter(name__iexact=name.strip()).first()
            if org is None and self.create:
                org = Organization.objects.create(name=name.strip(), is_ours=False)
                self.summary.organizations_created.append(org.name)
            self._orgs[name] = org
            if org is None:
                self._fail(network, handle, "organization",
                           f"no organization named {name!r} in Bedside: add it with "
                           f"`bedside org add {_quote(name)} --peer`, or import with --create")
        return self._orgs[name]


Locate = Callable[[str, str, str], tuple[int, str]]


def _locator(path: str, format_name: str) -> Locate:
    """Where in the file a (network, handle) first appears, for the error:
    its row and, in a snapshot CSV, the column named; otherwise the first
    cell holding the handle, or the --handle option that supplied it."""
    try:
        header, rows = load(path)
    except Exception:  # the file was read a moment ago; if not now, say row 1
        return lambda network, handle, column: (1, column)
    columns = [h.strip().lower() for h in header]

    def locate(network: str, handle: str, column: str) -> tuple[int, str]:
        wanted = handle.strip().lower()
        for number, cells in rows:
            cell = {c: (v.strip() if isinstance(v, str) else "") for c, v in zip(columns, cells, strict=False)}
            if format_name == SNAPSHOT_FORMAT:
                if cell.get("network", "").lower() == network and cell.get("handle", "").lower() == wanted:
                    return number, column
            elif column == "handle":
                for name, value in zip(header, cells, strict=False):
                    if wanted and wanted in value.lower():
                        return number, name.strip()
        # An export names no organization, and may not name the handle either:
        # then the option that supplied it is what was wrong.
        first = next(iter(rows), None)
        return (first[0] if first else 1), ("--handle" if column == "handle" else "--org")

    return locate


def _quote(name: str) -> str:
    return f"'{name}'" if " " in name else name
