#!/usr/bin/env bash
# Smoke run of bench/publishing_ocr.py: two images, one run. No timing
# assertion: it only proves the benchmark still runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
.venv/bin/python bench/publishing_ocr.py --images 2 --runs 1
