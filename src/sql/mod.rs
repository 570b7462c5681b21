//! The SQL lab: the learner-facing SQLite sandbox. Sample databases are built in memory from a
//! pack's `datasets/*.sql`, a learner's SQL runs on a copy that cannot write the sample data,
//! touch a file or run for ever, and `sql` exercises are graded by comparing result sets (or a
//! query plan).
//!
//! This is not the progress database: [`crate::store`] stays the only module that speaks SQL
//! for progress; this one only ever opens in-memory databases.
//!
//! - [`sandbox`]: a guarded connection (authorizer, time budget, row cap); [`error`]: why a run
//!   gave no rows, with a caret under the token SQLite blames; [`statements`]: where statements
//!   end in a script.
//! - [`dataset`]: building datasets once and handing out copies.
//! - [`compare`]: result-set comparison; [`render`]: tables and the side-by-side report.
//! - [`check`]: grading an exercise in its mode, [`check::prove`] for `course test`.

pub mod check;
pub mod compare;
pub mod dataset;
pub mod error;
pub mod render;
pub mod sandbox;
pub mod statements;

pub use check::{Checked, check, prove};
pub use dataset::Dataset;
pub use sandbox::{Access, Rows, Sandbox, SqlError};
