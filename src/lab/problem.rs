//! Problem details (RFC 9457): the one shape every JSON API error of the lab takes.
//!
//! ```text
//! HTTP/1.1 422 Unprocessable Content
//! Content-Type: application/problem+json
//!
//! {"type":"/_lab/problems/validation","title":"Validation failed","status":422,
//!  "detail":"title must not be empty","field":"title"}
//! ```

use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// The media type of a problem document.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// A problem+json response. Build one with [`Problem::new`] and the `with_*` methods, then
/// return it from a handler (it implements `IntoResponse`). Boxed inside, so a
/// `Result<_, Problem>` stays small.
#[derive(Debug, Clone)]
pub struct Problem(Box<ProblemDoc>);

/// The fields of a problem document.
#[derive(Debug, Clone, Serialize)]
pub struct ProblemDoc {
    /// A URI naming the kind of problem; `about:blank` when the status code says it all.
    #[serde(rename = "type")]
    pub kind: String,
    /// A short, human-readable summary of the kind of problem.
    pub title: String,
    /// The HTTP status code, repeated in the body.
    pub status: u16,
    /// What went wrong this time, and what to do about it.
    pub detail: String,
    /// The request field at fault (validation problems).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Every field at fault, when there is more than one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// Extra response headers (`Allow`, `WWW-Authenticate`, `Retry-After`, ...).
    #[serde(skip)]
    pub headers: Vec<(HeaderName, HeaderValue)>,
}

/// One invalid field of a request body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The field's name (a JSON Pointer-ish path for nested fields, e.g. `tags/0`).
    pub field: String,
    /// Why it is invalid.
    pub detail: String,
}

/// The reason phrase RFC 9110 gives `status` (the `http` crate still says "Payload Too
/// Large" and "Unprocessable Entity", the RFC 7231 names).
pub fn reason(status: StatusCode) -> &'static str {
    match status.as_u16() {
        413 => "Content Too Large",
        422 => "Unprocessable Content",
        _ => status.canonical_reason().unwrap_or("Unregistered status"),
    }
}

impl Problem {
    /// A problem of type `about:blank`, titled with the status code's reason phrase.
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Self {
        Self(Box::new(ProblemDoc {
            kind: "about:blank".into(),
            title: reason(status).into(),
            status: status.as_u16(),
            detail: detail.into(),
            field: None,
            errors: Vec::new(),
            headers: Vec::new(),
        }))
    }

    /// Name the kind of problem: `type` becomes `/_lab/problems/{slug}` and `title` is set.
    pub fn with_type(mut self, slug: &str, title: impl Into<String>) -> Self {
        self.0.kind = format!("/_lab/problems/{slug}");
        self.0.title = title.into();
        self
    }

    /// Point at the request field at fault.
    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.0.field = Some(field.into());
        self
    }

    /// List every invalid field; the first one also becomes `field`.
    pub fn with_errors(mut self, errors: Vec<FieldError>) -> Self {
        if self.0.field.is_none() {
            self.0.field = errors.first().map(|e| e.field.clone());
        }
        self.0.errors = errors;
        self
    }

    /// Add a response header. A value that is not a valid header value is dropped.
    pub fn with_header(mut self, name: HeaderName, value: impl AsRef<str>) -> Self {
        if let Ok(v) = HeaderValue::from_str(value.as_ref()) {
            self.0.headers.push((name, v));
        }
        self
    }

    /// 400: the request could not be parsed.
    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, detail)
    }

    /// 404: nothing here.
    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, detail)
    }

    /// 422: the body parsed but a field is missing or invalid.
    pub fn invalid_field(field: impl Into<String>, detail: impl Into<String>) -> Self {
        let field = field.into();
        let detail = detail.into();
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, detail.clone())
            .with_type("validation", "Validation failed")
            .with_errors(vec![FieldError { field, detail }])
    }

    /// The status as a `StatusCode` (500 if `status` was set to something invalid).
    pub fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.0.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    /// The document's fields.
    pub fn doc(&self) -> &ProblemDoc {
        &self.0
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let body = serde_json::to_vec(&self.0).unwrap_or_else(|_| b"{}".to_vec());
        let mut res = (self.status_code(), body).into_response();
        let h = res.headers_mut();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        for (name, value) in self.0.headers {
            h.append(name, value);
        }
        res
    }
}

/// Every problem type the lab uses: slug, title, and what it means. `GET /_lab/problems/{slug}`
/// serves these, so each `type` URI in a problem resolves to its explanation.
const TYPES: &[(&str, &str, &str)] = &[
    (
        "validation",
        "Validation failed",
        "The body parsed, but a field is missing, has the wrong type, or is not one the resource has. `field` names the first one, `errors` lists them all. Fix the fields and send again: 422.",
    ),
    (
        "malformed-json",
        "Malformed JSON",
        "The body is not valid JSON; `detail` says where parsing stopped. The request cannot be understood at all: 400.",
    ),
    (
        "malformed-form",
        "Malformed form",
        "The urlencoded body could not be parsed: 400.",
    ),
    (
        "malformed-multipart",
        "Malformed multipart body",
        "The multipart body could not be read part by part: 400.",
    ),
    (
        "missing-boundary",
        "Missing multipart boundary",
        "Content-Type multipart/form-data needs a boundary parameter, which HTTP clients add for you when they build the body: 400.",
    ),
    (
        "unsupported-media-type",
        "Unsupported media type",
        "The body's Content-Type is not one this resource reads (see Accept-Post or Accept-Patch): 415.",
    ),
    (
        "bad-parameter",
        "Bad parameter",
        "A path or query parameter is out of range or not a number; `field` names it: 400.",
    ),
    (
        "not-found",
        "Not found",
        "Nothing exists at this URL (or no longer): 404.",
    ),
    (
        "precondition-failed",
        "Precondition failed",
        "A precondition failed: If-Match named an ETag the resource no longer has (someone changed it since you read it: GET it again and retry with the new ETag), or If-None-Match matched on a request that would change it: 412.",
    ),
    (
        "conflict",
        "Conflict",
        "The request clashes with the current state, such as a name already taken: 409.",
    ),
    (
        "unauthorized",
        "Unauthorized",
        "No valid credentials: log in and send them (see WWW-Authenticate for how): 401.",
    ),
    (
        "insufficient-scope",
        "Insufficient scope",
        "The credentials are valid but do not allow this (a role is missing): 403.",
    ),
    (
        "cors-origin",
        "Origin not allowed",
        "The Origin is not on the allow-list, so a browser would block the response.",
    ),
    (
        "open-redirect",
        "Open redirect refused",
        "The lab only redirects to relative or loopback targets: redirecting anywhere a query says lets attackers borrow your domain: 403.",
    ),
    (
        "not-acceptable",
        "Not acceptable",
        "None of the media types in Accept is available; `detail` lists those that are: 406.",
    ),
    (
        "rate-limited",
        "Too many requests",
        "Over the rate limit: wait for Retry-After seconds: 429.",
    ),
    (
        "unavailable",
        "Service unavailable",
        "The server cannot answer now; retry after Retry-After seconds: 503.",
    ),
    (
        "counter-overflow",
        "Counter at its maximum",
        "The counter is at the largest value it holds (i64::MAX); incrementing it would wrap around, so it refuses: 409.",
    ),
    (
        "bad-host",
        "Bad Host header",
        "An HTTP/1.1 request must carry exactly one valid Host header (RFC 9112 §3.2): 400.",
    ),
    (
        "uri-too-long",
        "URI Too Long",
        "The request target is longer than the lab reads; send large data in a body: 414.",
    ),
    (
        "webhook-target",
        "Callback target refused",
        "Webhooks are only delivered to loopback URLs in the lab.",
    ),
];

/// Every problem type the lab names (`/_lab/problems/{slug}`).
pub(crate) fn slugs() -> impl Iterator<Item = &'static str> {
    TYPES.iter().map(|t| t.0)
}

/// `GET /_lab/problems/{slug}`: what a problem type means.
pub(crate) async fn describe(axum::extract::Path(slug): axum::extract::Path<String>) -> Response {
    match TYPES.iter().find(|(s, _, _)| *s == slug) {
        Some((slug, title, text)) => axum::Json(serde_json::json!({
            "type": format!("/_lab/problems/{slug}"),
            "title": title,
            "description": text,
            "format": "RFC 9457 problem details (application/problem+json)",
        }))
        .into_response(),
        None => Problem::not_found(format!(
            "the lab has no problem type {slug:?}; known ones: {}",
            TYPES.iter().map(|t| t.0).collect::<Vec<_>>().join(", ")
        ))
        .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_validation_problem_names_its_field_and_media_type() {
        let res = Problem::invalid_field("title", "title is required").into_response();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(res.headers()[header::CONTENT_TYPE], PROBLEM_JSON);
        let body = axum::body::to_bytes(res.into_body(), 1 << 16)
            .await
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["status"], 422);
        assert_eq!(v["field"], "title");
        assert_eq!(v["errors"][0]["detail"], "title is required");
        assert_eq!(v["type"], "/_lab/problems/validation");
    }

    #[test]
    fn every_problem_type_used_in_the_lab_is_described() {
        // Scan the lab's sources for every `with_type` slug, so a new type cannot go undocumented.
        let re = regex::Regex::new(r#"with_type\(\s*"([a-z0-9-]+)""#).unwrap();
        let mut dirs = vec![std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/lab")];
        let mut used = Vec::new();
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    for cap in re.captures_iter(&text) {
                        used.push((cap[1].to_string(), path.display().to_string()));
                    }
                }
            }
        }
        assert!(used.len() > 5, "the scan found too little: {used:?}");
        for (slug, file) in used {
            assert!(
                TYPES.iter().any(|t| t.0 == slug),
                "problem type {slug:?} (used in {file}) has no entry in problem::TYPES"
            );
        }
    }

    #[test]
    fn extra_headers_are_kept() {
        let res = Problem::new(StatusCode::UNAUTHORIZED, "log in first")
            .with_header(header::WWW_AUTHENTICATE, "Bearer")
            .into_response();
        assert_eq!(res.headers()[header::WWW_AUTHENTICATE], "Bearer");
        assert_eq!(res.headers()[header::CONTENT_TYPE], PROBLEM_JSON);
    }
}
