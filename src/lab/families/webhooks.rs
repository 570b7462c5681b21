//! Webhooks: the lab calls the learner's server back (`/webhooks`).
//!
//! `POST /webhooks` registers a loopback callback URL (anything else is 403: the lab never
//! calls out of this machine) and returns the signing secret once. `POST /webhooks/{id}/test`
//! sends a signed `ping` event in the background: `X-Backroad-Signature: sha256=<hex>` is
//! HMAC-SHA256 of the raw body with the secret, `X-Backroad-Timestamp` the Unix time (also in
//! the signed body, against replays). A non-2xx answer or a network error is retried with
//! exponential backoff, a bounded number of times; every attempt is recorded in the
//! registration (`GET /webhooks/{id}`).

use super::Api;
use crate::lab::openapi::{
    empty, json_body as json_request, json_response, object, ok, op, path_param, problem,
};
use serde_json::json;

use super::redirect::is_loopback_host;
use crate::lab::{LabState, Problem, Trace};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use hmac::{Hmac, Mac};
use serde::Serialize;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// Attempts per event, including the first.
const MAX_ATTEMPTS: u32 = 4;
/// Wait before the first retry; doubled for each next one.
const FIRST_BACKOFF: Duration = Duration::from_millis(500);
/// How long one delivery attempt may take.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(5);
/// The signature header's name.
pub(super) const SIGNATURE_HEADER: &str = "x-backroad-signature";
/// Most deliveries kept per registration.
const KEEP_DELIVERIES: usize = 50;

#[derive(Default)]
pub(crate) struct Webhooks {
    list: Mutex<HookList>,
    client: OnceLock<Option<reqwest::Client>>,
}

#[derive(Default)]
struct HookList {
    hooks: Vec<Hook>,
    next_id: u64,
}

struct Hook {
    id: u64,
    url: String,
    secret: String,
    created_at: String,
    deliveries: Vec<Delivery>,
}

/// One event sent to a registration, with every attempt to deliver it.
#[derive(Clone, Serialize)]
struct Delivery {
    /// The event's id (also in `X-Backroad-Delivery`).
    event_id: String,
    /// The event type.
    event: &'static str,
    /// `pending`, `delivered` or `failed` (after the last attempt).
    state: &'static str,
    /// Each attempt, oldest first.
    attempts: Vec<Attempt>,
}

/// One try at delivering an event.
#[derive(Clone, Serialize)]
struct Attempt {
    /// 1 for the first attempt.
    n: u32,
    /// When it was sent (RFC 3339).
    at: String,
    /// The receiver's status code, when it answered.
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<u16>,
    /// Why there was no answer (connection refused, timeout...).
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    /// How long it took, in milliseconds.
    duration_ms: u64,
}

impl super::Part for Webhooks {
    fn open(_: &crate::lab::LabConfig) -> Result<Self, crate::lab::LabError> {
        Ok(Self::default())
    }

    fn reset(&self, _: &Trace) {
        Webhooks::reset(self);
    }
}

impl Webhooks {
    pub(super) fn reset(&self) {
        if let Ok(mut l) = self.list.lock() {
            *l = HookList::default();
        }
    }

    pub(super) fn count(&self) -> usize {
        self.list.lock().map_or(0, |l| l.hooks.len())
    }

    fn client(&self) -> Option<reqwest::Client> {
        self.client
            .get_or_init(|| {
                reqwest::Client::builder()
                    .redirect(reqwest::redirect::Policy::none())
                    .no_proxy()
                    .timeout(ATTEMPT_TIMEOUT)
                    .user_agent(concat!("backroad-lab/", env!("CARGO_PKG_VERSION")))
                    .build()
                    .ok()
            })
            .clone()
    }

    /// Change one delivery of one registration (nothing if either is gone, e.g. after reset).
    fn update(&self, hook: u64, event_id: &str, change: impl FnOnce(&mut Delivery)) {
        let Ok(mut l) = self.list.lock() else { return };
        let delivery = l
            .hooks
            .iter_mut()
            .find(|h| h.id == hook)
            .and_then(|h| h.deliveries.iter_mut().find(|d| d.event_id == event_id));
        if let Some(d) = delivery {
            change(d);
        }
    }
}

impl Hook {
    fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "id": self.id,
            "url": self.url,
            "created_at": self.created_at,
            "deliveries": self.deliveries,
            "links": {
                "self": format!("/webhooks/{}", self.id),
                "test": format!("/webhooks/{}/test", self.id),
            },
        })
    }
}

pub(super) fn api(api: &mut Api) {
    api.route(
        "/webhooks",
        get(list).post(register),
        json!({ "get": op("webhooks", "List registered webhooks", vec![], None, vec![("200", json_response("Webhooks", json!({"type": "array", "items": object()})))]), "post": op("webhooks", "Register a loopback callback URL", vec![], Some(json_request(json!({"type": "object", "required": ["url"], "properties": {"url": {"type": "string", "format": "uri"}}}))), vec![("201", ok("Registered")), ("403", problem("Not a loopback URL")), ("422", problem("Invalid url"))]) }),
    );
    api.route(
        "/webhooks/{id}",
        get(show).delete(remove),
        json!({ "get": op("webhooks", "A registration and its deliveries", vec![path_param("id", json!({"type": "string"}), "Webhook id")], None, vec![("200", ok("Registration")), ("404", problem("No such webhook"))]), "delete": op("webhooks", "Remove a webhook", vec![path_param("id", json!({"type": "string"}), "Webhook id")], None, vec![("204", empty("Removed")), ("404", problem("No such webhook"))]) }),
    );
    api.route(
        "/webhooks/{id}/test",
        post(test),
        json!({ "post": op("webhooks", "Deliver a signed test event (HMAC-SHA256, retried with backoff)", vec![path_param("id", json!({"type": "string"}), "Webhook id")], None, vec![("202", ok("Delivery started")), ("404", problem("No such webhook"))]) }),
    );
}

fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// `sha256=<hex>`: HMAC-SHA256 of `body` keyed with `secret`.
pub(super) fn sign(secret: &str, body: &[u8]) -> String {
    let Ok(mut mac) = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()) else {
        return String::new();
    };
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// The body of `POST /webhooks`.
#[derive(serde::Deserialize)]
struct NewHook {
    /// Where to send events: an http(s) URL on this machine.
    url: Option<String>,
    /// The signing secret (8 to 128 characters); the lab makes one up when absent.
    secret: Option<String>,
}

async fn register(
    State(state): State<LabState>,
    trace: Trace,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    trace.handler("webhooks::register");
    let new: NewHook = crate::lab::support::json_body(&headers, &body)?;
    let Some(raw) = new.url.filter(|u| !u.trim().is_empty()) else {
        return Err(Problem::invalid_field(
            "url",
            "url is required: where the lab should POST events, e.g. http://127.0.0.1:9000/hook",
        ));
    };
    let url = reqwest::Url::parse(raw.trim()).map_err(|e| {
        Problem::invalid_field("url", format!("url must be an absolute http URL ({e})"))
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Problem::invalid_field(
            "url",
            format!("url must use http or https, not {}:", url.scheme()),
        ));
    }
    if !url.host_str().is_some_and(is_loopback_host) {
        trace.middleware("callback guard", "403 not loopback");
        return Err(Problem::new(
            StatusCode::FORBIDDEN,
            format!(
                "the lab only calls back to this machine (localhost, 127.0.0.1, [::1]); {} is not. A server that fetches any URL it is given is open to SSRF.",
                url.host_str().unwrap_or("(no host)")
            ),
        )
        .with_type("webhook-target", "Callback target refused")
        .with_field("url"));
    }
    let secret = match new.secret {
        Some(s) if (8..=128).contains(&s.chars().count()) => s,
        Some(_) => {
            return Err(Problem::invalid_field(
                "secret",
                "secret must be 8 to 128 characters",
            ));
        }
        None => format!("whsec_{}", hex::encode(rand::random::<[u8; 16]>())),
    };
    let hook = {
        let Ok(mut l) = state.parts().webhooks.list.lock() else {
            return Err(Problem::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "webhook list unavailable",
            ));
        };
        l.next_id += 1;
        let hook = Hook {
            id: l.next_id,
            url: url.to_string(),
            secret: secret.clone(),
            created_at: now_rfc3339(),
            deliveries: Vec::new(),
        };
        let json = hook.to_json();
        l.hooks.push(hook);
        json
    };
    let mut body = hook;
    // The secret is shown once, here; GET /webhooks/{id} never repeats it.
    body["secret"] = secret.into();
    body["signature"] = serde_json::json!({
        "header": "X-Backroad-Signature",
        "format": "sha256=<hex of HMAC-SHA256(secret, raw body)>",
        "timestamp_header": "X-Backroad-Timestamp",
    });
    let location = format!("/webhooks/{}", body["id"]);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        axum::Json(body),
    )
        .into_response())
}

async fn list(State(state): State<LabState>, trace: Trace) -> axum::Json<serde_json::Value> {
    trace.handler("webhooks::list");
    let hooks = state
        .parts()
        .webhooks
        .list
        .lock()
        .map(|l| l.hooks.iter().map(Hook::to_json).collect())
        .unwrap_or_default();
    axum::Json(serde_json::Value::Array(hooks))
}

fn not_found(id: &str) -> Problem {
    Problem::not_found(format!(
        "there is no webhook {id}; POST /webhooks registers one"
    ))
}

async fn show(
    State(state): State<LabState>,
    trace: Trace,
    Path(id): Path<String>,
) -> Result<axum::Json<serde_json::Value>, Problem> {
    trace.handler("webhooks::show");
    let l = state.parts().webhooks.list.lock().ok();
    l.as_ref()
        .and_then(|l| l.hooks.iter().find(|h| h.id.to_string() == id))
        .map(|h| axum::Json(h.to_json()))
        .ok_or_else(|| not_found(&id))
}

async fn remove(
    State(state): State<LabState>,
    trace: Trace,
    Path(id): Path<String>,
) -> Result<StatusCode, Problem> {
    trace.handler("webhooks::remove");
    let Ok(mut l) = state.parts().webhooks.list.lock() else {
        return Err(not_found(&id));
    };
    let before = l.hooks.len();
    l.hooks.retain(|h| h.id.to_string() != id);
    if l.hooks.len() == before {
        return Err(not_found(&id));
    }
    Ok(StatusCode::NO_CONTENT)
}

async fn test(
    State(state): State<LabState>,
    trace: Trace,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    trace.handler("webhooks::test");
    let event_id = format!("evt_{}", hex::encode(rand::random::<[u8; 8]>()));
    let timestamp = time::OffsetDateTime::now_utc().unix_timestamp();
    let (hook_id, url, secret) = {
        let Ok(mut l) = state.parts().webhooks.list.lock() else {
            return Err(not_found(&id));
        };
        let Some(hook) = l.hooks.iter_mut().find(|h| h.id.to_string() == id) else {
            return Err(not_found(&id));
        };
        if hook.deliveries.len() == KEEP_DELIVERIES {
            hook.deliveries.remove(0);
        }
        hook.deliveries.push(Delivery {
            event_id: event_id.clone(),
            event: "ping",
            state: "pending",
            attempts: Vec::new(),
        });
        (hook.id, hook.url.clone(), hook.secret.clone())
    };
    let event = serde_json::json!({
        "id": event_id,
        "type": "ping",
        "webhook": hook_id,
        "timestamp": timestamp,
        "created_at": now_rfc3339(),
        "data": { "message": "hello from the backroad lab" },
    });
    let body = event.to_string();
    let signature = sign(&secret, body.as_bytes());
    trace.note(
        "delivery",
        format!("POST {url} ({event_id}), signed, in the background"),
        Some("queued".into()),
    );
    let lab = state.clone();
    let outgoing = Outgoing {
        hook: hook_id,
        event_id: event_id.clone(),
        url,
        body,
        signature,
        timestamp,
    };
    tokio::spawn(deliver(lab, outgoing));
    Ok((
        StatusCode::ACCEPTED,
        [(header::LOCATION, format!("/webhooks/{hook_id}"))],
        axum::Json(serde_json::json!({
            "event_id": event_id,
            "state": "pending",
            "status": format!("/webhooks/{hook_id}"),
        })),
    )
        .into_response())
}

/// One signed event on its way.
struct Outgoing {
    hook: u64,
    event_id: String,
    url: String,
    body: String,
    signature: String,
    timestamp: i64,
}

/// Send `out`, retrying with backoff, recording every attempt in the registration.
async fn deliver(lab: LabState, out: Outgoing) {
    let hooks = &lab.parts().webhooks;
    let Some(client) = hooks.client() else {
        hooks.update(out.hook, &out.event_id, |d| d.state = "failed");
        return;
    };
    let mut backoff = FIRST_BACKOFF;
    for n in 1..=MAX_ATTEMPTS {
        let at = now_rfc3339();
        let started = Instant::now();
        let sent = client
            .post(&out.url)
            .header(header::CONTENT_TYPE, "application/json")
            .header("x-backroad-event", "ping")
            .header("x-backroad-delivery", &out.event_id)
            .header("x-backroad-timestamp", out.timestamp.to_string())
            .header(SIGNATURE_HEADER, &out.signature)
            .body(out.body.clone())
            .send()
            .await;
        let duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let (status, error) = match sent {
            Ok(res) => (Some(res.status().as_u16()), None),
            Err(e) => (None, Some(describe(&e))),
        };
        let delivered = status.is_some_and(|s| (200..300).contains(&s));
        let last = n == MAX_ATTEMPTS;
        hooks.update(out.hook, &out.event_id, |d| {
            d.attempts.push(Attempt {
                n,
                at,
                status,
                error,
                duration_ms,
            });
            d.state = match (delivered, last) {
                (true, _) => "delivered",
                (false, true) => "failed",
                (false, false) => "pending",
            };
        });
        if delivered || last {
            return;
        }
        tokio::time::sleep(backoff).await;
        backoff *= 2;
    }
}

fn describe(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        format!("no answer within {} s", ATTEMPT_TIMEOUT.as_secs())
    } else if e.is_connect() {
        "could not connect (is your server listening?)".into()
    } else {
        e.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_is_hmac_sha256_hex() {
        // RFC 4231 test case 2.
        assert_eq!(
            sign("Jefe", b"what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
