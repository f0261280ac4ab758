"""TikTok through the Display API v2, for the benchmark.

Followed (developers.tiktok.com/doc):
- ``GET /v2/user/info/?fields=...`` (display-api-get-user-info): the connected
  account's follower_count, following_count, likes_count, video_count.
- ``POST /v2/video/list/?fields=...`` with ``{"max_count", "cursor"}``
  (display-api-list-videos): the account's videos, newest first, with
  like_count, comment_count, share_count and view_count; ``has_more`` and
  ``cursor`` page on.
- every answer carries ``error: {code, message, log_id}``; ``code`` is "ok"
  on success (tiktok-api-v2-error-handling).
- OAuth (oauth-user-access-token-management): authorize at
  ``www.tiktok.com/v2/auth/authorize/`` with ``client_key`` (TikTok's name for
  the client id), ``POST /v2/oauth/token/`` for the code and for refresh
  (access tokens last 24 hours, refresh tokens a year).

The Display API reads only the connected account: a peer's numbers would need
TikTok's Research API, which is for academic researchers, so ``profile`` of
anyone else is NotSupported rather than a wrong number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar
from urllib.parse import urlencode

from . import parsing as p
from .base import Credentials, NetworkClient
from .errors import AuthError, NotSupported, PayloadError
from .oauth import refresh_token_of, request_token
from .records import Page, Post, ProfileStats

AUTHORIZE_URL = "https://www.tiktok.com/v2/auth/authorize/"
DEFAULT_SCOPES = ("user.info.basic", "user.info.profile", "user.info.stats", "video.list")
USER_FIELDS = ("open_id,union_id,avatar_url,display_name,bio_description,profile_deep_link,is_verified,username,"
               "follower_count,following_count,likes_count,video_count")
VIDEO_FIELDS = "id,create_time,title,video_description,duration,share_url,like_count,comment_count,share_count,view_count"
_NAME = re.compile(r"^[a-z0-9._]{2,24}$")
_URL = re.compile(r"^(?:https?://)?(?:www\.)?tiktok\.com/@([^/?#]+)/?(?:[?#].*)?$", re.I)


class TikTokClient(NetworkClient):
    slug: ClassVar[str] = "tiktok"
    label: ClassVar[str] = "TikTok"
    default_base_url: ClassVar[str] = "https://open.tiktokapis.com/v2"
    capabilities: ClassVar[frozenset[str]] = frozenset({"profile", "posts"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._user: Mapping[str, Any] | None = None

    @classmethod
    def normalize_handle(cls, handle: str) -> str:
        raw = (handle or "").strip()
        match = _URL.match(raw)
        name = (match.group(1) if match else raw).removeprefix("@").lower()
        if not _NAME.match(name) or name.endswith("."):
            raise ValueError(
                f"TikTok: {handle!r} is not a TikTok username; expected @name, name or tiktok.com/@name "
                "(2-24 letters, digits, dots or underscores)"
            )
        return name

    # -- reads ---------------------------------------------------------------
    def profile(self, handle: str) -> ProfileStats:
        name = self.normalize_handle(handle)
        user = self._own(name)
        where = "data.user"
        salvage = p.Salvage(self.slug, p.text(self.slug, user, "open_id", where) or name)
        return ProfileStats(
            network=self.slug,
            external_id=p.text(self.slug, user, "open_id", where) or name,
            handle=name,
            taken_at=p.now(),
            name=p.text(self.slug, user, "display_name", where),
            description=p.text(self.slug, user, "bio_description", where),
            url=p.text(self.slug, user, "profile_deep_link", where) or f"https://www.tiktok.com/@{name}",
            avatar_url=p.text(self.slug, user, "avatar_url", where),
            followers=salvage.count(user, "follower_count", where),
            following=salvage.count(user, "following_count", where),
            posts=salvage.count(user, "video_count", where),
            extra={"likes_count": salvage.count(user, "likes_count", where)},
            problems=tuple(salvage.problems),
        )

    def posts(self, handle: str, cursor: str | None = None) -> Page[Post]:
        name = self.normalize_handle(handle)
        self._own(name)
        body: dict[str, Any] = {"max_count": 20}
        if cursor:
            if not cursor.isdigit():
                raise ValueError(f"TikTok: cursor {cursor!r} is not a position")
            body["cursor"] = int(cursor)
        data = self._data(self._call("POST", "/video/list/", {"fields": VIDEO_FIELDS}, body), "video/list")
        videos = p.items(self.slug, data.get("videos"), "data.videos")
        more = data.get("has_more") is True and isinstance(data.get("cursor"), int)
        return p.page(self.slug, videos, lambda raw, where: self._video(name, raw, where),
                      str(data["cursor"]) if more else None, "data.videos[{}]")

    # -- OAuth ---------------------------------------------------------------
    @property
    def token_url(self) -> str:
        return self.url("/oauth/token/")

    def authorize_url(
        self, client_id: str, redirect_uri: str, state: str, scopes: Iterable[str] = DEFAULT_SCOPES
    ) -> str:
        query = {"client_key": client_id, "scope": ",".join(scopes), "response_type": "code",
                 "redirect_uri": redirect_uri, "state": state}
        return f"{AUTHORIZE_URL}?{urlencode(query)}"

    def exchange_code(self, code: str, redirect_uri: str) -> Credentials:
        base = self.credentials
        form = {"client_key": base.client_id, "client_secret": base.client_secret, "code": code,
                "grant_type": "authorization_code", "redirect_uri": redirect_uri}
        return request_token(self.http, self.token_url, form, base=base)

    def refresh(self, credentials: Credentials) -> Credentials:
        form = {"client_key": credentials.client_id, "client_secret": credentials.client_secret,
                "grant_type": "refresh_token", "refresh_token": refresh_token_of(self.slug, credentials)}
        return request_token(self.http, self.token_url, form, base=credentials)

    # -- helpers -------------------------------------------------------------
    def _call(self, method: str, path: str, params: Mapping[str, str], body: Any = None) -> Any:
        if not self.credentials.token:
            raise AuthError(self.slug, "no access token: connect the TikTok account")
        headers = {"Authorization": f"Bearer {self.credentials.token}"}
        response = self.http.request(method, self.url(path), params=params, headers=headers, json_body=body)
        return self.http.parse_json(response)

    def _data(self, answer: Any, where: str) -> Mapping[str, Any]:
        answer = p.obj(self.slug, answer, where)
        error = answer.get("error")
        if isinstance(error, Mapping) and error.get("code") not in (None, "ok"):
            raise PayloadError(self.slug, f"{where}.error", f"{error.get('code')}: {error.get('message', '')}")
        return p.obj(self.slug, answer.get("data"), f"{where}.data")

    def _own(self, name: str) -> Mapping[str, Any]:
        if self._user is None:
            data = self._data(self._call("GET", "/user/info/", {"fields": USER_FIELDS}), "user/info")
            self._user = p.obj(self.slug, data.get("user"), "data.user")
        connected = str(self._user.get("username", "")).lower()
        if connected != name:
            raise NotSupported(self.slug, f"the Display API reads only the connected account ({connected}), "
                                          f"not {name!r}")
        return self._user

    def _video(self, name: str, raw: Any, where: str) -> Post:
        video = p.obj(self.slug, raw, where)
        video_id = p.text(self.slug, video, "id", where, required=True)
        title = p.text(self.slug, video, "title", where)
        description = p.text(self.slug, video, "video_description", where)
        return Post(
            network=self.slug,
            external_id=video_id,
            author_handle=name,
            published_at=p.when(self.slug, video.get("create_time"), f"{where}.create_time"),
            text=description or title,
            url=p.text(self.slug, video, "share_url", where),
            media_type="video",
            likes=p.count(self.slug, video, "like_count", where),
            comments=p.count(self.slug, video, "comment_count", where),
            shares=p.count(self.slug, video, "share_count", where),
            views=p.count(self.slug, video, "view_count", where),
        )
