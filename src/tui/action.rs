//! What the learner can ask for ([`Action`]), where keys are read ([`KeyContext`]), and the
//! mouse mapping. The key bindings, the help and the status bar hints come from one table in
//! [`super::keymap`] (re-exported here as `map_key` and `help_for`).

use crossterm::event::{KeyEvent, MouseEvent, MouseEventKind};

pub use super::keymap::{help_for, map_key};

/// Everything `App::update` understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    /// Leave the current view (lesson → roadmap; close an overlay).
    Back,
    ShowTab(super::app::Tab),
    ToggleHelp,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    /// Scroll by a number of lines (mouse wheel).
    Scroll(i32),
    /// Open the selected thing (a lesson from the roadmap, a section from the contents).
    Open,
    NextLesson,
    PrevLesson,
    ToggleComplete,
    ToggleToc,
    NextHeading,
    PrevHeading,
    /// A left click at column, row.
    Click(u16, u16),
    Resize(u16, u16),
    /// Time passed (for saving study time and the focus timer).
    Tick,
    /// Open the search across lessons.
    Search,
    /// A character typed into a text field.
    Char(char),
    /// Backspace in a text field.
    DeleteChar,
    /// Start or stop the 25-minute focus timer.
    ToggleFocus,
    /// Focus the next / previous runnable request in a lesson.
    NextBlock,
    PrevBlock,
    /// Open the focused runnable request in the Lab composer.
    OpenInLab,
    /// Open the exercises of the lesson being read.
    LessonExercises,
    /// A key for the Lab screen, which reads keys itself (it has text fields).
    LabKey(KeyEvent),
    /// A key for the Exercises screen, which reads keys itself (it has text fields).
    ExercisesKey(KeyEvent),
    /// A key for the SQL screen, which reads keys itself (it has an editor).
    SqlKey(KeyEvent),
}

/// The context a key is read in: keys mean different things in different places.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyContext {
    Roadmap,
    Lesson,
    Toc,
    Help,
    /// Typing a search.
    Search,
    /// The Lab screen.
    Lab,
    /// The Exercises screen.
    Exercises,
    /// The SQL screen.
    Sql,
    Other,
}

/// Map a mouse event: the wheel scrolls, a left click selects.
pub fn map_mouse(ev: MouseEvent) -> Option<Action> {
    match ev.kind {
        MouseEventKind::ScrollDown => Some(Action::Scroll(3)),
        MouseEventKind::ScrollUp => Some(Action::Scroll(-3)),
        MouseEventKind::Down(crossterm::event::MouseButton::Left) => {
            Some(Action::Click(ev.column, ev.row))
        }
        _ => None,
    }
}
