"""The comparison table as CSV and the whole overview as JSON."""

from __future__ import annotations

import io
import json

from bedside import spreadsheets
from bedside.benchmark.comparison import METRICS
from bedside.benchmark.contentmix import CLASSES
from bedside.benchmark.overview import Overview, as_json


def to_csv(overview: Overview) -> str:
    """One row per organization; an empty cell is "no data", never 0."""
    c = overview.comparison
    out = io.StringIO()
    writer = spreadsheets.writer(out, lineterminator="\n")
    header = ["organization", "is_subject", "is_leader", "as_of", "period", "network"]
    for key, _label, _unit, _ in METRICS:
        header += [key, f"{key}_rank", f"{key}_index_median", f"{key}_index_leader"]
    header += [f"mix_{k}" for k in CLASSES] + ["classified_posts"]
    header += [f"followers_{n}" for n in c.networks]
    writer.writerow(header)
    for row in c.rows:
        line = [row.name, row.is_ours, row.org_id == c.leader_id, c.as_of or "", c.period, c.network or "all"]
        for key, *_ in METRICS:
            line += [_cell(row.values.get(key)), _cell(row.rank.get(key)),
                     _cell(row.index_median.get(key)), _cell(row.index_leader.get(key))]
        line += [_cell(row.content_mix.get(k)) if row.content_mix else "" for k in CLASSES]
        line += [row.classified_posts]
        line += [_cell(row.by_network.get(n)) for n in c.networks]
        writer.writerow(line)
    return out.getvalue()


def _cell(value: float | int | None) -> str | int:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return value


def to_json(overview: Overview) -> str:
    return json.dumps(as_json(overview), indent=2)
