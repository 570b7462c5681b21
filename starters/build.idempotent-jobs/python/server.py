"""The start of build.idempotent-jobs, with only Python's standard library.

Run:   python3 server.py            (port 8000, or the PORT environment variable)
       python3 server.py 8001       (another port)
Check: backroad check build.idempotent-jobs --target http://127.0.0.1:8000
"""

import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()
JOBS = {}     # job id -> {"id": ..., "task": ..., "status": ...}
BY_KEY = {}   # Idempotency-Key -> (job id, the body it was created with)


class Handler(BaseHTTPRequestHandler):
    def send_json(self, status: int, data: object, headers: dict | None = None) -> None:
        body = json.dumps(data).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        path = self.path.split("?", 1)[0]
        if path != "/jobs":
            return self.send_json(404, {"error": f"no route for POST {path}"})
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        key = self.headers.get("Idempotency-Key")
        # TODO: 400 without a key; parse the JSON body ({"task": "..."}, 422 if it is not);
        #       under LOCK, look the key up in BY_KEY: same body -> the stored job (200),
        #       another body -> 422; a new key -> a new job in JOBS, 202 + Location: /jobs/{id}.
        self.send_json(501, {"error": "TODO: write POST /jobs in server.py"})

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        # TODO: GET /jobs/{id} answers 200 with the job, 404 when there is none.
        self.send_json(404, {"error": f"no route for GET {path}"})


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
