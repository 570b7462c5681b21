//! `course test --reference CMD --mutant CMD`: the author's own server, run against the pack's
//! server exercises. The reference must pass every one (a case of each exercise, beside its own
//! proofs); each mutant, a deliberately broken variant, must fail at least one.
//!
//! The command is the author's, typed on the command line: it runs from the folder
//! `course test` was started in, with `{port}` a free port on 127.0.0.1 (also `PORT`), started
//! afresh for each exercise (so no state leaks from one exercise to the next) and stopped after.

use super::process::{RunError, run_server, with_output};
use super::{CaseResult, CaseStatus, World, judge_server, result};
use crate::check::Verdict;
use crate::course::exercise::Spec;
use crate::course::{Course, Exercise};
use serde::Serialize;
use std::path::PathBuf;

/// A program the author named on the command line, and where it starts.
#[derive(Debug, Clone)]
pub struct Program {
    /// The command line, `{port}` in it.
    pub cmd: String,
    /// Its working folder: where `course test` was started.
    pub cwd: PathBuf,
}

/// The reference's case of one server exercise: it must pass every step.
pub async fn prove_reference(
    ex: &Exercise,
    spec: &crate::course::exercise::ServerSpec,
    world: &World,
    program: &Program,
) -> CaseResult {
    let mut r = match run_server(ex, spec, &program.cmd, &program.cwd, world).await {
        Ok((report, output)) => with_output(judge_server(true, &report, None), &output),
        Err(RunError::Missing(note)) => result(true, CaseStatus::Skipped, note),
        Err(RunError::Failed(e)) => result(true, CaseStatus::Wrong, e),
    };
    r.expect = "reference";
    r.name = program.cmd.clone();
    r.line = 0;
    r
}

/// How a mutant came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MutantStatus {
    /// An exercise failed it: the exercises notice this bug.
    Caught,
    /// It passed every server exercise: no step notices this bug.
    NotCaught,
    /// It never answered (did not start, or was never reached): it proves nothing.
    Broken,
    /// Its program is not installed here.
    Skipped,
}

/// One mutant's result.
#[derive(Debug, Clone, Serialize)]
pub struct MutantResult {
    pub command: String,
    pub status: MutantStatus,
    /// The exercise that caught it, and the step it failed at.
    pub exercise: Option<String>,
    pub step: Option<String>,
    pub detail: String,
}

/// Run the mutant against the server exercises of `course`, in order, until one fails it.
pub async fn prove_mutant(course: &Course, world: &World, program: &Program) -> MutantResult {
    let mut out = MutantResult {
        command: program.cmd.clone(),
        status: MutantStatus::NotCaught,
        exercise: None,
        step: None,
        detail: String::new(),
    };
    let mut passed = 0;
    for ex in &course.exercises {
        let Spec::Server(spec) = &ex.spec else {
            continue;
        };
        match run_server(ex, spec, &program.cmd, &program.cwd, world).await {
            Ok((report, output)) => match report.verdict {
                Verdict::Passed => passed += 1,
                Verdict::Failed => {
                    out.status = MutantStatus::Caught;
                    out.exercise = Some(ex.id.clone());
                    out.step = report.first_failure().map(|(_, s)| s.name.clone());
                    out.detail = report.summary;
                    return out;
                }
                _ => {
                    out.status = MutantStatus::Broken;
                    out.exercise = Some(ex.id.clone());
                    out.detail = format!("it was not reached: {}{output}", report.summary);
                    return out;
                }
            },
            Err(RunError::Missing(note)) => {
                out.status = MutantStatus::Skipped;
                out.detail = note;
                return out;
            }
            Err(RunError::Failed(e)) => {
                out.status = MutantStatus::Broken;
                out.exercise = Some(ex.id.clone());
                out.detail = e;
                return out;
            }
        }
    }
    out.detail = format!(
        "it passes every server exercise ({passed}): add a step that notices what it breaks"
    );
    out
}
