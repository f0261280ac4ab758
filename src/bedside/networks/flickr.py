"""Flickr through its REST API (JSON format).

Followed:
- https://www.flickr.com/services/api/request.rest.html and response.json.html
  (format=json&nojsoncallback=1; failures are 200 with "stat": "fail")
- https://www.flickr.com/services/api/flickr.urls.lookupUser.html
- https://www.flickr.com/services/api/flickr.people.getInfo.html
- https://www.flickr.com/services/api/flickr.people.getPublicPhotos.html (extras, page/pages)

Public reads need only an API key (``Credentials.token``, or ``client_id``).
Writing needs OAuth 1.0a request signing, which Bedside does not do, and
Flickr does not report follower counts, which stay ``None``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, ClassVar

from . import parsing as p
from .base import NetworkClient
from .errors import AuthError, NotFound, PayloadError, PermanentError, TransientError
from .records import Page, Post, ProfileStats

_NSID = re.compile(r"^[0-9]{5,15}@N[0-9]{2}$")
_ALIAS = re.compile(r"^[A-Za-z0-9_.-]{3,50}$")
_URL = re.compile(r"^(?:https?://)?(?:www\.)?flickr\.com/(?:photos|people)/([^/?#]+)/?(?:[?#].*)?$", re.I)
_EXTRAS = "date_upload,views,media,count_faves,count_comments,description,path_alias"
# Error codes from the API's own pages: 100 bad key, 98/99 bad auth, 105/106 down.
_AUTH_CODES = {98, 99, 100}
_TRANSIENT_CODES = {105, 106, 0}


class FlickrClient(NetworkClient):
    slug: ClassVar[str] = "flickr"
    label: ClassVar[str] = "Flickr"
    default_base_url: ClassVar[str] = "https://api.flickr.com/services/rest"
    capabilities: ClassVar[frozenset[str]] = frozenset({"profile", "posts"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._nsids: dict[str, str] = {}

    @classmethod
    def normalize_handle(cls, handle: str) -> str:
        """An NSID (``12345678@N01``) or the name in flickr.com/photos/<name>."""
        raw = (handle or "").strip()
        match = _URL.match(raw)
        name = (match.group(1) if match else raw).removeprefix("@")
        if _NSID.match(name.upper()):
            return name.upper()
        if _ALIAS.match(name):
            return name
        raise ValueError(
            f"Flickr: {handle!r} is not a Flickr account; expected the name in "
            "flickr.com/photos/<name> or an NSID such as 12345678@N01"
        )

    # -- reads ---------------------------------------------------------------
    def profile(self, handle: str) -> ProfileStats:
        nsid = self._nsid(self.normalize_handle(handle))
        person = p.obj(self.slug, self._call("flickr.people.getInfo", user_id=nsid).get("person"), "person")
        photos = person.get("photos")
        photos = p.obj(self.slug, photos, "person.photos") if photos is not None else {}
        alias = p.text(self.slug, person, "path_alias", "person")
        salvage = p.Salvage(self.slug, nsid)
        icon_server = p.text(self.slug, person, "iconserver", "person")
        avatar = ""
        if icon_server and icon_server != "0":
            avatar = f"https://farm{person.get('iconfarm')}.staticflickr.com/{icon_server}/buddyicons/{nsid}.jpg"
        return ProfileStats(
            network=self.slug,
            external_id=nsid,
            handle=alias or nsid,
            taken_at=p.now(),
            name=_content(self.slug, person, "realname", "person") or _content(self.slug, person, "username", "person"),
            description=_content(self.slug, person, "description", "person"),
            url=_content(self.slug, person, "photosurl", "person") or f"https://www.flickr.com/photos/{alias or nsid}/",
            avatar_url=avatar,
            posts=_salvaged(salvage, photos, "count", "person.photos"),
            extra={"views": _salvaged(salvage, photos, "views", "person.photos")},
            problems=tuple(salvage.problems),
        )

    def posts(self, handle: str, cursor: str | None = None) -> Page[Post]:
        name = self.normalize_handle(handle)
        nsid = self._nsid(name)
        page_number = cursor or "1"
        if not page_number.isdigit():
            raise ValueError(f"Flickr: cursor {cursor!r} is not a page number")
        answer = self._call(
            "flickr.people.getPublicPhotos", user_id=nsid, extras=_EXTRAS, per_page="100", page=page_number
        )
        photos = p.obj(self.slug, answer.get("photos"), "photos")
        items = p.items(self.slug, photos.get("photo", []), "photos.photo")
        page = p.count(self.slug, photos, "page", "photos") or 1
        pages = p.count(self.slug, photos, "pages", "photos") or 0
        return p.page(self.slug, items, lambda raw, where: self._photo(name, nsid, raw, where),
                      str(page + 1) if page < pages and items else None, "photos.photo[{}]")

    # -- helpers -------------------------------------------------------------
    def _call(self, method: str, **params: str) -> Mapping[str, Any]:
        api_key = self.credentials.token or self.credentials.client_id
        if not api_key:
            raise AuthError(self.slug, "no API key configured (BEDSIDE_FLICKR_TOKEN)")
        query = {"method": method, "api_key": api_key, "format": "json", "nojsoncallback": "1", **params}
        answer = p.obj(self.slug, self.http.get_json(self.url("/"), params=query), "response")
        if answer.get("stat") != "ok":
            code = answer.get("code")
            message = f"{method} failed: {answer.get('message', 'no message')} (code {code})"
            if code in _AUTH_CODES:
                raise AuthError(self.slug, message)
            if code in _TRANSIENT_CODES:
                raise TransientError(self.slug, message)
            if code == 1 or code == 2:  # "User not found" / "Unknown user"
                raise NotFound(self.slug, message)
            raise PermanentError(self.slug, message)
        return answer

    def _nsid(self, name: str) -> str:
        if _NSID.match(name):
            return name
        if name not in self._nsids:
            answer = self._call("flickr.urls.lookupUser", url=f"https://www.flickr.com/photos/{name}/")
            user = p.obj(self.slug, answer.get("user"), "user")
            self._nsids[name] = p.text(self.slug, user, "id", "user", required=True)
        return self._nsids[name]

    def _photo(self, name: str, nsid: str, raw: Any, where: str) -> Post:
        photo = p.obj(self.slug, raw, where)
        photo_id = p.text(self.slug, photo, "id", where, required=True)
        title = p.text(self.slug, photo, "title", where)
        description = _content(self.slug, photo, "description", where)
        return Post(
            network=self.slug,
            external_id=photo_id,
            author_handle=name,
            published_at=p.when(self.slug, photo.get("dateupload"), f"{where}.dateupload"),
            text=f"{title}\n\n{description}".strip(),
            url=f"https://www.flickr.com/photos/{nsid}/{photo_id}/",
            media_type="video" if photo.get("media") == "video" else "image",
            likes=p.count(self.slug, photo, "count_faves", where),
            comments=p.count(self.slug, photo, "count_comments", where),
            views=p.count(self.slug, photo, "views", where),
        )


def _content(network: str, data: Mapping[str, Any], key: str, where: str) -> str:
    """Flickr wraps text as {"_content": "..."}."""
    value = data.get(key)
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return p.text(network, p.obj(network, value, f"{where}.{key}"), "_content", f"{where}.{key}")


def _count(network: str, data: Mapping[str, Any], key: str, where: str) -> int | None:
    value = data.get(key)
    if isinstance(value, Mapping):
        return p.count(network, value, "_content", f"{where}.{key}")
    return p.count(network, data, key, where)


def _salvaged(salvage: p.Salvage, data: Mapping[str, Any], key: str, where: str) -> int | None:
    """:func:`_count`, with an unreadable count left unknown and reported."""
    try:
        return _count(salvage.network, data, key, where)
    except PayloadError as exc:
        salvage.problems.append(p.problem(salvage.network, {"id": salvage.external_id}, exc))
        return None
