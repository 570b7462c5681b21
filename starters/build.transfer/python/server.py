"""Starter for build.transfer: accounts and money transfers that stay consistent

Run: python3 server.py 8000
Check: backroad check build.transfer --target http://127.0.0.1:8000
Standard library only. Every request answers 501 Not Implemented until you write it.
"""

import json
import os
import sqlite3
import sys
import tempfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

# What to write (see the exercise prompt for the whole contract):
#   POST /accounts  {"balance": 1000}                 -> 201 {"id", "balance"}
#   GET  /accounts/{id}                                -> 200 {"id", "balance"}; 404 unknown
#   POST /transfers {"from": 1, "to": 2, "amount": 300}
#        -> 201 {"id", "from", "to", "amount"}; 409 not enough money; 404 unknown account;
#           422 amount not a positive integer, or from == to
# Amounts are integer cents. Requests run on several threads at once: a transfer must be one
# transaction, and "is there enough money?" must be decided inside it (see lesson
# 07-database-apps/06-transactions).

# One database file shared by every thread, new on every start.
DB_PATH = os.path.join(tempfile.mkdtemp(prefix="transfer-"), "bank.db")


def connect():
    """A connection for one request. isolation_level=None: you write BEGIN ... COMMIT yourself."""
    db = sqlite3.connect(DB_PATH, timeout=10, isolation_level=None)
    db.execute("PRAGMA busy_timeout = 10000")
    return db


def setup():
    db = connect()
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL)")
    db.close()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def send_json(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def read_body(self):
        """The raw request body, as bytes."""
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def not_written_yet(self):
        self.read_body()  # read what was sent, even if unused, so the connection stays in step
        path = urlsplit(self.path).path
        self.send_json(501, {"error": "not written yet: %s %s" % (self.command, path)})

    def do_GET(self):
        self.not_written_yet()

    def do_POST(self):
        self.not_written_yet()


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8000
    setup()
    ThreadingHTTPServer.request_queue_size = 128  # room for a burst of concurrent requests
    print("listening on http://127.0.0.1:%d" % port)
    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
