//! Helpers shared by the integration tests (each test file compiles this module on its own, so
//! not every helper is used everywhere).
//!
//! - [`bin`]: the one runner of the real binary, with a hermetic environment;
//! - [`lab`]: the one lab harness (a real lab on a free port, a client that does not follow
//!   redirects, the problem+json check);
//! - [`tui`]: the one TUI driver (keys through the keymap, screens drawn to a `TestBackend`);
//! - the fixture packs: `tests/fixtures/pack` (lessons) and `tests/fixtures/kinds` (one
//!   exercise of each kind, copied from the curriculum);
//! - [`FixtureServer`]: the Python tasks server learners' servers are checked like.
#![allow(dead_code)]

pub mod bin;
pub mod lab;
pub mod tui;

#[allow(unused_imports)]
pub use tui::screen;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

/// The lesson pack: three lessons in two phases, no exercises.
pub fn lesson_pack() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pack")
}

/// The exercise pack: one exercise of each kind (lab, quiz with choices, short-answer quiz,
/// server, sql on a tiny `shop`, git), the ones the TUI and checker tests use.
pub fn kinds_pack() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/kinds")
}

/// A pack in `dir` with one phase (`06-apis`), one lesson and one exercise file,
/// `exercises/06-apis/x.toml` (written again on each call).
pub fn exercise_pack(dir: &std::path::Path, exercise: &str) {
    std::fs::create_dir_all(dir.join("content/06-apis")).unwrap();
    std::fs::create_dir_all(dir.join("exercises/06-apis")).unwrap();
    std::fs::write(
        dir.join("content/course.toml"),
        "format_version = 1\ntitle = \"T\"\n[[phase]]\nid = \"06-apis\"\ntitle = \"APIs\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("content/06-apis/01-crud.md"),
        "+++\ntitle = \"CRUD\"\n+++\nBody.\n",
    )
    .unwrap();
    std::fs::write(dir.join("exercises/06-apis/x.toml"), exercise).unwrap();
}

/// The Python fixture tasks server (tests/fixtures/tasks_server.py) on a free port, with an
/// optional deliberate bug; killed when dropped.
pub struct FixtureServer {
    child: Child,
    pub url: String,
}

impl FixtureServer {
    pub fn start(bug: &str) -> FixtureServer {
        let mut child = Command::new("python3")
            .arg(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/fixtures/tasks_server.py"
            ))
            .args(["--port", "0", "--bug", bug])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("python3 runs the fixture server");
        let mut first = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut first)
            .expect("the fixture prints its port");
        let port = first
            .trim()
            .strip_prefix("PORT ")
            .unwrap_or_else(|| panic!("unexpected first line {first:?}"));
        FixtureServer {
            child,
            url: format!("http://127.0.0.1:{port}"),
        }
    }
}

impl Drop for FixtureServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
