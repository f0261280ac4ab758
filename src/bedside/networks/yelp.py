"""Yelp Fusion: business details, business search and up to three review excerpts.

The handle is the Yelp business id or alias (``riverside-regional-columbus``).
Yelp lets the API read only excerpts (at most three, newest Yelp picks) and
offers no way to reply, so ``reply`` stays unsupported and the excerpts carry
the link to the full review.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, ClassVar
from urllib.parse import quote
from zoneinfo import ZoneInfo

from .base import NetworkClient
from .errors import AuthError, PayloadError
from .parsing import Salvage, items, obj, page, text
from .parsing import number as p_number
from .records import Listing, Message, MessageKind, Page

# Yelp documents review times as Pacific time without an offset.
YELP_TIME = ZoneInfo("America/Los_Angeles")


class YelpClient(NetworkClient):
    slug: ClassVar[str] = "yelp"
    label: ClassVar[str] = "Yelp"
    default_base_url: ClassVar[str] = "https://api.yelp.com"
    capabilities: ClassVar[frozenset[str]] = frozenset({"listing", "reviews"})
    kind: ClassVar[str] = "listing"

    def listing(self, handle: str) -> Listing:
        return self._business(obj(self.slug, self._get(f"/v3/businesses/{quote(handle, safe='')}"), "business"),
                              "business")

    def search_listings(self, term: str, location: str, *, categories: str = "", limit: int = 10) -> list[Listing]:
        """Businesses matching ``term`` near ``location`` (Business Search), to
        find a provider's listing; a person confirms which one is theirs."""
        params = {"term": term, "location": location, "limit": max(1, min(limit, 50))}
        if categories:
            params["categories"] = categories
        data = obj(self.slug, self._get("/v3/businesses/search", params), "search response")
        found = items(self.slug, data.get("businesses") or [], "businesses")
        return [self._business(obj(self.slug, b, f"businesses[{i}]"), f"businesses[{i}]")
                for i, b in enumerate(found)]

    # -- internals -------------------------------------------------------------
    def _business(self, data: Mapping[str, Any], where: str) -> Listing:
        location = obj(self.slug, data.get("location") or {}, f"{where}.location")
        lines = items(self.slug, location.get("display_address") or [], f"{where}.location.display_address")
        categories = items(self.slug, data.get("categories") or [], f"{where}.categories")
        titles = [text(self.slug, obj(self.slug, c, f"{where}.categories[{i}]"), "title", f"{where}.categories[{i}]")
                  for i, c in enumerate(categories)]
        business_id = text(self.slug, data, "id", where, required=True)
        salvage = Salvage(self.slug, business_id)
        return Listing(
            network=self.slug,
            external_id=business_id,
            name=text(self.slug, data, "name", where, required=True),
            url=_strip_tracking(text(self.slug, data, "url", where)),
            address=", ".join(str(line) for line in lines),
            phone=text(self.slug, data, "display_phone", where) or text(self.slug, data, "phone", where),
            rating=salvage.number(data, "rating", where),
            review_count=salvage.count(data, "review_count", where),
            specialty=", ".join(t for t in titles if t),
            extra={"alias": text(self.slug, data, "alias", where), "is_closed": bool(data.get("is_closed"))},
            problems=tuple(salvage.problems),
        )

    def reviews(self, handle: str, cursor: str | None = None) -> Page[Message]:
        business = quote(handle, safe="")
        data = obj(self.slug, self._get(f"/v3/businesses/{business}/reviews"), "reviews response")
        # Yelp serves no more than these excerpts: there is never a next page.
        return page(self.slug, items(self.slug, data.get("reviews", []), "reviews"),
                    lambda review, where: self._review(handle, review, where), None, "reviews[{}]")

    def _review(self, handle: str, review: Any, where: str) -> Message:
        data = obj(self.slug, review, where)
        user = obj(self.slug, data.get("user") or {}, f"{where}.user")
        return Message(
            network=self.slug,
            external_id=text(self.slug, data, "id", where, required=True),
            kind=MessageKind.REVIEW,
            author_handle=text(self.slug, user, "id", f"{where}.user"),
            author_name=text(self.slug, user, "name", f"{where}.user"),
            published_at=_pacific(self.slug, data.get("time_created"), f"{where}.time_created"),
            text=text(self.slug, data, "text", where),
            url=text(self.slug, data, "url", where),
            in_reply_to=handle,
            rating=p_number(self.slug, data, "rating", where),
            extra={"excerpt": True},
        )

    def _get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        if not self.credentials.token:
            raise AuthError(self.slug, "no API key: set BEDSIDE_YELP_TOKEN to a Yelp Fusion API key")
        return self.http.get_json(
            self.url(path), params=params, headers={"Authorization": f"Bearer {self.credentials.token}"}
        )


def _pacific(network: str, value: Any, where: str) -> datetime:
    if not isinstance(value, str) or not value.strip():
        raise PayloadError(network, where, "missing timestamp")
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise PayloadError(network, where, f"not a timestamp: {value!r}") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=YELP_TIME)
    return parsed.astimezone(ZoneInfo("UTC"))


def _strip_tracking(url: str) -> str:
    # Yelp appends per-app tracking parameters (adjust_creative, utm_*) to URLs.
    return url.split("?", 1)[0]
