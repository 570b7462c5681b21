//! The learner's own server, started by `backroad check --run CMD` and by the tutor's run
//! command: through `sh -c` in its own process group, from the working folder, with `{port}`
//! (and `PORT`) set; its output read line by line (handed to the front end to show, the last
//! lines kept to explain an early exit); waited for, bounded, until it listens; stopped with its
//! whole group, and the port free again, after the check.

use super::{Group, listener_in_group};
use std::collections::VecDeque;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncRead};

/// How long a server may take to listen (a first `go run` or `cargo run` compiles).
pub const LISTEN_BOUND: Duration = Duration::from_secs(60);

/// What the server's lines start with, between the checker's.
pub const PREFIX: &str = "[your server]";

/// How many of its last lines are kept to show when it stops early.
const TAIL: usize = 8;

/// Told each line the server prints (stdout and stderr), cleaned of escape sequences.
pub type OnLine = Arc<dyn Fn(&str) + Send + Sync>;

/// Whether a run command asks backroad for a port (`{port}`).
pub fn wants_port(cmd: &str) -> bool {
    cmd.contains("{port}")
}

/// The command with `{port}` replaced.
pub fn substitute(cmd: &str, port: u16) -> String {
    cmd.replace("{port}", &port.to_string())
}

/// Why the learner's server could not be checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartError {
    /// The shell itself could not be started.
    Spawn(String),
    /// It exited (`how`: "with code 1", "killed by signal 9") before it listened.
    Exited {
        how: String,
        after: Duration,
        tail: Vec<String>,
    },
    /// It ran but did not listen on `port` within `bound`; `other`: another program did.
    Silent {
        port: u16,
        bound: Duration,
        other: bool,
        tail: Vec<String>,
    },
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StartError::Spawn(why) => write!(f, "{why}"),
            StartError::Exited { how, after, tail } => write!(
                f,
                "your server exited {how} after {:.1} s{}",
                after.as_secs_f64(),
                last_lines(tail)
            ),
            StartError::Silent {
                port,
                bound,
                other: true,
                tail,
            } => write!(
                f,
                "another program is listening on port {port}, and your server did not take it \
                 within {} s: stop that program, or put {{port}} in the command so backroad \
                 picks a free port{}",
                bound.as_secs(),
                last_lines(tail)
            ),
            StartError::Silent {
                port, bound, tail, ..
            } => write!(
                f,
                "your server did not listen on port {port} within {} s: does it listen on the \
                 port it is given ({{port}} in the command, or the PORT variable)?{}",
                bound.as_secs(),
                last_lines(tail)
            ),
        }
    }
}

/// "; its last lines were: …" (indented), or that it printed nothing.
fn last_lines(tail: &[String]) -> String {
    if tail.is_empty() {
        return " and printed nothing".into();
    }
    let mut out = String::from("; its last lines were:");
    for l in tail {
        out.push_str("\n    ");
        out.push_str(l);
    }
    out
}

/// How a process ended, in words.
fn how(status: std::process::ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(code), _) => format!("with code {code}"),
        (None, Some(sig)) => format!("killed by signal {sig}"),
        (None, None) => format!("({status})"),
    }
}

/// The learner's running server; its whole process group is killed when dropped.
pub struct Server {
    group: Group,
    /// The port it listens on.
    pub port: u16,
    started: Instant,
    tail: Arc<Mutex<VecDeque<String>>>,
    readers: Vec<tokio::task::JoinHandle<()>>,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server").field("port", &self.port).finish()
    }
}

/// Start `cmd` (with `{port}` replaced by `port`) through `sh -c` in `cwd`, and wait up to
/// `bound` until it listens on 127.0.0.1:`port`. Each line it prints goes to `on_line`.
pub async fn start(
    cmd: &str,
    cwd: &Path,
    port: u16,
    on_line: OnLine,
    bound: Duration,
) -> Result<Server, StartError> {
    let line = substitute(cmd, port);
    let mut child = tokio::process::Command::new("sh")
        .arg("-c")
        .arg(&line)
        .current_dir(cwd)
        .env("PORT", port.to_string())
        .env("PYTHONUNBUFFERED", "1")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .process_group(0)
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| StartError::Spawn(format!("cannot start `sh -c '{line}'`: {e}")))?;
    let tail = Arc::new(Mutex::new(VecDeque::new()));
    let mut readers = Vec::new();
    if let Some(out) = child.stdout.take() {
        readers.push(tokio::spawn(read_lines(out, tail.clone(), on_line.clone())));
    }
    if let Some(err) = child.stderr.take() {
        readers.push(tokio::spawn(read_lines(err, tail.clone(), on_line)));
    }
    let mut server = Server {
        group: Group(child),
        port,
        started: Instant::now(),
        tail,
        readers,
    };
    server.wait_listening(bound).await?;
    Ok(server)
}

impl Server {
    /// Poll the port until the server's own process group listens on it, it exits, or `bound`
    /// passes.
    async fn wait_listening(&mut self, bound: Duration) -> Result<(), StartError> {
        let deadline = Instant::now() + bound;
        let mut other = false;
        loop {
            if let Some(how) = self.exited() {
                self.drain().await;
                return Err(StartError::Exited {
                    how,
                    after: self.started.elapsed(),
                    tail: self.tail(),
                });
            }
            if accepts(self.port).await {
                match self
                    .group
                    .id()
                    .and_then(|g| listener_in_group(self.port, g))
                {
                    Some(true) => return Ok(()),
                    Some(false) => other = true,
                    None => {
                        // No /proc to ask whose socket it is: it must at least stay up.
                        tokio::time::sleep(Duration::from_millis(250)).await;
                        if self.exited().is_none() {
                            return Ok(());
                        }
                        continue;
                    }
                }
            }
            if Instant::now() >= deadline {
                self.drain().await;
                return Err(StartError::Silent {
                    port: self.port,
                    bound,
                    other,
                    tail: self.tail(),
                });
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// How it ended, if it has exited ("with code 1").
    pub fn exited(&mut self) -> Option<String> {
        self.group.0.try_wait().ok().flatten().map(how)
    }

    /// How long it has been running.
    pub fn uptime(&self) -> Duration {
        self.started.elapsed()
    }

    /// Its last lines.
    pub fn tail(&self) -> Vec<String> {
        let tail = self.tail.lock().unwrap_or_else(|e| e.into_inner());
        tail.iter().cloned().collect()
    }

    /// Why it stopped by itself during the check, if it did, worded like an early exit.
    pub fn ended_early(&mut self) -> Option<String> {
        let how = self.exited()?;
        Some(
            StartError::Exited {
                how,
                after: self.started.elapsed(),
                tail: self.tail(),
            }
            .to_string(),
        )
    }

    /// Kill its whole process group, let its last lines through, and wait (bounded) until
    /// nothing listens on its port any more.
    pub async fn stop(mut self) {
        self.group.kill();
        let _ = tokio::time::timeout(Duration::from_secs(2), self.group.0.wait()).await;
        self.drain().await;
        let deadline = Instant::now() + Duration::from_secs(3);
        while accepts(self.port).await && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Wait (bounded) for the output readers to reach the end of the pipes.
    async fn drain(&mut self) {
        for mut r in self.readers.drain(..) {
            if tokio::time::timeout(Duration::from_secs(1), &mut r)
                .await
                .is_err()
            {
                r.abort();
            }
        }
    }
}

/// Whether something accepts connections on 127.0.0.1:`port`.
async fn accepts(port: u16) -> bool {
    let connect = tokio::net::TcpStream::connect(("127.0.0.1", port));
    matches!(
        tokio::time::timeout(Duration::from_millis(300), connect).await,
        Ok(Ok(_))
    )
}

/// Hand each line of `r` to `on_line` and keep the last few.
async fn read_lines(
    r: impl AsyncRead + Unpin,
    tail: Arc<Mutex<VecDeque<String>>>,
    on_line: OnLine,
) {
    let mut r = tokio::io::BufReader::new(r);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match r.read_until(b'\n', &mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {
                let line = clean(&String::from_utf8_lossy(&buf));
                on_line(&line);
                let mut tail = tail.lock().unwrap_or_else(|e| e.into_inner());
                if tail.len() == TAIL {
                    tail.pop_front();
                }
                tail.push_back(line);
            }
        }
    }
}

/// A line as it may be shown in a terminal: no line ending, no escape sequences (colours,
/// cursor moves), no other control characters; tabs become spaces.
pub fn clean(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.trim_end_matches(['\n', '\r']).chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\x1b' => match chars.next() {
                // CSI: parameters, then one final byte in @..~.
                Some('[') => {
                    for c in chars.by_ref() {
                        if ('@'..='~').contains(&c) {
                            break;
                        }
                    }
                }
                // OSC: up to BEL or ESC \.
                Some(']') => {
                    while let Some(c) = chars.next() {
                        if c == '\x07' || (c == '\x1b' && chars.next_if_eq(&'\\').is_some()) {
                            break;
                        }
                    }
                }
                _ => {}
            },
            '\t' => out.push_str("    "),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_lose_colours_and_control_characters() {
        assert_eq!(
            clean("\x1b[32mINFO\x1b[0m:     Started\r\n"),
            "INFO:     Started"
        );
        assert_eq!(clean("a\x1b]0;title\x07b\x08c\td"), "abc    d");
        assert_eq!(clean("plain"), "plain");
    }

    #[test]
    fn an_early_exit_names_the_code_the_time_and_the_last_lines() {
        let e = StartError::Exited {
            how: "with code 1".into(),
            after: Duration::from_millis(340),
            tail: vec!["Traceback".into(), "NameError: x".into()],
        };
        assert_eq!(
            e.to_string(),
            "your server exited with code 1 after 0.3 s; its last lines were:\n    Traceback\n    NameError: x"
        );
    }

    #[tokio::test]
    async fn a_server_that_listens_is_stopped_with_its_children_and_frees_its_port() {
        let dir = tempfile::tempdir().unwrap();
        let lines = Arc::new(Mutex::new(Vec::new()));
        let seen = lines.clone();
        let on_line: OnLine = Arc::new(move |l: &str| seen.lock().unwrap().push(l.to_string()));
        let port = super::super::free_port().unwrap();
        // A shell that starts a child which listens: killing only the shell would orphan it.
        let cmd = "echo starting; python3 -m http.server {port} --bind 127.0.0.1 & wait";
        let server = start(cmd, dir.path(), port, on_line, LISTEN_BOUND)
            .await
            .unwrap();
        assert!(accepts(port).await);
        server.stop().await;
        assert!(!accepts(port).await, "the port is still taken");
        assert!(std::net::TcpListener::bind(("127.0.0.1", port)).is_ok());
        assert!(lines.lock().unwrap().contains(&"starting".to_string()));
    }

    #[tokio::test]
    async fn a_server_that_crashes_says_how_with_its_last_lines() {
        let dir = tempfile::tempdir().unwrap();
        let on_line: OnLine = Arc::new(|_: &str| {});
        let cmd = "echo 'Traceback (most recent call last):'; echo 'boom' >&2; exit 3";
        let err = start(cmd, dir.path(), 1, on_line, LISTEN_BOUND)
            .await
            .unwrap_err();
        let text = err.to_string();
        assert!(
            text.starts_with("your server exited with code 3 after "),
            "{text}"
        );
        assert!(
            text.ends_with("\n    boom") || text.contains("\n    boom\n"),
            "{text}"
        );
        assert!(
            text.contains("Traceback (most recent call last):"),
            "{text}"
        );
    }
}
