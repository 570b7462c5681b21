//! The trace of one exchange in typed form: what the lab did for the request, step by step.
//!
//! The lab records it (`lab::trace`) and the journal stores it as a JSON array of objects with
//! `step`, `detail`, `outcome`, `params`, `at_us` and `took_us`; this is that array's Rust form,
//! read by the TUI's trace panel and by tests.

use serde::{Deserialize, Serialize};

/// One thing the lab did for a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraceStep {
    /// What kind of step (stored as `step`).
    #[serde(rename = "step")]
    pub kind: StepKind,
    /// The route pattern, middleware or handler name, or SQL statement.
    #[serde(default)]
    pub detail: String,
    /// What a middleware decided (`pass`, `401 missing token`, `429`...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// Bound parameters of a SQL statement, in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<Vec<serde_json::Value>>,
    /// When the step began, µs since the request arrived.
    #[serde(default)]
    pub at_us: u64,
    /// How long it took, in µs, when that is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub took_us: Option<u64>,
}

impl TraceStep {
    /// A step of `kind` with `detail`, at 0 µs, with nothing else known.
    pub fn new(kind: StepKind, detail: impl Into<String>) -> Self {
        Self {
            kind,
            detail: detail.into(),
            outcome: None,
            params: None,
            at_us: 0,
            took_us: None,
        }
    }
}

/// The kinds of trace step. Stored as a lowercase word; a word this build does not know (a
/// newer lab's `delivery`, say) is kept as [`StepKind::Other`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum StepKind {
    /// The route pattern that matched.
    Route,
    /// A middleware ran and decided something.
    Middleware,
    /// The handler that answered.
    Handler,
    /// A SQL statement with its parameters.
    Sql,
    /// Any other step the lab notes (`delivery`, ...).
    Other(String),
}

impl StepKind {
    /// The stored word: `route`, `middleware`, `handler`, `sql` or the other word.
    pub fn as_str(&self) -> &str {
        match self {
            StepKind::Route => "route",
            StepKind::Middleware => "middleware",
            StepKind::Handler => "handler",
            StepKind::Sql => "sql",
            StepKind::Other(word) => word,
        }
    }
}

impl From<&str> for StepKind {
    fn from(word: &str) -> Self {
        match word {
            "route" => StepKind::Route,
            "middleware" => StepKind::Middleware,
            "handler" => StepKind::Handler,
            "sql" => StepKind::Sql,
            other => StepKind::Other(other.to_string()),
        }
    }
}

impl From<String> for StepKind {
    fn from(word: String) -> Self {
        StepKind::from(word.as_str())
    }
}

impl From<StepKind> for String {
    fn from(kind: StepKind) -> Self {
        kind.as_str().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stored_json_reads_back_typed_and_writes_the_same() {
        let json = r#"[{"step":"route","detail":"/api/tasks/{id}","at_us":3},
            {"step":"middleware","detail":"auth","outcome":"pass","at_us":5},
            {"step":"sql","detail":"SELECT 1","params":[7],"at_us":9,"took_us":40},
            {"step":"delivery","detail":"POST http://127.0.0.1:9/hook","at_us":12}]"#;
        let steps: Vec<TraceStep> = serde_json::from_str(json).unwrap();
        assert_eq!(steps[0].kind, StepKind::Route);
        assert_eq!(steps[1].outcome.as_deref(), Some("pass"));
        assert_eq!(steps[2].params, Some(vec![7.into()]));
        assert_eq!(steps[2].took_us, Some(40));
        assert_eq!(steps[3].kind, StepKind::Other("delivery".into()));
        let again: serde_json::Value = serde_json::to_value(&steps).unwrap();
        let want: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(again, want);
    }
}
