#!/usr/bin/env bash
# Cold start of the commands scripts call, against a baseline measured in the same run:
# `backroad --version` (process start, no course, no database) and `cat` of every lesson file.
# Needs hyperfine (Debian: apt-get install hyperfine). Usage: benches/startup.sh [--debug]
set -euo pipefail
cd "$(dirname "$0")/.."
profile=release
[ "${1:-}" = "--debug" ] && profile=debug
if [ "$profile" = release ]; then cargo build --release --quiet; else cargo build --quiet; fi
bin="target/$profile/backroad"
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export BACKROAD_HOME="$home"
"$bin" lessons --json >/dev/null   # create the database once; we measure warm-file cold-process starts
longest=$(ls -S content/*/*.md | head -1)
id=$(echo "$longest" | sed -e 's#^content/##' -e 's#\.md$##')
echo "longest lesson: $id ($(wc -c <"$longest") bytes)"
hyperfine --warmup 5 --min-runs 40 -N --export-json "$home/out.json" \
  "$bin --version" \
  "cat $(ls content/*/*.md | tr '\n' ' ')" \
  "$bin lessons --json" \
  "$bin lessons" \
  "$bin progress --json" \
  "$bin read $id --plain" \
  "$bin read $id --width 100" >/dev/null
python3 - "$home/out.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
base = r[0]["mean"]
print(f"{'command':60} {'mean':>9} {'σ':>8} {'× --version':>12}")
for x in r:
    name = x["command"] if len(x["command"]) < 58 else x["command"][:55] + "..."
    print(f"{name:60} {x['mean']*1000:7.2f}ms {x['stddev']*1000:6.2f}ms {x['mean']/base:11.2f}×")
PY
