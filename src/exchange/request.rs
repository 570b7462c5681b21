//! The request spec: a request to send, as written in an ```` ```http ```` block, the composer
//! or a check step; its `.http` parser and its curl form.

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
