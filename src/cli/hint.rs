//! `backroad hint <id>`: reveal the next hint of an exercise; use is recorded with attempts.

use super::{Ctx, Exit};

/// Arguments of `backroad hint`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The exercise id (see `backroad exercises`).
    pub id: String,
}

/// Run `backroad hint`.
pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<Exit> {
    let course = ctx.course()?;
    let ex = super::check::find(&course, &args.id)?;
    let total = ex.hints.len() as u32;
    if total == 0 {
        println!(
            "{} has no hints. Read its prompt again, or the lesson it belongs to.",
            ex.id
        );
        return Ok(Exit::Success);
    }
    let store = ctx.store()?;
    let before = store.hints_revealed(&ex.id)?;
    let now = store.reveal_hint(&ex.id, total)?;
    for (i, h) in ex.hints.iter().take(now as usize).enumerate() {
        let tag = if i as u32 + 1 == now && now > before {
            " (new)"
        } else {
            ""
        };
        println!("Hint {} of {total}{tag}: {h}", i + 1);
    }
    if now == before {
        println!("That was the last hint. The explanation is shown once the check passes.");
    } else if now < total {
        println!("Another hint: backroad hint {}", ex.id);
    }
    Ok(Exit::Success)
}
