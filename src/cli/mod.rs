//! The command line: clap types, the shared context, and one module per subcommand.
//!
//! Every subcommand's `run` returns `anyhow::Result<Exit>`; `main` turns that into the process
//! exit code in one place. Errors meant as "bad input" (exit 2) are wrapped in [`BadInput`],
//! everything else that fails is a runtime error (exit 3).

pub mod check;
pub mod completions;
pub mod course;
pub mod course_test;
pub mod doctor;
pub mod exercises;
pub mod hint;
pub mod lab;
pub mod lessons;
pub mod progress;
pub mod read;
pub mod report;
pub mod reset;
pub mod starter;

use crate::course::Course;
use crate::paths::Paths;
use crate::store::Store;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// The default lab port.
pub const DEFAULT_PORT: u16 = 7357;

/// backroad: walk the backend roadmap in your terminal, practise on a real HTTP lab, and have
/// your requests and servers checked on the spot.
#[derive(Debug, Parser)]
#[command(name = "backroad", version = version_line(), about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options every command takes.
#[derive(Debug, Clone, clap::Args)]
pub struct Global {
    /// Use the course pack in DIR (holding content/ and exercises/) instead of the built-in one.
    #[arg(long, global = true, env = "BACKROAD_COURSE", value_name = "DIR")]
    pub course: Option<PathBuf>,
    /// The lab's port on 127.0.0.1.
    #[arg(long, global = true, env = "BACKROAD_LAB_PORT", default_value_t = DEFAULT_PORT, value_name = "N")]
    pub port: u16,
    /// Linear text without colour, symbols or box drawing (for screen readers and pipes).
    #[arg(long, global = true)]
    pub plain: bool,
    /// No colour (also when NO_COLOR is set).
    #[arg(long, global = true)]
    pub no_color: bool,
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
    Check(check::Args),
    /// List exercises with their status.
    Exercises(exercises::Args),
    /// Reveal the next hint of an exercise.
    Hint(hint::Args),
    /// Summarise attempts for an instructor (aggregates exercise reports).
    Report(report::Args),
    /// Work on a course pack: validate it, prove its exercises.
    Course(course::Args),
    /// Write a small runnable project to start a server exercise from.
    Starter(starter::Args),
}

fn version_line() -> &'static str {
    concat!(env!("CARGO_PKG_VERSION"), " (course format 1)")
}

/// How a command ended, as the process exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: done, or the check passed.
    Success = 0,
    /// 1: a check ran and failed.
    Failed = 1,
    /// 2: bad input (course, exercise file, arguments).
    BadInput = 2,
    /// 3: a runtime error (server unreachable, timeout, I/O).
    Runtime = 3,
}

/// An error caused by what the user gave us; exits with 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct BadInput(pub String);

/// Shorthand for a bad-input error.
pub fn bad_input(msg: impl Into<String>) -> anyhow::Error {
    BadInput(msg.into()).into()
}

/// The exit code for an error that reached `main`.
pub fn exit_for(err: &anyhow::Error) -> Exit {
    if err
        .chain()
        .any(|e| e.is::<BadInput>() || e.is::<crate::course::CourseError>())
    {
        Exit::BadInput
    } else {
        Exit::Runtime
    }
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

/// What every command gets: resolved paths and global options.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub paths: Paths,
    pub global: Global,
    /// Colour is on: not `--plain`, not `--no-color`, not `NO_COLOR`.
    pub color: bool,
}

impl Ctx {
    pub fn new(paths: Paths, global: Global) -> Self {
        let no_color_env = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = !(global.plain || global.no_color || no_color_env);
        Self {
            paths,
            global,
            color,
        }
    }

    /// Load the course (embedded or `--course`).
    pub fn course(&self) -> anyhow::Result<Course> {
        Ok(Course::load(self.global.course.as_deref())?)
    }

    /// Open the progress database, creating the data dir if needed.
    pub fn store(&self) -> anyhow::Result<Store> {
        self.paths.ensure_data_dir().map_err(|e| {
            anyhow::anyhow!(
                "cannot create the data folder {}: {e}. Set BACKROAD_HOME to a folder you can write.",
                self.paths.data_dir.display()
            )
        })?;
        Ok(Store::open(&self.paths.db)?)
    }
}

/// Parse, dispatch and run; the binary's whole job.
pub fn run(cli: Cli) -> anyhow::Result<Exit> {
    let ctx = Ctx::new(Paths::from_env(), cli.global);
    match cli.command {
        None => crate::tui::run(&ctx),
        Some(Command::Lessons(a)) => lessons::run(&ctx, a),
        Some(Command::Read(a)) => read::run(&ctx, a),
        Some(Command::Progress(a)) => progress::run(&ctx, a),
        Some(Command::Reset(a)) => reset::run(&ctx, a),
        Some(Command::Doctor(a)) => doctor::run(&ctx, a),
        Some(Command::Completions(a)) => completions::run(&ctx, a),
        Some(Command::Lab(a)) => lab::run(&ctx, a),
        Some(Command::Check(a)) => check::run(&ctx, a),
        Some(Command::Exercises(a)) => exercises::run(&ctx, a),
        Some(Command::Hint(a)) => hint::run(&ctx, a),
        Some(Command::Report(a)) => report::run(&ctx, a),
        Some(Command::Course(a)) => course::run(&ctx, a),
        Some(Command::Starter(a)) => starter::run(&ctx, a),
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
