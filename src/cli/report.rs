//! `backroad report`: the learner's progress (per phase, passes with dates and attempts, hints,
//! time studied) as a table, markdown, JSON (`backroad.report/1`) or an HTML page; with
//! `--class FILES…`, many learners' JSON reports merged into one class report.

use super::{Ctx, Exit, bad_input};
use crate::report::{LearnerReport, class, html};
use std::path::PathBuf;

/// Arguments of `backroad report`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "The JSON forms (backroad.report/1, backroad.class/1) are documented in \
docs/report-json.md. An instructor collects each learner's `backroad report --format json \
--output NAME.json`, then runs `backroad report --class *.json --format html --output class.html`."
)]
pub struct Args {
    /// md (a table; the default), json, or html (one self-contained page).
    #[arg(long, value_name = "FORMAT", default_value = "md", value_parser = ["md", "json", "html"])]
    pub format: String,
    /// Write to FILE instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The learner's name in the report (default: `git config user.name`, else the OS user).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Short for --format json.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
    /// Merge these learners' JSON reports into one class report.
    #[arg(long, value_name = "FILES", num_args = 1.., conflicts_with = "name")]
    pub class: Vec<PathBuf>,
}

/// Run `backroad report`.
pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<Exit> {
    let format = if args.json {
        "json"
    } else {
        args.format.as_str()
    };
    let text = if args.class.is_empty() {
        let course = ctx.course()?;
        let store = ctx.store()?;
        let name = super::check::learner_name(args.name.as_deref());
        let report = LearnerReport::build(&course, &store, &name)?;
        match format {
            "json" => format!("{}\n", serde_json::to_string_pretty(&report)?),
            "html" => html::learner(&report),
            _ => report.markdown(),
        }
    } else {
        let reports = class::read(&args.class).map_err(bad_input)?;
        let merged = class::merge(&reports);
        match format {
            "json" => format!("{}\n", serde_json::to_string_pretty(&merged)?),
            "html" => html::class(&merged),
            _ => merged.markdown(),
        }
    };
    match &args.output {
        Some(path) => std::fs::write(path, text).map_err(|e| {
            anyhow::anyhow!(
                "cannot write the report to {}: {e}. Choose a folder you can write.",
                path.display()
            )
        })?,
        None => super::emit(&text)?,
    }
    Ok(Exit::Success)
}
