"""Reference server for build.idempotent-jobs: job submission with idempotency keys.

Run: python3 references/idempotent_jobs.py PORT [--bug NAME]
POST /jobs {"task": "..."} with an Idempotency-Key header → 202 + Location: /jobs/{id};
the same key and body again → the same job (200); the same key with another body → 422;
GET /jobs/{id} → the job. Jobs finish after about a second.
Bugs, each failing the step named in the exercise's [proof]:
  no-dedup        every POST creates a new job                   (fails "retry with the same key")
  no-location     202 without a Location header                  (fails "submit a job")
  body-ignored    the same key with another body is accepted     (fails "same key, different body")
  key-optional    a POST without a key is accepted               (fails "a key is required")
"""

import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BUGS = {"no-dedup", "no-location", "body-ignored", "key-optional"}


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
    jobs: dict[int, dict] = {}
    by_key: dict[str, tuple[int, str]] = {}   # key -> (job id, body it was created with)

    def view(job: dict) -> dict:
        done = time.monotonic() - job["started"] >= 1.0
        return {"id": job["id"], "task": job["task"], "status": "done" if done else "queued"}

    class Handler(BaseHTTPRequestHandler):
        def send_json(self, status: int, data: dict, headers: dict | None = None) -> None:
            body = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:
            if self.path.split("?", 1)[0] != "/jobs":
                return self.send_json(404, {"error": "not found"})
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
            try:
                data = json.loads(raw)
                task = data["task"]
                if not isinstance(task, str) or not task:
                    raise ValueError
            except (ValueError, KeyError, TypeError):
                return self.send_json(422, {"error": "the body must be {\"task\": \"...\"}"})
            key = self.headers.get("Idempotency-Key")
            if not key and bug != "key-optional":
                return self.send_json(400, {"error": "send an Idempotency-Key header"})
            canonical = json.dumps(data, sort_keys=True)
            with lock:
                if key and key in by_key and bug != "no-dedup":
                    job_id, first = by_key[key]
                    if first != canonical and bug != "body-ignored":
                        return self.send_json(422, {"error": "this Idempotency-Key was used with another body"})
                    return self.send_json(200, view(jobs[job_id]), {"Location": f"/jobs/{job_id}"})
                job_id = len(jobs) + 1
                jobs[job_id] = {"id": job_id, "task": task, "started": time.monotonic()}
                if key:
                    by_key[key] = (job_id, canonical)
            headers = {} if bug == "no-location" else {"Location": f"/jobs/{job_id}"}
            self.send_json(202, view(jobs[job_id]), headers)

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            if path.startswith("/jobs/") and path[6:].isdigit():
                with lock:
                    job = jobs.get(int(path[6:]))
                if job:
                    return self.send_json(200, view(job))
            self.send_json(404, {"error": "not found"})

        def log_message(self, format: str, *args: object) -> None:
            pass

    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


if __name__ == "__main__":
    main()
