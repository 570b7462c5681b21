//! The keymap rows of the screens with text fields (the Lab and the Exercises): outside a field
//! their keys are read from these rows like any other screen's; inside one, keys go to the
//! field, and the few keys a field reads are listed here for the help and the status bar.

use super::{CTRL_PAGE, ENDS, Key, MOVE, PAGE, Row, ch, row};
use crate::tui::action::{Action, ExerciseCmd, LabCmd};
use crate::tui::app::App;
use crate::tui::lab::Editing;
use Key::{Code, Ctrl};
use crossterm::event::KeyCode;

const fn lab(c: LabCmd) -> Action {
    Action::Lab(c)
}

const fn ex(c: ExerciseCmd) -> Action {
    Action::Exercise(c)
}

/// Esc, q, and Backspace go back one level: to the roadmap from a tab, to the list from an
/// exercise.
const BACK: &[(Key, Action)] = &[
    (Code(KeyCode::Esc), Action::Back),
    (ch('q'), Action::Back),
    (Code(KeyCode::Backspace), Action::Back),
];

/// The Lab screen outside its fields. Short enough that the whole help fits at 80×24.
pub(super) const LAB: &[Row] = &[
    row(
        "Tab Shift-Tab",
        "Tab",
        "next / previous field or pane",
        &[
            (Code(KeyCode::Tab), lab(LabCmd::NextPane)),
            (Code(KeyCode::BackTab), lab(LabCmd::PrevPane)),
        ],
    ),
    row(
        "Enter",
        "Enter",
        "URL: send · else edit, fold, open",
        &[(Code(KeyCode::Enter), Action::Open)],
    ),
    row(
        "s  Ctrl-s",
        "s",
        "send (Ctrl-s also while typing)",
        &[(ch('s'), lab(LabCmd::Send)), (Ctrl('s'), lab(LabCmd::Send))],
    ),
    row(
        "e i · u · b",
        "e",
        "edit this field · the URL · the body",
        &[
            (ch('e'), lab(LabCmd::Edit)),
            (ch('i'), lab(LabCmd::Edit)),
            (ch('u'), lab(LabCmd::EditUrl)),
            (ch('b'), lab(LabCmd::EditBody)),
        ],
    ),
    row(
        "m M",
        "m",
        "method (Enter on it: type one)",
        &[
            (ch('m'), lab(LabCmd::NextMethod)),
            (ch('M'), lab(LabCmd::PrevMethod)),
        ],
    ),
    row(
        "← →  h l",
        "← →",
        "method · panel tab · response sideways",
        &[
            (Code(KeyCode::Left), lab(LabCmd::Left)),
            (Code(KeyCode::Right), lab(LabCmd::Right)),
            (ch('h'), lab(LabCmd::Left)),
            (ch('l'), lab(LabCmd::Right)),
        ],
    ),
    row(
        "a · d Del",
        "a",
        "add a header · delete the selected",
        &[
            (ch('a'), lab(LabCmd::AddHeader)),
            (ch('d'), lab(LabCmd::DeleteHeader)),
            (Code(KeyCode::Delete), lab(LabCmd::DeleteHeader)),
        ],
    ),
    row(
        "f  Ctrl-f",
        "f",
        "pretty-print the JSON body",
        &[
            (ch('f'), lab(LabCmd::FormatBody)),
            (Ctrl('f'), lab(LabCmd::FormatBody)),
        ],
    ),
    row(
        "↑↓ jk PgUp PgDn g G",
        "↑↓",
        "move in the focused pane",
        MOVE,
    ),
    row("", "", "", PAGE),
    row("", "", "", CTRL_PAGE),
    row("", "", "", ENDS),
    row(
        "Space - +",
        "Space",
        "fold / unfold · all",
        &[
            (ch(' '), lab(LabCmd::Fold)),
            (ch('-'), lab(LabCmd::FoldAll)),
            (ch('+'), lab(LabCmd::UnfoldAll)),
            (ch('='), lab(LabCmd::UnfoldAll)),
        ],
    ),
    row(
        "F · n N",
        "F",
        "find in the response · next, previous hit",
        &[
            (ch('F'), lab(LabCmd::Find)),
            (ch('n'), lab(LabCmd::NextHit)),
            (ch('N'), lab(LabCmd::PrevHit)),
        ],
    ),
    row(
        "v",
        "v",
        "side panel: trace, live, history",
        &[(ch('v'), lab(LabCmd::Panel))],
    ),
    row(
        "r",
        "r",
        "history: put it back in the composer",
        &[(ch('r'), lab(LabCmd::Recall))],
    ),
    row(
        "c · R",
        "c",
        "copy as curl · reset the lab data",
        &[
            (ch('c'), lab(LabCmd::CopyCurl)),
            (ch('R'), lab(LabCmd::ResetLab)),
        ],
    ),
    row("Esc q", "q", "back to the roadmap", BACK),
];

/// Typing into a Lab field: the keys the fields read (for the help; the field reads them).
pub(super) const LAB_EDIT: &[Row] = &[
    row("type", "type", "edit the field", &[]),
    row("Enter", "Enter", "URL: send · header: next, done", &[]),
    row("Ctrl-s", "Ctrl-s", "send", &[]),
    row("Ctrl-f", "Ctrl-f", "body: pretty-print the JSON", &[]),
    row("Tab", "Tab", "header: name ↔ value", &[]),
    row("Esc", "Esc", "stop editing", &[]),
];

/// The status bar while a Lab field is typed into (or the copy-as-curl box is open): the keys
/// that field reads, each a row of [`LAB_EDIT`] or a word of its own.
pub(super) fn lab_field_hints(app: &App) -> Vec<(&'static str, &'static str)> {
    if app.lab.curl.is_some() {
        return vec![("any key", "close")];
    }
    match app.lab.editing {
        Some(Editing::Url) => vec![
            ("Enter", "send"),
            ("Ctrl-s", "send"),
            ("Esc", "stop editing"),
        ],
        Some(Editing::Body) => vec![
            ("Ctrl-s", "send"),
            ("Ctrl-f", "format"),
            ("Esc", "stop editing"),
        ],
        Some(Editing::Header { .. }) => vec![
            ("Tab", "name ↔ value"),
            ("Enter", "done"),
            ("Esc", "stop editing"),
        ],
        Some(Editing::Method) => vec![("type", "a method"), ("Enter", "done"), ("Esc", "keep")],
        Some(Editing::Search) => vec![("type", "find"), ("Enter", "keep"), ("Esc", "clear")],
        None => vec![],
    }
}

/// The Exercises list.
pub(super) const EXERCISES: &[Row] = &[
    row("↑ ↓  j k", "↑↓", "move in the list", MOVE),
    row("PgUp PgDn", "PgDn", "move a page", PAGE),
    row("", "", "", CTRL_PAGE),
    row("g G  Home End", "g G", "first / last", ENDS),
    row(
        "Enter → l",
        "Enter",
        "open the exercise",
        &[
            (Code(KeyCode::Enter), Action::Open),
            (Code(KeyCode::Right), Action::Open),
            (ch('l'), Action::Open),
        ],
    ),
    row(
        "f",
        "f",
        "filter: all / new / passed",
        &[(ch('f'), ex(ExerciseCmd::Filter))],
    ),
    row("click  wheel", "", "select (again: open) · move", &[]),
    row("Esc q", "q", "back: all exercises, then the roadmap", BACK),
];

/// An open exercise.
pub(super) const EXERCISE: &[Row] = &[
    row(
        "↑ ↓",
        "↑↓",
        "quiz: choose an answer · else scroll",
        &[
            (Code(KeyCode::Up), Action::Up),
            (Code(KeyCode::Down), Action::Down),
        ],
    ),
    row(
        "j k  PgUp PgDn Space g",
        "j k",
        "scroll",
        &[
            (ch('j'), Action::Scroll(1)),
            (ch('k'), Action::Scroll(-1)),
            (Code(KeyCode::PageDown), Action::Scroll(10)),
            (ch(' '), Action::Scroll(10)),
            (Code(KeyCode::PageUp), Action::Scroll(-10)),
            (Code(KeyCode::Home), Action::Top),
            (ch('g'), Action::Top),
        ],
    ),
    row(
        "Enter r",
        "Enter",
        "check it (short answer: type it first)",
        &[
            (Code(KeyCode::Enter), Action::Open),
            (ch('r'), ex(ExerciseCmd::Check)),
        ],
    ),
    row(
        "e Tab",
        "e",
        "type the answer or the server's URL",
        &[
            (ch('e'), ex(ExerciseCmd::Edit)),
            (Code(KeyCode::Tab), ex(ExerciseCmd::Edit)),
        ],
    ),
    row(
        "1-9",
        "1-9",
        "quiz: answer with that choice",
        &[
            (ch('1'), ex(ExerciseCmd::Choose(1))),
            (ch('2'), ex(ExerciseCmd::Choose(2))),
            (ch('3'), ex(ExerciseCmd::Choose(3))),
            (ch('4'), ex(ExerciseCmd::Choose(4))),
            (ch('5'), ex(ExerciseCmd::Choose(5))),
            (ch('6'), ex(ExerciseCmd::Choose(6))),
            (ch('7'), ex(ExerciseCmd::Choose(7))),
            (ch('8'), ex(ExerciseCmd::Choose(8))),
            (ch('9'), ex(ExerciseCmd::Choose(9))),
        ],
    ),
    row(
        "h",
        "h",
        "reveal the next hint",
        &[(ch('h'), ex(ExerciseCmd::Hint))],
    ),
    row(
        "n",
        "n",
        "next exercise of the list",
        &[(ch('n'), ex(ExerciseCmd::Next))],
    ),
    row(
        "s · w",
        "s",
        "server: its run command · watch files",
        &[
            (ch('s'), ex(ExerciseCmd::RunCommand)),
            (ch('w'), ex(ExerciseCmd::Watch)),
        ],
    ),
    row(
        "c",
        "c",
        "copy the failing request as curl",
        &[(ch('c'), ex(ExerciseCmd::CopyCurl))],
    ),
    row(
        "Esc q ←",
        "q",
        "back to the list",
        &[
            (Code(KeyCode::Esc), Action::Back),
            (ch('q'), Action::Back),
            (Code(KeyCode::Left), Action::Back),
            (Code(KeyCode::Backspace), Action::Back),
        ],
    ),
];

/// Typing into an exercise's field.
pub(super) const EXERCISE_EDIT: &[Row] = &[
    row("type", "type", "the answer or the URL", &[]),
    row("Enter", "Enter", "check", &[]),
    row("Esc", "Esc", "stop editing", &[]),
];
