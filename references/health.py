"""Reference server for build.health: liveness and readiness that reports its database.

Run: python3 references/health.py PORT [--bug NAME]
The database is a SQLite file; POST /_test/db-down and /_test/db-up make the readiness check
fail and recover (the exercise uses them to see both answers).
Bugs, each failing the step named in the exercise's [proof]:
  health-checks-db   /health fails while the database is down      (fails "liveness ignores the database")
  ready-always-200   /ready says 200 while the database is down     (fails "not ready without the database")
  no-checks          /ready has no "checks" object                  (fails "ready with the database")
  text-plain         answers with Content-Type text/plain           (fails "alive")
"""

import json
import sqlite3
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BUGS = {"health-checks-db", "ready-always-200", "no-checks", "text-plain"}


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
    db_up = threading.Event()
    db_up.set()

    def database_ok() -> bool:
        if not db_up.is_set():
            return False
        try:
            sqlite3.connect(":memory:").execute("SELECT 1").fetchone()
            return True
        except sqlite3.Error:
            return False

    class Handler(BaseHTTPRequestHandler):
        def send_json(self, status: int, data: dict) -> None:
            body = json.dumps(data).encode()
            self.send_response(status)
            ctype = "text/plain" if bug == "text-plain" else "application/json"
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            if path == "/health":
                if bug == "health-checks-db" and not database_ok():
                    self.send_json(503, {"status": "down"})
                else:
                    self.send_json(200, {"status": "ok"})
            elif path == "/ready":
                ok = database_ok()
                status = 200 if ok or bug == "ready-always-200" else 503
                body = {"status": "ready" if status == 200 else "not ready"}
                if bug != "no-checks":
                    body["checks"] = {"database": "ok" if ok else "down"}
                self.send_json(status, body)
            else:
                self.send_json(404, {"error": f"no route for GET {path}"})

        def do_POST(self) -> None:
            path = self.path.split("?", 1)[0]
            if path == "/_test/db-down":
                db_up.clear()
                self.send_json(200, {"database": "down"})
            elif path == "/_test/db-up":
                db_up.set()
                self.send_json(200, {"database": "up"})
            else:
                self.send_json(404, {"error": f"no route for POST {path}"})

        def log_message(self, format: str, *args: object) -> None:
            pass

    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


if __name__ == "__main__":
    main()
