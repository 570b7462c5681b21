//! The HTTP client side: the request model shared by the composer, runnable lesson blocks and
//! check steps, its rendering as a curl command, and the one shared reqwest [`Client`].

use std::time::{Duration, Instant};

/// A request to send, as written in an ```` ```http ```` block or the composer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestSpec {
    /// `GET`, `POST`... uppercase.
    pub method: String,
    /// An absolute URL, or a path (`/api/tasks`) that goes to the lab.
    pub target: String,
    /// Header names and values, in order.
    pub headers: Vec<(String, String)>,
    /// The body, if any.
    pub body: Option<String>,
}

impl RequestSpec {
    /// Parse the `.http` format: a request line (`METHOD target [HTTP/x]`), header lines, a blank
    /// line, and an optional body. Lines starting with `#` or `//` before the request line are
    /// comments. A bare target means `GET`.
    pub fn parse(text: &str) -> Result<RequestSpec, String> {
        let mut lines = text.lines().peekable();
        while let Some(l) = lines.peek() {
            let t = l.trim();
            if t.is_empty() || t.starts_with('#') || t.starts_with("//") {
                lines.next();
            } else {
                break;
            }
        }
        let request_line = lines
            .next()
            .ok_or("the block is empty: write a request line like `GET /get`")?;
        let mut parts = request_line.split_whitespace();
        let first = parts.next().unwrap_or_default();
        let (method, target) = match parts.next() {
            Some(target) => (first.to_string(), target.to_string()),
            None => ("GET".to_string(), first.to_string()),
        };
        if !method.bytes().all(|b| b.is_ascii_alphabetic()) {
            return Err(format!("`{method}` is not an HTTP method"));
        }
        if !(target.starts_with('/')
            || target.starts_with("http://")
            || target.starts_with("https://"))
        {
            return Err(format!(
                "`{target}` should be a path like /get or a URL like http://127.0.0.1:7357/get"
            ));
        }
        let mut headers = Vec::new();
        for line in lines.by_ref() {
            if line.trim().is_empty() {
                break;
            }
            let (name, value) = line
                .split_once(':')
                .ok_or_else(|| format!("header line `{line}` has no `:` (write `Name: value`)"))?;
            headers.push((name.trim().to_string(), value.trim().to_string()));
        }
        let body: Vec<&str> = lines.collect();
        let body = body.join("\n");
        let body = (!body.trim().is_empty()).then(|| body.trim_end().to_string());
        Ok(RequestSpec {
            method: method.to_ascii_uppercase(),
            target,
            headers,
            body,
        })
    }

    /// The full URL, resolving a path against `base` (the lab's `http://127.0.0.1:PORT`).
    pub fn url(&self, base: &str) -> String {
        if self.target.starts_with('/') {
            format!("{}{}", base.trim_end_matches('/'), self.target)
        } else {
            self.target.clone()
        }
    }

    /// The request as a curl command a learner can paste into a shell.
    pub fn to_curl(&self, base: &str) -> String {
        let mut out = String::from("curl -i");
        if self.method != "GET" || self.body.is_some() {
            if self.method == "HEAD" {
                out.push_str(" --head");
            } else {
                out.push_str(&format!(" -X {}", self.method));
            }
        }
        for (k, v) in &self.headers {
            out.push_str(&format!(" -H {}", shell_quote(&format!("{k}: {v}"))));
        }
        if let Some(body) = &self.body {
            out.push_str(&format!(" --data-raw {}", shell_quote(body)));
        }
        out.push(' ');
        out.push_str(&shell_quote(&self.url(base)));
        out
    }
}

/// Quote for a POSIX shell: bare when safe, else single quotes.
pub fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./:=%@+,".contains(&b))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// The shared HTTP client: one reqwest client (connection pool), no proxy (the targets are on
/// this machine), redirects not followed (a check looks at the 3xx itself), bounded timeouts.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
}

/// What came back from one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    /// The status code.
    pub status: u16,
    /// In the order received; names as sent on the wire (lowercase with HTTP/2).
    pub headers: Vec<(String, String)>,
    /// The whole body.
    pub body: Vec<u8>,
    /// From sending the request to the end of the body.
    pub duration: Duration,
}

/// Why a request got no answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    #[error("connection refused: nothing is listening at {0}")]
    /// Nothing listens at the address.
    Refused(String),
    #[error("the connection was reset or closed before an answer came back")]
    /// The peer closed or reset the connection before answering.
    Reset,
    #[error("no answer within {0:?}")]
    /// No (complete) answer in time.
    Timeout(Duration),
    #[error("the answer is not valid HTTP: {0}")]
    /// Something answered, not in HTTP.
    NotHttp(String),
    #[error("the request is not valid: {0}")]
    /// The request cannot be sent as written.
    Invalid(String),
    #[error("{0}")]
    /// Anything else, with reqwest's words.
    Other(String),
}

/// Connect timeout of the shared client.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Default time allowed for a whole exchange.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

impl Client {
    /// Build the client.
    pub fn build() -> Result<Client, SendError> {
        let http = reqwest::Client::builder()
            .no_proxy()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_an_http_block() {
        let r = RequestSpec::parse(
            "# create one\nPOST /api/tasks HTTP/1.1\nContent-Type: application/json\n\n{\"title\": \"Buy milk\"}\n",
        )
        .unwrap();
        assert_eq!(r.method, "POST");
        assert_eq!(r.target, "/api/tasks");
        assert_eq!(
            r.headers,
            vec![("Content-Type".into(), "application/json".into())]
        );
        assert_eq!(r.body.as_deref(), Some("{\"title\": \"Buy milk\"}"));
    }

    #[test]
    fn a_bare_target_is_a_get() {
        let r = RequestSpec::parse("/get?x=1").unwrap();
        assert_eq!((r.method.as_str(), r.target.as_str()), ("GET", "/get?x=1"));
    }

    #[test]
    fn bad_blocks_say_what_is_wrong() {
        assert!(RequestSpec::parse("").unwrap_err().contains("empty"));
        assert!(
            RequestSpec::parse("GET /x\nnot a header")
                .unwrap_err()
                .contains("no `:`")
        );
        assert!(
            RequestSpec::parse("GET example.com")
                .unwrap_err()
                .contains("path")
        );
    }

    #[test]
    fn renders_as_curl_with_quoting() {
        let r = RequestSpec::parse("POST /post\nContent-Type: application/json\n\n{\"it's\": 1}")
            .unwrap();
        assert_eq!(
            r.to_curl("http://127.0.0.1:7357"),
            r#"curl -i -X POST -H 'Content-Type: application/json' --data-raw '{"it'\''s": 1}' http://127.0.0.1:7357/post"#
        );
    }
}
