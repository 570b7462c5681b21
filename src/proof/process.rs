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
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a program may take to start listening.
const START_BOUND: Duration = Duration::from_secs(20);

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

fn free_port() -> Result<u16, String> {
    let l = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    Ok(l.local_addr().map_err(|e| e.to_string())?.port())
}

/// A started program; its process group is killed when dropped.
struct Running {
    child: tokio::process::Child,
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

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(pid) = self.child.id() {
            // The program's whole process group: `go run` and shells leave children behind.
            let _ = std::process::Command::new("kill")
                .args(["-KILL", "--", &format!("-{pid}")])
                .stderr(std::process::Stdio::null())
                .status();
        }
        let _ = self.child.start_kill();
    }
}

/// Start `cmd` in `cwd` on a free port and wait until it answers HTTP.
async fn start(cmd: &str, cwd: &Path, world: &World) -> Result<(Running, u16), RunError> {
    let port = free_port().map_err(RunError::Failed)?;
    let words = split_words(cmd).map_err(|e| RunError::Failed(format!("run: {e}")))?;
    let words: Vec<String> = words
        .into_iter()
        .map(|w| w.replace("{port}", &port.to_string()))
        .collect();
    let Some(program) = words.first() else {
        return Err(RunError::Failed("run is empty".into()));
    };
    if !installed(program, cwd) {
        return Err(RunError::Missing(format!(
            "skipped: `{program}` is not installed here"
        )));
    }
    if program == "node"
        && words.iter().any(|w| w == "--experimental-strip-types")
        && !node_strips_types()
    {
        return Err(RunError::Missing(
            "skipped: this Node cannot run TypeScript itself (22.6 or later can)".into(),
        ));
    }
    let log = world
        .fresh_dir("run-")
        .map_err(|e| RunError::Failed(e.to_string()))?
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
    let mut running = Running { child, log };
    let deadline = tokio::time::Instant::now() + START_BOUND;
    loop {
        if let Ok(Some(status)) = running.child.try_wait() {
            return Err(RunError::Failed(format!(
                "`{cmd}` exited ({status}) before it listened on port {port}{}",
                running.log_tail()
            )));
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
            return Ok((running, port));
        }
        if tokio::time::Instant::now() >= deadline {
            return Err(RunError::Failed(format!(
                "`{cmd}` did not answer HTTP on port {port} within {}s{}",
                START_BOUND.as_secs(),
                running.log_tail()
            )));
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
    let (running, port) = start(cmd, cwd, world).await?;
    let base = format!("http://127.0.0.1:{port}");
    let report = crate::check::server::run_server(ex, spec, &base, &world.client).await;
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
