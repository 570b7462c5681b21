PHASE = "20-cap-realtime"
SLUG = "realtime"
REF = "cap_realtime.py"

def score(player, points, total, name, essential=True, hint=""):
    h = hint or f"{player}'s total is now {total}."
    return {"name": name, "essential": essential, "body": f'''
request = {{ method = "POST", path = "/boards/{{{{board_id}}}}/scores", json = {{ player = "{player}", points = {points} }} }}
asserts = [
  {{ q = 'status', p = '== 201', hint = "A new score answers 201 Created." }},
  'jsonpath "$.player" == "{player}"',
  {{ q = 'jsonpath "$.total"', p = '== {total}', hint = "{h}" }},
]
'''}

def ev(n, kind, checks):
    """Assertions that event `n` of the body is of `kind` and its data matches each regex."""
    out = [f"  {{ q = 'regex /(?m)^id: {n}\\r?\\nevent: ([a-z]+)/', p = '== \"{kind}\"', hint = \"Event {n} is a {kind} event: the lines id: {n}, event: {kind}, data: ... in that order, then a blank line.\" }},"]
    for pattern, hint in checks:
        pattern = pattern.replace("\\\\", "\\")
        out.append(f"  {{ q = 'regex /(?m)^id: {n}\\r?\\nevent: {kind}\\r?\\ndata: ([^\\r\\n]*)/', p = 'matches /{pattern}/', hint = \"{hint}\" }},")
    return "\n".join(out)

STREAM_ALL = '''
request = { method = "GET", path = "/boards/{{board_id}}/events", query = { limit = "7", idle = "2" }, timeout = "6s" }
asserts = [
  { q = 'status', p = '== 200', hint = "GET /boards/{id}/events answers 200 and a stream." },
  { q = 'header "Content-Type"', p = 'startsWith "text/event-stream"', hint = "Server-sent events are sent as Content-Type: text/event-stream." },
''' + ev(1, "score", [('"player"\\\\s*:\\\\s*"Ada"', "Event 1 is Ada's first score."), ('"total"\\\\s*:\\\\s*10\\\\b', "After her first score Ada's total is 10.")]) + "\n" + ev(2, "leader", [('"player"\\\\s*:\\\\s*"Ada"', "The first score on an empty board makes a leader: Ada.")]) + "\n" + ev(3, "score", [('"player"\\\\s*:\\\\s*"Grace"', "Event 3 is Grace's score.")]) + "\n" + ev(4, "leader", [('"player"\\\\s*:\\\\s*"Grace"', "Grace's 25 overtakes Ada's 10: a leader event for Grace.")]) + "\n" + ev(5, "score", [('"total"\\\\s*:\\\\s*30\\\\b', "Ada's second score brings her total to 30.")]) + "\n" + ev(6, "leader", [('"player"\\\\s*:\\\\s*"Ada"', "Ada's 30 overtakes Grace's 25: a leader event for Ada.")]) + "\n" + ev(7, "score", [('"player"\\\\s*:\\\\s*"Lin"', "Event 7 is Lin's score; Lin only ties Grace, so no leader event follows.")]) + '''
  { q = 'body', p = 'not matches /(?m)^id: 8\\r?$/', hint = "limit=7: the stream closes after 7 events." },
]
'''

STAGES = [
{
"title": "Live leaderboard, stage 1: boards, scores and ranks",
"prompt": """
Stage 1 of the live leaderboard capstone (the brief is the lesson *Capstone: a live leaderboard*).

| request | answer |
|---|---|
| `POST /boards` `{"name"}` | `201`, `{"id", "name"}` and `Location` |
| `POST /boards/{id}/scores` `{"player", "points"}` | `201`, `{"player", "points", "total"}`: points add up to the player's total |
| `points` not a whole number of at least 1, or no player | `400` or `422` |
| `GET /boards/{id}/leaderboard` | `200`, `[{"rank", "player", "total"}]`, highest total first; equal totals share a rank and are ordered by name; `?limit=N` keeps the first N |
| an unknown board | `404` |

Start from `backroad starter cap.realtime-1 --lang python` (or `typescript`).
""",
"hints": [
  "Per board, keep a dictionary player -> total. A score adds its points to the player's total.",
  "Sort by (-total, player). Rank: 1 for the first row; each next row takes its position (1-based) unless its total equals the row before, in which case it copies that row's rank (1, 2, 2, 4).",
  "Points must be an integer (not a boolean) and at least 1.",
],
"explanation": """
The leaderboard is a view computed from the totals: sort, then rank. "Standard competition"
ranking (1, 2, 2, 4) is what sports tables use: players with the same total share a place and
the next place is skipped. Stage 2 turns each change into an event that clients receive as it
happens.
""",
"steps": [
 {"name": "create a board", "essential": True, "body": '''
request = { method = "POST", path = "/boards", json = { name = "Friday quiz" } }
asserts = [
  { q = 'status', p = '== 201', hint = "Creating a board answers 201 Created." },
  'jsonpath "$.id" exists',
  'jsonpath "$.name" == "Friday quiz"',
]
captures = { board_id = 'jsonpath "$.id"' }
'''},
 score("Ada", 10, 10, "Ada scores 10"),
 score("Grace", 25, 25, "Grace scores 25"),
 score("Ada", 20, 30, "Ada scores 20 more", hint="Scores add up: Ada had 10, scores 20 more, total 30."),
 score("Lin", 25, 25, "Lin scores 25"),
 {"name": "the leaderboard", "essential": True, "body": '''
request = { method = "GET", path = "/boards/{{board_id}}/leaderboard" }
asserts = [
  'status == 200',
  { q = 'jsonpath "$"', p = 'isList', hint = "The leaderboard is a JSON array of {rank, player, total}." },
  'jsonpath "$" count == 3',
  { q = 'jsonpath "$[0].player"', p = '== "Ada"', hint = "Highest total first: Ada with 30." },
  'jsonpath "$[0].total" == 30',
  'jsonpath "$[0].rank" == 1',
  { q = 'jsonpath "$[1].player"', p = '== "Grace"', hint = "Grace and Lin both have 25: ordered by name, Grace first." },
  'jsonpath "$[1].rank" == 2',
  { q = 'jsonpath "$[2].player"', p = '== "Lin"', hint = "Lin ties Grace at 25." },
  { q = 'jsonpath "$[2].rank"', p = '== 2', hint = "Equal totals share a rank: Grace and Lin are both 2nd." },
]
'''},
 {"name": "the top one", "body": '''
request = { method = "GET", path = "/boards/{{board_id}}/leaderboard", query = { limit = "1" } }
asserts = ['status == 200', { q = 'jsonpath "$" count', p = '== 1', hint = "?limit=1 keeps only the first row." }, 'jsonpath "$[0].player" == "Ada"']
'''},
 {"name": "points must be positive", "body": '''
request = { method = "POST", path = "/boards/{{board_id}}/scores", json = { player = "Ada", points = 0 } }
asserts = [ { q = 'status', p = 'in [400, 422]', hint = "points is a whole number, 1 or more." } ]
'''},
 {"name": "a score needs a player", "body": '''
request = { method = "POST", path = "/boards/{{board_id}}/scores", json = { points = 5 } }
asserts = [ { q = 'status', p = 'in [400, 422]', hint = "No player: 400 or 422." } ]
'''},
 {"name": "an unknown board is 404", "body": '''
request = { method = "GET", path = "/boards/987654321/leaderboard" }
asserts = [ { q = 'status', p = '== 404', hint = "No board with that id: 404." } ]
'''},
],
"bugs": [
  ("replace-score", "a new score replaces the total", "Ada scores 20 more"),
  ("dense-ranks", "tied players do not share a rank", "the leaderboard"),
  ("missing-200", "an unknown board answers 200", "an unknown board is 404"),
],
},
{
"title": "Live leaderboard, stage 2: an event stream (server-sent events)",
"prompt": """
Stage 2 of the live leaderboard capstone: every change becomes an event, and clients follow a
board over one long HTTP response in the server-sent events format.

| request | answer |
|---|---|
| `GET /boards/{id}/events` | `200`, `Content-Type: text/event-stream`: first every event of the board so far, in order, then each new one as it happens |
| `?limit=N` | the server ends the response after N events |
| `?idle=S` | the server ends the response after S seconds without a new event |
| an unknown board | `404` |

Without `limit` or `idle` the response stays open. Each event is four lines: `id: N` (1, 2, 3 …
per board), `event: score` or `event: leader`, `data: <JSON on one line>`, and an empty line. A
`score` event's data is `{"player", "points", "total"}`. After a score that puts a player
strictly ahead of everyone else, when they were not the leader already, a `leader` event
follows with `{"player", "total"}` (the first score on a board makes its first leader).
""",
"hints": [
  "Store every event in a list per board when it happens (a score, then maybe a leader). The stream writes the stored ones first, then waits for more.",
  "Write each event as id: N, event: TYPE, data: JSON, then a blank line, and flush. Count them; after limit, end the response (close the connection, or end the chunked body).",
  "To wait, use a condition variable (Python threading.Condition.wait with a timeout of what is left of idle) or, in Node, keep the open responses in a list, write to them from the score handler, and end each with a timer that restarts on every event.",
],
"explanation": """
Server-sent events (the HTML standard's `EventSource`) are plain HTTP: one response that does
not end, made of small text records, flushed as they happen. Replaying stored events makes the
stream a log that any client can read from the start, which is also what lets a checker that
sends one request at a time read it. `idle` is how a server frees connections that carry
nothing.
""",
"steps": [
 {"name": "the stream replays every event", "essential": True, "body": STREAM_ALL},
 {"name": "limit ends the stream", "body": '''
request = { method = "GET", path = "/boards/{{board_id}}/events", query = { limit = "2", idle = "2" }, timeout = "6s" }
asserts = [
  'status == 200',
  { q = 'body', p = 'matches /(?m)^id: 2\\r?$/', hint = "limit=2: events 1 and 2 ..." },
  { q = 'body', p = 'not matches /(?m)^id: 3\\r?$/', hint = "... and then the response ends: no event 3." },
]
'''},
 score("Grace", 10, 35, "Grace scores 10 more", essential=False),
 {"name": "the stream has the new events", "body": '''
request = { method = "GET", path = "/boards/{{board_id}}/events", query = { limit = "9", idle = "2" }, timeout = "6s" }
asserts = [
  'status == 200',
''' + ev(8, "score", [('"total"\\\\s*:\\\\s*35\\\\b', "Event 8 is Grace's new score: total 35.")]) + "\n" + ev(9, "leader", [('"player"\\\\s*:\\\\s*"Grace"', "Grace's 35 overtakes Ada's 30: event 9 is a leader event for Grace.")]) + '''
]
'''},
 {"name": "an unknown board has no stream", "body": '''
request = { method = "GET", path = "/boards/987654321/events", query = { limit = "1" }, timeout = "5s" }
asserts = [ { q = 'status', p = '== 404', hint = "No such board: 404, before any stream starts." } ]
'''},
 {"name": "the stream stays open for live events", "essential": True, "body": '''
request = { method = "GET", path = "/boards/{{board_id}}/events", query = { idle = "1" }, timeout = "6s" }
asserts = [
  'status == 200',
  { q = 'body', p = 'matches /(?m)^id: 7\\r?$/', hint = "No limit: the replay goes from event 1 to the last one." },
  { q = 'duration', p = '>= 900', hint = "After the replay the stream must stay open, waiting for live events, until idle (1 s) passes with none." },
  { q = 'duration', p = '< 5000', hint = "idle=1: end the response about 1 s after the last event." },
]
'''},
],
"bugs": [
  ("replace-score", "a stage-1 regression: a new score replaces the total", "stage 1: Ada scores 20 more"),
  ("no-leader", "no leader events", "the stream replays every event"),
  ("plain-text", "the stream is sent as text/plain", "the stream replays every event"),
  ("close-at-once", "the stream closes when the replay is done", "the stream stays open for live events"),
],
},
{
"title": "Live leaderboard, stage 3: reconnecting clients and keep-alive",
"prompt": """
Stage 3 of the live leaderboard capstone: clients drop and come back, and quiet streams must
survive proxies that cut silent connections.

| request | answer |
|---|---|
| `GET /boards/{id}/events` with `Last-Event-ID: N` | only the events after id N, then live ones |
| `?heartbeat=S` | while no event is sent for S seconds, write the comment line `: keep-alive` and an empty line, every S seconds |

Comments are not events: they do not count towards `limit`, and they do not reset `idle`.
""",
"hints": [
  "Read the Last-Event-ID request header as a number (0 when it is missing) and skip the events with an id up to it.",
  "While waiting, wake up at whichever comes first: the next heartbeat (write ': keep-alive' and a blank line, flush), the end of idle (end the response), or a new event.",
  "idle is measured from the last event, not from the last heartbeat.",
],
"explanation": """
Browsers reconnect an `EventSource` by themselves and send the id of the last event they saw in
`Last-Event-ID`; a server that honours it loses nothing across a dropped connection. Proxies and
load balancers often close connections that stay silent for a minute; a comment line every few
seconds keeps a quiet stream alive, and `EventSource` ignores it.
""",
"steps": [
 score("Grace", 10, 35, "Grace scores 10 more", essential=False),
 {"name": "resume after the last event seen", "body": '''
request = { method = "GET", path = "/boards/{{board_id}}/events", query = { limit = "2", idle = "2" }, headers = { Last-Event-ID = "7" }, timeout = "6s" }
asserts = [
  'status == 200',
  { q = 'body', p = 'not matches /(?m)^id: [1-7]\\r?$/', hint = "Last-Event-ID: 7 means the client has events 1 to 7: send only what came after." },
''' + ev(8, "score", [('"total"\\\\s*:\\\\s*35\\\\b', "The first event after 7 is Grace's score, total 35.")]) + "\n" + ev(9, "leader", [('"player"\\\\s*:\\\\s*"Grace"', "Then Grace's leader event.")]) + '''
]
'''},
 {"name": "keep-alive while nothing happens", "body": '''
request = { method = "GET", path = "/boards/{{board_id}}/events", query = { idle = "2.2", heartbeat = "0.5" }, headers = { Last-Event-ID = "9" }, timeout = "6s" }
asserts = [
  'status == 200',
  'header "Content-Type" startsWith "text/event-stream"',
  { q = 'body', p = 'not matches /(?m)^id: /', hint = "The client has every event: the stream sends none ..." },
  { q = 'body', p = 'matches /(?m)^: keep-alive\\r?$/', hint = "... but every heartbeat (0.5 s) without an event it writes the comment line ': keep-alive'." },
  { q = 'body', p = 'matches /(?s): keep-alive.*: keep-alive.*: keep-alive/', hint = "2.2 s of quiet at one heartbeat every 0.5 s is at least three keep-alive comments." },
  { q = 'duration', p = '>= 1500', hint = "Heartbeats do not reset idle: the stream ends about 2.2 s after the last event, not sooner." },
]
'''},
],
"bugs": [
  ("plain-text", "a stage-2 regression: the stream is sent as text/plain", "stage 2: the stream replays every event"),
  ("replace-score", "a stage-1 regression: a new score replaces the total", "stage 1: Ada scores 20 more"),
  ("no-resume", "Last-Event-ID is ignored", "resume after the last event seen"),
  ("no-heartbeat", "no keep-alive comments", "keep-alive while nothing happens"),
],
},
]
