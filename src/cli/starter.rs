//! `backroad starter <exercise> [--lang L] [DIR]`: write a small runnable project for a server
//! exercise, from the pack's `starters/<exercise-id>/<lang>/`, and say how to run and check it.

use super::{Ctx, Exit, bad_input};
use crate::course::exercise::Spec;
use crate::proof::process::{default_run, starter_toml};
use std::path::PathBuf;

/// Arguments of `backroad starter`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "The starter starts and answers, but fails the exercise's first step until \
you write it. Existing files are never overwritten unless you pass --force."
)]
pub struct Args {
    /// The server exercise (see `backroad exercises`).
    pub exercise: String,
    /// The language of the starter.
    #[arg(long, default_value = "python", value_parser = ["python", "go", "typescript", "java"])]
    pub lang: String,
    /// Where to write it (default: a new folder named after the exercise).
    pub dir: Option<PathBuf>,
    /// Overwrite files that already exist.
    #[arg(long)]
    pub force: bool,
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<Exit> {
    let course = ctx.course()?;
    let ex = course.exercise(&args.exercise).ok_or_else(|| {
        bad_input(format!(
            "no exercise \"{}\" in this course. `backroad exercises` lists them.",
            args.exercise
        ))
    })?;
    let Spec::Server(spec) = &ex.spec else {
        return Err(bad_input(format!(
            "{} is a {} exercise; starters are for server exercises (you write the server).",
            ex.id, ex.kind
        )));
    };
    let langs = crate::proof::starters_of(&course, ex);
    if !langs.contains(&args.lang) {
        return Err(bad_input(if langs.is_empty() {
            format!("{} has no starter in this course.", ex.id)
        } else {
            format!(
                "{} has no {} starter; there is one for: {}. Pass --lang {}.",
                ex.id,
                args.lang,
                langs.join(", "),
                langs[0]
            )
        }));
    }
    let prefix = format!("starters/{}/{}/", ex.id, args.lang);
    let files: Vec<(&str, &[u8])> = course
        .assets_under(&prefix)
        .map(|(p, b)| (&p[prefix.len()..], b))
        .collect();
    let toml = starter_toml(
        files
            .iter()
            .find(|(p, _)| *p == "starter.toml")
            .map(|(_, b)| *b),
    )
    .map_err(|e| bad_input(format!("{prefix}starter.toml: {e}")))?;
    let files: Vec<(&str, &[u8])> = files
        .into_iter()
        .filter(|(p, _)| *p != "starter.toml")
        .collect();
    let dir = args.dir.unwrap_or_else(|| PathBuf::from(&ex.id));
    let existing: Vec<String> = files
        .iter()
        .filter(|(p, _)| dir.join(p).exists())
        .map(|(p, _)| dir.join(p).display().to_string())
        .collect();
    if !existing.is_empty() && !args.force {
        return Err(bad_input(format!(
            "not overwriting what is already there: {}. Pick another folder, or pass --force.",
            existing.join(", ")
        )));
    }
    for (rel, bytes) in &files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, bytes)
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
    }
    let target = crate::proof::default_target(spec);
    let port = reqwest::Url::parse(&target)
        .ok()
        .and_then(|u| u.port_or_known_default())
        .unwrap_or(8000);
    let cmd = toml
        .run
        .unwrap_or_else(|| default_run(&args.lang).to_string())
        .replace("{port}", &port.to_string());
    let shown = dir.display().to_string();
    let mut out = format!(
        "Wrote the {} starter for {} (\"{}\") to {shown}/:\n",
        args.lang, ex.id, ex.title
    );
    for (rel, _) in &files {
        out.push_str(&format!("  {}\n", dir.join(rel).display()));
    }
    if let Some(note) = &toml.note {
        out.push_str(&format!("\n{}\n", note.trim()));
    }
    out.push_str(&format!(
        "\nRun it (it listens on port {port}):\n  cd {} && {cmd}\n\nThen, in another terminal:\n  backroad check {} --target {target}\n\nThe first check fails at step 1 (\"{}\") until you write that part: that is where to start.\n",
        crate::exchange::shell_quote(&shown),
        ex.id,
        spec.steps.first().map_or("", |s| s.name.as_str()),
    ));
    super::emit(&out)?;
    Ok(Exit::Success)
}
