"""Who is speaking, to whom, and what the organization may say about itself."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bedside.guard.patient_index import PatientLookup

DIRECTIONS = ("outbound", "inbound")
KINDS = ("post", "reply", "review_reply", "comment", "message", "review")
_LIST_KEYS = (
    "org_names", "org_phones", "org_addresses", "org_websites", "org_emails",
    "org_campuses", "org_units", "org_service_lines", "org_staff", "org_signers",
)


class ContextError(ValueError):
    """A context object with an unknown key or a bad value; the message names it."""


@dataclass(frozen=True)
class Context:
    direction: str = "outbound"
    kind: str = "post"
    replying_to: str | None = None
    # The organization's own public identifiers: saying them is not a leak.
    org_names: tuple[str, ...] = ()
    org_phones: tuple[str, ...] = ()
    org_addresses: tuple[str, ...] = ()
    org_websites: tuple[str, ...] = ()
    org_emails: tuple[str, ...] = ()
    # The organization's vocabulary (workspace: Guard vocabulary). Campuses
    # and units are places of care: one next to a person says they are a
    # patient ("John in 4 West"). Staff may be named in a post; signers are
    # the people whose name may close a reply ("- Dana, Patient Relations").
    org_campuses: tuple[str, ...] = ()
    org_units: tuple[str, ...] = ()
    org_service_lines: tuple[str, ...] = ()
    org_staff: tuple[str, ...] = ()
    org_signers: tuple[str, ...] = ()
    # The hospital's patient index, as a lookup (patient_index.py); never
    # part of to_dict(), so never in an API answer or a JSON-lines file.
    patient_index: PatientLookup | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.direction not in DIRECTIONS:
            raise ContextError(f"context.direction must be one of {', '.join(DIRECTIONS)}, got {self.direction!r}")
        if self.kind not in KINDS:
            raise ContextError(f"context.kind must be one of {', '.join(KINDS)}, got {self.kind!r}")
        if self.replying_to is not None and not isinstance(self.replying_to, str):
            raise ContextError("context.replying_to must be a string or null")
        for key in _LIST_KEYS:
            value = getattr(self, key)
            if isinstance(value, str) or not all(isinstance(v, str) for v in value):
                raise ContextError(f"context.{key} must be a list of strings")
            object.__setattr__(self, key, tuple(value))
        if self.patient_index is not None and not callable(getattr(self.patient_index, "matches", None)):
            raise ContextError("context.patient_index must have a matches(keys) method")

    @property
    def outbound(self) -> bool:
        return self.direction == "outbound"

    @property
    def is_reply(self) -> bool:
        return self.kind in ("reply", "review_reply", "comment", "message") and self.outbound

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Context:
        if data is None:
            return cls()
        if not isinstance(data, dict):
            raise ContextError(f"context must be an object, got {type(data).__name__}")
        known = {f.name for f in fields(cls)} - {"patient_index"}
        for key in data:
            if key not in known:
                raise ContextError(f"unknown context key {key!r}; known keys: {', '.join(sorted(known))}")
        values = dict(data)
        for key in _LIST_KEYS:
            if key in values:
                v = values[key]
                if isinstance(v, str) or not isinstance(v, list | tuple):
                    raise ContextError(f"context.{key} must be a list of strings")
                values[key] = tuple(v)
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"direction": self.direction, "kind": self.kind}
        if self.replying_to is not None:
            out["replying_to"] = self.replying_to
        for key in _LIST_KEYS:
            if getattr(self, key):
                out[key] = list(getattr(self, key))
        return out
