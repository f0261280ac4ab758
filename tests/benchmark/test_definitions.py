"""Every compared metric says what it counts, from what, over which period:
one text, one click from the page's numbers, in the report's appendix and in the API."""

from __future__ import annotations

import re

import pytest

from bedside.benchmark.comparison import METRIC_KEYS
from bedside.benchmark.definitions import DEFINITIONS
from bedside.benchmark.overview import build
from bedside.reports import executive

pytestmark = pytest.mark.django_db


def test_every_compared_metric_has_a_definition_with_source_and_period() -> None:
    for key in [*METRIC_KEYS, "index"]:
        d = DEFINITIONS[key]
        assert d.counts and d.source and d.period, key


def test_each_column_of_the_page_links_to_its_definition_on_the_same_page(personas, peer_set) -> None:
    page = personas["viewer"].client.get("/benchmark/").content.decode()
    targets = set(re.findall(r'href="#def-([a-z_]+)"', page))
    assert {"audience", "engagement", "talking_about", "reply_rate", "share_of_voice", "index"} <= targets
    for key in targets:
        assert f'id="def-{key}"' in page
    assert DEFINITIONS["talking_about"].source in page.replace("&#x27;", "'")


def test_the_report_has_the_definitions_as_an_appendix(peer_set) -> None:
    html = executive.render_html(build())
    appendix = html[html.index('id="appendix"'):]
    assert all(f'id="def-{key}"' in appendix for key in METRIC_KEYS)


def test_the_api_gives_each_metric_its_definition(personas, peer_set) -> None:
    data = personas["viewer"].client.get("/api/benchmark").json()
    by_key = {m["key"]: m for m in data["metrics"]}
    assert by_key["reply_rate"]["counts"] == DEFINITIONS["reply_rate"].counts
    assert by_key["engagement"]["period"] == DEFINITIONS["engagement"].period
    assert {d["key"] for d in data["definitions"]} >= {"index", *METRIC_KEYS}
