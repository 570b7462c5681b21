"""Writes starters/cap.<slug>-1/{python,typescript}/ for each capstone."""
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2] / "starters"

CAPS = {
  "blog": ("a blog API", "15-cap-blog", "POST", "/authors", "register an author",
           "create the author, answer 201 with {id, name} (never the password)",
           ["POST /authors      create an author: 201 {id, name}",
            "POST /tokens       exchange author_id + password for {token}",
            "POST /posts        with Authorization: Bearer <token>: 201 and the post",
            "GET  /posts/{id}   200 and the post, or 404"]),
  "shortener": ("a URL shortener", "16-cap-shortener", "POST", "/links", "shorten a URL",
           "store the link under a new short code, answer 201 with {code, url}",
           ["POST /links        shorten {url}: 201 {code, url} and Location",
            "GET  /{code}       302 to the stored URL, or 404"]),
  "library": ("a library system", "17-cap-library", "POST", "/books", "add a book",
           "store the book, answer 201 with {id, title, author, copies, available}",
           ["POST /books        add a book: 201 {id, title, author, copies, available}",
            "GET  /books/{id}   200 and the book, or 404",
            "POST /members      add a member: 201 {id, name}",
            "GET  /members/{id} 200 and the member, or 404"]),
  "shop": ("a shop", "18-cap-shop", "POST", "/products", "add a product",
           "store the product, answer 201 with {id, name, price_cents, stock}",
           ["POST /products       add a product: 201 {id, name, price_cents, stock}",
            "GET  /products/{id}  200 and the product, or 404",
            "PATCH /products/{id} change price_cents or stock: 200"]),
  "jobs": ("a job scheduler", "19-cap-jobs", "POST", "/jobs", "submit a job",
           "store the job, answer 202 with Location: /jobs/{id} and {id, status}, then run it",
           ["POST /jobs        submit {type, payload}: 202 + Location",
            "GET  /jobs/{id}   200 and the job (status queued, running, succeeded, failed), or 404"]),
  "realtime": ("a live leaderboard", "20-cap-realtime", "POST", "/boards", "create a board",
           "create the board, answer 201 with {id, name}",
           ["POST /boards                    create a board: 201 {id, name}",
            "POST /boards/{id}/scores        add points for a player: 201",
            "GET  /boards/{id}/leaderboard   200, players by score, highest first"]),
}

PY = '''"""The start of {what}: capstone stage 1 (cap.{slug}-1), with Python's standard library only.

Run:   python3 server.py            (port 8000, or the PORT environment variable)
       python3 server.py 8001       (another port)
Check: backroad check cap.{slug}-1 --target http://127.0.0.1:8000

Stage 1 asks for (the full contract is in the lesson "Capstone: {what}"):
{routes}
"""

import json
import os
import re
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

lock = threading.Lock()  # the server answers requests on several threads: guard shared state
data = {{}}                # your in-memory state (a dict of dicts is plenty for a start)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep connections open; every answer has a Content-Length

    def send_json(self, status, body=None, headers=()):
        """Answer with a status, optional extra headers, and a JSON body (none for 204)."""
        raw = b"" if body is None else json.dumps(body).encode("utf-8")
        self.send_response(status)
        if body is not None:
            self.send_header("Content-Type", "application/json")
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(raw)

    def json_body(self):
        """The request body as a dict, or None when it is not a JSON object."""
        try:
            value = json.loads(self.raw or b"{{}}")
        except ValueError:
            return None
        return value if isinstance(value, dict) else None

    def handle_any(self):
        # Read the body before anything else, even if you refuse the request: on a kept-alive
        # connection, unread bytes would be taken for the start of the next request.
        length = int(self.headers.get("Content-Length") or 0)
        self.raw = self.rfile.read(length) if length else b""
        url = urlsplit(self.path)
        path = url.path.rstrip("/") or "/"
        query = {{k: v[-1] for k, v in parse_qs(url.query).items()}}

        if self.command == "{method}" and path == "{path}":
            # TODO: {todo}.
            return self.send_json(501, {{"error": "TODO: write {method} {path} in server.py"}})

        # More routes: match the path with re.fullmatch(r"/things/(\\d+)", path) and so on.
        self.send_json(404, {{"error": f"no route for {{self.command}} {{path}}"}})

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = handle_any

    def log_message(self, fmt, *args):
        sys.stderr.write(f"{{self.command}} {{self.path}}\\n")


class Server(ThreadingHTTPServer):
    daemon_threads = True      # a stuck request does not keep Ctrl+C from stopping the server
    request_queue_size = 128   # the default backlog (5) refuses bursts of connections


def main():
    port = int(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("PORT", "8000"))
    server = Server(("127.0.0.1", port), Handler)
    print(f"listening on http://127.0.0.1:{{port}}  (Ctrl+C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
'''

JS = '''// The start of {what}: capstone stage 1 (cap.{slug}-1), with Node's built-in http module only.
//
// Run:   node server.mjs          (port 8000, or the PORT environment variable)
//        node server.mjs 8001     (another port)
// Check: backroad check cap.{slug}-1 --target http://127.0.0.1:8000
//
// Stage 1 asks for (the full contract is in the lesson "Capstone: {what}"):
{jsroutes}
//
// Plain JavaScript, which is what TypeScript compiles to: the README says how to add types.

import http from "node:http";

const data = {{}}; // your in-memory state (Node runs one request handler at a time)

/** Answer with a status, optional extra headers, and a JSON body (none for 204). */
function send(res, status, body, headers = {{}}) {{
  const raw = body === undefined ? "" : JSON.stringify(body);
  const head = {{ ...headers, "Content-Length": Buffer.byteLength(raw) }};
  if (body !== undefined) head["Content-Type"] = "application/json";
  res.writeHead(status, head);
  res.end(raw);
}}

/** The request body as an object, or null when it is not a JSON object. */
function parseJson(raw) {{
  try {{
    const value = JSON.parse(raw || "{{}}");
    return value && typeof value === "object" && !Array.isArray(value) ? value : null;
  }} catch {{
    return null;
  }}
}}

const server = http.createServer((req, res) => {{
  // Read the whole body first, then route.
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {{
    const url = new URL(req.url, "http://localhost");
    const path = url.pathname.replace(/\\/+$/, "") || "/";
    const body = parseJson(Buffer.concat(chunks).toString("utf8"));

    if (req.method === "{method}" && path === "{path}") {{
      // TODO: {todo}.
      return send(res, 501, {{ error: "TODO: write {method} {path} in server.mjs" }});
    }}

    // More routes: const m = path.match(/^\\/things\\/(\\d+)$/) and so on.
    send(res, 404, {{ error: `no route for ${{req.method}} ${{path}}` }});
  }});
}});

const port = Number(process.argv[2] ?? process.env.PORT ?? 8000);
server.listen(port, "127.0.0.1", () => {{
  console.log(`listening on http://127.0.0.1:${{port}}  (Ctrl+C to stop)`);
}});
'''

README_PY = '''# cap.{slug}-1 in Python: {what}

Standard library only: nothing to install. Python 3.8 or later.

```bash
python3 server.py          # listens on http://127.0.0.1:8000 (or $PORT; or: python3 server.py 8001)
backroad check cap.{slug}-1 --target http://127.0.0.1:8000
```

The check fails at "{first}" until you write `{method} {path}` in `server.py` (look for `TODO`).
The brief, with the contract of every stage, is the lesson `{phase}/01-brief`
(`backroad read {phase}/01-brief`). Keep building in this folder: stages 2 and 3 are checked
against the same server (`backroad check cap.{slug}-2 ...`). Stop the server with Ctrl+C and
start it again after each change.
'''

README_TS = '''# cap.{slug}-1 in TypeScript (Node): {what}

Node's built-in `http` module only: nothing to install. Node 18 or later.

```bash
node server.mjs            # listens on http://127.0.0.1:8000 (or $PORT; or: node server.mjs 8001)
backroad check cap.{slug}-1 --target http://127.0.0.1:8000
```

The check fails at "{first}" until you write `{method} {path}` (look for `TODO`). The brief,
with the contract of every stage, is the lesson `{phase}/01-brief` (`backroad read
{phase}/01-brief`). Stages 2 and 3 are checked against the same server. Restart the server
after each change (or run `node --watch server.mjs`).

`server.mjs` is plain JavaScript, which is what TypeScript becomes, so it runs without a build
step. To write it in TypeScript, rename it `server.ts`, add types, and run it with
`node --experimental-strip-types server.ts` (Node 22.6 or later), or compile it with `npx tsc`
(needs `npm install -D typescript @types/node`).
'''

for slug, (what, phase, method, path, first, todo, routes) in CAPS.items():
    base = ROOT / f"cap.{slug}-1"
    (base / "python").mkdir(parents=True, exist_ok=True)
    (base / "typescript").mkdir(parents=True, exist_ok=True)
    kw = dict(what=what, slug=slug, phase=phase, method=method, path=path, first=first, todo=todo,
              routes="\n".join("    " + r for r in routes),
              jsroutes="\n".join("//   " + r for r in routes))
    (base / "python" / "server.py").write_text(PY.format(**kw))
    (base / "python" / "README.md").write_text(README_PY.format(**kw))
    (base / "typescript" / "server.mjs").write_text(JS.format(**kw))
    (base / "typescript" / "README.md").write_text(README_TS.format(**kw))
    (base / "typescript" / "starter.toml").write_text(
        'run = "node server.mjs {port}"\nnote = "Plain JavaScript for Node 18 or later, nothing to install: node server.mjs"\n')
    print("wrote", base)
