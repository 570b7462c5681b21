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

impl Problem {
    /// A problem of type `about:blank`, titled with the status code's reason phrase.
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Self {
        Self(Box::new(ProblemDoc {
            kind: "about:blank".into(),
            title: status.canonical_reason().unwrap_or("Error").into(),
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
    fn extra_headers_are_kept() {
        let res = Problem::new(StatusCode::UNAUTHORIZED, "log in first")
            .with_header(header::WWW_AUTHENTICATE, "Bearer")
            .into_response();
        assert_eq!(res.headers()[header::WWW_AUTHENTICATE], "Bearer");
        assert_eq!(res.headers()[header::CONTENT_TYPE], PROBLEM_JSON);
    }
}
