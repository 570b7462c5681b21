//! `backroad check --run CMD` and `--watch`: start the learner's server for the check (through
//! [`crate::program::learner`]), show its lines as `[your server] …` between the checker's, and
//! stop it after; and check again when files under the current folder change
//! ([`crate::watch`]), like rustlings' watch mode, with Enter and `q` as the manual fallback.
//! Each check itself is [`super::check::run`], unchanged. Ctrl-C (or SIGTERM, SIGHUP) stops
//! the server too: it runs in its own process group, so the terminal's Ctrl-C does not reach it.

use super::check::{self, Args};
use super::{Ctx, Exit, bad_input};
use crate::check::assess::new_report;
use crate::check::render::{self, Style};
use crate::check::server::parse_target;
use crate::check::{Report, Verdict};
use crate::course::Exercise;
use crate::course::exercise::Spec;
use crate::program::learner::{self, LISTEN_BOUND, OnLine, PREFIX, StartError};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What sets off another check in watch mode.
#[derive(Debug)]
enum Trigger {
    /// Files changed (relative to the watched folder).
    Files(Vec<PathBuf>),
    /// Enter on stdin.
    Enter,
    /// `q` on stdin.
    Quit,
}

/// Where the checker's own lines go: stdout, or stderr when stdout carries JSON.
#[derive(Debug, Clone, Copy)]
struct Out {
    json: bool,
}

impl Out {
    fn say(self, text: &str) {
        if self.json {
            eprintln!("{text}");
        } else {
            println!("{text}");
        }
    }
}

/// Run `backroad check` with `--run` and/or `--watch`.
pub fn run(ctx: &Ctx, args: &Args) -> anyhow::Result<Exit> {
    let course = ctx.course()?;
    let ex = check::find(&course, args.id.as_deref().unwrap_or_default())?.clone();
    check::refuse_other_kinds_flags(&ex, args)?;
    if let Some(cmd) = &args.run {
        target_of(&ex, args, cmd, 0)?;
    }
    if args.watch && args.file.as_deref() == Some(Path::new("-")) {
        return Err(bad_input(
            "--watch reads Enter and q from stdin, so the query cannot come from it: put it in \
             a file and pass --file FILE.",
        ));
    }
    let cwd = std::env::current_dir()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let exit = runtime.block_on(session(ctx, args, &ex, &cwd));
    // A check still running on its thread (after Ctrl-C) is not waited for.
    runtime.shutdown_background();
    exit
}

/// The target a `--run` check fires at: http://127.0.0.1:`port` when the command has
/// `{port}`, else `--target` or the exercise's default target (which must be on this machine:
/// the server is started here).
fn target_of(ex: &Exercise, args: &Args, cmd: &str, port: u16) -> anyhow::Result<String> {
    if cmd.trim().is_empty() {
        return Err(bad_input(
            "--run needs the command that starts your server, e.g. --run \"python3 app.py {port}\"",
        ));
    }
    if learner::wants_port(cmd) {
        if args.target.is_some() {
            return Err(bad_input(
                "--run with {port} picks the target itself (http://127.0.0.1:{port}): drop \
                 --target, or take {port} out of the command.",
            ));
        }
        return Ok(format!("http://127.0.0.1:{port}"));
    }
    let default = match &ex.spec {
        Spec::Server(s) => s.default_target.clone(),
        _ => None,
    };
    let Some(raw) = args.target.clone().or(default) else {
        return Err(bad_input(format!(
            "{} has no default target: put {{port}} in the command (backroad then picks a free \
             port and passes it), or pass --target URL.",
            ex.id
        )));
    };
    let url = parse_target(&raw, false).map_err(|e| {
        bad_input(format!(
            "--run starts your server on this machine, so its target must be too: {e}"
        ))
    })?;
    if url.host_str() != Some("127.0.0.1") && url.host_str() != Some("localhost") {
        return Err(bad_input(format!(
            "--run waits for your server on 127.0.0.1; the target {raw} is elsewhere: use \
             http://127.0.0.1:PORT, or {{port}} in the command."
        )));
    }
    Ok(raw)
}

/// Check once, or (with `--watch`) again on each trigger until `q`, Ctrl-C or a signal.
async fn session(ctx: &Ctx, args: &Args, ex: &Exercise, cwd: &Path) -> anyhow::Result<Exit> {
    let out = Out { json: args.json };
    let mut stop = std::pin::pin!(stop_signal());
    let (tx, mut triggers) = tokio::sync::mpsc::unbounded_channel();
    let _watcher = if args.watch {
        let files = tx.clone();
        let on_change = move |paths| {
            let _ = files.send(Trigger::Files(paths));
        };
        read_keys(tx.clone());
        match crate::watch::start(cwd, on_change) {
            Ok(w) => Some(w),
            Err(e) => {
                out.say(&format!(
                    "{e}. Watching is off: press Enter to check again, q then Enter to quit."
                ));
                None
            }
        }
    } else {
        None
    };
    let mut last = Exit::Success;
    loop {
        tokio::select! {
            r = once(ctx, args, ex, cwd, out) => last = match r {
                Ok(exit) => exit,
                // A broken file is worth saying, and watching on: the next save may fix it.
                Err(e) if args.watch => {
                    eprintln!("error: {e:#}");
                    crate::context::exit_for(&e)
                }
                Err(e) => return Err(e),
            },
            _ = &mut stop => {
                out.say("Stopped.");
                return Ok(if args.watch { last } else { Exit::Runtime });
            }
        }
        if !args.watch {
            return Ok(last);
        }
        out.say(&format!(
            "\nWatching {} for changes: save a file to check again; Enter checks now, q then \
             Enter quits, Ctrl-C stops.",
            cwd.display()
        ));
        let trigger = tokio::select! {
            t = triggers.recv() => t,
            _ = &mut stop => return Ok(last),
        };
        match trigger {
            None | Some(Trigger::Quit) => return Ok(last),
            Some(Trigger::Enter) => out.say("\nChecking again."),
            Some(Trigger::Files(paths)) => {
                let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
                out.say(&format!("\nChanged: {}. Checking again.", names.join(", ")));
            }
        }
        // What queued up meanwhile is covered by this check; a q among it still quits.
        while let Ok(t) = triggers.try_recv() {
            if matches!(t, Trigger::Quit) {
                return Ok(last);
            }
        }
    }
}

/// One check; with `--run`, with the learner's server started before and stopped after.
async fn once(ctx: &Ctx, args: &Args, ex: &Exercise, cwd: &Path, out: Out) -> anyhow::Result<Exit> {
    let mut single = args.clone();
    single.run = None;
    single.watch = false;
    let Some(cmd) = args.run.clone() else {
        return check_on_thread(ctx, single).await;
    };
    let port = if learner::wants_port(&cmd) {
        crate::program::free_port().map_err(anyhow::Error::msg)?
    } else {
        let target = target_of(ex, args, &cmd, 0)?;
        reqwest::Url::parse(&target)?
            .port_or_known_default()
            .unwrap_or(80)
    };
    let target = target_of(ex, args, &cmd, port)?;
    out.say(&format!(
        "Starting your server: {} (in {})",
        learner::substitute(&cmd, port),
        cwd.display()
    ));
    let json = args.json;
    let on_line: OnLine = Arc::new(move |line: &str| {
        if json {
            eprintln!("{PREFIX} {line}");
        } else {
            println!("{PREFIX} {line}");
        }
    });
    let mut server = match learner::start(&cmd, cwd, port, on_line, LISTEN_BOUND).await {
        Ok(s) => s,
        Err(e) => return Ok(not_checked(ctx, ex, &target, &e, args.json)),
    };
    out.say(&format!(
        "Your server listens on port {port} (after {:.1} s). Checking {}.",
        server.uptime().as_secs_f64(),
        ex.id
    ));
    single.target = Some(target);
    let exit = check_on_thread(ctx, single).await;
    if let Some(why) = server.ended_early() {
        out.say(&format!("Note: {why}"));
    }
    server.stop().await;
    exit
}

/// [`check::run`] on a thread of its own (it has its own runtime), awaited here.
async fn check_on_thread(ctx: &Ctx, args: Args) -> anyhow::Result<Exit> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let ctx = ctx.clone();
    std::thread::Builder::new()
        .name("backroad-check".into())
        .spawn(move || {
            let _ = tx.send(check::run(&ctx, args));
        })?;
    rx.await
        .unwrap_or_else(|_| Err(anyhow::anyhow!("the check stopped before it reported")))
}

/// The server could not be checked: say why, as a report. Exits 1 when it exited early (the
/// learner's program is at fault), 3 when it never listened. No attempt is recorded.
fn not_checked(ctx: &Ctx, ex: &Exercise, target: &str, e: &StartError, json: bool) -> Exit {
    let mut report: Report = new_report(ex);
    report.verdict = Verdict::Unreachable;
    report.target = Some(target.to_string());
    let first = e.to_string();
    let headline = first.lines().next().unwrap_or_default().to_string();
    report.summary = format!("not checked: {headline}");
    report.message = Some(format!(
        "Not checked: {first}\n\nFix what it says, then run the same command again."
    ));
    let exit = match e {
        StartError::Exited { .. } => Exit::Failed,
        _ => Exit::Runtime,
    };
    if json {
        let doc = crate::check::grade::one_json(&report, exit as u8);
        println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
    } else {
        use std::io::IsTerminal;
        let color = ctx.color && std::io::stdout().is_terminal();
        let style = Style {
            color,
            locations: ctx.show_locations(),
        };
        print!("{}", render::text(&report, style));
    }
    exit
}

/// Lines on stdin: an empty one (Enter) checks again, `q` quits. At the end of stdin, only
/// file changes and Ctrl-C are left.
fn read_keys(tx: tokio::sync::mpsc::UnboundedSender<Trigger>) {
    let _ = std::thread::Builder::new()
        .name("backroad-keys".into())
        .spawn(move || {
            let mut line = String::new();
            loop {
                line.clear();
                match std::io::stdin().read_line(&mut line) {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {
                        let word = line.trim().to_lowercase();
                        let t = if word == "q" || word == "quit" {
                            Trigger::Quit
                        } else {
                            Trigger::Enter
                        };
                        if tx.send(t).is_err() {
                            return;
                        }
                    }
                }
            }
        });
}

/// Ctrl-C, SIGTERM or SIGHUP (the terminal closed).
async fn stop_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    match (
        signal(SignalKind::terminate()),
        signal(SignalKind::hangup()),
    ) {
        (Ok(mut term), Ok(mut hup)) => {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
                _ = hup.recv() => {}
            }
        }
        _ => {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}
