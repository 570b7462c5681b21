//! `backroad check <id>`: check an exercise against the lab journal, an answer, or a server,
//! print what passed and what to fix, and record the attempt.

use super::{Ctx, Exit, bad_input, exit_for};
use crate::check::dispatch::{self, Env, Input};
use crate::check::grade::{self, Grade, Graded, SCHEMA_ALL, SCHEMA_ONE};
use crate::check::render::{self, Style};
use crate::check::server::{self, GoOn, TargetError};
use crate::check::{Report, Verdict, junit};
use crate::client::Client;
use crate::course::exercise::{ServerSpec, Spec, parse_duration};
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
refused target), 3 target unreachable or timed out. With --all: 0 every exercise passed, 1 any \
failed, 2 an exercise is broken, 3 the target never answered.\n\nLab exercises look at the \
lab's journal since the exercise was opened in the tutor; when it never was, at the last 30 \
minutes. --since overrides both.\n\n--json prints the documented schemas backroad.check/1 \
(one exercise) and backroad.check-all/1 (--all), on every exit path: see docs/check-json.md."
)]
pub struct Args {
    /// The exercise id (see `backroad exercises`).
    #[arg(required_unless_present = "all", conflicts_with = "all")]
    pub id: Option<String>,
    /// Check every matching exercise in course order (server ones at --target, git ones in
    /// --repo, lab ones in the journal --since), with one exit code and one report.
    #[arg(long)]
    pub all: bool,
    /// With --all: only the exercises of this phase (an id from `backroad lessons`).
    #[arg(long, value_name = "PHASE", requires = "all")]
    pub phase: Option<String>,
    /// With --all: only the exercises of this kind (server, git, lab).
    #[arg(long, value_name = "KIND", requires = "all")]
    pub kind: Option<String>,
    /// Server exercises: run every step even after one fails (for partial credit when the
    /// steps are independent); a step that needs a value a failed step should have captured
    /// is skipped.
    #[arg(long)]
    pub continue_on_error: bool,
    /// The learner, naming the JUnit suite and the reports (default: `git config user.name`,
    /// else the OS user).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Server exercises: the base URL of your server, e.g. http://127.0.0.1:8000.
    #[arg(long, value_name = "URL")]
    pub target: Option<String>,
    /// Quiz exercises: your answer. SQL exercises: your query (or statements).
    #[arg(long, value_name = "TEXT")]
    pub answer: Option<String>,
    /// SQL exercises: read your query from FILE (`-` for stdin).
    #[arg(long, value_name = "FILE", conflicts_with = "answer")]
    pub file: Option<PathBuf>,
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
    /// Also write a JUnit XML report (one test case per step) to FILE (`-`: stdout).
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Also write GitHub Classroom's autograding result (JSON: max_score, tests[]) to FILE
    /// (`-`: stdout). See docs/instructors.md for the workflow.
    #[arg(long, value_name = "FILE")]
    pub classroom: Option<PathBuf>,
}

/// Run `backroad check`; with `--json`, even a check that could not run prints its schema.
pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<Exit> {
    let (json, schema) = (args.json, if args.all { SCHEMA_ALL } else { SCHEMA_ONE });
    let result = match stdout_once(&args) {
        Err(e) => Err(e),
        Ok(()) if args.all => super::check_all::run(ctx, &args),
        Ok(()) => run_one(ctx, &args),
    };
    match result {
        Err(e) if json && !super::is_broken_pipe(&e) => {
            let exit = exit_for(&e);
            eprintln!("error: {e:#}");
            let doc = grade::error_json(schema, exit as u8, &format!("{e:#}"));
            super::emit(&format!("{}\n", serde_json::to_string_pretty(&doc)?))?;
            Ok(exit)
        }
        other => other,
    }
}

/// At most one report goes to stdout.
fn stdout_once(args: &Args) -> anyhow::Result<()> {
    let dash = |p: &Option<PathBuf>| p.as_ref().is_some_and(|p| p.as_os_str() == "-");
    let on_stdout = [
        (args.json, "--json"),
        (dash(&args.junit), "--junit -"),
        (dash(&args.classroom), "--classroom -"),
    ];
    let taken: Vec<&str> = on_stdout.iter().filter(|(on, _)| *on).map(|(_, f)| *f).collect();
    if taken.len() > 1 {
        return Err(bad_input(format!(
            "{} all write to stdout: write all but one to a file (--junit report.xml).",
            taken.join(" and ")
        )));
    }
    Ok(())
}

/// Write a report to FILE, or to stdout for `-`.
pub(super) fn write_out(path: &std::path::Path, what: &str, text: &str) -> anyhow::Result<()> {
    if path.as_os_str() == "-" {
        return super::emit(text);
    }
    std::fs::write(path, text)
        .map_err(|e| anyhow::anyhow!("cannot write the {what} to {}: {e}", path.display()))
}

/// Whether stdout is taken by a report (`--junit -`, `--classroom -`), so the text report
/// goes to stderr.
pub(super) fn stdout_taken(args: &Args) -> bool {
    let dash = |p: &Option<PathBuf>| p.as_ref().is_some_and(|p| p.as_os_str() == "-");
    dash(&args.junit) || dash(&args.classroom)
}

/// Check one exercise, record the attempt, print the report.
fn run_one(ctx: &Ctx, args: &Args) -> anyhow::Result<Exit> {
    let course = ctx.course()?;
    let ex = find(&course, args.id.as_deref().unwrap_or_default())?;
    refuse_other_kinds_flags(ex, args)?;
    let input = match &ex.spec {
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
            Input::Quiz {
                answer: answer.clone(),
            }
        }
        Spec::Lab(_) => lab_input(ctx, ex, args.since.as_deref())?,
        Spec::Server(spec) => server_input(ex, spec, args)?,
        Spec::Sql(_) => Input::Sql {
            answer: sql_answer(ex, args)?,
            datasets: std::sync::Arc::clone(&course.datasets),
        },
        Spec::Git(_) => Input::Git {
            dir: match &args.repo {
                Some(d) => d.clone(),
                None => std::env::current_dir()?,
            },
        },
    };
    let started = crate::report::now_rfc3339();
    let mut report = check(ctx, ex, input, go_on(args))?;
    if report.verdict == Verdict::Unreachable {
        let langs = crate::proof::starters_of(&course, ex);
        if let Some(lang) = langs.iter().find(|l| *l == "python").or(langs.first()) {
            let message = report.message.get_or_insert_with(String::new);
            message.push_str(&format!(
                "\nNo server yet? `backroad starter {} --lang {lang}` writes one to start from ({}).",
                ex.id,
                langs.join(", ")
            ));
        }
    }
    record(ctx, &report)?;
    let exit = match report.verdict {
        Verdict::Passed => Exit::Success,
        Verdict::Failed => Exit::Failed,
        Verdict::Unreachable => Exit::Runtime,
    };
    if args.junit.is_some() || args.classroom.is_some() {
        let grade = Grade {
            name: learner_name(args.name.as_deref()),
            target: report.target.clone(),
            duration_ms: report.duration_ms,
            exercises: vec![Graded::new(ex, report.clone())],
            started,
        };
        write_machine_reports(args, &grade)?;
    }
    if args.json {
        let doc = grade::one_json(&report, exit as u8);
        super::emit(&format!("{}\n", serde_json::to_string_pretty(&doc)?))?;
    } else {
        use std::io::IsTerminal;
        let text = render::text(&report, Style { color: false });
        if stdout_taken(args) {
            eprint!("{text}");
        } else {
            let color = ctx.color && std::io::stdout().is_terminal();
            print!("{}", render::text(&report, Style { color }));
        }
    }
    Ok(exit)
}

/// Record an attempt with what it failed.
pub(super) fn record(ctx: &Ctx, report: &Report) -> anyhow::Result<()> {
    ctx.store()?.record_attempt_failing(
        &report.exercise,
        report.verdict == Verdict::Passed,
        &report.summary,
        &report.failed_assertions(),
    )?;
    Ok(())
}

/// `--junit` and `--classroom`.
pub(super) fn write_machine_reports(args: &Args, grade: &Grade) -> anyhow::Result<()> {
    if let Some(path) = &args.junit {
        write_out(path, "JUnit report", &junit::junit(grade))?;
    }
    if let Some(path) = &args.classroom {
        let doc = serde_json::to_string(&grade.classroom())?;
        write_out(path, "GitHub Classroom result", &format!("{doc}\n"))?;
    }
    Ok(())
}

pub(super) fn go_on(args: &Args) -> GoOn {
    if args.continue_on_error {
        GoOn::Continue
    } else {
        GoOn::Stop
    }
}

/// The learner's name: `--name`, else `git config user.name`, else the OS user.
pub(super) fn learner_name(given: Option<&str>) -> String {
    if let Some(n) = given.map(str::trim).filter(|n| !n.is_empty()) {
        return n.to_string();
    }
    let git = std::process::Command::new("git")
        .args(["config", "user.name"])
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .filter(|n| !n.is_empty());
    git.or_else(|| {
        ["USER", "USERNAME", "LOGNAME"]
            .iter()
            .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
    })
    .unwrap_or_else(|| "learner".to_string())
}

/// A flag meant for another kind is a mistake worth saying, not ignoring.
fn refuse_other_kinds_flags(ex: &Exercise, args: &Args) -> anyhow::Result<()> {
    let how = match ex.spec {
        Spec::Lab(_) => {
            "send requests to the lab, then run `backroad check ID` (optionally --since)"
        }
        Spec::Quiz(_) => "answer with --answer TEXT",
        Spec::Server(_) => "point it at your server with --target URL",
        Spec::Sql(_) => "pass your SQL with --answer \"SELECT …\" or --file query.sql",
        Spec::Git(_) => "point it at your repository with --repo DIR (default: the current folder)",
    };
    let wrong = [
        (args.target.is_some(), "--target", "server"),
        (args.allow_remote, "--allow-remote", "server"),
        (args.answer.is_some(), "--answer", "quiz"),
        (args.file.is_some(), "--file", "sql"),
        (args.since.is_some(), "--since", "lab"),
        (args.repo.is_some(), "--repo", "git"),
    ]
    .into_iter()
    .find(|(given, flag, kind)| {
        *given && *kind != ex.kind && !(*flag == "--answer" && ex.kind == "sql")
    });
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

/// The learner's SQL: `--answer`, or `--file` (`-` reads stdin).
fn sql_answer(ex: &Exercise, args: &Args) -> anyhow::Result<String> {
    if let Some(a) = &args.answer {
        return Ok(a.clone());
    }
    let Some(path) = &args.file else {
        return Err(bad_input(format!(
            "{} is a sql exercise: pass your SQL with --answer \"SELECT …\" or --file query.sql\n\n{}",
            ex.id,
            ex.prompt.trim()
        )));
    };
    if path.as_os_str() == "-" {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)?;
        return Ok(text);
    }
    std::fs::read_to_string(path)
        .map_err(|e| bad_input(format!("cannot read {}: {e}", path.display())))
}

pub(super) fn find<'c>(course: &'c Course, id: &str) -> anyhow::Result<&'c Exercise> {
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

/// The lab window: `--since`, or when the exercise was opened in the tutor, or the last 30
/// minutes.
pub(super) fn lab_input(ctx: &Ctx, ex: &Exercise, since: Option<&str>) -> anyhow::Result<Input> {
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
    Ok(Input::Lab {
        since_ms,
        why: why.to_string(),
    })
}

/// The server's URL: `--target`, or the exercise's default target, by the target rules.
pub(super) fn server_input(ex: &Exercise, spec: &ServerSpec, args: &Args) -> anyhow::Result<Input> {
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
    let url = server::parse_target(&raw, args.allow_remote).map_err(|e| match e {
        TargetError::Remote(_) => bad_input(format!(
            "{e}; pass --allow-remote if this server is yours and that is what you want."
        )),
        _ => bad_input(format!("--target {e}")),
    })?;
    Ok(Input::Server { url })
}

/// Run the check through the checker's dispatcher. A lab check that found no requests says
/// how to look further back.
pub(super) fn check(ctx: &Ctx, ex: &Exercise, input: Input, go_on: GoOn) -> anyhow::Result<Report> {
    let is_lab = matches!(input, Input::Lab { .. });
    let client = match input {
        Input::Server { .. } => Some(Client::build()?),
        _ => None,
    };
    let env = Env {
        db: ctx.paths.db.clone(),
        lab_base: format!("http://127.0.0.1:{}", ctx.global.port),
        client,
        go_on,
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let mut report = match runtime.block_on(dispatch::check(ex, input, &env, |_| {})) {
        Err(dispatch::NotChecked::Exercise(why)) => {
            return Err(bad_input(format!("{}: {why}", ex.file)));
        }
        other => other?,
    };
    if is_lab && let Some(message) = report.message.as_mut() {
        message.push_str(&format!(
            "\nTo look further back: backroad check {} --since 2h",
            ex.id
        ));
        report.summarise();
    }
    Ok(report)
}
