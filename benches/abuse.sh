#!/usr/bin/env bash
# Hostile clients against the lab, bounded, on loopback only (issue 14): 1,000 idle
# connections, 500 slowloris heads, 10,000 garbage requests, 200 oversized uploads, 700
# smuggling attempts, 1,000 stalled 1 MiB uploads, and a flood of 10,000 rate-limit policies.
# During each case it prints the lab's memory (peak RSS) and /get latency, against the goals:
# memory under 150 MB with 1,000 stalled uploads (60-100 MB for the others), /get answering
# every time in under a second. Takes about a minute.
#
#   benches/abuse.sh                  # every case
#   benches/abuse.sh stalled-uploads  # some cases, by name
set -euo pipefail
cd "$(dirname "$0")/.."

# PROFILE=debug uses the debug build (quicker to build, slower to run).
PROFILE=${PROFILE:-release}
if [ "$PROFILE" = release ]; then cargo build --release --quiet --bin backroad; else cargo build --quiet --bin backroad; fi
target=${CARGO_TARGET_DIR:-target}/$PROFILE
# 1,000 connections on each side, plus the lab's own.
ulimit -n 8192

work=$(mktemp -d)
BACKROAD_HOME="$work/home" "$target/backroad" --port 0 lab >"$work/lab.log" 2>"$work/lab.err" &
lab=$!
trap 'kill -TERM "$lab" 2>/dev/null || true; wait "$lab" 2>/dev/null || true; rm -rf "$work"' EXIT
url=""
for _ in $(seq 100); do
    url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/lab.log" | head -n1 || true)
    [ -n "$url" ] && break
    sleep 0.1
done
[ -n "$url" ] || { echo "the lab did not start:" >&2; cat "$work/lab.err" >&2; exit 3; }
port=${url##*:}
echo "lab $url (pid $lab, $PROFILE build, journal on), $(nproc) cores" >&2
python3 benches/abuse.py "$port" "$lab" "$@"
