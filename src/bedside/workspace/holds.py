"""Legal holds, as the apps below governance see them: the rows of a kind of
record that must not be deleted. Governance registers :data:`COVERING`; an
app that deletes on its own schedule (listening's mentions) excludes it."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q

#: kind of record ("mentions") -> the Q of rows any active hold covers, or None
COVERING: list[Callable[[str], Q | None]] = []


def held(kind: str) -> Q | None:
    q: Q | None = None
    for covering in COVERING:
        found = covering(kind)
        if found is not None:
            q = found if q is None else q | found
    return q
