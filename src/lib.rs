//! backroad: a terminal tutor for backend development.
//!
//! - [`course`]: the course pack (phases, lessons, exercises), loaded and validated.
//! - [`markdown`]: markdown → styled ratatui `Text`, and runnable ```` ```http ```` blocks.
//! - [`store`]: the progress database (the only module with SQL).
//! - [`lab`]: the embedded practice HTTP server.
//! - [`client`]: one reqwest client, the request model, curl rendering.
//! - [`check`]: the assertion engine and exercise checks.
//! - [`tui`]: the interactive tutor.
//! - [`cli`]: every non-interactive command.
//! - [`paths`]: where data lives.

pub mod check;
pub mod cli;
pub mod client;
pub mod course;
pub mod lab;
pub mod markdown;
pub mod paths;
pub mod progress;
pub mod proof;
pub mod store;
pub mod tui;
