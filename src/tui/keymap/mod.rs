//! The keymap: one table per key context from which the bindings ([`map_key`]), the help
//! overlay ([`help_for`]) and the status bar's hints ([`footer`]) are all derived, so a key the
//! help or the footer shows is a key that does something.
//!
//! Every screen's keys are rows here (the Lab's and the Exercises' in [`screens`]). Only a text
//! field being typed into (a search, a Lab field, an exercise's answer) and the SQL editor read
//! raw keys; their rows list the keys they read, for the help and the status bar.

mod screens;

use super::action::{Action, ExerciseCmd, KeyContext, LabCmd};
use super::app::{App, Tab};
use super::lab::Focus;
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

pub(super) const fn ch(c: char) -> Key {
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

pub(super) const fn row(
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

pub(super) const MOVE: &[(Key, Action)] = &[
    (Code(KeyCode::Up), Action::Up),
    (ch('k'), Action::Up),
    (Code(KeyCode::Down), Action::Down),
    (ch('j'), Action::Down),
];
pub(super) const PAGE: &[(Key, Action)] = &[
    (Code(KeyCode::PageUp), Action::PageUp),
    (Code(KeyCode::PageDown), Action::PageDown),
];
pub(super) const CTRL_PAGE: &[(Key, Action)] =
    &[(Ctrl('u'), Action::PageUp), (Ctrl('d'), Action::PageDown)];
pub(super) const ENDS: &[(Key, Action)] = &[
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
    row(
        "/",
        "/",
        "search lessons and exercises",
        &[(ch('/'), Action::Search)],
    ),
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
    row(
        "w",
        "w",
        "scroll the welcome (first launch)",
        &[(ch('w'), Action::ScrollWelcome)],
    ),
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
    "Esc q ?",
    "Esc",
    "close the help",
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
    row(
        "Esc q",
        "q",
        "back to the roadmap",
        &[(Code(KeyCode::Esc), Action::Back), (ch('q'), Action::Back)],
    ),
];

/// The status bar's hints where keys are read now: (action advertised, word). The key shown is
/// the short form of the row that binds the action, so a hint cannot name a key that does
/// nothing. In a text field, the field's rows give the hints instead (see [`footer`]).
fn hint_actions(app: &App) -> &'static [(Action, &'static str)] {
    match app.key_context() {
        KeyContext::Roadmap if super::roadmap::view::shows_welcome(app) => &[
            (Action::Open, "open"),
            (Action::Up, "move"),
            (Action::ScrollWelcome, "welcome"),
            (Action::ToggleHelp, "help"),
            (Action::Quit, "quit"),
        ],
        KeyContext::Roadmap => &[
            (Action::Open, "open"),
            (Action::Up, "move"),
            (Action::Search, "search"),
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
            (Action::Up, "scroll"),
            (Action::Back, "roadmap"),
            (Action::ToggleHelp, "help"),
        ],
        KeyContext::Lab => match app.lab.focus {
            Focus::Url => &[
                (Action::Open, "send"),
                (Action::Lab(LabCmd::Edit), "edit"),
                (Action::Lab(LabCmd::NextMethod), "method"),
                (Action::Lab(LabCmd::NextPane), "next"),
                (Action::Lab(LabCmd::Panel), "panel"),
                (Action::ToggleHelp, "help"),
            ],
            Focus::Response => &[
                (Action::Down, "move"),
                (Action::Lab(LabCmd::Fold), "fold"),
                (Action::Lab(LabCmd::Right), "sideways"),
                (Action::Lab(LabCmd::Find), "find"),
                (Action::Lab(LabCmd::NextPane), "next"),
                (Action::Lab(LabCmd::Panel), "panel"),
            ],
            Focus::Side if app.lab.side == super::lab::SideTab::Trace => &[
                (Action::Lab(LabCmd::Panel), "live/history"),
                (Action::Down, "scroll"),
                (Action::Lab(LabCmd::CopyCurl), "curl"),
                (Action::Lab(LabCmd::NextPane), "next"),
                (Action::Back, "roadmap"),
            ],
            Focus::Side => &[
                (Action::Lab(LabCmd::Panel), "trace/live/history"),
                (Action::Open, "open"),
                (Action::Lab(LabCmd::CopyCurl), "curl"),
                (Action::Lab(LabCmd::NextPane), "next"),
                (Action::Back, "roadmap"),
            ],
            Focus::Headers => &[
                (Action::Lab(LabCmd::Send), "send"),
                (Action::Lab(LabCmd::Edit), "edit"),
                (Action::Lab(LabCmd::AddHeader), "add"),
                (Action::Lab(LabCmd::NextPane), "next"),
                (Action::Lab(LabCmd::Panel), "panel"),
                (Action::ToggleHelp, "help"),
            ],
            Focus::Method | Focus::Body => &[
                (Action::Lab(LabCmd::Send), "send"),
                (Action::Lab(LabCmd::Edit), "edit"),
                (Action::Lab(LabCmd::NextPane), "next"),
                (Action::Lab(LabCmd::Panel), "panel"),
                (Action::ToggleHelp, "help"),
                (Action::Back, "roadmap"),
            ],
        },
        KeyContext::Exercises => &[
            (Action::Open, "open"),
            (Action::Exercise(ExerciseCmd::Filter), "filter"),
            (Action::Search, "search"),
            (Action::Back, "back"),
            (Action::ToggleHelp, "help"),
        ],
        KeyContext::Exercise => &[
            (Action::Open, "check"),
            (Action::Exercise(ExerciseCmd::Hint), "hint"),
            (Action::Exercise(ExerciseCmd::Next), "next"),
            (Action::Back, "list"),
            (Action::ToggleHelp, "help"),
        ],
        KeyContext::LabEdit | KeyContext::ExerciseEdit | KeyContext::Sql => &[],
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
        KeyContext::Lab => (screens::LAB, true),
        KeyContext::LabEdit => (screens::LAB_EDIT, false),
        KeyContext::Exercises => (screens::EXERCISES, true),
        KeyContext::Exercise => (screens::EXERCISE, true),
        KeyContext::ExerciseEdit => (screens::EXERCISE_EDIT, false),
        KeyContext::Sql => (&[], false),
    };
    own.iter().chain(if global { GLOBAL } else { &[] })
}

/// Map a key to an action. Pure, so the whole keymap is tested without a terminal.
pub fn map_key(ctx: KeyContext, key: KeyEvent) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    // Ctrl-c quits from anywhere (the app asks first while a field is being typed into).
    if ctrl && key.code == KeyCode::Char('c') {
        return Some(Action::Quit);
    }
    // Text fields read their own keys; the SQL screen has an editor and reads Ctrl keys too
    // (Ctrl-R runs, Ctrl-K checks).
    match ctx {
        KeyContext::LabEdit => return Some(Action::LabKey(key)),
        KeyContext::ExerciseEdit if !ctrl => return Some(Action::ExercisesKey(key)),
        KeyContext::Sql => return Some(Action::SqlKey(key)),
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
    let shown = match ctx {
        KeyContext::Sql => {
            let mut keys = super::sql::help();
            keys.extend(GLOBAL.iter().map(|r| (r.keys, r.what)));
            return keys;
        }
        // The contents panel shares the lesson's help; a field's help is its screen's too.
        KeyContext::Toc => KeyContext::Lesson,
        other => other,
    };
    let field = match ctx {
        KeyContext::LabEdit => Some(KeyContext::Lab),
        KeyContext::ExerciseEdit => Some(KeyContext::Exercise),
        _ => None,
    };
    let mut keys: Vec<_> = rows(shown)
        .chain(field.into_iter().flat_map(rows))
        .filter(|r| !r.keys.is_empty())
        .map(|r| (r.keys, r.what))
        .collect();
    if matches!(ctx, KeyContext::Search | KeyContext::Help) {
        keys.extend(GLOBAL.iter().map(|r| (r.keys, r.what)));
    }
    keys
}

/// A key that does what each status-bar hint advertises, with the hint's word (for tests that
/// press every advertised key). Empty in a text field, whose keys are read raw.
pub fn footer_keys(app: &App) -> Vec<(KeyEvent, &'static str)> {
    let ctx = app.key_context();
    hint_actions(app)
        .iter()
        .filter_map(|(action, word)| {
            let key = rows(ctx)
                .flat_map(|r| r.map.iter())
                .find(|(_, a)| a == action)?
                .0;
            let event = match key {
                Code(code) => KeyEvent::new(code, KeyModifiers::NONE),
                Ctrl(c) => KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL),
            };
            Some((event, *word))
        })
        .collect()
}

/// The status bar's hints for where keys are read now: (key, word).
pub fn footer(app: &App) -> Vec<(&'static str, &'static str)> {
    let ctx = app.key_context();
    match ctx {
        KeyContext::Sql => return super::sql::hints(),
        // A field being typed into: the keys it reads.
        KeyContext::LabEdit => return screens::lab_field_hints(app),
        KeyContext::ExerciseEdit => {
            return rows(ctx).map(|r| (r.short, r.what)).collect();
        }
        _ => {}
    }
    hint_actions(app)
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
    fn q_goes_back_one_level_everywhere_and_quits_only_from_the_roadmap() {
        let q = key(KeyCode::Char('q'));
        assert_eq!(map_key(KeyContext::Roadmap, q), Some(Action::Quit));
        for ctx in [
            KeyContext::Lesson,
            KeyContext::Lab,
            KeyContext::Exercises,
            KeyContext::Exercise,
            KeyContext::Other,
        ] {
            assert_eq!(map_key(ctx, q), Some(Action::Back), "{ctx:?}");
        }
        assert_eq!(map_key(KeyContext::Help, q), Some(Action::ToggleHelp));
    }

    #[test]
    fn slash_opens_the_one_search_on_every_screen_outside_a_field() {
        for ctx in [
            KeyContext::Roadmap,
            KeyContext::Lesson,
            KeyContext::Toc,
            KeyContext::Lab,
            KeyContext::Exercises,
            KeyContext::Exercise,
            KeyContext::Other,
        ] {
            assert_eq!(
                map_key(ctx, key(KeyCode::Char('/'))),
                Some(Action::Search),
                "{ctx:?}"
            );
        }
    }

    #[test]
    fn the_lab_and_exercises_keys_are_rows_of_the_table() {
        assert_eq!(
            map_key(KeyContext::Lab, key(KeyCode::Char('s'))),
            Some(Action::Lab(LabCmd::Send))
        );
        assert_eq!(
            map_key(KeyContext::Exercises, key(KeyCode::Char('f'))),
            Some(Action::Exercise(ExerciseCmd::Filter))
        );
        assert_eq!(
            map_key(KeyContext::Exercise, key(KeyCode::Char('h'))),
            Some(Action::Exercise(ExerciseCmd::Hint))
        );
        // Every key a table binds is listed by the help of that context (rows with keys to
        // show), except the hidden twins of a shown row (Ctrl-u/d, Esc beside q...).
        for ctx in [KeyContext::Lab, KeyContext::Exercises, KeyContext::Exercise] {
            let help = help_for(ctx);
            for r in rows(ctx).filter(|r| !r.keys.is_empty()) {
                assert!(
                    help.contains(&(r.keys, r.what)),
                    "{ctx:?}: {} missing from the help",
                    r.keys
                );
            }
        }
    }

    #[test]
    fn typing_into_a_field_sends_keys_to_the_field() {
        assert!(matches!(
            map_key(KeyContext::LabEdit, key(KeyCode::Char('q'))),
            Some(Action::LabKey(_))
        ));
        assert!(matches!(
            map_key(KeyContext::ExerciseEdit, key(KeyCode::Char('q'))),
            Some(Action::ExercisesKey(_))
        ));
    }
}
