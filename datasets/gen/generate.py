#!/usr/bin/env python3
"""Generate the course's sample datasets (shop, blog, library) as plain SQL scripts.

Deterministic: a fixed seed per dataset, so the same rows come out every run.
Run from the pack root:  python3 datasets/gen/generate.py
"""
import random
import datetime as dt
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent

FIRST = ["Anna", "Ben", "Clara", "David", "Elif", "Farid", "Greta", "Hugo", "Ines", "Jonas",
         "Kemal", "Lena", "Marta", "Nico", "Olga", "Pablo", "Queenie", "Rosa", "Sami", "Tara",
         "Umar", "Vera", "Wanda", "Xavier", "Yusuf", "Zoe", "Aiko", "Bruno", "Chen", "Dara",
         "Emil", "Fatima", "Gabriel", "Hana", "Ivan", "Julia", "Kofi", "Laila", "Mateo", "Nora",
         "Oscar", "Priya", "Rafael", "Sofia", "Tomas", "Uma", "Viktor", "Wei", "Yara", "Zainab"]
LAST = ["Adler", "Brandt", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Hansen", "Ito",
        "Jensen", "Kowalski", "Laurent", "Moreau", "Novak", "Okafor", "Petrov", "Quinn", "Rossi",
        "Silva", "Tanaka", "Urban", "Varga", "Weber", "Yilmaz", "Zimmer", "Baker", "Nguyen",
        "Murphy", "Kim", "Santos", "Horvat", "Lindqvist", "Mensah", "Ortiz", "Popescu", "Sato"]
PLACES = {
    "DE": ["Berlin", "Hamburg", "Munich", "Cologne", "Leipzig"],
    "FR": ["Paris", "Lyon", "Marseille", "Lille"],
    "ES": ["Madrid", "Barcelona", "Valencia", "Seville"],
    "IT": ["Rome", "Milan", "Turin", "Naples"],
    "NL": ["Amsterdam", "Rotterdam", "Utrecht"],
    "PL": ["Warsaw", "Krakow", "Gdansk"],
    "SE": ["Stockholm", "Gothenburg", "Malmo"],
    "GB": ["London", "Manchester", "Leeds", "Bristol"],
    "US": ["New York", "Chicago", "Austin", "Seattle", "Boston"],
    "JP": ["Tokyo", "Osaka", "Kyoto"],
}
COUNTRY_WEIGHTS = {"DE": 22, "FR": 14, "ES": 10, "IT": 9, "NL": 7, "PL": 6, "SE": 5, "GB": 12,
                   "US": 11, "JP": 4}


def q(v):
    """A SQL literal."""
    if v is None:
        return "NULL"
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, (int, float)):
        return str(v)
    return "'" + str(v).replace("'", "''") + "'"


def inserts(table, cols, rows, batch=50):
    out = []
    for i in range(0, len(rows), batch):
        chunk = rows[i:i + batch]
        values = ",\n  ".join("(" + ", ".join(q(v) for v in r) + ")" for r in chunk)
        out.append(f"INSERT INTO {table} ({', '.join(cols)}) VALUES\n  {values};")
    return "\n".join(out)


def ts(d):
    return d.strftime("%Y-%m-%d %H:%M:%S")


def day(d):
    return d.strftime("%Y-%m-%d")


def unique_people(rng, n):
    seen, people = set(), []
    while len(people) < n:
        f, l = rng.choice(FIRST), rng.choice(LAST)
        if (f, l) in seen:
            continue
        seen.add((f, l))
        people.append((f, l))
    return people


# ---------------------------------------------------------------- shop

PRODUCTS = {
    "books": [("The Pragmatic Coder", 3490), ("SQL in Ten Steps", 2450), ("Designing Data Systems", 4290),
              ("A Guide to HTTP", 2990), ("Learning Go", 3790), ("Python Recipes", 3190),
              ("The Linux Shell", 2790), ("Clean Architecture Notes", 3590)],
    "electronics": [("USB-C Cable 2m", 1290), ("Wireless Mouse", 2490), ("Mechanical Keyboard", 8990),
                    ("27in Monitor", 24900), ("Noise-Cancelling Headphones", 19900), ("Webcam HD", 5490),
                    ("Laptop Stand", 3990), ("Portable SSD 1TB", 10990), ("Bluetooth Speaker", 4990),
                    ("Phone Charger 30W", 2190)],
    "kitchen": [("Chef's Knife", 5990), ("Cast Iron Pan", 4490), ("French Press", 2990),
                ("Coffee Grinder", 6990), ("Cutting Board", 1990), ("Kettle", 3490),
                ("Espresso Cups (4)", 1890), ("Salad Spinner", 2290)],
    "garden": [("Garden Hose 20m", 3290), ("Pruning Shears", 1790), ("Seed Starter Kit", 1490),
               ("Watering Can", 1290), ("Folding Chair", 3990), ("Bird Feeder", 1590)],
    "toys": [("Puzzle 1000 pieces", 1990), ("Building Blocks Set", 4990), ("Board Game: Rivers", 3490),
             ("Kite", 1690), ("Plush Fox", 1490), ("Card Game: Orbit", 990)],
    "sports": [("Yoga Mat", 2490), ("Running Socks (3)", 1490), ("Water Bottle", 1290),
               ("Resistance Bands", 1990), ("Tennis Balls (4)", 790), ("Bike Light Set", 2790),
               ("Climbing Chalk", 890), ("Jump Rope", 990)],
    "office": [("Notebook A5", 690), ("Fountain Pen", 3290), ("Desk Lamp", 3990), ("Sticky Notes", 390),
               ("Paper Tray", 1190), ("Ergonomic Chair", 29900), ("Whiteboard", 4490), ("Stapler", 1290)],
}

SHOP_SCHEMA = """-- shop: a small online shop.
-- customers place orders; each order has one or more order_items, each naming a product.
-- Money is stored in integer cents. orders.total_cents is the sum of its items
-- (kept on the order for speed: a deliberate denormalisation).
-- Dates are ISO 8601 text in UTC. The data runs from 2024-01-01 to 2025-12-31.

PRAGMA foreign_keys = ON;

CREATE TABLE customers (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  email       TEXT NOT NULL UNIQUE,
  country     TEXT NOT NULL,          -- ISO 3166 two-letter code
  city        TEXT,                   -- NULL when the customer did not say
  phone       TEXT,                   -- NULL for most customers
  created_at  TEXT NOT NULL
);

CREATE TABLE products (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL UNIQUE,
  category     TEXT NOT NULL,
  price_cents  INTEGER NOT NULL CHECK (price_cents > 0),
  stock        INTEGER NOT NULL DEFAULT 0 CHECK (stock >= 0),
  discontinued INTEGER NOT NULL DEFAULT 0 CHECK (discontinued IN (0, 1))
);

CREATE TABLE orders (
  id           INTEGER PRIMARY KEY,
  customer_id  INTEGER NOT NULL REFERENCES customers(id),
  status       TEXT NOT NULL CHECK (status IN ('pending', 'paid', 'shipped', 'delivered', 'cancelled')),
  ordered_at   TEXT NOT NULL,
  shipped_at   TEXT,                  -- NULL until shipped
  total_cents  INTEGER NOT NULL CHECK (total_cents >= 0)
);

CREATE TABLE order_items (
  order_id          INTEGER NOT NULL REFERENCES orders(id),
  product_id        INTEGER NOT NULL REFERENCES products(id),
  quantity          INTEGER NOT NULL CHECK (quantity > 0),
  unit_price_cents  INTEGER NOT NULL CHECK (unit_price_cents > 0),  -- the price when ordered
  PRIMARY KEY (order_id, product_id)
);
"""


def shop():
    rng = random.Random(20240101)
    people = unique_people(rng, 240)
    countries = list(COUNTRY_WEIGHTS)
    weights = [COUNTRY_WEIGHTS[c] for c in countries]
    start = dt.datetime(2024, 1, 1, 8, 0, 0)
    customers = []
    for i, (f, l) in enumerate(people, 1):
        c = rng.choices(countries, weights)[0]
        city = rng.choice(PLACES[c]) if rng.random() > 0.08 else None
        phone = f"+{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(1000000, 9999999)}" if rng.random() < 0.3 else None
        created = start + dt.timedelta(days=rng.randint(0, 600), minutes=rng.randint(0, 24 * 60 - 1))
        email = f"{f.lower()}.{l.lower()}{i if rng.random() < 0.2 else ''}@example.{'com' if c in ('US', 'GB') else c.lower()}"
        customers.append((i, f"{f} {l}", email, c, city, phone, ts(created)))

    products = []
    pid = 0
    for cat, items in PRODUCTS.items():
        for name, price in items:
            pid += 1
            stock = rng.choice([0, 0, 3, 5, 8, 12, 20, 35, 50, 80, 120])
            disc = 1 if rng.random() < 0.07 else 0
            products.append((pid, name, cat, price, stock, disc))
    # popularity: a few bestsellers, a long tail, a couple never ordered
    never = {products[-1][0], products[20][0], products[33][0]}
    orderable = [p for p in products if p[0] not in never]
    pop = [rng.choice([1, 1, 2, 3, 5, 8]) for _ in orderable]

    orders, items = [], []
    buyers = [c for c in customers if c[0] % 11 != 0]  # every 11th customer never orders
    activity = [rng.choice([1, 1, 2, 3, 5]) for _ in buyers]
    oid = 0
    for _ in range(1200):
        cust = rng.choices(buyers, activity)[0]
        created = dt.datetime.strptime(cust[6], "%Y-%m-%d %H:%M:%S")
        end = dt.datetime(2025, 12, 31, 20, 0, 0)
        span = int((end - created).total_seconds())
        if span <= 3600:
            continue
        when = created + dt.timedelta(seconds=rng.randint(3600, span))
        oid += 1
        age_days = (end - when).days
        r = rng.random()
        if r < 0.05:
            status = "cancelled"
        elif age_days < 3:
            status = rng.choice(["pending", "paid"])
        elif age_days < 10:
            status = rng.choice(["paid", "shipped", "shipped"])
        else:
            status = "delivered" if r < 0.97 else "shipped"
        shipped = None
        if status in ("shipped", "delivered"):
            shipped = ts(when + dt.timedelta(hours=rng.randint(6, 96)))
        n = rng.choices([1, 2, 3, 4, 5], [35, 30, 18, 10, 7])[0]
        chosen = set()
        while len(chosen) < n:
            chosen.add(rng.choices(orderable, pop)[0])
        total = 0
        for p in sorted(chosen):
            qty = rng.choices([1, 2, 3, 4], [70, 20, 7, 3])[0]
            price = p[3]
            if when.year == 2024 and rng.random() < 0.5:
                price = int(round(price * 0.9 / 10.0)) * 10  # last year's price
            items.append((oid, p[0], qty, price))
            total += qty * price
        orders.append((oid, cust[0], status, ts(when), shipped, total))
    orders.sort(key=lambda o: o[3])
    remap = {o[0]: i for i, o in enumerate(orders, 1)}
    orders = [(remap[o[0]],) + o[1:] for o in orders]
    items = sorted(((remap[i[0]],) + i[1:] for i in items))

    sql = [SHOP_SCHEMA,
           inserts("customers", ["id", "name", "email", "country", "city", "phone", "created_at"], customers),
           inserts("products", ["id", "name", "category", "price_cents", "stock", "discontinued"], products),
           inserts("orders", ["id", "customer_id", "status", "ordered_at", "shipped_at", "total_cents"], orders),
           inserts("order_items", ["order_id", "product_id", "quantity", "unit_price_cents"], items)]
    (OUT / "shop.sql").write_text("\n".join(sql) + "\n")


# ---------------------------------------------------------------- blog

TAGS = ["sql", "python", "go", "typescript", "java", "rust", "http", "databases", "testing",
        "devops", "security", "career", "performance", "linux", "apis"]
TOPICS = {
    "sql": ["Window functions in practice", "Why my JOIN returned too many rows", "GROUP BY without tears",
            "CTEs make queries readable", "NULL is not a value"],
    "python": ["Virtual environments explained", "FastAPI in an afternoon", "Type hints that help",
               "Generators for big files"],
    "go": ["Goroutines and channels", "Error handling in Go", "A tiny HTTP server in Go", "Go modules in five minutes"],
    "typescript": ["Strict mode from day one", "Zod for request validation", "Node streams demystified"],
    "java": ["Spring Boot without magic", "Records and sealed types", "JDBC the hard way"],
    "rust": ["Ownership for backend people", "Async Rust and axum", "Error types with thiserror"],
    "http": ["Status codes you actually need", "Caching headers explained", "CORS, finally understood",
             "Idempotency keys"],
    "databases": ["Choosing a primary key", "Indexes are not free", "Migrations without downtime",
                  "Postgres vs SQLite for side projects", "Connection pools and you"],
    "testing": ["Test the behaviour, not the code", "Integration tests with a real database", "Flaky tests and how to kill them"],
    "devops": ["Docker for the impatient", "CI pipelines that stay fast", "Blue-green deploys"],
    "security": ["Hash passwords with argon2", "JWTs are not sessions", "SQL injection in 2025"],
    "career": ["My first year as a backend developer", "Reading other people's code", "How I learned to love on-call"],
    "performance": ["Profiling before optimising", "The N+1 query problem", "Measuring p99 latency"],
    "linux": ["Ten commands I use daily", "Understanding file permissions", "systemd units for your app"],
    "apis": ["Pagination: offset or cursor?", "Designing error responses", "Versioning an API"],
}
COMMENTS = ["Great post, thanks!", "This finally clicked for me.", "I disagree with the second point.",
            "Could you share the full code?", "We hit exactly this bug last week.", "Nice write-up.",
            "What about PostgreSQL?", "Bookmarked.", "The diagram helped a lot.", "Typo in the third paragraph.",
            "How does this scale?", "Thanks, this saved me hours.", "Is there a follow-up?", "Clear and short. More please."]

BLOG_SCHEMA = """-- blog: users write posts; posts have comments and tags.
-- posts.published_at is NULL for drafts. comments.parent_id is NULL for a top-level comment
-- and points at another comment for a reply. post_tags joins posts and tags (many-to-many).
-- Dates are ISO 8601 text in UTC.

PRAGMA foreign_keys = ON;

CREATE TABLE users (
  id         INTEGER PRIMARY KEY,
  username   TEXT NOT NULL UNIQUE,
  email      TEXT NOT NULL UNIQUE,
  bio        TEXT,                    -- NULL when empty
  joined_at  TEXT NOT NULL
);

CREATE TABLE posts (
  id            INTEGER PRIMARY KEY,
  user_id       INTEGER NOT NULL REFERENCES users(id),
  title         TEXT NOT NULL,
  body          TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  published_at  TEXT,                 -- NULL while a draft
  views         INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE comments (
  id          INTEGER PRIMARY KEY,
  post_id     INTEGER NOT NULL REFERENCES posts(id),
  user_id     INTEGER NOT NULL REFERENCES users(id),
  parent_id   INTEGER REFERENCES comments(id),   -- NULL for a top-level comment
  body        TEXT NOT NULL,
  created_at  TEXT NOT NULL
);

CREATE TABLE tags (
  id    INTEGER PRIMARY KEY,
  name  TEXT NOT NULL UNIQUE
);

CREATE TABLE post_tags (
  post_id  INTEGER NOT NULL REFERENCES posts(id),
  tag_id   INTEGER NOT NULL REFERENCES tags(id),
  PRIMARY KEY (post_id, tag_id)
);
"""


def blog():
    rng = random.Random(20230615)
    people = unique_people(rng, 60)
    start = dt.datetime(2023, 1, 1, 9, 0, 0)
    users = []
    for i, (f, l) in enumerate(people, 1):
        uname = (f[0] + l).lower() + (str(i) if rng.random() < 0.25 else "")
        bio = rng.choice([None, None, "Backend developer.", "Learning Go.", "SQL enthusiast.",
                          "I write about APIs.", "Ops by day, code by night.", "Student."])
        users.append((i, uname, f"{uname}@mail.example", bio, ts(start + dt.timedelta(days=rng.randint(0, 500), minutes=rng.randint(0, 1439)))))
    tags = [(i, t) for i, t in enumerate(TAGS, 1)]
    tag_id = {t: i for i, t in tags}
    writers = users[:35]  # the other 25 only comment (or lurk)
    wweights = [rng.choice([1, 1, 1, 2, 4, 8]) for _ in writers]
    posts, post_tags = [], []
    end = dt.datetime(2025, 6, 30, 23, 0, 0)
    for pid in range(1, 401):
        u = rng.choices(writers, wweights)[0]
        joined = dt.datetime.strptime(u[4], "%Y-%m-%d %H:%M:%S")
        span = int((end - joined).total_seconds())
        created = joined + dt.timedelta(seconds=rng.randint(0, span))
        main = rng.choice(TAGS)
        title = rng.choice(TOPICS[main])
        if rng.random() < 0.5:
            title += rng.choice([" (part 2)", ": a checklist", ", revisited", " for beginners", ": lessons learned"])
        body = f"{title}. " + rng.choice(["A short note.", "A long read with examples.", "Notes from a talk.", "What I learned this week."])
        published = None
        if rng.random() > 0.12:
            published = ts(created + dt.timedelta(hours=rng.randint(1, 72)))
        views = 0 if published is None else int(rng.paretovariate(1.3) * 40)
        posts.append((pid, u[0], title, body, ts(created), published, views))
        chosen = {main}
        for _ in range(rng.choices([0, 1, 2], [40, 40, 20])[0]):
            chosen.add(rng.choice(TAGS))
        for t in sorted(chosen):
            post_tags.append((pid, tag_id[t]))
    tags.append((len(tags) + 1, "graphql"))  # a tag no post uses yet
    comments = []
    cid = 0
    for p in posts:
        if p[5] is None:
            continue
        pub = dt.datetime.strptime(p[5], "%Y-%m-%d %H:%M:%S")
        n = min(int(rng.paretovariate(1.6)) - 1 + (p[6] // 200), 25)
        mine = []
        for _ in range(n):
            cid += 1
            u = rng.choice(users)
            when = pub + dt.timedelta(minutes=rng.randint(5, 60 * 24 * 30))
            parent = rng.choice(mine)[0] if mine and rng.random() < 0.3 else None
            if parent is not None:
                pwhen = dt.datetime.strptime(next(c[5] for c in mine if c[0] == parent), "%Y-%m-%d %H:%M:%S")
                when = pwhen + dt.timedelta(minutes=rng.randint(1, 600))
            c = (cid, p[0], u[0], parent, rng.choice(COMMENTS), ts(when))
            mine.append(c)
            comments.append(c)
    sql = [BLOG_SCHEMA,
           inserts("users", ["id", "username", "email", "bio", "joined_at"], users),
           inserts("posts", ["id", "user_id", "title", "body", "created_at", "published_at", "views"], posts),
           inserts("comments", ["id", "post_id", "user_id", "parent_id", "body", "created_at"], comments),
           inserts("tags", ["id", "name"], tags),
           inserts("post_tags", ["post_id", "tag_id"], post_tags)]
    (OUT / "blog.sql").write_text("\n".join(sql) + "\n")


# ---------------------------------------------------------------- library

AUTHORS = [("Chinua Achebe", 1930, "NG"), ("Isabel Allende", 1942, "CL"), ("Margaret Atwood", 1939, "CA"),
           ("Jorge Luis Borges", 1899, "AR"), ("Italo Calvino", 1923, "IT"), ("Albert Camus", 1913, "FR"),
           ("Agatha Christie", 1890, "GB"), ("Fyodor Dostoevsky", 1821, "RU"), ("George Eliot", 1819, "GB"),
           ("Gabriel Garcia Marquez", 1927, "CO"), ("Ursula K. Le Guin", 1929, "US"), ("Kazuo Ishiguro", 1954, "GB"),
           ("Franz Kafka", 1883, "CZ"), ("Haruki Murakami", 1949, "JP"), ("Toni Morrison", 1931, "US"),
           ("Orhan Pamuk", 1952, "TR"), ("Terry Pratchett", 1948, "GB"), ("Wislawa Szymborska", 1923, "PL"),
           ("Leo Tolstoy", 1828, "RU"), ("Virginia Woolf", 1882, "GB"), ("Olga Tokarczuk", 1962, "PL"),
           ("Stanislaw Lem", 1921, "PL"), ("Jane Austen", 1775, "GB"), ("Anonymous", None, None)]
BOOKS = {
    "Chinua Achebe": [("Things Fall Apart", 1958, "fiction")],
    "Isabel Allende": [("The House of the Spirits", 1982, "fiction"), ("Eva Luna", 1987, "fiction")],
    "Margaret Atwood": [("The Handmaid's Tale", 1985, "fiction"), ("Oryx and Crake", 2003, "science fiction"), ("Alias Grace", 1996, "fiction")],
    "Jorge Luis Borges": [("Ficciones", 1944, "short stories"), ("The Aleph", 1949, "short stories")],
    "Italo Calvino": [("Invisible Cities", 1972, "fiction"), ("If on a Winter's Night a Traveler", 1979, "fiction")],
    "Albert Camus": [("The Stranger", 1942, "fiction"), ("The Plague", 1947, "fiction")],
    "Agatha Christie": [("Murder on the Orient Express", 1934, "crime"), ("The ABC Murders", 1936, "crime"),
                        ("And Then There Were None", 1939, "crime"), ("Death on the Nile", 1937, "crime")],
    "Fyodor Dostoevsky": [("Crime and Punishment", 1866, "fiction"), ("The Brothers Karamazov", 1880, "fiction")],
    "George Eliot": [("Middlemarch", 1871, "fiction")],
    "Gabriel Garcia Marquez": [("One Hundred Years of Solitude", 1967, "fiction"), ("Love in the Time of Cholera", 1985, "fiction")],
    "Ursula K. Le Guin": [("The Left Hand of Darkness", 1969, "science fiction"), ("The Dispossessed", 1974, "science fiction"),
                          ("A Wizard of Earthsea", 1968, "fantasy")],
    "Kazuo Ishiguro": [("The Remains of the Day", 1989, "fiction"), ("Never Let Me Go", 2005, "fiction"), ("Klara and the Sun", 2021, "science fiction")],
    "Franz Kafka": [("The Trial", 1925, "fiction"), ("The Castle", 1926, "fiction")],
    "Haruki Murakami": [("Norwegian Wood", 1987, "fiction"), ("Kafka on the Shore", 2002, "fiction"), ("1Q84", 2009, "fiction")],
    "Toni Morrison": [("Beloved", 1987, "fiction"), ("Song of Solomon", 1977, "fiction")],
    "Orhan Pamuk": [("My Name Is Red", 1998, "fiction"), ("Snow", 2002, "fiction")],
    "Terry Pratchett": [("Guards! Guards!", 1989, "fantasy"), ("Small Gods", 1992, "fantasy"), ("Going Postal", 2004, "fantasy"), ("Mort", 1987, "fantasy")],
    "Wislawa Szymborska": [("View with a Grain of Sand", 1995, "poetry")],
    "Leo Tolstoy": [("Anna Karenina", 1878, "fiction"), ("War and Peace", 1869, "fiction")],
    "Virginia Woolf": [("Mrs Dalloway", 1925, "fiction"), ("To the Lighthouse", 1927, "fiction"), ("Orlando", 1928, "fiction")],
    "Olga Tokarczuk": [("Flights", 2007, "fiction"), ("Drive Your Plow Over the Bones of the Dead", 2009, "crime")],
    "Stanislaw Lem": [("Solaris", 1961, "science fiction"), ("The Cyberiad", 1965, "science fiction"), ("His Master's Voice", 1968, "science fiction")],
    "Jane Austen": [("Pride and Prejudice", 1813, "fiction"), ("Emma", 1815, "fiction"), ("Persuasion", 1817, "fiction")],
    "Anonymous": [("The Epic of Gilgamesh", None, "poetry"), ("One Thousand and One Nights", None, "short stories")],
}

LIBRARY_SCHEMA = """-- library: members borrow books; a late return earns a fine.
-- A loan lasts 21 days (due_at = loaned_at + 21 days). returned_at is NULL while the book is
-- still out. A fine of 25 cents per late day is written when a late book comes back;
-- fines.paid_at is NULL while unpaid.
-- Dates are ISO 8601 text ('YYYY-MM-DD'). The data stops on 2025-06-30: treat that day as
-- "today" (so a loan with returned_at IS NULL and due_at < '2025-06-30' is overdue).

PRAGMA foreign_keys = ON;

CREATE TABLE authors (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  birth_year  INTEGER,               -- NULL when unknown
  country     TEXT                   -- ISO 3166 code; NULL when unknown
);

CREATE TABLE books (
  id              INTEGER PRIMARY KEY,
  title           TEXT NOT NULL,
  author_id       INTEGER NOT NULL REFERENCES authors(id),
  genre           TEXT NOT NULL,
  published_year  INTEGER,           -- NULL when unknown
  isbn            TEXT UNIQUE,       -- NULL for books without one
  copies          INTEGER NOT NULL DEFAULT 1 CHECK (copies >= 0)
);

CREATE TABLE members (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  email      TEXT UNIQUE,            -- NULL when the member gave none
  city       TEXT NOT NULL,
  joined_on  TEXT NOT NULL
);

CREATE TABLE loans (
  id           INTEGER PRIMARY KEY,
  book_id      INTEGER NOT NULL REFERENCES books(id),
  member_id    INTEGER NOT NULL REFERENCES members(id),
  loaned_at    TEXT NOT NULL,
  due_at       TEXT NOT NULL,
  returned_at  TEXT,                 -- NULL while the book is out
  CHECK (due_at > loaned_at),
  CHECK (returned_at IS NULL OR returned_at >= loaned_at)
);

CREATE TABLE fines (
  id            INTEGER PRIMARY KEY,
  loan_id       INTEGER NOT NULL UNIQUE REFERENCES loans(id),
  amount_cents  INTEGER NOT NULL CHECK (amount_cents > 0),
  paid_at       TEXT                 -- NULL while unpaid
);
"""


def isbn13(rng):
    digits = [9, 7, 8] + [rng.randint(0, 9) for _ in range(9)]
    check = (10 - sum(d * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits)) % 10) % 10
    return "".join(map(str, digits + [check]))


def library():
    rng = random.Random(19991231)
    authors = [(i, n, y, c) for i, (n, y, c) in enumerate(AUTHORS, 1)]
    aid = {a[1]: a[0] for a in authors}
    books = []
    bid = 0
    for name, items in BOOKS.items():
        for title, year, genre in items:
            bid += 1
            isbn = isbn13(rng) if year and year > 1900 and rng.random() > 0.1 else None
            books.append((bid, title, aid[name], genre, year, isbn, rng.choice([1, 1, 1, 2, 2, 3])))
    cities = ["Leeds", "York", "Bradford", "Harrogate", "Wakefield"]
    people = unique_people(rng, 180)
    members = []
    start = dt.date(2021, 1, 4)
    for i, (f, l) in enumerate(people, 1):
        email = f"{f.lower()}{l[0].lower()}{i}@post.example" if rng.random() > 0.15 else None
        members.append((i, f"{f} {l}", email, rng.choices(cities, [40, 20, 20, 10, 10])[0],
                        day(start + dt.timedelta(days=rng.randint(0, 1400)))))
    today = dt.date(2025, 6, 30)
    bweights = [rng.choice([1, 2, 3, 5, 8]) for _ in books]
    bweights[-1] = bweights[-2] = 0  # two books nobody has borrowed yet
    mweights = [rng.choice([0, 1, 1, 2, 4, 6]) for _ in members]
    # copies out at once per book: keep it at or below copies
    out_until = {b[0]: [] for b in books}
    loans, fines = [], []
    lid = 0
    events = []
    for _ in range(2600):
        m = rng.choices(members, mweights)[0]
        joined = dt.date.fromisoformat(m[4])
        span = (today - joined).days
        if span < 2:
            continue
        events.append((joined + dt.timedelta(days=rng.randint(1, span)), m))
    events.sort(key=lambda e: (e[0], e[1][0]))
    for loaned, m in events:
        b = rng.choices(books, bweights)[0]
        busy = [d for d in out_until[b[0]] if d is None or d > loaned]
        if len(busy) >= b[6]:
            continue
        due = loaned + dt.timedelta(days=21)
        r = rng.random()
        if r < 0.72:
            ret = loaned + dt.timedelta(days=rng.randint(2, 21))
        elif r < 0.92:
            ret = loaned + dt.timedelta(days=rng.randint(22, 60))
        else:
            ret = None  # lost or still out
        if ret is not None and ret > today:
            ret = None
        out_until[b[0]] = busy + [ret]
        lid += 1
        loans.append((lid, b[0], m[0], day(loaned), day(due), day(ret) if ret else None))
        if ret is not None and ret > due:
            late = (ret - due).days
            paid = None
            if rng.random() < 0.75:
                p = ret + dt.timedelta(days=rng.randint(0, 30))
                paid = day(p) if p <= today else None
            fines.append((len(fines) + 1, lid, late * 25, paid))
    sql = [LIBRARY_SCHEMA,
           inserts("authors", ["id", "name", "birth_year", "country"], authors),
           inserts("books", ["id", "title", "author_id", "genre", "published_year", "isbn", "copies"], books),
           inserts("members", ["id", "name", "email", "city", "joined_on"], members),
           inserts("loans", ["id", "book_id", "member_id", "loaned_at", "due_at", "returned_at"], loans),
           inserts("fines", ["id", "loan_id", "amount_cents", "paid_at"], fines)]
    (OUT / "library.sql").write_text("\n".join(sql) + "\n")


if __name__ == "__main__":
    shop()
    blog()
    library()
