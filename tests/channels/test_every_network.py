"""Adding a network is a client module, one registry entry, its stand-in and
its tests: everything else that lists networks reads the registry. Each test
here names the place that would have to learn about a new network if it ever
went back to a list of its own, and fails for that network."""

from __future__ import annotations

from pathlib import Path

import pytest

from bedside.benchmark.presence import presence
from bedside.channels import connect
from bedside.channels.forms import ChannelForm
from bedside.channels.handles import known_network, network_choices
from bedside.channels.models import Channel
from bedside.inbox.views.setup import RuleForm
from bedside.networks import limits
from bedside.networks.registry import NETWORKS, client_class, slugs
from bedside.workspace.models import Organization

ROOT = Path(__file__).resolve().parents[2]
KINDS = {"social", "feed", "website", "listing"}


@pytest.mark.parametrize("network", slugs())
def test_it_has_a_stand_in_and_tests_of_its_own(network) -> None:
    assert (ROOT / "tests" / "standin" / f"{network}.py").is_file(), f"no stand-in for {network}"
    assert (ROOT / "tests" / "networks" / f"test_{network}.py").is_file(), f"no client tests for {network}"


@pytest.mark.parametrize("network", slugs())
def test_channels_and_routing_rules_offer_it_without_a_migration(network) -> None:
    known_network(network)  # the model's validator: raises for a slug it does not know
    assert (network, NETWORKS[network]) in network_choices()
    form = ChannelForm(organization=Organization(name="Riverbend Health"))
    assert network in dict(form.fields["network"].choices)
    assert network in dict(RuleForm().fields["match_network"].choices)
    assert Channel(network=network).get_network_display() == NETWORKS[network]


@pytest.mark.django_db
@pytest.mark.parametrize("network", slugs())
def test_the_presence_audit_counts_it_by_what_kind_of_account_it_is(network) -> None:
    kind = client_class(network).kind
    assert kind in KINDS, f"{network}: kind {kind!r} is none of {sorted(KINDS)}"
    org = Organization.objects.create(name="Riverbend Health", is_ours=True)
    handle = "https://riverbend.example/feed" if client_class(network).handle_is_url else "riverbend"
    channel = Channel.objects.create(organization=org, network=network, handle=handle)
    found = presence([org], channels=[channel])
    assert (network in found["columns"]) == (kind == "social")
    if kind == "social":
        assert found["matrix"][0]["present"][network] is True
    elif kind == "feed":
        assert found["matrix"][0]["present"]["blog"] is True


@pytest.mark.parametrize("network", slugs())
def test_the_connect_flow_follows_what_its_client_offers(network) -> None:
    cls = client_class(network)
    offers = callable(getattr(cls, "authorize_url", None)) and callable(getattr(cls, "exchange_code", None))
    assert connect.supports(Channel(network=network)) == offers
    if callable(getattr(cls, "refresh", None)):
        assert offers, f"{network} refreshes tokens it has no way to get"


@pytest.mark.parametrize("network", slugs())
def test_its_text_limits_are_known_where_it_takes_text(network) -> None:
    capabilities = client_class(network).capabilities
    assert ("reply" in capabilities) == (network in limits.REPLY), f"{network}: reply limit vs capability"
    if "publish" in capabilities:
        assert network in limits.POST, f"{network} publishes with no post limit"


@pytest.mark.parametrize("network", slugs())
def test_the_snapshot_csv_guide_names_it(network) -> None:
    guide = (ROOT / "docs" / "snapshot-csv.md").read_text()
    assert f"`{network}`" in guide, f"docs/snapshot-csv.md does not list {network}"
