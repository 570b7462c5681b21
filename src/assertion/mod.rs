//! The assertion language, a leaf like Hurl's `hurl_core`: the words (queries, filters,
//! predicates) as types, and their parser from one line of text ([`parse`]). It imports nothing
//! else from the crate, so the content model (`course`) can validate assertions without the
//! checker, and the checker (`check::eval`) evaluates what this parses.
//!
//! Parsing is pure and separate from evaluation, so every error is tested on string literals and
//! carries the column of the bad part, for a caret under it. A new assertion word: its type here,
//! its spelling in `parse.rs`, its meaning in `check/eval.rs`.

pub mod git;
mod parse;

pub use parse::{parse_assertion, parse_predicate, parse_query_expr, parse_split};

use regex::Regex;
use serde_json::Value;
use std::fmt;

/// What an assertion looks at.
#[derive(Debug, Clone, PartialEq)]
pub enum Query {
    /// The response status code, an integer.
    Status,
    /// A response header: a string, or a list when repeated. The name is case-insensitive.
    Header(String),
    /// A cookie set by the response (`Set-Cookie`), by name.
    Cookie(String),
    /// The response body as text.
    Body,
    /// An RFC 9535 JSONPath over the response body.
    JsonPath(JsonPathQuery),
    /// The first capture group of a regex over the body (the whole match when it has none).
    Regex(Pattern),
    /// How long the response took, in milliseconds.
    Duration,
    /// A value captured by an earlier step.
    Variable(String),
    /// What the learner sent (lab exercises).
    Request(RequestQuery),
    /// `responses [assertion]`: the status codes of all the answers of a parallel step (one
    /// answer otherwise), only those that meet the assertion when one is given. Usually
    /// followed by `count`.
    Responses(Option<Box<Assertion>>),
}

/// The `request.*` queries: what the learner sent to the lab.
#[derive(Debug, Clone, PartialEq)]
pub enum RequestQuery {
    /// `request.method`: the method, uppercase.
    Method,
    /// `request.path`: the path, without the query string.
    Path,
    /// One query-string parameter by name.
    Query(String),
    /// A request header by name (case-insensitive).
    Header(String),
    /// The request body as text.
    Body,
    /// A JSONPath over the request body.
    JsonPath(JsonPathQuery),
}

/// A parsed JSONPath and the text it came from.
#[derive(Debug, Clone)]
pub struct JsonPathQuery {
    /// The expression as written.
    pub source: String,
    /// The parsed expression.
    pub path: serde_json_path::JsonPath,
    /// Whether the expression can select several nodes (wildcards, filters, slices,
    /// descendants): then the value is always a list, even of one.
    pub multi: bool,
}

/// A compiled regex and the text it came from.
#[derive(Debug, Clone)]
pub struct Pattern {
    /// The regex as written (without the slashes).
    pub source: String,
    /// The compiled regex.
    pub regex: Regex,
}

/// A transformation applied to a query's value before the predicate.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    /// The number of items of a list.
    Count,
    /// The item at an index of a list (negative counts from the end).
    Nth(i64),
    /// The first item of a list.
    First,
    /// The last item of a list.
    Last,
    /// A string or float as an integer.
    ToInt,
    /// Any value as a string.
    ToString,
    /// A string cut at a separator into a list.
    Split(String),
    /// A string in lowercase.
    Lower,
    /// A string without surrounding whitespace.
    Trim,
    /// The length of a string (in characters), a list or an object.
    Length,
}

/// The test applied to the (filtered) value.
#[derive(Debug, Clone, PartialEq)]
pub enum Predicate {
    /// `==`: equal in value and type (numbers compare by value: `1 == 1.0`).
    Eq(Value),
    /// `!=`.
    Ne(Value),
    /// `>` on numbers or strings.
    Gt(Value),
    /// `>=`.
    Ge(Value),
    /// `<`.
    Lt(Value),
    /// `<=`.
    Le(Value),
    /// `in [..]`: equal to one of the items.
    In(Vec<Value>),
    /// A string prefix (or a list's first item).
    StartsWith(Value),
    /// A string suffix (or a list's last item).
    EndsWith(Value),
    /// A substring, or an item of a list.
    Contains(Value),
    /// `matches /re/`: the regex finds a match in the string.
    Matches(Pattern),
    /// The query found a value.
    Exists,
    /// An empty string, list or object.
    IsEmpty,
    /// A string.
    IsString,
    /// An integer (not a float, not a string of digits).
    IsInteger,
    /// An integer or a float.
    IsNumber,
    /// `true` or `false`.
    IsBoolean,
    /// A list.
    IsList,
    /// An object.
    IsObject,
    /// A string in UUID form.
    IsUuid,
    /// A string holding an RFC 3339 date-time or an ISO 8601 date.
    IsIsoDate,
    /// The value (an object) contains at least these fields with these values.
    IncludesJson(Value),
}

/// A query followed by filters: what a capture stores, and the left side of an assertion.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryExpr {
    /// What to look at.
    pub query: Query,
    /// Applied in order.
    pub filters: Vec<Filter>,
}

/// One parsed assertion: `query filters* [not] predicate`.
#[derive(Debug, Clone, PartialEq)]
pub struct Assertion {
    /// The query and its filters.
    pub expr: QueryExpr,
    /// `not` before the predicate: the predicate must not hold.
    pub not: bool,
    /// The test.
    pub predicate: Predicate,
    /// The text as written, for reports.
    pub text: String,
}

/// Why a line does not parse, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} (column {column})")]
pub struct ParseError {
    /// 1-based column, in characters, of the bad part.
    pub column: usize,
    /// What is wrong and what would be right.
    pub message: String,
}

impl Query {
    /// Whether the value comes from the response beyond its status: body, headers, cookies
    /// (reported as skipped when the status assertion failed: a wrong status usually means
    /// an answer of another shape, and listing its differences is noise).
    pub fn reads_response(&self) -> bool {
        matches!(
            self,
            Query::Body
                | Query::JsonPath(_)
                | Query::Regex(_)
                | Query::Header(_)
                | Query::Cookie(_)
        )
    }
}

impl PartialEq for JsonPathQuery {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source
    }
}

impl PartialEq for Pattern {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source
    }
}

impl fmt::Display for Assertion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}
