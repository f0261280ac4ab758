"""Pinterest through the Pinterest API v5.

Followed:
- https://developers.pinterest.com/docs/api/v5/user_account-get (GET /v5/user_account)
- https://developers.pinterest.com/docs/api/v5/pins-list (GET /v5/pins, pin_metrics, bookmark)
- https://developers.pinterest.com/docs/getting-started/authentication-and-scopes/
  (authorize at www.pinterest.com/oauth/, POST /v5/oauth/token, refresh_token grant)
- https://developers.pinterest.com/docs/reference/rate-limits/

v5 reads only the connected account; other accounts' statistics are not
offered, so ``profile`` of anyone else is NotSupported. A Pin needs an image
and a board, so text-only ``publish`` is not offered either; a Pin with its
image follows https://developers.pinterest.com/docs/api/v5/pins-create (POST
/v5/pins with ``board_id``, ``description``, ``alt_text`` and
``media_source`` of type ``image_base64``: one call, the image inside it),
to the board named in the channel's ``board_id``.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar

from . import parsing as p
from .base import Credentials, NetworkClient
from .errors import AuthError, NotSupported, PermanentError
from .oauth import basic_auth, build_authorize_url, refresh_token_of, request_token
from .records import MediaFile, Page, Post, ProfileStats, Sent

_USERNAME = re.compile(r"^[A-Za-z0-9_]{3,30}$")
_URL = re.compile(r"^(?:https?://)?(?:[a-z]{2,3}\.)?pinterest\.[a-z.]{2,6}/([^/?#]+)/?(?:[?#].*)?$", re.I)
AUTHORIZE_URL = "https://www.pinterest.com/oauth/"
DEFAULT_SCOPES = ("user_accounts:read", "pins:read", "boards:read", "pins:write")


class PinterestClient(NetworkClient):
    slug: ClassVar[str] = "pinterest"
    label: ClassVar[str] = "Pinterest"
    default_base_url: ClassVar[str] = "https://api.pinterest.com/v5"
    capabilities: ClassVar[frozenset[str]] = frozenset({"profile", "posts"})
    image_posting: ClassVar[str] = "upload"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._username = ""

    @classmethod
    def normalize_handle(cls, handle: str) -> str:
        raw = (handle or "").strip()
        match = _URL.match(raw)
        name = (match.group(1) if match else raw).removeprefix("@")
        if not _USERNAME.match(name):
            raise ValueError(
                f"Pinterest: {handle!r} is not a Pinterest username; expected @name, name "
                "or pinterest.com/name (3-30 letters, digits or underscores)"
            )
        return name.lower()

    # -- reads ---------------------------------------------------------------
    def profile(self, handle: str) -> ProfileStats:
        name = self.normalize_handle(handle)
        account = p.obj(self.slug, self._get("/user_account", {}), "user_account")
        username = p.text(self.slug, account, "username", "user_account", required=True)
        self._username = username
        self._check_own(name, username)
        where = "user_account"
        salvage = p.Salvage(self.slug, p.text(self.slug, account, "id", where) or username)
        return ProfileStats(
            network=self.slug,
            external_id=p.text(self.slug, account, "id", where) or username,
            handle=username,
            taken_at=p.now(),
            name=p.text(self.slug, account, "business_name", where),
            description=p.text(self.slug, account, "about", where),
            url=f"https://www.pinterest.com/{username}/",
            avatar_url=p.text(self.slug, account, "profile_image", where),
            website=p.text(self.slug, account, "website_url", where),
            followers=salvage.count(account, "follower_count", where),
            following=salvage.count(account, "following_count", where),
            posts=salvage.count(account, "pin_count", where),
            extra={
                "monthly_views": salvage.count(account, "monthly_views", where),
                "board_count": salvage.count(account, "board_count", where),
            },
            problems=tuple(salvage.problems),
        )

    def posts(self, handle: str, cursor: str | None = None) -> Page[Post]:
        """The connected account's own Pins, with lifetime metrics."""
        name = self.normalize_handle(handle)
        self._check_own(name, self._connected_username())
        params = {"page_size": "100", "pin_metrics": "true"}
        if cursor:
            params["bookmark"] = cursor
        answer = p.obj(self.slug, self._get("/pins", params), "response")
        items = p.items(self.slug, answer.get("items"), "items")
        bookmark = answer.get("bookmark")
        return p.page(self.slug, items, lambda raw, where: self._pin(name, raw, where),
                      str(bookmark) if bookmark else None, "items[{}]")

    # -- OAuth ---------------------------------------------------------------
    def authorize_url(
        self, client_id: str, redirect_uri: str, state: str, scopes: Iterable[str] = DEFAULT_SCOPES
    ) -> str:
        return build_authorize_url(
            AUTHORIZE_URL, client_id=client_id, redirect_uri=redirect_uri, state=state, scopes=scopes,
            scope_separator=",",
        )

    def exchange_code(self, code: str, redirect_uri: str) -> Credentials:
        form = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri}
        return self._token(form, self.credentials)

    def refresh(self, credentials: Credentials) -> Credentials:
        form = {"grant_type": "refresh_token", "refresh_token": refresh_token_of(self.slug, credentials)}
        return self._token(form, credentials)

    # -- helpers -------------------------------------------------------------
    def _token(self, form: Mapping[str, str], base: Credentials) -> Credentials:
        headers = basic_auth(base.client_id, base.client_secret)
        return request_token(self.http, self.url("/oauth/token"), form, base=base, headers=headers)

    def publish_media(self, handle: str, text: str, images: Sequence[MediaFile]) -> Sent:
        self._check_image_count(images)
        if not self.credentials.token:
            raise AuthError(self.slug, "no access token: connect the Pinterest account")
        board = self.credentials.extra.get("board_id", "")
        if not board:
            raise PermanentError(self.slug, "no board chosen for this account: a Pin needs one (board_id in the "
                                            "channel's settings)")
        image = images[0]
        answer = p.obj(self.slug, self.http.post_json(self.url("/pins"), headers={
            "Authorization": f"Bearer {self.credentials.token}"}, idempotent=False, json_body={
            "board_id": board, "description": text, "alt_text": image.alt_text,
            "media_source": {"source_type": "image_base64", "content_type": image.mime_type,
                             "data": base64.b64encode(image.data).decode()}}), "pin")
        pin_id = p.text(self.slug, answer, "id", "pin", required=True)
        return Sent(self.slug, pin_id, f"https://www.pinterest.com/pin/{pin_id}/")

    def _get(self, path: str, params: Mapping[str, str]) -> Any:
        if not self.credentials.token:
            raise AuthError(self.slug, "no access token: connect the Pinterest account")
        headers = {"Authorization": f"Bearer {self.credentials.token}"}
        return self.http.get_json(self.url(path), params=params, headers=headers)

    def _connected_username(self) -> str:
        # GET /pins has no owner in it: ask once who is connected so a peer's
        # channel is never filled with our own Pins.
        if not self._username:
            account = p.obj(self.slug, self._get("/user_account", {}), "user_account")
            self._username = p.text(self.slug, account, "username", "user_account", required=True)
        return self._username

    def _check_own(self, asked: str, connected: str) -> None:
        if asked != connected.lower():
            raise NotSupported(
                self.slug,
                f"the API reads only the connected account ({connected}), not {asked!r}",
            )

    def _pin(self, name: str, raw: Any, where: str) -> Post:
        pin = p.obj(self.slug, raw, where)
        pin_id = p.text(self.slug, pin, "id", where, required=True)
        metrics = pin.get("pin_metrics")
        lifetime = None
        if metrics is not None:
            metrics = p.obj(self.slug, metrics, f"{where}.pin_metrics")
            if metrics.get("lifetime_metrics") is not None:
                lifetime = p.obj(self.slug, metrics["lifetime_metrics"], f"{where}.pin_metrics.lifetime_metrics")
        lwhere = f"{where}.pin_metrics.lifetime_metrics"
        media = pin.get("media")
        media_type = "image"
        if isinstance(media, Mapping) and "video" in str(media.get("media_type", "")).lower():
            media_type = "video"
        title = p.text(self.slug, pin, "title", where)
        description = p.text(self.slug, pin, "description", where)
        return Post(
            network=self.slug,
            external_id=pin_id,
            author_handle=name,
            published_at=p.when(self.slug, pin.get("created_at"), f"{where}.created_at"),
            text=f"{title}\n\n{description}".strip(),
            url=f"https://www.pinterest.com/pin/{pin_id}/",
            media_type=media_type,
            likes=p.count(self.slug, lifetime, "reaction", lwhere),
            comments=p.count(self.slug, lifetime, "comment", lwhere),
            views=p.count(self.slug, lifetime, "impression", lwhere),
            extra={
                "pin_click": p.count(self.slug, lifetime, "pin_click", lwhere),
                "clickthrough": p.count(self.slug, lifetime, "clickthrough", lwhere),
            },
            # Where the Pin sends people: the traffic a health system tracks.
            link_url=p.text(self.slug, pin, "link", where),
        )
