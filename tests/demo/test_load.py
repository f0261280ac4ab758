"""The demo assembles every app's sample data, and loading it again over a
demo made by an older release (whose organization was named with a
" (sample)" suffix) keeps that organization rather than adding a second one."""

from __future__ import annotations

import pytest

from bedside import demo
from bedside.channels.models import Channel
from bedside.inbox.models import Message
from bedside.workspace.models import Organization


@pytest.fixture(autouse=True)
def _password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BEDSIDE_DEMO_PASSWORD", "a demo password for the tests 9")


@pytest.mark.django_db
def test_it_loads_each_apps_sample_data_in_turn() -> None:
    created = demo.load()
    ours = Organization.objects.get(is_ours=True)
    assert ours.name == "Riverbend Health" and ours.is_sample
    assert created["organizations"] == 5 and created["channels"] == Channel.objects.count() > 0
    assert Message.objects.filter(channel__organization=ours).exists()  # the inbox's part, on our channels
    youtube = Channel.objects.get(organization=ours, network="youtube")
    assert youtube.handle == "@RiverbendHealth"  # stored in the client's own form, as a person's would be


@pytest.mark.django_db
def test_loading_again_over_an_older_demo_keeps_its_organization() -> None:
    Organization.objects.create(name="Riverbend Health (sample)", is_ours=True, is_sample=True)
    demo.load()
    assert Organization.objects.filter(is_ours=True).count() == 1
    assert demo.load().get("organizations", 0) == 0  # and again: nothing new


@pytest.mark.django_db
def test_the_sample_crisis_reaches_the_on_call_responder(mailoutbox: list) -> None:
    """A first look at the demo shows a crisis handled as in real use: the
    on-call responder was e-mailed and the message is not marked "reached
    nobody" (which would also make the deployment checks warn)."""
    from bedside.inbox import escalation

    demo.load()
    crisis = Message.objects.get(crisis=True, extra__sample=True)
    reached = escalation.reach(crisis)
    assert reached.state == "reached"
    assert {d.target for d in reached.deliveries} == {"responder@riverbend-health.example"}
    assert not escalation.unreached().exists()
    assert any("responder@riverbend-health.example" in m.to for m in mailoutbox)


@pytest.mark.django_db
def test_no_alert_of_a_fresh_demo_shows_as_undelivered(mailoutbox: list) -> None:
    """Every alert the sample data raises (crisis, routed, low review) reaches
    a made-up address; a fresh demo that opened on failed deliveries would
    teach people to ignore the red."""
    from bedside.inbox.models import Alert, AlertDelivery
    from bedside.reputation.models import DepartmentLeader

    demo.load()
    assert Alert.objects.filter(trigger="low_review").exists()
    assert [a.errors for a in Alert.objects.exclude(errors=[])] == []
    assert not AlertDelivery.objects.exclude(status=AlertDelivery.Status.SENT).exists()
    assert any("patient-relations@riverbend-health.example" in m.to for m in mailoutbox)
    assert DepartmentLeader.objects.get(department="Cardiology").leader.username == "manager"
