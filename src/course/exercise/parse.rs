//! Parsing an exercise file into the typed [`Exercise`]: the common fields here, each kind's
//! tables in its own file (`lab`, `quiz`, `server`, `sql`, `git`), `{{variables}}` in
//! `variables`. Every problem is collected, each at the position the TOML parser gives
//! (file:line:col, and a caret under a bad assertion); a table that does not fit its shape
//! is one problem and the rest of the file is still read.

use super::*;
use crate::assertion::{self, ParseError};
use crate::course::Problem;
use crate::course::position::{Doc, Seg};
use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::DeValue;

/// The top-level keys every exercise may have.
pub(super) const COMMON_KEYS: &[&str] = &[
    "format_version",
    "id",
    "title",
    "phase",
    "lesson",
    "kind",
    "difficulty",
    "points",
    "prompt",
    "hints",
    "explanation",
];
/// The kind-specific tables.
pub(super) const KIND_KEYS: &[&str] = &["expect", "quiz", "server", "step", "sql", "git", "proof"];
/// The most an exercise may be worth (`points`).
const MAX_POINTS: i64 = 1000;
/// The kinds.
pub const KINDS: &[&str] = &["lab", "quiz", "server", "sql", "git"];

/// Parse one exercise file. `file` is the path shown in errors.
pub fn parse(file: &str, text: &str) -> Result<Exercise, Vec<Problem>> {
    parse_doc(&Doc::whole(file, text), &mut Vec::new())
}

/// Parse an exercise from its parsed document; warnings (legal but suspicious) go to `warnings`.
pub(in crate::course) fn parse_doc(
    doc: &Doc<'_>,
    warnings: &mut Vec<Problem>,
) -> Result<Exercise, Vec<Problem>> {
    if !doc.parsed() {
        return Err(doc.syntax_errors());
    }
    let known: Vec<&str> = COMMON_KEYS.iter().chain(KIND_KEYS).copied().collect();
    let mut problems = doc.unknown_keys(&[], &known, "an exercise");
    let mut cx = Cx {
        doc,
        problems: &mut problems,
        warnings,
    };
    let format_version = cx.whole_number("format_version", 1, 1);
    let id = cx.text_field("id", true);
    let title = cx.text_field("title", true);
    let phase = cx.text_field("phase", true);
    let lesson = cx.optional_text("lesson");
    let kind = cx.text_field("kind", true);
    let difficulty = cx.whole_number("difficulty", 1, 3);
    // What passing is worth in `check --all`: 1 unless written.
    let points = match doc.value(&key("points")) {
        Some(_) => cx.whole_number("points", 0, MAX_POINTS),
        None => 1,
    };
    let prompt = cx.text_field("prompt", true);
    let hints = cx.text_list("hints");
    let explanation = cx.optional_text("explanation").unwrap_or_default();
    cx.check_id(&id);
    if hints.is_empty() {
        let w = doc.at_key(
            &["id".into()],
            "no `hints`: a learner who is stuck gets none",
        );
        cx.warnings.push(w);
    }
    let spec = cx.spec(&kind);
    let proof = match (&spec, doc.value(&["proof".into()])) {
        (Some(spec), Some(p)) => cx
            .decode(p)
            .map(|t| cx.proof(Spanned::new(p.span(), t), spec)),
        _ => None,
    };
    match spec {
        Some(spec) if problems.is_empty() => Ok(Exercise {
            format_version: format_version as u32,
            id,
            title: crate::text::clean_owned(title),
            phase,
            lesson,
            kind,
            difficulty: difficulty as u8,
            points: points as u32,
            prompt: crate::text::clean_owned(prompt),
            hints: hints.into_iter().map(crate::text::clean_owned).collect(),
            explanation: crate::text::clean_owned(explanation),
            file: doc.file.to_string(),
            spec,
            proof,
        }),
        _ => Err(problems),
    }
}

/// The parsing context: the document, and where problems and warnings go.
pub(in crate::course) struct Cx<'a> {
    pub(in crate::course) doc: &'a Doc<'a>,
    problems: &'a mut Vec<Problem>,
    pub(in crate::course) warnings: &'a mut Vec<Problem>,
}

/// A path of one key.
pub(super) fn key(k: &str) -> [Seg<'_>; 1] {
    [Seg::Key(k)]
}

impl Cx<'_> {
    /// A problem on a line (at its first character that is not a space).
    pub(in crate::course) fn problem(&mut self, line: Option<usize>, message: impl Into<String>) {
        let line = line.unwrap_or(1);
        let text = self.doc.lines.line_text(line);
        let col = text.chars().take_while(|c| c.is_whitespace()).count() + 1;
        self.problems
            .push(Problem::at(self.doc.file, line, col, message.into()));
    }

    /// A problem at an offset of the file.
    pub(in crate::course) fn problem_at(&mut self, offset: usize, message: impl Into<String>) {
        self.problems.push(self.doc.at(offset, message));
    }

    /// A problem at a key, or the table that lacks it.
    pub(in crate::course) fn problem_key(&mut self, path: &[Seg], message: impl Into<String>) {
        self.problems.push(self.doc.at_key(path, message));
    }

    /// A problem where a value starts.
    pub(in crate::course) fn problem_value(&mut self, path: &[Seg], message: impl Into<String>) {
        self.problems.push(self.doc.at_value(path, message));
    }

    pub(in crate::course) fn line_of(&self, span: std::ops::Range<usize>) -> usize {
        self.doc.line(span.start)
    }

    /// A table or value into its raw shape; a mismatch is a problem in an author's words.
    pub(in crate::course) fn decode<T: DeserializeOwned>(
        &mut self,
        value: &Spanned<DeValue<'_>>,
    ) -> Option<T> {
        let mut owned = value.clone();
        owned.get_mut().make_owned();
        match T::deserialize(toml::de::ValueDeserializer::from(owned)) {
            Ok(t) => Some(t),
            Err(e) => {
                self.problems.push(self.doc.error(&e));
                None
            }
        }
    }

    /// A required (or optional, then "" when absent) top-level text field.
    fn text_field(&mut self, name: &str, required: bool) -> String {
        match self.doc.value(&key(name)).map(|v| v.get_ref()) {
            Some(DeValue::String(s)) => s.to_string(),
            Some(_) => {
                self.problem_value(
                    &key(name),
                    format!("`{name}` must be text in quotes, like {name} = \"...\""),
                );
                String::new()
            }
            None if required => {
                self.problem_key(
                    &[],
                    format!("`{name}` is missing: every exercise needs {name} = \"...\""),
                );
                String::new()
            }
            None => String::new(),
        }
    }

    fn optional_text(&mut self, name: &str) -> Option<String> {
        self.doc
            .value(&key(name))
            .is_some()
            .then(|| self.text_field(name, false))
    }

    /// A whole number in `lo..=hi`; `lo` when absent or wrong.
    fn whole_number(&mut self, name: &str, lo: i64, hi: i64) -> i64 {
        let Some(v) = self.doc.value(&key(name)) else {
            if name == "format_version" {
                self.problem_key(&[], "`format_version` is missing: write format_version = 1");
            }
            return lo;
        };
        let n = v
            .get_ref()
            .as_integer()
            .and_then(|i| i64::from_str_radix(i.as_str(), i.radix()).ok());
        match n {
            Some(n) if (lo..=hi).contains(&n) => n,
            _ => {
                let shown = self.doc.text_of(v.span());
                let want = if lo == hi {
                    format!("`{name}` must be {lo}")
                } else {
                    format!("`{name}` must be a whole number from {lo} to {hi}, like {lo}")
                };
                self.problem_value(&key(name), format!("{want}, not {shown}"));
                lo
            }
        }
    }

    /// A list of strings (`hints`).
    fn text_list(&mut self, name: &str) -> Vec<String> {
        let Some(v) = self.doc.value(&key(name)) else {
            return Vec::new();
        };
        let Some(items) = v.get_ref().as_array() else {
            self.problem_value(
                &key(name),
                format!("`{name}` must be a list of texts, like {name} = [\"first\", \"second\"]"),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            match item.get_ref().as_str() {
                Some(s) => out.push(s.to_string()),
                None => self.problem_at(
                    item.span().start,
                    format!("each of `{name}` must be text in quotes"),
                ),
            }
        }
        out
    }

    /// An exercise id: a slug with dots (`http.status-codes`), since progress is keyed on it.
    fn check_id(&mut self, id: &str) {
        if self.doc.value(&key("id")).is_none() {
            return;
        }
        let ok = !id.is_empty()
            && id.len() <= 64
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
            && id.starts_with(|c: char| c.is_ascii_alphanumeric())
            && !id.ends_with(['.', '-'])
            && !id.contains("..");
        if !ok {
            self.problem_value(
                &key("id"),
                format!(
                    "exercise id \"{id}\" must be lowercase letters, digits, dashes and dots, \
                     like \"http.status-codes\" (at most 64 characters, starting with a letter \
                     or digit)"
                ),
            );
        }
    }

    /// `kind` and the tables of that kind (and no other's).
    fn spec(&mut self, kind: &str) -> Option<Spec> {
        let doc = self.doc;
        let has = |k: &str| doc.value(&key(k)).is_some();
        let present: Vec<(&str, &str)> = [
            ("expect", "[[expect]]"),
            ("quiz", "[quiz]"),
            ("server", "[server]"),
            ("step", "[[step]]"),
            ("sql", "[sql]"),
            ("git", "[git]"),
        ]
        .into_iter()
        .filter(|(k, _)| has(k))
        .collect();
        let own: &[&str] = match kind {
            "lab" => &["expect"],
            "quiz" => &["quiz"],
            "server" => &["server", "step"],
            "sql" => &["sql"],
            "git" => &["git"],
            "" => return None,
            other => {
                self.problem_value(
                    &key("kind"),
                    format!(
                        "unknown kind \"{other}\".{} The kinds are {}",
                        crate::text::did_you_mean_suffix(other, KINDS.iter().copied()),
                        KINDS.join(", ")
                    ),
                );
                return None;
            }
        };
        for (k, shown) in present.iter().filter(|(k, _)| !own.contains(k)) {
            self.problem_key(
                &key(k),
                format!(
                    "kind is \"{kind}\" but the file has {shown}, which belongs to another kind"
                ),
            );
        }
        let spec = match kind {
            "lab" => self.lab().map(Spec::Lab),
            "quiz" => self.quiz().map(Spec::Quiz),
            "server" => self.server().map(Spec::Server),
            "git" => self.git().map(Spec::Git),
            _ => self.sql().map(Spec::Sql),
        };
        self.check_variables(kind);
        spec
    }

    /// `captures = { name = 'query' }` of a step or expectation at `at` (its path in the
    /// file) on `line`.
    pub(super) fn captures(
        &mut self,
        table: &toml::Table,
        at: &[Seg],
        line: usize,
    ) -> Vec<Capture> {
        let mut out = Vec::new();
        for (name, v) in table {
            let mut path = at.to_vec();
            path.push(Seg::Key(name));
            let Some(src) = v.as_str() else {
                self.problem_value(
                    &path,
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
                    let what = format!("capture `{name}` does not parse");
                    match self.doc.value_span(&path) {
                        Some(span) => {
                            let raw = self.doc.text_of(span.clone());
                            let at = span.start + raw.find(src).unwrap_or(0);
                            self.parse_problem(at, src, &e, &what);
                        }
                        None => self.problem(Some(line), format!("{what}: {}", e.message)),
                    }
                }
            }
        }
        out
    }

    /// Assertions: strings, or `{ q, p, hint, rfc }` tables.
    pub(super) fn asserts(&mut self, items: Vec<Spanned<toml::Value>>) -> Vec<AssertSpec> {
        let mut out = Vec::new();
        for item in items {
            let span = item.span();
            let line = self.line_of(span.clone());
            let raw = self.doc.text_of(span.clone());
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
                    const KEYS: [&str; 4] = ["q", "p", "hint", "rfc"];
                    for k in t.keys().filter(|k| !KEYS.contains(&k.as_str())) {
                        self.problem_at(
                            span.start,
                            format!(
                                "unknown key `{k}` in an assertion table.{} Use q, p, hint, rfc",
                                crate::text::did_you_mean_suffix(k, KEYS)
                            ),
                        );
                    }
                    let (Some(q), Some(p)) = (get("q"), get("p")) else {
                        self.problem_at(
                            span.start,
                            "an assertion table needs q = \"query\" and p = \"predicate\" as strings",
                        );
                        continue;
                    };
                    match assertion::parse_split(&q, &p) {
                        Ok(assertion) => out.push(AssertSpec {
                            assertion,
                            line,
                            hint: get("hint").map(crate::text::clean_owned),
                            rfc: get("rfc"),
                        }),
                        Err((in_q, e)) => {
                            let part = if in_q { &q } else { &p };
                            let at = span.start + raw.find(part.as_str()).unwrap_or(0);
                            self.parse_problem(at, part, &e, "assertion does not parse");
                        }
                    }
                }
                other => self.problem_at(
                    span.start,
                    format!(
                        "an assertion must be a string or a {{ q, p }} table, not {}",
                        other.type_str()
                    ),
                ),
            }
        }
        out
    }

    /// A parse error at `at` (the offset where `src` starts in the file), with the source line
    /// and a caret under the bad part.
    pub(super) fn parse_problem(&mut self, at: usize, src: &str, e: &ParseError, what: &str) {
        let byte_in_src = src
            .char_indices()
            .nth(e.column.saturating_sub(1))
            .map_or(src.len(), |(i, _)| i);
        let (line, col) = self.doc.pos(at + byte_in_src);
        let source_line = self.doc.lines.line_text(line);
        let caret = format!("{}^", " ".repeat(col.saturating_sub(1)));
        self.problems.push(Problem::at(
            self.doc.file,
            line,
            col,
            format!("{what}: {}\n    {source_line}\n    {caret}", e.message),
        ));
    }
}

pub(super) fn string_pairs(t: toml::Table) -> Vec<(String, String)> {
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

/// A duration field as written: milliseconds, or a string such as `"500ms"` or `"2s"`.
pub(super) fn duration_value(v: &toml::Value) -> Option<Duration> {
    match v {
        toml::Value::Integer(ms) if *ms >= 0 => Some(Duration::from_millis(*ms as u64)),
        toml::Value::String(s) => parse_duration(s),
        _ => None,
    }
}

/// `"500ms"`, `"2s"`, `"10m"`, `"1h"` (a bare number is seconds).
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
