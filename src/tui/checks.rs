//! Checks run from the TUI, in the background. (Filled in by the Exercises screen work: it runs
//! the same code as `backroad check` and reports `AppEvent::Checked`.)

use super::app::CheckRequest;
use super::worker::{AppEvent, Worker};
use crate::course::Course;
use std::path::Path;

/// Start a check; its report arrives as `AppEvent::Checked`.
pub fn spawn(worker: &Worker, _course: &Course, _db: &Path, _lab_base: &str, req: CheckRequest) {
    let id = match &req {
        CheckRequest::Lab { exercise, .. }
        | CheckRequest::Quiz { exercise, .. }
        | CheckRequest::Server { exercise, .. } => exercise.clone(),
    };
    worker.spawn(async move {
        Some(AppEvent::Notice(format!(
            "Checking {id} from the tutor is not built yet: run `backroad check {id}` in a terminal."
        )))
    });
}
