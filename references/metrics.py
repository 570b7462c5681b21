"""Reference server for build.metrics: a Prometheus /metrics endpoint.

Run: python3 references/metrics.py PORT [--bug NAME]
GET /hello answers {"message": "hello"}; every request is counted in
http_requests_total{method, path, status}; GET /metrics renders the text format.
Bugs, each failing the step named in the exercise's [proof]:
  json-metrics   /metrics answers JSON instead of the text format   (fails "scrape")
  no-type        the # TYPE line is missing                          (fails "scrape")
  no-count       requests are not counted                            (fails "scrape")
  raw-path       the path label is the raw path with the query       (fails "the counter counts")
"""

import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BUGS = {"json-metrics", "no-type", "no-count", "raw-path"}


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
    lock = threading.Lock()
    counts: dict[tuple[str, str, str], int] = {}

    def render() -> str:
        lines = ["# HELP http_requests_total Requests served, by method, path and status."]
        if bug != "no-type":
            lines.append("# TYPE http_requests_total counter")
        with lock:
            for (method, path, status), n in sorted(counts.items()):
                lines.append(f'http_requests_total{{method="{method}",path="{path}",status="{status}"}} {n}')
        return "\n".join(lines) + "\n"

    class Handler(BaseHTTPRequestHandler):
        def answer(self, status: int, body: bytes, ctype: str) -> None:
            # Count before the answer goes out: once the client has read it, it may scrape
            # /metrics on another thread at once and must see this request counted.
            path = self.path if bug == "raw-path" else self.path.split("?", 1)[0]
            if bug != "no-count":
                with lock:
                    key = (self.command, path, str(status))
                    counts[key] = counts.get(key, 0) + 1
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            if path == "/hello":
                self.answer(200, json.dumps({"message": "hello"}).encode(), "application/json")
            elif path == "/metrics":
                if bug == "json-metrics":
                    with lock:
                        data = {"/".join(k): v for k, v in counts.items()}
                    self.answer(200, json.dumps(data).encode(), "application/json")
                else:
                    self.answer(200, render().encode(), "text/plain; version=0.0.4; charset=utf-8")
            else:
                self.answer(404, json.dumps({"error": "not found"}).encode(), "application/json")

        def log_message(self, format: str, *args: object) -> None:
            pass

    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


if __name__ == "__main__":
    main()
