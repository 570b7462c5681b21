//! The journal: every exchange, recorded by a middleware off the request path.
//!
//! [`record`] buffers the request body (enforcing the size limit and a read timeout), puts a
//! [`Trace`] in the request, and wraps the response body so its first bytes are kept as it
//! streams out. When the body ends (or is dropped), the finished [`Exchange`] goes to the live
//! listeners and over a channel to a writer thread that batches it into the progress database.

use super::{LabState, MAX_BODY, Problem, Trace};
use crate::exchange::Exchange;
use crate::store::Store;
use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body::Frame;
use http_body_util::BodyExt;
use std::collections::VecDeque;
use std::net::SocketAddr;
use std::path::Path;
use std::pin::Pin;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::task::{Context, Poll};
use std::time::{Duration, Instant, SystemTime};
use tokio::sync::broadcast;

/// How much of each body the journal keeps.
pub const BODY_CAP: usize = 64 * 1024;
/// How many recent exchanges the lab keeps in memory for `/_lab/journal`.
const RECENT_KEEP: usize = 200;
/// Exchanges waiting for the writer; beyond this they are dropped rather than slow requests.
const QUEUE: usize = 2048;

/// A finished exchange as live listeners receive it.
pub type LiveExchange = Arc<Exchange>;

enum Msg {
    Exchange(LiveExchange),
    Flush(mpsc::Sender<()>),
}

/// The journal's ends: the writer thread's queue, live listeners, and the recent ring.
pub(crate) struct Journal {
    tx: Option<mpsc::SyncSender<Msg>>,
    writer: Option<std::thread::JoinHandle<()>>,
    live: broadcast::Sender<LiveExchange>,
    recent: Mutex<VecDeque<LiveExchange>>,
    next_id: AtomicI64,
    dropped: AtomicI64,
}

impl Journal {
    /// Start the writer thread on `db`, or keep exchanges in memory only.
    pub(crate) fn open(db: Option<&Path>) -> Result<Self, super::LabError> {
        let (tx, writer) = match db {
            Some(path) => {
                let store = Store::open(path)?;
                let (tx, rx) = mpsc::sync_channel(QUEUE);
                let writer = std::thread::Builder::new()
                    .name("backroad-journal".into())
                    .spawn(move || write_loop(store, rx))
                    .map_err(super::LabError::Runtime)?;
                (Some(tx), Some(writer))
            }
            None => (None, None),
        };
        Ok(Self {
            tx,
            writer,
            live: broadcast::channel(1024).0,
            recent: Mutex::new(VecDeque::with_capacity(RECENT_KEEP)),
            next_id: AtomicI64::new(1),
            dropped: AtomicI64::new(0),
        })
    }

    pub(crate) fn subscribe(&self) -> broadcast::Receiver<LiveExchange> {
        self.live.subscribe()
    }

    /// Block until the writer has stored everything sent so far (at most a few seconds).
    pub(crate) fn flush(&self) {
        let Some(tx) = &self.tx else { return };
        let (done_tx, done_rx) = mpsc::channel();
        if tx.send(Msg::Flush(done_tx)).is_ok() {
            let _ = done_rx.recv_timeout(Duration::from_secs(5));
        }
    }

    /// Exchanges the lab journalled, with lab-local ids greater than `after`, oldest first.
    pub(crate) fn recent_since(&self, after: i64) -> Vec<LiveExchange> {
        self.recent
            .lock()
            .map(|r| r.iter().filter(|x| x.id > after).cloned().collect())
            .unwrap_or_default()
    }

    /// How many exchanges were not stored because the writer fell behind.
    pub(crate) fn dropped(&self) -> i64 {
        self.dropped.load(Ordering::Relaxed)
    }

    fn push(&self, mut x: Exchange) {
        x.id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let x = Arc::new(x);
        // One copy shared by the writer, the recent ring and live listeners. The writer
        // ignores `id`: the database numbers rows itself.
        if let Some(tx) = &self.tx
            && tx.try_send(Msg::Exchange(x.clone())).is_err()
        {
            self.dropped.fetch_add(1, Ordering::Relaxed);
        }
        if let Ok(mut r) = self.recent.lock() {
            if r.len() == RECENT_KEEP {
                r.pop_front();
            }
            r.push_back(x.clone());
        }
        let _ = self.live.send(x);
    }
}

impl Drop for Journal {
    fn drop(&mut self) {
        drop(self.tx.take());
        if let Some(w) = self.writer.take() {
            let _ = w.join();
        }
    }
}

/// Most exchanges written in one transaction.
const BATCH: usize = 512;
/// How long the writer gathers a batch after the first exchange arrives: under load, fewer
/// and larger transactions; a check in another process still sees an exchange within a blink.
const GATHER: Duration = Duration::from_millis(10);

fn write_loop(mut store: Store, rx: mpsc::Receiver<Msg>) {
    let mut batch = Vec::with_capacity(BATCH);
    let mut waiting = Vec::new();
    while let Ok(first) = rx.recv() {
        if matches!(first, Msg::Exchange(_)) {
            // Let more arrive without waking this thread for each one.
            std::thread::sleep(GATHER);
        }
        let mut next = Some(first);
        while let Some(msg) = next.take() {
            match msg {
                Msg::Exchange(x) => batch.push(x),
                Msg::Flush(done) => waiting.push(done),
            }
            if batch.len() < BATCH {
                next = rx.try_recv().ok();
            }
        }
        if !batch.is_empty() {
            // A failed write (disk full, locked too long) loses this batch, not the lab.
            let _ = store.insert_exchanges(batch.iter().map(|x| &**x));
            batch.clear();
        }
        for done in waiting.drain(..) {
            let _ = done.send(());
        }
    }
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// The current `Date` value, formatted once per second per thread.
fn http_date() -> HeaderValue {
    thread_local! {
        static CACHE: std::cell::RefCell<(u64, HeaderValue)> =
            const { std::cell::RefCell::new((u64::MAX, HeaderValue::from_static(""))) };
    }
    let now = SystemTime::now();
    let secs = now
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.0 != secs {
            let text = httpdate::fmt_http_date(now);
            c.1 = HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static(""));
            c.0 = secs;
        }
        c.1.clone()
    })
}

fn header_pairs(h: &HeaderMap) -> Vec<(String, String)> {
    h.iter()
        .map(|(k, v)| {
            (
                k.as_str().to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect()
}

fn capped(b: &[u8]) -> Vec<u8> {
    b[..b.len().min(BODY_CAP)].to_vec()
}

/// Where the routed app tells the journal which route pattern matched.
#[derive(Debug, Clone, Default)]
pub(crate) struct RouteSlot(Arc<std::sync::OnceLock<MatchedPath>>);

impl RouteSlot {
    fn get(&self) -> Option<MatchedPath> {
        self.0.get().cloned()
    }
}

/// Per-route middleware: note the matched pattern in the trace and for the metrics.
pub(crate) async fn mark_route(req: Request, next: Next) -> Response {
    if let Some(p) = req.extensions().get::<MatchedPath>() {
        if let Some(t) = req.extensions().get::<Trace>() {
            t.route(p.as_str());
        }
        if let Some(slot) = req.extensions().get::<RouteSlot>() {
            let _ = slot.0.set(p.clone());
        }
    }
    next.run(req).await
}

/// The journal middleware (outermost): buffer, trace, time and record every exchange.
pub(crate) async fn record(State(state): State<LabState>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let at = now_ms();
    let trace = Trace::start();
    let (mut parts, body) = req.into_parts();
    let route = RouteSlot::default();
    parts.extensions.insert(route.clone());
    let client = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.to_string())
        .unwrap_or_default();
    let mut exchange = Exchange {
        at,
        method: parts.method.to_string(),
        path: parts.uri.path().to_string(),
        query: parts.uri.query().unwrap_or("").to_string(),
        request_headers: header_pairs(&parts.headers),
        client,
        ..Default::default()
    };
    let body = read_body(&parts.headers, body, state.config().read_timeout).await;
    let is_head = parts.method == axum::http::Method::HEAD;
    let mut res = match body {
        Ok(bytes) => {
            exchange.request_body = capped(&bytes);
            parts.extensions.insert(trace.clone());
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Err(problem) => {
            let mut res = problem.into_response();
            // The rest of the body was not read: the connection cannot be reused.
            res.headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
            res
        }
    };
    if !res.headers().contains_key(header::DATE) {
        res.headers_mut().insert(header::DATE, http_date());
    }
    exchange.status = res.status().as_u16();
    exchange.response_headers = header_pairs(res.headers());
    let (parts, body) = res.into_parts();
    let tap = Tap {
        inner: body,
        pending: Some(Pending {
            exchange,
            trace,
            start,
            state,
            route: route.get(),
            keep_body: !is_head,
        }),
    };
    Response::from_parts(parts, Body::new(tap))
}

async fn read_body(headers: &HeaderMap, body: Body, limit: Duration) -> Result<Bytes, Problem> {
    let too_large = || {
        Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the request body is over the lab's limit of {MAX_BODY} bytes (1 MiB)"),
        )
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY as u64) {
        return Err(too_large());
    }
    if http_body::Body::is_end_stream(&body) {
        // No body (most GETs): nothing to wait for, so no timer either.
        return Ok(Bytes::new());
    }
    let limited = http_body_util::Limited::new(body, MAX_BODY);
    match tokio::time::timeout(limit, limited.collect()).await {
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
        Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => Err(too_large()),
        Ok(Err(e)) => Err(Problem::bad_request(format!(
            "the request body could not be read: {e}"
        ))),
        Err(_) => Err(Problem::new(
            StatusCode::REQUEST_TIMEOUT,
            format!(
                "the request body did not arrive within {} s",
                limit.as_secs_f32()
            ),
        )),
    }
}

struct Pending {
    exchange: Exchange,
    trace: Trace,
    start: Instant,
    state: LabState,
    /// The matched route pattern (cheap to clone), or none (404, refused before routing).
    route: Option<MatchedPath>,
    keep_body: bool,
}

/// A response body that keeps its first [`BODY_CAP`] bytes and journals the exchange when it
/// ends or is dropped (HEAD, client gone).
struct Tap {
    inner: Body,
    pending: Option<Pending>,
}

impl Tap {
    fn finish(&mut self) {
        let Some(mut p) = self.pending.take() else {
            return;
        };
        let took = p.start.elapsed();
        p.exchange.duration_us = i64::try_from(took.as_micros()).unwrap_or(i64::MAX);
        p.state.metrics().observe(
            p.route.as_ref().map_or("(no route)", |r| r.as_str()),
            &p.exchange.method,
            p.exchange.status,
            took,
        );
        p.exchange.trace = p.trace.journal_steps();
        p.state.journal().push(p.exchange);
    }
}

impl http_body::Body for Tap {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = &mut *self;
        let polled = Pin::new(&mut this.inner).poll_frame(cx);
        match &polled {
            Poll::Ready(Some(Ok(frame))) => {
                if let (Some(data), Some(p)) = (frame.data_ref(), this.pending.as_mut()) {
                    let room = BODY_CAP.saturating_sub(p.exchange.response_body.len());
                    if p.keep_body && room > 0 {
                        p.exchange
                            .response_body
                            .extend_from_slice(&data[..data.len().min(room)]);
                    }
                }
            }
            Poll::Ready(None) | Poll::Ready(Some(Err(_))) => this.finish(),
            Poll::Pending => {}
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

impl Drop for Tap {
    fn drop(&mut self) {
        self.finish();
    }
}
