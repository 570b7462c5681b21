PHASE = "19-cap-jobs"
SLUG = "jobs"
REF = "cap_jobs.py"

def poll(job, status, extra="", hint=""):
    return f'''
request = {{ method = "GET", path = "/jobs/{{{{{job}}}}}" }}
retry = 24
retry_interval = "250ms"
asserts = [
  'status == 200',
  {{ q = 'jsonpath "$.status"', p = '== "{status}"', hint = "{hint}" }},
{extra}]
'''

STAGES = [
{
"title": "Job scheduler, stage 1: submit, 202 and poll",
"prompt": """
Stage 1 of the job scheduler capstone (the brief is the lesson *Capstone: a job scheduler*).

| request | answer |
|---|---|
| `POST /jobs` `{"type", "payload"}` | `202` at once, `Location: /jobs/{id}`, and the job; the work runs after the answer |
| `type` missing or not one you run | `400` or `422` |
| `GET /jobs/{id}` | `200`, the job: `{"id", "type", "status", "attempts", "result", "error"}`; `404` when there is none |

`status` goes `queued` → `running` → `succeeded`. Stage 1 types: `echo` (succeeds at once with
`result` = `payload`) and `sleep` (`payload` `{"ms": N}`: waits N ms, then succeeds with
`result` `{"slept_ms": N}`). `attempts` counts attempts started.

Start from `backroad starter cap.jobs-1 --lang python` (or `typescript`).
""",
"hints": [
  "Answer first, work later: store the job as queued, start the work on a background thread (Python threading.Thread or threading.Timer; Node setTimeout), and return 202 straight away.",
  "Location is the path of the job: /jobs/{id}. The checker follows it to poll.",
  "Update status under a lock from the worker: running when it starts (attempts + 1), succeeded with the result when it ends.",
],
"explanation": """
`202 Accepted` says "I have your request and will do it, but it is not done" (RFC 9110 §15.3.3),
and `Location` says where to look. The client polls that resource until the status is final.
The request that submits never waits for the work, which is what lets a server accept a
thousand slow jobs without a thousand slow requests.
""",
"steps": [
 {"name": "submit a job", "essential": True, "body": '''
request = { method = "POST", path = "/jobs", json = { type = "echo", payload = { n = 42 } } }
asserts = [
  { q = 'status', p = '== 202', hint = "A submitted job is accepted, not done: 202 Accepted, not 200 or 201.", rfc = "9110#15.3.3" },
  { q = 'jsonpath "$.id"', p = 'exists', hint = "Answer with the job, including its id." },
  { q = 'jsonpath "$.status"', p = 'in ["queued", "running", "succeeded"]', hint = "A new job is queued (or already running or done)." },
]
captures = { job_id = 'jsonpath "$.id"', job_url = 'header "Location"' }
'''},
 {"name": "Location points at the job", "essential": True, "body": '''
request = { method = "GET", path = "{{job_url}}" }
asserts = [
  { q = 'status', p = '== 200', hint = "Location is the path of the job, /jobs/{id}; GET on it answers 200." },
  'jsonpath "$.id" == "{{job_id}}"',
]
'''},
 {"name": "poll until it succeeds", "essential": True, "body": poll("job_id", "succeeded",
  '''  { q = 'jsonpath "$.result.n"', p = '== 42', hint = "An echo job's result is its payload." },
  { q = 'jsonpath "$.attempts"', p = '== 1', hint = "One attempt, and it worked: attempts == 1." },
''', "Poll: the echo job should reach succeeded within a few seconds.")},
 {"name": "a slow job is not done at once", "essential": True, "body": '''
request = { method = "POST", path = "/jobs", json = { type = "sleep", payload = { ms = 1500 } } }
asserts = [
  'status == 202',
  { q = 'duration', p = '< 1000', hint = "The submit must answer before the work is done: run the job in the background, not inside the request." },
  { q = 'jsonpath "$.status"', p = 'in ["queued", "running"]', hint = "A job that takes 1.5 s cannot be finished when the submit answers." },
]
captures = { slow_id = 'jsonpath "$.id"' }
'''},
 {"name": "it is queued or running meanwhile", "body": '''
request = { method = "GET", path = "/jobs/{{slow_id}}" }
asserts = ['status == 200', 'jsonpath "$.status" in ["queued", "running"]', 'jsonpath "$.result" == null']
'''},
 {"name": "and then it finishes", "body": poll("slow_id", "succeeded",
  '''  'jsonpath "$.result.slept_ms" == 1500',
''', "A sleep job succeeds after its ms have passed.")},
 {"name": "an unknown type is refused", "body": '''
request = { method = "POST", path = "/jobs", json = { type = "mine-bitcoin" } }
asserts = [ { q = 'status', p = 'in [400, 422]', hint = "Refuse a type you do not run: 400 or 422, and no job." } ]
'''},
 {"name": "an unknown job is 404", "body": '''
request = { method = "GET", path = "/jobs/987654321" }
asserts = [ { q = 'status', p = '== 404', hint = "No job with that id: 404." } ]
'''},
],
"bugs": [
  ("status-201", "a submit answers 201 instead of 202", "submit a job"),
  ("sync-work", "a submit waits for the work to finish", "a slow job is not done at once"),
  ("missing-200", "an unknown job answers 200", "an unknown job is 404"),
],
},
{
"title": "Job scheduler, stage 2: retries with exponential backoff",
"prompt": """
Stage 2 of the job scheduler capstone. A failed attempt is retried after a wait that doubles
each time, up to a number of attempts.

| field of `POST /jobs` | meaning |
|---|---|
| `max_attempts` | attempts in all, 1 to 10 (default 3); out of range: `400` or `422` |
| `backoff_ms` | the wait before the first retry (default 1000); the n-th retry waits `backoff_ms × 2^(n−1)` |

New types: `fail` (every attempt fails) and `flaky` (`payload` `{"fail_times": N}`: the first N
attempts fail, then it succeeds with `result` = `payload`). After a failed attempt with attempts
left, `status` is `retrying`; after the last one, `failed`, with `error` a message.
""",
"hints": [
  "After a failed attempt n: if n < max_attempts, set status retrying and schedule the next attempt in backoff_ms * 2 ** (n - 1) ms; otherwise status failed.",
  "Use a timer (threading.Timer, setTimeout) for the wait, not a sleep inside a request.",
  "The checker sends backoff_ms 1500 and looks 0.6 s after submitting (attempt 1 failed, waiting 1.5 s) and 3.75 s after (attempt 2 ran at 1.5 s and failed, waiting 3 s until 4.5 s).",
],
"explanation": """
Retrying at once hammers a service that is already struggling; waiting longer after each
failure (exponential backoff) gives it room to recover, and a cap on attempts stops a job that
can never succeed from retrying for ever. Real schedulers add random jitter to the wait so that
many clients do not retry in lockstep.
""",
"steps": [
 {"name": "a flaky job", "essential": True, "body": '''
request = { method = "POST", path = "/jobs", json = { type = "flaky", payload = { fail_times = 2 }, max_attempts = 3, backoff_ms = 1500 } }
asserts = ['status == 202']
captures = { flaky_id = 'jsonpath "$.id"' }
'''},
 {"name": "the first attempt failed", "essential": True, "body": '''
delay = "600ms"
request = { method = "GET", path = "/jobs/{{flaky_id}}" }
asserts = [
  'status == 200',
  { q = 'jsonpath "$.status"', p = '== "retrying"', hint = "0.6 s in, attempt 1 has failed and the job waits 1.5 s before attempt 2: status retrying. Did you retry without waiting?" },
  { q = 'jsonpath "$.attempts"', p = '== 1', hint = "Only one attempt so far: the first retry comes after backoff_ms (1500 ms)." },
]
'''},
 {"name": "the wait doubles", "body": '''
delay = "3150ms"
request = { method = "GET", path = "/jobs/{{flaky_id}}" }
asserts = [
  'status == 200',
  { q = 'jsonpath "$.attempts"', p = '== 2', hint = "3.75 s in: attempt 2 ran at 1.5 s and failed; attempt 3 waits 3 s more (until 4.5 s). With a constant 1.5 s wait it would already have run, at 3 s." },
  'jsonpath "$.status" == "retrying"',
]
'''},
 {"name": "the third attempt succeeds", "essential": True, "body": poll("flaky_id", "succeeded",
  '''  { q = 'jsonpath "$.attempts"', p = '== 3', hint = "Two failures, then success: attempts == 3." },
  'jsonpath "$.result.fail_times" == 2',
''', "After two failed attempts, the third succeeds.")},
 {"name": "a job that always fails", "essential": True, "body": '''
request = { method = "POST", path = "/jobs", json = { type = "fail", max_attempts = 2, backoff_ms = 100 } }
asserts = ['status == 202']
captures = { doomed_id = 'jsonpath "$.id"' }
'''},
 {"name": "it fails for good", "essential": True, "body": poll("doomed_id", "failed",
  '''  { q = 'jsonpath "$.attempts"', p = '== 2', hint = "max_attempts is 2: two attempts, then stop." },
  { q = 'jsonpath "$.error"', p = 'isString', hint = "A failed job says why in error." },
''', "After max_attempts failed attempts the status is failed, for good.")},
 {"name": "max_attempts has bounds", "body": '''
request = { method = "POST", path = "/jobs", json = { type = "echo", max_attempts = 0 } }
asserts = [ { q = 'status', p = 'in [400, 422]', hint = "max_attempts is 1 to 10." } ]
'''},
],
"bugs": [
  ("sync-work", "a stage-1 regression: a submit waits for the work", "stage 1: a slow job is not done at once"),
  ("no-backoff", "retries run at once", "the first attempt failed"),
  ("constant-backoff", "every retry waits the same time", "the wait doubles"),
],
},
{
"title": "Job scheduler, stage 3: idempotency keys and a dead-letter list",
"prompt": """
Stage 3 of the job scheduler capstone.

| request | answer |
|---|---|
| `POST /jobs` with `Idempotency-Key: K` | `202` and a new job the first time |
| the same key and the same body again | `200` or `202` with the **same** job (same `id`, same `Location`); no new job |
| the same key with a different body | `422` |
| `GET /dead-letters` | `200`, the jobs that failed for good, oldest first |
| `POST /dead-letters/{id}/retry` | `202`: the job leaves the list, is queued again and gets `max_attempts` new attempts (`attempts` keeps counting) |
| retrying a job that is not in the list | `404` or `409` |
""",
"hints": [
  "Keep a table key -> (job id, request body). On a submit with a key you have seen: same body, answer that job; different body, 422.",
  "Append a job to the dead-letter list at the moment it fails for good; remove it when it is retried from there.",
  "A flaky job counts all its attempts: one that failed once (fail_times 1) succeeds on its second attempt, even after a retry from the dead-letter list.",
],
"explanation": """
An idempotency key lets a client retry a submit safely: if the first answer was lost, the
second request gets the same job instead of a duplicate (the pattern behind
draft-ietf-httpapi-idempotency-key-header, and Stripe's API). A dead-letter list keeps the jobs
that could not succeed where a person can see them and send them round again, instead of
dropping them silently.
""",
"steps": [
 {"name": "a job to make keys from", "body": '''
request = { method = "POST", path = "/jobs", json = { type = "echo", payload = { seed = true } } }
asserts = ['status == 202']
captures = { seed = 'jsonpath "$.id"' }
'''},
 {"name": "submit with a key", "body": '''
request = { method = "POST", path = "/jobs", headers = { Idempotency-Key = "order-{{seed}}-a" }, json = { type = "echo", payload = { order = 1 } } }
asserts = [ 'status == 202', 'jsonpath "$.id" exists' ]
captures = { keyed_id = 'jsonpath "$.id"', keyed_url = 'header "Location"' }
'''},
 {"name": "the same key again", "body": '''
request = { method = "POST", path = "/jobs", headers = { Idempotency-Key = "order-{{seed}}-a" }, json = { type = "echo", payload = { order = 1 } } }
asserts = [
  { q = 'status', p = 'in [200, 202]', hint = "A repeated key with the same body answers the job it already made: 200 or 202." },
  { q = 'jsonpath "$.id"', p = '== "{{keyed_id}}"', hint = "Same Idempotency-Key, same body: the same job, not a new one." },
  'header "Location" == "{{keyed_url}}"',
]
'''},
 {"name": "same key, different body", "body": '''
request = { method = "POST", path = "/jobs", headers = { Idempotency-Key = "order-{{seed}}-a" }, json = { type = "echo", payload = { order = 2 } } }
asserts = [ { q = 'status', p = '== 422', hint = "A key reused for a different request is a client mistake: 422, and no job." } ]
'''},
 {"name": "another key, another job", "body": '''
request = { method = "POST", path = "/jobs", headers = { Idempotency-Key = "order-{{seed}}-b" }, json = { type = "echo", payload = { order = 1 } } }
asserts = [ 'status == 202', { q = 'jsonpath "$.id"', p = '!= "{{keyed_id}}"', hint = "A different key is a different job." } ]
'''},
 {"name": "a job that fails once", "body": '''
request = { method = "POST", path = "/jobs", json = { type = "flaky", payload = { fail_times = 1 }, max_attempts = 1 } }
asserts = ['status == 202']
captures = { once_id = 'jsonpath "$.id"' }
'''},
 {"name": "it fails", "body": poll("once_id", "failed", "", "One attempt allowed, and it fails: status failed.")},
 {"name": "it is in the dead-letter list", "body": '''
request = { method = "GET", path = "/dead-letters" }
asserts = [
  { q = 'status', p = '== 200', hint = "GET /dead-letters answers a JSON array of jobs." },
  { q = 'jsonpath "$[*].id"', p = 'contains "{{once_id}}"', hint = "A job that failed for good goes into the dead-letter list." },
  { q = 'jsonpath "$[*].id"', p = 'not contains "{{keyed_id}}"', hint = "Only failed jobs belong there." },
]
'''},
 {"name": "retry it from the list", "body": '''
request = { method = "POST", path = "/dead-letters/{{once_id}}/retry" }
asserts = [ { q = 'status', p = '== 202', hint = "Sending a dead job round again is accepted like a submit: 202." } ]
'''},
 {"name": "this time it succeeds", "body": poll("once_id", "succeeded",
  '''  { q = 'jsonpath "$.attempts"', p = '== 2', hint = "attempts keeps counting across the retry: 2." },
''', "Its second attempt in all succeeds (fail_times 1).")},
 {"name": "it leaves the dead-letter list", "body": '''
request = { method = "GET", path = "/dead-letters" }
asserts = [ 'status == 200', { q = 'jsonpath "$[*].id"', p = 'not contains "{{once_id}}"', hint = "A job retried from the list is no longer in it." } ]
'''},
 {"name": "only dead jobs can be retried", "body": '''
request = { method = "POST", path = "/dead-letters/{{keyed_id}}/retry" }
asserts = [ { q = 'status', p = 'in [404, 409]', hint = "That job succeeded; it is not in the dead-letter list: 404 (or 409)." } ]
'''},
],
"bugs": [
  ("no-backoff", "a stage-2 regression: retries run at once", "stage 2: the first attempt failed"),
  ("key-ignored", "Idempotency-Key is ignored", "the same key again"),
  ("key-any-body", "a key reused with another body is accepted", "same key, different body"),
  ("dlq-missing", "failed jobs are not listed", "it is in the dead-letter list"),
  ("dlq-sticky", "a retried job stays in the list", "it leaves the dead-letter list"),
],
},
]
