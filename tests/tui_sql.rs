//! The SQL tab without a terminal: keys drive `update`, the jobs it queues run as the loop
//! would run them, and the screen is drawn to a `TestBackend`.

mod common;
use common::screen;

use backroad::check::Verdict;
use backroad::course::Course;
use backroad::progress::Snapshot;
use backroad::tui::action::{Action, map_key};
use backroad::tui::app::{App, Effect, Tab};
use backroad::tui::sql::{self, Focus, Outcome};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::Path;

fn course() -> Course {
    Course::from_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sqlpack")).unwrap()
}

fn key(app: &mut App, code: KeyCode, mods: KeyModifiers) {
    if let Some(a) = map_key(app.key_context(), KeyEvent::new(code, mods)) {
        app.update(a);
    }
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        let code = if c == '\n' {
            KeyCode::Enter
        } else {
            KeyCode::Char(c)
        };
        key(app, code, KeyModifiers::NONE);
    }
}

use common::tui::settle_sql as settle;

fn app() -> App {
    let mut app = App::new(course(), Snapshot::default(), (100, 30), false);
    app.update(Action::ShowTab(Tab::Sql));
    settle(&mut app);
    app
}

#[test]
fn tab_five_opens_the_dataset_with_its_tables_and_a_query_runs_off_the_ui_thread() {
    let mut app = App::new(course(), Snapshot::default(), (100, 30), false);
    key(&mut app, KeyCode::Char('5'), KeyModifiers::NONE);
    assert_eq!(app.tab, Tab::Sql);
    // The dataset is built by a job, not in update.
    assert!(app.sql.tables.is_empty());
    settle(&mut app);
    let names: Vec<&str> = app.sql.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["customers", "orders"]);

    typed(
        &mut app,
        "SELECT name, country\nFROM customers ORDER BY name;",
    );
    key(&mut app, KeyCode::F(5), KeyModifiers::NONE);
    assert!(app.sql.running.is_some(), "F5 queues a job and returns");
    let shown = screen(&app, 100, 30);
    assert!(shown.contains("Running…"), "{shown}");
    settle(&mut app);
    let Some(Outcome::Rows { rows, .. }) = &app.sql.outcome else {
        panic!("{:?}", app.sql.outcome)
    };
    assert_eq!(rows.rows.len(), 5);
    let shown = screen(&app, 100, 30);
    assert!(shown.contains("5 rows ·"), "{shown}");
    assert!(shown.contains("Dana"), "{shown}");
    assert!(shown.contains("customers 5"), "{shown}");

    // Ctrl-R runs too, and a refused write says why, leaving the data as it was.
    app.sql.set_text("DELETE FROM orders;");
    key(&mut app, KeyCode::Char('r'), KeyModifiers::CONTROL);
    settle(&mut app);
    let shown = screen(&app, 100, 30);
    assert!(shown.contains("DELETE FROM orders is refused"), "{shown}");

    // The plan toggle shows EXPLAIN QUERY PLAN above the rows.
    app.sql
        .set_text("SELECT * FROM orders WHERE customer_id = 3;");
    key(&mut app, KeyCode::F(4), KeyModifiers::NONE);
    key(&mut app, KeyCode::F(5), KeyModifiers::NONE);
    settle(&mut app);
    let shown = screen(&app, 100, 30);
    assert!(
        shown.contains("QUERY PLAN") && shown.contains("SCAN orders"),
        "{shown}"
    );
}

#[test]
fn tables_are_browsed_and_enter_shows_the_first_rows() {
    let mut app = app();
    key(&mut app, KeyCode::Esc, KeyModifiers::NONE);
    assert_eq!(app.sql.focus, Focus::Tables);
    key(&mut app, KeyCode::Down, KeyModifiers::NONE);
    key(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    settle(&mut app);
    assert_eq!(app.sql.text(), "SELECT * FROM orders LIMIT 20;");
    let Some(Outcome::Rows { rows, .. }) = &app.sql.outcome else {
        panic!("{:?}", app.sql.outcome)
    };
    assert_eq!(rows.rows.len(), 8);
    // Esc outside the editor leaves the screen like every other tab.
    key(&mut app, KeyCode::Esc, KeyModifiers::NONE);
    key(&mut app, KeyCode::Esc, KeyModifiers::NONE);
    assert_eq!(app.tab, Tab::Roadmap);
}

#[test]
fn an_exercise_is_checked_in_place_wrong_first_then_right() {
    let mut app = app();
    sql::open_exercise(&mut app, "sql.germans");
    let other = settle(&mut app);
    assert!(other.contains(&Effect::MarkExerciseOpened("sql.germans".into())));
    let shown = screen(&app, 100, 30);
    assert!(
        shown.contains("sql.germans: Customers in Germany"),
        "{shown}"
    );

    typed(&mut app, "SELECT name FROM customers ORDER BY name;");
    key(&mut app, KeyCode::Char('k'), KeyModifiers::CONTROL);
    let other = settle(&mut app);
    assert!(
        other
            .iter()
            .any(|e| matches!(e, Effect::RecordAttempt { passed: false, .. })),
        "{other:?}"
    );
    let shown = screen(&app, 100, 30);
    assert!(
        shown.contains("failed: 5 rows where the solution has 2"),
        "{shown}"
    );
    assert!(
        shown.contains("Extra (in yours, not in the solution's): 3 rows"),
        "{shown}"
    );

    app.sql
        .set_text("SELECT name FROM customers WHERE country = 'DE' ORDER BY name;");
    key(&mut app, KeyCode::F(9), KeyModifiers::NONE);
    let other = settle(&mut app);
    assert!(
        other
            .iter()
            .any(|e| matches!(e, Effect::RecordAttempt { passed: true, .. })),
        "{other:?}"
    );
    let Some(Outcome::Checked { report, .. }) = &app.sql.outcome else {
        panic!()
    };
    assert_eq!(report.verdict, Verdict::Passed);
    assert!(app.message.as_deref().unwrap_or("").starts_with("Passed"));
}

#[test]
fn sql_blocks_in_a_lesson_run_on_its_dataset_and_answer_in_the_pane() {
    let course = course();
    let index = course.lesson_index("01-sql/01-select").unwrap();
    let mut app = App::new(course, Snapshot::default(), (100, 30), false);
    app.open_lesson(index);
    app.take_effects();
    let shown = screen(&app, 100, 30);
    assert!(
        shown.contains("▶ sql") && shown.contains("▶ sql mini"),
        "{shown}"
    );

    // Tab focuses the first block (dataset from the front matter), Enter runs it.
    key(&mut app, KeyCode::Tab, KeyModifiers::NONE);
    assert!(
        app.message
            .as_deref()
            .unwrap()
            .starts_with("Enter runs this query")
    );
    key(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    let pane = app.lesson.as_ref().unwrap().pane.as_ref().unwrap();
    assert!(
        pane.sql.as_ref().unwrap().lines.is_none(),
        "running until the job answers"
    );
    settle(&mut app);
    let shown = screen(&app, 100, 30);
    assert!(
        shown.contains("mini · SELECT name, country FROM customers"),
        "{shown}"
    );
    assert!(shown.contains("Dana | NULL"), "{shown}");
    assert!(shown.contains("(5 rows"), "{shown}");

    // The second names its dataset on the fence; o takes it to the SQL tab instead.
    key(&mut app, KeyCode::Tab, KeyModifiers::NONE);
    key(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    settle(&mut app);
    let shown = screen(&app, 100, 30);
    assert!(
        shown.contains("mini · SELECT count(*) AS n FROM orders;") && shown.contains("(1 row"),
        "{shown}"
    );
    key(&mut app, KeyCode::Char('o'), KeyModifiers::NONE);
    settle(&mut app);
    assert_eq!(app.tab, Tab::Sql);
    assert_eq!(app.sql.text(), "SELECT count(*) AS n FROM orders;");
    let Some(Outcome::Rows { rows, .. }) = &app.sql.outcome else {
        panic!("{:?}", app.sql.outcome)
    };
    assert_eq!(rows.rows[0][0], rusqlite::types::Value::Integer(8));
}
