//! The TUI driver: keys through the real keymap into `update`, and the screen drawn to a
//! `TestBackend` as text.

use backroad::course::Course;
use backroad::tui::action::map_key;
use backroad::tui::app::{App, Effect};
use backroad::tui::ui;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::{Terminal, backend::TestBackend};

/// A course loaded from a fixture pack folder.
pub fn course(pack: &std::path::Path) -> Course {
    Course::from_dir(pack).unwrap()
}

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

/// A key as the keymap reads it in the app's current context, applied.
pub fn press(app: &mut App, key: KeyEvent) {
    if let Some(a) = map_key(app.key_context(), key) {
        app.update(a);
    }
}

/// A key without modifiers.
pub fn code(app: &mut App, c: KeyCode) {
    press(app, KeyEvent::new(c, KeyModifiers::NONE));
}

/// A character key.
pub fn ch(app: &mut App, c: char) {
    code(app, KeyCode::Char(c));
}

/// Ctrl and a character.
pub fn ctrl(app: &mut App, c: char) {
    press(app, KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

/// Text typed key by key; a newline is Enter.
pub fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        if c == '\n' {
            code(app, KeyCode::Enter);
        } else {
            ch(app, c);
        }
    }
}

/// Run the queued SQL jobs the way the loop does (here, on this thread), and hand back their
/// answers. Returns the other effects.
pub fn settle_sql(app: &mut App) -> Vec<Effect> {
    let mut other = Vec::new();
    loop {
        let effects = app.take_effects();
        if effects.is_empty() {
            return other;
        }
        for e in effects {
            match e {
                Effect::Sql(job) => {
                    let done = backroad::tui::sql::run_job(job);
                    app.on_event(backroad::tui::worker::AppEvent::Sql(Box::new(done)));
                }
                e => other.push(e),
            }
        }
    }
}
