"""Mastodon through its REST API, on the account's own instance.

Followed:
- https://docs.joinmastodon.org/methods/accounts/#lookup (GET /api/v1/accounts/lookup)
- https://docs.joinmastodon.org/methods/accounts/#statuses (GET /api/v1/accounts/:id/statuses)
- https://docs.joinmastodon.org/methods/notifications/#get (GET /api/v1/notifications)
- https://docs.joinmastodon.org/methods/statuses/#create (POST /api/v1/statuses; visibility
  "direct" with a mention is Mastodon's private message; only an account's own statuses can be deleted)
- https://docs.joinmastodon.org/api/guidelines/#pagination (Link header, max_id)
- https://docs.joinmastodon.org/methods/apps/#create and https://docs.joinmastodon.org/methods/oauth/
- https://docs.joinmastodon.org/methods/accounts/#verify_credentials (whose token this is, checked
  before reading notifications: they are the token holder's, whatever the channel)
- https://docs.joinmastodon.org/entities/Account/#fields (profile fields: where accounts list
  their website) and https://docs.joinmastodon.org/entities/Status/ (sensitive, spoiler_text,
  visibility, language)

The base URL is ``https://{instance}``: each call goes to the instance named in
the handle (``user@instance``). A base URL without ``{instance}`` (a stand-in
in tests) is used as it is.
"""

from __future__ import annotations

import html
import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlsplit

import httpx

from . import parsing as p
from .base import Credentials, NetworkClient
from .errors import AuthError, NotFound, PayloadError, TransientError
from .oauth import build_authorize_url, request_token
from .records import MediaFile, Message, MessageKind, Page, Post, PostedReply, Problem, ProfileStats, Sent

_USER = r"[A-Za-z0-9_]{1,30}"
_HOST = r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
_ACCT = re.compile(rf"^@?({_USER})@({_HOST})$")
_URL = re.compile(rf"^(?:https?://)({_HOST})/@({_USER})/?$")
_NEXT = re.compile(r'<([^>]+)>\s*;\s*rel="next"')
_BREAKS = re.compile(r"<br\s*/?>|</p>\s*<p>", re.I)
_TAGS = re.compile(r"<[^>]+>")
_HREF = re.compile(r"""href\s*=\s*["']([^"']+)["']""", re.I)
DEFAULT_SCOPES = ("read", "write")
#: seconds between looks at an image the server is still processing
MEDIA_POLL = (0.5, 1.0, 2.0, 4.0)


def html_to_text(value: str) -> str:
    """Status content is HTML; triage and the guard want the words."""
    return html.unescape(_TAGS.sub("", _BREAKS.sub("\n", value))).strip()


class MastodonClient(NetworkClient):
    slug: ClassVar[str] = "mastodon"
    label: ClassVar[str] = "Mastodon"
    default_base_url: ClassVar[str] = "https://{instance}"
    # https://docs.joinmastodon.org/methods/statuses/#create: "Idempotency-Key:
    # ... to prevent duplicate submissions of the same status" (kept an hour).
    takes_idempotency_key: ClassVar[bool] = True
    image_posting: ClassVar[str] = "upload"
    video_posting: ClassVar[bool] = True
    reads_back_replies: ClassVar[bool] = True
    capabilities: ClassVar[frozenset[str]] = frozenset(
        {"profile", "posts", "messages", "publish", "reply", "private", "search"}
    )
    why_no_delete: ClassVar[str] = (
        "Mastodon lets an account delete only its own statuses; report the status to the instance's moderators"
    )
    public_reads: ClassVar[bool] = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._ids: dict[str, str] = {}

    @classmethod
    def normalize_handle(cls, handle: str) -> str:
        raw = (handle or "").strip()
        match = _ACCT.match(raw)
        if match:
            user, host = match.groups()
        elif url := _URL.match(raw):
            host, user = url.groups()
        else:
            raise ValueError(
                f"Mastodon: {handle!r} is not a Mastodon address; expected user@instance "
                "such as mayoclinic@mastodon.social (the instance is where the account lives)"
            )
        return f"{user}@{host.lower()}"

    def instance_url(self, handle: str) -> str:
        host = self.normalize_handle(handle).split("@", 1)[1]
        return self.base_url.replace("{instance}", host)

    # -- reads ---------------------------------------------------------------
    def profile(self, handle: str) -> ProfileStats:
        acct = self.normalize_handle(handle)
        account = self._lookup(acct)
        account_id = p.text(self.slug, account, "id", "account", required=True)
        salvage = p.Salvage(self.slug, account_id)
        links = _field_links(self.slug, account.get("fields"), salvage)
        hidden = account.get("hide_collections") is True
        return ProfileStats(
            network=self.slug,
            external_id=account_id,
            handle=acct,
            taken_at=p.now(),
            name=salvage.text(account, "display_name", "account"),
            description=html_to_text(salvage.text(account, "note", "account")),
            url=salvage.text(account, "url", "account"),
            avatar_url=salvage.text(account, "avatar", "account"),
            # Mastodon has no website field of its own: the first link among the
            # profile fields is the one people list theirs in.
            website=links[0] if links else "",
            # An account that hides its follows and followers ("hide_collections")
            # is answered with counts of 0: unknown, not none.
            followers=None if hidden else salvage.count(account, "followers_count", "account"),
            following=None if hidden else salvage.count(account, "following_count", "account"),
            posts=salvage.count(account, "statuses_count", "account"),
            links=tuple(links),
            problems=tuple(salvage.problems),
        )

    def posts(self, handle: str, cursor: str | None = None) -> Page[Post]:
        acct = self.normalize_handle(handle)
        account_id = self._ids.get(acct) or p.text(self.slug, self._lookup(acct), "id", "account", required=True)
        params = {"limit": "40", "exclude_reblogs": "true"}
        if cursor:
            params["max_id"] = cursor
        statuses, next_cursor = self._page(handle, f"/api/v1/accounts/{account_id}/statuses", params, auth=False)
        return p.page(self.slug, statuses, lambda raw, where: self._post(acct, raw, where), next_cursor)

    def search(self, query: str, cursor: str | None = None, *, where: str = "") -> Page[Message]:
        """A hashtag's public timeline on the instance ``where`` (no token
        needed): https://docs.joinmastodon.org/methods/timelines/#tag. Mastodon's
        full-text search is opt-in per post, so listening follows hashtags; an
        empty ``query`` reads the instance's own public timeline instead
        (https://docs.joinmastodon.org/methods/timelines/#public, ``local=true``:
        what the instance's people post, e.g. a city's instance), for the caller
        to match its words against."""
        tag = query.strip().lstrip("#")
        if query.strip() and (not tag or not all(ch.isalnum() or ch == "_" for ch in tag)):
            raise ValueError(f"Mastodon listens to hashtags; {query!r} is not one")
        if not where:
            raise ValueError("name the Mastodon instance to listen on, e.g. mastodon.social")
        params: dict[str, Any] = {"limit": "40"}
        if cursor:
            params["max_id"] = cursor
        path = f"/api/v1/timelines/tag/{tag}" if tag else "/api/v1/timelines/public"
        if not tag:
            params["local"] = "true"
        statuses, next_cursor = self._page(f"@listening@{where}", path, params, auth=False)
        return p.page(self.slug, statuses, lambda raw, at: _with_location(self._message({"status": raw}, at), raw),
                      next_cursor)

    def messages(self, handle: str, cursor: str | None = None) -> Page[Message]:
        params: dict[str, Any] = {"limit": "40", "types[]": "mention"}
        if cursor:
            params["max_id"] = cursor
        # Notifications are the token holder's, whoever the channel is.
        self.check_identity(handle)
        notes, next_cursor = self._page(handle, "/api/v1/notifications", params, auth=True)
        return p.page(self.slug, notes, self._message, next_cursor)

    def whoami(self, handle: str) -> str:
        """The account the token belongs to, as ``user@instance``."""
        answer = self.http.get_json(
            f"{self.instance_url(handle)}/api/v1/accounts/verify_credentials", headers=self._headers(True)
        )
        account = p.obj(self.slug, answer, "verify_credentials")
        user = p.text(self.slug, account, "username", "verify_credentials", required=True)
        return f"{user}@{self.normalize_handle(handle).split('@', 1)[1]}"


    # -- writes --------------------------------------------------------------
    def publish(self, handle: str, text: str) -> Sent:
        return self._status(handle, {"status": text, "visibility": "public"})

    def publish_media(self, handle: str, text: str, images: Sequence[MediaFile]) -> Sent:
        """Each image goes to POST /api/v2/media with its alt text as
        ``description`` (https://docs.joinmastodon.org/methods/media/#v2); an
        attachment still processing (202, ``url`` null) is polled at GET
        /api/v1/media/:id until it is ready (200; 206 while processing);
        then one status names them in ``media_ids``."""
        self._check_image_count(images)
        base, headers = self.instance_url(handle), self._headers(True)
        ids = []
        for n, image in enumerate(images):
            answer = p.obj(self.slug, self.http.post_json(
                f"{base}/api/v2/media", headers=headers, data={"description": image.alt_text},
                files={"file": (image.filename, image.data, image.mime_type)}, idempotent=False), f"media[{n}]")
            media_id = p.text(self.slug, answer, "id", f"media[{n}]", required=True)
            for wait in (*MEDIA_POLL, None):
                if answer.get("url"):
                    break
                if wait is None:
                    raise TransientError(self.slug, f"image {n + 1} was still being processed; try again later")
                self.http.sleep(wait)
                answer = p.obj(self.slug, self.http.get_json(f"{base}/api/v1/media/{media_id}", headers=headers),
                               f"media[{n}]")
            ids.append(media_id)
        return self._status(handle, {"status": text, "visibility": "public", "media_ids": ids})

    def publish_video(self, handle: str, text: str, video: MediaFile, *, title: str) -> Sent:
        """A video is a media attachment like an image (POST /api/v2/media
        takes video/mp4, video/webm and video/quicktime); Mastodon has no
        title, so ``title`` is not sent. A video still being transcoded after
        the polls is a transient error: the post is not created, and the next
        try reads the account back, then uploads again."""
        return self.publish_media(handle, text, [video])

    def reply(self, handle: str, in_reply_to: str, text: str, *, idempotency_key: str = "") -> Sent:
        # Without "visibility" Mastodon uses the account's default (often
        # public), so a reply to a direct message could be published for all
        # to see: answer with the visibility of the status answered.
        answer = self.http.get_json(
            f"{self.instance_url(handle)}/api/v1/statuses/{in_reply_to}", headers=self._headers(True)
        )
        visibility = p.text(self.slug, p.obj(self.slug, answer, "status"), "visibility", "status") or "direct"
        return self._status(handle, {"status": text, "in_reply_to_id": in_reply_to, "visibility": visibility},
                            idempotency_key)

    def our_replies(self, handle: str, in_reply_to: str) -> list[PostedReply]:
        """Our account's statuses among ``in_reply_to``'s direct descendants
        (GET /api/v1/statuses/:id/context,
        https://docs.joinmastodon.org/methods/statuses/#context)."""
        user, host = self.normalize_handle(handle).split("@", 1)
        answer = p.obj(self.slug, self.http.get_json(
            f"{self.instance_url(handle)}/api/v1/statuses/{in_reply_to}/context", headers=self._headers(True)),
            "context")
        found = []
        for i, raw in enumerate(p.items(self.slug, answer.get("descendants", []), "descendants")):
            where = f"descendants[{i}]"
            status = p.obj(self.slug, raw, where)
            account = p.obj(self.slug, status.get("account", {}), f"{where}.account")
            acct = p.text(self.slug, account, "acct", f"{where}.account").casefold()
            if status.get("in_reply_to_id") != in_reply_to or acct not in (user.casefold(), f"{user}@{host}".casefold()):
                continue
            text = html_to_text(p.text(self.slug, status, "content", where))
            found.append(PostedReply(self.slug, p.text(self.slug, status, "id", where, required=True), text,
                                     p.text(self.slug, status, "url", where)))
        return found

    def send_private(self, handle: str, author_handle: str, in_reply_to: str, text: str) -> Sent:
        """A direct status that mentions only the author, in reply to their
        status: on Mastodon a private message is a status only the people it
        mentions can see."""
        acct = author_handle.strip().removeprefix("@")
        if not acct:
            raise NotFound(self.slug, "the status's author is unknown: send the notice by hand")
        if "@" not in acct:
            # A local account's acct has no instance: it lives on ours.
            acct = f"{acct}@{self.normalize_handle(handle).split('@', 1)[1]}"
        return self._status(handle, {"status": f"@{acct} {text}", "in_reply_to_id": in_reply_to, "visibility": "direct"})

    # -- OAuth ---------------------------------------------------------------
    def register_app(self, handle: str, name: str, redirect_uri: str, scopes: Iterable[str] = DEFAULT_SCOPES) -> Credentials:
        """Each instance issues its own client id and secret (POST /api/v1/apps)."""
        answer = self.http.post_json(
            f"{self.instance_url(handle)}/api/v1/apps",
            json_body={"client_name": name, "redirect_uris": redirect_uri, "scopes": " ".join(scopes), "website": ""},
        )
        data = p.obj(self.slug, answer, "application")
        return Credentials(
            client_id=p.text(self.slug, data, "client_id", "application", required=True),
            client_secret=p.text(self.slug, data, "client_secret", "application", required=True),
        )

    def authorize_url(
        self, client_id: str, redirect_uri: str, state: str, scopes: Iterable[str] = DEFAULT_SCOPES, *, handle: str
    ) -> str:
        return build_authorize_url(
            f"{self.instance_url(handle)}/oauth/authorize",
            client_id=client_id,
            redirect_uri=redirect_uri,
            state=state,
            scopes=scopes,
        )

    def exchange_code(self, code: str, redirect_uri: str, *, handle: str) -> Credentials:
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "client_id": self.credentials.client_id,
            "client_secret": self.credentials.client_secret,
        }
        return request_token(self.http, f"{self.instance_url(handle)}/oauth/token", form, base=self.credentials)

    # -- helpers -------------------------------------------------------------
    def _headers(self, required: bool) -> dict[str, str]:
        if self.credentials.token:
            return {"Authorization": f"Bearer {self.credentials.token}"}
        if required:
            raise AuthError(self.slug, "no access token for this account: connect it first")
        return {}

    def _lookup(self, acct: str) -> Mapping[str, Any]:
        user = acct.split("@", 1)[0]
        answer = self.http.get_json(
            f"{self.instance_url(acct)}/api/v1/accounts/lookup", params={"acct": user}, headers=self._headers(False)
        )
        account = p.obj(self.slug, answer, "account")
        self._ids[acct] = p.text(self.slug, account, "id", "account", required=True)
        return account

    def _page(self, handle: str, path: str, params: Mapping[str, Any], *, auth: bool) -> tuple[list[Any], str | None]:
        response = self.http.request(
            "GET", f"{self.instance_url(handle)}{path}", params=params, headers=self._headers(auth)
        )
        found = p.items(self.slug, self.http.parse_json(response), "response")
        return found, _next_max_id(response) if found else None

    def _status(self, handle: str, body: Mapping[str, Any], idempotency_key: str = "") -> Sent:
        # The Idempotency-Key makes a retried POST after a timeout post once;
        # a reply passes the key of its recorded attempt, so a retry after a
        # crash carries the same key as the try that may have got through.
        headers = {**self._headers(True), "Idempotency-Key": idempotency_key or str(uuid.uuid4())}
        answer = self.http.post_json(f"{self.instance_url(handle)}/api/v1/statuses", json_body=body, headers=headers)
        status = p.obj(self.slug, answer, "status")
        return Sent(
            self.slug,
            p.text(self.slug, status, "id", "status", required=True),
            p.text(self.slug, status, "url", "status"),
        )

    def _post(self, acct: str, raw: Any, where: str) -> Post:
        status = p.obj(self.slug, raw, where)
        media = p.items(self.slug, status.get("media_attachments", []), f"{where}.media_attachments")
        kind = "text"
        if media and isinstance(media[0], Mapping):
            kind = {"image": "image", "gifv": "video", "video": "video", "audio": "audio"}.get(
                str(media[0].get("type")), "image"
            )
        elif status.get("card"):
            kind = "link"
        return Post(
            network=self.slug,
            external_id=p.text(self.slug, status, "id", where, required=True),
            author_handle=acct,
            published_at=p.when(self.slug, status.get("created_at"), f"{where}.created_at"),
            text=html_to_text(p.text(self.slug, status, "content", where)),
            url=p.text(self.slug, status, "url", where),
            media_type=kind,
            likes=p.count(self.slug, status, "favourites_count", where),
            comments=p.count(self.slug, status, "replies_count", where),
            shares=p.count(self.slug, status, "reblogs_count", where),
            link_url=_card_url(self.slug, status, where) if kind == "link" else "",
            **_flags(self.slug, status, where),
        )

    def _message(self, raw: Any, where: str) -> Message:
        note = p.obj(self.slug, raw, where)
        status = p.obj(self.slug, note.get("status"), f"{where}.status")
        account = p.obj(self.slug, status.get("account") or note.get("account"), f"{where}.status.account")
        in_reply_to = p.text(self.slug, status, "in_reply_to_id", f"{where}.status")
        if status.get("visibility") == "direct":
            kind = MessageKind.DIRECT
        elif in_reply_to:
            kind = MessageKind.COMMENT
        else:
            kind = MessageKind.MENTION
        status_id = p.text(self.slug, status, "id", f"{where}.status", required=True)
        return Message(
            network=self.slug,
            external_id=status_id,
            kind=kind,
            author_handle=p.text(self.slug, account, "acct", f"{where}.status.account"),
            author_name=p.text(self.slug, account, "display_name", f"{where}.status.account"),
            published_at=p.when(self.slug, status.get("created_at"), f"{where}.status.created_at"),
            text=html_to_text(p.text(self.slug, status, "content", f"{where}.status")),
            url=p.text(self.slug, status, "url", f"{where}.status"),
            in_reply_to=in_reply_to,
            thread_id=in_reply_to or status_id,
            extra={"notification_id": p.text(self.slug, note, "id", where)},
            **_flags(self.slug, status, f"{where}.status"),
        )


def _flags(network: str, status: Mapping[str, Any], where: str) -> dict[str, Any]:
    """A status's own word on how to show it: Mastodon's content warning
    (``spoiler_text``), its sensitive mark, its visibility and language."""
    sensitive = status.get("sensitive")
    if sensitive is not None and not isinstance(sensitive, bool):
        raise PayloadError(network, f"{where}.sensitive", f"expected true or false, got {sensitive!r}")
    return {
        "sensitive": bool(sensitive),
        "content_warning": p.text(network, status, "spoiler_text", where),
        "visibility": p.text(network, status, "visibility", where),
        "language": p.text(network, status, "language", where),
    }


def _card_url(network: str, status: Mapping[str, Any], where: str) -> str:
    card = status.get("card")
    if not isinstance(card, Mapping):
        return ""
    return p.text(network, card, "url", f"{where}.card")


def _field_links(network: str, fields: Any, salvage: p.Salvage) -> list[str]:
    """The links among a profile's fields (``[{"name", "value", "verified_at"}]``,
    the value HTML such as ``<a href="https://...">``); a field that is not
    an object is reported and skipped."""
    if fields is None:
        return []
    if not isinstance(fields, list):
        salvage.problems.append(Problem(network, salvage.external_id, "account.fields", "expected a list"))
        return []
    links: list[str] = []
    for i, field in enumerate(fields):
        if not isinstance(field, Mapping):
            salvage.problems.append(Problem(network, salvage.external_id, f"account.fields[{i}]", "expected an object"))
            continue
        value = field.get("value")
        if not isinstance(value, str):
            continue
        found = _HREF.search(value)
        text = found.group(1) if found else html_to_text(value)
        if text.startswith(("http://", "https://")) and text not in links:
            links.append(html.unescape(text))
    return links


def _next_max_id(response: httpx.Response) -> str | None:
    match = _NEXT.search(response.headers.get("link", ""))
    if not match:
        return None
    values = parse_qs(urlsplit(match.group(1)).query).get("max_id")
    return values[0] if values else None


# Profile fields people use to say where they are. Mastodon has no location
# of its own, and an instance's locality is its community, not its members'
# whereabouts: only what the author wrote in such a field counts.
LOCATION_FIELDS = frozenset({"location", "city", "based in", "where"})


def _with_location(message: Message, raw: Any) -> Message:
    """The message with its author's profile location (a profile field
    named Location, https://docs.joinmastodon.org/entities/Account/#fields),
    where they filled one in; an unreadable field is left out."""
    account = raw.get("account") if isinstance(raw, Mapping) else None
    fields = account.get("fields") if isinstance(account, Mapping) else None
    for field in fields if isinstance(fields, list) else []:
        if not isinstance(field, Mapping) or not isinstance(field.get("name"), str):
            continue
        value = field.get("value")
        if field["name"].strip().casefold() in LOCATION_FIELDS and isinstance(value, str):
            location = html_to_text(value).strip()
            if location:
                return replace(message, extra={**message.extra, "author_location": location[:200]})
    return message
