//! `backroad progress`: how far the learner is.

use super::{Ctx, Exit};
use crate::progress::Snapshot;

/// Arguments of `backroad progress`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print JSON: {"lessons_done","lessons_total","exercises_passed","exercises_total",...}.
    #[arg(long)]
    pub json: bool,
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<Exit> {
    let course = ctx.course()?;
    let store = ctx.store()?;
    let snap = Snapshot::read(&store)?;
    let summary = snap.summary(&course, store.seconds_studied()?);
    if args.json {
        let phases: Vec<_> = course
            .phases
            .iter()
            .map(|p| {
                let (done, total) = snap.phase_counts(&course, &p.id);
                let ex: Vec<_> = course
                    .exercises
                    .iter()
                    .filter(|e| e.phase == p.id)
                    .collect();
                let passed = ex.iter().filter(|e| snap.passed.contains(&e.id)).count();
                serde_json::json!({"id": p.id, "lessons_done": done, "lessons_total": total,
                                   "exercises_passed": passed, "exercises_total": ex.len()})
            })
            .collect();
        let mut v = serde_json::to_value(&summary)?;
        v["next_lesson"] = serde_json::json!(snap.next_lesson(&course));
        v["phases"] = serde_json::json!(phases);
        println!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(Exit::Success);
    }
    let pct = |a: usize, b: usize| (a * 100).checked_div(b).unwrap_or(0);
    println!("{}", course.title);
    println!(
        "Lessons:   {}/{} done ({}%)",
        summary.lessons_done,
        summary.lessons_total,
        pct(summary.lessons_done, summary.lessons_total)
    );
    println!(
        "Exercises: {}/{} passed ({}%)",
        summary.exercises_passed,
        summary.exercises_total,
        pct(summary.exercises_passed, summary.exercises_total)
    );
    let mins = summary.seconds_studied / 60;
    println!("Studied:   {}h {:02}m", mins / 60, mins % 60);
    if let Some(next) = snap.next_lesson(&course) {
        println!("Next:      {next}  (backroad read {next}, or just `backroad`)");
    }
    Ok(Exit::Success)
}
