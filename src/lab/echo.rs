//! Echo and methods: `/anything`, `/echo`, `/get` ... `/delete`, `/headers`, `/ip`,
//! `/user-agent`, `/counter`, and `/status/{code}`: the lab reflecting what it was sent.

use super::{LabState, Problem, Trace};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, Version, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};
use std::net::SocketAddr;
use std::sync::atomic::Ordering;

/// Methods an ANY route answers, as an `Allow` value.
pub(crate) const ANY_ALLOW: &str = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";

/// `OPTIONS` on an ANY route: 204 + `Allow`, like every other path.
fn options_any() -> Response {
    (StatusCode::NO_CONTENT, [(header::ALLOW, ANY_ALLOW)]).into_response()
}

/// Decode `application/x-www-form-urlencoded` text (also a query string) into ordered pairs.
pub(crate) fn parse_urlencoded(s: &str) -> Vec<(String, String)> {
    fn hex(b: u8) -> Option<u8> {
        (b as char).to_digit(16).map(|d| d as u8)
    }
    fn decode(s: &str) -> String {
        let bytes = s.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'+' => out.push(b' '),
                b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                    (Some(hi), Some(lo)) => {
                        out.push(hi << 4 | lo);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                },
                b => out.push(b),
            }
            i += 1;
        }
        String::from_utf8_lossy(&out).into_owned()
    }
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
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
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or_else(|| uri.authority().map(|a| a.to_string()))
        .unwrap_or_default();
    json!({
        "method": method.as_str(),
        "url": format!("http://{host}{}", uri.path_and_query().map_or("/", |p| p.as_str())),
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
pub(crate) async fn anything(
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
    if p.method == Method::OPTIONS {
        return options_any();
    }
    let client = client_addr(p.client);
    Json(reflect(
        &p.method, &p.uri, p.version, &p.headers, client, &p.body,
    ))
    .into_response()
}

/// `GET /get`, `POST /post`, ... : the same reflection, one method each.
pub(crate) async fn method_echo(
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
pub(crate) async fn headers(trace: Trace, headers: HeaderMap) -> Json<Value> {
    trace.handler("echo::headers");
    Json(json!({ "headers": headers_json(&headers) }))
}

/// `GET /ip`: the client's address as the lab saw it.
pub(crate) async fn ip(trace: Trace, client: Client) -> Json<Value> {
    trace.handler("echo::ip");
    Json(json!({ "origin": client_addr(client).ip().to_string() }))
}

/// `GET /user-agent`.
pub(crate) async fn user_agent(trace: Trace, headers: HeaderMap) -> Json<Value> {
    trace.handler("echo::user_agent");
    let ua = headers
        .get(header::USER_AGENT)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    Json(json!({ "user-agent": ua }))
}

/// `GET /counter`: read.
pub(crate) async fn counter_get(State(state): State<LabState>, trace: Trace) -> Json<Value> {
    trace.handler("counter::get");
    Json(json!({ "value": state.counter().load(Ordering::SeqCst) }))
}

/// `POST /counter`: increment (not idempotent: each call changes the state again).
pub(crate) async fn counter_post(State(state): State<LabState>, trace: Trace) -> Json<Value> {
    trace.handler("counter::increment");
    let value = state.counter().fetch_add(1, Ordering::SeqCst) + 1;
    Json(json!({ "value": value }))
}

/// `PUT /counter` with `{"value": n}`: set (idempotent: repeating it leaves the same state).
pub(crate) async fn counter_put(
    State(state): State<LabState>,
    trace: Trace,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, Problem> {
    trace.handler("counter::set");
    let doc = super::tasks::json_body(&headers, &body)?;
    let value = match doc.get("value") {
        Some(v) => v.as_i64().ok_or_else(|| {
            Problem::invalid_field("value", format!("value must be an integer, got {v}"))
        })?,
        None => {
            return Err(Problem::invalid_field(
                "value",
                r#"value is required, e.g. {"value": 5}"#,
            ));
        }
    };
    state.counter().store(value, Ordering::SeqCst);
    Ok(Json(json!({ "value": value })))
}

/// `DELETE /counter`: back to 0.
pub(crate) async fn counter_delete(State(state): State<LabState>, trace: Trace) -> StatusCode {
    trace.handler("counter::reset");
    state.counter().store(0, Ordering::SeqCst);
    StatusCode::NO_CONTENT
}

/// `ANY /status/{code}`: answer with that status, keeping each code's invariants.
pub(crate) async fn status(method: Method, trace: Trace, Path(code): Path<String>) -> Response {
    trace.handler("status::any");
    if method == Method::OPTIONS {
        return options_any();
    }
    let n: u16 = match code.parse() {
        Ok(n) => n,
        Err(_) => {
            return Problem::bad_request(format!(
                "{code:?} is not a status code; use a number from 200 to 599, e.g. /status/418"
            ))
            .with_field("code")
            .into_response();
        }
    };
    if (100..200).contains(&n) {
        return Problem::bad_request(format!(
            "{n} is informational (1xx): a server sends it before the final response, never as \
             the final status. Try a code from 200 to 599."
        ))
        .with_field("code")
        .into_response();
    }
    let Some(status) = StatusCode::from_u16(n)
        .ok()
        .filter(|_| (200..600).contains(&n))
    else {
        return Problem::bad_request(format!(
            "{n} is out of range: final status codes go from 200 to 599"
        ))
        .with_field("code")
        .into_response();
    };
    let reason = status.canonical_reason().unwrap_or("Unregistered status");
    let mut headers = HeaderMap::new();
    let mut set = |name: header::HeaderName, value: &'static str| {
        headers.insert(name, HeaderValue::from_static(value));
    };
    match n {
        201 => set(header::LOCATION, "/get"),
        300..=303 | 305..=308 => set(header::LOCATION, "/get"),
        401 => set(header::WWW_AUTHENTICATE, "Bearer realm=\"backroad-lab\""),
        405 => set(header::ALLOW, "GET, HEAD, OPTIONS"),
        407 => set(header::PROXY_AUTHENTICATE, "Basic realm=\"backroad-lab\""),
        416 => set(header::CONTENT_RANGE, "bytes */0"),
        426 => set(header::UPGRADE, "HTTP/2"),
        429 | 503 => set(header::RETRY_AFTER, "1"),
        _ => {}
    }
    // 204, 205 and 304 never carry content (RFC 9110 §6.4.1).
    if matches!(n, 204 | 205 | 304) {
        return (status, headers).into_response();
    }
    if n >= 400 {
        let mut res = Problem::new(status, format!("you asked for {n} {reason} at /status/{n}"))
            .into_response();
        res.headers_mut().extend(headers);
        return res;
    }
    (
        status,
        headers,
        Json(json!({ "status": n, "reason": reason })),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urlencoded_pairs_decode_plus_and_percent_and_keep_repeats() {
        assert_eq!(
            parse_urlencoded("a=1&b=x+y&a=%C3%A9&c&bad=%zz"),
            vec![
                ("a".into(), "1".into()),
                ("b".into(), "x y".into()),
                ("a".into(), "é".into()),
                ("c".into(), "".into()),
                ("bad".into(), "%zz".into()),
            ]
        );
        assert_eq!(parse_urlencoded("t=%4"), vec![("t".into(), "%4".into())]);
    }
}
