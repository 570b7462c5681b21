//! Programs backroad starts and owns: a pack's reference servers and starters (`course test`,
//! in [`crate::proof`]) and the learner's own server (`backroad check --run`, in [`learner`]).
//!
//! What they share lives here: a free port never handed out twice, a process group that is
//! killed whole (a shell, `go run` or `npm start` leave children behind), and whether the socket
//! listening on a port belongs to that group (and not to something else already there).

pub mod learner;

use std::collections::BTreeSet;

/// A started program in its own process group (spawned with `process_group(0)`). The whole
/// group is killed when this is dropped, so no child outlives it.
#[derive(Debug)]
pub struct Group(pub tokio::process::Child);

impl Group {
    /// The process id, which is also the group's id (`None` once it was waited for).
    pub fn id(&self) -> Option<u32> {
        self.0.id()
    }

    /// Kill the whole process group now (SIGKILL); the leader is reaped by `wait` or on drop.
    pub fn kill(&mut self) {
        if let Some(pid) = self.0.id() {
            let _ = std::process::Command::new("kill")
                .args(["-KILL", "--", &format!("-{pid}")])
                .stderr(std::process::Stdio::null())
                .status();
        }
        let _ = self.0.start_kill();
    }
}

impl Drop for Group {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Ports handed out in this run: a port is never given twice, so two proofs running at once
/// cannot both be told to listen on the same one (binding port 0 and releasing it may give the
/// same number again).
static USED_PORTS: std::sync::Mutex<BTreeSet<u16>> = std::sync::Mutex::new(BTreeSet::new());

/// A free port on 127.0.0.1 not handed out before in this process.
pub fn free_port() -> Result<u16, String> {
    for _ in 0..100 {
        let l = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
        let port = l.local_addr().map_err(|e| e.to_string())?.port();
        let mut used = USED_PORTS.lock().unwrap_or_else(|e| e.into_inner());
        if used.insert(port) {
            return Ok(port);
        }
    }
    Err("no free port that was not already handed out".into())
}

/// Whether the socket listening on 127.0.0.1:`port` belongs to a process of group `group` (the
/// started program and its children). `None` when `/proc` cannot say (not Linux).
pub fn listener_in_group(port: u16, group: u32) -> Option<bool> {
    let mut inodes = Vec::new();
    for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
        let Ok(text) = std::fs::read_to_string(table) else {
            continue;
        };
        for line in text.lines().skip(1) {
            let f: Vec<&str> = line.split_whitespace().collect();
            // local_address is HEX_IP:HEX_PORT, st 0A is LISTEN, the inode is field 9.
            let listening = f.get(3) == Some(&"0A");
            let on_port = f
                .get(1)
                .and_then(|a| a.rsplit(':').next())
                .and_then(|p| u16::from_str_radix(p, 16).ok())
                == Some(port);
            if listening
                && on_port
                && let Some(inode) = f.get(9)
            {
                inodes.push(format!("socket:[{inode}]"));
            }
        }
    }
    if inodes.is_empty() {
        return None;
    }
    let procs = std::fs::read_dir("/proc").ok()?;
    for entry in procs.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .filter(|n| n.bytes().all(|b| b.is_ascii_digit()))
        else {
            continue;
        };
        // /proc/PID/stat: "pid (comm) state ppid pgrp ..."; comm may hold spaces.
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        let pgrp = stat
            .rsplit(')')
            .next()
            .and_then(|rest| rest.split_whitespace().nth(2))
            .and_then(|g| g.parse::<u32>().ok());
        if pgrp != Some(group) {
            continue;
        }
        let Ok(fds) = std::fs::read_dir(format!("/proc/{pid}/fd")) else {
            continue;
        };
        for fd in fds.flatten() {
            if let Ok(target) = std::fs::read_link(fd.path())
                && inodes.iter().any(|i| target.as_os_str() == i.as_str())
            {
                return Some(true);
            }
        }
    }
    Some(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_port_is_never_handed_out_twice() {
        let ports: Vec<u16> = (0..200).map(|_| free_port().unwrap()).collect();
        let distinct: BTreeSet<u16> = ports.iter().copied().collect();
        assert_eq!(distinct.len(), ports.len());
    }
}
