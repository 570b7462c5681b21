//! `backroad reset`: forget progress, with a confirmation.

use super::{Ctx, Exit, bad_input};
use std::io::{BufRead, IsTerminal, Write};

/// Arguments of `backroad reset`.
#[derive(Debug, clap::Args)]
#[command(group = clap::ArgGroup::new("what").required(true))]
pub struct Args {
    /// Forget everything: lessons, study time, exercise attempts, hints and the lab journal.
    #[arg(long, group = "what")]
    pub all: bool,
    /// Forget one lesson's progress.
    #[arg(long, group = "what", value_name = "ID")]
    pub lesson: Option<String>,
    /// Do not ask for confirmation.
    #[arg(long, short)]
    pub yes: bool,
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<Exit> {
    let store = ctx.store()?;
    if let Some(id) = &args.lesson {
        let course = ctx.course()?;
        if course.lesson(id).is_none() && store.lesson(id)?.is_none() {
            return Err(bad_input(format!(
                "no lesson \"{id}\". Run `backroad lessons` to list them."
            )));
        }
        if !confirm(&args, &format!("Forget your progress on {id}?"))? {
            super::emit("Nothing changed.\n")?;
            return Ok(Exit::Success);
        }
        store.reset_lesson(id)?;
        super::emit(&format!("Progress on {id} forgotten.\n"))?;
        return Ok(Exit::Success);
    }
    if !confirm(
        &args,
        &format!(
            "Forget ALL progress in {} (lessons, study time, attempts, journal)?",
            store.path().display()
        ),
    )? {
        super::emit("Nothing changed.\n")?;
        return Ok(Exit::Success);
    }
    store.reset_all()?;
    super::emit("All progress forgotten.\n")?;
    Ok(Exit::Success)
}

fn confirm(args: &Args, question: &str) -> anyhow::Result<bool> {
    if args.yes {
        return Ok(true);
    }
    if !std::io::stdin().is_terminal() {
        return Err(bad_input(format!(
            "{question} Refusing without a terminal to ask on; pass --yes to confirm."
        )));
    }
    print!("{question} [y/N] ");
    std::io::stdout().flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "YES"))
}
