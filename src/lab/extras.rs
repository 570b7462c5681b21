//! The lab's extra endpoint groups (auth, sessions, caching, negotiation, redirects, rate
//! limiting, flaky/slow, jobs, CORS, uploads, streaming, webhooks), merged by [`super::router`].
//!
//! Each group lives in its own file under `extras/` and keeps its state in one part of
//! [`ExtrasState`]; `POST /_lab/reset` empties them all (keeping the seed admin).

mod auth;
mod caching;
mod cors;
mod flaky;
mod jobs;
mod negotiate;
mod ratelimit;
mod redirect;
mod session;
mod stream;
mod upload;
mod webhooks;

use super::{LabState, Problem};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

pub use auth::{SEED_ADMIN_PASSWORD, SEED_ADMIN_USER};

/// State the extra groups keep between requests. Cheap to clone (everything is behind an `Arc`).
#[derive(Clone)]
pub struct ExtrasState {
    inner: Arc<Inner>,
}

struct Inner {
    auth: auth::AuthState,
    sessions: session::Sessions,
    caching: caching::CacheState,
    limits: ratelimit::Limits,
    flaky: flaky::FlakyState,
    jobs: jobs::Jobs,
    webhooks: webhooks::Webhooks,
}

impl Default for ExtrasState {
    fn default() -> Self {
        Self::with_jwt_secret(&rand::random::<[u8; 32]>())
    }
}

impl std::fmt::Debug for ExtrasState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExtrasState").finish_non_exhaustive()
    }
}

impl ExtrasState {
    /// Fresh state whose JWTs are signed with `secret` (tests use a known secret to forge an
    /// expired token; the lab itself picks a random one per process).
    pub fn with_jwt_secret(secret: &[u8]) -> Self {
        Self {
            inner: Arc::new(Inner {
                auth: auth::AuthState::new(secret),
                sessions: session::Sessions::default(),
                caching: caching::CacheState::new(),
                limits: ratelimit::Limits::default(),
                flaky: flaky::FlakyState::default(),
                jobs: jobs::Jobs::default(),
                webhooks: webhooks::Webhooks::default(),
            }),
        }
    }

    /// Back to the seed data (`POST /_lab/reset`): users (but the seed admin), sessions,
    /// rate-limit and flaky counters, jobs and webhooks are forgotten.
    pub fn reset(&self) {
        let i = &self.inner;
        i.auth.reset();
        i.sessions.reset();
        i.limits.reset();
        i.flaky.reset();
        i.jobs.reset();
        i.webhooks.reset();
    }
}

/// What `/_lab/info` can say about the extras: the seed admin's credentials.
pub fn info() -> serde_json::Value {
    serde_json::json!({
        "seed_admin": { "username": SEED_ADMIN_USER, "password": SEED_ADMIN_PASSWORD },
        "cors_allowed_origins": cors::ALLOWED_ORIGINS,
    })
}

/// The extra groups' routes.
pub fn routes() -> Router<LabState> {
    Router::new()
        .merge(auth::routes())
        .merge(session::routes())
        .merge(caching::routes())
        .merge(negotiate::routes())
        .merge(redirect::routes())
        .merge(ratelimit::routes())
        .merge(flaky::routes())
        .merge(jobs::routes())
        .merge(cors::routes())
        .merge(upload::routes())
        .merge(stream::routes())
        .merge(webhooks::routes())
}

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
