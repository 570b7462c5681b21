//! Helpers shared by the integration tests (each test file compiles this module on its own, so
//! not every helper is used everywhere).
#![allow(dead_code)]

use backroad::tui::app::App;
use backroad::tui::ui;
use ratatui::{Terminal, backend::TestBackend};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// The screen as text: the app drawn to a `w`×`h` `TestBackend`, trailing spaces trimmed.
pub fn screen(app: &App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| ui::draw(f, app)).unwrap();
    let buf = t.backend().buffer();
    (0..buf.area.height)
        .map(|y| {
            let line: String = (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect();
            line.trim_end().to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
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
