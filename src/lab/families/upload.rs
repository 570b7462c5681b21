//! Uploads and forms: `POST /upload` (multipart/form-data) and `POST /form` (urlencoded).
//!
//! An upload is described, not stored: per file its field, filename, content type, size and
//! SHA-256. A body over the lab's 1 MiB limit is 413 before it gets here.

use super::Api;
use crate::lab::openapi::{ok, problem};
use crate::lab::support::media_type;
use crate::lab::{MAX_BODY, Problem, Trace};
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, StatusCode, header};
use axum::routing::post;
use serde_json::json;
use sha2::Digest;

pub(super) fn api(api: &mut Api) {
    api.route(
        "/upload",
        post(upload),
        json!({ "post": {
        "tags": ["uploads"], "summary": "Describe each uploaded file (size, sha256); nothing is stored",
        "requestBody": { "required": true, "content": { "multipart/form-data": { "schema": { "type": "object", "properties": { "file": { "type": "string", "format": "binary" } }, "propertyNames": { "pattern": "^[A-Za-z0-9_.-]{1,64}$" }, "additionalProperties": { "type": "string" } } } } },
        "responses": { "200": ok("Files and fields"), "400": problem("Not multipart, no boundary, or a malformed part"), "413": problem("Over 1 MiB"), "415": problem("Not multipart/form-data") }
    } }),
    );
    api.route(
        "/form",
        post(form),
        json!({ "post": {
        "tags": ["uploads"], "summary": "Echo an urlencoded form",
        "requestBody": { "required": true, "content": { "application/x-www-form-urlencoded": { "schema": { "type": "object", "propertyNames": { "pattern": "^[A-Za-z0-9_.-]{1,64}$" }, "additionalProperties": { "type": "string" } } } } },
        "responses": { "200": ok("Fields"), "400": problem("The form does not parse"), "415": problem("Not a form") }
    } }),
    );
}

fn wrong_type(headers: &HeaderMap, want: &str) -> Problem {
    let got = media_type(headers);
    let got = if got.is_empty() {
        "no Content-Type".to_string()
    } else {
        got
    };
    Problem::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        format!("this endpoint takes {want}; it got {got}"),
    )
    .with_header(header::HeaderName::from_static("accept-post"), want)
}

async fn upload(trace: Trace, req: Request) -> Result<axum::Json<serde_json::Value>, Problem> {
    trace.handler("upload::upload");
    let headers = req.headers().clone();
    if media_type(&headers) != "multipart/form-data" {
        return Err(wrong_type(&headers, "multipart/form-data"));
    }
    let has_boundary = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().contains("boundary="));
    if !has_boundary {
        return Err(Problem::bad_request(
            "multipart/form-data needs a boundary parameter, e.g. Content-Type: multipart/form-data; boundary=X (curl -F sets it for you)",
        )
        .with_type("missing-boundary", "Missing multipart boundary"));
    }
    let mut multipart = axum::extract::Multipart::from_request(req, &())
        .await
        .map_err(|e| Problem::bad_request(format!("not a multipart body: {}", e.body_text())))?;
    let mut files = Vec::new();
    let mut fields = serde_json::Map::new();
    let bad = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Problem::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("the upload is over the lab's limit of {MAX_BODY} bytes"),
            )
        } else {
            Problem::bad_request(format!(
                "the multipart body is malformed: {}",
                e.body_text()
            ))
            .with_type("malformed-multipart", "Malformed multipart body")
        }
    };
    while let Some(mut field) = multipart.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or("").to_string();
        let filename = field.file_name().map(str::to_string);
        let content_type = field.content_type().map(str::to_string);
        let mut hasher = sha2::Sha256::new();
        let mut size = 0usize;
        let mut text = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(bad)? {
            size += chunk.len();
            hasher.update(&chunk);
            if filename.is_none() && text.len() < 4096 {
                text.extend_from_slice(&chunk[..chunk.len().min(4096 - text.len())]);
            }
        }
        match filename {
            Some(filename) => files.push(serde_json::json!({
                "field": name,
                "filename": filename,
                "content_type": content_type.unwrap_or_else(|| "text/plain".into()),
                "size": size,
                "sha256": hex::encode(hasher.finalize()),
            })),
            None => {
                fields.insert(name, String::from_utf8_lossy(&text).into_owned().into());
            }
        }
    }
    trace.note(
        "multipart",
        format!("{} file(s), {} field(s)", files.len(), fields.len()),
        None,
    );
    Ok(axum::Json(serde_json::json!({
        "files": files,
        "fields": fields,
        "stored": false,
    })))
}

async fn form(
    trace: Trace,
    headers: HeaderMap,
    body: Bytes,
) -> Result<axum::Json<serde_json::Value>, Problem> {
    trace.handler("upload::form");
    if media_type(&headers) != "application/x-www-form-urlencoded" {
        return Err(wrong_type(&headers, "application/x-www-form-urlencoded"));
    }
    let pairs: Vec<(String, String)> = crate::lab::support::form_body(body).await?;
    let mut form = serde_json::Map::new();
    for (k, v) in &pairs {
        let entry = form
            .entry(k.clone())
            .or_insert_with(|| serde_json::Value::Array(Vec::new()));
        if let Some(list) = entry.as_array_mut() {
            list.push(v.clone().into());
        }
    }
    Ok(axum::Json(serde_json::json!({ "form": form })))
}
