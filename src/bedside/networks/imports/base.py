"""What every importer shares: the errors, the result, and reading cells of a row.

Row numbers are the ones a person sees in a spreadsheet: the header is row 1,
the first data row is row 2. Every bad cell becomes a :class:`RowError`; the
row is left out and reading goes on, so one pass names every problem.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from ..records import Post, ProfileStats

Record = ProfileStats | Post


class ImportError_(Exception):  # noqa: N801 - the underscore keeps clear of the builtin ImportError
    """A file could not be imported; the message names the file and where."""

    def __init__(self, path: str | Path, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = str(path)
        self.message = message


class FileError(ImportError_):
    """The file as a whole cannot be read (missing, empty, not CSV)."""


class UnknownFormat(ImportError_):
    """The header row matches none of the formats Bedside reads."""

    def __init__(self, path: str | Path, header: Sequence[str], known: Sequence[str]) -> None:
        shown = ", ".join(repr(h) for h in header[:8]) + (", ..." if len(header) > 8 else "")
        super().__init__(
            path, f"unrecognised header row ({shown}); Bedside reads: {', '.join(known)}"
        )
        self.header = list(header)


class RowError(ImportError_):
    """One bad cell: ``row`` as a spreadsheet numbers it, ``field`` the column."""

    def __init__(self, path: str | Path, row: int, field: str, message: str) -> None:
        Exception.__init__(self, f"{path}, row {row}, {field}: {message}")
        self.path = str(path)
        self.row = row
        self.field = field
        self.message = message


#: the earliest date an imported row may carry (Facebook opened in 2004)
EARLIEST = datetime(2004, 1, 1, tzinfo=UTC)
#: how far ahead of now a date may be: a day, for time zones east of UTC
FUTURE_SLACK = timedelta(days=1)
#: problems kept (and printed) for one file; the rest are only counted
MAX_PROBLEMS = 1000


class Problems(list):  # type: ignore[type-arg]
    """The row errors of one file: the first :data:`MAX_PROBLEMS` are kept,
    any more only counted (``more``), so a file that is bad on every one of
    its million rows costs a thousand errors' memory, not a million's."""

    def __init__(self, limit: int = MAX_PROBLEMS) -> None:
        super().__init__()
        self.limit = limit
        self.more = 0

    def append(self, error: RowError) -> None:
        if len(self) < self.limit:
            super().append(error)
        else:
            self.more += 1


@dataclass
class ImportResult:
    records: list[Record]
    errors: list[RowError]
    format: str
    #: (network, handle) -> organization, where the file names one.
    organizations: dict[tuple[str, str], str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def more_errors(self) -> int:
        """Problems found beyond the ones kept in ``errors``."""
        return getattr(self.errors, "more", 0)


_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(\D|$))")


class Row:
    """One CSV row whose cells are read by column name, collecting errors."""

    def __init__(
        self,
        path: str,
        number: int,
        cells: Mapping[str, str],
        errors: list[RowError],
        labels: Mapping[str, str] | None = None,
    ) -> None:
        self.path = path
        self.labels = labels or {}
        self.row_number = number
        self.cells = cells
        self.errors = errors
        self.failed = False

    def fail(self, column: str, message: str) -> None:
        self.failed = True
        # Errors name the column as the file spells it, not as matched.
        self.errors.append(RowError(self.path, self.row_number, self.labels.get(column, column), message))

    def raw(self, column: str) -> str:
        return (self.cells.get(column) or "").strip()

    def text(self, column: str, *, required: bool = False) -> str:
        value = self.raw(column)
        if required and not value:
            self.fail(column, "is empty")
        return value

    def count(self, column: str, *, required: bool = False) -> int | None:
        value = self.raw(column)
        if not value:
            if required:
                self.fail(column, "is empty")
            return None
        cleaned = _THOUSANDS.sub("", value)
        if not re.fullmatch(r"-?\d+", cleaned):
            self.fail(column, f"{value!r} is not a whole number")
            return None
        number = int(cleaned)
        if number < 0:
            self.fail(column, f"{value!r} is negative")
            return None
        return number

    def number(self, column: str) -> float | None:
        value = self.raw(column)
        if not value:
            return None
        try:
            return float(_THOUSANDS.sub("", value).rstrip("%").strip())
        except ValueError:
            self.fail(column, f"{value!r} is not a number")
            return None

    def when(self, column: str, parse: Callable[[str], datetime | date], *, expected: str) -> datetime | None:
        value = self.raw(column)
        if not value:
            self.fail(column, "is empty")
            return None
        try:
            parsed = parse(value)
        except ValueError:
            self.fail(column, f"{value!r} is not a date ({expected})")
            return None
        if not isinstance(parsed, datetime):
            parsed = datetime(parsed.year, parsed.month, parsed.day)
        parsed = parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
        # One row dated 9999-12-31 once broke every benchmark page: a date
        # must be one the networks could have written.
        if parsed < EARLIEST:
            self.fail(column, f"{value!r} is before {EARLIEST.year}: no network Bedside reads existed then")
            return None
        if parsed > datetime.now(UTC) + FUTURE_SLACK:
            self.fail(column, f"{value!r} is in the future")
            return None
        return parsed


def lowered(header: Sequence[str]) -> tuple[list[str], dict[str, str]]:
    """Header names matched case-insensitively, and the way the file spells them."""
    columns = [h.strip().lower() for h in header]
    return columns, {c: h.strip() for c, h in zip(columns, header, strict=True)}


def first_of(formats: Sequence[str]) -> Callable[[str], datetime]:
    """A parser trying each ``strptime`` format in turn."""

    def parse(value: str) -> datetime:
        for fmt in formats:
            try:
                return datetime.strptime(value, fmt)
            except ValueError:
                continue
        raise ValueError(value)

    return parse


def iso_date(value: str) -> datetime | date:
    text = value[:-1] + "+00:00" if value.endswith("Z") else value
    return datetime.fromisoformat(text) if ("T" in text or " " in text) else date.fromisoformat(text)


@dataclass(frozen=True)
class Format:
    """A CSV layout Bedside reads, known by the columns of its header row."""

    name: str
    label: str
    #: lower-case header names that must all be present to recognise the format
    signature: frozenset[str]
    read: Callable[[str, list[str], list[tuple[int, list[str]]], dict[str, Any]], ImportResult]
    #: rows between the header and the data that are not data (descriptions)
    notes: str = ""

    def matches(self, header: Sequence[str]) -> bool:
        return self.signature <= {h.strip().lower() for h in header}
