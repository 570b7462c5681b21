//! `backroad check --all`: every matching exercise in course order, graded for one learner,
//! with one exit code and one report (text, `--json`, `--junit`, `--classroom`).

use super::check::{self, Args};
use super::{Ctx, Exit, bad_input};
use crate::check::Verdict;
use crate::check::assess::new_report;
use crate::check::dispatch::Input;
use crate::check::grade::{Grade, Graded, Outcome};
use crate::check::render::{self, Style};
use crate::context::BadInput;
use crate::course::Exercise;
use crate::course::exercise::Spec;
use std::time::Instant;

/// The kinds `--all` can check, and the flag that gives each its input.
const GRADABLE: &[(&str, &str)] = &[
    ("server", "--target URL"),
    ("git", "--repo DIR"),
    ("lab", "--since T"),
];

/// Run `backroad check --all`.
pub fn run(ctx: &Ctx, args: &Args) -> anyhow::Result<Exit> {
    let course = ctx.course()?;
    let kinds = kinds(args)?;
    if let Some(p) = &args.phase
        && course.phase(p).is_none()
    {
        let ids: Vec<&str> = course.phases.iter().map(|p| p.id.as_str()).collect();
        return Err(bad_input(format!(
            "--phase {p}: no such phase. The phases are: {}.",
            ids.join(", ")
        )));
    }
    let chosen: Vec<&Exercise> = course
        .exercises
        .iter()
        .filter(|e| kinds.contains(&e.kind.as_str()))
        .filter(|e| args.phase.as_ref().is_none_or(|p| &e.phase == p))
        .collect();
    if chosen.is_empty() {
        return Err(bad_input(format!(
            "no {} exercise{} to check{}.",
            kinds.join(" or "),
            if kinds.len() > 1 { "s" } else { "" },
            args.phase
                .as_ref()
                .map(|p| format!(" in phase {p}"))
                .unwrap_or_default()
        )));
    }
    // Every input is resolved before anything is sent: a bad flag is exit 2, not a half run.
    let mut inputs = Vec::with_capacity(chosen.len());
    for ex in &chosen {
        inputs.push(input(ctx, ex, args)?);
    }
    let store = ctx.store()?;
    let started_at = crate::report::now_rfc3339();
    let started = Instant::now();
    let mut exercises = Vec::with_capacity(chosen.len());
    // The first server exercise that waited for the target in vain: the others do not wait again.
    let mut down: Option<String> = None;
    for (ex, input) in chosen.iter().zip(inputs) {
        if let (Some(first), Input::Server { url, .. }) = (&down, &input) {
            let mut report = new_report(ex);
            report.verdict = Verdict::Unreachable;
            report.target = Some(url.as_str().trim_end_matches('/').to_string());
            report.summary = format!("not checked: the target did not answer {first}");
            exercises.push(Graded::new(ex, report));
            continue;
        }
        let is_server = matches!(input, Input::Server { .. });
        let graded = match check::check(ctx, ex, input, check::go_on(args)) {
            Ok(mut report) => {
                if is_server && report.verdict == Verdict::Unreachable && report.steps.is_empty() {
                    down = Some(format!("when {} waited for it", ex.id));
                }
                check::record(&store, &course, ex, &mut report)?;
                Graded::new(ex, report)
            }
            Err(e) if e.chain().any(|c| c.is::<BadInput>()) => Graded::broken(ex, e.to_string()),
            Err(e) => return Err(e),
        };
        exercises.push(graded);
    }
    let grade = Grade {
        name: check::learner_name(args.name.as_deref()),
        target: args.target.clone(),
        exercises,
        duration_ms: started.elapsed().as_millis() as u64,
        started: started_at,
    };
    check::write_machine_reports(args, &grade)?;
    if args.json {
        let doc = serde_json::to_string_pretty(&grade.to_json())?;
        super::emit(&format!("{doc}\n"))?;
    } else {
        use std::io::IsTerminal;
        let to_stdout = !check::stdout_taken(args);
        let color = to_stdout && ctx.color && std::io::stdout().is_terminal();
        let style = Style {
            color,
            locations: ctx.show_locations(),
        };
        let text = text(&grade, style);
        if to_stdout {
            super::emit(&text)?;
        } else {
            eprint!("{text}");
        }
    }
    Ok(match grade.exit_code() {
        0 => Exit::Success,
        1 => Exit::Failed,
        2 => Exit::BadInput,
        _ => Exit::Runtime,
    })
}

/// The kinds to check: `--kind`, else the kinds whose input flag was given.
fn kinds(args: &Args) -> anyhow::Result<Vec<&'static str>> {
    let given = |kind: &str| match kind {
        "server" => args.target.is_some(),
        "git" => args.repo.is_some(),
        _ => args.since.is_some(),
    };
    if let Some(k) = &args.kind {
        return match GRADABLE.iter().find(|(kind, _)| kind == k) {
            Some((kind, _)) => Ok(vec![kind]),
            None if k == "quiz" || k == "sql" => Err(bad_input(format!(
                "--all cannot check {k} exercises: each needs its own answer. Check them one \
                 by one: backroad check ID --answer ..."
            ))),
            None => Err(bad_input(format!(
                "--kind {k}: --all checks server, git or lab exercises."
            ))),
        };
    }
    let kinds: Vec<&'static str> = GRADABLE
        .iter()
        .filter(|(k, _)| given(k))
        .map(|(k, _)| *k)
        .collect();
    if kinds.is_empty() {
        let flags: Vec<String> = GRADABLE
            .iter()
            .map(|(k, f)| format!("{f} for {k} exercises"))
            .collect();
        return Err(bad_input(format!(
            "say what --all checks: {}. For example: backroad check --all --target http://127.0.0.1:8000",
            flags.join(", ")
        )));
    }
    Ok(kinds)
}

fn input(ctx: &Ctx, ex: &Exercise, args: &Args) -> anyhow::Result<Input> {
    Ok(match &ex.spec {
        Spec::Server(spec) => check::server_input(ex, spec, args)?,
        Spec::Git(_) => Input::Git {
            dir: match &args.repo {
                Some(d) => d.clone(),
                None => std::env::current_dir()?,
            },
        },
        Spec::Lab(_) => check::lab_input(ctx, ex, args.since.as_deref())?,
        Spec::Quiz(_) | Spec::Sql(_) => {
            return Err(bad_input(format!(
                "{} is a {} exercise: --all cannot check it",
                ex.id, ex.kind
            )));
        }
    })
}

/// The terminal report: one line per exercise with its points, then each failed exercise's
/// report, then the total.
pub fn text(grade: &Grade, style: Style) -> String {
    let mut out = String::new();
    let width = grade
        .exercises
        .iter()
        .map(|g| g.id.len())
        .max()
        .unwrap_or(0);
    let (score, max) = grade.score();
    out.push_str(&format!(
        "Grading {} ({} exercises{})\n\n",
        one_line(&grade.name),
        grade.exercises.len(),
        grade
            .target
            .as_ref()
            .map(|t| format!(" at {t}"))
            .unwrap_or_default()
    ));
    for g in &grade.exercises {
        let word = match g.outcome {
            Outcome::Passed => "PASS",
            Outcome::Failed => "FAIL",
            Outcome::Unreachable => "DOWN",
            Outcome::Broken => "BROKEN",
        };
        out.push_str(&format!(
            "  {word:<6} {:<width$}  {:>3}/{:<3} {}\n",
            g.id,
            g.points,
            g.max_points,
            one_line(&g.summary)
        ));
    }
    for g in grade
        .exercises
        .iter()
        .filter(|g| g.outcome != Outcome::Passed)
    {
        if let Some(r) = &g.report {
            out.push('\n');
            out.push_str(&render::text(r, style));
        }
    }
    out.push_str(&format!(
        "\nScore: {score} of {max} points; {} of {} exercises passed.\n",
        grade
            .exercises
            .iter()
            .filter(|g| g.outcome == Outcome::Passed)
            .count(),
        grade.exercises.len()
    ));
    out
}

/// Text from a pack or a server on one terminal line: control characters (escape sequences
/// included) become spaces.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}
