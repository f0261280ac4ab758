"""The comparison table as CSV and the whole overview as JSON."""

from __future__ import annotations

import io
import json
from typing import Any

from bedside import spreadsheets
from bedside.benchmark.comparison import METRICS
from bedside.benchmark.contentmix import CLASSES
from bedside.benchmark.contentmix import LABELS as MIX_LABELS
from bedside.benchmark.overview import Overview, as_json
from bedside.networks.registry import NETWORKS


def to_csv(overview: Overview) -> str:
    """One row per organization, for a spreadsheet: headers in words
    ("Growth per month (%)"), values rounded as the page shows them; an empty
    cell is "no data", never 0. The machine names and full precision are in
    the JSON export."""
    c = overview.comparison
    out = io.StringIO()
    writer = spreadsheets.writer(out, lineterminator="\n")
    header = ["Organization", "The organization compared", "Leader", "As of", "Period", "Network"]
    for _key, label, unit, more_is_better in METRICS:
        named = f"{label} ({UNIT_WORDS.get(unit, unit)})"
        header += [named, f"{label}: rank (1 = best{'' if more_is_better else ', lowest'})",
                   f"{label}: index vs peer median (100 = level)", f"{label}: index vs leader (100 = level)"]
    header += [f"Content mix: {MIX_LABELS.get(k, k)} (%)" for k in CLASSES] + ["Classified posts"]
    header += [f"Followers on {NETWORKS.get(n, n)}" for n in c.networks]
    writer.writerow(header)
    for row in c.rows:
        line: list[Any] = [row.name, _yes(row.is_ours), _yes(row.org_id == c.leader_id), c.as_of or "", c.period,
                NETWORKS.get(c.network, c.network) if c.network else "All networks"]
        for key, _label, unit, _ in METRICS:
            line += [_rounded(row.values.get(key), unit), _cell(row.rank.get(key)),
                     _rounded(row.index_median.get(key), "index"), _rounded(row.index_leader.get(key), "index")]
        line += [_rounded(row.content_mix.get(k), "%") if row.content_mix else "" for k in CLASSES]
        line += [row.classified_posts]
        line += [_cell(row.by_network.get(n)) for n in c.networks]
        writer.writerow(line)
    return out.getvalue()


UNIT_WORDS = {"followers": "followers", "%": "%", "% per post": "% per post", "posts": "posts a week", "hours": "hours"}
# Decimals kept per unit: what the page shows.
DECIMALS = {"followers": 0, "%": 1, "% per post": 2, "posts": 1, "hours": 1, "index": 0}


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _rounded(value: float | int | None, unit: str) -> str | int:
    if value is None:
        return ""
    places = DECIMALS.get(unit, 2)
    if places == 0:
        return round(value)
    return f"{value:.{places}f}"


def _cell(value: float | int | None) -> str | int:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return value


def to_json(overview: Overview) -> str:
    return json.dumps(as_json(overview), indent=2)
