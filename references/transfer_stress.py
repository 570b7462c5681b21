#!/usr/bin/env python3
"""Fire concurrent transfers at a build.transfer server and check that no money appears or vanishes.

    python3 references/transfer_stress.py http://127.0.0.1:8000 [--threads 16] [--transfers 400]

Creates three accounts of 1000, fires random transfers between them from many threads at once,
then checks: the three balances still add up to 3000, none is negative, and each balance equals
1000 plus what the successful (201) transfers moved in minus what they moved out.
Exit 0 when consistent, 1 when not. Python standard library only.
"""
import json
import random
import sys
import threading
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor


def call(base, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, None


def main():
    args = sys.argv[1:]
    base = args[0].rstrip("/") if args and not args[0].startswith("--") else "http://127.0.0.1:8000"
    threads = int(args[args.index("--threads") + 1]) if "--threads" in args else 16
    count = int(args[args.index("--transfers") + 1]) if "--transfers" in args else 400
    ids = [call(base, "POST", "/accounts", {"balance": 1000})[1]["id"] for _ in range(3)]
    rng = random.Random(7)
    plan = [(rng.choice(ids), rng.choice(ids), rng.randint(1, 400)) for _ in range(count)]
    plan = [(a, b, n) for a, b, n in plan if a != b]
    net = {i: 0 for i in ids}
    lock = threading.Lock()
    statuses = {}

    def one(t):
        src, dst, amount = t
        status, _ = call(base, "POST", "/transfers", {"from": src, "to": dst, "amount": amount})
        with lock:
            statuses[status] = statuses.get(status, 0) + 1
            if status == 201:
                net[src] -= amount
                net[dst] += amount

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(one, plan))
    balances = {i: call(base, "GET", f"/accounts/{i}")[1]["balance"] for i in ids}
    total = sum(balances.values())
    print(f"{len(plan)} transfers, answers {dict(sorted(statuses.items()))}")
    print(f"balances {balances}, total {total} (expected 3000)")
    ok = total == 3000 and all(b >= 0 for b in balances.values()) and all(
        balances[i] == 1000 + net[i] for i in ids)
    if not ok:
        expected = {i: 1000 + net[i] for i in ids}
        print(f"INCONSISTENT: the 201 answers add up to {expected}")
    print("consistent" if ok else "FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
