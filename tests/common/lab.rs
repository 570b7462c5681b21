//! The one lab harness: a real lab on a free port of 127.0.0.1 with its own progress.db, a
//! client that does not follow redirects (the 3xx is the point), raw sockets for hostile
//! clients, the problem+json check, and the lab in the background for tests of the binary.

use backroad::lab::{self, LabConfig, LabHandle, LabState, Running};
use reqwest::{Method, header};
use serde_json::Value;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A lab served on a free port until [`Lab::shutdown`] or drop.
pub struct Lab {
    pub url: String,
    pub addr: SocketAddr,
    pub state: LabState,
    pub db: PathBuf,
    pub stop: Option<tokio::sync::oneshot::Sender<()>>,
    pub served: tokio::task::JoinHandle<std::io::Result<()>>,
    /// Does not follow redirects.
    pub http: reqwest::Client,
    _dir: tempfile::TempDir,
}

impl Lab {
    /// The lab as `backroad lab` runs it.
    pub async fn start() -> Self {
        Self::start_tuned(|_| {}, |_| {}).await
    }

    /// With its configuration changed first (limits, timeouts).
    pub async fn start_with(tune: impl FnOnce(&mut LabConfig)) -> Self {
        Self::start_tuned(tune, |_| {}).await
    }

    /// With its configuration, then its state, changed first (a known JWT secret, say).
    pub async fn start_tuned(
        tune: impl FnOnce(&mut LabConfig),
        tune_state: impl FnOnce(&mut LabState),
    ) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("progress.db");
        let mut config = LabConfig::new(0, Some(db.clone()));
        tune(&mut config);
        let mut state = LabState::new(config).unwrap();
        tune_state(&mut state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let served = tokio::spawn(lab::serve(listener, state.clone(), async {
            let _ = rx.await;
        }));
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .build()
            .unwrap();
        Self {
            url: format!("http://{addr}"),
            addr,
            state,
            db,
            stop: Some(tx),
            served,
            http,
            _dir: dir,
        }
    }

    pub fn req(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.http.request(method, format!("{}{path}", self.url))
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.req(Method::GET, path).send().await.unwrap()
    }

    pub async fn json(&self, method: Method, path: &str, body: Value) -> reqwest::Response {
        self.req(method, path).json(&body).send().await.unwrap()
    }

    pub async fn post_json(&self, path: &str, body: Value) -> reqwest::Response {
        self.json(Method::POST, path, body).await
    }

    /// Send raw bytes on a fresh connection and read until the server closes it or `bound`.
    pub async fn raw(&self, bytes: &[u8], bound: Duration) -> String {
        let mut s = TcpStream::connect(self.addr).await.unwrap();
        s.write_all(bytes).await.unwrap();
        let mut out = Vec::new();
        let _ = tokio::time::timeout(bound, s.read_to_end(&mut out)).await;
        String::from_utf8_lossy(&out).into_owned()
    }

    pub async fn still_answers(&self) {
        let res = self.get("/health").await;
        assert_eq!(res.status(), 200);
    }

    /// Stop it and wait until it has stopped.
    pub async fn shutdown(mut self) {
        let _ = self.stop.take().unwrap().send(());
        tokio::time::timeout(Duration::from_secs(20), &mut self.served)
            .await
            .expect("the lab stops")
            .unwrap()
            .unwrap();
    }
}

/// A header's value (panics when missing).
pub fn header(res: &reqwest::Response, name: &str) -> String {
    res.headers()
        .get(name)
        .unwrap_or_else(|| panic!("no {name} header in {res:?}"))
        .to_str()
        .unwrap()
        .to_string()
}

/// An RFC 9457 problem with `status`: the media type, a Date, and the members a client reads.
pub async fn problem(res: reqwest::Response, status: u16) -> Value {
    assert_eq!(res.status(), status, "{res:?}");
    assert_eq!(header(&res, "content-type"), "application/problem+json");
    assert!(res.headers().contains_key(header::DATE));
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["status"], status);
    assert!(v["title"].is_string() && v["detail"].is_string() && v["type"].is_string());
    v
}

/// The lab in the background (its own runtime) journalling into `home`'s progress.db, for
/// tests of the binary against it; returns its URL.
pub fn background(home: &Path) -> (String, LabHandle) {
    let config = LabConfig::new(0, Some(home.join("progress.db")));
    match lab::start_background(config).expect("the lab starts") {
        Running::Started { url, handle } => (url, handle),
        Running::Attached { .. } => panic!("port 0 cannot be taken"),
    }
}
