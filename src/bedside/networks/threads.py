"""Threads (Meta) through the Threads API, for the benchmark.

Followed (developers.facebook.com/docs/threads):
- profiles: ``GET /v1.0/me?fields=id,username,name,threads_biography,threads_profile_picture_url``
  (the connected account) and ``GET /v1.0/profile_lookup?username=...`` (any
  public profile: follower_count, likes_count, replies_count, reposts_count,
  quotes_count, views_count; the ``threads_profile_discovery`` permission).
- insights: ``GET /v1.0/{threads-user-id}/threads_insights?metric=followers_count``
  (``total_value.value``) for our own account.
- posts: ``GET /v1.0/me/threads?fields=id,media_type,text,timestamp,permalink,shortcode``
  with cursor paging (``paging.cursors.after``), and per post
  ``GET /v1.0/{media-id}/insights?metric=views,likes,replies,reposts,quotes``.
- OAuth: authorize at ``threads.net/oauth/authorize``, ``POST /oauth/access_token``
  (a short-lived token), ``GET /access_token?grant_type=th_exchange_token`` (a
  60-day token) and ``GET /refresh_access_token?grant_type=th_refresh_token``.

- publishing (developers.facebook.com/docs/threads/posts): a media container
  ``POST /{threads-user-id}/threads`` (``media_type`` TEXT with ``text``, or
  IMAGE with ``image_url``, which Threads fetches from a public address, and
  ``alt_text``; several images: one ``is_carousel_item`` container each, then
  a CAROUSEL container naming them in ``children``), its ``status`` read at
  ``GET /{container-id}?fields=status,error_message`` until FINISHED, then
  ``POST /{threads-user-id}/threads_publish`` with ``creation_id``: the one
  call that publishes. The ``threads_content_publish`` permission.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar

from . import limits
from . import parsing as p
from .base import Credentials, NetworkClient
from .errors import AuthError, NetworkError, NotFound, NotSupported, PermanentError, TransientError
from .oauth import build_authorize_url, credentials_from_token, request_token
from .records import MediaFile, Page, Post, ProfileStats, Sent

AUTHORIZE_URL = "https://threads.net/oauth/authorize"
DEFAULT_SCOPES = ("threads_basic", "threads_manage_insights", "threads_profile_discovery", "threads_content_publish")
#: waits (seconds) while Threads fetches and processes a container's image
CONTAINER_POLL = (1.0, 2.0, 4.0, 8.0, 15.0)
_NAME = re.compile(r"^[a-z0-9._]{1,30}$")
_URL = re.compile(r"^(?:https?://)?(?:www\.)?threads\.(?:net|com)/@([^/?#]+)/?(?:[?#].*)?$", re.I)
_MEDIA = {"TEXT_POST": "text", "IMAGE": "image", "VIDEO": "video", "CAROUSEL_ALBUM": "image", "AUDIO": "audio",
          "REPOST_FACADE": "text"}


class ThreadsClient(NetworkClient):
    slug: ClassVar[str] = "threads"
    label: ClassVar[str] = "Threads"
    default_base_url: ClassVar[str] = "https://graph.threads.net/v1.0"
    capabilities: ClassVar[frozenset[str]] = frozenset({"profile", "posts", "publish"})
    image_posting: ClassVar[str] = "url"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._me: Mapping[str, Any] | None = None

    @classmethod
    def normalize_handle(cls, handle: str) -> str:
        raw = (handle or "").strip()
        match = _URL.match(raw)
        name = (match.group(1) if match else raw).removeprefix("@").lower()
        if not _NAME.match(name) or name.strip(".") != name:
            raise ValueError(
                f"Threads: {handle!r} is not a Threads username; expected @name, name or threads.net/@name "
                "(up to 30 letters, digits, dots or underscores)"
            )
        return name

    # -- reads ---------------------------------------------------------------
    def profile(self, handle: str) -> ProfileStats:
        name = self.normalize_handle(handle)
        me = self._whoami()
        if str(me.get("username", "")).lower() == name:
            return self._own_profile(name, me)
        answer = p.obj(self.slug, self._get("/profile_lookup", {"username": name}), "profile_lookup")
        if not answer.get("username"):
            raise NotFound(self.slug, f"no public Threads profile named {name!r}")
        where = "profile_lookup"
        salvage = p.Salvage(self.slug, name)
        return ProfileStats(
            network=self.slug, external_id=name, handle=name, taken_at=p.now(),
            name=p.text(self.slug, answer, "name", where),
            description=p.text(self.slug, answer, "biography", where),
            url=f"https://www.threads.net/@{name}",
            avatar_url=p.text(self.slug, answer, "profile_picture_url", where),
            followers=salvage.count(answer, "follower_count", where),
            extra={key: salvage.count(answer, key, where)
                   for key in ("likes_count", "replies_count", "reposts_count", "quotes_count", "views_count")},
            problems=tuple(salvage.problems),
        )

    def posts(self, handle: str, cursor: str | None = None) -> Page[Post]:
        """Our own account's threads with their insights (the API lists only
        the connected account's posts)."""
        name = self.normalize_handle(handle)
        me = self._whoami()
        if str(me.get("username", "")).lower() != name:
            raise NotSupported(self.slug, f"the API lists only the connected account's threads, not {name!r}")
        params = {"fields": "id,media_type,text,timestamp,permalink,shortcode", "limit": "50"}
        if cursor:
            params["after"] = cursor
        answer = p.obj(self.slug, self._get("/me/threads", params), "threads")
        items = p.items(self.slug, answer.get("data"), "data")
        paging = answer.get("paging")
        cursors = paging.get("cursors") if isinstance(paging, Mapping) else None
        after = cursors.get("after") if isinstance(cursors, Mapping) and paging and paging.get("next") else None
        return p.page(self.slug, items, lambda raw, where: self._post(name, raw, where),
                      str(after) if after else None, "data[{}]")

    # -- writes --------------------------------------------------------------
    def publish(self, handle: str, text: str) -> Sent:
        user = self._own_id(handle)
        return self._publish(user, self._container(user, {"media_type": "TEXT", "text": text}, "container"))

    def publish_media(self, handle: str, text: str, images: Sequence[MediaFile]) -> Sent:
        """One image: an IMAGE container with the text; several: a container
        per image, then a CAROUSEL container with the text. Containers are not
        posts: only threads_publish publishes."""
        self._check_image_count(images)
        if not all(image.public_url for image in images):
            raise PermanentError(self.slug, "Threads fetches the image from a public web address, and none is set: "
                                            "set BEDSIDE_PUBLIC_MEDIA_URL")
        limit = limits.limit_for(self.slug, "post")
        refused = [i.mime_type for i in images if limit and limit.image_types and i.mime_type not in limit.image_types]
        if refused:
            raise PermanentError(self.slug, f"Threads takes JPEG and PNG images, not {', '.join(refused)}")
        user = self._own_id(handle)
        if len(images) == 1:
            image = images[0]
            creation = self._container(user, {"media_type": "IMAGE", "image_url": image.public_url, "text": text,
                                              "alt_text": image.alt_text}, "container")
        else:
            children = [self._container(user, {"media_type": "IMAGE", "image_url": image.public_url,
                                               "is_carousel_item": "true", "alt_text": image.alt_text},
                                        f"container[{n}]") for n, image in enumerate(images)]
            creation = self._container(user, {"media_type": "CAROUSEL", "children": ",".join(children),
                                              "text": text}, "carousel")
        return self._publish(user, creation)

    def _container(self, user: str, fields: Mapping[str, str], where: str) -> str:
        answer = p.obj(self.slug, self._post_form(f"/{user}/threads", fields), where)
        container = p.text(self.slug, answer, "id", where, required=True)
        if fields.get("media_type") != "TEXT":
            self._wait_until_finished(container, where)
        return container

    def _wait_until_finished(self, container: str, where: str) -> None:
        for wait in (*CONTAINER_POLL, None):
            answer = p.obj(self.slug, self._get(f"/{container}", {"fields": "status,error_message"}), where)
            status = p.text(self.slug, answer, "status", where)
            if status == "FINISHED":
                return
            if status in ("ERROR", "EXPIRED"):
                raise PermanentError(self.slug, f"Threads could not take the media ({status.lower()}): "
                                                f"{p.text(self.slug, answer, 'error_message', where) or 'no reason given'}")
            if wait is None:
                raise TransientError(self.slug, "the image was still being processed by Threads; try again later")
            self.http.sleep(wait)

    def _publish(self, user: str, creation: str) -> Sent:
        answer = p.obj(self.slug, self._post_form(f"/{user}/threads_publish", {"creation_id": creation}),
                       "threads_publish")
        media_id = p.text(self.slug, answer, "id", "threads_publish", required=True)
        url = ""
        try:  # published already: the address is a nicety, never a reason to fail
            found = p.obj(self.slug, self._get(f"/{media_id}", {"fields": "permalink"}), "thread")
            url = p.text(self.slug, found, "permalink", "thread")
        except NetworkError:
            pass
        return Sent(self.slug, media_id, url)

    def _own_id(self, handle: str) -> str:
        name = self.normalize_handle(handle)
        me = self._whoami()
        if str(me.get("username", "")).lower() != name:
            raise NotSupported(self.slug, f"the API publishes only as the connected account, not as {name!r}")
        return p.text(self.slug, me, "id", "me", required=True)

    def _post_form(self, path: str, fields: Mapping[str, str]) -> Any:
        if not self.credentials.token:
            raise AuthError(self.slug, "no access token: connect the Threads account")
        return self.http.post_json(self.url(path), data=dict(fields), idempotent=False,
                                   headers={"Authorization": f"Bearer {self.credentials.token}"})

    # -- OAuth ---------------------------------------------------------------
    @property
    def oauth_base(self) -> str:
        # Token calls are on graph.threads.net without the version; a
        # stand-in in place of the API answers them under its own base.
        return "https://graph.threads.net" if self.base_url == self.default_base_url else self.base_url

    def authorize_url(
        self, client_id: str, redirect_uri: str, state: str, scopes: Iterable[str] = DEFAULT_SCOPES
    ) -> str:
        return build_authorize_url(AUTHORIZE_URL, client_id=client_id, redirect_uri=redirect_uri, state=state,
                                   scopes=scopes, scope_separator=",")

    def exchange_code(self, code: str, redirect_uri: str) -> Credentials:
        base = self.credentials
        short = request_token(self.http, f"{self.oauth_base}/oauth/access_token",
                              {"client_id": base.client_id, "client_secret": base.client_secret, "code": code,
                               "grant_type": "authorization_code", "redirect_uri": redirect_uri}, base=base)
        # The code gives an hour's token; exchanged at once for a 60-day one.
        answer = self.http.get_json(f"{self.oauth_base}/access_token", params={
            "grant_type": "th_exchange_token", "client_secret": base.client_secret, "access_token": short.token})
        return credentials_from_token(self.slug, answer, base=base)

    def refresh(self, credentials: Credentials) -> Credentials:
        # A long-lived token refreshes itself (no separate refresh token).
        answer = self.http.get_json(f"{self.oauth_base}/refresh_access_token", params={
            "grant_type": "th_refresh_token", "access_token": credentials.token})
        return credentials_from_token(self.slug, answer, base=credentials)

    # -- helpers -------------------------------------------------------------
    def _get(self, path: str, params: Mapping[str, str]) -> Any:
        if not self.credentials.token:
            raise AuthError(self.slug, "no access token: connect the Threads account")
        # In a header, not the query string: a token in a URL ends up in logs.
        return self.http.get_json(self.url(path), params=params,
                                  headers={"Authorization": f"Bearer {self.credentials.token}"})

    def _whoami(self) -> Mapping[str, Any]:
        if self._me is None:
            self._me = p.obj(self.slug, self._get("/me", {"fields": "id,username,name,threads_biography,"
                                                                    "threads_profile_picture_url"}), "me")
        return self._me

    def _own_profile(self, name: str, me: Mapping[str, Any]) -> ProfileStats:
        user_id = p.text(self.slug, me, "id", "me", required=True)
        insights = p.obj(self.slug, self._get(f"/{user_id}/threads_insights", {"metric": "followers_count"}),
                         "threads_insights")
        salvage = p.Salvage(self.slug, user_id)
        followers = None
        for i, raw in enumerate(p.items(self.slug, insights.get("data"), "data")):
            metric = p.obj(self.slug, raw, f"data[{i}]")
            total = metric.get("total_value")
            if metric.get("name") == "followers_count" and isinstance(total, Mapping):
                followers = salvage.count(total, "value", f"data[{i}].total_value")
        return ProfileStats(
            network=self.slug, external_id=user_id, handle=name, taken_at=p.now(),
            name=p.text(self.slug, me, "name", "me"),
            description=p.text(self.slug, me, "threads_biography", "me"),
            url=f"https://www.threads.net/@{name}",
            avatar_url=p.text(self.slug, me, "threads_profile_picture_url", "me"),
            followers=followers,
            problems=tuple(salvage.problems),
        )

    def _post(self, name: str, raw: Any, where: str) -> Post:
        thread = p.obj(self.slug, raw, where)
        media_id = p.text(self.slug, thread, "id", where, required=True)
        published = p.when(self.slug, thread.get("timestamp"), f"{where}.timestamp")
        answer = p.obj(self.slug, self._get(f"/{media_id}/insights",
                                            {"metric": "views,likes,replies,reposts,quotes"}), f"{where}.insights")
        values: dict[str, int | None] = {}
        for i, metric_raw in enumerate(p.items(self.slug, answer.get("data"), f"{where}.insights.data")):
            metric = p.obj(self.slug, metric_raw, f"{where}.insights.data[{i}]")
            entries = metric.get("values")
            first = entries[0] if isinstance(entries, list) and entries else metric.get("total_value")
            if isinstance(first, Mapping):
                values[str(metric.get("name"))] = p.count(self.slug, first, "value",
                                                          f"{where}.insights.data[{i}]")
        return Post(
            network=self.slug, external_id=media_id, author_handle=name, published_at=published,
            text=p.text(self.slug, thread, "text", where),
            url=p.text(self.slug, thread, "permalink", where),
            media_type=_MEDIA.get(str(thread.get("media_type", "")), "text"),
            likes=values.get("likes"), comments=values.get("replies"), shares=values.get("reposts"),
            views=values.get("views"), extra={"quotes": values.get("quotes")},
        )
