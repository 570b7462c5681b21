"""Reference server for the library capstone (cap.library-1, -2, -3), standard library only.

    python3 references/cap_library.py [PORT] [--bug NAME]

Books, members, loans with due dates, returns, overdue loans and fines, in memory behind one
lock. The current time is the `X-Now` request header when it is present (RFC 3339, e.g.
2026-03-01T10:00:00Z), else the real clock. `--bug NAME` breaks one behaviour on purpose, so
`backroad course test` can show that each stage catches it at the step that names it:

    copies-zero-ok    a book with 0 copies is accepted          -> "a book needs at least one copy"
                      (stage 2: "stage 1: a book needs at least one copy")
    missing-200       an unknown book answers 200               -> "an unknown book is 404"
    no-x-now          the X-Now header is ignored               -> "borrow a book"
    due-7-days        loans are due after 7 days, not 14        -> "borrow a book"
    no-stock-check    a book with no copy left is lent again    -> "no copy left"
    return-twice      a returned loan can be returned again     -> "a loan is returned once"
                      (stage 3: "stage 2: a loan is returned once")
    whole-days        only whole days late are fined            -> "return a book late"
    no-cap            fines are not capped at 1000 cents        -> "the fine is capped"
    owing-can-borrow  a member who owes a fine can still borrow -> "a member who owes cannot borrow"
    overpay-ok        a payment above what is owed is accepted  -> "paying more than owed is refused"
"""

import json
import math
import re
import sys
import threading
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

BUGS = {"copies-zero-ok", "missing-200", "no-x-now", "due-7-days", "no-stock-check",
        "return-twice", "whole-days", "no-cap", "owing-can-borrow", "overpay-ok"}
bug = None

LOAN_DAYS = 14
FINE_PER_DAY = 25
FINE_CAP = 1000

lock = threading.Lock()
books, members, loans = {}, {}, {}
counter = {"book": 0, "member": 0, "loan": 0, "payment": 0}


def next_id(kind):
    counter[kind] += 1
    return counter[kind]


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def text(value):
    return value.strip() if isinstance(value, str) and value.strip() else None


def whole(value):
    return isinstance(value, int) and not isinstance(value, bool)


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

    def json_body(self):
        try:
            data = json.loads(self.raw or b"{}")
        except ValueError:
            return None
        return data if isinstance(data, dict) else None

    def now(self):
        """The X-Now header (a test clock) if present, else the real time. None if malformed."""
        given = self.headers.get("X-Now")
        if given is None or bug == "no-x-now":
            return datetime.now(timezone.utc).replace(microsecond=0)
        try:
            t = datetime.fromisoformat(given.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
        return t.astimezone(timezone.utc) if t.tzinfo else None

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.raw = self.rfile.read(length) if length else b""
        path = urlsplit(self.path).path.rstrip("/") or "/"
        method = "GET" if self.command == "HEAD" else self.command
        now = self.now()
        if now is None:
            return self.error(400, "X-Now must be an RFC 3339 time such as 2026-03-01T10:00:00Z")
        routes = [
            ("POST", r"/books", self.add_book),
            ("GET", r"/books/(\d+)", self.get_book),
            ("POST", r"/members", self.add_member),
            ("GET", r"/members/(\d+)", self.get_member),
            ("POST", r"/loans", self.borrow),
            ("GET", r"/loans/(\d+)", self.get_loan),
            ("POST", r"/loans/(\d+)/return", self.give_back),
            ("GET", r"/members/(\d+)/loans", self.member_loans),
            ("GET", r"/overdue", self.overdue),
            ("POST", r"/members/(\d+)/payments", self.pay),
        ]
        known = False
        for verb, pattern, handler in routes:
            m = re.fullmatch(pattern, path)
            if m:
                known = True
                if verb == method:
                    with lock:
                        return handler(now, *[int(g) for g in m.groups()])
        if known:
            return self.error(405, f"{self.command} is not allowed on {path}")
        self.error(404, f"no route for {self.command} {path}")

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = handle_any

    # stage 1
    def add_book(self, now):
        data = self.json_body()
        if data is None:
            return self.error(400, "the body must be a JSON object")
        title, author, copies = text(data.get("title")), text(data.get("author")), data.get("copies")
        if not title or not author:
            return self.error(422, "title and author are required")
        if not whole(copies) or (copies < 1 and bug != "copies-zero-ok"):
            return self.error(422, "copies must be a whole number, 1 or more")
        book = {"id": next_id("book"), "title": title, "author": author,
                "copies": copies, "available": copies}
        books[book["id"]] = book
        self.send(201, book, [("Location", f"/books/{book['id']}")])

    def get_book(self, now, book_id):
        if book_id not in books:
            if bug == "missing-200":
                return self.send(200, {})
            return self.error(404, "no such book")
        self.send(200, books[book_id])

    def add_member(self, now):
        data = self.json_body()
        if data is None:
            return self.error(400, "the body must be a JSON object")
        name = text(data.get("name"))
        if not name:
            return self.error(422, "name is required")
        member = {"id": next_id("member"), "name": name, "fines_cents": 0}
        members[member["id"]] = member
        self.send(201, member, [("Location", f"/members/{member['id']}")])

    def get_member(self, now, member_id):
        if member_id not in members:
            return self.error(404, "no such member")
        self.send(200, members[member_id])

    # stage 2
    def shown(self, loan, now):
        out = {k: v for k, v in loan.items() if not k.startswith("_")}
        out["overdue"] = loan["returned_at"] is None and now > loan["_due"]
        return out

    def borrow(self, now):
        data = self.json_body()
        if data is None:
            return self.error(400, "the body must be a JSON object")
        member, book = members.get(data.get("member_id")), books.get(data.get("book_id"))
        if member is None or book is None:
            return self.error(422, "member_id and book_id must name an existing member and book")
        if member["fines_cents"] > 0 and bug != "owing-can-borrow":
            return self.error(403, f"the member owes {member['fines_cents']} cents in fines")
        if book["available"] < 1 and bug != "no-stock-check":
            return self.error(409, "no copy of this book is available")
        due = now + timedelta(days=7 if bug == "due-7-days" else LOAN_DAYS)
        loan = {"id": next_id("loan"), "member_id": member["id"], "book_id": book["id"],
                "loaned_at": iso(now), "due_at": iso(due), "returned_at": None,
                "fine_cents": 0, "_due": due}
        loans[loan["id"]] = loan
        book["available"] -= 1
        self.send(201, self.shown(loan, now), [("Location", f"/loans/{loan['id']}")])

    def get_loan(self, now, loan_id):
        if loan_id not in loans:
            return self.error(404, "no such loan")
        self.send(200, self.shown(loans[loan_id], now))

    def give_back(self, now, loan_id):
        loan = loans.get(loan_id)
        if loan is None:
            return self.error(404, "no such loan")
        if loan["returned_at"] is not None and bug != "return-twice":
            return self.error(409, "this loan was already returned")
        loan["returned_at"] = iso(now)
        late = (now - loan["_due"]).total_seconds() / 86400
        days = (math.floor(late) if bug == "whole-days" else math.ceil(late)) if late > 0 else 0
        fine = FINE_PER_DAY * days
        if bug != "no-cap":
            fine = min(fine, FINE_CAP)
        loan["fine_cents"] = fine
        members[loan["member_id"]]["fines_cents"] += fine
        books[loan["book_id"]]["available"] += 1
        self.send(200, self.shown(loan, now))

    def member_loans(self, now, member_id):
        if member_id not in members:
            return self.error(404, "no such member")
        mine = sorted((l for l in loans.values() if l["member_id"] == member_id),
                      key=lambda l: l["id"])
        self.send(200, [self.shown(l, now) for l in mine])

    # stage 3
    def overdue(self, now):
        late = [self.shown(l, now) for l in sorted(loans.values(), key=lambda l: l["id"])
                if l["returned_at"] is None and now > l["_due"]]
        self.send(200, late)

    def pay(self, now, member_id):
        member = members.get(member_id)
        if member is None:
            return self.error(404, "no such member")
        data = self.json_body()
        if data is None:
            return self.error(400, "the body must be a JSON object")
        amount = data.get("amount_cents")
        if not whole(amount) or amount < 1:
            return self.error(422, "amount_cents must be a whole number, 1 or more")
        if amount > member["fines_cents"] and bug != "overpay-ok":
            return self.error(422, f"the member owes only {member['fines_cents']} cents")
        member["fines_cents"] = max(0, member["fines_cents"] - amount)
        self.send(201, {"id": next_id("payment"), "member_id": member_id, "amount_cents": amount,
                        "paid_at": iso(now), "fines_cents": member["fines_cents"]})


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
    print(f"library reference on http://127.0.0.1:{port}" + (f" with bug {bug}" if bug else ""),
          flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
