"""Reference server for build.webhook-receiver (Python standard library only).

Verifies X-Backroad-Signature (sha256=<hex of HMAC-SHA256(secret, raw body)>), the way the
lab signs its deliveries, accepts each event id once, and lists what it accepted.
Run: python3 references/webhook_receiver.py PORT [--bug NAME]
The secret comes from WEBHOOK_SECRET, default whsec_backroad_practice.
"""

import hashlib
import hmac
import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

BUGS = {
    "reserialized-body",  # signs json.dumps(parsed body) instead of the raw bytes
    "accept-unsigned",    # skips the check when the signature header is missing
    "reject-duplicate",   # answers 409 to a delivery it has seen, so the sender retries
    "no-dedupe",          # processes a repeated delivery twice
}

SECRET = os.environ.get("WEBHOOK_SECRET", "whsec_backroad_practice").encode()
accepted = []           # event ids, in the order they were first accepted
lock = threading.Lock()
bug = None


def expected_signature(raw):
    if bug == "reserialized-body":
        raw = json.dumps(json.loads(raw)).encode()
    return "sha256=" + hmac.new(SECRET, raw, hashlib.sha256).hexdigest()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        if urlsplit(self.path).path != "/webhook":
            return self.send(404, {"error": "deliveries go to POST /webhook"})
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        signature = self.headers.get("X-Backroad-Signature")
        if signature is None and bug != "accept-unsigned":
            return self.send(401, {"error": "no X-Backroad-Signature"})
        try:
            if signature is not None and not hmac.compare_digest(
                    signature.encode(), expected_signature(raw).encode()):
                return self.send(401, {"error": "bad signature"})
            event = json.loads(raw)
            event_id = event["id"]
        except (ValueError, KeyError, TypeError):
            return self.send(400, {"error": "not an event"})
        with lock:
            seen = event_id in accepted
            if seen and bug == "reject-duplicate":
                return self.send(409, {"error": "already received"})
            if not seen or bug == "no-dedupe":
                accepted.append(event_id)
        self.send(200, {"received": event_id, "duplicate": seen})

    def do_GET(self):
        if urlsplit(self.path).path != "/events":
            return self.send(404, {"error": "not found"})
        with lock:
            self.send(200, list(accepted))


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
