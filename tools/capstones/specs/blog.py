PHASE = "15-cap-blog"
SLUG = "blog"
REF = "cap_blog.py"

AUTH = 'headers = { Authorization = "Bearer {{token}}" }'
STAGES = [
{
"title": "Blog API, stage 1: authors, tokens and posts",
"prompt": """
Stage 1 of the blog capstone (the brief is the lesson *Capstone: a blog API*). Authors sign up,
exchange their password for a bearer token, and write posts with it.

| request | answer |
|---|---|
| `POST /authors` `{"name", "password"}` | `201`, `{"id", "name"}` and never the password; a missing name or password: `400` or `422` |
| `POST /tokens` `{"author_id", "password"}` | `200` or `201`, `{"token"}`; an unknown author or a wrong password: `401` |
| `POST /posts` `{"title", "body"}` with `Authorization: Bearer <token>` | `201`, `{"id", "title", "body", "author_id", "created_at"}` and `Location`; no token or an unknown one: `401` with `WWW-Authenticate: Bearer` |
| `GET /posts/{id}` | `200` and the post; `404` when there is none |

Start from `backroad starter cap.blog-1 --lang python` (or `typescript`).
""",
"hints": [
  "Keep three dictionaries in memory: authors by id, tokens (token -> author id), posts by id. A random token from secrets.token_urlsafe (Python) or crypto.randomBytes (Node) is enough.",
  "Read the Authorization header, check that it starts with \"Bearer \", and look the rest up in your token table; anything else is 401 with WWW-Authenticate: Bearer.",
  "Build the answer for a new author by hand ({\"id\": ..., \"name\": ...}) instead of returning the stored record, so the password can never leak.",
],
"explanation": """
Your API now has identities: an author proves who they are once (password for token) and then
carries the token on every request. 401 with `WWW-Authenticate: Bearer` tells a client that it
must authenticate (RFC 9110 §15.5.2, RFC 6750 §3), and the password never travels back out.
""",
"steps": [
 {"name": "register an author", "essential": True, "body": '''
request = { method = "POST", path = "/authors", json = { name = "Ada", password = "correct horse" } }
asserts = [
  { q = 'status', p = '== 201', hint = "A POST that creates an author answers 201 Created." },
  { q = 'jsonpath "$.id"', p = 'exists', hint = "Answer with the new author, including its id." },
  'jsonpath "$.name" == "Ada"',
  { q = 'jsonpath "$.password"', p = 'not exists', hint = "Never send a password back, not even the one the client just sent." },
]
captures = { author_id = 'jsonpath "$.id"' }
'''},
 {"name": "an author needs a password", "body": '''
request = { method = "POST", path = "/authors", json = { name = "Bo" } }
asserts = [
  { q = 'status', p = 'in [400, 422]', hint = "Refuse an author without a password: 400, or 422 for a well-formed body with a missing field." },
]
'''},
 {"name": "log in", "essential": True, "body": '''
request = { method = "POST", path = "/tokens", json = { author_id = "{{author_id}}", password = "correct horse" } }
asserts = [
  { q = 'status', p = 'in [200, 201]', hint = "POST /tokens with the right author_id and password answers 200 or 201 with a token." },
  { q = 'jsonpath "$.token"', p = 'isString', hint = "Answer {\\"token\\": \\"...\\"}: a string the client sends back as Authorization: Bearer <token>." },
]
captures = { token = 'jsonpath "$.token"' }
'''},
 {"name": "a wrong password is refused", "body": '''
request = { method = "POST", path = "/tokens", json = { author_id = "{{author_id}}", password = "wrong horse" } }
asserts = [
  { q = 'status', p = '== 401', hint = "A wrong password is 401 Unauthorized, and no token." },
]
'''},
 {"name": "write a post", "essential": True, "body": '''
request = { method = "POST", path = "/posts", headers = { Authorization = "Bearer {{token}}" }, json = { title = "Hello, blog", body = "My first post." } }
asserts = [
  { q = 'status', p = '== 201', hint = "Creating a post answers 201 Created." },
  { q = 'header "Location"', p = 'exists', hint = "Say where the new post lives: Location: /posts/{id}.", rfc = "9110#10.2.2" },
  'jsonpath "$.id" exists',
  'jsonpath "$.title" == "Hello, blog"',
  'jsonpath "$.body" == "My first post."',
  { q = 'jsonpath "$.author_id"', p = '== "{{author_id}}"', hint = "The author of a post is whoever the token belongs to, not something the client sends in the body." },
  { q = 'jsonpath "$.created_at"', p = 'isIsoDate', hint = "created_at is an ISO 8601 time such as 2026-12-01T09:30:00Z." },
]
captures = { post_id = 'jsonpath "$.id"' }
'''},
 {"name": "a post needs a token", "essential": True, "body": '''
request = { method = "POST", path = "/posts", json = { title = "Anonymous", body = "Should not be stored." } }
asserts = [
  { q = 'status', p = '== 401', hint = "Without an Authorization header, POST /posts answers 401.", rfc = "9110#15.5.2" },
  { q = 'header "WWW-Authenticate"', p = 'contains "Bearer"', hint = "A 401 says how to authenticate: WWW-Authenticate: Bearer.", rfc = "6750#3" },
]
'''},
 {"name": "a forged token is refused", "body": '''
request = { method = "POST", path = "/posts", headers = { Authorization = "Bearer not-a-real-token" }, json = { title = "Forged", body = "Should not be stored." } }
asserts = [
  { q = 'status', p = '== 401', hint = "Look the token up: one your server never issued is 401, however it looks." },
]
'''},
 {"name": "read the post", "essential": True, "body": '''
request = { method = "GET", path = "/posts/{{post_id}}" }
asserts = [
  { q = 'status', p = '== 200', hint = "GET /posts/{id} finds the post created a moment ago." },
  'jsonpath "$.title" == "Hello, blog"',
  'jsonpath "$.author_id" == "{{author_id}}"',
]
'''},
 {"name": "a missing post is 404", "body": '''
request = { method = "GET", path = "/posts/987654321" }
asserts = [
  { q = 'status', p = '== 404', hint = "No post with that id: 404 Not Found, not 200 with null.", rfc = "9110#15.5.5" },
]
'''},
],
"bugs": [
  ("password-echo", "the created author carries the password", "register an author"),
  ("no-auth", "a post without a token is accepted", "a post needs a token"),
  ("any-token", "any bearer token is accepted", "a forged token is refused"),
  ("missing-200", "an unknown post answers 200 with null", "a missing post is 404"),
],
},
{
"title": "Blog API, stage 2: ownership and comments",
"prompt": """
Stage 2 of the blog capstone: only the author of a post may change or delete it, and any
author may comment.

| request | answer |
|---|---|
| `PUT /posts/{id}` `{"title", "body"}` with a token | `200` and the new version; another author's token: `403`; no token: `401` |
| `DELETE /posts/{id}` with a token | `204`, then `GET` answers `404`; another author: `403` |
| `POST /posts/{id}/comments` `{"body"}` with a token | `201`, `{"id", "post_id", "author_id", "body", "created_at"}`; no such post: `404`; an empty body: `400` or `422` |
| `GET /posts/{id}/comments` | `200`, a JSON array of the post's comments, oldest first |
""",
"hints": [
  "Order matters: first who is calling (no or unknown token: 401), then does the post exist (404), then may this caller change it (403).",
  "403 means: I know who you are, and you may not. 401 means: I do not know who you are.",
  "Keep comments in a list per post id; answer 404 for a comment on a post id you do not have.",
],
"explanation": """
Authentication (who are you: 401) and authorisation (may you do this: 403) are separate checks,
made in that order. A comment belongs to the post and to the author whose token sent it; the
server decides both, never the body of the request.
""",
"steps": [
 {"name": "register a second author", "essential": True, "body": '''
request = { method = "POST", path = "/authors", json = { name = "Grace", password = "hopper" } }
asserts = ['status == 201', 'jsonpath "$.id" exists']
captures = { other_id = 'jsonpath "$.id"' }
'''},
 {"name": "the second author logs in", "essential": True, "body": '''
request = { method = "POST", path = "/tokens", json = { author_id = "{{other_id}}", password = "hopper" } }
asserts = ['status in [200, 201]', 'jsonpath "$.token" isString']
captures = { other_token = 'jsonpath "$.token"' }
'''},
 {"name": "another author cannot edit", "essential": True, "body": '''
request = { method = "PUT", path = "/posts/{{post_id}}", headers = { Authorization = "Bearer {{other_token}}" }, json = { title = "Taken over", body = "Not mine to change." } }
asserts = [
  { q = 'status', p = '== 403', hint = "The token is valid but belongs to someone else: 403 Forbidden.", rfc = "9110#15.5.4" },
]
'''},
 {"name": "editing needs a token", "body": '''
request = { method = "PUT", path = "/posts/{{post_id}}", json = { title = "Anonymous edit", body = "No token." } }
asserts = [ { q = 'status', p = '== 401', hint = "No token at all is 401, before any question of ownership." } ]
'''},
 {"name": "the author edits", "essential": True, "body": '''
request = { method = "PUT", path = "/posts/{{post_id}}", headers = { Authorization = "Bearer {{token}}" }, json = { title = "Hello, again", body = "Edited." } }
asserts = [
  { q = 'status', p = '== 200', hint = "The author may replace the post: 200 and the new version." },
  'jsonpath "$.title" == "Hello, again"',
]
'''},
 {"name": "the edit is stored", "body": '''
request = { method = "GET", path = "/posts/{{post_id}}" }
asserts = ['status == 200', 'jsonpath "$.title" == "Hello, again"', 'jsonpath "$.body" == "Edited."']
'''},
 {"name": "comment on the post", "essential": True, "body": '''
request = { method = "POST", path = "/posts/{{post_id}}/comments", headers = { Authorization = "Bearer {{other_token}}" }, json = { body = "Nice post!" } }
asserts = [
  { q = 'status', p = '== 201', hint = "A new comment answers 201 Created." },
  'jsonpath "$.id" exists',
  'jsonpath "$.post_id" == "{{post_id}}"',
  { q = 'jsonpath "$.author_id"', p = '== "{{other_id}}"', hint = "The comment's author is the owner of the token that sent it." },
  'jsonpath "$.body" == "Nice post!"',
]
'''},
 {"name": "a comment needs a body", "body": '''
request = { method = "POST", path = "/posts/{{post_id}}/comments", headers = { Authorization = "Bearer {{other_token}}" }, json = { body = "" } }
asserts = [ { q = 'status', p = 'in [400, 422]', hint = "An empty comment is refused: 400 or 422." } ]
'''},
 {"name": "comment on a missing post", "body": '''
request = { method = "POST", path = "/posts/987654321/comments", headers = { Authorization = "Bearer {{other_token}}" }, json = { body = "Hello?" } }
asserts = [ { q = 'status', p = '== 404', hint = "There is no post 987654321 to comment on: 404." } ]
'''},
 {"name": "list the comments", "essential": True, "body": '''
request = { method = "GET", path = "/posts/{{post_id}}/comments" }
asserts = [
  'status == 200',
  { q = 'jsonpath "$"', p = 'isList', hint = "GET /posts/{id}/comments answers a JSON array." },
  'jsonpath "$" count == 1',
  'jsonpath "$[0].body" == "Nice post!"',
]
'''},
 {"name": "another author cannot delete", "body": '''
request = { method = "DELETE", path = "/posts/{{post_id}}", headers = { Authorization = "Bearer {{other_token}}" } }
asserts = [ { q = 'status', p = '== 403', hint = "Only the author may delete a post." } ]
'''},
 {"name": "the author deletes", "body": '''
request = { method = "DELETE", path = "/posts/{{post_id}}", headers = { Authorization = "Bearer {{token}}" } }
asserts = [ { q = 'status', p = '== 204', hint = "A delete that worked answers 204 No Content.", rfc = "9110#15.3.5" } ]
'''},
 {"name": "deleted means gone", "body": '''
request = { method = "GET", path = "/posts/{{post_id}}" }
asserts = [ { q = 'status', p = '== 404', hint = "After DELETE the post must be gone: 404." } ]
'''},
],
"bugs": [
  ("no-auth", "a stage-1 regression: a post without a token is accepted", "stage 1: a post needs a token"),
  ("edit-anyone", "any author may edit any post", "another author cannot edit"),
  ("orphan-comment", "a comment on a missing post is created", "comment on a missing post"),
  ("delete-keeps", "DELETE answers 204 but keeps the post", "deleted means gone"),
],
},
{
"title": "Blog API, stage 3: pagination",
"prompt": """
Stage 3 of the blog capstone: list an author's posts a page at a time.

| request | answer |
|---|---|
| `GET /posts?author={id}&page=N&limit=M` | `200`, `{"items": [...], "page", "limit", "total"}`: posts oldest first, `page` counts from 1, `limit` defaults to 10, `total` counts every matching post |
| a page past the end | `200` with `"items": []` |
| `limit` below 1 or above 100, `page` below 1 | `400` |
""",
"hints": [
  "Filter first (author), sort by creation order, then slice: items = posts[(page - 1) * limit : page * limit].",
  "total is the number of posts that match the filter, before slicing.",
  "Parse page and limit as integers; anything that is not a whole number in range is the client's mistake: 400.",
],
"explanation": """
Offset pagination (`page` and `limit`) is easy to build and easy to use: the envelope says
where the client is (`page`, `limit`) and how far there is to go (`total`). A page past the end
is not an error, just an empty page, and bounds on `limit` stop one request from asking for the
whole table.
""",
"steps": [
 {"name": "a third author for a clean list", "body": '''
request = { method = "POST", path = "/authors", json = { name = "Lin", password = "pages" } }
asserts = ['status == 201']
captures = { lin_id = 'jsonpath "$.id"' }
'''},
 {"name": "Lin logs in", "body": '''
request = { method = "POST", path = "/tokens", json = { author_id = "{{lin_id}}", password = "pages" } }
asserts = ['status in [200, 201]']
captures = { lin_token = 'jsonpath "$.token"' }
'''},
 {"name": "post 1", "body": '''
request = { method = "POST", path = "/posts", headers = { Authorization = "Bearer {{lin_token}}" }, json = { title = "Post 1", body = "one" } }
asserts = ['status == 201']
'''},
 {"name": "post 2", "body": '''
request = { method = "POST", path = "/posts", headers = { Authorization = "Bearer {{lin_token}}" }, json = { title = "Post 2", body = "two" } }
asserts = ['status == 201']
'''},
 {"name": "post 3", "body": '''
request = { method = "POST", path = "/posts", headers = { Authorization = "Bearer {{lin_token}}" }, json = { title = "Post 3", body = "three" } }
asserts = ['status == 201']
'''},
 {"name": "the first page", "body": '''
request = { method = "GET", path = "/posts", query = { author = "{{lin_id}}", limit = "2" } }
asserts = [
  { q = 'status', p = '== 200', hint = "GET /posts?author=ID&limit=2 answers 200 with a page of posts." },
  { q = 'jsonpath "$.items"', p = 'isList', hint = "The page is an object: {\\"items\\": [...], \\"page\\": 1, \\"limit\\": 2, \\"total\\": 3}." },
  'jsonpath "$.items" count == 2',
  { q = 'jsonpath "$.items[0].title"', p = '== "Post 1"', hint = "Oldest first, and page 1 starts at the first post." },
  'jsonpath "$.items[1].title" == "Post 2"',
  'jsonpath "$.page" == 1',
  'jsonpath "$.limit" == 2',
  { q = 'jsonpath "$.total"', p = '== 3', hint = "total counts every post of this author, not just the ones on this page." },
]
'''},
 {"name": "the second page", "body": '''
request = { method = "GET", path = "/posts", query = { author = "{{lin_id}}", limit = "2", page = "2" } }
asserts = [
  'status == 200',
  'jsonpath "$.items" count == 1',
  'jsonpath "$.items[0].title" == "Post 3"',
  'jsonpath "$.page" == 2',
  'jsonpath "$.total" == 3',
]
'''},
 {"name": "a page past the end is empty", "body": '''
request = { method = "GET", path = "/posts", query = { author = "{{lin_id}}", limit = "2", page = "5" } }
asserts = [
  { q = 'status', p = '== 200', hint = "A page past the end is not an error: 200 with an empty list." },
  'jsonpath "$.items" isEmpty',
  'jsonpath "$.total" == 3',
]
'''},
 {"name": "the default limit is 10", "body": '''
request = { method = "GET", path = "/posts", query = { author = "{{lin_id}}" } }
asserts = ['status == 200', 'jsonpath "$.items" count == 3', 'jsonpath "$.limit" == 10', 'jsonpath "$.page" == 1']
'''},
 {"name": "a limit out of range is refused", "body": '''
request = { method = "GET", path = "/posts", query = { author = "{{lin_id}}", limit = "1000" } }
asserts = [ { q = 'status', p = '== 400', hint = "limit above 100 is refused with 400, so nobody can ask for the whole table at once." } ]
'''},
 {"name": "a limit of zero is refused", "body": '''
request = { method = "GET", path = "/posts", query = { author = "{{lin_id}}", limit = "0" } }
asserts = [ { q = 'status', p = '== 400', hint = "limit below 1 makes no sense: 400." } ]
'''},
],
"bugs": [
  ("edit-anyone", "a stage-2 regression: any author may edit any post", "stage 2: another author cannot edit"),
  ("no-auth", "a stage-1 regression: a post without a token is accepted", "stage 1: a post needs a token"),
  ("page-from-0", "page 1 skips the first `limit` posts", "the first page"),
  ("no-limit-check", "limit=1000 is accepted", "a limit out of range is refused"),
],
},
]
