"""Fixtures for the alert tests: the Teams and paging stand-ins, a real SMTP
server, and alert rules pointed at them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import time
from typing import Any

import pytest

from bedside.inbox.models import AlertRule, OnCallShift
from tests.standin import pager, smtp
from tests.standin.server import StandIn


@pytest.fixture(autouse=True)
def fresh_overdue_count() -> None:
    """The overdue count is cached for 30 s; each test starts without another's."""
    from django.core.cache import cache

    from bedside.inbox.overdue import CACHE_KEY

    cache.delete(CACHE_KEY)


@pytest.fixture
def mailbox(settings: Any) -> Iterator[smtp.Mailbox]:
    controller, box = smtp.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    yield box
    controller.stop()


@pytest.fixture
def hooks(standin: StandIn) -> StandIn:
    return standin.load("teams", "pager")


def teams_url(server: StandIn) -> str:
    return server.base_url("teams") + "/webhookb2/riverbend/IncomingWebhook/abc"


def pager_url(server: StandIn) -> str:
    return server.base_url("pager") + "/v1/alerts"


def crisis_rule(server: StandIn | None = None, **fields: Any) -> AlertRule:
    """The shipped "Crisis: on-call now" rule, with the stand-ins' webhooks added."""
    rule = AlertRule.objects.get(trigger="crisis")
    if server is not None:
        rule.teams_webhook_url = teams_url(server)
        rule.signed_webhook_url = pager_url(server)
        rule.signing_secret = pager.SECRET
    for name, value in fields.items():
        setattr(rule, name, value)
    rule.save()
    return rule


def always_on_call(user: Any, email: str, tier: int = 1) -> None:
    """Seven all-day shifts (00:00 to 00:00 would be refused: midnight to 23:59 and 23:59 to midnight)."""
    user.email = email
    user.save(update_fields=["email"])
    for day in range(7):
        OnCallShift.objects.create(person=user, weekday=day, starts=time(0, 0), ends=time(23, 59), tier=tier)
        OnCallShift.objects.create(person=user, weekday=day, starts=time(23, 59), ends=time(0, 0), tier=tier)
