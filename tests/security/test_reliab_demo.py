"""`bedside demo` never adds accounts with a published password to a real
workspace: it refuses a database holding anything but the demo, and its
accounts get a random password printed once."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password

from bedside import demo
from bedside.workspace.models import Organization

ROOT = Path(__file__).resolve().parents[2]
OLD_PUBLISHED = "bedside-demo-2026"


def _bedside(*args: str, data: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "BEDSIDE_DATA_DIR": str(data), "DATABASE_URL": "", "BEDSIDE_SECRET_KEY": "",
           "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    env.pop("BEDSIDE_DEMO_PASSWORD", None)
    return subprocess.run([sys.executable, "-m", "bedside.cli", *args], capture_output=True, text=True, env=env,
                          timeout=600)


def _hash(data: Path, username: str) -> str:
    with sqlite3.connect(data / "bedside.sqlite3") as db:
        return db.execute("SELECT password FROM auth_user WHERE username = ?", (username,)).fetchone()[0]


def test_a_fresh_demo_prints_a_random_password_once(tmp_path: Path) -> None:
    first = _bedside("demo", "--no-serve", data=tmp_path)
    assert first.returncode == 0, first.stderr
    found = re.search(r"Sign in as admin / (\S+)", first.stdout)
    assert found, first.stdout
    password = found.group(1)
    assert password != OLD_PUBLISHED and len(password) >= 12
    for username in ("admin", "manager", "viewer"):
        assert check_password(password, _hash(tmp_path, username))
        assert not check_password(OLD_PUBLISHED, _hash(tmp_path, username))

    again = _bedside("demo", "--no-serve", data=tmp_path)
    assert again.returncode == 0, again.stderr
    assert password not in again.stdout and "0 people added" in again.stdout


def test_the_demo_refuses_a_database_with_a_real_workspace(tmp_path: Path) -> None:
    assert _bedside("migrate", data=tmp_path).returncode == 0
    assert _bedside("org", "add", "Fairhaven Regional Health", data=tmp_path).returncode == 0
    refused = _bedside("demo", "--no-serve", data=tmp_path)
    assert refused.returncode == 1
    assert refused.stderr.strip().count("\n") == 0 and "demo refused" in refused.stderr
    assert "Fairhaven Regional Health" in refused.stderr and "BEDSIDE_DATA_DIR" in refused.stderr
    with sqlite3.connect(tmp_path / "bedside.sqlite3") as db:
        assert db.execute("SELECT COUNT(*) FROM auth_user").fetchone()[0] == 0


@pytest.mark.django_db
def test_the_demo_refuses_a_database_with_people_it_did_not_make() -> None:
    get_user_model().objects.create_user("dana", password="a long enough passphrase 7")
    with pytest.raises(demo.DemoRefused, match="dana"):
        demo.load()
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_a_soft_deleted_real_organization_still_counts_as_a_real_workspace() -> None:
    from django.utils import timezone

    Organization.objects.create(name="Fairhaven Regional Health", deleted_at=timezone.now())
    with pytest.raises(demo.DemoRefused):
        demo.load()


def test_scripts_may_choose_the_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BEDSIDE_DEMO_PASSWORD", "chosen for the browser tests 9")
    assert demo.demo_password() == "chosen for the browser tests 9"
    monkeypatch.delenv("BEDSIDE_DEMO_PASSWORD")
    assert demo.demo_password() != demo.demo_password()
