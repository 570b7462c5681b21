//! The lab: the embedded practice HTTP server (catalogue in `docs/lab-endpoints.md`).
//!
//! [`router`] builds the whole app from a [`LabState`]; [`serve`] runs it on a listener with
//! the connection limits and graceful shutdown; [`start_background`] runs it on its own thread
//! for the TUI. The lab never prints: every exchange goes to the journal (the progress database)
//! and to [`LabState::subscribe`] listeners instead.

pub mod extras;
pub mod problem;
pub mod trace;

mod echo;
mod global;
mod journal;
mod metrics;
mod openapi;
mod tasks;

use axum::Router;
use axum::routing::{any, get, post};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use std::future::Future;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use tokio::sync::broadcast;

pub use journal::LiveExchange;
pub use problem::{FieldError, Problem, ProblemDoc};
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

/// The lab's shared state. Clone it freely: everything is behind one `Arc`, except the extras'
/// own state (which is itself cheap to clone).
#[derive(Clone)]
pub struct LabState {
    shared: Arc<Shared>,
    /// State of the extra endpoint groups (`extras.rs`).
    pub extras: extras::ExtrasState,
}

struct Shared {
    config: LabConfig,
    started: SystemTime,
    journal: journal::Journal,
    tasks: tasks::Tasks,
    counter: std::sync::atomic::AtomicI64,
    metrics: metrics::Metrics,
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
        let tasks = tasks::Tasks::open().map_err(|e| {
            LabError::Runtime(std::io::Error::other(format!(
                "cannot create the in-memory tasks database: {e}"
            )))
        })?;
        Ok(Self {
            shared: Arc::new(Shared {
                config,
                started: SystemTime::now(),
                journal,
                tasks,
                counter: std::sync::atomic::AtomicI64::new(0),
                metrics: metrics::Metrics::default(),
            }),
            extras: extras::ExtrasState::default(),
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

    /// Back to the seed data: tasks, counter, extras. The journal and the metrics are history,
    /// not data, and are kept.
    pub fn reset(&self) {
        self.reset_traced(&Trace::default());
    }

    fn reset_traced(&self, trace: &Trace) {
        // The in-memory database cannot fail to take the seed it took at start.
        let _ = self.shared.tasks.reset(trace);
        self.shared
            .counter
            .store(0, std::sync::atomic::Ordering::SeqCst);
        self.extras.reset();
    }

    /// When the lab started.
    pub fn started(&self) -> SystemTime {
        self.shared.started
    }

    pub(crate) fn journal(&self) -> &journal::Journal {
        &self.shared.journal
    }

    pub(crate) fn tasks(&self) -> &tasks::Tasks {
        &self.shared.tasks
    }

    pub(crate) fn counter(&self) -> &std::sync::atomic::AtomicI64 {
        &self.shared.counter
    }

    pub(crate) fn metrics(&self) -> &metrics::Metrics {
        &self.shared.metrics
    }
}

/// The whole lab as an axum router (test it with `tower::ServiceExt::oneshot`).
///
/// Global rules wrap every route (see `global.rs`): a route that registers its own `OPTIONS`
/// handler (a CORS preflight) answers OPTIONS itself; for any other route the lab answers
/// 204 with `Allow` built from the route's methods.
pub fn router(state: LabState) -> Router {
    let core = Router::new()
        .route("/anything", any(echo::anything))
        .route("/anything/{*path}", any(echo::anything))
        .route("/echo", any(echo::anything))
        .route("/get", get(echo::method_echo))
        .route("/post", post(echo::method_echo))
        .route("/put", axum::routing::put(echo::method_echo))
        .route("/patch", axum::routing::patch(echo::method_echo))
        .route("/delete", axum::routing::delete(echo::method_echo))
        .route("/headers", get(echo::headers))
        .route("/ip", get(echo::ip))
        .route("/user-agent", get(echo::user_agent))
        .route(
            "/counter",
            get(echo::counter_get)
                .post(echo::counter_post)
                .put(echo::counter_put)
                .delete(echo::counter_delete),
        )
        .route("/status/{code}", any(echo::status))
        .route("/api/tasks", get(tasks::list).post(tasks::create))
        .route(
            "/api/tasks/{id}",
            get(tasks::read)
                .put(tasks::replace)
                .patch(tasks::patch)
                .delete(tasks::delete),
        )
        .route("/health", get(metrics::health))
        .route("/ready", get(metrics::ready))
        .route("/metrics", get(metrics::metrics))
        .route("/_lab/info", get(info))
        .route("/_lab/reset", post(reset))
        .route("/_lab/journal", get(journal_since))
        .route("/openapi.json", get(openapi::serve))
        .route("/_lab/problems/{slug}", get(problem::describe));
    let routed = core
        .merge(extras::routes())
        .fallback(global::not_found)
        .layer(axum::middleware::from_fn(journal::mark_route))
        .with_state(state.clone());
    // The rules and the journal wrap the routed app as a whole, so they see the final
    // response, `Allow` included (axum adds it to a 405 after per-route layers have run).
    Router::new()
        .fallback_service(routed)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            global::rules,
        ))
        .layer(axum::middleware::from_fn_with_state(state, journal::record))
}

async fn info(state: axum::extract::State<LabState>) -> axum::Json<serde_json::Value> {
    let started = httpdate::fmt_http_date(state.shared.started);
    axum::Json(serde_json::json!({
        "name": LAB_NAME,
        "version": env!("CARGO_PKG_VERSION"),
        "started": started,
        "journal": state.config().db.is_some(),
        "docs": "/openapi.json",
        "extras": extras::info(),
    }))
}

#[derive(serde::Deserialize)]
struct SinceQuery {
    since: Option<i64>,
}

/// `GET /_lab/journal?since=ID`: the exchanges after `ID` this lab process served (lab-local
/// ids, newest 200 kept in memory), with bodies as text.
async fn journal_since(
    state: axum::extract::State<LabState>,
    query: Result<axum::extract::Query<SinceQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<axum::Json<serde_json::Value>, Problem> {
    let since = match query {
        Ok(q) => q.since.unwrap_or(0),
        Err(_) => {
            return Err(Problem::invalid_field(
                "since",
                "since must be an exchange id (an integer), e.g. ?since=0",
            ));
        }
    };
    let items: Vec<serde_json::Value> = state
        .journal()
        .recent_since(since)
        .iter()
        .map(|x| {
            serde_json::json!({
                "id": x.id,
                "at": x.at,
                "client": x.client,
                "method": x.method,
                "path": x.path,
                "query": x.query,
                "request_headers": x.request_headers,
                "request_body": String::from_utf8_lossy(&x.request_body),
                "status": x.status,
                "response_headers": x.response_headers,
                "response_body": String::from_utf8_lossy(&x.response_body),
                "duration_us": x.duration_us,
                "trace": x.trace,
            })
        })
        .collect();
    let last = items
        .last()
        .map_or(since, |x| x["id"].as_i64().unwrap_or(since));
    Ok(axum::Json(serde_json::json!({
        "exchanges": items,
        "next": format!("/_lab/journal?since={last}"),
        "not_stored": state.journal().dropped(),
    })))
}

async fn reset(state: axum::extract::State<LabState>, trace: Trace) -> axum::http::StatusCode {
    trace.handler("lab::reset");
    state.reset_traced(&trace);
    axum::http::StatusCode::NO_CONTENT
}

/// Serve the lab on `listener` until `shutdown` completes, then let in-flight requests finish.
///
/// Each connection gets a request-head read timeout, a header count limit and a buffer cap, so
/// slow or malformed clients cannot hold the lab.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: LabState,
    shutdown: impl Future<Output = ()> + Send,
) -> std::io::Result<()> {
    let read_timeout = state.config().read_timeout;
    let app = router(state);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, client) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                // Out of file descriptors and the like: back off instead of spinning.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let service = hyper::service::service_fn(
            move |mut req: axum::http::Request<hyper::body::Incoming>| {
                req.extensions_mut()
                    .insert(axum::extract::ConnectInfo(client));
                tower::ServiceExt::oneshot(app.clone(), req)
            },
        );
        let watcher = graceful.watcher();
        tokio::spawn(async move {
            // A client that connects and sends nothing is dropped: hyper's header timer only
            // starts with the first byte.
            let mut first = [0u8; 1];
            match tokio::time::timeout(read_timeout, stream.peek(&mut first)).await {
                Ok(Ok(n)) if n > 0 => {}
                _ => return,
            }
            let mut builder = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new());
            builder
                .http1()
                .timer(TokioTimer::new())
                .header_read_timeout(read_timeout)
                .max_headers(MAX_HEADERS)
                .max_buf_size(64 * 1024);
            builder
                .http2()
                .timer(TokioTimer::new())
                .max_header_list_size(64 * 1024)
                .keep_alive_interval(Some(read_timeout));
            let conn = builder.serve_connection(TokioIo::new(stream), service);
            // Errors here are the client's (reset, garbage, timeout); the journal has no
            // exchange for them and the lab carries on.
            let _ = watcher.watch(conn).await;
        });
    }
    drop(listener);
    // In-flight requests finish; a connection that never does is cut after a grace period.
    let _ = tokio::time::timeout(state_grace(read_timeout), graceful.shutdown()).await;
    Ok(())
}

fn state_grace(read_timeout: Duration) -> Duration {
    HANDLER_TIMEOUT.max(read_timeout) + Duration::from_secs(2)
}

/// How [`start_background`] found the port.
#[derive(Debug)]
pub enum Running {
    /// This process started a lab; stop it with the handle (or by dropping it).
    Started { url: String, handle: LabHandle },
    /// Another backroad lab already serves this port; use it as it is.
    Attached { url: String },
}

/// A lab running on its own thread. Dropping it stops the lab.
#[derive(Debug)]
pub struct LabHandle {
    state: LabState,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl LabHandle {
    /// The running lab's state (to subscribe to its exchanges).
    pub fn state(&self) -> &LabState {
        &self.state
    }

    /// Stop accepting, let in-flight requests finish, flush the journal, and wait.
    pub fn stop(mut self) {
        self.stop_now();
    }

    fn stop_now(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        self.state.flush_journal();
    }
}

impl Drop for LabHandle {
    fn drop(&mut self) {
        self.stop_now();
    }
}

/// Bind `addr`, telling a port held by another backroad lab from one held by anything else.
pub fn bind(addr: SocketAddr) -> Result<std::net::TcpListener, LabError> {
    match std::net::TcpListener::bind(addr) {
        Ok(l) => Ok(l),
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
            if is_backroad_lab(addr) {
                Err(LabError::AlreadyRunning { url: url_for(addr) })
            } else {
                Err(LabError::PortTaken { addr })
            }
        }
        Err(source) => Err(LabError::Bind { addr, source }),
    }
}

/// The base URL of a lab on `addr`.
pub fn url_for(addr: SocketAddr) -> String {
    format!("http://{addr}")
}

/// Ask whatever listens on `addr` for `/_lab/info`; true when it says it is a backroad lab.
pub fn is_backroad_lab(addr: SocketAddr) -> bool {
    use std::io::{Read, Write};
    let probe = || -> std::io::Result<Vec<u8>> {
        let timeout = Duration::from_millis(500);
        let target = if addr.ip().is_unspecified() {
            SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), addr.port())
        } else {
            addr
        };
        let mut s = std::net::TcpStream::connect_timeout(&target, timeout)?;
        s.set_read_timeout(Some(timeout))?;
        s.set_write_timeout(Some(timeout))?;
        s.write_all(
            b"GET /_lab/info HTTP/1.0\r\nHost: localhost\r\nAccept: application/json\r\n\r\n",
        )?;
        let mut buf = Vec::new();
        s.take(64 * 1024).read_to_end(&mut buf)?;
        Ok(buf)
    };
    let Ok(raw) = probe() else { return false };
    let text = String::from_utf8_lossy(&raw);
    let Some((_, body)) = text.split_once("\r\n\r\n") else {
        return false;
    };
    serde_json::from_str::<serde_json::Value>(body).is_ok_and(|v| v["name"] == LAB_NAME)
}

/// Start the lab on its own thread and runtime (for the TUI), or find one already running.
pub fn start_background(config: LabConfig) -> Result<Running, LabError> {
    let addr = config.addr();
    let listener = match bind(addr) {
        Ok(l) => l,
        Err(LabError::AlreadyRunning { url }) => return Ok(Running::Attached { url }),
        Err(e) => return Err(e),
    };
    let local = listener.local_addr().map_err(LabError::Runtime)?;
    listener.set_nonblocking(true).map_err(LabError::Runtime)?;
    let state = LabState::new(config)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("backroad-lab")
        .enable_all()
        .build()
        .map_err(LabError::Runtime)?;
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let thread_state = state.clone();
    let thread = std::thread::Builder::new()
        .name("backroad-lab".into())
        .spawn(move || {
            runtime.block_on(async move {
                let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                    return;
                };
                let _ = serve(listener, thread_state, async {
                    let _ = stop_rx.await;
                })
                .await;
            });
        })
        .map_err(LabError::Runtime)?;
    Ok(Running::Started {
        url: url_for(local),
        handle: LabHandle {
            state,
            stop: Some(stop_tx),
            thread: Some(thread),
        },
    })
}
