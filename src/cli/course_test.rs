//! `backroad course test [DIR] [--json]`: prove every exercise of a pack (see `crate::proof`).
//!
//! Only this command runs a pack's own programs (references and starters in `run` proofs),
//! because only the author of a pack runs it; `backroad check` never does.

use super::{Ctx, Exit};
use crate::course::Course;
use crate::proof::{self, CaseStatus, ExerciseResult, ExerciseStatus, World};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

/// How many private labs prove lab exercises at once.
const LABS: usize = 4;

/// Prove the pack in `dir` (or `--course`, or the built-in course).
pub fn run(
    ctx: &Ctx,
    dir: Option<PathBuf>,
    json: bool,
    only: Option<String>,
) -> anyhow::Result<Exit> {
    let dir = dir.or_else(|| ctx.global.course.clone());
    let mut course = Course::load(dir.as_deref())?;
    if let Some(only) = &only {
        course.exercises.retain(|e| e.id.contains(only.as_str()));
    }
    let started = Instant::now();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let results = runtime.block_on(async {
        let world = Arc::new(World::new(&course, LABS).await?);
        // The text report streams, one exercise at a time, in course order.
        let results = proof::prove_course(&course, world, |r| {
            if !json {
                let _ = super::emit(&exercise_text(r));
            }
        })
        .await;
        Ok::<_, anyhow::Error>(results)
    })?;
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    let all_proven = results
        .iter()
        .all(|r| r.status != ExerciseStatus::NotProven);
    if json {
        let out = serde_json::json!({
            "ok": all_proven,
            "duration_ms": started.elapsed().as_millis() as u64,
            "exercises": results,
        });
        super::emit(&(serde_json::to_string_pretty(&out)? + "\n"))?;
    } else {
        super::emit(&summary(&results, started.elapsed().as_secs_f64()))?;
    }
    Ok(if all_proven {
        Exit::Success
    } else {
        Exit::Failed
    })
}

/// One exercise's lines: `proven`, `skipped` or `NOT PROVEN`, then each case that went the
/// wrong way or was skipped.
pub fn exercise_text(r: &ExerciseResult) -> String {
    let mut out = String::new();
    let cases = r.cases.len();
    match r.status {
        ExerciseStatus::Proven => {
            let skipped = r
                .cases
                .iter()
                .filter(|c| c.status == CaseStatus::Skipped)
                .count();
            out.push_str(&format!(
                "proven      {} ({}, {} proof{})",
                r.id,
                r.kind,
                cases,
                if cases == 1 { "" } else { "s" }
            ));
            if skipped > 0 {
                out.push_str(&format!(", {skipped} skipped"));
            }
            out.push('\n');
        }
        ExerciseStatus::Skipped => {
            out.push_str(&format!("skipped     {} ({})\n", r.id, r.kind));
        }
        ExerciseStatus::NotProven => {
            out.push_str(&format!("NOT PROVEN  {} ({})\n", r.id, r.kind));
            if let Some(p) = &r.problem {
                out.push_str(&format!("    {}: {p}\n", r.file));
            }
        }
    }
    for c in &r.cases {
        let show = c.status != CaseStatus::Ok;
        let detail = c.detail.replace('\n', "\n    ");
        if show && c.expect == "starter" {
            out.push_str(&format!("    {}/: the starter {detail}\n", c.name));
        } else if show {
            out.push_str(&format!(
                "    {}:{}: {} \"{}\" {detail}\n",
                r.file, c.line, c.expect, c.name,
            ));
        }
    }
    out
}

/// The closing line: how many were proven.
pub fn summary(results: &[ExerciseResult], seconds: f64) -> String {
    let count = |s| results.iter().filter(|r| r.status == s).count();
    format!(
        "\n{} exercises: {} proven, {} not proven, {} skipped ({seconds:.1}s)\n",
        results.len(),
        count(ExerciseStatus::Proven),
        count(ExerciseStatus::NotProven),
        count(ExerciseStatus::Skipped),
    )
}
