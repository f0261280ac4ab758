"""`bedside posts import FILE`: all or nothing, every bad cell as
FILE, row N, COLUMN: message."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from bedside.cli import main
from bedside.publishing.models import Campaign, Post, Variant

pytestmark = pytest.mark.django_db

HEADER = "title,channels,text,scheduled_at,link,campaign\n"
GOOD = (
    "Flu walk-ins,mastodon:riverbend@mastodon.social,Walk-in flu shots all week at every clinic.,"
    "2026-12-08T09:00-06:00,https://riverbend.example/flu,flu-season\n"
    "Heart month,mastodon:riverbend@mastodon.social,Know the warning signs of a heart attack.,,,\n"
)


def _run(tmp_path, text: str, *extra: str):
    path = tmp_path / "december.csv"
    path.write_text(text, encoding="utf-8")
    return CliRunner().invoke(main, ["posts", "import", str(path), "--author", "mona", *extra])


def test_a_good_file_makes_every_post_and_submits_them(personas, mastodon, tmp_path) -> None:
    Campaign.objects.create(name="Flu season", slug="flu-season")
    done = _run(tmp_path, HEADER + GOOD, "--submit")
    assert done.exit_code == 0, done.output
    assert "Imported 2 post(s) (approved)" in done.output
    flu = Post.objects.get(title="Flu walk-ins")
    assert flu.campaign.slug == "flu-season" and flu.author == personas["manager"].user
    assert flu.variants.get().state == Variant.State.SCHEDULED
    assert Post.objects.get(title="Heart month").variants.get().state == Variant.State.DRAFT  # no time given


@pytest.mark.parametrize(("row", "message"), [
    (",mastodon:riverbend@mastodon.social,Text here.,,,", "december.csv, row 4, title: is empty"),
    ("T,x:nobody,Text here.,,,", "december.csv, row 4, channels: 'x:nobody' is not one of our channels"),
    ("T,mastodon:riverbend@mastodon.social,Text.,2026-12-08 09:00,,",
     "december.csv, row 4, scheduled_at: '2026-12-08 09:00' has no time zone"),
    ("T,mastodon:riverbend@mastodon.social,Text.,next tuesday,,", "december.csv, row 4, scheduled_at: 'next tuesday' is not"),
    ("T,mastodon:riverbend@mastodon.social,Text.,,ftp://x,", "december.csv, row 4, link: The link must be a web address"),
    ("T,mastodon:riverbend@mastodon.social,Text.,,,no-such", "december.csv, row 4, campaign: no campaign has the slug"),
    ("T,mastodon:riverbend@mastodon.social," + "x" * 600 + ",,,", "december.csv, row 4, text: "),
    ("T,mastodon:riverbend@mastodon.social,Text.,,,,extra", "december.csv, row 4: has more cells"),
])
def test_one_bad_cell_saves_nothing_and_says_where(personas, mastodon, tmp_path, row, message) -> None:
    Campaign.objects.create(name="Flu season", slug="flu-season")
    done = _run(tmp_path, HEADER + GOOD + row + "\n")
    assert done.exit_code == 1 and message in done.output, done.output
    assert not Post.objects.exists()


def test_every_bad_cell_is_reported_at_once(personas, mastodon, tmp_path) -> None:
    done = _run(tmp_path, "title,channels,text,colour\n,,,\n")
    assert done.exit_code == 1
    assert "december.csv, row 1, colour: not a column" in done.output
    done = _run(tmp_path, HEADER + ",x:y,,soon,,nope\n")
    lines = [line for line in done.output.splitlines() if line.startswith("december.csv")]
    assert [line.split(":")[0] for line in lines] == [
        "december.csv, row 2, title", "december.csv, row 2, text", "december.csv, row 2, channels",
        "december.csv, row 2, scheduled_at", "december.csv, row 2, campaign"]
    assert not Post.objects.exists()
