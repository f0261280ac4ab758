"""Publishing fixtures: personas (from the workspace tests), our
organization with a Mastodon channel whose stand-in keeps what is posted."""

from __future__ import annotations

from typing import Any

import pytest

from bedside.channels.models import Channel
from bedside.workspace.models import Organization
from tests.publishing.timeline import TOKEN, Timeline
from tests.workspace.conftest import org, personas  # noqa: F401 - fixtures, used by name


@pytest.fixture
def ours(db: None) -> Organization:
    return Organization.objects.create(name="Riverbend Health", is_ours=True, website="https://riverbend.example")


@pytest.fixture
def mastodon(ours: Organization) -> Channel:
    return Channel.objects.create(organization=ours, network="mastodon", handle="riverbend@mastodon.social",
                                  credentials={"token": TOKEN})


@pytest.fixture
def timeline(standin: Any, monkeypatch: pytest.MonkeyPatch) -> Timeline:
    monkeypatch.setenv("BEDSIDE_API_BASE_MASTODON", standin.base_url("mastodon"))
    line = Timeline(standin)
    line.server = standin  # type: ignore[attr-defined]
    return line
