//! The cookies family: `/cookies` shows the cookies a client sent, `/cookies/set` sets each
//! query parameter as one. Every cookie the lab sets carries [`ATTRIBUTES`].

use super::Api;
use crate::lab::openapi::{ok, op, problem};
use crate::lab::support::cookies;
use crate::lab::{Problem, Trace};
use axum::extract::Query;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::json;

/// The attributes of every cookie the lab sets (sessions too).
pub(super) const ATTRIBUTES: &str = "HttpOnly; SameSite=Lax; Path=/";

pub(super) fn api(api: &mut Api) {
    api.route(
        "/cookies",
        get(list),
        json!({ "get": op("auth", "The cookies you sent", vec![], None, vec![("200", ok("Cookies"))]) }),
    );
    api.route(
        "/cookies/set",
        get(set),
        json!({ "get": op("auth", "Set each query parameter as a cookie", vec![json!({
            "name": "cookies",
            "in": "query",
            "required": true,
            "style": "form",
            "explode": true,
            "description": "name=value pairs: names are RFC 9110 tokens, values RFC 6265 cookie-octets",
            "schema": {
                "type": "object",
                "minProperties": 1,
                "propertyNames": { "pattern": "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$" },
                "additionalProperties": { "type": "string", "pattern": "^[!#-+\\--:<-\\[\\]-~]*$" }
            }
        })], None, vec![("200", ok("Cookies set")), ("400", problem("No pair, or one that cannot be a cookie (field names it)"))]) }),
    );
}

async fn list(trace: Trace, headers: HeaderMap) -> axum::Json<serde_json::Value> {
    trace.handler("session::cookies");
    let mut map = serde_json::Map::new();
    for (k, v) in cookies(&headers) {
        map.insert(k, v.into());
    }
    axum::Json(serde_json::json!({ "cookies": map }))
}

/// A cookie name is an RFC 9110 token; a value is RFC 6265 cookie-octets.
fn valid_cookie(name: &str, value: &str) -> bool {
    let tchar = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
    let octet = |c: char| c.is_ascii_graphic() && !"\",;\\".contains(c);
    !name.is_empty() && name.chars().all(tchar) && value.chars().all(octet)
}

async fn set(
    trace: Trace,
    query: Result<Query<Vec<(String, String)>>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, Problem> {
    trace.handler("session::set_cookies");
    let Ok(Query(pairs)) = query else {
        return Err(Problem::bad_request("the query string could not be read"));
    };
    if pairs.is_empty() {
        return Err(Problem::bad_request(
            "name the cookies to set in the query, e.g. /cookies/set?theme=dark",
        ));
    }
    let mut res = axum::Json(serde_json::json!({
        "set": pairs.iter().map(|(k, v)| (k.clone(), serde_json::Value::from(v.clone()))).collect::<serde_json::Map<_, _>>(),
        "attributes": ATTRIBUTES,
        "see": "/cookies",
    }))
    .into_response();
    for (name, value) in &pairs {
        if !valid_cookie(name, value) {
            return Err(Problem::bad_request(format!(
                "{name:?}={value:?} cannot be a cookie: names are tokens, values printable ASCII without spaces, quotes, commas, semicolons or backslashes"
            ))
            .with_field(name.clone()));
        }
        if let Ok(v) = HeaderValue::from_str(&format!("{name}={value}; {ATTRIBUTES}")) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    Ok(res)
}
