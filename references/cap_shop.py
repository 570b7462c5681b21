"""Reference server for the shop capstone (cap.shop-1, -2, -3), standard library only.

    python3 references/cap_shop.py [PORT] [--bug NAME]

Products with stock, carts with totals, orders that take stock all-or-nothing, cancellations,
in memory. Every order takes one lock around check-and-take, so concurrent orders can never
push stock below zero. `--bug NAME` breaks one behaviour on purpose, so `backroad course test`
can show that each stage catches it at the step that names it:

    negative-stock-ok  a product with stock -1 is accepted      -> "stock cannot be negative"
                       (stages 2 and 3: "stage 1: stock cannot be negative")
    missing-200        an unknown product answers 200           -> "an unknown product is 404"
    quantity-adds      PUT of a cart line adds to the quantity  -> "set the quantity"
                       (stage 3: "stage 2: set the quantity")
    stale-total        the total ignores removed lines          -> "remove a line"
    oversell           orders do not check stock                -> "not enough stock"
    partial-order      lines with stock are taken even when
                       another line fails                       -> "nothing was taken"
    reorder-cart       an ordered cart can be ordered again     -> "a cart is ordered once"
    cancel-keeps-stock a cancelled order keeps its stock        -> "cancelling puts stock back"
    no-lock            no lock around check-and-take, with a pause between them: sequential
                       checks pass, concurrent orders oversell (see docs/proposals/concurrent-steps.md)
"""

import json
import re
import sys
import threading
import time
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

BUGS = {"negative-stock-ok", "missing-200", "quantity-adds", "stale-total", "oversell",
        "partial-order", "reorder-cart", "cancel-keeps-stock", "no-lock"}
bug = None

lock = threading.Lock()
products, carts, orders = {}, {}, {}
counter = {"product": 0, "cart": 0, "order": 0}


class NoLock:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def next_id(kind):
    counter[kind] += 1
    return counter[kind]


def whole(value, least=0):
    return isinstance(value, int) and not isinstance(value, bool) and value >= least


def now():
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def cart_view(cart):
    items = []
    total = 0
    for pid, qty in cart["lines"].items():
        price = products[pid]["price_cents"]
        items.append({"product_id": pid, "quantity": qty, "price_cents": price,
                      "line_cents": price * qty})
        total += price * qty
    if bug == "stale-total":
        total = max(total, cart.get("_peak", 0))
        cart["_peak"] = total
    return {"id": cart["id"], "items": items, "total_cents": total, "ordered": cart["ordered"]}


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
        path = urlsplit(self.path).path.rstrip("/") or "/"
        method = "GET" if self.command == "HEAD" else self.command
        routes = [
            ("POST", r"/products", self.add_product),
            ("GET", r"/products/(\d+)", self.get_product),
            ("PATCH", r"/products/(\d+)", self.patch_product),
            ("POST", r"/carts", self.new_cart),
            ("GET", r"/carts/(\d+)", self.get_cart),
            ("PUT", r"/carts/(\d+)/items/(\d+)", self.set_line),
            ("POST", r"/orders", self.place_order),
            ("GET", r"/orders/(\d+)", self.get_order),
            ("POST", r"/orders/(\d+)/cancel", self.cancel_order),
        ]
        known = False
        for verb, pattern, handler in routes:
            m = re.fullmatch(pattern, path)
            if m:
                known = True
                if verb == method:
                    guard = NoLock() if bug == "no-lock" else lock
                    with guard:
                        return handler(*[int(g) for g in m.groups()])
        if known:
            return self.error(405, f"{self.command} is not allowed on {path}")
        self.error(404, f"no route for {self.command} {path}")

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = handle_any

    # stage 1
    def add_product(self):
        data = self.json_body()
        if data is None:
            return self.error(400, "the body must be a JSON object")
        name, price, stock = data.get("name"), data.get("price_cents"), data.get("stock")
        if not isinstance(name, str) or not name.strip():
            return self.error(422, "name is required")
        if not whole(price) or not whole(stock, -10**9 if bug == "negative-stock-ok" else 0):
            return self.error(422, "price_cents and stock must be whole numbers, 0 or more")
        product = {"id": next_id("product"), "name": name.strip(), "price_cents": price,
                   "stock": stock}
        products[product["id"]] = product
        self.send(201, product, [("Location", f"/products/{product['id']}")])

    def get_product(self, pid):
        if pid not in products:
            if bug == "missing-200":
                return self.send(200, {})
            return self.error(404, "no such product")
        self.send(200, products[pid])

    def patch_product(self, pid):
        product = products.get(pid)
        if product is None:
            return self.error(404, "no such product")
        data = self.json_body()
        if data is None:
            return self.error(400, "the body must be a JSON object")
        for field in ("price_cents", "stock"):
            if field in data and not whole(data[field]):
                return self.error(422, f"{field} must be a whole number, 0 or more")
        for field in ("price_cents", "stock"):
            if field in data:
                product[field] = data[field]
        self.send(200, product)

    # stage 2
    def new_cart(self):
        cart = {"id": next_id("cart"), "lines": {}, "ordered": False}
        carts[cart["id"]] = cart
        self.send(201, cart_view(cart), [("Location", f"/carts/{cart['id']}")])

    def get_cart(self, cid):
        if cid not in carts:
            return self.error(404, "no such cart")
        self.send(200, cart_view(carts[cid]))

    def set_line(self, cid, pid):
        cart = carts.get(cid)
        if cart is None:
            return self.error(404, "no such cart")
        if pid not in products:
            return self.error(404, "no such product")
        if cart["ordered"]:
            return self.error(409, "this cart was ordered and can no longer change")
        data = self.json_body()
        if data is None:
            return self.error(400, "the body must be a JSON object")
        qty = data.get("quantity")
        if not whole(qty):
            return self.error(422, "quantity must be a whole number, 0 or more")
        if bug == "quantity-adds":
            qty += cart["lines"].get(pid, 0)
        if qty == 0:
            cart["lines"].pop(pid, None)
        else:
            cart["lines"][pid] = qty
        self.send(200, cart_view(cart))

    # stage 3
    def place_order(self):
        data = self.json_body()
        if data is None:
            return self.error(400, "the body must be a JSON object")
        cart = carts.get(data.get("cart_id"))
        if cart is None:
            return self.error(422, "cart_id must name an existing cart")
        if cart["ordered"] and bug != "reorder-cart":
            return self.error(409, "this cart was already ordered")
        if not cart["lines"]:
            return self.error(422, "the cart is empty")
        short = [pid for pid, qty in cart["lines"].items() if products[pid]["stock"] < qty]
        if bug == "no-lock":
            time.sleep(0.05)  # widen the gap between check and take, as a slow database would
        if short and bug not in ("oversell", "partial-order"):
            return self.error(409, f"not enough stock for product {short[0]}")
        for pid, qty in cart["lines"].items():
            if bug == "partial-order" and pid in short:
                continue
            products[pid]["stock"] -= qty
        if short and bug == "partial-order":
            return self.error(409, f"not enough stock for product {short[0]}")
        view = cart_view(cart)
        cart["ordered"] = True
        order = {"id": next_id("order"), "cart_id": cart["id"], "status": "placed",
                 "items": view["items"], "total_cents": view["total_cents"], "created_at": now()}
        orders[order["id"]] = order
        self.send(201, order, [("Location", f"/orders/{order['id']}")])

    def get_order(self, oid):
        if oid not in orders:
            return self.error(404, "no such order")
        self.send(200, orders[oid])

    def cancel_order(self, oid):
        order = orders.get(oid)
        if order is None:
            return self.error(404, "no such order")
        if order["status"] == "cancelled":
            return self.error(409, "this order is already cancelled")
        order["status"] = "cancelled"
        if bug != "cancel-keeps-stock":
            for line in order["items"]:
                products[line["product_id"]]["stock"] += line["quantity"]
        self.send(200, order)


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
    print(f"shop reference on http://127.0.0.1:{port}" + (f" with bug {bug}" if bug else ""),
          flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
