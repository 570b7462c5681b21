//! `backroad doctor`: is everything in place? Paths, database, lab port, terminal.

use super::{Ctx, Exit};
use crate::store::Store;
use std::io::IsTerminal;
use std::net::{Ipv4Addr, SocketAddr, TcpListener};

/// Arguments of `backroad doctor`.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(ctx: &Ctx, _args: Args) -> anyhow::Result<Exit> {
    let term = std::env::var("TERM").unwrap_or_default();
    let tty = std::io::stdout().is_terminal();
    // Colour only on a terminal that shows it: not in a pipe or a file, not on TERM=dumb.
    let plain = ctx.global.plain || !ctx.color || !tty || term == "dumb";
    let mut problems = 0;
    let mut line = |ok: Option<bool>, what: &str, detail: String| {
        let mark = match (ok, plain) {
            (Some(true), true) => "ok  ",
            (Some(false), true) => "FAIL",
            (None, true) => "note",
            (Some(true), false) => "\x1b[32m✓\x1b[0m",
            (Some(false), false) => "\x1b[31m✗\x1b[0m",
            (None, false) => "\x1b[33m•\x1b[0m",
        };
        if ok == Some(false) {
            problems += 1;
        }
        let _ = super::emit(&format!("{mark} {what:<12} {detail}\n"));
    };
    super::emit(&format!("backroad {}\n", env!("CARGO_PKG_VERSION")))?;
    let home_from = if std::env::var_os("BACKROAD_HOME").is_some() {
        "from BACKROAD_HOME"
    } else {
        "platform data dir; set BACKROAD_HOME to move it"
    };
    line(
        None,
        "data dir",
        format!("{} ({home_from})", ctx.paths.data_dir.display()),
    );

    match ctx
        .paths
        .ensure_data_dir()
        .map_err(anyhow::Error::from)
        .and_then(|_| Ok(Store::open(&ctx.paths.db)?))
    {
        Ok(store) => line(
            Some(true),
            "database",
            format!(
                "{} opens (schema {})",
                ctx.paths.db.display(),
                store.schema_version()?
            ),
        ),
        Err(e) => line(Some(false), "database", format!("{e:#}")),
    }

    match crate::course::Course::load(ctx.global.course.as_deref()) {
        Ok(c) => line(
            Some(true),
            "course",
            format!(
                "{} ({}; {} lessons, {} exercises)",
                c.title,
                ctx.global
                    .course
                    .as_ref()
                    .map_or("built in".to_string(), |d| d.display().to_string()),
                c.lessons().count(),
                c.exercises.len()
            ),
        ),
        Err(e) => line(
            Some(false),
            "course",
            format!(
                "{} problem(s); run `backroad course validate`",
                e.problems.len()
            ),
        ),
    }

    let port = ctx.global.port;
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    match TcpListener::bind(addr) {
        Ok(_) => line(Some(true), "lab port", format!("{addr} is free")),
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => line(
            None,
            "lab port",
            format!(
                "{addr} is in use (a running `backroad lab` is fine; otherwise pick another with --port N)"
            ),
        ),
        Err(e) => line(Some(false), "lab port", format!("cannot bind {addr}: {e}")),
    }

    let size = crossterm::terminal::size().ok();
    let colors = if !ctx.color {
        "colour off (NO_COLOR, --no-color or --plain)".to_string()
    } else if term == "dumb" {
        "a dumb terminal: no colour, no cursor control (the TUI needs both)".to_string()
    } else if term.is_empty() {
        "colour unknown".to_string()
    } else if std::env::var("COLORTERM")
        .is_ok_and(|v| v.contains("truecolor") || v.contains("24bit"))
    {
        "true colour".to_string()
    } else if term.contains("256") {
        "256 colours".to_string()
    } else {
        "basic colours".to_string()
    };
    match size {
        Some((w, h)) if tty => line(
            Some(w >= 60 && h >= 16),
            "terminal",
            format!(
                "{w}×{h}, TERM={term}, {colors}{}",
                if w < 60 || h < 16 {
                    "; the TUI wants at least 60×16 (80×24 is best)"
                } else {
                    ""
                }
            ),
        ),
        _ => line(
            None,
            "terminal",
            format!(
                "not a terminal (TERM={}, {colors}); the TUI needs one, other commands work",
                if term.is_empty() { "unset" } else { &term }
            ),
        ),
    }
    if problems == 0 {
        super::emit("All good. Run `backroad` to start.\n")?;
        Ok(Exit::Success)
    } else {
        super::emit(&format!("{problems} problem(s) above.\n"))?;
        Ok(Exit::Runtime)
    }
}
