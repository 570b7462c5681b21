//! Checks run from the TUI, in the background: the same dispatcher as `backroad check`
//! ([`crate::check::dispatch`]), reported back as `AppEvent::Checked`. A check that cannot run
//! (no such exercise, the database unreadable, a refused target) still reports, as an
//! unreachable report with a message, so the screen never waits forever.

use super::app::CheckRequest;
use super::worker::{AppEvent, Worker};
use crate::check::assess::new_report;
use crate::check::dispatch::{self, Env, Input};
use crate::check::outcome::StepOutcome;
use crate::check::{Report, Verdict, server};
use crate::client::Client;
use crate::course::{Course, Exercise};
use std::path::{Path, PathBuf};

/// Start a check; its report arrives as `AppEvent::Checked`.
pub fn spawn(worker: &Worker, course: &Course, db: &Path, lab_base: &str, req: CheckRequest) {
    let ex = course.exercise(request_exercise(&req)).cloned();
    let db = db.to_path_buf();
    let lab_base = lab_base.to_string();
    // The checker's own client: a server check pointed at the lab is not the learner's traffic.
    let client = Client::checker().ok();
    let tx = worker.sender();
    let lines = worker.sender();
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
                match req {
                    CheckRequest::Run {
                        command, target, ..
                    } => {
                        let env = (db, lab_base, client);
                        super::run_server::check(ex, &command, &target, env, lines, on_step).await
                    }
                    req => check(ex, db, lab_base, req, client, on_step).await,
                }
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
        | CheckRequest::Server { exercise, .. }
        | CheckRequest::Run { exercise, .. } => exercise,
    }
}

/// Run one check to its report through the checker's one dispatcher ([`dispatch::check`]),
/// on the worker's runtime. Server checks call `on_step` as each step completes.
pub async fn check(
    ex: Exercise,
    db: PathBuf,
    lab_base: String,
    req: CheckRequest,
    client: Option<Client>,
    on_step: impl FnMut(&StepOutcome) + Send,
) -> Report {
    let input = match req {
        CheckRequest::Lab { since_ms, .. } => {
            flush_lab(&lab_base).await;
            Input::Lab {
                since_ms,
                why: "when you opened the exercise".into(),
            }
        }
        CheckRequest::Quiz { answer, .. } => Input::Quiz { answer },
        CheckRequest::Server { target, .. } => match server::parse_target(target.trim(), false) {
            Ok(url) => Input::Server {
                url,
                allow_remote: false,
            },
            Err(e) => return not_checked(&ex, format!("the target {e}")),
        },
        CheckRequest::Run { .. } => {
            return not_checked(&ex, "a run command is started by checks::spawn".into());
        }
    };
    let env = Env {
        db,
        lab_base,
        client,
        go_on: Default::default(),
    };
    match dispatch::check(&ex, input, &env, on_step).await {
        Ok(report) => report,
        Err(e) => not_checked(&ex, e.to_string()),
    }
}

/// Ask the lab at `lab_base` (this tutor's, or another process's) to write its journal out,
/// so a request sent just before the check is in it.
async fn flush_lab(lab_base: &str) {
    if let Some(port) = reqwest::Url::parse(lab_base).ok().and_then(|u| u.port()) {
        let _ = tokio::task::spawn_blocking(move || crate::lab::flush_running(port)).await;
    }
}

/// A report for a check that could not run.
pub(super) fn not_checked(ex: &Exercise, why: String) -> Report {
    let mut report = new_report(ex);
    report.verdict = Verdict::Unreachable;
    // The first line sums it up; a server's last lines follow in the message.
    report.summary = format!("not checked: {}", why.lines().next().unwrap_or_default());
    report.message = Some(if why.contains('\n') {
        format!("Not checked: {why}")
    } else {
        format!("Not checked: {why}.")
    });
    report
}
