//! Exercise files (`exercises/<phase-id>/*.toml`): the common fields and the typed,
//! validated parts of each kind (lab expectations, quiz, server steps, sql, git).
//!
//! - this file: the types a checker reads ([`Exercise`], [`Spec`] and each kind's spec);
//! - `raw`: each table's raw shape as serde reads it (with spans for error positions);
//! - `parse`: the common fields and what every kind shares (asserts, captures), every problem
//!   collected with file:line:col; one file per kind (`lab`, `quiz`, `server`, `sql`, `git`);
//! - `variables`: `{{name}}` must be built in or captured before it is used.
//!
//! Assertions are parsed at load time, so a pack with a bad assertion fails
//! `backroad course validate` with file:line and a caret under the bad part.

mod git;
mod lab;
mod parse;
mod quiz;
mod raw;
mod server;
mod sql;
mod variables;

pub(super) use parse::{Cx, parse_doc};
pub use parse::{KINDS, parse, parse_duration};
pub(super) use raw::{RequestToml, StepToml};
pub use variables::{BUILT_IN, variables};

use super::proof::Proof;
use crate::assertion::git::GitAssertion;
use crate::assertion::{Assertion, Pattern, QueryExpr};
use std::time::Duration;

/// One exercise.
#[derive(Debug, Clone, PartialEq)]
pub struct Exercise {
    /// Must be 1.
    pub format_version: u32,
    /// Unique and stable: progress is keyed on it.
    pub id: String,
    /// Shown in lists.
    pub title: String,
    /// A phase id from `content/course.toml`.
    pub phase: String,
    /// The lesson it belongs to, if any.
    pub lesson: Option<String>,
    /// `lab`, `quiz`, `server` or `sql`.
    pub kind: String,
    /// 1..3.
    pub difficulty: u8,
    /// What passing it is worth in `check --all` (default 1); steps with their own `points`
    /// share the exercise's credit out step by step instead.
    pub points: u32,
    /// Markdown shown to the learner.
    pub prompt: String,
    /// Revealed one at a time; use is recorded.
    pub hints: Vec<String>,
    /// Markdown shown after a pass.
    pub explanation: String,
    /// The file it came from, relative to the pack root.
    pub file: String,
    /// The kind-specific parts, typed and validated.
    pub spec: Spec,
    /// How `course test` proves it can be passed and refuses the wrong thing.
    pub proof: Option<Proof>,
}

/// What a kind checks.
#[derive(Debug, Clone, PartialEq)]
pub enum Spec {
    /// Requests sent to the lab.
    Lab(LabSpec),
    /// A question.
    Quiz(QuizSpec),
    /// Steps fired at the learner's server.
    Server(ServerSpec),
    /// A query against a sample database.
    Sql(SqlSpec),
    /// The state of a Git repository.
    Git(GitSpec),
}

/// `kind = "git"`: assertions about a repository, each with its line.
#[derive(Debug, Clone, PartialEq)]
pub struct GitSpec {
    pub asserts: Vec<(GitAssertion, usize)>,
}

/// `kind = "lab"`: expectations met by journalled exchanges, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct LabSpec {
    /// Met in order by journalled exchanges.
    pub expects: Vec<Expect>,
}

/// One `[[expect]]`: an exchange that meets every assertion.
#[derive(Debug, Clone, PartialEq)]
pub struct Expect {
    /// The line of `[[expect]]`.
    pub line: usize,
    /// What the exchange must meet.
    pub asserts: Vec<AssertSpec>,
    /// Values kept for `{{name}}` in later expectations.
    pub captures: Vec<Capture>,
    /// The least time since the exchange that met the previous block.
    pub after: Option<Gap>,
    /// The most time since the exchange that met the previous block.
    pub within: Option<Duration>,
    /// No exchange in between (after the previous block's) may meet all of these.
    pub none_between: Vec<AssertSpec>,
}

/// A least wait, fixed or read from the previous exchange (`'header "Retry-After"'`).
#[derive(Debug, Clone, PartialEq)]
pub enum Gap {
    /// A fixed duration.
    Fixed(Duration),
    /// A query on the previous matched exchange whose value is a number of seconds.
    Query(QueryExpr, String),
}

/// One assertion and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct AssertSpec {
    /// The parsed assertion.
    pub assertion: Assertion,
    /// The line it is written on.
    pub line: usize,
    /// Shown when it fails.
    pub hint: Option<String>,
    /// An RFC reference such as `9110#15.3.2`.
    pub rfc: Option<String>,
}

/// A named value taken from an exchange, for `{{name}}` in later steps.
#[derive(Debug, Clone, PartialEq)]
pub struct Capture {
    /// The variable name, used as `{{name}}`.
    pub name: String,
    /// The query and filters that give the value.
    pub expr: QueryExpr,
    /// The query as written.
    pub source: String,
}

/// How quiz answers compare: trimmed, lowercase, inner whitespace collapsed.
pub fn normalise_answer(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl QuizSpec {
    /// Whether `answer` is accepted: equal to an accepted answer (see [`normalise_answer`]), or
    /// matched in full by the pattern.
    pub fn accepts(&self, answer: &str) -> bool {
        let given = normalise_answer(answer);
        self.answers.iter().any(|a| normalise_answer(a) == given)
            || self
                .pattern
                .as_ref()
                .is_some_and(|p| p.regex.is_match(answer.trim()))
    }
}

/// `kind = "quiz"`.
#[derive(Debug, Clone, PartialEq)]
pub struct QuizSpec {
    /// The line of `[quiz]`.
    pub line: usize,
    /// The question, markdown.
    pub question: String,
    /// Empty for a short answer.
    pub choices: Vec<String>,
    /// Accepted answers, compared trimmed and case-insensitively.
    pub answers: Vec<String>,
    /// An accepted answer as a regex (matched whole, case-insensitively).
    pub pattern: Option<Pattern>,
    /// `[quiz.why]`: the sentence shown when the learner picks a wrong choice.
    pub why: Vec<(String, String)>,
}

/// `kind = "server"`: steps fired at the learner's server.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerSpec {
    /// Where the learner's server usually listens, used without `--target`.
    pub default_target: Option<String>,
    /// Shown when the target cannot be reached.
    pub start_hint: Option<String>,
    /// Fired in order.
    pub steps: Vec<Step>,
}

/// One `[[step]]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// Shown in reports.
    pub name: String,
    /// The line of `[[step]]`.
    pub line: usize,
    /// What to send.
    pub request: StepRequest,
    /// What the answer must meet.
    pub asserts: Vec<AssertSpec>,
    /// Values kept for `{{name}}` in later steps.
    pub captures: Vec<Capture>,
    /// Extra tries when an assertion fails (polling).
    pub retry: u32,
    /// Wait between tries (default 1 s).
    pub retry_interval: Duration,
    /// Wait before sending.
    pub delay: Duration,
    /// Copies of the request sent at once (0: a plain step; otherwise 2 to 50).
    pub parallel: u32,
    /// What this step is worth in `check --all`, when the pack grades step by step.
    pub points: Option<u32>,
}

/// The request of a step; strings may hold `{{variables}}`.
#[derive(Debug, Clone, PartialEq)]
pub struct StepRequest {
    /// Uppercase method.
    pub method: String,
    /// Joined to the target (`/tasks`), or an absolute `url`.
    pub path: String,
    /// `path` is an absolute URL (written as `url`).
    pub is_url: bool,
    /// Header names and values.
    pub headers: Vec<(String, String)>,
    /// Query parameters appended to the URL.
    pub query: Vec<(String, String)>,
    /// The body.
    pub body: StepBody,
    /// How long to wait for the answer (default 10 s).
    pub timeout: Option<Duration>,
}

/// The body of a step's request.
#[derive(Debug, Clone, PartialEq)]
pub enum StepBody {
    /// No body.
    None,
    /// A JSON body, sent with `Content-Type: application/json`.
    Json(serde_json::Value),
    /// A body sent as written.
    Text(String),
    /// A urlencoded form.
    Form(Vec<(String, String)>),
}

/// `kind = "sql"`: a query (or statements) checked against a sample database.
#[derive(Debug, Clone, PartialEq)]
pub struct SqlSpec {
    /// The sample database: `datasets/<name>.sql` at the pack root.
    pub dataset: String,
    /// The reference answer: a query, or statements in `write` and `plan` mode.
    pub solution: String,
    /// Whether row order matters.
    pub ordered: bool,
    /// What is compared.
    pub mode: SqlMode,
    /// The line of `[sql]` in the exercise file.
    pub line: usize,
}

/// How a `sql` exercise is graded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SqlMode {
    /// The learner's SELECT's result equals the solution's.
    Query,
    /// The learner's statements run on a scratch copy; `verify` gives the same result there as
    /// on a copy the solution changed.
    Write {
        /// A SELECT run on both copies.
        verify: String,
    },
    /// The learner's statements (an index) make `query` search `table` with an index, and
    /// `query` still gives the result it gives on the untouched data.
    Plan {
        /// The query whose plan is graded.
        query: String,
        /// The table that must be searched with an index.
        table: String,
    },
}

impl SqlMode {
    /// `query`, `write` or `plan`.
    pub fn name(&self) -> &'static str {
        match self {
            SqlMode::Query => "query",
            SqlMode::Write { .. } => "write",
            SqlMode::Plan { .. } => "plan",
        }
    }
}
