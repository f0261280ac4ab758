#!/usr/bin/env bash
# Smoke run of bench/inbox.py: a few labelled rows per file, a few hundred
# messages to triage on SQLite and PostgreSQL, a small list page. No --write,
# no timing assertion: it only proves the benchmark still runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
.venv/bin/python bench/inbox.py --limit 20 --messages 300 --runs 1 --list-rows 5000 --repeats 3
