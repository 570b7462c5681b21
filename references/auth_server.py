"""Reference server for build.auth (Python standard library only).

Passwords are stored as scrypt hashes with a random salt per user; tokens are HS256 JWTs
that expire after an hour, signed with a key made up at start.
Run: python3 references/auth_server.py PORT [--bug NAME]
"""

import base64
import hashlib
import hmac
import json
import secrets
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

BUGS = {
    "register-200",    # answers 200 instead of 201 on register
    "no-409",          # registers a taken username again
    "short-password",  # accepts a password under 8 characters
    "any-password",    # logs in with any password
    "me-without-token",  # GET /me answers 200 with no token at all
    "token-not-checked", # accepts any Bearer token, without checking its signature
}

users = {}              # username -> (salt, hash)
lock = threading.Lock()
KEY = secrets.token_bytes(32)
bug = None


def hash_password(password, salt):
    return hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1)


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def make_token(username):
    header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    claims = b64(json.dumps({"sub": username, "exp": int(time.time()) + 3600}).encode())
    signed = header + "." + claims
    signature = hmac.new(KEY, signed.encode(), hashlib.sha256).digest()
    return signed + "." + b64(signature)


def check_token(token):
    """The username a token was issued to, or None."""
    try:
        header, claims, signature = token.split(".")
        payload = json.loads(unb64(claims))
        if bug == "token-not-checked":
            return payload.get("sub", "someone")
        expected = hmac.new(KEY, (header + "." + claims).encode(), hashlib.sha256).digest()
        if not hmac.compare_digest(expected, unb64(signature)):
            return None
        if payload["exp"] < time.time():
            return None
        return payload["sub"]
    except (ValueError, KeyError, TypeError):
        return "someone" if bug == "token-not-checked" else None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body, headers=None):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def credentials(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            data = json.loads(raw)
        except ValueError:
            return None, None
        if not isinstance(data, dict):
            return None, None
        username, password = data.get("username"), data.get("password")
        if not isinstance(username, str) or not isinstance(password, str) or not username:
            return None, None
        return username, password

    def do_POST(self):
        path = urlsplit(self.path).path
        if path == "/register":
            return self.register()
        if path == "/login":
            return self.login()
        self.send(404, {"error": "not found"})

    def register(self):
        username, password = self.credentials()
        if username is None:
            return self.send(400, {"error": "send {\"username\": ..., \"password\": ...}"})
        if len(password) < 8 and bug != "short-password":
            return self.send(422, {"error": "password must be at least 8 characters"})
        salt = secrets.token_bytes(16)
        with lock:
            if username in users and bug != "no-409":
                return self.send(409, {"error": "that username is taken"})
            users[username] = (salt, hash_password(password, salt))
        self.send(200 if bug == "register-200" else 201, {"username": username})

    def login(self):
        username, password = self.credentials()
        if username is None:
            return self.send(400, {"error": "send {\"username\": ..., \"password\": ...}"})
        with lock:
            stored = users.get(username)
        # Hash even for an unknown user, so both failures take the same time.
        salt, expected = stored or (b"0" * 16, b"")
        ok = hmac.compare_digest(hash_password(password, salt), expected)
        if stored and (ok or bug == "any-password"):
            return self.send(200, {"token": make_token(username)})
        self.send(401, {"error": "wrong username or password"},
                  {"WWW-Authenticate": 'Bearer realm="auth"'})

    def do_GET(self):
        if urlsplit(self.path).path != "/me":
            return self.send(404, {"error": "not found"})
        auth = self.headers.get("Authorization", "")
        username = None
        if auth.startswith("Bearer "):
            username = check_token(auth[len("Bearer "):].strip())
        elif bug == "me-without-token" and not auth:
            username = "nobody"
        if username is None:
            return self.send(401, {"error": "send Authorization: Bearer <token>"},
                             {"WWW-Authenticate": 'Bearer realm="auth"'})
        self.send(200, {"username": username})


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
