//! Request helpers the families share: the client's address, the body's media type, JSON and
//! form bodies, cookies, and bounded numeric parameters (each error a problem+json).

use super::{LabState, Problem};
use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::handler::Handler;
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::routing::{MethodRouter, get};
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};

/// The client's IP address (rate limits and flaky counters are per client).
#[derive(Debug, Clone, Copy)]
pub(crate) struct ClientIp(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let ip = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::from([127, 0, 0, 1]), |c| c.0.ip());
        Ok(Self(ip))
    }
}

/// The media type of the request body, lower-cased, without parameters (`""` when absent).
pub(crate) fn media_type(headers: &HeaderMap) -> String {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .unwrap_or_default()
}

/// Parse a JSON request body, answering 415 for another media type and 400 for bad JSON.
pub(crate) fn json_body<T: serde::de::DeserializeOwned>(
    headers: &HeaderMap,
    body: &[u8],
) -> Result<T, Problem> {
    let media = media_type(headers);
    if media != "application/json" && !media.ends_with("+json") {
        let got = if media.is_empty() {
            "no Content-Type".to_string()
        } else {
            format!("Content-Type {media}")
        };
        return Err(Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!(
                "this endpoint takes a JSON body (Content-Type: application/json); it got {got}"
            ),
        )
        .with_header(
            header::HeaderName::from_static("accept-post"),
            "application/json",
        ));
    }
    serde_json::from_slice(body).map_err(|e| {
        if e.is_data() {
            Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("the JSON body does not have the expected shape: {e}"),
            )
            .with_type("validation", "Validation failed")
        } else {
            Problem::bad_request(format!("the body is not valid JSON: {e}"))
                .with_type("malformed-json", "Malformed JSON")
        }
    })
}

/// A JSON number that is a whole number in `i64`'s range (`3` and `3.0` alike: JSON Schema's
/// `integer` admits both).
pub(crate) fn whole_number(v: &serde_json::Value) -> Option<i64> {
    v.as_i64().or_else(|| {
        v.as_f64()
            .filter(|f| f.fract() == 0.0 && f.abs() < 2f64.powi(63))
            .map(|f| f as i64)
    })
}

/// The request cookies, in order (`Cookie: a=1; b=2`).
pub(crate) fn cookies(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| {
            let (k, v) = pair.trim().split_once('=')?;
            let v = v.trim();
            let v = v
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(v);
            Some((k.trim().to_string(), v.to_string()))
        })
        .filter(|(k, _)| !k.is_empty())
        .collect()
}

/// Parse an optional numeric query parameter, bounded, as a 400 problem naming it otherwise.
pub(crate) fn bounded<T>(
    name: &str,
    raw: Option<&str>,
    default: T,
    min: T,
    max: T,
) -> Result<T, Problem>
where
    T: std::str::FromStr + PartialOrd + Copy + std::fmt::Display,
{
    let Some(raw) = raw else { return Ok(default) };
    match raw.trim().parse::<T>() {
        Ok(v) if v >= min && v <= max => Ok(v),
        _ => Err(Problem::bad_request(format!(
            "{name} must be a number from {min} to {max}; got {raw:?}"
        ))
        .with_type("bad-parameter", "Bad parameter")
        .with_field(name)),
    }
}

/// Parse an `application/x-www-form-urlencoded` body (400 when it does not parse as `T`).
pub(crate) async fn form_body<T: serde::de::DeserializeOwned>(body: Bytes) -> Result<T, Problem> {
    use axum::extract::FromRequest;
    let req = axum::http::Request::builder()
        .method(axum::http::Method::POST)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(axum::body::Body::from(body))
        .map_err(|e| Problem::bad_request(e.to_string()))?;
    axum::extract::Form::<T>::from_request(req, &())
        .await
        .map(|f| f.0)
        .map_err(|e| {
            Problem::bad_request(format!(
                "the form body could not be read: {}",
                e.body_text()
            ))
            .with_type("malformed-form", "Malformed form")
        })
}

/// The same handler for GET (and so HEAD), POST, PUT, PATCH and DELETE. Unlike axum's
/// `any`, TRACE and CONNECT are not served (405 with `Allow`), so `Allow` tells the truth.
pub(crate) fn every_method<H, T>(handler: H) -> MethodRouter<LabState>
where
    H: Handler<T, LabState>,
    T: 'static,
{
    get(handler.clone())
        .post(handler.clone())
        .put(handler.clone())
        .patch(handler.clone())
        .delete(handler)
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
