"""The start of a blog API: capstone stage 1 (cap.blog-1), with Python's standard library only.

Run:   python3 server.py            (port 8000, or the PORT environment variable)
       python3 server.py 8001       (another port)
Check: backroad check cap.blog-1 --target http://127.0.0.1:8000

Stage 1 asks for (the full contract is in the lesson "Capstone: a blog API"):
    POST /authors      create an author: 201 {id, name}
    POST /tokens       exchange author_id + password for {token}
    POST /posts        with Authorization: Bearer <token>: 201 and the post
    GET  /posts/{id}   200 and the post, or 404
"""

import json
import os
import re
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

lock = threading.Lock()  # the server answers requests on several threads: guard shared state
data = {}                # your in-memory state (a dict of dicts is plenty for a start)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep connections open; every answer has a Content-Length

    def send_json(self, status, body=None, headers=()):
        """Answer with a status, optional extra headers, and a JSON body (none for 204)."""
        raw = b"" if body is None else json.dumps(body).encode("utf-8")
        self.send_response(status)
        if body is not None:
            self.send_header("Content-Type", "application/json")
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(raw)

    def json_body(self):
        """The request body as a dict, or None when it is not a JSON object."""
        try:
            value = json.loads(self.raw or b"{}")
        except ValueError:
            return None
        return value if isinstance(value, dict) else None

    def handle_any(self):
        # Read the body before anything else, even if you refuse the request: on a kept-alive
        # connection, unread bytes would be taken for the start of the next request.
        length = int(self.headers.get("Content-Length") or 0)
        self.raw = self.rfile.read(length) if length else b""
        url = urlsplit(self.path)
        path = url.path.rstrip("/") or "/"
        query = {k: v[-1] for k, v in parse_qs(url.query).items()}

        if self.command == "POST" and path == "/authors":
            # TODO: create the author, answer 201 with {id, name} (never the password).
            return self.send_json(501, {"error": "TODO: write POST /authors in server.py"})

        # More routes: match the path with re.fullmatch(r"/things/(\d+)", path) and so on.
        self.send_json(404, {"error": f"no route for {self.command} {path}"})

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = handle_any

    def log_message(self, fmt, *args):
        sys.stderr.write(f"{self.command} {self.path}\n")


class Server(ThreadingHTTPServer):
    daemon_threads = True      # a stuck request does not keep Ctrl+C from stopping the server
    request_queue_size = 128   # the default backlog (5) refuses bursts of connections


def main():
    port = int(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("PORT", "8000"))
    server = Server(("127.0.0.1", port), Handler)
    print(f"listening on http://127.0.0.1:{port}  (Ctrl+C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
