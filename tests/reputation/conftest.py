"""Our organization with a channel on each review site, the stand-ins for
the sites and the NPPES registry, and a roster of one cardiologist."""

from __future__ import annotations

import pytest

from bedside.channels.models import Channel
from bedside.networks.http import HttpTransport
from bedside.reputation.models import PracticeLocation, Provider
from bedside.workspace.models import Organization
from tests.inbox.alerts.conftest import mailbox  # noqa: F401 - the real SMTP server (low-review alerts)
from tests.standin.google import PLACES_KEY
from tests.standin.server import StandIn
from tests.standin.yelp import API_KEY as YELP_KEY
from tests.workspace.conftest import personas  # noqa: F401 - the shared personas fixture


@pytest.fixture
def ours(db: None) -> Organization:
    org = Organization.objects.create(name="Riverbend Health", is_ours=True, website="https://riverbend.example")
    for network, handle in (("healthgrades", "https://www.healthgrades.com"), ("vitals", "https://www.vitals.com"),
                            ("webmd", "https://doctor.webmd.com"), ("zocdoc", "https://www.zocdoc.com"),
                            ("yelp", "riverbend-health")):
        Channel.objects.create(organization=org, network=network, handle=handle)
    return org


@pytest.fixture
def sites(standin: StandIn, monkeypatch) -> StandIn:
    standin.load("google", "healthgrades", "vitals", "webmd", "zocdoc", "yelp", "nppes")
    for slug in ("google", "healthgrades", "vitals", "webmd", "zocdoc", "yelp"):
        monkeypatch.setenv(f"BEDSIDE_API_BASE_{slug.upper()}", standin.base_url(slug))
    monkeypatch.setenv("BEDSIDE_NPPES_URL", standin.base_url("nppes"))
    monkeypatch.setenv("BEDSIDE_YELP_TOKEN", YELP_KEY)
    monkeypatch.setenv("BEDSIDE_GOOGLE_API_KEY", PLACES_KEY)
    # The polite delay between pages of one site is recorded, not slept.
    monkeypatch.setattr("bedside.channels.credentials.transport", lambda network: HttpTransport(network, sleep=[].append))
    return standin


@pytest.fixture
def okafor(ours: Organization) -> Provider:
    place = PracticeLocation.objects.create(
        organization=ours, name="Riverbend Heart Center", address="1200 River Road, Suite 300", city="Columbus",
        state="OH", zip_code="43215", phone="(555) 201-4410")
    provider = Provider.objects.create(organization=ours, npi="1234567893", first_name="Amara", last_name="Okafor",
                                       credentials="MD", specialties=["207RC0000X"], department="Cardiology",
                                       accepting_new_patients=True)
    provider.locations.add(place)
    return provider
