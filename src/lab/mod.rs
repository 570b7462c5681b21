//! The lab: the embedded practice HTTP server (catalogue in `docs/lab-endpoints.md`).
//!
//! Where things are:
//! - `families/`: the endpoints, one module per family, each owning its routes, their OpenAPI
//!   description and its state; `families/mod.rs` is the registry (the one list to extend).
//! - `stack.rs`: the middleware stack every request goes through, with the table of who
//!   answers 413, 408, 501, 405, 503, 500, 404 and adds `Date`.
//! - `journal.rs`: the record of every exchange; `trace.rs`: the steps of one exchange;
//!   `problem.rs`: problem+json errors; `openapi.rs`: the document's shared parts;
//!   `support.rs`: request helpers the families share; `serve.rs`: sockets and threads.
//!
//! [`router`] builds the whole app from a [`LabState`]; [`serve`] runs it on a listener;
//! [`start_background`] runs it on its own thread for the TUI. The lab never prints: every
//! exchange goes to the journal (the progress database) and to [`LabState::subscribe`]
//! listeners instead.

pub mod problem;
pub mod trace;

mod families;
mod journal;
mod openapi;
mod serve;
mod stack;
mod support;

use axum::Router;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use tokio::sync::broadcast;

pub use families::{SEED_ADMIN_PASSWORD, SEED_ADMIN_USER};
pub use journal::LiveExchange;
pub use problem::{FieldError, Problem, ProblemDoc};
pub use serve::{
    LabHandle, Running, bind, flush_running, is_backroad_lab, serve, start_background,
    start_if_free, url_for,
};
pub use trace::{Step, Trace};

/// What `/_lab/info` calls the lab, so another process can tell a backroad lab on a port.
pub const LAB_NAME: &str = "backroad-lab";
/// Largest request body accepted; more gets 413.
pub const MAX_BODY: usize = 1 << 20;
/// How long a handler may take before the lab answers 503 for it.
pub const HANDLER_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a client may take to send its request head (and idle between requests).
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// Most request headers accepted; more gets 431.
pub const MAX_HEADERS: usize = 100;

/// How to run the lab.
#[derive(Debug, Clone)]
pub struct LabConfig {
    /// Address to listen on; loopback unless the learner asks otherwise.
    pub bind: IpAddr,
    /// Port to listen on (0 picks a free one).
    pub port: u16,
    /// Journal every exchange into this progress database; `None` keeps no journal.
    pub db: Option<PathBuf>,
    /// Handler time limit (defaults to [`HANDLER_TIMEOUT`]).
    pub handler_timeout: Duration,
    /// Request-head and request-body read limit (defaults to [`HEADER_TIMEOUT`]).
    pub read_timeout: Duration,
    /// Key that signs the lab's JWTs; `None` picks a random one. Tests set a known key to
    /// forge an expired token the lab would otherwise accept.
    pub jwt_secret: Option<Vec<u8>>,
}

impl LabConfig {
    /// Loopback on `port`, journalling into `db`.
    pub fn new(port: u16, db: Option<PathBuf>) -> Self {
        Self {
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port,
            db,
            handler_timeout: HANDLER_TIMEOUT,
            read_timeout: HEADER_TIMEOUT,
            jwt_secret: None,
        }
    }

    /// The socket address to bind.
    pub fn addr(&self) -> SocketAddr {
        SocketAddr::new(self.bind, self.port)
    }
}

/// Why the lab could not start.
#[derive(Debug, thiserror::Error)]
pub enum LabError {
    /// Something that is not a backroad lab holds the port.
    #[error(
        "{addr} is already in use by another program (not a backroad lab).\n  Stop that program, or run the lab on another port with --port N."
    )]
    PortTaken { addr: SocketAddr },
    /// Another backroad lab already listens there; it can be used as it is.
    #[error(
        "a backroad lab is already running at {url}; use it as it is, or pick another port with --port N."
    )]
    AlreadyRunning { url: String },
    /// Binding failed for another reason (permission, address not on this machine...).
    #[error(
        "cannot listen on {addr}: {source}.\n  Pick another port with --port N (ports below 1024 need root), or an address of this machine with --bind."
    )]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    /// The journal database could not be opened.
    #[error("cannot open the journal: {0}")]
    Journal(#[from] crate::store::StoreError),
    /// The runtime or its thread could not start.
    #[error("cannot start the lab: {0}")]
    Runtime(std::io::Error),
}

/// The lab's shared state. Clone it freely: everything is behind one `Arc`.
#[derive(Clone)]
pub struct LabState {
    shared: Arc<Shared>,
}

struct Shared {
    config: LabConfig,
    started: SystemTime,
    journal: journal::Journal,
    metrics: families::ops::Metrics,
    parts: families::Parts,
    /// Permits to buffer a large request body (`stack::read_body`).
    body_permits: tokio::sync::Semaphore,
}

impl std::fmt::Debug for LabState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LabState")
            .field("config", &self.shared.config)
            .finish_non_exhaustive()
    }
}

impl LabState {
    /// Fresh state with seed data; opens the journal writer if `config.db` is set.
    pub fn new(config: LabConfig) -> Result<Self, LabError> {
        let journal = journal::Journal::open(config.db.as_deref())?;
        let parts = families::Parts::open(&config)?;
        Ok(Self {
            shared: Arc::new(Shared {
                config,
                started: SystemTime::now(),
                journal,
                metrics: families::ops::Metrics::default(),
                parts,
                body_permits: tokio::sync::Semaphore::new(stack::BODY_PERMITS),
            }),
        })
    }

    /// The configuration the lab was started with.
    pub fn config(&self) -> &LabConfig {
        &self.shared.config
    }

    /// Every exchange as it completes (for `backroad lab`'s console and the TUI).
    pub fn subscribe(&self) -> broadcast::Receiver<LiveExchange> {
        self.shared.journal.subscribe()
    }

    /// Wait until every exchange so far is in the database (no-op without one).
    pub fn flush_journal(&self) {
        self.shared.journal.flush();
    }

    /// Back to the seed data: every family's state. The journal and the metrics are history,
    /// not data, and are kept.
    pub fn reset(&self) {
        self.reset_traced(&Trace::default());
    }

    pub(crate) fn reset_traced(&self, trace: &Trace) {
        self.shared.parts.reset(trace);
    }

    /// When the lab started.
    pub fn started(&self) -> SystemTime {
        self.shared.started
    }

    /// The families' state (`families/mod.rs`).
    pub(crate) fn parts(&self) -> &families::Parts {
        &self.shared.parts
    }

    pub(crate) fn journal(&self) -> &journal::Journal {
        &self.shared.journal
    }

    pub(crate) fn metrics(&self) -> &families::ops::Metrics {
        &self.shared.metrics
    }

    pub(crate) fn body_permits(&self) -> &tokio::sync::Semaphore {
        &self.shared.body_permits
    }
}

/// The whole lab as an axum router (test it with `tower::ServiceExt::oneshot`): every
/// family's routes inside the middleware stack (`stack.rs`).
pub fn router(state: LabState) -> Router {
    stack::wrap(families::api().into_router(), state)
}
