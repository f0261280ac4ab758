"""What must be true of a person before they reply or publish.

Governance (above the inbox and publishing) decides it: the current employee
social media policy accepted, a current training record where the workspace
requires one. The inbox and publishing (below governance) ask here, where
governance registers its checks, so neither imports the other."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Refusal:
    """Why a person may not act yet, and the page where they put it right."""

    message: str
    url: str

    def __str__(self) -> str:
        return f"{self.message} Do it here: {self.url}"


#: callables (person, action) -> Refusal | None; action is "reply" or "publish"
CHECKS: list[Callable[[Any, str], Refusal | None]] = []


def refusal(person: Any, action: str) -> Refusal | None:
    """The first reason ``person`` may not ``action`` yet, or None."""
    if person is None or not getattr(person, "pk", None):
        return None  # the system acting (a scheduled send): checked when a person submitted it
    for check in CHECKS:
        found = check(person, action)
        if found is not None:
            return found
    return None
