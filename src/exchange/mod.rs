//! The bottom layer's exchange: a request as written ([`RequestSpec`], with its curl form), what
//! came back ([`Received`] or [`SendError`]), and one exchange the lab served as the journal
//! keeps it ([`Exchange`], with its typed [`TraceStep`]s). Every other module may import this
//! one; it imports nothing else from the crate.

mod request;
mod response;
mod trace;

pub use request::{RequestSpec, shell_quote};
pub use response::{Received, SendError};
pub use trace::{StepKind, TraceStep};

/// The header backroad's own traffic to a lab carries (server checks and their probes, proofs,
/// the flush before a lab check), so that lab checks never count it as the learner's.
pub const CHECKER_HEADER: &str = "x-backroad-checker";

/// One request the lab received and the response it sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Exchange {
    /// Row id; 0 before it is stored.
    pub id: i64,
    /// When the request arrived, ms since the epoch.
    pub at: i64,
    pub method: String,
    pub path: String,
    /// The raw query string, without `?`.
    pub query: String,
    pub request_headers: Vec<(String, String)>,
    /// The request body, up to the lab's cap.
    pub request_body: Vec<u8>,
    pub status: u16,
    pub response_headers: Vec<(String, String)>,
    /// The response body, up to the lab's cap.
    pub response_body: Vec<u8>,
    pub duration_us: i64,
    /// The client's address.
    pub client: String,
    /// What the lab did for it, step by step (route, middleware, handler, SQL, timings).
    pub trace: Vec<TraceStep>,
}

impl Exchange {
    /// Sent by backroad's checker, not by the learner (it carries [`CHECKER_HEADER`]).
    pub fn from_checker(&self) -> bool {
        self.request_headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case(CHECKER_HEADER))
    }
}
