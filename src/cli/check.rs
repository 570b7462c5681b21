//! `backroad check <id>`: check an exercise against the lab journal, an answer, or a server,
//! print what passed and what to fix, and record the attempt.

use super::{Ctx, Exit, bad_input};
use crate::check::exercise::{self, TargetError};
use crate::check::render::{self, Style};
use crate::check::run;
use crate::check::{Report, Verdict};
use crate::client::Client;
use crate::course::exercise::{LabSpec, ServerSpec, Spec, parse_duration};
use crate::course::{Course, Exercise};
use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

/// How far back a lab exercise looks when it was never opened (in the TUI) and no `--since`
/// is given.
pub const DEFAULT_LAB_WINDOW_MINUTES: i64 = 30;

/// Arguments of `backroad check`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit codes: 0 passed, 1 failed, 2 bad exercise or arguments (or a \
refused target), 3 target unreachable or timed out.\n\nLab exercises look at the lab's \
journal since the exercise was opened in the tutor; when it never was, at the last 30 minutes. \
--since overrides both."
)]
pub struct Args {
    /// The exercise id (see `backroad exercises`).
    pub id: String,
    /// Server exercises: the base URL of your server, e.g. http://127.0.0.1:8000.
    #[arg(long, value_name = "URL")]
    pub target: Option<String>,
    /// Quiz exercises: your answer.
    #[arg(long, value_name = "TEXT")]
    pub answer: Option<String>,
    /// Lab exercises: look at requests since a duration ago (10m, 2h) or an RFC 3339 time.
    #[arg(long, value_name = "T")]
    pub since: Option<String>,
    /// Git exercises: the repository to inspect (default: the current directory). backroad
    /// only reads it, running `git` itself with hooks, pagers and external helpers disabled.
    #[arg(long, value_name = "DIR")]
    pub repo: Option<PathBuf>,
    /// Allow a target that is not on this machine (off loopback).
    #[arg(long)]
    pub allow_remote: bool,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// Also write a JUnit XML report (one test case per step) to FILE.
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
}

/// Run `backroad check`: check, record the attempt, print the report.
pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<Exit> {
    let course = ctx.course()?;
    let ex = find(&course, &args.id)?;
    refuse_other_kinds_flags(ex, &args)?;
    let report = match &ex.spec {
        Spec::Quiz(q) => {
            let Some(answer) = &args.answer else {
                let mut msg = format!(
                    "{} is a quiz: answer with --answer TEXT.\n\n  {}\n",
                    ex.id,
                    q.question.trim()
                );
                for c in &q.choices {
                    msg.push_str(&format!("    - {c}\n"));
                }
                msg.push_str(&format!(
                    "\nFor example: backroad check {} --answer \"...\"",
                    ex.id
                ));
                return Err(bad_input(msg));
            };
            run::run_quiz(ex, q, answer)
        }
        Spec::Lab(spec) => check_lab(ctx, ex, spec, args.since.as_deref())?,
        Spec::Server(spec) => check_server(ex, spec, &args)?,
        Spec::Sql(_) => {
            return Err(bad_input(format!(
                "{} is a sql exercise; checking sql exercises is not supported by this build yet.",
                ex.id
            )));
        }
        Spec::Git(g) => {
            let dir = match &args.repo {
                Some(d) => d.clone(),
                None => std::env::current_dir()?,
            };
            crate::check::git::check_repo(ex, &g.asserts, &dir)
        }
    };
    let store = ctx.store()?;
    store.record_attempt(&ex.id, report.verdict == Verdict::Passed, &report.summary)?;
    if let Some(path) = &args.junit {
        std::fs::write(path, render::junit(&report)).map_err(|e| {
            anyhow::anyhow!("cannot write the JUnit report to {}: {e}", path.display())
        })?;
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        use std::io::IsTerminal;
        let color = ctx.color && std::io::stdout().is_terminal();
        print!("{}", render::text(&report, Style { color }));
    }
    Ok(match report.verdict {
        Verdict::Passed => Exit::Success,
        Verdict::Failed => Exit::Failed,
        Verdict::Unreachable => Exit::Runtime,
    })
}

/// A flag meant for another kind is a mistake worth saying, not ignoring.
fn refuse_other_kinds_flags(ex: &Exercise, args: &Args) -> anyhow::Result<()> {
    let how = match ex.spec {
        Spec::Lab(_) => {
            "send requests to the lab, then run `backroad check ID` (optionally --since)"
        }
        Spec::Quiz(_) => "answer with --answer TEXT",
        Spec::Server(_) => "point it at your server with --target URL",
        Spec::Sql(_) => "write a query",
        Spec::Git(_) => "point it at your repository with --repo DIR (default: the current folder)",
    };
    let wrong = [
        (args.target.is_some(), "--target", "server"),
        (args.allow_remote, "--allow-remote", "server"),
        (args.answer.is_some(), "--answer", "quiz"),
        (args.since.is_some(), "--since", "lab"),
        (args.repo.is_some(), "--repo", "git"),
    ]
    .into_iter()
    .find(|(given, _, kind)| *given && *kind != ex.kind);
    match wrong {
        Some((_, flag, kind)) => Err(bad_input(format!(
            "{flag} is for {kind} exercises, and {} is a {} exercise: {}.",
            ex.id,
            ex.kind,
            how.replace("ID", &ex.id)
        ))),
        None => Ok(()),
    }
}

fn find<'c>(course: &'c Course, id: &str) -> anyhow::Result<&'c Exercise> {
    course.exercise(id).ok_or_else(|| {
        let needle = id.to_lowercase();
        let mut near: Vec<&str> = course
            .exercises
            .iter()
            .filter(|e| {
                let eid = e.id.to_lowercase();
                eid.contains(&needle)
                    || needle.contains(&eid)
                    || needle
                        .split(['.', '-'])
                        .any(|part| part.len() > 3 && eid.contains(part))
            })
            .map(|e| e.id.as_str())
            .collect();
        // Closest first: ids that contain what was typed.
        near.sort_by_key(|e| !e.to_lowercase().contains(&needle));
        near.truncate(5);
        let mut msg = format!("no exercise \"{id}\" in this course.");
        if !near.is_empty() {
            msg.push_str(&format!(" Did you mean: {}?", near.join(", ")));
        }
        msg.push_str(" `backroad exercises` lists them all.");
        bad_input(msg)
    })
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// `--since`: a duration ago (`10m`) or an RFC 3339 time, in ms since the epoch.
pub fn parse_since(s: &str, now_ms: i64) -> Result<i64, String> {
    if let Some(d) = parse_duration(s) {
        return Ok(now_ms - d.as_millis() as i64);
    }
    use time::format_description::well_known::Rfc3339;
    time::OffsetDateTime::parse(s.trim(), &Rfc3339)
        .map(|t| (t.unix_timestamp_nanos() / 1_000_000) as i64)
        .map_err(|_| {
            format!(
                "--since \"{s}\" is neither a duration (10m, 2h, 90s) nor an RFC 3339 time (2026-11-23T14:00:00Z)"
            )
        })
}

fn check_lab(
    ctx: &Ctx,
    ex: &Exercise,
    spec: &LabSpec,
    since: Option<&str>,
) -> anyhow::Result<Report> {
    let store = ctx.store()?;
    let now = now_ms();
    let (since_ms, why) = match since {
        Some(s) => (parse_since(s, now).map_err(bad_input)?, "--since"),
        None => match store.exercise_opened_at(&ex.id)? {
            Some(at) => (at, "when you opened the exercise"),
            None => (
                now - DEFAULT_LAB_WINDOW_MINUTES * 60_000,
                "the last 30 minutes; the exercise was never opened in the tutor",
            ),
        },
    };
    let lab_base = format!("http://127.0.0.1:{}", ctx.global.port);
    let mut report = exercise::check_lab(&store, ex, spec, since_ms, why, &lab_base)?;
    if let Some(message) = report.message.as_mut() {
        message.push_str(&format!(
            "\nTo look further back: backroad check {} --since 2h",
            ex.id
        ));
        report.summarise();
    }
    Ok(report)
}

fn check_server(ex: &Exercise, spec: &ServerSpec, args: &Args) -> anyhow::Result<Report> {
    let raw = args
        .target
        .clone()
        .or_else(|| spec.default_target.clone())
        .ok_or_else(|| {
            bad_input(format!(
                "{} checks your own server: pass --target URL, e.g. backroad check {} --target http://127.0.0.1:8000",
                ex.id, ex.id
            ))
        })?;
    let url = exercise::parse_target(&raw, args.allow_remote).map_err(|e| match e {
        TargetError::Remote(_) => bad_input(format!(
            "{e}; pass --allow-remote if this server is yours and that is what you want."
        )),
        _ => bad_input(format!("--target {e}")),
    })?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let client = Client::build()?;
    Ok(runtime.block_on(exercise::check_server(ex, spec, &url, &client, |_| {})))
}
