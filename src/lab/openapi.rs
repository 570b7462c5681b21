//! `GET /openapi.json`: an OpenAPI 3.1 description of the practice API, for Postman,
//! Insomnia or Swagger UI to import. Written by hand from the routes, kept honest by a test
//! that runs a real validator and one that checks every documented path answers.

use serde_json::{Map, Value, json};

/// A JSON response with `schema`.
fn json_response(description: &str, schema: Value) -> Value {
    json!({
        "description": description,
        "content": { "application/json": { "schema": schema } }
    })
}

/// A problem+json response.
fn problem(description: &str) -> Value {
    json!({
        "description": description,
        "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } }
    })
}

fn empty(description: &str) -> Value {
    json!({ "description": description })
}

fn schema(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn path_param(name: &str, schema: Value, description: &str) -> Value {
    json!({ "name": name, "in": "path", "required": true, "schema": schema, "description": description })
}

fn query_param(name: &str, schema: Value, description: &str) -> Value {
    json!({ "name": name, "in": "query", "required": false, "schema": schema, "description": description })
}

fn header_param(name: &str, description: &str) -> Value {
    json!({ "name": name, "in": "header", "required": false, "schema": { "type": "string" }, "description": description })
}

/// One operation: summary, tag, parameters, optional request body, and responses.
fn op(
    tag: &str,
    summary: &str,
    params: Vec<Value>,
    body: Option<Value>,
    responses: Vec<(&str, Value)>,
) -> Value {
    let mut o = json!({ "tags": [tag], "summary": summary });
    if !params.is_empty() {
        o["parameters"] = Value::Array(params);
    }
    if let Some(b) = body {
        o["requestBody"] = b;
    }
    let mut r = Map::new();
    for (code, v) in responses {
        r.insert(code.to_string(), v);
    }
    o["responses"] = Value::Object(r);
    o
}

fn json_body(schema: Value) -> Value {
    json!({ "required": true, "content": { "application/json": { "schema": schema } } })
}

fn any_body() -> Value {
    json!({
        "required": false,
        "content": {
            "application/json": { "schema": {} },
            "application/x-www-form-urlencoded": { "schema": { "type": "object" } },
            "text/plain": { "schema": { "type": "string" } }
        }
    })
}

/// The same echo operation under each of `methods`.
fn echo_item(methods: &[&str], summary: &str, params: Vec<Value>) -> Value {
    let mut item = Map::new();
    for m in methods {
        let body = (!matches!(*m, "get" | "delete")).then(any_body);
        item.insert(
            (*m).to_string(),
            op(
                "echo",
                summary,
                params.clone(),
                body,
                vec![(
                    "200",
                    json_response("The request, reflected", schema("Echo")),
                )],
            ),
        );
    }
    Value::Object(item)
}

const ANY: &[&str] = &["get", "post", "put", "patch", "delete"];

/// The whole document.
pub(crate) fn document() -> Value {
    let mut paths = Map::new();
    let mut add = |path: &str, item: Value| {
        paths.insert(path.to_string(), item);
    };
    core_paths(&mut add);
    extras_paths(&mut add);
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "backroad lab",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The practice HTTP API of backroad's lab. Every response carries Date; \
                errors are application/problem+json (RFC 9457); a wrong method gets 405 with Allow; \
                an unknown method 501; OPTIONS on any path 204 with Allow. Request bodies are limited \
                to 1 MiB (413). The seed admin for /admin/stats is admin / backroad-admin. \
                POST /_lab/reset restores the seed data.",
        },
        "servers": [{ "url": "http://127.0.0.1:7357", "description": "the lab on its default port" }],
        "tags": [
            { "name": "echo", "description": "The lab reflects what it was sent" },
            { "name": "methods", "description": "Safe and idempotent methods" },
            { "name": "status", "description": "Status codes and their invariants" },
            { "name": "tasks", "description": "REST CRUD over an in-memory SQLite" },
            { "name": "auth", "description": "Tokens, Basic auth, sessions and cookies" },
            { "name": "caching", "description": "Validators and conditional requests" },
            { "name": "negotiation", "description": "Content negotiation" },
            { "name": "redirects", "description": "Redirects" },
            { "name": "resilience", "description": "Rate limits, slow and flaky endpoints" },
            { "name": "async", "description": "Long-running jobs" },
            { "name": "cors", "description": "Cross-origin requests" },
            { "name": "uploads", "description": "Multipart uploads and forms" },
            { "name": "streaming", "description": "Server-sent events and NDJSON" },
            { "name": "webhooks", "description": "Signed callbacks to your server" },
            { "name": "ops", "description": "Health, readiness, metrics" },
            { "name": "lab", "description": "The lab itself" }
        ],
        "paths": paths,
        "components": components(),
    })
}

fn core_paths(add: &mut impl FnMut(&str, Value)) {
    add("/anything", echo_item(ANY, "Reflect the request", vec![]));
    add(
        "/anything/{path}",
        echo_item(
            ANY,
            "Reflect the request (any sub-path)",
            vec![path_param("path", json!({"type": "string"}), "Anything")],
        ),
    );
    add(
        "/echo",
        echo_item(ANY, "Reflect the request (alias of /anything)", vec![]),
    );
    add("/get", echo_item(&["get"], "Reflect a GET", vec![]));
    add("/post", echo_item(&["post"], "Reflect a POST", vec![]));
    add("/put", echo_item(&["put"], "Reflect a PUT", vec![]));
    add("/patch", echo_item(&["patch"], "Reflect a PATCH", vec![]));
    add(
        "/delete",
        echo_item(&["delete"], "Reflect a DELETE", vec![]),
    );
    add(
        "/headers",
        json!({ "get": op("echo", "The request headers", vec![], None, vec![("200", json_response("Headers, multi-valued", json!({"type": "object", "properties": {"headers": schema("MultiMap")}})))]) }),
    );
    add(
        "/ip",
        json!({ "get": op("echo", "The client's address", vec![], None, vec![("200", json_response("Address", json!({"type": "object", "properties": {"origin": {"type": "string"}}})))]) }),
    );
    add(
        "/user-agent",
        json!({ "get": op("echo", "The User-Agent header", vec![], None, vec![("200", json_response("User agent", json!({"type": "object", "properties": {"user-agent": {"type": ["string", "null"]}}})))]) }),
    );
    let counter = || json_response("The counter", schema("Counter"));
    add(
        "/counter",
        json!({
            "get": op("methods", "Read the counter (safe)", vec![], None, vec![("200", counter())]),
            "put": op("methods", "Set the counter (idempotent)", vec![], Some(json_body(schema("Counter"))), vec![("200", counter()), ("415", problem("Not JSON")), ("422", problem("value missing or not an integer"))]),
            "post": op("methods", "Increment the counter (not idempotent)", vec![], None, vec![("200", counter())]),
            "delete": op("methods", "Reset the counter to 0", vec![], None, vec![("204", empty("Reset"))]),
        }),
    );
    let mut status = Map::new();
    for m in ANY {
        status.insert((*m).to_string(), op(
            "status",
            "Answer with this status code",
            vec![path_param("code", json!({"type": "integer", "minimum": 200, "maximum": 599}), "A final status code")],
            None,
            vec![
                ("2XX", json_response("The status asked for (204/205 without a body; 201 with Location)", json!({"type": "object"}))),
                ("3XX", empty("The status asked for, with Location (304 without)")),
                ("400", problem("1xx or out of range: not a final status")),
                ("4XX", problem("The status asked for (401 with WWW-Authenticate, 405 with Allow, 429 with Retry-After)")),
                ("5XX", problem("The status asked for (503 with Retry-After)")),
            ],
        ));
    }
    add("/status/{code}", Value::Object(status));

    let task = || schema("Task");
    let etag_header = json!({ "ETag": { "schema": { "type": "string" }, "description": "Strong validator of the task" } });
    let with_etag = |desc: &str| {
        let mut r = json_response(desc, task());
        r["headers"] = etag_header.clone();
        r
    };
    let id = || path_param("id", json!({"type": "integer"}), "Task id");
    add(
        "/api/tasks",
        json!({
            "get": op("tasks", "List tasks", vec![
                query_param("completed", json!({"type": "boolean"}), "Only done (true) or open (false) tasks"),
                query_param("q", json!({"type": "string"}), "Title contains this text"),
                query_param("sort", json!({"type": "string", "examples": ["-created_at,title"]}), "Comma-separated fields (id, title, completed, created_at); - for descending"),
                query_param("page", json!({"type": "integer", "minimum": 1, "default": 1}), "Page number"),
                query_param("limit", json!({"type": "integer", "minimum": 1, "maximum": 100, "default": 20}), "Page size"),
            ], None, vec![
                ("200", {
                    let mut r = json_response("A page of tasks (empty past the last page)", json!({"type": "array", "items": task()}));
                    r["headers"] = json!({
                        "X-Total-Count": { "schema": { "type": "integer" }, "description": "Tasks matching the filters" },
                        "Link": { "schema": { "type": "string" }, "description": "first, prev, next and last pages" }
                    });
                    r
                }),
                ("400", problem("A query parameter is invalid (field names it)")),
            ]),
            "post": op("tasks", "Create a task", vec![], Some(json_body(schema("TaskInput"))), vec![
                ("201", {
                    let mut r = with_etag("Created");
                    r["headers"]["Location"] = json!({ "schema": { "type": "string" }, "description": "The new task's URL" });
                    r
                }),
                ("400", problem("Malformed JSON")),
                ("415", problem("Not sent as application/json")),
                ("422", problem("A field is missing, invalid or unknown (field names it)")),
            ]),
        }),
    );
    add(
        "/api/tasks/{id}",
        json!({
            "parameters": [id()],
            "get": op("tasks", "Read a task", vec![header_param("If-None-Match", "ETag(s) you have; 304 when one matches")], None, vec![
                ("200", with_etag("The task")),
                ("304", empty("Not modified: your copy is current")),
                ("404", problem("No such task")),
            ]),
            "put": op("tasks", "Replace a task", vec![header_param("If-Match", "Only if the task still has this ETag")], Some(json_body(schema("TaskInput"))), vec![
                ("200", with_etag("Replaced")),
                ("400", problem("Malformed JSON")),
                ("404", problem("No such task")),
                ("412", problem("If-Match did not match: the task changed")),
                ("415", problem("Not JSON")),
                ("422", problem("Invalid field")),
            ]),
            "patch": op("tasks", "Change some fields (JSON Merge Patch)", vec![header_param("If-Match", "Only if the task still has this ETag")], Some(json!({
                "required": true,
                "content": {
                    "application/merge-patch+json": { "schema": schema("TaskPatch") },
                    "application/json": { "schema": schema("TaskPatch") }
                }
            })), vec![
                ("200", with_etag("Patched")),
                ("404", problem("No such task")),
                ("412", problem("If-Match did not match")),
                ("415", problem("Unsupported patch format (see Accept-Patch)")),
                ("422", problem("Invalid field")),
            ]),
            "delete": op("tasks", "Delete a task", vec![header_param("If-Match", "Only if the task still has this ETag")], None, vec![
                ("204", empty("Deleted")),
                ("404", problem("No such task (or already deleted)")),
                ("412", problem("If-Match did not match")),
            ]),
        }),
    );
    add(
        "/health",
        json!({ "get": op("ops", "Liveness", vec![], None, vec![("200", json_response("Up", json!({"type": "object", "properties": {"status": {"const": "ok"}, "uptime_seconds": {"type": "integer"}}})))]) }),
    );
    add(
        "/ready",
        json!({ "get": op("ops", "Readiness", vec![], None, vec![("200", json_response("Ready", json!({"type": "object"}))), ("503", json_response("Not ready", json!({"type": "object"})))]) }),
    );
    add(
        "/metrics",
        json!({ "get": op("ops", "Prometheus metrics", vec![], None, vec![("200", json!({"description": "Text exposition format 0.0.4", "content": {"text/plain": {"schema": {"type": "string"}}}}))]) }),
    );
    add(
        "/_lab/info",
        json!({ "get": op("lab", "Who is on this port", vec![], None, vec![("200", json_response("Identity", json!({"type": "object", "required": ["name", "version"], "properties": {"name": {"const": "backroad-lab"}, "version": {"type": "string"}}})))]) }),
    );
    add(
        "/_lab/journal",
        json!({ "get": op("lab", "Recent exchanges", vec![query_param("since", json!({"type": "integer", "default": 0}), "Only exchanges after this id")], None, vec![("200", json_response("Exchanges, oldest first", json!({"type": "object"}))), ("422", problem("since is not an integer"))]) }),
    );
    add(
        "/_lab/problems/{slug}",
        json!({ "get": op("lab", "What a problem type means (the `type` of a problem+json)", vec![path_param("slug", json!({"type": "string"}), "e.g. validation")], None, vec![("200", json_response("The problem type", json!({"type": "object"}))), ("404", problem("Unknown problem type"))]) }),
    );
    add(
        "/_lab/reset",
        json!({ "post": op("lab", "Restore the seed data", vec![], None, vec![("204", empty("Reset"))]) }),
    );
    add(
        "/openapi.json",
        json!({ "get": op("lab", "This document", vec![], None, vec![("200", json_response("OpenAPI 3.1", json!({"type": "object"})))]) }),
    );
}

/// The extra groups (`extras/`), documented from their routes.
fn extras_paths(add: &mut impl FnMut(&str, Value)) {
    let obj = || json!({ "type": "object" });
    let ok = |d: &str| json_response(d, json!({ "type": "object" }));
    let creds = json_body(schema("Credentials"));
    let bearer = json!([{ "bearerAuth": [] }]);
    let mut me = op(
        "auth",
        "The logged-in user",
        vec![],
        None,
        vec![
            ("200", ok("The user (never the password)")),
            (
                "401",
                problem("No, malformed or expired token (WWW-Authenticate: Bearer)"),
            ),
        ],
    );
    me["security"] = bearer.clone();
    let mut stats = op(
        "auth",
        "Admin-only statistics",
        vec![],
        None,
        vec![
            ("200", ok("Stats")),
            ("401", problem("No valid token")),
            (
                "403",
                problem("Valid token without the admin role (insufficient_scope)"),
            ),
        ],
    );
    stats["security"] = bearer;
    add(
        "/auth/register",
        json!({ "post": op("auth", "Create an account", vec![], Some(creds.clone()), vec![("201", ok("Created")), ("409", problem("Username taken")), ("422", problem("Invalid field"))]) }),
    );
    add(
        "/auth/login",
        json!({ "post": op("auth", "Log in for a JWT (HS256, expires)", vec![], Some(creds.clone()), vec![("200", ok("Token")), ("401", problem("Wrong credentials"))]) }),
    );
    add("/auth/me", json!({ "get": me }));
    add("/admin/stats", json!({ "get": stats }));
    add(
        "/basic-auth/{user}/{pass}",
        json!({ "get": {
        "tags": ["auth"], "summary": "HTTP Basic auth against the user and password in the path",
        "security": [{ "basicAuth": [] }],
        "parameters": [path_param("user", json!({"type": "string"}), "Expected user"), path_param("pass", json!({"type": "string"}), "Expected password")],
        "responses": { "200": ok("Authenticated"), "401": problem("Missing or wrong credentials (WWW-Authenticate: Basic)") }
    } }),
    );
    add(
        "/session/login",
        json!({ "post": op("auth", "Log in with a session cookie", vec![], Some(creds), vec![("200", ok("Logged in (Set-Cookie: session=...; HttpOnly; SameSite=Lax; Path=/)")), ("401", problem("Wrong credentials"))]) }),
    );
    add(
        "/session/me",
        json!({ "get": {
        "tags": ["auth"], "summary": "The session's user", "security": [{ "cookieAuth": [] }],
        "responses": { "200": ok("The user"), "401": problem("No session") }
    } }),
    );
    add(
        "/session/logout",
        json!({ "post": op("auth", "End the session (cookie expired with Max-Age=0)", vec![], None, vec![("204", empty("Logged out"))]) }),
    );
    add(
        "/cookies",
        json!({ "get": op("auth", "The cookies you sent", vec![], None, vec![("200", ok("Cookies"))]) }),
    );
    add(
        "/cookies/set",
        json!({ "get": op("auth", "Set each query parameter as a cookie", vec![], None, vec![("200", ok("Cookies set"))]) }),
    );

    let conditional = || {
        vec![
            header_param("If-None-Match", "ETag(s) you have"),
            header_param("If-Modified-Since", "HTTP date of your copy"),
            header_param("If-Match", "Only if the ETag matches (strong)"),
        ]
    };
    add(
        "/cache",
        json!({ "get": op("caching", "A cacheable response with ETag and Last-Modified", conditional(), None, vec![("200", ok("Fresh")), ("304", empty("Not modified")), ("412", problem("If-Match failed"))]) }),
    );
    add(
        "/cache/{seconds}",
        json!({ "get": op("caching", "Cache-Control: max-age=seconds", { let mut p = conditional(); p.push(path_param("seconds", json!({"type": "integer", "minimum": 0}), "max-age")); p }, None, vec![("200", ok("Fresh")), ("304", empty("Not modified"))]) }),
    );
    add(
        "/etag/{tag}",
        json!({ "get": op("caching", "A response with this ETag", { let mut p = conditional(); p.push(path_param("tag", json!({"type": "string"}), "The entity tag, unquoted")); p }, None, vec![("200", ok("Fresh")), ("304", empty("Not modified")), ("412", problem("If-Match failed"))]) }),
    );

    add(
        "/negotiate",
        json!({ "get": {
        "tags": ["negotiation"], "summary": "JSON, XML or text, by Accept (Vary: Accept)",
        "parameters": [header_param("Accept", "Media types with q-values")],
        "responses": {
            "200": { "description": "The best match", "content": { "application/json": { "schema": obj() }, "application/xml": { "schema": { "type": "string" } }, "text/plain": { "schema": { "type": "string" } } } },
            "406": problem("Nothing acceptable (lists what is available)")
        }
    } }),
    );
    add(
        "/json",
        json!({ "get": op("negotiation", "Always JSON", vec![], None, vec![("200", ok("JSON"))]) }),
    );
    add(
        "/xml",
        json!({ "get": { "tags": ["negotiation"], "summary": "Always XML", "responses": { "200": { "description": "XML", "content": { "application/xml": { "schema": { "type": "string" } } } } } } }),
    );
    add(
        "/html",
        json!({ "get": { "tags": ["negotiation"], "summary": "Always HTML", "responses": { "200": { "description": "HTML", "content": { "text/html": { "schema": { "type": "string" } } } } } } }),
    );

    add(
        "/redirect/{n}",
        json!({ "get": op("redirects", "302 n times, then /get", vec![path_param("n", json!({"type": "integer", "minimum": 1}), "Redirects left")], None, vec![("302", empty("Found (Location)")), ("400", problem("n out of range"))]) }),
    );
    add(
        "/redirect-to",
        json!({ "get": op("redirects", "Redirect to url (relative or loopback only)", vec![
        query_param("url", json!({"type": "string"}), "Target"),
        query_param("status", json!({"type": "integer", "default": 302}), "A 3xx code"),
    ], None, vec![("3XX", empty("Redirect (Location)")), ("400", problem("Bad parameters")), ("403", problem("Not a relative or loopback target: the open-redirect lesson"))]) }),
    );
    let mut by_method = Map::new();
    for m in ANY {
        by_method.insert(
            (*m).to_string(),
            op(
                "redirects",
                "Redirect with this code to an echo of the next request",
                vec![path_param(
                    "code",
                    json!({"type": "integer", "enum": [301, 302, 303, 307, 308]}),
                    "Redirect status",
                )],
                None,
                vec![
                    ("3XX", empty("Redirect (Location)")),
                    ("400", problem("Not a redirect code")),
                ],
            ),
        );
    }
    add("/redirect-method/{code}", Value::Object(by_method));
    let mut target = Map::new();
    for m in ANY {
        let summary =
            "Echo the method and body that arrived (where /redirect-method/{code} points)";
        target.insert(
            (*m).to_string(),
            op(
                "redirects",
                summary,
                vec![],
                None,
                vec![("200", ok("What arrived"))],
            ),
        );
    }
    add("/redirect-method/target", Value::Object(target));

    add(
        "/ratelimit",
        json!({ "get": op("resilience", "A per-client rate limit", vec![
        query_param("limit", json!({"type": "integer", "minimum": 1}), "Requests per window"),
        query_param("window", json!({"type": "integer", "minimum": 1}), "Window in seconds"),
    ], None, vec![("200", ok("Allowed (RateLimit-* headers)")), ("429", problem("Over the limit (Retry-After)"))]) }),
    );
    add(
        "/delay/{secs}",
        json!({ "get": op("resilience", "Answer after secs seconds (bounded)", vec![path_param("secs", json!({"type": "number", "minimum": 0, "maximum": 10}), "Seconds")], None, vec![("200", ok("Delayed")), ("400", problem("Out of range"))]) }),
    );
    add(
        "/unstable",
        json!({ "get": op("resilience", "Fail at random", vec![
        query_param("failure_rate", json!({"type": "number", "minimum": 0, "maximum": 1}), "Chance of a 503"),
        query_param("seed", json!({"type": "integer"}), "Repeatable outcome"),
    ], None, vec![("200", ok("Lucky")), ("503", problem("Unlucky (Retry-After)"))]) }),
    );
    add(
        "/flaky",
        json!({ "get": op("resilience", "Fail the first N calls", vec![
        query_param("fail_first", json!({"type": "integer", "minimum": 0}), "Failures before success"),
        query_param("key", json!({"type": "string"}), "Separate counter"),
    ], None, vec![("200", ok("Success")), ("503", problem("Not yet (Retry-After)"))]) }),
    );

    add(
        "/api/jobs",
        json!({
            "get": op("async", "List jobs", vec![], None, vec![("200", json_response("Jobs", json!({"type": "array", "items": obj()})))]),
            "post": op("async", "Start a job", vec![], None, vec![("202", { let mut r = ok("Accepted"); r["headers"] = json!({"Location": {"schema": {"type": "string"}, "description": "/api/jobs/{id}"}}); r })]),
        }),
    );
    add(
        "/api/jobs/{id}",
        json!({ "get": op("async", "A job's status: queued, running, done", vec![path_param("id", json!({"type": "string"}), "Job id")], None, vec![("200", ok("Status")), ("404", problem("No such job"))]) }),
    );
    add(
        "/api/jobs/{id}/result",
        json!({ "get": op("async", "A done job's result", vec![path_param("id", json!({"type": "string"}), "Job id")], None, vec![("200", ok("Result")), ("404", problem("No such job")), ("409", problem("Not done yet"))]) }),
    );

    let cors = |summary: &str| {
        let mut item = Map::new();
        for m in ["get", "post", "put", "patch", "delete"] {
            item.insert(
                m.into(),
                op(
                    "cors",
                    summary,
                    vec![header_param("Origin", "The page's origin")],
                    None,
                    vec![(
                        "200",
                        ok("Access-Control-Allow-Origin when the origin is allowed"),
                    )],
                ),
            );
        }
        item.insert("options".into(), op("cors", "Preflight", vec![header_param("Origin", "The page's origin"), header_param("Access-Control-Request-Method", "The method the page wants")], None, vec![("204", empty("Allowed origin: exact ACAO, Allow-Methods, Allow-Headers, Max-Age, Vary: Origin"))]));
        Value::Object(item)
    };
    add("/cors", cors("A CORS-enabled resource"));
    add("/cors/{path}", {
        let mut v = cors("A CORS-enabled resource");
        v["parameters"] = json!([path_param("path", json!({"type": "string"}), "Anything")]);
        v
    });

    add(
        "/upload",
        json!({ "post": {
        "tags": ["uploads"], "summary": "Describe each uploaded file (size, sha256); nothing is stored",
        "requestBody": { "required": true, "content": { "multipart/form-data": { "schema": { "type": "object" } } } },
        "responses": { "200": ok("Files and fields"), "400": problem("Not multipart or no boundary"), "413": problem("Over 1 MiB") }
    } }),
    );
    add(
        "/form",
        json!({ "post": {
        "tags": ["uploads"], "summary": "Echo an urlencoded form",
        "requestBody": { "required": true, "content": { "application/x-www-form-urlencoded": { "schema": { "type": "object" } } } },
        "responses": { "200": ok("Fields"), "415": problem("Not a form") }
    } }),
    );
    add(
        "/sse",
        json!({ "get": {
        "tags": ["streaming"], "summary": "Server-sent events (resumes from Last-Event-ID)",
        "parameters": [query_param("count", json!({"type": "integer", "minimum": 1}), "Events"), query_param("interval", json!({"type": "number", "minimum": 0}), "Seconds between events"), header_param("Last-Event-ID", "Resume after this id")],
        "responses": { "200": { "description": "An event stream", "content": { "text/event-stream": { "schema": { "type": "string" } } } } }
    } }),
    );
    add(
        "/stream/{n}",
        json!({ "get": {
        "tags": ["streaming"], "summary": "n NDJSON lines, flushed as produced",
        "parameters": [path_param("n", json!({"type": "integer", "minimum": 1}), "Lines")],
        "responses": { "200": { "description": "Newline-delimited JSON", "content": { "application/x-ndjson": { "schema": { "type": "string" } } } } }
    } }),
    );
    add(
        "/webhooks",
        json!({ "get": op("webhooks", "List registered webhooks", vec![], None, vec![("200", json_response("Webhooks", json!({"type": "array", "items": obj()})))]), "post": op("webhooks", "Register a loopback callback URL", vec![], Some(json_body(json!({"type": "object", "required": ["url"], "properties": {"url": {"type": "string", "format": "uri"}}}))), vec![("201", ok("Registered")), ("403", problem("Not a loopback URL")), ("422", problem("Invalid url"))]) }),
    );
    add(
        "/webhooks/{id}",
        json!({ "get": op("webhooks", "A registration and its deliveries", vec![path_param("id", json!({"type": "string"}), "Webhook id")], None, vec![("200", ok("Registration")), ("404", problem("No such webhook"))]), "delete": op("webhooks", "Remove a webhook", vec![path_param("id", json!({"type": "string"}), "Webhook id")], None, vec![("204", empty("Removed")), ("404", problem("No such webhook"))]) }),
    );
    add(
        "/webhooks/{id}/test",
        json!({ "post": op("webhooks", "Deliver a signed test event (HMAC-SHA256, retried with backoff)", vec![path_param("id", json!({"type": "string"}), "Webhook id")], None, vec![("202", ok("Delivery started")), ("404", problem("No such webhook"))]) }),
    );
}

fn components() -> Value {
    json!({
        "schemas": {
            "Task": {
                "type": "object",
                "required": ["id", "title", "completed", "created_at"],
                "properties": {
                    "id": { "type": "integer", "readOnly": true },
                    "title": { "type": "string", "minLength": 1, "maxLength": 200 },
                    "completed": { "type": "boolean" },
                    "created_at": { "type": "string", "format": "date-time", "readOnly": true }
                },
                "additionalProperties": false
            },
            "TaskInput": {
                "type": "object",
                "required": ["title"],
                "properties": {
                    "title": { "type": "string", "minLength": 1, "maxLength": 200 },
                    "completed": { "type": "boolean", "default": false }
                },
                "additionalProperties": false,
                "examples": [{ "title": "Buy milk" }]
            },
            "TaskPatch": {
                "type": "object",
                "properties": {
                    "title": { "type": "string", "minLength": 1, "maxLength": 200 },
                    "completed": { "type": "boolean" }
                },
                "additionalProperties": false
            },
            "Counter": {
                "type": "object",
                "required": ["value"],
                "properties": { "value": { "type": "integer" } }
            },
            "Credentials": {
                "type": "object",
                "required": ["username", "password"],
                "properties": { "username": { "type": "string" }, "password": { "type": "string", "format": "password" } }
            },
            "MultiMap": {
                "type": "object",
                "additionalProperties": { "type": "array", "items": { "type": "string" } }
            },
            "Echo": {
                "type": "object",
                "properties": {
                    "method": { "type": "string" },
                    "url": { "type": "string" },
                    "path": { "type": "string" },
                    "query": { "$ref": "#/components/schemas/MultiMap" },
                    "headers": { "$ref": "#/components/schemas/MultiMap" },
                    "origin": { "type": "string" },
                    "http_version": { "type": "string" },
                    "body": { "type": "string" },
                    "body_bytes": { "type": "integer" },
                    "json": {},
                    "form": { "oneOf": [{ "$ref": "#/components/schemas/MultiMap" }, { "type": "null" }] }
                }
            },
            "Problem": {
                "type": "object",
                "description": "RFC 9457 problem details",
                "required": ["type", "title", "status", "detail"],
                "properties": {
                    "type": { "type": "string", "format": "uri-reference" },
                    "title": { "type": "string" },
                    "status": { "type": "integer" },
                    "detail": { "type": "string" },
                    "field": { "type": "string", "description": "The request field at fault" },
                    "errors": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["field", "detail"],
                            "properties": { "field": { "type": "string" }, "detail": { "type": "string" } }
                        }
                    }
                }
            }
        },
        "securitySchemes": {
            "bearerAuth": { "type": "http", "scheme": "bearer", "bearerFormat": "JWT" },
            "basicAuth": { "type": "http", "scheme": "basic" },
            "cookieAuth": { "type": "apiKey", "in": "cookie", "name": "session" }
        }
    })
}

/// `GET /openapi.json`.
pub(crate) async fn serve(trace: super::Trace) -> axum::Json<Value> {
    trace.handler("lab::openapi");
    axum::Json(document())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_path_parameter_is_declared() {
        let doc = document();
        let re = regex::Regex::new(r"\{([^}]+)\}").unwrap();
        for (path, item) in doc["paths"].as_object().unwrap() {
            for cap in re.captures_iter(path) {
                let name = &cap[1];
                let declared_on_path = item["parameters"]
                    .as_array()
                    .is_some_and(|ps| ps.iter().any(|p| p["name"] == name));
                for (method, op) in item.as_object().unwrap() {
                    if method == "parameters" {
                        continue;
                    }
                    let declared = declared_on_path
                        || op["parameters"].as_array().is_some_and(|ps| {
                            ps.iter().any(|p| p["name"] == name && p["in"] == "path")
                        });
                    assert!(declared, "{method} {path} does not declare {name}");
                }
            }
        }
    }
}
