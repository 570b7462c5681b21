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
        super::emit(&(serde_json::to_string_pretty(&v)? + "\n"))?;
        return Ok(Exit::Success);
    }
    let pct = crate::progress::percent;
    let mut out = format!("{}\n", course.title);
    out += &format!(
        "Lessons:   {}/{} done ({}%)\n",
        summary.lessons_done,
        summary.lessons_total,
        pct(summary.lessons_done, summary.lessons_total)
    );
    out += &format!(
        "Exercises: {}/{} passed ({}%)\n",
        summary.exercises_passed,
        summary.exercises_total,
        pct(summary.exercises_passed, summary.exercises_total)
    );
    let mins = summary.seconds_studied / 60;
    out += &format!("Studied:   {}h {:02}m\n", mins / 60, mins % 60);
    let streak = snap.streak(crate::review::day_of(super::check::now_ms()));
    out += &format!(
        "Streak:    {streak} day{}\n",
        if streak == 1 { "" } else { "s" }
    );
    if let Some(next) = snap.next_lesson(&course) {
        out += &format!("Next:      {next}  (backroad read {next}, or just `backroad`)\n");
    }
    super::emit(&out)?;
    Ok(Exit::Success)
}
