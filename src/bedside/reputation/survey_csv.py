"""The survey vendor's per-provider results (documented in docs/guide/survey-stars-csv.md).

One row per provider, period and comment: a provider with three comments
has three rows repeating the same figures; one without comments has one row
with the comment cells empty. Read all-or-nothing like the roster: every bad
cell is reported as ``FILE, row N, COLUMN: message`` in one pass, and the
caller stores nothing unless the whole file is good. Plain Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from bedside.networks.imports.base import FileError, Problems, Row, RowError, lowered
from bedside.networks.imports.reader import load
from bedside.networks.nppes import npi_problem

REQUIRED = ("npi", "period_end", "ratings", "average")
OPTIONAL = ("comment_id", "comment")
COLUMNS = (*REQUIRED, *OPTIONAL)
MAX_COMMENT = 4000


@dataclass
class SurveyRow:
    npi: str
    period_end: date
    ratings: int
    average: float
    comments: list[tuple[str, str]] = field(default_factory=list)  # (comment_id, text)
    row: int = 0


@dataclass
class SurveyFile:
    results: list[SurveyRow]
    errors: list[RowError]

    @property
    def ok(self) -> bool:
        return not self.errors


def read(path: str | Path, known_npis: set[str]) -> SurveyFile:
    """The results in ``path``, or every problem in it; ``known_npis`` are
    the providers on our roster (a result for anyone else is an error).
    Raises :class:`FileError` for a file that is not a survey export."""
    header, rows = load(path)
    columns, labels = lowered(header)
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise FileError(path, "not a survey results file: the header row lacks " + ", ".join(missing))
    name = str(path)
    errors: list[RowError] = Problems()
    for column in columns:
        if column and column not in COLUMNS:
            errors.append(RowError(name, 1, labels[column], f"unknown column; a survey file has {', '.join(COLUMNS)}"))
    found: dict[tuple[str, date], SurveyRow] = {}
    comment_rows: dict[str, int] = {}
    for number, cells in rows:
        row = Row(name, number, dict(zip(columns, cells, strict=False)), errors, labels)
        result = _result(row, known_npis)
        comment = _comment(row, comment_rows)
        if row.failed or result is None:
            continue
        key = (result.npi, result.period_end)
        first = found.setdefault(key, result)
        if first is not result and (first.ratings, first.average) != (result.ratings, result.average):
            row.fail("ratings" if first.ratings != result.ratings else "average",
                     f"differs from row {first.row} for NPI {result.npi} and period {result.period_end}")
            continue
        if comment is not None:
            first.comments.append(comment)
    return SurveyFile(list(found.values()) if not errors else [], errors)


def _result(row: Row, known_npis: set[str]) -> SurveyRow | None:
    npi = row.text("npi", required=True)
    if npi and (problem := npi_problem(npi)):
        row.fail("npi", problem)
    elif npi and npi not in known_npis:
        row.fail("npi", f"{npi} is not on our roster: import or add the provider first")
    period_text = row.text("period_end", required=True)
    period: date | None = None
    if period_text:
        try:
            period = date.fromisoformat(period_text)
        except ValueError:
            row.fail("period_end", f"{period_text!r} is not a date (YYYY-MM-DD)")
        else:
            if period > date.today():
                row.fail("period_end", f"{period_text} is in the future")
    ratings = row.count("ratings", required=True)
    average = row.number("average")
    if average is None and not row.raw("average"):
        row.fail("average", "is empty")
    elif average is not None and not 1 <= average <= 5:
        row.fail("average", f"{row.raw('average')!r} is not between 1 and 5 stars")
    if ratings == 0 and average is not None:
        row.fail("ratings", "is 0 but the row has an average")
    if row.failed or period is None or ratings is None or average is None:
        return None
    return SurveyRow(npi=npi, period_end=period, ratings=ratings, average=average, row=row.row_number)


def _comment(row: Row, seen: dict[str, int]) -> tuple[str, str] | None:
    text = row.text("comment")
    comment_id = row.text("comment_id")
    if not text:
        if comment_id:
            row.fail("comment", f"is empty but comment_id is {comment_id!r}")
        return None
    if not comment_id:
        row.fail("comment_id", "is empty: every comment needs the vendor's id for it")
        return None
    if comment_id in seen:
        row.fail("comment_id", f"{comment_id!r} is also on row {seen[comment_id]}")
        return None
    seen[comment_id] = row.row_number
    if len(text) > MAX_COMMENT:
        row.fail("comment", f"is {len(text):,} characters; at most {MAX_COMMENT:,}")
        return None
    return comment_id, text
