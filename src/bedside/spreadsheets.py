"""Every CSV Bedside writes goes through :func:`writer`, so no cell can run as
a spreadsheet formula (CSV injection, OWASP's "CSV Injection" page).

A text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is read by Excel, LibreOffice and Google Sheets as a formula; a peer
named ``=HYPERLINK(...)`` would then run when a reviewer opens the export.
Such a cell gets a leading single quote, as OWASP recommends, which the
spreadsheet shows as plain text. Numbers (and text that is exactly a number,
such as ``-0.25``) stay as they are: a number is never a formula.

Plain Python, no Django: the importers read Bedside's own exports back with
:func:`unescape`.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import IO, Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def escape(value: Any) -> Any:
    """The cell as it is safe to write."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS) or _NUMBER.fullmatch(value):
        return value
    return "'" + value


def unescape(value: str) -> str:
    """Undo :func:`escape` on a cell read back from one of our files."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value[1:]):
        return value[1:]
    return value


class SafeWriter:
    """``csv.writer`` with every cell passed through :func:`escape`."""

    def __init__(self, out: IO[str], **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([escape(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(out: IO[str], **options: Any) -> SafeWriter:
    return SafeWriter(out, **options)
