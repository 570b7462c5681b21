//! What an instructor uses to write a pack, through the real binary: `help authoring`,
//! `course new`, `course add`, and `course test --reference/--mutant` with Python servers
//! written in the test's temporary folder.

mod common;

use common::bin::{backroad, run, stdout, text};
use std::path::Path;

fn python() -> bool {
    std::process::Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn code(o: &std::process::Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

/// `course new` into `dir`, asserting it worked.
fn scaffold(home: &Path, dir: &Path) {
    let out = run(backroad(home), &["course", "new", dir.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", text(&out));
}

#[test]
fn help_authoring_prints_the_guide_and_help_lists_the_topics() {
    let home = tempfile::tempdir().unwrap();
    let out = run(backroad(home.path()), &["help", "authoring"]);
    assert_eq!(code(&out), 0, "{}", text(&out));
    let guide = stdout(&out);
    assert_eq!(guide, include_str!("../docs/authoring.md"));
    assert!(guide.contains("## The assertion language"));

    let out = run(backroad(home.path()), &["help"]);
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).contains("authoring"), "{}", text(&out));

    // clap's own help still works, for commands and subcommands.
    let out = run(backroad(home.path()), &["help", "course", "test"]);
    assert_eq!(code(&out), 0, "{}", text(&out));
    assert!(stdout(&out).contains("--reference"), "{}", text(&out));
    let out = run(backroad(home.path()), &["--help"]);
    assert!(stdout(&out).contains("course"));

    let out = run(backroad(home.path()), &["help", "nonsense"]);
    assert_eq!(code(&out), 2);
    assert!(text(&out).contains("authoring"), "{}", text(&out));
}

#[test]
fn a_new_pack_validates_and_is_proven_as_is() {
    let home = tempfile::tempdir().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("my-course");
    scaffold(home.path(), &dir);
    let d = dir.to_str().unwrap();

    let out = run(backroad(home.path()), &["course", "validate", d]);
    assert_eq!(code(&out), 0, "{}", text(&out));
    assert!(
        stdout(&out).contains("1 phase, 1 lesson, 5 exercises"),
        "{}",
        text(&out)
    );
    // Every kind is there, each with its proof.
    for kind in ["quiz", "lab", "server", "sql", "git"] {
        let files: Vec<String> = std::fs::read_dir(dir.join("exercises/01-start"))
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .filter(|t| t.contains(&format!("kind = \"{kind}\"")))
            .collect();
        assert_eq!(files.len(), 1, "{kind}");
        assert!(files[0].contains("[proof") && files[0].contains("# required"));
    }
    if !python() {
        return;
    }
    let out = run(backroad(home.path()), &["course", "test", d]);
    assert_eq!(code(&out), 0, "{}", text(&out));
    assert!(
        stdout(&out).contains("5 exercises: 5 proven, 0 not proven, 0 skipped"),
        "{}",
        text(&out)
    );
}

#[test]
fn course_new_refuses_a_folder_that_is_not_empty() {
    let home = tempfile::tempdir().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
    let out = run(
        backroad(home.path()),
        &["course", "new", tmp.path().to_str().unwrap()],
    );
    assert_eq!(code(&out), 2);
    assert!(text(&out).contains("is not empty"), "{}", text(&out));
    assert_eq!(
        std::fs::read_dir(tmp.path()).unwrap().count(),
        1,
        "nothing was written"
    );
}

#[test]
fn course_add_adds_each_kind_and_the_pack_still_validates() {
    let home = tempfile::tempdir().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("pack");
    scaffold(home.path(), &dir);
    // A second phase, so the default (the last phase) and --phase differ.
    let course = dir.join("content/course.toml");
    let mut toml = std::fs::read_to_string(&course).unwrap();
    toml.push_str("\n[[phase]]\nid = \"02-more\"\ntitle = \"More\"\n");
    std::fs::write(&course, toml).unwrap();
    let d = dir.to_str().unwrap();

    for kind in ["quiz", "lab", "server", "sql", "git"] {
        let id = format!("more.{kind}-one");
        let out = run(
            backroad(home.path()),
            &["course", "add", d, "--kind", kind, &id],
        );
        assert_eq!(code(&out), 0, "{kind}: {}", text(&out));
        let file = dir.join(format!("exercises/02-more/{id}.toml"));
        let written = std::fs::read_to_string(&file).unwrap();
        assert!(written.contains(&format!("id = \"{id}\"")), "{written}");
        assert!(written.contains("phase = \"02-more\""), "{written}");
    }
    let out = run(
        backroad(home.path()),
        &[
            "course",
            "add",
            d,
            "--kind",
            "quiz",
            "first.quiz",
            "--phase",
            "01-start",
        ],
    );
    assert_eq!(code(&out), 0, "{}", text(&out));
    assert!(dir.join("exercises/01-start/first.quiz.toml").is_file());
    assert!(dir.join("references/more_server_one.py").is_file());

    let out = run(backroad(home.path()), &["course", "validate", d]);
    assert_eq!(code(&out), 0, "{}", text(&out));
    assert!(stdout(&out).contains("11 exercises"), "{}", text(&out));

    // A duplicate id, an unknown phase and a bad id are refused, and nothing is written.
    let out = run(
        backroad(home.path()),
        &["course", "add", d, "--kind", "lab", "more.quiz-one"],
    );
    assert_eq!(code(&out), 2);
    assert!(text(&out).contains("exists already"), "{}", text(&out));
    let out = run(
        backroad(home.path()),
        &[
            "course", "add", d, "--kind", "lab", "x.y", "--phase", "09-none",
        ],
    );
    assert_eq!(code(&out), 2);
    assert!(text(&out).contains("01-start, 02-more"), "{}", text(&out));
    let out = run(
        backroad(home.path()),
        &["course", "add", d, "--kind", "lab", "Bad Id"],
    );
    assert_eq!(code(&out), 2);
    assert!(
        text(&out).contains("not a usable exercise id"),
        "{}",
        text(&out)
    );

    if python() {
        let out = run(
            backroad(home.path()),
            &["course", "test", d, "--only", "more."],
        );
        assert_eq!(code(&out), 0, "{}", text(&out));
        assert!(stdout(&out).contains("5 proven"), "{}", text(&out));
    }
}

/// A pack with one server exercise and no proof of its own, and a server in the test's folder.
fn reference_pack(root: &Path) {
    let files = [
        (
            "content/course.toml",
            "format_version = 1\ntitle = \"T\"\n[[phase]]\nid = \"01-x\"\ntitle = \"X\"\n",
        ),
        ("content/01-x/01-a.md", "+++\ntitle = \"A\"\n+++\nText.\n"),
        (
            "exercises/01-x/ping.toml",
            "format_version = 1\nid = \"x.ping\"\ntitle = \"Ping\"\nphase = \"01-x\"\n\
             kind = \"server\"\nprompt = \"Answer pong.\"\n\n[[step]]\nname = \"ping\"\n\
             request = { method = \"GET\", path = \"/ping\" }\n\
             asserts = ['status == 200', 'jsonpath \"$.pong\" == true']\n",
        ),
    ];
    for (path, body) in files {
        let p = root.join("pack").join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, body).unwrap();
    }
    std::fs::write(
        root.join("server.py"),
        r#"import json, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
BUG = sys.argv[2] if len(sys.argv) > 2 else ""
class H(BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({"pong": BUG != "wrong"}).encode()
        self.send_response(500 if BUG == "crash" else 200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a):
        pass
ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
"#,
    )
    .unwrap();
}

#[test]
fn a_reference_server_proves_the_server_exercises_and_mutants_must_be_caught() {
    if !python() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    reference_pack(tmp.path());
    let course_test = |extra: &[&str]| {
        let mut cmd = backroad(home.path());
        cmd.current_dir(tmp.path());
        let mut args = vec!["course", "test", "pack"];
        args.extend_from_slice(extra);
        run(cmd, &args)
    };

    // Without a reference the exercise has no proof.
    let out = course_test(&[]);
    assert_eq!(code(&out), 1, "{}", text(&out));
    assert!(text(&out).contains("NOT PROVEN  x.ping"), "{}", text(&out));

    // A good reference (run from the current folder) proves it; a mutant is caught.
    let out = course_test(&[
        "--reference",
        "python3 server.py {port}",
        "--mutant",
        "python3 server.py {port} wrong",
    ]);
    assert_eq!(code(&out), 0, "{}", text(&out));
    let report = stdout(&out);
    assert!(
        report.contains("proven      x.ping (server, 1 proof)"),
        "{report}"
    );
    assert!(
        report.contains(
            "caught      mutant `python3 server.py {port} wrong`: x.ping fails at step \"ping\""
        ),
        "{report}"
    );
    assert!(
        report.contains("1 mutant: 1 caught, 0 not caught"),
        "{report}"
    );

    // A broken reference is named with the step and the assertion it fails.
    let out = course_test(&["--reference", "python3 server.py {port} crash"]);
    assert_eq!(code(&out), 1, "{}", text(&out));
    let report = stdout(&out);
    assert!(report.contains("NOT PROVEN  x.ping (server)"), "{report}");
    assert!(
        report.contains("--reference `python3 server.py {port} crash` should pass, but fails"),
        "{report}"
    );

    // A mutant no step notices, and one that never starts, are not caught: exit 1.
    let out = course_test(&[
        "--reference",
        "python3 server.py {port}",
        "--mutant",
        "python3 server.py {port} harmless",
        "--mutant",
        "python3 no-such-file.py {port}",
        "--json",
    ]);
    assert_eq!(code(&out), 1, "{}", text(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["ok"], false);
    assert_eq!(json["mutants"][0]["status"], "not_caught", "{json}");
    assert_eq!(json["mutants"][1]["status"], "broken", "{json}");
    assert_eq!(json["exercises"][0]["cases"][0]["expect"], "reference");

    // A pack without server exercises cannot take a reference: exit 2.
    let out = course_test(&[
        "--only",
        "nothing",
        "--reference",
        "python3 server.py {port}",
    ]);
    assert_eq!(code(&out), 2, "{}", text(&out));
    assert!(text(&out).contains("no"), "{}", text(&out));
}
