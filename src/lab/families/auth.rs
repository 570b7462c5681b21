//! Token auth (`/auth/*`, `/admin/stats`) and HTTP Basic (`/basic-auth/{user}/{pass}`).
//!
//! Passwords are stored as argon2id PHC strings and never echoed; login hands out an HS256 JWT
//! with `sub`, `role` and `exp`. Errors follow RFC 6750 §3: no token → 401 with a bare
//! `WWW-Authenticate: Bearer`; a bad or expired token → 401 with `error="invalid_token"`;
//! the wrong role → 403 with `error="insufficient_scope"`.

use super::Api;
use crate::lab::openapi::{json_body as json_request, ok, op, path_param, problem, schema};
use crate::lab::support::json_body;
use crate::lab::{LabState, Problem, Trace};
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine;
use jsonwebtoken::{DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

/// The seed admin's username (also listed in `/_lab/info` and the OpenAPI description).
pub const SEED_ADMIN_USER: &str = "admin";
/// The seed admin's password. This is a practice lab on loopback, not a real secret.
pub const SEED_ADMIN_PASSWORD: &str = "backroad-admin";

const REALM: &str = "backroad-lab";
const DEFAULT_TTL: u64 = 3600;
const MAX_TTL: u64 = 86_400;

/// A stored account.
#[derive(Clone)]
pub(super) struct User {
    pub(super) id: u64,
    pub(super) hash: String,
    pub(super) role: String,
    pub(super) created_at: String,
}

pub(crate) struct AuthState {
    users: Mutex<Users>,
    seed: User,
    encoding: EncodingKey,
    decoding: DecodingKey,
}

struct Users {
    by_name: BTreeMap<String, User>,
    next_id: u64,
}

/// The JWT claims the lab issues.
#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    /// The username.
    sub: String,
    /// `user` or `admin`.
    role: String,
    /// Issued at (Unix seconds).
    iat: u64,
    /// Expires at (Unix seconds).
    exp: u64,
}

/// Modest argon2id parameters: the lab hashes on every register/login and tests must stay fast.
fn hasher() -> Argon2<'static> {
    let params = Params::new(4096, 1, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

fn hash_password(password: &str) -> Option<String> {
    hasher()
        .hash_password(password.as_bytes())
        .ok()
        .map(|h| h.to_string())
}

fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| hasher().verify_password(password.as_bytes(), &h).is_ok())
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

impl super::Part for AuthState {
    fn open(config: &crate::lab::LabConfig) -> Result<Self, crate::lab::LabError> {
        let secret = config
            .jwt_secret
            .clone()
            .unwrap_or_else(|| rand::random::<[u8; 32]>().to_vec());
        Ok(Self::new(&secret))
    }

    fn reset(&self, _: &Trace) {
        AuthState::reset(self);
    }
}

impl AuthState {
    pub(super) fn new(secret: &[u8]) -> Self {
        let seed = User {
            id: 1,
            hash: hash_password(SEED_ADMIN_PASSWORD).unwrap_or_default(),
            role: "admin".into(),
            created_at: now_rfc3339(),
        };
        let state = Self {
            users: Mutex::new(Users {
                by_name: BTreeMap::new(),
                next_id: 2,
            }),
            seed,
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
        };
        state.reset();
        state
    }

    pub(super) fn reset(&self) {
        if let Ok(mut u) = self.users.lock() {
            u.by_name.clear();
            u.by_name.insert(SEED_ADMIN_USER.into(), self.seed.clone());
            u.next_id = 2;
        }
    }

    pub(super) fn user(&self, name: &str) -> Option<User> {
        self.users.lock().ok()?.by_name.get(name).cloned()
    }

    pub(super) fn count(&self) -> usize {
        self.users.lock().map_or(0, |u| u.by_name.len())
    }

    /// Check a username and password (argon2 verify, off the async threads).
    pub(super) async fn check_password(&self, name: &str, password: &str) -> Option<User> {
        let user = self.user(name);
        let hash = user
            .as_ref()
            .map_or_else(|| self.seed.hash.clone(), |u| u.hash.clone());
        let password = password.to_string();
        // Verify even for an unknown user, so timing does not tell which usernames exist.
        let ok = tokio::task::spawn_blocking(move || verify_password(&password, &hash))
            .await
            .unwrap_or(false);
        user.filter(|_| ok)
    }
}

/// The routes of this group.
pub(super) fn api(api: &mut Api) {
    let creds = json_request(schema("Credentials"));
    let bearer = json!([{ "bearerAuth": [] }]);
    let mut me_doc = op(
        "auth",
        "The logged-in user",
        vec![],
        None,
        vec![
            ("200", ok("The user (never the password)")),
            (
                "401",
                problem("No, malformed or expired token (WWW-Authenticate: Bearer)"),
            ),
        ],
    );
    me_doc["security"] = bearer.clone();
    let mut stats_doc = op(
        "auth",
        "Admin-only statistics",
        vec![],
        None,
        vec![
            ("200", ok("Stats")),
            ("401", problem("No valid token")),
            (
                "403",
                problem("Valid token without the admin role (insufficient_scope)"),
            ),
        ],
    );
    stats_doc["security"] = bearer;
    api.route(
        "/auth/register",
        post(register),
        json!({ "post": op("auth", "Create an account", vec![], Some(creds.clone()), vec![("201", ok("Created")), ("409", problem("Username taken")), ("422", problem("Invalid field"))]) }),
    );
    api.route(
        "/auth/login",
        post(login),
        json!({ "post": op("auth", "Log in for a JWT (HS256, expires)", vec![], Some(json_request(schema("Login"))), vec![("200", ok("Token")), ("401", problem("Wrong credentials"))]) }),
    );
    api.route("/auth/me", get(me), json!({ "get": me_doc }));
    api.route(
        "/admin/stats",
        get(admin_stats),
        json!({ "get": stats_doc }),
    );
    api.route(
        "/basic-auth/{user}/{pass}",
        get(basic_auth),
        json!({ "get": {
        "tags": ["auth"], "summary": "HTTP Basic auth against the user and password in the path",
        "security": [{ "basicAuth": [] }],
        "parameters": [path_param("user", json!({"type": "string"}), "Expected user"), path_param("pass", json!({"type": "string"}), "Expected password")],
        "responses": { "200": ok("Authenticated"), "401": problem("Missing or wrong credentials (WWW-Authenticate: Basic)") }
    } }),
    );
}

/// A register or login body.
#[derive(Deserialize)]
pub(super) struct Credentials {
    pub(super) username: Option<String>,
    pub(super) password: Option<String>,
    /// Login only: token lifetime in seconds (1..=86400, default 3600); any JSON number,
    /// checked at login (`3600.0` is as good as `3600`).
    pub(super) expires_in: Option<serde_json::Value>,
}

impl Credentials {
    /// Both fields present, or a 422 naming the missing one.
    pub(super) fn require(self) -> Result<(String, String), Problem> {
        let username = self
            .username
            .ok_or_else(|| Problem::invalid_field("username", "username is required"))?;
        let password = self
            .password
            .ok_or_else(|| Problem::invalid_field("password", "password is required"))?;
        Ok((username, password))
    }
}

fn bearer_challenge(error: Option<(&str, &str)>) -> String {
    match error {
        None => format!("Bearer realm=\"{REALM}\""),
        Some((code, why)) => {
            format!("Bearer realm=\"{REALM}\", error=\"{code}\", error_description=\"{why}\"")
        }
    }
}

fn unauthorized(detail: &str, error: Option<(&str, &str)>) -> Problem {
    Problem::new(StatusCode::UNAUTHORIZED, detail)
        .with_type("unauthorized", "Unauthorized")
        .with_header(header::WWW_AUTHENTICATE, bearer_challenge(error))
}

async fn register(
    State(state): State<LabState>,
    trace: Trace,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    trace.handler("auth::register");
    let (username, password) = json_body::<Credentials>(&headers, &body)?.require()?;
    let valid_name = (3..=32).contains(&username.chars().count())
        && username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c));
    if !valid_name {
        return Err(Problem::invalid_field(
            "username",
            "username must be 3 to 32 characters: letters, digits, '_', '.', '-'",
        ));
    }
    if password.chars().count() < 8 {
        return Err(Problem::invalid_field(
            "password",
            "password must be at least 8 characters",
        ));
    }
    if state.parts().auth.user(&username).is_some() {
        return Err(Problem::new(
            StatusCode::CONFLICT,
            format!("the username {username:?} is taken; pick another or log in"),
        )
        .with_type("conflict", "Username taken")
        .with_field("username"));
    }
    let hash = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .ok()
        .flatten()
        .ok_or_else(|| {
            Problem::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the password could not be hashed",
            )
        })?;
    let user = {
        let auth = &state.parts().auth;
        let Ok(mut users) = auth.users.lock() else {
            return Err(Problem::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "user table unavailable",
            ));
        };
        if users.by_name.contains_key(&username) {
            return Err(Problem::new(
                StatusCode::CONFLICT,
                format!("the username {username:?} is taken; pick another or log in"),
            )
            .with_type("conflict", "Username taken")
            .with_field("username"));
        }
        let user = User {
            id: users.next_id,
            hash,
            role: "user".into(),
            created_at: now_rfc3339(),
        };
        users.next_id += 1;
        users.by_name.insert(username.clone(), user.clone());
        user
    };
    let body = serde_json::json!({
        "id": user.id,
        "username": username,
        "role": user.role,
        "created_at": user.created_at,
    });
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, "/auth/me")],
        axum::Json(body),
    )
        .into_response())
}

async fn login(
    State(state): State<LabState>,
    trace: Trace,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    trace.handler("auth::login");
    let creds = json_body::<Credentials>(&headers, &body)?;
    let ttl = match &creds.expires_in {
        None => DEFAULT_TTL,
        Some(v) => crate::lab::support::whole_number(v)
            .and_then(|n| u64::try_from(n).ok())
            .filter(|n| (1..=MAX_TTL).contains(n))
            .ok_or_else(|| {
                Problem::invalid_field(
                    "expires_in",
                    format!("expires_in must be a whole number of seconds from 1 to {MAX_TTL}"),
                )
            })?,
    };
    let (username, password) = creds.require()?;
    let auth = &state.parts().auth;
    let Some(user) = auth.check_password(&username, &password).await else {
        trace.middleware("auth", "401 wrong username or password");
        return Err(unauthorized("wrong username or password", None));
    };
    let iat = now_secs();
    let claims = Claims {
        sub: username,
        role: user.role,
        iat,
        exp: iat + ttl,
    };
    let token = jsonwebtoken::encode(&Header::default(), &claims, &auth.encoding).map_err(|e| {
        Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("the token could not be signed: {e}"),
        )
    })?;
    trace.middleware("auth", "pass: token issued");
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        axum::Json(serde_json::json!({
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": ttl,
        })),
    )
        .into_response())
}

/// Who the `Authorization: Bearer` token says the caller is, or the RFC 6750 error.
fn authenticate(state: &LabState, headers: &HeaderMap, trace: &Trace) -> Result<Claims, Problem> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        trace.middleware("auth", "401 no token");
        return Err(unauthorized(
            "this endpoint needs a token: log in with POST /auth/login, then send Authorization: Bearer <token>",
            None,
        ));
    };
    let raw = value.to_str().unwrap_or("").trim();
    let (scheme, token) = raw.split_once(' ').unwrap_or((raw, ""));
    if !scheme.eq_ignore_ascii_case("bearer") {
        // Another scheme (Basic...) is no Bearer attempt at all: a bare challenge, no error
        // code (RFC 6750 §3.1).
        trace.middleware("auth", "401 not a Bearer token");
        return Err(unauthorized(
            "the Authorization header must be 'Bearer <token>' (log in with POST /auth/login)",
            None,
        ));
    }
    let token = token.trim();
    if token.is_empty() {
        trace.middleware("auth", "401 empty Bearer token");
        return Err(unauthorized(
            "the Bearer token is empty; send Authorization: Bearer <token>",
            Some(("invalid_token", "the token is malformed")),
        ));
    }
    let mut validation = Validation::new(jsonwebtoken::Algorithm::HS256);
    validation.leeway = 0;
    validation.set_required_spec_claims(&["exp", "sub"]);
    match jsonwebtoken::decode::<Claims>(token, &state.parts().auth.decoding, &validation) {
        Ok(data) => {
            if state.parts().auth.user(&data.claims.sub).is_none() {
                trace.middleware("auth", "401 user no longer exists");
                return Err(unauthorized(
                    "the token's user no longer exists (the lab was reset?); register and log in again",
                    Some(("invalid_token", "unknown user")),
                ));
            }
            trace.middleware(
                "auth",
                format!("pass: {} ({})", data.claims.sub, data.claims.role),
            );
            Ok(data.claims)
        }
        Err(e) => {
            let why = match e.kind() {
                jsonwebtoken::errors::ErrorKind::ExpiredSignature => "the token has expired",
                jsonwebtoken::errors::ErrorKind::InvalidSignature => {
                    "the token's signature does not match"
                }
                _ => "the token is malformed",
            };
            trace.middleware("auth", format!("401 {why}"));
            Err(unauthorized(
                &format!("{why}; log in again with POST /auth/login"),
                Some(("invalid_token", why)),
            ))
        }
    }
}

async fn me(
    State(state): State<LabState>,
    trace: Trace,
    headers: HeaderMap,
) -> Result<axum::Json<serde_json::Value>, Problem> {
    let claims = authenticate(&state, &headers, &trace)?;
    trace.handler("auth::me");
    let user = state.parts().auth.user(&claims.sub);
    Ok(axum::Json(serde_json::json!({
        "id": user.as_ref().map(|u| u.id),
        "username": claims.sub,
        "role": claims.role,
        "created_at": user.map(|u| u.created_at),
        "token_expires_at": claims.exp,
    })))
}

async fn admin_stats(
    State(state): State<LabState>,
    trace: Trace,
    headers: HeaderMap,
) -> Result<axum::Json<serde_json::Value>, Problem> {
    let claims = authenticate(&state, &headers, &trace)?;
    if claims.role != "admin" {
        trace.middleware("role", "403 needs admin");
        return Err(Problem::new(
            StatusCode::FORBIDDEN,
            format!(
                "{} is logged in but has the role {:?}; /admin/stats needs the role admin",
                claims.sub, claims.role
            ),
        )
        .with_type("insufficient-scope", "Insufficient scope")
        .with_header(
            header::WWW_AUTHENTICATE,
            format!(
                "Bearer realm=\"{REALM}\", error=\"insufficient_scope\", error_description=\"needs the admin role\", scope=\"admin\""
            ),
        ));
    }
    trace.middleware("role", "pass: admin");
    trace.handler("auth::admin_stats");
    let x = state.parts();
    Ok(axum::Json(serde_json::json!({
        "users": x.auth.count(),
        "sessions": x.session.count(),
        "jobs": x.jobs.count(),
        "webhooks": x.webhooks.count(),
    })))
}

async fn basic_auth(
    Path((user, pass)): Path<(String, String)>,
    trace: Trace,
    headers: HeaderMap,
) -> Response {
    trace.handler("auth::basic_auth");
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("basic"))
        .and_then(|(_, b64)| {
            base64::engine::general_purpose::STANDARD
                .decode(b64.trim())
                .ok()
        })
        .and_then(|raw| String::from_utf8(raw).ok());
    let challenge = format!("Basic realm=\"{REALM}\", charset=\"UTF-8\"");
    let Some(given) = given else {
        trace.middleware("basic auth", "401 no credentials");
        return Problem::new(
            StatusCode::UNAUTHORIZED,
            "send Authorization: Basic base64(user:pass), e.g. curl -u user:pass",
        )
        .with_header(header::WWW_AUTHENTICATE, &challenge)
        .into_response();
    };
    if given.split_once(':') != Some((user.as_str(), pass.as_str())) {
        trace.middleware("basic auth", "401 wrong credentials");
        return Problem::new(
            StatusCode::UNAUTHORIZED,
            format!(
                "wrong username or password; this URL accepts {user}:<the password in the path>"
            ),
        )
        .with_header(header::WWW_AUTHENTICATE, &challenge)
        .into_response();
    }
    trace.middleware("basic auth", format!("pass: {user}"));
    axum::Json(serde_json::json!({ "authenticated": true, "user": user })).into_response()
}
