"""Whose inbox is whose: before reading anything private (an inbox,
notifications, direct messages), every client asks the network whose token it
holds and refuses when that is not the channel's own account.

Each case reads one channel's private stream twice through the stand-in:
with the channel's own token (read, after the "me" call), and with a valid
token of another account (refused, and the private endpoint never asked).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from bedside.networks import Credentials, NetworkClient, WrongAccount
from bedside.networks.bluesky import BlueskyClient
from bedside.networks.facebook.page import FacebookClient
from bedside.networks.http import HttpTransport
from bedside.networks.instagram import InstagramClient
from bedside.networks.mastodon import MastodonClient
from bedside.networks.reddit import RedditClient
from bedside.networks.x import XClient
from tests.standin import bluesky, facebook, instagram, mastodon, x


@dataclass(frozen=True)
class Case:
    slug: str
    client: type[NetworkClient]
    handle: str
    cursor: str | None
    own: Credentials
    other: Credentials
    me_path: Callable[[str], bool]  # is this request the "me" call?
    private_path: Callable[[str], bool]  # is this request the private read?


CASES = [
    Case("reddit", RedditClient, "u/MayoClinicOfficial", None,
         Credentials(token="test-token"), Credentials(token="other-user-token"),
         lambda path: path == "/api/v1/me", lambda path: path == "/message/inbox"),
    Case("mastodon", MastodonClient, "mayoclinic@mastodon.social", None,
         Credentials(token=mastodon.TOKEN), Credentials(token=mastodon.OTHER_TOKEN),
         lambda path: path.endswith("/verify_credentials"), lambda path: path == "/api/v1/notifications"),
    Case("x", XClient, "MayoClinic", "dm:",
         Credentials(token=x.TOKEN), Credentials(token=x.OTHER_TOKEN),
         lambda path: path == "/2/users/me", lambda path: path == "/2/dm_events"),
    Case("facebook", FacebookClient, "MayoClinic", "inbox:",
         Credentials(token=facebook.TOKEN), Credentials(token=facebook.OTHER_TOKEN),
         lambda path: path == "/me", lambda path: path.endswith("/conversations")),
    Case("instagram", InstagramClient, "mayoclinic", None,
         Credentials(token=instagram.TOKEN, extra={"ig_user_id": instagram.IG_USER_ID}),
         Credentials(token=instagram.TOKEN, extra={"ig_user_id": instagram.OTHER_IG_USER_ID}),
         lambda path: path in (f"/{instagram.IG_USER_ID}", f"/{instagram.OTHER_IG_USER_ID}"),
         lambda path: path.endswith("/media")),
    Case("bluesky", BlueskyClient, "mayoclinic.bsky.social", None,
         Credentials(client_id="mayoclinic.bsky.social", client_secret=bluesky.PASSWORD),
         Credentials(client_id=bluesky.OTHER_HANDLE, client_secret=bluesky.PASSWORD),
         lambda path: path.endswith("createSession"), lambda path: path.endswith("listNotifications")),
]


def build(standin, case: Case, credentials: Credentials) -> NetworkClient:
    standin.load(case.slug)
    transport = HttpTransport(case.slug, sleep=lambda seconds: None)
    return case.client(credentials, base_url=standin.base_url(case.slug), transport=transport)


@pytest.mark.parametrize("case", CASES, ids=[c.slug for c in CASES])
def test_the_channels_own_token_reads_its_private_messages_after_saying_whose_it_is(standin, case: Case) -> None:
    page = build(standin, case, case.own).messages(case.handle, case.cursor)
    assert page.items
    paths = [r.path for r in standin.requests_to(case.slug)]
    me = next(i for i, path in enumerate(paths) if case.me_path(path))
    private = next(i for i, path in enumerate(paths) if case.private_path(path))
    assert me < private


@pytest.mark.parametrize("case", CASES, ids=[c.slug for c in CASES])
def test_another_accounts_token_is_refused_before_anything_private_is_read(standin, case: Case) -> None:
    with pytest.raises(WrongAccount) as caught:
        build(standin, case, case.other).messages(case.handle, case.cursor)
    assert caught.value.network == case.slug
    assert "not to this channel's" in str(caught.value) and "reconnect" in str(caught.value)
    assert not [r for r in standin.requests_to(case.slug) if case.private_path(r.path)]


def test_the_check_is_made_once_per_client_not_once_per_page(standin) -> None:
    client = build(standin, CASES[0], CASES[0].own)
    client.messages("u/MayoClinicOfficial")
    client.messages("u/MayoClinicOfficial", "t1_lq0002")
    assert [r.path for r in standin.requests_to("reddit")].count("/api/v1/me") == 1


def test_a_subreddits_public_comments_need_no_identity(standin) -> None:
    # r/ comments are public: read with any token, no "me" call.
    build(standin, CASES[0], CASES[0].other).messages("r/mayoclinic")
    assert "/api/v1/me" not in [r.path for r in standin.requests_to("reddit")]
