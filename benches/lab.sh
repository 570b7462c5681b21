#!/usr/bin/env bash
# Benchmark the lab against a bare hello-world axum server in the same run, with wrk.
#
#   benches/lab.sh            # 10 s per target, 64 connections, 1 wrk thread
#   DURATION=5s CONNS=128 benches/lab.sh
#
# Builds release binaries, starts `backroad lab` (journalling into a temp progress.db, its
# request log sent to /dev/null) and examples/hello on loopback, drives each with wrk, and
# prints req/s, the ratios to hello, and the lab's peak RSS.
# Goals: /get >= 1/2 of hello, /api/tasks?limit=20 >= 1/3 of hello, lab RSS < 60 MB.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10s}
CONNS=${CONNS:-64}
# One wrk thread by default: on a 2-core machine that leaves the server one core, so the lab
# and hello are measured on the same footing. With 2 wrk threads the load generator takes
# CPU from the server, which hurts the lab (more work per request) more than hello.
THREADS=${THREADS:-1}

if ! command -v wrk >/dev/null; then
    echo "wrk is not installed: apt-get install -y wrk" >&2
    exit 2
fi

cargo build --release --quiet --bin backroad --example hello
target=${CARGO_TARGET_DIR:-target}/release

work=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# Start a server whose first stdout line holds its URL; sets $url and $pid.
start() {
    local log=$1; shift
    "$@" >"$log" 2>"$log.err" &
    pid=$!
    pids+=("$pid")
    for _ in $(seq 100); do
        url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$log" | head -n1 || true)
        [ -n "$url" ] && return 0
        sleep 0.1
    done
    echo "$* did not start:" >&2
    cat "$log.err" >&2
    exit 3
}

rps() { # url
    wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "$1" >"$work/wrk.out"
    grep -E 'Requests/sec|Latency  |Socket errors|Non-2xx' "$work/wrk.out" | sed 's/^/    /' >&2
    awk '/Requests\/sec/ {print $2}' "$work/wrk.out"
}

start "$work/hello.log" "$target/examples/hello" 0
hello_url=$url
BACKROAD_HOME="$work/home" start "$work/lab.log" "$target/backroad" --port 0 lab
lab_url=$url lab_pid=$pid

echo "wrk: $THREADS threads, $CONNS connections, $DURATION per target" >&2
echo "hello  $hello_url/" >&2
hello=$(rps "$hello_url/")
echo "lab    $lab_url/get" >&2
get=$(rps "$lab_url/get")
echo "lab    $lab_url/api/tasks?limit=20" >&2
tasks=$(rps "$lab_url/api/tasks?limit=20")

rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$lab_pid/status")
not_stored=$(curl -s "$lab_url/_lab/journal?since=999999999" | grep -o '"not_stored":[0-9]*' | cut -d: -f2 || true)
kill -INT "$lab_pid"
wait "$lab_pid" || true
journalled=$(sqlite3 "$work/home/progress.db" 'SELECT count(*) FROM journal' 2>/dev/null || echo "?")

awk -v h="$hello" -v g="$get" -v t="$tasks" -v rss="$rss_kb" -v ns="${not_stored:-?}" -v j="$journalled" 'BEGIN {
    printf "\n%-22s %12s %8s %8s\n", "target", "req/s", "ratio", "goal"
    printf "%-22s %12.0f %8s %8s\n", "hello (bare axum)", h, "1.00", ""
    printf "%-22s %12.0f %8.2f %8s %s\n", "lab /get", g, g / h, ">=0.50", (g / h >= 0.5 ? "ok" : "MISSED")
    printf "%-22s %12.0f %8.2f %8s %s\n", "lab /api/tasks?limit=20", t, t / h, ">=0.33", (t / h >= 1 / 3 ? "ok" : "MISSED")
    printf "%-22s %9.1f MB %17s %s\n", "lab peak RSS", rss / 1024, "<60 MB", (rss / 1024 < 60 ? "ok" : "MISSED")
    printf "journal: %s rows kept (pruned to 10000), %s exchanges dropped by a full queue\n", j, ns
}'
