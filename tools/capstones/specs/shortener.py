PHASE = "16-cap-shortener"
SLUG = "shortener"
REF = "cap_shortener.py"

STAGES = [
{
"title": "URL shortener, stage 1: short codes and redirects",
"prompt": """
Stage 1 of the URL shortener capstone (the brief is the lesson *Capstone: a URL shortener*).

| request | answer |
|---|---|
| `POST /links` `{"url"}` | `201`, `{"code", "url", "hits", "created_at", "expires_at"}` and `Location: /links/{code}`; a generated code is 4 to 10 letters, digits, `_` or `-` |
| a missing `url`, or one that is not an absolute `http`/`https` URL | `400` or `422` |
| a body that is not JSON | `400` |
| `GET /{code}` | `302` (or `307`) with `Location:` the stored URL |
| an unknown code | `404` |

Start from `backroad starter cap.shortener-1 --lang python` (or `typescript`).
""",
"hints": [
  "Keep a dictionary from code to link. Generate codes from random letters and digits (secrets.choice in Python, crypto.randomInt in Node) and try again on a collision.",
  "Check the URL with a URL parser: the scheme must be http or https and there must be a host.",
  "A redirect is a status (302) plus a Location header with the stored URL; the body can be empty.",
],
"explanation": """
A shortener is a tiny key-value store with a redirect in front. `302 Found` (or `307`) tells the
client to fetch the target this time without remembering the answer, which keeps every click
coming back to you; the stats of stage 2 depend on that. Validating the scheme stops your
service from becoming a launcher for `javascript:` links.
""",
"steps": [
 {"name": "shorten a URL", "essential": True, "body": '''
request = { method = "POST", path = "/links", json = { url = "https://example.com/docs/http?page=1" } }
asserts = [
  { q = 'status', p = '== 201', hint = "Creating a short link answers 201 Created." },
  { q = 'jsonpath "$.code"', p = 'matches /^[A-Za-z0-9_-]{4,10}$/', hint = "A generated code is 4 to 10 letters, digits, _ or -." },
  'jsonpath "$.url" == "https://example.com/docs/http?page=1"',
  { q = 'header "Location"', p = 'exists', hint = "Say where the new link's record lives: Location: /links/{code}.", rfc = "9110#10.2.2" },
]
captures = { code = 'jsonpath "$.code"' }
'''},
 {"name": "follow the short link", "essential": True, "body": '''
request = { method = "GET", path = "/{{code}}" }
asserts = [
  { q = 'status', p = 'in [302, 307]', hint = "Answer 302 Found (or 307): not 301, which browsers cache for good, so later clicks would never reach you.", rfc = "9110#15.4.3" },
  { q = 'header "Location"', p = '== "https://example.com/docs/http?page=1"', hint = "Location carries the stored URL exactly as it was given." },
]
'''},
 {"name": "a URL must be http or https", "body": '''
request = { method = "POST", path = "/links", json = { url = "javascript:alert(1)" } }
asserts = [
  { q = 'status', p = 'in [400, 422]', hint = "Accept only absolute http and https URLs; anything else is 400 or 422." },
]
'''},
 {"name": "a URL is required", "body": '''
request = { method = "POST", path = "/links", json = { target = "https://example.com/" } }
asserts = [ { q = 'status', p = 'in [400, 422]', hint = "No url field: refuse it with 400 or 422." } ]
'''},
 {"name": "a body that is not JSON is refused", "body": '''
request = { method = "POST", path = "/links", headers = { Content-Type = "application/json" }, body = '{"url": "https://example.com/",' }
asserts = [ { q = 'status', p = '== 400', hint = "Malformed JSON is the client's mistake: 400, never 500." } ]
'''},
 {"name": "an unknown code is 404", "body": '''
request = { method = "GET", path = "/zz-not-a-code" }
asserts = [ { q = 'status', p = '== 404', hint = "No link with that code: 404 Not Found." } ]
'''},
],
"bugs": [
  ("redirect-301", "redirects answer 301", "follow the short link"),
  ("any-scheme", "javascript: URLs are shortened", "a URL must be http or https"),
  ("missing-200", "an unknown code answers 200", "an unknown code is 404"),
],
},
{
"title": "URL shortener, stage 2: hit counts, custom codes and expiry",
"prompt": """
Stage 2 of the URL shortener capstone.

| request | answer |
|---|---|
| `GET /links/{code}` | `200`, the link with `hits`: how many redirects it has answered; `404` for an unknown code |
| `POST /links` `{"url", "code"}` | `201` with that code (4 to 32 letters, digits, `_` or `-`); a taken code: `409`; an invalid one: `400` or `422` |
| `POST /links` `{"url", "ttl_seconds"}` | `201`, `expires_at` set; from then on `GET /{code}` answers `410`, and does not count a hit |
| `ttl_seconds` below 1 | `400` or `422` |
""",
"hints": [
  "Add 1 to the link's hits inside the redirect handler, only when you answer 302.",
  "A custom code goes through the same dictionary: if it is already a key, answer 409 Conflict and change nothing.",
  "Store the expiry as a timestamp (created + ttl_seconds). In the redirect handler, compare it with the current time and answer 410 Gone when it has passed.",
],
"explanation": """
Stats, custom codes and expiry are the features that make a shortener a product. `409 Conflict`
says the request clashes with the current state (the code is taken); `410 Gone` says the link
existed and was retired on purpose, which is more useful to a client than `404`.
""",
"steps": [
 {"name": "stats after one hit", "essential": True, "body": '''
request = { method = "GET", path = "/links/{{code}}" }
asserts = [
  { q = 'status', p = '== 200', hint = "GET /links/{code} answers the link's record." },
  'jsonpath "$.code" == "{{code}}"',
  { q = 'jsonpath "$.hits"', p = '== 1', hint = "The link was followed once (the step before): hits must be 1. Count each redirect you answer." },
]
'''},
 {"name": "follow it twice more", "body": '''
request = { method = "GET", path = "/{{code}}" }
asserts = ['status in [302, 307]']
'''},
 {"name": "and once again", "body": '''
request = { method = "GET", path = "/{{code}}" }
asserts = ['status in [302, 307]']
'''},
 {"name": "three hits", "body": '''
request = { method = "GET", path = "/links/{{code}}" }
asserts = ['status == 200', { q = 'jsonpath "$.hits"', p = '== 3', hint = "Three redirects so far: hits == 3." }]
'''},
 {"name": "an unknown code has no stats", "body": '''
request = { method = "GET", path = "/links/zz-not-a-code" }
asserts = [ { q = 'status', p = '== 404', hint = "No such link: 404." } ]
'''},
 {"name": "a custom code", "essential": True, "body": '''
request = { method = "POST", path = "/links", json = { url = "https://example.com/custom", code = "mine-{{code}}" } }
asserts = [
  { q = 'status', p = '== 201', hint = "A free, valid custom code is accepted: 201." },
  { q = 'jsonpath "$.code"', p = '== "mine-{{code}}"', hint = "Use the code the client asked for." },
]
'''},
 {"name": "the custom code redirects", "body": '''
request = { method = "GET", path = "/mine-{{code}}" }
asserts = ['status in [302, 307]', 'header "Location" == "https://example.com/custom"']
'''},
 {"name": "a taken code is refused", "essential": True, "body": '''
request = { method = "POST", path = "/links", json = { url = "https://example.com/other", code = "mine-{{code}}" } }
asserts = [
  { q = 'status', p = '== 409', hint = "The code already points somewhere: 409 Conflict, and the old link stays as it was.", rfc = "9110#15.5.10" },
]
'''},
 {"name": "the taken code still points where it did", "essential": True, "body": '''
request = { method = "GET", path = "/mine-{{code}}" }
asserts = ['status in [302, 307]', { q = 'header "Location"', p = '== "https://example.com/custom"', hint = "A refused create must not change the existing link." }]
'''},
 {"name": "a custom code must be valid", "body": '''
request = { method = "POST", path = "/links", json = { url = "https://example.com/", code = "no spaces!" } }
asserts = [ { q = 'status', p = 'in [400, 422]', hint = "Codes are 4 to 32 letters, digits, _ or -: refuse anything else." } ]
'''},
 {"name": "ttl_seconds must be positive", "body": '''
request = { method = "POST", path = "/links", json = { url = "https://example.com/", ttl_seconds = 0 } }
asserts = [ { q = 'status', p = 'in [400, 422]', hint = "ttl_seconds is 1 or more." } ]
'''},
 {"name": "a link that expires", "body": '''
request = { method = "POST", path = "/links", json = { url = "https://example.com/soon", ttl_seconds = 2 } }
asserts = [
  'status == 201',
  { q = 'jsonpath "$.expires_at"', p = 'isIsoDate', hint = "A link with ttl_seconds has expires_at: the time it stops working, ISO 8601." },
]
captures = { soon = 'jsonpath "$.code"' }
'''},
 {"name": "before expiry it redirects", "body": '''
request = { method = "GET", path = "/{{soon}}" }
asserts = ['status in [302, 307]']
'''},
 {"name": "after expiry it is gone", "body": '''
delay = "2500ms"
request = { method = "GET", path = "/{{soon}}" }
asserts = [
  { q = 'status', p = '== 410', hint = "Once expires_at has passed, the link answers 410 Gone.", rfc = "9110#15.5.11" },
]
'''},
 {"name": "an expired redirect is not a hit", "body": '''
request = { method = "GET", path = "/links/{{soon}}" }
asserts = ['status == 200', { q = 'jsonpath "$.hits"', p = '== 1', hint = "Only the redirect before expiry counts; a 410 is not a hit." }]
'''},
],
"bugs": [
  ("redirect-301", "a stage-1 regression: redirects answer 301", "stage 1: follow the short link"),
  ("no-hits", "redirects are not counted", "stats after one hit"),
  ("code-overwrite", "a taken custom code is silently replaced", "a taken code is refused"),
  ("no-expiry", "links never expire", "after expiry it is gone"),
],
},
{
"title": "URL shortener, stage 3: API keys and a rate limit",
"prompt": """
Stage 3 of the URL shortener capstone: clients with an API key may create 5 links per 60
seconds each; the sixth is refused until the window ends.

| request | answer |
|---|---|
| `POST /keys` | `201`, `{"key", "limit": 5, "window_seconds": 60}` |
| `POST /links` with `Authorization: Bearer <key>` | `201` and `RateLimit-Remaining:` what is left in the window (4 after the first) |
| the 6th within the window | `429` with `Retry-After:` whole seconds until the window ends (1 or more) |
| an unknown key | `401` |
| no key at all | as in stage 1 (not limited in this project) |
""",
"hints": [
  "Per key, remember when its window started and how many links it created in it. When 60 s have passed, start a new window at 0.",
  "Decide before creating: if used >= 5, answer 429 and create nothing; otherwise add 1 and create.",
  "Retry-After is the number of whole seconds until the window ends, rounded up, at least 1.",
],
"explanation": """
A fixed-window rate limit counts requests per client per window. `429 Too Many Requests` with
`Retry-After` (RFC 6585 §4, RFC 9110 §10.2.3) tells a well-behaved client exactly when to come
back, and `RateLimit-Remaining` lets it slow down before it hits the wall. Keys give each client
its own budget, so one noisy client cannot use up everyone else's.
""",
"steps": [
 {"name": "get an API key", "body": '''
request = { method = "POST", path = "/keys" }
asserts = [
  { q = 'status', p = '== 201', hint = "POST /keys creates a key: 201." },
  { q = 'jsonpath "$.key"', p = 'isString', hint = "Answer {\\"key\\": \\"...\\", \\"limit\\": 5, \\"window_seconds\\": 60}." },
  'jsonpath "$.limit" == 5',
  'jsonpath "$.window_seconds" == 60',
]
captures = { key = 'jsonpath "$.key"' }
'''},
 {"name": "create 1 of 5", "body": '''
request = { method = "POST", path = "/links", headers = { Authorization = "Bearer {{key}}" }, json = { url = "https://example.com/1" } }
asserts = [
  { q = 'status', p = '== 201', hint = "A key with budget left creates links as before." },
  { q = 'header "RateLimit-Remaining"', p = '== "4"', hint = "After the first creation in the window, 4 are left: RateLimit-Remaining: 4." },
]
'''},
 {"name": "create 2 of 5", "body": '''
request = { method = "POST", path = "/links", headers = { Authorization = "Bearer {{key}}" }, json = { url = "https://example.com/2" } }
asserts = ['status == 201', 'header "RateLimit-Remaining" == "3"']
'''},
 {"name": "create 3 of 5", "body": '''
request = { method = "POST", path = "/links", headers = { Authorization = "Bearer {{key}}" }, json = { url = "https://example.com/3" } }
asserts = ['status == 201']
'''},
 {"name": "create 4 of 5", "body": '''
request = { method = "POST", path = "/links", headers = { Authorization = "Bearer {{key}}" }, json = { url = "https://example.com/4" } }
asserts = ['status == 201']
'''},
 {"name": "create 5 of 5", "body": '''
request = { method = "POST", path = "/links", headers = { Authorization = "Bearer {{key}}" }, json = { url = "https://example.com/5" } }
asserts = ['status == 201', { q = 'header "RateLimit-Remaining"', p = '== "0"', hint = "The fifth creation uses the last of the budget: RateLimit-Remaining: 0." }]
'''},
 {"name": "the sixth is limited", "body": '''
request = { method = "POST", path = "/links", headers = { Authorization = "Bearer {{key}}" }, json = { url = "https://example.com/6" } }
asserts = [
  { q = 'status', p = '== 429', hint = "The sixth creation in 60 s is refused: 429 Too Many Requests.", rfc = "6585#4" },
  { q = 'header "Retry-After"', p = 'matches /^[0-9]+$/', hint = "Retry-After is a whole number of seconds.", rfc = "9110#10.2.3" },
  { q = 'header "Retry-After" toInt', p = '>= 1', hint = "Retry-After says when the window ends: 1 second or more." },
]
'''},
 {"name": "a second key has its own budget", "body": '''
request = { method = "POST", path = "/keys" }
asserts = ['status == 201']
captures = { key2 = 'jsonpath "$.key"' }
'''},
 {"name": "the second key creates", "body": '''
request = { method = "POST", path = "/links", headers = { Authorization = "Bearer {{key2}}" }, json = { url = "https://example.com/other-client" } }
asserts = [
  { q = 'status', p = '== 201', hint = "Each key has its own budget: another key is not limited by the first one." },
  'header "RateLimit-Remaining" == "4"',
]
'''},
 {"name": "an unknown key is refused", "body": '''
request = { method = "POST", path = "/links", headers = { Authorization = "Bearer not-a-key" }, json = { url = "https://example.com/" } }
asserts = [ { q = 'status', p = '== 401', hint = "A key you never issued is 401, not a free pass." } ]
'''},
],
"bugs": [
  ("redirect-301", "a stage-1 regression: redirects answer 301", "stage 1: follow the short link"),
  ("no-hits", "a stage-2 regression: redirects are not counted", "stage 2: stats after one hit"),
  ("limit-off-by-one", "a key may create 6 links per window", "the sixth is limited"),
  ("shared-budget", "all keys share one budget", "the second key creates"),
],
},
]
