#!/usr/bin/env bash
# Smoke run of bench/reply_latency.py: a few texts, one round. No --write,
# no timing assertion: it only proves the benchmark still runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
.venv/bin/python bench/reply_latency.py --messages 20 --rounds 1
