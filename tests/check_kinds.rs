//! Lab and quiz exercises end to end with the real binary, hints, and exercise-file errors.
//! The lab process is stood in for by writing exchanges into the journal of the same
//! progress.db, as the lab does from its own process.

mod common;
use common::bin::text;

use backroad::exchange::Exchange;
use backroad::store::Store;
use std::path::Path;
use std::process::Output;
use std::time::{SystemTime, UNIX_EPOCH};

/// The binary on the exercise pack.
fn backroad(home: &Path, args: &[&str]) -> Output {
    common::bin::run(common::bin::backroad_on(home, &common::kinds_pack()), args)
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

fn create(title: &str, content_type: &str, status: u16, at: i64) -> Exchange {
    Exchange {
        at,
        method: "POST".into(),
        path: "/api/tasks".into(),
        request_headers: vec![
            ("host".into(), "127.0.0.1:7357".into()),
            ("content-type".into(), content_type.into()),
        ],
        request_body: format!(r#"{{"title": "{title}"}}"#).into_bytes(),
        status,
        response_headers: vec![
            ("content-type".into(), "application/json".into()),
            ("location".into(), "/api/tasks/42".into()),
            ("etag".into(), "\"t42-1\"".into()),
        ],
        response_body: format!(r#"{{"id": 42, "title": "{title}", "completed": false}}"#)
            .into_bytes(),
        duration_us: 800,
        ..Default::default()
    }
}

fn journal(home: &Path, exchanges: &[Exchange]) {
    let mut store = Store::open(&home.join("progress.db")).unwrap();
    store.insert_exchanges(exchanges).unwrap();
}

#[test]
fn a_lab_exercise_passes_on_a_matching_exchange_and_fails_without_one() {
    let home = tempfile::tempdir().unwrap();
    let out = backroad(home.path(), &["--plain", "check", "rest.create-task"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("The lab received no requests"),
        "{}",
        text(&out)
    );

    // A near miss: wrong content type, the lab said 415.
    journal(
        home.path(),
        &[create("Buy milk", "text/plain", 415, now_ms())],
    );
    let out = backroad(home.path(), &["--plain", "check", "rest.create-task"]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(t.contains("FAIL 1. POST /api/tasks"), "{t}");
    assert!(t.contains("the closest one"), "{t}");
    assert!(
        t.contains(r#"FAIL request.header "Content-Type" startsWith "application/json""#),
        "{t}"
    );
    assert!(t.contains("actual:   string \"text/plain\""), "{t}");
    assert!(t.contains("expected: == integer 201"), "{t}");
    assert!(
        t.contains("curl -i -X POST -H 'content-type: text/plain'"),
        "{t}"
    );

    journal(
        home.path(),
        &[create("Buy milk", "application/json", 201, now_ms())],
    );
    let out = backroad(home.path(), &["--plain", "check", "rest.create-task"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("PASSED: rest.create-task"));

    let store = Store::open(&home.path().join("progress.db"))
        .unwrap()
        .for_pack("kinds");
    let attempts = store.attempts("rest.create-task").unwrap();
    assert_eq!(
        attempts.iter().map(|a| a.passed).collect::<Vec<_>>(),
        vec![false, false, true]
    );
}

#[test]
fn the_lab_window_starts_when_the_exercise_was_opened_or_at_since() {
    let home = tempfile::tempdir().unwrap();
    let hour_ago = now_ms() - 3_600_000;
    journal(
        home.path(),
        &[create("Buy milk", "application/json", 201, hour_ago)],
    );
    // Never opened: the default window is the last 30 minutes, so the old request is not seen.
    let out = backroad(home.path(), &["check", "rest.create-task"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let out = backroad(home.path(), &["check", "rest.create-task", "--since", "2h"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));

    // Opened now: earlier requests do not count, even with a pass in the journal.
    Store::open(&home.path().join("progress.db"))
        .unwrap()
        .for_pack("kinds")
        .mark_exercise_opened("rest.create-task")
        .unwrap();
    let out = backroad(home.path(), &["check", "rest.create-task"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));

    let out = backroad(
        home.path(),
        &["check", "rest.create-task", "--since", "yesterday"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("RFC 3339"), "{}", text(&out));
    let out = backroad(
        home.path(),
        &[
            "check",
            "rest.create-task",
            "--since",
            "2000-01-01T00:00:00Z",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

#[test]
fn lab_expectations_are_met_in_order_with_captures() {
    let home = tempfile::tempdir().unwrap();
    let t = now_ms();
    let get = |if_none_match: Option<&str>, status: u16| Exchange {
        at: t,
        method: "GET".into(),
        path: "/api/tasks/42".into(),
        request_headers: if_none_match
            .map(|v| vec![("If-None-Match".to_string(), v.to_string())])
            .unwrap_or_default(),
        status,
        ..Default::default()
    };
    // The conditional GET before the create does not count: order matters.
    journal(
        home.path(),
        &[
            get(Some("\"t42-1\""), 304),
            create("x", "application/json", 201, t),
        ],
    );
    let out = backroad(home.path(), &["--plain", "check", "rest.conditional-get"]);
    let out_text = text(&out);
    assert_eq!(out.status.code(), Some(1), "{out_text}");
    assert!(out_text.contains("ok   1. POST /api/tasks"), "{out_text}");
    assert!(out_text.contains("FAIL 2. GET /api/tasks/42"), "{out_text}");

    // A check looks at what came after the last check of the exercise: the learner goes
    // again, creates a task, sends the wrong tag (the lab answers 200), then the captured one
    // (304).
    let again = now_ms() + 1;
    let get_again = |if_none_match: &str, status: u16| Exchange {
        at: again,
        ..get(Some(if_none_match), status)
    };
    journal(
        home.path(),
        &[
            create("x", "application/json", 201, again),
            get_again("\"other\"", 200),
            get_again("\"t42-1\"", 304),
        ],
    );
    let out = backroad(home.path(), &["check", "rest.conditional-get", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{v}");
    assert_eq!(v["verdict"], "passed");
    assert_eq!(v["steps"].as_array().unwrap().len(), 2);
}

#[test]
fn an_earlier_create_does_not_hide_the_one_the_learner_built_on() {
    let home = tempfile::tempdir().unwrap();
    let t = now_ms();
    let mut second = create("y", "application/json", 201, t);
    second.response_headers = vec![
        ("location".into(), "/api/tasks/43".into()),
        ("etag".into(), "\"t43-1\"".into()),
    ];
    let get43 = Exchange {
        at: t,
        method: "GET".into(),
        path: "/api/tasks/43".into(),
        request_headers: vec![("if-none-match".into(), "\"t43-1\"".into())],
        status: 304,
        ..Default::default()
    };
    journal(
        home.path(),
        &[create("x", "application/json", 201, t), second, get43],
    );
    let out = backroad(home.path(), &["--plain", "check", "rest.conditional-get"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains("ok   2. GET /api/tasks/43"),
        "{}",
        text(&out)
    );
}

#[test]
fn a_quiz_takes_either_listed_answer() {
    let home = tempfile::tempdir().unwrap();
    for answer in ["201", " 201 created ", "201 Created"] {
        let out = backroad(
            home.path(),
            &["check", "http.created-status", "--answer", answer],
        );
        assert_eq!(out.status.code(), Some(0), "{answer}: {}", text(&out));
    }
    let out = backroad(
        home.path(),
        &["--plain", "check", "http.created-status", "--answer", "200"],
    );
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(
        !t.contains("201"),
        "a failure does not give the answer away: {t}"
    );

    let out = backroad(home.path(), &["check", "http.created-status"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("--answer") && text(&out).contains("201 Created"));

    let out = backroad(
        home.path(),
        &[
            "check",
            "http.location-header",
            "--answer",
            "the Location header",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));

    let out = backroad(home.path(), &["exercises", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let row = |id: &str| {
        v["exercises"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["id"] == id)
            .cloned()
            .unwrap()
    };
    assert_eq!(row("http.created-status")["status"], "passed");
    assert_eq!(row("http.no-content")["status"], "new");
    assert_eq!(
        v["exercises"].as_array().unwrap().len(),
        11,
        "the pack's eleven"
    );
}

#[test]
fn hints_are_revealed_one_at_a_time_and_recorded() {
    let home = tempfile::tempdir().unwrap();
    let out = backroad(home.path(), &["hint", "rest.create-task"]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(0), "{t}");
    assert!(t.contains("Hint 1 of 3 (new): POST to /api/tasks"), "{t}");
    assert!(!t.contains("Hint 2"), "{t}");
    let out = backroad(home.path(), &["hint", "rest.create-task"]);
    assert!(text(&out).contains("Hint 2 of 3 (new)"), "{}", text(&out));
    backroad(home.path(), &["check", "rest.create-task"]);
    let store = Store::open(&home.path().join("progress.db"))
        .unwrap()
        .for_pack("kinds");
    assert_eq!(store.attempts("rest.create-task").unwrap()[0].hints_used, 2);

    let out = backroad(home.path(), &["hint", "no.such-exercise"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn unknown_exercises_and_sql_are_bad_input() {
    let home = tempfile::tempdir().unwrap();
    let out = backroad(home.path(), &["check", "rest.create"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains("Did you mean: rest.create-task"),
        "{}",
        text(&out)
    );
    let out = backroad(
        home.path(),
        &[
            "check",
            "http.created-status",
            "--target",
            "http://127.0.0.1:1",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains("--target is for server exercises") && text(&out).contains("--answer"),
        "{}",
        text(&out)
    );
    let out = backroad(home.path(), &["exercises", "--phase", "99-nope"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_bad_assertion_in_a_pack_is_shown_with_a_caret() {
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    common::exercise_pack(
        dir.path(),
        "format_version = 1\nid = \"x\"\ntitle = \"X\"\nphase = \"06-apis\"\nkind = \"lab\"\nprompt = \"p\"\n\n[[expect]]\nasserts = ['status = 201']\n",
    );
    let out = backroad(
        home.path(),
        &["course", "validate", dir.path().to_str().unwrap()],
    );
    let t = text(&out);
    assert_eq!(out.status.code(), Some(2), "{t}");
    assert!(
        t.contains("exercises/06-apis/x.toml:9:20: assertion does not parse: use `==`"),
        "{t}"
    );
    let lines: Vec<&str> = t.lines().collect();
    let src = lines
        .iter()
        .position(|l| l.contains("asserts = ['status = 201']"))
        .unwrap();
    assert_eq!(
        lines[src + 1].find('^'),
        lines[src].find("= 201"),
        "the caret is under the `=`:\n{t}"
    );

    // A sql exercise naming a dataset the pack does not have: exit 2, naming the file.
    common::exercise_pack(
        dir.path(),
        "format_version = 1\nid = \"q.sql\"\ntitle = \"X\"\nphase = \"06-apis\"\nkind = \"sql\"\nprompt = \"p\"\n[sql]\ndataset = \"shop\"\nsolution = \"SELECT 1\"\n",
    );
    let course = dir.path().to_str().unwrap();
    let out = backroad(home.path(), &["--course", course, "check", "q.sql"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("dataset \"shop\" is not a file datasets/shop.sql"),
        "{}",
        text(&out)
    );
}

#[test]
fn the_pack_has_every_kind_and_its_sql_and_git_exercises_are_proven_and_checked() {
    let home = tempfile::tempdir().unwrap();
    let out = backroad(home.path(), &["exercises", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let kinds: std::collections::BTreeSet<&str> = list["exercises"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["git", "lab", "quiz", "server", "sql"].into());

    // The pack validates (the sql solution passes its own check on the tiny shop) and the
    // proofs of the sql and git exercises go the way they say.
    let pack = common::kinds_pack();
    let pack = pack.to_str().unwrap();
    let out = backroad(home.path(), &["course", "validate", pack]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    for (only, proven) in [
        (
            "sql.distinct-countries",
            "sql.distinct-countries (sql, 2 proofs)",
        ),
        ("git.first-commit", "git.first-commit (git, 5 proofs)"),
    ] {
        let out = backroad(home.path(), &["course", "test", pack, "--only", only]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        assert!(text(&out).contains(proven), "{}", text(&out));
    }

    // The checker grades the sql exercise on the pack's dataset.
    let check = |answer: &str| {
        backroad(
            home.path(),
            &[
                "--plain",
                "check",
                "sql.distinct-countries",
                "--answer",
                answer,
            ],
        )
    };
    let out = check("SELECT country FROM customers ORDER BY country");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let out = check("SELECT DISTINCT country FROM customers ORDER BY country");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}
