"""Reference server for build.hello: GET /hello answers 200 with {"message": "hello"}.

Run: python3 references/hello.py PORT [--bug NAME]
The bugs make it fail a named step of the exercise (see the [proof] in exercises/02-first-language/05-build-hello.toml):
  text-plain     answers the right text with Content-Type text/plain   (fails "say hello")
  wrong-message  answers {"message": "hi"}                              (fails "say hello")
  always-200     answers every path, unknown ones included, with 200    (fails "an unknown path is 404")
"""

import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BUGS = {"text-plain", "wrong-message", "always-200"}


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

    class Handler(BaseHTTPRequestHandler):
        def send_json(self, status: int, data: dict, content_type: str = "application/json") -> None:
            body = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            if path == "/hello" or bug == "always-200":
                message = "hi" if bug == "wrong-message" else "hello"
                content_type = "text/plain" if bug == "text-plain" else "application/json"
                self.send_json(200, {"message": message}, content_type)
            else:
                self.send_json(404, {"error": f"no route for GET {path}"})

        def log_message(self, format: str, *args: object) -> None:
            pass  # keep the proof output quiet

    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


if __name__ == "__main__":
    main()
