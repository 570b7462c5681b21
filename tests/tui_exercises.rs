//! The Exercises screen without a terminal: `update` driven by keys, screens drawn to a
//! `TestBackend`; and end to end with a real lab, worker and store.

use backroad::course::Course;
use backroad::progress::Snapshot;
use backroad::tui::action::{Action, KeyContext, map_key};
use backroad::tui::app::{App, Tab};
use backroad::tui::ui;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::{Terminal, backend::TestBackend};

fn course() -> Course {
    Course::embedded().unwrap()
}

fn fresh() -> App {
    let mut app = App::new(course(), Snapshot::default(), (80, 24), true);
    app.lab_url = "http://127.0.0.1:7357".into();
    app.update(Action::ShowTab(Tab::Exercises));
    app.take_effects();
    app
}

fn screen(app: &App, w: u16, h: u16) -> String {
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

fn press(app: &mut App, code: KeyCode) {
    let k = KeyEvent::new(code, KeyModifiers::NONE);
    if let Some(a) = map_key(app.key_context(), k) {
        app.update(a);
    }
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

#[test]
fn look() {
    let mut app = fresh();
    assert_eq!(app.key_context(), KeyContext::Exercises);
    println!("{}", screen(&app, 80, 24));
    println!("{}", screen(&app, 120, 40));
    typed(&mut app, "/create");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    println!("{}", screen(&app, 80, 24));
    println!("{}", screen(&app, 120, 40));
}
