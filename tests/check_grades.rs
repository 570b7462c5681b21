//! Correct grades for server exercises, through the real binary against a small scripted
//! server on 127.0.0.1: `url =` steps obey the loopback rule, a capture is usable in its own
//! step's assertions, an undefined `{{variable}}` is a broken exercise (exit 2, never a learner's
//! failure), and a server that answered and then hangs fails the step (exit 1, not 3).

mod common;
use common::bin::text;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::process::Output;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A server on a free port: `/code` answers `{"code": "abc123", "echo": "abc123", "host":
/// "192.0.2.10"}`, `/slow` reads the request and never answers, anything else (the probe's
/// HEAD) gets `200`. It keeps the request lines it was sent.
struct Scripted {
    url: String,
    seen: Arc<Mutex<Vec<String>>>,
}

impl Scripted {
    fn start() -> Scripted {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        std::thread::spawn(move || {
            for conn in listener.incoming().flatten() {
                let log = Arc::clone(&log);
                std::thread::spawn(move || {
                    let mut reader = BufReader::new(conn.try_clone().unwrap());
                    let mut first = String::new();
                    let _ = reader.read_line(&mut first);
                    let mut line = String::new();
                    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                        line.clear();
                    }
                    let first = first.trim().to_string();
                    log.lock().unwrap().push(first.clone());
                    let body = if first.starts_with("GET /slow") {
                        std::thread::sleep(Duration::from_secs(60));
                        return;
                    } else if first.starts_with("GET /code") {
                        r#"{"code": "abc123", "echo": "abc123", "host": "192.0.2.10"}"#
                    } else {
                        "{}"
                    };
                    let mut conn = conn;
                    let _ = write!(
                        conn,
                        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                        body.len()
                    );
                });
            }
        });
        Scripted { url, seen }
    }

    /// The request lines sent by the steps (not the probe's `HEAD`).
    fn steps_seen(&self) -> Vec<String> {
        let seen = self.seen.lock().unwrap();
        seen.iter()
            .filter(|l| !l.starts_with("HEAD "))
            .cloned()
            .collect()
    }
}

const HEAD: &str = "format_version = 1\nid = \"x.grade\"\ntitle = \"X\"\nphase = \"06-apis\"\nkind = \"server\"\nprompt = \"p\"\n\n";

/// `backroad check x.grade --target URL` on a pack holding only `steps`.
fn check(steps: &str, target: &str, extra: &[&str]) -> Output {
    let home = tempfile::tempdir().unwrap();
    let pack = tempfile::tempdir().unwrap();
    common::exercise_pack(pack.path(), &format!("{HEAD}{steps}"));
    let mut args = vec!["--plain", "check", "x.grade", "--target", target];
    args.extend(extra);
    common::bin::run(common::bin::backroad_on(home.path(), pack.path()), &args)
}

#[test]
fn a_url_step_off_this_machine_is_refused_before_anything_is_sent() {
    let server = Scripted::start();
    let steps = "[[step]]\nname = \"get the code\"\nrequest = { method = \"GET\", path = \"/code\" }\nasserts = ['status == 200']\n\n[[step]]\nname = \"send it away\"\nrequest = { method = \"GET\", url = \"http://192.0.2.10/steal\", timeout = \"1s\" }\nasserts = ['status == 200']\n";
    let out = check(steps, &server.url, &[]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(2), "{t}");
    assert!(t.contains("exercises/06-apis/x.toml:13"), "{t}");
    assert!(t.contains("step 2 \"send it away\""), "{t}");
    assert!(
        t.contains("192.0.2.10") && t.contains("not on this machine"),
        "{t}"
    );
    assert!(t.contains("--allow-remote"), "{t}");
    assert_eq!(
        server.steps_seen(),
        Vec::<String>::new(),
        "nothing was sent"
    );

    // A host known only at run time (captured) is refused before that step is sent.
    let captured = "[[step]]\nname = \"get the host\"\nrequest = { method = \"GET\", path = \"/code\" }\ncaptures = { host = 'jsonpath \"$.host\"' }\nasserts = ['status == 200']\n\n[[step]]\nname = \"follow it\"\nrequest = { method = \"GET\", url = \"http://{{host}}/x\", timeout = \"1s\" }\n";
    let out = check(captured, &server.url, &[]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(2), "{t}");
    assert!(
        t.contains("step 2 \"follow it\"") && t.contains("not on this machine"),
        "{t}"
    );

    // A url on this machine is fine.
    let local = steps.replace("http://192.0.2.10/steal", &format!("{}/code", server.url));
    let out = check(&local, &server.url, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

#[test]
fn a_capture_is_usable_in_its_own_steps_asserts() {
    let server = Scripted::start();
    let steps = "[[step]]\nname = \"code\"\nrequest = { method = \"GET\", path = \"/code\" }\ncaptures = { code = 'jsonpath \"$.code\"' }\nasserts = ['jsonpath \"$.echo\" == \"{{code}}\"']\n\n[[step]]\nname = \"use it\"\nrequest = { method = \"GET\", path = \"/code/{{code}}\" }\nasserts = ['jsonpath \"$.code\" == \"{{code}}\"']\n";
    let out = check(steps, &server.url, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        server
            .steps_seen()
            .contains(&"GET /code/abc123 HTTP/1.1".to_string()),
        "{:?}",
        server.steps_seen()
    );
}

#[test]
fn an_undefined_variable_is_a_broken_exercise_not_a_failure() {
    let server = Scripted::start();
    // In an assert: `!=` against the literal text would always pass.
    let assert = "[[step]]\nname = \"compare\"\nrequest = { method = \"GET\", path = \"/code\" }\ncaptures = { code = 'jsonpath \"$.code\"' }\nasserts = ['jsonpath \"$.echo\" != \"{{cdoe}}\"']\n";
    let out = check(assert, &server.url, &[]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(2), "{t}");
    assert!(
        t.contains("exercises/06-apis/x.toml:12"),
        "the assert's line: {t}"
    );
    assert!(t.contains("{{cdoe}}"), "{t}");
    assert!(!t.contains("passed"), "{t}");

    // In a request: the learner is not blamed (that was exit 1).
    let request = "[[step]]\nname = \"fetch\"\nrequest = { method = \"GET\", path = \"/code/{{id}}\" }\nasserts = ['status == 200']\n";
    let out = check(request, &server.url, &[]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(2), "{t}");
    assert!(t.contains("exercises/06-apis/x.toml:10"), "{t}");
    assert!(t.contains("{{id}}"), "{t}");
    assert_eq!(
        server.steps_seen(),
        Vec::<String>::new(),
        "nothing was sent"
    );
}

#[test]
fn a_server_that_answered_and_then_hangs_fails_the_step() {
    let server = Scripted::start();
    let steps = "[[step]]\nname = \"answers\"\nrequest = { method = \"GET\", path = \"/code\" }\nasserts = ['status == 200']\n\n[[step]]\nname = \"hangs\"\nrequest = { method = \"GET\", path = \"/slow\", timeout = \"1s\" }\nasserts = ['status == 200']\n";
    let out = check(steps, &server.url, &[]);
    let t = text(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a failure of the step, not unreachable: {t}"
    );
    assert!(t.contains("no answer within 1 s"), "{t}");
    assert!(t.contains("hangs"), "{t}");
}
