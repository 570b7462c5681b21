//! backroad: a terminal tutor for backend development. The layers, from the bottom (a module
//! imports only from layers below it); docs/architecture.md draws the data flow.
//!
//! - Bottom, importing nothing else from the crate: [`exchange`] (a request as written and its
//!   curl form, a response, one journalled exchange with its typed trace), [`assertion`] (the
//!   assertion language and its parser), [`paths`] (where data lives), [`fsrs`] (the
//!   spaced-repetition scheduler's arithmetic), [`text`] (pack and server text made safe for a
//!   terminal; "did you mean").
//! - Content and data: [`course`] (the course pack: phases, lessons, exercises, loaded and
//!   validated), [`markdown`] (markdown → styled ratatui `Text`, runnable ```` ```http ````
//!   blocks), [`store`] (the progress database, the only module with SQL), [`progress`] (the
//!   learner's progress as read from the store), [`review`] (the review queue: what is due,
//!   graded by the checker).
//! - Services: [`client`] (the one HTTP client), [`lab`] (the embedded practice HTTP server),
//!   [`check`] (the checker: evaluation, one runner per kind, one dispatcher, reports),
//!   [`sql`] (the SQL lab: sample databases in memory, the sandbox, grading `sql` exercises;
//!   the only SQL besides the store's), [`proof`] (proving a pack's exercises), [`program`]
//!   (programs backroad starts: reference servers, the learner's server for `check --run`),
//!   [`watch`] (the debounced file watcher of `--watch`), [`report`] (progress reports: a
//!   learner's from the store, a class's merged from learners' JSON; markdown, JSON,
//!   self-contained HTML).
//! - Front ends: [`context`] (what both share: options, paths, exit codes), [`cli`] (every
//!   non-interactive command), [`tui`] (the interactive tutor, one folder per screen).

pub mod assertion;
pub mod check;
pub mod cli;
pub mod client;
pub mod context;
pub mod course;
pub mod exchange;
pub mod fsrs;
pub mod lab;
pub mod markdown;
pub mod paths;
pub mod program;
pub mod progress;
pub mod proof;
pub mod report;
pub mod review;
pub mod sql;
pub mod store;
pub mod text;
pub mod tui;
pub mod watch;
