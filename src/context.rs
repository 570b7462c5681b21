//! What every front end (the CLI commands and the TUI) gets: the global options, the resolved
//! paths, how a run ends as an exit code, and the "bad input" error. It sits below `cli` and
//! `tui` so neither imports the other.
//!
//! Errors meant as "bad input" (exit 2) are wrapped in [`BadInput`]; everything else that fails
//! is a runtime error (exit 3).

use crate::course::Course;
use crate::paths::Paths;
use crate::store::Store;
use std::path::PathBuf;

/// The default lab port.
pub const DEFAULT_PORT: u16 = 7357;

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
    /// Details for pack authors: exercise files and lines in reports (always shown for a
    /// `--course` pack).
    #[arg(long, global = true)]
    pub verbose: bool,
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
    /// Its texts say the lab is on `--port`.
    pub fn course(&self) -> anyhow::Result<Course> {
        Ok(Course::load(self.global.course.as_deref())?.with_lab_port(self.global.port))
    }

    /// Whether reports name exercise files and lines: for a pack's author (a `--course` pack,
    /// or `--verbose`), not for a learner of the built-in course, who has no such files.
    pub fn show_locations(&self) -> bool {
        self.global.verbose || self.global.course.is_some()
    }

    /// Open the progress database, creating the data dir if needed, keeping this pack's
    /// progress apart from other packs'.
    pub fn store(&self) -> anyhow::Result<Store> {
        self.paths.ensure_data_dir().map_err(|e| {
            anyhow::anyhow!(
                "cannot create the data folder {}: {e}. Set BACKROAD_HOME to a folder you can write.",
                self.paths.data_dir.display()
            )
        })?;
        let pack = crate::course::pack_id_of(self.global.course.as_deref())?;
        Ok(Store::open(&self.paths.db)?.for_pack(&pack))
    }
}
