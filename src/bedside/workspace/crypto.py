"""The key that encrypts PHI-bearing text at rest.

Keys come from ``BEDSIDE_ENCRYPTION_KEY`` (comma-separated Fernet keys: the
first encrypts, all decrypt, so a key can be rotated) or from a key file that
is created on first use with mode 0600. Nothing here ever logs plaintext.
"""

from __future__ import annotations

import stat
from functools import cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

from bedside.config import ensure_secret_file


class KeyError_(RuntimeError):
    """The configured key is missing, unreadable or malformed."""


def _keys_from_text(text: str, where: str) -> list[Fernet]:
    keys = [k.strip() for k in text.split(",") if k.strip()]
    if not keys:
        raise KeyError_(f"{where} is empty")
    try:
        return [Fernet(k.encode()) for k in keys]
    except (ValueError, TypeError):
        raise KeyError_(
            f"{where} is not a valid key: expected 32 url-safe base64-encoded bytes "
            "(create one with `bedside genkey`)"
        ) from None


def ensure_key_file(path: Path) -> None:
    """Create the key file with a fresh key, readable by this user only."""
    ensure_secret_file(path, lambda: Fernet.generate_key().decode())


def key_file_problem(path: Path) -> str | None:
    """Why the key file is unsafe, or None."""
    if not path.exists():
        return None
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        return f"{path} is readable by other users (mode {mode:o}); run: chmod 600 {path}"
    return None


@cache
def fernet() -> MultiFernet:
    if settings.ENCRYPTION_KEYS:
        return MultiFernet(_keys_from_text(settings.ENCRYPTION_KEYS, "BEDSIDE_ENCRYPTION_KEY"))
    path = Path(settings.ENCRYPTION_KEY_FILE)
    ensure_key_file(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise KeyError_(f"encryption key file {path} cannot be read: {exc.strerror}") from None
    return MultiFernet(_keys_from_text(text, f"encryption key file {path}"))


def encrypt(plaintext: str) -> str:
    return fernet().encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeEncodeError):
        # Deliberately says nothing about the content.
        raise KeyError_("stored value cannot be decrypted with the configured key(s)") from None
