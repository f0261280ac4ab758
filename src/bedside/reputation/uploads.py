"""A CSV uploaded on a reputation page (the roster, survey results): saved to a
temporary file under its own name, loaded all-or-nothing, and every refused
cell shown to the person as ``NAME, row N, COLUMN: message``."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from django.contrib import messages
from django.http import HttpRequest

MAX_UPLOAD = 20 * 1024 * 1024
SHOWN = 50  # refused cells listed on the page; the rest are counted

T = TypeVar("T")


def load_csv(request: HttpRequest, *, what: str, default_name: str, load: Callable[[Path], T],
             refused: type[Exception]) -> tuple[str, T] | None:
    """(the file's name, what ``load`` returned), or None with the reason
    already shown to the person (no file, too big, or refused cells)."""
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, f"Choose the {what} CSV file to import.")
        return None
    if upload.size and upload.size > MAX_UPLOAD:
        messages.error(request, "The file is over 20 MB.")
        return None
    name = Path(upload.name or default_name).name
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        try:
            return name, load(path)
        except refused as exc:
            errors: list[str] = list(getattr(exc, "errors", [str(exc)]))
            for line in errors[:SHOWN]:
                messages.error(request, line.replace(str(path), name))
            if len(errors) > SHOWN:
                messages.error(request, f"… and {len(errors) - SHOWN} more.")
            messages.error(request, f"{name}: nothing was stored.")
            return None
