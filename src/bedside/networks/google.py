"""Google Business Profile: location listing, reviews and review replies,
and posts on the profile (localPosts: STANDARD "what's new" posts, with a
photo Google fetches from ``sourceUrl``, so it must be public:
BEDSIDE_PUBLIC_MEDIA_URL;
https://developers.google.com/my-business/reference/rest/v4/accounts.locations.localPosts).

The handle is the location's resource name, ``accounts/{account}/locations/{location}``.
Reviews come from the v4 API (``mybusiness.googleapis.com``), which Google opens
only to projects it has approved; the listing comes from the Business
Information API, which lives on another host. Against a stand-in (any base URL
other than Google's) both are served from the one base URL.

Finding a physician's listing (one the hospital does not manage, so no
Business Profile account reaches it) goes through the Places API (New): Text
Search for a name and a city, and Place Details to read a confirmed one again.
Those take an API key (``BEDSIDE_GOOGLE_API_KEY``), not the account's OAuth
token, and the handle of such a listing is the place's resource name,
``places/{place_id}``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from . import parsing as p
from .base import NetworkClient
from .errors import AuthError, PayloadError, PermanentError
from .google_oauth import GoogleOAuth
from .parsing import items, obj, text, when
from .records import Listing, MediaFile, Message, MessageKind, Page, Post, Sent

REVIEWS_HOST = "https://mybusiness.googleapis.com"
INFORMATION_HOST = "https://mybusinessbusinessinformation.googleapis.com"
PLACES_HOST = "https://places.googleapis.com"
# Places API (New) returns only the fields named in X-Goog-FieldMask (there is
# no default); these are the ones a listing check needs.
PLACE_FIELDS = ("name", "id", "displayName", "formattedAddress", "nationalPhoneNumber", "rating", "userRatingCount",
                "googleMapsUri", "primaryTypeDisplayName", "businessStatus")
MAX_PLACES = 20  # the most one Text Search page returns
READ_MASK = "name,title,phoneNumbers,storefrontAddress,websiteUri,categories,metadata"
PAGE_SIZE = 50  # the most reviews.list returns at once
STARS = {"ONE": 1.0, "TWO": 2.0, "THREE": 3.0, "FOUR": 4.0, "FIVE": 5.0}


class GoogleClient(GoogleOAuth, NetworkClient):
    slug: ClassVar[str] = "google"
    label: ClassVar[str] = "Google Business Profile"
    default_base_url: ClassVar[str] = REVIEWS_HOST
    # Local posts are read to settle a publish whose answer was lost, and by
    # the sync; the API gives no engagement numbers for them.
    capabilities: ClassVar[frozenset[str]] = frozenset({"reviews", "listing", "reply", "publish", "posts"})
    image_posting: ClassVar[str] = "url"
    kind: ClassVar[str] = "listing"
    reply_replaces: ClassVar[bool] = True  # updateReply: one owner reply per review, a PUT
    oauth_scopes: ClassVar[tuple[str, ...]] = ("https://www.googleapis.com/auth/business.manage",)

    def locations(self, account: str, cursor: str | None = None) -> Page[Listing]:
        """The locations an account manages, to pick the ones to follow.

        Each listing's ``external_id`` is the handle the other calls take.
        Ratings are not part of this list (``listing()`` reads them).
        """
        name = account.strip().strip("/")
        if not name.startswith("accounts/") or name.count("/") != 1:
            raise PermanentError(self.slug, f"account must be accounts/<id>, got {account!r}")
        params: dict[str, Any] = {"readMask": READ_MASK, "pageSize": 100}
        if cursor:
            params["pageToken"] = cursor
        data = obj(self.slug, self._get(f"{self._information_base()}/v1/{name}/locations", params), "locations")
        def location(raw: Any, where: str) -> Listing:
            location = obj(self.slug, raw, where)
            location_name = text(self.slug, location, "name", where, required=True)
            return self._listing(f"{name}/{location_name}", location, {}, where)

        return p.page(self.slug, items(self.slug, data.get("locations", []), "locations"), location,
                      data.get("nextPageToken") or None, "locations[{}]")

    def reviews(self, handle: str, cursor: str | None = None) -> Page[Message]:
        parent = _location_name(handle)
        params: dict[str, Any] = {"pageSize": PAGE_SIZE}
        if cursor:
            params["pageToken"] = cursor
        try:
            answer = self._get(f"{self.base_url}/v4/{parent}/reviews", params)
        except AuthError:
            raise
        except PermanentError as exc:
            if exc.status != 403:
                raise
            raise PermanentError(
                self.slug,
                "reviews refused (HTTP 403): the Google Cloud project needs Business Profile API access "
                "approved by Google, and the connected user must manage this location. " + exc.message,
                status=403,
            ) from exc
        data = obj(self.slug, answer, "ListReviewsResponse")
        reviews = items(self.slug, data.get("reviews", []), "reviews")
        return p.page(self.slug, reviews, lambda review, where: self._review(parent, review, where),
                      data.get("nextPageToken") or None, "reviews[{}]")

    def listing(self, handle: str) -> Listing:
        if handle.strip().startswith("places/"):
            return self._place_details(handle.strip())
        parent = _location_name(handle)
        location_id = parent.split("/locations/", 1)[1]
        data = obj(
            self.slug,
            self._get(f"{self._information_base()}/v1/locations/{location_id}", {"readMask": READ_MASK}),
            "location",
        )
        return self._listing(parent, data, self._review_summary(parent), "location")

    def reply(self, handle: str, in_reply_to: str, text: str) -> Sent:
        """Create or replace the owner's public reply (reviews.updateReply)."""
        parent = _location_name(handle)
        self._require_token()
        url = f"{self.base_url}/v4/{parent}/reviews/{in_reply_to}/reply"
        response = self.http.request("PUT", url, headers=self._headers(), json_body={"comment": text})
        obj(self.slug, self.http.parse_json(response), "ReviewReply")
        return Sent(network=self.slug, external_id=in_reply_to)

    def search_listings(self, term: str, location: str, *, categories: str = "", limit: int = 10) -> list[Listing]:
        """Places matching ``term`` in ``location`` (Places API Text Search),
        to find a provider's listing; a person confirms which one is theirs.
        ``categories`` is a Places type (``doctor``) that narrows the search."""
        body: dict[str, Any] = {"textQuery": f"{term}, {location}", "pageSize": max(1, min(limit, MAX_PLACES))}
        if categories:
            body["includedType"] = categories
        mask = ",".join(f"places.{f}" for f in PLACE_FIELDS)
        response = self.http.request("POST", f"{self._places_base()}/v1/places:searchText",
                                     headers=self._places_headers(mask), json_body=body)
        data = obj(self.slug, self.http.parse_json(response), "SearchTextResponse")
        return [self._place(raw, f"places[{i}]") for i, raw in enumerate(items(self.slug, data.get("places") or [],
                                                                                "places"))]

    def publish(self, handle: str, text: str) -> Sent:
        return self._local_post(handle, {"languageCode": "en", "summary": text, "topicType": "STANDARD"})

    def publish_media(self, handle: str, text: str, images: Sequence[MediaFile]) -> Sent:
        self._check_image_count(images)
        if not images[0].public_url:
            raise PermanentError(self.slug, "Google fetches the photo from a public web address, and none is set: "
                                            "set BEDSIDE_PUBLIC_MEDIA_URL")
        return self._local_post(handle, {"languageCode": "en", "summary": text, "topicType": "STANDARD", "media": [
            {"mediaFormat": "PHOTO", "sourceUrl": images[0].public_url, "description": images[0].alt_text}]})

    def posts(self, handle: str, cursor: str | None = None) -> Page[Post]:
        """The location's local posts, newest first (localPosts.list)."""
        parent = _location_name(handle)
        params: dict[str, Any] = {"pageSize": 100}
        if cursor:
            params["pageToken"] = cursor
        answer = obj(self.slug, self._get(f"{self.base_url}/v4/{parent}/localPosts", params), "localPosts.list")

        def local(raw: Any, where: str) -> Post:
            data = obj(self.slug, raw, where)
            return Post(self.slug, text(self.slug, data, "name", where, required=True), parent,
                        when(self.slug, data.get("createTime"), f"{where}.createTime"),
                        text=text(self.slug, data, "summary", where), url=text(self.slug, data, "searchUrl", where),
                        media_type="image" if data.get("media") else "text")

        return p.page(self.slug, items(self.slug, answer.get("localPosts", []), "localPosts"), local,
                      str(answer["nextPageToken"]) if answer.get("nextPageToken") else None, "localPosts[{}]")

    # -- internals -------------------------------------------------------------
    def _place_details(self, name: str) -> Listing:
        place_id = name.removeprefix("places/")
        if not place_id or "/" in place_id:
            raise PermanentError(self.slug, f"handle must be places/<place id>, got {name!r}")
        data = self.http.get_json(f"{self._places_base()}/v1/places/{place_id}",
                                  headers=self._places_headers(",".join(PLACE_FIELDS)))
        return self._place(data, "Place")

    def _place(self, raw: Any, where: str) -> Listing:
        data = obj(self.slug, raw, where)
        place_id = text(self.slug, data, "id", where)
        name = text(self.slug, data, "name", where) or (f"places/{place_id}" if place_id else "")
        if not name:
            raise PayloadError(self.slug, f"{where}.name", "a place with no resource name or id")
        shown = obj(self.slug, data.get("displayName") or {}, f"{where}.displayName")
        kind = obj(self.slug, data.get("primaryTypeDisplayName") or {}, f"{where}.primaryTypeDisplayName")
        salvage = p.Salvage(self.slug, name)
        return Listing(
            network=self.slug,
            external_id=name,
            name=text(self.slug, shown, "text", f"{where}.displayName", required=True),
            url=text(self.slug, data, "googleMapsUri", where),
            address=text(self.slug, data, "formattedAddress", where),
            phone=text(self.slug, data, "nationalPhoneNumber", where),
            rating=salvage.number(data, "rating", where),
            review_count=salvage.count(data, "userRatingCount", where),
            specialty=text(self.slug, kind, "text", f"{where}.primaryTypeDisplayName"),
            extra={"place": True, "business_status": text(self.slug, data, "businessStatus", where)},
            problems=tuple(salvage.problems),
        )

    def _places_headers(self, mask: str) -> dict[str, str]:
        key = self.credentials.extra.get("api_key", "")
        if not key:
            raise AuthError(self.slug, "no Places API key: set BEDSIDE_GOOGLE_API_KEY to a Google Cloud API key "
                                       "with the Places API (New) enabled")
        return {"X-Goog-Api-Key": key, "X-Goog-FieldMask": mask}

    def _places_base(self) -> str:
        return PLACES_HOST if self.base_url == REVIEWS_HOST else self.base_url

    def _local_post(self, handle: str, body: dict[str, Any]) -> Sent:
        parent = _location_name(handle)
        self._require_token()
        answer = obj(self.slug, self.http.post_json(f"{self.base_url}/v4/{parent}/localPosts", headers=self._headers(),
                                                    json_body=body, idempotent=False), "LocalPost")
        return Sent(self.slug, text(self.slug, answer, "name", "LocalPost", required=True),
                    text(self.slug, answer, "searchUrl", "LocalPost"))

    def _listing(self, external_id: str, data: Any, summary: Any, where: str) -> Listing:
        phones = obj(self.slug, data.get("phoneNumbers") or {}, f"{where}.phoneNumbers")
        categories = obj(self.slug, data.get("categories") or {}, f"{where}.categories")
        primary = obj(self.slug, categories.get("primaryCategory") or {}, f"{where}.categories.primaryCategory")
        metadata = obj(self.slug, data.get("metadata") or {}, f"{where}.metadata")
        salvage = p.Salvage(self.slug, external_id)
        return Listing(
            network=self.slug,
            external_id=external_id,
            name=text(self.slug, data, "title", where, required=True),
            url=text(self.slug, metadata, "mapsUri", f"{where}.metadata"),
            address=_address(self.slug, data.get("storefrontAddress"), f"{where}.storefrontAddress"),
            phone=text(self.slug, phones, "primaryPhone", f"{where}.phoneNumbers"),
            rating=salvage.number(summary, "averageRating", "ListReviewsResponse"),
            review_count=salvage.count(summary, "totalReviewCount", "ListReviewsResponse"),
            specialty=text(self.slug, primary, "displayName", f"{where}.categories.primaryCategory"),
            extra={"website": text(self.slug, data, "websiteUri", where)},
            problems=tuple(salvage.problems),
        )

    def _review_summary(self, parent: str) -> Any:
        """The listing carries no rating: one smallest page of reviews.list does.

        Reviews need access Google approves separately, so without it the
        listing is still read, with rating and count unknown.
        """
        try:
            data = self._get(f"{self.base_url}/v4/{parent}/reviews", {"pageSize": 1})
        except AuthError:
            raise
        except PermanentError as exc:
            if exc.status != 403:
                raise
            return {}
        return obj(self.slug, data, "ListReviewsResponse")

    def _review(self, parent: str, review: Any, where: str) -> Message:
        data = obj(self.slug, review, where)
        reviewer = obj(self.slug, data.get("reviewer") or {}, f"{where}.reviewer")
        reply = obj(self.slug, data.get("reviewReply") or {}, f"{where}.reviewReply")
        stars = data.get("starRating")
        if stars is not None and stars not in STARS and stars != "STAR_RATING_UNSPECIFIED":
            raise PayloadError(self.slug, f"{where}.starRating", f"unknown rating {stars!r}")
        anonymous = bool(reviewer.get("isAnonymous"))
        review_id = text(self.slug, data, "reviewId", where, required=True)
        return Message(
            network=self.slug,
            external_id=review_id,
            kind=MessageKind.REVIEW,
            author_handle="",
            author_name="" if anonymous else text(self.slug, reviewer, "displayName", f"{where}.reviewer"),
            published_at=when(self.slug, data.get("createTime"), f"{where}.createTime"),
            # A rating-only review has no comment: that is normal, not an error.
            text=text(self.slug, data, "comment", where),
            in_reply_to=parent,
            rating=STARS.get(stars or ""),
            owner_reply=text(self.slug, reply, "comment", f"{where}.reviewReply"),
            extra={"name": text(self.slug, data, "name", where), "updated": data.get("updateTime") or ""},
        )

    def _get(self, url: str, params: dict[str, Any]) -> Any:
        self._require_token()
        return self.http.get_json(url, params=params, headers=self._headers())

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.credentials.token}"}

    def _require_token(self) -> None:
        if not self.credentials.token:
            raise AuthError(self.slug, "no access token: connect the Business Profile account first")

    def _information_base(self) -> str:
        override = self.credentials.extra.get("information_base_url")
        if override:
            return override.rstrip("/")
        return INFORMATION_HOST if self.base_url == REVIEWS_HOST else self.base_url


def _location_name(handle: str) -> str:
    name = handle.strip().strip("/")
    parts = name.split("/")
    if len(parts) != 4 or parts[0] != "accounts" or parts[2] != "locations" or not all(parts):
        raise PermanentError("google", f"handle must be accounts/<id>/locations/<id>, got {handle!r}")
    return name


def _address(network: str, value: Any, where: str) -> str:
    if not value:
        return ""
    data = obj(network, value, where)
    lines = [str(line) for line in items(network, data.get("addressLines") or [], f"{where}.addressLines")]
    region = " ".join(
        part for part in (str(data.get("administrativeArea") or ""), str(data.get("postalCode") or "")) if part
    )
    tail = ", ".join(part for part in (str(data.get("locality") or ""), region) if part)
    return ", ".join([*lines, tail] if tail else lines)
