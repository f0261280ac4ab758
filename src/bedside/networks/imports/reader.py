"""Reading a CSV file into a header and numbered rows, whatever saved it.

Exports arrive from browsers and from Excel: UTF-8 with or without a byte-order
mark, Windows-1252 after an Excel round trip, commas or (in many locales)
semicolons, and sometimes Excel's ``sep=,`` hint as the first line.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .base import FileError


def load(path: str | Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """``(header, [(row_number, cells), ...])`` with the header as row 1."""
    text = _decode(path)
    lines = text.splitlines(keepends=True)
    if lines and lines[0].strip().lower().startswith("sep="):
        lines = lines[1:]
    body = "".join(lines)
    if not body.strip():
        raise FileError(path, "the file is empty")
    try:
        dialect = csv.Sniffer().sniff(lines[0], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    try:
        records = list(csv.reader(io.StringIO(body), delimiter=delimiter))
    except csv.Error as exc:
        raise FileError(path, f"not a readable CSV file: {exc}") from exc
    numbered = [(i + 1, cells) for i, cells in enumerate(records) if any(c.strip() for c in cells)]
    if not numbered:
        raise FileError(path, "the file is empty")
    (_, header), *rows = numbered
    return [h.strip().lstrip("\ufeff") for h in header], rows


def _decode(path: str | Path) -> str:
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise FileError(path, f"cannot read the file: {exc.strerror or exc}") from exc
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" in the ANSI code page.
        return raw.decode("cp1252", errors="replace")
