//! The checker: the assertion language, its evaluator, the exercise runners and the reports.
//!
//! - [`assert`]: parsing `status == 201`, `jsonpath "$.id" exists`... (pure).
//! - [`eval`]: evaluating assertions and captures over an exchange (pure).
//! - [`exercise`]: one exercise end to end (journal window, target rules), for CLI and TUI.
//! - [`run`]: the kinds: lab over the journal, quiz over an answer, server over HTTP.
//! - [`outcome`]: results as data; [`render`]: terminal text, JSON and JUnit.

pub mod assert;
pub mod eval;
pub mod exercise;
pub mod git;
pub mod outcome;
pub mod render;
pub mod run;

pub use outcome::{Report, Status, Verdict};
