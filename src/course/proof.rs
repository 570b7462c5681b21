//! `[proof]`: how an exercise shows it can be passed, and that the wrong thing fails.
//!
//! Parsed and validated here with the rest of the exercise; run by `backroad course test`
//! (`crate::proof`). The shapes, by kind:
//!
//! - lab: `[[proof.pass]]` / `[[proof.fail]]` with `send = [{ request, captures, delay }]`;
//! - quiz and sql: `[proof] pass = [...]`, `fail = [...]` (answers, or queries);
//! - server: `[[proof.pass]]` with `lab = "/prefix"` or `run = "cmd {port}"`, and `fails_at`
//!   on a fail;
//! - git: `[[proof.pass]]` with `steps = [{ write = { path = text } } | { git = [args] }]`.

use super::exercise::{Cx, RequestToml, Spec, Step, StepToml, normalise_answer};
use serde::Deserialize;
use toml::Spanned;

/// An exercise's proof: cases that must pass and cases that must fail.
#[derive(Debug, Clone, PartialEq)]
pub struct Proof {
    /// The line of `[proof]` (or the first case).
    pub line: usize,
    pub pass: Vec<Case>,
    pub fail: Vec<Case>,
}

/// One proof case.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// `name` (pass) or `why` (fail), or the answer itself for quiz and sql.
    pub name: String,
    /// Where it is written.
    pub line: usize,
    pub body: CaseBody,
}

/// What a case does, by kind.
#[derive(Debug, Clone, PartialEq)]
pub enum CaseBody {
    /// Requests sent to a private lab (no asserts; captures and delay kept).
    Send(Vec<Step>),
    /// A quiz answer.
    Answer(String),
    /// A sql query (or statements).
    Query(String),
    /// A server to fire the exercise's steps at, and the step a fail must fail at.
    Server {
        target: ServerTarget,
        fails_at: Option<String>,
    },
    /// Steps that build a repository.
    Git(Vec<GitStep>),
}

/// Where a server proof's server is.
#[derive(Debug, Clone, PartialEq)]
pub enum ServerTarget {
    /// The private lab under this path prefix (`/api`).
    Lab(String),
    /// A program started from the pack root; `{port}` is a free port.
    Run(String),
}

/// One step that builds a repository in a git proof.
#[derive(Debug, Clone, PartialEq)]
pub enum GitStep {
    /// Write files (path relative to the repository, text).
    Write(Vec<(String, String)>),
    /// Run `git` with these arguments (allowlisted subcommands only).
    Git(Vec<String>),
}

/// `[proof]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ProofToml {
    #[serde(default)]
    pass: Vec<Spanned<toml::Value>>,
    #[serde(default)]
    fail: Vec<Spanned<toml::Value>>,
}

/// A `[[proof.pass]]` / `[[proof.fail]]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseToml {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    why: Option<String>,
    #[serde(default)]
    send: Option<Vec<SendToml>>,
    #[serde(default)]
    lab: Option<String>,
    #[serde(default)]
    run: Option<String>,
    #[serde(default)]
    fails_at: Option<String>,
    #[serde(default)]
    steps: Option<Vec<GitStepToml>>,
}

/// One request of a lab proof.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SendToml {
    request: RequestToml,
    #[serde(default)]
    captures: toml::Table,
    #[serde(default)]
    delay: Option<toml::Value>,
}

/// One step of a git proof.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GitStepToml {
    #[serde(default)]
    write: Option<toml::Table>,
    #[serde(default)]
    git: Option<Vec<String>>,
}

/// Split a command line like a shell would split words: whitespace separates, single and
/// double quotes group, a backslash escapes the next character. Nothing else is interpreted.
pub fn split_words(s: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        None => return Err(format!("a {c} is never closed")),
                        Some(d) if d == c => break,
                        Some('\\') if c == '"' => cur.extend(chars.next()),
                        Some(d) => cur.push(d),
                    }
                }
            }
            '\\' => {
                in_word = true;
                cur.extend(chars.next());
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    Ok(words)
}

/// A relative path that stays inside its folder: no `..`, not absolute, no `.git`.
pub fn safe_relative(p: &str) -> bool {
    let path = std::path::Path::new(p);
    !p.is_empty()
        && !path.is_absolute()
        && path.components().all(|c| match c {
            std::path::Component::Normal(n) => n != ".git",
            std::path::Component::CurDir => true,
            _ => false,
        })
}

impl Cx<'_> {
    /// Parse and validate `[proof]` for an exercise whose spec is `spec`.
    pub(super) fn proof(&mut self, proof: Spanned<ProofToml>, spec: &Spec) -> Proof {
        let line = self.line_of(proof.span());
        let p = proof.into_inner();
        if p.pass.is_empty() {
            self.problem(
                Some(line),
                "[proof] needs at least one pass: a way to pass the exercise",
            );
        }
        if p.fail.is_empty() {
            self.problem(
                Some(line),
                "[proof] needs at least one fail: a wrong attempt the exercise must refuse",
            );
        }
        let pass = p
            .pass
            .into_iter()
            .filter_map(|c| self.case(c, spec, true))
            .collect();
        let fail = p
            .fail
            .into_iter()
            .filter_map(|c| self.case(c, spec, false))
            .collect();
        Proof { line, pass, fail }
    }

    fn case(&mut self, item: Spanned<toml::Value>, spec: &Spec, pass: bool) -> Option<Case> {
        let line = self.line_of(item.span());
        let which = if pass { "pass" } else { "fail" };
        let value = item.into_inner();
        if let toml::Value::String(s) = value {
            return match spec {
                Spec::Quiz(q) => {
                    if !pass
                        && !q.choices.is_empty()
                        && !q
                            .choices
                            .iter()
                            .any(|c| normalise_answer(c) == normalise_answer(&s))
                    {
                        self.problem(
                            Some(line),
                            format!(
                                "proof fail \"{s}\" is not one of the choices; a wrong answer \
                                 to a quiz with choices must be a choice"
                            ),
                        );
                    }
                    Some(Case {
                        name: s.clone(),
                        line,
                        body: CaseBody::Answer(s),
                    })
                }
                Spec::Sql(_) => Some(Case {
                    name: s.clone(),
                    line,
                    body: CaseBody::Query(s),
                }),
                _ => {
                    self.problem(
                        Some(line),
                        format!(
                            "proof {which} is a string; for this kind write [[proof.{which}]] tables"
                        ),
                    );
                    None
                }
            };
        }
        let toml::Value::Table(t) = value else {
            self.problem(
                Some(line),
                format!("proof {which} must be a string or a table"),
            );
            return None;
        };
        let c: CaseToml = match t.try_into() {
            Ok(c) => c,
            Err(e) => {
                let e: toml::de::Error = e;
                self.problem(
                    Some(line),
                    format!(
                        "[[proof.{which}]]: {}",
                        super::position::plain_message(e.message().trim(), None)
                    ),
                );
                return None;
            }
        };
        let name = c
            .name
            .clone()
            .or(c.why.clone())
            .unwrap_or_else(|| format!("{which} proof at line {line}"));
        let used: Vec<&str> = [
            c.send.is_some().then_some("send"),
            c.lab.is_some().then_some("lab"),
            c.run.is_some().then_some("run"),
            c.steps.is_some().then_some("steps"),
        ]
        .into_iter()
        .flatten()
        .collect();
        let (kind, want): (&str, &[&str]) = match spec {
            Spec::Lab(_) => ("lab", &["send"]),
            Spec::Server(_) => ("server", &["lab", "run"]),
            Spec::Git(_) => ("git", &["steps"]),
            Spec::Quiz(_) => ("quiz", &[]),
            Spec::Sql(_) => ("sql", &[]),
        };
        if want.is_empty() {
            self.problem(
                Some(line),
                format!("a {kind} proof is a list of strings: [proof] {which} = [\"...\"]"),
            );
            return None;
        }
        if used.len() != 1 || !want.contains(&used[0]) {
            self.problem(
                Some(line),
                format!(
                    "[[proof.{which}]] \"{name}\": a {kind} proof needs exactly one of {}",
                    want.join(" or ")
                ),
            );
            return None;
        }
        if c.fails_at.is_some() && (pass || kind != "server") {
            self.problem(
                Some(line),
                "fails_at belongs on a [[proof.fail]] of a server exercise",
            );
        }
        let body = match spec {
            Spec::Lab(_) => {
                let send = c.send.unwrap_or_default();
                if send.is_empty() {
                    self.problem(Some(line), format!("\"{name}\": send is empty"));
                }
                let steps = send
                    .into_iter()
                    .enumerate()
                    .map(|(i, s)| {
                        self.step(
                            StepToml {
                                name: format!("request {}", i + 1),
                                request: s.request,
                                asserts: Vec::new(),
                                captures: s.captures,
                                retry: 0,
                                retry_interval: None,
                                delay: s.delay,
                                parallel: None,
                                points: None,
                            },
                            line,
                            &[],
                        )
                    })
                    .collect();
                CaseBody::Send(steps)
            }
            Spec::Server(s) => {
                if let Some(at) = &c.fails_at
                    && !s.steps.iter().any(|st| &st.name == at)
                {
                    self.problem(
                        Some(line),
                        format!("fails_at \"{at}\" names no [[step]] of this exercise"),
                    );
                }
                let target = match (c.lab, c.run) {
                    (Some(prefix), None) => {
                        if !prefix.is_empty() && !prefix.starts_with('/') {
                            self.problem(
                                Some(line),
                                format!("lab = \"{prefix}\" must be a path starting with /"),
                            );
                        }
                        ServerTarget::Lab(prefix)
                    }
                    (None, Some(run)) => {
                        match split_words(&run) {
                            Ok(w) if w.is_empty() => {
                                self.problem(Some(line), "run is empty");
                            }
                            Ok(w) if !w.iter().any(|w| w.contains("{port}")) => {
                                self.problem(
                                    Some(line),
                                    format!("run = \"{run}\" must pass {{port}} to the program"),
                                );
                            }
                            Ok(_) => {}
                            Err(e) => self.problem(Some(line), format!("run: {e}")),
                        }
                        ServerTarget::Run(run)
                    }
                    _ => unreachable!("checked above: exactly one of lab or run"),
                };
                CaseBody::Server {
                    target,
                    fails_at: c.fails_at,
                }
            }
            _ => {
                let mut steps = Vec::new();
                for s in c.steps.unwrap_or_default() {
                    match (s.write, s.git) {
                        (Some(files), None) => {
                            let mut out = Vec::new();
                            for (path, v) in files {
                                if !safe_relative(&path) {
                                    self.problem(
                                        Some(line),
                                        format!("write \"{path}\": a path inside the repository, without .. or .git"),
                                    );
                                }
                                match v {
                                    toml::Value::String(text) => out.push((path, text)),
                                    _ => self.problem(
                                        Some(line),
                                        format!("write \"{path}\": the content must be a string"),
                                    ),
                                }
                            }
                            steps.push(GitStep::Write(out));
                        }
                        (None, Some(args)) => {
                            if let Some(why) = crate::assertion::git::refuse_proof_args(&args) {
                                self.problem(Some(line), why);
                            }
                            steps.push(GitStep::Git(args));
                        }
                        _ => self.problem(
                            Some(line),
                            "a git proof step is { write = { \"path\" = \"text\" } } or { git = [\"args\"] }",
                        ),
                    }
                }
                CaseBody::Git(steps)
            }
        };
        Some(Case { name, line, body })
    }
}

/// Problems with the files proofs and starters use: a `run` that names a pack file that is not
/// there, a starter for an exercise that does not exist or is not a server exercise, a starter
/// in a language without a default command and no `starter.toml`.
pub fn check_files(
    exercises: &[super::Exercise],
    assets: &std::collections::BTreeMap<String, Vec<u8>>,
) -> Vec<super::Problem> {
    let mut problems = Vec::new();
    for ex in exercises {
        let Some(proof) = &ex.proof else { continue };
        for case in proof.pass.iter().chain(&proof.fail) {
            let CaseBody::Server {
                target: ServerTarget::Run(cmd),
                ..
            } = &case.body
            else {
                continue;
            };
            for word in split_words(cmd).unwrap_or_default() {
                let in_pack = super::load::ASSET_DIRS
                    .iter()
                    .any(|d| word.starts_with(&format!("{d}/")));
                if in_pack && !assets.contains_key(&word) {
                    problems.push(super::Problem::new(
                        ex.file.clone(),
                        Some(case.line),
                        format!("run names {word}, which is not in the pack"),
                    ));
                }
            }
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    for path in assets.keys() {
        let mut parts = path.split('/');
        let (Some("starters"), Some(id), Some(lang)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        if parts.next().is_none() || !seen.insert((id, lang)) {
            continue;
        }
        let dir = format!("starters/{id}/{lang}");
        match exercises.iter().find(|e| e.id == id) {
            None => problems.push(super::Problem::new(
                dir.clone(),
                None,
                format!("is a starter for \"{id}\", which is not an exercise of this course"),
            )),
            Some(e) if !matches!(e.spec, Spec::Server(_)) => problems.push(super::Problem::new(
                dir.clone(),
                None,
                format!(
                    "is a starter for {id}, a {} exercise; starters are for server exercises",
                    e.kind
                ),
            )),
            Some(_) => {}
        }
        let has_toml = assets.contains_key(&format!("{dir}/starter.toml"));
        if !has_toml && !["python", "typescript", "javascript", "go", "java"].contains(&lang) {
            problems.push(super::Problem::new(
                dir,
                None,
                format!("\"{lang}\" has no default run command: add starter.toml with run = \"... {{port}}\""),
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_like_a_shell() {
        assert_eq!(
            split_words("python3 'a b.py' {port} --bug \"x y\"").unwrap(),
            vec!["python3", "a b.py", "{port}", "--bug", "x y"]
        );
        assert_eq!(split_words("a\\ b ''").unwrap(), vec!["a b", ""]);
        assert!(split_words("a 'b").is_err());
        assert_eq!(
            split_words("$HOME; rm -rf").unwrap(),
            vec!["$HOME;", "rm", "-rf"]
        );
    }

    const SERVER: &str = "format_version = 1\nid = \"x.s\"\ntitle = \"T\"\nphase = \"p\"\nprompt = \"p\"\nkind = \"server\"\n[[step]]\nname = \"list\"\nrequest = { method = \"GET\", path = \"/tasks\" }\nasserts = ['status == 200']\n";

    fn problems(text: &str) -> Vec<String> {
        match crate::course::exercise::parse("x.toml", text) {
            Ok(_) => Vec::new(),
            Err(p) => p.into_iter().map(|p| p.to_string()).collect(),
        }
    }

    #[test]
    fn server_proofs_are_typed_and_their_mistakes_named() {
        let good = format!(
            "{SERVER}[[proof.pass]]\nname = \"lab\"\nlab = \"/api\"\n[[proof.fail]]\nwhy = \"bug\"\nrun = \"python3 references/s.py {{port}} --bug x\"\nfails_at = \"list\"\n"
        );
        let ex = crate::course::exercise::parse("x.toml", &good).unwrap();
        let proof = ex.proof.unwrap();
        assert_eq!(
            proof.pass[0].body,
            CaseBody::Server {
                target: ServerTarget::Lab("/api".into()),
                fails_at: None
            }
        );
        assert_eq!(proof.fail[0].name, "bug");
        assert_eq!(proof.fail[0].line, 14);
        for (bad, expected) in [
            ("run = \"python3 s.py\"", "must pass {port}"),
            (
                "run = \"python3 {port}\"\nfails_at = \"nope\"",
                "names no [[step]]",
            ),
            (
                "lab = \"/api\"\nrun = \"x {port}\"",
                "exactly one of lab or run",
            ),
            ("send = []", "exactly one of lab or run"),
            ("lab = \"api\"", "must be a path starting with /"),
        ] {
            let text = format!(
                "{SERVER}[[proof.pass]]\nname = \"p\"\nlab = \"/api\"\n[[proof.fail]]\n{bad}\n"
            );
            let p = problems(&text);
            assert!(p.iter().any(|p| p.contains(expected)), "{bad}: {p:?}");
        }
    }

    #[test]
    fn paths_stay_inside() {
        assert!(safe_relative("a/b.txt"));
        assert!(!safe_relative("../x"));
        assert!(!safe_relative("/etc/passwd"));
        assert!(!safe_relative(".git/config"));
    }
}
