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
    /// Scroll the course's welcome beside the roadmap a page (back to its top at the end).
    ScrollWelcome,
    /// A command of the Lab screen (its keys outside its text fields).
    Lab(LabCmd),
    /// A command of the Exercises screen (its keys outside its text fields).
    Exercise(ExerciseCmd),
    /// A key typed into a Lab field (the URL, a header, the body, the method, the find box).
    LabKey(KeyEvent),
    /// A key typed into an exercise's field (a short answer, a server target).
    ExercisesKey(KeyEvent),
    /// A key for the SQL screen, which reads keys itself (it has an editor).
    SqlKey(KeyEvent),
}

/// What the Lab screen's keys ask for; what some mean depends on the focused pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabCmd {
    /// Focus the next / previous field or pane.
    NextPane,
    PrevPane,
    Send,
    /// Edit the focused field.
    Edit,
    EditUrl,
    EditBody,
    NextMethod,
    PrevMethod,
    /// ← / →: the method on the method field, the panel's tab on the side panel.
    Left,
    Right,
    AddHeader,
    DeleteHeader,
    FormatBody,
    /// Fold or unfold the JSON value under the cursor.
    Fold,
    FoldAll,
    UnfoldAll,
    /// Find text in the response; next and previous hit.
    Find,
    NextHit,
    PrevHit,
    /// Show the side panel (trace, live, history), or its next tab when shown.
    Panel,
    /// Put the history entry back in the composer.
    Recall,
    CopyCurl,
    ResetLab,
}

/// What the Exercises screen's keys ask for (outside its text fields).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExerciseCmd {
    /// Cycle the list's filter: all, new, passed.
    Filter,
    Hint,
    /// The next exercise of the list (of the lesson, when the list shows one lesson's).
    Next,
    /// Type into the exercise's field (a short answer, a server target).
    Edit,
    Check,
    CopyCurl,
    /// A digit: answer a quiz with that choice (switch tabs where there is none).
    Choose(u8),
    /// Server exercises: type the command that starts the learner's server.
    RunCommand,
    /// Server exercises: check again on each file save (on / off).
    Watch,
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
    /// The Lab screen, no field being edited.
    Lab,
    /// Typing into a Lab field (or the copy-as-curl box is open): keys go to the field.
    LabEdit,
    /// The Exercises screen's list.
    Exercises,
    /// An open exercise.
    Exercise,
    /// Typing into an exercise's field: keys go to the field.
    ExerciseEdit,
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
