//! Server proofs that run a program of the pack (`run = "python3 references/x.py {port}"`),
//! and starters. Only `course test` does this, for the author of a pack.
//!
//! The command line is split like shell words (nothing else is interpreted), `{port}` becomes
//! a free port on 127.0.0.1 (also given as `PORT`), the program runs in its own process group
//! from the pack root (a starter: from its own folder), and the whole group is killed after.

use super::{CaseResult, CaseStatus, World, result};
use crate::check::Report;
use crate::course::Exercise;
use crate::course::exercise::ServerSpec;
use crate::course::proof::split_words;
use crate::program::{Group, free_port, listener_in_group};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a program may take to start listening (javac compiles a Java starter on each run).
const START_BOUND: Duration = Duration::from_secs(60);

/// How long a program must stay up after it first answered: one that exits at once had failed
/// to listen, and what answered was something else on that port.
const SETTLE: Duration = Duration::from_millis(250);

/// Why a program could not be used.
#[derive(Debug)]
pub enum RunError {
    /// The program is not installed here: the case is skipped, with this note.
    Missing(String),
    /// It is installed but did not start or listen: the case went wrong.
    Failed(String),
}

/// The command that runs a starter in `lang` when its folder has no `starter.toml`.
pub fn default_run(lang: &str) -> &'static str {
    match lang {
        "python" => "python3 server.py {port}",
        "typescript" => "node --experimental-strip-types server.ts {port}",
        "javascript" => "node server.js {port}",
        "go" => "go run . {port}",
        "java" => "java Server.java {port}",
        _ => "",
    }
}

/// `starter.toml` in a starter folder: how to run it.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StarterToml {
    /// The command line; `{port}` is the port (8000 for the learner).
    #[serde(default)]
    pub run: Option<String>,
    /// Shown after the files are written (what to install first, say).
    #[serde(default)]
    pub note: Option<String>,
}

/// A starter's `starter.toml`, if any.
pub fn starter_toml(bytes: Option<&[u8]>) -> Result<StarterToml, String> {
    match bytes {
        None => Ok(StarterToml::default()),
        Some(b) => toml::from_str(&String::from_utf8_lossy(b)).map_err(|e| e.to_string()),
    }
}

/// Whether `program` can be found on PATH (or, with a `/`, under `cwd`).
fn installed(program: &str, cwd: &Path) -> bool {
    if program.contains('/') {
        return cwd.join(program).is_file();
    }
    std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths).any(|d| {
            let p = d.join(program);
            p.is_file()
                && std::fs::metadata(&p).is_ok_and(|m| {
                    use std::os::unix::fs::PermissionsExt;
                    m.permissions().mode() & 0o111 != 0
                })
        })
    })
}

/// Node runs TypeScript itself from 22.6 (`--experimental-strip-types`).
fn node_strips_types() -> bool {
    let Ok(out) = std::process::Command::new("node").arg("--version").output() else {
        return false;
    };
    let v = String::from_utf8_lossy(&out.stdout);
    let mut parts = v.trim().trim_start_matches('v').split('.');
    let major: u32 = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
    let minor: u32 = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
    (major, minor) >= (22, 6)
}

/// The interpreter `python3` really runs, asked once: a version manager's shim (pyenv) costs
/// a shell and a lookup on every start, and proofs start Python servers by the hundred.
fn resolve(program: &str) -> String {
    static PYTHON: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    if program != "python3" {
        return program.to_string();
    }
    PYTHON
        .get_or_init(|| {
            let out = std::process::Command::new("python3")
                .args(["-c", "import sys; print(sys.executable)"])
                .output()
                .ok()?;
            let path = String::from_utf8_lossy(&out.stdout).trim().to_string();
            (out.status.success() && Path::new(&path).is_file()).then_some(path)
        })
        .clone()
        .unwrap_or_else(|| program.to_string())
}

/// A started program (its process group is killed when dropped) and where its output goes.
struct Running {
    group: Group,
    log: PathBuf,
}

impl Running {
    fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        let tail = lines[lines.len().saturating_sub(6)..].join("\n    ");
        if tail.trim().is_empty() {
            String::new()
        } else {
            format!("\n    {tail}")
        }
    }
}

/// Start `cmd` in `cwd` on a free port and wait until it answers HTTP. When the program exits
/// right after the port answered (another program held the port), it is tried once more on a
/// new port. Its output goes to a log under `logs`.
async fn start(cmd: &str, cwd: &Path, logs: &Path) -> Result<(Running, u16), RunError> {
    let port = free_port().map_err(RunError::Failed)?;
    match start_on(cmd, cwd, logs, port).await {
        Err(Attempt::Collided(_)) => {
            let port = free_port().map_err(RunError::Failed)?;
            start_on(cmd, cwd, logs, port).await.map_err(|e| match e {
                Attempt::Collided(why) | Attempt::Other(RunError::Failed(why)) => {
                    RunError::Failed(why)
                }
                Attempt::Other(e) => e,
            })
        }
        Err(Attempt::Other(e)) => Err(e),
        Ok(r) => Ok(r),
    }
}

/// How one attempt to start a program went wrong.
#[derive(Debug)]
enum Attempt {
    /// The port answered, but the program had exited: something else held the port.
    Collided(String),
    /// Anything else.
    Other(RunError),
}

impl From<RunError> for Attempt {
    fn from(e: RunError) -> Self {
        Attempt::Other(e)
    }
}

/// Start `cmd` in `cwd` on `port` and wait until it answers HTTP and is still running.
async fn start_on(
    cmd: &str,
    cwd: &Path,
    logs: &Path,
    port: u16,
) -> Result<(Running, u16), Attempt> {
    let words = split_words(cmd).map_err(|e| RunError::Failed(format!("run: {e}")))?;
    let words: Vec<String> = words
        .into_iter()
        .map(|w| w.replace("{port}", &port.to_string()))
        .collect();
    let Some(program) = words.first() else {
        return Err(RunError::Failed("run is empty".into()).into());
    };
    if !installed(program, cwd) {
        return Err(
            RunError::Missing(format!("skipped: `{program}` is not installed here")).into(),
        );
    }
    if program == "node"
        && words.iter().any(|w| w == "--experimental-strip-types")
        && !node_strips_types()
    {
        return Err(RunError::Missing(
            "skipped: this Node cannot run TypeScript itself (22.6 or later can)".into(),
        )
        .into());
    }
    let log = tempfile::Builder::new()
        .prefix("run-")
        .tempdir_in(logs)
        .map_err(|e| RunError::Failed(e.to_string()))?
        .keep()
        .join("output.log");
    let out = std::fs::File::create(&log).map_err(|e| RunError::Failed(e.to_string()))?;
    let err = out
        .try_clone()
        .map_err(|e| RunError::Failed(e.to_string()))?;
    let child = tokio::process::Command::new(resolve(program))
        .args(&words[1..])
        .current_dir(cwd)
        .env("PORT", port.to_string())
        // Short-lived JVMs: the quick compiler only, and the simple collector.
        .env(
            "JAVA_TOOL_OPTIONS",
            "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
        )
        .env("PYTHONUNBUFFERED", "1")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .stdin(std::process::Stdio::null())
        .stdout(out)
        .stderr(err)
        .process_group(0)
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| RunError::Failed(format!("cannot start `{cmd}`: {e}")))?;
    let mut running = Running {
        group: Group(child),
        log,
    };
    let group = running.group.id();
    let deadline = tokio::time::Instant::now() + START_BOUND;
    // Set when the port answered while the listener was not the program's.
    let mut someone_else = false;
    loop {
        if let Ok(Some(status)) = running.group.0.try_wait() {
            let why = format!(
                "`{cmd}` exited ({status}) before it listened on port {port}{}",
                running.log_tail()
            );
            return Err(if someone_else {
                Attempt::Collided(why)
            } else {
                RunError::Failed(why).into()
            });
        }
        let probe = crate::check::probe::wait_for_target(
            "127.0.0.1",
            port,
            "/",
            true,
            Duration::from_millis(300),
        )
        .await;
        if probe.is_ok() {
            match group.and_then(|g| listener_in_group(port, g)) {
                Some(true) => return Ok((running, port)),
                Some(false) => someone_else = true,
                None => {
                    // No /proc to ask: the program must at least still be running.
                    tokio::time::sleep(SETTLE).await;
                    if let Ok(Some(status)) = running.group.0.try_wait() {
                        return Err(Attempt::Collided(format!(
                            "`{cmd}` exited ({status}) while something else answered on port \
                             {port}{}",
                            running.log_tail()
                        )));
                    }
                    return Ok((running, port));
                }
            }
        }
        if tokio::time::Instant::now() >= deadline {
            let who = if someone_else {
                format!("another program answered on port {port} instead")
            } else {
                format!("it did not answer HTTP on port {port}")
            };
            return Err(RunError::Failed(format!(
                "`{cmd}` was too slow to start: {who} within {}s{}",
                START_BOUND.as_secs(),
                running.log_tail()
            ))
            .into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Run the exercise's steps against `cmd` started from `cwd`: the report, and the last lines
/// the program printed (to show when the case goes the wrong way).
pub async fn run_server(
    ex: &Exercise,
    spec: &ServerSpec,
    cmd: &str,
    cwd: &Path,
    world: &World,
) -> Result<(Report, String), RunError> {
    let _turn = world.programs.acquire().await;
    let logs = world
        .fresh_dir("runs-")
        .map_err(|e| RunError::Failed(e.to_string()))?;
    let (running, port) = start(cmd, cwd, &logs).await?;
    let base = format!("http://127.0.0.1:{port}");
    let report = crate::check::server::run_server(ex, spec, &base, &world.client).await;
    let report = report.map_err(|b| RunError::Failed(b.0))?;
    let tail = running.log_tail();
    drop(running);
    let output = if tail.is_empty() {
        String::new()
    } else {
        format!("\n    its output:{tail}")
    };
    Ok((report, output))
}

/// Add the program's output to a case that went the wrong way.
pub fn with_output(mut r: CaseResult, output: &str) -> CaseResult {
    if r.status == CaseStatus::Wrong {
        r.detail.push_str(output);
    }
    r
}

/// A starter must start, answer, and fail the exercise's first step.
pub async fn prove_starter(
    ex: &Exercise,
    spec: &ServerSpec,
    world: &World,
    lang: &str,
) -> CaseResult {
    let mut r = prove_starter_inner(ex, spec, world, lang).await;
    r.expect = "starter";
    r.name = format!("starters/{}/{lang}", ex.id);
    r.line = 1;
    r
}

async fn prove_starter_inner(
    ex: &Exercise,
    spec: &ServerSpec,
    world: &World,
    lang: &str,
) -> CaseResult {
    let dir = world.pack_root.join("starters").join(&ex.id).join(lang);
    let toml = match starter_toml(std::fs::read(dir.join("starter.toml")).ok().as_deref()) {
        Ok(t) => t,
        Err(e) => return result(false, CaseStatus::Wrong, format!("starter.toml: {e}")),
    };
    let cmd = toml.run.unwrap_or_else(|| default_run(lang).to_string());
    if cmd.is_empty() {
        return result(
            false,
            CaseStatus::Wrong,
            format!("no run command for \"{lang}\": add starter.toml with run = \"... {{port}}\""),
        );
    }
    let (report, output) = match run_server(ex, spec, &cmd, &dir, world).await {
        Ok(r) => r,
        Err(RunError::Missing(note)) => return result(false, CaseStatus::Skipped, note),
        Err(RunError::Failed(e)) => return result(false, CaseStatus::Wrong, e),
    };
    let first = spec.steps.first().map(|s| s.name.as_str());
    with_output(super::judge_server(false, &report, first), &output)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn python() -> bool {
        installed("python3", Path::new("."))
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn two_programs_started_at_once_each_answer_on_their_own_port() {
        if !python() {
            return;
        }
        let logs = tempfile::tempdir().unwrap();
        let cmd = "python3 -m http.server {port} --bind 127.0.0.1";
        for _ in 0..3 {
            let (a, b) = tokio::join!(
                start(cmd, logs.path(), logs.path()),
                start(cmd, logs.path(), logs.path())
            );
            let (a, pa) = a.unwrap_or_else(|e| panic!("{e:?}"));
            let (b, pb) = b.unwrap_or_else(|e| panic!("{e:?}"));
            assert_ne!(pa, pb);
            for (port, running) in [(pa, &a), (pb, &b)] {
                let group = running.group.id().unwrap();
                assert_eq!(listener_in_group(port, group), Some(true));
            }
        }
    }

    #[tokio::test]
    async fn a_program_whose_port_is_taken_is_not_mistaken_for_the_one_answering() {
        if !python() {
            return;
        }
        // Another server holds the port and answers HTTP; the program cannot bind and exits.
        let other = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = other.local_addr().unwrap().port();
        let app = axum::Router::new().route("/", axum::routing::get(|| async { "not yours" }));
        tokio::spawn(async move { axum::serve(other, app).await });
        let logs = tempfile::tempdir().unwrap();
        let cmd = "python3 -c \"import socket,sys,time; s=socket.socket(); \
                   s.bind(('127.0.0.1', int(sys.argv[1]))); s.listen(); time.sleep(30)\" {port}";
        match start_on(cmd, logs.path(), logs.path(), port).await {
            Err(Attempt::Collided(why)) => assert!(why.contains("exited"), "{why}"),
            Err(e) => panic!("expected a collision, got {e:?}"),
            Ok(_) => panic!("the other server's answer was taken for the program's"),
        }
    }
}
