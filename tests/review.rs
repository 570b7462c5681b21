//! The review queue and the learner-facing small things of issue 13, through the real binary
//! on the built-in course: a quiz answered by number, "did you mean" without punctuation,
//! reports without pack file names, the explanation after a few failures, a run that could not
//! check is no attempt, `doctor` in a pipe, the streak, and `backroad review`.

mod common;

use backroad::fsrs::{DAY_MS, Grade};
use backroad::store::{Card, Store};
use common::bin::{backroad, run, stdout, text};
use std::io::Write;
use std::path::Path;
use std::process::Stdio;

fn check(home: &Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    run(backroad(home), &all)
}

fn store(home: &Path) -> Store {
    Store::open(&home.join("progress.db")).unwrap()
}

#[test]
fn a_quiz_is_answered_by_the_number_of_its_choice() {
    let home = tempfile::tempdir().unwrap();
    let out = check(home.path(), &["http.created-status", "2"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("PASSED"), "{}", text(&out));
    let out = check(home.path(), &["http.created-status", "1"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("actual:   \"200 OK\""),
        "{}",
        text(&out)
    );
}

#[test]
fn did_you_mean_finds_an_id_typed_without_its_punctuation() {
    let home = tempfile::tempdir().unwrap();
    let out = check(home.path(), &["http.nocontent", "--answer", "204"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains("Did you mean: http.no-content"),
        "{}",
        text(&out)
    );
}

#[test]
fn a_learner_report_names_no_pack_file_but_verbose_does() {
    let home = tempfile::tempdir().unwrap();
    let out = check(home.path(), &["http.created-status", "--answer", "200 OK"]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(!t.contains(".toml") && !t.contains("(line "), "{t}");
    let out = check(
        home.path(),
        &["http.created-status", "--answer", "200 OK", "--verbose"],
    );
    assert!(
        text(&out).contains("exercises/04-web-http/created-status.toml"),
        "{}",
        text(&out)
    );
}

#[test]
fn the_explanation_is_offered_after_three_failed_tries() {
    let home = tempfile::tempdir().unwrap();
    let idea = "tells the client a new resource exists";
    for i in 1..=3 {
        let out = check(home.path(), &["http.created-status", "1"]);
        let t = text(&out);
        assert_eq!(out.status.code(), Some(1), "{t}");
        assert_eq!(t.contains(idea), i == 3, "try {i}: {t}");
    }
}

#[test]
fn a_run_that_could_not_check_is_not_a_failed_attempt() {
    let home = tempfile::tempdir().unwrap();
    // A port nothing listens on: bound, then closed.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let target = format!("http://127.0.0.1:{port}");
    let out = check(home.path(), &["build.tasks-api", "--target", &target]);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    assert!(
        store(home.path())
            .attempts("build.tasks-api")
            .unwrap()
            .is_empty()
    );
}

#[test]
fn doctor_in_a_pipe_has_no_colour_and_names_a_dumb_terminal() {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = backroad(home.path());
    cmd.env("TERM", "dumb");
    let out = run(cmd, &["doctor"]);
    let t = stdout(&out);
    assert!(!t.contains('\x1b'), "{t:?}");
    assert!(t.contains("TERM=dumb, a dumb terminal"), "{t}");
}

#[test]
fn a_pass_today_starts_the_streak() {
    let home = tempfile::tempdir().unwrap();
    let out = run(backroad(home.path()), &["progress"]);
    assert!(stdout(&out).contains("Streak:    0 days"), "{}", text(&out));
    check(home.path(), &["http.created-status", "2"]);
    let out = run(backroad(home.path()), &["progress"]);
    assert!(
        stdout(&out).contains("Streak:    1 day\n"),
        "{}",
        text(&out)
    );
}

#[test]
fn a_clean_pass_comes_back_in_sixteen_days_and_a_failure_sooner() {
    let home = tempfile::tempdir().unwrap();
    let out = run(backroad(home.path()), &["review"]);
    assert!(
        stdout(&out).contains("Nothing to review yet"),
        "{}",
        text(&out)
    );
    let out = check(home.path(), &["http.created-status", "2"]);
    assert!(
        stdout(&out).contains("Next review: in 16 days"),
        "{}",
        text(&out)
    );
    let out = run(backroad(home.path()), &["review"]);
    let t = stdout(&out);
    assert!(
        t.contains("Nothing due today. Next: http.created-status in 16 days"),
        "{t}"
    );
    let out = run(backroad(home.path()), &["review", "--all"]);
    assert!(stdout(&out).contains("easy"), "{}", text(&out));

    let out = check(home.path(), &["http.created-status", "4"]);
    assert!(
        stdout(&out).contains("Next review: in 2 days"),
        "{}",
        text(&out)
    );
    let card = store(home.path())
        .review_card("backroad", "http.created-status")
        .unwrap()
        .unwrap();
    assert_eq!((card.last_grade, card.lapses), (Grade::Again, 1));
}

/// A card of the built-in course that came due yesterday.
fn due_card(id: &str) -> Card {
    let now = backroad::store::now_ms();
    Card {
        pack: "backroad".into(),
        exercise_id: id.into(),
        stability: 3.0,
        difficulty: 5.0,
        due: now - DAY_MS,
        last_review: now - 4 * DAY_MS,
        reps: 1,
        lapses: 0,
        last_grade: Grade::Good,
        hints: 0,
    }
}

#[test]
fn review_lists_what_is_due_asks_the_quiz_and_reschedules_it() {
    let home = tempfile::tempdir().unwrap();
    let s = store(home.path());
    s.save_review_card(&due_card("http.created-status"))
        .unwrap();
    s.save_review_card(&due_card("http.first-get")).unwrap();
    drop(s);
    let mut child = backroad(home.path())
        .arg("review")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"2\n").unwrap();
    let out = child.wait_with_output().unwrap();
    let t = text(&out);
    assert_eq!(out.status.code(), Some(0), "{t}");
    assert!(t.contains("2 due today"), "{t}");
    assert!(t.contains("backroad check http.first-get"), "{t}");
    assert!(
        t.contains("Which status code says a resource was created?"),
        "{t}"
    );
    assert!(t.contains("2. 201 Created"), "{t}");
    assert!(t.contains("PASSED"), "{t}");
    let card = store(home.path())
        .review_card("backroad", "http.created-status")
        .unwrap()
        .unwrap();
    assert_eq!((card.last_grade, card.reps), (Grade::Easy, 2));
    assert!(
        card.due > backroad::store::now_ms() + 3 * DAY_MS,
        "{card:?}"
    );
    let out = run(backroad(home.path()), &["review", "--list"]);
    assert!(stdout(&out).contains("1 due today"), "{}", text(&out));
}
