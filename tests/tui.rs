//! The TUI without a terminal: `update` driven by actions, screens drawn to a `TestBackend`.

mod common;
use common::screen;

use backroad::course::Course;
use backroad::progress::Snapshot;
use backroad::store::LessonProgress;
use backroad::tui::action::{Action, KeyContext, map_key};
use backroad::tui::app::{App, Effect, Tab};
use backroad::tui::ui;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn course() -> Course {
    common::tui::course(&common::lesson_pack())
}

fn fresh() -> App {
    App::new(course(), Snapshot::default(), (80, 24), true)
}

fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

fn progress(id: &str, scroll: u32, done: bool) -> LessonProgress {
    LessonProgress {
        lesson_id: id.into(),
        first_opened: 1,
        last_opened: 1,
        scroll,
        completed_at: done.then_some(2),
    }
}

#[test]
fn first_launch_shows_the_roadmap_with_the_first_lesson_next() {
    let app = fresh();
    assert!(app.lesson.is_none());
    assert_eq!(app.selected, 0);
    let s = screen(&app, 80, 24);
    assert!(s.contains("← next"), "{s}");
    assert!(s.contains("Welcome to the"), "{s}");
    insta::assert_snapshot!("roadmap_first_launch", s);
}

#[test]
fn opening_scrolling_and_leaving_a_lesson_saves_the_place() {
    let mut app = fresh();
    app.update(Action::Down);
    app.update(Action::Up);
    app.update(Action::Open);
    assert_eq!(
        app.take_effects(),
        vec![Effect::MarkOpened("01-basics/01-start".into())]
    );
    let view = app.lesson.as_ref().expect("lesson open");
    assert_eq!(view.id, "01-basics/01-start");
    for _ in 0..3 {
        app.update(Action::Down);
    }
    assert_eq!(app.lesson.as_ref().unwrap().scroll, 3);
    insta::assert_snapshot!("lesson_scrolled", screen(&app, 80, 24));
    app.update(Action::Back);
    assert!(app.lesson.is_none());
    assert_eq!(
        app.take_effects(),
        vec![Effect::SaveScroll("01-basics/01-start".into(), 3)]
    );
    assert_eq!(
        app.snap.status("01-basics/01-start"),
        backroad::progress::LessonStatus::Started
    );
}

#[test]
fn scrolling_stops_at_the_end_of_the_lesson() {
    let mut app = fresh();
    app.update(Action::Open);
    app.update(Action::Bottom);
    let bottom = app.lesson.as_ref().unwrap().scroll;
    app.update(Action::PageDown);
    app.update(Action::Down);
    assert_eq!(app.lesson.as_ref().unwrap().scroll, bottom);
    assert!(screen(&app, 80, 24).contains("The last words of the first lesson."));
    app.update(Action::Top);
    assert_eq!(app.lesson.as_ref().unwrap().scroll, 0);
}

#[test]
fn c_marks_complete_and_again_undoes() {
    let mut app = fresh();
    app.update(Action::Open);
    app.take_effects();
    app.update(Action::ToggleComplete);
    assert_eq!(
        app.take_effects(),
        vec![Effect::SetCompleted("01-basics/01-start".into(), true)]
    );
    assert!(screen(&app, 80, 24).contains("✓ done"));
    app.update(Action::ToggleComplete);
    assert_eq!(
        app.take_effects(),
        vec![Effect::SetCompleted("01-basics/01-start".into(), false)]
    );
}

#[test]
fn n_and_p_walk_lessons_across_phases() {
    let mut app = fresh();
    app.update(Action::Open);
    app.update(Action::NextLesson);
    app.update(Action::NextLesson);
    assert_eq!(app.lesson.as_ref().unwrap().id, "02-http/01-request");
    app.update(Action::NextLesson);
    assert_eq!(app.lesson.as_ref().unwrap().id, "02-http/01-request");
    assert!(app.message.as_deref().unwrap().contains("last lesson"));
    app.update(Action::PrevLesson);
    assert_eq!(app.lesson.as_ref().unwrap().id, "01-basics/02-next");
    assert!(app.message.is_none(), "a message lasts until the next key");
}

#[test]
fn it_reopens_the_lesson_last_read_at_the_same_line() {
    let mut snap = Snapshot::default();
    snap.lessons.insert(
        "01-basics/01-start".into(),
        progress("01-basics/01-start", 5, false),
    );
    snap.lessons.insert(
        "01-basics/02-next".into(),
        progress("01-basics/02-next", 0, true),
    );
    snap.last_lesson = Some("01-basics/01-start".into());
    let app = App::new(course(), snap, (80, 24), true);
    let view = app.lesson.as_ref().expect("resumed");
    assert_eq!((view.id.as_str(), view.scroll), ("01-basics/01-start", 5));
    assert!(app.message.as_deref().unwrap().contains("Welcome back"));
}

#[test]
fn q_goes_back_from_a_lesson_and_quits_from_the_roadmap() {
    let mut app = fresh();
    app.update(Action::Open);
    let a = map_key(app.key_context(), key('q')).unwrap();
    app.update(a);
    assert!(app.lesson.is_none() && !app.quit);
    let a = map_key(app.key_context(), key('q')).unwrap();
    app.update(a);
    assert!(app.quit);
}

#[test]
fn the_help_overlay_lists_the_keys_of_the_screen() {
    let mut app = fresh();
    app.update(Action::Open);
    app.update(Action::ToggleHelp);
    assert_eq!(app.key_context(), KeyContext::Help);
    let s = screen(&app, 80, 24);
    assert!(s.contains("mark complete"), "{s}");
    assert!(s.contains("table of contents"), "{s}");
    insta::assert_snapshot!("lesson_help", s);
    app.update(
        map_key(
            app.key_context(),
            KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE),
        )
        .unwrap(),
    );
    assert!(!app.help);
}

#[test]
fn the_contents_jump_to_a_section() {
    let mut app = fresh();
    app.update(Action::Open);
    app.update(Action::ToggleToc);
    assert_eq!(app.key_context(), KeyContext::Toc);
    let headings = app.lesson.as_ref().unwrap().rendered.headings.clone();
    assert!(headings.len() >= 4, "{headings:?}");
    let s = screen(&app, 80, 24);
    assert!(s.contains("Contents"), "{s}");
    app.update(Action::Down);
    app.update(Action::Down);
    app.update(Action::Open);
    let view = app.lesson.as_ref().unwrap();
    assert!(view.toc.is_none());
    assert_eq!(view.rendered.headings[2].title, "More");
    assert!(
        screen(&app, 80, 24)
            .lines()
            .nth(2)
            .unwrap()
            .contains("More")
    );
}

#[test]
fn tabs_switch_by_key_and_by_click() {
    let mut app = fresh();
    app.update(map_key(app.key_context(), key('4')).unwrap());
    assert_eq!(app.tab, Tab::Progress);
    let s = screen(&app, 80, 24);
    assert!(s.contains("Lessons"), "{s}");
    // Click the Roadmap tab.
    let (_, _, x, _) = ui::layout::tab_spans(ratatui::layout::Rect::new(0, 0, 80, 24))[0].clone();
    app.update(Action::Click(x + 1, 0));
    assert_eq!(app.tab, Tab::Roadmap);
}

#[test]
fn progress_screen_with_data() {
    let mut snap = Snapshot::default();
    snap.lessons.insert(
        "01-basics/01-start".into(),
        progress("01-basics/01-start", 0, true),
    );
    snap.lessons.insert(
        "01-basics/02-next".into(),
        progress("01-basics/02-next", 0, false),
    );
    // Day 20415 is a Sunday; study on the three days before it, and once long ago.
    let today = 20_415;
    snap.days = [today - 40, today - 3, today - 2, today - 1]
        .into_iter()
        .map(|day| backroad::store::StudyDay { day, seconds: 1200 })
        .collect();
    snap.stats = vec![backroad::store::ExerciseStats {
        exercise_id: "http.verbs".into(),
        attempts: 4,
        passed: false,
        hints_used: 2,
    }];
    let mut app = App::new(course(), snap, (80, 24), true);
    app.seconds_studied = 3725;
    app.update(Action::ShowTab(Tab::Progress));
    app.clock = today * 86_400_000 + 3_600_000;
    let s = screen(&app, 80, 24);
    assert!(s.contains("1/3 (33%)"), "{s}");
    assert!(s.contains("1h 02m"), "{s}");
    assert!(s.contains("Streak 3 days"), "{s}");
    assert!(s.contains("http.verbs         4× 2 hints"), "{s}");
    insta::assert_snapshot!("progress_with_data", s);
}

#[test]
fn a_resize_rewraps_the_lesson_and_keeps_the_place() {
    let mut app = fresh();
    app.update(Action::Open);
    app.update(Action::Bottom);
    app.update(Action::Resize(40, 24));
    let view = app.lesson.as_ref().unwrap();
    assert!(view.width <= 38);
    assert!(view.scroll > 0);
}

#[test]
fn tiny_terminals_never_panic() {
    let mut app = fresh();
    for (w, h) in [
        (0, 0),
        (1, 1),
        (5, 3),
        (29, 7),
        (30, 8),
        (31, 9),
        (45, 12),
        (80, 5),
    ] {
        app.update(Action::Resize(w, h));
        let s = screen(&app, w, h);
        if (w, h) == (29, 7) {
            assert!(s.contains("needs"), "{s}");
        }
        app.update(Action::Open);
        app.update(Action::PageDown);
        app.update(Action::ToggleToc);
        let _ = screen(&app, w, h);
        app.update(Action::ToggleHelp);
        let _ = screen(&app, w, h);
        app.update(Action::ToggleHelp);
        app.update(Action::Back);
        app.update(Action::Back);
    }
}

#[test]
fn mouse_wheel_scrolls_the_lesson_and_clicks_pick_a_lesson() {
    let mut app = fresh();
    // Row 3 on screen: tab bar (0), phase "Basics" (1), lesson 1 (2), lesson 2 (3).
    app.update(Action::Click(10, 3));
    assert_eq!(app.selected, 1);
    app.update(Action::Click(10, 3));
    assert_eq!(app.lesson.as_ref().unwrap().id, "01-basics/02-next");
    app.update(Action::Back);
    app.update(Action::Click(10, 2));
    app.update(Action::Click(10, 2));
    app.update(Action::Scroll(3));
    assert_eq!(app.lesson.as_ref().unwrap().scroll, 3);
}

#[test]
fn search_finds_lessons_by_text_and_opens_at_the_match() {
    let mut app = fresh();
    app.update(map_key(app.key_context(), key('/')).unwrap());
    assert_eq!(app.key_context(), KeyContext::Search);
    for c in "last words".chars() {
        app.update(map_key(app.key_context(), key(c)).unwrap());
    }
    let search = app.search.as_ref().unwrap();
    assert_eq!(search.hits.len(), 1);
    assert_eq!(search.hits[0].title, "Starting out");
    assert!(search.hits[0].snippet.contains("last words"));
    let s = screen(&app, 80, 24);
    assert!(s.contains("Search lessons"), "{s}");
    insta::assert_snapshot!("search", s);
    app.update(Action::Open);
    assert!(app.search.is_none());
    let view = app.lesson.as_ref().unwrap();
    assert_eq!(view.id, "01-basics/01-start");
    assert!(view.scroll > 0);
    assert!(screen(&app, 80, 24).contains("The last words of the first lesson."));
}

#[test]
fn typing_in_search_does_not_trigger_other_keys() {
    let mut app = fresh();
    app.update(Action::Search);
    for c in "qt4?".chars() {
        app.update(map_key(app.key_context(), key(c)).unwrap());
    }
    assert!(!app.quit && app.focus_until.is_none() && app.tab == Tab::Roadmap && !app.help);
    assert_eq!(app.search.as_ref().unwrap().query, "qt4?");
    app.update(Action::DeleteChar);
    assert_eq!(app.search.as_ref().unwrap().query, "qt4");
    app.update(Action::Back);
    assert!(app.search.is_none());
}

#[test]
fn the_focus_timer_shows_in_the_status_bar() {
    let mut app = fresh();
    app.update(map_key(app.key_context(), key('t')).unwrap());
    let until = app.focus_until.expect("running");
    app.clock = until - 61_000;
    let s = screen(&app, 80, 24);
    assert!(s.lines().last().unwrap().contains("⏱ 01:01"), "{s}");
    app.update(Action::ToggleFocus);
    assert!(app.focus_until.is_none());
}

#[test]
fn a_runnable_request_is_focused_sent_and_answered_under_the_lesson() {
    use backroad::exchange::Received;
    use backroad::tui::worker::AppEvent;
    let mut app = fresh();
    app.open_lesson(2); // 02-http/01-request holds a ```http block
    app.take_effects();
    app.update(
        map_key(
            app.key_context(),
            KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE),
        )
        .unwrap(),
    );
    assert_eq!(app.lesson.as_ref().unwrap().focus, Some(0));
    assert!(screen(&app, 80, 24).contains("▶ send GET /get"));
    app.update(
        map_key(
            app.key_context(),
            KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
        )
        .unwrap(),
    );
    let effects = app.take_effects();
    let Some(Effect::Send { id, spec }) = effects.first().cloned() else {
        panic!("expected a send, got {effects:?}");
    };
    assert_eq!(
        (spec.method.as_str(), spec.target.as_str()),
        ("GET", "/get")
    );
    assert_eq!(
        spec.headers,
        vec![("Accept".to_string(), "application/json".to_string())]
    );
    assert!(screen(&app, 80, 24).contains("Waiting for the lab"));
    app.on_event(AppEvent::Response {
        id,
        result: Ok(Received {
            status: 200,
            headers: vec![("content-type".into(), "application/json".into())],
            body: br#"{"url":"/get"}"#.to_vec(),
            duration: std::time::Duration::from_millis(3),
        }),
    });
    let s = screen(&app, 80, 24);
    assert!(s.contains("200 OK"), "{s}");
    assert!(s.contains(r#""url": "/get""#), "{s}");
    insta::assert_snapshot!("lesson_response_pane", s);
    // o takes the request to the Lab composer.
    app.update(map_key(app.key_context(), key('o')).unwrap());
    assert_eq!(app.tab, Tab::Lab);
    assert_eq!(app.lab.request.target, "/get");
    // Esc closes the pane before leaving the lesson.
    app.update(Action::ShowTab(Tab::Roadmap));
    app.update(Action::Back);
    assert!(app.lesson.as_ref().unwrap().pane.is_none());
    app.update(Action::Back);
    assert!(app.lesson.is_none());
}

#[test]
fn x_in_a_lesson_lists_its_exercises_and_n_moves_within_them() {
    // The exercise pack: its lesson 04-web-http/03-status-codes has three quizzes.
    let course = common::tui::course(&common::kinds_pack());
    let index = course.lesson_index("04-web-http/03-status-codes").unwrap();
    let mut app = App::new(course, Snapshot::default(), (80, 24), true);
    app.open_lesson(index);
    assert!(screen(&app, 80, 24).contains("x: 3 exercises"));
    common::tui::ch(&mut app, 'x');
    assert_eq!(app.tab, Tab::Exercises);
    assert!(app.exercises.open.is_none(), "the list, not one exercise");
    let shown: Vec<String> = backroad::tui::exercises::visible(&app)
        .iter()
        .map(|&i| app.course.exercises[i].id.clone())
        .collect();
    assert_eq!(
        shown,
        [
            "http.created-status",
            "http.location-header",
            "http.no-content"
        ]
    );
    let s = screen(&app, 80, 24);
    assert!(s.contains("lesson Status codes"), "{s}");
    assert!(!s.contains("http.first-get"), "{s}");
    // Enter opens the first; n moves to the next of the lesson, and stops at its last.
    common::tui::code(&mut app, KeyCode::Enter);
    assert_eq!(
        app.exercises.open.as_ref().unwrap().id,
        "http.created-status"
    );
    common::tui::ch(&mut app, 'n');
    assert_eq!(
        app.exercises.open.as_ref().unwrap().id,
        "http.location-header"
    );
    common::tui::ch(&mut app, 'n');
    common::tui::ch(&mut app, 'n');
    assert_eq!(app.exercises.open.as_ref().unwrap().id, "http.no-content");
    assert!(
        app.message
            .as_deref()
            .unwrap()
            .contains("last exercise of this lesson")
    );
    // q goes back one level at a time: the list, every lesson's exercises, the roadmap.
    common::tui::ch(&mut app, 'q');
    assert!(app.exercises.open.is_none());
    common::tui::ch(&mut app, 'q');
    assert!(app.exercises.lesson.is_none());
    assert_eq!(app.tab, Tab::Exercises);
    common::tui::ch(&mut app, 'q');
    assert_eq!(app.tab, Tab::Roadmap);
    assert!(!app.quit);
    // A lesson without exercises says so and stays.
    app.update(Action::Back);
    let index = app.course.lesson_index("06-apis/01-rest").unwrap();
    app.open_lesson(index);
    common::tui::ch(&mut app, 'x');
    assert_eq!(app.tab, Tab::Roadmap);
    assert!(app.message.as_deref().unwrap().contains("no exercises"));
}

#[test]
fn slash_finds_exercises_by_id_and_title_from_any_screen() {
    let course = common::tui::course(&common::kinds_pack());
    let mut app = App::new(course, Snapshot::default(), (80, 24), true);
    for tab in [Tab::Roadmap, Tab::Lab, Tab::Exercises, Tab::Progress] {
        app.update(Action::ShowTab(tab));
        common::tui::ch(&mut app, '/');
        assert_eq!(app.key_context(), KeyContext::Search, "{tab:?}");
        common::tui::code(&mut app, KeyCode::Esc);
    }
    // By id...
    common::tui::ch(&mut app, '/');
    common::tui::typed(&mut app, "no-content");
    let hits = &app.search.as_ref().unwrap().hits;
    assert_eq!(hits.len(), 1, "{hits:?}");
    let s = screen(&app, 80, 24);
    assert!(s.contains("exercise http.no-content"), "{s}");
    // ...and by title; Enter opens the exercise.
    common::tui::code(&mut app, KeyCode::Esc);
    common::tui::ch(&mut app, '/');
    common::tui::typed(&mut app, "build a tasks");
    common::tui::code(&mut app, KeyCode::Enter);
    assert_eq!(app.tab, Tab::Exercises);
    assert_eq!(app.exercises.open.as_ref().unwrap().id, "build.tasks-api");
}

#[test]
fn a_lesson_request_off_this_machine_is_not_sent_unless_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    let fixture = common::lesson_pack().join("content");
    for phase in ["01-basics", "02-http"] {
        std::fs::create_dir_all(content.join(phase)).unwrap();
    }
    std::fs::copy(fixture.join("course.toml"), content.join("course.toml")).unwrap();
    std::fs::copy(
        fixture.join("02-http/01-request.md"),
        content.join("02-http/01-request.md"),
    )
    .unwrap();
    std::fs::write(
        content.join("01-basics/01-start.md"),
        "+++\ntitle = \"Far away\"\nminutes = 5\n+++\n\n```http\nGET https://example.com/collect?token=1\n```\n\n```http\nGET http://localhost:7357/get\n```\n",
    )
    .unwrap();
    let mut app = App::new(
        Course::from_dir(dir.path()).unwrap(),
        Snapshot::default(),
        (80, 24),
        true,
    );
    app.open_lesson(0);
    app.take_effects();
    common::tui::code(&mut app, KeyCode::Tab);
    common::tui::code(&mut app, KeyCode::Enter);
    assert!(
        !app.take_effects()
            .iter()
            .any(|e| matches!(e, Effect::Send { .. })),
        "a request to example.com left the machine"
    );
    let s = screen(&app, 80, 24);
    assert!(s.contains("example.com is not on this machine"), "{s}");
    // A full URL on this machine goes.
    common::tui::code(&mut app, KeyCode::Tab);
    common::tui::code(&mut app, KeyCode::Enter);
    assert!(app.take_effects().iter().any(
        |e| matches!(e, Effect::Send { spec, .. } if spec.target == "http://localhost:7357/get")
    ));
    // --allow-remote lets the first go too.
    app.allow_remote = true;
    common::tui::code(&mut app, KeyCode::Tab);
    common::tui::code(&mut app, KeyCode::Enter);
    assert!(app.take_effects().iter().any(
        |e| matches!(e, Effect::Send { spec, .. } if spec.target.starts_with("https://example.com"))
    ));
}

#[test]
fn long_titles_wrap_in_the_lesson_header_the_contents_and_the_help() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    let fixture = common::lesson_pack().join("content");
    for phase in ["01-basics", "02-http"] {
        std::fs::create_dir_all(content.join(phase)).unwrap();
    }
    std::fs::copy(fixture.join("course.toml"), content.join("course.toml")).unwrap();
    std::fs::copy(
        fixture.join("02-http/01-request.md"),
        content.join("02-http/01-request.md"),
    )
    .unwrap();
    let title = "Conditional requests, validators and the whole story of caching an answer";
    std::fs::write(
        content.join("01-basics/01-start.md"),
        format!(
            "+++\ntitle = \"{title}\"\nminutes = 5\n+++\n\n## A section whose heading is much longer than the contents panel is wide\n\nText.\n"
        ),
    )
    .unwrap();
    let mut app = App::new(
        Course::from_dir(dir.path()).unwrap(),
        Snapshot::default(),
        (80, 24),
        true,
    );
    app.open_lesson(0);
    let s = screen(&app, 80, 24);
    let words: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains(title), "{s}");
    assert!(!s.contains('…'), "{s}");
    common::tui::ch(&mut app, 's');
    let s = screen(&app, 80, 24);
    // The contents panel is right of the │ on each row.
    let panel: Vec<&str> = s
        .lines()
        .filter_map(|l| l.rsplit_once('│'))
        .map(|(_, r)| r)
        .collect();
    let words: String = panel
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        words.contains("much longer than the contents panel is wide"),
        "{s}"
    );
    insta::assert_snapshot!("lesson_long_title_toc_80x24", s);
    common::tui::ch(&mut app, 's');
    common::tui::ch(&mut app, '?');
    let s = screen(&app, 80, 24);
    for (_, what) in backroad::tui::action::help_for(KeyContext::Lesson) {
        let last = what.split(' ').next_back().unwrap();
        assert!(s.contains(last), "{what} cut off in the help: {s}");
    }
}

#[test]
fn roomy_terminals_120x40() {
    let mut app = App::new(course(), Snapshot::default(), (120, 40), true);
    insta::assert_snapshot!("roadmap_120x40", screen(&app, 120, 40));
    app.update(Action::Open);
    app.update(Action::ToggleToc);
    insta::assert_snapshot!("lesson_toc_120x40", screen(&app, 120, 40));
    app.update(Action::ToggleToc);
    app.update(Action::ShowTab(Tab::Progress));
    app.clock = 20_415 * 86_400_000;
    insta::assert_snapshot!("progress_120x40", screen(&app, 120, 40));
}
