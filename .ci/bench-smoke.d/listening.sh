#!/usr/bin/env bash
# Smoke run of bench/listening.py: a few hundred mentions ingested on SQLite and
# PostgreSQL, a small generated page. No --write, no timing assertion: it only
# proves the benchmark still runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
.venv/bin/python bench/listening.py --mentions 200 --match-texts 500 --page-mentions 5000 --repeats 2
