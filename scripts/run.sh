#!/usr/bin/env bash
# The main job: set up, build, and analyse a folder of articles (default: the seeds).
#   scripts/run.sh [FOLDER_OR_FILE...]
# Writes the full result to out/analysis.json and prints a summary.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
inputs=("$@")
[ ${#inputs[@]} -gt 0 ] || inputs=(../shared/seeds)
cargo build --release -q -p rasad
mkdir -p out
status=0
target/release/rasad analyze --format json "${inputs[@]}" > out/analysis.json || status=$?
target/release/rasad analyze --format summary "${inputs[@]}" 2>/dev/null || true
echo "full output: out/analysis.json"
exit $status
