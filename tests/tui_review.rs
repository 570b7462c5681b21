//! The review queue and feedback in the tutor, without a terminal: a quiz answered by its
//! number, the explanation after three failed tries, a run that could not check recording
//! nothing, and the "due today" panel on the Progress screen and line on the Roadmap.

mod common;
use common::screen;
use common::tui::code as press;

use backroad::check::Verdict;
use backroad::check::assess::new_report;
use backroad::fsrs::{DAY_MS, Grade};
use backroad::paths::BUILTIN_PACK;
use backroad::progress::Snapshot;
use backroad::store::Card;
use backroad::tui::action::Action;
use backroad::tui::app::{App, CheckRequest, Effect, Tab};
use backroad::tui::worker::AppEvent;
use crossterm::event::KeyCode;

fn app_with(snap: Snapshot, tab: Tab) -> App {
    let course = common::tui::course(&common::kinds_pack());
    let mut app = App::new(course, snap, (80, 24), true);
    app.lab_url = "http://127.0.0.1:7357".into();
    app.update(Action::ShowTab(tab));
    app.take_effects();
    app
}

/// Open an exercise of the kinds pack by its index in the course.
fn open(app: &mut App, id: &str) {
    let i = app
        .course
        .exercises
        .iter()
        .position(|e| e.id == id)
        .unwrap();
    backroad::tui::exercises::open(app, i);
    app.take_effects();
}

fn checked(app: &mut App, answer: &str) -> Vec<Effect> {
    let ex = app.course.exercise("http.created-status").unwrap().clone();
    let backroad::course::exercise::Spec::Quiz(q) = &ex.spec else {
        panic!()
    };
    let report = backroad::check::quiz::run_quiz(&ex, q, answer);
    app.on_event(AppEvent::Checked(Box::new(report)));
    app.take_effects()
}

#[test]
fn a_quiz_choice_is_answered_by_pressing_its_number() {
    let mut app = app_with(Snapshot::default(), Tab::Exercises);
    open(&mut app, "http.created-status");
    assert!(screen(&app, 120, 40).contains("2. 201 Created"));
    press(&mut app, KeyCode::Char('2'));
    let effects = app.take_effects();
    let [Effect::Check(CheckRequest::Quiz { answer, .. })] = &effects[..] else {
        panic!("a quiz check: {effects:?}")
    };
    assert_eq!(answer, "201 Created");
}

#[test]
fn the_explanation_is_offered_after_three_failed_tries() {
    let mut app = app_with(Snapshot::default(), Tab::Exercises);
    open(&mut app, "http.created-status");
    let idea = "tells the client a new resource exists";
    for i in 1..=3 {
        let effects = checked(&mut app, "200 OK");
        assert!(matches!(
            &effects[..],
            [Effect::RecordAttempt { passed: false, .. }]
        ));
        let s = screen(&app, 120, 40);
        assert_eq!(s.contains(idea), i == 3, "try {i}: {s}");
    }
}

#[test]
fn a_check_that_could_not_run_records_no_attempt() {
    let mut app = app_with(Snapshot::default(), Tab::Exercises);
    open(&mut app, "build.tasks-api");
    let mut report = new_report(app.course.exercise("build.tasks-api").unwrap());
    report.verdict = Verdict::Unreachable;
    report.message = Some("nothing is listening".into());
    app.on_event(AppEvent::Checked(Box::new(report)));
    assert!(app.take_effects().is_empty());
    assert!(!app.snap.attempted.contains("build.tasks-api"));
    assert!(
        app.message
            .as_deref()
            .unwrap_or("")
            .contains("does not count")
    );
}

fn card(id: &str, due: i64) -> Card {
    Card {
        pack: BUILTIN_PACK.into(),
        exercise_id: id.into(),
        stability: 3.0,
        difficulty: 5.0,
        due,
        last_review: due - 3 * DAY_MS,
        reps: 1,
        lapses: 0,
        last_grade: Grade::Good,
        hints: 0,
    }
}

#[test]
fn progress_shows_what_is_due_today_and_the_roadmap_says_so() {
    let now = backroad::store::now_ms();
    let mut snap = Snapshot {
        cards: vec![
            card("http.created-status", now - DAY_MS),
            card("http.first-get", now + 10 * DAY_MS),
        ],
        ..Snapshot::default()
    };
    // The kinds pack is loaded from a folder: its cards carry that pack's id.
    let pack = common::tui::course(&common::kinds_pack()).id;
    for c in &mut snap.cards {
        c.pack = pack.clone();
    }
    let app = app_with(snap, Tab::Progress);
    let s = screen(&app, 80, 24);
    assert!(s.contains("Due for review today: 1"), "{s}");
    assert!(s.contains("http.created-status"), "{s}");
    assert!(!s.contains("↻ http.first-get"), "{s}");
    // Past the first launch (which shows the welcome instead of a lesson's details).
    let mut app = app;
    app.snap.lessons.insert(
        "read-before".into(),
        backroad::store::LessonProgress {
            lesson_id: "read-before".into(),
            first_opened: now,
            last_opened: now,
            scroll: 0,
            completed_at: None,
        },
    );
    app.update(Action::ShowTab(Tab::Roadmap));
    let s = screen(&app, 120, 40);
    assert!(s.contains("1 exercise due for review today"), "{s}");
}

#[test]
fn a_pass_in_the_tutor_puts_the_exercise_in_review() {
    let mut app = app_with(Snapshot::default(), Tab::Exercises);
    open(&mut app, "http.created-status");
    checked(&mut app, "2");
    let c = app
        .snap
        .cards
        .iter()
        .find(|c| c.exercise_id == "http.created-status")
        .expect("a card");
    assert_eq!(c.last_grade, Grade::Easy);
}
