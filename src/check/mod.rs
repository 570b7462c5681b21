//! The checker: the evaluator of the assertion language ([`crate::assertion`]), one runner per
//! kind of exercise, the one dispatcher both front ends use, and the reports.
//!
//! - [`eval`]: evaluating assertions and captures over an exchange (pure).
//! - [`assess`]: what the kinds share: assertions into outcomes, captures, a report's start and end.
//! - [`lab`]: lab exercises over the journal; [`quiz`]: an answer; [`server`]: steps fired at
//!   the learner's server; [`git`]: a learner's repository; [`probe`]: the one TCP probe (is it
//!   listening, does it speak HTTP).
//! - [`preflight`]: a server exercise's steps looked at before anything is sent (undefined
//!   `{{variables}}`, `url =` off this machine): a broken exercise, not a failed learner.
//! - [`dispatch`]: (exercise, input) → report, for `backroad check` and the tutor.
//! - [`outcome`]: results as data; [`render`]: terminal text; [`grade`]: many exercises
//!   graded for one learner (points, the exit code, JSON, GitHub Classroom); [`junit`]: JUnit XML.

pub mod assess;
pub mod dispatch;
pub mod eval;
pub mod git;
pub mod grade;
pub mod junit;
pub mod lab;
pub mod outcome;
pub mod preflight;
pub mod probe;
pub mod quiz;
pub mod render;
pub mod server;

pub use outcome::{Report, Status, Verdict};
