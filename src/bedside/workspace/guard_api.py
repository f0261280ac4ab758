"""POST /api/guard/check: the HIPAA guard on any text, for drafts written
outside Bedside (a website, a press release, a scheduling tool). Our
organization's own names, website and phone numbers are allowed as in the
inbox. Nothing is stored, and the text is never logged or audited: no stored
message is read."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from bedside.guard import Context, scan
from bedside.guard.context import DIRECTIONS, KINDS
from bedside.workspace.api import FieldErrors
from bedside.workspace.identifiers import our_public_identifiers
from bedside.workspace.permissions import role_of, user_can
from bedside.workspace.roles import Can, denied_message

router = Router(tags=["guard"])

MAX_TEXT = 100_000  # characters; a long post is a few thousand


class GuardContextIn(Schema):
    direction: Literal[DIRECTIONS] = "outbound"  # type: ignore[valid-type]
    kind: Literal[KINDS] = "post"  # type: ignore[valid-type]
    replying_to: str | None = None


class GuardCheckIn(Schema):
    text: str
    context: GuardContextIn = GuardContextIn()


class FindingOut(Schema):
    label: str
    start: int
    end: int
    text: str
    score: float
    rule: str
    explanation: str


class GuardCheckOut(Schema):
    verdict: str
    reasons: list[str]
    findings: list[FindingOut]


@router.post("/guard/check", response=GuardCheckOut)
def check_text(request: HttpRequest, payload: GuardCheckIn) -> object:
    """The verdict (allow, review or block), the reasons and every finding with
    its offsets into the text. For people who write or approve what goes out."""
    if not (user_can(request.auth, Can.REPLY) or user_can(request.auth, Can.APPROVE)):
        raise HttpError(403, denied_message(Can.REPLY, Can.APPROVE, role=role_of(request.auth)))
    if not payload.text.strip():
        raise FieldErrors({"text": ["Give the text to check: it is empty."]})
    if len(payload.text) > MAX_TEXT:
        raise FieldErrors({"text": [f"At most {MAX_TEXT:,} characters; this text has {len(payload.text):,}."]})
    if payload.context.replying_to is not None and len(payload.context.replying_to) > MAX_TEXT:
        raise FieldErrors({"context.replying_to": [f"At most {MAX_TEXT:,} characters."]})
    ctx = Context(direction=payload.context.direction, kind=payload.context.kind,
                  replying_to=payload.context.replying_to, **our_public_identifiers())
    return scan(payload.text, ctx).to_dict()
