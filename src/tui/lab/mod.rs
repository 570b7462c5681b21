//! The Lab screen: the request composer (method, URL, headers, body), the response viewer, the
//! request trace, the history of sent requests, and the live list of what the lab receives from
//! any client.
//!
//! - this file: the screen's state ([`LabScreen`]) and what changes it from outside (answers,
//!   the journal);
//! - [`update`]: keys, clicks and scrolling; [`actions`]: what those keys do (send, recall,
//!   copy as curl, reset);
//! - [`layout`]: where the parts go (pure; shared by drawing, clicks and page sizes);
//! - [`view`]: drawing the composer and the response; [`side`]: the side panel (trace, live,
//!   history);
//! - [`edit`]: text editing in the fields; [`viewer`]: the response viewer's model.
//!
//! Its keys are rows of the keymap (`tui/keymap/screens.rs`).

mod actions;
pub mod edit;
pub mod layout;
pub mod side;
pub mod update;
pub mod view;
pub mod viewer;

pub use update::{on_action, on_click, on_key, on_scroll};
pub use view::draw;

use crate::exchange::{Exchange, Received, RequestSpec, SendError, TraceStep};
use edit::BodyCheck;
use viewer::Viewer;

/// The methods `m` cycles through.
pub const METHODS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/// Keep at most this many exchanges in the live list.
pub const LIVE_KEEP: usize = 200;
/// Keep at most this many sent requests in the history.
pub const HISTORY_KEEP: usize = 100;

/// Where the keys go when no text is being edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Method,
    Url,
    Headers,
    Body,
    Response,
    /// The side panel (trace, live list or history).
    Side,
}

impl Focus {
    /// The order Tab moves in.
    pub const ORDER: [Focus; 6] = [
        Focus::Method,
        Focus::Url,
        Focus::Headers,
        Focus::Body,
        Focus::Response,
        Focus::Side,
    ];
}

/// What the side panel shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SideTab {
    /// What the lab did for the exchange shown.
    Trace,
    /// Everything the lab receives, newest first.
    Live,
    /// Requests sent from the composer, newest first.
    History,
}

impl SideTab {
    pub const ALL: [SideTab; 3] = [SideTab::Trace, SideTab::Live, SideTab::History];

    pub fn title(self) -> &'static str {
        match self {
            SideTab::Trace => "Trace",
            SideTab::Live => "Live",
            SideTab::History => "History",
        }
    }
}

/// The text field being edited, if any (keys go to it; `Esc` leaves it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Editing {
    Method,
    Url,
    /// A header's name (`value == false`) or value.
    Header {
        index: usize,
        value: bool,
    },
    Body,
    /// The search in the response body.
    Search,
}

/// A request sent from the composer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    pub id: u64,
    pub spec: RequestSpec,
    /// When it was sent (ms since the epoch).
    pub at: i64,
    /// The journal entry of this request, once the journal watcher brought it.
    pub exchange: Option<i64>,
}

/// What the response viewer shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// The answer to the last request sent from the composer.
    Sent,
    /// An exchange picked in the live list (its journal id).
    Exchange(i64),
}

/// State of the Lab screen.
#[derive(Debug, Clone)]
pub struct LabScreen {
    /// The request being composed (its body is in `body`).
    pub request: RequestSpec,
    /// The body editor's text.
    pub body: String,
    /// The body as last checked.
    pub body_check: BodyCheck,
    pub focus: Focus,
    pub editing: Option<Editing>,
    /// Cursor of the field being edited: characters in one-line fields, bytes in the body.
    pub cursor: usize,
    /// The selected header row.
    pub header_sel: usize,
    /// First body line shown.
    pub body_scroll: usize,
    pub side: SideTab,
    /// The id of the request in flight, if any.
    pub pending: Option<u64>,
    /// The last request sent from the composer.
    pub sent: Option<Sent>,
    /// The answer to it.
    pub response: Option<Result<Received, SendError>>,
    pub shown: Option<Shown>,
    /// The response viewer over what is shown (built once per answer).
    pub viewer: Option<Viewer>,
    /// The trace of what is shown: the journal id and its steps.
    pub trace: Option<(i64, Vec<TraceStep>)>,
    /// First trace line shown.
    pub trace_scroll: usize,
    /// What the lab received lately, from any client (oldest first).
    pub live: Vec<Exchange>,
    /// The selected live row, counted from the newest.
    pub live_sel: usize,
    /// Requests sent from the composer (oldest first).
    pub history: Vec<RequestSpec>,
    /// The selected history row, counted from the newest.
    pub history_sel: usize,
    /// The curl command popup, when open.
    pub curl: Option<String>,
    /// The id of a reset request in flight.
    pub reset_pending: Option<u64>,
    /// News for the status bar, taken by the app.
    pub notice: Option<String>,
    /// The method before typing a new one (Esc puts it back).
    pub method_before: String,
}

impl Default for LabScreen {
    fn default() -> Self {
        Self::new()
    }
}

impl LabScreen {
    /// The composer with `GET /api/tasks` ready and the URL focused.
    pub fn new() -> Self {
        let target = "/api/tasks".to_string();
        Self {
            cursor: target.chars().count(),
            request: RequestSpec {
                method: "GET".into(),
                target,
                ..Default::default()
            },
            body: String::new(),
            body_check: BodyCheck::Empty,
            focus: Focus::Url,
            editing: None,
            header_sel: 0,
            body_scroll: 0,
            side: SideTab::Trace,
            pending: None,
            sent: None,
            response: None,
            shown: None,
            viewer: None,
            trace: None,
            trace_scroll: 0,
            live: Vec::new(),
            live_sel: 0,
            history: Vec::new(),
            history_sel: 0,
            curl: None,
            reset_pending: None,
            notice: None,
            method_before: String::new(),
        }
    }

    /// Put a request into the composer (from a lesson's runnable block or the history).
    pub fn load(&mut self, spec: RequestSpec) {
        self.body = spec.body.clone().unwrap_or_default();
        self.request = RequestSpec { body: None, ..spec };
        self.header_sel = 0;
        self.body_scroll = 0;
        self.editing = None;
        self.focus = Focus::Url;
        self.cursor = self.request.target.chars().count();
        self.recheck_body();
    }

    /// The request as it would be sent.
    pub fn spec(&self) -> RequestSpec {
        RequestSpec {
            body: (!self.body.is_empty()).then(|| self.body.clone()),
            ..self.request.clone()
        }
    }

    /// A send came back: true when it was this screen's.
    pub fn on_response(&mut self, id: u64, result: &Result<Received, SendError>) -> bool {
        if self.reset_pending == Some(id) {
            self.reset_pending = None;
            self.notice = Some(match result {
                Ok(r) if r.status < 300 => {
                    "Lab data reset: tasks, counter and the other practice data are back to their seed.".into()
                }
                Ok(r) => format!("The lab refused the reset: {}", r.status),
                Err(e) => format!("Could not reset the lab: {e}"),
            });
            return true;
        }
        if self.pending != Some(id) {
            return false;
        }
        self.pending = None;
        self.response = Some(result.clone());
        self.shown = Some(Shown::Sent);
        self.viewer = Some(Viewer::for_result(result));
        self.trace = None;
        self.trace_scroll = 0;
        self.match_trace(None);
        true
    }

    /// New exchanges from the journal.
    pub fn on_journal(&mut self, exchanges: &[Exchange]) {
        if exchanges.is_empty() {
            return;
        }
        self.live.extend_from_slice(exchanges);
        let extra = self.live.len().saturating_sub(LIVE_KEEP);
        self.live.drain(..extra);
        // Keep the selected row on the same exchange unless it follows the newest.
        if self.live_sel > 0 {
            self.live_sel = (self.live_sel + exchanges.len()).min(self.live.len() - 1);
        }
        self.match_trace(Some(exchanges));
    }

    /// Find the journal entry of the request just sent (in `new`, or in the whole live list)
    /// and show its trace. The journal may bring it before or after the answer.
    fn match_trace(&mut self, new: Option<&[Exchange]>) {
        let Some(sent) = self.sent.as_mut() else {
            return;
        };
        // A full URL on this machine may be the lab too: its journal has what it served.
        let Some(target) = local_target(&sent.spec.target) else {
            return;
        };
        let found = match sent.exchange {
            Some(id) => self.live.iter().find(|x| x.id == id),
            None => {
                let (path, query) = target.split_once('?').unwrap_or((target, ""));
                let (path, query) = (decoded(path), decoded(query));
                new.unwrap_or(&self.live).iter().find(|x| {
                    x.method == sent.spec.method
                        && decoded(&x.path) == path
                        && decoded(&x.query) == query
                        && x.at >= sent.at - 2_000
                        && x.request_headers.iter().any(|(k, v)| {
                            k.eq_ignore_ascii_case("user-agent") && v.starts_with("backroad/")
                        })
                })
            }
        };
        if let Some(x) = found {
            sent.exchange = Some(x.id);
            if self.shown == Some(Shown::Sent) || self.shown.is_none() {
                self.trace = Some((x.id, x.trace.clone()));
            }
        }
    }

    /// The live exchange at row `sel` (counted from the newest).
    pub fn live_at(&self, sel: usize) -> Option<&Exchange> {
        self.live.iter().rev().nth(sel)
    }

    /// The history entry at row `sel` (counted from the newest).
    pub fn history_at(&self, sel: usize) -> Option<&RequestSpec> {
        self.history.iter().rev().nth(sel)
    }

    /// Show an exchange from the live list in the viewer, with its trace.
    pub fn show_exchange(&mut self, sel: usize) {
        let Some(x) = self.live_at(sel) else { return };
        let (id, trace) = (x.id, x.trace.clone());
        self.viewer = Some(Viewer::for_exchange(x));
        self.shown = Some(Shown::Exchange(id));
        self.trace = Some((id, trace));
        self.trace_scroll = 0;
    }

    /// Take the news for the status bar.
    pub fn take_notice(&mut self) -> Option<String> {
        self.notice.take()
    }

    fn recheck_body(&mut self) {
        let json = self.request.headers.iter().any(|(k, v)| {
            k.eq_ignore_ascii_case("content-type") && v.to_ascii_lowercase().contains("json")
        });
        self.body_check = edit::check_body(&self.body, json);
    }

    fn has_header(&self, name: &str) -> bool {
        self.request
            .headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case(name))
    }
}

/// A request rebuilt from a journalled exchange (for "copy as curl").
pub fn exchange_spec(x: &Exchange) -> RequestSpec {
    let target = if x.query.is_empty() {
        x.path.clone()
    } else {
        format!("{}?{}", x.path, x.query)
    };
    let skip = ["host", "content-length", "user-agent", "accept-encoding"];
    RequestSpec {
        method: x.method.clone(),
        target,
        headers: x
            .request_headers
            .iter()
            .filter(|(k, _)| !skip.contains(&k.to_ascii_lowercase().as_str()))
            .cloned()
            .collect(),
        body: (!x.request_body.is_empty())
            .then(|| String::from_utf8_lossy(&x.request_body).into_owned()),
    }
}

/// The path and query of a target sent to this machine: a path as is, the rest of a full
/// `http://` URL whose host is 127.0.0.1, localhost or ::1. `None` for anything else.
fn local_target(target: &str) -> Option<&str> {
    let target = target.trim();
    if target.starts_with('/') {
        return Some(target);
    }
    let rest = target
        .strip_prefix("http://")
        .or_else(|| target.strip_prefix("https://"))?;
    let (authority, tail) = rest.split_at(rest.find(['/', '?']).unwrap_or(rest.len()));
    let host = authority.rsplit_once(':').map_or(authority, |(h, _)| h);
    let local = ["127.0.0.1", "localhost", "[::1]"]
        .iter()
        .any(|h| host.eq_ignore_ascii_case(h));
    local.then_some(if tail.is_empty() { "/" } else { tail })
}

/// Percent-escapes decoded, so `/a b` and `/a%20b` compare equal (the client escapes spaces).
fn decoded(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
