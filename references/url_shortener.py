"""Reference server for build.url-shortener (Python standard library only).

Run: python3 references/url_shortener.py PORT [--bug NAME]
Each --bug makes the server wrong in one way, for the exercise's proof.
"""

import json
import secrets
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

BUGS = {
    "create-200",       # answers 200 instead of 201 on create
    "no-location",      # forgets the Location header on create
    "redirect-200",     # answers 200 with the URL in the body instead of redirecting
    "unknown-200",      # an unknown code answers 200
    "accept-any-url",   # stores whatever it is given, even "ftp://..." or no url at all
    "hits-not-counted", # never counts a redirect
}

links = {}              # code -> {"code", "url", "hits"}
lock = threading.Lock()
bug = None


def is_http_url(value):
    if not isinstance(value, str):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body=None, headers=None):
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        if body is not None:
            self.send_header("Content-Type", "application/json")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def error(self, status, detail):
        self.send(status, {"error": detail})

    def do_POST(self):
        if urlsplit(self.path).path != "/links":
            return self.error(404, "POST goes to /links")
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            data = json.loads(raw)
        except ValueError:
            return self.error(400, "the body is not valid JSON")
        url = data.get("url") if isinstance(data, dict) else None
        if not is_http_url(url) and bug != "accept-any-url":
            return self.error(422, "url must be an absolute http or https URL")
        with lock:
            code = secrets.token_urlsafe(5)
            while code in links:
                code = secrets.token_urlsafe(5)
            link = {"code": code, "url": url, "hits": 0}
            links[code] = link
            body = dict(link)
        headers = {} if bug == "no-location" else {"Location": "/links/" + code}
        self.send(200 if bug == "create-200" else 201, body, headers)

    def do_GET(self):
        parts = [p for p in urlsplit(self.path).path.split("/") if p]
        if len(parts) == 2 and parts[0] == "links":
            with lock:
                link = links.get(parts[1])
                body = dict(link) if link else None
            if body is None:
                return self.error(404, "no link with that code")
            return self.send(200, body)
        if len(parts) == 1:
            with lock:
                link = links.get(parts[0])
                if link and bug != "hits-not-counted":
                    link["hits"] += 1
                url = link["url"] if link else None
            if url is None:
                if bug == "unknown-200":
                    return self.send(200, {"url": None})
                return self.error(404, "no link with that code")
            if bug == "redirect-200":
                return self.send(200, {"url": url})
            return self.send(302, None, {"Location": url})
        self.error(404, "not found")


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
