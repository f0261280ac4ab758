"""Small charts drawn on the server as SVG: the star distribution against
the DocSpot baseline, and a rating sparkline. Only numbers go into the SVG
(never a name from a site), so it is safe to put in the page as it is; each
chart has a table with the same numbers beside it for screen readers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from .ratings import BASELINE_POSITIVE, BASELINE_TOP

WIDTH = 320
BAR = 14


def distribution(stars: Sequence[int]) -> dict[str, Any]:
    """Shares of 5, 4 and 1–3 star reviews, ours beside the baseline's."""
    total = sum(stars)
    ours = [stars[4] / total, stars[3] / total, sum(stars[:3]) / total] if total else [0.0, 0.0, 0.0]
    baseline = [BASELINE_TOP, BASELINE_POSITIVE - BASELINE_TOP, 1 - BASELINE_POSITIVE]
    labels = ["5 stars", "4 stars", "1–3 stars"]
    rows: list[dict[str, Any]] = [{"label": label, "ours": o, "baseline": b}
                                 for label, o, b in zip(labels, ours, baseline, strict=True)]
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH + 110} 150" width="{WIDTH + 110}" '
             'height="150" role="img" aria-label="Share of reviews by stars, ours against the DocSpot baseline">']
    y = 8
    for row in rows:
        parts.append(f'<text x="0" y="{y + 17}" font-size="12">{row["label"]}</text>')
        parts.append(f'<rect x="70" y="{y}" width="{round(WIDTH * row["ours"], 1)}" height="{BAR}" fill="#1f5f8b"/>')
        parts.append(f'<text x="{74 + round(WIDTH * row["ours"])}" y="{y + 11}" font-size="11">'
                     f'{round(100 * row["ours"])}%</text>')
        parts.append(f'<rect x="70" y="{y + BAR + 2}" width="{round(WIDTH * row["baseline"], 1)}" height="{BAR - 4}" '
                     'fill="#b7c4d1"/>')
        y += 2 * BAR + 18
    parts.append(f'<rect x="70" y="{y - 4}" width="10" height="8" fill="#1f5f8b"/>'
                 f'<text x="84" y="{y + 4}" font-size="11">ours ({total} reviews)</text>'
                 f'<rect x="200" y="{y - 4}" width="10" height="8" fill="#b7c4d1"/>'
                 f'<text x="214" y="{y + 4}" font-size="11">DocSpot baseline</text></svg>')
    return {"rows": rows, "total": total, "svg": mark_safe("".join(parts))}  # noqa: S308 - numbers only


def sparkline(readings: Sequence[tuple[date, float | None]]) -> SafeString | None:
    known = [(d, r) for d, r in readings if r is not None]
    if len(known) < 2:
        return None
    width, height = 120, 28
    first, last = known[0][0].toordinal(), known[-1][0].toordinal()
    span = max(1, last - first)
    points = " ".join(f"{round((d.toordinal() - first) / span * width, 1)},{round(height - (r - 1) / 4 * height, 1)}"
                      for d, r in known)
    return mark_safe(  # noqa: S308 - numbers only
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-hidden="true"><polyline points="{points}" fill="none" stroke="#1f5f8b" stroke-width="2"/></svg>')
