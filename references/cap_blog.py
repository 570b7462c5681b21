"""Reference server for the blog capstone (cap.blog-1, -2, -3), standard library only.

    python3 references/cap_blog.py [PORT] [--bug NAME]

Authors, bearer tokens, posts, comments and pagination, kept in memory behind one lock.
`--bug NAME` breaks one behaviour on purpose, so `backroad course test` can show that each
stage catches it at the step that names it:

    password-echo   the created author carries the password        -> "register an author"
    no-auth         a post without a token is accepted             -> "a post needs a token"
                    (stages 2 and 3 catch it again at "stage 1: a post needs a token")
    any-token       any bearer token is accepted                   -> "a forged token is refused"
    missing-200     an unknown post answers 200 with null          -> "a missing post is 404"
    edit-anyone     any author may edit any post                   -> "another author cannot edit"
                    (stage 3 catches it again at "stage 2: another author cannot edit")
    orphan-comment  a comment on a missing post is created         -> "comment on a missing post"
    delete-keeps    DELETE answers 204 but keeps the post          -> "deleted means gone"
    page-from-0     page 1 skips the first `limit` posts           -> "the first page"
    no-limit-check  limit=0 and limit=1000 are accepted            -> "a limit out of range is refused"
"""

import json
import re
import secrets
import sys
import threading
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

BUGS = {"password-echo", "no-auth", "any-token", "missing-200", "edit-anyone",
        "orphan-comment", "delete-keeps", "page-from-0", "no-limit-check"}
bug = None

lock = threading.Lock()
authors = {}   # id -> {"id", "name", "password"}
tokens = {}    # token -> author id
posts = {}     # id -> post
comments = {}  # post id -> [comment]
counter = {"author": 0, "post": 0, "comment": 0}


def now():
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def next_id(kind):
    counter[kind] += 1
    return counter[kind]


def text(value):
    """A non-empty string, or None."""
    return value.strip() if isinstance(value, str) and value.strip() else None


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

    def error(self, status, message, headers=()):
        self.send(status, {"error": message}, headers)

    def body(self):
        try:
            data = json.loads(self.raw or b"{}")
        except ValueError:
            return None
        return data if isinstance(data, dict) else None

    def caller(self):
        """The author id behind the bearer token, or None."""
        auth = self.headers.get("Authorization", "")
        if not auth.startswith("Bearer "):
            return None
        token = auth[len("Bearer "):].strip()
        if bug == "any-token" and token:
            return next(iter(authors), None)
        return tokens.get(token)

    def unauthorised(self):
        self.error(401, "send Authorization: Bearer <token> (POST /tokens gives one)",
                   [("WWW-Authenticate", 'Bearer realm="blog"')])

    def handle_any(self):
        # Read the whole body first, even for requests refused before looking at it: on a
        # kept-alive connection, unread bytes would be taken for the start of the next request.
        length = int(self.headers.get("Content-Length") or 0)
        self.raw = self.rfile.read(length) if length else b""
        url = urlsplit(self.path)
        path = url.path.rstrip("/") or "/"
        query = {k: v[-1] for k, v in parse_qs(url.query).items()}
        method = "GET" if self.command == "HEAD" else self.command
        routes = [
            ("POST", r"/authors", self.create_author),
            ("POST", r"/tokens", self.create_token),
            ("POST", r"/posts", self.create_post),
            ("GET", r"/posts", self.list_posts),
            ("GET", r"/posts/(\d+)", self.get_post),
            ("PUT", r"/posts/(\d+)", self.edit_post),
            ("DELETE", r"/posts/(\d+)", self.delete_post),
            ("POST", r"/posts/(\d+)/comments", self.create_comment),
            ("GET", r"/posts/(\d+)/comments", self.list_comments),
        ]
        known = False
        for verb, pattern, handler in routes:
            m = re.fullmatch(pattern, path)
            if m:
                known = True
                if verb == method:
                    with lock:
                        return handler(query, *[int(g) for g in m.groups()])
        if known:
            return self.error(405, f"{self.command} is not allowed on {path}")
        self.error(404, f"no route for {self.command} {path}")

    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = handle_any

    # stage 1
    def create_author(self, query):
        data = self.body()
        if data is None:
            return self.error(400, "the body must be a JSON object")
        name, password = text(data.get("name")), text(data.get("password"))
        if not name or not password:
            return self.error(422, "name and password are required")
        author = {"id": next_id("author"), "name": name, "password": password}
        authors[author["id"]] = author
        shown = {"id": author["id"], "name": name}
        if bug == "password-echo":
            shown["password"] = password
        self.send(201, shown, [("Location", f"/authors/{author['id']}")])

    def create_token(self, query):
        data = self.body()
        if data is None:
            return self.error(400, "the body must be a JSON object")
        author = authors.get(data.get("author_id"))
        if not author or author["password"] != data.get("password"):
            return self.error(401, "unknown author or wrong password")
        token = secrets.token_urlsafe(24)
        tokens[token] = author["id"]
        self.send(201, {"token": token, "author_id": author["id"]})

    def create_post(self, query):
        author_id = self.caller()
        if author_id is None and bug != "no-auth":
            return self.unauthorised()
        data = self.body()
        if data is None:
            return self.error(400, "the body must be a JSON object")
        title, body = text(data.get("title")), text(data.get("body"))
        if not title or not body:
            return self.error(422, "title and body are required")
        post = {"id": next_id("post"), "title": title, "body": body,
                "author_id": author_id, "created_at": now()}
        posts[post["id"]] = post
        comments[post["id"]] = []
        self.send(201, post, [("Location", f"/posts/{post['id']}")])

    def get_post(self, query, post_id):
        post = posts.get(post_id)
        if post is None:
            if bug == "missing-200":
                return self.send(200, None)
            return self.error(404, "no such post")
        self.send(200, post)

    # stage 2
    def owned_post(self, post_id):
        """The post if the caller wrote it; otherwise answers and returns None."""
        author_id = self.caller()
        if author_id is None:
            self.unauthorised()
            return None
        post = posts.get(post_id)
        if post is None:
            self.error(404, "no such post")
            return None
        if post["author_id"] != author_id and bug != "edit-anyone":
            self.error(403, "only the author of a post may change it")
            return None
        return post

    def edit_post(self, query, post_id):
        post = self.owned_post(post_id)
        if post is None:
            return
        data = self.body()
        if data is None:
            return self.error(400, "the body must be a JSON object")
        title, body = text(data.get("title")), text(data.get("body"))
        if not title or not body:
            return self.error(422, "title and body are required")
        post.update(title=title, body=body, updated_at=now())
        self.send(200, post)

    def delete_post(self, query, post_id):
        post = self.owned_post(post_id)
        if post is None:
            return
        if bug != "delete-keeps":
            del posts[post_id]
            comments.pop(post_id, None)
        self.send(204)

    def create_comment(self, query, post_id):
        author_id = self.caller()
        if author_id is None:
            return self.unauthorised()
        if post_id not in posts and bug != "orphan-comment":
            return self.error(404, "no such post")
        data = self.body()
        if data is None:
            return self.error(400, "the body must be a JSON object")
        body = text(data.get("body"))
        if not body:
            return self.error(422, "body is required")
        comment = {"id": next_id("comment"), "post_id": post_id, "author_id": author_id,
                   "body": body, "created_at": now()}
        comments.setdefault(post_id, []).append(comment)
        self.send(201, comment, [("Location", f"/posts/{post_id}/comments/{comment['id']}")])

    def list_comments(self, query, post_id):
        if post_id not in posts:
            return self.error(404, "no such post")
        self.send(200, comments[post_id])

    # stage 3
    def list_posts(self, query):
        try:
            page = int(query.get("page", "1"))
            limit = int(query.get("limit", "10"))
        except ValueError:
            return self.error(400, "page and limit must be integers")
        if page < 1 or ((limit < 1 or limit > 100) and bug != "no-limit-check"):
            return self.error(400, "page must be 1 or more, limit between 1 and 100")
        chosen = [p for p in posts.values()
                  if "author" not in query or str(p["author_id"]) == query["author"]]
        chosen.sort(key=lambda p: p["id"])
        start = (page if bug == "page-from-0" else page - 1) * max(limit, 0)
        self.send(200, {"items": chosen[start:start + max(limit, 0)], "page": page,
                        "limit": limit, "total": len(chosen)})


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
    print(f"blog reference on http://127.0.0.1:{port}" + (f" with bug {bug}" if bug else ""),
          flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
