"""Reference server for the job scheduler capstone (cap.jobs-1, -2, -3), standard library only.

    python3 references/cap_jobs.py [PORT] [--bug NAME]

Jobs are accepted with 202 and run in the background on timer threads: echo, sleep, fail and
flaky work, retries with exponential backoff, idempotency keys, and a dead-letter list, all in
memory behind one lock. `--bug NAME` breaks one behaviour on purpose, so `backroad course test`
can show that each stage catches it at the step that names it:

    status-201        a submit answers 201 instead of 202       -> "submit a job"
    sync-work         a submit waits for the work to finish      -> "a slow job is not done at once"
                      (stages 2 and 3: "stage 1: a slow job is not done at once")
    missing-200       an unknown job answers 200                 -> "an unknown job is 404"
    no-backoff        retries run at once, with no wait          -> "the first attempt failed"
                      (stage 3: "stage 2: the first attempt failed")
    constant-backoff  every retry waits backoff_ms, not doubling -> "the wait doubles"
    key-ignored       Idempotency-Key is ignored                 -> "the same key again"
    key-any-body      a key reused with another body is accepted -> "same key, different body"
    dlq-missing       failed jobs are not in the dead-letter list -> "it is in the dead-letter list"
    dlq-sticky        a retried job stays in the dead-letter list -> "it leaves the dead-letter list"
"""

import json
import re
import sys
import threading
import time
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

BUGS = {"status-201", "sync-work", "missing-200", "no-backoff", "constant-backoff",
        "key-ignored", "key-any-body", "dlq-missing", "dlq-sticky"}
bug = None

TYPES = {"echo", "sleep", "fail", "flaky"}

lock = threading.Lock()
jobs = {}
keys = {}       # idempotency key -> (job id, request body)
dead = []       # job ids that failed for good, oldest first
counter = {"job": 0}


def stamp():
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def shown(job):
    return {k: v for k, v in job.items() if not k.startswith("_")}


def whole(value, low, high):
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def schedule(job_id, delay):
    timer = threading.Timer(delay, attempt, args=(job_id,))
    timer.daemon = True
    timer.start()


def attempt(job_id):
    """Run one attempt of a job, then record success, a retry, or failure for good."""
    with lock:
        job = jobs[job_id]
        job["status"] = "running"
        job["attempts"] += 1
        job["_run_attempts"] += 1
        job["updated_at"] = stamp()
        kind, payload, total = job["type"], job["payload"], job["attempts"]
    error, result = None, None
    if kind == "echo":
        result = payload
    elif kind == "sleep":
        ms = payload.get("ms", 0) if isinstance(payload, dict) else 0
        time.sleep(ms / 1000)
        result = {"slept_ms": ms}
    elif kind == "fail":
        error = "this job always fails"
    elif kind == "flaky":
        fail_times = payload.get("fail_times", 1) if isinstance(payload, dict) else 1
        if total <= fail_times:
            error = f"attempt {total} failed on purpose ({fail_times} to go wrong)"
        else:
            result = payload
    with lock:
        job = jobs[job_id]
        job["updated_at"] = stamp()
        if error is None:
            job.update(status="succeeded", result=result, error=None)
            return
        job["error"] = error
        n = job["_run_attempts"]
        if n < job["max_attempts"]:
            job["status"] = "retrying"
            if bug == "no-backoff":
                wait = 0
            elif bug == "constant-backoff":
                wait = job["backoff_ms"]
            else:
                wait = job["backoff_ms"] * 2 ** (n - 1)
            job["next_attempt_in_ms"] = wait
            schedule(job_id, wait / 1000)
        else:
            job["status"] = "failed"
            if bug != "dlq-missing":
                dead.append(job_id)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def send(self, status, body=None, headers=()):
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        if body is not None:
            self.send_header("Content-Type", "application/json")
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def error(self, status, message):
        self.send(status, {"error": message})

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.raw = self.rfile.read(length) if length else b""
        path = urlsplit(self.path).path.rstrip("/") or "/"
        method = "GET" if self.command == "HEAD" else self.command
        if path == "/jobs":
            return self.submit() if method == "POST" else self.error(405, "use POST")
        m = re.fullmatch(r"/jobs/(\d+)", path)
        if m:
            return self.get_job(int(m.group(1))) if method == "GET" else self.error(405, "use GET")
        if path == "/dead-letters":
            return self.dead_letters() if method == "GET" else self.error(405, "use GET")
        m = re.fullmatch(r"/dead-letters/(\d+)/retry", path)
        if m:
            return self.requeue(int(m.group(1))) if method == "POST" else self.error(405, "use POST")
        self.error(404, f"no route for {self.command} {path}")

    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = handle_any

    def submit(self):
        try:
            data = json.loads(self.raw or b"{}")
        except ValueError:
            return self.error(400, "the body must be JSON")
        if not isinstance(data, dict):
            return self.error(400, "the body must be a JSON object")
        if data.get("type") not in TYPES:
            return self.error(422, f"type must be one of {sorted(TYPES)}")
        max_attempts = data.get("max_attempts", 3)
        backoff_ms = data.get("backoff_ms", 1000)
        if not whole(max_attempts, 1, 10) or not whole(backoff_ms, 1, 60000):
            return self.error(422, "max_attempts is 1 to 10, backoff_ms 1 to 60000")
        key = self.headers.get("Idempotency-Key")
        if bug == "key-ignored":
            key = None
        with lock:
            if key is not None and key in keys:
                job_id, body = keys[key]
                if body != data and bug != "key-any-body":
                    return self.error(422, "this Idempotency-Key was used with another body")
                return self.send(200, shown(jobs[job_id]), [("Location", f"/jobs/{job_id}")])
            counter["job"] += 1
            job_id = counter["job"]
            jobs[job_id] = {"id": job_id, "type": data["type"], "payload": data.get("payload"),
                            "status": "queued", "attempts": 0, "max_attempts": max_attempts,
                            "backoff_ms": backoff_ms, "result": None, "error": None,
                            "created_at": stamp(), "updated_at": stamp(), "_run_attempts": 0}
            if key is not None:
                keys[key] = (job_id, data)
            answer = shown(jobs[job_id])
        if bug == "sync-work":
            attempt(job_id)
            with lock:
                answer = shown(jobs[job_id])
        else:
            schedule(job_id, 0)
        self.send(201 if bug == "status-201" else 202, answer, [("Location", f"/jobs/{job_id}")])

    def get_job(self, job_id):
        with lock:
            job = jobs.get(job_id)
            if job is None:
                if bug == "missing-200":
                    return self.send(200, {})
                return self.error(404, "no such job")
            self.send(200, shown(job))

    def dead_letters(self):
        with lock:
            self.send(200, [shown(jobs[i]) for i in dead])

    def requeue(self, job_id):
        with lock:
            if job_id not in dead:
                return self.error(404, "this job is not in the dead-letter list")
            if bug != "dlq-sticky":
                dead.remove(job_id)
            job = jobs[job_id]
            job.update(status="queued", error=None, _run_attempts=0, updated_at=stamp())
            answer = shown(job)
        schedule(job_id, 0)
        self.send(202, answer, [("Location", f"/jobs/{job_id}")])


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the default backlog (5) resets connections in a burst


def main():
    global bug
    args = sys.argv[1:]
    if "--bug" in args:
        i = args.index("--bug")
        bug = args[i + 1]
        del args[i:i + 2]
        if bug not in BUGS:
            sys.exit(f"unknown bug {bug!r}; one of: {', '.join(sorted(BUGS))}")
    port = int(args[0]) if args else 8000
    server = Server(("127.0.0.1", port), Handler)
    print(f"jobs reference on http://127.0.0.1:{port}" + (f" with bug {bug}" if bug else ""),
          flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
