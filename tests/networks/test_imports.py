from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bedside.networks.imports import (
    FORMATS,
    FileError,
    ImportError_,
    RowError,
    UnknownFormat,
    detect_format,
    read_file,
)
from bedside.networks.records import Post, ProfileStats

SAMPLES = Path(__file__).parent / "samples"
FACEBOOK = SAMPLES / "Facebook Insights Data Export - Riverside Health - 2024-03-31.csv"
X = SAMPLES / "tweet_activity_metrics_RiversideHealth_20240301_20240331_en.csv"
YOUTUBE = SAMPLES / "Table data.csv"


def errors_by_row(result) -> dict[int, tuple[str, str]]:
    return {e.row: (e.field, e.message) for e in result.errors}


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (SAMPLES / "snapshots.csv", "bedside-snapshots"),
        (SAMPLES / "snapshots-excel-semicolons.csv", "bedside-snapshots"),
        (FACEBOOK, "facebook-insights"),
        (X, "x-tweet-activity"),
        (YOUTUBE, "youtube-studio"),
        (SAMPLES / "Riverside Health-Posts-Mar-01-2024_Mar-31-2024.csv", "meta-content"),
        (SAMPLES / "riversidehealth-Instagram-Posts.csv", "meta-content"),
    ],
)
def test_it_detects_the_format_from_the_header_row(path, expected):
    assert detect_format(path) == expected
    assert read_file(path).format == expected


def test_it_names_the_formats_it_knows_when_the_header_is_unknown(tmp_path):
    path = tmp_path / "mystery.csv"
    path.write_text("when,what,how many\n2024-03-01,posts,3\n")
    with pytest.raises(UnknownFormat) as caught:
        detect_format(path)
    assert str(path) in str(caught.value)
    assert "'when'" in str(caught.value)
    assert all(name in str(caught.value) for name in FORMATS)
    assert isinstance(caught.value, ImportError_)


def test_it_reads_the_snapshot_csv(tmp_path):
    result = read_file(SAMPLES / "snapshots.csv")
    assert result.ok
    assert len(result.records) == 4
    facebook, x, youtube, instagram = result.records
    assert isinstance(facebook, ProfileStats)
    assert facebook.network == "facebook" and facebook.handle == "RiversideHealth"
    assert facebook.taken_at == datetime(2024, 3, 1, tzinfo=UTC)
    assert facebook.followers == 48210  # "48,210" as a spreadsheet writes it
    assert facebook.following is None  # an empty cell is unknown, never 0
    assert facebook.posts == 3120
    assert facebook.extra == {"likes": 47980, "talking_about": 1204}
    assert x.extra == {"engagements": 2210}
    assert youtube.extra == {"views": 1203344}
    assert result.organizations == {
        ("facebook", "RiversideHealth"): "Riverside Health",
        ("x", "RiversideHealth"): "Riverside Health",
        ("youtube", "@RiversideHealth"): "Riverside Health",
        ("instagram", "mayoclinic"): "Mayo Clinic",
    }


def test_it_reads_a_snapshot_csv_saved_by_excel_with_semicolons():
    result = read_file(SAMPLES / "snapshots-excel-semicolons.csv")
    assert result.ok
    assert [(r.network, r.handle, r.followers) for r in result.records] == [("bluesky", "riversidehealth.org", 812)]


def test_it_rejects_a_row_without_a_date():
    result = read_file(SAMPLES / "snapshots-with-errors.csv")
    assert errors_by_row(result)[3] == ("date", "is empty")


def test_it_collects_every_row_error_naming_file_row_and_field():
    path = SAMPLES / "snapshots-with-errors.csv"
    result = read_file(path)
    assert [r.handle for r in result.records] == ["RiversideHealth"]  # only row 2 is good
    found = [(e.row, e.field) for e in result.errors]
    assert found == [
        (3, "date"),
        (4, "network"),
        (5, "followers"),
        (5, "posts"),
        (6, "organization"),
        (7, "date"),
        (8, "organization"),
    ]
    assert all(isinstance(e, RowError) and e.path == str(path) for e in result.errors)
    message = str(result.errors[2])
    assert message.startswith(f"{path}, row 5, followers:") and "'12.5k'" in message
    assert "negative" in result.errors[3].message
    assert "myspace" in result.errors[1].message
    assert "row 2" in result.errors[5].message  # the duplicate names the first row
    assert "'Riverside Health'" in result.errors[6].message


def test_it_refuses_a_file_that_is_not_the_format_asked_for():
    with pytest.raises(FileError, match="lacks"):
        read_file(X, format="bedside-snapshots")
    with pytest.raises(FileError, match="unknown format"):
        read_file(X, format="myspace")


def test_it_refuses_an_empty_or_missing_file(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("\n\n")
    with pytest.raises(FileError, match="empty"):
        read_file(empty)
    with pytest.raises(FileError, match="cannot read"):
        read_file(tmp_path / "nope.csv")


def test_it_reads_the_facebook_page_insights_export():
    result = read_file(FACEBOOK, handle="RiversideHealth", organization="Riverside Health")
    assert result.ok
    assert [r.taken_at.day for r in result.records] == [29, 30, 31]  # the descriptions row is skipped
    last = result.records[-1]
    assert last.network == "facebook" and last.handle == "RiversideHealth" and last.name == "Riverside Health"
    assert last.followers == 48210
    assert last.extra == {
        "new_likes": 9, "unlikes": 4, "engaged_users": 702, "reach": 15220,
        "impressions": 28730, "page_views": 255, "negative_feedback": 1,
    }
    assert "negative_feedback" not in result.records[1].extra  # empty cell: unknown
    assert result.organizations == {("facebook", "RiversideHealth"): "Riverside Health"}


def test_it_falls_back_to_the_page_name_in_the_facebook_file_name():
    assert read_file(FACEBOOK).records[0].handle == "Riverside Health"


def test_it_reads_the_x_tweet_activity_export():
    result = read_file(X, organization="Riverside Health")
    assert result.ok
    first = result.records[0]
    assert isinstance(first, Post)
    assert first.external_id == "1765432109876543210"
    assert first.author_handle == "RiversideHealth"
    assert first.published_at == datetime(2024, 3, 6, 14, 30, tzinfo=UTC)
    assert (first.views, first.likes, first.comments, first.shares) == (12840, 187, 9, 42)
    assert first.extra["engagements"] == 611
    assert first.extra["url_clicks"] == 221
    assert first.extra["engagement_rate"] == pytest.approx(0.0476, abs=1e-4)
    assert result.organizations == {("x", "RiversideHealth"): "Riverside Health"}


def test_it_refuses_post_ids_rounded_by_a_spreadsheet():
    result = read_file(SAMPLES / "tweet_activity_with_errors.csv")
    assert result.records == []
    assert errors_by_row(result) == {
        2: ("Tweet id", "'1.76543E+18' is not a post id (a spreadsheet may have rounded it)"),
        3: ("time", "is empty"),
        4: ("impressions", "'lots' is not a whole number"),
    }


def test_it_reads_the_youtube_studio_export():
    result = read_file(YOUTUBE, handle="@RiversideHealth")
    assert result.ok
    assert [p.external_id for p in result.records] == ["dQw4w9WgXcR", "aB3dE5fG7hI"]  # "Total" skipped
    first, second = result.records
    assert first.media_type == "video"
    assert first.author_handle == "@RiversideHealth"
    assert first.published_at == datetime(2024, 3, 5, tzinfo=UTC)
    assert first.text == "What your blood pressure numbers mean | Riverside Heart"
    assert (first.views, first.likes, first.comments, first.shares) == (14209, 612, 48, 95)
    assert first.extra["watch_time_hours"] == pytest.approx(901.2311)
    assert first.extra["subscribers_gained"] == 87
    assert first.extra["duration_seconds"] == 412
    assert second.comments is None
    assert second.extra["subscribers_gained"] == -2


def test_it_names_a_youtube_row_with_a_bad_publish_date(tmp_path):
    path = tmp_path / "Table data.csv"
    path.write_text(
        "Content,Video title,Video publish time,Views\n"
        "Total,,,10\n"
        "dQw4w9WgXcR,Fine,\"Mar 5, 2024\",5\n"
        "aB3dE5fG7hI,Broken,sometime,5\n"
    )
    result = read_file(path)
    assert len(result.records) == 1
    assert [(e.row, e.field) for e in result.errors] == [(4, "Video publish time")]


META_FACEBOOK = SAMPLES / "Riverside Health-Posts-Mar-01-2024_Mar-31-2024.csv"
META_INSTAGRAM = SAMPLES / "riversidehealth-Instagram-Posts.csv"


def test_it_reads_a_meta_business_suite_facebook_content_export():
    result = read_file(META_FACEBOOK, handle="RiversideHealth", timezone="America/New_York")
    assert result.format == "meta-content"
    assert result.ok
    first, second = result.records
    assert first.network == "facebook"
    assert first.external_id == "112233445566778_998877665544332"
    assert first.author_handle == "RiversideHealth"
    assert first.published_at == datetime(2024, 3, 6, 14, 30, tzinfo=UTC)  # 09:30 in New York
    assert (first.media_type, second.media_type) == ("image", "link")
    assert (first.likes, first.comments, first.shares, first.views) == (361, 22, 19, None)
    assert first.extra == {"impressions": 18230, "reach": 14102, "clicks": 840, "link_clicks": 0}


def test_it_reads_a_meta_business_suite_instagram_content_export():
    result = read_file(META_INSTAGRAM, organization="Riverside Health")
    assert result.ok
    carousel, reel = result.records
    assert carousel.network == "instagram" and carousel.author_handle == "riversidehealth"
    assert carousel.published_at == datetime(2024, 3, 4, 15, 0, tzinfo=UTC)
    assert (carousel.media_type, reel.media_type) == ("image", "video")
    assert reel.likes == 2410 and reel.extra["saves"] == 410
    assert result.organizations == {("instagram", "riversidehealth"): "Riverside Health"}


def test_it_refuses_an_unknown_time_zone():
    result = read_file(META_INSTAGRAM, timezone="Mars/Olympus")
    assert result.records == []
    assert [(e.row, e.field) for e in result.errors] == [(1, "timezone")]


def test_it_reads_likes_from_an_old_export_that_calls_them_favorites(tmp_path):
    path = tmp_path / "tweet_activity_metrics_old.csv"
    path.write_text(
        '"Tweet id","Tweet permalink","Tweet text","time","impressions","engagements","engagement rate",'
        '"retweets","replies","favorites"\n'
        '"512345678901234567","https://twitter.com/RiversideHealth/status/512345678901234567","Hello",'
        '"2014-09-18 12:00 +0000","120","3","0.025","1","0","2"\n'
    )
    (post,) = read_file(path).records
    assert post.likes == 2
