"""Any Unicode name renders: the benchmark page, the HTML report and the PDF,
with organizations named the ways people and spreadsheets name them."""

from __future__ import annotations

import pytest

from bedside.benchmark.overview import build
from bedside.reports import executive
from tests.benchmark.conftest import channel, history, organization, posts

pytestmark = pytest.mark.django_db

HARD_NAMES = [
    "St. Mary's 🏥", 'The "Best" Clinic', "Back\\slash [North] {x}", "a.b.c", "Ünïcödé – Klinikum", "مستشفى الأمل",
    "👩\u200d⚕️ Care", "Zero\u200bWidth", "  spaced  ", "Long " * 30, "1.5", "=SUM(A1)", "<b>Bold</b> & Co",
]


def test_hard_names_render_everywhere(personas) -> None:
    for n, name in enumerate(HARD_NAMES):
        org = organization(name.strip() or f"blank {n}", ours=n == 0, website=f"https://h{n}.example")
        for net in ("x", "facebook"):
            ch = channel(org, net, f"h{n}")
            history(ch, 1000 + n, 1500 + 3 * n, days=60)
            posts(ch, 4, content_type="health_advice")
    for period in ("week", "month"):
        page = personas["viewer"].client.get(f"/benchmark/?period={period}")
        assert page.status_code == 200, period
        assert "St. Mary&#x27;s 🏥" in page.content.decode()
    html = executive.render_html(build())
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; Co" in html
    assert executive.print_document(build(chart_kind="png")).write_pdf().startswith(b"%PDF-")
