"""Imports only point down the layers (pyproject.toml's [tool.importlinter]).

The contract is checked by import-linter itself; the second test proves the
check can fail, by adding an upward import to a copy of the package."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")


def _lint(cwd: Path, source: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(LINT), "--no-cache", "--config", str(cwd / "pyproject.toml")], cwd=cwd,
                          capture_output=True, text=True, timeout=300, env={"PYTHONPATH": str(source), "PATH": ""})


def test_every_import_points_down_the_layers() -> None:
    result = _lint(ROOT, ROOT / "src")
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_upward_import_breaks_the_contract(tmp_path: Path) -> None:
    copy = tmp_path / "src" / "bedside"
    shutil.copytree(ROOT / "src" / "bedside", copy, ignore=shutil.ignore_patterns("__pycache__", "data", "static"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (copy / "workspace" / "upward.py").write_text("from bedside.inbox import sample  # noqa: F401\n")
    result = _lint(tmp_path, tmp_path / "src")
    assert result.returncode != 0
    assert "bedside.workspace.upward -> bedside.inbox.sample" in result.stdout
