//! The open exercise: its keys (answer, target, hints, next) and what background checks and
//! the lab journal report back to it.

use super::{App, open_exercise, visible};
use crate::check::outcome::{Report, StepOutcome};
use crate::check::{Verdict, server::parse_target};
use crate::course::Exercise;
use crate::course::exercise::Spec;
use crate::exchange::Exchange;
use crate::store::ExerciseStats;
use crate::tui::action::{Action, ExerciseCmd};
use crate::tui::app::{CheckRequest, Effect};
use crossterm::event::{KeyCode, KeyEvent};

/// An open exercise.
#[derive(Debug, Clone)]
pub struct ExerciseView {
    /// Index into `course.exercises`.
    pub index: usize,
    pub id: String,
    /// When it was opened (ms): lab exercises look at the journal from then on.
    pub opened_ms: i64,
    /// Hints revealed so far.
    pub hints: u32,
    /// The last check's report.
    pub report: Option<Report>,
    /// A check is running.
    pub checking: bool,
    /// Steps of the running server check that have completed, in order.
    pub steps: Vec<StepOutcome>,
    /// The highlighted choice of a quiz.
    pub choice: usize,
    /// The typed answer (short-answer quiz) or the target URL (server).
    pub input: String,
    /// The text field has the keys.
    pub editing: bool,
    /// First visible line of the view.
    pub scroll: usize,
    /// Server exercises: starting the learner's server, and watching files ([`super::run`]).
    pub run: super::run::RunState,
}

/// A key typed into the open exercise's field: the short answer or the server's URL.
pub(super) fn field_key(app: &mut App, key: KeyEvent) -> Option<Action> {
    let ex = open_exercise(app).cloned()?;
    // A server exercise's run command is a field of its own.
    if let Some(action) = super::run::on_key(app, &ex, key) {
        return action;
    }
    let view = app.exercises.open.as_mut()?;
    match key.code {
        KeyCode::Esc => view.editing = false,
        KeyCode::Enter => submit(app, &ex),
        KeyCode::Backspace => {
            view.input.pop();
        }
        KeyCode::Char(c) => view.input.push(c),
        _ => {}
    }
    None
}

/// An action on the open exercise (from the keymap's rows).
pub(super) fn view_action(app: &mut App, action: Action) {
    let Some(ex) = open_exercise(app).cloned() else {
        app.exercises.open = None;
        return;
    };
    let Some(view) = app.exercises.open.as_mut() else {
        return;
    };
    let choices = match &ex.spec {
        Spec::Quiz(q) => q.choices.len(),
        _ => 0,
    };
    let typed = matches!(ex.spec, Spec::Server(_)) || (choices == 0 && is_quiz(&ex));
    match action {
        Action::Back => close(app),
        Action::Up if choices > 0 => view.choice = view.choice.saturating_sub(1),
        Action::Down if choices > 0 => view.choice = (view.choice + 1).min(choices - 1),
        Action::Up => view.scroll = view.scroll.saturating_sub(1),
        Action::Down => view.scroll += 1,
        Action::Top => view.scroll = 0,
        Action::Exercise(ExerciseCmd::Hint) => reveal_hint(app, &ex),
        Action::Exercise(ExerciseCmd::Next) => next_exercise(app),
        Action::Exercise(ExerciseCmd::Edit) if typed => view.editing = true,
        Action::Exercise(ExerciseCmd::Edit) => {
            app.message = Some("Nothing to type here: ↑ ↓ choose, Enter checks.".into())
        }
        Action::Open if choices == 0 && is_quiz(&ex) && view.input.trim().is_empty() => {
            view.editing = true;
        }
        // A quiz is answered by its choice's number too; elsewhere 1-5 switch tabs.
        Action::Exercise(ExerciseCmd::Choose(n)) if usize::from(n) <= choices => {
            view.choice = usize::from(n) - 1;
            submit(app, &ex);
        }
        Action::Exercise(ExerciseCmd::Choose(n)) => {
            if let Some(&tab) = crate::tui::app::Tab::ALL.get(usize::from(n) - 1) {
                let now = app.clock;
                app.update_at(Action::ShowTab(tab), now);
            }
        }
        Action::Open | Action::Exercise(ExerciseCmd::Check) => submit(app, &ex),
        Action::Exercise(ExerciseCmd::CopyCurl) => copy_curl(app),
        // A server exercise's run command and file watching (`run`).
        Action::Exercise(cmd @ (ExerciseCmd::RunCommand | ExerciseCmd::Watch)) => {
            let c = if cmd == ExerciseCmd::Watch { 'w' } else { 's' };
            let key = KeyEvent::new(KeyCode::Char(c), crossterm::event::KeyModifiers::NONE);
            if super::run::on_key(app, &ex, key).is_none() {
                app.message = Some("Only a server exercise runs and watches your server.".into());
            }
        }
        _ => {}
    }
}

fn is_quiz(ex: &Exercise) -> bool {
    matches!(ex.spec, Spec::Quiz(_))
}

/// Close the open exercise, keeping the target typed for a server exercise.
pub(super) fn close(app: &mut App) {
    if let Some(v) = app.exercises.open.take()
        && app
            .course
            .exercises
            .get(v.index)
            .is_some_and(|e| matches!(e.spec, Spec::Server(_)))
    {
        app.exercises.targets.insert(v.id, v.input);
    }
}

/// Open the selected exercise of the list.
pub(super) fn open_selected(app: &mut App) {
    if let Some(&i) = visible(app).get(app.exercises.selected) {
        open(app, i);
    }
}

/// Open the exercise at `index` of `course.exercises`.
pub fn open(app: &mut App, index: usize) {
    close(app);
    let Some(ex) = app.course.exercises.get(index) else {
        return;
    };
    let input = match &ex.spec {
        Spec::Server(_) if app.exercises.targets.contains_key(&ex.id) => {
            app.exercises.targets[&ex.id].clone()
        }
        Spec::Server(s) => s.default_target.clone().unwrap_or_default(),
        _ => String::new(),
    };
    let hints = app.snap.hints.get(&ex.id).copied().unwrap_or(0);
    let id = ex.id.clone();
    app.message = Some(match &ex.spec {
        Spec::Lab(_) => format!(
            "Send requests to the lab at {} from anywhere: this checks itself on each one.",
            app.lab_url
        ),
        Spec::Quiz(q) if q.choices.is_empty() => "Enter, type your answer, Enter again.".into(),
        Spec::Quiz(_) => "↑↓ choose an answer, Enter checks it (or press its number).".into(),
        Spec::Server(_) => "Start your server; e edits the target, Enter runs the check.".into(),
        Spec::Sql(_) => {
            "Enter opens it in the SQL tab, on its dataset, to write and check there.".into()
        }
        Spec::Git(_) => format!(
            "Check your repository from a terminal: backroad check {} --repo DIR",
            ex.id
        ),
    });
    let run = super::run::RunState::new(app, &id);
    app.push_effect(Effect::MarkExerciseOpened(id.clone()));
    app.exercises.open = Some(ExerciseView {
        index,
        id,
        opened_ms: app.clock,
        hints,
        report: None,
        checking: false,
        steps: Vec::new(),
        choice: 0,
        input,
        editing: false,
        scroll: 0,
        run,
    });
}

/// Answer the quiz, run the server check, or re-check the lab now.
pub(super) fn submit(app: &mut App, ex: &Exercise) {
    let Some(view) = app.exercises.open.as_mut() else {
        return;
    };
    let request = match &ex.spec {
        Spec::Quiz(q) => {
            let answer = match q.choices.get(view.choice) {
                Some(c) if !q.choices.is_empty() => c.clone(),
                _ => view.input.trim().to_string(),
            };
            if answer.is_empty() {
                app.message = Some("Type an answer first.".into());
                return;
            }
            CheckRequest::Quiz {
                exercise: ex.id.clone(),
                answer,
            }
        }
        Spec::Server(_) if super::run::has_command(view) => {
            view.report = None;
            super::run::request(ex, view)
        }
        Spec::Server(_) => {
            let target = view.input.trim().to_string();
            if let Err(e) = parse_target(&target, false) {
                view.editing = true;
                app.message = Some(format!("The target {e}."));
                return;
            }
            view.report = None;
            CheckRequest::Server {
                exercise: ex.id.clone(),
                target,
            }
        }
        Spec::Lab(_) => CheckRequest::Lab {
            exercise: ex.id.clone(),
            since_ms: view.opened_ms,
        },
        Spec::Sql(_) => {
            let id = ex.id.clone();
            crate::tui::sql::open_exercise(app, &id);
            return;
        }
        Spec::Git(_) => {
            app.message = Some(format!(
                "Check your repository from a terminal: backroad check {} --repo DIR",
                ex.id
            ));
            return;
        }
    };
    view.editing = false;
    view.checking = true;
    view.steps.clear();
    view.scroll = 0;
    app.push_effect(Effect::Check(request));
}

fn reveal_hint(app: &mut App, ex: &Exercise) {
    let Some(view) = app.exercises.open.as_mut() else {
        return;
    };
    let available = ex.hints.len() as u32;
    if available == 0 {
        app.message = Some("This exercise has no hints.".into());
        return;
    }
    if view.hints >= available {
        app.message = Some(format!("All {available} hints are shown."));
        return;
    }
    view.hints += 1;
    let shown = view.hints;
    app.snap.hints.insert(ex.id.clone(), shown);
    app.message = Some(format!("Hint {shown} of {available}."));
    app.push_effect(Effect::RevealHint {
        exercise: ex.id.clone(),
        available,
    });
}

/// Open the exercise after the open one in the list (one lesson's, when `x` opened it).
fn next_exercise(app: &mut App) {
    let Some(view) = &app.exercises.open else {
        return;
    };
    let mut order = visible(app);
    if !order.contains(&view.index) {
        order = super::ordered(app);
    }
    let next = order
        .iter()
        .position(|&i| i == view.index)
        .and_then(|p| order.get(p + 1))
        .copied();
    match (next, &app.exercises.lesson) {
        (Some(i), _) => {
            open(app, i);
            if let Some(pos) = order.iter().position(|&v| v == i) {
                app.exercises.selected = pos;
            }
        }
        (None, Some(_)) => {
            app.message =
                Some("That was the last exercise of this lesson; Esc q for the list.".into())
        }
        (None, None) => app.message = Some("That was the last exercise of the list.".into()),
    }
}

/// Copy the curl command of the first failing step.
fn copy_curl(app: &mut App) {
    let curl = app
        .exercises
        .open
        .as_ref()
        .and_then(|v| v.report.as_ref())
        .and_then(|r| r.first_failure())
        .and_then(|(_, s)| s.request.as_ref())
        .map(|r| r.curl.clone());
    match curl {
        Some(c) => {
            app.message = Some(format!("Copied: {c}"));
            app.push_effect(Effect::Copy(c));
        }
        None => app.message = Some("No failing request to copy.".into()),
    }
}

/// New exchanges in the lab journal: an open lab exercise re-checks itself.
pub fn on_journal(app: &mut App, exchanges: &[Exchange]) {
    if exchanges.is_empty() {
        return;
    }
    let Some(view) = app.exercises.open.as_mut() else {
        return;
    };
    let is_lab = matches!(
        app.course.exercises.get(view.index).map(|e| &e.spec),
        Some(Spec::Lab(_))
    );
    let passed = view
        .report
        .as_ref()
        .is_some_and(|r| r.verdict == Verdict::Passed);
    // Once passed, it stays passed (r re-checks by hand): no attempt per later request.
    if !is_lab || passed || exchanges.iter().all(|x| x.at < view.opened_ms) {
        return;
    }
    view.checking = true;
    let request = CheckRequest::Lab {
        exercise: view.id.clone(),
        since_ms: view.opened_ms,
    };
    app.push_effect(Effect::Check(request));
}

/// A step of a running server check completed.
pub fn on_step(app: &mut App, exercise: &str, step: StepOutcome) {
    if let Some(view) = app
        .exercises
        .open
        .as_mut()
        .filter(|v| v.id == exercise && v.checking)
    {
        view.steps.push(step);
    }
}

/// A check finished: record the attempt, update progress, show the report.
pub fn on_checked(app: &mut App, mut report: Report) {
    let passed = report.verdict == Verdict::Passed;
    let id = report.exercise.clone();
    if report.verdict == Verdict::Unreachable {
        // Nothing listened: the learner did not fail, so no attempt is recorded.
        show_report(app, report, passed, false);
        return;
    }
    offer_explanation(app, &mut report);
    crate::tui::progress::due::reschedule(app, &id, passed);
    app.snap
        .practice_days
        .insert(app.clock.div_euclid(86_400_000));
    app.push_effect(Effect::RecordAttempt {
        exercise: id.clone(),
        passed,
        summary: report.summary.clone(),
        failed: report.failed_assertions(),
    });
    let newly_passed = passed && app.snap.passed.insert(id.clone());
    app.snap.attempted.insert(id.clone());
    let hints = app.snap.hints.get(&id).copied().unwrap_or(0);
    match app.snap.stats.iter_mut().find(|s| s.exercise_id == id) {
        Some(s) => {
            s.attempts += 1;
            s.passed |= passed;
            s.hints_used = hints;
        }
        None => app.snap.stats.push(ExerciseStats {
            exercise_id: id.clone(),
            attempts: 1,
            passed,
            hints_used: hints,
        }),
    }
    show_report(app, report, passed, newly_passed);
}

/// After a few failed tries of an exercise not passed yet, the report carries its explanation.
fn offer_explanation(app: &App, report: &mut Report) {
    let Some(ex) = app.course.exercise(&report.exercise) else {
        return;
    };
    let stats = app.snap.stats.iter().find(|s| s.exercise_id == ex.id);
    if stats.is_some_and(|s| s.passed) {
        return;
    }
    // This try is not counted in the snapshot yet.
    let tries = stats.map_or(0, |s| s.attempts) + 1;
    crate::check::assess::offer_explanation(report, ex, tries);
}

/// Show a finished check's report in the open exercise, with a line in the status bar.
fn show_report(app: &mut App, report: Report, passed: bool, newly_passed: bool) {
    let unreachable = report.verdict == Verdict::Unreachable;
    let stuck = report.explanation.is_some() && !passed;
    let id = report.exercise.clone();
    let Some(view) = app.exercises.open.as_mut().filter(|v| v.id == id) else {
        return;
    };
    let was_passing = view
        .report
        .as_ref()
        .is_some_and(|r| r.verdict == Verdict::Passed);
    view.checking = false;
    if !passed && was_passing {
        // A later request that misses does not undo a pass the learner already saw.
        return;
    }
    if passed && !was_passing {
        view.scroll = 0;
    }
    view.report = Some(report);
    app.message = Some(match (passed, newly_passed) {
        (true, true) => "★ Passed! Well done. n opens the next exercise.".into(),
        (true, false) => "Passed again. n opens the next exercise.".into(),
        (false, _) if unreachable => {
            "Not checked: nothing answered, so this try does not count.".into()
        }
        (false, _) if stuck => "Not yet: the explanation is below the report now.".into(),
        (false, _) => "Not yet: the report says what to fix. h reveals a hint.".into(),
    });
}
