//! The `backroad` binary: parse the arguments, run the command, turn the result into the exit
//! code in one place ([`backroad::context::Exit`]).

use backroad::cli::{self, Cli, Exit};
use clap::Parser;
use std::process::ExitCode;

// The lab allocates per request on one thread and frees on another (the journal writer);
// mimalloc handles that far better than glibc malloc (see benches/lab.sh).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                Exit::BadInput as u8
            } else {
                0
            });
        }
    };
    match cli::run(cli) {
        Ok(exit) => ExitCode::from(exit as u8),
        Err(err) if cli::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(cli::exit_for(&err) as u8)
        }
    }
}
