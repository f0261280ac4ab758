"""Importers for people without API access: the networks' own exports and
Bedside's snapshot CSV. Plain Python, no Django.

``read_file(path)`` recognises the format from the header row, reads every
row, and returns the good rows as records and the bad ones as
:class:`RowError` (file, row, column, what is wrong) — all of them, not only
the first. The caller stores the records in one transaction, or none if it
wants a clean file first.
"""

from __future__ import annotations

from pathlib import Path

from . import facebook, meta, snapshots, x, youtube
from .base import FileError, Format, ImportError_, ImportResult, Record, RowError, UnknownFormat
from .reader import load

#: most specific first: the snapshot CSV's columns are the most generic
FORMATS: dict[str, Format] = {
    f.name: f for f in (x.FORMAT, youtube.FORMAT, meta.FORMAT, facebook.FORMAT, snapshots.FORMAT)
}


def detect_format(path: str | Path) -> str:
    """The name of the format whose header row ``path`` has."""
    header, _ = load(path)
    return _detect(path, header).name


def read_file(
    path: str | Path,
    format: str | None = None,
    *,
    handle: str | None = None,
    organization: str | None = None,
    timezone: str | None = None,
) -> ImportResult:
    """Read ``path`` as ``format`` (a name from :data:`FORMATS`) or as detected.

    ``handle`` names the profile for exports that do not (Facebook, YouTube);
    ``organization`` is whose profile it is, for exports that cannot say;
    ``timezone`` (an IANA name) is how to read export times written without
    an offset (Meta's), UTC if not given.
    Raises :class:`FileError` or :class:`UnknownFormat` for a file that cannot
    be read at all; problems in rows come back in ``ImportResult.errors``.
    """
    header, rows = load(path)
    if format is None:
        chosen = _detect(path, header)
    else:
        if format not in FORMATS:
            raise FileError(path, f"unknown format {format!r}; expected one of {', '.join(FORMATS)}")
        chosen = FORMATS[format]
        if not chosen.matches(header):
            missing = sorted(chosen.signature - {h.strip().lower() for h in header})
            raise FileError(path, f"not a {chosen.label} file: the header row lacks {', '.join(missing)}")
    options = {"handle": handle, "organization": organization, "timezone": timezone}
    return chosen.read(str(path), header, rows, options)


def _detect(path: str | Path, header: list[str]) -> Format:
    for candidate in FORMATS.values():
        if candidate.matches(header):
            return candidate
    raise UnknownFormat(path, header, list(FORMATS))


__all__ = [
    "FORMATS",
    "FileError",
    "Format",
    "ImportError_",
    "ImportResult",
    "Record",
    "RowError",
    "UnknownFormat",
    "detect_format",
    "read_file",
]
