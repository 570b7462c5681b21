//! The real binary, driven as a user (or a script) would, against the fixture course.

mod common;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    common::lesson_pack()
}

/// The binary on the lesson pack.
fn backroad(home: &Path) -> Command {
    Command::from_std(common::bin::backroad_on(home, &fixture()))
}

fn json(cmd: &mut Command) -> Value {
    let out = cmd.assert().success().get_output().stdout.clone();
    serde_json::from_slice(&out).expect("valid JSON")
}

#[test]
fn lessons_json_lists_phases_and_statuses() {
    let home = tempfile::tempdir().unwrap();
    let v = json(backroad(home.path()).args(["lessons", "--json"]));
    let phases = v["phases"].as_array().unwrap();
    assert_eq!(phases.len(), 2);
    assert_eq!(phases[0]["id"], "01-basics");
    let first = &phases[0]["lessons"][0];
    assert_eq!(first["id"], "01-basics/01-start");
    assert_eq!(first["title"], "Starting out");
    assert_eq!(first["minutes"], 5);
    assert_eq!(first["status"], "new");

    // Progress written by the tutor shows up in the listing.
    let store = backroad::store::Store::open(&home.path().join("progress.db"))
        .unwrap()
        .for_pack("fixture");
    store.mark_opened("01-basics/02-next").unwrap();
    store.set_completed("01-basics/01-start", true).unwrap();
    drop(store);
    let v = json(backroad(home.path()).args(["lessons", "--json"]));
    assert_eq!(v["phases"][0]["lessons"][0]["status"], "done");
    assert_eq!(v["phases"][0]["lessons"][1]["status"], "started");
    assert_eq!(v["phases"][1]["lessons"][0]["status"], "new");
}

#[test]
fn read_plain_prints_the_lesson_as_text() {
    let home = tempfile::tempdir().unwrap();
    let out = backroad(home.path())
        .args(["read", "01-basics/01-start", "--plain"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.starts_with("Starting out\n5 min\n"), "{text}");
    assert!(text.contains("- Open a lesson"), "{text}");
    assert!(text.contains("Learning by doing beats reading."), "{text}");
    assert!(
        text.contains("The last words of the first lesson."),
        "{text}"
    );
    assert!(!text.contains('\x1b'), "plain output has no escape codes");
}

#[test]
fn reading_an_unknown_lesson_suggests_and_exits_2() {
    let home = tempfile::tempdir().unwrap();
    backroad(home.path())
        .args(["read", "01-basics/start"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no lesson \"01-basics/start\""))
        .stderr(predicate::str::contains("Did you mean: 01-basics/01-start"));
}

#[test]
fn progress_json_counts_lessons_and_exercises() {
    let home = tempfile::tempdir().unwrap();
    let v = json(backroad(home.path()).args(["progress", "--json"]));
    assert_eq!(v["lessons_done"], 0);
    assert_eq!(v["lessons_total"], 3);
    assert_eq!(v["exercises_passed"], 0);
    assert!(v["exercises_total"].is_u64());
    assert_eq!(v["next_lesson"], "01-basics/01-start");

    let store = backroad::store::Store::open(&home.path().join("progress.db"))
        .unwrap()
        .for_pack("fixture");
    store.set_completed("01-basics/01-start", true).unwrap();
    drop(store);
    let v = json(backroad(home.path()).args(["progress", "--json"]));
    assert_eq!(v["lessons_done"], 1);
    assert_eq!(v["next_lesson"], "01-basics/02-next");
}

#[test]
fn reset_forgets_a_lesson_and_needs_confirmation_without_a_terminal() {
    let home = tempfile::tempdir().unwrap();
    let store = backroad::store::Store::open(&home.path().join("progress.db"))
        .unwrap()
        .for_pack("fixture");
    store.set_completed("01-basics/01-start", true).unwrap();
    drop(store);
    backroad(home.path())
        .args(["reset", "--lesson", "01-basics/01-start"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--yes"));
    backroad(home.path())
        .args(["reset", "--lesson", "01-basics/01-start", "--yes"])
        .assert()
        .success();
    let v = json(backroad(home.path()).args(["progress", "--json"]));
    assert_eq!(v["lessons_done"], 0);
}

#[test]
fn a_broken_pack_lists_every_problem_with_file_and_line() {
    let home = tempfile::tempdir().unwrap();
    let pack = tempfile::tempdir().unwrap();
    let content = pack.path().join("content");
    std::fs::create_dir_all(content.join("01-one")).unwrap();
    std::fs::write(
        content.join("course.toml"),
        "format_version = 1\ntitle = \"Broken\"\n[[phase]]\nid = \"01-one\"\ntitle = \"One\"\n",
    )
    .unwrap();
    std::fs::write(
        content.join("01-one/01-a.md"),
        "+++\ntitle = \"A\"\nminutes = -\n+++\n",
    )
    .unwrap();
    std::fs::write(content.join("01-one/02-b.md"), "no front matter\n").unwrap();
    backroad(home.path())
        .args(["course", "validate"])
        .arg(pack.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("2 problems"))
        .stderr(predicate::str::contains("content/01-one/01-a.md:3:"))
        .stderr(predicate::str::contains(
            "content/01-one/02-b.md:1:1: must start with front matter",
        ));
    // Any command on a broken pack says so, with exit 2, instead of starting.
    backroad(home.path())
        .args(["lessons"])
        .env("BACKROAD_COURSE", pack.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("content/01-one/01-a.md:3:"));
}

#[test]
fn a_corrupt_database_is_named_and_left_alone() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("progress.db");
    std::fs::write(&db, b"my thesis draft, not a database").unwrap();
    backroad(home.path())
        .args(["progress"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("progress.db"))
        .stderr(predicate::str::contains("left untouched"));
    assert_eq!(
        std::fs::read(&db).unwrap(),
        b"my thesis draft, not a database"
    );
}

#[test]
fn the_tutor_refuses_to_start_without_a_terminal() {
    let home = tempfile::tempdir().unwrap();
    backroad(home.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("interactive terminal"));
}

#[test]
fn the_built_in_course_validates() {
    let home = tempfile::tempdir().unwrap();
    backroad(home.path())
        .env_remove("BACKROAD_COURSE")
        .args(["course", "validate"])
        .assert()
        .success()
        .stdout(predicate::str::contains("is valid"));
}

#[test]
fn doctor_shows_where_data_lives() {
    let home = tempfile::tempdir().unwrap();
    backroad(home.path())
        .args(["doctor", "--plain", "--port", "0"])
        .assert()
        .stdout(predicate::str::contains(
            home.path().to_string_lossy().as_ref(),
        ))
        .stdout(predicate::str::contains("opens (schema"));
}

#[test]
fn completions_are_generated() {
    let home = tempfile::tempdir().unwrap();
    backroad(home.path())
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(predicate::str::contains("backroad"));
}
