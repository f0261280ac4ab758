"""Bedside's guard: finds PHI and HIPAA risk in social text. Plain Python, no
Django; usable on its own.

    >>> from bedside.guard import scan, Context
    >>> scan("Our records show you were here last week", Context(kind="review_reply")).verdict
    'block'
    >>> scan("Thank you for the feedback; please call us so we can talk privately.").verdict
    'allow'

Pipeline (engine.py): identifier recognizers -> context boost -> threshold
-> merge overlaps -> allow-list of the organization's own identifiers -> risk
recognizers -> verdict (policy.py). One recognizer per module in recognizers/.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable
from typing import Any

from bedside.guard.context import Context, ContextError
from bedside.guard.result import LABELS, Finding, Result

__all__ = ["Context", "ContextError", "Finding", "Result", "LABELS", "scan", "scan_many", "redact", "warm_up"]

# Labels whose text redact() replaces; the risk labels mark whole phrases
# ("during your stay") that a reviewer rewrites rather than masks.
REDACTED_LABELS = frozenset(
    ["PERSON", "LOCATION", "DATE", "AGE", "PHONE", "EMAIL", "URL", "IP", "ID", "CLINICAL_DETAIL"]
)


def _as_context(context: Context | dict[str, Any] | None) -> Context | None:
    if context is None or isinstance(context, Context):
        return context
    return Context.from_dict(context)


def scan(text: str, context: Context | dict[str, Any] | None = None, read_chars: int | None = None) -> Result:
    """Scan one text. With no context it is judged as an outbound post.
    ``read_chars`` bounds how much of a very long text the identifier
    recognizers read; crisis language is looked for in all of it."""
    from bedside.guard.engine import scan as _scan

    if not isinstance(text, str):
        raise TypeError(f"scan() needs a str, got {type(text).__name__}")
    return _scan(text, _as_context(context), read_chars)


def _scan_item(item: Any) -> Result:
    if isinstance(item, tuple):
        return scan(item[0], item[1])
    return scan(item)


def scan_many(
    texts: Iterable[str | tuple[str, Context | dict[str, Any] | None]],
    context: Context | dict[str, Any] | None = None,
    jobs: int = 1,
) -> Generator[Result, None, None]:
    """Scan a stream of texts (or (text, context) pairs), yielding results in
    input order. jobs > 1 spreads the work over that many processes."""
    ctx = _as_context(context)
    items = ((t if isinstance(t, tuple) else (t, ctx)) for t in texts)
    if jobs <= 1:
        for item in items:
            yield _scan_item(item)
        return
    import multiprocessing

    method = "spawn" if _has_threads() else "fork"
    if method == "fork":
        # Load the models and word lists once, here: forked workers share
        # them instead of each paying the start-up again.
        warm_up()
    with multiprocessing.get_context(method).Pool(jobs) as pool:
        yield from pool.imap(_scan_item, items, chunksize=64)


def warm_up() -> None:
    """Load everything a first scan would (the name model, word lists,
    vocabulary automata, compiled patterns), so that the next scan, or a
    forked worker, starts at full speed."""
    scan("Dr. Ana Ruiz saw Maria at 12 Oak Street on 3/4/2021; call 617-555-0143 about her metformin.",
         Context(kind="reply", replying_to="thanks"))


def _has_threads() -> bool:
    import threading

    return threading.active_count() > 1


def redact(text: str, context: Context | dict[str, Any] | None = None) -> str:
    """The text with each identifier (and clinical detail) replaced by its label, e.g. "[PERSON]"."""
    result = scan(text, context)
    out, pos = [], 0
    for f in result.findings:
        if f.label not in REDACTED_LABELS or f.start < pos:
            continue
        out.append(text[pos : f.start])
        out.append(f"[{f.label}]")
        pos = f.end
    out.append(text[pos:])
    return "".join(out)
