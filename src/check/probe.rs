//! The one TCP probe of the checker: does something listen at a target, and does it answer in
//! HTTP? Used to wait for a learner's server before a server check, and to say whether the lab
//! is running when a lab check finds no requests.

use crate::exchange::CHECKER_HEADER;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Why a target never answered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unreachable {
    #[error("nothing is listening at {0} (connection refused)")]
    /// Connection refused: no server on that port.
    NothingListening(String),
    #[error("something at {0} accepted the connection but did not answer in HTTP: it sent `{1}`")]
    /// The first bytes back were not an HTTP status line.
    NotHttp(String, String),
    #[error("something at {0} accepted the connection but sent nothing back within {1:?}")]
    /// Connected, but nothing came back in time.
    Silent(String, Duration),
    #[error("the connection to {0} was reset or closed before any answer")]
    /// Connected, then the connection was reset or closed.
    Reset(String),
    #[error("cannot connect to {0}: {1}")]
    /// Any other connection failure (timeout, no route, DNS).
    Other(String, String),
}

/// How long the checker waits for a target to accept connections.
pub const WAIT_BOUND: Duration = Duration::from_secs(5);

/// Wait (polling with backoff, up to `bound`) until `host:port` accepts a connection and
/// answers a `HEAD` in HTTP. `plain_http` false (https) only waits for the connection.
pub async fn wait_for_target(
    host: &str,
    port: u16,
    path: &str,
    plain_http: bool,
    bound: Duration,
) -> Result<(), Unreachable> {
    let addr = format!("{host}:{port}");
    let deadline = Instant::now() + bound;
    let mut pause = Duration::from_millis(25);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let attempt = probe(
            &addr,
            host,
            path,
            plain_http,
            left.max(Duration::from_millis(200)),
        )
        .await;
        match attempt {
            Ok(()) => return Ok(()),
            // A definite answer in another protocol will not change by waiting.
            Err(e @ Unreachable::NotHttp(..)) => return Err(e),
            Err(e) => {
                if Instant::now() + pause >= deadline {
                    return Err(e);
                }
            }
        }
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(Duration::from_millis(500));
    }
}

async fn probe(
    addr: &str,
    host: &str,
    path: &str,
    plain_http: bool,
    limit: Duration,
) -> Result<(), Unreachable> {
    let connect = tokio::time::timeout(
        limit.min(Duration::from_secs(2)),
        tokio::net::TcpStream::connect(addr),
    )
    .await;
    let mut stream = match connect {
        Err(_) => {
            return Err(Unreachable::Other(
                addr.into(),
                "the connection attempt timed out".into(),
            ));
        }
        Ok(Err(e)) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
            return Err(Unreachable::NothingListening(addr.into()));
        }
        Ok(Err(e)) if e.kind() == std::io::ErrorKind::ConnectionReset => {
            return Err(Unreachable::Reset(addr.into()));
        }
        Ok(Err(e)) => return Err(Unreachable::Other(addr.into(), e.to_string())),
        Ok(Ok(s)) => s,
    };
    if !plain_http {
        return Ok(());
    }
    let path = if path.is_empty() { "/" } else { path };
    let hello = format!(
        "HEAD {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: backroad-check\r\n{CHECKER_HEADER}: 1\r\nConnection: close\r\n\r\n"
    );
    if stream.write_all(hello.as_bytes()).await.is_err() {
        return Err(Unreachable::Reset(addr.into()));
    }
    let mut buf = [0u8; 64];
    let wait = Duration::from_secs(2);
    match tokio::time::timeout(wait, stream.read(&mut buf)).await {
        Err(_) => Err(Unreachable::Silent(addr.into(), wait)),
        Ok(Ok(0)) => Err(Unreachable::Reset(addr.into())),
        Ok(Err(_)) => Err(Unreachable::Reset(addr.into())),
        Ok(Ok(n)) => {
            if buf[..n].starts_with(b"HTTP/") || (n < 5 && b"HTTP/".starts_with(&buf[..n])) {
                Ok(())
            } else {
                let seen: String = String::from_utf8_lossy(&buf[..n])
                    .chars()
                    .take(30)
                    .map(|c| if c.is_control() { '.' } else { c })
                    .collect();
                Err(Unreachable::NotHttp(addr.into(), seen))
            }
        }
    }
}

/// Whether something accepts connections at the host and port of `base`.
pub(super) fn listening(base: &str) -> bool {
    let Ok(url) = reqwest::Url::parse(base) else {
        return false;
    };
    let Ok(addrs) = url.socket_addrs(|| None) else {
        return false;
    };
    addrs
        .iter()
        .any(|a| std::net::TcpStream::connect_timeout(a, Duration::from_millis(300)).is_ok())
}
