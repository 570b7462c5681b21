PHASE = "17-cap-library"
SLUG = "library"
REF = "cap_library.py"

T0 = "2026-03-01T10:00:00Z"
STAGES = [
{
"title": "Library system, stage 1: books and members",
"prompt": """
Stage 1 of the library capstone (the brief is the lesson *Capstone: a library system*).

| request | answer |
|---|---|
| `POST /books` `{"title", "author", "copies"}` | `201`, `{"id", "title", "author", "copies", "available"}` (`available` starts at `copies`) and `Location` |
| `copies` missing, not a whole number, or below 1; no title or author | `400` or `422` |
| `GET /books/{id}` | `200` and the book; `404` when there is none |
| `POST /members` `{"name"}` | `201`, `{"id", "name"}` and `Location`; no name: `400` or `422` |
| `GET /members/{id}` | `200` and the member; `404` when there is none |

Start from `backroad starter cap.library-1 --lang python` (or `typescript`).
""",
"hints": [
  "Two dictionaries, books and members, each with its own counter for ids.",
  "copies must be an integer (in Python, isinstance(x, int) and not isinstance(x, bool)) and at least 1.",
  "A new book's available equals its copies: nothing is lent yet.",
],
"explanation": """
Books and members are the nouns of the system; the loans of stage 2 connect them. Keeping
`copies` (what the library owns) apart from `available` (what is on the shelf now) is what makes
lending possible without losing track of stock.
""",
"steps": [
 {"name": "add a book", "essential": True, "body": '''
request = { method = "POST", path = "/books", json = { title = "The Pragmatic Programmer", author = "Hunt and Thomas", copies = 2 } }
asserts = [
  { q = 'status', p = '== 201', hint = "Adding a book answers 201 Created." },
  'jsonpath "$.id" exists',
  'jsonpath "$.title" == "The Pragmatic Programmer"',
  'jsonpath "$.copies" == 2',
  { q = 'jsonpath "$.available"', p = '== 2', hint = "A new book has every copy on the shelf: available == copies." },
  { q = 'header "Location"', p = 'exists', hint = "Say where the book lives: Location: /books/{id}." },
]
captures = { book_id = 'jsonpath "$.id"' }
'''},
 {"name": "a book needs at least one copy", "essential": True, "body": '''
request = { method = "POST", path = "/books", json = { title = "Ghost Book", author = "Nobody", copies = 0 } }
asserts = [ { q = 'status', p = 'in [400, 422]', hint = "copies below 1 is refused: 400 or 422." } ]
'''},
 {"name": "copies must be a number", "body": '''
request = { method = "POST", path = "/books", json = { title = "Ghost Book", author = "Nobody", copies = "two" } }
asserts = [ { q = 'status', p = 'in [400, 422]', hint = "copies is a whole number, not text: 400 or 422." } ]
'''},
 {"name": "fetch the book", "essential": True, "body": '''
request = { method = "GET", path = "/books/{{book_id}}" }
asserts = ['status == 200', 'jsonpath "$.id" == "{{book_id}}"', 'jsonpath "$.available" == 2']
'''},
 {"name": "an unknown book is 404", "body": '''
request = { method = "GET", path = "/books/987654321" }
asserts = [ { q = 'status', p = '== 404', hint = "No book with that id: 404." } ]
'''},
 {"name": "add a member", "essential": True, "body": '''
request = { method = "POST", path = "/members", json = { name = "Ada" } }
asserts = [
  { q = 'status', p = '== 201', hint = "Adding a member answers 201 Created." },
  'jsonpath "$.id" exists',
  'jsonpath "$.name" == "Ada"',
]
captures = { member_id = 'jsonpath "$.id"' }
'''},
 {"name": "a member needs a name", "body": '''
request = { method = "POST", path = "/members", json = { name = "" } }
asserts = [ { q = 'status', p = 'in [400, 422]', hint = "An empty name is refused: 400 or 422." } ]
'''},
 {"name": "fetch the member", "body": '''
request = { method = "GET", path = "/members/{{member_id}}" }
asserts = ['status == 200', 'jsonpath "$.name" == "Ada"']
'''},
 {"name": "an unknown member is 404", "body": '''
request = { method = "GET", path = "/members/987654321" }
asserts = [ { q = 'status', p = '== 404', hint = "No member with that id: 404." } ]
'''},
],
"bugs": [
  ("copies-zero-ok", "a book with 0 copies is accepted", "a book needs at least one copy"),
  ("missing-200", "an unknown book answers 200", "an unknown book is 404"),
],
},
{
"title": "Library system, stage 2: loans, due dates and returns",
"prompt": """
Stage 2 of the library capstone. From this stage on, the current time of a request is its
`X-Now` header when it has one (an RFC 3339 time such as `2026-03-01T10:00:00Z`), else your
clock. A malformed `X-Now` is `400`.

| request | answer |
|---|---|
| `POST /loans` `{"member_id", "book_id"}` | `201`, `{"id", "member_id", "book_id", "loaned_at", "due_at", "returned_at": null}`; `due_at` is 14 days after `loaned_at`; the book's `available` goes down by 1 |
| no copy available | `409` |
| an unknown member or book | `404` or `422` |
| `POST /loans/{id}/return` | `200`, the loan with `returned_at`; `available` goes up by 1 |
| a loan already returned | `409` |
| an unknown loan | `404` |
| `GET /members/{id}/loans` | `200`, the member's loans, oldest first |

Times are answered in UTC as `YYYY-MM-DDTHH:MM:SS` followed by `Z` or `+00:00`.
""",
"hints": [
  "Write one function now(request) that returns the X-Now header parsed as a UTC time, or the real time when there is none, and use it everywhere you need the time.",
  "In Python: datetime.fromisoformat(value.replace('Z', '+00:00')); in Node: new Date(value). The due date is now + 14 days (timedelta(days=14)).",
  "Check available before lending and change it in the same step, under a lock if your server has threads.",
],
"explanation": """
A loan is an event with a time, and times make code hard to test. Taking the clock from a
request header when one is given lets any client (the checker, your own tests) say "pretend it
is 1 March" and get a repeatable answer. `409 Conflict` says the request is fine but the state
of the world (no copy on the shelf, a loan already closed) does not allow it.
""",
"steps": [
 {"name": "a book with one copy", "essential": True, "body": '''
request = { method = "POST", path = "/books", json = { title = "Designing Data-Intensive Applications", author = "Kleppmann", copies = 1 } }
asserts = ['status == 201', 'jsonpath "$.available" == 1']
captures = { single_id = 'jsonpath "$.id"' }
'''},
 {"name": "borrow a book", "essential": True, "body": f'''
request = {{ method = "POST", path = "/loans", headers = {{ X-Now = "{T0}" }}, json = {{ member_id = "{{{{member_id}}}}", book_id = "{{{{single_id}}}}" }} }}
asserts = [
  {{ q = 'status', p = '== 201', hint = "Lending a book answers 201 Created with the loan." }},
  'jsonpath "$.id" exists',
  'jsonpath "$.member_id" == "{{{{member_id}}}}"',
  'jsonpath "$.book_id" == "{{{{single_id}}}}"',
  {{ q = 'jsonpath "$.loaned_at"', p = 'startsWith "2026-03-01T10:00:00"', hint = "The checker sent X-Now: {T0}; that is the time of the loan." }},
  {{ q = 'jsonpath "$.due_at"', p = 'startsWith "2026-03-15T10:00:00"', hint = "A loan is due 14 days after it was made." }},
  {{ q = 'jsonpath "$.returned_at"', p = '== null', hint = "A loan that is out has \\"returned_at\\": null." }},
]
captures = {{ loan_id = 'jsonpath "$.id"' }}
'''},
 {"name": "the shelf is empty", "essential": True, "body": '''
request = { method = "GET", path = "/books/{{single_id}}" }
asserts = [ 'status == 200', { q = 'jsonpath "$.available"', p = '== 0', hint = "The only copy is lent: available goes down to 0." } ]
'''},
 {"name": "a second member", "body": '''
request = { method = "POST", path = "/members", json = { name = "Grace" } }
asserts = ['status == 201']
captures = { other_id = 'jsonpath "$.id"' }
'''},
 {"name": "no copy left", "body": f'''
request = {{ method = "POST", path = "/loans", headers = {{ X-Now = "2026-03-02T10:00:00Z" }}, json = {{ member_id = "{{{{other_id}}}}", book_id = "{{{{single_id}}}}" }} }}
asserts = [ {{ q = 'status', p = '== 409', hint = "Nothing on the shelf: 409 Conflict, and available must not go below 0.", rfc = "9110#15.5.10" }} ]
'''},
 {"name": "an unknown member cannot borrow", "body": '''
request = { method = "POST", path = "/loans", json = { member_id = 987654321, book_id = "{{book_id}}" } }
asserts = [ { q = 'status', p = 'in [404, 422]', hint = "The member does not exist: 422 (or 404)." } ]
'''},
 {"name": "the member's loans", "body": '''
request = { method = "GET", path = "/members/{{member_id}}/loans" }
asserts = [
  'status == 200',
  { q = 'jsonpath "$"', p = 'isList', hint = "GET /members/{id}/loans answers a JSON array." },
  'jsonpath "$" count == 1',
  'jsonpath "$[0].id" == "{{loan_id}}"',
]
'''},
 {"name": "return the book", "essential": True, "body": '''
request = { method = "POST", path = "/loans/{{loan_id}}/return", headers = { X-Now = "2026-03-04T16:30:00Z" } }
asserts = [
  { q = 'status', p = '== 200', hint = "A return answers 200 with the loan." },
  { q = 'jsonpath "$.returned_at"', p = 'startsWith "2026-03-04T16:30:00"', hint = "returned_at is the current time of the request (X-Now)." },
]
'''},
 {"name": "the copy is back", "body": '''
request = { method = "GET", path = "/books/{{single_id}}" }
asserts = [ 'status == 200', { q = 'jsonpath "$.available"', p = '== 1', hint = "A return puts the copy back: available + 1." } ]
'''},
 {"name": "a loan is returned once", "essential": True, "body": '''
request = { method = "POST", path = "/loans/{{loan_id}}/return", headers = { X-Now = "2026-03-05T10:00:00Z" } }
asserts = [ { q = 'status', p = '== 409', hint = "This loan is already closed: 409, and available must not go up again." } ]
'''},
 {"name": "still one copy", "essential": True, "body": '''
request = { method = "GET", path = "/books/{{single_id}}" }
asserts = [ 'status == 200', { q = 'jsonpath "$.available"', p = '== 1', hint = "A refused second return must not add a copy." } ]
'''},
 {"name": "an unknown loan is 404", "body": '''
request = { method = "POST", path = "/loans/987654321/return" }
asserts = [ { q = 'status', p = '== 404', hint = "No loan with that id: 404." } ]
'''},
],
"bugs": [
  ("copies-zero-ok", "a stage-1 regression: a book with 0 copies is accepted", "stage 1: a book needs at least one copy"),
  ("no-x-now", "the X-Now header is ignored", "borrow a book"),
  ("due-7-days", "loans are due after 7 days", "borrow a book"),
  ("no-stock-check", "a book with no copy left is lent again", "no copy left"),
  ("return-twice", "a returned loan can be returned again", "a loan is returned once"),
],
},
{
"title": "Library system, stage 3: overdue loans and fines",
"prompt": """
Stage 3 of the library capstone. Times come from `X-Now` as in stage 2.

| request | answer |
|---|---|
| every loan in an answer | also `"overdue"`: `true` when it is not returned and now is after `due_at` |
| `GET /overdue` | `200`, every overdue loan (not returned, past due) |
| `POST /loans/{id}/return` after `due_at` | the loan's `fine_cents`: 25 per started day late (1 minute late is 1 day), at most 1000; added to the member's `fines_cents` |
| `GET /members/{id}` | `200`, the member with `fines_cents`: what they owe |
| `POST /loans` for a member who owes anything | `403` |
| `POST /members/{id}/payments` `{"amount_cents"}` | `201`, with `fines_cents`: what is still owed |
| an amount below 1, or above what is owed | `400` or `422` |
""",
"hints": [
  "days late = ceil((returned_at - due_at) / 24 h) when positive, else 0; fine = min(25 * days, 1000).",
  "Compute overdue when you answer, from the request's now: not returned and now > due_at. Do not store it.",
  "Check the member's fines before the stock when lending: someone who owes is refused with 403 even if a copy is there.",
],
"explanation": """
Rules about time are where most business logic bugs live: off-by-one days, started versus
whole days, boundaries. A test clock (`X-Now`) turns "wait three weeks and see" into a request
you can repeat. Refusing a loan to a member who owes is an authorisation decision about the
member, hence `403`, and it comes before the question of stock.
""",
"steps": [
 {"name": "borrow for the fine test", "body": f'''
request = {{ method = "POST", path = "/loans", headers = {{ X-Now = "{T0}" }}, json = {{ member_id = "{{{{member_id}}}}", book_id = "{{{{book_id}}}}" }} }}
asserts = ['status == 201', 'jsonpath "$.due_at" startsWith "2026-03-15T10:00:00"']
captures = {{ late_id = 'jsonpath "$.id"' }}
'''},
 {"name": "not overdue before the due time", "body": '''
request = { method = "GET", path = "/loans/{{late_id}}", headers = { X-Now = "2026-03-15T09:00:00Z" } }
asserts = [
  { q = 'status', p = '== 200', hint = "GET /loans/{id} answers the loan." },
  { q = 'jsonpath "$.overdue"', p = '== false', hint = "An hour before due_at the loan is not overdue." },
]
'''},
 {"name": "overdue after the due time", "body": '''
request = { method = "GET", path = "/loans/{{late_id}}", headers = { X-Now = "2026-03-16T10:00:00Z" } }
asserts = [ 'status == 200', { q = 'jsonpath "$.overdue"', p = '== true', hint = "Past due_at and not returned: overdue is true, computed from X-Now." } ]
'''},
 {"name": "the overdue list", "body": '''
request = { method = "GET", path = "/overdue", headers = { X-Now = "2026-03-16T10:00:00Z" } }
asserts = [
  { q = 'status', p = '== 200', hint = "GET /overdue answers a JSON array of overdue loans." },
  { q = 'jsonpath "$[*].id"', p = 'contains "{{late_id}}"', hint = "The loan due on 15 March is overdue on 16 March: it belongs in the list." },
]
'''},
 {"name": "return a book late", "body": '''
request = { method = "POST", path = "/loans/{{late_id}}/return", headers = { X-Now = "2026-03-18T11:00:00Z" } }
asserts = [
  'status == 200',
  { q = 'jsonpath "$.fine_cents"', p = '== 100', hint = "Due 15 March 10:00, back 18 March 11:00: 3 days and 1 hour, so 4 started days at 25 cents." },
]
'''},
 {"name": "the member owes the fine", "body": '''
request = { method = "GET", path = "/members/{{member_id}}" }
asserts = [ 'status == 200', { q = 'jsonpath "$.fines_cents"', p = '== 100', hint = "The fine is added to the member's fines_cents." } ]
'''},
 {"name": "a member who owes cannot borrow", "body": '''
request = { method = "POST", path = "/loans", json = { member_id = "{{member_id}}", book_id = "{{book_id}}" } }
asserts = [ { q = 'status', p = '== 403', hint = "A member with unpaid fines may not borrow: 403 Forbidden.", rfc = "9110#15.5.4" } ]
'''},
 {"name": "pay part of it", "body": '''
request = { method = "POST", path = "/members/{{member_id}}/payments", json = { amount_cents = 60 } }
asserts = [ { q = 'status', p = '== 201', hint = "A payment answers 201 Created." }, { q = 'jsonpath "$.fines_cents"', p = '== 40', hint = "100 owed, 60 paid: fines_cents is 40." } ]
'''},
 {"name": "paying more than owed is refused", "body": '''
request = { method = "POST", path = "/members/{{member_id}}/payments", json = { amount_cents = 500 } }
asserts = [ { q = 'status', p = 'in [400, 422]', hint = "The member owes 40: a payment of 500 is refused (400 or 422)." } ]
'''},
 {"name": "pay the rest", "body": '''
request = { method = "POST", path = "/members/{{member_id}}/payments", json = { amount_cents = 40 } }
asserts = [ 'status == 201', 'jsonpath "$.fines_cents" == 0' ]
'''},
 {"name": "borrowing works again", "body": '''
request = { method = "POST", path = "/loans", json = { member_id = "{{member_id}}", book_id = "{{book_id}}" } }
asserts = [ { q = 'status', p = '== 201', hint = "With fines paid, the member may borrow again." } ]
'''},
 {"name": "a member for the cap", "body": '''
request = { method = "POST", path = "/members", json = { name = "Lin" } }
asserts = ['status == 201']
captures = { lin_id = 'jsonpath "$.id"' }
'''},
 {"name": "Lin borrows in January", "body": '''
request = { method = "POST", path = "/loans", headers = { X-Now = "2026-01-01T10:00:00Z" }, json = { member_id = "{{lin_id}}", book_id = "{{book_id}}" } }
asserts = ['status == 201']
captures = { long_id = 'jsonpath "$.id"' }
'''},
 {"name": "the fine is capped", "body": '''
request = { method = "POST", path = "/loans/{{long_id}}/return", headers = { X-Now = "2026-06-01T10:00:00Z" } }
asserts = [ 'status == 200', { q = 'jsonpath "$.fine_cents"', p = '== 1000', hint = "Months late is still at most 1000 cents." } ]
'''},
],
"bugs": [
  ("return-twice", "a stage-2 regression: a returned loan can be returned again", "stage 2: a loan is returned once"),
  ("whole-days", "only whole days late are fined", "return a book late"),
  ("owing-can-borrow", "a member who owes can still borrow", "a member who owes cannot borrow"),
  ("overpay-ok", "a payment above what is owed is accepted", "paying more than owed is refused"),
  ("no-cap", "fines are not capped", "the fine is capped"),
],
},
]
