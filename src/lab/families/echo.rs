//! The echo family: `/anything`, `/echo`, `/get` ... `/delete`, `/headers`, `/ip`,
//! `/user-agent`: the lab reflecting what it was sent.

use super::Api;
use crate::lab::Trace;
use crate::lab::openapi::{ANY, echo_item, json_response, op, path_param, schema};
use crate::lab::support::{every_method, parse_urlencoded};
use axum::Json;
use axum::body::Bytes;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Method, Uri, Version, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, patch, post, put};
use serde_json::{Map, Value, json};
use std::net::SocketAddr;

pub(super) fn api(api: &mut Api) {
    api.route(
        "/anything",
        every_method(anything),
        echo_item(ANY, "Reflect the request", vec![]),
    );
    api.route(
        "/anything/{*path}",
        every_method(anything),
        echo_item(
            ANY,
            "Reflect the request (any sub-path)",
            vec![path_param("path", json!({"type": "string"}), "Anything")],
        ),
    );
    api.route(
        "/echo",
        every_method(anything),
        echo_item(ANY, "Reflect the request (alias of /anything)", vec![]),
    );
    api.route(
        "/get",
        get(method_echo),
        echo_item(&["get"], "Reflect a GET", vec![]),
    );
    api.route(
        "/post",
        post(method_echo),
        echo_item(&["post"], "Reflect a POST", vec![]),
    );
    api.route(
        "/put",
        put(method_echo),
        echo_item(&["put"], "Reflect a PUT", vec![]),
    );
    api.route(
        "/patch",
        patch(method_echo),
        echo_item(&["patch"], "Reflect a PATCH", vec![]),
    );
    api.route(
        "/delete",
        delete(method_echo),
        echo_item(&["delete"], "Reflect a DELETE", vec![]),
    );
    api.route(
        "/headers",
        get(headers),
        json!({ "get": op("echo", "The request headers", vec![], None, vec![("200", json_response("Headers, multi-valued", json!({"type": "object", "properties": {"headers": schema("MultiMap")}})))]) }),
    );
    api.route(
        "/ip",
        get(ip),
        json!({ "get": op("echo", "The client's address", vec![], None, vec![("200", json_response("Address", json!({"type": "object", "properties": {"origin": {"type": "string"}}})))]) }),
    );
    api.route(
        "/user-agent",
        get(user_agent),
        json!({ "get": op("echo", "The User-Agent header", vec![], None, vec![("200", json_response("User agent", json!({"type": "object", "properties": {"user-agent": {"type": ["string", "null"]}}})))]) }),
    );
}

/// Pairs → `{"k": ["v1", "v2"]}` (every value a list: keys may repeat).
fn multi_map<'a>(pairs: impl IntoIterator<Item = (&'a str, String)>) -> Value {
    let mut map = Map::new();
    for (k, v) in pairs {
        match map
            .entry(k.to_string())
            .or_insert_with(|| Value::Array(Vec::new()))
        {
            Value::Array(a) => a.push(Value::String(v)),
            _ => unreachable!("every entry is an array"),
        }
    }
    Value::Object(map)
}

fn headers_json(h: &HeaderMap) -> Value {
    multi_map(h.iter().map(|(k, v)| {
        (
            k.as_str(),
            String::from_utf8_lossy(v.as_bytes()).into_owned(),
        )
    }))
}

fn version_name(v: Version) -> &'static str {
    match v {
        Version::HTTP_09 => "HTTP/0.9",
        Version::HTTP_10 => "HTTP/1.0",
        Version::HTTP_11 => "HTTP/1.1",
        Version::HTTP_2 => "HTTP/2",
        Version::HTTP_3 => "HTTP/3",
        _ => "HTTP/?",
    }
}

fn media_type(h: &HeaderMap) -> String {
    h.get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .unwrap_or_default()
}

/// Everything the lab can say about a request, as JSON.
fn reflect(
    method: &Method,
    uri: &Uri,
    version: Version,
    headers: &HeaderMap,
    client: SocketAddr,
    body: &Bytes,
) -> Value {
    let query = parse_urlencoded(uri.query().unwrap_or(""));
    let mt = media_type(headers);
    let text = String::from_utf8_lossy(body);
    let parsed_json = if mt == "application/json" || mt.ends_with("+json") {
        serde_json::from_slice::<Value>(body).ok()
    } else {
        None
    };
    let form = (mt == "application/x-www-form-urlencoded").then(|| {
        let pairs = parse_urlencoded(&text);
        multi_map(pairs.iter().map(|(k, v)| (k.as_str(), v.clone())))
    });
    // An absolute-form target (`GET http://host/path`) names the host itself, and then Host
    // is ignored (RFC 9112 §3.2.2); so does HTTP/2's :authority.
    let host = uri
        .authority()
        .map(|a| a.to_string())
        .or_else(|| {
            headers
                .get(header::HOST)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        })
        .unwrap_or_default();
    let scheme = uri.scheme_str().unwrap_or("http");
    json!({
        "method": method.as_str(),
        "url": format!("{scheme}://{host}{}", uri.path_and_query().map_or("/", |p| p.as_str())),
        "path": uri.path(),
        "query": multi_map(query.iter().map(|(k, v)| (k.as_str(), v.clone()))),
        "headers": headers_json(headers),
        "origin": client.ip().to_string(),
        "http_version": version_name(version),
        "body": text,
        "body_bytes": body.len(),
        "json": parsed_json,
        "form": form,
    })
}

/// What every echo handler extracts.
struct EchoParts {
    method: Method,
    uri: Uri,
    version: Version,
    headers: HeaderMap,
    client: Client,
    trace: Trace,
    body: Bytes,
}

/// The client's address (127.0.0.1:0 when the router runs without a socket, as in `oneshot`).
pub(crate) struct Client(pub SocketAddr);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(Client(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map_or_else(|| SocketAddr::from(([127, 0, 0, 1], 0)), |c| c.0),
        ))
    }
}

fn client_addr(c: Client) -> SocketAddr {
    c.0
}

/// `ANY /anything`, `/anything/{*path}`, `/echo`: reflect the request.
async fn anything(
    method: Method,
    uri: Uri,
    version: Version,
    headers: HeaderMap,
    client: Client,
    trace: Trace,
    body: Bytes,
) -> Response {
    let p = EchoParts {
        method,
        uri,
        version,
        headers,
        client,
        trace,
        body,
    };
    echo(p, "echo::anything")
}

fn echo(p: EchoParts, name: &str) -> Response {
    p.trace.handler(name);
    // HEAD gets exactly GET's headers (RFC 9110 §9.3.2), Content-Length included: the
    // reflection it does not send says GET.
    let method = if p.method == Method::HEAD {
        Method::GET
    } else {
        p.method
    };
    let client = client_addr(p.client);
    Json(reflect(
        &method, &p.uri, p.version, &p.headers, client, &p.body,
    ))
    .into_response()
}

/// `GET /get`, `POST /post`, ... : the same reflection, one method each.
async fn method_echo(
    method: Method,
    uri: Uri,
    version: Version,
    headers: HeaderMap,
    client: Client,
    trace: Trace,
    body: Bytes,
) -> Response {
    let p = EchoParts {
        method,
        uri,
        version,
        headers,
        client,
        trace,
        body,
    };
    echo(p, "echo::method")
}

/// `GET /headers`: the request headers, multi-valued.
async fn headers(trace: Trace, headers: HeaderMap) -> Json<Value> {
    trace.handler("echo::headers");
    Json(json!({ "headers": headers_json(&headers) }))
}

/// `GET /ip`: the client's address as the lab saw it.
async fn ip(trace: Trace, client: Client) -> Json<Value> {
    trace.handler("echo::ip");
    Json(json!({ "origin": client_addr(client).ip().to_string() }))
}

/// `GET /user-agent`.
async fn user_agent(trace: Trace, headers: HeaderMap) -> Json<Value> {
    trace.handler("echo::user_agent");
    let ua = headers
        .get(header::USER_AGENT)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    Json(json!({ "user-agent": ua }))
}
