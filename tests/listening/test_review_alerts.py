"""A public mention with crisis language reaches people through the inbox's
own crisis alert rules (a real SMTP server here), once, with a link to the
mention and never its text; the dashboard counts mentions waiting for
compliance."""

from __future__ import annotations

from typing import Any

import pytest

from bedside.inbox.models import Alert, AlertRule
from bedside.listening import collect
from bedside.listening.models import Mention, SavedSearch
from bedside.workspace import people
from bedside.workspace.models import Organization
from tests.standin.smtp import subject

pytestmark = pytest.mark.django_db


@pytest.fixture
def search(db: None, standin: Any, monkeypatch: pytest.MonkeyPatch) -> SavedSearch:
    standin.load("bluesky")
    monkeypatch.setenv("BEDSIDE_API_BASE_BLUESKY", standin.base_url("bluesky"))
    org = Organization.objects.create(name="Riverbend Health", is_ours=True)
    return SavedSearch.objects.create(organization=org, name="Brand", query="riverbend", sources=["bluesky"])


def test_a_crisis_mention_alerts_the_crisis_rule_once_without_its_text(search, mailbox) -> None:
    AlertRule.objects.filter(trigger="crisis").update(enabled=False)  # the shipped rule pages whoever is on call
    AlertRule.objects.create(name="Crisis to the on-call line", trigger="crisis", email_to="oncall@riverbend.example")
    outcome = collect.run(search)
    flagged = Mention.objects.get(needs_review=True)
    [mail] = mailbox.to("oncall@riverbend.example")
    body = mail.get_payload()
    assert "Crisis" in subject(mail) and "“Brand”" in subject(mail)
    assert f"/listening/mentions/{flagged.pk}/" in body
    assert "wake up" not in body and "wake up" not in subject(mail)  # the mention's words stay in Bedside
    assert outcome.alerts == 1
    collect.run(search)  # the same mention read again: no second alert
    assert len(mailbox.to("oncall@riverbend.example")) == 1
    assert Alert.objects.filter(trigger="crisis").count() == 1


def test_without_a_crisis_rule_nothing_is_sent_but_the_dashboard_says_it_waits(search, mailbox, client) -> None:
    AlertRule.objects.filter(trigger="crisis").update(enabled=False)
    collect.run(search)
    assert mailbox.received == []
    reader = people.create_user("rhea", "a long passphrase for rhea 1", "responder")
    client.force_login(reader)
    page = client.get("/", HTTP_HOST="127.0.0.1").content.decode()
    assert "1 public mention(s) waiting for compliance, 1 with crisis language" in page
    Mention.objects.update(needs_review=False)
    assert "waiting for compliance" not in client.get("/", HTTP_HOST="127.0.0.1").content.decode()


def test_every_flagged_mention_of_a_batch_alerts_every_rule_with_its_own_targets(search, mailbox) -> None:
    from datetime import UTC, datetime

    from bedside.inbox.models import AlertDelivery
    from bedside.listening.sources import Found

    AlertRule.objects.filter(trigger="crisis").update(enabled=False)
    AlertRule.objects.create(name="On-call line", trigger="crisis", email_to="oncall@riverbend.example")
    AlertRule.objects.create(name="Safeguarding", trigger="crisis", email_to="safe@riverbend.example, lead@riverbend.example")
    texts = ["riverbend, i don't want to wake up tomorrow", "at riverbend again and i want to end it all tonight",
             "riverbend car park is fine today", "riverbend: i have saved enough pills to never wake up"]
    found = [Found("bluesky", f"at://x/{i}", f"user{i}", "", text, "", "en", datetime.now(UTC))
             for i, text in enumerate(texts)]
    outcome = collect.Outcome()
    fresh = collect.store(search, search.parsed(), found, outcome, org_names=("Riverbend Health",))
    flagged = sorted(m.pk for m in fresh if m.crisis)
    assert len(flagged) == 3
    assert outcome.alerts == 2 * len(flagged)
    for pk in flagged:
        by_rule = {a.rule.name: a for a in Alert.objects.filter(trigger="crisis", key__endswith=f":mention:{pk}")}
        assert set(by_rule) == {"On-call line", "Safeguarding"}
        assert f"/listening/mentions/{pk}/" in by_rule["On-call line"].link
        targets = {rule: sorted(AlertDelivery.objects.filter(alert=a).values_list("target", flat=True))
                   for rule, a in by_rule.items()}
        assert targets == {"On-call line": ["oncall@riverbend.example"],
                           "Safeguarding": ["lead@riverbend.example", "safe@riverbend.example"]}
    assert len(mailbox.to("oncall@riverbend.example")) == len(flagged)
    assert len(mailbox.to("safe@riverbend.example")) == len(flagged)
