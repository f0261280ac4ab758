"""The demo's listening: searches with ninety days of sample mentions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from bedside.listening import analytics, sample
from bedside.listening.models import Mention, SavedSearch
from bedside.workspace.models import Organization

pytestmark = pytest.mark.django_db


def test_the_sample_shows_volume_a_spike_and_one_mention_for_compliance_and_loads_once() -> None:
    Organization.objects.create(name="Riverbend Health", is_ours=True, is_sample=True)
    Organization.objects.create(name="Lakeside Medical", is_sample=True)
    Organization.objects.create(name="A real peer")  # not sample data: no search made about it
    loaded = sample.load()
    assert set(SavedSearch.objects.values_list("name", flat=True)) == {"Riverbend Health brand", "Lakeside Medical brand"}
    assert loaded["mentions"] == Mention.objects.count() > 500
    assert all(m.body.startswith("Sample:") for m in Mention.objects.all()[:50])
    ours = SavedSearch.objects.get(name="Riverbend Health brand")
    now = timezone.now()
    spikes = analytics.spikes(analytics.volume(ours, now - timedelta(days=60), now))
    assert [(now.date() - s.day).days for s in spikes] == [15]  # the burst two weeks before yesterday
    assert Mention.objects.filter(needs_review=True, crisis=True).count() == 1
    assert sample.load() == {"mentions": 0}
