//! The OpenAPI 3.1 document (`GET /openapi.json`, for Postman, Insomnia or Swagger UI): the
//! parts every family's description shares (the builders below, the components, the info
//! and tags). Each family documents its own paths where it registers its routes
//! (`families::Api::route`), so the document lists exactly what the router serves.

use serde_json::{Map, Value, json};

/// A JSON response with `schema`.
pub(crate) fn json_response(description: &str, schema: Value) -> Value {
    json!({
        "description": description,
        "content": { "application/json": { "schema": schema } }
    })
}

/// A problem+json response.
pub(crate) fn problem(description: &str) -> Value {
    json!({
        "description": description,
        "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } }
    })
}

/// What every operation of `path` gets from the rules that apply to all of them: an
/// `operationId` from its method and path, and the errors the shared request helpers answer
/// (400 for a parameter or body that does not parse, 413/415 for bodies, 412 where a
/// precondition header is read), unless the family documented them itself.
fn complete(path: &str, item: &mut Value) {
    let shared_params = item.get("parameters").cloned();
    let Some(ops) = item.as_object_mut() else {
        return;
    };
    for (method, op) in ops.iter_mut() {
        if method == "parameters" {
            continue;
        }
        op["operationId"] = Value::String(operation_id(method, path));
        let params: Vec<Value> = op["parameters"]
            .as_array()
            .into_iter()
            .chain(shared_params.as_ref().and_then(Value::as_array))
            .flatten()
            .cloned()
            .collect();
        let Some(responses) = op["responses"].as_object_mut() else {
            continue;
        };
        let mut add = |code: &str, why: &str| {
            if !responses.contains_key(code)
                && !responses.contains_key(&format!("{}XX", &code[..1]))
            {
                responses.insert(code.to_string(), problem(why));
            }
        };
        if params
            .iter()
            .any(|p| p["in"] == "path" || p["in"] == "query")
        {
            add(
                "400",
                "A parameter does not parse or is out of range (field names it)",
            );
        }
        if params
            .iter()
            .any(|p| p["name"] == "If-Match" || p["name"] == "If-None-Match")
            && method != "get"
        {
            add(
                "412",
                "A precondition (If-Match, If-None-Match) does not hold",
            );
        }
        if let Some(content) = op.get("requestBody").and_then(|b| b["content"].as_object()) {
            let json = content.keys().any(|k| k.contains("json"));
            let multipart = content.contains_key("multipart/form-data");
            let form = content.contains_key("application/x-www-form-urlencoded");
            let mut add = |code: &str, why: &str| {
                if let Some(r) = op["responses"].as_object_mut()
                    && !r.contains_key(code)
                {
                    r.insert(code.to_string(), problem(why));
                }
            };
            if json || multipart || form {
                add("400", "The body does not parse");
                add(
                    "415",
                    "The body's Content-Type is not one this operation reads",
                );
            }
            if json {
                add(
                    "422",
                    "The JSON body does not have the expected shape (field names it)",
                );
            }
            add("413", "The body is over 1 MiB");
        }
    }
}

/// `get` + `/api/tasks/{id}` → `get_api_tasks_id`: unique, since a path has one operation per
/// method.
fn operation_id(method: &str, path: &str) -> String {
    let mut id = method.to_string();
    for part in path.split(|c: char| !c.is_ascii_alphanumeric()) {
        if !part.is_empty() {
            id.push('_');
            id.push_str(part);
        }
    }
    if path == "/" {
        id.push_str("_root");
    }
    id
}

/// A JSON object response (the lab's default shape).
pub(crate) fn ok(description: &str) -> Value {
    json_response(description, object())
}

/// Any JSON object.
pub(crate) fn object() -> Value {
    json!({ "type": "object" })
}

pub(crate) fn empty(description: &str) -> Value {
    json!({ "description": description })
}

pub(crate) fn schema(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

pub(crate) fn path_param(name: &str, schema: Value, description: &str) -> Value {
    json!({ "name": name, "in": "path", "required": true, "schema": schema, "description": description })
}

pub(crate) fn query_param(name: &str, schema: Value, description: &str) -> Value {
    json!({ "name": name, "in": "query", "required": false, "schema": schema, "description": description })
}

pub(crate) fn header_param(name: &str, description: &str) -> Value {
    json!({ "name": name, "in": "header", "required": false, "schema": { "type": "string" }, "description": description })
}

/// One operation: summary, tag, parameters, optional request body, and responses.
pub(crate) fn op(
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

pub(crate) fn json_body(schema: Value) -> Value {
    json!({ "required": true, "content": { "application/json": { "schema": schema } } })
}

pub(crate) fn any_body() -> Value {
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
pub(crate) fn echo_item(methods: &[&str], summary: &str, params: Vec<Value>) -> Value {
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

pub(crate) const ANY: &[&str] = &["get", "post", "put", "patch", "delete"];

/// The whole document.
pub(crate) fn document() -> Value {
    let mut paths = super::families::api().into_paths();
    for (path, item) in paths.iter_mut() {
        complete(path, item);
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "backroad lab",
            "version": env!("CARGO_PKG_VERSION"),
            "license": { "name": "MIT", "identifier": "MIT" },
            "description": "The practice HTTP API of backroad's lab. Every response carries Date; \
                errors are application/problem+json (RFC 9457); a wrong method gets 405 with Allow; \
                an unknown method (such as QUERY) 501; OPTIONS on any path listed here 204 with Allow \
                (the CORS paths answer their own preflight). An HTTP/1.1 request needs exactly one \
                valid Host (400 otherwise); a request target over 8 KiB gets 414. Request bodies are \
                limited to 1 MiB (413); a handler has 10 s (503). The seed admin for /admin/stats is admin / backroad-admin. \
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

fn components() -> Value {
    json!({
        "schemas": {
            "Task": {
                "type": "object",
                "required": ["id", "title", "completed", "created_at"],
                "properties": {
                    "id": { "type": "integer", "readOnly": true },
                    "title": { "type": "string", "minLength": 1, "maxLength": 200, "pattern": "[^\\s\\u0085]" },
                    "completed": { "type": "boolean" },
                    "created_at": { "type": "string", "format": "date-time", "readOnly": true }
                },
                "additionalProperties": false
            },
            "TaskInput": {
                "type": "object",
                "required": ["title"],
                "properties": {
                    "title": { "type": "string", "minLength": 1, "maxLength": 200, "pattern": "[^\\s\\u0085]" },
                    "completed": { "type": "boolean", "default": false }
                },
                "additionalProperties": false,
                "examples": [{ "title": "Buy milk" }]
            },
            "TaskPatch": {
                "type": "object",
                "properties": {
                    "title": { "type": "string", "minLength": 1, "maxLength": 200, "pattern": "[^\\s\\u0085]" },
                    "completed": { "type": "boolean" }
                },
                "additionalProperties": false
            },
            "Counter": {
                "type": "object",
                "required": ["value"],
                "properties": { "value": { "type": "integer", "minimum": i64::MIN, "maximum": i64::MAX } }
            },
            "Credentials": {
                "type": "object",
                "required": ["username", "password"],
                "properties": {
                    "username": { "type": "string", "pattern": "^[A-Za-z0-9_.-]{3,32}$" },
                    "password": { "type": "string", "format": "password", "minLength": 8 }
                }
            },
            "Login": {
                "type": "object",
                "required": ["username", "password"],
                "properties": {
                    "username": { "type": "string" },
                    "password": { "type": "string", "format": "password" },
                    "expires_in": { "type": "integer", "minimum": 1, "maximum": 86_400, "default": 3600, "description": "Token lifetime in seconds" }
                }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_ids_are_unique_and_every_operation_has_one() {
        let doc = document();
        let mut seen = std::collections::BTreeSet::new();
        for (path, item) in doc["paths"].as_object().unwrap() {
            for (method, op) in item.as_object().unwrap() {
                if method == "parameters" {
                    continue;
                }
                let id = op["operationId"].as_str().unwrap_or_default().to_string();
                assert!(!id.is_empty(), "{method} {path} has no operationId");
                assert!(seen.insert(id.clone()), "{id} is used twice");
            }
        }
        assert!(doc["info"]["license"]["name"].is_string());
    }

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
