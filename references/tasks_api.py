"""A reference server for build.tasks-api: the tasks API in Python's standard library.

    python3 references/tasks_api.py [PORT] [--bug NAME]

It listens on 127.0.0.1:PORT (default 8000) and keeps tasks in memory. `--bug NAME` breaks it
on purpose, so `backroad course test` can show that the exercise catches each mistake at the
step that names it:

    create-200     POST /tasks answers 200 instead of 201         -> "create a task"
    no-created-at  a task has no created_at                        -> "create a task"
    put-ignored    PUT answers 200 but changes nothing             -> "replace it with PUT"
    missing-200    an unknown id answers 200 with null             -> "a missing task is 404"
    bad-json-500   a body that is not JSON crashes into a 500      -> "a body that is not JSON is refused"
    no-title-ok    a task without a title is created               -> "a task needs a title"
    delete-keeps   DELETE answers 204 but keeps the task           -> "deleted means gone"
"""

import json
import sys
import threading
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BUGS = {
    "create-200",
    "no-created-at",
    "put-ignored",
    "missing-200",
    "bad-json-500",
    "no-title-ok",
    "delete-keeps",
}

tasks = {}
next_id = 1
lock = threading.Lock()
bug = None


class Handler(BaseHTTPRequestHandler):
    # HTTP/1.1 with a Content-Length on every answer, so clients need not wait for a close.
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, fmt, *args):
        sys.stderr.write("%s %s\n" % (self.command, self.path))

    def answer(self, status, body=None):
        data = b"" if body is None and status == 204 else json.dumps(body).encode()
        self.send_response(status)
        if status != 204:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def problem(self, status, detail):
        self.answer(status, {"error": detail})

    def read_json(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            return json.loads(raw or b"null"), None
        except ValueError:
            if bug == "bad-json-500":
                return None, 500
            return None, 400

    def task_id(self):
        parts = self.path.split("?")[0].strip("/").split("/")
        if len(parts) == 2 and parts[0] == "tasks":
            try:
                return int(parts[1])
            except ValueError:
                return -1
        return None

    def do_GET(self):
        path = self.path.split("?")[0].rstrip("/")
        if path == "/tasks":
            with lock:
                self.answer(200, list(tasks.values()))
            return
        tid = self.task_id()
        if tid is None:
            self.problem(404, "no such route")
            return
        with lock:
            task = tasks.get(tid)
        if task is None:
            if bug == "missing-200":
                self.answer(200, None)
            else:
                self.problem(404, "no task %s" % tid)
            return
        self.answer(200, task)

    def do_POST(self):
        global next_id
        if self.path.split("?")[0].rstrip("/") != "/tasks":
            self.problem(404, "no such route")
            return
        body, error = self.read_json()
        if error:
            self.problem(error, "the body is not JSON")
            return
        if not isinstance(body, dict):
            self.problem(400, "send a JSON object")
            return
        title = body.get("title")
        if not isinstance(title, str) or not title.strip():
            if bug != "no-title-ok":
                self.problem(422, "a task needs a title")
                return
        with lock:
            task = {
                "id": next_id,
                "title": title,
                "completed": bool(body.get("completed", False)),
            }
            if bug != "no-created-at":
                task["created_at"] = datetime.now(timezone.utc).isoformat()
            tasks[next_id] = task
            next_id += 1
        self.answer(200 if bug == "create-200" else 201, task)

    def do_PUT(self):
        tid = self.task_id()
        body, error = self.read_json()
        if error:
            self.problem(error, "the body is not JSON")
            return
        with lock:
            task = tasks.get(tid)
            if task is None:
                self.problem(404, "no task %s" % tid)
                return
            if not isinstance(body, dict) or not isinstance(body.get("title"), str):
                self.problem(422, "a task needs a title")
                return
            if bug != "put-ignored":
                task["title"] = body["title"]
                task["completed"] = bool(body.get("completed", False))
            self.answer(200, task)

    def do_DELETE(self):
        tid = self.task_id()
        with lock:
            if tid not in tasks:
                self.problem(404, "no task %s" % tid)
                return
            if bug != "delete-keeps":
                del tasks[tid]
        self.answer(204)


def main():
    global bug
    args = sys.argv[1:]
    port = 8000
    while args:
        arg = args.pop(0)
        if arg == "--bug":
            bug = args.pop(0) if args else None
            if bug not in BUGS:
                sys.exit("unknown bug %r; one of: %s" % (bug, ", ".join(sorted(BUGS))))
        else:
            port = int(arg)
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    print("tasks API on http://127.0.0.1:%d%s" % (port, " (bug: %s)" % bug if bug else ""), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
