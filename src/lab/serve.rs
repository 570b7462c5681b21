//! Running the lab: [`serve`] on a listener with the connection limits and graceful shutdown,
//! [`start_background`] on its own thread for the TUI, and [`bind`], which tells a port held
//! by another backroad lab from one held by anything else.

use super::{HANDLER_TIMEOUT, LAB_NAME, LabConfig, LabError, LabState, MAX_HEADERS, router};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use std::future::Future;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Duration;

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
    let request = format!(
        "GET /_lab/info HTTP/1.0\r\nHost: localhost\r\nAccept: application/json\r\n{}: 1\r\n\r\n",
        crate::exchange::CHECKER_HEADER
    );
    ask(addr, &request, Duration::from_millis(500)).is_some_and(|v| v["name"] == LAB_NAME)
}

/// Ask the lab on `127.0.0.1:port`, if one runs, to write its journal out now (so a check
/// right after a request sees it), and return when that lab started (ms since the epoch).
/// `None` when no backroad lab answers there. The request is marked as the checker's own.
pub fn flush_running(port: u16) -> Option<i64> {
    let addr = SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), port);
    let request = format!(
        "POST /_lab/flush HTTP/1.0\r\nHost: localhost\r\nAccept: application/json\r\n{}: 1\r\nContent-Length: 0\r\n\r\n",
        crate::exchange::CHECKER_HEADER
    );
    // The journal waits at most a few seconds for its writer.
    let answer = ask(addr, &request, Duration::from_secs(6))?;
    answer["started_ms"].as_i64()
}

/// Send one HTTP/1.0 request to `addr` and read its JSON body (within `timeout` per step).
fn ask(addr: SocketAddr, request: &str, timeout: Duration) -> Option<serde_json::Value> {
    use std::io::{Read, Write};
    let probe = || -> std::io::Result<Vec<u8>> {
        let target = if addr.ip().is_unspecified() {
            SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), addr.port())
        } else {
            addr
        };
        let mut s = std::net::TcpStream::connect_timeout(&target, Duration::from_millis(500))?;
        s.set_read_timeout(Some(timeout))?;
        s.set_write_timeout(Some(timeout))?;
        s.write_all(request.as_bytes())?;
        let mut buf = Vec::new();
        s.take(64 * 1024).read_to_end(&mut buf)?;
        Ok(buf)
    };
    let raw = probe().ok()?;
    let text = String::from_utf8_lossy(&raw);
    let (_, body) = text.split_once("\r\n\r\n")?;
    serde_json::from_str(body).ok()
}

/// Start the lab on its own thread and runtime (for the TUI), or find one already running.
pub fn start_background(config: LabConfig) -> Result<Running, LabError> {
    let addr = config.addr();
    let listener = match bind(addr) {
        Ok(l) => l,
        Err(LabError::AlreadyRunning { url }) => return Ok(Running::Attached { url }),
        Err(e) => return Err(e),
    };
    run_on(listener, config)
}

/// Start the lab on its port if nothing holds it now (the lab this process used has gone),
/// without asking whatever holds it who it is. `None` while the port is taken.
pub fn start_if_free(config: LabConfig) -> Result<Option<LabHandle>, LabError> {
    let addr = config.addr();
    let listener = match std::net::TcpListener::bind(addr) {
        Ok(l) => l,
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => return Ok(None),
        Err(source) => return Err(LabError::Bind { addr, source }),
    };
    match run_on(listener, config)? {
        Running::Started { handle, .. } => Ok(Some(handle)),
        Running::Attached { .. } => Ok(None),
    }
}

/// Serve the lab on `listener` from a thread and runtime of its own.
fn run_on(listener: std::net::TcpListener, config: LabConfig) -> Result<Running, LabError> {
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
