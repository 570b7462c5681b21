"""A tiny HTTP server with only Python's standard library: the start of build.hello.

Run:   python3 server.py            (port 8000, or the PORT environment variable)
       python3 server.py 8001       (another port)
Check: backroad check build.hello --target http://127.0.0.1:8000
"""

import json
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    def send_json(self, status: int, data: object) -> None:
        """Answer with a status and a JSON body (with its Content-Type and Content-Length)."""
        body = json.dumps(data).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":  # HEAD gets the same headers as GET, without the body
            self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]  # the path without the query string
        if path == "/hello":
            # TODO: answer 200 with the JSON object {"message": "hello"}.
            self.send_json(501, {"error": "TODO: write the GET /hello handler in server.py"})
        else:
            self.send_json(404, {"error": f"no route for GET {path}"})

    def do_HEAD(self) -> None:
        # HEAD is GET without the body (backroad check sends one first, to see that you are up).
        self.do_GET()


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
