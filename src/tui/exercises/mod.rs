//! The Exercises screen: the list by phase with a filter (and one lesson's exercises), and the open exercise that
//! checks itself (lab exercises on every journalled request, quizzes in place, server exercises
//! against a target the learner types).
//!
//! - this file: the list's state ([`ExercisesScreen`]) and its actions, clicks and scrolling
//!   (its keys are rows of the keymap, `tui/keymap/screens.rs`);
//! - `open`: the open exercise's state ([`ExerciseView`]), its keys, and what checks and the
//!   journal report back to it;
//! - [`view`]: drawing the list (and where its rows are, for clicks); `open_view`: drawing the
//!   open exercise.

mod open;
mod open_view;
pub mod run;
pub mod view;

pub use open::{ExerciseView, on_checked, on_journal, on_step, open};
use open::{field_key, open_selected, view_action};

use super::action::{Action, ExerciseCmd, map_key};
use super::app::App;
use crate::course::Exercise;
use crossterm::event::KeyEvent;

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
    /// Only the exercises of this lesson (`x` from a lesson); Esc shows all again.
    pub lesson: Option<String>,
    /// The exercise open, if any.
    pub open: Option<ExerciseView>,
    /// The target typed for each server exercise (kept between runs, see `tui::state`).
    pub targets: std::collections::BTreeMap<String, String>,
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

/// The exercises the list shows (filter and lesson applied), in course order.
pub fn visible(app: &App) -> Vec<usize> {
    let lesson = app.exercises.lesson.as_deref();
    ordered(app)
        .into_iter()
        .filter(|&i| {
            let e = &app.course.exercises[i];
            let keep = match app.exercises.filter {
                Filter::All => true,
                Filter::New => standing(app, &e.id) != Standing::Passed,
                Filter::Passed => standing(app, &e.id) == Standing::Passed,
            };
            keep && (lesson.is_none() || e.lesson.as_deref() == lesson)
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

/// A key typed into the open exercise's field (the keymap sends only those here).
pub fn on_key(app: &mut App, key: KeyEvent) -> Option<Action> {
    match app.exercises.open.as_ref() {
        Some(v) if v.editing || v.run.editing => field_key(app, key),
        _ => map_key(app.key_context(), key),
    }
}

/// An action on the Exercises screen outside a field (from the keymap's rows).
pub fn on_action(app: &mut App, action: Action) {
    if app.exercises.open.is_some() {
        return view_action(app, action);
    }
    let n = visible(app).len();
    let page = (app.viewport.1.saturating_sub(6) as usize).max(1);
    let last = n.saturating_sub(1);
    let s = &mut app.exercises;
    match action {
        Action::Up => s.selected = s.selected.saturating_sub(1),
        Action::Down => s.selected = (s.selected + 1).min(last),
        Action::PageUp => s.selected = s.selected.saturating_sub(page),
        Action::PageDown => s.selected = (s.selected + page).min(last),
        Action::Top => s.selected = 0,
        Action::Bottom => s.selected = last,
        Action::Open => open_selected(app),
        Action::Exercise(ExerciseCmd::Filter) => {
            s.filter = s.filter.next();
            s.selected = 0;
            app.message = Some(format!(
                "Showing {} exercises.",
                app.exercises.filter.label()
            ));
        }
        // Back one level: from one lesson's exercises to all, then to the roadmap.
        Action::Back if s.lesson.is_some() => {
            s.lesson = None;
            s.selected = 0;
            app.message = Some("Showing the exercises of every lesson.".into());
        }
        Action::Back => app.tab = super::app::Tab::Roadmap,
        _ => {}
    }
}

/// Show the list with only the exercises of `lesson`, the first not passed selected.
pub fn show_lesson(app: &mut App, lesson: &str) {
    app.exercises.open = None;
    app.exercises.lesson = Some(lesson.to_string());
    app.exercises.filter = Filter::All;
    let shown = visible(app);
    app.exercises.selected = shown
        .iter()
        .position(|&i| standing(app, &app.course.exercises[i].id) != Standing::Passed)
        .unwrap_or(0);
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
