//! The per-request trace: what the server did for one exchange (route, middleware, handler,
//! SQL with bound parameters), each step stamped with the µs since the request arrived.
//!
//! The journal middleware puts a [`Trace`] in the request extensions; handlers take it as an
//! extractor (`trace: Trace`) and push steps. It ends up as `Exchange.trace` (typed as
//! `exchange::TraceStep`, stored as a JSON array of [`Step`]s). A trace taken where no middleware put one records nothing.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use serde::Serialize;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A cheap, clonable handle on one request's trace.
#[derive(Debug, Clone, Default)]
pub struct Trace {
    inner: Option<Arc<Recording>>,
}

#[derive(Debug)]
struct Recording {
    start: Instant,
    steps: Mutex<Vec<Step>>,
}

/// One thing the server did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    /// `route`, `middleware`, `handler` or `sql`.
    pub step: &'static str,
    /// The route pattern, middleware or handler name, or SQL statement.
    pub detail: String,
    /// What a middleware decided (`pass`, `401 missing token`, `429`...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// Bound parameters of a SQL statement, in order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub params: Option<Vec<serde_json::Value>>,
    /// When the step began, µs since the request arrived.
    pub at_us: u64,
    /// How long it took, in µs, when that is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub took_us: Option<u64>,
}

impl Trace {
    /// A trace that records, starting now.
    pub fn start() -> Self {
        Self {
            inner: Some(Arc::new(Recording {
                start: Instant::now(),
                steps: Mutex::new(Vec::with_capacity(8)),
            })),
        }
    }

    /// Whether steps are kept (false for a trace nobody put in the request).
    pub fn is_recording(&self) -> bool {
        self.inner.is_some()
    }

    /// µs since the request arrived (0 when not recording).
    pub fn elapsed_us(&self) -> u64 {
        self.inner.as_ref().map_or(0, |r| micros(r.start.elapsed()))
    }

    /// The route pattern that matched (`/api/tasks/{id}`).
    pub fn route(&self, pattern: &str) {
        self.push("route", pattern, None, None, None);
    }

    /// A middleware ran and decided `outcome` (`pass`, `401 no token`, ...).
    pub fn middleware(&self, name: &str, outcome: impl Into<String>) {
        self.push("middleware", name, Some(outcome.into()), None, None);
    }

    /// The handler that answered (`tasks::create`).
    pub fn handler(&self, name: &str) {
        self.push("handler", name, None, None, None);
    }

    /// A SQL statement ran with `params` and took `took`.
    pub fn sql(&self, statement: &str, params: Vec<serde_json::Value>, took: Duration) {
        self.push("sql", statement, None, Some(params), Some(took));
    }

    /// Any other step, e.g. `("delivery", "POST http://127.0.0.1:9000/hook")`.
    pub fn note(&self, step: &'static str, detail: impl Into<String>, outcome: Option<String>) {
        self.push(step, &detail.into(), outcome, None, None);
    }

    fn push(
        &self,
        step: &'static str,
        detail: &str,
        outcome: Option<String>,
        params: Option<Vec<serde_json::Value>>,
        took: Option<Duration>,
    ) {
        let Some(rec) = &self.inner else { return };
        let now = micros(rec.start.elapsed());
        let took_us = took.map(micros);
        let step = Step {
            step,
            detail: detail.to_string(),
            outcome,
            params,
            at_us: now.saturating_sub(took_us.unwrap_or(0)),
            took_us,
        };
        if let Ok(mut steps) = rec.steps.lock() {
            steps.push(step);
        }
    }

    /// The steps so far, in order.
    pub fn steps(&self) -> Vec<Step> {
        self.inner
            .as_ref()
            .and_then(|r| r.steps.lock().ok().map(|s| s.clone()))
            .unwrap_or_default()
    }

    /// The steps in the journal's typed form (`Exchange.trace`).
    pub fn journal_steps(&self) -> Vec<crate::exchange::TraceStep> {
        self.steps()
            .into_iter()
            .map(|s| crate::exchange::TraceStep {
                kind: s.step.into(),
                detail: s.detail,
                outcome: s.outcome,
                params: s.params,
                at_us: s.at_us,
                took_us: s.took_us,
            })
            .collect()
    }

    /// The steps as a JSON array (the journal's stored form).
    pub fn to_json(&self) -> serde_json::Value {
        let Some(rec) = &self.inner else {
            return serde_json::Value::Array(Vec::new());
        };
        match rec.steps.lock() {
            Ok(steps) => serde_json::to_value(&*steps).unwrap_or_default(),
            Err(_) => serde_json::Value::Array(Vec::new()),
        }
    }
}

fn micros(d: Duration) -> u64 {
    u64::try_from(d.as_micros()).unwrap_or(u64::MAX)
}

impl<S: Send + Sync> FromRequestParts<S> for Trace {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts.extensions.get::<Trace>().cloned().unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_come_out_in_order_as_json() {
        let t = Trace::start();
        t.route("/api/tasks");
        t.middleware("auth", "pass");
        t.sql(
            "SELECT * FROM tasks WHERE id = ?1",
            vec![7.into()],
            Duration::from_micros(40),
        );
        let json = t.to_json();
        assert_eq!(json[0]["step"], "route");
        assert_eq!(json[1]["outcome"], "pass");
        assert_eq!(json[2]["params"][0], 7);
        assert_eq!(json[2]["took_us"], 40);
    }

    #[test]
    fn a_default_trace_records_nothing() {
        let t = Trace::default();
        t.handler("x");
        assert!(t.steps().is_empty());
        assert!(!t.is_recording());
    }
}
