"""Reading network payloads without letting KeyError or TypeError escape.

Every helper takes the network slug and a ``where`` path such as
``"data[3].public_metrics.like_count"`` so a malformed answer becomes a
:class:`PayloadError` that names the network, the record and the field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, TypeVar

from .errors import PayloadError
from .records import Page, Problem

T = TypeVar("T")
#: keys under which the networks put a record's id, most specific first
_ID_KEYS = ("reviewId", "name", "id", "guid", "uri", "dm_conversation_id", "link")


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


# -- one odd record costs only itself ---------------------------------------
def guess_id(value: Any, depth: int = 0) -> str:
    """The best id a record that failed to parse still shows, for the problem
    report ("" when none): its own id, or that of a Reddit thing's ``data``,
    a notification's ``status``, a feed item's ``post``/``snippet``."""
    if not isinstance(value, Mapping) or depth > 2:
        return ""
    for key in _ID_KEYS:
        found = value.get(key)
        if isinstance(found, str | int) and not isinstance(found, bool) and str(found):
            return str(found)[:200]
    for key in ("data", "status", "post", "snippet", "node"):
        found = guess_id(value.get(key), depth + 1)
        if found:
            return found
    return ""


def problem(network: str, raw: Any, exc: PayloadError) -> Problem:
    return Problem(network, guess_id(raw), exc.where, exc.message.removeprefix(f"{exc.where}: "))


def each(
    network: str,
    raws: Iterable[Any],
    parse: Callable[[Any, str], T | None],
    where: str = "[{}]",
) -> tuple[list[T], list[Problem]]:
    """Parse every record of a page on its own: the ones that read become
    records, the ones that do not become :class:`Problem` s, and one odd record
    never fails its page. ``parse(raw, where)`` may return ``None`` to leave a
    record out on purpose (a repost, our own answer); ``where`` is a format for
    the record's place in the page, e.g. ``"data.children[{}]"``.

    Only :class:`PayloadError` is caught: a fault of the network call itself
    (auth, rate limit) still fails the page, as it should.
    """
    found: list[T] = []
    problems: list[Problem] = []
    for i, raw in enumerate(raws):
        head, _, tail = where.rpartition("{}")  # not str.format: a feed URL may hold braces
        try:
            record = parse(raw, f"{head}{i}{tail}")
        except PayloadError as exc:
            problems.append(problem(network, raw, exc))
            continue
        if record is not None:
            found.append(record)
    return found, problems


def page(
    network: str,
    raws: Iterable[Any],
    parse: Callable[[Any, str], T | None],
    next_cursor: str | None,
    where: str = "[{}]",
) -> Page[T]:
    """:func:`each` as a :class:`Page`."""
    found, problems = each(network, raws, parse, where)
    return Page(found, next_cursor, problems)


class Salvage:
    """Reads the optional fields of one record (a profile, a listing) so that
    an unreadable one is left empty and reported instead of losing the whole
    record: a hidden or garbled follower count must not cost the snapshot.

    Required fields still go through the plain helpers and fail the record.
    """

    def __init__(self, network: str, external_id: str = "") -> None:
        self.network = network
        self.external_id = external_id
        self.problems: list[Problem] = []

    def _note(self, exc: PayloadError) -> None:
        self.problems.append(Problem(self.network, self.external_id, exc.where,
                                     exc.message.removeprefix(f"{exc.where}: ")))

    def count(self, data: Mapping[str, Any] | None, key: str, where: str, *, signed: bool = False) -> int | None:
        try:
            return count(self.network, data, key, where, signed=signed)
        except PayloadError as exc:
            self._note(exc)
            return None

    def number(self, data: Mapping[str, Any] | None, key: str, where: str) -> float | None:
        try:
            return number(self.network, data, key, where)
        except PayloadError as exc:
            self._note(exc)
            return None

    def text(self, data: Mapping[str, Any], key: str, where: str) -> str:
        try:
            return text(self.network, data, key, where)
        except PayloadError as exc:
            self._note(exc)
            return ""

    def part(self, data: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any] | None:
        """An optional nested object (``public_metrics``, ``statistics``):
        ``None`` when absent or not an object."""
        value = data.get(key)
        if value is None:
            return None
        try:
            return obj(self.network, value, f"{where}.{key}")
        except PayloadError as exc:
            self._note(exc)
            return None
