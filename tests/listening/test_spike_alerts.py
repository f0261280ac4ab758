"""A spike in a search's mentions raises an alert through the inbox's alert
rules (recorded per recipient and transport, through a real SMTP server, a
Teams webhook and a signed paging webhook), once per spike, linking to the
mentions that made it."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
from django.utils import timezone

from bedside.inbox.models import Alert, AlertDelivery, AlertRule
from bedside.listening import collect, spike_alerts
from bedside.listening.models import SavedSearch
from bedside.listening.sources import Found
from bedside.workspace.models import Organization
from tests.inbox.alerts.conftest import pager_url, teams_url
from tests.standin import pager
from tests.standin.smtp import subject

pytestmark = pytest.mark.django_db

# Our own rows, one per day of history; none is a corpus sentence.
ORDINARY = [
    "The new parking signs at Riverbend are easier to follow",
    "Had my physical at Riverbend, quick visit",
    "Riverbend lobby coffee got better",
    "Riverbend posted the flu clinic hours",
]


@pytest.fixture
def search(db: None) -> SavedSearch:
    org = Organization.objects.create(name="Riverbend Health", is_ours=True)
    return SavedSearch.objects.create(organization=org, name="Brand", query="riverbend", sources=[])


def _rule(**fields: Any) -> AlertRule:
    return AlertRule.objects.create(name="Listening spikes", trigger="mention_spike", **fields)


def _store(search: SavedSearch, day: datetime, n: int, tag: str) -> None:
    found = [
        Found(
            "bluesky",
            f"{tag}-{day:%Y%m%d}-{i}",
            f"person{i}.example",
            "",
            f"{ORDINARY[i % 4]} ({tag} {i})",
            "",
            "en",
            day + timedelta(minutes=i),
        )
        for i in range(n)
    ]
    collect.store(search, search.parsed(), found, collect.Outcome())


def _history(search: SavedSearch, today: datetime) -> None:
    for back in range(1, 15):
        _store(search, today - timedelta(days=back), 1 + back % 3, "usual")


def _today() -> datetime:
    return datetime.combine(timezone.now().date(), time.min, tzinfo=UTC)


def test_a_spike_alerts_every_transport_once_with_a_link_to_its_mentions(
    search,
    mailbox,
    hooks,
    client,
    django_user_model,
) -> None:
    rule = _rule(
        email_to="comms@riverbend.example",
        teams_webhook_url=teams_url(hooks),
        signed_webhook_url=pager_url(hooks),
        signing_secret=pager.SECRET,
    )
    today = _today()
    _history(search, today)
    _store(search, today, 14, "burst")

    assert collect.run(search).alerts == 1
    [alert] = Alert.objects.filter(rule=rule, trigger="mention_spike")
    assert {d.transport: d.status for d in alert.deliveries.all()} == {
        "email": "sent",
        "teams": "sent",
        "signed": "sent",
    }
    link = f"/listening/{search.pk}/?day={today:%Y-%m-%d}"
    [mail] = mailbox.to("comms@riverbend.example")
    assert subject(mail).startswith("[Bedside] Listening: mentions far above a search's usual volume")
    assert "“Brand” about Riverbend Health: 14 mentions on" in mail.get_payload()
    assert (
        link in mail.get_payload() and "parking" not in mail.as_string()
    )  # counts and names, no mention text
    [card] = hooks.teams_cards
    assert link in str(card)
    [page] = hooks.pages
    assert page["event"] == "mention_spike" and page["message"] is None

    # More of the same spike, and later runs: no second alert.
    _store(search, today + timedelta(hours=1), 6, "more")
    assert collect.run(search).alerts == 0 and collect.run(search).alerts == 0
    assert Alert.objects.filter(trigger="mention_spike").count() == 1 and len(mailbox.received) == 1

    # The link shows that day's mentions, and only that day's.
    from bedside.workspace import people

    people.create_user("ada", "a long enough passphrase 7", "admin")
    client.login(username="ada", password="a long enough passphrase 7")
    html = client.get(link).content.decode()
    assert f"Mentions on {today:%Y-%m-%d}" in html and "All 20 mentions posted that day" in html
    assert html.count("Open<span") == 20


def test_a_failed_delivery_is_recorded_and_retried_like_any_alert(search, mailbox) -> None:
    mailbox.refuse.add("comms@riverbend.example")
    _rule(email_to="comms@riverbend.example")
    today = _today()
    _history(search, today)
    _store(search, today, 12, "burst")
    collect.run(search)
    delivery = AlertDelivery.objects.get(alert__trigger="mention_spike")
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    assert "550" in delivery.last_error and delivery.next_attempt_at is not None


def test_no_alert_without_a_rule_below_the_minimum_or_for_an_old_spike(search, mailbox) -> None:
    today = _today()
    _history(search, today)
    _store(search, today, 9, "small")  # far above a usual 2 a day, but under the minimum of 10
    assert collect.run(search).alerts == 0  # and no rule yet
    _rule(email_to="comms@riverbend.example")
    assert collect.run(search).alerts == 0
    # A big day three weeks ago (a first run fetching history) is on the page, not news.
    old = today - timedelta(days=21)
    for back in range(1, 15):
        _store(search, old - timedelta(days=back), 2, "old")
    _store(search, old, 30, "oldburst")
    assert spike_alerts.raise_for(search) == 0 and mailbox.received == []
    assert spike_alerts.raise_for(search, now=old + timedelta(hours=20)) == 1


def test_a_day_that_is_not_a_date_is_said_and_the_period_shown(search, client) -> None:
    from bedside.workspace import people

    people.create_user("ada", "a long enough passphrase 7", "admin")
    client.login(username="ada", password="a long enough passphrase 7")
    html = client.get(f"/listening/{search.pk}/?day=yesterday", follow=True).content.decode()
    assert "is not a date; write it as YYYY-MM-DD" in html and "The latest 50 of the period" in html
