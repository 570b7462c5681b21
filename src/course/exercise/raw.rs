//! The raw shape of an exercise's kind-specific tables as serde reads them, with spans so a
//! problem can name its line. Each table is read on its own, so one that does not fit is one
//! problem and the others are still checked.

use serde::Deserialize;
use toml::Spanned;

/// `[git]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct GitToml {
    /// Git assertions, one per string.
    pub(in crate::course) asserts: Vec<Spanned<String>>,
}

/// `[[expect]]` of a lab exercise.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ExpectToml {
    /// Assertions: strings, or tables `{ q = "query", p = "predicate", hint = "...", rfc = "..." }`.
    pub(in crate::course) asserts: Vec<Spanned<toml::Value>>,
    /// `name = 'query'`: values for `{{name}}` in later expectations.
    #[serde(default)]
    pub(in crate::course) captures: toml::Table,
    /// At least this long after the exchange that met the previous block: a duration
    /// (`"2s"`), or a query on that exchange whose value is seconds (`'header "Retry-After"'`).
    #[serde(default)]
    pub(in crate::course) after: Option<toml::Value>,
    /// At most this long after the exchange that met the previous block (`"60s"`).
    #[serde(default)]
    pub(in crate::course) within: Option<toml::Value>,
    /// Assertions that no exchange between the previous block's and this one may meet.
    #[serde(default)]
    pub(in crate::course) none_between: Vec<Spanned<toml::Value>>,
}

/// `[quiz]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct QuizToml {
    /// The question, markdown.
    pub(in crate::course) question: String,
    /// Choices shown to the learner; omit for a short answer.
    #[serde(default)]
    pub(in crate::course) choices: Vec<String>,
    /// The accepted answer.
    #[serde(default)]
    pub(in crate::course) answer: Option<String>,
    /// Several accepted answers (`["201", "201 Created"]`).
    #[serde(default)]
    pub(in crate::course) answers: Vec<String>,
    /// A regex an accepted answer matches in full (case-insensitive).
    #[serde(default)]
    pub(in crate::course) pattern: Option<String>,
    /// `[quiz.why]`: choice = the sentence shown when it is picked.
    #[serde(default)]
    pub(in crate::course) why: Option<toml::Table>,
}

/// `[server]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ServerToml {
    /// Where the learner's server usually listens (`http://127.0.0.1:8000`).
    #[serde(default)]
    pub(in crate::course) default_target: Option<String>,
    /// Shown when the target cannot be reached.
    #[serde(default)]
    pub(in crate::course) start_hint: Option<String>,
}

/// `[[step]]` of a server exercise.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(in crate::course) struct StepToml {
    /// Shown in reports ("create a task").
    pub(in crate::course) name: String,
    /// `{ method, path | url, headers, query, json | body | form, timeout }`.
    pub(in crate::course) request: RequestToml,
    /// Assertions, as in `[[expect]]`.
    #[serde(default)]
    pub(in crate::course) asserts: Vec<Spanned<toml::Value>>,
    /// `name = 'query'`: values for `{{name}}` in later steps.
    #[serde(default)]
    pub(in crate::course) captures: toml::Table,
    /// Extra tries while an assertion fails (polling).
    #[serde(default)]
    pub(in crate::course) retry: u32,
    /// Wait between tries: `"500ms"`, `"2s"`, or milliseconds.
    #[serde(default)]
    pub(in crate::course) retry_interval: Option<toml::Value>,
    /// Wait before sending: `"500ms"`, `"2s"`, or milliseconds.
    #[serde(default)]
    pub(in crate::course) delay: Option<toml::Value>,
    /// Send the request this many times at once (2 to 50), `{{n}}` set in each copy.
    #[serde(default)]
    pub(in crate::course) parallel: Option<u32>,
    /// What the step is worth when a class is graded (`check --all`).
    #[serde(default)]
    pub(in crate::course) points: Option<u32>,
}

/// A step's request.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(in crate::course) struct RequestToml {
    /// `GET`, `POST`...
    pub(in crate::course) method: String,
    /// Joined to the target.
    #[serde(default)]
    pub(in crate::course) path: Option<String>,
    /// An absolute URL instead of `path`.
    #[serde(default)]
    pub(in crate::course) url: Option<String>,
    /// Header names and values.
    #[serde(default)]
    pub(in crate::course) headers: toml::Table,
    /// Query parameters.
    #[serde(default)]
    pub(in crate::course) query: toml::Table,
    /// A JSON body (sets `Content-Type: application/json`).
    #[serde(default)]
    pub(in crate::course) json: Option<toml::Value>,
    /// A raw body.
    #[serde(default)]
    pub(in crate::course) body: Option<String>,
    /// A urlencoded form body.
    #[serde(default)]
    pub(in crate::course) form: Option<toml::Table>,
    /// How long to wait for the answer: `"5s"` or milliseconds.
    #[serde(default)]
    pub(in crate::course) timeout: Option<toml::Value>,
}

/// `[sql]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SqlToml {
    /// A sample database: `datasets/<name>.sql` at the pack root.
    pub(in crate::course) dataset: String,
    /// The reference answer: a SELECT (`query` mode), or statements (`write`, `plan`).
    pub(in crate::course) solution: String,
    /// Whether row order matters (`query` mode, and `verify` in `write` mode).
    #[serde(default)]
    pub(in crate::course) ordered: bool,
    /// `query` (default), `write` or `plan`.
    #[serde(default)]
    pub(in crate::course) mode: Option<String>,
    /// `write` mode: the SELECT run on the learner's copy and on the solution's copy.
    #[serde(default)]
    pub(in crate::course) verify: Option<String>,
    /// `plan` mode: the query whose plan must use an index.
    #[serde(default)]
    pub(in crate::course) query: Option<String>,
    /// `plan` mode: the table `query` must search with an index.
    #[serde(default)]
    pub(in crate::course) table: Option<String>,
}
