//! The one runner of the real binary: `BACKROAD_HOME` in a temp folder, and none of the
//! variables a developer's shell may set (`BACKROAD_COURSE`, `BACKROAD_LAB_PORT`, `NO_COLOR`).

use std::path::Path;
use std::process::{Command, Output};

/// The binary with data in `home` and the built-in course; add args, env and stdio.
pub fn backroad(home: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_backroad"));
    cmd.env("BACKROAD_HOME", home)
        .env_remove("BACKROAD_COURSE")
        .env_remove("BACKROAD_LAB_PORT")
        .env_remove("NO_COLOR");
    cmd
}

/// The binary on the pack in `course`.
pub fn backroad_on(home: &Path, course: &Path) -> Command {
    let mut cmd = backroad(home);
    cmd.env("BACKROAD_COURSE", course);
    cmd
}

/// Run it to the end with `args`.
pub fn run(mut cmd: Command, args: &[&str]) -> Output {
    cmd.args(args).output().expect("the binary runs")
}

/// Stdout and stderr together, as text.
pub fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Stdout as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}
