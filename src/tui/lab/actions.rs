//! What the Lab screen's keys do: move the focus, pick a method, edit, add a header, format the
//! body, send, recall from history, copy as curl, reset the lab's data.

use super::edit::BodyCheck;
use super::update::follow_body;
use super::{Editing, Focus, HISTORY_KEEP, METHODS, Sent, Shown, SideTab, exchange_spec};
use crate::exchange::RequestSpec;
use crate::tui::action::Action;
use crate::tui::app::{App, Effect};

pub(super) fn cycle_focus(app: &mut App, forward: bool) -> Option<Action> {
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

pub(super) fn cycle_method(app: &mut App, forward: bool) -> Option<Action> {
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

pub(super) fn edit_focused(app: &mut App) -> Option<Action> {
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
pub(super) fn add_header(app: &mut App) -> Option<Action> {
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

pub(super) fn format_body(app: &mut App) {
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
pub(super) fn send(app: &mut App) -> Option<Action> {
    let spec = app.lab.spec();
    let t = spec.target.trim();
    if !(t.starts_with('/') || t.starts_with("http://") || t.starts_with("https://")) {
        app.message = Some(format!(
            "`{t}` is not a URL: write a path like /api/tasks (sent to the lab) or a full \
             http:// address."
        ));
        return None;
    }
    if let Some(why) = app.remote_refusal(&spec) {
        app.message = Some(why);
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

pub(super) fn recall(app: &mut App) {
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
pub(super) fn copy_curl(app: &mut App) -> Option<Action> {
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
pub(super) fn reset(app: &mut App) -> Option<Action> {
    let id = app.send(RequestSpec {
        method: "POST".into(),
        target: "/_lab/reset".into(),
        ..Default::default()
    });
    app.lab.reset_pending = Some(id);
    app.message = Some("Resetting the lab data…".into());
    None
}
