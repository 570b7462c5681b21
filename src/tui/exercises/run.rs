//! A server exercise's run command and watch mode in the tutor: the command that starts the
//! learner's server (typed once with `s`, kept in the store, used by the check key), the lines
//! their server printed during the last check, and `w`, which checks again each time a file
//! under the folder the tutor was started in changes. The server itself is started, checked
//! and stopped in the background ([`crate::tui::run_server`]).

use super::{App, ExerciseView};
use crate::course::Exercise;
use crate::course::exercise::Spec;
use crate::program::learner;
use crate::tui::action::Action;
use crate::tui::app::{CheckRequest, Effect};
use crate::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::text::{Line, Span};
use std::path::PathBuf;

/// How many of the server's lines are kept.
const KEEP: usize = 200;

/// How many of them the view shows.
const SHOWN: usize = 12;

/// The run command, its field, the server's lines, and watch mode.
#[derive(Debug, Clone, Default)]
pub struct RunState {
    /// The command that starts the learner's server (blank: they start it themselves).
    pub command: String,
    /// The command's field has the keys.
    pub editing: bool,
    /// Files are watched: a change checks again.
    pub watching: bool,
    /// A change came while a check ran: check again when it ends.
    pub again: bool,
    /// What the server printed during the last check with it, oldest first.
    pub lines: Vec<String>,
}

impl RunState {
    /// The state of a freshly opened exercise: its stored command.
    pub fn new(app: &App, id: &str) -> Self {
        RunState {
            command: app.snap.run_commands.get(id).cloned().unwrap_or_default(),
            ..Self::default()
        }
    }
}

/// Whether the open exercise starts the learner's server itself.
pub fn has_command(view: &ExerciseView) -> bool {
    !view.run.command.trim().is_empty()
}

/// The check of a server exercise with a run command: `{port}` picks the port, else the
/// target field says where it listens.
pub fn request(ex: &Exercise, view: &mut ExerciseView) -> CheckRequest {
    view.run.lines.clear();
    CheckRequest::Run {
        exercise: ex.id.clone(),
        command: view.run.command.trim().to_string(),
        target: view.input.trim().to_string(),
    }
}

/// The keys of the run command's field, `s` (edit it) and `w` (watch). `None`: not for here.
pub(super) fn on_key(app: &mut App, ex: &Exercise, key: KeyEvent) -> Option<Option<Action>> {
    if !matches!(ex.spec, Spec::Server(_)) {
        return None;
    }
    let view = app.exercises.open.as_mut()?;
    if view.run.editing {
        match key.code {
            KeyCode::Esc | KeyCode::Enter => {
                view.run.editing = false;
                let command = view.run.command.trim().to_string();
                app.message = Some(if command.is_empty() {
                    "No run command: start your server yourself, Enter checks it.".into()
                } else {
                    "Saved. Enter starts your server with it, checks it, and stops it.".into()
                });
                app.push_effect(Effect::SaveRunCommand {
                    exercise: ex.id.clone(),
                    command,
                });
            }
            KeyCode::Backspace => {
                view.run.command.pop();
            }
            KeyCode::Char(c) => view.run.command.push(c),
            _ => {}
        }
        return Some(None);
    }
    if view.editing {
        return None;
    }
    match key.code {
        KeyCode::Char('s') => {
            view.run.editing = true;
            app.message = Some(
                "The command that starts your server, e.g. python3 app.py {port} ({port}: a \
                 free port). Enter saves."
                    .into(),
            );
        }
        KeyCode::Char('w') => {
            view.run.watching = !view.run.watching;
            let on = view.run.watching;
            app.push_effect(Effect::WatchFiles(on));
            app.message = Some(if on {
                "Watching your files: each save checks again. w stops.".into()
            } else {
                "Stopped watching your files.".into()
            });
        }
        _ => return None,
    }
    Some(None)
}

/// A line the learner's server printed during a check.
pub fn on_line(app: &mut App, exercise: &str, line: String) {
    if let Some(view) = app.exercises.open.as_mut().filter(|v| v.id == exercise) {
        if view.run.lines.len() == KEEP {
            view.run.lines.remove(0);
        }
        view.run.lines.push(line);
    }
}

/// Files changed under the watched folder: the open, watched exercise checks again (after the
/// running check, if one runs). With none watching, the watcher stops.
pub fn on_files(app: &mut App, paths: &[PathBuf]) {
    let Some(view) = app.exercises.open.as_mut().filter(|v| v.run.watching) else {
        app.push_effect(Effect::WatchFiles(false));
        return;
    };
    if view.checking {
        view.run.again = true;
        return;
    }
    let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    let Some(ex) = super::open_exercise(app).cloned() else {
        return;
    };
    super::open::submit(app, &ex);
    app.message = Some(format!("Changed: {}. Checking again.", names.join(", ")));
}

/// A check ended: one more if files changed while it ran.
pub fn after_check(app: &mut App) {
    let Some(view) = app.exercises.open.as_mut() else {
        return;
    };
    if view.run.again && !view.checking {
        view.run.again = false;
        if let Some(ex) = super::open_exercise(app).cloned() {
            super::open::submit(app, &ex);
        }
    }
}

/// The run command's field, its hint, and whether files are watched.
pub(super) fn field_lines(view: &ExerciseView, theme: &Theme) -> Vec<Line<'static>> {
    let run = &view.run;
    let mut value = vec![
        Span::styled("Run    ", theme.accent()),
        Span::styled(
            format!("[{}", run.command),
            if run.editing {
                theme.base()
            } else {
                theme.dim()
            },
        ),
    ];
    if run.editing {
        value.push(Span::styled("▏", theme.accent()));
    }
    value.push(Span::styled("]", theme.dim()));
    let watch = if run.watching {
        "watching your files: w stops"
    } else {
        "w checks again on each save"
    };
    let hint = if run.editing {
        "e.g. python3 app.py {port} · Enter saves · blank: you start it yourself".to_string()
    } else if run.command.trim().is_empty() {
        format!("s sets the command that starts your server · {watch}")
    } else if learner::wants_port(&run.command) {
        format!("Enter starts it on a free port, checks, stops it · s edits · {watch}")
    } else {
        format!("Enter starts it, checks the target, stops it · s edits · {watch}")
    };
    let style = if run.watching {
        theme.started()
    } else {
        theme.dim()
    };
    vec![Line::from(value), Line::from(Span::styled(hint, style))]
}

/// The last lines the learner's server printed, if it was started.
pub(super) fn output_lines(view: &ExerciseView, theme: &Theme) -> Vec<Line<'static>> {
    if view.run.lines.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![
        Line::default(),
        Line::from(Span::styled("Your server said", theme.accent())),
    ];
    let skip = view.run.lines.len().saturating_sub(SHOWN);
    for l in &view.run.lines[skip..] {
        lines.push(Line::from(vec![
            Span::styled(format!("{} ", learner::PREFIX), theme.dim()),
            Span::raw(l.clone()),
        ]));
    }
    lines
}
