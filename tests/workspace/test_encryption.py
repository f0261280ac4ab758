"""PHI-bearing fields are encrypted at rest and never appear in logs."""

from __future__ import annotations

import logging
import stat
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.db import connection

from bedside.channels.models import Channel
from bedside.workspace import crypto
from bedside.workspace.checks import check_encryption_key

SECRET = "token-for-patient-jane-doe-555-0100"


@pytest.fixture(autouse=True)
def fresh_key_cache():
    crypto.fernet.cache_clear()
    yield
    crypto.fernet.cache_clear()


def _raw_credentials(channel: Channel) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT credentials FROM workspace_channel WHERE id = %s", [channel.pk])
        return cursor.fetchone()[0]


def test_it_stores_only_ciphertext_and_reads_back_plaintext(org) -> None:
    channel = Channel.objects.create(organization=org, network="youtube", handle="riverbend", credentials={"token": SECRET})
    raw = _raw_credentials(channel)
    assert SECRET not in raw and raw.startswith("gAAAA")
    assert Channel.objects.get(pk=channel.pk).credentials == {"token": SECRET}


def test_it_never_logs_plaintext_even_with_sql_logging_on(org, caplog, settings) -> None:
    settings.DEBUG = True  # makes Django log every query with its parameters
    with caplog.at_level(logging.DEBUG, logger="django.db.backends"):
        channel = Channel.objects.create(organization=org, network="x", handle="another", credentials={"t": SECRET})
        Channel.objects.get(pk=channel.pk).credentials  # noqa: B018
    assert caplog.records, "expected SQL to be logged at DEBUG"
    assert SECRET not in caplog.text


def test_it_refuses_lookups_that_cannot_work_on_ciphertext(org) -> None:
    with pytest.raises(TypeError, match="encrypted fields cannot be filtered"):
        list(Channel.objects.filter(credentials__contains="x"))


def test_it_creates_the_key_file_readable_by_its_owner_only(tmp_path: Path, settings) -> None:
    settings.ENCRYPTION_KEYS = ""
    settings.ENCRYPTION_KEY_FILE = str(tmp_path / "keys" / "encryption.key")
    token = crypto.encrypt("hello")
    path = Path(settings.ENCRYPTION_KEY_FILE)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert crypto.decrypt(token) == "hello"


def test_it_rotates_keys_new_first_old_still_decrypts(settings) -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.ENCRYPTION_KEYS = old
    token = crypto.encrypt("before rotation")
    crypto.fernet.cache_clear()
    settings.ENCRYPTION_KEYS = f"{new},{old}"
    assert crypto.decrypt(token) == "before rotation"


def test_encrypt_many_makes_fernet_tokens_with_the_first_key(settings) -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.ENCRYPTION_KEYS = f"{new},{old}"
    texts = ["", "a", "x" * 15, "y" * 16, "z" * 17, "Zoë's MRN 12345 ✓", "long words " * 400, "a"]
    tokens = crypto.encrypt_many(texts)
    assert [crypto.decrypt(t) for t in tokens] == texts
    # Plain Fernet with the first key reads them: the format is Fernet's own.
    assert [Fernet(new.encode()).decrypt(t.encode()).decode() for t in tokens] == texts
    # A fresh IV each: equal texts never give equal tokens.
    assert tokens[1] != tokens[-1]
    assert len({Fernet(new.encode()).extract_timestamp(t.encode()) for t in tokens}) == 1
    assert crypto.encrypt_many([]) == []


#: Tokens the hand-built batch encryption (before issue 19) stored, with
#: this key, for the made-up texts below; rows written then must still read.
HAND_BUILT_KEY = "kQd3ny1IYfEn8Zn5S2kWz3Q2xg9g8hQdbqS4o3L8ZyA="
HAND_BUILT_TOKENS = {
    "gAAAAABrEUWUBoFWlCr9eLTeqXB1wCEm8KD68XNAMOopyaL7sCKJeCqloJjLVohZbil8mkPeyUNndKQSK5LTOMS68xYmV9aBPio_Qy-x-"
    "DywEHWmL1_1QdZ1tjG2z-SnlqLvO0Q8-sm-": "Made-up body one, for the format test.",
    "gAAAAABrEUWUFTrgY2qDA6GSTbyNhV6qWq3clcGjkxvkf5vMjfCLT_LC1P1wJEik5l60UhxVqYHcdlsxGdFZ0aakPKJSgBY05CKsy3wJNd1"
    "341L1lAOPDKxOGaD0ztXi2N5OUbDPjIiw": "x" * 40,
    "gAAAAABrEUWUxkgSwcQsHwOyjnKXkZ-V1zAFnOff8CJhh37g2cVNnu8HVIzFgiPKpgh7QQvZp2ciDxrzeWP7psCwr5cSMvIJxw==": "",
}


def test_tokens_stored_by_the_old_hand_built_batch_still_decrypt(settings) -> None:
    settings.ENCRYPTION_KEYS = f"{Fernet.generate_key().decode()},{HAND_BUILT_KEY}"
    for token, text in HAND_BUILT_TOKENS.items():
        assert crypto.decrypt(token) == text


def test_it_fails_clearly_with_the_wrong_key(settings) -> None:
    settings.ENCRYPTION_KEYS = Fernet.generate_key().decode()
    token = crypto.encrypt("secret words")
    crypto.fernet.cache_clear()
    settings.ENCRYPTION_KEYS = Fernet.generate_key().decode()
    with pytest.raises(crypto.KeyError_) as info:
        crypto.decrypt(token)
    assert "secret words" not in str(info.value)


@pytest.mark.parametrize("bad", ["not-a-key", "short,", "Zm9v"])
def test_the_system_check_rejects_a_malformed_key(settings, bad) -> None:
    settings.ENCRYPTION_KEYS = bad
    errors = check_encryption_key()
    assert errors and errors[0].id == "bedside.E010"


def test_the_system_check_warns_about_a_key_file_others_can_read(tmp_path: Path, settings) -> None:
    settings.ENCRYPTION_KEYS = ""
    path = tmp_path / "encryption.key"
    path.write_text(Fernet.generate_key().decode())
    path.chmod(0o644)
    settings.ENCRYPTION_KEY_FILE = str(path)
    assert [e.id for e in check_encryption_key()] == ["bedside.W011"]
