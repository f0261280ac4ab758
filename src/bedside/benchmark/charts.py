"""The benchmark's charts: Vega-Lite specs built with Altair, drawn to SVG on
the server by vl-convert (no browser, no CDN, the same picture in the page, the
HTML report and the PDF).

Two caches keep the page fast: Altair builds each chart's shape (marks,
encodings, scales) once per set of organizations, and the rows are added to
the spec afterwards (Altair walks inline rows value by value, which costs more
than drawing); and each drawn SVG is kept, keyed by its whole spec, so the
same data is never drawn twice.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import statistics
from collections import OrderedDict
from functools import lru_cache
from threading import Lock
from typing import Any

import altair as alt

from bedside.benchmark.comparison import Comparison
from bedside.benchmark.contentmix import CLASSES, LABELS
from bedside.networks.registry import NETWORKS

OURS_COLOR = "#b4451f"
PALETTE = ["#0b5cad", "#2a9d8f", "#7b4fa0", "#5b6775", "#c08a00", "#1f7a3a", "#8c2d5a", "#3f7fbf", "#6a994e"]
NO_DATA = "no data"
_POINTS = alt.NamedData(name="points")
_CACHE: OrderedDict[str, str] = OrderedDict()
_CACHE_SIZE = 256
_LOCK = Lock()
Names = tuple[str, ...]


def render_svg(spec: dict[str, Any]) -> str:
    """The chart as an SVG string, from the cache when this spec was drawn before."""
    return _drawn(spec, "svg")


def render_img(spec: dict[str, Any]) -> str:
    """The chart as an <img> of a PNG drawn at twice the size, for print.

    The PDF gets pictures rather than SVG: a PDF renderer measures SVG text
    with its own fonts, and long labels drawn for vl-convert's come out clipped.
    """
    return _drawn(spec, "png")


def _drawn(spec: dict[str, Any], kind: str) -> str:
    key = kind + hashlib.sha256(json.dumps(spec, default=str).encode()).hexdigest()
    with _LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    import vl_convert

    if kind == "svg":
        # One picture to assistive technology, not a tree of unnamed marks:
        # the figure's caption names it and the table beside it reads out its
        # numbers, so the drawing itself is hidden from screen readers.
        drawn = _fluid(vl_convert.vegalite_to_svg(spec)).replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)
    else:
        png = base64.b64encode(vl_convert.vegalite_to_png(spec, scale=2)).decode("ascii")
        drawn = f'<img alt="" src="data:image/png;base64,{png}">'
    with _LOCK:
        _CACHE[key] = drawn
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return drawn


_SIZE = re.compile(r'^(<svg[^>]*?) width="([\d.]+)" height="([\d.]+)"')


def _fluid(svg: str) -> str:
    """The chart scales to the width the page gives it (its viewBox keeps the
    proportions; the stylesheet sets height:auto), instead of a fixed width
    that leaves half a wide screen empty or overflows a phone."""
    # Attributes only: the Content-Security-Policy allows no inline style.
    return _SIZE.sub(lambda m: f'{m.group(1)} width="100%" data-drawn-width="{m.group(2)}"', svg, count=1)


def warm() -> None:
    """Start vl-convert's JavaScript engine and load its fonts (most of a second)
    now, so the first benchmark page a server draws does not wait for them."""
    import vl_convert

    vl_convert.vegalite_to_svg(
        {
            "data": {"values": [{"x": 0}]},
            "mark": "text",
            "encoding": {"x": {"field": "x", "type": "quantitative"}, "text": {"value": "Bedside"}},
            "config": _CONFIG,
        }
    )


# Larger type than Vega-Lite's default, so the charts stay readable printed.
_CONFIG = {
    "font": "DejaVu Sans, Liberation Sans, sans-serif",
    "axis": {"labelFontSize": 12, "titleFontSize": 12, "labelLimit": 260},
    "legend": {"labelFontSize": 12, "labelLimit": 260, "symbolSize": 90},
    "header": {"labelFontSize": 12},
    "background": "#ffffff",
    # The tables beside each chart carry its numbers for screen readers; an
    # aria label on every point would read out hundreds of them.
    "aria": False,
}


def _with_rows(shape: dict[str, Any], rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {**shape, "config": _CONFIG, "datasets": {"points": rows}}


#: Beyond this many organizations a line chart shows us, the leader and the peer median.
MAX_LINES = 8
PEER_MEDIAN = "Peer median"


def _lines(comparison: Comparison) -> tuple[list[dict[str, Any]], Names, Names]:
    """The series points a line chart draws, with their names and colours.

    Fifty lines on one chart read as noise: a large peer set is drawn as our
    organization, the leader and the median of the peers (the tables keep
    every organization's numbers).
    """
    # An organization with no count in the series has no line at all (not one
    # along the axis floor, and not a legend entry).
    drawn = {p["org"] for p in comparison.series if p["followers"] is not None}
    if len(comparison.rows) <= MAX_LINES:
        names, colours = _names(comparison, only=drawn)
        return [p for p in comparison.series if p["org"] in drawn], names, colours
    cached = getattr(comparison, "_lines", None)
    if cached is not None:
        return cached
    keep = {r.name for r in comparison.rows if r.is_ours or r.org_id == comparison.leader_id}
    peers = {r.name for r in comparison.rows if not r.is_ours}
    pooled: dict[tuple[str, Any], list[int]] = {}
    points = []
    for p in comparison.series:
        if p["org"] in keep:
            points.append(p)
        if p["org"] in peers and p["followers"] is not None:
            pooled.setdefault((p["network"], p["period"]), []).append(p["followers"])
    points += [
        {"org": PEER_MEDIAN, "network": network, "period": period, "followers": statistics.median(values)}
        for (network, period), values in pooled.items()
    ]
    shown = [r for r in comparison.rows if r.name in keep]
    names = tuple(r.name for r in shown) + (PEER_MEDIAN,)
    colours = tuple(OURS_COLOR if r.is_ours else PALETTE[0] for r in shown) + ("#5b6775",)
    comparison._lines = (points, names, colours)  # type: ignore[attr-defined]
    return points, names, colours


def _names(comparison: Comparison, only: set[str] | None = None) -> tuple[Names, Names]:
    """Names and colours in table order. A peer keeps its colour when others
    are added: colours go by when each was added (its id), not by name order,
    so adding a peer never repaints Mayo."""
    peers = sorted(r.org_id for r in comparison.rows if not r.is_ours)
    colour_of = {org_id: PALETTE[n % len(PALETTE)] for n, org_id in enumerate(peers)}
    shown = [r for r in comparison.rows if only is None or r.name in only]
    names = tuple(r.name for r in shown)
    colours = tuple(OURS_COLOR if r.is_ours else colour_of[r.org_id] for r in shown)
    return names, colours


def _org_colour(names: Names, colours: Names, legend: bool = True) -> alt.Color:
    return alt.Color(
        "org:N",
        title=None,
        scale=alt.Scale(domain=list(names), range=list(colours)),
        legend=alt.Legend(orient="bottom", columns=3) if legend else None,
    )


@lru_cache(maxsize=64)
def _audience_shape(names: Names, colours: Names, width: int, height: int, log_scale: bool = False) -> dict[str, Any]:
    # Linear by default, so growth reads as growth; a log scale is the reader's
    # choice when a peer 100 times our size flattens our line.
    y_scale = alt.Scale(type="log") if log_scale else alt.Scale(zero=False)
    return (
        alt.Chart(_POINTS)
        .mark_line(point=alt.OverlayMarkDef(size=14), invalid=None)
        .encode(
            x=alt.X("period:T", title=None),
            y=alt.Y(
                "followers:Q",
                title="Followers, all networks" + (" (log scale)" if log_scale else ""),
                scale=y_scale,
                axis=alt.Axis(format="~s"),
            ),
            color=_org_colour(names, colours),
            tooltip=["org:N", "period:T", alt.Tooltip("followers:Q", format=",")],
        )
        .properties(width=width, height=height)
        .to_dict(validate=False)
    )


def audience_over_time(comparison: Comparison, width: int = 640, height: int = 260,
                       log_scale: bool = False) -> dict[str, Any] | None:
    # Unknown totals stay in as nulls: the line breaks there instead of
    # bridging a gap in the history.
    points, names, colours = _lines(comparison)
    rows = [{**p, "period": p["period"].isoformat()} for p in points if p["network"] == "all"]
    if not any(p["followers"] is not None for p in rows):
        return None
    return _with_rows(_audience_shape(names, colours, width, height, log_scale), rows)


@lru_cache(maxsize=64)
def _networks_shape(names: Names, colours: Names, width: int, height: int) -> dict[str, Any]:
    return (
        alt.Chart(_POINTS)
        .mark_line(strokeWidth=1.5)
        .encode(
            x=alt.X("period:T", title=None, axis=alt.Axis(format="%Y", tickCount=4)),
            y=alt.Y("followers:Q", title=None, axis=alt.Axis(format="~s")),
            color=_org_colour(names, colours),
        )
        .properties(width=width, height=height)
        .facet(facet=alt.Facet("network_label:N", title=None), columns=3)
        .resolve_scale(y="independent")
        .to_dict(validate=False)
    )


def audience_by_network(comparison: Comparison, width: int = 200, height: int = 120) -> dict[str, Any] | None:
    """Small multiples: one panel per network, each with its own scale."""
    points, names, colours = _lines(comparison)
    # A network where no organization has a count gets no panel.
    counted = {p["network"] for p in points if p["network"] != "all" and p["followers"] is not None}
    rows = [
        {**p, "period": p["period"].isoformat(), "network_label": NETWORKS.get(p["network"], p["network"])}
        for p in points
        if p["network"] in counted
    ]
    if not rows:
        return None
    return _with_rows(_networks_shape(names, colours, width, height), rows)


@lru_cache(maxsize=64)
def _index_shape(names: Names, colours: Names, order: Names, leader: str, width: int) -> dict[str, Any]:
    y = alt.Y("org:N", sort=list(order), title=None)
    bars = alt.Chart().mark_bar().encode(
        x=alt.X("index:Q", title=f"Index, {leader} = 100"), y=y, color=_org_colour(names, colours, legend=False)
    )
    labels = (
        alt.Chart()
        .mark_text(align="left", dx=4, color="#1d2733")
        .encode(x=alt.X("x:Q"), y=y, text="label:N")
        .transform_calculate(x="datum.index == null ? 0 : datum.index")
    )
    rule = alt.Chart().mark_rule(strokeDash=[4, 3], color="#5b6775").encode(x=alt.datum(100))
    return alt.layer(bars, labels, rule, data=_POINTS).properties(
        width=width, height=max(60, 26 * len(names))
    ).to_dict(validate=False)


def index_bars(comparison: Comparison, metric: str = "audience", width: int = 520) -> dict[str, Any] | None:
    """Each organization's index against the leader (leader = 100)."""
    leader = comparison.leader
    rows = [
        {
            "org": r.name,
            "index": r.index_leader.get(metric),
            "label": NO_DATA if r.index_leader.get(metric) is None else f"{r.index_leader[metric]:.0f}",
        }
        for r in comparison.rows
    ]
    if leader is None or not any(d["index"] is not None for d in rows):
        return None
    order = tuple(d["org"] for d in sorted(rows, key=lambda d: -(d["index"] or -1)))
    return _with_rows(_index_shape(*_names(comparison), order, leader.name, width), rows)


@lru_cache(maxsize=64)
def _mix_shape(names: Names, width: int) -> dict[str, Any]:
    labels = [LABELS[k] for k in CLASSES]
    return (
        alt.Chart(_POINTS)
        .mark_bar()
        .encode(
            x=alt.X("share:Q", title="Share of classified posts", stack="normalize", axis=alt.Axis(format="%")),
            y=alt.Y("org:N", title=None, sort=list(names)),
            color=alt.Color(
                "type:N",
                title=None,
                sort=labels,
                scale=alt.Scale(domain=labels, range=PALETTE[:6]),
                legend=alt.Legend(orient="bottom", columns=3),
            ),
            order=alt.Order("order:Q"),
            tooltip=["org:N", "type:N", alt.Tooltip("share:Q", format=".0f")],
        )
        .properties(width=width, height=max(60, 26 * len(names)))
        .to_dict(validate=False)
    )


def content_mix_bars(comparison: Comparison, width: int = 520) -> dict[str, Any] | None:
    rows = [
        {"org": r.name, "type": LABELS[k], "order": i, "share": r.content_mix[k]}
        for r in comparison.rows
        if r.content_mix
        for i, k in enumerate(CLASSES)
    ]
    if not rows:
        return None
    shown = tuple(r.name for r in comparison.rows if r.content_mix)
    return _with_rows(_mix_shape(shown, width), rows)


@lru_cache(maxsize=64)
def _coverage_shape(orgs: Names, labels: Names, width_per: int) -> dict[str, Any]:
    return (
        alt.Chart(_POINTS)
        .mark_rect(stroke="#ffffff", strokeWidth=2)
        .encode(
            x=alt.X("column:N", sort=list(labels), title=None, axis=alt.Axis(orient="top", labelAngle=-40)),
            y=alt.Y("org:N", sort=list(orgs), title=None),
            color=alt.Color(
                "present:N",
                title="Present",
                scale=alt.Scale(domain=["yes", "no"], range=["#0b5cad", "#e4e9ef"]),
                legend=alt.Legend(orient="bottom"),
            ),
        )
        .properties(width=width_per * len(labels), height=26 * len(orgs))
        .to_dict(validate=False)
    )


def coverage_matrix(matrix: list[dict[str, Any]], columns: list[str], width_per: int = 46) -> dict[str, Any] | None:
    """Presence: organizations by networks and owned media; filled = present."""
    from bedside.benchmark.presence import column_label

    if not matrix or not columns:
        return None
    rows = [
        {"org": row["org"], "column": column_label(col), "present": "yes" if row["present"].get(col) else "no"}
        for row in matrix
        for col in columns
    ]
    shape = _coverage_shape(tuple(r["org"] for r in matrix), tuple(column_label(c) for c in columns), width_per)
    return _with_rows(shape, rows)


def all_charts(
    comparison: Comparison, coverage: dict[str, Any] | None = None, *, kind: str = "svg", log_scale: bool = False
) -> dict[str, str | None]:
    """Every chart of the page and the report, as SVG or as <img> for print
    (None where there is no data)."""
    specs = {
        "audience": audience_over_time(comparison, log_scale=log_scale),
        "small_multiples": audience_by_network(comparison),
        "index": index_bars(comparison),
        "content_mix": content_mix_bars(comparison),
        "coverage": coverage_matrix(coverage["matrix"], coverage["columns"]) if coverage else None,
    }
    draw = render_svg if kind == "svg" else render_img
    return {name: draw(spec) if spec else None for name, spec in specs.items()}
