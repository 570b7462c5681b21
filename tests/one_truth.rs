//! One truth everywhere (issue 13) and progress kept per pack (issue 12): a running tutor
//! sees what other processes wrote, a second tutor takes the lab over, a check right after a
//! request never races the journal, the checker's own traffic never counts, the real port in
//! every copy-paste command, and two packs that share an exercise id keep their progress apart.

mod common;

use backroad::course::Course;
use backroad::lab::{self, LabConfig, Running};
use backroad::progress::Snapshot;
use backroad::store::Store;
use backroad::tui::app::App;
use backroad::tui::shared::{DbWatch, LabKeeper};
use common::bin::{backroad, backroad_on, run, stdout, text};
use std::path::Path;

const QUIZ: &str = "http.created-status";

/// A tutor on the kinds pack, reading the progress database in `home` as `backroad` does.
fn tutor(home: &Path) -> (App, Store) {
    let course = Course::from_dir(&common::kinds_pack()).unwrap();
    let store = Store::open(&home.join("progress.db"))
        .unwrap()
        .for_pack(&course.id);
    let app = App::new(course, Snapshot::read(&store).unwrap(), (120, 40), false);
    (app, store)
}

#[test]
fn a_pass_from_the_cli_and_a_reset_show_in_a_running_tutor() {
    let home = tempfile::tempdir().unwrap();
    let (mut app, store) = tutor(home.path());
    let mut watch = DbWatch::new(&store);
    assert!(!app.snap.passed.contains(QUIZ));
    assert!(
        !watch.refresh(&mut app, &store).unwrap(),
        "nothing changed yet"
    );

    // A second terminal passes the quiz while the tutor runs.
    let kinds = common::kinds_pack();
    let out = run(
        backroad_on(home.path(), &kinds),
        &["check", QUIZ, "--answer", "201"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(watch.refresh(&mut app, &store).unwrap());
    assert!(app.snap.passed.contains(QUIZ), "the tutor sees the pass");
    app.tab = backroad::tui::app::Tab::Progress;
    let total = app.course.exercises.len();
    let progress = common::screen(&app, 120, 40);
    assert!(progress.contains(&format!("1/{total}")), "{progress}");

    // And `backroad reset --all` in another terminal empties it again.
    let out = run(
        backroad_on(home.path(), &kinds),
        &["reset", "--all", "--yes"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(watch.refresh(&mut app, &store).unwrap());
    assert!(app.snap.passed.is_empty());
}

#[test]
fn a_second_tutor_takes_the_lab_over_when_the_first_quits() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("progress.db");
    let Running::Started { url, handle: first } =
        lab::start_background(LabConfig::new(0, Some(db.clone()))).unwrap()
    else {
        panic!("port 0 is always free");
    };
    let addr: std::net::SocketAddr = url.trim_start_matches("http://").parse().unwrap();

    // The second tutor finds the first one's lab and uses it.
    let (mut second, message) = LabKeeper::start(LabConfig::new(addr.port(), Some(db)));
    assert!(!second.owns_lab());
    assert_eq!(second.url(), url);
    assert!(message.unwrap().contains("already running"));
    assert_eq!(second.take_over_if_gone(), None, "the first lab still runs");

    // The first tutor quits: the second starts its own lab on the same port, and says so.
    first.stop();
    let said = second.take_over_if_gone().expect("it takes the lab over");
    assert!(
        said.contains(&url) && said.contains("runs it now"),
        "{said}"
    );
    assert!(second.owns_lab());
    assert!(lab::is_backroad_lab(addr), "the lab answers on {url} again");
    second.stop();
}

/// `curl` in a shell: one request on a fresh connection, the body read to the end.
fn post_task(base: &str, extra_header: &str) {
    use std::io::{Read, Write};
    let addr = base.trim_start_matches("http://");
    let body = r#"{"title":"Buy milk"}"#;
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(
        s,
        "POST /api/tasks HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n{extra_header}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
}

fn port_of(url: &str) -> String {
    url.rsplit(':').next().unwrap().to_string()
}

#[test]
fn a_check_right_after_a_request_sees_it_and_says_what_it_looked_at() {
    let home = tempfile::tempdir().unwrap();
    let (url, lab) = common::lab::background(home.path());
    let kinds = common::kinds_pack();
    post_task(&url, "");
    let out = run(
        backroad_on(home.path(), &kinds),
        &[
            "--plain",
            "--port",
            &port_of(&url),
            "check",
            "rest.create-task",
        ],
    );
    let t = text(&out);
    assert_eq!(out.status.code(), Some(0), "{t}");
    assert!(
        t.contains("looked at: 1 request since") && t.contains("(when the lab started)"),
        "{t}"
    );
    lab.stop();
}

#[test]
fn the_lab_flushes_its_journal_on_request_and_says_when_it_started() {
    let home = tempfile::tempdir().unwrap();
    let (url, lab) = common::lab::background(home.path());
    post_task(&url, "");
    let port: u16 = port_of(&url).parse().unwrap();
    let started = lab::flush_running(port).expect("a running lab answers the flush");
    assert!(started > 0 && started <= backroad::store::now_ms());
    // Written out now: another connection reads it at once.
    let store = Store::open(&home.path().join("progress.db")).unwrap();
    let seen = store.journal_since(0, 0, 10).unwrap();
    assert!(seen.iter().any(|x| x.path == "/api/tasks"), "{seen:?}");
    lab.stop();
    assert_eq!(lab::flush_running(port), None, "no lab, no answer");
}

#[test]
fn the_checkers_own_requests_to_the_lab_never_count() {
    let home = tempfile::tempdir().unwrap();
    let (url, lab) = common::lab::background(home.path());
    let kinds = common::kinds_pack();
    // The same request a learner would send, but sent by backroad's checker.
    post_task(&url, "x-backroad-checker: 1\r\n");
    let out = run(
        backroad_on(home.path(), &kinds),
        &[
            "--plain",
            "--port",
            &port_of(&url),
            "check",
            "rest.create-task",
        ],
    );
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(
        t.contains("looked at: 0 requests since")
            && t.contains("sent by backroad's checker not counted"),
        "{t}"
    );
    lab.stop();
}

#[test]
fn read_and_hint_write_the_lab_port_given_with_port() {
    let home = tempfile::tempdir().unwrap();
    let out = run(
        backroad(home.path()),
        &[
            "--plain",
            "--port",
            "7500",
            "read",
            "04-web-http/01-anatomy",
        ],
    );
    let t = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(t.contains("127.0.0.1:7500"), "{t}");
    assert!(!t.contains("7357"), "{t}");

    let mut cmd = backroad(home.path());
    cmd.env("BACKROAD_LAB_PORT", "7501");
    let out = run(cmd, &["--plain", "hint", "scaling.shed-load"]);
    let t = stdout(&out);
    assert!(t.contains("127.0.0.1:7501/ratelimit"), "{}", text(&out));
    assert!(!t.contains("7357"), "{t}");
}

/// A copy of the kinds pack under `dir` with its id set to `id`.
fn pack_copy(dir: &Path, id: &str) -> std::path::PathBuf {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
    }
    let pack = dir.join(id);
    copy(&common::kinds_pack(), &pack);
    let toml = pack.join("content/course.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(
        &toml,
        text.replace("id = \"kinds\"", &format!("id = \"{id}\"")),
    )
    .unwrap();
    pack
}

fn passed(home: &Path, pack: &Path) -> u64 {
    let out = run(backroad_on(home, pack), &["progress", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["exercises_passed"].as_u64().unwrap()
}

#[test]
fn two_packs_sharing_an_exercise_id_keep_their_progress_apart() {
    let home = tempfile::tempdir().unwrap();
    let packs = tempfile::tempdir().unwrap();
    let a = pack_copy(packs.path(), "pack-a");
    let b = pack_copy(packs.path(), "pack-b");
    let out = run(
        backroad_on(home.path(), &a),
        &["check", QUIZ, "--answer", "201"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(passed(home.path(), &a), 1);
    assert_eq!(
        passed(home.path(), &b),
        0,
        "a pass in pack-a is not one in pack-b"
    );
    // The built-in course has the same id too, and did not pass it either.
    let store = Store::open(&home.path().join("progress.db")).unwrap();
    assert!(store.passed_exercises().unwrap().is_empty());
}
