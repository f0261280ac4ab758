"""Structured logs of what happened, each tagged with the request it came from.

An event is one line, ``event=<name> key=value ...``, with the same fields
on the log record (``record.event``, ``record.fields``) for a JSON handler.
Fields are identifiers, counts, states and network names only: never the
body of a message, review, reply or draft (callers pass ids, and
:func:`event` refuses a field named like a body).

Every request gets an id (``X-Request-ID`` from a proxy when it is a plain
token, else a fresh one), returned in the response header and added to every
log record made while it is served, by :class:`RequestIdFilter`; work outside
a request (the worker, the CLI) logs ``-``.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

_REQUEST_ID: ContextVar[str] = ContextVar("bedside_request_id", default="-")
_SAFE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
#: Field names that would carry what a person wrote; refused by event().
_BODY_FIELDS = frozenset({"body", "text", "content", "message_body", "reply_body", "draft"})
HEADER = "X-Request-ID"


def request_id() -> str:
    """The id of the request being served, or ``-`` outside one."""
    return _REQUEST_ID.get()


class RequestIdFilter(logging.Filter):
    """Adds ``record.request_id`` to every record (for ``%(request_id)s``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _REQUEST_ID.get()
        return True


class RequestIdMiddleware:
    """Gives each request an id for its log lines and its response."""

    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        given = request.headers.get(HEADER, "")
        rid = given if _SAFE_ID.fullmatch(given) else uuid.uuid4().hex
        request.request_id = rid
        token = _REQUEST_ID.set(rid)
        try:
            response = self.get_response(request)
        finally:
            _REQUEST_ID.reset(token)
        response[HEADER] = rid
        return response


def _value(value: Any) -> str:
    text = str(value)
    return repr(text) if not text or any(c in text for c in " =\"'\n") else text


def event(logger: logging.Logger, name: str, level: int = logging.INFO, **fields: Any) -> None:
    """Log one event: ``event=name k=v ...`` (ids, counts and states only)."""
    bad = _BODY_FIELDS.intersection(fields)
    if bad:
        raise ValueError(f"log event {name!r}: field(s) {sorted(bad)} would carry text a person wrote")
    line = " ".join([f"event={name}", *(f"{k}={_value(v)}" for k, v in fields.items())])
    logger.log(level, "%s", line, extra={"event": name, "fields": fields})
