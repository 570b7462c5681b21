"""The start of build.metrics, with only Python's standard library.

Run:   python3 server.py            (port 8000, or the PORT environment variable)
       python3 server.py 8001       (another port)
Check: backroad check build.metrics --target http://127.0.0.1:8000
"""

import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()
COUNTS = {}  # (method, path, status) -> number of requests answered


def render_metrics() -> str:
    """TODO: return the Prometheus text format: # HELP and # TYPE lines for
    http_requests_total, then one line per key of COUNTS, e.g.
    http_requests_total{method="GET",path="/hello",status="200"} 2
    and a final newline."""
    return "# TODO: write render_metrics() in server.py\n"


class Handler(BaseHTTPRequestHandler):
    def answer(self, status: int, body: bytes, content_type: str) -> None:
        # TODO: count this request in COUNTS (under LOCK), keyed by
        #       (self.command, the path without its query string, str(status)).
        #       Count here, before the answer is written: the server answers on many
        #       threads, and a client that reads this answer may scrape /metrics at once.
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == "/hello":
            # TODO: answer 200 with {"message": "hello"}.
            self.answer(501, b'{"error": "TODO: write GET /hello in server.py"}', "application/json")
        elif path == "/metrics":
            self.answer(200, render_metrics().encode(), "text/plain; version=0.0.4; charset=utf-8")
        else:
            self.answer(404, json.dumps({"error": f"no route for GET {path}"}).encode(), "application/json")


def main() -> None:
    port = int(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("PORT", "8000"))
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    print(f"listening on http://127.0.0.1:{port}  (Ctrl+C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
