//! `kind = "server"`: `[server]` and the `[[step]]`s fired at the learner's own server. Lab
//! proofs' `send` steps are parsed by [`Cx::step`] too.

use super::parse::{duration_value, key, string_pairs};
use super::raw::{ServerToml, StepToml};
use super::*;
use crate::course::position::Seg;

impl Cx<'_> {
    pub(super) fn server(&mut self) -> Option<ServerSpec> {
        let server = match self.doc.value(&key("server")) {
            Some(t) => self.decode::<ServerToml>(t)?,
            None => ServerToml {
                default_target: None,
                start_hint: None,
            },
        };
        let steps = match self.doc.value(&key("step")).map(|v| v.get_ref().as_array()) {
            Some(Some(steps)) if !steps.is_empty() => steps,
            Some(None) => {
                self.problem_value(&key("step"), "`step` must be [[step]] tables");
                return None;
            }
            _ => {
                self.problem_key(
                    &key("kind"),
                    "a server exercise needs at least one [[step]]",
                );
                return None;
            }
        };
        let mut out = Vec::new();
        for (i, s) in steps.iter().enumerate() {
            let line = self.line_of(s.span());
            if let Some(toml) = self.decode::<StepToml>(s) {
                out.push(self.step(toml, line, &["step".into(), i.into()]));
            }
        }
        Some(ServerSpec {
            default_target: server.default_target,
            start_hint: server.start_hint.map(crate::text::clean_owned),
            steps: out,
        })
    }

    /// One step; `at` is its path in the file (for the positions of its captures).
    pub(in crate::course) fn step(&mut self, s: StepToml, line: usize, at: &[Seg]) -> Step {
        let r = s.request;
        let method = r.method.trim().to_ascii_uppercase();
        if method.is_empty() || !method.bytes().all(|b| b.is_ascii_alphabetic()) {
            self.problem(
                Some(line),
                format!("step \"{}\": `{}` is not an HTTP method", s.name, r.method),
            );
        }
        let (path, is_url) = match (r.path, r.url) {
            (Some(p), None) => {
                // A path may also be a captured one (`{{location}}`).
                if !p.starts_with('/') && !p.starts_with("{{") {
                    self.problem(
                        Some(line),
                        format!("step \"{}\": path \"{p}\" must start with /", s.name),
                    );
                }
                (p, false)
            }
            (None, Some(u)) => (u, true),
            _ => {
                self.problem(
                    Some(line),
                    format!(
                        "step \"{}\": the request needs exactly one of `path` or `url`",
                        s.name
                    ),
                );
                (String::new(), false)
            }
        };
        let bodies = [r.json.is_some(), r.body.is_some(), r.form.is_some()];
        if bodies.iter().filter(|b| **b).count() > 1 {
            self.problem(
                Some(line),
                format!(
                    "step \"{}\": use only one of `json`, `body` or `form`",
                    s.name
                ),
            );
        }
        let body = if let Some(j) = r.json {
            StepBody::Json(serde_json::to_value(j).unwrap_or_default())
        } else if let Some(b) = r.body {
            StepBody::Text(b)
        } else if let Some(f) = r.form {
            StepBody::Form(string_pairs(f))
        } else {
            StepBody::None
        };
        let name = s.name.clone();
        let duration = |v: Option<toml::Value>, what: &str, cx: &mut Self| {
            v.and_then(|v| {
                let d = duration_value(&v);
                if d.is_none() {
                    cx.problem(
                        Some(line),
                        format!("step \"{name}\": {what} = {v} is not a duration (write \"500ms\", \"2s\" or milliseconds)"),
                    );
                }
                d
            })
        };
        let timeout = duration(r.timeout, "timeout", self);
        let retry_interval =
            duration(s.retry_interval, "retry_interval", self).unwrap_or(Duration::from_secs(1));
        let delay = duration(s.delay, "delay", self).unwrap_or_default();
        let parallel = s.parallel.unwrap_or(0);
        if s.parallel.is_some() && !(2..=50).contains(&parallel) {
            self.problem(
                Some(line),
                format!("step \"{}\": parallel = {parallel}: use 2 to 50", s.name),
            );
        }
        if parallel > 0 && !s.captures.is_empty() {
            self.problem(
                Some(line),
                format!(
                    "step \"{}\": a parallel step cannot capture (it has no single answer to take a value from)",
                    s.name
                ),
            );
        }
        if parallel > 0 && s.retry > 0 {
            self.problem(
                Some(line),
                format!("step \"{}\": a parallel step cannot retry", s.name),
            );
        }
        let mut captures_at = at.to_vec();
        captures_at.push("captures".into());
        Step {
            line,
            request: StepRequest {
                method,
                path,
                is_url,
                headers: string_pairs(r.headers),
                query: string_pairs(r.query),
                body,
                timeout,
            },
            asserts: self.asserts(s.asserts),
            captures: self.captures(&s.captures, &captures_at, line),
            retry: s.retry,
            retry_interval,
            delay,
            parallel,
            points: s.points,
            name: crate::text::clean_owned(s.name),
        }
    }
}
