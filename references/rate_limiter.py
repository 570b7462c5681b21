"""Reference server for build.rate-limit (Python standard library only).

GET /limited allows 3 requests per API key (X-API-Key) in a sliding window of 2 seconds;
the 4th answers 429 with Retry-After. Run: python3 references/rate_limiter.py PORT [--bug NAME]
"""

import json
import math
import sys
import threading
import time
from collections import defaultdict, deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

LIMIT = 3
WINDOW = 2.0  # seconds

BUGS = {
    "no-limit",        # never refuses
    "no-retry-after",  # 429 without Retry-After
    "one-bucket",      # one counter shared by every key
    "never-resets",    # once refused, always refused
}

hits = defaultdict(deque)   # key -> times of accepted requests in the window
blocked = set()             # keys refused once (for the never-resets bug)
lock = threading.Lock()
bug = None


def take(key):
    """(allowed, seconds to wait)."""
    now = time.monotonic()
    with lock:
        if bug == "never-resets" and key in blocked:
            return False, WINDOW
        window = hits["*" if bug == "one-bucket" else key]
        while window and now - window[0] >= WINDOW:
            window.popleft()
        if len(window) < LIMIT or bug == "no-limit":
            window.append(now)
            return True, 0.0
        blocked.add(key)
        return False, WINDOW - (now - window[0])


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body, headers=None):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def do_GET(self):
        if urlsplit(self.path).path != "/limited":
            return self.send(404, {"error": "try GET /limited"})
        key = self.headers.get("X-API-Key")
        if not key:
            return self.send(401, {"error": "send X-API-Key"})
        allowed, wait = take(key)
        if allowed:
            return self.send(200, {"ok": True})
        headers = {} if bug == "no-retry-after" else {"Retry-After": str(max(1, math.ceil(wait)))}
        self.send(429, {"error": "too many requests"}, headers)

    def do_HEAD(self):
        self.do_GET()


def main():
    global bug
    args = sys.argv[1:]
    if "--bug" in args:
        i = args.index("--bug")
        bug = args[i + 1]
        del args[i:i + 2]
        if bug not in BUGS:
            sys.exit("unknown bug %r; one of: %s" % (bug, ", ".join(sorted(BUGS))))
    port = int(args[0]) if args else 8000
    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


if __name__ == "__main__":
    main()
