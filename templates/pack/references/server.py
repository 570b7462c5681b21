"""Reference server for the exercise @ID@: a tiny greetings API.

Run: python3 references/@REF@.py PORT [--bug NAME]
Bugs, each failing the step named by a [[proof.fail]] of the exercise:
  status-200   POST /greetings answers 200 instead of 201   (fails "create a greeting")
  forget       GET /greetings/{id} never finds anything     (fails "fetch it back")
"""

from __future__ import annotations

import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BUGS = {"status-200", "forget"}


def main() -> None:
    args = sys.argv[1:]
    bug = None
    if "--bug" in args:
        i = args.index("--bug")
        bug = args[i + 1]
        del args[i : i + 2]
        if bug not in BUGS:
            sys.exit(f"unknown bug {bug!r}; one of {sorted(BUGS)}")
    port = int(args[0]) if args else 8000
    greetings: dict[int, dict] = {}
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def send_json(self, status: int, data: dict, headers: dict | None = None) -> None:
            body = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:
            if self.path != "/greetings":
                return self.send_json(404, {"error": "not found"})
            length = int(self.headers.get("Content-Length") or 0)
            try:
                name = json.loads(self.rfile.read(length) or b"{}")["name"]
            except (ValueError, KeyError, TypeError):
                return self.send_json(400, {"error": "send {\"name\": \"...\"}"})
            with lock:
                gid = len(greetings) + 1
                greetings[gid] = {"id": gid, "message": f"Hello, {name}!"}
            status = 200 if bug == "status-200" else 201
            self.send_json(status, greetings[gid], {"Location": f"/greetings/{gid}"})

        def do_GET(self) -> None:
            prefix = "/greetings/"
            if self.path.startswith(prefix) and self.path[len(prefix) :].isdigit():
                found = None if bug == "forget" else greetings.get(int(self.path[len(prefix) :]))
                if found:
                    return self.send_json(200, found)
            self.send_json(404, {"error": "not found"})

        def log_message(self, format: str, *args: object) -> None:
            pass

    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


if __name__ == "__main__":
    main()
