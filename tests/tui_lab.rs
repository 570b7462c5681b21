//! The Lab screen without a terminal: keys through `map_key` and `update`, screens drawn to a
//! `TestBackend`, and one run against a real lab and the real background worker.

mod common;
use common::screen;
use common::tui::{ch, code, ctrl, typed};

use backroad::course::Course;
use backroad::exchange::{Exchange, Received, RequestSpec};
use backroad::progress::Snapshot;
use backroad::tui::action::Action;
use backroad::tui::app::{App, Effect, Tab};
use backroad::tui::lab::edit::BodyCheck;
use backroad::tui::lab::{Editing, Focus, SideTab};
use backroad::tui::ui;
use backroad::tui::worker::{AppEvent, Worker};
use crossterm::event::KeyCode;
use ratatui::{Terminal, backend::TestBackend};
use std::time::{Duration, Instant};

const LAB: &str = "http://127.0.0.1:7357";

fn course() -> Course {
    common::tui::course(&common::lesson_pack())
}

/// A fresh app on the Lab tab, at `w`×`h`.
fn lab_app(w: u16, h: u16) -> App {
    let mut app = App::new(course(), Snapshot::default(), (w, h), true);
    app.lab_url = LAB.into();
    app.update(Action::ShowTab(Tab::Lab));
    app.take_effects();
    app
}

/// Both sizes, after telling the app its size (layouts differ).
fn screens(app: &mut App) -> (String, String) {
    app.update(Action::Resize(80, 24));
    let small = screen(app, 80, 24);
    app.update(Action::Resize(120, 40));
    let big = screen(app, 120, 40);
    app.update(Action::Resize(80, 24));
    (small, big)
}

/// The one send among the effects.
fn sent(app: &mut App) -> (u64, RequestSpec) {
    let effects = app.take_effects();
    let sends: Vec<_> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::Send { id, spec } => Some((*id, spec.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(sends.len(), 1, "expected one send, got {effects:?}");
    sends[0].clone()
}

fn json_answer(body: &str) -> Received {
    Received {
        status: 200,
        headers: vec![
            ("content-type".into(), "application/json".into()),
            ("x-total-count".into(), "2".into()),
        ],
        body: body.as_bytes().to_vec(),
        duration: Duration::from_micros(2_400),
    }
}

const TASKS: &str = r#"[{"id":1,"title":"Read the lesson","completed":true,"created_at":"2026-01-01T00:00:00Z"},{"id":2,"title":"Try the lab","completed":false,"created_at":"2026-01-02T00:00:00Z"}]"#;

fn exchange(id: i64, at: i64, method: &str, path: &str, ua: &str, status: u16) -> Exchange {
    Exchange {
        id,
        at,
        method: method.into(),
        path: path.into(),
        query: String::new(),
        request_headers: vec![
            ("host".into(), "127.0.0.1:7357".into()),
            ("user-agent".into(), ua.into()),
            ("accept".into(), "*/*".into()),
        ],
        request_body: Vec::new(),
        status,
        response_headers: vec![("content-type".into(), "application/json".into())],
        response_body: TASKS.as_bytes().to_vec(),
        duration_us: 1_850,
        client: "127.0.0.1:50124".into(),
        trace: serde_json::from_value(serde_json::json!([
            {"step": "route", "detail": "/api/tasks", "at_us": 12},
            {"step": "middleware", "detail": "rate_limit", "outcome": "pass", "at_us": 20},
            {"step": "handler", "detail": "tasks::list", "at_us": 31},
            {"step": "sql", "detail": "SELECT id, title, completed, created_at FROM tasks ORDER BY id LIMIT ?1 OFFSET ?2",
             "params": [20, 0], "at_us": 40, "took_us": 95},
        ]))
        .unwrap(),
    }
}

#[test]
fn the_lab_opens_with_get_api_tasks_ready_and_the_url_focused() {
    let mut app = lab_app(80, 24);
    assert_eq!(app.lab.request.method, "GET");
    assert_eq!(app.lab.request.target, "/api/tasks");
    assert_eq!(app.lab.focus, Focus::Url);
    let (small, big) = screens(&mut app);
    assert!(small.contains(LAB), "{small}");
    assert!(small.contains("GET      /api/tasks"), "{small}");
    assert!(small.contains("No request sent yet."), "{small}");
    assert!(big.contains("Live 0"), "{big}");
    insta::assert_snapshot!("lab_empty_80x24", small);
    insta::assert_snapshot!("lab_empty_120x40", big);
    // Enter on the URL sends it.
    code(&mut app, KeyCode::Enter);
    let (_, spec) = sent(&mut app);
    assert_eq!(
        (spec.method.as_str(), spec.target.as_str()),
        ("GET", "/api/tasks")
    );
    assert!(screen(&app, 80, 24).contains("Sending GET /api/tasks…"));
}

#[test]
fn editing_the_url_keeps_typed_keys_out_of_the_app() {
    let mut app = lab_app(80, 24);
    ch(&mut app, 'e');
    assert_eq!(app.lab.editing, Some(Editing::Url));
    for _ in 0.."tasks".len() {
        code(&mut app, KeyCode::Backspace);
    }
    // Digits, q and ? are text while editing.
    typed(&mut app, "tasks/1?q=2");
    assert_eq!(app.tab, Tab::Lab);
    assert!(!app.quit && !app.help);
    assert_eq!(app.lab.request.target, "/api/tasks/1?q=2");
    code(&mut app, KeyCode::Esc);
    assert_eq!(app.lab.editing, None);
    // Out of the field, keys are the app's again.
    ch(&mut app, '?');
    assert!(app.help);
    let help = screen(&app, 80, 24);
    for k in [
        "reset the lab data",
        "copy as curl",
        "fold / unfold",
        "Ctrl-c",
    ] {
        assert!(help.contains(k), "{k} missing from\n{help}");
    }
    insta::assert_snapshot!("lab_help_80x24", help);
    ch(&mut app, '?');
    ch(&mut app, '1');
    assert_eq!(app.tab, Tab::Roadmap);
}

#[test]
fn method_cycles_and_can_be_typed() {
    let mut app = lab_app(80, 24);
    ch(&mut app, 'm');
    assert_eq!(app.lab.request.method, "POST");
    ch(&mut app, 'm');
    ch(&mut app, 'M');
    assert_eq!(app.lab.request.method, "POST");
    code(&mut app, KeyCode::BackTab);
    assert_eq!(app.lab.focus, Focus::Method);
    code(&mut app, KeyCode::Enter);
    typed(&mut app, "purge");
    code(&mut app, KeyCode::Enter);
    assert_eq!(app.lab.request.method, "PURGE");
    // Esc while typing one keeps the old method.
    code(&mut app, KeyCode::Enter);
    typed(&mut app, "del");
    code(&mut app, KeyCode::Esc);
    assert_eq!(app.lab.request.method, "PURGE");
    assert!(screen(&app, 80, 24).contains("PURGE"));
}

#[test]
fn a_header_is_added_edited_and_deleted_and_the_body_is_checked_as_typed() {
    let mut app = lab_app(80, 24);
    ch(&mut app, 'm'); // POST
    ch(&mut app, 'b');
    assert_eq!(app.lab.editing, Some(Editing::Body));
    typed(
        &mut app,
        "{\"title\": \"Write tests\",\n\"completed\": fals",
    );
    let BodyCheck::Invalid { line, .. } = app.lab.body_check.clone() else {
        panic!("should be invalid: {:?}", app.lab.body_check);
    };
    assert_eq!(line, 2);
    let s = screen(&app, 80, 24);
    assert!(s.contains("✗ line 2"), "{s}");
    typed(&mut app, "e}");
    assert_eq!(app.lab.body_check, BodyCheck::Json);
    assert!(screen(&app, 80, 24).contains("✓ valid JSON"));
    code(&mut app, KeyCode::Esc);
    // A JSON body without Content-Type: `a` offers it.
    ch(&mut app, 'a');
    assert_eq!(
        app.lab.editing,
        Some(Editing::Header {
            index: 0,
            value: true
        })
    );
    code(&mut app, KeyCode::Enter);
    // Another header typed by hand: name, Tab, value.
    ch(&mut app, 'a');
    typed(&mut app, "X-Trace");
    code(&mut app, KeyCode::Tab);
    typed(&mut app, "yes");
    code(&mut app, KeyCode::Enter);
    assert_eq!(
        app.lab.request.headers,
        vec![
            ("Content-Type".into(), "application/json".into()),
            ("X-Trace".into(), "yes".into())
        ]
    );
    // Edit it: Enter on the selected header edits its value.
    code(&mut app, KeyCode::Enter);
    code(&mut app, KeyCode::Backspace);
    typed(&mut app, "s!");
    code(&mut app, KeyCode::Enter);
    assert_eq!(app.lab.request.headers[1].1, "yes!");
    // f pretty-prints the body.
    ch(&mut app, 'f');
    assert_eq!(
        app.lab.body,
        "{\n  \"title\": \"Write tests\",\n  \"completed\": false\n}"
    );
    // Delete the second header, then send with Ctrl-s.
    ch(&mut app, 'd');
    assert_eq!(app.lab.request.headers.len(), 1);
    ctrl(&mut app, 's');
    let (_, spec) = sent(&mut app);
    assert_eq!(spec.method, "POST");
    assert_eq!(spec.headers[0].0, "Content-Type");
    assert!(spec.body.unwrap().contains("\"completed\": false"));
}

#[test]
fn a_json_response_is_coloured_folded_searched_and_traced() {
    let mut app = lab_app(80, 24);
    code(&mut app, KeyCode::Enter);
    let (id, _) = sent(&mut app);
    let at = app.lab.sent.as_ref().unwrap().at;
    app.on_event(AppEvent::Response {
        id,
        result: Ok(json_answer(TASKS)),
    });
    // The journal brings the lab's record of it, with its trace.
    app.on_event(AppEvent::Journal(vec![exchange(
        7,
        at,
        "GET",
        "/api/tasks",
        "backroad/0.1.0",
        200,
    )]));
    assert_eq!(app.lab.sent.as_ref().unwrap().exchange, Some(7));
    assert_eq!(app.lab.trace.as_ref().unwrap().0, 7);
    let (small, big) = screens(&mut app);
    assert!(small.contains("200 OK"), "{small}");
    assert!(small.contains(r#""title": "Read the lesson""#), "{small}");
    assert!(big.contains("tasks::list"), "{big}");
    assert!(big.contains("params [20, 0]"), "{big}");
    insta::assert_snapshot!("lab_json_response_80x24", small);
    insta::assert_snapshot!("lab_json_response_120x40", big);

    // Fold the first task.
    for _ in 0..3 {
        code(&mut app, KeyCode::Tab);
    }
    assert_eq!(app.lab.focus, Focus::Response);
    let v = app.lab.viewer.as_ref().unwrap();
    let first_task = v
        .visible
        .iter()
        .position(|&r| v.rows[r].text == "  {")
        .unwrap();
    for _ in 0..first_task {
        ch(&mut app, 'j');
    }
    code(&mut app, KeyCode::Enter);
    let s = screen(&app, 80, 24);
    assert!(s.contains("▸   { … },  4 items"), "{s}");
    assert!(!s.contains("Read the lesson"), "{s}");
    // Search finds the folded text and unfolds it.
    ch(&mut app, 'F');
    typed(&mut app, "lesson");
    code(&mut app, KeyCode::Enter);
    let s = screen(&app, 80, 24);
    assert!(s.contains("Read the lesson"), "{s}");
    assert!(s.contains("1/1"), "{s}");
    // The trace at 80×24 is a pane away.
    ch(&mut app, 'v');
    assert_eq!((app.lab.focus, app.lab.side), (Focus::Side, SideTab::Trace));
    let s = screen(&app, 80, 24);
    assert!(s.contains("SELECT id, title"), "{s}");
    insta::assert_snapshot!("lab_trace_80x24", s);
}

#[test]
fn the_trace_is_found_when_the_journal_comes_before_the_answer() {
    let mut app = lab_app(80, 24);
    code(&mut app, KeyCode::Enter);
    let (id, _) = sent(&mut app);
    let at = app.lab.sent.as_ref().unwrap().at;
    // A curl for the same path does not count; the backroad one does.
    app.on_event(AppEvent::Journal(vec![
        exchange(4, at, "GET", "/api/tasks", "curl/8.5.0", 200),
        exchange(5, at, "GET", "/api/tasks", "backroad/0.1.0", 200),
    ]));
    app.on_event(AppEvent::Response {
        id,
        result: Ok(json_answer(TASKS)),
    });
    assert_eq!(app.lab.trace.as_ref().map(|t| t.0), Some(5));
}

#[test]
fn the_live_list_shows_every_client_and_opens_an_exchange() {
    let mut app = lab_app(80, 24);
    let base = 1_790_000_000_000; // 2026-09-21 ...
    app.on_event(AppEvent::Journal(vec![
        exchange(1, base, "GET", "/api/tasks", "curl/8.5.0", 200),
        exchange(2, base + 1_000, "POST", "/api/tasks", "curl/8.5.0", 415),
        exchange(3, base + 2_000, "GET", "/health", "Mozilla/5.0", 200),
    ]));
    ch(&mut app, 'v');
    ch(&mut app, 'v');
    assert_eq!(app.lab.side, SideTab::Live);
    let (small, big) = screens(&mut app);
    assert!(small.contains("POST"), "{small}");
    assert!(small.contains("415"), "{small}");
    insta::assert_snapshot!("lab_live_80x24", small);
    insta::assert_snapshot!("lab_live_120x40", big);
    // The newest is first; pick the POST and open it.
    ch(&mut app, 'j');
    code(&mut app, KeyCode::Enter);
    assert_eq!(app.lab.focus, Focus::Response);
    let s = screen(&app, 80, 24);
    assert!(s.contains("Exchange #2"), "{s}");
    assert!(s.contains("→ POST /api/tasks"), "{s}");
    assert!(s.contains("← 415 Unsupported Media Type"), "{s}");
    assert_eq!(app.lab.trace.as_ref().unwrap().0, 2);
    // v shows its trace, v again the live list.
    ch(&mut app, 'v');
    assert_eq!((app.lab.focus, app.lab.side), (Focus::Side, SideTab::Trace));
    assert!(screen(&app, 80, 24).contains("POST /api/tasks → 415"));
    ch(&mut app, 'v');
    assert_eq!(app.lab.side, SideTab::Live);
    // On a roomy screen the list, the exchange and its trace show together.
    app.update(Action::Resize(120, 40));
    let big = screen(&app, 120, 40);
    assert!(big.contains("Exchange #2"), "{big}");
    assert!(big.contains("tasks::list"), "{big}");
    insta::assert_snapshot!("lab_live_exchange_120x40", big);
    app.update(Action::Resize(80, 24));
    // Copy as curl from the live list.
    ch(&mut app, 'c');
    let effects = app.take_effects();
    let Some(Effect::Copy(cmd)) = effects.first() else {
        panic!("expected a copy, got {effects:?}");
    };
    assert_eq!(
        cmd,
        "curl -i -X POST -H 'accept: */*' http://127.0.0.1:7357/api/tasks"
    );
    assert!(screen(&app, 80, 24).contains("Copy as curl"));
}

#[test]
fn history_recalls_a_sent_request_into_the_composer() {
    let mut app = lab_app(80, 24);
    code(&mut app, KeyCode::Enter); // GET /api/tasks
    ch(&mut app, 'm');
    ch(&mut app, 'b');
    typed(&mut app, "{\"title\":\"x\"}");
    code(&mut app, KeyCode::Esc);
    ch(&mut app, 's'); // POST with a body
    app.take_effects();
    assert_eq!(app.lab.history.len(), 2);
    for _ in 0..3 {
        ch(&mut app, 'v');
    }
    assert_eq!(app.lab.side, SideTab::History);
    let (small, big) = screens(&mut app);
    assert!(small.contains("POST /api/tasks  · body 13 B"), "{small}");
    assert!(big.contains("GET /api/tasks"), "{big}");
    // The older GET, recalled.
    ch(&mut app, 'j');
    ch(&mut app, 'r');
    assert_eq!(app.lab.request.method, "GET");
    assert!(app.lab.body.is_empty());
    assert_eq!(app.lab.focus, Focus::Url);
    code(&mut app, KeyCode::Enter);
    assert_eq!(sent(&mut app).1.method, "GET");
}

#[test]
fn copy_as_curl_puts_the_composed_request_on_the_clipboard_and_shows_it() {
    let mut app = lab_app(80, 24);
    ch(&mut app, 'm');
    ch(&mut app, 'a');
    typed(&mut app, "Content-Type:application/json");
    code(&mut app, KeyCode::Enter);
    ch(&mut app, 'b');
    typed(&mut app, "{\"title\":\"it's\"}");
    code(&mut app, KeyCode::Esc);
    ch(&mut app, 'c');
    let want = r#"curl -i -X POST -H 'Content-Type: application/json' --data-raw '{"title":"it'\''s"}' http://127.0.0.1:7357/api/tasks"#;
    assert_eq!(app.take_effects(), vec![Effect::Copy(want.into())]);
    let s = screen(&app, 80, 24);
    assert!(s.contains("Copy as curl"), "{s}");
    assert!(s.contains("curl -i -X POST"), "{s}");
    // Any key closes the popup and does nothing else.
    ch(&mut app, 'q');
    assert!(app.lab.curl.is_none() && !app.quit);
}

#[test]
fn r_resets_the_lab_and_says_so() {
    let mut app = lab_app(80, 24);
    ch(&mut app, 'R');
    let (id, spec) = sent(&mut app);
    assert_eq!(
        (spec.method.as_str(), spec.target.as_str()),
        ("POST", "/_lab/reset")
    );
    app.on_event(AppEvent::Response {
        id,
        result: Ok(Received {
            status: 204,
            headers: vec![],
            body: vec![],
            duration: Duration::from_millis(1),
        }),
    });
    assert!(app.message.as_deref().unwrap().contains("Lab data reset"));
    // The reset's answer is not shown as the composer's response.
    assert!(app.lab.viewer.is_none());
}

#[test]
fn clicks_focus_fields_and_the_wheel_scrolls_the_response() {
    let mut app = lab_app(120, 40);
    code(&mut app, KeyCode::Enter);
    let (id, _) = sent(&mut app);
    let big: Vec<serde_json::Value> = (0..200)
        .map(|i| serde_json::json!({"id": i, "title": format!("task {i}")}))
        .collect();
    app.on_event(AppEvent::Response {
        id,
        result: Ok(json_answer(&serde_json::to_string(&big).unwrap())),
    });
    let a = backroad::tui::lab::layout::areas(app.viewport, &app.lab);
    app.update(Action::Click(a.url.x + 3, a.url.y));
    assert_eq!(app.lab.editing, Some(Editing::Url));
    let r = a.response.unwrap();
    app.update(Action::Click(r.x + 5, r.y + 3));
    assert_eq!((app.lab.focus, app.lab.editing), (Focus::Response, None));
    assert_eq!(app.lab.viewer.as_ref().unwrap().cursor, 2);
    app.update(Action::Scroll(3));
    app.update(Action::Scroll(3));
    assert_eq!(app.lab.viewer.as_ref().unwrap().scroll, 6);
    // The side tabs are clickable.
    let side = a.side.unwrap();
    let s = screen(&app, 120, 40);
    let row = s.lines().nth(side.y as usize).unwrap();
    let col = row.chars().position(|c| c == 'H').unwrap() as u16;
    app.update(Action::Click(col, side.y));
    assert_eq!(app.lab.side, SideTab::History);
}

#[test]
fn a_100_kb_response_scrolls_to_the_end_and_tiny_terminals_never_panic() {
    let mut app = lab_app(80, 24);
    code(&mut app, KeyCode::Enter);
    let (id, _) = sent(&mut app);
    let big: Vec<serde_json::Value> = (0..2000)
        .map(|i| serde_json::json!({"id": i, "title": format!("task number {i}"), "done": i % 2 == 0}))
        .collect();
    let body = serde_json::to_string(&big).unwrap();
    assert!(body.len() > 90_000);
    app.on_event(AppEvent::Response {
        id,
        result: Ok(json_answer(&body)),
    });
    for _ in 0..3 {
        code(&mut app, KeyCode::Tab);
    }
    ch(&mut app, 'G');
    let s = screen(&app, 80, 24);
    assert!(s.contains("task number 1999"), "{s}");
    // Without colour the cursor line still shows (reversed).
    app.color = false;
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| ui::draw(f, &app)).unwrap();
    let buf = t.backend().buffer();
    let reversed = (0..24).any(|y| {
        (2..78).all(|x| {
            buf[(x, y)]
                .modifier
                .contains(ratatui::style::Modifier::REVERSED)
        })
    });
    assert!(reversed, "no reversed cursor line without colour");
    assert!((0..24).all(|y| (0..80).all(|x| buf[(x, y)].fg == ratatui::style::Color::Reset)));
    for (w, h) in [(1, 1), (10, 3), (30, 8), (40, 10), (79, 12), (200, 60)] {
        app.update(Action::Resize(w, h));
        let _ = screen(&app, w, h);
        ch(&mut app, 'k');
        ch(&mut app, 'v');
        let _ = screen(&app, w, h);
    }
}

/// The real thing: a lab on port 0, the worker sending, the journal watcher bringing the trace
/// and a request from another client.
#[test]
fn the_composer_sends_to_a_real_lab_and_shows_the_answer_and_its_trace() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("progress.db");
    let head = backroad::store::Store::open(&db)
        .unwrap()
        .journal_head()
        .unwrap();
    let config = backroad::lab::LabConfig::new(0, Some(db.clone()));
    let backroad::lab::Running::Started { url, handle } =
        backroad::lab::start_background(config).unwrap()
    else {
        panic!("port 0 is never taken");
    };
    let (worker, events) = Worker::start().unwrap();
    worker.watch_journal(db.clone(), head);
    let mut app = App::new(course(), Snapshot::default(), (120, 40), true);
    app.lab_url = url.clone();
    app.update(Action::ShowTab(Tab::Lab));
    app.take_effects();

    // Run effects through the worker and feed its events back until `done` holds.
    let pump = |app: &mut App, done: &dyn Fn(&App) -> bool| {
        let deadline = Instant::now() + Duration::from_secs(15);
        while !done(app) {
            assert!(
                Instant::now() < deadline,
                "timed out; lab state: {:?}",
                app.lab.sent
            );
            for e in app.take_effects() {
                if let Effect::Send { id, spec } = e {
                    worker.send(id, spec, url.clone());
                }
            }
            if let Ok(ev) = events.recv_timeout(Duration::from_millis(100)) {
                app.on_event(ev);
            }
        }
    };

    // Reset, then create a task from the composer.
    ch(&mut app, 'R');
    pump(&mut app, &|a| a.lab.reset_pending.is_none());
    ch(&mut app, 'm'); // POST
    ch(&mut app, 'b');
    typed(&mut app, "{\"title\": \"Learn tracing\"}");
    code(&mut app, KeyCode::Esc);
    ch(&mut app, 'a'); // offers Content-Type: application/json
    code(&mut app, KeyCode::Enter);
    ch(&mut app, 's');
    pump(&mut app, &|a| {
        a.lab.response.is_some() && a.lab.trace.is_some()
    });
    let Some(Ok(r)) = &app.lab.response else {
        panic!("no answer: {:?}", app.lab.response);
    };
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    let s = screen(&app, 120, 40);
    assert!(s.contains("201 Created"), "{s}");
    assert!(s.contains(r#""title": "Learn tracing""#), "{s}");
    // The trace shows the handler and the INSERT with its parameters.
    let steps = serde_json::to_string(&app.lab.trace.as_ref().unwrap().1).unwrap();
    assert!(steps.contains("INSERT"), "{steps}");
    assert!(s.contains("Learn tracing"), "{s}");
    assert!(s.contains("sql"), "{s}");

    // Another client (a raw socket, like curl) shows up in the live list.
    use std::io::{Read, Write};
    let addr = url.trim_start_matches("http://");
    let mut sock = std::net::TcpStream::connect(addr).unwrap();
    sock.write_all(
        b"GET /health HTTP/1.1\r\nHost: x\r\nUser-Agent: curl/8.5.0\r\nConnection: close\r\n\r\n",
    )
    .unwrap();
    let mut answer = String::new();
    sock.read_to_string(&mut answer).unwrap();
    pump(&mut app, &|a| {
        a.lab.live.iter().any(|x| x.path == "/health")
    });
    for _ in 0..2 {
        ch(&mut app, 'v');
    }
    let s = screen(&app, 120, 40);
    assert!(s.contains("/health"), "{s}");
    assert!(s.contains("curl"), "{s}");
    drop(worker);
    handle.stop();
}

/// A lab app with an answer in the viewer (its trace found) and one request in the history.
fn answered_lab_app() -> App {
    let mut app = lab_app(80, 24);
    code(&mut app, KeyCode::Enter);
    let (id, _) = sent(&mut app);
    let at = app.lab.sent.as_ref().unwrap().at;
    app.on_event(AppEvent::Response {
        id,
        result: Ok(json_answer(TASKS)),
    });
    app.on_event(AppEvent::Journal(vec![exchange(
        7,
        at,
        "GET",
        "/api/tasks",
        "backroad/0.1.0",
        200,
    )]));
    app.take_effects();
    app
}

/// What a learner can tell apart: the screen, where keys go, and what was asked of the loop.
fn observable(app: &mut App) -> (String, String, bool, usize) {
    let effects = app.take_effects().len();
    (
        screen(app, 80, 24),
        format!(
            "{:?}",
            (
                app.tab,
                app.lab.focus,
                app.lab.side,
                app.lab.editing,
                app.lab
                    .viewer
                    .as_ref()
                    .map(|v| (v.cursor, v.scroll, v.hscroll)),
                app.lab.trace_scroll,
            )
        ),
        app.quit,
        effects,
    )
}

#[test]
fn every_key_the_lab_footer_shows_does_something() {
    for focus in Focus::ORDER {
        let mut probe = answered_lab_app();
        probe.lab.focus = focus;
        let keys = backroad::tui::keymap::footer_keys(&probe);
        assert!(!keys.is_empty(), "{focus:?}: no hints");
        // The footer shows the very keys the table binds.
        let shown = backroad::tui::keymap::footer(&probe);
        assert_eq!(shown.len(), keys.len(), "{focus:?}: {shown:?}");
        for (key, word) in keys {
            let mut app = answered_lab_app();
            app.lab.focus = focus;
            let before = observable(&mut app);
            common::tui::press(&mut app, key);
            assert_ne!(
                observable(&mut app),
                before,
                "{focus:?}: the footer's \"{word}\" ({key:?}) changed nothing"
            );
        }
    }
}

#[test]
fn the_side_panel_below_100_columns_is_a_key_the_footer_shows() {
    let mut app = answered_lab_app();
    let s = screen(&app, 80, 24);
    assert!(s.contains("v panel"), "{s}");
    ch(&mut app, 'v');
    assert_eq!(app.lab.focus, Focus::Side);
    let s = screen(&app, 80, 24);
    assert!(s.contains("tasks::list"), "the trace shows: {s}");
    insta::assert_snapshot!("lab_side_panel_80x24", s);
}

#[test]
fn the_trace_shows_for_a_full_url_to_the_lab_and_for_a_path_with_spaces() {
    for (typed_target, journal_path) in [
        ("http://127.0.0.1:7357/get", "/get"),
        ("/anything/a b", "/anything/a%20b"),
    ] {
        let mut app = lab_app(80, 24);
        app.lab.request.target = typed_target.into();
        code(&mut app, KeyCode::Enter);
        let (id, spec) = sent(&mut app);
        assert_eq!(spec.target, typed_target);
        let at = app.lab.sent.as_ref().unwrap().at;
        app.on_event(AppEvent::Response {
            id,
            result: Ok(json_answer("{}")),
        });
        app.on_event(AppEvent::Journal(vec![exchange(
            9,
            at,
            "GET",
            journal_path,
            "backroad/0.1.0",
            200,
        )]));
        assert_eq!(
            app.lab.trace.as_ref().map(|t| t.0),
            Some(9),
            "no trace for {typed_target}"
        );
    }
}

#[test]
fn a_url_off_this_machine_is_not_sent_from_the_composer() {
    let mut app = lab_app(80, 24);
    app.lab.request.target = "http://203.0.113.9/collect".into();
    code(&mut app, KeyCode::Enter);
    assert!(
        !app.take_effects()
            .iter()
            .any(|e| matches!(e, Effect::Send { .. }))
    );
    assert!(
        app.message
            .as_deref()
            .unwrap()
            .contains("203.0.113.9 is not on this machine")
    );
    app.allow_remote = true;
    code(&mut app, KeyCode::Enter);
    sent(&mut app);
}

#[test]
fn long_json_values_scroll_sideways_with_the_arrows() {
    let mut app = lab_app(80, 24);
    code(&mut app, KeyCode::Enter);
    let (id, _) = sent(&mut app);
    let long = format!("{}END", "x".repeat(150));
    app.on_event(AppEvent::Response {
        id,
        result: Ok(json_answer(&format!(r#"{{"note":"{long}"}}"#))),
    });
    app.lab.focus = Focus::Response;
    let s = screen(&app, 80, 24);
    assert!(!s.contains("END"), "{s}");
    assert!(s.contains('›'), "a cut row is marked: {s}");
    assert!(s.contains("← → sideways"), "{s}");
    for _ in 0..20 {
        code(&mut app, KeyCode::Right);
    }
    let s = screen(&app, 80, 24);
    assert!(s.contains("END\""), "{s}");
}

#[test]
fn ctrl_c_while_typing_asks_before_quitting() {
    let mut app = lab_app(80, 24);
    ch(&mut app, 'u');
    typed(&mut app, "?page=2");
    ctrl(&mut app, 'c');
    assert!(!app.quit);
    assert!(app.message.as_deref().unwrap().contains("Ctrl-c again"));
    // Another key goes on typing; the text is all there.
    typed(&mut app, "&x=1");
    assert!(!app.quit);
    assert_eq!(app.lab.request.target, "/api/tasks?page=2&x=1");
    ctrl(&mut app, 'c');
    ctrl(&mut app, 'c');
    assert!(app.quit);
}

#[test]
fn the_composed_request_history_and_server_targets_survive_a_restart() {
    use backroad::tui::state;
    let dir = tempfile::tempdir().unwrap();
    let mut app = lab_app(80, 24);
    app.lab.load(RequestSpec {
        method: "POST".into(),
        target: "/api/tasks".into(),
        headers: vec![("Content-Type".into(), "application/json".into())],
        body: Some(r#"{"title": "kept"}"#.into()),
    });
    code(&mut app, KeyCode::Enter);
    sent(&mut app);
    app.lab.request.target = "/api/tasks/1".into();
    app.exercises
        .targets
        .insert("build.tasks-api".into(), "http://127.0.0.1:8123".into());
    state::save(dir.path(), &state::capture(&app)).unwrap();

    let mut again = lab_app(80, 24);
    state::restore(&mut again, state::load(dir.path()).unwrap().unwrap());
    let spec = again.lab.spec();
    assert_eq!(
        (spec.method.as_str(), spec.target.as_str()),
        ("POST", "/api/tasks/1")
    );
    assert_eq!(spec.body.as_deref(), Some(r#"{"title": "kept"}"#));
    assert_eq!(again.lab.history.len(), 1);
    assert_eq!(again.lab.history[0].target, "/api/tasks");
    assert_eq!(
        again.exercises.targets["build.tasks-api"],
        "http://127.0.0.1:8123"
    );
    // A corrupt file is a note, not a crash.
    std::fs::write(dir.path().join(state::FILE), "{ not json").unwrap();
    assert!(state::load(dir.path()).unwrap_err().contains("Ignored"));
}
