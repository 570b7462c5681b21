//! `backroad hint`: not built yet; its issue fills it in.

use super::{Ctx, Exit};

/// Arguments of `backroad hint`.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_ctx: &Ctx, _args: Args) -> anyhow::Result<Exit> {
    Err(super::bad_input(
        "`backroad hint` is not available in this build yet. See `backroad --help` for what is.",
    ))
}
