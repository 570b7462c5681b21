//! The session family: cookie sessions (`/session/login`, `/session/me`, `/session/logout`).
//!
//! Every cookie the lab sets is `HttpOnly; SameSite=Lax; Path=/`; logout expires the session
//! cookie with `Max-Age=0` and forgets the session on the server too.

use super::Api;
use super::auth::Credentials;
use super::cookies::ATTRIBUTES;
use crate::lab::openapi::{empty, json_body as json_request, ok, op, problem, schema};
use crate::lab::support::{cookies, form_body, json_body, media_type};
use crate::lab::{LabState, Problem, Trace};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::json;
use std::collections::HashMap;
use std::sync::Mutex;

/// The session cookie's name.
const COOKIE: &str = "session";

#[derive(Default)]
pub(crate) struct Sessions {
    by_id: Mutex<HashMap<String, String>>,
}

impl super::Part for Sessions {
    fn open(_: &crate::lab::LabConfig) -> Result<Self, crate::lab::LabError> {
        Ok(Self::default())
    }

    fn reset(&self, _: &Trace) {
        Sessions::reset(self);
    }
}

impl Sessions {
    pub(super) fn reset(&self) {
        if let Ok(mut s) = self.by_id.lock() {
            s.clear();
        }
    }

    pub(super) fn count(&self) -> usize {
        self.by_id.lock().map_or(0, |s| s.len())
    }

    fn user(&self, id: &str) -> Option<String> {
        self.by_id.lock().ok()?.get(id).cloned()
    }
}

pub(super) fn api(api: &mut Api) {
    let creds = json_request(schema("Credentials"));
    api.route(
        "/session/login",
        post(login),
        json!({ "post": op("auth", "Log in with a session cookie", vec![], Some(creds), vec![("200", ok("Logged in (Set-Cookie: session=...; HttpOnly; SameSite=Lax; Path=/)")), ("401", problem("Wrong credentials"))]) }),
    );
    api.route(
        "/session/me",
        get(me),
        json!({ "get": {
        "tags": ["auth"], "summary": "The session's user", "security": [{ "cookieAuth": [] }],
        "responses": { "200": ok("The user"), "401": problem("No session") }
    } }),
    );
    api.route(
        "/session/logout",
        post(logout),
        json!({ "post": op("auth", "End the session (cookie expired with Max-Age=0)", vec![], None, vec![("204", empty("Logged out"))]) }),
    );
}

fn session_id(headers: &HeaderMap) -> Option<String> {
    cookies(headers)
        .into_iter()
        .find(|(k, _)| k == COOKIE)
        .map(|(_, v)| v)
}

/// 401 for a missing session. The `Cookie` challenge is from the (expired)
/// draft-broyer-http-cookie-auth: RFC 9110 wants a challenge on every 401.
fn no_session(detail: &str) -> Problem {
    Problem::new(StatusCode::UNAUTHORIZED, detail)
        .with_type("unauthorized", "Unauthorized")
        .with_header(
            header::WWW_AUTHENTICATE,
            format!(
                "Cookie realm=\"backroad-lab\", form-action=\"/session/login\", cookie-name=\"{COOKIE}\""
            ),
        )
}

async fn login(
    State(state): State<LabState>,
    trace: Trace,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    trace.handler("session::login");
    let creds: Credentials = if media_type(&headers) == "application/x-www-form-urlencoded" {
        form_body::<FormCredentials>(body).await?.into()
    } else {
        json_body(&headers, &body)?
    };
    let (username, password) = creds.require()?;
    let x = state.parts();
    let Some(_user) = x.auth.check_password(&username, &password).await else {
        trace.middleware("session", "401 wrong username or password");
        return Err(no_session("wrong username or password"));
    };
    let id = hex::encode(rand::random::<[u8; 24]>());
    if let Ok(mut s) = x.session.by_id.lock() {
        s.insert(id.clone(), username.clone());
    }
    trace.middleware("session", format!("pass: session created for {username}"));
    let cookie = format!("{COOKIE}={id}; {ATTRIBUTES}");
    Ok((
        [
            (header::SET_COOKIE, cookie),
            (header::CACHE_CONTROL, "no-store".into()),
        ],
        axum::Json(serde_json::json!({ "username": username, "logged_in": true })),
    )
        .into_response())
}

/// A form-encoded login body.
#[derive(serde::Deserialize)]
struct FormCredentials {
    username: Option<String>,
    password: Option<String>,
}

impl From<FormCredentials> for Credentials {
    fn from(f: FormCredentials) -> Self {
        Credentials {
            username: f.username,
            password: f.password,
            expires_in: None,
        }
    }
}

async fn me(
    State(state): State<LabState>,
    trace: Trace,
    headers: HeaderMap,
) -> Result<axum::Json<serde_json::Value>, Problem> {
    let x = state.parts();
    let Some(id) = session_id(&headers) else {
        trace.middleware("session", "401 no session cookie");
        return Err(no_session(
            "no session cookie; log in with POST /session/login and send the cookie back",
        ));
    };
    let Some(username) = x.session.user(&id) else {
        trace.middleware("session", "401 unknown or ended session");
        return Err(no_session(
            "that session does not exist (logged out, or the lab was reset); log in again",
        ));
    };
    trace.middleware("session", format!("pass: {username}"));
    trace.handler("session::me");
    let role = x.auth.user(&username).map(|u| u.role);
    Ok(axum::Json(
        serde_json::json!({ "username": username, "role": role }),
    ))
}

async fn logout(State(state): State<LabState>, trace: Trace, headers: HeaderMap) -> Response {
    trace.handler("session::logout");
    if let Some(id) = session_id(&headers)
        && let Ok(mut s) = state.parts().session.by_id.lock()
    {
        s.remove(&id);
    }
    let expire = format!("{COOKIE}=; {ATTRIBUTES}; Max-Age=0");
    (StatusCode::NO_CONTENT, [(header::SET_COOKIE, expire)]).into_response()
}
