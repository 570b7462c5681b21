//! The Exercises screen without a terminal: `update` driven by keys, screens drawn to a
//! `TestBackend` (insta snapshots at 80×24 and 120×40); and end to end with a real lab, worker
//! and store in a tempdir, and a real server (the Python fixture) for server checks.

mod common;
use common::FixtureServer;
use common::screen;

use backroad::check::{Verdict, lab};
use backroad::course::Course;
use backroad::course::exercise::Spec;
use backroad::exchange::Exchange;
use backroad::progress::Snapshot;
use backroad::store::Store;
use backroad::tui::Runner;
use backroad::tui::action::{Action, KeyContext};
use backroad::tui::app::{App, CheckRequest, Effect, Tab};
use backroad::tui::exercises::{self, Filter};
use backroad::tui::worker::{AppEvent, Worker};
use crossterm::event::KeyCode;
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

/// The exercise pack: the curriculum's exercises of each kind, copied so that adding course
/// exercises does not move these tests.
fn course() -> Course {
    common::tui::course(&common::kinds_pack())
}

fn app_with(snap: Snapshot) -> App {
    let mut app = App::new(course(), snap, (80, 24), true);
    app.lab_url = "http://127.0.0.1:7357".into();
    app.update(Action::ShowTab(Tab::Exercises));
    app.take_effects();
    app
}

fn fresh() -> App {
    app_with(Snapshot::default())
}

use common::tui::{code as press, typed};

/// Find `id` with the search (`/`, on every screen) and open it.
fn open(app: &mut App, id: &str) {
    press(app, KeyCode::Char('/'));
    typed(app, id);
    press(app, KeyCode::Enter);
    assert_eq!(app.tab, Tab::Exercises);
    assert_eq!(app.exercises.open.as_ref().map(|v| v.id.as_str()), Some(id));
}

fn now_ms() -> i64 {
    backroad::store::now_ms()
}

fn progress_snap() -> Snapshot {
    let mut snap = Snapshot::default();
    snap.passed.insert("http.first-get".into());
    snap.attempted.insert("http.first-get".into());
    snap.attempted.insert("http.post-json".into());
    snap
}

#[test]
fn the_list_shows_phases_status_kind_and_difficulty() {
    let app = app_with(progress_snap());
    assert_eq!(app.key_context(), KeyContext::Exercises);
    let s = screen(&app, 80, 24);
    assert!(s.contains("The web and HTTP"), "{s}");
    assert!(s.contains("✓ http.first-get"), "{s}");
    assert!(s.contains("◐ http.post-json"), "{s}");
    assert!(s.contains("1 of 11 passed"), "{s}");
    insta::assert_snapshot!("exercises_list_80x24", s);
    let s = screen(&app, 120, 40);
    assert!(
        s.contains("Selected"),
        "the detail pane shows when roomy: {s}"
    );
    insta::assert_snapshot!("exercises_list_120x40", s);
}

#[test]
fn the_filter_cycles_all_new_passed_and_search_narrows_by_id_or_title() {
    let mut app = app_with(progress_snap());
    let all = exercises::visible(&app).len();
    assert_eq!(all, app.course.exercises.len());
    press(&mut app, KeyCode::Char('f'));
    assert_eq!(app.exercises.filter, Filter::New);
    assert_eq!(exercises::visible(&app).len(), all - 1);
    assert!(!screen(&app, 80, 24).contains("http.first-get"));
    press(&mut app, KeyCode::Char('f'));
    assert_eq!(app.exercises.filter, Filter::Passed);
    assert_eq!(exercises::visible(&app).len(), 1);
    press(&mut app, KeyCode::Char('f'));
    assert_eq!(app.exercises.filter, Filter::All);

    // `/` is the one search of every screen: it finds exercises by id or title.
    press(&mut app, KeyCode::Char('/'));
    assert!(app.search.is_some());
    typed(&mut app, "task");
    let found: Vec<String> = app
        .search
        .as_ref()
        .unwrap()
        .hits
        .iter()
        .filter_map(|h| h.exercise)
        .map(|i| app.course.exercises[i].id.clone())
        .collect();
    assert_eq!(
        found,
        ["build.tasks-api", "rest.create-task", "rest.delete-task"]
    );
    // While typing, letters go to the query, not to the keymap (q does not quit).
    typed(&mut app, "q");
    assert!(!app.quit);
    press(&mut app, KeyCode::Esc);
    // Esc goes back to the roadmap.
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.tab, Tab::Roadmap);
}

#[test]
fn every_kind_of_the_pack_is_listed_and_opens_where_it_is_checked() {
    let mut app = fresh();
    let kinds: std::collections::BTreeSet<&str> = app
        .course
        .exercises
        .iter()
        .map(|e| e.kind.as_str())
        .collect();
    assert_eq!(
        kinds,
        ["git", "lab", "quiz", "server", "sql"].into(),
        "the fixture pack has one exercise of each kind"
    );
    let s = screen(&app, 120, 40);
    for id in ["git.first-commit", "sql.distinct-countries"] {
        assert!(s.contains(id), "listed: {s}");
    }

    // A git exercise is checked from a terminal, in the repository: the screen says how.
    open(&mut app, "git.first-commit");
    let s = screen(&app, 120, 40);
    assert!(
        s.contains("In your repository's folder, run: backroad check")
            && s.contains("git.first-commit --repo ."),
        "{s}"
    );

    // A sql exercise opens in the SQL tab, on its dataset, and is checked there.
    press(&mut app, KeyCode::Esc);
    open(&mut app, "sql.distinct-countries");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.tab, Tab::Sql);
    assert_eq!(app.sql.exercise.as_deref(), Some("sql.distinct-countries"));
    common::tui::settle_sql(&mut app);
    assert_eq!(app.sql.dataset(), Some("shop"));
    assert!(
        app.sql.tables.iter().any(|t| t.name == "customers"),
        "the dataset was built"
    );
    app.sql
        .set_text("SELECT DISTINCT country FROM customers ORDER BY country;");
    common::tui::ctrl(&mut app, 'k');
    let other = common::tui::settle_sql(&mut app);
    assert!(
        other
            .iter()
            .any(|e| matches!(e, Effect::RecordAttempt { passed: true, .. })),
        "{other:?}"
    );
}

#[test]
fn shared_keys_still_work_on_the_list() {
    let mut app = fresh();
    press(&mut app, KeyCode::Char('?'));
    assert!(app.help);
    let s = screen(&app, 80, 24);
    assert!(s.contains("filter: all / new / passed"), "{s}");
    assert!(s.contains("Ctrl-c"), "every key fits at 80×24: {s}");
    press(&mut app, KeyCode::Esc);
    assert!(!app.help);
    // An open exercise's help lists its own keys.
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('?'));
    let s = screen(&app, 80, 24);
    assert!(s.contains("reveal the next hint"), "{s}");
    assert!(s.contains("Ctrl-c"), "every key fits at 80×24: {s}");
    press(&mut app, KeyCode::Esc);
    // (A digit answers a quiz; 1-5 switch tabs from the list.)
    press(&mut app, KeyCode::Char('q'));
    assert!(app.exercises.open.is_none());
    press(&mut app, KeyCode::Char('4'));
    assert_eq!(app.tab, Tab::Progress);
    press(&mut app, KeyCode::Char('3'));
    // q goes back one level: the list, then the roadmap, where it quits.
    press(&mut app, KeyCode::Char('q'));
    assert_eq!(app.tab, Tab::Roadmap);
    assert!(!app.quit);
    press(&mut app, KeyCode::Char('q'));
    assert!(app.quit);
}

#[test]
fn clicks_select_then_open_and_the_wheel_moves() {
    let mut app = fresh();
    // Row 3 is the first phase heading, row 4 the first exercise, row 5 the second.
    app.update(Action::Click(10, 5));
    assert_eq!(app.exercises.selected, 1);
    assert!(app.exercises.open.is_none());
    app.update(Action::Click(10, 5));
    assert_eq!(
        app.exercises.open.as_ref().map(|v| v.id.as_str()),
        Some("http.first-get")
    );
    press(&mut app, KeyCode::Esc);
    app.update(Action::Scroll(3));
    assert_eq!(app.exercises.selected, 4);
    app.update(Action::Scroll(-30));
    assert_eq!(app.exercises.selected, 0);
}

fn lab_effects(app: &mut App) -> Vec<Effect> {
    app.take_effects()
}

#[test]
fn a_lab_exercise_rechecks_itself_on_each_new_exchange() {
    let mut app = fresh();
    open(&mut app, "rest.create-task");
    let effects = lab_effects(&mut app);
    assert!(effects.contains(&Effect::MarkExerciseOpened("rest.create-task".into())));
    let opened = app.exercises.open.as_ref().unwrap().opened_ms;
    let s = screen(&app, 80, 24);
    assert!(s.contains("Watching the lab http://127.0.0.1:7357"), "{s}");

    // An exchange from before the exercise was opened does not count.
    let old = Exchange {
        at: opened - 60_000,
        ..Default::default()
    };
    app.on_event(AppEvent::Journal(vec![old]));
    assert!(app.take_effects().is_empty());

    let new = Exchange {
        at: opened + 1,
        ..Default::default()
    };
    app.on_event(AppEvent::Journal(vec![new]));
    assert_eq!(
        app.take_effects(),
        vec![Effect::Check(CheckRequest::Lab {
            exercise: "rest.create-task".into(),
            since_ms: opened,
        })]
    );
    assert!(app.exercises.open.as_ref().unwrap().checking);
    assert!(screen(&app, 80, 24).contains("Checking…"));
}

fn delete_exchange(at: i64) -> Exchange {
    Exchange {
        at,
        method: "DELETE".into(),
        path: "/api/tasks/3".into(),
        status: 204,
        ..Default::default()
    }
}

#[test]
fn a_lab_exercise_partly_met_shows_which_expectations_hold() {
    let mut app = fresh();
    open(&mut app, "rest.delete-task");
    app.take_effects();
    let ex = app.course.exercise("rest.delete-task").unwrap().clone();
    let Spec::Lab(spec) = &ex.spec else {
        panic!("a lab exercise")
    };
    let report = lab::run_lab(&ex, spec, &[delete_exchange(now_ms())], &app.lab_url);
    assert_eq!(report.verdict, Verdict::Failed);
    app.on_event(AppEvent::Checked(Box::new(report)));
    let effects = app.take_effects();
    assert!(matches!(
        &effects[..],
        [Effect::RecordAttempt { exercise, passed: false, .. }] if exercise == "rest.delete-task"
    ));
    assert!(app.snap.attempted.contains("rest.delete-task"));
    assert!(!app.snap.passed.contains("rest.delete-task"));
    let s = screen(&app, 80, 24);
    assert!(s.contains("✓ 1. a DELETE request"), "{s}");
    assert!(s.contains("✗ 2. GET /api/tasks/3"), "{s}");
    assert!(s.contains("1 of 2 expectations met"), "{s}");
    insta::assert_snapshot!("exercises_lab_partly_met_80x24", s);
    insta::assert_snapshot!("exercises_lab_partly_met_120x40", screen(&app, 120, 40));
}

#[test]
fn hints_are_revealed_one_at_a_time_and_remembered() {
    let mut snap = Snapshot::default();
    snap.hints.insert("rest.create-task".into(), 1);
    let mut app = app_with(snap);
    open(&mut app, "rest.create-task");
    app.take_effects();
    let s = screen(&app, 120, 40);
    assert!(s.contains("Hints 1 of 3"), "{s}");
    assert!(s.contains("POST to /api/tasks"), "{s}");
    assert!(
        !s.contains("Content-Type: application/json. Without"),
        "{s}"
    );
    press(&mut app, KeyCode::Char('h'));
    assert_eq!(
        app.take_effects(),
        vec![Effect::RevealHint {
            exercise: "rest.create-task".into(),
            available: 3
        }]
    );
    assert!(screen(&app, 120, 40).contains("Hints 2 of 3"));
    press(&mut app, KeyCode::Char('h'));
    press(&mut app, KeyCode::Char('h'));
    assert_eq!(app.take_effects().len(), 1, "no effect past the last hint");
    assert_eq!(app.message.as_deref(), Some("All 3 hints are shown."));
    assert_eq!(app.snap.hints["rest.create-task"], 3);
}

#[test]
fn a_quiz_is_answered_in_place_and_a_pass_shows_the_explanation_then_n_moves_on() {
    let mut app = fresh();
    open(&mut app, "http.created-status");
    app.take_effects();
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Enter);
    let effects = app.take_effects();
    let [Effect::Check(req @ CheckRequest::Quiz { answer, .. })] = &effects[..] else {
        panic!("a quiz check: {effects:?}")
    };
    assert_eq!(answer, "201 Created");

    // The check runs the real quiz checker (what the worker does), and comes back.
    let report = tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(backroad::tui::checks::check(
            app.course.exercise("http.created-status").unwrap().clone(),
            "/nonexistent".into(),
            app.lab_url.clone(),
            req.clone(),
            None,
            |_| {},
        ));
    app.on_event(AppEvent::Checked(Box::new(report)));
    assert!(app.snap.passed.contains("http.created-status"));
    assert!(matches!(
        &app.take_effects()[..],
        [Effect::RecordAttempt { passed: true, .. }]
    ));
    let s = screen(&app, 80, 24);
    assert!(s.contains("Passed!"), "{s}");
    assert!(s.contains("Why it works"), "{s}");
    assert!(s.contains("tells the client a new resource exists"), "{s}");
    insta::assert_snapshot!("exercises_passed_80x24", s);
    insta::assert_snapshot!("exercises_passed_120x40", screen(&app, 120, 40));
    assert!(
        screen(&app, 80, 24).contains("✓"),
        "the header marks it passed"
    );

    press(&mut app, KeyCode::Char('n'));
    assert_eq!(
        app.exercises.open.as_ref().map(|v| v.id.as_str()),
        Some("http.first-get"),
        "n opens the next exercise in course order"
    );
    press(&mut app, KeyCode::Esc);
    assert!(app.exercises.open.is_none());
}

#[test]
fn a_server_target_is_typed_checked_and_sent() {
    let mut app = fresh();
    open(&mut app, "build.tasks-api");
    app.take_effects();
    assert_eq!(
        app.exercises.open.as_ref().unwrap().input,
        "http://127.0.0.1:8000",
        "prefilled with the exercise's default target"
    );
    press(&mut app, KeyCode::Char('e'));
    for _ in 0..4 {
        press(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "9q1");
    press(&mut app, KeyCode::Backspace);
    assert!(!app.quit, "q went into the field");
    assert_eq!(
        app.exercises.open.as_ref().unwrap().input,
        "http://127.0.0.1:9q"
    );
    press(&mut app, KeyCode::Enter);
    assert!(app.take_effects().is_empty(), "a bad URL is not sent");
    assert!(
        app.message
            .as_deref()
            .unwrap_or("")
            .contains("not a valid URL")
    );
    press(&mut app, KeyCode::Backspace);
    typed(&mut app, "1");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.take_effects(),
        vec![Effect::Check(CheckRequest::Server {
            exercise: "build.tasks-api".into(),
            target: "http://127.0.0.1:91".into()
        })]
    );
    let s = screen(&app, 80, 24);
    assert!(s.contains("Checking http://127.0.0.1:91"), "{s}");
    assert!(s.contains("▸ 1. list tasks"), "{s}");
    assert!(s.contains("· 2. create a task"), "{s}");

    // Off this machine is refused in the tutor (there is no --allow-remote here).
    press(&mut app, KeyCode::Char('e'));
    for _ in 0.."http://127.0.0.1:91".len() {
        press(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "http://192.0.2.10:8000");
    press(&mut app, KeyCode::Enter);
    assert!(app.take_effects().is_empty());
    assert!(
        app.message
            .as_deref()
            .unwrap_or("")
            .contains("not on this machine")
    );
}

#[test]
fn tiny_terminals_do_not_panic() {
    let mut app = fresh();
    let states = [
        None,
        Some("rest.delete-task"),
        Some("http.created-status"),
        Some("build.tasks-api"),
    ];
    for state in states {
        press(&mut app, KeyCode::Esc);
        app.tab = Tab::Exercises;
        if let Some(id) = state {
            open(&mut app, id);
        }
        for w in 0..45 {
            for h in 0..14 {
                app.update(Action::Resize(w, h));
                let _ = screen(&app, w, h);
                app.update(Action::Click(w / 2, h / 2));
            }
        }
    }
}

// ---- end to end: a real lab, worker and store ----

/// Apply effects and feed events until `done` holds or 20 s pass.
fn pump(
    app: &mut App,
    runner: &mut Runner,
    events: &Receiver<AppEvent>,
    done: impl Fn(&App) -> bool,
) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !done(app) {
        assert!(
            Instant::now() < deadline,
            "gave up waiting: {:?}",
            app.message
        );
        let effects = app.take_effects();
        runner.apply(app, effects).unwrap();
        if let Ok(ev) = events.recv_timeout(Duration::from_millis(100)) {
            app.on_event(ev);
        }
    }
    let effects = app.take_effects();
    runner.apply(app, effects).unwrap();
}

#[test]
fn end_to_end_a_lab_exercise_passes_when_the_task_is_posted() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("progress.db");
    let store = Store::open(&db).unwrap();
    let config = backroad::lab::LabConfig::new(0, Some(db.clone()));
    let backroad::lab::Running::Started { url, handle } =
        backroad::lab::start_background(config).unwrap()
    else {
        panic!("port 0 always starts a new lab")
    };
    let (worker, events) = Worker::start().unwrap();
    worker.watch_journal(db.clone(), store.journal_head().unwrap());
    let mut app = fresh();
    app.lab_url = url.clone();
    let mut runner = Runner {
        store,
        worker,
        lab_base: url.clone(),
        db: db.clone(),
    };
    open(&mut app, "rest.create-task");
    let effects = app.take_effects();
    runner.apply(&app, effects).unwrap();
    assert!(
        runner
            .store
            .exercise_opened_at("rest.create-task")
            .unwrap()
            .is_some()
    );

    // A near miss first (no Content-Type: the lab answers 415), then the real thing.
    let http = reqwest::Client::new();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let status = rt.block_on(async {
        http.post(format!("{url}/api/tasks"))
            .body(r#"{"title": "Buy milk"}"#)
            .send()
            .await
            .unwrap()
            .status()
    });
    assert_eq!(status.as_u16(), 415);
    pump(&mut app, &mut runner, &events, |a| {
        a.exercises
            .open
            .as_ref()
            .is_some_and(|v| v.report.is_some() && !v.checking)
    });
    assert!(!app.snap.passed.contains("rest.create-task"));
    let s = screen(&app, 120, 40);
    assert!(s.contains("Content-Type"), "the unmet assertion shows: {s}");

    let status = rt.block_on(async {
        http.post(format!("{url}/api/tasks"))
            .json(&serde_json::json!({"title": "Buy milk"}))
            .send()
            .await
            .unwrap()
            .status()
    });
    assert_eq!(status.as_u16(), 201);
    pump(&mut app, &mut runner, &events, |a| {
        a.snap.passed.contains("rest.create-task")
    });
    let s = screen(&app, 80, 24);
    assert!(s.contains("Passed!"), "{s}");
    assert_eq!(
        runner.store.passed_exercises().unwrap(),
        vec!["rest.create-task".to_string()],
        "the pass is recorded in the store"
    );
    assert!(runner.store.attempts("rest.create-task").unwrap().len() >= 2);
    handle.stop();
}

fn set_target(app: &mut App, target: &str) {
    press(app, KeyCode::Char('e'));
    let n = app.exercises.open.as_ref().unwrap().input.chars().count();
    for _ in 0..n {
        press(app, KeyCode::Backspace);
    }
    typed(app, target);
    press(app, KeyCode::Enter);
}

#[test]
fn end_to_end_a_server_check_fails_with_its_report_then_passes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("progress.db");
    let (worker, events) = Worker::start().unwrap();
    let mut runner = Runner {
        store: Store::open(&db).unwrap(),
        worker,
        lab_base: "http://127.0.0.1:1".into(),
        db,
    };
    let mut app = fresh();
    open(&mut app, "build.tasks-api");

    let buggy = FixtureServer::start("create-200");
    set_target(&mut app, &buggy.url);
    // Steps show as they complete: the first arrives before the report.
    pump(&mut app, &mut runner, &events, |a| {
        a.exercises
            .open
            .as_ref()
            .is_some_and(|v| !v.steps.is_empty())
    });
    assert!(app.exercises.open.as_ref().unwrap().checking);
    let s = screen(&app, 80, 24);
    assert!(s.contains("✓ 1. list tasks"), "{s}");
    assert!(s.contains("▸ 2. create a task"), "{s}");
    assert!(s.contains("· 3. fetch it back"), "{s}");
    pump(&mut app, &mut runner, &events, |a| {
        a.exercises
            .open
            .as_ref()
            .is_some_and(|v| v.report.is_some())
    });
    let port = buggy.url.rsplit(':').next().unwrap().to_string();
    // The port, the server's clock and version change from run to run.
    let stamps = regex::Regex::new(
        r"\w{3}, \d\d \w{3} \d{4} [\d:]{8} GMT|\d{4}-\d\d-\d\dT[\d:.]+\+00:00|Python/[\d.]+",
    )
    .unwrap();
    let scrub = |s: String| {
        stamps
            .replace_all(&s.replace(&port, "PORT"), "…")
            .into_owned()
    };
    let s = scrub(screen(&app, 80, 24));
    assert!(s.contains("Not yet"), "{s}");
    assert!(s.contains("✗ 2. create a task"), "{s}");
    assert!(s.contains("curl"), "the failing request as curl: {s}");
    insta::assert_snapshot!("exercises_server_failed_80x24", s);
    insta::assert_snapshot!(
        "exercises_server_failed_120x40",
        scrub(screen(&app, 120, 40))
    );
    assert_eq!(runner.store.attempts("build.tasks-api").unwrap().len(), 1);
    press(&mut app, KeyCode::Char('c'));
    assert!(matches!(&app.take_effects()[..], [Effect::Copy(c)] if c.starts_with("curl")));

    drop(buggy);
    let good = FixtureServer::start("");
    set_target(&mut app, &good.url);
    pump(&mut app, &mut runner, &events, |a| {
        a.snap.passed.contains("build.tasks-api")
    });
    assert!(screen(&app, 80, 24).contains("Passed!"));
    let attempts = runner.store.attempts("build.tasks-api").unwrap();
    assert_eq!(
        attempts.iter().map(|a| a.passed).collect::<Vec<_>>(),
        [false, true]
    );
}

#[test]
fn a_short_answer_quiz_is_typed_in_place() {
    let mut app = fresh();
    open(&mut app, "http.location-header");
    app.take_effects();
    press(&mut app, KeyCode::Enter);
    assert!(
        app.exercises.open.as_ref().unwrap().editing,
        "Enter starts typing"
    );
    typed(&mut app, "Location q");
    assert!(!app.quit, "q went into the field");
    let s = screen(&app, 80, 24);
    assert!(s.contains("Answer [Location q▏]"), "{s}");
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Enter);
    let effects = app.take_effects();
    assert_eq!(
        effects,
        vec![Effect::Check(CheckRequest::Quiz {
            exercise: "http.location-header".into(),
            answer: "Location".into()
        })]
    );
    let Effect::Check(req) = &effects[0] else {
        unreachable!()
    };
    let report = tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(backroad::tui::checks::check(
            app.course.exercise("http.location-header").unwrap().clone(),
            "/nonexistent".into(),
            app.lab_url.clone(),
            req.clone(),
            None,
            |_| {},
        ));
    assert_eq!(report.verdict, Verdict::Passed, "{}", report.summary);
}

#[test]
fn a_passed_lab_exercise_stops_rechecking_until_asked() {
    let mut app = fresh();
    open(&mut app, "rest.create-task");
    app.take_effects();
    let opened = app.exercises.open.as_ref().unwrap().opened_ms;
    let created = Exchange {
        at: opened + 1,
        method: "POST".into(),
        path: "/api/tasks".into(),
        request_headers: vec![("content-type".into(), "application/json".into())],
        request_body: br#"{"title": "Buy milk"}"#.to_vec(),
        status: 201,
        response_headers: vec![("location".into(), "/api/tasks/42".into())],
        ..Default::default()
    };
    let ex = app.course.exercise("rest.create-task").unwrap().clone();
    let Spec::Lab(spec) = &ex.spec else {
        panic!("a lab exercise")
    };
    let report = lab::run_lab(&ex, spec, std::slice::from_ref(&created), &app.lab_url);
    assert_eq!(report.verdict, Verdict::Passed, "{}", report.summary);
    app.on_event(AppEvent::Checked(Box::new(report)));
    app.take_effects();
    app.on_event(AppEvent::Journal(vec![created]));
    assert!(
        app.take_effects().is_empty(),
        "no attempt per later request"
    );
    press(&mut app, KeyCode::Char('r'));
    assert!(matches!(
        &app.take_effects()[..],
        [Effect::Check(CheckRequest::Lab { .. })]
    ));
}

#[test]
fn a_wrong_quiz_choice_shows_why_it_is_wrong() {
    let mut app = fresh();
    open(&mut app, "http.created-status");
    app.take_effects();
    // The first choice, "200 OK", is wrong and has its [quiz.why].
    press(&mut app, KeyCode::Enter);
    let effects = app.take_effects();
    let [Effect::Check(req @ CheckRequest::Quiz { answer, .. })] = &effects[..] else {
        panic!("a quiz check: {effects:?}")
    };
    assert_eq!(answer, "200 OK");
    let report = tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(backroad::tui::checks::check(
            app.course.exercise("http.created-status").unwrap().clone(),
            "/nonexistent".into(),
            app.lab_url.clone(),
            req.clone(),
            None,
            |_| {},
        ));
    app.on_event(AppEvent::Checked(Box::new(report)));
    let s = screen(&app, 120, 40);
    assert!(s.contains("200 is the generic success"), "{s}");
}

#[test]
fn a_server_exercise_keeps_its_run_command_shows_its_server_and_watches_files() {
    let mut app = fresh();
    open(&mut app, "build.tasks-api");
    app.take_effects();
    press(&mut app, KeyCode::Char('s'));
    typed(&mut app, "python3 app.py {port}");
    assert!(!app.quit, "q went into the field");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.take_effects(),
        vec![Effect::SaveRunCommand {
            exercise: "build.tasks-api".into(),
            command: "python3 app.py {port}".into(),
        }]
    );
    // The check key starts the server with it.
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.take_effects(),
        vec![Effect::Check(CheckRequest::Run {
            exercise: "build.tasks-api".into(),
            command: "python3 app.py {port}".into(),
            target: "http://127.0.0.1:8000".into(),
        })]
    );
    app.on_event(AppEvent::ServerLine {
        exercise: "build.tasks-api".into(),
        line: "Serving on port 8123".into(),
    });
    let s = screen(&app, 120, 40);
    assert!(s.contains("Run    [python3 app.py {port}]"), "{s}");
    assert!(s.contains("[your server] Serving on port 8123"), "{s}");

    // Watching: a save during the check checks once more when it ends.
    press(&mut app, KeyCode::Char('w'));
    assert_eq!(app.take_effects(), vec![Effect::WatchFiles(true)]);
    app.on_event(AppEvent::FilesChanged(vec!["app.py".into()]));
    assert!(app.take_effects().is_empty(), "not while a check runs");
    let ex = app.course.exercise("build.tasks-api").unwrap().clone();
    let report = backroad::check::assess::new_report(&ex);
    app.on_event(AppEvent::Checked(Box::new(report)));
    let effects = app.take_effects();
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::Check(CheckRequest::Run { .. }))),
        "{effects:?}"
    );
    // Back in the list, a change stops the watcher.
    press(&mut app, KeyCode::Esc);
    app.on_event(AppEvent::FilesChanged(vec!["app.py".into()]));
    assert_eq!(app.take_effects(), vec![Effect::WatchFiles(false)]);
}

#[test]
fn end_to_end_the_run_command_starts_the_server_checks_it_and_stops_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("progress.db");
    let (worker, events) = Worker::start().unwrap();
    let mut runner = Runner {
        store: Store::open(&db).unwrap(),
        worker,
        lab_base: "http://127.0.0.1:1".into(),
        db: db.clone(),
    };
    let mut app = fresh();
    open(&mut app, "build.tasks-api");
    press(&mut app, KeyCode::Char('s'));
    typed(
        &mut app,
        &format!(
            "python3 {}/tests/fixtures/tasks_server.py --port {{port}}",
            env!("CARGO_MANIFEST_DIR")
        ),
    );
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    pump(&mut app, &mut runner, &events, |a| {
        a.snap.passed.contains("build.tasks-api")
    });
    let view = app.exercises.open.as_ref().unwrap();
    let port: u16 = view
        .run
        .lines
        .iter()
        .find_map(|l| l.strip_prefix("PORT "))
        .expect("the server's first line")
        .parse()
        .unwrap();
    assert!(std::net::TcpListener::bind(("127.0.0.1", port)).is_ok());
    // The command is kept: a new tutor on the same database opens the exercise with it.
    let snap = Snapshot::read(&runner.store).unwrap();
    let mut again = app_with(snap);
    open(&mut again, "build.tasks-api");
    assert!(
        again
            .exercises
            .open
            .as_ref()
            .unwrap()
            .run
            .command
            .contains("tasks_server.py")
    );
}
