//! `backroad report`: attempts per exercise (attempts, passed, hints used), for a learner or
//! an instructor collecting results.

use super::{Ctx, Exit};
use serde_json::json;
use std::collections::HashMap;

/// Arguments of `backroad report`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print JSON: {"exercises":[{"id","title","kind","attempts","passed","hints_used","last"}]}.
    #[arg(long)]
    pub json: bool,
}

/// Run `backroad report`.
pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<Exit> {
    let course = ctx.course()?;
    let store = ctx.store()?;
    let stats: HashMap<String, _> = store
        .exercise_stats()?
        .into_iter()
        .map(|s| (s.exercise_id.clone(), s))
        .collect();
    let mut rows = Vec::new();
    for e in &course.exercises {
        let (attempts, passed, hints) = stats
            .get(&e.id)
            .map_or((0, false, store.hints_revealed(&e.id)?), |s| {
                (s.attempts, s.passed, s.hints_used)
            });
        let last = if attempts > 0 {
            store.attempts(&e.id)?.pop().map(|a| a.summary)
        } else {
            None
        };
        rows.push((e, attempts, passed, hints, last));
    }
    if args.json {
        let list: Vec<_> = rows
            .iter()
            .map(|(e, attempts, passed, hints, last)| {
                json!({"id": e.id, "title": e.title, "kind": e.kind, "attempts": attempts,
                       "passed": passed, "hints_used": hints, "last": last})
            })
            .collect();
        let passed = rows.iter().filter(|r| r.2).count();
        println!(
            "{}",
            serde_json::to_string_pretty(&json!({
                "passed": passed, "total": rows.len(), "exercises": list
            }))?
        );
        return Ok(Exit::Success);
    }
    println!(
        "{:<28} {:>8} {:>7} {:>6}  last result",
        "exercise", "attempts", "passed", "hints"
    );
    for (e, attempts, passed, hints, last) in &rows {
        println!(
            "{:<28} {:>8} {:>7} {:>6}  {}",
            e.id,
            attempts,
            if *passed { "yes" } else { "no" },
            hints,
            last.as_deref().unwrap_or("-")
        );
    }
    let passed = rows.iter().filter(|r| r.2).count();
    println!("\n{passed} of {} exercises passed.", rows.len());
    Ok(Exit::Success)
}
