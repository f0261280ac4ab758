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
    # every site has listings, some wrong and some missing, as the first four do
    by_site = overview.summary().missing_by_site
    assert set(by_site) == set(listings.SITES) and all(by_site.values())
    confirmed = Listing.objects.filter(status=Listing.Status.CONFIRMED)
    for site in ("webmd", "zocdoc"):
        assert confirmed.filter(network=site).count() >= 20
        assert any(f["field"] == "phone" for f in overview.fix_list(site))
    # a Zocdoc search's finds wait for a person: the provider's own, and a namesake to reject
    waiting = Listing.objects.filter(status=Listing.Status.CANDIDATE)
    assert sorted(c.extra["match_score"] for c in waiting) == [52, 80, 80]
    before = Listing.objects.count()
    demo.load()
    assert Listing.objects.count() == before
