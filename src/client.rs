//! The one shared reqwest [`Client`]: sends a [`RequestSpec`] and reads the whole answer, or
//! says in a [`SendError`] why none came. The request and response types live in
//! [`crate::exchange`].

use crate::exchange::{CHECKER_HEADER, Received, RequestSpec, SendError};
use std::time::{Duration, Instant};

/// The shared HTTP client: one reqwest client (connection pool), no proxy (the targets are on
/// this machine), redirects not followed (a check looks at the 3xx itself), bounded timeouts.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
}

/// Connect timeout of the shared client.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Default time allowed for a whole exchange.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

impl Client {
    /// Build the client for the learner's own requests.
    pub fn build() -> Result<Client, SendError> {
        Self::build_with(reqwest::header::HeaderMap::new())
    }

    /// Build the checker's client: every request carries [`CHECKER_HEADER`], so a lab that
    /// receives it (a server check pointed at the lab, a proof) does not count it as the
    /// learner's traffic.
    pub fn checker() -> Result<Client, SendError> {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            CHECKER_HEADER,
            reqwest::header::HeaderValue::from_static("1"),
        );
        Self::build_with(headers)
    }

    fn build_with(headers: reqwest::header::HeaderMap) -> Result<Client, SendError> {
        let http = reqwest::Client::builder()
            .no_proxy()
            .default_headers(headers)
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            .user_agent(concat!("backroad/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| SendError::Other(format!("cannot build the HTTP client: {e}")))?;
        Ok(Client { http })
    }

    /// Send `req` (a path is resolved against `base`) and read the whole answer.
    pub async fn send(
        &self,
        req: &RequestSpec,
        base: &str,
        timeout: Option<Duration>,
    ) -> Result<Received, SendError> {
        let url = req.url(base);
        let method = reqwest::Method::from_bytes(req.method.as_bytes())
            .map_err(|_| SendError::Invalid(format!("`{}` is not an HTTP method", req.method)))?;
        let mut builder = self.http.request(method, &url);
        for (k, v) in &req.headers {
            builder = builder.header(k, v);
        }
        if let Some(body) = &req.body {
            builder = builder.body(body.clone());
        }
        let limit = timeout.unwrap_or(REQUEST_TIMEOUT);
        builder = builder.timeout(limit);
        let started = Instant::now();
        let resp = builder
            .send()
            .await
            .map_err(|e| classify(&e, &url, limit))?;
        let status = resp.status().as_u16();
        let headers = resp
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let body = resp
            .bytes()
            .await
            .map_err(|e| classify(&e, &url, limit))?
            .to_vec();
        Ok(Received {
            status,
            headers,
            body,
            duration: started.elapsed(),
        })
    }
}

fn classify(e: &reqwest::Error, url: &str, limit: Duration) -> SendError {
    if e.is_timeout() {
        return SendError::Timeout(limit);
    }
    if e.is_builder() {
        return SendError::Invalid(e.to_string());
    }
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    let mut text = String::new();
    while let Some(s) = source {
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            match io.kind() {
                std::io::ErrorKind::ConnectionRefused => return SendError::Refused(url.into()),
                std::io::ErrorKind::ConnectionReset
                | std::io::ErrorKind::ConnectionAborted
                | std::io::ErrorKind::UnexpectedEof
                | std::io::ErrorKind::BrokenPipe => return SendError::Reset,
                _ => {}
            }
        }
        text = s.to_string();
        source = s.source();
    }
    let lower = text.to_lowercase();
    if lower.contains("invalid http") || lower.contains("parse") || lower.contains("invalid status")
    {
        SendError::NotHttp(text)
    } else if lower.contains("connection closed") || lower.contains("incomplete message") {
        SendError::Reset
    } else if lower.contains("refused") {
        SendError::Refused(url.into())
    } else {
        SendError::Other(text)
    }
}
