from __future__ import annotations

import pytest

from bedside import demo
from bedside.reputation import listings, overview
from bedside.reputation.models import Listing, Provider

pytestmark = pytest.mark.django_db


def test_the_demo_has_about_40_providers_with_findings_to_act_on(monkeypatch):
    """One test (loading the demo costs seconds): what a person opening the
    Reputation section of the demo must find, and nothing twice on a reload."""
    monkeypatch.setenv("BEDSIDE_DEMO_PASSWORD", "a demo passphrase 12")
    demo.load()
    assert Provider.objects.filter(organization__is_ours=True).count() == 40
    found = overview.summary()
    assert found.missing > 0 and 0 < found.fixes < found.listings / 2
    assert found.below and found.at_risk
    assert found.unanswered > 0
    fixes = {f["field"] for site in listings.SITES for f in overview.fix_list(site)}
    assert fixes == {"phone", "address"}
    # the fresh one-star review is tied to a provider through their Google listing
    assert any(r.stars[0] and r.sites["google"]["count"] for r in overview.provider_rows())
    before = Listing.objects.count()
    demo.load()
    assert Listing.objects.count() == before
