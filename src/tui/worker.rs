//! Background work for the TUI. A tokio runtime on its own thread runs HTTP sends and checks; a
//! journal watcher polls the progress database for exchanges the lab served (to any client).
//! Each reports back as an [`AppEvent`] over a channel that the loop drains; the loop never
//! waits on them.

use crate::client::Client;
use crate::exchange::{Exchange, Received, RequestSpec, SendError};
use crate::store::Store;
use std::future::Future;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

/// What background work reports.
#[derive(Debug, Clone)]
pub enum AppEvent {
    /// A request sent from the TUI came back, or got no answer.
    Response {
        id: u64,
        result: Result<Received, SendError>,
    },
    /// New exchanges in the lab journal, oldest first.
    Journal(Vec<Exchange>),
    /// A check finished.
    Checked(Box<crate::check::outcome::Report>),
    /// A step of a running server check completed (the report follows as `Checked`).
    CheckStep {
        exercise: String,
        step: Box<crate::check::outcome::StepOutcome>,
    },
    /// A line of news for the status bar (the lab started, attached, failed).
    Notice(String),
    /// SQL run off the UI thread finished.
    Sql(Box<super::sql::SqlDone>),
    /// A line the learner's server printed during a check with its run command.
    ServerLine { exercise: String, line: String },
    /// Files changed under the watched folder (relative paths).
    FilesChanged(Vec<std::path::PathBuf>),
}

/// How often the journal watcher looks for new exchanges.
pub const JOURNAL_POLL: Duration = Duration::from_millis(250);

/// The runtime and the channel back to the loop.
pub struct Worker {
    rt: tokio::runtime::Runtime,
    tx: Sender<AppEvent>,
    client: Option<Client>,
    /// The file watcher of watch mode, while on.
    files: Option<crate::watch::Watcher>,
}

impl Worker {
    /// Start the runtime; events arrive on the returned receiver.
    pub fn start() -> anyhow::Result<(Worker, Receiver<AppEvent>)> {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .thread_name("backroad-worker")
            .build()?;
        let (tx, rx) = channel();
        let client = Client::build().ok();
        Ok((
            Worker {
                rt,
                tx,
                client,
                files: None,
            },
            rx,
        ))
    }

    /// A sender for other producers (the lab, tests).
    pub fn sender(&self) -> Sender<AppEvent> {
        self.tx.clone()
    }

    /// The runtime, for work that needs one (the embedded lab).
    pub fn runtime(&self) -> &tokio::runtime::Runtime {
        &self.rt
    }

    /// Run `fut` in the background and deliver its event, if any.
    pub fn spawn<F>(&self, fut: F)
    where
        F: Future<Output = Option<AppEvent>> + Send + 'static,
    {
        let tx = self.tx.clone();
        self.rt.spawn(async move {
            if let Some(ev) = fut.await {
                let _ = tx.send(ev);
            }
        });
    }

    /// Send a request (a path goes to `base`) and report the answer as `Response { id }`.
    pub fn send(&self, id: u64, spec: RequestSpec, base: String) {
        let client = self.client.clone();
        self.spawn(async move {
            let result = match client {
                Some(c) => c.send(&spec, &base, None).await,
                None => Err(SendError::Other(
                    "the HTTP client could not be built".into(),
                )),
            };
            Some(AppEvent::Response { id, result })
        });
    }

    /// Watch the files under the current folder (each change arrives as
    /// `AppEvent::FilesChanged`), or stop. When watching cannot start, a notice says why.
    pub fn watch_files(&mut self, on: bool) {
        if !on {
            self.files = None;
            return;
        }
        if self.files.is_some() {
            return;
        }
        let tx = self.tx.clone();
        let started = std::env::current_dir()
            .map_err(|e| e.to_string())
            .and_then(|dir| {
                crate::watch::start(&dir, move |paths| {
                    let _ = tx.send(AppEvent::FilesChanged(paths));
                })
            });
        match started {
            Ok(w) => self.files = Some(w),
            Err(e) => {
                let _ = self.tx.send(AppEvent::Notice(format!(
                    "{e}. Watching is off: Enter checks again by hand."
                )));
            }
        }
    }

    /// The shared HTTP client, if it could be built.
    pub fn client(&self) -> Option<Client> {
        self.client.clone()
    }

    /// Watch the journal in `db` for exchanges after `after_id`, on a thread of its own with its
    /// own connection. Stops when the loop drops its receiver and a new exchange arrives, or
    /// with the process.
    pub fn watch_journal(&self, db: PathBuf, after_id: i64) {
        let tx = self.tx.clone();
        std::thread::Builder::new()
            .name("backroad-journal".into())
            .spawn(move || {
                let Ok(store) = Store::open(&db) else {
                    return;
                };
                let mut head = after_id;
                loop {
                    std::thread::sleep(JOURNAL_POLL);
                    let Ok(new) = store.journal_since(head, 0, 500) else {
                        continue;
                    };
                    if let Some(last) = new.last() {
                        head = last.id;
                        if tx.send(AppEvent::Journal(new)).is_err() {
                            return;
                        }
                    }
                }
            })
            .ok();
    }
}
