//! The SQL lab: the sandbox refuses what would change the sample data or reach outside it,
//! stops runaway queries, and every `sql` exercise of the fixture pack is proven.

use assert_cmd::Command;
use backroad::check::Verdict;
use backroad::course::Course;
use backroad::course::exercise::Spec;
use backroad::course::proof::CaseBody;
use backroad::sql::{self, Access, SqlError, dataset};
use rusqlite::types::Value;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn pack() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sqlpack")
}

fn course() -> Course {
    Course::from_dir(&pack()).unwrap()
}

fn count(s: &sql::Sandbox, table: &str) -> i64 {
    match &s
        .run(&format!("SELECT count(*) FROM {table}"))
        .unwrap()
        .rows[0][0]
    {
        Value::Integer(n) => *n,
        other => panic!("{other:?}"),
    }
}

#[test]
fn writes_schema_changes_attach_pragmas_and_extensions_are_refused_and_the_data_stays() {
    let c = course();
    let data = dataset::for_course(&c.datasets, "mini").unwrap();
    let s = data.open(Access::ReadOnly).unwrap();
    for (sql, says) in [
        ("DELETE FROM orders", "DELETE FROM orders is refused"),
        (
            "UPDATE customers SET name = 'x'",
            "UPDATE customers is refused",
        ),
        (
            "INSERT INTO customers (name) VALUES ('x')",
            "INSERT INTO customers is refused",
        ),
        ("DROP TABLE orders", "changing the schema"),
        ("CREATE INDEX i ON orders(customer_id)", "refused"),
        (
            "ATTACH DATABASE '/tmp/backroad-sql-test.db' AS x",
            "ATTACH is refused",
        ),
        (
            "PRAGMA writable_schema = ON",
            "PRAGMA writable_schema = ON is refused",
        ),
        (
            "SELECT load_extension('/tmp/nothing')",
            "load_extension() is refused",
        ),
        ("VACUUM INTO '/tmp/backroad-sql-test.db'", "read-only"),
        (
            "BEGIN; DELETE FROM orders; COMMIT;",
            "DELETE FROM orders is refused",
        ),
    ] {
        match s.run(sql) {
            Err(SqlError::Refused(m)) => assert!(m.contains(says), "{sql}: {m}"),
            other => panic!("{sql}: expected a refusal, got {other:?}"),
        }
    }
    assert_eq!(count(&s, "orders"), 8);
    assert_eq!(count(&s, "customers"), 5);
    // A scratch copy takes writes, but still never attaches, loads or writes the schema raw,
    // and the sample data behind it is untouched.
    let scratch = data.open(Access::Scratch).unwrap();
    scratch
        .run("DELETE FROM orders; DROP TABLE customers;")
        .unwrap();
    for sql in [
        "ATTACH DATABASE '/tmp/backroad-sql-test.db' AS x",
        "PRAGMA writable_schema = 1",
        "SELECT load_extension('/tmp/nothing')",
        "VACUUM INTO '/tmp/backroad-sql-test.db'",
    ] {
        assert!(
            matches!(scratch.run(sql), Err(SqlError::Refused(_))),
            "{sql}: {:?}",
            scratch.run(sql)
        );
    }
    assert!(!Path::new("/tmp/backroad-sql-test.db").exists());
    let fresh = data.open(Access::ReadOnly).unwrap();
    assert_eq!(count(&fresh, "orders"), 8);
    assert_eq!(count(&fresh, "customers"), 5);
}

#[test]
fn runaway_queries_stop_within_their_budget() {
    let c = course();
    let data = dataset::for_course(&c.datasets, "mini").unwrap();
    let s = data.open(Access::ReadOnly).unwrap();
    for sql in [
        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r",
        "SELECT count(*) FROM orders a, orders b, orders c, orders d, orders e, orders f, orders g, orders h, orders i",
    ] {
        let started = Instant::now();
        let out = s.run(sql);
        let took = started.elapsed();
        assert!(
            matches!(out, Err(SqlError::Budget { budget_ms: 1000 })),
            "{sql}: {out:?}"
        );
        assert!(took < Duration::from_millis(1500), "{sql} took {took:?}");
    }
    // Rows stop at the cap instead of filling memory.
    let rows = s
        .run("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT n FROM r")
        .unwrap();
    assert!(rows.truncated);
    assert_eq!(rows.rows.len(), sql::sandbox::ROW_CAP);
    // The connection is still usable afterwards.
    assert_eq!(count(&s, "orders"), 8);
}

#[test]
fn a_syntax_error_points_at_the_token() {
    let c = course();
    let data = dataset::for_course(&c.datasets, "mini").unwrap();
    let s = data.open(Access::ReadOnly).unwrap();
    let e = s
        .run("SELECT name\nFROM customers\nWHER country = 'DE'")
        .unwrap_err();
    assert_eq!(
        e.explain(),
        "near \"country\": syntax error\n  line 3: WHER country = 'DE'\n               ^"
    );
}

#[test]
fn every_sql_exercise_is_proven_by_its_pass_and_fail_queries() {
    let c = course();
    let mut proven = 0;
    for ex in &c.exercises {
        let Spec::Sql(spec) = &ex.spec else { continue };
        assert_eq!(
            sql::prove(&c.datasets, ex, &spec.solution).unwrap(),
            Verdict::Passed,
            "{}: its solution",
            ex.id
        );
        let proof = ex.proof.as_ref().expect("every sql exercise has a [proof]");
        for (cases, key, want) in [
            (&proof.pass, "pass", Verdict::Passed),
            (&proof.fail, "fail", Verdict::Failed),
        ] {
            for case in cases {
                let CaseBody::Query(q) = &case.body else {
                    panic!("{}: a sql proof case is a query", ex.id)
                };
                assert_eq!(
                    sql::prove(&c.datasets, ex, q).unwrap(),
                    want,
                    "{}: {key} {q}",
                    ex.id
                );
            }
        }
        proven += 1;
    }
    assert_eq!(proven, 4);
}

#[test]
fn a_failure_shows_both_results_side_by_side_with_missing_and_extra_rows() {
    let c = course();
    let ex = c.exercise("sql.germans").unwrap();
    let Spec::Sql(spec) = &ex.spec else { panic!() };
    let checked = sql::check(
        &c.datasets,
        ex,
        spec,
        "SELECT name FROM customers WHERE country <> 'SE' ORDER BY name",
    )
    .unwrap();
    let text = checked.report.message.unwrap();
    assert!(
        text.starts_with("3 rows where the solution has 2"),
        "{text}"
    );
    assert!(
        text.contains("Your result (3 rows)  │  Expected (2 rows)"),
        "{text}"
    );
    assert!(
        text.contains("Extra (in yours, not in the solution's): 1 row\n  Emil"),
        "{text}"
    );
    assert_eq!(
        checked.report.summary,
        "failed: 3 rows where the solution has 2"
    );
}

#[test]
fn the_prompt_runs_a_piped_script_and_check_takes_an_answer() {
    let home = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_backroad"))
        .env("BACKROAD_HOME", home.path())
        .args(["--course", pack().to_str().unwrap(), "sql", "--dataset", "mini"])
        .write_stdin(".tables\nSELECT name\n  FROM customers WHERE id = 2;\nDELETE FROM orders;\nSELECT count(*) AS n FROM orders;\n")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("customers  (5 rows)"), "{stdout}");
    assert!(stdout.contains("name\n----\nBo\n(1 row"), "{stdout}");
    assert!(
        stdout.contains("Error: DELETE FROM orders is refused"),
        "{stdout}"
    );
    assert!(stdout.contains("n\n-\n8\n"), "{stdout}");
    assert_eq!(out.status.code(), Some(1), "a failed statement exits 1");

    let check = |answer: &str| {
        Command::new(env!("CARGO_BIN_EXE_backroad"))
            .env("BACKROAD_HOME", home.path())
            .args([
                "--course",
                pack().to_str().unwrap(),
                "check",
                "sql.germans",
                "--answer",
                answer,
            ])
            .output()
            .unwrap()
    };
    assert_eq!(
        check("SELECT name FROM customers WHERE country = 'DE' ORDER BY 1")
            .status
            .code(),
        Some(0)
    );
    let wrong = check("SELECT name FROM customers WHERE country = 'DE' ORDER BY name DESC");
    assert_eq!(wrong.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&wrong.stdout).contains("the right rows in the wrong order"));
}

#[test]
fn validate_builds_datasets_and_runs_every_solution() {
    let dir = tempfile::tempdir().unwrap();
    let copy = |from: &Path, to: &Path| {
        for entry in walk(from) {
            let rel = entry.strip_prefix(from).unwrap();
            let dest = to.join(rel);
            std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
            std::fs::copy(&entry, dest).unwrap();
        }
    };
    copy(&pack(), dir.path());
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_backroad"))
            .args(["course", "validate", dir.path().to_str().unwrap()])
            .output()
            .unwrap()
    };
    assert_eq!(run().status.code(), Some(0));
    let file = dir.path().join("exercises/01-sql/germans.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace("FROM customers WHERE", "FROM customer WHERE"),
    )
    .unwrap();
    let out = run();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "exercises/01-sql/germans.toml: the exercise's reference fails: no such table: customer"
        ),
        "{err}"
    );
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
