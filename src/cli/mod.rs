//! The command line: the clap types, the dispatch, and one module per subcommand.
//!
//! Every subcommand's `run` returns `anyhow::Result<Exit>`; `main` turns that into the process
//! exit code in one place. The context, exit codes and bad-input errors live in
//! [`crate::context`] so the TUI can share them without importing the CLI.

pub mod check;
pub mod check_all;
pub mod check_run;
pub mod completions;
pub mod course;
pub mod course_new;
pub mod course_test;
pub mod doctor;
pub mod exercises;
pub mod help;
pub mod hint;
pub mod lab;
pub mod lessons;
pub mod progress;
pub mod read;
pub mod report;
pub mod reset;
pub mod review;
pub mod sql;
pub mod starter;

use crate::paths::Paths;
use clap::{Parser, Subcommand};

pub use crate::context::{BadInput, Ctx, DEFAULT_PORT, Exit, Global, bad_input, exit_for};

/// backroad: walk the backend roadmap in your terminal, practise on a real HTTP lab, and have
/// your requests and servers checked on the spot.
#[derive(Debug, Parser)]
#[command(
    name = "backroad",
    version = version_line(),
    about,
    long_about = None,
    disable_help_subcommand = true
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    /// The tutor: let requests from lessons and the Lab composer go to hosts off this machine
    /// (by default only 127.0.0.1, localhost and ::1 are reached).
    #[arg(long)]
    pub allow_remote: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the course's phases and lessons with your progress.
    Lessons(lessons::Args),
    /// Print a lesson to the terminal.
    Read(read::Args),
    /// Show how far you are: lessons done, exercises passed.
    Progress(progress::Args),
    /// Forget progress: one lesson, or everything.
    Reset(reset::Args),
    /// Check the set-up: data paths, the database, the lab port, the terminal.
    Doctor(doctor::Args),
    /// Print shell completions (bash, zsh, fish, elvish, powershell).
    Completions(completions::Args),
    /// Run the practice HTTP lab in the foreground, with a live request log.
    Lab(lab::Args),
    /// Check an exercise: against the lab journal, your answer, or your own server.
    Check(Box<check::Args>),
    /// List exercises with their status.
    Exercises(exercises::Args),
    /// Reveal the next hint of an exercise.
    Hint(hint::Args),
    /// Review what you passed before: what is due today, on a spaced schedule.
    Review(review::Args),
    /// Your progress report (md, json, html), or a class merged from learners' reports.
    Report(report::Args),
    /// Work on a course pack: validate it, prove its exercises.
    Course(course::Args),
    /// Write a small runnable project to start a server exercise from.
    Starter(starter::Args),
    /// Query a sample database at a prompt (the SQL lab), like sqlite3.
    Sql(sql::Args),
    /// Print a guide (`help authoring`: writing a course pack) or a command's help.
    Help(help::Args),
}

fn version_line() -> &'static str {
    concat!(env!("CARGO_PKG_VERSION"), " (course format 1)")
}

/// Write to stdout in one go. A closed pipe (`backroad lessons | head -3`) becomes an error
/// that `main` treats as a quiet, successful end instead of a panic.
pub fn emit(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// Whether an error is stdout's reader going away; not worth a message.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Parse, dispatch and run; the binary's whole job.
pub fn run(cli: Cli) -> anyhow::Result<Exit> {
    let ctx = Ctx::new(Paths::from_env(), cli.global);
    match cli.command {
        None => crate::tui::run(&ctx, cli.allow_remote),
        Some(Command::Lessons(a)) => lessons::run(&ctx, a),
        Some(Command::Read(a)) => read::run(&ctx, a),
        Some(Command::Progress(a)) => progress::run(&ctx, a),
        Some(Command::Reset(a)) => reset::run(&ctx, a),
        Some(Command::Doctor(a)) => doctor::run(&ctx, a),
        Some(Command::Completions(a)) => completions::run(&ctx, a),
        Some(Command::Lab(a)) => lab::run(&ctx, a),
        Some(Command::Check(a)) => check::run(&ctx, *a),
        Some(Command::Exercises(a)) => exercises::run(&ctx, a),
        Some(Command::Hint(a)) => hint::run(&ctx, a),
        Some(Command::Review(a)) => review::run(&ctx, a),
        Some(Command::Report(a)) => report::run(&ctx, a),
        Some(Command::Course(a)) => course::run(&ctx, a),
        Some(Command::Starter(a)) => starter::run(&ctx, a),
        Some(Command::Sql(a)) => sql::run(&ctx, a),
        Some(Command::Help(a)) => help::run(&ctx, a),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
