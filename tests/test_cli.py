"""The `bedside` command: help, errors, configuration and the demo."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from bedside.cli import main

COMMANDS = ["demo", "serve", "worker", "migrate", "createuser", "audit", "genkey"]


def bedside(*args: str, env: dict[str, str] | None = None, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bedside.cli", *args],
        capture_output=True,
        text=True,
        input=stdin,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output


def test_it_rejects_unknown_commands_and_options_in_one_line() -> None:
    unknown = CliRunner().invoke(main, ["frobnicate"])
    assert unknown.exit_code == 2 and "No such command 'frobnicate'" in unknown.output
    bad_option = CliRunner().invoke(main, ["serve", "--prot", "80"])
    assert bad_option.exit_code == 2 and "No such option '--prot'" in bad_option.output


BAD_SETTINGS = [
    ("BEDSIDE_LOCKOUT_ATTEMPTS", "many", "BEDSIDE_LOCKOUT_ATTEMPTS='many' is not a whole number"),
    ("BEDSIDE_TIME_ZONE", "Mars/Olympus", "BEDSIDE_TIME_ZONE='Mars/Olympus' is not a time zone"),
    ("BEDSIDE_LOG_LEVEL", "LOUD", "BEDSIDE_LOG_LEVEL='LOUD' is not one of DEBUG, INFO"),
    ("BEDSIDE_PUBLIC_URL", "bedside.hospital", "BEDSIDE_PUBLIC_URL='bedside.hospital' is not an http(s) address"),
    ("BEDSIDE_EMAIL_BACKEND", "nomail.Backend", "BEDSIDE_EMAIL_BACKEND='nomail.Backend': no module 'nomail'"),
    ("BEDSIDE_TASKS_BACKEND", "noqueue.Backend", "BEDSIDE_TASKS_BACKEND='noqueue.Backend': no module 'noqueue'"),
    ("BEDSIDE_API_BASE_YOUTUBE", "localhost:8765", "[bedside.E031]"),
    ("BEDSIDE_API_BASE_YOUTOOB", "http://127.0.0.1:8765", "[bedside.E030]"),
]


@pytest.mark.parametrize(("name", "value", "message"), BAD_SETTINGS)
def test_it_reports_a_bad_setting_in_one_line(tmp_path: Path, name: str, value: str, message: str) -> None:
    result = bedside("migrate", env={"BEDSIDE_DATA_DIR": str(tmp_path), name: value})
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_it_reports_a_bad_encryption_key_as_a_check_with_a_hint(tmp_path: Path) -> None:
    result = bedside("migrate", env={"BEDSIDE_DATA_DIR": str(tmp_path), "BEDSIDE_ENCRYPTION_KEY": "nope"})
    assert result.returncode == 2
    assert "[bedside.E010]" in result.stderr and "Hint:" in result.stderr


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://root:hunter2@db/bedside", "DATABASE_URL uses 'mysql', which Bedside does not support"),
        ("nonsense", "DATABASE_URL is not a database URL"),
    ],
)
def test_it_rejects_a_database_it_does_not_support_in_one_line(tmp_path: Path, url: str, message: str) -> None:
    result = bedside("migrate", env={"BEDSIDE_DATA_DIR": str(tmp_path), "DATABASE_URL": url})
    assert result.returncode != 0
    assert message in result.stderr and "Traceback" not in result.stderr
    assert "hunter2" not in result.stderr  # a password in the URL is never echoed


def test_it_reports_an_unreachable_database(tmp_path: Path) -> None:
    result = bedside(
        "migrate", env={"BEDSIDE_DATA_DIR": str(tmp_path), "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none"}
    )
    assert result.returncode == 1
    assert "cannot use the database at 127.0.0.1" in result.stderr and "Traceback" not in result.stderr


def test_the_demo_sets_up_a_fresh_data_directory(tmp_path: Path) -> None:
    data = tmp_path / "fresh"
    env = {"BEDSIDE_DATA_DIR": str(data), "DATABASE_URL": "", "BEDSIDE_SECRET_KEY": ""}
    first = bedside("demo", "--no-serve", env=env)
    assert first.returncode == 0, first.stderr
    assert "http://127.0.0.1:8000/" in first.stdout and "admin / " in first.stdout
    assert (data / "bedside.sqlite3").exists()
    assert oct((data / "secret.key").stat().st_mode)[-3:] == "600"
    assert oct((data / "encryption.key").stat().st_mode)[-3:] == "600"
    again = bedside("demo", "--no-serve", env=env)
    assert again.returncode == 0 and "0 organizations and 0 people added" in again.stdout
    verify = bedside("audit", "verify", env=env)
    assert verify.returncode == 0 and "intact" in verify.stdout


def test_createuser_validates_the_password_and_the_role(tmp_path: Path) -> None:
    env = {"BEDSIDE_DATA_DIR": str(tmp_path), "DATABASE_URL": "", "BEDSIDE_SECRET_KEY": ""}
    assert bedside("migrate", env=env).returncode == 0
    weak = bedside("createuser", "nina", "--role", "viewer", "--password-stdin", env=env, stdin="123\n")
    assert weak.returncode == 1 and "password:" in weak.stderr
    bad_role = bedside("createuser", "nina", "--role", "king", "--password-stdin", env=env, stdin="x\n")
    assert bad_role.returncode == 2 and "'king' is not one of" in bad_role.stderr
    ok = bedside("createuser", "nina", "--role", "compliance", "--password-stdin", env=env, stdin="a long enough passphrase 7\n")
    assert ok.returncode == 0 and "Created nina (compliance)" in ok.stdout
    twice = bedside("createuser", "NINA", "--role", "viewer", "--password-stdin", env=env, stdin="a long enough passphrase 7\n")
    assert twice.returncode == 1 and "already exists" in twice.stderr
