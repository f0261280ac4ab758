#!/usr/bin/env bash
# Smoke runs of bench/crisis_short.py (crisis recall on our short messages,
# C-SSRS, false alarms on everyday text) and bench/sentiment.py (our model
# beside VADER when the bench extra is installed) on a few rows per file.
# No timing assertion: it only proves both still run.
set -euo pipefail
cd "$(dirname "$0")/../.."
.venv/bin/python bench/crisis_short.py --limit 20
.venv/bin/python bench/sentiment.py --limit 50
