#!/usr/bin/env python3
"""Reference server for build.transfer: accounts and money transfers that stay consistent.

    python3 references/transfer.py PORT [--bug NAME]

Python standard library only. Each request runs on its own thread with its own SQLite
connection to one database file, the way a real server uses a database: the transfer is one
transaction that takes the write lock first (BEGIN IMMEDIATE), moves the money with conditional
UPDATEs, and commits, so concurrent transfers can neither overdraw an account nor lose an update.

Broken variants, for the exercise's proofs:
  --bug no-check      lets a transfer overdraw the account (no 409, no CHECK constraint)
  --bug half-transfer debits and commits before checking the destination exists
  --bug created-200   answers 200 instead of 201 to a transfer
  --bug no-lock       read-modify-write outside a transaction: loses updates under concurrency
                      (only concurrent requests reveal it)
"""
import json
import os
import re
import sqlite3
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BUG = sys.argv[sys.argv.index("--bug") + 1] if "--bug" in sys.argv else None
DB_PATH = os.path.join(tempfile.mkdtemp(prefix="transfer-"), "bank.db")


def connect():
    # isolation_level=None: no implicit transactions; we say BEGIN ourselves.
    db = sqlite3.connect(DB_PATH, timeout=10, isolation_level=None)
    db.execute("PRAGMA busy_timeout = 10000")
    return db


def setup():
    db = connect()
    db.execute("PRAGMA journal_mode = WAL")
    # The CHECK is a safety net under the application's own check; the no-check bug drops both.
    check = "" if BUG == "no-check" else " CHECK (balance >= 0)"
    db.executescript(f"""
        CREATE TABLE accounts (
          id      INTEGER PRIMARY KEY,
          balance INTEGER NOT NULL{check}
        );
        CREATE TABLE transfers (
          id        INTEGER PRIMARY KEY,
          from_id   INTEGER NOT NULL REFERENCES accounts(id),
          to_id     INTEGER NOT NULL REFERENCES accounts(id),
          amount    INTEGER NOT NULL CHECK (amount > 0),
          created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
        );
    """)
    db.close()


class Refused(Exception):
    def __init__(self, status, title, detail):
        super().__init__(detail)
        self.status, self.title, self.detail = status, title, detail


def positive_int(body, field):
    value = body.get(field)
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise Refused(422, "Invalid field", f"'{field}' must be a positive integer (cents)")
    return value


def account_id(body, field):
    value = body.get(field)
    if not isinstance(value, int) or isinstance(value, bool):
        raise Refused(422, "Invalid field", f"'{field}' must be an account id (an integer)")
    return value


def transfer(db, src, dst, amount):
    """Move amount from src to dst in one transaction; return the transfer row."""
    if BUG == "no-lock":
        return transfer_racy(db, src, dst, amount)
    if BUG == "half-transfer":
        return transfer_half(db, src, dst, amount)
    db.execute("BEGIN IMMEDIATE")  # take the write lock now, before reading anything
    try:
        ids = {r[0] for r in db.execute("SELECT id FROM accounts WHERE id IN (?, ?)", (src, dst))}
        for needed in (src, dst):
            if needed not in ids:
                raise Refused(404, "No such account", f"account {needed} does not exist")
        if BUG == "no-check":
            db.execute("UPDATE accounts SET balance = balance - ? WHERE id = ?", (amount, src))
            moved = 1
        else:
            moved = db.execute(
                "UPDATE accounts SET balance = balance - ? WHERE id = ? AND balance >= ?",
                (amount, src, amount),
            ).rowcount
        if moved == 0:
            raise Refused(409, "Insufficient funds", f"account {src} holds less than {amount}")
        db.execute("UPDATE accounts SET balance = balance + ? WHERE id = ?", (amount, dst))
        cur = db.execute(
            "INSERT INTO transfers (from_id, to_id, amount) VALUES (?, ?, ?)", (src, dst, amount)
        )
        row = db.execute(
            "SELECT id, from_id, to_id, amount, created_at FROM transfers WHERE id = ?",
            (cur.lastrowid,),
        ).fetchone()
        db.execute("COMMIT")
        return row
    except BaseException:
        db.execute("ROLLBACK")
        raise


RACE = threading.Condition()
RACE.readers = 0  # transfers between reading the balances and writing them back (no-lock bug)


def transfer_racy(db, src, dst, amount):
    """The bug: read, decide in Python, write back. Two requests can read the same balance."""
    a = db.execute("SELECT balance FROM accounts WHERE id = ?", (src,)).fetchone()
    b = db.execute("SELECT balance FROM accounts WHERE id = ?", (dst,)).fetchone()
    if a is None or b is None:
        raise Refused(404, "No such account", "an account does not exist")
    if a[0] < amount:
        raise Refused(409, "Insufficient funds", f"account {src} holds less than {amount}")
    # Anything that takes time here (a log call, a fee lookup) widens the race. To make the
    # proof certain on a busy machine, wait (up to a second) until another transfer has read
    # the balances too, so the lost update always happens when transfers run at once.
    with RACE:
        RACE.readers += 1
        RACE.notify_all()
        RACE.wait_for(lambda: RACE.readers >= 2, timeout=1.0)
    try:
        return write_back(db, src, dst, amount, a, b)
    finally:
        with RACE:
            RACE.readers -= 1


def write_back(db, src, dst, amount, a, b):
    db.execute("UPDATE accounts SET balance = ? WHERE id = ?", (a[0] - amount, src))
    db.execute("UPDATE accounts SET balance = ? WHERE id = ?", (b[0] + amount, dst))
    cur = db.execute("INSERT INTO transfers (from_id, to_id, amount) VALUES (?, ?, ?)", (src, dst, amount))
    return db.execute("SELECT id, from_id, to_id, amount, created_at FROM transfers WHERE id = ?",
                      (cur.lastrowid,)).fetchone()


def transfer_half(db, src, dst, amount):
    """The bug: the debit is committed on its own, before the destination is checked."""
    moved = db.execute("UPDATE accounts SET balance = balance - ? WHERE id = ? AND balance >= ?",
                       (amount, src, amount)).rowcount
    if moved == 0:
        if db.execute("SELECT 1 FROM accounts WHERE id = ?", (src,)).fetchone() is None:
            raise Refused(404, "No such account", f"account {src} does not exist")
        raise Refused(409, "Insufficient funds", f"account {src} holds less than {amount}")
    if db.execute("SELECT 1 FROM accounts WHERE id = ?", (dst,)).fetchone() is None:
        raise Refused(404, "No such account", f"account {dst} does not exist")  # the debit stays
    db.execute("UPDATE accounts SET balance = balance + ? WHERE id = ?", (amount, dst))
    cur = db.execute("INSERT INTO transfers (from_id, to_id, amount) VALUES (?, ?, ?)", (src, dst, amount))
    return db.execute("SELECT id, from_id, to_id, amount, created_at FROM transfers WHERE id = ?",
                      (cur.lastrowid,)).fetchone()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, obj, content_type="application/json"):
        data = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def problem(self, e):
        self.send(e.status, {"type": "about:blank", "title": e.title, "status": e.status,
                             "detail": e.detail}, "application/problem+json")

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        try:
            body = json.loads(self.rfile.read(length) or b"null")
        except ValueError:
            raise Refused(400, "Malformed JSON", "the body is not valid JSON")
        if not isinstance(body, dict):
            raise Refused(400, "Malformed JSON", "the body must be a JSON object")
        return body

    def do_GET(self):
        db = connect()
        try:
            m = re.fullmatch(r"/accounts/(\d+)", self.path)
            if not m:
                raise Refused(404, "Not found", f"nothing at {self.path}")
            row = db.execute("SELECT id, balance FROM accounts WHERE id = ?", (int(m[1]),)).fetchone()
            if row is None:
                raise Refused(404, "No such account", f"account {m[1]} does not exist")
            self.send(200, {"id": row[0], "balance": row[1]})
        except Refused as e:
            self.problem(e)
        finally:
            db.close()

    def do_POST(self):
        db = connect()
        try:
            if self.path == "/accounts":
                body = self.body()
                balance = body.get("balance", 0)
                if not isinstance(balance, int) or isinstance(balance, bool) or balance < 0:
                    raise Refused(422, "Invalid field", "'balance' must be an integer >= 0 (cents)")
                cur = db.execute("INSERT INTO accounts (balance) VALUES (?)", (balance,))
                self.send(201, {"id": cur.lastrowid, "balance": balance})
            elif self.path == "/transfers":
                body = self.body()
                src, dst = account_id(body, "from"), account_id(body, "to")
                amount = positive_int(body, "amount")
                if src == dst:
                    raise Refused(422, "Invalid transfer", "'from' and 'to' must differ")
                row = transfer(db, src, dst, amount)
                self.send(200 if BUG == "created-200" else 201,
                          {"id": row[0], "from": row[1], "to": row[2], "amount": row[3],
                           "created_at": row[4]})
            else:
                raise Refused(404, "Not found", f"nothing at {self.path}")
        except Refused as e:
            self.problem(e)
        except sqlite3.Error as e:
            self.problem(Refused(500, "Database error", str(e)))
        finally:
            db.close()


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 8000
    setup()
    ThreadingHTTPServer.request_queue_size = 128  # the default backlog of 5 resets bursts
    ThreadingHTTPServer.daemon_threads = True
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    print(f"transfer reference on http://127.0.0.1:{port}" + (f" (bug: {BUG})" if BUG else ""), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
