#!/usr/bin/env bash
# Smoke run of bench/benchmark.py: 3 organizations x 3 networks x 1 year on
# SQLite and PostgreSQL, and the content-mix scoring. No --write, no timing
# assertion: it only proves the benchmark still runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
.venv/bin/python bench/benchmark.py --orgs 3 --networks 3 --years 1 --repeats 1
