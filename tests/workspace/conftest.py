"""Personas, built once per test: one per role, plus an outsider with no role."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from bedside.channels.models import Channel
from bedside.workspace import people
from bedside.workspace.models import Organization

PASSWORD = "correct horse battery staple 9"


@dataclass
class Persona:
    user: Any
    client: Client


def _persona(username: str, role: str | None) -> Persona:
    if role is None:
        user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    else:
        user = people.create_user(username, PASSWORD, role)
    client = Client()
    client.force_login(user)
    return Persona(user, client)


@pytest.fixture
def personas(db: None) -> dict[str, Persona]:
    return {
        "admin": _persona("alice", "admin"),
        "manager": _persona("mona", "social_manager"),
        "responder": _persona("ray", "responder"),
        "reviewer": _persona("rita", "compliance"),
        "viewer": _persona("vic", "viewer"),
        "outsider": _persona("oscar", None),
    }


@pytest.fixture
def org(db: None) -> Organization:
    ours = Organization.objects.create(name="Riverbend Health", is_ours=True, website="https://riverbend.example")
    Channel.objects.create(organization=ours, network="x", handle="RiverbendHealth")
    return ours


@pytest.fixture
def peer(db: None) -> Organization:
    return Organization.objects.create(name="Lakeside Medical Center")
