//! `backroad course test`: run every exercise's `[proof]` and say which are proven.
//!
//! A private world is set up once: a few private labs on port 0, each journalling into its
//! own database in a temporary folder, and the pack's files on disk (the embedded course's
//! `references/` and `starters/` are written out). Exercises are then proven concurrently:
//!
//! - lab: each case's requests go through the real client to a lab of the pool (reset to its
//!   seed data first), and the exercise is checked against exactly the exchanges that
//!   sequence journalled;
//! - quiz: each answer through the quiz checker;
//! - server: the steps against the private lab under a prefix, or against a program the pack
//!   names (`run`), started from the pack root on a free port; starters too;
//! - git: a repository built in a temporary folder by allowlisted `git` commands;
//! - sql: through [`sql::prove`], which the sql checker fills in.
//!
//! Running a pack's programs happens only here, when an author tests a pack; `backroad check`
//! never runs anything a pack wrote.

mod lab;
pub mod process;
pub mod reference;
mod repo;
pub mod sql;

use crate::check::Verdict;
use crate::check::quiz::quiz_accepts;
use crate::client::Client;
use crate::course::exercise::{ServerSpec, Spec};
use crate::course::proof::{Case, CaseBody, ServerTarget};
use crate::course::{Course, Exercise};
use serde::Serialize;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

/// How a case went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CaseStatus {
    /// It went the way it should (a pass passed, a fail failed where it should).
    Ok,
    /// It went the wrong way.
    Wrong,
    /// It could not run here (a program is missing); not counted against the exercise.
    Skipped,
}

/// One case's result.
#[derive(Debug, Clone, Serialize)]
pub struct CaseResult {
    /// `pass` or `fail`: what the case must do; `starter` for a starter (which must start,
    /// answer, and fail the first step).
    pub expect: &'static str,
    pub name: String,
    pub line: usize,
    pub status: CaseStatus,
    /// Why it went wrong, or why it was skipped; for an ok case, what happened.
    pub detail: String,
}

/// How an exercise came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExerciseStatus {
    Proven,
    NotProven,
    /// Every case was skipped (its programs are not installed here).
    Skipped,
}

/// One exercise's result.
#[derive(Debug, Clone, Serialize)]
pub struct ExerciseResult {
    pub id: String,
    pub file: String,
    pub kind: String,
    pub status: ExerciseStatus,
    /// Set when the exercise could not be proven at all (no `[proof]`).
    pub problem: Option<String>,
    pub cases: Vec<CaseResult>,
    pub duration_ms: u64,
}

impl ExerciseResult {
    fn new(ex: &Exercise, cases: Vec<CaseResult>, started: Instant) -> Self {
        let mut problem = None;
        // Without a [proof], only an author's --reference can prove a (server) exercise.
        let status = if ex.proof.is_none() && cases.is_empty() {
            problem =
                Some("no [proof]: every exercise needs a way to pass and a way to fail".into());
            ExerciseStatus::NotProven
        } else if cases.iter().any(|c| c.status == CaseStatus::Wrong) {
            ExerciseStatus::NotProven
        } else if cases.iter().all(|c| c.status == CaseStatus::Skipped) {
            ExerciseStatus::Skipped
        } else {
            ExerciseStatus::Proven
        };
        ExerciseResult {
            id: ex.id.clone(),
            file: ex.file.clone(),
            kind: ex.kind.clone(),
            status,
            problem,
            cases,
            duration_ms: started.elapsed().as_millis() as u64,
        }
    }
}

/// Everything proofs share: the lab pool, the client, the pack on disk, a scratch folder.
pub struct World {
    labs: lab::Pool,
    client: Client,
    /// The pack root on disk (the embedded course's assets are written to a temp folder).
    pack_root: PathBuf,
    scratch: tempfile::TempDir,
    /// How many exercises run at once.
    pub parallel: usize,
    /// Bounds the pack programs starting or running at once: the CPU count, at least 2
    /// (compilers and interpreters starting together otherwise miss the start bound).
    programs: tokio::sync::Semaphore,
    /// `--reference`: the author's server, which every server exercise must pass.
    pub reference: Option<reference::Program>,
}

impl World {
    /// Set up the private world for `course`: `labs` private labs and the pack on disk.
    pub async fn new(course: &Course, labs: usize) -> anyhow::Result<World> {
        let scratch = tempfile::Builder::new()
            .prefix("backroad-course-test-")
            .tempdir()?;
        let pack_root = match &course.root {
            Some(root) => root.clone(),
            None => {
                let dir = scratch.path().join("pack");
                std::fs::create_dir_all(&dir)?;
                course.write_assets(&dir)?;
                dir
            }
        };
        let labs = lab::Pool::start(labs, scratch.path()).await?;
        Ok(World {
            labs,
            client: Client::build()?,
            pack_root,
            scratch,
            parallel: 6,
            programs: tokio::sync::Semaphore::new(
                std::thread::available_parallelism().map_or(2, |n| n.get().max(2)),
            ),
            reference: None,
        })
    }

    /// A fresh folder under the scratch folder.
    fn fresh_dir(&self, what: &str) -> std::io::Result<PathBuf> {
        let dir = tempfile::Builder::new()
            .prefix(what)
            .tempdir_in(self.scratch.path())?;
        Ok(dir.keep())
    }
}

/// Prove every exercise of `course`, `world.parallel` at a time; results in course order.
/// `on_result` hears each one, in that order, as soon as it and those before it are known.
pub async fn prove_course(
    course: &Course,
    world: Arc<World>,
    mut on_result: impl FnMut(&ExerciseResult),
) -> Vec<ExerciseResult> {
    let limit = Arc::new(tokio::sync::Semaphore::new(world.parallel.max(1)));
    let mut tasks = Vec::new();
    for ex in &course.exercises {
        let ex = ex.clone();
        let world = world.clone();
        let limit = limit.clone();
        let starters = starters_of(course, &ex);
        tasks.push(tokio::spawn(async move {
            let _permit = limit.acquire().await;
            prove_exercise(&ex, &world, &starters).await
        }));
    }
    let mut out = Vec::new();
    for (t, ex) in tasks.into_iter().zip(&course.exercises) {
        let r = t.await.unwrap_or_else(|e| ExerciseResult {
            id: ex.id.clone(),
            file: ex.file.clone(),
            kind: ex.kind.clone(),
            status: ExerciseStatus::NotProven,
            problem: Some(format!("the proof crashed: {e}")),
            cases: Vec::new(),
            duration_ms: 0,
        });
        on_result(&r);
        out.push(r);
    }
    out
}

/// The starter languages shipped for an exercise (`starters/<id>/<lang>/`).
pub fn starters_of(course: &Course, ex: &Exercise) -> Vec<String> {
    let prefix = format!("starters/{}/", ex.id);
    let mut langs: Vec<String> = course
        .assets_under(&prefix)
        .filter_map(|(p, _)| p[prefix.len()..].split('/').next().map(str::to_string))
        .collect();
    langs.dedup();
    langs
}

/// Prove one exercise: every case of its proof, and its starters.
pub async fn prove_exercise(ex: &Exercise, world: &World, starters: &[String]) -> ExerciseResult {
    let started = Instant::now();
    let no_cases = (Vec::new(), Vec::new());
    let (pass, fail) = ex
        .proof
        .as_ref()
        .map_or((&no_cases.0, &no_cases.1), |p| (&p.pass, &p.fail));
    let cases = pass
        .iter()
        .map(|c| (true, c))
        .chain(fail.iter().map(|c| (false, c)));
    // Cases are independent (each lab case borrows its own lab): run them at once.
    let mut results = futures::future::join_all(cases.map(|(pass, case)| async move {
        let mut r = prove_case(ex, world, case, pass).await;
        r.name = case.name.clone();
        r.line = case.line;
        r
    }))
    .await;
    if let (Spec::Server(spec), Some(program)) = (&ex.spec, &world.reference) {
        results.push(reference::prove_reference(ex, spec, world, program).await);
    }
    if ex.proof.is_none() && results.is_empty() {
        return ExerciseResult::new(ex, results, started);
    }
    if let Spec::Server(spec) = &ex.spec {
        results.extend(
            futures::future::join_all(
                starters
                    .iter()
                    .map(|lang| process::prove_starter(ex, spec, world, lang)),
            )
            .await,
        );
    }
    ExerciseResult::new(ex, results, started)
}

fn result(pass: bool, status: CaseStatus, detail: impl Into<String>) -> CaseResult {
    CaseResult {
        expect: if pass { "pass" } else { "fail" },
        name: String::new(),
        line: 0,
        status,
        detail: detail.into(),
    }
}

/// Compare what happened with what the case expects.
fn judge(pass: bool, passed: bool, summary: &str) -> CaseResult {
    match (pass, passed) {
        (true, true) => result(pass, CaseStatus::Ok, "passes"),
        (false, false) => result(pass, CaseStatus::Ok, format!("fails: {summary}")),
        (true, false) => result(
            pass,
            CaseStatus::Wrong,
            format!("should pass, but fails: {summary}"),
        ),
        (false, true) => result(
            pass,
            CaseStatus::Wrong,
            "should fail, but the exercise accepts it",
        ),
    }
}

async fn prove_case(ex: &Exercise, world: &World, case: &Case, pass: bool) -> CaseResult {
    match (&ex.spec, &case.body) {
        (Spec::Quiz(q), CaseBody::Answer(a)) => {
            let ok = quiz_accepts(q, a);
            judge(pass, ok, &format!("\"{a}\" is not accepted"))
        }
        (Spec::Lab(spec), CaseBody::Send(steps)) => {
            match lab::prove_sequence(ex, spec, steps, world).await {
                Ok(report) => judge(pass, report.verdict == Verdict::Passed, &report.summary),
                Err(e) => result(pass, CaseStatus::Wrong, e),
            }
        }
        (Spec::Server(spec), CaseBody::Server { target, fails_at }) => {
            let (report, output) = match target {
                ServerTarget::Lab(prefix) => match lab::prove_server(ex, spec, prefix, world).await
                {
                    Ok(r) => (r, String::new()),
                    Err(e) => return result(pass, CaseStatus::Wrong, e),
                },
                ServerTarget::Run(cmd) => {
                    match process::run_server(ex, spec, cmd, &world.pack_root, world).await {
                        Ok(r) => r,
                        Err(process::RunError::Missing(note)) => {
                            return result(pass, CaseStatus::Skipped, note);
                        }
                        Err(process::RunError::Failed(e)) => {
                            return result(pass, CaseStatus::Wrong, e);
                        }
                    }
                }
            };
            process::with_output(judge_server(pass, &report, fails_at.as_deref()), &output)
        }
        (Spec::Git(g), CaseBody::Git(steps)) => {
            let dir = match world.fresh_dir("git-proof-") {
                Ok(d) => d,
                Err(e) => return result(pass, CaseStatus::Wrong, format!("no temp folder: {e}")),
            };
            let ex2 = ex.clone();
            let asserts = g.asserts.clone();
            let steps = steps.clone();
            let done = tokio::task::spawn_blocking(move || {
                repo::build(&dir, &steps)?;
                Ok::<_, String>(crate::check::git::check_repo(&ex2, &asserts, &dir))
            })
            .await;
            match done {
                Ok(Ok(report)) => judge(pass, report.verdict == Verdict::Passed, &report.summary),
                Ok(Err(e)) => result(pass, CaseStatus::Wrong, e),
                Err(e) => result(pass, CaseStatus::Wrong, format!("the proof crashed: {e}")),
            }
        }
        (Spec::Sql(spec), CaseBody::Query(q)) => match sql::prove(ex, spec, q, &world.pack_root) {
            sql::SqlOutcome::Passed => judge(pass, true, ""),
            sql::SqlOutcome::Failed(why) => judge(pass, false, &why),
            sql::SqlOutcome::Unsupported(why) => result(pass, CaseStatus::Skipped, why),
        },
        _ => result(
            pass,
            CaseStatus::Wrong,
            "this proof does not fit the exercise's kind",
        ),
    }
}

/// A server case: a pass must pass every step; a fail must fail, at `fails_at` when given.
/// An unreachable server is always wrong: it proves nothing about the exercise.
pub(crate) fn judge_server(
    pass: bool,
    report: &crate::check::Report,
    fails_at: Option<&str>,
) -> CaseResult {
    if report.verdict == Verdict::Unreachable {
        return result(
            pass,
            CaseStatus::Wrong,
            format!("the server was not reached: {}", report.summary),
        );
    }
    let failed_at = report
        .first_failure()
        .map(|(_, s)| s.name.clone())
        .unwrap_or_default();
    match (pass, report.verdict == Verdict::Passed, fails_at) {
        (false, false, Some(at)) if at != failed_at => result(
            pass,
            CaseStatus::Wrong,
            format!(
                "fails at step \"{failed_at}\", but it should fail at \"{at}\": {}",
                report.summary
            ),
        ),
        (_, passed, _) => judge(pass, passed, &report.summary),
    }
}

/// The base URL and check command a learner uses for a server exercise.
pub fn default_target(spec: &ServerSpec) -> String {
    spec.default_target
        .clone()
        .unwrap_or_else(|| "http://127.0.0.1:8000".into())
}
