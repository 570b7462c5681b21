//! `backroad check --run CMD` and `--watch` through the real binary: a learner's Python server
//! that crashes at start, one that works (and is stopped, its port free again), and watch mode
//! checking again after a file is written, driven by a pipe on stdin.

mod common;
use common::bin::{backroad_on, text};

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

/// The binary on the exercise pack, started in `cwd` (the learner's project folder).
fn backroad_in(home: &Path, cwd: &Path) -> Command {
    let mut cmd = backroad_on(home, &common::kinds_pack());
    cmd.current_dir(cwd);
    cmd
}

/// The fixture tasks server, which passes build.tasks-api, as a learner's run command.
fn working_server() -> String {
    format!(
        "python3 {}/tests/fixtures/tasks_server.py --port {{port}}",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// The port in the `[your server] PORT n` line the fixture server prints.
fn ports_in(out: &str) -> Vec<u16> {
    out.lines()
        .filter_map(|l| l.strip_prefix("[your server] PORT "))
        .map(|p| p.trim().parse().expect("a port number"))
        .collect()
}

#[test]
fn a_server_that_crashes_at_start_is_not_checked_and_its_last_lines_are_shown() {
    let home = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    std::fs::write(
        work.path().join("app.py"),
        "print('loading tasks.json')\nraise SystemExit('tasks.json: no such file')\n",
    )
    .unwrap();
    let out = backroad_in(home.path(), work.path())
        .args([
            "--plain",
            "check",
            "build.tasks-api",
            "--run",
            "python3 app.py {port}",
        ])
        .output()
        .unwrap();
    let all = text(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(
        all.contains("your server exited with code 1 after "),
        "{all}"
    );
    assert!(all.contains("its last lines were:"), "{all}");
    assert!(all.contains("    tasks.json: no such file"), "{all}");
    assert!(all.contains("[your server] loading tasks.json"), "{all}");
    // The run could not be checked: it is not a failed attempt.
    let list = common::bin::run(
        backroad_in(home.path(), work.path()),
        &["exercises", "--json"],
    );
    let v: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let row = v["exercises"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "build.tasks-api")
        .unwrap()
        .clone();
    assert_eq!(row["status"], "new", "{row}");
}

#[test]
fn a_working_server_is_checked_shown_and_stopped() {
    let home = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let out = backroad_in(home.path(), work.path())
        .args([
            "--plain",
            "check",
            "build.tasks-api",
            "--run",
            &working_server(),
        ])
        .output()
        .unwrap();
    let all = text(&out);
    assert_eq!(out.status.code(), Some(0), "{all}");
    assert!(all.contains("PASSED: build.tasks-api"), "{all}");
    let ports = ports_in(&all);
    assert_eq!(ports.len(), 1, "{all}");
    assert!(
        all.contains(&format!("target: http://127.0.0.1:{}", ports[0])),
        "{all}"
    );
    // Stopped with its process group: nothing listens there any more.
    assert!(std::net::TcpStream::connect(("127.0.0.1", ports[0])).is_err());
    assert!(std::net::TcpListener::bind(("127.0.0.1", ports[0])).is_ok());
}

#[test]
fn run_is_refused_for_an_exercise_that_is_not_a_server() {
    let home = tempfile::tempdir().unwrap();
    let out = common::bin::run(
        backroad_in(home.path(), home.path()),
        &["check", "http.created-status", "--run", "python3 app.py"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("--run is for server exercises"),
        "{}",
        text(&out)
    );
}

/// Stdout, line by line, on a channel.
fn lines_of(child: &mut std::process::Child) -> Receiver<String> {
    let (tx, rx) = channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { return };
            if tx.send(line).is_err() {
                return;
            }
        }
    });
    rx
}

/// Read lines until one starts with `prefix` (generous bound); all lines read are kept.
fn until(rx: &Receiver<String>, prefix: &str, seen: &mut Vec<String>) {
    loop {
        match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(line) => {
                let done = line.starts_with(prefix);
                seen.push(line);
                if done {
                    return;
                }
            }
            Err(_) => panic!(
                "no line starting with {prefix:?}; got:\n{}",
                seen.join("\n")
            ),
        }
    }
}

#[test]
fn watch_checks_again_after_a_file_is_written_and_restarts_the_server() {
    let home = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    std::fs::write(work.path().join("app.py"), "# v1\n").unwrap();
    let mut child = backroad_in(home.path(), work.path())
        .args([
            "--plain",
            "check",
            "build.tasks-api",
            "--run",
            &working_server(),
            "--watch",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let rx = lines_of(&mut child);
    let mut seen = Vec::new();
    until(&rx, "Result:", &mut seen);
    until(&rx, "Watching ", &mut seen);
    std::fs::write(work.path().join("app.py"), "# v2\n").unwrap();
    until(&rx, "Changed: app.py", &mut seen);
    until(&rx, "Result:", &mut seen);
    until(&rx, "Watching ", &mut seen);
    child.stdin.as_mut().unwrap().write_all(b"q\n").unwrap();
    let status = child.wait().unwrap();
    let all = seen.join("\n");
    assert_eq!(status.code(), Some(0), "{all}");
    assert_eq!(all.matches("PASSED: build.tasks-api").count(), 2, "{all}");
    // The server was started once per check, and each one was stopped.
    let ports = ports_in(&all);
    assert_eq!(ports.len(), 2, "{all}");
    for port in ports {
        assert!(std::net::TcpListener::bind(("127.0.0.1", port)).is_ok());
    }
}

#[test]
fn watch_without_run_checks_again_on_enter_and_quits_on_q() {
    let home = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let mut child = backroad_in(home.path(), work.path())
        .args([
            "--plain",
            "check",
            "http.created-status",
            "--answer",
            "201",
            "--watch",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let rx = lines_of(&mut child);
    let mut seen = Vec::new();
    until(&rx, "Watching ", &mut seen);
    std::fs::write(work.path().join("notes.md"), "201\n").unwrap();
    until(&rx, "Changed: notes.md", &mut seen);
    until(&rx, "Watching ", &mut seen);
    let stdin = child.stdin.as_mut().unwrap();
    stdin.write_all(b"\n").unwrap();
    until(&rx, "Checking again", &mut seen);
    until(&rx, "Watching ", &mut seen);
    stdin.write_all(b"q\n").unwrap();
    let status = child.wait().unwrap();
    let all = seen.join("\n");
    assert_eq!(status.code(), Some(0), "{all}");
    assert_eq!(
        all.matches("PASSED: http.created-status").count(),
        3,
        "{all}"
    );
}
