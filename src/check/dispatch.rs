//! The one dispatcher from (exercise, what the learner gave) to a report, used by both
//! `backroad check` and the tutor. Each front end turns its own input (flags, a form) into an
//! [`Input`]; everything after that is the same code.

use super::outcome::{Report, StepOutcome};
use super::{git, lab, quiz, server};
use crate::client::Client;
use crate::course::Exercise;
use crate::course::exercise::Spec;
use crate::store::{Store, StoreError};
use std::path::PathBuf;

/// What the learner gives a check, by kind of exercise.
#[derive(Debug, Clone)]
pub enum Input {
    /// A lab exercise: the journal since `since_ms`; `why` says where that time comes from
    /// ("when you opened the exercise").
    Lab { since_ms: i64, why: String },
    /// A quiz answer.
    Quiz { answer: String },
    /// A server exercise, at a target already checked by [`server::parse_target`];
    /// `allow_remote` lets its `url =` steps leave this machine too.
    Server {
        url: reqwest::Url,
        allow_remote: bool,
    },
    /// A git exercise: the learner's repository.
    Git { dir: PathBuf },
    /// A sql exercise: the learner's SQL, and the course's dataset scripts.
    Sql {
        answer: String,
        datasets: std::sync::Arc<crate::course::Datasets>,
    },
}

/// Where a check reads and sends.
#[derive(Debug, Clone)]
pub struct Env {
    /// The progress database, holding the lab journal.
    pub db: PathBuf,
    /// The lab's base URL (`http://127.0.0.1:7357`).
    pub lab_base: String,
    /// The HTTP client for server checks (`None` when it could not be built).
    pub client: Option<Client>,
    /// Server checks: whether the steps after a failed one still run.
    pub go_on: server::GoOn,
}

/// Why a check could not run at all.
#[derive(Debug, thiserror::Error)]
pub enum NotChecked {
    /// The journal could not be read.
    #[error("the progress database: {0}")]
    Store(#[from] StoreError),
    /// The blocking read of the journal was cancelled or panicked.
    #[error("the check stopped: {0}")]
    Stopped(String),
    /// A server check without an HTTP client.
    #[error("the HTTP client could not be built")]
    NoClient,
    /// The input is for another kind of exercise (or the kind cannot be checked here).
    #[error("{id} is a {kind} exercise; the tutor cannot check it")]
    WrongKind { id: String, kind: String },
    /// The exercise itself is broken (a sql dataset that does not build, a failing solution).
    #[error("{0}")]
    Exercise(String),
    /// The exercise is broken, and the text names its file and step (an undefined
    /// `{{variable}}`, a `url =` off this machine).
    #[error("{0}")]
    Broken(String),
}

/// Check `ex` with `input`. The journal is read on a blocking thread; server checks call
/// `on_step` as each step completes.
pub async fn check(
    ex: &Exercise,
    input: Input,
    env: &Env,
    on_step: impl FnMut(&StepOutcome) + Send,
) -> Result<Report, NotChecked> {
    match (&ex.spec, input) {
        (Spec::Lab(spec), Input::Lab { since_ms, why }) => {
            let (ex, spec) = (ex.clone(), spec.clone());
            let (db, lab_base) = (env.db.clone(), env.lab_base.clone());
            tokio::task::spawn_blocking(move || {
                let store = Store::open(&db)?;
                lab::check_lab(&store, &ex, &spec, since_ms, &why, &lab_base)
            })
            .await
            .map_err(|e| NotChecked::Stopped(e.to_string()))?
            .map_err(NotChecked::Store)
        }
        (Spec::Quiz(q), Input::Quiz { answer }) => Ok(quiz::run_quiz(ex, q, &answer)),
        (Spec::Server(spec), Input::Server { url, allow_remote }) => {
            let client = env.client.as_ref().ok_or(NotChecked::NoClient)?;
            server::check_server(ex, spec, &url, allow_remote, client, env.go_on, on_step)
                .await
                .map_err(|b| NotChecked::Broken(b.0))
        }
        (Spec::Git(g), Input::Git { dir }) => {
            // `git` runs as child processes: off the async threads.
            let (ex, asserts) = (ex.clone(), g.asserts.clone());
            tokio::task::spawn_blocking(move || git::check_repo(&ex, &asserts, &dir))
                .await
                .map_err(|e| NotChecked::Stopped(e.to_string()))
        }
        (Spec::Sql(spec), Input::Sql { answer, datasets }) => {
            // SQLite runs on this thread until its time budget: off the async threads.
            let (ex, spec) = (ex.clone(), spec.clone());
            tokio::task::spawn_blocking(move || {
                crate::sql::check(&datasets, &ex, &spec, &answer)
                    .map(|c| c.report)
                    .map_err(|e| NotChecked::Exercise(e.explain()))
            })
            .await
            .map_err(|e| NotChecked::Stopped(e.to_string()))?
        }
        _ => Err(NotChecked::WrongKind {
            id: ex.id.clone(),
            kind: ex.kind.clone(),
        }),
    }
}
