//! `backroad lab`: run the practice HTTP lab in the foreground with a live request log.

use super::{Ctx, Exit};
use crate::lab::{self, LabConfig, LabError, LabState, LiveExchange};
use std::io::Write;
use std::net::IpAddr;

/// Arguments of `backroad lab`. The port is the global `--port` (default 7357).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Listen on ADDR instead of 127.0.0.1. Anything but loopback exposes the lab to your
    /// network: it has no real security.
    #[arg(long, value_name = "ADDR")]
    pub bind: Option<IpAddr>,
    /// Keep no journal (checks of lab exercises will not see these requests).
    #[arg(long)]
    pub no_journal: bool,
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<Exit> {
    let mut config = LabConfig::new(ctx.global.port, None);
    if let Some(bind) = args.bind {
        config.bind = bind;
    }
    if !args.no_journal {
        ctx.paths.ensure_data_dir().map_err(|e| {
            anyhow::anyhow!(
                "cannot create the data folder {}: {e}. Set BACKROAD_HOME to a folder you can write.",
                ctx.paths.data_dir.display()
            )
        })?;
        config.db = Some(ctx.paths.db.clone());
    }
    if !config.bind.is_loopback() {
        eprintln!(
            "warning: the lab listens on {}, reachable from other machines. It is a practice \
             server with no real security; use it on a network you trust, and stop it when done.",
            config.addr()
        );
    }
    let listener = match lab::bind(config.addr()) {
        Ok(l) => l,
        Err(LabError::AlreadyRunning { url }) => {
            println!(
                "A backroad lab is already running at {url}. Use it as it is: its requests are \
                 journalled there too."
            );
            return Ok(Exit::Success);
        }
        Err(e) => return Err(e.into()),
    };
    let local = listener.local_addr()?;
    listener.set_nonblocking(true)?;
    let state = LabState::new(config)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let color = ctx.color && std::io::IsTerminal::is_terminal(&std::io::stdout());
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let url = lab::url_for(local);
        println!("backroad lab listening on {url}  (Ctrl-C to stop)");
        println!("  try: curl {url}/get    docs: {url}/openapi.json    times are UTC");
        let _ = std::io::stdout().flush();
        let mut log = state.subscribe();
        let (stop_log, mut stopping) = tokio::sync::oneshot::channel::<()>();
        let printer = tokio::spawn(async move {
            use tokio::sync::broadcast::error::{RecvError, TryRecvError};
            loop {
                let first = tokio::select! {
                    got = log.recv() => got,
                    _ = &mut stopping => break,
                };
                match first {
                    Ok(first) => {
                        // Gather a burst before printing: one wake-up and one flush per burst.
                        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                        let mut out = std::io::stdout().lock();
                        print_line(&mut out, &first, color);
                        while let Ok(x) = log.try_recv() {
                            print_line(&mut out, &x, color);
                        }
                        let _ = out.flush();
                    }
                    Err(RecvError::Lagged(n)) => {
                        println!("  ({n} requests not shown: the log fell behind)");
                    }
                    Err(RecvError::Closed) => return,
                }
            }
            // Stopping: print what the last requests left behind.
            let mut out = std::io::stdout().lock();
            loop {
                match log.try_recv() {
                    Ok(x) => print_line(&mut out, &x, color),
                    Err(TryRecvError::Lagged(_)) => continue,
                    Err(_) => break,
                }
            }
            let _ = out.flush();
        });
        lab::serve(listener, state.clone(), async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
        state.flush_journal();
        let _ = stop_log.send(());
        let _ = printer.await;
        println!("lab stopped");
        Ok::<_, anyhow::Error>(())
    })?;
    Ok(Exit::Success)
}

/// One line per request: time, method, path, status, duration.
fn print_line(out: &mut impl Write, x: &LiveExchange, color: bool) {
    let time = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(x.at) * 1_000_000)
        .map(|t| format!("{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second()))
        .unwrap_or_default();
    let target = if x.query.is_empty() {
        x.path.clone()
    } else {
        format!("{}?{}", x.path, x.query)
    };
    let ms = x.duration_us as f64 / 1000.0;
    let status = if color {
        let c = match x.status {
            200..=299 => "32",
            300..=399 => "36",
            400..=499 => "33",
            _ => "31",
        };
        format!("\x1b[{c}m{}\x1b[0m", x.status)
    } else {
        x.status.to_string()
    };
    let _ = writeln!(out, "{time} {:<7} {target} {status} {ms:.1} ms", x.method);
}
