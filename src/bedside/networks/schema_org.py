"""Reading a provider review site's page: schema.org JSON-LD first, then markup.

Shared by the provider-page clients (Healthgrades, Vitals, WebMD Care, Zocdoc)
for their provider pages and by :mod:`bedside.networks.provider_search` for
their search results: one reading of a ``Physician`` or ``MedicalBusiness``
node, one way to turn what was read into a :class:`Listing`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Tag

from .errors import PayloadError
from .records import Listing, Problem

PROVIDER_TYPES = (
    "Physician",
    "Dentist",
    "MedicalBusiness",
    "MedicalClinic",
    "Hospital",
    "Person",
    "LocalBusiness",
)


def listing_from(network: str, url: str, found: Mapping[str, str], *, truncated: bool = False) -> Listing:
    """A :class:`Listing` from the fields read off a page (or a search result)
    about the provider page at ``url``; its id is the page's last path segment,
    so a search result and the page it links to are the same listing."""
    where = f"{url} "
    external_id = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1] or url
    # A rating or count the page garbles is unknown, reported: the listing's
    # name, address and phone are still worth checking.
    problems: list[Problem] = []

    def salvaged(read: Any, field: str) -> Any:
        try:
            return read(network, found.get(field), where + field)
        except PayloadError as exc:
            problems.append(
                Problem(network, external_id, exc.where, exc.message.removeprefix(f"{exc.where}: "))
            )
            return None

    return Listing(
        network=network,
        external_id=external_id,
        name=found["name"],
        url=url,
        address=found.get("address", ""),
        phone=found.get("phone", ""),
        rating=salvaged(_rating, "rating"),
        review_count=salvaged(_count, "review_count"),
        specialty=found.get("specialty", ""),
        extra=_extra(found, truncated),
        problems=tuple(problems),
    )


def _extra(found: Mapping[str, str], truncated: bool) -> dict[str, Any]:
    extra: dict[str, Any] = {}
    if truncated:
        extra["partial"] = True
    accepting = found.get("accepting_new_patients", "").casefold()
    if accepting in ("true", "false"):
        # schema.org isAcceptingNewPatients: the roster's field, checked like the phone.
        extra["accepting_new_patients"] = accepting == "true"
    return extra


def from_json_ld(soup: BeautifulSoup) -> dict[str, str]:
    best: dict[str, Any] | None = None
    for script in soup.find_all("script", type="application/ld+json"):
        try:
            data = json.loads(script.string or "")
        except ValueError:
            continue  # a broken block (or a cut-off page) leaves the HTML fallbacks
        for node in json_ld_nodes(data):
            rank = provider_rank(node)
            if rank is not None and (best is None or rank < best["rank"]):
                best = {"rank": rank, "node": node}
    if best is None:
        return {}
    return node_fields(best["node"])


def provider_rank(node: Mapping[str, Any]) -> int | None:
    """How provider-like a JSON-LD node is (0 best), ``None`` when it is not one."""
    kinds = node.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return min((PROVIDER_TYPES.index(k) for k in kinds if k in PROVIDER_TYPES), default=None)


def node_fields(node: Mapping[str, Any]) -> dict[str, str]:
    """The listing fields a schema.org provider node gives (empty ones left out)."""
    found = node.get("aggregateRating")
    rating: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
    return {
        key: value
        for key, value in {
            "name": _text(node.get("name")),
            "specialty": _specialty(node.get("medicalSpecialty")),
            "address": _address(node.get("address") or _location_address(node.get("location"))),
            "phone": _text(node.get("telephone")),
            "rating": _text(rating.get("ratingValue")),
            "review_count": _text(rating.get("reviewCount") or rating.get("ratingCount")),
            "accepting_new_patients": _flag(node.get("isAcceptingNewPatients")),
        }.items()
        if value
    }


def _flag(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    text = _text(value).casefold()
    return text if text in ("true", "false") else ""


def json_ld_nodes(data: Any) -> Iterator[Mapping[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from json_ld_nodes(item)
    elif isinstance(data, Mapping):
        yield data
        if "@graph" in data:
            yield from json_ld_nodes(data["@graph"])


def _text(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, bool) or value is None:
        return ""
    return " ".join(str(value).split())


def _specialty(value: Any) -> str:
    values = value if isinstance(value, list) else [value]
    names = []
    for item in values:
        if isinstance(item, Mapping):
            item = item.get("name")
        text = _text(item)
        # schema.org enumerations come as URLs: https://schema.org/Cardiovascular
        names.append(text.rstrip("/").rsplit("/", 1)[-1] if text.startswith("http") else text)
    return ", ".join(n for n in names if n)


def _address(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, str):
        return _text(value)
    if not isinstance(value, Mapping):
        return ""
    region = " ".join(p for p in (_text(value.get("addressRegion")), _text(value.get("postalCode"))) if p)
    parts = (_text(value.get("streetAddress")), _text(value.get("addressLocality")), region)
    return ", ".join(p for p in parts if p)


def _location_address(value: Any) -> Any:
    if isinstance(value, list):
        value = value[0] if value else None
    return value.get("address") if isinstance(value, Mapping) else None


def first_text(soup: BeautifulSoup | Tag, selectors: tuple[str, ...]) -> str:
    for selector in selectors:
        element = soup.select_one(selector)
        if element is None:
            continue
        value = element.get("content") or element.get_text(" ", strip=True)
        text = " ".join(str(value).split())
        if text:
            return text
    return ""


def _rating(network: str, value: str | None, where: str) -> float | None:
    if not value:
        return None
    head = value.replace(",", ".").split()[0].split("/")[0]
    try:
        rating = float(head)
    except ValueError:
        raise PayloadError(network, where, f"not a rating: {value!r}") from None
    if not 0 <= rating <= 5:
        raise PayloadError(network, where, f"rating out of range: {value!r}")
    return rating


def _count(network: str, value: str | None, where: str) -> int | None:
    if not value:
        return None
    # "(1,234 ratings)", "1,234 reviews", "1234": the first number is the count.
    match = re.search(r"\d[\d,]*", value)
    if match is None:
        raise PayloadError(network, where, f"not a count: {value!r}")
    return int(match.group().replace(",", ""))
