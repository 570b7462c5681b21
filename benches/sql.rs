//! A query's round trip through the SQL lab on the course's largest dataset, next to bare
//! rusqlite running the same query on a connection it already has: the lab's own cost (a fresh
//! read-only copy per run, the authorizer, the budget, collecting values, and in the TUI a
//! thread and a channel) is the difference.
//!
//! `cargo bench --bench sql` (or `--profile dev`). The course is `BACKROAD_COURSE` (a pack
//! folder) or the built-in one; the largest `datasets/*.sql` is used.

use backroad::course::Course;
use backroad::sql::{Access, dataset};
use backroad::tui::sql::{SqlJob, Task, run_job, spawn};
use backroad::tui::worker::AppEvent;
use rusqlite::types::Value;
use std::sync::Arc;
use std::time::{Duration, Instant};

const ROUNDS: usize = 200;

/// A query that joins, groups and sorts, whatever the dataset: the two largest tables are
/// cross-counted per row of the first, limited so the work is the engine's, not the copy's.
fn query_for(tables: &[(String, u64)]) -> String {
    let big = &tables[0].0;
    format!("SELECT * FROM {big} ORDER BY 1 DESC LIMIT 500")
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time(label: &str, mut f: impl FnMut()) -> Duration {
    for _ in 0..10 {
        f();
    }
    let runs: Vec<Duration> = (0..ROUNDS)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    let m = median(runs);
    println!("{label:<52} median {:>9.3} ms", m.as_secs_f64() * 1000.0);
    m
}

fn main() {
    let dir = std::env::var_os("BACKROAD_COURSE").map(std::path::PathBuf::from);
    let course = Course::load(dir.as_deref()).expect("the course loads");
    let Some((name, script)) = course
        .datasets
        .iter()
        .max_by_key(|(_, s)| s.len())
        .map(|(n, s)| (n.clone(), s.clone()))
    else {
        println!("this course has no datasets; set BACKROAD_COURSE to a pack that has some");
        return;
    };
    let built = Instant::now();
    let data = dataset::for_course(&course.datasets, &name).expect("the dataset builds");
    let build_time = built.elapsed();
    let mut tables: Vec<(String, u64)> = data
        .tables
        .iter()
        .map(|t| (t.name.clone(), t.rows))
        .collect();
    tables.sort_by_key(|t| std::cmp::Reverse(t.1));
    let sql = std::env::var("BACKROAD_BENCH_SQL").unwrap_or_else(|_| query_for(&tables));
    println!(
        "dataset {name}: {} tables, {} rows, {} KiB image, built in {:.1} ms",
        data.tables.len(),
        data.total_rows(),
        data.size() / 1024,
        build_time.as_secs_f64() * 1000.0
    );
    println!("query: {sql}\n");

    // Bare rusqlite: one connection built once, the query prepared and read each time.
    let bare = rusqlite::Connection::open_in_memory().unwrap();
    bare.execute_batch(&script).unwrap();
    let mut rows_seen = 0;
    let t_bare = time("bare rusqlite (same connection, prepare + read)", || {
        let mut stmt = bare.prepare(&sql).unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        let mut out: Vec<Vec<Value>> = Vec::new();
        while let Some(r) = rows.next().unwrap() {
            out.push((0..n).map(|i| r.get::<_, Value>(i).unwrap()).collect());
        }
        rows_seen = out.len();
    });

    let sandbox = data.open(Access::ReadOnly).unwrap();
    let t_sandbox = time("sandbox.run (same read-only copy)", || {
        let r = sandbox.run(&sql).unwrap();
        assert_eq!(r.rows.len(), rows_seen);
    });

    let datasets = Arc::clone(&course.datasets);
    time("  of which: find the built dataset (cache)", || {
        let _ = dataset::for_course(&datasets, &name).unwrap();
    });
    time("  of which: a fresh read-only copy", || {
        let _ = data.open(Access::ReadOnly).unwrap();
    });
    let t_job = time("run_job (fresh copy + sandbox + run)", || {
        let done = run_job(SqlJob {
            id: 1,
            datasets: Arc::clone(&datasets),
            dataset: name.clone(),
            task: Task::Run {
                sql: sql.clone(),
                plan: false,
                scratch: false,
            },
        });
        assert!(done.outcome.is_some());
    });

    let (tx, rx) = std::sync::mpsc::channel();
    let t_tui = time(
        "TUI round trip (job on a thread, answer over channel)",
        || {
            spawn(
                SqlJob {
                    id: 1,
                    datasets: Arc::clone(&datasets),
                    dataset: name.clone(),
                    task: Task::Run {
                        sql: sql.clone(),
                        plan: false,
                        scratch: false,
                    },
                },
                tx.clone(),
            );
            match rx.recv().unwrap() {
                AppEvent::Sql(_) => {}
                _ => unreachable!(),
            }
        },
    );

    println!("\n{rows_seen} rows per run; ratios to bare rusqlite:");
    for (label, t) in [
        ("sandbox.run", t_sandbox),
        ("run_job", t_job),
        ("TUI round trip", t_tui),
    ] {
        println!(
            "  {label:<16} {:.2}x  (+{:.3} ms)",
            t.as_secs_f64() / t_bare.as_secs_f64(),
            (t.as_secs_f64() - t_bare.as_secs_f64()) * 1000.0
        );
    }
}
