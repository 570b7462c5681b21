"""The start of build.health, with only Python's standard library.

Run:   python3 server.py            (port 8000, or the PORT environment variable)
       python3 server.py 8001       (another port)
Check: backroad check build.health --target http://127.0.0.1:8000
"""

import json
import os
import sqlite3
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DATABASE = sqlite3.connect(":memory:", check_same_thread=False)
DATABASE_SWITCHED_OFF = threading.Event()   # set by POST /_test/db-down


def database_ok() -> bool:
    """True when the database answers a trivial query."""
    if DATABASE_SWITCHED_OFF.is_set():
        return False
    try:
        DATABASE.execute("SELECT 1").fetchone()
        return True
    except sqlite3.Error:
        return False


class Handler(BaseHTTPRequestHandler):
    def send_json(self, status: int, data: object) -> None:
        body = json.dumps(data).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == "/health":
            # TODO: answer 200 with {"status": "ok"}; do not look at the database here.
            self.send_json(501, {"error": "TODO: write GET /health in server.py"})
        elif path == "/ready":
            # TODO: call database_ok(); answer 200 {"status": "ready", "checks": {"database": "ok"}}
            #       or 503 {"status": "not ready", "checks": {"database": "down"}}.
            self.send_json(501, {"error": "TODO: write GET /ready in server.py"})
        else:
            self.send_json(404, {"error": f"no route for GET {path}"})

    def do_POST(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == "/_test/db-down":
            DATABASE_SWITCHED_OFF.set()
            self.send_json(200, {"database": "down"})
        elif path == "/_test/db-up":
            DATABASE_SWITCHED_OFF.clear()
            self.send_json(200, {"database": "up"})
        else:
            self.send_json(404, {"error": f"no route for POST {path}"})


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
