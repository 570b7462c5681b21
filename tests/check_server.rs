//! `backroad check build.tasks-api` against a real Python server (tests/fixtures/tasks_server.py),
//! correct and with deliberate bugs, and the ways a target can fail to answer.

mod common;
use common::FixtureServer;
use common::bin::stdout;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::{Command, Output};

/// The binary on the exercise pack.
fn backroad(home: &std::path::Path, args: &[&str]) -> Output {
    common::bin::run(common::bin::backroad_on(home, &common::kinds_pack()), args)
}

fn check(home: &std::path::Path, target: &str) -> Output {
    backroad(
        home,
        &["--plain", "check", "build.tasks-api", "--target", target],
    )
}

#[test]
fn a_correct_server_passes_and_the_attempt_is_recorded() {
    let home = tempfile::tempdir().unwrap();
    let server = FixtureServer::start("");
    let out = check(home.path(), &server.url);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("PASSED: build.tasks-api"), "{text}");
    assert!(text.contains("9. deleted means gone"), "{text}");
    assert!(text.contains("Why it works"), "{text}");

    let list = backroad(home.path(), &["exercises", "--phase", "06-apis", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let tasks = v["exercises"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "build.tasks-api")
        .unwrap();
    assert_eq!(tasks["status"], "passed");
    assert_eq!(tasks["kind"], "server");

    let report = backroad(home.path(), &["report", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
    let row = v["exercises"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "build.tasks-api")
        .unwrap();
    assert_eq!(
        (row["attempts"].as_u64(), row["passed"].as_bool()),
        (Some(1), Some(true))
    );
}

/// Each bug is caught, and the report names the step that caught it.
#[test]
fn buggy_servers_fail_naming_the_step() {
    let cases = [
        (
            "create-200",
            "2. create a task",
            "status == 201",
            "integer 200",
        ),
        (
            "no-completed",
            "2. create a task",
            "jsonpath \"$.completed\" == false",
            "nothing",
        ),
        (
            "missing-200",
            "5. a missing task is 404",
            "status == 404",
            "integer 200",
        ),
        (
            "bad-json-500",
            "6. a body that is not JSON is refused",
            "status == 400",
            "integer 500",
        ),
    ];
    let home = tempfile::tempdir().unwrap();
    for (bug, step, assertion, actual) in cases {
        let server = FixtureServer::start(bug);
        let out = check(home.path(), &server.url);
        let text = stdout(&out);
        assert_eq!(out.status.code(), Some(1), "{bug}: {text}");
        assert!(
            text.contains(&format!(
                "FAIL {step}  (exercises/06-apis/build-tasks-api.toml:"
            )),
            "{bug}: {text}"
        );
        assert!(text.contains(&format!("FAIL {assertion}")), "{bug}: {text}");
        assert!(
            text.contains(&format!("actual:   {actual}")),
            "{bug}: {text}"
        );
        assert!(
            text.contains("curl -i"),
            "{bug}: the request to paste: {text}"
        );
        assert!(text.contains("hint:"), "{bug}: {text}");
    }
}

#[test]
fn json_and_junit_reports_describe_the_failure() {
    let home = tempfile::tempdir().unwrap();
    let server = FixtureServer::start("create-200");
    let junit = home.path().join("report.xml");
    let out = backroad(
        home.path(),
        &[
            "check",
            "build.tasks-api",
            "--target",
            &server.url,
            "--json",
            "--name",
            "Tester",
            "--junit",
            junit.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    assert_eq!(v["verdict"], "failed");
    assert_eq!(v["steps"][1]["name"], "create a task");
    assert_eq!(v["steps"][1]["status"], "failed");
    let status = &v["steps"][1]["asserts"][0];
    assert_eq!(status["expected"], "== integer 201");
    assert_eq!(status["actual"], "integer 200");
    assert_eq!(
        v["steps"][1]["asserts"][1]["status"], "skipped",
        "body checks skipped after a wrong status"
    );
    assert_eq!(v["steps"][2]["status"], "skipped");

    // Parse the JUnit file back with a real XML parser.
    let script = r#"
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
suite = root.find("testsuite")
print(suite.get("name"), suite.get("tests"), suite.get("failures"), suite.get("skipped"))
for case in suite.findall("testcase"):
    kind = "failure" if case.find("failure") is not None else "skipped" if case.find("skipped") is not None else "ok"
    msg = case.find("failure").get("message") if kind == "failure" else ""
    print(kind, case.get("name"), msg, sep="|")
"#;
    let parsed = Command::new("python3")
        .args(["-c", script, junit.to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&parsed.stdout);
    assert!(
        parsed.status.success(),
        "{}",
        String::from_utf8_lossy(&parsed.stderr)
    );
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0], "Tester 9 1 7",
        "the suite is named after the learner"
    );
    assert_eq!(lines[1], "ok|1. list tasks|");
    assert_eq!(lines[2], "failure|2. create a task|status == 201");
    assert_eq!(lines[3], "skipped|3. fetch it back|");
    assert_eq!(lines.len(), 10);
}

#[test]
fn a_port_with_nothing_listening_exits_3_and_says_so() {
    let home = tempfile::tempdir().unwrap();
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let junit = home.path().join("unreachable.xml");
    let out = backroad(
        home.path(),
        &[
            "--plain",
            "check",
            "build.tasks-api",
            "--target",
            &format!("http://127.0.0.1:{port}"),
            "--junit",
            junit.to_str().unwrap(),
        ],
    );
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(3), "{text}");
    assert!(text.contains("nothing is listening"), "{text}");
    assert!(text.contains("connection refused"), "{text}");
    assert!(
        text.contains("Start your server"),
        "the exercise's start hint: {text}"
    );

    // CI sees one errored test case, not an empty suite.
    let script = "import sys, xml.etree.ElementTree as ET\nr = ET.parse(sys.argv[1]).getroot()\ns = r.find('testsuite')\nprint(s.get('tests'), s.get('errors'), s.find('testcase/error').get('message'))";
    let parsed = Command::new("python3")
        .args(["-c", script, junit.to_str().unwrap()])
        .output()
        .unwrap();
    let line = String::from_utf8_lossy(&parsed.stdout);
    assert!(
        line.starts_with("1 1 not checked: nothing is listening"),
        "{line}"
    );
}

#[test]
fn something_that_is_not_http_is_named() {
    let home = tempfile::tempdir().unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for conn in listener.incoming().flatten() {
            let mut conn = conn;
            let _ = conn.write_all(b"SSH-2.0-OpenSSH_9.6\r\n");
            let mut sink = [0u8; 256];
            let _ = conn.read(&mut sink);
        }
    });
    let out = check(home.path(), &format!("http://127.0.0.1:{port}"));
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(3), "{text}");
    assert!(text.contains("did not answer in HTTP"), "{text}");
    assert!(text.contains("SSH-2.0"), "{text}");
}

#[test]
fn remote_targets_are_refused_unless_allowed() {
    let home = tempfile::tempdir().unwrap();
    let out = check(home.path(), "http://192.0.2.10:8000");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("not on this machine") && err.contains("--allow-remote"),
        "{err}"
    );

    let out = check(home.path(), "127.0.0.1:8000");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("http://"));
}
