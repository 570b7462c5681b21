//! `backroad course validate [DIR]`: check a course pack and list every problem with file:line.
//! `course test` is in `course_test`, `course new` and `course add` in `course_new`.

use super::{Ctx, Exit};
use crate::course::{Course, CourseError, Problem};
use std::path::PathBuf;

/// Arguments of `backroad course`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Load a pack and report every problem (exit 2 if any).
    Validate {
        /// The pack folder (default: --course, else the built-in course).
        dir: Option<PathBuf>,
        /// Print JSON: {"ok", "problems":[{"file","line","column","message"}]}.
        #[arg(long)]
        json: bool,
    },
    /// Prove every exercise: each [proof] must pass or fail as it says (exit 1 if any does
    /// not). Runs the pack's reference servers and starters: only for packs you trust.
    Test {
        /// The pack folder (default: --course, else the built-in course).
        dir: Option<PathBuf>,
        /// Print JSON: {"ok", "exercises":[{"id","status","cases":[...]}]}.
        #[arg(long)]
        json: bool,
        /// Only the exercises whose id contains this.
        #[arg(long, value_name = "TEXT")]
        only: Option<String>,
        /// Also run every server exercise against this reference server, which must pass
        /// them all: any command, started from the current folder, `{port}` replaced by a
        /// free port (also given as PORT). Started afresh for each exercise, stopped after.
        #[arg(long, value_name = "CMD {port}")]
        reference: Option<String>,
        /// A broken variant of the reference that must fail at least one server exercise
        /// (repeatable).
        #[arg(long, value_name = "CMD {port}")]
        mutant: Vec<String>,
    },
    /// Write a new pack: course.toml, a phase, a lesson, and one exercise of each kind with
    /// its proof, every field commented. It validates and passes `course test` as is.
    New {
        /// The folder to create (it must not exist, or be empty).
        dir: PathBuf,
    },
    /// Add one exercise (with its proof) of a kind to a pack.
    Add {
        /// The pack folder.
        dir: PathBuf,
        /// The exercise's id: a stable slug such as `http.first-get`.
        id: String,
        /// What kind of exercise.
        #[arg(long, value_enum)]
        kind: super::course_new::Kind,
        /// The phase id to add it to (default: the last phase).
        #[arg(long, value_name = "PHASE")]
        phase: Option<String>,
    },
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<Exit> {
    let (dir, json) = match args.action {
        Action::Validate { dir, json } => (dir, json),
        Action::Test {
            dir,
            json,
            only,
            reference,
            mutant,
        } => {
            let against = super::course_test::Against {
                reference,
                mutants: mutant,
            };
            return super::course_test::run(ctx, dir, json, only, against);
        }
        Action::New { dir } => return super::course_new::new(ctx, &dir),
        Action::Add {
            dir,
            id,
            kind,
            phase,
        } => return super::course_new::add(ctx, &dir, kind, &id, phase.as_deref()),
    };
    let dir = dir.or_else(|| ctx.global.course.clone());
    let (result, warnings) = match Course::load(dir.as_deref()) {
        Ok(course) => {
            let warnings = course.warnings.clone();
            // Beyond loading: every dataset builds and every sql solution passes its own check.
            let sql: Vec<Problem> = crate::sql::check::validate(&course)
                .into_iter()
                .map(|(file, message)| Problem::new(file, None, message))
                .collect();
            (if sql.is_empty() { Ok(course) } else { Err(sql) }, warnings)
        }
        Err(e) => (Err(e.problems), e.warnings),
    };
    let name = dir.as_ref().map_or("the built-in course".to_string(), |d| {
        d.display().to_string()
    });
    let as_json = |p: &Problem| serde_json::json!({"file": p.file, "line": p.line, "column": p.column, "message": p.message});
    if json {
        let (ok, problems) = match &result {
            Ok(_) => (true, vec![]),
            Err(problems) => (false, problems.clone()),
        };
        let problems: Vec<_> = problems.iter().map(as_json).collect();
        let warnings: Vec<_> = warnings.iter().map(as_json).collect();
        super::emit(
            &(serde_json::to_string_pretty(
                &serde_json::json!({"ok": ok, "problems": problems, "warnings": warnings}),
            )? + "\n"),
        )?;
        return Ok(if ok { Exit::Success } else { Exit::BadInput });
    }
    let mut shown = String::new();
    for w in &warnings {
        shown.push_str(&warning_line(w));
    }
    eprint!("{shown}");
    match result {
        Ok(course) => {
            let lessons = course.lessons().count();
            let n = warnings.len();
            let with = match n {
                0 => String::new(),
                1 => " (1 warning)".into(),
                n => format!(" ({n} warnings)"),
            };
            let count = |n: usize, one: &str, many: &str| {
                format!("{n} {}", if n == 1 { one } else { many })
            };
            super::emit(&format!(
                "{name} is valid{with}: \"{}\", {}, {}, {}.\n",
                course.title,
                count(course.phases.len(), "phase", "phases"),
                count(lessons, "lesson", "lessons"),
                count(course.exercises.len(), "exercise", "exercises"),
            ))?;
            Ok(Exit::Success)
        }
        Err(problems) => {
            eprintln!(
                "{}",
                CourseError {
                    source_name: name,
                    problems,
                    warnings,
                }
            );
            Ok(Exit::BadInput)
        }
    }
}

/// `file:line:col: warning: message`.
fn warning_line(w: &Problem) -> String {
    let shown = w.to_string();
    let (place, message) = shown.split_once(": ").unwrap_or(("", &shown));
    format!("{place}: warning: {message}\n")
}
