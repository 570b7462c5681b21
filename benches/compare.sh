#!/usr/bin/env bash
# The lab side by side with what a learner would run instead, measured in one run on this
# machine (issue 14): a bare hello-world (examples/hello.rs, the baseline), httpbin on
# gunicorn (/get) and json-server (the tasks list), with wrk at 32 and 64 connections.
# httpbin, gunicorn and json-server are installed by this script (pip into a venv, npm into
# a folder) under ${XDG_CACHE_HOME:-~/.cache}/backroad-bench; wrk must be installed
# (apt-get install -y wrk). Only 127.0.0.1 targets.
#
# Goals: lab /get >= 0.5 x hello and /api/tasks?limit=20 >= 0.33 x hello (journal on);
# the lab ahead of httpbin and json-server by 10x; the lab's peak RSS under load < 60 MB.
#
#   benches/compare.sh
#   DURATION=5s benches/compare.sh
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-8s}
THREADS=${THREADS:-1}
command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install -y wrk" >&2; exit 2; }

cache=${XDG_CACHE_HOME:-$HOME/.cache}/backroad-bench
mkdir -p "$cache"
if [ ! -x "$cache/venv/bin/gunicorn" ] || ! "$cache/venv/bin/python" -c "import httpbin" 2>/dev/null; then
    echo "== installing httpbin and gunicorn (pip, into $cache/venv)" >&2
    python3 -m venv "$cache/venv"
    "$cache/venv/bin/pip" install --quiet --disable-pip-version-check httpbin gunicorn
fi
if [ ! -x "$cache/node/node_modules/.bin/json-server" ]; then
    echo "== installing json-server 0.17 (npm, into $cache/node)" >&2
    npm install --silent --no-audit --no-fund --prefix "$cache/node" json-server@0.17.4 >/dev/null
fi

# PROFILE=debug compares debug builds (only to try the script: the figures mean little).
PROFILE=${PROFILE:-release}
if [ "$PROFILE" = release ]; then cargo build --release --quiet --bin backroad --example hello; else cargo build --quiet --bin backroad --example hello; fi
target=${CARGO_TARGET_DIR:-target}/$PROFILE
work=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_for() { # url
    for _ in $(seq 150); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.2; done
    echo "$1 did not answer" >&2; exit 3
}

hello_port=$(free_port)
"$target/examples/hello" "$hello_port" >/dev/null 2>&1 & pids+=($!)
lab_port=$(free_port)
BACKROAD_HOME="$work/home" "$target/backroad" --port "$lab_port" lab >/dev/null 2>"$work/lab.err" & lab_pid=$!; pids+=($lab_pid)
httpbin_port=$(free_port)
"$cache/venv/bin/gunicorn" --workers 2 --bind "127.0.0.1:$httpbin_port" --log-level warning httpbin:app >/dev/null 2>&1 & pids+=($!)
python3 - "$work/db.json" <<'PY'
import json, sys
tasks = [{"id": i, "title": f"task {i}", "completed": i % 3 == 0, "created_at": "2026-01-05T09:00:00Z"} for i in range(1, 101)]
json.dump({"tasks": tasks}, open(sys.argv[1], "w"))
PY
json_port=$(free_port)
"$cache/node/node_modules/.bin/json-server" --quiet --port "$json_port" --host 127.0.0.1 "$work/db.json" >/dev/null 2>&1 & pids+=($!)

wait_for "http://127.0.0.1:$hello_port/"
wait_for "http://127.0.0.1:$lab_port/get"
wait_for "http://127.0.0.1:$httpbin_port/get"
wait_for "http://127.0.0.1:$json_port/tasks?_limit=20"

rps() { # conns url
    wrk -t"$THREADS" -c"$1" -d"$DURATION" "$2" >"$work/wrk.out" 2>&1 || true
    awk '/Requests\/sec/ {print $2}' "$work/wrk.out"
}

echo "wrk -t$THREADS -d$DURATION; $(nproc) cores; $PROFILE builds; lab journal on" >&2
printf "%-34s %6s %12s %8s\n" "target" "conns" "req/s" "x hello"
for c in 32 64; do
    hello=$(rps "$c" "http://127.0.0.1:$hello_port/")
    get=$(rps "$c" "http://127.0.0.1:$lab_port/get")
    tasks=$(rps "$c" "http://127.0.0.1:$lab_port/api/tasks?limit=20")
    httpbin=$(rps "$c" "http://127.0.0.1:$httpbin_port/get")
    jsonsrv=$(rps "$c" "http://127.0.0.1:$json_port/tasks?_limit=20")
    awk -v c="$c" -v h="$hello" -v g="$get" -v t="$tasks" -v hb="$httpbin" -v js="$jsonsrv" 'BEGIN {
        printf "%-34s %6d %12.0f %8.2f\n", "hello (bare axum, baseline)", c, h, 1
        printf "%-34s %6d %12.0f %8.2f  goal >= 0.50 %s\n", "lab /get", c, g, g / h, (g / h >= 0.5 ? "ok" : "MISSED")
        printf "%-34s %6d %12.0f %8.2f  goal >= 0.33 %s\n", "lab /api/tasks?limit=20", c, t, t / h, (t / h >= 1 / 3 ? "ok" : "MISSED")
        printf "%-34s %6d %12.0f %8.2f  lab /get is %.1fx %s\n", "httpbin /get (gunicorn, 2 workers)", c, hb, hb / h, g / hb, (g / hb >= 10 ? "ok" : "MISSED")
        printf "%-34s %6d %12.0f %8.2f  lab tasks is %.1fx %s\n", "json-server /tasks?_limit=20", c, js, js / h, t / js, (t / js >= 10 ? "ok" : "MISSED")
    }'
done
rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$lab_pid/status")
awk -v rss="$rss_kb" 'BEGIN { printf "lab peak RSS under load: %.1f MB (goal < 60 MB) %s\n", rss / 1024, (rss / 1024 < 60 ? "ok" : "MISSED") }'
