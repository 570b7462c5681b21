//! How long a frame takes to draw: the largest lesson in `content/` and the Lab screen holding a
//! 100 KB JSON response, at 120×40 and 80×24, plus keypress-to-frame (update + draw for a
//! scroll key). An empty frame drawn in the same run is the baseline. The goal is 16 ms.
//!
//! Run with `cargo bench --bench frame` (add `--profile dev` to skip the optimised build; the
//! figures are then an upper bound).

use backroad::course::Course;
use backroad::exchange::Received;
use backroad::progress::Snapshot;
use backroad::tui::action::Action;
use backroad::tui::app::{App, Effect, Tab};
use backroad::tui::lab::viewer::Viewer;
use backroad::tui::ui;
use backroad::tui::worker::AppEvent;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::{Terminal, backend::TestBackend};
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

const SIZES: [(u16, u16); 2] = [(120, 40), (80, 24)];
const RUNS: usize = 300;

fn main() {
    let course = Course::from_dir(Path::new(env!("CARGO_MANIFEST_DIR"))).expect("content/ loads");
    let (index, lesson) = course
        .lessons()
        .enumerate()
        .max_by_key(|(_, l)| l.body.len())
        .map(|(i, l)| (i, (l.id.clone(), l.body.len())))
        .expect("the course has lessons");
    let body = big_json();
    println!(
        "largest lesson: {} ({} bytes); lab response: {} bytes of JSON; {RUNS} runs each",
        lesson.0,
        lesson.1,
        body.len()
    );
    let answer = Received {
        status: 200,
        headers: vec![("content-type".into(), "application/json".into())],
        body: body.into_bytes(),
        duration: Duration::from_millis(3),
    };
    let build = stats((0..20).map(|_| time(|| Viewer::for_result(&Ok(answer.clone())))));
    println!(
        "once per answer: parse + pretty-print into viewer rows  mean {:>9.3?}  median {:>9.3?}",
        build.0, build.1
    );
    println!();
    println!(
        "{:<44} {:>10} {:>10} {:>10}",
        "per frame", "size", "mean", "median"
    );
    for (w, h) in SIZES {
        let mut term = Terminal::new(TestBackend::new(w, h)).expect("test backend");
        let size = format!("{w}×{h}");

        let empty = stats((0..RUNS).map(|_| time(|| term.draw(|_| {}).map(|_| ()))));
        row("empty frame (baseline)", &size, empty);

        let mut app = App::new(course.clone(), Snapshot::default(), (w, h), true);
        app.open_lesson(index);
        let _ = term.draw(|f| ui::draw(f, &app));
        let lesson =
            stats((0..RUNS).map(|_| time(|| term.draw(|f| ui::draw(f, &app)).map(|_| ()))));
        row("largest lesson", &size, lesson);
        let mut down = true;
        let key = stats((0..RUNS).map(|i| {
            // Scroll down, then back up, so every frame differs.
            if i % 100 == 0 && i > 0 {
                down = !down;
            }
            let action = if down { Action::Down } else { Action::Up };
            time(|| {
                app.update(action);
                term.draw(|f| ui::draw(f, &app)).map(|_| ())
            })
        }));
        row("lesson: key ↓ → update + draw", &size, key);

        let mut app = lab_with(&course, (w, h), &answer);
        let _ = term.draw(|f| ui::draw(f, &app));
        let lab = stats((0..RUNS).map(|_| time(|| term.draw(|f| ui::draw(f, &app)).map(|_| ()))));
        row("lab, 100 KB JSON response", &size, lab);
        let mut code = KeyCode::Char('j');
        let key = stats((0..RUNS).map(|i| {
            if i % 100 == 0 && i > 0 {
                code = if code == KeyCode::Char('j') {
                    KeyCode::PageUp
                } else {
                    KeyCode::Char('j')
                };
            }
            let k = KeyEvent::new(code, KeyModifiers::NONE);
            time(|| {
                app.update(Action::LabKey(k));
                term.draw(|f| ui::draw(f, &app)).map(|_| ())
            })
        }));
        row("lab: key j → update + draw", &size, key);
        let fold = stats((0..RUNS).map(|_| {
            let k = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
            time(|| {
                app.update(Action::LabKey(k));
                term.draw(|f| ui::draw(f, &app)).map(|_| ())
            })
        }));
        row("lab: Enter folds/unfolds → update + draw", &size, fold);
    }
}

/// The Lab tab at `size`, its response viewer focused on `answer`.
fn lab_with(course: &Course, size: (u16, u16), answer: &Received) -> App {
    let mut app = App::new(course.clone(), Snapshot::default(), size, true);
    app.lab_url = "http://127.0.0.1:7357".into();
    app.update(Action::ShowTab(Tab::Lab));
    app.update(Action::LabKey(KeyEvent::new(
        KeyCode::Enter,
        KeyModifiers::NONE,
    )));
    let id = app
        .take_effects()
        .into_iter()
        .find_map(|e| match e {
            Effect::Send { id, .. } => Some(id),
            _ => None,
        })
        .expect("Enter sends");
    app.on_event(AppEvent::Response {
        id,
        result: Ok(answer.clone()),
    });
    for _ in 0..3 {
        app.update(Action::LabKey(KeyEvent::new(
            KeyCode::Tab,
            KeyModifiers::NONE,
        )));
    }
    app
}

/// Over 100 KB (118 KB) of JSON shaped like the lab's task lists.
fn big_json() -> String {
    let tasks: Vec<serde_json::Value> = (0..900)
        .map(|i| {
            serde_json::json!({
                "id": i,
                "title": format!("Task number {i}: read, try, check"),
                "completed": i % 3 == 0,
                "created_at": "2026-01-01T00:00:00Z",
                "tags": ["http", "rest"],
            })
        })
        .collect();
    serde_json::to_string(&serde_json::json!({ "items": tasks, "total": 900 }))
        .expect("serialisable")
}

fn time<T>(f: impl FnOnce() -> T) -> Duration {
    let start = Instant::now();
    black_box(f());
    start.elapsed()
}

/// Mean and median.
fn stats(samples: impl Iterator<Item = Duration>) -> (Duration, Duration) {
    let mut v: Vec<Duration> = samples.collect();
    v.sort();
    let mean = v.iter().sum::<Duration>() / v.len().max(1) as u32;
    (mean, v[v.len() / 2])
}

fn row(what: &str, size: &str, (mean, median): (Duration, Duration)) {
    println!("{what:<44} {size:>10} {mean:>10.3?} {median:>10.3?}");
}
