#!/usr/bin/env bash
# Smoke run of bench/reputation.py: 50 providers x 6 sites on SQLite and
# PostgreSQL, and a 5,000-row CMS file. No --write, no timing assertion: it
# only proves the benchmark still runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
.venv/bin/python bench/reputation.py --providers 50 --cms-rows 5000 --repeats 2
