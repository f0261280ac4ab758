"""Reading network payloads without letting KeyError or TypeError escape.

Every helper takes the network slug and a ``where`` path such as
``"data[3].public_metrics.like_count"`` so a malformed answer becomes a
:class:`PayloadError` that names the network, the record and the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from .errors import PayloadError


def obj(network: str, value: Any, where: str) -> Mapping[str, Any]:
    if type(value) is dict:  # what json.loads makes: skip the slower ABC check (a sync calls this ~5 times a record)
        return value
    if not isinstance(value, Mapping):
        raise PayloadError(network, where, f"expected an object, got {type(value).__name__}")
    return value


def items(network: str, value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise PayloadError(network, where, f"expected a list, got {type(value).__name__}")
    return value


def field(network: str, data: Mapping[str, Any], key: str, where: str) -> Any:
    """A required field; missing is a payload error, not a KeyError."""
    if key not in data or data[key] is None:
        raise PayloadError(network, f"{where}.{key}", "missing")
    return data[key]


def text(network: str, data: Mapping[str, Any], key: str, where: str, *, required: bool = False) -> str:
    value = data.get(key)
    if type(value) is str and value:  # the common case first
        return value
    if value is None:
        if required:
            raise PayloadError(network, f"{where}.{key}", "missing")
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise PayloadError(network, f"{where}.{key}", f"expected text, got {type(value).__name__}")
    if required and value == "":
        raise PayloadError(network, f"{where}.{key}", "empty")
    return str(value)


def count(
    network: str, data: Mapping[str, Any] | None, key: str, where: str, *, signed: bool = False
) -> int | None:
    """An optional count: ``None`` when the network did not report it.

    Numeric strings are accepted because YouTube and Flickr send counts as
    strings; anything else that is not a whole, non-negative number is an error.
    ``signed`` allows negatives for net scores (a Reddit post can be downvoted below 0).
    """
    if data is None:
        return None
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool):
        raise PayloadError(network, f"{where}.{key}", "expected a count, got a boolean")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and value.strip().lstrip("-").isdigit():
        number = int(value.strip())
    else:
        raise PayloadError(network, f"{where}.{key}", f"expected a count, got {value!r}")
    if number < 0 and not signed:
        raise PayloadError(network, f"{where}.{key}", f"negative count {number}")
    return number


def when(network: str, value: Any, where: str) -> datetime:
    """An aware UTC datetime from ISO 8601 text or epoch seconds.

    Accepts the shapes the networks document: ``2024-05-01T12:00:00.000Z``,
    Graph API's ``2024-05-01T12:00:00+0000`` and Reddit/Flickr epoch numbers.
    """
    if isinstance(value, bool) or value is None or value == "":
        raise PayloadError(network, where, "missing timestamp")
    try:
        if isinstance(value, int | float) or (isinstance(value, str) and value.strip().isdigit()):
            return datetime.fromtimestamp(float(value), tz=UTC)
        if not isinstance(value, str):
            raise TypeError(type(value).__name__)
        raw = value.strip()
        if raw.endswith(("Z", "z")):
            raw = raw[:-1] + "+00:00"
        elif len(raw) > 5 and raw[-5] in "+-" and raw[-4:].isdigit() and "T" in raw:
            raw = raw[:-2] + ":" + raw[-2:]  # +0000 -> +00:00 (Graph API)
        parsed = datetime.fromisoformat(raw)
    except (TypeError, ValueError, OverflowError, OSError) as exc:
        raise PayloadError(network, where, f"not a timestamp: {value!r}") from exc
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def now() -> datetime:
    return datetime.now(UTC)


def number(network: str, data: Mapping[str, Any] | None, key: str, where: str) -> float | None:
    """An optional rating or average (Yelp ``rating``, Google ``averageRating``)."""
    if data is None:
        return None
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool):
        raise PayloadError(network, f"{where}.{key}", "expected a number, got a boolean")
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            pass
    raise PayloadError(network, f"{where}.{key}", f"expected a number, got {value!r}")
