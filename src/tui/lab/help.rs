//! The Lab screen's keys as text: the help overlay's list and the status bar's hints.

use super::{Editing, Focus, LabScreen};

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
