#!/usr/bin/env bash
# The main job: set up, build, and analyse a folder of articles (default: the seeds).
#   scripts/run.sh [FOLDER_OR_FILE...]
# Writes the full result to out/analysis.json and the alliance network to
# out/graph.svg, and prints the articles, the stories and the unbalanced triads.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
inputs=("$@")
[ ${#inputs[@]} -gt 0 ] || inputs=(../shared/seeds)
cargo build --release -q -p rasad
mkdir -p out
rasad=target/release/rasad
status=0
"$rasad" analyze --format json "${inputs[@]}" > out/analysis.json || status=$?
if [ "$status" -le 0 ]; then
    "$rasad" analyze --format summary "${inputs[@]}" 2>/dev/null
    echo
    "$rasad" stories "${inputs[@]}" 2>/dev/null
    "$rasad" graph --format svg "${inputs[@]}" > out/graph.svg 2>/dev/null
    "$rasad" graph --format json "${inputs[@]}" 2>/dev/null |
        python3 -c 'import json,sys; [print("unbalanced:", t["explanation"]) for t in json.load(sys.stdin)["triads"] if not t["balanced"]]' 2>/dev/null || true
fi
echo "full output: out/analysis.json; network picture: out/graph.svg"
exit $status
