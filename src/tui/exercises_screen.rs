//! The Exercises screen's state and keys: the list by phase with filter and search, and the
//! exercise view that checks itself (lab exercises on every journalled request, quizzes in
//! place, server exercises against a target the learner types).

use super::action::{Action, KeyContext, map_key};
use super::app::{App, CheckRequest, Effect};
use crate::check::outcome::{Report, StepOutcome};
use crate::check::{Verdict, exercise::parse_target};
use crate::course::Exercise;
use crate::course::exercise::Spec;
use crate::store::{Exchange, ExerciseStats};
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

fn view_key(app: &mut App, key: KeyEvent) -> Option<Action> {
    let Some(ex) = open_exercise(app).cloned() else {
        app.exercises.open = None;
        return None;
    };
    let view = app.exercises.open.as_mut()?;
    if view.editing {
        match key.code {
            KeyCode::Esc => view.editing = false,
            KeyCode::Enter => submit(app, &ex),
            KeyCode::Backspace => {
                view.input.pop();
            }
            KeyCode::Char(c) => view.input.push(c),
            _ => {}
        }
        return None;
    }
    let choices = match &ex.spec {
        Spec::Quiz(q) => q.choices.len(),
        _ => 0,
    };
    match key.code {
        KeyCode::Esc | KeyCode::Char('q') | KeyCode::Left | KeyCode::Backspace => {
            app.exercises.open = None;
        }
        KeyCode::Up if choices > 0 => view.choice = view.choice.saturating_sub(1),
        KeyCode::Down if choices > 0 => view.choice = (view.choice + 1).min(choices - 1),
        KeyCode::Up | KeyCode::Char('k') => view.scroll = view.scroll.saturating_sub(1),
        KeyCode::Down | KeyCode::Char('j') => view.scroll += 1,
        KeyCode::PageUp => view.scroll = view.scroll.saturating_sub(10),
        KeyCode::PageDown | KeyCode::Char(' ') => view.scroll += 10,
        KeyCode::Home | KeyCode::Char('g') => view.scroll = 0,
        KeyCode::Char('h') => reveal_hint(app, &ex),
        KeyCode::Char('n') => next_exercise(app),
        KeyCode::Char('e') | KeyCode::Tab
            if matches!(ex.spec, Spec::Server(_)) || (choices == 0 && is_quiz(&ex)) =>
        {
            view.editing = true;
        }
        KeyCode::Enter if choices == 0 && is_quiz(&ex) && view.input.trim().is_empty() => {
            view.editing = true;
        }
        KeyCode::Enter | KeyCode::Char('r') => submit(app, &ex),
        KeyCode::Char('c') => copy_curl(app),
        _ => return shared(key),
    }
    None
}

fn is_quiz(ex: &Exercise) -> bool {
    matches!(ex.spec, Spec::Quiz(_))
}

/// Open the selected exercise of the list.
fn open_selected(app: &mut App) {
    if let Some(&i) = visible(app).get(app.exercises.selected) {
        open(app, i);
    }
}

/// Open the exercise at `index` of `course.exercises`.
pub fn open(app: &mut App, index: usize) {
    let Some(ex) = app.course.exercises.get(index) else {
        return;
    };
    let input = match &ex.spec {
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
        Spec::Quiz(_) => "↑↓ choose an answer, Enter checks it.".into(),
        Spec::Server(_) => "Start your server; e edits the target, Enter runs the check.".into(),
        Spec::Sql(_) => "SQL exercises cannot be checked by this build yet.".into(),
    });
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
    });
}

/// Answer the quiz, run the server check, or re-check the lab now.
fn submit(app: &mut App, ex: &Exercise) {
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
            app.message = Some("SQL exercises cannot be checked by this build yet.".into());
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

/// Open the exercise after the open one, in course order.
fn next_exercise(app: &mut App) {
    let Some(view) = &app.exercises.open else {
        return;
    };
    let order = ordered(app);
    let next = order
        .iter()
        .position(|&i| i == view.index)
        .and_then(|p| order.get(p + 1))
        .copied();
    match next {
        Some(i) => {
            open(app, i);
            if let Some(pos) = visible(app).iter().position(|&v| v == i) {
                app.exercises.selected = pos;
            }
        }
        None => app.message = Some("That was the last exercise of the course.".into()),
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

/// A click on the screen (the list's rows; the tab bar is handled by the app).
pub fn on_click(app: &mut App, x: u16, y: u16) {
    if app.exercises.open.is_some() {
        return;
    }
    let area = ratatui::layout::Rect::new(0, 0, app.viewport.0, app.viewport.1);
    if let Some(pos) = super::ui::exercises::exercise_at(app, area, x, y) {
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
pub fn on_checked(app: &mut App, report: Report) {
    let passed = report.verdict == Verdict::Passed;
    let id = report.exercise.clone();
    app.push_effect(Effect::RecordAttempt {
        exercise: id.clone(),
        passed,
        summary: report.summary.clone(),
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
        (false, _) => "Not yet: the report says what to fix. h reveals a hint.".into(),
    });
}

/// The keys of the Exercises screen, for the help overlay.
pub fn help() -> Vec<(&'static str, &'static str)> {
    vec![
        (
            "↑ ↓ j k PgUp PgDn",
            "move in the list / scroll the exercise",
        ),
        ("g G  Home End", "first / last"),
        ("Enter → l", "open the exercise"),
        ("f", "filter: all / new / passed"),
        ("/", "list: filter by id or title (Esc clears)"),
        ("click  wheel", "select (again: open)  scroll"),
        ("h", "reveal the next hint"),
        ("↑ ↓  Enter", "quiz: choose an answer, check it"),
        ("Enter, type", "short answer: type it, Enter checks"),
        ("e Tab", "server: edit the target URL"),
        ("Enter r", "server: run the check; lab: check now"),
        ("c", "copy the failing request as curl"),
        ("n", "next exercise"),
        ("Esc q ←", "back to the list"),
    ]
}
