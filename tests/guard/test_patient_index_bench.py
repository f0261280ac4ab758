"""bench/patient_index.py runs end to end on a small index. No timing is asserted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_patient_index_benchmark_runs_on_a_small_index() -> None:
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "patient_index.py"), "--patients", "300", "--texts", "20"],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "| keys (name, name+dob, mrn) | 900 |" in out.stdout
    blocked = next(line for line in out.stdout.splitlines() if line.startswith("| posts naming a patient, blocked"))
    # Every other post names a patient of the index; the guard finds most such names.
    assert int(blocked.split("|")[2].split()[0]) >= 5
