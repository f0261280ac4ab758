from __future__ import annotations

from bedside.guard import Context, scan


def labels_found(text: str, context: Context | None = None) -> list[tuple[str, str]]:
    return [(f.label, f.text) for f in scan(text, context).findings]


def found(text: str, label: str, expected: str, context: Context | None = None) -> bool:
    """Some finding of `label` covers `expected` (the finding may be wider)."""
    start = text.index(expected)
    end = start + len(expected)
    return any(f.label == label and f.start <= start and f.end >= end for f in scan(text, context).findings)


def flags(text: str, label: str, context: Context | None = None) -> list[str]:
    return [f.text for f in scan(text, context).findings if f.label == label]
