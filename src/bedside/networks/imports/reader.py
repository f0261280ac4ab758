"""Reading a CSV file into a header and numbered rows, whatever saved it.

Exports arrive from browsers and from Excel: UTF-8 with or without a byte-order
mark, Windows-1252 after an Excel round trip, commas or (in many locales)
semicolons, and sometimes Excel's ``sep=,`` hint as the first line.

The file is streamed: rows are read one at a time as the importer asks for
them, so a file of any size is read in constant memory.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from pathlib import Path

from .base import FileError

CHUNK = 1 << 16


class Rows:
    """``(row_number, cells)`` for every non-blank data row, the header being
    row 1; iterable more than once (each pass reads the file again)."""

    def __init__(self, path: str | Path, encoding: str, skip_sep: bool, delimiter: str) -> None:
        self.path = path
        self.encoding = encoding
        self.skip_sep = skip_sep
        self.delimiter = delimiter

    def _numbered(self) -> Iterator[tuple[int, list[str]]]:
        try:
            with open(self.path, encoding=self.encoding, errors="replace", newline="") as handle:
                if self.skip_sep:
                    handle.readline()
                for i, cells in enumerate(csv.reader(handle, delimiter=self.delimiter)):
                    if any(c.strip() for c in cells):
                        yield i + 1, cells
        except csv.Error as exc:
            raise FileError(self.path, f"not a readable CSV file: {exc}") from exc
        except OSError as exc:
            raise FileError(self.path, f"cannot read the file: {exc.strerror or exc}") from exc

    def header(self) -> list[str] | None:
        for _, cells in self._numbered():
            return [h.strip().lstrip("\ufeff") for h in cells]
        return None

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        numbered = self._numbered()
        next(numbered, None)  # the header
        yield from numbered


def load(path: str | Path) -> tuple[list[str], Rows]:
    """``(header, rows)``: the header row and the data rows, streamed."""
    encoding = _encoding(path)
    with open(path, encoding=encoding, errors="replace", newline="") as handle:
        first = handle.readline()
        skip_sep = first.strip().lower().startswith("sep=")
        if skip_sep:
            first = handle.readline()
    try:
        delimiter = csv.Sniffer().sniff(first, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    rows = Rows(path, encoding, skip_sep, delimiter)
    header = rows.header()
    if header is None:
        raise FileError(path, "the file is empty")
    return header, rows


def _encoding(path: str | Path) -> str:
    """UTF-16 by its byte-order mark, UTF-8 if every byte decodes as UTF-8,
    else Windows-1252 (Excel on Windows saves "CSV" in the ANSI code page).
    Checked in chunks, never the whole file in memory."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(CHUNK)
            if head.startswith((b"\xff\xfe", b"\xfe\xff")):
                return "utf-16"
            decoder = codecs.getincrementaldecoder("utf-8")()
            chunk = head
            try:
                while chunk:
                    decoder.decode(chunk)
                    chunk = handle.read(CHUNK)
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                return "cp1252"
    except OSError as exc:
        raise FileError(path, f"cannot read the file: {exc.strerror or exc}") from exc
    return "utf-8-sig"
