"""Reference server for the URL shortener capstone (cap.shortener-1, -2, -3), standard library only.

    python3 references/cap_shortener.py [PORT] [--bug NAME]

Short codes and redirects, hit counts, custom codes, expiry, API keys with a fixed-window rate
limit, in memory behind one lock. `--bug NAME` breaks one behaviour on purpose, so `backroad
course test` can show that each stage catches it at the step that names it:

    redirect-301      redirects answer 301 (browsers cache it: later hits never arrive)
                                                        -> "follow the short link"
                      (stages 2 and 3: "stage 1: follow the short link")
    any-scheme        ftp:// and javascript: URLs are shortened -> "a URL must be http or https"
    missing-200       an unknown code answers 200               -> "an unknown code is 404"
    no-hits           redirects are not counted                 -> "stats after one hit"
                      (stage 3: "stage 2: stats after one hit")
    code-overwrite    a taken custom code is silently replaced  -> "a taken code is refused"
    no-expiry         links never expire                        -> "after expiry it is gone"
    limit-off-by-one  a key may create 6 links per window       -> "the sixth is limited"
    shared-budget     all keys share one budget                 -> "a second key has its own budget"
"""

import json
import re
import secrets
import sys
import threading
import time
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

BUGS = {"redirect-301", "any-scheme", "missing-200", "no-hits", "code-overwrite", "no-expiry",
        "limit-off-by-one", "shared-budget"}
bug = None

LIMIT, WINDOW = 5, 60
ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CUSTOM = re.compile(r"[A-Za-z0-9_-]{4,32}")
RESERVED = {"links", "keys"}

lock = threading.Lock()
links = {}    # code -> {"code", "url", "hits", "created_at", "expires"}
keys = {}     # key -> {"window_start", "used"}


def iso(t):
    return datetime.fromtimestamp(t, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def shown(link):
    return {"code": link["code"], "url": link["url"], "hits": link["hits"],
            "created_at": iso(link["created"]),
            "expires_at": iso(link["expires"]) if link["expires"] else None}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def send(self, status, body=None, headers=()):
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        if body is not None:
            self.send_header("Content-Type", "application/json")
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def error(self, status, message, headers=()):
        self.send(status, {"error": message}, headers)

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.raw = self.rfile.read(length) if length else b""
        path = urlsplit(self.path).path.rstrip("/") or "/"
        method = "GET" if self.command == "HEAD" else self.command
        with lock:
            if path == "/links":
                return self.create_link() if method == "POST" else self.error(405, "use POST")
            if path == "/keys":
                return self.create_key() if method == "POST" else self.error(405, "use POST")
            m = re.fullmatch(r"/links/([^/]+)", path)
            if m:
                return self.stats(m.group(1)) if method == "GET" else self.error(405, "use GET")
            m = re.fullmatch(r"/([^/]+)", path)
            if m:
                return self.follow(m.group(1)) if method == "GET" else self.error(405, "use GET")
            self.error(404, "no such route")

    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = handle_any

    def json_body(self):
        try:
            data = json.loads(self.raw or b"{}")
        except ValueError:
            return None
        return data if isinstance(data, dict) else None

    def spend(self):
        """Charge one creation to the caller's key. Returns (ok, headers) or answers itself."""
        auth = self.headers.get("Authorization", "")
        if not auth:
            return True, []
        key = auth[len("Bearer "):].strip() if auth.startswith("Bearer ") else ""
        if key not in keys:
            self.error(401, "unknown API key", [("WWW-Authenticate", "Bearer")])
            return False, []
        state = keys["shared"] if bug == "shared-budget" else keys[key]
        now = time.time()
        if now - state["window_start"] >= WINDOW:
            state.update(window_start=now, used=0)
        reset = max(1, int(state["window_start"] + WINDOW - now + 0.999))
        limit = LIMIT + 1 if bug == "limit-off-by-one" else LIMIT
        if state["used"] >= limit:
            self.error(429, f"this key may create {LIMIT} links per {WINDOW} s",
                       [("Retry-After", str(reset)), ("RateLimit-Limit", str(LIMIT)),
                        ("RateLimit-Remaining", "0"), ("RateLimit-Reset", str(reset))])
            return False, []
        state["used"] += 1
        return True, [("RateLimit-Limit", str(LIMIT)),
                      ("RateLimit-Remaining", str(max(0, LIMIT - state["used"]))),
                      ("RateLimit-Reset", str(reset))]

    def create_key(self):
        key = secrets.token_urlsafe(18)
        keys[key] = {"window_start": time.time(), "used": 0}
        keys.setdefault("shared", {"window_start": time.time(), "used": 0})
        self.send(201, {"key": key, "limit": LIMIT, "window_seconds": WINDOW})

    def create_link(self):
        data = self.json_body()
        if data is None:
            return self.error(400, "the body must be a JSON object")
        url = data.get("url")
        if not isinstance(url, str):
            return self.error(422, "url is required")
        parts = urlsplit(url)
        if bug != "any-scheme" and (parts.scheme not in ("http", "https") or not parts.netloc):
            return self.error(422, "url must be an absolute http or https URL")
        code = data.get("code")
        if code is not None and (not isinstance(code, str) or not CUSTOM.fullmatch(code)
                                 or code in RESERVED):
            return self.error(422, "code must be 4 to 32 letters, digits, _ or -")
        if code is not None and code in links and bug != "code-overwrite":
            return self.error(409, f"the code {code} is taken")
        ttl = data.get("ttl_seconds")
        if ttl is not None and (not isinstance(ttl, int) or isinstance(ttl, bool) or ttl < 1):
            return self.error(422, "ttl_seconds must be a whole number of seconds, 1 or more")
        ok, headers = self.spend()
        if not ok:
            return
        while code is None or code in links:
            code = "".join(secrets.choice(ALPHABET) for _ in range(7))
        now = time.time()
        link = {"code": code, "url": url, "hits": 0, "created": now,
                "expires": now + ttl if ttl else None}
        links[code] = link
        self.send(201, shown(link), [("Location", f"/links/{code}")] + headers)

    def live(self, code):
        link = links.get(code)
        if link is None:
            return None, 404
        if link["expires"] and time.time() >= link["expires"] and bug != "no-expiry":
            return link, 410
        return link, 200

    def follow(self, code):
        link, status = self.live(code)
        if status == 404:
            if bug == "missing-200":
                return self.send(200, {})
            return self.error(404, "no such short link")
        if status == 410:
            return self.error(410, "this short link has expired")
        if bug != "no-hits":
            link["hits"] += 1
        self.send(301 if bug == "redirect-301" else 302, None, [("Location", link["url"])])

    def stats(self, code):
        link = links.get(code)
        if link is None:
            return self.error(404, "no such short link")
        self.send(200, shown(link))


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the default backlog (5) resets connections in a burst


def main():
    global bug
    args = sys.argv[1:]
    if "--bug" in args:
        i = args.index("--bug")
        bug = args[i + 1]
        del args[i:i + 2]
        if bug not in BUGS:
            sys.exit(f"unknown bug {bug!r}; one of: {', '.join(sorted(BUGS))}")
    port = int(args[0]) if args else 8000
    server = Server(("127.0.0.1", port), Handler)
    print(f"shortener reference on http://127.0.0.1:{port}" + (f" with bug {bug}" if bug else ""),
          flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
