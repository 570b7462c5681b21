//! The interactive tutor.

use crate::cli::{Ctx, Exit};

/// Open the TUI.
pub fn run(_ctx: &Ctx) -> anyhow::Result<Exit> {
    Ok(Exit::Success)
}
