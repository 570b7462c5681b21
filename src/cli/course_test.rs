//! `backroad course test [DIR] [--json] [--reference CMD] [--mutant CMD]...`: prove every
//! exercise of a pack (see `crate::proof`), and the server exercises against the author's own
//! reference server and its broken variants (see `crate::proof::reference`).
//!
//! Only this command runs a pack's own programs (references and starters in `run` proofs),
//! because only the author of a pack runs it; `backroad check` never does.

use super::{Ctx, Exit};
use crate::course::Course;
use crate::proof::reference::{MutantResult, MutantStatus, Program, prove_mutant};
use crate::proof::{self, CaseStatus, ExerciseResult, ExerciseStatus, World};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

/// How many private labs prove lab exercises at once.
const LABS: usize = 4;

/// `--reference` and `--mutant`: the author's servers to run the server exercises against.
#[derive(Debug, Default)]
pub struct Against {
    pub reference: Option<String>,
    pub mutants: Vec<String>,
}

/// Prove the pack in `dir` (or `--course`, or the built-in course).
pub fn run(
    ctx: &Ctx,
    dir: Option<PathBuf>,
    json: bool,
    only: Option<String>,
    against: Against,
) -> anyhow::Result<Exit> {
    let dir = dir.or_else(|| ctx.global.course.clone());
    let mut course = Course::load(dir.as_deref())?;
    if let Some(only) = &only {
        course.exercises.retain(|e| e.id.contains(only.as_str()));
    }
    let cwd = std::env::current_dir()?;
    let program = |cmd: &String| -> anyhow::Result<Program> {
        if crate::course::proof::split_words(cmd).map_or(true, |w| w.is_empty()) {
            return Err(super::bad_input(format!(
                "\"{cmd}\" is not a command line: write it like \"python3 server.py {{port}}\""
            )));
        }
        Ok(Program {
            cmd: cmd.clone(),
            cwd: cwd.clone(),
        })
    };
    let reference = against.reference.as_ref().map(program).transpose()?;
    let mutants = against
        .mutants
        .iter()
        .map(program)
        .collect::<anyhow::Result<Vec<_>>>()?;
    let servers = course
        .exercises
        .iter()
        .filter(|e| e.kind == "server")
        .count();
    if (reference.is_some() || !mutants.is_empty()) && servers == 0 {
        return Err(super::bad_input(
            "--reference and --mutant run server exercises, and this pack has none (with \
             --only, none whose id matches)",
        ));
    }
    let started = Instant::now();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let results = runtime.block_on(async {
        let mut world = World::new(&course, LABS).await?;
        world.reference = reference;
        let world = Arc::new(world);
        // The text report streams, one exercise at a time, in course order.
        let results = proof::prove_course(&course, world.clone(), |r| {
            if !json {
                let _ = super::emit(&exercise_text(r));
            }
        })
        .await;
        if !json {
            // The exercises' closing line, before the mutants are tried.
            let _ = super::emit(&summary(&results, started.elapsed().as_secs_f64()));
        }
        let mut caught = Vec::new();
        for m in &mutants {
            let r = prove_mutant(&course, &world, m).await;
            if !json {
                let _ = super::emit(&mutant_text(&r));
            }
            caught.push(r);
        }
        Ok::<_, anyhow::Error>((results, caught))
    })?;
    let (results, mutants) = results;
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    let all_proven = results
        .iter()
        .all(|r| r.status != ExerciseStatus::NotProven)
        && mutants
            .iter()
            .all(|m| matches!(m.status, MutantStatus::Caught | MutantStatus::Skipped));
    if json {
        let mut out = serde_json::json!({
            "ok": all_proven,
            "duration_ms": started.elapsed().as_millis() as u64,
            "exercises": results,
        });
        if !mutants.is_empty() {
            out["mutants"] = serde_json::to_value(&mutants)?;
        }
        super::emit(&(serde_json::to_string_pretty(&out)? + "\n"))?;
    } else if !mutants.is_empty() {
        super::emit(&mutant_summary(&mutants))?;
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
        } else if show && c.expect == "reference" {
            out.push_str(&format!("    --reference `{}` {detail}\n", c.name));
        } else if show {
            out.push_str(&format!(
                "    {}:{}: {} \"{}\" {detail}\n",
                r.file, c.line, c.expect, c.name,
            ));
        }
    }
    out
}

/// One mutant's line: which exercise caught it, or that none did.
pub fn mutant_text(m: &MutantResult) -> String {
    let detail = m.detail.replace('\n', "\n    ");
    match m.status {
        MutantStatus::Caught => format!(
            "caught      mutant `{}`: {} fails at step \"{}\"\n",
            m.command,
            m.exercise.as_deref().unwrap_or_default(),
            m.step.as_deref().unwrap_or_default()
        ),
        MutantStatus::NotCaught => {
            format!("NOT CAUGHT  mutant `{}`: {detail}\n", m.command)
        }
        MutantStatus::Broken => format!(
            "NOT CAUGHT  mutant `{}`: it did not run against {}: {detail}\n",
            m.command,
            m.exercise.as_deref().unwrap_or("the exercises")
        ),
        MutantStatus::Skipped => format!("skipped     mutant `{}`: {detail}\n", m.command),
    }
}

/// The mutants' closing line.
pub fn mutant_summary(mutants: &[MutantResult]) -> String {
    let caught = mutants
        .iter()
        .filter(|m| m.status == MutantStatus::Caught)
        .count();
    let skipped = mutants
        .iter()
        .filter(|m| m.status == MutantStatus::Skipped)
        .count();
    format!(
        "{} mutant{}: {caught} caught, {} not caught, {skipped} skipped\n",
        mutants.len(),
        if mutants.len() == 1 { "" } else { "s" },
        mutants.len() - caught - skipped,
    )
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
