//! `backroad read ID`: a lesson printed to the terminal.

use super::{Ctx, Exit, bad_input};
use crate::markdown::{RenderOptions, render, render_plain};
use std::io::{IsTerminal, Write};

/// Arguments of `backroad read`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The lesson id, as `backroad lessons` shows it (e.g. 04-web-http/01-anatomy).
    pub lesson: String,
    /// Wrap at this many columns (default: the terminal's width, or 80).
    #[arg(long, value_name = "N")]
    pub width: Option<u16>,
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<Exit> {
    let course = ctx.course()?;
    let Some(lesson) = course.lesson(&args.lesson) else {
        let hints = course.suggest_lessons(&args.lesson);
        let mut msg = format!("no lesson \"{}\" in {}.", args.lesson, course.title);
        if !hints.is_empty() {
            msg.push_str(&format!(" Did you mean: {}?", hints.join(", ")));
        }
        msg.push_str(" Run `backroad lessons` to list them.");
        return Err(bad_input(msg));
    };
    let stdout = std::io::stdout();
    let width = args
        .width
        .or_else(|| {
            stdout
                .is_terminal()
                .then(|| crossterm::terminal::size().ok().map(|(w, _)| w))
                .flatten()
        })
        .unwrap_or(80)
        .clamp(20, 200);
    let header = format!("{}\n{} min", lesson.title, lesson.minutes);
    let mut out = stdout.lock();
    if ctx.global.plain || !ctx.color || !stdout.is_terminal() {
        writeln!(out, "{header}\n")?;
        if !lesson.objectives.is_empty() {
            writeln!(out, "After this lesson you can:")?;
            for o in &lesson.objectives {
                writeln!(out, "- {o}")?;
            }
            writeln!(out)?;
        }
        write!(out, "{}", render_plain(&lesson.body, width))?;
    } else {
        let rendered = render(&lesson.body, &RenderOptions { width, color: true });
        writeln!(out, "\x1b[1m{}\x1b[0m\n", lesson.title)?;
        write!(out, "{}", crate::markdown::to_ansi(&rendered.text))?;
    }
    out.flush()?;
    Ok(Exit::Success)
}
