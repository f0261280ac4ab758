"""The key that encrypts PHI-bearing text at rest.

Keys come from ``BEDSIDE_ENCRYPTION_KEY`` (comma-separated Fernet keys: the
first encrypts, all decrypt, so a key can be rotated) or from a key file that
is created on first use with mode 0600. Nothing here ever logs plaintext.
"""

from __future__ import annotations

import stat
from collections.abc import Sequence
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


class Keys(MultiFernet):
    """The configured keys: a MultiFernet (the first key encrypts, all
    decrypt), plus the tokens :func:`constant` made with them."""

    def __init__(self, text: str, where: str) -> None:
        super().__init__(_keys_from_text(text, where))  # validates every key
        self.constants: dict[str, str] = {}  # see constant()


@cache
def fernet() -> Keys:
    if settings.ENCRYPTION_KEYS:
        return Keys(settings.ENCRYPTION_KEYS, "BEDSIDE_ENCRYPTION_KEY")
    path = Path(settings.ENCRYPTION_KEY_FILE)
    ensure_key_file(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise KeyError_(f"encryption key file {path} cannot be read: {exc.strerror}") from None
    return Keys(text, f"encryption key file {path}")


def encrypt(plaintext: str) -> str:
    return fernet().encrypt(plaintext.encode("utf-8")).decode("ascii")


def constant(plaintext: str) -> str:
    """One token, made once per key, for a text that says nothing and fills
    many rows: empty text, a field's empty default. Equal tokens show equal
    texts, so never for anything a person wrote; for these the token's
    length says as much. Saves an encryption (and a read of the random
    source) per row or per batch."""
    keys = fernet()
    token = keys.constants.get(plaintext)
    if token is None:
        token = keys.constants[plaintext] = encrypt(plaintext)
    return token


def encrypt_many(plaintexts: Sequence[str]) -> list[str]:
    """``[encrypt(p) for p in plaintexts]``, for a sync's batch of one column.

    Each token is made by the cryptography library's own Fernet. Until
    issue 19 this built the same tokens by hand (one random read and one AES
    context for a whole batch), about twice as fast per token; tokens stored
    by that code are standard Fernet tokens and decrypt unchanged. The gap is
    measured in BENCHMARKS.md (``python bench/crypto.py``): a few
    microseconds a message, small beside a sync's HTTP and database time,
    and not worth hand-written cryptography on the PHI path."""
    keys = fernet()
    return [keys.encrypt(p.encode("utf-8")).decode("ascii") for p in plaintexts]


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeEncodeError):
        # Deliberately says nothing about the content.
        raise KeyError_("stored value cannot be decrypted with the configured key(s)") from None
