"""Everything the benchmark page and the executive report show, built once.

The page, the report (HTML and PDF), the exports and the API all call
:func:`build`, so they can never disagree.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from bedside.benchmark import brand, charts, crosspromo, presence
from bedside.benchmark.comparison import METRICS, Comparison, compare, read_channels
from bedside.benchmark.contentmix import CLASSES, LABELS
from bedside.benchmark.definitions import DEFINITIONS
from bedside.benchmark.definitions import as_json as definitions_json
from bedside.networks.registry import NETWORKS
from bedside.workspace.models import Organization


@dataclass
class Overview:
    comparison: Comparison
    presence: dict[str, Any]
    crosspromo: list[crosspromo.SiteAudit]
    brand: list[brand.BrandAudit]
    subject: Organization | None
    sample: bool
    charts: dict[str, str | None] = field(default_factory=dict)
    #: what the subject's last syncs said (mentions that need a connected
    #: account, a refused token): why a figure may read "no data"
    sync_notes: list[str] = field(default_factory=list)

    @property
    def headline(self) -> list[str]:
        return headline(self)


def build(
    *,
    subject: Organization | None = None,
    peers: list[Organization] | None = None,
    period: str = "month",
    network: str | None = None,
    leader: Organization | None = None,
    with_charts: bool = True,
    chart_kind: str = "svg",
    start: date | None = None,
    end: date | None = None,
    log_scale: bool = False,
) -> Overview:
    subject = subject or Organization.objects.filter(is_ours=True).first()
    orgs = list(Organization.objects.all()) if peers is None else list(peers)
    if subject is not None and subject not in orgs:
        orgs.insert(0, subject)
    # The subject first, then peers by name: the order every table and chart shares.
    orgs.sort(key=lambda o: (subject is None or o.pk != subject.pk, o.name.lower()))
    if leader is not None and leader not in orgs:
        orgs.append(leader)
    subject_id = subject.pk if subject else None
    # Read once, shared by the comparison and the three audits.
    channels = read_channels(orgs)
    looks = crosspromo.latest_looks([c.pk for c in channels])
    comparison = compare(orgs, period=period, network=network, leader=leader, subject=subject, channels=channels,
                         start=start, as_of=end)
    found = presence.presence(orgs, subject_id, channels)
    overview = Overview(
        comparison=comparison,
        presence=found,
        crosspromo=crosspromo.crosspromo(orgs, subject_id, channels, looks),
        brand=brand.brand(orgs, subject_id, channels, looks),
        subject=subject,
        sample=any(o.is_sample for o in orgs),
        sync_notes=[f"{NETWORKS.get(c.network, c.network)} {c.handle}: {c.status_detail}" for c in channels
                    if c.organization_id == subject_id and c.status_detail
                    and not (subject is not None and subject.is_sample)],
    )
    if with_charts:
        overview.charts = charts.all_charts(comparison, found, kind=chart_kind, log_scale=log_scale)
    return overview


def _fmt(value: float | int | None, unit: str) -> str:
    from bedside.benchmark.templatetags.benchmark import metric

    return "no data" if value is None else str(metric(value, unit))


def headline(overview: Overview) -> list[str]:
    """The one-page summary's sentences, written from the numbers."""
    c = overview.comparison
    ours, leader = c.ours, c.leader
    if ours is None:
        return ["Mark one organization as ours to see where it stands."]
    if c.as_of is None:
        return [f"There is no history yet for {ours.name} or its peers: sync or import snapshots first."]
    n = len(c.rows)
    lines = []
    for key, label, unit, _ in METRICS:
        rank = ours.rank.get(key)
        counted = sum(1 for r in c.rows if r.values.get(key) is not None)
        if key in ("audience", "growth_month", "engagement", "reply_rate", "share_of_voice"):
            if rank is None:
                lines.append(f"{label}: no data for {ours.name}.")
            else:
                lines.append(
                    f"{label}: {_fmt(ours.values[key], unit)}, rank {rank} of {counted}"
                    + (f" (of {n} compared)" if counted < n else "")
                    + _against(ours.index_leader.get(key), leader.name if leader else None)
                    + "."
                )
    return lines


def _against(index: float | None, leader: str | None) -> str:
    if index is None or leader is None:
        return ""
    return f"; index {index:.0f} against {leader} (= 100)"


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, float):
        return round(value, 4)
    return value


def as_json(overview: Overview) -> dict[str, Any]:
    """The whole overview as plain JSON data (None stays null: "no data")."""
    c = overview.comparison
    return _plain(
        {
            "sample_data": overview.sample,
            "sync_notes": overview.sync_notes,
            "subject": overview.subject.name if overview.subject else None,
            "as_of": c.as_of,
            "growth_window_start": c.start,
            "period": c.period,
            "network": c.network,
            "leader": c.leader.name if c.leader else None,
            "share_of_voice_source": asdict(c.voice) if c.voice else None,
            "metrics": [{"key": k, "label": lab, "unit": u, "higher_is_better": b, **DEFINITIONS[k].as_dict()}
                        for k, lab, u, b in METRICS],
            "definitions": definitions_json(),
            "content_types": {k: LABELS[k] for k in CLASSES},
            "organizations": [asdict(r) for r in c.rows],
            "series": c.series,
            "presence": overview.presence,
            "crosspromo": [{**asdict(a), "linked": a.linked} for a in overview.crosspromo],
            "brand": [
                {
                    "org": b.org,
                    "is_ours": b.is_ours,
                    "channels": [{**asdict(x), "consistent": x.consistent} for x in b.channels],
                }
                for b in overview.brand
            ],
        }
    )
