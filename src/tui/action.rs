//! What the learner can ask for, and the pure keymap from key events to those asks.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEvent, MouseEventKind};

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
    Other,
}

/// Map a key to an action. Pure, so the whole keymap is tested without a terminal.
pub fn map_key(ctx: KeyContext, key: KeyEvent) -> Option<Action> {
    use super::app::Tab;
    if key.kind == KeyEventKind::Release {
        return None;
    }
    // The Lab screen reads its own keys, Ctrl ones too (Ctrl-s sends while typing); Ctrl-c
    // still quits.
    if ctx == KeyContext::Lab
        && !(key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c'))
    {
        return Some(Action::LabKey(key));
    }
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return match key.code {
            KeyCode::Char('c') => Some(Action::Quit),
            KeyCode::Char('d') => Some(Action::PageDown),
            KeyCode::Char('u') => Some(Action::PageUp),
            _ => None,
        };
    }
    match ctx {
        KeyContext::Lab => return Some(Action::LabKey(key)),
        KeyContext::Exercises => return Some(Action::ExercisesKey(key)),
        _ => {}
    }
    if ctx == KeyContext::Search {
        return match key.code {
            KeyCode::Esc => Some(Action::Back),
            KeyCode::Enter => Some(Action::Open),
            KeyCode::Up => Some(Action::Up),
            KeyCode::Down => Some(Action::Down),
            KeyCode::Backspace => Some(Action::DeleteChar),
            KeyCode::Char(c) => Some(Action::Char(c)),
            _ => None,
        };
    }
    if ctx == KeyContext::Help {
        return match key.code {
            KeyCode::Char('?') | KeyCode::Esc | KeyCode::Char('q') | KeyCode::Enter => {
                Some(Action::ToggleHelp)
            }
            _ => None,
        };
    }
    let common = match key.code {
        KeyCode::Char('?') => Some(Action::ToggleHelp),
        KeyCode::Char('/') => Some(Action::Search),
        KeyCode::Char('t') => Some(Action::ToggleFocus),
        KeyCode::Char('1') => Some(Action::ShowTab(Tab::Roadmap)),
        KeyCode::Char('2') => Some(Action::ShowTab(Tab::Lab)),
        KeyCode::Char('3') => Some(Action::ShowTab(Tab::Exercises)),
        KeyCode::Char('4') => Some(Action::ShowTab(Tab::Progress)),
        KeyCode::Up | KeyCode::Char('k') => Some(Action::Up),
        KeyCode::Down | KeyCode::Char('j') => Some(Action::Down),
        KeyCode::PageUp => Some(Action::PageUp),
        KeyCode::PageDown => Some(Action::PageDown),
        KeyCode::Home | KeyCode::Char('g') => Some(Action::Top),
        KeyCode::End | KeyCode::Char('G') => Some(Action::Bottom),
        KeyCode::Esc => Some(Action::Back),
        _ => None,
    };
    if common.is_some() {
        return common;
    }
    match ctx {
        KeyContext::Roadmap => match key.code {
            KeyCode::Enter | KeyCode::Right | KeyCode::Char('l') => Some(Action::Open),
            KeyCode::Char('q') => Some(Action::Quit),
            KeyCode::Char('n') => Some(Action::NextLesson),
            KeyCode::Char('p') => Some(Action::PrevLesson),
            _ => None,
        },
        KeyContext::Lesson => match key.code {
            KeyCode::Char(' ') => Some(Action::PageDown),
            KeyCode::Char('b') => Some(Action::PageUp),
            KeyCode::Char('n') => Some(Action::NextLesson),
            KeyCode::Char('p') => Some(Action::PrevLesson),
            KeyCode::Char('c') => Some(Action::ToggleComplete),
            KeyCode::Char('s') => Some(Action::ToggleToc),
            KeyCode::Char(']') => Some(Action::NextHeading),
            KeyCode::Char('[') => Some(Action::PrevHeading),
            KeyCode::Char('q') | KeyCode::Left | KeyCode::Char('h') | KeyCode::Backspace => {
                Some(Action::Back)
            }
            KeyCode::Tab => Some(Action::NextBlock),
            KeyCode::BackTab => Some(Action::PrevBlock),
            KeyCode::Enter => Some(Action::Open),
            KeyCode::Char('o') => Some(Action::OpenInLab),
            KeyCode::Char('x') => Some(Action::LessonExercises),
            _ => None,
        },
        KeyContext::Toc => match key.code {
            KeyCode::Enter => Some(Action::Open),
            KeyCode::Char('s') | KeyCode::Char('q') => Some(Action::ToggleToc),
            KeyCode::Char('c') => Some(Action::ToggleComplete),
            _ => None,
        },
        KeyContext::Other => match key.code {
            KeyCode::Char('q') => Some(Action::Quit),
            _ => None,
        },
        KeyContext::Help | KeyContext::Search | KeyContext::Lab | KeyContext::Exercises => None,
    }
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

/// The keys of each context, for the help overlay: (keys, what they do).
pub fn help_for(ctx: KeyContext) -> Vec<(&'static str, &'static str)> {
    let mut keys = match ctx {
        KeyContext::Roadmap => vec![
            ("↑ ↓  j k", "move between lessons"),
            ("PgUp PgDn", "move a page"),
            ("g G  Home End", "first / last lesson"),
            ("Enter → l", "open the lesson"),
            ("n p", "select next / previous lesson"),
            ("q", "quit"),
        ],
        KeyContext::Lesson | KeyContext::Toc => vec![
            ("↑ ↓  j k", "scroll a line"),
            ("PgUp PgDn  Space b", "scroll a page"),
            ("Ctrl-u Ctrl-d", "scroll a page"),
            ("g G  Home End", "top / bottom"),
            ("mouse wheel", "scroll"),
            ("s", "table of contents (Enter jumps)"),
            ("[ ]", "previous / next section"),
            ("n p", "next / previous lesson"),
            ("c", "mark complete (again to undo)"),
            ("Tab Shift-Tab", "focus the next / previous ▶ request"),
            ("Enter", "send the focused request to the lab"),
            ("o", "open the focused request in the Lab composer"),
            ("x", "the exercises of this lesson"),
            ("Esc q ← h", "back to the roadmap"),
        ],
        KeyContext::Search => vec![
            ("type", "search lesson titles and text"),
            ("↑ ↓", "choose a result"),
            ("Enter", "open it at the match"),
            ("Esc", "close"),
        ],
        KeyContext::Lab => super::lab::help(),
        KeyContext::Exercises => super::exercises::help(),
        KeyContext::Help | KeyContext::Other => vec![("q", "quit")],
    };
    keys.extend([
        ("/", "search all lessons"),
        ("t", "start / stop a 25-minute focus timer"),
        ("1 2 3 4", "Roadmap, Lab, Exercises, Progress"),
        ("?", "this help"),
        ("Ctrl-c", "quit from anywhere"),
    ]);
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyCode;

    fn key(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    #[test]
    fn q_quits_the_roadmap_but_goes_back_from_a_lesson() {
        assert_eq!(
            map_key(KeyContext::Roadmap, key(KeyCode::Char('q'))),
            Some(Action::Quit)
        );
        assert_eq!(
            map_key(KeyContext::Lesson, key(KeyCode::Char('q'))),
            Some(Action::Back)
        );
    }

    #[test]
    fn help_swallows_everything_but_its_close_keys() {
        assert_eq!(map_key(KeyContext::Help, key(KeyCode::Char('j'))), None);
        assert_eq!(
            map_key(KeyContext::Help, key(KeyCode::Esc)),
            Some(Action::ToggleHelp)
        );
    }

    #[test]
    fn every_key_in_the_help_does_something() {
        // Spot-check: the keys the help promises for a lesson are mapped.
        for c in ['s', 'n', 'p', 'c', '[', ']', ' ', 'b', 'g', 'G'] {
            assert!(
                map_key(KeyContext::Lesson, key(KeyCode::Char(c))).is_some(),
                "{c}"
            );
        }
    }
}
