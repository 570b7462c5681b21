//! `backroad course test`, `backroad starter` and git checks, through the real binary: private
//! labs on port 0, real git, real Python servers.

use std::path::Path;
use std::process::{Command, Output};

fn backroad(home: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_backroad"));
    c.env("BACKROAD_HOME", home)
        .env_remove("BACKROAD_COURSE")
        .env("NO_COLOR", "1");
    c
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

const COURSE: &str = "format_version = 1\ntitle = \"T\"\n[[phase]]\nid = \"01-x\"\ntitle = \"X\"\n";

/// A pack in a temp folder with these exercise files.
fn pack(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("content/01-x")).unwrap();
    std::fs::write(root.join("content/course.toml"), COURSE).unwrap();
    std::fs::write(
        root.join("content/01-x/01-a.md"),
        "+++\ntitle = \"A\"\n+++\nText.\n",
    )
    .unwrap();
    for (path, body) in files {
        let p = root.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, body).unwrap();
    }
    dir
}

const HEAD: &str = "format_version = 1\ntitle = \"E\"\nphase = \"01-x\"\nprompt = \"p\"\n";

#[test]
fn the_shipped_course_is_proven_and_every_exercise_is_named() {
    let home = tempfile::tempdir().unwrap();
    let out = backroad(home.path())
        .args(["course", "test", "--json"])
        .output()
        .unwrap();
    let report: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&out)));
    let listed = backroad(home.path())
        .args(["exercises", "--json"])
        .output()
        .unwrap();
    let not_proven: Vec<String> = report["exercises"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["status"] != "proven")
        .map(|e| e.to_string())
        .collect();
    assert!(
        out.status.success() && not_proven.is_empty(),
        "{not_proven:#?}"
    );
    let count = report["exercises"].as_array().unwrap().len();
    if listed.status.success()
        && let Ok(v) = serde_json::from_slice::<serde_json::Value>(&listed.stdout)
        && let Some(all) = v.as_array().or_else(|| v["exercises"].as_array())
    {
        assert_eq!(
            count,
            all.len(),
            "every exercise is in the course test report"
        );
    }
    assert!(count >= 17);
}

#[test]
fn a_proof_that_goes_the_wrong_way_is_named_with_its_line() {
    let lab = format!(
        "{HEAD}id = \"x.lab\"\nkind = \"lab\"\n[[expect]]\nasserts = ['request.method == \"POST\"', 'request.path == \"/post\"']\n\n[[proof.pass]]\nname = \"a POST\"\nsend = [ {{ request = {{ method = \"POST\", path = \"/post\", json = {{ a = 1 }} }} }} ]\n\n[[proof.fail]]\nwhy = \"this one passes, so the proof is wrong\"\nsend = [ {{ request = {{ method = \"POST\", path = \"/post\" }} }} ]\n"
    );
    let quiz = format!(
        "{HEAD}id = \"x.quiz\"\nkind = \"quiz\"\n[quiz]\nquestion = \"?\"\nchoices = [\"a\", \"b\"]\nanswer = \"a\"\n[proof]\npass = [\"b\"]\nfail = [\"a\"]\n"
    );
    let none = format!(
        "{HEAD}id = \"x.none\"\nkind = \"quiz\"\n[quiz]\nquestion = \"?\"\nanswer = \"a\"\n"
    );
    let dir = pack(&[
        ("exercises/01-x/lab.toml", &lab),
        ("exercises/01-x/quiz.toml", &quiz),
        ("exercises/01-x/none.toml", &none),
    ]);
    let home = tempfile::tempdir().unwrap();
    let out = backroad(home.path())
        .args(["course", "test"])
        .arg(dir.path())
        .output()
        .unwrap();
    let shown = text(&out);
    assert_eq!(out.status.code(), Some(1), "{shown}");
    assert!(shown.contains("NOT PROVEN  x.lab (lab)"), "{shown}");
    assert!(
        shown.contains("exercises/01-x/lab.toml:14: fail \"this one passes, so the proof is wrong\" should fail, but the exercise accepts it"),
        "{shown}"
    );
    assert!(
        shown.contains("exercises/01-x/quiz.toml:12: pass \"b\" should pass"),
        "{shown}"
    );
    assert!(
        shown.contains("exercises/01-x/quiz.toml:13: fail \"a\" should fail"),
        "{shown}"
    );
    assert!(shown.contains("NOT PROVEN  x.none (quiz)"), "{shown}");
    assert!(shown.contains("no [proof]"), "{shown}");
    assert!(
        shown.contains("3 exercises: 0 proven, 3 not proven"),
        "{shown}"
    );
}

#[test]
fn validation_names_proof_and_why_mistakes_with_their_lines() {
    let quiz = format!(
        "{HEAD}id = \"x.quiz\"\nkind = \"quiz\"\n[quiz]\nquestion = \"?\"\nchoices = [\"a\", \"b\"]\nanswer = \"a\"\n[quiz.why]\n\"c\" = \"no such choice\"\n[proof]\npass = [\"a\"]\nfail = [\"z\"]\n"
    );
    let git = format!(
        "{HEAD}id = \"x.git\"\nkind = \"git\"\n[git]\nasserts = ['commits >= 1', 'stash \"x\"']\n[[proof.pass]]\nname = \"p\"\nsteps = [ {{ git = [\"push\"] }} ]\n"
    );
    let dir = pack(&[
        ("exercises/01-x/quiz.toml", &quiz),
        ("exercises/01-x/git.toml", &git),
        ("starters/x.quiz/python/server.py", "print()\n"),
    ]);
    let home = tempfile::tempdir().unwrap();
    let out = backroad(home.path())
        .args(["course", "validate"])
        .arg(dir.path())
        .output()
        .unwrap();
    let shown = text(&out);
    assert_eq!(out.status.code(), Some(2), "{shown}");
    for expected in [
        "exercises/01-x/quiz.toml:12:1: [quiz.why] \"c\" is not one of the choices",
        "exercises/01-x/quiz.toml:15:1: proof fail \"z\" is not one of the choices",
        "exercises/01-x/git.toml:8:28: git assertion `stash \"x\"` does not parse",
        "exercises/01-x/git.toml:9:1: [proof] needs at least one fail",
        "exercises/01-x/git.toml:9:1: git push is not allowed in a proof",
        "starters/x.quiz/python: is a starter for",
    ] {
        assert!(shown.contains(expected), "missing {expected:?} in\n{shown}");
    }
}

fn git(dir: &Path, args: &[&str]) {
    let st = Command::new("git")
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .args(["-c", "user.name=T", "-c", "user.email=t@example.com"])
        .args(args)
        .output()
        .unwrap();
    assert!(st.status.success(), "git {args:?}: {}", text(&st));
}

const GIT_EXERCISE: &str = "id = \"git.branch-merge\"\nkind = \"git\"\n[git]\nasserts = [\n  'commits >= 2',\n  'branch \"feature\" exists',\n  'merged \"feature\" into \"main\"',\n  'file \"notes.txt\" at \"feature\" contains \"idea\"',\n  'ignored \"secret.env\"',\n  'not tracked \"secret.env\"',\n  'head.message matches /^[A-Z]/',\n  'current_branch == \"main\"',\n  'clean',\n]\n\n[[proof.pass]]\nname = \"branch, commit, merge back\"\nsteps = [\n  { write = { \"README.md\" = \"# R\\n\", \".gitignore\" = \"*.env\\n\" } },\n  { git = [\"add\", \".\"] },\n  { git = [\"commit\", \"-m\", \"Start\"] },\n  { git = [\"switch\", \"-c\", \"feature\"] },\n  { write = { \"notes.txt\" = \"an idea\\n\" } },\n  { git = [\"add\", \"notes.txt\"] },\n  { git = [\"commit\", \"-m\", \"Add notes\"] },\n  { git = [\"switch\", \"main\"] },\n  { git = [\"merge\", \"feature\"] },\n]\n\n[[proof.fail]]\nwhy = \"the branch is never merged\"\nsteps = [\n  { write = { \"README.md\" = \"# R\\n\", \".gitignore\" = \"*.env\\n\" } },\n  { git = [\"add\", \".\"] },\n  { git = [\"commit\", \"-m\", \"Start\"] },\n  { git = [\"switch\", \"-c\", \"feature\"] },\n  { write = { \"notes.txt\" = \"an idea\\n\" } },\n  { git = [\"add\", \"notes.txt\"] },\n  { git = [\"commit\", \"-m\", \"Add notes\"] },\n  { git = [\"switch\", \"main\"] },\n]\n";

#[test]
fn git_exercises_check_a_real_repository_and_their_proofs_build_one() {
    let dir = pack(&[("exercises/01-x/git.toml", &format!("{HEAD}{GIT_EXERCISE}"))]);
    let home = tempfile::tempdir().unwrap();
    let out = backroad(home.path())
        .args(["course", "test"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("proven      git.branch-merge (git, 2 proofs)"));

    // A learner's repository, checked with --repo: not merged yet, then merged.
    let repo = tempfile::tempdir().unwrap();
    let r = repo.path();
    git(r, &["init", "-q", "--initial-branch=main"]);
    // A hook that would leave a mark if backroad ever ran it.
    std::fs::write(
        r.join(".git/hooks/post-checkout"),
        "#!/bin/sh\ntouch HOOK_RAN\n",
    )
    .unwrap();
    std::fs::write(r.join("README.md"), "# R\n").unwrap();
    std::fs::write(r.join(".gitignore"), "*.env\n").unwrap();
    std::fs::write(r.join("secret.env"), "KEY=1\n").unwrap();
    git(r, &["add", "README.md", ".gitignore"]);
    git(r, &["commit", "-q", "-m", "Start"]);
    git(r, &["switch", "-q", "-c", "feature"]);
    std::fs::write(r.join("notes.txt"), "an idea\n").unwrap();
    git(r, &["add", "notes.txt"]);
    git(r, &["commit", "-q", "-m", "Add notes"]);
    git(r, &["switch", "-q", "main"]);
    let _ = std::fs::remove_file(r.join("HOOK_RAN"));
    let check = |home: &Path| {
        backroad(home)
            .arg("--course")
            .arg(dir.path())
            .args(["check", "git.branch-merge", "--repo"])
            .arg(r)
            .output()
            .unwrap()
    };
    let out = check(home.path());
    let shown = text(&out);
    assert_eq!(out.status.code(), Some(1), "{shown}");
    assert!(
        shown.contains("FAIL merged \"feature\" into \"main\""),
        "{shown}"
    );
    assert!(
        shown.contains("main does not contain the tip of feature"),
        "{shown}"
    );
    git(r, &["merge", "-q", "feature"]);
    let out = check(home.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(!r.join("HOOK_RAN").exists(), "backroad ran a hook");
    // A folder that is not a repository says so.
    let empty = tempfile::tempdir().unwrap();
    let out = backroad(home.path())
        .arg("--course")
        .arg(dir.path())
        .args(["check", "git.branch-merge", "--repo"])
        .arg(empty.path())
        .output()
        .unwrap();
    assert!(
        text(&out).contains("is not a Git repository"),
        "{}",
        text(&out)
    );
}

#[test]
fn a_starter_is_written_once_and_says_how_to_run_and_check_it() {
    let home = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let out = backroad(home.path())
        .current_dir(work.path())
        .args(["starter", "build.tasks-api"])
        .output()
        .unwrap();
    let shown = text(&out);
    assert!(out.status.success(), "{shown}");
    assert!(work.path().join("build.tasks-api/server.py").is_file());
    assert!(shown.contains("python3 server.py 8000"), "{shown}");
    assert!(
        shown.contains("backroad check build.tasks-api --target http://127.0.0.1:8000"),
        "{shown}"
    );
    let again = backroad(home.path())
        .current_dir(work.path())
        .args(["starter", "build.tasks-api"])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(text(&again).contains("--force"), "{}", text(&again));
    let forced = backroad(home.path())
        .current_dir(work.path())
        .args(["starter", "build.tasks-api", "--force"])
        .output()
        .unwrap();
    assert!(forced.status.success());
    let quiz = backroad(home.path())
        .args(["starter", "http.idempotent"])
        .output()
        .unwrap();
    assert_eq!(quiz.status.code(), Some(2));
}

#[test]
fn a_wrong_quiz_choice_shows_its_why() {
    let quiz = format!(
        "{HEAD}id = \"x.quiz\"\nkind = \"quiz\"\n[quiz]\nquestion = \"?\"\nchoices = [\"201 Created\", \"200 OK\"]\nanswer = \"201 Created\"\n[quiz.why]\n\"200 OK\" = \"200 does not say something new exists.\"\n[proof]\npass = [\"201 Created\"]\nfail = [\"200 OK\"]\n"
    );
    let dir = pack(&[("exercises/01-x/quiz.toml", &quiz)]);
    let home = tempfile::tempdir().unwrap();
    let out = backroad(home.path())
        .arg("--course")
        .arg(dir.path())
        .args(["check", "x.quiz", "--answer", "200 ok"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("200 does not say something new exists."),
        "{}",
        text(&out)
    );
}

#[test]
fn server_proofs_run_the_pack_program_and_name_the_step_it_fails_at() {
    let root = env!("CARGO_MANIFEST_DIR");
    let exercise = std::fs::read_to_string(format!(
        "{root}/exercises/06-apis/build-tasks-api.toml"
    ))
    .unwrap()
    .replace("phase = \"06-apis\"", "phase = \"01-x\"")
    .replace(
        "fails_at = \"deleted means gone\"",
        "fails_at = \"delete it\"",
    ) + "\n[[proof.pass]]\nname = \"a program that is not installed\"\nrun = \"no-such-program-here {port}\"\n";
    let exercise = exercise
        .lines()
        .filter(|l| !l.starts_with("lesson ="))
        .collect::<Vec<_>>()
        .join("\n");
    let reference = std::fs::read_to_string(format!("{root}/references/tasks_api.py")).unwrap();
    let dir = pack(&[
        ("exercises/01-x/tasks.toml", &exercise),
        ("references/tasks_api.py", &reference),
    ]);
    let home = tempfile::tempdir().unwrap();
    let out = backroad(home.path())
        .args(["course", "test"])
        .arg(dir.path())
        .output()
        .unwrap();
    let shown = text(&out);
    assert_eq!(out.status.code(), Some(1), "{shown}");
    assert!(
        shown.contains("fails at step \"deleted means gone\", but it should fail at \"delete it\""),
        "{shown}"
    );
    assert!(
        shown.contains("skipped: `no-such-program-here` is not installed here"),
        "{shown}"
    );
    // Every other case went the right way.
    assert_eq!(shown.matches("should").count(), 1, "{shown}");
}
