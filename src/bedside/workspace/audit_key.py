"""The audit log's key: outside the database, like the encryption key."""

from __future__ import annotations

import secrets
from functools import cache
from pathlib import Path

from django.conf import settings

from bedside.config import ensure_secret_file


class AuditKeyError(RuntimeError):
    pass


@cache
def audit_key() -> bytes:
    """BEDSIDE_AUDIT_KEY, or the key file (made, readable by this user only,
    the first time it is needed)."""
    if settings.AUDIT_KEY:
        return settings.AUDIT_KEY.encode()
    path = Path(settings.AUDIT_KEY_FILE)
    ensure_secret_file(path, lambda: secrets.token_urlsafe(48))
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise AuditKeyError(f"audit key file {path} cannot be read: {exc.strerror}") from None
    if len(text) < 32:
        raise AuditKeyError(f"audit key file {path} holds fewer than 32 characters")
    return text.encode()
