"""Reference server for build.word-count: POST /count counts the words of a text.

Run: python3 references/word_count.py PORT [--bug NAME]
Contract: POST /count with {"text": "..."} answers 200 and {"words": N, "unique": M}, where words
are separated by any whitespace and unique counts them case-insensitively. A body that is not
JSON, or has no string "text", answers 400.
The bugs make it fail a named step of the exercise (see the [proof] in exercises/02-first-language/05-word-count.toml):
  case-sensitive    counts "The" and "the" as two unique words   (fails "count the words")
  split-space       splits on single spaces                       (fails "whitespace of any kind separates words")
  empty-one-word    counts "" as one word, as "".split(/\s+/) does in JavaScript
                                                                  (fails "an empty text has no words")
  crash-on-missing  answers 500 when "text" is missing           (fails "a body without text is refused")
  500-on-bad-json   answers 500 to a body that is not JSON       (fails "a body that is not JSON is refused")
"""

import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BUGS = {"case-sensitive", "split-space", "empty-one-word", "crash-on-missing", "500-on-bad-json"}


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
        def send_json(self, status: int, data: dict) -> None:
            body = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:
            if self.path.split("?", 1)[0] != "/count":
                self.send_json(404, {"error": f"no route for POST {self.path}"})
                return
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            try:
                data = json.loads(raw)
            except ValueError:
                status = 500 if bug == "500-on-bad-json" else 400
                self.send_json(status, {"error": "the body is not valid JSON"})
                return
            text = data.get("text") if isinstance(data, dict) else None
            if not isinstance(text, str):
                if bug == "crash-on-missing":
                    self.send_json(500, {"error": "internal error"})
                else:
                    self.send_json(400, {"error": "send a JSON object with a string field \"text\""})
                return
            words = text.split(" ") if bug == "split-space" else text.split()
            if bug == "empty-one-word" and not words:
                words = [""]
            keys = words if bug == "case-sensitive" else [w.lower() for w in words]
            self.send_json(200, {"words": len(words), "unique": len(set(keys))})

        def log_message(self, format: str, *args: object) -> None:
            pass

    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


if __name__ == "__main__":
    main()
