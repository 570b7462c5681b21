"""Starter for build.webhook-receiver: a webhook receiver that checks signatures

Run:   python3 server.py            (port 8000, or the PORT environment variable)
       python3 server.py 8001       (another port)
Check: backroad check build.webhook-receiver --target http://127.0.0.1:8000
Standard library only. Every request answers 501 Not Implemented until you write it.
"""

import json
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

# What to write (see the exercise prompt for the whole contract):
#   POST /webhook  X-Backroad-Signature: sha256=<hex HMAC-SHA256 of the raw body>
#                  -> 2xx when it matches (each event id processed once), 400/401/403 otherwise
#   GET  /events   -> 200 ["evt_...", ...]: the ids processed, in order, each once
SECRET = b"whsec_backroad_practice"

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def send_json(self, status, body, headers=None):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":  # HEAD gets the same headers as GET, without the body
            self.wfile.write(data)

    def read_body(self):
        """The raw request body, as bytes."""
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def not_written_yet(self):
        self.read_body()  # read what was sent, even if unused, so the connection stays in step
        path = urlsplit(self.path).path
        self.send_json(501, {"error": "not written yet: %s %s" % (self.command, path)})

    def do_GET(self):
        self.not_written_yet()

    def do_HEAD(self):
        # HEAD is GET without the body (backroad check sends one first, to see that you are up).
        self.do_GET()

    def do_POST(self):
        self.not_written_yet()

    def do_PUT(self):
        self.not_written_yet()

    def do_DELETE(self):
        self.not_written_yet()


if __name__ == "__main__":
    port = int(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("PORT", "8000"))
    print("listening on http://127.0.0.1:%d" % port)
    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
