//! Private labs for proofs: a pool of labs on port 0, each with its own journal database, and
//! lab proofs sent through the real client.

use super::World;
use crate::check::Report;
use crate::check::assess::{capture, new_report};
use crate::check::eval;
use crate::check::lab::run_lab;
use crate::check::server::{GoOn, check_server, step_request};
use crate::course::Exercise;
use crate::course::exercise::{LabSpec, ServerSpec, Step};
use crate::exchange::Exchange;
use crate::lab::{LabConfig, LabState};
use crate::store::Store;
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// One private lab.
struct Lab {
    state: LabState,
    base: String,
    /// Reads the lab's journal.
    store: Mutex<Store>,
}

/// Labs lent to one proof at a time.
pub struct Pool {
    free: tokio::sync::Mutex<Vec<Lab>>,
    available: tokio::sync::Semaphore,
    stops: Vec<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for Pool {
    fn drop(&mut self) {
        for tx in self.stops.drain(..) {
            let _ = tx.send(());
        }
    }
}

impl Pool {
    /// Start `n` labs on 127.0.0.1:0 in the current runtime, journalling under `dir`.
    pub async fn start(n: usize, dir: &Path) -> anyhow::Result<Pool> {
        let mut labs = Vec::new();
        let mut stops = Vec::new();
        for i in 0..n.max(1) {
            let db = dir.join(format!("lab-{i}.db"));
            let state = LabState::new(LabConfig::new(0, Some(db.clone())))?;
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
            let base = crate::lab::url_for(listener.local_addr()?);
            let (tx, rx) = tokio::sync::oneshot::channel::<()>();
            tokio::spawn(crate::lab::serve(listener, state.clone(), async {
                let _ = rx.await;
            }));
            stops.push(tx);
            labs.push(Lab {
                state,
                base,
                store: Mutex::new(Store::open(&db)?),
            });
        }
        Ok(Pool {
            available: tokio::sync::Semaphore::new(labs.len()),
            free: tokio::sync::Mutex::new(labs),
            stops,
        })
    }

    async fn take(&self) -> Lab {
        let permit = self.available.acquire().await;
        if let Ok(p) = permit {
            p.forget();
        }
        self.free
            .lock()
            .await
            .pop()
            .expect("a permit means a free lab")
    }

    async fn give(&self, lab: Lab) {
        self.free.lock().await.push(lab);
        self.available.add_permits(1);
    }
}

impl Lab {
    /// Back to the seed data, and the journal position from which this proof's exchanges
    /// start.
    fn fresh(&self) -> Result<i64, String> {
        self.state.reset();
        self.state.flush_journal();
        let store = self
            .store
            .lock()
            .map_err(|_| "the journal lock is poisoned")?;
        store.journal_head().map_err(|e| e.to_string())
    }

    /// The exchanges journalled after `head`, once `expected` of them are there (or a
    /// second has passed: the journal records an exchange when its body has been sent).
    async fn journalled(&self, head: i64, expected: usize) -> Result<Vec<Exchange>, String> {
        let deadline = Instant::now() + Duration::from_secs(2);
        loop {
            self.state.flush_journal();
            let got = {
                let store = self
                    .store
                    .lock()
                    .map_err(|_| "the journal lock is poisoned")?;
                store
                    .journal_since(head, 0, 10_000)
                    .map_err(|e| e.to_string())?
            };
            if got.len() >= expected || Instant::now() >= deadline {
                return Ok(got);
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}

/// Send `steps` through the client to `base`, with captures and delays. Returns how many
/// requests were answered.
pub async fn send_steps(
    steps: &[Step],
    base: &str,
    client: &crate::client::Client,
) -> Result<usize, String> {
    let mut vars = eval::run_vars();
    let mut sent = 0;
    for (i, step) in steps.iter().enumerate() {
        if !step.delay.is_zero() {
            tokio::time::sleep(step.delay).await;
        }
        let (req, url) = step_request(step, base, &vars, false)
            .map_err(|e| format!("request {}: {e}", i + 1))?;
        let got = client
            .send(&req, base, step.request.timeout)
            .await
            .map_err(|e| format!("request {} ({} {url}): {e}", i + 1, req.method))?;
        sent += 1;
        let parsed = reqwest::Url::parse(&url).ok();
        let x = Exchange {
            method: req.method.clone(),
            path: parsed
                .as_ref()
                .map_or(String::new(), |u| u.path().to_string()),
            query: parsed
                .as_ref()
                .and_then(|u| u.query())
                .unwrap_or("")
                .to_string(),
            request_headers: req.headers.clone(),
            request_body: req.body.clone().unwrap_or_default().into_bytes(),
            status: got.status,
            response_headers: got.headers,
            response_body: got.body,
            duration_us: got.duration.as_micros() as i64,
            ..Default::default()
        };
        capture(&step.captures, &x, &mut vars).map_err(|e| {
            format!(
                "request {} ({} {url}) answered {}: {e}",
                i + 1,
                req.method,
                got.status
            )
        })?;
    }
    Ok(sent)
}

/// A lab proof: send the sequence to a fresh private lab, then check the exercise against
/// exactly what the lab journalled for it.
pub async fn prove_sequence(
    ex: &Exercise,
    spec: &LabSpec,
    steps: &[Step],
    world: &World,
) -> Result<Report, String> {
    let lab = world.labs.take().await;
    let out = async {
        let head = lab.fresh()?;
        let sent = send_steps(steps, &lab.base, &world.client).await?;
        let exchanges = lab.journalled(head, sent).await?;
        Ok(run_lab(ex, spec, &exchanges, &lab.base))
    }
    .await;
    world.labs.give(lab).await;
    out
}

/// A server proof against the private lab under `prefix` (`/api`); `Err` when the exercise is
/// broken (see [`crate::check::preflight`]).
pub async fn prove_server(
    ex: &Exercise,
    spec: &ServerSpec,
    prefix: &str,
    world: &World,
) -> Result<Report, String> {
    let lab = world.labs.take().await;
    let _ = lab.fresh();
    let url = format!("{}{}", lab.base, prefix);
    let report = match reqwest::Url::parse(&url) {
        Ok(url) => check_server(ex, spec, &url, false, &world.client, GoOn::Stop, |_| {})
            .await
            .map_err(|b| b.0),
        Err(e) => {
            let mut r = new_report(ex);
            r.verdict = crate::check::Verdict::Unreachable;
            r.summary = format!("{url} is not a URL: {e}");
            Ok(r)
        }
    };
    world.labs.give(lab).await;
    report
}
