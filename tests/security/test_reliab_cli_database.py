"""Every `bedside` command that needs the database says in one line, naming
DATABASE_URL, that it cannot reach it: no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

COMMANDS = [
    ["org", "list"],
    ["channel", "list"],
    ["sync"],
    ["export", "snapshots"],
    ["report", "benchmark", "--org", "Anyone"],
    ["createuser", "nora", "--role", "viewer"],
    ["audit", "verify"],
    ["worker", "--batch", "--no-schedule"],
]


def _bedside(args: list[str], tmp_path: Path, url: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "BEDSIDE_DATA_DIR": str(tmp_path), "DATABASE_URL": url,
           "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    return subprocess.run([sys.executable, "-m", "bedside.cli", *args], capture_output=True, text=True,
                          input=stdin, env=env, timeout=120)


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_an_unreachable_postgresql_is_one_line(tmp_path: Path, args: list[str]) -> None:
    # port 9 (discard) on this machine: nothing listens, the refusal is immediate
    result = _bedside(args, tmp_path, "postgres://bedside@127.0.0.1:9/bedside", stdin="a-long-password-1234\n" * 2)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "DATABASE_URL" in lines[0] and "cannot use the database at 127.0.0.1" in lines[0]


def test_an_sqlite_file_that_cannot_be_opened_is_one_line(tmp_path: Path) -> None:
    result = _bedside(["org", "list"], tmp_path, f"sqlite:///{tmp_path}/missing-dir/bedside.sqlite3")
    lines = result.stderr.strip().splitlines()
    assert result.returncode != 0 and len(lines) == 1, result.stderr
    assert "DATABASE_URL" in lines[0]


def test_a_database_without_tables_says_to_migrate(tmp_path: Path) -> None:
    result = _bedside(["org", "list"], tmp_path, f"sqlite:///{tmp_path}/empty.sqlite3")
    lines = result.stderr.strip().splitlines()
    assert result.returncode != 0 and len(lines) == 1, result.stderr
    assert "bedside migrate" in lines[0] and "DATABASE_URL" in lines[0]
