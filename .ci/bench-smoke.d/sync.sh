#!/usr/bin/env bash
# Smoke run of the sync benchmark: ~2,000 comments over 5 channels into SQLite
# (no --write, no timing assertion).
set -euo pipefail
cd "$(dirname "$0")/../.."
.venv/bin/python bench/sync.py --records 2000 --small 0 --channels 5 --databases sqlite
