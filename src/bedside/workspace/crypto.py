"""The key that encrypts PHI-bearing text at rest.

Keys come from ``BEDSIDE_ENCRYPTION_KEY`` (comma-separated Fernet keys: the
first encrypts, all decrypt, so a key can be rotated) or from a key file that
is created on first use with mode 0600. Nothing here ever logs plaintext.
"""

from __future__ import annotations

import base64
import hmac
import os
import stat
import time
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
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
    """The configured keys: a MultiFernet, plus what :func:`encrypt_many`
    needs of the first key, derived once."""

    def __init__(self, text: str, where: str) -> None:
        super().__init__(_keys_from_text(text, where))  # validates every key
        first = base64.urlsafe_b64decode(next(k.strip() for k in text.split(",") if k.strip()))
        # Fernet's key: 16 bytes that sign (HMAC-SHA256), then 16 that encrypt (AES-128-CBC).
        self.signing = hmac.new(first[:16], digestmod="sha256")
        self.aes = algorithms.AES(first[16:])
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
    """``[encrypt(p) for p in plaintexts]``, for a sync's batch: the same
    Fernet tokens (version 0x80, timestamp, a random IV each, AES-128-CBC,
    HMAC-SHA256; :func:`decrypt` and any Fernet implementation read them),
    made without what each ``Fernet.encrypt`` call repeats: one read of the
    system's random source for all the IVs instead of one a token, one AES
    context for all the tokens instead of a cipher object each, the HMAC key
    schedule done once and copied, no padder object. About half the CPU a
    token, and the sync's reader thread no longer gives up the GIL for
    os.urandom twice a record.

    One CBC context serves every token: it chains each first block from
    the previous token's last ciphertext block, so that block is xored in
    along with this token's own IV, and the context computes
    AES(P1 xor IV), exactly what a fresh CBC context with that IV would.
    The ciphertext is AES-CBC under the token's random IV, byte for byte.
    """
    if not plaintexts:
        return []
    keys = fernet()
    signing = keys.signing
    head = b"\x80" + int(time.time()).to_bytes(8, "big")
    ivs = os.urandom(16 * len(plaintexts))  # each 16-byte slice is one token's IV
    encryptor = Cipher(keys.aes, modes.CBC(bytes(16))).encryptor()
    chain = 0  # the context's chaining block: the zero IV, then each token's last ciphertext block
    tokens = []
    for i, plaintext in enumerate(plaintexts):
        data = plaintext.encode("utf-8")
        pad = 16 - len(data) % 16  # PKCS7: 1 to 16 bytes, each the pad's length
        padded = data + bytes((pad,)) * pad
        iv = ivs[16 * i : 16 * i + 16]
        first = int.from_bytes(padded[:16], "big") ^ int.from_bytes(iv, "big") ^ chain
        ciphertext = encryptor.update(first.to_bytes(16, "big") + padded[16:])
        if len(ciphertext) != len(padded):  # whole blocks in, whole blocks out
            raise RuntimeError("AES-CBC context held back part of a token")
        chain = int.from_bytes(ciphertext[-16:], "big")
        signed = head + iv + ciphertext
        mac = signing.copy()
        mac.update(signed)
        tokens.append(base64.urlsafe_b64encode(signed + mac.digest()).decode("ascii"))
    encryptor.finalize()
    return tokens


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeEncodeError):
        # Deliberately says nothing about the content.
        raise KeyError_("stored value cannot be decrypted with the configured key(s)") from None
