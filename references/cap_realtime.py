"""Reference server for the live leaderboard capstone (cap.realtime-1, -2, -3), standard library only.

    python3 references/cap_realtime.py [PORT] [--bug NAME]

Boards, scores that add up, a ranked leaderboard, and a server-sent events stream per board
that replays past events, then waits for live ones; `?limit=N` closes it after N events,
`?idle=S` after S seconds without one, `?heartbeat=S` writes a `: keep-alive` comment every S
seconds without an event, and `Last-Event-ID` resumes after an id. `--bug NAME`
breaks one behaviour on purpose, so `backroad course test` can show that each stage catches it
at the step that names it:

    replace-score    a new score replaces the total instead of adding -> "Ada scores 20 more"
                     (stages 2 and 3: "stage 1: Ada scores 20 more")
    dense-ranks      tied players do not share a rank            -> "the leaderboard"
    missing-200      an unknown board answers 200                -> "an unknown board is 404"
    no-leader        no leader events                            -> "the stream replays every event"
    plain-text       the stream is sent as text/plain            -> "the stream replays every event"
                     (stage 3: "stage 2: the stream replays every event")
    close-at-once    the stream closes when the replay is done   -> "the stream stays open for live events"
    no-resume        Last-Event-ID is ignored                    -> "resume after the last event seen"
    no-heartbeat     no keep-alive comments                      -> "keep-alive while nothing happens"
"""

import json
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

BUGS = {"replace-score", "dense-ranks", "missing-200", "no-leader", "plain-text", "no-resume",
        "close-at-once", "no-heartbeat"}
bug = None

lock = threading.Lock()
changed = threading.Condition(lock)  # notified whenever any board gets an event
boards = {}  # id -> {"id", "name", "totals": {player: total}, "leader", "events": [...]}
counter = {"board": 0}


def ranked(board):
    rows = sorted(board["totals"].items(), key=lambda kv: (-kv[1], kv[0]))
    out = []
    for i, (player, total) in enumerate(rows):
        if bug != "dense-ranks" and out and out[-1]["total"] == total:
            rank = out[-1]["rank"]
        else:
            rank = i + 1
        out.append({"rank": rank, "player": player, "total": total})
    return out


def emit(board, kind, data):
    board["events"].append({"id": len(board["events"]) + 1, "event": kind, "data": data})


def frame(event):
    return (f"id: {event['id']}\nevent: {event['event']}\n"
            f"data: {json.dumps(event['data'])}\n\n").encode()


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

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.raw = self.rfile.read(length) if length else b""
        url = urlsplit(self.path)
        path = url.path.rstrip("/") or "/"
        query = {k: v[-1] for k, v in parse_qs(url.query).items()}
        method = "GET" if self.command == "HEAD" else self.command
        if path == "/boards":
            return self.create_board() if method == "POST" else self.error(405, "use POST")
        m = re.fullmatch(r"/boards/(\d+)(/scores|/leaderboard|/events)?", path)
        if not m:
            return self.error(404, f"no route for {self.command} {path}")
        board_id, part = int(m.group(1)), m.group(2)
        with lock:
            board = boards.get(board_id)
        if board is None:
            if bug == "missing-200":
                return self.send(200, [])
            return self.error(404, "no such board")
        if part is None and method == "GET":
            return self.send(200, {"id": board["id"], "name": board["name"]})
        if part == "/scores" and method == "POST":
            return self.add_score(board)
        if part == "/leaderboard" and method == "GET":
            return self.leaderboard(board, query)
        if part == "/events" and method == "GET":
            return self.stream(board, query)
        self.error(405, f"{self.command} is not allowed on {path}")

    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = handle_any

    def create_board(self):
        data = self.json_body()
        if data is None:
            return self.error(400, "the body must be a JSON object")
        name = data.get("name")
        if not isinstance(name, str) or not name.strip():
            return self.error(422, "name is required")
        with lock:
            counter["board"] += 1
            board = {"id": counter["board"], "name": name.strip(), "totals": {}, "leader": None,
                     "events": []}
            boards[board["id"]] = board
        self.send(201, {"id": board["id"], "name": board["name"]},
                  [("Location", f"/boards/{board['id']}")])

    def add_score(self, board):
        data = self.json_body()
        if data is None:
            return self.error(400, "the body must be a JSON object")
        player, points = data.get("player"), data.get("points")
        if not isinstance(player, str) or not player.strip():
            return self.error(422, "player is required")
        if not isinstance(points, int) or isinstance(points, bool) or points < 1:
            return self.error(422, "points must be a whole number, 1 or more")
        player = player.strip()
        with changed:
            totals = board["totals"]
            total = points if bug == "replace-score" else totals.get(player, 0) + points
            totals[player] = total
            emit(board, "score", {"player": player, "points": points, "total": total})
            leader = board["leader"]
            best_other = max((t for p, t in totals.items() if p != player), default=None)
            if leader != player and (best_other is None or total > best_other):
                board["leader"] = player
                if bug != "no-leader":
                    emit(board, "leader", {"player": player, "total": total})
            changed.notify_all()
        self.send(201, {"player": player, "points": points, "total": total})

    def leaderboard(self, board, query):
        with lock:
            rows = ranked(board)
        try:
            limit = int(query.get("limit", "100"))
        except ValueError:
            return self.error(400, "limit must be a whole number")
        if limit < 1:
            return self.error(400, "limit must be 1 or more")
        self.send(200, rows[:limit])

    def stream(self, board, query):
        try:
            limit = int(query["limit"]) if "limit" in query else None
            idle = float(query["idle"]) if "idle" in query else None
            beat = float(query["heartbeat"]) if "heartbeat" in query else None
            after = int(self.headers.get("Last-Event-ID") or 0)
        except ValueError:
            return self.error(400, "limit, idle, heartbeat and Last-Event-ID must be numbers")
        if bug == "no-resume":
            after = 0
        if bug == "no-heartbeat":
            beat = None
        self.send_response(200)
        kind = "text/plain" if bug == "plain-text" else "text/event-stream"
        self.send_header("Content-Type", kind)
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")  # the body ends when the connection closes
        self.end_headers()
        self.close_connection = True
        if self.command == "HEAD":
            return
        sent = 0
        last_event = last_write = time.monotonic()
        try:
            while limit is None or sent < limit:
                with changed:
                    fresh = [e for e in board["events"] if e["id"] > after]
                    if not fresh:
                        if bug == "close-at-once":
                            return
                        now = time.monotonic()
                        if idle is not None and now - last_event >= idle:
                            return
                        if beat is not None and now - last_write >= beat:
                            self.wfile.write(b": keep-alive\n\n")
                            self.wfile.flush()
                            last_write = now
                            continue
                        waits = [15.0]
                        if idle is not None:
                            waits.append(idle - (now - last_event))
                        if beat is not None:
                            waits.append(beat - (now - last_write))
                        changed.wait(timeout=max(0.0, min(waits)))
                        continue
                for event in fresh:
                    if limit is not None and sent >= limit:
                        break
                    self.wfile.write(frame(event))
                    sent += 1
                    after = event["id"]
                self.wfile.flush()
                last_event = last_write = time.monotonic()
        except (BrokenPipeError, ConnectionResetError):
            return


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
    print(f"leaderboard reference on http://127.0.0.1:{port}" + (f" with bug {bug}" if bug else ""),
          flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
