//! The Exercises screen's state and keys: the list by phase with filter and search, and the
//! exercise view that checks itself. (Filled in by the Exercises screen work.)

use super::action::Action;
use super::app::App;
use crate::check::outcome::Report;
use crate::store::Exchange;
use crossterm::event::KeyEvent;

/// State of the Exercises screen.
#[derive(Debug, Clone, Default)]
pub struct ExercisesScreen {
    /// Selected row of the list.
    pub selected: usize,
    /// The last report of a check run from the TUI.
    pub report: Option<Report>,
}

impl ExercisesScreen {
    pub fn new() -> Self {
        Self::default()
    }
}

/// Handle a key on the Exercises screen; returns an app-wide action to run next, if any.
pub fn on_key(_app: &mut App, key: KeyEvent) -> Option<Action> {
    super::action::map_key(super::action::KeyContext::Other, key)
}

/// New exchanges in the lab journal: lab exercises re-check themselves.
pub fn on_journal(_app: &mut App, _exchanges: &[Exchange]) {}

/// A check finished.
pub fn on_checked(app: &mut App, report: Report) {
    app.exercises.report = Some(report);
}

/// The keys of the Exercises screen, for the help overlay.
pub fn help() -> Vec<(&'static str, &'static str)> {
    vec![("q", "quit")]
}
