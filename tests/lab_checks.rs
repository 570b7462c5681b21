//! The lab and the checker together, as a learner uses them: the real binary checks exercises
//! against a real lab that journals into the learner's progress.db.

mod common;

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;

use common::lab::background as start_lab;

/// The binary on the exercise pack.
fn backroad(home: &Path) -> Command {
    Command::from_std(common::bin::backroad_on(home, &common::kinds_pack()))
}

fn port(url: &str) -> String {
    url.rsplit(':')
        .next()
        .unwrap()
        .trim_end_matches('/')
        .to_string()
}

#[test]
fn build_tasks_api_passes_against_the_labs_own_tasks_api() {
    let home = tempfile::tempdir().unwrap();
    let (url, handle) = start_lab(home.path());
    backroad(home.path())
        .args(["check", "build.tasks-api", "--plain", "--target"])
        .arg(format!("{url}/api"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("PASS").or(predicate::str::contains("passed")));
    handle.stop();
}

#[test]
fn a_lab_exercise_fails_with_no_request_then_passes_after_the_right_one() {
    let home = tempfile::tempdir().unwrap();
    let (url, handle) = start_lab(home.path());
    // Nothing sent yet: a failed check that says what to do.
    backroad(home.path())
        .args([
            "check",
            "rest.create-task",
            "--plain",
            "--port",
            &port(&url),
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("received no requests"));

    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let http = reqwest::Client::new();
        // A near miss first (wrong title), then the real thing.
        let miss = http
            .post(format!("{url}/api/tasks"))
            .json(&serde_json::json!({"title": "Buy bread"}))
            .send()
            .await
            .unwrap();
        assert_eq!(miss.status(), 201);
        let hit = http
            .post(format!("{url}/api/tasks"))
            .json(&serde_json::json!({"title": "Buy milk"}))
            .send()
            .await
            .unwrap();
        assert_eq!(hit.status(), 201);
    });
    handle.state().flush_journal();
    backroad(home.path())
        .args([
            "check",
            "rest.create-task",
            "--plain",
            "--port",
            &port(&url),
        ])
        .assert()
        .code(0);
    let v: serde_json::Value = serde_json::from_slice(
        &backroad(home.path())
            .args(["progress", "--json"])
            .assert()
            .success()
            .get_output()
            .stdout,
    )
    .unwrap();
    assert_eq!(v["exercises_passed"], 1);
    handle.stop();
}

#[test]
fn backroad_lab_on_a_taken_port_says_who_holds_it() {
    let home = tempfile::tempdir().unwrap();
    // Take a port with the lab, then ask `backroad lab` for the same one: it recognises it.
    let (url, handle) = start_lab(home.path());
    backroad(home.path())
        .args(["lab", "--port", &port(&url)])
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .success()
        .stdout(predicate::str::contains("already running"));
    handle.stop();

    // Something that is not a lab holds a port: a clear error naming it.
    let other = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let taken = other.local_addr().unwrap().port().to_string();
    backroad(home.path())
        .args(["lab", "--port", &taken])
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .failure()
        .stderr(predicate::str::contains(format!("127.0.0.1:{taken}")));
}
