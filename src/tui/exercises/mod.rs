//! The Exercises screen: the list by phase with filter and search, and the open exercise that
//! checks itself (lab exercises on every journalled request, quizzes in place, server exercises
//! against a target the learner types).
//!
//! - this file: the list's state ([`ExercisesScreen`]) and its keys, clicks and scrolling;
//! - `open`: the open exercise's state ([`ExerciseView`]), its keys, and what checks and the
//!   journal report back to it;
//! - [`view`]: drawing the list (and where its rows are, for clicks); `open_view`: drawing the
//!   open exercise.

mod open;
mod open_view;
pub mod run;
pub mod view;

pub use open::{ExerciseView, on_checked, on_journal, on_step, open};
use open::{open_selected, view_key};

use super::action::{Action, KeyContext, map_key};
use super::app::App;
use crate::course::Exercise;
use crossterm::event::{KeyCode, KeyEvent};

/// Which exercises the list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Filter {
    #[default]
    All,
    /// Not passed yet (new or attempted).
    New,
    Passed,
}

impl Filter {
    /// The next filter (`f` cycles).
    pub fn next(self) -> Self {
        match self {
            Filter::All => Filter::New,
            Filter::New => Filter::Passed,
            Filter::Passed => Filter::All,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Filter::All => "all",
            Filter::New => "new",
            Filter::Passed => "passed",
        }
    }
}

/// Where an exercise stands for the learner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    New,
    Attempted,
    Passed,
}

/// A row of the list: a phase heading or an exercise (index into `course.exercises`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Phase(usize),
    Exercise(usize),
}

/// State of the Exercises screen.
#[derive(Debug, Clone, Default)]
pub struct ExercisesScreen {
    /// Selected exercise, as a position in [`visible`].
    pub selected: usize,
    pub filter: Filter,
    /// Filters the list by id or title.
    pub query: String,
    /// The search field has the keys.
    pub searching: bool,
    /// The exercise open, if any.
    pub open: Option<ExerciseView>,
}

impl ExercisesScreen {
    pub fn new() -> Self {
        Self::default()
    }
}

/// Where an exercise stands.
pub fn standing(app: &App, id: &str) -> Standing {
    if app.snap.passed.contains(id) {
        Standing::Passed
    } else if app.snap.attempted.contains(id) {
        Standing::Attempted
    } else {
        Standing::New
    }
}

/// Every exercise in course order: by phase, then as loaded.
pub fn ordered(app: &App) -> Vec<usize> {
    let mut out = Vec::with_capacity(app.course.exercises.len());
    for phase in &app.course.phases {
        out.extend(
            app.course
                .exercises
                .iter()
                .enumerate()
                .filter(|(_, e)| e.phase == phase.id)
                .map(|(i, _)| i),
        );
    }
    // Exercises of a phase the course does not list still show, last.
    out.extend(
        app.course
            .exercises
            .iter()
            .enumerate()
            .filter(|(_, e)| app.course.phase(&e.phase).is_none())
            .map(|(i, _)| i),
    );
    out
}

/// The exercises the list shows (filter and search applied), in course order.
pub fn visible(app: &App) -> Vec<usize> {
    let q = app.exercises.query.trim().to_lowercase();
    ordered(app)
        .into_iter()
        .filter(|&i| {
            let e = &app.course.exercises[i];
            let keep = match app.exercises.filter {
                Filter::All => true,
                Filter::New => standing(app, &e.id) != Standing::Passed,
                Filter::Passed => standing(app, &e.id) == Standing::Passed,
            };
            keep && (q.is_empty()
                || e.id.to_lowercase().contains(&q)
                || e.title.to_lowercase().contains(&q))
        })
        .collect()
}

/// The list's rows: a heading before each phase's first visible exercise.
pub fn rows(app: &App) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut last_phase = None;
    for i in visible(app) {
        let phase = &app.course.exercises[i].phase;
        if last_phase != Some(phase) {
            if let Some(p) = app.course.phases.iter().position(|p| &p.id == phase) {
                rows.push(Row::Phase(p));
            }
            last_phase = Some(phase);
        }
        rows.push(Row::Exercise(i));
    }
    rows
}

/// The open exercise.
pub fn open_exercise(app: &App) -> Option<&Exercise> {
    app.exercises
        .open
        .as_ref()
        .and_then(|v| app.course.exercises.get(v.index))
}

/// Handle a key on the Exercises screen; returns an app-wide action to run next, if any.
pub fn on_key(app: &mut App, key: KeyEvent) -> Option<Action> {
    if app.exercises.open.is_some() {
        view_key(app, key)
    } else {
        list_key(app, key)
    }
}

/// The keys every screen shares (tabs, help, focus timer, quit), when no field is edited.
fn shared(key: KeyEvent) -> Option<Action> {
    match map_key(KeyContext::Other, key)? {
        a @ (Action::Quit
        | Action::ToggleHelp
        | Action::ShowTab(_)
        | Action::ToggleFocus
        | Action::Search
        | Action::Back) => Some(a),
        _ => None,
    }
}

fn list_key(app: &mut App, key: KeyEvent) -> Option<Action> {
    let n = visible(app).len();
    let page = (app.viewport.1.saturating_sub(6) as usize).max(1);
    let s = &mut app.exercises;
    if s.searching {
        match key.code {
            KeyCode::Esc | KeyCode::Enter => s.searching = false,
            KeyCode::Backspace => {
                s.query.pop();
                s.selected = 0;
            }
            KeyCode::Char(c) => {
                s.query.push(c);
                s.selected = 0;
            }
            KeyCode::Up => s.selected = s.selected.saturating_sub(1),
            KeyCode::Down => s.selected = (s.selected + 1).min(n.saturating_sub(1)),
            _ => {}
        }
        return None;
    }
    let last = n.saturating_sub(1);
    match key.code {
        KeyCode::Up | KeyCode::Char('k') => s.selected = s.selected.saturating_sub(1),
        KeyCode::Down | KeyCode::Char('j') => s.selected = (s.selected + 1).min(last),
        KeyCode::PageUp => s.selected = s.selected.saturating_sub(page),
        KeyCode::PageDown => s.selected = (s.selected + page).min(last),
        KeyCode::Home | KeyCode::Char('g') => s.selected = 0,
        KeyCode::End | KeyCode::Char('G') => s.selected = last,
        KeyCode::Enter | KeyCode::Right | KeyCode::Char('l') => open_selected(app),
        KeyCode::Char('f') => {
            s.filter = s.filter.next();
            s.selected = 0;
            app.message = Some(format!(
                "Showing {} exercises.",
                app.exercises.filter.label()
            ));
        }
        KeyCode::Char('/') => {
            s.searching = true;
            app.message =
                Some("Type to filter by id or title; Enter or Esc leaves the field.".into());
        }
        KeyCode::Esc if !s.query.is_empty() => {
            s.query.clear();
            s.selected = 0;
        }
        _ => return shared(key),
    }
    None
}

/// A click on the screen (the list's rows; the tab bar is handled by the app).
pub fn on_click(app: &mut App, x: u16, y: u16) {
    if app.exercises.open.is_some() {
        return;
    }
    let area = ratatui::layout::Rect::new(0, 0, app.viewport.0, app.viewport.1);
    if let Some(pos) = view::exercise_at(app, area, x, y) {
        if pos == app.exercises.selected {
            open_selected(app);
        } else {
            app.exercises.selected = pos;
        }
    }
}

/// The mouse wheel: moves the selection in the list, scrolls the open exercise.
pub fn on_scroll(app: &mut App, lines: i32) {
    let n = visible(app).len();
    match app.exercises.open.as_mut() {
        Some(v) => v.scroll = (v.scroll as i64 + lines as i64).max(0) as usize,
        None => {
            let s = &mut app.exercises;
            s.selected =
                (s.selected as i64 + lines as i64).clamp(0, n.saturating_sub(1) as i64) as usize;
        }
    }
}

/// The keys of the Exercises screen, for the help overlay.
pub fn help() -> Vec<(&'static str, &'static str)> {
    vec![
        ("↑ ↓ j k PgUp PgDn", "move in the list, scroll an exercise"),
        ("g G  Home End", "first / last"),
        ("Enter → l", "open the exercise"),
        ("f", "filter: all / new / passed"),
        ("/", "filter the list by id or title"),
        ("click  wheel", "select (again: open)  scroll"),
        ("h", "reveal the next hint"),
        ("↑ ↓  Enter", "quiz: choose an answer, check it"),
        ("Enter, type", "short answer: type it, Enter checks"),
        ("e Tab  s  w", "server: target, run command, watch files"),
        ("Enter r", "server: run the check; lab: check now"),
        ("c", "copy the failing request as curl"),
        ("n", "next exercise"),
        ("Esc q ←", "back to the list"),
    ]
}

/// A few keys for the status bar: the list's, or the open exercise's.
pub fn hints(app: &App) -> Vec<(&'static str, &'static str)> {
    match &app.exercises.open {
        _ if app.exercises.searching => vec![("type", "filter"), ("Enter", "done")],
        None => vec![
            ("Enter", "open"),
            ("f", "filter"),
            ("/", "search"),
            ("Esc", "back"),
            ("?", "help"),
        ],
        Some(v) if v.run.editing => vec![("Enter", "save"), ("Esc", "save")],
        Some(v) if v.editing => vec![("Enter", "check"), ("Esc", "stop editing")],
        Some(_) => vec![
            ("Enter", "check"),
            ("h", "hint"),
            ("n", "next"),
            ("Esc", "back"),
            ("?", "help"),
        ],
    }
}
