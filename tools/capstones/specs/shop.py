PHASE = "18-cap-shop"
SLUG = "shop"
REF = "cap_shop.py"

def put(cart, prod, qty, extra=""):
    return f'request = {{ method = "PUT", path = "/carts/{{{{{cart}}}}}/items/{{{{{prod}}}}}", json = {{ quantity = {qty} }} }}'

def product(name, price, stock, cap):
    return {"name": f"a product: {name}", "body": f'''
request = {{ method = "POST", path = "/products", json = {{ name = "{name}", price_cents = {price}, stock = {stock} }} }}
asserts = ['status == 201']
captures = {{ {cap} = 'jsonpath "$.id"' }}
'''}

def cart(cap, label):
    return {"name": label, "body": f'''
request = {{ method = "POST", path = "/carts" }}
asserts = ['status == 201']
captures = {{ {cap} = 'jsonpath "$.id"' }}
'''}

def line(cartv, prod, qty, label):
    return {"name": label, "body": put(cartv, prod, qty) + "\nasserts = ['status == 200']\n"}

def stock(prod, n, label, hint):
    return {"name": label, "body": f'''
request = {{ method = "GET", path = "/products/{{{{{prod}}}}}" }}
asserts = ['status == 200', {{ q = 'jsonpath "$.stock"', p = '== {n}', hint = "{hint}" }}]
'''}

STAGES = [
{
"title": "Shop, stage 1: products and stock",
"prompt": """
Stage 1 of the shop capstone (the brief is the lesson *Capstone: a shop with carts and orders*).

| request | answer |
|---|---|
| `POST /products` `{"name", "price_cents", "stock"}` | `201`, `{"id", "name", "price_cents", "stock"}` and `Location` |
| `price_cents` or `stock` not a whole number, or below 0; no name | `400` or `422` |
| `GET /products/{id}` | `200` and the product; `404` when there is none |
| `PATCH /products/{id}` with `price_cents` and/or `stock` | `200`, the product with those fields changed; a bad value: `400` or `422`, nothing changed |

Start from `backroad starter cap.shop-1 --lang python` (or `typescript`).
""",
"hints": [
  "Prices are whole cents (an integer), never a float such as 9.99: floats cannot add money exactly.",
  "Validate every field before you change anything, so a PATCH with one bad field changes nothing.",
  "In Python, check integers with isinstance(x, int) and not isinstance(x, bool); in JavaScript, Number.isInteger(x).",
],
"explanation": """
Money as integer cents and stock as a non-negative integer are the two invariants the rest of
the shop stands on. Refusing a negative stock at the door is the first line of the promise the
last stage makes: stock never goes below zero.
""",
"steps": [
 {"name": "add a product", "essential": True, "body": '''
request = { method = "POST", path = "/products", json = { name = "Teapot", price_cents = 2500, stock = 3 } }
asserts = [
  { q = 'status', p = '== 201', hint = "Adding a product answers 201 Created." },
  'jsonpath "$.id" exists',
  'jsonpath "$.name" == "Teapot"',
  { q = 'jsonpath "$.price_cents"', p = '== 2500', hint = "Echo price_cents as an integer number of cents." },
  'jsonpath "$.stock" == 3',
  { q = 'header "Location"', p = 'exists', hint = "Location: /products/{id}." },
]
captures = { product_id = 'jsonpath "$.id"' }
'''},
 {"name": "stock cannot be negative", "essential": True, "body": '''
request = { method = "POST", path = "/products", json = { name = "Ghost", price_cents = 100, stock = -1 } }
asserts = [ { q = 'status', p = 'in [400, 422]', hint = "Stock below 0 is refused: 400 or 422." } ]
'''},
 {"name": "a price is whole cents", "body": '''
request = { method = "POST", path = "/products", json = { name = "Cup", price_cents = 9.99, stock = 1 } }
asserts = [ { q = 'status', p = 'in [400, 422]', hint = "price_cents is an integer; 9.99 is refused (send 999 cents)." } ]
'''},
 {"name": "fetch the product", "essential": True, "body": '''
request = { method = "GET", path = "/products/{{product_id}}" }
asserts = ['status == 200', 'jsonpath "$.id" == "{{product_id}}"', 'jsonpath "$.stock" == 3']
'''},
 {"name": "an unknown product is 404", "body": '''
request = { method = "GET", path = "/products/987654321" }
asserts = [ { q = 'status', p = '== 404', hint = "No product with that id: 404." } ]
'''},
 {"name": "restock with PATCH", "body": '''
request = { method = "PATCH", path = "/products/{{product_id}}", json = { stock = 10 } }
asserts = [
  { q = 'status', p = '== 200', hint = "PATCH changes the fields sent and answers 200 with the product." },
  'jsonpath "$.stock" == 10',
  { q = 'jsonpath "$.price_cents"', p = '== 2500', hint = "Fields not in the PATCH keep their values." },
]
'''},
 {"name": "a PATCH cannot make stock negative", "body": '''
request = { method = "PATCH", path = "/products/{{product_id}}", json = { stock = -5 } }
asserts = [ { q = 'status', p = 'in [400, 422]', hint = "stock -5 is refused: 400 or 422." } ]
'''},
 {"name": "the refused PATCH changed nothing", "body": '''
request = { method = "GET", path = "/products/{{product_id}}" }
asserts = ['status == 200', 'jsonpath "$.stock" == 10']
'''},
],
"bugs": [
  ("negative-stock-ok", "a product with stock -1 is accepted", "stock cannot be negative"),
  ("missing-200", "an unknown product answers 200", "an unknown product is 404"),
],
},
{
"title": "Shop, stage 2: carts and totals",
"prompt": """
Stage 2 of the shop capstone. A cart holds lines; the server computes the totals. A cart does
not reserve stock: a line may ask for more than there is, and the order decides (stage 3).

| request | answer |
|---|---|
| `POST /carts` | `201`, `{"id", "items": [], "total_cents": 0}` |
| `PUT /carts/{id}/items/{product_id}` `{"quantity"}` | `200`, the cart: the line's quantity is **set** to this (not added); `0` removes the line |
| a quantity that is not a whole number, or below 0 | `400` or `422` |
| an unknown product or cart | `404` |
| `GET /carts/{id}` | `200` and the cart |

A line is `{"product_id", "quantity", "price_cents", "line_cents"}`; `total_cents` is the sum of
the lines.
""",
"hints": [
  "Store only product id -> quantity per cart; compute items and total_cents every time you answer, from the current prices.",
  "PUT is idempotent: sending quantity 3 twice leaves 3, not 6.",
  "quantity 0 deletes the line from the cart, and the total drops with it.",
],
"explanation": """
`PUT /carts/{id}/items/{product_id}` names one line and replaces it, so repeating it is harmless
(RFC 9110 §9.2.2): a client that retries after a timeout cannot double an order line. Computing
totals on the server, from stored prices, means a client cannot send its own price.
""",
"steps": [
 dict(product("Mug", 250, 5, "mug"), essential=True),
 dict(product("Kettle", 1000, 2, "kettle"), essential=True),
 {"name": "a new cart", "essential": True, "body": '''
request = { method = "POST", path = "/carts" }
asserts = [
  { q = 'status', p = '== 201', hint = "POST /carts creates an empty cart: 201." },
  'jsonpath "$.items" isEmpty',
  { q = 'jsonpath "$.total_cents"', p = '== 0', hint = "An empty cart totals 0." },
]
captures = { cart_id = 'jsonpath "$.id"' }
'''},
 {"name": "put two mugs in it", "essential": True, "body": put("cart_id", "mug", 2) + '''
asserts = [
  { q = 'status', p = '== 200', hint = "PUT /carts/{id}/items/{product_id} answers 200 with the whole cart." },
  'jsonpath "$.items" count == 1',
  'jsonpath "$.items[0].quantity" == 2',
  { q = 'jsonpath "$.total_cents"', p = '== 500', hint = "2 mugs at 250 cents: total_cents 500." },
]
'''},
 {"name": "add a kettle", "essential": True, "body": put("cart_id", "kettle", 1) + '''
asserts = ['status == 200', 'jsonpath "$.items" count == 2', { q = 'jsonpath "$.total_cents"', p = '== 1500', hint = "500 + 1000 = 1500." }]
'''},
 {"name": "set the quantity", "essential": True, "body": put("cart_id", "mug", 3) + '''
asserts = [
  'status == 200',
  { q = 'jsonpath "$.total_cents"', p = '== 1750', hint = "PUT sets the quantity to 3 (not 2 + 3): 3 x 250 + 1000 = 1750." },
]
'''},
 {"name": "remove a line", "body": put("cart_id", "kettle", 0) + '''
asserts = [
  'status == 200',
  { q = 'jsonpath "$.items" count', p = '== 1', hint = "quantity 0 removes the line." },
  { q = 'jsonpath "$.total_cents"', p = '== 750', hint = "Without the kettle: 3 x 250 = 750." },
]
'''},
 {"name": "a quantity cannot be negative", "body": put("cart_id", "mug", -1) + '''
asserts = [ { q = 'status', p = 'in [400, 422]', hint = "quantity -1 is refused: 400 or 422." } ]
'''},
 {"name": "an unknown product cannot go in a cart", "body": '''
request = { method = "PUT", path = "/carts/{{cart_id}}/items/987654321", json = { quantity = 1 } }
asserts = [ { q = 'status', p = '== 404', hint = "No such product: 404." } ]
'''},
 {"name": "read the cart", "body": '''
request = { method = "GET", path = "/carts/{{cart_id}}" }
asserts = ['status == 200', 'jsonpath "$.total_cents" == 750', 'jsonpath "$.items[0].line_cents" == 750']
'''},
 {"name": "an unknown cart is 404", "body": '''
request = { method = "GET", path = "/carts/987654321" }
asserts = [ { q = 'status', p = '== 404', hint = "No cart with that id: 404." } ]
'''},
],
"bugs": [
  ("negative-stock-ok", "a stage-1 regression: a product with stock -1 is accepted", "stage 1: stock cannot be negative"),
  ("quantity-adds", "PUT adds to the quantity instead of setting it", "set the quantity"),
  ("stale-total", "the total ignores removed lines", "remove a line"),
],
},
{
"title": "Shop, stage 3: orders that never oversell",
"prompt": """
Stage 3 of the shop capstone: orders take stock, all or nothing, and stock never goes below
zero, not even when orders arrive at the same moment.

| request | answer |
|---|---|
| `POST /orders` `{"cart_id"}` | `201`, `{"id", "cart_id", "status": "placed", "items", "total_cents"}`; every line's stock goes down |
| any line short of stock | `409`, and no stock changes at all |
| a cart already ordered | `409` |
| an empty cart | `400` or `422`; an unknown cart: `404` or `422` |
| `GET /orders/{id}` | `200` and the order |
| `POST /orders/{id}/cancel` | `200`, `"status": "cancelled"`, and the stock comes back; a second cancel: `409` |
""",
"hints": [
  "Check every line first, then take stock for every line: never take some and then discover another line is short.",
  "Do check-and-take inside one lock (one transaction in a database), so two orders cannot both see the last item.",
  "Mark the cart as ordered when the order is placed, and refuse a second order of it with 409.",
],
"explanation": """
"Check, then act" is only safe if nothing can happen in between. One lock (or a database
transaction with `UPDATE products SET stock = stock - ? WHERE id = ? AND stock >= ?`) makes the
check and the change one step, so concurrent orders are serialised and stock cannot go negative.
All-or-nothing across lines is the same idea at the scale of one order.
""",
"steps": [
 product("Lamp", 300, 5, "lamp"),
 product("Rug", 100, 1, "rug"),
 cart("first_cart", "a first cart"),
 line("first_cart", "lamp", 3, "3 lamps in the first cart"),
 cart("second_cart", "a second cart"),
 line("second_cart", "lamp", 3, "3 lamps in the second cart too"),
 {"name": "place an order", "body": '''
request = { method = "POST", path = "/orders", json = { cart_id = "{{first_cart}}" } }
asserts = [
  { q = 'status', p = '== 201', hint = "Placing an order answers 201 Created." },
  'jsonpath "$.status" == "placed"',
  { q = 'jsonpath "$.total_cents"', p = '== 900', hint = "3 lamps at 300: 900." },
  'jsonpath "$.cart_id" == "{{first_cart}}"',
]
captures = { order_id = 'jsonpath "$.id"' }
'''},
 stock("lamp", 2, "the order took the stock", "5 lamps, 3 ordered: stock 2."),
 {"name": "not enough stock", "body": '''
request = { method = "POST", path = "/orders", json = { cart_id = "{{second_cart}}" } }
asserts = [ { q = 'status', p = '== 409', hint = "3 lamps wanted, 2 left: 409 Conflict, and nothing is taken.", rfc = "9110#15.5.10" } ]
'''},
 stock("lamp", 2, "the refused order took nothing", "A refused order must not change stock."),
 cart("mixed_cart", "a mixed cart"),
 line("mixed_cart", "lamp", 1, "1 lamp in the mixed cart"),
 line("mixed_cart", "rug", 2, "2 rugs in the mixed cart"),
 {"name": "one short line refuses the whole order", "body": '''
request = { method = "POST", path = "/orders", json = { cart_id = "{{mixed_cart}}" } }
asserts = [ { q = 'status', p = '== 409', hint = "2 rugs wanted, 1 in stock: the whole order is refused." } ]
'''},
 stock("lamp", 2, "nothing was taken", "All or nothing: the lamp line must not be taken when the rug line fails."),
 cart("empty_cart", "an empty cart"),
 {"name": "an empty cart cannot be ordered", "body": '''
request = { method = "POST", path = "/orders", json = { cart_id = "{{empty_cart}}" } }
asserts = [ { q = 'status', p = 'in [400, 422]', hint = "Nothing to order: 400 or 422." } ]
'''},
 {"name": "read the order", "body": '''
request = { method = "GET", path = "/orders/{{order_id}}" }
asserts = ['status == 200', 'jsonpath "$.status" == "placed"', 'jsonpath "$.items[0].quantity" == 3']
'''},
 {"name": "cancel the order", "body": '''
request = { method = "POST", path = "/orders/{{order_id}}/cancel" }
asserts = [ { q = 'status', p = '== 200', hint = "Cancelling answers 200 with the order." }, 'jsonpath "$.status" == "cancelled"' ]
'''},
 stock("lamp", 5, "cancelling puts stock back", "The cancelled order's 3 lamps return to stock: 5."),
 {"name": "a cart is ordered once", "body": '''
request = { method = "POST", path = "/orders", json = { cart_id = "{{first_cart}}" } }
asserts = [ { q = 'status', p = '== 409', hint = "This cart was already ordered: 409, or a double-click buys twice." } ]
'''},
 {"name": "cancel only once", "body": '''
request = { method = "POST", path = "/orders/{{order_id}}/cancel" }
asserts = [ { q = 'status', p = '== 409', hint = "Already cancelled: 409, and the stock must not come back twice." } ]
'''},
 cart("big_cart", "a cart for all five lamps"),
 line("big_cart", "lamp", 5, "5 lamps in it"),
 cart("late_cart", "a cart that arrives late"),
 line("late_cart", "lamp", 1, "1 lamp in it"),
 {"name": "the big order takes the last lamp", "body": '''
request = { method = "POST", path = "/orders", json = { cart_id = "{{big_cart}}" } }
asserts = ['status == 201']
'''},
 {"name": "the late order is refused", "body": '''
request = { method = "POST", path = "/orders", json = { cart_id = "{{late_cart}}" } }
asserts = [ { q = 'status', p = '== 409', hint = "Stock is 0: the order is refused, never accepted into negative stock." } ]
'''},
 stock("lamp", 0, "stock is zero, not negative", "Stock never goes below 0."),
],
"bugs": [
  ("quantity-adds", "a stage-2 regression: PUT adds to the quantity", "stage 2: set the quantity"),
  ("negative-stock-ok", "a stage-1 regression: a product with stock -1 is accepted", "stage 1: stock cannot be negative"),
  ("oversell", "orders do not check stock", "not enough stock"),
  ("reorder-cart", "an ordered cart can be ordered again", "a cart is ordered once"),
  ("partial-order", "lines with stock are taken when another line is short", "nothing was taken"),
  ("cancel-keeps-stock", "a cancelled order keeps its stock", "cancelling puts stock back"),
],
},
]
