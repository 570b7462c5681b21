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
#[derive(Debug, Clone, clap::Args)]
#[command(
    after_help = "Exit codes: 0 passed, 1 failed, 2 bad exercise or arguments (or a \
refused target), 3 target unreachable or timed out. With --all: 0 every exercise passed, 1 any \
failed, 2 an exercise is broken, 3 the target never answered.\n\nLab exercises look at the lab's \
journal since the exercise was opened in the tutor or last passed, whichever is later; when \
neither happened, since the running lab started (at most the last 30 minutes). Requests \
backroad's checker sent never count. --since overrides all of this.\n\n--json prints the \
documented schemas backroad.check/1 (one exercise) and backroad.check-all/1 (--all), on every \
exit path: see docs/check-json.md.\n\n\
--run CMD starts your server for the check and stops it after (CMD runs through `sh -c` in the \
current folder; {port} becomes a free port and the target http://127.0.0.1:{port}; without \
{port} the target is the exercise's). Its lines are shown as `[your server] ...`. If it exits \
before it listens, the check exits 1 with its last lines.\n\n\
--watch checks again each time a file under the current folder changes (not .git, target, \
node_modules, __pycache__, editor swap files); with --run the server restarts too. Enter checks \
again, q then Enter quits, Ctrl-C stops (and stops your server).\n\n\
Example: backroad check build.tasks-api --run \"python3 app.py {port}\" --watch"
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
    /// Quiz exercises: your answer, or the number of your choice (the same as --answer).
    #[arg(value_name = "ANSWER", conflicts_with = "answer")]
    pub choice: Option<String>,
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
    /// Server exercises: start your server with CMD for the check, stop it after. `{port}`
    /// in CMD becomes a free port (and the target). See below.
    #[arg(long, value_name = "CMD", conflicts_with = "all")]
    pub run: Option<String>,
    /// Check again whenever a file under the current folder changes (Enter: again, q: quit).
    #[arg(long, conflicts_with = "all")]
    pub watch: bool,
}

/// Run `backroad check`; with `--json`, even a check that could not run prints its schema.
pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<Exit> {
    let (json, schema) = (args.json, if args.all { SCHEMA_ALL } else { SCHEMA_ONE });
    let result = match stdout_once(&args) {
        Err(e) => Err(e),
        Ok(()) if args.all => super::check_all::run(ctx, &args),
        Ok(()) if args.run.is_some() || args.watch => super::check_run::run(ctx, &args),
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
    let taken: Vec<&str> = on_stdout
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, f)| *f)
        .collect();
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
            let Some(answer) = args.answer.as_ref().or(args.choice.as_ref()) else {
                let mut msg = format!(
                    "{} is a quiz: answer with --answer TEXT, or the number of a choice.\n\n  {}\n",
                    ex.id,
                    q.question.trim()
                );
                for (i, c) in q.choices.iter().enumerate() {
                    msg.push_str(&format!("    {}. {c}\n", i + 1));
                }
                let example = if q.choices.is_empty() {
                    "--answer \"...\"".to_string()
                } else {
                    "2".to_string()
                };
                msg.push_str(&format!(
                    "\nFor example: backroad check {} {example}",
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
    let store = ctx.store()?;
    let next_review = record(&store, &course, ex, &mut report)?;
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
        let to_stdout = !stdout_taken(args);
        let style = Style {
            color: to_stdout && ctx.color && std::io::stdout().is_terminal(),
            locations: ctx.show_locations(),
        };
        let mut text = render::text(&report, style);
        if let Some(card) = next_review {
            text.push_str(&format!(
                "{}\n",
                crate::cli::review::next_line(&card, now_ms())
            ));
        }
        if to_stdout {
            super::emit(&text)?;
        } else {
            eprint!("{text}");
        }
    }
    Ok(exit)
}

/// Record the attempt and reschedule its review, unless nothing could be checked (then the
/// learner did not fail: nothing listened). After a few failed tries, offer the explanation.
/// Returns the review card when the schedule changed.
pub fn record(
    store: &crate::store::Store,
    course: &Course,
    ex: &Exercise,
    report: &mut Report,
) -> anyhow::Result<Option<crate::store::Card>> {
    if report.verdict == Verdict::Unreachable {
        return Ok(None);
    }
    let passed = report.verdict == Verdict::Passed;
    store.record_attempt_failing(&ex.id, passed, &report.summary, &report.failed_assertions())?;
    let attempts = store.attempts(&ex.id)?;
    if !attempts.iter().any(|a| a.passed) {
        crate::check::assess::offer_explanation(report, ex, attempts.len() as u32);
    }
    let pack = course.id.clone();
    Ok(crate::review::record(
        store,
        &pack,
        &ex.id,
        passed,
        now_ms(),
    )?)
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
pub(super) fn refuse_other_kinds_flags(ex: &Exercise, args: &Args) -> anyhow::Result<()> {
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
        (args.run.is_some(), "--run", "server"),
        (args.allow_remote, "--allow-remote", "server"),
        (args.answer.is_some(), "--answer", "quiz"),
        (args.choice.is_some(), "an answer after the id", "quiz"),
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

/// An id without case or punctuation: `http.no-content` and `http.nocontent` are the same word.
fn squashed(id: &str) -> String {
    id.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The exercise with this id, or a "did you mean" error.
pub fn find<'c>(course: &'c Course, id: &str) -> anyhow::Result<&'c Exercise> {
    course.exercise(id).ok_or_else(|| {
        let needle = id.to_lowercase();
        let squashed_needle = squashed(id);
        let mut near: Vec<&str> = course
            .exercises
            .iter()
            .filter(|e| {
                let eid = e.id.to_lowercase();
                let squashed_eid = squashed(&e.id);
                eid.contains(&needle)
                    || needle.contains(&eid)
                    || (!squashed_needle.is_empty()
                        && (squashed_eid.contains(&squashed_needle)
                            || squashed_needle.contains(&squashed_eid)))
                    || needle
                        .split(['.', '-', '_'])
                        .any(|part| part.len() > 3 && eid.contains(part))
            })
            .map(|e| e.id.as_str())
            .collect();
        // Closest first: the same word without punctuation, then ids that contain what was typed.
        near.sort_by_key(|e| {
            (
                squashed(e) != squashed_needle,
                !e.to_lowercase().contains(&needle),
            )
        });
        near.truncate(5);
        let mut msg = format!("no exercise \"{id}\" in this course.");
        if !near.is_empty() {
            msg.push_str(&format!(" Did you mean: {}?", near.join(", ")));
        }
        msg.push_str(" `backroad exercises` lists them all.");
        bad_input(msg)
    })
}

/// The wall clock, in ms: read here, passed into the review scheduler.
pub fn now_ms() -> i64 {
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

/// The lab window (docs/exercise-format.md, "Which requests count"): `--since`; else since
/// the exercise was opened in the tutor or last passed, whichever is later; else since the
/// running lab started, at most the last 30 minutes. A running lab is asked to write its
/// journal out first, so a check right after a request never misses it.
pub(super) fn lab_input(ctx: &Ctx, ex: &Exercise, since: Option<&str>) -> anyhow::Result<Input> {
    let lab_started = crate::lab::flush_running(ctx.global.port);
    let store = ctx.store()?;
    let now = now_ms();
    let opened = store.exercise_opened_at(&ex.id)?;
    // After a pass, the requests that passed it do not count again; a failed check moves
    // nothing, so an exercise of several requests can be done one request at a time.
    let passed = store
        .attempts(&ex.id)?
        .iter()
        .rfind(|a| a.passed)
        .map(|a| a.at);
    let oldest = now - DEFAULT_LAB_WINDOW_MINUTES * 60_000;
    let (since_ms, why) = match (since, opened, passed) {
        (Some(s), _, _) => (parse_since(s, now).map_err(bad_input)?, "--since"),
        (None, Some(o), Some(p)) if p > o => (p, "when you last passed it"),
        (None, Some(o), _) => (o, "when you opened the exercise"),
        (None, None, Some(p)) => (p, "when you last passed it"),
        (None, None, None) => match lab_started {
            Some(started) if started > oldest => (started, "when the lab started"),
            _ => (
                oldest,
                "the last 30 minutes; the exercise was never opened or passed",
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
    Ok(Input::Server {
        url,
        allow_remote: args.allow_remote,
    })
}

/// Run the check through the checker's dispatcher. A lab check that found no requests says
/// how to look further back.
pub(super) fn check(ctx: &Ctx, ex: &Exercise, input: Input, go_on: GoOn) -> anyhow::Result<Report> {
    let is_lab = matches!(input, Input::Lab { .. });
    let client = match input {
        Input::Server { .. } => Some(Client::checker()?),
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
        Err(dispatch::NotChecked::Broken(why)) => return Err(bad_input(why)),
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
