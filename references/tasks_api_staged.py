"""Reference server for build.tasks-api-2, -3 and -4: a tasks API with pagination and
filtering, problem+json errors, and ETags with conditional requests.

Python standard library only. Run: python3 references/tasks_api_staged.py PORT [--bug NAME]
Each --bug makes the server wrong in one way, so the exercise's proof can show that the
checker catches it at the step that names it.
"""

import hashlib
import json
import sys
import threading
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

BUGS = {
    "create-200",        # answers 200 instead of 201 on create
    "no-total-count",    # forgets X-Total-Count
    "page-off-by-one",   # page=1 skips the first `limit` tasks
    "ignore-completed",  # ?completed= filters nothing
    "no-link",           # forgets the Link header
    "plain-422",         # validation errors as application/json, not problem+json
    "bad-json-500",      # malformed JSON crashes into a 500
    "no-304",            # ignores If-None-Match
    "ignore-if-match",   # PUT with a stale If-Match succeeds anyway
    "same-etag",         # the ETag does not change when the task changes
}

tasks = {}
next_id = 1
lock = threading.Lock()
bug = None


def etag_of(task):
    if bug == "same-etag":
        return '"%s"' % hashlib.sha256(str(task["id"]).encode()).hexdigest()[:16]
    raw = json.dumps(task, sort_keys=True).encode()
    return '"%s"' % hashlib.sha256(raw).hexdigest()[:16]


def problem(status, title, detail, field=None):
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    if field:
        body["errors"] = [{"field": field, "detail": detail}]
    return status, body


def validate(data):
    """The task a body describes, or a problem."""
    if not isinstance(data, dict):
        return None, problem(422, "Validation failed", "the body must be a JSON object")
    title = data.get("title")
    if title is None:
        return None, problem(422, "Validation failed", "title is required", "title")
    if not isinstance(title, str) or not title.strip():
        return None, problem(422, "Validation failed", "title must be a non-empty string", "title")
    completed = data.get("completed", False)
    if not isinstance(completed, bool):
        return None, problem(422, "Validation failed", "completed must be true or false", "completed")
    return {"title": title, "completed": completed}, None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body=None, headers=None):
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        if body is not None:
            is_problem = status >= 400 and not (bug == "plain-422" and status == 422)
            ctype = "application/problem+json" if is_problem else "application/json"
            self.send_header("Content-Type", ctype)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if status not in (204, 304):
            self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if status not in (204, 304):
            self.wfile.write(data)

    def read_json(self):
        """(data, None) or (None, problem)."""
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        try:
            return json.loads(raw), None
        except ValueError:
            if bug == "bad-json-500":
                return None, (500, {"error": "Traceback (most recent call last): ..."})
            return None, problem(400, "Malformed JSON", "the body is not valid JSON")

    def route(self):
        parts = [p for p in urlsplit(self.path).path.split("/") if p]
        if parts == ["tasks"]:
            return None
        if len(parts) == 2 and parts[0] == "tasks":
            return parts[1]
        return False

    def find(self, raw_id):
        task = tasks.get(int(raw_id)) if raw_id.isdigit() else None
        if task is None:
            self.send(*problem(404, "Task not found", "there is no task %s" % raw_id))
        return task

    def do_GET(self):
        target = self.route()
        if target is False:
            return self.send(*problem(404, "Not found", "no such path"))
        if target is None:
            return self.list_tasks()
        with lock:
            task = self.find(target)
            if task is None:
                return
            tag = etag_of(task)
            wanted = [t.strip() for t in self.headers.get("If-None-Match", "").split(",")]
            if bug != "no-304" and (tag in wanted or "*" in wanted):
                return self.send(304, None, {"ETag": tag})
            self.send(200, task, {"ETag": tag})

    def list_tasks(self):
        query = parse_qs(urlsplit(self.path).query)
        one = lambda k, d=None: query.get(k, [d])[0]
        try:
            page = int(one("page", "1"))
            limit = int(one("limit", "20"))
        except ValueError:
            return self.send(*problem(400, "Bad query", "page and limit must be integers"))
        if page < 1 or not 1 <= limit <= 100:
            return self.send(*problem(400, "Bad query", "page >= 1 and 1 <= limit <= 100"))
        with lock:
            found = sorted(tasks.values(), key=lambda t: t["id"])
        completed = one("completed")
        if completed in ("true", "false") and bug != "ignore-completed":
            found = [t for t in found if t["completed"] == (completed == "true")]
        q = one("q")
        if q:
            found = [t for t in found if q.lower() in t["title"].lower()]
        start = (page - 1) * limit + (limit if bug == "page-off-by-one" else 0)
        items = found[start:start + limit]
        headers = {}
        if bug != "no-total-count":
            headers["X-Total-Count"] = str(len(found))
        links = []
        keep = {k: v[0] for k, v in query.items() if k not in ("page", "limit")}
        url = lambda p: "/tasks?" + urlencode({**keep, "page": p, "limit": limit})
        if start + limit < len(found):
            links.append('<%s>; rel="next"' % url(page + 1))
        if page > 1:
            links.append('<%s>; rel="prev"' % url(page - 1))
        if links and bug != "no-link":
            headers["Link"] = ", ".join(links)
        self.send(200, items, headers)

    def do_POST(self):
        global next_id
        if self.route() is not None:
            return self.send(*problem(404, "Not found", "POST goes to /tasks"))
        data, err = self.read_json()
        if err:
            return self.send(*err)
        fields, err = validate(data)
        if err:
            return self.send(*err)
        with lock:
            task = {"id": next_id, **fields,
                    "created_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}
            tasks[next_id] = task
            next_id += 1
        status = 200 if bug == "create-200" else 201
        self.send(status, task, {"Location": "/tasks/%d" % task["id"], "ETag": etag_of(task)})

    def do_PUT(self):
        target = self.route()
        if not target:
            return self.send(*problem(405, "Method not allowed", "PUT /tasks/{id}"))
        data, err = self.read_json()
        if err:
            return self.send(*err)
        fields, err = validate(data)
        if err:
            return self.send(*err)
        with lock:
            task = self.find(target)
            if task is None:
                return
            if_match = self.headers.get("If-Match")
            if if_match and bug != "ignore-if-match":
                tags = [t.strip() for t in if_match.split(",")]
                if etag_of(task) not in tags and "*" not in tags:
                    return self.send(*problem(412, "Precondition failed",
                                              "the task changed since you read it"))
            task.update(fields)
            self.send(200, task, {"ETag": etag_of(task)})

    def do_DELETE(self):
        target = self.route()
        if not target:
            return self.send(*problem(405, "Method not allowed", "DELETE /tasks/{id}"))
        with lock:
            if self.find(target) is None:
                return
            del tasks[int(target)]
        self.send(204)


def main():
    global bug
    args = sys.argv[1:]
    if "--bug" in args:
        i = args.index("--bug")
        bug = args[i + 1]
        del args[i:i + 2]
        if bug not in BUGS:
            sys.exit("unknown bug %r; one of: %s" % (bug, ", ".join(sorted(BUGS))))
    port = int(args[0]) if args else 8000
    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


if __name__ == "__main__":
    main()
