//! The Lab screen's state and keys: the request composer, the response viewer, history, and
//! the live list of what the lab receives. (Filled in by the Lab screen work.)

use super::action::Action;
use super::app::App;
use crate::client::{Received, RequestSpec, SendError};
use crate::store::Exchange;
use crossterm::event::{KeyCode, KeyEvent};

/// State of the Lab screen.
#[derive(Debug, Clone, Default)]
pub struct LabScreen {
    /// The request being composed.
    pub request: RequestSpec,
    /// The id of the request in flight, if any.
    pub pending: Option<u64>,
    /// The last answer.
    pub response: Option<Result<Received, SendError>>,
    /// What the lab received lately, from any client (newest last).
    pub live: Vec<Exchange>,
}

/// Keep at most this many exchanges in the live list.
pub const LIVE_KEEP: usize = 200;

impl LabScreen {
    pub fn new() -> Self {
        Self {
            request: RequestSpec {
                method: "GET".into(),
                target: "/api/tasks".into(),
                ..Default::default()
            },
            ..Default::default()
        }
    }

    /// Put a request into the composer (from a lesson's runnable block).
    pub fn load(&mut self, spec: RequestSpec) {
        self.request = spec;
    }

    /// A send came back: true when it was this screen's.
    pub fn on_response(&mut self, id: u64, result: &Result<Received, SendError>) -> bool {
        if self.pending != Some(id) {
            return false;
        }
        self.pending = None;
        self.response = Some(result.clone());
        true
    }

    /// New exchanges from the journal.
    pub fn on_journal(&mut self, exchanges: &[Exchange]) {
        self.live.extend_from_slice(exchanges);
        let extra = self.live.len().saturating_sub(LIVE_KEEP);
        self.live.drain(..extra);
    }
}

/// Handle a key on the Lab screen; returns an app-wide action to run next, if any.
pub fn on_key(app: &mut App, key: KeyEvent) -> Option<Action> {
    match key.code {
        KeyCode::Enter => {
            let spec = app.lab.request.clone();
            let id = app.send(spec);
            app.lab.pending = Some(id);
            None
        }
        _ => super::action::map_key(super::action::KeyContext::Other, key),
    }
}

/// The keys of the Lab screen, for the help overlay.
pub fn help() -> Vec<(&'static str, &'static str)> {
    vec![("Enter", "send the request"), ("q", "quit")]
}
