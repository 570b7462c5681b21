"""Hostile clients against a running lab (driven by benches/abuse.sh).

Each case is bounded in connections, bytes and seconds, and only targets 127.0.0.1. While a
case runs, the lab's resident memory is sampled every 100 ms and /get is timed every 200 ms on
a fresh connection; each case prints its peak memory and /get latency against its goal.

    python3 benches/abuse.py PORT PID
"""

import asyncio
import os
import random
import statistics
import sys
import time

HOST = "127.0.0.1"


def rss_mb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


async def get_once(port, path="/get", timeout=5.0):
    """One GET on a fresh connection; returns (seconds, status) or (None, error)."""
    start = time.perf_counter()
    try:
        r, w = await asyncio.wait_for(asyncio.open_connection(HOST, port), timeout)
        w.write(f"GET {path} HTTP/1.1\r\nHost: lab\r\nConnection: close\r\n\r\n".encode())
        await w.drain()
        data = await asyncio.wait_for(r.read(), timeout)
        w.close()
        status = data.split(b" ", 2)[1].decode() if data.startswith(b"HTTP/") else "?"
        return time.perf_counter() - start, status
    except Exception as e:  # a timeout or refusal is the measurement
        return None, type(e).__name__


async def watch(port, pid, stop):
    """Sample memory and /get latency until `stop` is set."""
    peak, lat, failures = rss_mb(pid), [], 0
    next_get = 0.0
    while not stop.is_set():
        peak = max(peak, rss_mb(pid))
        now = time.perf_counter()
        if now >= next_get:
            next_get = now + 0.2
            took, status = await get_once(port)
            if took is None or status != "200":
                failures += 1
            else:
                lat.append(took * 1000)
        await asyncio.sleep(0.1)
    return peak, lat, failures


async def run_case(name, goal_mb, port, pid, attack):
    base = rss_mb(pid)
    stop = asyncio.Event()
    watcher = asyncio.create_task(watch(port, pid, stop))
    started = time.perf_counter()
    try:
        note = await attack(port)
    finally:
        stop.set()
    peak, lat, failures = await watcher
    await asyncio.sleep(0.5)
    took, status = await get_once(port)
    after = rss_mb(pid)
    p50 = statistics.median(lat) if lat else float("nan")
    worst = max(lat) if lat else float("nan")
    ok = peak < goal_mb and failures == 0 and status == "200" and worst < 1000
    print(
        f"{name:<16} {time.perf_counter() - started:5.1f}s  rss {base:5.1f} -> peak {peak:6.1f} -> {after:5.1f} MB"
        f" (goal < {goal_mb} MB)  /get p50 {p50:6.2f} ms max {worst:7.2f} ms, {len(lat)} ok,"
        f" {failures} failed; after: {status}  {'ok' if ok else 'MISSED'}  {note}",
        flush=True,
    )
    return ok


async def hold(port, count, first_bytes=b"", then=None, seconds=5.0):
    """Open `count` connections, send `first_bytes`, run `then(writer)` on each, hold, close."""
    writers = []
    for _ in range(count):
        try:
            _, w = await asyncio.open_connection(HOST, port)
            if first_bytes:
                w.write(first_bytes)
            writers.append(w)
        except OSError:
            break
    tasks = [asyncio.create_task(then(w)) for w in writers] if then else []
    await asyncio.sleep(seconds)
    for t in tasks:
        t.cancel()
    for w in writers:
        w.close()
    return f"{len(writers)} connections"


async def idle(port):
    return await hold(port, 1000, seconds=6.0)


async def slowloris(port):
    async def drip(w):
        for i in range(60):
            w.write(f"X-Drip-{i}: a\r\n".encode())
            await w.drain()
            await asyncio.sleep(1.0)

    return await hold(port, 500, b"GET /get HTTP/1.1\r\nHost: lab\r\n", drip, seconds=8.0)


async def garbage(port):
    rng = random.Random(7)
    sent = 0

    async def one():
        nonlocal sent
        for _ in range(200):
            try:
                r, w = await asyncio.open_connection(HOST, port)
                w.write(bytes(rng.randrange(256) for _ in range(rng.randrange(1, 512))) + b"\r\n\r\n")
                await w.drain()
                await asyncio.wait_for(r.read(4096), 2.0)
                w.close()
            except Exception:
                pass
            sent += 1

    await asyncio.gather(*(one() for _ in range(50)))
    return f"{sent} garbage requests"


async def oversize(port):
    chunk = b"x" * 65536
    answered = 0

    async def one():
        nonlocal answered
        try:
            r, w = await asyncio.open_connection(HOST, port)
            w.write(b"POST /post HTTP/1.1\r\nHost: lab\r\nContent-Type: application/octet-stream\r\n"
                    b"Content-Length: 5242880\r\n\r\n")
            for _ in range(32):  # 2 MiB of the declared 5 MiB
                w.write(chunk)
                await w.drain()
            data = await asyncio.wait_for(r.read(4096), 10.0)
            answered += data.startswith(b"HTTP/1.1 413")
            w.close()
        except Exception:
            pass

    for _ in range(4):
        await asyncio.gather(*(one() for _ in range(50)))
    return f"{answered}/200 read their 413"


SMUGGLES = [
    b"POST /post HTTP/1.1\r\nHost: lab\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /admin/stats HTTP/1.1\r\nHost: lab\r\n\r\n",
    b"POST /post HTTP/1.1\r\nHost: lab\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
    b"POST /post HTTP/1.1\r\nHost: lab\r\nTransfer-Encoding: chunked, identity\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
    b"POST /post HTTP/1.1\r\nHost: lab\r\nTransfer-Encoding : chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
    b"POST /post HTTP/1.1\r\nHost: lab\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
    b"GET /get HTTP/1.1\r\nHost: lab\r\nContent-Length: -1\r\n\r\n",
    b"GET /get HTTP/1.1\nHost: lab\n\n",
]


async def smuggling(port):
    counts = {}

    async def one(payload):
        try:
            r, w = await asyncio.open_connection(HOST, port)
            w.write(payload)
            await w.drain()
            data = await asyncio.wait_for(r.read(65536), 2.0)
            w.close()
            statuses = [line.split(b" ")[1].decode() for line in data.split(b"\r\n") if line.startswith(b"HTTP/1.1 ")]
            key = "+".join(statuses) or "closed"
        except Exception as e:
            key = type(e).__name__
        counts[key] = counts.get(key, 0) + 1

    for _ in range(100):
        await asyncio.gather(*(one(p) for p in SMUGGLES))
    return "answers: " + ", ".join(f"{k}x{v}" for k, v in sorted(counts.items()))


async def stalled_uploads(port):
    body = b"x" * (900 * 1024)

    async def stall(w):
        w.write(body)
        await w.drain()

    head = (b"POST /post HTTP/1.1\r\nHost: lab\r\nContent-Type: application/octet-stream\r\n"
            b"Content-Length: 1048576\r\n\r\n")
    return await hold(port, 1000, head, stall, seconds=9.0)


async def key_flood(port):
    async def hits(paths):
        r, w = await asyncio.open_connection(HOST, port)
        for p in paths:
            w.write(f"GET {p} HTTP/1.1\r\nHost: lab\r\n\r\n".encode())
            await w.drain()
            head = await r.readuntil(b"\r\n\r\n")
            length = next(int(l.split(b":")[1]) for l in head.split(b"\r\n") if l.lower().startswith(b"content-length"))
            await r.readexactly(length)
        w.close()

    async def rate(path, n=2000):
        start = time.perf_counter()
        await asyncio.gather(*(hits([path] * (n // 8)) for _ in range(8)))
        return n / (time.perf_counter() - start)

    before = await rate("/ratelimit?limit=10000&window=3600")
    paths = [f"/ratelimit?limit={n}&window=3600" for n in range(1, 10001)]
    await asyncio.gather(*(hits(paths[i::8]) for i in range(8)))
    after = await rate("/ratelimit?limit=10000&window=3600")
    return f"10,000 policies; /ratelimit {before:.0f} req/s before, {after:.0f} after (client-bound)"


CASES = [
    ("idle", 60, idle),
    ("slowloris", 60, slowloris),
    ("garbage", 60, garbage),
    ("oversize", 100, oversize),
    ("smuggling", 60, smuggling),
    ("key-flood", 60, key_flood),
    ("stalled-uploads", 150, stalled_uploads),
]


async def main():
    port, pid = int(sys.argv[1]), int(sys.argv[2])
    only = set(sys.argv[3:])
    missed = 0
    for name, goal, attack in CASES:
        if only and name not in only:
            continue
        missed += not await run_case(name, goal, port, pid, attack)
    return missed


if __name__ == "__main__":
    sys.exit(1 if asyncio.run(main()) else 0)
