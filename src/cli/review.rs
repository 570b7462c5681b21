//! `backroad review`: what is due today in the review queue (exercises passed before, back on a
//! spaced schedule), asking due quizzes again and saying which check to run for the others.
//! The checker's result reschedules them; the rules are in [`crate::review`].

use super::{Ctx, Exit};
use crate::check::quiz::run_quiz;
use crate::check::render::{self, Style};
use crate::check::{Report, Verdict};
use crate::course::Exercise;
use crate::course::exercise::Spec;
use crate::review::{self, Entry, day_of};
use crate::store::{Card, Store};
use std::fmt::Write as _;
use std::io::BufRead;

/// Arguments of `backroad review`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exercises you pass come back here on a spaced schedule (FSRS), graded \
by the checker: passed at the first try without a hint counts as easy and waits longest, \
passed with a hint or after failures counts as hard and comes back sooner, a failure brings it \
back within days. Due quizzes are asked here (answer with the text or the number of a choice; \
an empty line skips, end of input stops); for other exercises, run the check shown."
)]
pub struct Args {
    /// The whole schedule, not only what is due today.
    #[arg(long)]
    pub all: bool,
    /// Only list what is due; do not ask the due quizzes.
    #[arg(long)]
    pub list: bool,
}

/// Run `backroad review`.
pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<Exit> {
    let course = ctx.course()?;
    let store = ctx.store()?;
    let now = super::check::now_ms();
    let entries = review::queue(&store, &course)?;
    let due = review::due(&entries, now);
    let mut out = String::new();
    if entries.is_empty() {
        out.push_str(
            "Nothing to review yet: exercises you pass come back here on a spaced schedule.\n",
        );
        super::emit(&out)?;
        return Ok(Exit::Success);
    }
    if args.all {
        out.push_str(&schedule(&entries, now));
        super::emit(&out)?;
        return Ok(Exit::Success);
    }
    if due.is_empty() {
        let next = &entries[0];
        let _ = writeln!(
            out,
            "Nothing due today. Next: {} {}.",
            next.exercise.id,
            when(&next.card, now)
        );
        out.push_str("`backroad review --all` shows the whole schedule.\n");
        super::emit(&out)?;
        return Ok(Exit::Success);
    }
    let _ = writeln!(
        out,
        "{} due today{}:",
        due.len(),
        if due.len() == 1 {
            ""
        } else {
            " (oldest first)"
        }
    );
    for e in &due {
        let _ = writeln!(out, "  {:<28} {}", e.exercise.id, e.exercise.title);
        let _ = writeln!(out, "  {:<28} {}", "", how_to_check(e.exercise));
    }
    super::emit(&out)?;
    if args.list {
        return Ok(Exit::Success);
    }
    let mut input = std::io::stdin().lock();
    let mut failed = false;
    for e in due
        .iter()
        .filter(|e| matches!(e.exercise.spec, Spec::Quiz(_)))
    {
        match ask(ctx, &store, &course, e.exercise, &mut input)? {
            Asked::Answered(passed) => failed |= !passed,
            Asked::Skipped => {}
            Asked::Ended => break,
        }
    }
    Ok(if failed { Exit::Failed } else { Exit::Success })
}

enum Asked {
    Answered(bool),
    Skipped,
    Ended,
}

/// Ask one due quiz again, check the answer, record it and say when it comes back.
fn ask(
    ctx: &Ctx,
    store: &Store,
    course: &crate::course::Course,
    ex: &Exercise,
    input: &mut impl BufRead,
) -> anyhow::Result<Asked> {
    let Spec::Quiz(q) = &ex.spec else {
        return Ok(Asked::Skipped);
    };
    let mut text = format!("\n{}: {}\n  {}\n", ex.id, ex.title, q.question.trim());
    for (i, c) in q.choices.iter().enumerate() {
        let _ = writeln!(text, "    {}. {c}", i + 1);
    }
    text.push_str("Your answer (text or number; empty skips): ");
    super::emit(&text)?;
    let mut line = String::new();
    if input.read_line(&mut line)? == 0 {
        super::emit("\n")?;
        return Ok(Asked::Ended);
    }
    if line.trim().is_empty() {
        return Ok(Asked::Skipped);
    }
    let mut report: Report = run_quiz(ex, q, line.trim());
    let passed = report.verdict == Verdict::Passed;
    let card = super::check::record(store, course, ex, &mut report)?;
    use std::io::IsTerminal;
    let style = Style {
        color: ctx.color && std::io::stdout().is_terminal(),
        locations: ctx.show_locations(),
    };
    let mut out = render::text(&report, style);
    if let Some(card) = card {
        out.push_str(&next_line(&card, super::check::now_ms()));
        out.push('\n');
    }
    super::emit(&out)?;
    Ok(Asked::Answered(passed))
}

/// How to review an exercise that is not a quiz: which check to run.
pub fn how_to_check(ex: &Exercise) -> String {
    let id = &ex.id;
    match ex.spec {
        Spec::Quiz(_) => "a quiz: asked below".to_string(),
        Spec::Lab(_) => format!("send its requests to the lab again, then: backroad check {id}"),
        Spec::Server(_) => {
            format!("start your server, then: backroad check {id} --target http://127.0.0.1:8000")
        }
        Spec::Sql(_) => format!("write the query again: backroad check {id} --file query.sql"),
        Spec::Git(_) => format!("in your repository: backroad check {id} --repo ."),
    }
}

/// "Next review: in 16 days (2026-12-23)."
pub fn next_line(card: &Card, now: i64) -> String {
    format!(
        "Next review: {} (graded {}).",
        when(card, now),
        card.last_grade.as_str()
    )
}

/// When a card is due, from today's point of view.
fn when(card: &Card, now: i64) -> String {
    let days = day_of(card.due) - day_of(now);
    let date = date_of(card.due);
    match days {
        ..0 => format!("overdue since {date}"),
        0 => "today".to_string(),
        1 => format!("tomorrow ({date})"),
        n => format!("in {n} days ({date})"),
    }
}

/// A time in ms as a UTC date, 2026-12-23.
fn date_of(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000))
        .map(|t| t.date().to_string())
        .unwrap_or_else(|_| "?".to_string())
}

/// The whole schedule as a table, soonest first.
fn schedule(entries: &[Entry<'_>], now: i64) -> String {
    let mut out = format!(
        "{} exercise{} in review:\n",
        entries.len(),
        if entries.len() == 1 { "" } else { "s" }
    );
    let _ = writeln!(out, "  {:<28} {:<8} {:<6} due", "exercise", "kind", "last");
    for e in entries {
        let _ = writeln!(
            out,
            "  {:<28} {:<8} {:<6} {}",
            e.exercise.id,
            e.exercise.kind,
            e.card.last_grade.as_str(),
            when(&e.card, now)
        );
    }
    out
}
