//! A server check from the tutor with the learner's run command: start their server
//! ([`crate::program::learner`]) from the folder the tutor was started in, send its lines to
//! the open exercise as they come, check it like any server check, and stop it. A server that
//! exits early or never listens reports "not checked" with its last lines.

use super::app::CheckRequest;
use super::checks::not_checked;
use super::worker::AppEvent;
use crate::check::Report;
use crate::check::outcome::StepOutcome;
use crate::client::Client;
use crate::course::Exercise;
use crate::program::learner::{self, LISTEN_BOUND, OnLine};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::Sender;

/// Start the server with `command`, check it at its target, stop it. `env` is the progress
/// database, the lab's base URL and the HTTP client, as for any check.
pub async fn check(
    ex: Exercise,
    command: &str,
    target: &str,
    env: (PathBuf, String, Option<Client>),
    tx: Sender<AppEvent>,
    on_step: impl FnMut(&StepOutcome) + Send,
) -> Report {
    let (db, lab_base, client) = env;
    let (port, target) = if learner::wants_port(command) {
        match crate::program::free_port() {
            Ok(port) => (port, format!("http://127.0.0.1:{port}")),
            Err(e) => return not_checked(&ex, e),
        }
    } else {
        match crate::check::server::parse_target(target, false) {
            Ok(url) => (
                url.port_or_known_default().unwrap_or(80),
                target.to_string(),
            ),
            Err(e) => {
                return not_checked(
                    &ex,
                    format!("the target {e} (or put {{port}} in the run command)"),
                );
            }
        }
    };
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let id = ex.id.clone();
    let on_line: OnLine = Arc::new(move |line: &str| {
        let _ = tx.send(AppEvent::ServerLine {
            exercise: id.clone(),
            line: line.to_string(),
        });
    });
    let mut server = match learner::start(command, &cwd, port, on_line, LISTEN_BOUND).await {
        Ok(s) => s,
        Err(e) => return not_checked(&ex, e.to_string()),
    };
    let req = CheckRequest::Server {
        exercise: ex.id.clone(),
        target,
    };
    let mut report = super::checks::check(ex, db, lab_base, req, client, on_step).await;
    if let Some(why) = server.ended_early() {
        let message = report.message.get_or_insert_with(String::new);
        message.push_str(&format!("\nDuring the check, {why}"));
    }
    server.stop().await;
    report
}
