//! The Lab screen's state and keys: the request composer (method, URL, headers, body), the
//! response viewer, the request trace, the history of sent requests, and the live list of what
//! the lab receives from any client. Drawing is in `ui::lab`.

pub mod edit;
pub mod viewer;

use super::action::{Action, KeyContext};
use super::app::{App, Effect};
use super::ui::lab as layout;
use crate::exchange::{Exchange, Received, RequestSpec, SendError, TraceStep};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
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
    const ORDER: [Focus; 6] = [
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
        if !sent.spec.target.starts_with('/') {
            return;
        }
        let found = match sent.exchange {
            Some(id) => self.live.iter().find(|x| x.id == id),
            None => {
                let (path, query) = sent
                    .spec
                    .target
                    .split_once('?')
                    .unwrap_or((&sent.spec.target, ""));
                new.unwrap_or(&self.live).iter().find(|x| {
                    x.method == sent.spec.method
                        && x.path == path
                        && x.query == query
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

/// Handle a key on the Lab screen; returns an app-wide action to run next, if any.
pub fn on_key(app: &mut App, key: KeyEvent) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if app.lab.curl.is_some() {
        app.lab.curl = None;
        return None;
    }
    if ctrl && key.code == KeyCode::Char('s') {
        if app.lab.editing != Some(Editing::Search) {
            app.lab.editing = None;
        }
        send(app);
        return None;
    }
    if let Some(editing) = app.lab.editing {
        // Alt+key is how terminals report Esc followed quickly by a key: leave the field, then
        // take the key as a command.
        if key.modifiers.contains(KeyModifiers::ALT) && matches!(key.code, KeyCode::Char(_)) {
            edit_key(
                app,
                editing,
                KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE),
            );
            let plain = KeyEvent::new(key.code, key.modifiers - KeyModifiers::ALT);
            return nav_key(app, plain);
        }
        edit_key(app, editing, key);
        return None;
    }
    nav_key(app, key)
}

fn viewer_height(app: &App) -> usize {
    layout::viewer_height(app.viewport, &app.lab)
}

fn edit_key(app: &mut App, editing: Editing, key: KeyEvent) {
    let height = viewer_height(app);
    let lab = &mut app.lab;
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match editing {
        Editing::Method => match key.code {
            KeyCode::Esc | KeyCode::Enter | KeyCode::Tab => {
                lab.editing = None;
                // Esc, or nothing typed, keeps the method it had.
                if key.code == KeyCode::Esc || lab.request.method.is_empty() {
                    lab.request.method = std::mem::take(&mut lab.method_before);
                }
                if key.code == KeyCode::Tab {
                    lab.focus = Focus::Url;
                }
            }
            KeyCode::Char(c) if !ctrl && c.is_ascii_alphabetic() => {
                lab.request.method.push(c.to_ascii_uppercase());
            }
            KeyCode::Backspace => {
                lab.request.method.pop();
            }
            _ => {}
        },
        Editing::Url => match key.code {
            KeyCode::Esc => lab.editing = None,
            KeyCode::Tab => {
                lab.editing = None;
                lab.focus = Focus::Headers;
            }
            KeyCode::Enter => {
                lab.editing = None;
                send(app);
            }
            _ => {
                edit::edit_line(&mut lab.request.target, &mut lab.cursor, key);
            }
        },
        Editing::Header { index, value } => {
            let Some(h) = lab.request.headers.get_mut(index) else {
                lab.editing = None;
                return;
            };
            match key.code {
                KeyCode::Tab | KeyCode::BackTab | KeyCode::Enter if !value => {
                    lab.editing = Some(Editing::Header { index, value: true });
                    lab.cursor = h.1.chars().count();
                }
                KeyCode::Tab | KeyCode::BackTab => {
                    lab.editing = Some(Editing::Header {
                        index,
                        value: false,
                    });
                    lab.cursor = h.0.chars().count();
                }
                KeyCode::Enter | KeyCode::Esc => {
                    lab.editing = None;
                    if h.0.trim().is_empty() && h.1.trim().is_empty() {
                        lab.request.headers.remove(index);
                        lab.header_sel = lab.header_sel.saturating_sub(1);
                    }
                    lab.recheck_body();
                }
                _ => {
                    let field = if value { &mut h.1 } else { &mut h.0 };
                    if !value && key.code == KeyCode::Char(':') {
                        lab.editing = Some(Editing::Header { index, value: true });
                        lab.cursor = h.1.chars().count();
                    } else {
                        edit::edit_line(field, &mut lab.cursor, key);
                    }
                }
            }
        }
        Editing::Body => match key.code {
            KeyCode::Esc => lab.editing = None,
            KeyCode::Char('f') if ctrl => format_body(app),
            _ => {
                if edit::edit_text(&mut lab.body, &mut lab.cursor, key) {
                    lab.recheck_body();
                    follow_body(app);
                }
            }
        },
        Editing::Search => {
            let Some(v) = lab.viewer.as_mut() else {
                lab.editing = None;
                return;
            };
            match key.code {
                KeyCode::Esc => {
                    v.find = None;
                    lab.editing = None;
                }
                KeyCode::Enter => lab.editing = None,
                KeyCode::Backspace => {
                    let mut q = v.find.as_ref().map(|f| f.query.clone()).unwrap_or_default();
                    q.pop();
                    v.search(&q, height);
                    if q.is_empty() {
                        v.find = Some(Default::default());
                    }
                }
                KeyCode::Char(c) if !ctrl => {
                    let mut q = v.find.as_ref().map(|f| f.query.clone()).unwrap_or_default();
                    q.push(c);
                    v.search(&q, height);
                }
                _ => {}
            }
        }
    }
}

/// Keep the body cursor's line on screen.
fn follow_body(app: &mut App) {
    let h = layout::body_height(app.viewport, &app.lab).max(1);
    let lab = &mut app.lab;
    let (line, _) = edit::line_col(&lab.body, lab.cursor);
    if line < lab.body_scroll {
        lab.body_scroll = line;
    } else if line >= lab.body_scroll + h {
        lab.body_scroll = line + 1 - h;
    }
}

fn nav_key(app: &mut App, key: KeyEvent) -> Option<Action> {
    let height = viewer_height(app);
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let focus = app.lab.focus;
    // Keys that mean something in the focused pane first.
    match (focus, key.code) {
        (_, KeyCode::Tab) => return cycle_focus(app, true),
        (_, KeyCode::BackTab) => return cycle_focus(app, false),
        (Focus::Url, KeyCode::Enter) => return send(app),
        (Focus::Method, KeyCode::Enter) => {
            app.lab.editing = Some(Editing::Method);
            app.lab.method_before = std::mem::take(&mut app.lab.request.method);
            return None;
        }
        (Focus::Method, KeyCode::Right | KeyCode::Char('l')) => return cycle_method(app, true),
        (Focus::Method, KeyCode::Left | KeyCode::Char('h')) => return cycle_method(app, false),
        (Focus::Headers, KeyCode::Enter) => return edit_focused(app),
        (Focus::Headers, KeyCode::Char('d') | KeyCode::Delete) => {
            let lab = &mut app.lab;
            if lab.header_sel < lab.request.headers.len() {
                let (k, _) = lab.request.headers.remove(lab.header_sel);
                lab.header_sel = lab
                    .header_sel
                    .min(lab.request.headers.len().saturating_sub(1));
                lab.recheck_body();
                app.message = Some(format!("Removed the {k} header."));
            }
            return None;
        }
        (Focus::Body, KeyCode::Enter) => return edit_focused(app),
        (Focus::Response, KeyCode::Enter | KeyCode::Char(' ')) => {
            if let Some(v) = app.lab.viewer.as_mut() {
                v.toggle(height);
            }
            return None;
        }
        (Focus::Response, KeyCode::Char('/')) => {
            if let Some(v) = app.lab.viewer.as_mut() {
                v.find = Some(Default::default());
                app.lab.editing = Some(Editing::Search);
            } else {
                app.message = Some("Nothing to search yet: send a request first.".into());
            }
            return None;
        }
        (Focus::Response, KeyCode::Char(c @ ('n' | 'N'))) => {
            if let Some(v) = app.lab.viewer.as_mut() {
                v.next_hit(c == 'n', height);
            }
            return None;
        }
        (Focus::Response, KeyCode::Char('-')) => {
            if let Some(v) = app.lab.viewer.as_mut() {
                v.collapse_all();
            }
            return None;
        }
        (Focus::Response, KeyCode::Char('+' | '=')) => {
            if let Some(v) = app.lab.viewer.as_mut() {
                v.expand_all();
            }
            return None;
        }
        (Focus::Side, KeyCode::Enter) => {
            match app.lab.side {
                SideTab::Live => {
                    let sel = app.lab.live_sel;
                    app.lab.show_exchange(sel);
                    // Small screens show the exchange in place of the list; `v` then shows
                    // its trace.
                    if layout::compact(app.viewport) {
                        app.lab.focus = Focus::Response;
                        app.lab.side = SideTab::Trace;
                    }
                }
                SideTab::History => recall(app),
                SideTab::Trace => {}
            }
            return None;
        }
        (Focus::Side, KeyCode::Char('r')) if app.lab.side == SideTab::History => {
            recall(app);
            return None;
        }
        (Focus::Side, KeyCode::Left | KeyCode::Right) => {
            let forward = key.code == KeyCode::Right;
            app.lab.side = next_side(app.lab.side, forward);
            return None;
        }
        _ => {}
    }
    if let Some(done) = movement(app, key, ctrl, height) {
        return done;
    }
    match key.code {
        KeyCode::Char('s') => send(app),
        KeyCode::Char('e') | KeyCode::Char('i') => edit_focused(app),
        KeyCode::Char('m') => cycle_method(app, true),
        KeyCode::Char('M') => cycle_method(app, false),
        KeyCode::Char('a') => add_header(app),
        KeyCode::Char('f') => {
            format_body(app);
            None
        }
        KeyCode::Char('c') => copy_curl(app),
        KeyCode::Char('R') => reset(app),
        KeyCode::Char('v') => {
            let lab = &mut app.lab;
            lab.side = if lab.focus == Focus::Side {
                next_side(lab.side, true)
            } else {
                lab.side
            };
            lab.focus = Focus::Side;
            None
        }
        KeyCode::Char('u') => {
            app.lab.focus = Focus::Url;
            app.lab.editing = Some(Editing::Url);
            app.lab.cursor = app.lab.request.target.chars().count();
            None
        }
        KeyCode::Char('b') => {
            app.lab.focus = Focus::Body;
            app.lab.editing = Some(Editing::Body);
            app.lab.cursor = app.lab.body.len();
            follow_body(app);
            None
        }
        _ => super::action::map_key(KeyContext::Other, key),
    }
}

fn next_side(side: SideTab, forward: bool) -> SideTab {
    let i = SideTab::ALL.iter().position(|s| *s == side).unwrap_or(0);
    let n = SideTab::ALL.len();
    SideTab::ALL[if forward {
        (i + 1) % n
    } else {
        (i + n - 1) % n
    }]
}

/// Up/down/page/top/bottom in the focused pane; `Some` when the key was one of them.
fn movement(app: &mut App, key: KeyEvent, ctrl: bool, height: usize) -> Option<Option<Action>> {
    let page = height.saturating_sub(1).max(1) as i64;
    let delta: i64 = match key.code {
        KeyCode::Up | KeyCode::Char('k') => -1,
        KeyCode::Down | KeyCode::Char('j') => 1,
        KeyCode::PageUp => -page,
        KeyCode::PageDown => page,
        KeyCode::Char('u') if ctrl => -page,
        KeyCode::Char('d') if ctrl => page,
        KeyCode::Home | KeyCode::Char('g') => i64::MIN / 2,
        KeyCode::End | KeyCode::Char('G') => i64::MAX / 2,
        _ => return None,
    };
    scroll_focused(app, delta, height, false);
    Some(None)
}

/// Move in the focused pane by `delta` rows (`wheel`: scroll the view, not the cursor).
fn scroll_focused(app: &mut App, delta: i64, height: usize, wheel: bool) {
    let lab = &mut app.lab;
    let clamp = |v: usize, len: usize| -> usize {
        (v as i64 + delta).clamp(0, len.saturating_sub(1) as i64) as usize
    };
    match lab.focus {
        Focus::Method | Focus::Url => {
            if delta > 0 {
                lab.focus = Focus::Headers;
            }
        }
        Focus::Headers => {
            if delta < 0 && lab.header_sel == 0 {
                lab.focus = Focus::Url;
            } else {
                lab.header_sel = clamp(lab.header_sel, lab.request.headers.len());
            }
        }
        Focus::Body => {
            let lines = lab.body.lines().count();
            lab.body_scroll = clamp(lab.body_scroll, lines);
        }
        Focus::Response => {
            if let Some(v) = lab.viewer.as_mut() {
                if wheel {
                    v.scroll_by(delta, height);
                } else {
                    v.move_cursor(delta, height);
                }
            }
        }
        Focus::Side => match lab.side {
            SideTab::Trace => {
                let n = lab.trace.as_ref().map(|(_, t)| t.len()).unwrap_or(0);
                lab.trace_scroll = clamp(lab.trace_scroll, n * 2);
            }
            SideTab::Live => lab.live_sel = clamp(lab.live_sel, lab.live.len()),
            SideTab::History => lab.history_sel = clamp(lab.history_sel, lab.history.len()),
        },
    }
}

/// The mouse wheel: scroll the focused pane.
pub fn on_scroll(app: &mut App, lines: i32) {
    let height = viewer_height(app);
    scroll_focused(app, lines as i64, height, true);
}

/// A click on the Lab screen: focus the field or pane, select the row.
pub fn on_click(app: &mut App, x: u16, y: u16) {
    let areas = layout::areas(app.viewport, &app.lab);
    let inside =
        |r: ratatui::layout::Rect| x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height;
    let lab = &mut app.lab;
    lab.curl = None;
    if lab.editing == Some(Editing::Search) {
        lab.editing = None;
    }
    if inside(areas.method) {
        lab.editing = None;
        lab.focus = Focus::Method;
        cycle_method(app, true);
    } else if inside(areas.url) {
        lab.focus = Focus::Url;
        lab.editing = Some(Editing::Url);
        let col = x.saturating_sub(areas.url.x + 1) as usize;
        lab.cursor = col.min(lab.request.target.chars().count());
    } else if inside(areas.headers) {
        lab.editing = None;
        lab.focus = Focus::Headers;
        let row = y.saturating_sub(areas.headers.y + 1) as usize;
        if y > areas.headers.y {
            lab.header_sel = (layout::header_first(lab, areas.headers.height) + row)
                .min(lab.request.headers.len().saturating_sub(1));
        }
    } else if inside(areas.body) {
        lab.focus = Focus::Body;
        lab.editing = Some(Editing::Body);
        if y > areas.body.y {
            let line = lab.body_scroll + (y - areas.body.y - 1) as usize;
            let col = x.saturating_sub(areas.body.x + 1) as usize;
            lab.cursor = edit::offset_of(&lab.body, line, col);
        } else {
            lab.cursor = lab.body.len();
        }
    } else if let Some(r) = areas.response.filter(|r| inside(*r)) {
        lab.editing = None;
        lab.focus = Focus::Response;
        let height = r.height.saturating_sub(2) as usize;
        if let Some(v) = lab.viewer.as_mut()
            && y > r.y
            && y < r.y + r.height - 1
        {
            let pos = v.scroll + (y - r.y - 1) as usize;
            if pos < v.visible.len() {
                let was = v.cursor;
                v.cursor = pos;
                let opener = v.rows[v.visible[pos]].close.is_some();
                if opener && was == pos {
                    v.toggle(height);
                }
            }
        }
    } else if let Some(r) = areas.side.filter(|r| inside(*r)) {
        lab.editing = None;
        lab.focus = Focus::Side;
        if y == r.y {
            if let Some(tab) = layout::side_tab_at(lab, r, x) {
                lab.side = tab;
            }
            return;
        }
        let row = (y - r.y - 1) as usize;
        let rows = layout::list_rows(app.viewport, lab, r.height);
        if row >= rows {
            return;
        }
        let first = layout::list_first(lab, rows);
        match lab.side {
            SideTab::Live if first + row < lab.live.len() => {
                lab.live_sel = first + row;
                lab.show_exchange(first + row);
            }
            SideTab::History if first + row < lab.history.len() => {
                lab.history_sel = first + row;
            }
            _ => {}
        }
    }
}

fn cycle_focus(app: &mut App, forward: bool) -> Option<Action> {
    let lab = &mut app.lab;
    let i = Focus::ORDER
        .iter()
        .position(|f| *f == lab.focus)
        .unwrap_or(0);
    let n = Focus::ORDER.len();
    lab.focus = Focus::ORDER[if forward {
        (i + 1) % n
    } else {
        (i + n - 1) % n
    }];
    None
}

fn cycle_method(app: &mut App, forward: bool) -> Option<Action> {
    let lab = &mut app.lab;
    let i = METHODS.iter().position(|m| *m == lab.request.method);
    let n = METHODS.len();
    let next = match (i, forward) {
        (Some(i), true) => (i + 1) % n,
        (Some(i), false) => (i + n - 1) % n,
        (None, _) => 0,
    };
    lab.request.method = METHODS[next].to_string();
    None
}

fn edit_focused(app: &mut App) -> Option<Action> {
    let lab = &mut app.lab;
    match lab.focus {
        Focus::Method => {
            lab.editing = Some(Editing::Method);
            lab.method_before = std::mem::take(&mut lab.request.method);
        }
        Focus::Url => {
            lab.editing = Some(Editing::Url);
            lab.cursor = lab.request.target.chars().count();
        }
        Focus::Headers => {
            if lab.request.headers.is_empty() {
                return add_header(app);
            }
            let sel = lab.header_sel.min(lab.request.headers.len() - 1);
            lab.editing = Some(Editing::Header {
                index: sel,
                value: true,
            });
            lab.cursor = lab.request.headers[sel].1.chars().count();
        }
        Focus::Body => {
            lab.editing = Some(Editing::Body);
            lab.cursor = lab.body.len();
            follow_body(app);
        }
        Focus::Response | Focus::Side => {}
    }
    None
}

/// `a`: a new header row, being edited (a JSON body without a Content-Type gets one offered).
fn add_header(app: &mut App) -> Option<Action> {
    let lab = &mut app.lab;
    let offer = lab.body_check == BodyCheck::Json && !lab.has_header("content-type");
    let (name, value, editing_value) = if offer {
        ("Content-Type", "application/json", true)
    } else {
        ("", "", false)
    };
    lab.request.headers.push((name.into(), value.into()));
    let index = lab.request.headers.len() - 1;
    lab.header_sel = index;
    lab.focus = Focus::Headers;
    lab.editing = Some(Editing::Header {
        index,
        value: editing_value,
    });
    lab.cursor = if editing_value {
        value.chars().count()
    } else {
        0
    };
    None
}

fn format_body(app: &mut App) {
    let lab = &mut app.lab;
    match serde_json::from_str::<serde_json::Value>(&lab.body) {
        Ok(v) => {
            lab.body = serde_json::to_string_pretty(&v).unwrap_or_default();
            lab.cursor = lab.cursor.min(lab.body.len());
            while !lab.body.is_char_boundary(lab.cursor) {
                lab.cursor -= 1;
            }
            lab.body_scroll = 0;
            lab.recheck_body();
        }
        Err(_) if lab.body.trim().is_empty() => {
            app.message = Some("The body is empty: b edits it.".into());
        }
        Err(e) => app.message = Some(format!("Not JSON, so not formatted: {e}")),
    }
}

/// Send the composed request.
fn send(app: &mut App) -> Option<Action> {
    let spec = app.lab.spec();
    let t = spec.target.trim();
    if !(t.starts_with('/') || t.starts_with("http://") || t.starts_with("https://")) {
        app.message = Some(format!(
            "`{t}` is not a URL: write a path like /api/tasks (sent to the lab) or a full \
             http:// address."
        ));
        return None;
    }
    if let BodyCheck::Invalid { line, column, .. } = &app.lab.body_check {
        app.message = Some(format!(
            "Sent, though the JSON body is invalid at line {line}, column {column}."
        ));
    }
    let at = app.clock;
    let id = app.send(spec.clone());
    let lab = &mut app.lab;
    lab.pending = Some(id);
    lab.sent = Some(Sent {
        id,
        spec: spec.clone(),
        at,
        exchange: None,
    });
    lab.shown = Some(Shown::Sent);
    lab.viewer = None;
    lab.trace = None;
    if lab.history.last() != Some(&spec) {
        lab.history.push(spec);
        let extra = lab.history.len().saturating_sub(HISTORY_KEEP);
        lab.history.drain(..extra);
    }
    lab.history_sel = 0;
    None
}

fn recall(app: &mut App) {
    let Some(spec) = app.lab.history_at(app.lab.history_sel).cloned() else {
        app.message = Some("The history is empty: requests you send show up here.".into());
        return;
    };
    app.message = Some(format!(
        "Recalled {} {} into the composer: Enter on the URL sends it.",
        spec.method, spec.target
    ));
    app.lab.load(spec);
}

/// `c`: the request in focus as a curl command, to the clipboard and in a popup.
fn copy_curl(app: &mut App) -> Option<Action> {
    let lab = &app.lab;
    let spec = match (lab.focus, lab.side) {
        (Focus::Side, SideTab::Live) => lab.live_at(lab.live_sel).map(exchange_spec),
        (Focus::Side, SideTab::History) => lab.history_at(lab.history_sel).cloned(),
        (Focus::Response | Focus::Side, _) => match lab.shown {
            Some(Shown::Exchange(id)) => lab.live.iter().find(|x| x.id == id).map(exchange_spec),
            _ => lab.sent.as_ref().map(|s| s.spec.clone()),
        },
        _ => None,
    }
    .unwrap_or_else(|| lab.spec());
    let base = if app.lab_url.is_empty() {
        format!("http://127.0.0.1:{}", crate::context::DEFAULT_PORT)
    } else {
        app.lab_url.clone()
    };
    let cmd = spec.to_curl(&base);
    app.push_effect(Effect::Copy(cmd.clone()));
    app.lab.curl = Some(cmd);
    None
}

/// `R`: restore the lab's seed data.
fn reset(app: &mut App) -> Option<Action> {
    let id = app.send(RequestSpec {
        method: "POST".into(),
        target: "/_lab/reset".into(),
        ..Default::default()
    });
    app.lab.reset_pending = Some(id);
    app.message = Some("Resetting the lab data…".into());
    None
}

/// The keys of the Lab screen, for the help overlay.
pub fn help() -> Vec<(&'static str, &'static str)> {
    // Short enough that the whole list, with the app-wide keys, fits at 80×24.
    vec![
        ("Tab Shift-Tab", "next / previous field or pane"),
        ("Enter", "URL: send · else edit, open, fold"),
        ("s  Ctrl-s", "send (Ctrl-s also while typing)"),
        ("e i · u b", "edit this field · the URL · the body"),
        ("m M  ← →", "method (Enter on it: type one)"),
        ("a · d Del", "add a header · delete the selected"),
        ("f  Ctrl-f", "pretty-print the JSON body"),
        ("↑↓ jk PgUp PgDn g G", "move in the focused pane"),
        ("- + · / n N", "fold / unfold all · search, next hit"),
        ("v  ← →", "side panel: trace, live, history"),
        ("Enter r", "live: show it · history: recall it"),
        ("c · R", "copy as curl · reset the lab data"),
        ("mouse", "click fields and rows, wheel scrolls"),
        ("Esc", "stop editing · back to the roadmap"),
        ("q", "quit"),
    ]
}

/// A few keys for the status bar, for where the focus is.
pub fn hints(lab: &LabScreen) -> Vec<(&'static str, &'static str)> {
    match (lab.editing, lab.focus) {
        (Some(Editing::Url), _) => vec![("Enter", "send"), ("Esc", "stop editing")],
        (Some(Editing::Body), _) => vec![
            ("Ctrl-s", "send"),
            ("Ctrl-f", "format"),
            ("Esc", "stop editing"),
        ],
        (Some(Editing::Header { .. }), _) => vec![
            ("Tab", "name ↔ value"),
            ("Enter", "done"),
            ("Esc", "stop editing"),
        ],
        (Some(Editing::Method), _) => vec![("type", "a method"), ("Enter", "done")],
        (Some(Editing::Search), _) => vec![("type", "search"), ("Enter", "keep"), ("Esc", "clear")],
        (None, Focus::Url) => vec![
            ("Enter", "send"),
            ("e", "edit URL"),
            ("m", "method"),
            ("Tab", "next"),
            ("?", "help"),
        ],
        (None, Focus::Response) => vec![
            ("↑↓", "move"),
            ("Enter", "fold"),
            ("/", "search"),
            ("c", "curl"),
            ("Tab", "next"),
        ],
        (None, Focus::Side) => vec![
            ("v", "trace/live/history"),
            ("Enter", "open"),
            ("c", "curl"),
            ("Tab", "next"),
        ],
        (None, _) => vec![
            ("s", "send"),
            ("e", "edit"),
            ("Tab", "next"),
            ("?", "help"),
            ("q", "quit"),
        ],
    }
}
