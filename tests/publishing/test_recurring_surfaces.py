"""Recurring posts and evergreen queues through the pages, the API and the
CLI: the same rules as the modules underneath, each behind its capability."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from django.utils import timezone

from bedside.cli import main
from bedside.publishing import evergreen
from bedside.publishing.models import EvergreenQueue, Post, QueueEntry, Series

pytestmark = pytest.mark.django_db

TIP = "Weekly tip: fresh fruit makes a better snack than chips."
GARDEN = "Our community garden is open to everyone on weekends."
CAFE = "The hospital cafe serves soup every day at noon."


def _json(client, method, path, body=None):
    return getattr(client, method)(f"/api{path}", json.dumps(body) if body is not None else None,
                                   content_type="application/json")


def test_a_manager_makes_a_series_on_the_page_and_pauses_it(personas, mastodon) -> None:
    mona = personas["manager"].client
    form = mona.get("/publishing/series/new/")
    assert form.status_code == 200 and b"Weekly, on" in form.content
    refused = mona.post("/publishing/series/new/", {"name": "", "title": "Tip", "body": TIP, "channel": [mastodon.pk],
                                                    "frequency": "weekly", "time": "25:00", "starts_on": "soon"})
    assert refused.status_code == 200
    for said in (b"Name the series", b"is not a time", b"is not a date"):
        assert said in refused.content
    assert not Post.objects.exists()
    today = timezone.localdate()
    made = mona.post("/publishing/series/new/", {
        "name": "Weekly health tip", "title": "Tip", "body": TIP, "channel": [mastodon.pk], "frequency": "weekly",
        "weekdays": [str(today.weekday()), str((today.weekday() + 2) % 7)], "interval": "1", "time": "10:00",
        "time_zone": "America/New_York", "starts_on": today.isoformat()})
    series = Series.objects.get()
    assert made.status_code == 302 and made["Location"] == f"/publishing/series/{series.pk}/"
    page = mona.get(made["Location"])
    assert b"Still to come" in page.content and b"America/New_York" in page.content
    assert series.occurrences.count() >= 7
    assert b"Weekly health tip" in mona.get("/publishing/series/").content
    mona.post(f"/publishing/series/{series.pk}/state/", {"state": "paused"})
    assert Series.objects.get().state == "paused" and not series.occurrences.filter(
        occurrence_at__gt=timezone.now()).exists()
    assert personas["reviewer"].client.post(f"/publishing/series/{series.pk}/state/", {"state": "active"}).status_code == 403


def test_a_queue_on_its_page_add_reorder_remove(personas, mastodon) -> None:
    mona = personas["manager"].client
    made = mona.post("/publishing/queues/new/", {"name": "Evergreen", "channel": [mastodon.pk],
                                                 "slots": "Mon 10:00, Wed 10:00, Fri 10:00", "min_gap_days": "0",
                                                 "time_zone": "UTC"})
    queue = EvergreenQueue.objects.get()
    assert made.status_code == 302
    for title, text in (("Garden", GARDEN), ("Cafe", CAFE)):
        mona.post(f"/publishing/queues/{queue.pk}/posts/", {"title": title, "body": text})
    garden, cafe = QueueEntry.objects.filter(queue=queue)
    page = mona.get(f"/publishing/queues/{queue.pk}/")
    assert page.content.index(b"Garden") < page.content.index(b"Cafe")
    first = queue.occurrences.order_by("occurrence_at").first()
    assert first.title == "Garden"
    mona.post(f"/publishing/queues/{queue.pk}/entries/{cafe.pk}/", {"action": "up"})
    assert queue.occurrences.order_by("occurrence_at").first().title == "Cafe"
    mona.post(f"/publishing/queues/{queue.pk}/entries/{cafe.pk}/", {"action": "remove"})
    assert set(queue.occurrences.values_list("title", flat=True)) == {"Garden"}
    assert list(QueueEntry.objects.filter(queue=queue)) == [garden]


def test_the_api_makes_changes_and_pauses_series_and_queues(personas, mastodon) -> None:
    mona = personas["manager"].client
    today = timezone.localdate()
    answer = _json(mona, "post", "/publishing/series", {
        "name": "Weekly health tip", "title": "Tip", "text": TIP, "channel_ids": [mastodon.pk],
        "weekdays": [today.weekday()], "time": "09:30", "time_zone": "Europe/Berlin", "starts_on": str(today),
        "count": 3})
    assert answer.status_code == 201, answer.content
    made = answer.json()
    assert made["template_state"] == "approved" and 1 <= len(made["upcoming"]) <= 3
    assert made["rule"].startswith("Weekly on") and "3 times" in made["rule"]
    bad = _json(mona, "put", f"/publishing/series/{made['id']}", {"name": "x", "frequency": "monthly",
                                                                   "time": "09:00", "starts_on": str(today)})
    assert bad.status_code == 422 and "day_of_month" in bad.json()["errors"]
    paused = _json(mona, "post", f"/publishing/series/{made['id']}/state", {"state": "paused"})
    assert paused.json()["state"] == "paused" and paused.json()["upcoming"] == []
    queue = _json(mona, "post", "/publishing/queues", {"name": "Evergreen", "channel_ids": [mastodon.pk],
                                                       "slots": "Tue 10:00, Thu 10:00", "min_gap_days": 0})
    assert queue.status_code == 201, queue.content
    qid = queue.json()["id"]
    for title, text in (("Garden", GARDEN), ("Cafe", CAFE)):
        assert _json(mona, "post", f"/publishing/queues/{qid}/entries", {"title": title, "text": text}).status_code == 201
    got = _json(mona, "get", f"/publishing/queues/{qid}").json()
    ids = [e["id"] for e in got["entries"]]
    assert [e["title"] for e in got["entries"]] == ["Garden", "Cafe"] and len(got["upcoming"]) >= 7
    again = _json(mona, "post", f"/publishing/queues/{qid}/order", {"entry_ids": ids[::-1]}).json()
    assert [e["title"] for e in again["entries"]] == ["Cafe", "Garden"]
    first = Post.objects.get(pk=again["upcoming"][0]["post_id"])
    assert first.title == "Cafe"
    assert _json(mona, "post", f"/publishing/queues/{qid}/order", {"entry_ids": ids[:1]}).status_code == 422
    left = mona.delete(f"/api/publishing/queues/{qid}/entries/{ids[1]}").json()
    assert [e["title"] for e in left["entries"]] == ["Garden"]
    assert _json(personas["reviewer"].client, "get", "/publishing/queues").status_code == 200
    assert _json(personas["reviewer"].client, "post", "/publishing/queues", {
        "name": "No", "channel_ids": [], "slots": ""}).status_code == 403


def test_the_cli_lists_and_pauses(personas, mastodon) -> None:
    mona = personas["manager"]
    _json(mona.client, "post", "/publishing/series", {
        "name": "Weekly health tip", "title": "Tip", "text": TIP, "channel_ids": [mastodon.pk],
        "weekdays": [1, 4], "time": "10:00", "time_zone": "UTC", "starts_on": str(timezone.localdate())})
    queue = evergreen.save(mona.user, name="Evergreen", channels=[mastodon], slots="Tue 10:00")
    evergreen.add_post(queue, mona.user, title="Garden", text=GARDEN)
    runner = CliRunner()
    listed = runner.invoke(main, ["posts", "series", "list"])
    assert listed.exit_code == 0 and "Weekly health tip" in listed.output and "active" in listed.output
    assert TIP not in listed.output  # titles only, like `posts list`
    series = Series.objects.get()
    paused = runner.invoke(main, ["posts", "series", "pause", str(series.pk)])
    assert paused.exit_code == 0 and "paused; removed" in paused.output
    assert not series.occurrences.exists()
    assert runner.invoke(main, ["posts", "series", "pause", "999"]).exit_code != 0
    resumed = runner.invoke(main, ["posts", "series", "pause", str(series.pk), "--resume"])
    assert resumed.exit_code == 0 and series.occurrences.exists()
    queues = runner.invoke(main, ["posts", "queue", "list"])
    assert queues.exit_code == 0 and "Evergreen" in queues.output and "Tue 10:00" in queues.output
