"""A batch of triaged messages looks up each trigger's rules and each rule's
targets once (alerts.lookups_once); every message still gets the alerts of
its rules, sent to each rule's own people."""

from __future__ import annotations

import pytest

from bedside.inbox import alerts
from bedside.inbox.intake import triage_stored
from bedside.inbox.models import Alert, AlertDelivery, AlertRule
from tests.inbox.alerts.conftest import always_on_call, crisis_rule

pytestmark = pytest.mark.django_db


def test_each_message_of_a_batch_alerts_every_rule_with_its_own_people(personas, stored, mailbox) -> None:
    always_on_call(personas["reviewer"].user, "rita@riverbend.example")
    crisis_rule()
    AlertRule.objects.create(name="Safeguarding lead", trigger="crisis", email_to="safe@riverbend.example")
    texts = ["i can't go on anymore, i took all my pills tonight", "i want to end it all tonight, goodbye everyone",
             "i've saved up enough tablets to never wake up", "my brother says he is going to kill himself"]
    messages = [stored(text) for text in texts]
    triage_stored([m.pk for m in messages])
    for m in messages:
        m.refresh_from_db()
        assert m.crisis, m.pk
        sent = {a.rule.name: sorted(AlertDelivery.objects.filter(alert=a).values_list("target", flat=True))
                for a in Alert.objects.filter(message=m, trigger="crisis")}
        assert sent == {"Safeguarding lead": ["safe@riverbend.example"],
                        "Crisis: on-call now": ["rita@riverbend.example"]}, m.pk
    assert len(mailbox.to("safe@riverbend.example")) == len(messages)


def test_outside_a_batch_every_lookup_is_fresh(personas) -> None:
    rule = crisis_rule()
    with alerts.lookups_once():
        before = alerts.recipients(rule)
        always_on_call(personas["reviewer"].user, "rita@riverbend.example")
        assert alerts.recipients(rule) == before  # inside: as looked up at first
    assert alerts.recipients(rule) == sorted([*before, "rita@riverbend.example"])
