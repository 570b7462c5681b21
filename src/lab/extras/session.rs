//! Cookie sessions (`/session/*`) and plain cookies (`/cookies`, `/cookies/set`).
//!
//! Every cookie the lab sets is `HttpOnly; SameSite=Lax; Path=/`; logout expires the session
//! cookie with `Max-Age=0` and forgets the session on the server too.

use super::auth::Credentials;
use super::{cookies, media_type};
use crate::lab::{LabState, Problem, Trace};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use std::collections::HashMap;
use std::sync::Mutex;

/// The session cookie's name.
const COOKIE: &str = "session";
const ATTRIBUTES: &str = "HttpOnly; SameSite=Lax; Path=/";

#[derive(Default)]
pub(super) struct Sessions {
    by_id: Mutex<HashMap<String, String>>,
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

pub(super) fn routes() -> Router<LabState> {
    Router::new()
        .route("/session/login", post(login))
        .route("/session/me", get(me))
        .route("/session/logout", post(logout))
        .route("/cookies", get(list))
        .route("/cookies/set", get(set))
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
        super::form_body::<FormCredentials>(body).await?.into()
    } else {
        super::json_body(&headers, &body)?
    };
    let (username, password) = creds.require()?;
    let x = &state.extras.inner;
    let Some(_user) = x.auth.check_password(&username, &password).await else {
        trace.middleware("session", "401 wrong username or password");
        return Err(no_session("wrong username or password"));
    };
    let id = hex::encode(rand::random::<[u8; 24]>());
    if let Ok(mut s) = x.sessions.by_id.lock() {
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
    let x = &state.extras.inner;
    let Some(id) = session_id(&headers) else {
        trace.middleware("session", "401 no session cookie");
        return Err(no_session(
            "no session cookie; log in with POST /session/login and send the cookie back",
        ));
    };
    let Some(username) = x.sessions.user(&id) else {
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
        && let Ok(mut s) = state.extras.inner.sessions.by_id.lock()
    {
        s.remove(&id);
    }
    let expire = format!("{COOKIE}=; {ATTRIBUTES}; Max-Age=0");
    (StatusCode::NO_CONTENT, [(header::SET_COOKIE, expire)]).into_response()
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
