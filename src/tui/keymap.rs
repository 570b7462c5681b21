//! The keymap: one table per key context from which the bindings ([`map_key`]), the help
//! overlay ([`help_for`]) and the status bar's hints ([`footer`]) are all derived, so a key the
//! help or the footer shows is a key that does something.
//!
//! The Lab and Exercises screens have text fields and read raw keys themselves (`tui/lab`,
//! `tui/exercises`); they list their own help and hints next to the code that reads the keys.

use super::action::{Action, KeyContext};
use super::app::{App, Tab};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// A key as the table writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// A key without Ctrl.
    Code(KeyCode),
    /// Ctrl and a letter.
    Ctrl(char),
}

use Key::{Code, Ctrl};

const fn ch(c: char) -> Key {
    Code(KeyCode::Char(c))
}

/// One line of the keymap: the keys as the help shows them (empty: not shown), the short form
/// the status bar uses, what they do, and the bindings themselves.
#[derive(Debug, Clone, Copy)]
pub struct Row {
    pub keys: &'static str,
    pub short: &'static str,
    pub what: &'static str,
    pub map: &'static [(Key, Action)],
}

const fn row(
    keys: &'static str,
    short: &'static str,
    what: &'static str,
    map: &'static [(Key, Action)],
) -> Row {
    Row {
        keys,
        short,
        what,
        map,
    }
}

const MOVE: &[(Key, Action)] = &[
    (Code(KeyCode::Up), Action::Up),
    (ch('k'), Action::Up),
    (Code(KeyCode::Down), Action::Down),
    (ch('j'), Action::Down),
];
const PAGE: &[(Key, Action)] = &[
    (Code(KeyCode::PageUp), Action::PageUp),
    (Code(KeyCode::PageDown), Action::PageDown),
];
const CTRL_PAGE: &[(Key, Action)] = &[(Ctrl('u'), Action::PageUp), (Ctrl('d'), Action::PageDown)];
const ENDS: &[(Key, Action)] = &[
    (Code(KeyCode::Home), Action::Top),
    (ch('g'), Action::Top),
    (Code(KeyCode::End), Action::Bottom),
    (ch('G'), Action::Bottom),
];
const ESC_BACK: &[(Key, Action)] = &[(Code(KeyCode::Esc), Action::Back)];
const NEXT_PREV: &[(Key, Action)] = &[(ch('n'), Action::NextLesson), (ch('p'), Action::PrevLesson)];
const COMPLETE: &[(Key, Action)] = &[(ch('c'), Action::ToggleComplete)];

/// The keys of every context but Help, Search, Lab and Exercises, after the context's own.
const GLOBAL: &[Row] = &[
    row("/", "/", "search all lessons", &[(ch('/'), Action::Search)]),
    row(
        "t",
        "t",
        "start / stop a 25-minute focus timer",
        &[(ch('t'), Action::ToggleFocus)],
    ),
    row(
        "1 2 3 4 5",
        "1",
        "Roadmap, Lab, Exercises, Progress, SQL",
        &[
            (ch('1'), Action::ShowTab(Tab::Roadmap)),
            (ch('2'), Action::ShowTab(Tab::Lab)),
            (ch('3'), Action::ShowTab(Tab::Exercises)),
            (ch('4'), Action::ShowTab(Tab::Progress)),
            (ch('5'), Action::ShowTab(Tab::Sql)),
        ],
    ),
    row("?", "?", "this help", &[(ch('?'), Action::ToggleHelp)]),
    row(
        "Ctrl-c",
        "Ctrl-c",
        "quit from anywhere",
        &[(Ctrl('c'), Action::Quit)],
    ),
];

const ROADMAP: &[Row] = &[
    row("↑ ↓  j k", "↑↓", "move between lessons", MOVE),
    row("PgUp PgDn", "PgDn", "move a page", PAGE),
    row("", "", "", CTRL_PAGE),
    row("g G  Home End", "g G", "first / last lesson", ENDS),
    row(
        "Enter → l",
        "Enter",
        "open the lesson",
        &[
            (Code(KeyCode::Enter), Action::Open),
            (Code(KeyCode::Right), Action::Open),
            (ch('l'), Action::Open),
        ],
    ),
    row("n p", "n/p", "select next / previous lesson", NEXT_PREV),
    row("q", "q", "quit", &[(ch('q'), Action::Quit)]),
    row("", "", "", ESC_BACK),
];

const LESSON: &[Row] = &[
    row("↑ ↓  j k", "↑↓", "scroll a line", MOVE),
    row(
        "PgUp PgDn  Space b",
        "PgDn",
        "scroll a page",
        &[
            (Code(KeyCode::PageUp), Action::PageUp),
            (Code(KeyCode::PageDown), Action::PageDown),
            (ch(' '), Action::PageDown),
            (ch('b'), Action::PageUp),
        ],
    ),
    row("Ctrl-u Ctrl-d", "Ctrl-d", "scroll a page", CTRL_PAGE),
    row("g G  Home End", "g G", "top / bottom", ENDS),
    row("mouse wheel", "", "scroll", &[]),
    row(
        "s",
        "s",
        "table of contents (Enter jumps)",
        &[(ch('s'), Action::ToggleToc)],
    ),
    row(
        "[ ]",
        "[ ]",
        "previous / next section",
        &[
            (ch('['), Action::PrevHeading),
            (ch(']'), Action::NextHeading),
        ],
    ),
    row("n p", "n/p", "next / previous lesson", NEXT_PREV),
    row("c", "c", "mark complete (again to undo)", COMPLETE),
    row(
        "Tab Shift-Tab",
        "Tab",
        "focus the next / previous ▶ request",
        &[
            (Code(KeyCode::Tab), Action::NextBlock),
            (Code(KeyCode::BackTab), Action::PrevBlock),
        ],
    ),
    row(
        "Enter",
        "Enter",
        "send the focused request to the lab",
        &[(Code(KeyCode::Enter), Action::Open)],
    ),
    row(
        "o",
        "o",
        "open the focused request in the Lab composer",
        &[(ch('o'), Action::OpenInLab)],
    ),
    row(
        "x",
        "x",
        "the exercises of this lesson",
        &[(ch('x'), Action::LessonExercises)],
    ),
    row(
        "Esc q ← h",
        "Esc",
        "back to the roadmap",
        &[
            (Code(KeyCode::Esc), Action::Back),
            (ch('q'), Action::Back),
            (Code(KeyCode::Left), Action::Back),
            (ch('h'), Action::Back),
            (Code(KeyCode::Backspace), Action::Back),
        ],
    ),
];

/// The contents panel of a lesson; its help is the lesson's.
const TOC: &[Row] = &[
    row("", "↑↓", "", MOVE),
    row("", "", "", PAGE),
    row("", "", "", CTRL_PAGE),
    row("", "", "", ENDS),
    row("", "Enter", "", &[(Code(KeyCode::Enter), Action::Open)]),
    row(
        "",
        "s",
        "",
        &[(ch('s'), Action::ToggleToc), (ch('q'), Action::ToggleToc)],
    ),
    row("", "c", "", COMPLETE),
    row("", "", "", ESC_BACK),
];

/// Typing a search: letters go to the query (see [`map_key`]).
const SEARCH: &[Row] = &[
    row("type", "type", "search lesson titles and text", &[]),
    row(
        "↑ ↓",
        "↑↓",
        "choose a result",
        &[
            (Code(KeyCode::Up), Action::Up),
            (Code(KeyCode::Down), Action::Down),
        ],
    ),
    row(
        "Enter",
        "Enter",
        "open it at the match",
        &[(Code(KeyCode::Enter), Action::Open)],
    ),
    row("Esc", "Esc", "close", ESC_BACK),
    row(
        "",
        "",
        "",
        &[(Code(KeyCode::Backspace), Action::DeleteChar)],
    ),
];

const HELP: &[Row] = &[row(
    "",
    "Esc",
    "",
    &[
        (ch('?'), Action::ToggleHelp),
        (Code(KeyCode::Esc), Action::ToggleHelp),
        (ch('q'), Action::ToggleHelp),
        (Code(KeyCode::Enter), Action::ToggleHelp),
    ],
)];

/// The Progress screen, and any screen without keys of its own.
const OTHER: &[Row] = &[
    row("", "↑↓", "", MOVE),
    row("", "", "", PAGE),
    row("", "", "", CTRL_PAGE),
    row("", "", "", ENDS),
    row("q", "q", "quit", &[(ch('q'), Action::Quit)]),
    row("", "", "", ESC_BACK),
];

/// The status bar's hints of each context: (action advertised, word). The key shown is the
/// short form of the row that binds the action, so a hint cannot name a key that does nothing.
fn hint_actions(ctx: KeyContext) -> &'static [(Action, &'static str)] {
    match ctx {
        KeyContext::Roadmap => &[
            (Action::Open, "open"),
            (Action::Up, "move"),
            (Action::ToggleHelp, "help"),
            (Action::Quit, "quit"),
        ],
        KeyContext::Lesson => &[
            (Action::Up, "scroll"),
            (Action::ToggleToc, "contents"),
            (Action::ToggleComplete, "complete"),
            (Action::NextLesson, "next/prev"),
            (Action::Back, "roadmap"),
            (Action::ToggleHelp, "help"),
        ],
        KeyContext::Toc => &[
            (Action::Up, "choose"),
            (Action::Open, "jump"),
            (Action::ToggleToc, "close"),
        ],
        KeyContext::Help => &[(Action::ToggleHelp, "close help")],
        KeyContext::Search => &[
            (Action::Char(' '), "search"),
            (Action::Up, "choose"),
            (Action::Open, "open"),
            (Action::Back, "close"),
        ],
        KeyContext::Other => &[
            (Action::ShowTab(Tab::Roadmap), "roadmap"),
            (Action::ToggleHelp, "help"),
            (Action::Quit, "quit"),
        ],
        KeyContext::Lab | KeyContext::Exercises | KeyContext::Sql => &[],
    }
}

/// The rows of a context: its own, then the global ones where they apply.
fn rows(ctx: KeyContext) -> impl Iterator<Item = &'static Row> {
    let (own, global): (&[Row], bool) = match ctx {
        KeyContext::Roadmap => (ROADMAP, true),
        KeyContext::Lesson => (LESSON, true),
        KeyContext::Toc => (TOC, true),
        KeyContext::Search => (SEARCH, false),
        KeyContext::Help => (HELP, false),
        KeyContext::Other => (OTHER, true),
        KeyContext::Lab | KeyContext::Exercises | KeyContext::Sql => (&[], false),
    };
    own.iter().chain(if global { GLOBAL } else { &[] })
}

/// Map a key to an action. Pure, so the whole keymap is tested without a terminal.
pub fn map_key(ctx: KeyContext, key: KeyEvent) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    // Ctrl-c quits from anywhere, even where a screen reads its own keys.
    if ctrl && key.code == KeyCode::Char('c') {
        return Some(Action::Quit);
    }
    // The Lab and Exercises screens read their own keys (they have text fields); Ctrl ones
    // too on the Lab (Ctrl-s sends while typing).
    // The SQL screen has an editor and reads Ctrl keys too (Ctrl-R runs, Ctrl-K checks).
    match ctx {
        KeyContext::Lab => return Some(Action::LabKey(key)),
        KeyContext::Sql => return Some(Action::SqlKey(key)),
        KeyContext::Exercises if !ctrl => return Some(Action::ExercisesKey(key)),
        _ => {}
    }
    let wanted = match key.code {
        KeyCode::Char(c) if ctrl => Ctrl(c),
        _ if ctrl => return None,
        code => Code(code),
    };
    let bound = rows(ctx)
        .flat_map(|r| r.map.iter())
        .find(|(k, _)| *k == wanted)
        .map(|(_, a)| *a);
    match (ctx, bound, key.code) {
        (_, Some(a), _) => Some(a),
        (KeyContext::Search, None, KeyCode::Char(c)) if !ctrl => Some(Action::Char(c)),
        _ => None,
    }
}

/// The keys of each context, for the help overlay: (keys, what they do).
pub fn help_for(ctx: KeyContext) -> Vec<(&'static str, &'static str)> {
    match ctx {
        KeyContext::Lab => return with_global(super::lab::help()),
        KeyContext::Exercises => return with_global(super::exercises::help()),
        KeyContext::Sql => return with_global(super::sql::help()),
        KeyContext::Help => return with_global(vec![("q", "quit")]),
        _ => {}
    }
    // The contents panel shares the lesson's help; Search lists the global keys too.
    let shown = if ctx == KeyContext::Toc {
        KeyContext::Lesson
    } else {
        ctx
    };
    let mut keys: Vec<_> = rows(shown)
        .filter(|r| !r.keys.is_empty())
        .map(|r| (r.keys, r.what))
        .collect();
    if ctx == KeyContext::Search {
        keys = with_global(keys);
    }
    keys
}

fn with_global(mut keys: Vec<(&'static str, &'static str)>) -> Vec<(&'static str, &'static str)> {
    keys.extend(GLOBAL.iter().map(|r| (r.keys, r.what)));
    keys
}

/// The status bar's hints for where keys are read now: (key, word).
pub fn footer(app: &App) -> Vec<(&'static str, &'static str)> {
    let ctx = app.key_context();
    match ctx {
        KeyContext::Lab => return super::lab::hints(&app.lab),
        KeyContext::Exercises => return super::exercises::hints(app),
        KeyContext::Sql => return super::sql::hints(),
        _ => {}
    }
    hint_actions(ctx)
        .iter()
        .filter_map(|(action, word)| {
            let short = match action {
                Action::Char(_) => "type",
                _ => {
                    rows(ctx)
                        .find(|r| r.map.iter().any(|(_, a)| a == action))?
                        .short
                }
            };
            Some((short, *word))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn every_footer_hint_names_a_bound_action() {
        for ctx in [
            KeyContext::Roadmap,
            KeyContext::Lesson,
            KeyContext::Toc,
            KeyContext::Help,
            KeyContext::Search,
            KeyContext::Other,
        ] {
            for (action, word) in hint_actions(ctx) {
                let bound = matches!(action, Action::Char(_))
                    || rows(ctx).any(|r| r.map.iter().any(|(_, a)| a == action));
                assert!(
                    bound,
                    "{ctx:?}: the hint \"{word}\" names {action:?}, unbound"
                );
            }
        }
    }
}
