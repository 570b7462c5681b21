//! Content negotiation (`/negotiate`) and fixed representations (`/json`, `/xml`, `/html`).
//!
//! `/negotiate` reads `Accept` with q-values (RFC 9110 §12.5.1): each offered type takes the q
//! of the most specific range that matches it, q=0 means "not this", ties go to the server's
//! order. It always says `Vary: Accept`; when nothing offered is acceptable it answers 406 and
//! lists what it has.

use super::Api;
use crate::lab::openapi::{object, ok, op, problem};
use crate::lab::{Problem, Trace};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::json;

/// What `/negotiate` can send, in the server's order of preference.
const OFFERED: [&str; 4] = [
    "application/json",
    "application/xml",
    "text/html",
    "text/plain",
];

pub(super) fn api(api: &mut Api) {
    api.route(
        "/negotiate",
        get(negotiate),
        json!({ "get": {
        "tags": ["negotiation"], "summary": "JSON, XML or text, by Accept (Vary: Accept)",
        "parameters": [{ "name": "Accept", "in": "header", "required": false, "description": "Media types with q-values; these are some that match", "schema": { "type": "string", "examples": ["application/json", "application/xml;q=0.9, text/plain;q=0.8"] } }],
        "responses": {
            "200": { "description": "The best match", "content": { "application/json": { "schema": object() }, "application/xml": { "schema": { "type": "string" } }, "text/plain": { "schema": { "type": "string" } }, "text/html": { "schema": { "type": "string" } } } },
            "406": problem("Nothing acceptable (lists what is available)")
        }
    } }),
    );
    api.route(
        "/json",
        get(json),
        json!({ "get": op("negotiation", "Always JSON", vec![], None, vec![("200", ok("JSON"))]) }),
    );
    api.route(
        "/xml",
        get(xml),
        json!({ "get": { "tags": ["negotiation"], "summary": "Always XML", "responses": { "200": { "description": "XML", "content": { "application/xml": { "schema": { "type": "string" } } } } } } }),
    );
    api.route(
        "/html",
        get(html),
        json!({ "get": { "tags": ["negotiation"], "summary": "Always HTML", "responses": { "200": { "description": "HTML", "content": { "text/html": { "schema": { "type": "string" } } } } } } }),
    );
}

/// One media range of an `Accept` header.
#[derive(Debug)]
struct Range {
    kind: String,
    subtype: String,
    q: f32,
}

fn parse_accept(value: &str) -> Vec<Range> {
    value
        .split(',')
        .filter_map(|item| {
            let mut parts = item.split(';');
            let (kind, subtype) = parts.next()?.trim().split_once('/')?;
            let mut q = 1.0;
            for param in parts {
                if let Some((k, v)) = param.split_once('=')
                    && k.trim().eq_ignore_ascii_case("q")
                {
                    q = v
                        .trim()
                        .parse::<f32>()
                        .ok()
                        .filter(|q| (0.0..=1.0).contains(q))?;
                }
            }
            Some(Range {
                kind: kind.trim().to_ascii_lowercase(),
                subtype: subtype.trim().to_ascii_lowercase(),
                q,
            })
        })
        .collect()
}

/// The q a list of ranges gives `offered`: the most specific matching range wins.
fn quality(ranges: &[Range], offered: &str) -> f32 {
    let (kind, subtype) = offered.split_once('/').unwrap_or((offered, ""));
    ranges
        .iter()
        .filter_map(|r| {
            let specificity = match (r.kind.as_str(), r.subtype.as_str()) {
                (k, s) if k == kind && s == subtype => 3,
                (k, "*") if k == kind => 2,
                ("*", "*") => 1,
                _ => return None,
            };
            Some((specificity, r.q))
        })
        .max_by_key(|(s, _)| *s)
        .map_or(0.0, |(_, q)| q)
}

/// The offered type to send for `accept` (`None`: nothing acceptable).
fn choose<'a>(accept: Option<&str>, offered: &[&'a str]) -> Option<&'a str> {
    let Some(accept) = accept.filter(|a| !a.trim().is_empty()) else {
        return offered.first().copied();
    };
    let ranges = parse_accept(accept);
    let mut best: Option<(&str, f32)> = None;
    for o in offered {
        let q = quality(&ranges, o);
        if q > 0.0 && best.is_none_or(|(_, b)| q > b) {
            best = Some((o, q));
        }
    }
    best.map(|(o, _)| o)
}

const TITLE: &str = "Backroad sample";
const ITEMS: [&str; 3] = ["request line", "headers", "body"];

fn render(media: &str) -> (String, String) {
    let body = match media {
        "application/json" => serde_json::json!({ "title": TITLE, "items": ITEMS }).to_string(),
        "application/xml" => {
            let items: String = ITEMS
                .iter()
                .map(|i| format!("  <item>{i}</item>\n"))
                .collect();
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sample>\n  <title>{TITLE}</title>\n{items}</sample>\n"
            )
        }
        "text/html" => {
            let items: String = ITEMS.iter().map(|i| format!("<li>{i}</li>")).collect();
            format!(
                "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{TITLE}</title></head>\n<body><h1>{TITLE}</h1><ul>{items}</ul></body></html>\n"
            )
        }
        _ => format!("{TITLE}\n- {}\n", ITEMS.join("\n- ")),
    };
    let content_type = match media {
        "application/json" => media.to_string(),
        _ => format!("{media}; charset=utf-8"),
    };
    (content_type, body)
}

async fn negotiate(trace: Trace, headers: HeaderMap) -> Response {
    trace.handler("negotiate::negotiate");
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
    match choose(accept, &OFFERED) {
        Some(media) => {
            trace.middleware("negotiation", format!("picked {media}"));
            let (content_type, body) = render(media);
            (
                [
                    (header::CONTENT_TYPE, content_type),
                    (header::VARY, "Accept".into()),
                ],
                body,
            )
                .into_response()
        }
        None => {
            trace.middleware("negotiation", "406 nothing acceptable");
            Problem::new(
                StatusCode::NOT_ACCEPTABLE,
                format!(
                    "nothing here matches Accept: {}; available: {}",
                    accept.unwrap_or(""),
                    OFFERED.join(", ")
                ),
            )
            .with_type("not-acceptable", "Not acceptable")
            .with_header(header::VARY, "Accept")
            .into_response()
        }
    }
}

fn fixed(trace: &Trace, name: &str, media: &str) -> Response {
    trace.handler(name);
    let (content_type, body) = render(media);
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}

async fn json(trace: Trace) -> Response {
    fixed(&trace, "negotiate::json", "application/json")
}

async fn xml(trace: Trace) -> Response {
    fixed(&trace, "negotiate::xml", "application/xml")
}

async fn html(trace: Trace) -> Response {
    fixed(&trace, "negotiate::html", "text/html")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn q_values_and_specificity_pick_the_type() {
        assert_eq!(choose(None, &OFFERED), Some("application/json"));
        assert_eq!(choose(Some("*/*"), &OFFERED), Some("application/json"));
        assert_eq!(
            choose(Some("application/json;q=0.5, application/xml"), &OFFERED),
            Some("application/xml")
        );
        assert_eq!(
            choose(Some("text/*;q=0.8, */*;q=0.1"), &OFFERED),
            Some("text/html")
        );
        assert_eq!(
            choose(Some("text/*, text/html;q=0"), &OFFERED),
            Some("text/plain")
        );
        assert_eq!(choose(Some("image/png"), &OFFERED), None);
        assert_eq!(choose(Some("*/*;q=0"), &OFFERED), None);
    }
}
