//! Checking one exercise end to end, shared by `backroad check` and the tutor: a lab exercise
//! over the journal since a time, a server exercise after waiting for its target, and the
//! target rules (http(s), a host, on this machine unless allowed).

use super::outcome::StepOutcome;
use super::run::{self, WAIT_BOUND};
use super::{Report, Verdict};
use crate::client::Client;
use crate::course::Exercise;
use crate::course::exercise::{LabSpec, ServerSpec};
use crate::store::Store;
use std::time::Duration;

/// Why a target URL is refused. The text reads after the flag or field that held it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    /// Not an http:// or https:// URL.
    #[error("\"{0}\" must be a URL starting with http:// or https://, like http://127.0.0.1:8000")]
    Scheme(String),
    /// Not a URL at all.
    #[error("\"{0}\" is not a valid URL: {1}")]
    Invalid(String, String),
    /// No host to connect to.
    #[error("\"{0}\" has no host")]
    NoHost(String),
    /// Off this machine, and remote targets were not allowed.
    #[error(
        "refusing to send requests to {0}: it is not on this machine. Server checks send \
         several requests, some that create and delete data"
    )]
    Remote(String),
}

/// A target URL checked for the learner: http(s), with a host, on loopback unless
/// `allow_remote`.
pub fn parse_target(raw: &str, allow_remote: bool) -> Result<reqwest::Url, TargetError> {
    if !(raw.starts_with("http://") || raw.starts_with("https://")) {
        return Err(TargetError::Scheme(raw.to_string()));
    }
    let url = reqwest::Url::parse(raw)
        .map_err(|e| TargetError::Invalid(raw.to_string(), e.to_string()))?;
    let Some(host) = url.host_str() else {
        return Err(TargetError::NoHost(raw.to_string()));
    };
    let bare = host.trim_matches(['[', ']']);
    let loopback = match bare.parse::<std::net::IpAddr>() {
        Ok(ip) => ip.is_loopback(),
        Err(_) => bare.eq_ignore_ascii_case("localhost"),
    };
    if !loopback && !allow_remote {
        return Err(TargetError::Remote(host.to_string()));
    }
    Ok(url)
}

/// Check a lab exercise against what the lab journalled since `since_ms`. `why` says where
/// that time comes from ("when you opened the exercise"). With no requests at all, the report
/// says so and whether anything listens at `lab_base`.
pub fn check_lab(
    store: &Store,
    ex: &Exercise,
    spec: &LabSpec,
    since_ms: i64,
    why: &str,
    lab_base: &str,
) -> crate::store::Result<Report> {
    let exchanges = store.journal_since(0, since_ms, 10_000)?;
    let mut report = run::run_lab(ex, spec, &exchanges, lab_base);
    if exchanges.is_empty() {
        let lab = if listening(lab_base) {
            format!("The lab is running at {lab_base}: send your request there, then check again.")
        } else {
            format!(
                "Nothing is listening at {lab_base}: start the lab with `backroad lab` (or from the tutor), send your request, then check again."
            )
        };
        report.message = Some(format!(
            "The lab received no requests since {} ({why}).\n{lab}",
            clock(since_ms)
        ));
        report.summarise();
    }
    Ok(report)
}

/// Whether something accepts connections at the host and port of `base`.
fn listening(base: &str) -> bool {
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

/// A time in ms as `2026-11-23 14:00:00 UTC`.
pub fn clock(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(ms as i128 * 1_000_000)
        .ok()
        .and_then(|t| {
            t.format(time::macros::format_description!(
                "[year]-[month]-[day] [hour]:[minute]:[second] UTC"
            ))
            .ok()
        })
        .unwrap_or_else(|| ms.to_string())
}

/// Check a server exercise at `url` (from [`parse_target`]): wait up to [`WAIT_BOUND`] for it
/// to answer, then fire the steps. A target that never answers gives an `Unreachable` report
/// that says how to start the server. `on_step` hears each step as it completes.
pub async fn check_server(
    ex: &Exercise,
    spec: &ServerSpec,
    url: &reqwest::Url,
    client: &Client,
    on_step: impl FnMut(&StepOutcome),
) -> Report {
    let host = url
        .host_str()
        .unwrap_or("127.0.0.1")
        .trim_matches(['[', ']']);
    let host = if host.contains(':') {
        format!("[{host}]")
    } else {
        host.to_string()
    };
    let port = url.port_or_known_default().unwrap_or(80);
    let base = url.as_str().trim_end_matches('/').to_string();
    let waited =
        run::wait_for_target(&host, port, url.path(), url.scheme() == "http", WAIT_BOUND).await;
    if let Err(why) = waited {
        let mut report = run::new_report(ex);
        report.target = Some(base);
        report.verdict = Verdict::Unreachable;
        let start = spec.start_hint.clone().unwrap_or_else(|| {
            format!(
                "Start your server, then run: backroad check {} --target URL",
                ex.id
            )
        });
        report.message = Some(format!(
            "Waited {}s for the server and gave up: {why}.\n{start}",
            WAIT_BOUND.as_secs()
        ));
        report.summary = format!("not checked: {why}");
        return report;
    }
    run::run_server_with(ex, spec, &base, client, on_step).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_must_be_http_urls_on_this_machine() {
        assert!(parse_target("http://127.0.0.1:8000", false).is_ok());
        assert!(parse_target("http://localhost:8000/api", false).is_ok());
        assert!(parse_target("http://[::1]:8000", false).is_ok());
        assert_eq!(
            parse_target("127.0.0.1:8000", false),
            Err(TargetError::Scheme("127.0.0.1:8000".into()))
        );
        assert_eq!(
            parse_target("http://192.0.2.10:8000", false),
            Err(TargetError::Remote("192.0.2.10".into()))
        );
        assert!(parse_target("http://192.0.2.10:8000", true).is_ok());
    }
}
