//! `backroad completions SHELL`: shell completion scripts.

use super::{Ctx, Exit};
use clap::CommandFactory;

/// Arguments of `backroad completions`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell to generate completions for.
    pub shell: clap_complete::Shell,
}

pub fn run(_ctx: &Ctx, args: Args) -> anyhow::Result<Exit> {
    let mut cmd = super::Cli::command();
    clap_complete::generate(args.shell, &mut cmd, "backroad", &mut std::io::stdout());
    Ok(Exit::Success)
}
