//! Checks run from the TUI, in the background: the same code as `backroad check`
//! ([`crate::check::exercise`]), reported back as `AppEvent::Checked`. A check that cannot run
//! (no such exercise, the database unreadable, a refused target) still reports, as an
//! unreachable report with a message, so the screen never waits forever.

use super::app::CheckRequest;
use super::worker::{AppEvent, Worker};
use crate::check::exercise;
use crate::check::outcome::StepOutcome;
use crate::check::{Report, Verdict, run};
use crate::client::Client;
use crate::course::exercise::Spec;
use crate::course::{Course, Exercise};
use crate::store::Store;
use std::path::{Path, PathBuf};

/// Start a check; its report arrives as `AppEvent::Checked`.
pub fn spawn(worker: &Worker, course: &Course, db: &Path, lab_base: &str, req: CheckRequest) {
    let ex = course.exercise(request_exercise(&req)).cloned();
    let db = db.to_path_buf();
    let lab_base = lab_base.to_string();
    let client = worker.client();
    let tx = worker.sender();
    worker.spawn(async move {
        let report = match ex {
            Some(ex) => {
                let id = ex.id.clone();
                let on_step = move |step: &StepOutcome| {
                    let _ = tx.send(AppEvent::CheckStep {
                        exercise: id.clone(),
                        step: Box::new(step.clone()),
                    });
                };
                check(ex, db, lab_base, req, client, on_step).await
            }
            None => {
                return Some(AppEvent::Notice(format!(
                    "No exercise \"{}\" in this course.",
                    request_exercise(&req)
                )));
            }
        };
        Some(AppEvent::Checked(Box::new(report)))
    });
}

/// The exercise a request is about.
pub fn request_exercise(req: &CheckRequest) -> &str {
    match req {
        CheckRequest::Lab { exercise, .. }
        | CheckRequest::Quiz { exercise, .. }
        | CheckRequest::Server { exercise, .. } => exercise,
    }
}

/// Run one check to its report (on the worker's runtime; the store is read on a blocking
/// thread). Server checks call `on_step` as each step completes.
pub async fn check(
    ex: Exercise,
    db: PathBuf,
    lab_base: String,
    req: CheckRequest,
    client: Option<Client>,
    on_step: impl FnMut(&StepOutcome) + Send,
) -> Report {
    match (&ex.spec, req) {
        (Spec::Lab(spec), CheckRequest::Lab { since_ms, .. }) => {
            let (ex2, spec) = (ex.clone(), spec.clone());
            let joined = tokio::task::spawn_blocking(move || {
                let store = Store::open(&db)?;
                exercise::check_lab(
                    &store,
                    &ex2,
                    &spec,
                    since_ms,
                    "when you opened the exercise",
                    &lab_base,
                )
            })
            .await;
            match joined {
                Ok(Ok(report)) => report,
                Ok(Err(e)) => not_checked(&ex, format!("the progress database: {e}")),
                Err(e) => not_checked(&ex, format!("the check stopped: {e}")),
            }
        }
        (Spec::Quiz(q), CheckRequest::Quiz { answer, .. }) => run::run_quiz(&ex, q, &answer),
        (Spec::Server(spec), CheckRequest::Server { target, .. }) => {
            let url = match exercise::parse_target(target.trim(), false) {
                Ok(url) => url,
                Err(e) => return not_checked(&ex, format!("the target {e}")),
            };
            let Some(client) = client else {
                return not_checked(&ex, "the HTTP client could not be built".into());
            };
            exercise::check_server(&ex, spec, &url, &client, on_step).await
        }
        _ => not_checked(
            &ex,
            format!(
                "{} is a {} exercise; the tutor cannot check it",
                ex.id, ex.kind
            ),
        ),
    }
}

/// A report for a check that could not run.
fn not_checked(ex: &Exercise, why: String) -> Report {
    let mut report = run::new_report(ex);
    report.verdict = Verdict::Unreachable;
    report.summary = format!("not checked: {why}");
    report.message = Some(format!("Not checked: {why}."));
    report
}
