"""One batch of rows into a table keyed by (network, external id), as one
``INSERT … ON CONFLICT DO UPDATE`` — written out rather than through
``bulk_create(update_conflicts=True)``, which builds the same statement:
Django's per-value compilation and a model instance per row cost about
300 µs a comment, more than the network, the encryption and the database
together (bench/sync.py). On PostgreSQL the batch goes through COPY.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from bedside.workspace import crypto
from bedside.workspace.fields import EncryptedJSONField, EncryptedTextField


@dataclass
class Stored:
    """How many records a batch wrote: ``new`` were not there before, with
    their primary keys in ``new_ids`` (for triage)."""

    new: int = 0
    updated: int = 0
    new_ids: list[int] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.new + self.updated

    def __iadd__(self, other: Stored) -> Stored:
        self.new += other.new
        self.updated += other.updated
        self.new_ids += other.new_ids
        return self


@dataclass
class Batch:
    """Rows of one model, converted for the database and ready to write.

    Preparing needs no database connection, so the sync's reader thread does
    it (encryption included) while the main thread waits on the database.
    """

    model: type[models.Model]
    update_fields: list[str]
    fields: list[models.Field]
    values: list[list[Any]] = field(default_factory=list)
    keys: list[tuple[str, str]] = field(default_factory=list)  # (network, external_id) of each row

    def __add__(self, other: Batch) -> Batch:
        return Batch(self.model, self.update_fields, self.fields, self.values + other.values, self.keys + other.keys)


def prepare(model: type[models.Model], rows: list[dict[str, Any]], update_fields: list[str]) -> Batch:
    """Convert ``rows`` (attribute name -> value; every row the same keys) as
    each field would, encryption included; fields a row does not set get
    their default, so a field another app adds with a default keeps working."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    batch = Batch(model, update_fields, fields)
    if not rows:
        return batch
    now = timezone.now()
    # Column by column: each field's conversion decided once, and the
    # encrypted columns encrypted as one batch (crypto.encrypt_many).
    columns: list[list[Any]] = []
    for f in fields:
        if f.attname in rows[0]:
            columns.append(_column_converter(f)([row[f.attname] for row in rows]))
        else:
            value = now if (getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)) else f.get_default()
            # Through the same converter as set values: a JSON default as text
            # once, not re-serialised by the driver for every row.
            columns.append([_fixed(f, value)] * len(rows))
    batch.values.extend(map(list, zip(*columns, strict=True)))
    batch.keys.extend((row["network"], row["external_id"]) for row in rows)
    return batch


def write(batch: Batch) -> Stored:
    """``INSERT … ON CONFLICT (network, external_id) DO UPDATE`` of a batch."""
    if not batch.values:
        return Stored()
    # PostgreSQL refuses to update one row twice in one statement, and pages
    # merged into a batch can repeat an item (edited while we paged): keep the last.
    last = {key: i for i, key in enumerate(batch.keys)}
    if len(last) < len(batch.keys):
        keep = sorted(last.values())
        batch = Batch(batch.model, batch.update_fields, batch.fields,
                      [batch.values[i] for i in keep], [batch.keys[i] for i in keep])
    model, fields = batch.model, batch.fields
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(f.column) for f in fields)
    updates = ", ".join(f"{quote(model._meta.get_field(n).column)} = EXCLUDED.{quote(model._meta.get_field(n).column)}"
                        for n in batch.update_fields)
    conflict = f"ON CONFLICT ({quote('network')}, {quote('external_id')}) DO UPDATE SET {updates}"
    total = len(batch.values)
    if connection.vendor == "postgresql":
        new_ids = _copy_then_upsert(model, table, columns, conflict, batch.values)
        return Stored(new=len(new_ids), updated=total - len(new_ids), new_ids=new_ids)
    existing = _stored_ids(model, batch.keys)
    # One short statement for every row: sqlite3 runs executemany in C.
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))}) {conflict}", batch.values
        )
    added = [key for key in batch.keys if key not in existing]
    new_ids = []
    for network in {network for network, _ in added}:
        ids = [external_id for net, external_id in added if net == network]
        new_ids += model.objects.filter(network=network, external_id__in=ids).values_list("pk", flat=True)
    return Stored(new=len(added), updated=total - len(added), new_ids=sorted(new_ids))


def upsert(model: type[models.Model], rows: list[dict[str, Any]], update_fields: list[str]) -> Stored:
    return write(prepare(model, rows, update_fields))


def count_stored(model: type[models.Model], network: str, external_ids: list[str]) -> int:
    """How many of ``external_ids`` of ``network`` are stored already (the sync
    asks once a page, to stop at the first page it already has).

    On PostgreSQL, one prepared statement with the ids as one array: planned
    once a connection, where the ORM's IN list of 100 literals was planned
    anew each page against every index of the inbox table, which took longer
    than the 100 index probes themselves.
    """
    if not external_ids:
        return 0
    table = connection.ops.quote_name(model._meta.db_table)
    if connection.vendor == "postgresql":
        import psycopg

        connection.ensure_connection()
        # A server-binding cursor: Django's own are client-binding, which cannot prepare.
        with psycopg.Cursor(connection.connection) as cursor:
            cursor.execute(f"SELECT count(*) FROM {table} WHERE network = %s AND external_id = ANY(%s)",
                           [network, external_ids], prepare=True)
            return cursor.fetchone()[0]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table} WHERE network = %s AND external_id IN "
                       f"({', '.join(['%s'] * len(external_ids))})", [network, *external_ids])
        return cursor.fetchone()[0]


def _stored_ids(model: type[models.Model], keys: list[tuple[str, str]]) -> set[tuple[str, str]]:
    existing: set[tuple[str, str]] = set()
    by_network: dict[str, list[str]] = {}
    for network, external_id in keys:
        by_network.setdefault(network, []).append(external_id)
    for network, ids in by_network.items():
        found = model.objects.filter(network=network, external_id__in=ids).values_list("external_id", flat=True)
        existing.update((network, external_id) for external_id in found)
    return existing


def _fixed(field: models.Field, value: Any) -> Any:
    """A field's default, as stored: encrypted defaults (empty text, an empty
    JSON object) as one token per key (crypto.constant), not one per batch."""
    if value is not None and isinstance(field, EncryptedJSONField):
        return crypto.constant(json.dumps(value, sort_keys=True))
    if value is not None and isinstance(field, EncryptedTextField):
        return crypto.constant(str(value))
    return _converter(field)(value)


def _column_converter(field: models.Field) -> Callable[[list[Any]], list[Any]]:
    """:func:`_converter` for a whole column; encrypted text in one
    :func:`crypto.encrypt_many` call."""
    if isinstance(field, EncryptedTextField):
        # Empty text encrypts to a token that says only "empty", which its
        # length says anyway: one token for all (owner replies are nearly
        # always empty).
        def encrypt_column(values: list[Any]) -> list[Any]:
            out: list[Any] = [None] * len(values)
            todo = []
            for i, value in enumerate(values):
                if value == "":
                    out[i] = empty
                elif value is not None:
                    todo.append(i)
            for i, token in zip(todo, crypto.encrypt_many([str(values[i]) for i in todo]), strict=True):
                out[i] = token
            return out

        empty = crypto.constant("")
        return encrypt_column
    to_db = _converter(field)
    return lambda values: [to_db(value) for value in values]


def _converter(field: models.Field) -> Callable[[Any], Any]:
    """How one field's value goes to the database, decided once a batch.

    The same conversions the fields make, without Django's generic path
    around them (9 µs a value, more than the insert itself): text, numbers
    and ids as they are, datetimes as the backend stores them, JSON as text,
    encrypted text through the same key. Any other field type takes the
    field's own route.
    """
    if isinstance(field, EncryptedTextField):
        empty = crypto.constant("")  # see _column_converter
        return lambda value: empty if value == "" else (None if value is None else crypto.encrypt(str(value)))
    kind = type(field)
    if kind in _AS_IS:
        return lambda value: value if isinstance(value, _SCALARS) else field.get_db_prep_save(value, connection)
    if kind is models.DateTimeField:
        adapt = connection.ops.adapt_datetimefield_value
        return lambda value: None if value is None else adapt(value if value.tzinfo else value.replace(tzinfo=UTC))
    if kind is models.JSONField:
        return lambda value: json.dumps(value)
    return lambda value: field.get_db_prep_save(value, connection)


def _copy_then_upsert(model: type[models.Model], table: str, columns: str, conflict: str,
                      values: list[list[Any]]) -> list[int]:
    """PostgreSQL: COPY the batch into a session-private staging table, then
    upsert from it in one statement; returns the ids of the rows that were new.

    Measured against the 38-column, 17-index inbox table: 126 µs a row,
    against 193 for a server-bound executemany and over 400 for Django's
    client-side bound one. ``xmax = 0`` marks a row this statement inserted
    rather than updated, so no lookup beforehand is needed.

    The upsert reads the batch out of the staging table with DELETE …
    RETURNING, so the table is empty again for the next batch, even one in
    the same transaction (an import), in the same statement; the dead rows
    go when the transaction ends (ON COMMIT DELETE ROWS). That replaced a
    TRUNCATE a batch: a round trip, a new file and catalog rows each time,
    1.3-2.2 ms.
    """
    stage = connection.ops.quote_name(f"sync_stage_{model._meta.db_table}")
    # The psycopg connection, inside Django's transaction (one is needed for
    # the staging table to keep its rows from the COPY to the INSERT).
    with transaction.atomic(savepoint=False), connection.connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS {stage} ON COMMIT DELETE ROWS "
                       f"AS SELECT {columns} FROM {table} WITH NO DATA")
        with cursor.copy(f"COPY {stage} ({columns}) FROM STDIN") as copy:
            for row in values:
                copy.write_row(row)
        cursor.execute(
            f"WITH batch AS (DELETE FROM {stage} RETURNING {columns}) "
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM batch {conflict} RETURNING id, (xmax = 0)"
        )
        new_ids = sorted(pk for pk, inserted in cursor.fetchall() if inserted)
    _analyze_if_grown(model, len(new_ids))
    return new_ids


_inserted_since_analyze: dict[str, int] = {}


def _analyze_if_grown(model: type[models.Model], new: int) -> None:
    """Refresh PostgreSQL's statistics of a table this process has grown
    faster than autovacuum looks (it analyzes a minute later at best).

    A first sync can take the inbox from empty to 100,000 rows in a minute;
    planned with the empty table's statistics, looking 100 ids up by
    (network, external id) read every row of the network (150 ms) instead of
    the index (under 1 ms). Analyzing each time the rows added since the
    last time pass what the statistics know (doubling) costs a few
    analyzes over a whole first sync.
    """
    table = model._meta.db_table
    grown = _inserted_since_analyze.get(table, 0) + new
    _inserted_since_analyze[table] = grown
    if grown < 5_000:
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [table])
        known = cursor.fetchone()[0]
        if grown > max(known, 0):
            # Only the key's columns: the lookup by (network, external id) is
            # what goes wrong without them, and the row count comes with any
            # ANALYZE. All 38 columns (encrypted text, JSON) took 650-850 ms
            # at 50,000 rows, these two 120-160 ms; autovacuum analyzes the rest.
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)} (network, external_id)")
            _inserted_since_analyze[table] = 0


_SCALARS = (str, int, float, type(None))
_AS_IS = (models.CharField, models.TextField, models.URLField, models.IntegerField, models.BigIntegerField,
          models.FloatField, models.ForeignKey)


