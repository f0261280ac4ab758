"""Split a text into plain and flagged pieces for templates to escape and mark."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Piece:
    text: str
    label: str = ""
    explanation: str = ""


def pieces(text: str, findings: list[dict[str, Any]]) -> list[Piece]:
    out: list[Piece] = []
    pos = 0
    for f in sorted(findings, key=lambda f: (f["start"], -f["end"])):
        start, end = max(f["start"], pos), min(f["end"], len(text))
        if end <= start:
            continue
        if start > pos:
            out.append(Piece(text[pos:start]))
        out.append(Piece(text[start:end], f["label"], f.get("explanation", "")))
        pos = end
    if pos < len(text):
        out.append(Piece(text[pos:]))
    return out
