//! Parsing an exercise file: its raw shape (`raw`) into the typed [`Exercise`], with
//! every problem collected (file:line, and a caret under a bad assertion).

use super::raw::*;
use super::*;
use crate::assertion::{self, ParseError};
use crate::course::Problem;
use crate::course::load::line_col;
use toml::Spanned;

/// Parse one exercise file. `file` is the path shown in errors.
pub fn parse(file: &str, text: &str) -> Result<Exercise, Vec<Problem>> {
    let table: toml::Table = toml::from_str(text)
        .map_err(|e| vec![crate::course::load::toml_problem(file, text, 0, &e)])?;
    let mut common = toml::Table::new();
    let mut rest = toml::Table::new();
    let mut problems = Vec::new();
    for (k, v) in table {
        if COMMON_KEYS.contains(&k.as_str()) {
            common.insert(k, v);
        } else {
            if !KIND_KEYS.contains(&k.as_str()) {
                problems.push(Problem::new(
                    file,
                    crate::course::load::find_line(text, &k),
                    format!(
                        "unknown field `{k}`: expected {} or {}",
                        COMMON_KEYS.join(", "),
                        KIND_KEYS.join(", ")
                    ),
                ));
            }
            rest.insert(k, v);
        }
    }
    let c: Common = common.try_into().map_err(|e: toml::de::Error| {
        vec![Problem::new(file, None, e.message().trim().to_string())]
    })?;
    if c.format_version != 1 {
        problems.push(Problem::new(
            file,
            crate::course::load::find_line(text, "format_version"),
            format!("format_version is {}, expected 1", c.format_version),
        ));
    }
    if !(1..=3).contains(&c.difficulty) {
        problems.push(Problem::new(
            file,
            crate::course::load::find_line(text, "difficulty"),
            format!("difficulty {} is not in 1..3", c.difficulty),
        ));
    }
    let parts: Parts = toml::from_str(text)
        .map_err(|e| vec![crate::course::load::toml_problem(file, text, 0, &e)])?;
    let mut cx = Cx {
        file,
        text,
        problems: &mut problems,
    };
    let mut parts = parts;
    let proof_toml = parts.proof.take();
    let spec = cx.spec(&c.kind, parts);
    let proof = match (&spec, proof_toml) {
        (Some(spec), Some(p)) => Some(cx.proof(p, spec)),
        _ => None,
    };
    match spec {
        Some(spec) if problems.is_empty() => Ok(Exercise {
            format_version: c.format_version,
            id: c.id,
            title: c.title,
            phase: c.phase,
            lesson: c.lesson,
            kind: c.kind,
            difficulty: c.difficulty,
            points: c.points,
            prompt: c.prompt,
            hints: c.hints,
            explanation: c.explanation,
            file: file.to_string(),
            rest,
            spec,
            proof,
        }),
        _ => Err(problems),
    }
}

pub(in crate::course) struct Cx<'a> {
    file: &'a str,
    text: &'a str,
    problems: &'a mut Vec<Problem>,
}

impl Cx<'_> {
    pub(in crate::course) fn problem(&mut self, line: Option<usize>, message: impl Into<String>) {
        self.problems
            .push(Problem::new(self.file, line, message.into()));
    }

    pub(in crate::course) fn line_of(&self, span: std::ops::Range<usize>) -> usize {
        line_col(self.text, span.start).0
    }

    fn spec(&mut self, kind: &str, parts: Parts) -> Option<Spec> {
        let kind_line = crate::course::load::find_line(self.text, "kind");
        let present: Vec<&str> = [
            (!parts.expect.is_empty()).then_some("[[expect]]"),
            parts.quiz.is_some().then_some("[quiz]"),
            (parts.server.is_some() || !parts.step.is_empty()).then_some("[server]/[[step]]"),
            parts.sql.is_some().then_some("[sql]"),
            parts.git.is_some().then_some("[git]"),
        ]
        .into_iter()
        .flatten()
        .collect();
        let own = match kind {
            "lab" => "[[expect]]",
            "quiz" => "[quiz]",
            "server" => "[server]/[[step]]",
            "sql" => "[sql]",
            "git" => "[git]",
            other => {
                self.problem(
                    kind_line,
                    format!("unknown kind \"{other}\": expected lab, quiz, server, sql or git"),
                );
                return None;
            }
        };
        for p in present.iter().filter(|p| **p != own) {
            self.problem(
                kind_line,
                format!("kind is \"{kind}\" but the file has {p}, which belongs to another kind"),
            );
        }
        match kind {
            "lab" => {
                if parts.expect.is_empty() {
                    self.problem(
                        kind_line,
                        "a lab exercise needs at least one [[expect]] with asserts",
                    );
                }
                let expects = parts
                    .expect
                    .into_iter()
                    .enumerate()
                    .map(|(i, e)| {
                        let line = self.line_of(e.span());
                        let e = e.into_inner();
                        if e.asserts.is_empty() {
                            self.problem(Some(line), "this [[expect]] has no asserts");
                        }
                        let timed = e.after.is_some() || e.within.is_some() || !e.none_between.is_empty();
                        if i == 0 && timed {
                            self.problem(
                                Some(line),
                                "after, within and none_between compare with the exchange that met the previous [[expect]]: the first block has none",
                            );
                        }
                        Expect {
                            line,
                            asserts: self.asserts(e.asserts),
                            captures: self.captures(&e.captures, line),
                            after: e.after.and_then(|v| self.gap(&v, line)),
                            within: e.within.and_then(|v| self.expect_duration(&v, "within", line)),
                            none_between: self.asserts(e.none_between),
                        }
                    })
                    .collect();
                Some(Spec::Lab(LabSpec { expects }))
            }
            "quiz" => {
                let Some(q) = parts.quiz else {
                    self.problem(
                        kind_line,
                        "a quiz exercise needs a [quiz] table with question and answer",
                    );
                    return None;
                };
                let line = crate::course::load::find_line(self.text, "[quiz]");
                let mut answers = q.answers;
                answers.extend(q.answer);
                let pattern = q.pattern.and_then(|p| {
                    match regex::RegexBuilder::new(&format!("^(?:{p})$"))
                        .case_insensitive(true)
                        .build()
                    {
                        Ok(regex) => Some(Pattern { source: p, regex }),
                        Err(e) => {
                            self.problem(
                                crate::course::load::find_line(self.text, "pattern"),
                                format!("[quiz] pattern does not compile: {e}"),
                            );
                            None
                        }
                    }
                });
                if answers.is_empty() && pattern.is_none() {
                    self.problem(line, "[quiz] needs `answer`, `answers` or `pattern`");
                }
                let mut why = Vec::new();
                for (choice, v) in q.why.unwrap_or_default() {
                    let at = crate::course::load::find_line(self.text, &format!("\"{choice}\" ="))
                        .or_else(|| crate::course::load::find_line(self.text, "[quiz.why]"));
                    if !q.choices.contains(&choice) {
                        self.problem(
                            at,
                            format!(
                                "[quiz.why] \"{choice}\" is not one of the choices (write the choice exactly as in `choices`)"
                            ),
                        );
                    }
                    match v {
                        toml::Value::String(text) => why.push((choice, text)),
                        _ => self.problem(at, format!("[quiz.why] \"{choice}\" must be a string")),
                    }
                }
                Some(Spec::Quiz(QuizSpec {
                    line: line.unwrap_or(1),
                    question: q.question,
                    choices: q.choices,
                    answers,
                    pattern,
                    why,
                }))
            }
            "server" => {
                if parts.step.is_empty() {
                    self.problem(kind_line, "a server exercise needs at least one [[step]]");
                }
                let server = parts.server.unwrap_or(ServerToml {
                    default_target: None,
                    start_hint: None,
                });
                let steps = parts
                    .step
                    .into_iter()
                    .map(|s| {
                        let line = self.line_of(s.span());
                        self.step(s.into_inner(), line)
                    })
                    .collect();
                Some(Spec::Server(ServerSpec {
                    default_target: server.default_target,
                    start_hint: server.start_hint,
                    steps,
                }))
            }
            "git" => {
                let Some(g) = parts.git else {
                    self.problem(kind_line, "a git exercise needs a [git] table with asserts");
                    return None;
                };
                if g.asserts.is_empty() {
                    self.problem(kind_line, "[git] asserts is empty");
                }
                let mut asserts = Vec::new();
                for a in g.asserts {
                    let line = self.line_of(a.span());
                    let text = a.into_inner();
                    match crate::assertion::git::parse(&text) {
                        Ok(parsed) => asserts.push((parsed, line)),
                        Err(e) => self.problem(
                            Some(line),
                            format!("git assertion `{text}` does not parse: {e}"),
                        ),
                    }
                }
                Some(Spec::Git(GitSpec { asserts }))
            }
            _ => {
                let Some(s) = parts.sql else {
                    self.problem(kind_line, "a sql exercise needs a [sql] table");
                    return None;
                };
                let line = crate::course::load::find_line(self.text, "[sql]");
                let mode = match s.mode.as_deref().unwrap_or("query") {
                    "query" => SqlMode::Query,
                    "write" => SqlMode::Write {
                        verify: s.verify.clone().unwrap_or_default(),
                    },
                    "plan" => SqlMode::Plan {
                        query: s.query.clone().unwrap_or_default(),
                        table: s.table.clone().unwrap_or_default(),
                    },
                    other => {
                        self.problem(
                            crate::course::load::find_line(self.text, "mode"),
                            format!("[sql] mode \"{other}\" is unknown: use query, write or plan"),
                        );
                        SqlMode::Query
                    }
                };
                let needs: &[(&str, bool)] = match &mode {
                    SqlMode::Query => &[],
                    SqlMode::Write { .. } => &[("verify", s.verify.is_some())],
                    SqlMode::Plan { .. } => {
                        &[("query", s.query.is_some()), ("table", s.table.is_some())]
                    }
                };
                for (field, given) in needs {
                    if !given {
                        self.problem(
                            line,
                            format!("[sql] mode \"{}\" needs `{field}`", mode.name()),
                        );
                    }
                }
                let stray = [
                    ("verify", s.verify.is_some(), "write"),
                    ("query", s.query.is_some(), "plan"),
                    ("table", s.table.is_some(), "plan"),
                ];
                for (field, given, owner) in stray {
                    if given && mode.name() != owner {
                        self.problem(
                            crate::course::load::find_line(self.text, field),
                            format!(
                                "[sql] `{field}` belongs to mode \"{owner}\", and this exercise's mode is \"{}\"",
                                mode.name()
                            ),
                        );
                    }
                }
                if s.solution.trim().is_empty() {
                    self.problem(line, "[sql] solution is empty");
                }
                Some(Spec::Sql(SqlSpec {
                    dataset: s.dataset,
                    solution: s.solution,
                    ordered: s.ordered,
                    mode,
                    line: line.unwrap_or(1),
                }))
            }
        }
    }

    pub(in crate::course) fn step(&mut self, s: StepToml, line: usize) -> Step {
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
            captures: self.captures(&s.captures, line),
            retry: s.retry,
            retry_interval,
            delay,
            parallel,
            points: s.points,
            name: s.name,
        }
    }

    /// `after`: a duration, or a query on the previous exchange whose value is seconds.
    fn gap(&mut self, v: &toml::Value, line: usize) -> Option<Gap> {
        if let Some(d) = duration_value(v) {
            return Some(Gap::Fixed(d));
        }
        if let toml::Value::Integer(_) = v {
            return self.expect_duration(v, "after", line).map(Gap::Fixed);
        }
        let Some(src) = v.as_str() else {
            self.problem(Some(line), format!("after = {v} is neither a duration (\"2s\") nor a query ('header \"Retry-After\"')"));
            return None;
        };
        match assertion::parse_query_expr(src) {
            Ok(expr) => Some(Gap::Query(expr, src.to_string())),
            Err(_) => {
                self.problem(
                    Some(line),
                    format!("after = \"{src}\" is neither a duration (\"500ms\", \"2s\") nor a query such as 'header \"Retry-After\"'"),
                );
                None
            }
        }
    }

    /// A duration field of `[[expect]]`.
    fn expect_duration(&mut self, v: &toml::Value, what: &str, line: usize) -> Option<Duration> {
        let d = duration_value(v);
        if d.is_none() {
            self.problem(
                Some(line),
                format!("{what} = {v} is not a duration (write \"500ms\", \"2s\" or milliseconds)"),
            );
        }
        d
    }

    fn captures(&mut self, table: &toml::Table, line: usize) -> Vec<Capture> {
        let mut out = Vec::new();
        for (name, v) in table {
            let Some(src) = v.as_str() else {
                self.problem(
                    Some(line),
                    format!("capture `{name}` must be a query string like 'jsonpath \"$.id\"'"),
                );
                continue;
            };
            match assertion::parse_query_expr(src) {
                Ok(expr) => out.push(Capture {
                    name: name.clone(),
                    expr,
                    source: src.to_string(),
                }),
                Err(e) => {
                    let at = self.text.find(src).unwrap_or(0);
                    self.parse_problem(at, src, &e, &format!("capture `{name}` does not parse"));
                }
            }
        }
        out
    }

    fn asserts(&mut self, items: Vec<Spanned<toml::Value>>) -> Vec<AssertSpec> {
        let mut out = Vec::new();
        for item in items {
            let span = item.span();
            let line = self.line_of(span.clone());
            let raw = &self.text[span.clone()];
            match item.into_inner() {
                toml::Value::String(s) => {
                    let at = span.start + raw.find(s.as_str()).unwrap_or(0);
                    match assertion::parse_assertion(&s) {
                        Ok(assertion) => out.push(AssertSpec {
                            assertion,
                            line,
                            hint: None,
                            rfc: None,
                        }),
                        Err(e) => self.parse_problem(at, &s, &e, "assertion does not parse"),
                    }
                }
                toml::Value::Table(t) => {
                    let get = |k: &str| t.get(k).and_then(|v| v.as_str()).map(str::to_string);
                    let unknown: Vec<&String> = t
                        .keys()
                        .filter(|k| !["q", "p", "hint", "rfc"].contains(&k.as_str()))
                        .collect();
                    if !unknown.is_empty() {
                        self.problem(
                            Some(line),
                            format!(
                                "unknown key `{}` in an assertion table: use q, p, hint, rfc",
                                unknown[0]
                            ),
                        );
                    }
                    let (Some(q), Some(p)) = (get("q"), get("p")) else {
                        self.problem(
                            Some(line),
                            "an assertion table needs q = \"query\" and p = \"predicate\" as strings",
                        );
                        continue;
                    };
                    match assertion::parse_split(&q, &p) {
                        Ok(assertion) => out.push(AssertSpec {
                            assertion,
                            line,
                            hint: get("hint"),
                            rfc: get("rfc"),
                        }),
                        Err((in_q, e)) => {
                            let part = if in_q { &q } else { &p };
                            let at = span.start + raw.find(part.as_str()).unwrap_or(0);
                            self.parse_problem(at, part, &e, "assertion does not parse");
                        }
                    }
                }
                other => self.problem(
                    Some(line),
                    format!(
                        "an assertion must be a string or a {{ q, p }} table, not {}",
                        other.type_str()
                    ),
                ),
            }
        }
        out
    }

    /// A parse error at `at` (the byte where `src` starts in the file), with the source line
    /// and a caret under the bad part.
    fn parse_problem(&mut self, at: usize, src: &str, e: &ParseError, what: &str) {
        let byte_in_src = src
            .char_indices()
            .nth(e.column.saturating_sub(1))
            .map_or(src.len(), |(i, _)| i);
        let (line, col) = line_col(self.text, at + byte_in_src);
        let source_line = self.text.lines().nth(line - 1).unwrap_or("");
        let caret = format!("{}^", " ".repeat(col.saturating_sub(1)));
        self.problems.push(Problem::at(
            self.file,
            line,
            col,
            format!("{what}: {}\n    {source_line}\n    {caret}", e.message),
        ));
    }
}

fn string_pairs(t: toml::Table) -> Vec<(String, String)> {
    t.into_iter()
        .map(|(k, v)| {
            let v = match v {
                toml::Value::String(s) => s,
                other => other.to_string(),
            };
            (k, v)
        })
        .collect()
}

/// `"500ms"`, `"2s"`, `"10m"`, `"1h"` (a bare number is seconds).
/// A duration field as written: milliseconds, or a string such as `"500ms"` or `"2s"`.
fn duration_value(v: &toml::Value) -> Option<Duration> {
    match v {
        toml::Value::Integer(ms) if *ms >= 0 => Some(Duration::from_millis(*ms as u64)),
        toml::Value::String(s) => parse_duration(s),
        _ => None,
    }
}

pub fn parse_duration(s: &str) -> Option<Duration> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (n, unit) = s.split_at(split);
    let n: u64 = n.parse().ok()?;
    let ms = match unit.trim() {
        "ms" => n,
        "" | "s" => n.checked_mul(1000)?,
        "m" | "min" => n.checked_mul(60_000)?,
        "h" => n.checked_mul(3_600_000)?,
        "d" => n.checked_mul(86_400_000)?,
        _ => return None,
    };
    Some(Duration::from_millis(ms))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str =
        "format_version = 1\nid = \"x.y\"\ntitle = \"T\"\nphase = \"06-apis\"\nprompt = \"p\"\n";

    #[test]
    fn timing_fields_are_typed_and_refused_on_the_first_block() {
        let text = format!(
            "{HEAD}kind = \"lab\"\n[[expect]]\nasserts = ['status == 429']\n\n[[expect]]\nafter = 'header \"Retry-After\"'\nwithin = \"60s\"\nnone_between = ['request.path == \"/ratelimit\"']\nasserts = ['status == 200']\n"
        );
        let ex = parse("exercises/08-security/x.toml", &text).unwrap();
        let Spec::Lab(lab) = &ex.spec else {
            panic!("not a lab exercise")
        };
        assert!(
            matches!(&lab.expects[1].after, Some(Gap::Query(_, src)) if src == "header \"Retry-After\"")
        );
        assert_eq!(lab.expects[1].within, Some(Duration::from_secs(60)));
        assert_eq!(lab.expects[1].none_between.len(), 1);

        let first = format!(
            "{HEAD}kind = \"lab\"\n[[expect]]\nafter = \"2s\"\nasserts = ['status == 200']\n"
        );
        let problems = parse("exercises/08-security/x.toml", &first).unwrap_err();
        assert!(
            problems
                .iter()
                .any(|p| p.message.contains("the first block has none")),
            "{problems:?}"
        );
        let bad = format!(
            "{HEAD}kind = \"lab\"\n[[expect]]\nasserts = ['status == 429']\n[[expect]]\nwithin = \"soon\"\nasserts = ['status == 200']\n"
        );
        let problems = parse("exercises/08-security/x.toml", &bad).unwrap_err();
        assert!(
            problems.iter().any(|p| p.message.contains("within")),
            "{problems:?}"
        );
    }

    #[test]
    fn a_server_exercise_is_typed() {
        let text = format!(
            "{HEAD}kind = \"server\"\n[server]\ndefault_target = \"http://127.0.0.1:8000\"\n\n[[step]]\nname = \"create\"\nrequest = {{ method = \"post\", path = \"/tasks\", json = {{ title = \"Buy milk\" }} }}\nasserts = ['status == 201', {{ q = 'jsonpath \"$.title\"', p = '== \"Buy milk\"', hint = \"echo it\" }}]\ncaptures = {{ id = 'jsonpath \"$.id\"' }}\nretry_interval = \"200ms\"\n"
        );
        let ex = parse("exercises/06-apis/x.toml", &text).unwrap();
        let Spec::Server(s) = &ex.spec else {
            panic!("{:?}", ex.spec)
        };
        assert_eq!(s.steps.len(), 1);
        let step = &s.steps[0];
        assert_eq!(step.line, 10);
        assert_eq!(step.request.method, "POST");
        assert_eq!(
            step.request.body,
            StepBody::Json(serde_json::json!({"title": "Buy milk"}))
        );
        assert_eq!(step.asserts[1].hint.as_deref(), Some("echo it"));
        assert_eq!(step.asserts[0].line, 13);
        assert_eq!(step.captures[0].name, "id");
        assert_eq!(step.retry_interval, Duration::from_millis(200));
    }

    #[test]
    fn a_bad_assertion_gets_a_caret_under_the_bad_part() {
        let text = format!(
            "{HEAD}kind = \"lab\"\n[[expect]]\nasserts = [\n  'status == 201',\n  'jsonpath \"$.id\" exist',\n]\n"
        );
        let problems = parse("exercises/a.toml", &text).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        let p = &problems[0];
        assert_eq!((p.line, p.column), (Some(10), Some(20)));
        let shown = p.to_string();
        assert!(
            shown.starts_with(
                "exercises/a.toml:10:20: assertion does not parse: unknown predicate `exist`"
            ),
            "{shown}"
        );
        let lines: Vec<&str> = shown.lines().collect();
        assert_eq!(lines[1], "      'jsonpath \"$.id\" exist',");
        assert_eq!(lines[2].find('^'), lines[1].find("exist"));
    }

    #[test]
    fn kind_mistakes_are_named() {
        let text = format!("{HEAD}kind = \"quiz\"\n[quiz]\nquestion = \"?\"\n");
        let p = parse("a.toml", &text).unwrap_err();
        assert!(p[0].message.contains("answer"), "{p:?}");
        let text = format!("{HEAD}kind = \"lab\"\n[quiz]\nquestion = \"?\"\nanswer = \"x\"\n");
        let p = parse("a.toml", &text).unwrap_err();
        assert!(
            p.iter()
                .any(|p| p.message.contains("belongs to another kind")),
            "{p:?}"
        );
        let text = format!("{HEAD}kind = \"magic\"\n");
        let p = parse("a.toml", &text).unwrap_err();
        assert!(p[0].message.contains("unknown kind"), "{p:?}");
        let text = format!(
            "{HEAD}kind = \"server\"\n[[step]]\nname = \"s\"\nrequest = {{ method = \"GET\", path = \"tasks\" }}\n"
        );
        let p = parse("a.toml", &text).unwrap_err();
        assert!(p[0].message.contains("must start with /"), "{p:?}");
        assert_eq!(p[0].line, Some(7));
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("500ms"), Some(Duration::from_millis(500)));
        assert_eq!(parse_duration("10m"), Some(Duration::from_secs(600)));
        assert_eq!(parse_duration("2"), Some(Duration::from_secs(2)));
        assert_eq!(parse_duration("soon"), None);
    }
}
