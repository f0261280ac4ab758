"""The demo's sample messages: fake, triaged, idempotent."""

from __future__ import annotations

import pytest

from bedside.channels.models import Channel
from bedside.inbox import canned, sample
from bedside.inbox.models import Message
from bedside.workspace import people
from bedside.workspace.models import Organization

pytestmark = pytest.mark.django_db


def test_the_demo_loads_triaged_sample_messages_once() -> None:
    people.create_user("reviewer", "a long enough passphrase 7", "compliance")
    ours = Organization.objects.create(name="Riverbend Health", is_ours=True, is_sample=True)
    for network in ("x", "facebook", "instagram", "youtube"):
        Channel.objects.create(organization=ours, network=network, handle="RiverbendHealth")
    assert sample.load() == {"messages": len(sample.SAMPLES)}
    messages = Message.objects.filter(external_id__startswith="inbox-sample-")
    assert all(m.body.startswith("Sample") or m.problem for m in messages)
    assert messages.filter(crisis=True).count() == 1
    assert messages.filter(phi=True).exists() and messages.filter(problem="no text").exists()
    assert not messages.filter(triaged_at__isnull=True).exists()
    assert {c.slug for c, _ in canned.usable()} >= {"thanks", "crisis-988", "takedown-notice"}
    assert sample.load() == {"messages": 0}
