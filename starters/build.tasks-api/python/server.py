"""Starter for build.tasks-api: a tasks API in Python's standard library.

Run it:    python3 server.py          (listens on 127.0.0.1:8000; pass another port as argument)
Check it:  backroad check build.tasks-api --target http://127.0.0.1:8000

Every route answers 501 Not Implemented until you write it. Start with GET /tasks.
"""

import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

tasks = {}  # id -> task (a dict); kept in memory while the server runs


class Handler(BaseHTTPRequestHandler):
    # HTTP/1.1 with a Content-Length on every answer: clients need not wait for a close.
    protocol_version = "HTTP/1.1"

    def answer(self, status, body=None):
        """Send `body` as JSON (or nothing, for 204) with the right headers."""
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        if body is not None:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def read_json(self):
        """The request body parsed as JSON; raises ValueError when it is not JSON."""
        length = int(self.headers.get("Content-Length") or 0)
        return json.loads(self.rfile.read(length) or b"null")

    def do_GET(self):
        # TODO: GET /tasks answers 200 and a JSON list of the tasks.
        # TODO: GET /tasks/<id> answers 200 and the task, or 404 when there is none.
        self.answer(501, {"error": "GET is not written yet"})

    def do_POST(self):
        # TODO: POST /tasks with {"title": "..."} stores a task and answers 201 with it:
        #       id, title, completed (false unless given), created_at (ISO 8601 text).
        #       A body that is not JSON: 400. No title: 400 or 422.
        self.answer(501, {"error": "POST is not written yet"})

    def do_PUT(self):
        # TODO: PUT /tasks/<id> replaces the title and completed, answers 200 with the task.
        self.answer(501, {"error": "PUT is not written yet"})

    def do_DELETE(self):
        # TODO: DELETE /tasks/<id> removes it and answers 204 with no body.
        self.answer(501, {"error": "DELETE is not written yet"})


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8000
    print(f"listening on http://127.0.0.1:{port}", flush=True)
    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
