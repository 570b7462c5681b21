//! Watching the learner's working folder for `check --watch` and the tutor's watch mode: a
//! file watcher (notify: inotify on Linux, FSEvents on macOS) whose changes are debounced here
//! and reported as the files that changed, leaving out what a check or an editor writes by
//! itself (`.git`, `target`, `node_modules`, `__pycache__`, virtual environments, editor swap
//! files, databases, logs).
//!
//! notify also reports files being opened and read (inotify's `IN_OPEN`): a server reading its
//! own code at start would then restart itself for ever, so access events are dropped, and
//! only creations, writes, renames and removals count. (notify-debouncer-mini passes access
//! events on, which is why the debouncing is done here, in a few lines.)
//!
//! Each folder is watched on its own (not the whole tree at once), so a big `target/` or
//! `node_modules/` costs nothing; a folder created later is added when it appears.

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::RecvTimeoutError;
use std::time::{Duration, Instant};

/// Changes closer together than this are one change.
pub const DEBOUNCE: Duration = Duration::from_millis(300);

/// Folders never watched: version control, build output, dependencies, caches.
const IGNORED_DIRS: &[&str] = &[
    ".git",
    ".hg",
    ".svn",
    "target",
    "node_modules",
    "__pycache__",
    ".venv",
    "venv",
    ".mypy_cache",
    ".pytest_cache",
    ".idea",
    ".gradle",
    "build",
    "dist",
];

/// At most this many folders are watched (a home folder by mistake stays cheap).
const MAX_DIRS: usize = 2000;

/// Whether a change to `path` (relative to the watched folder) is left out: under an ignored
/// folder, an editor's swap or backup file, or data a server writes (databases, logs).
pub fn ignored(path: &Path) -> bool {
    let under_ignored = path.components().any(|c| {
        c.as_os_str()
            .to_str()
            .is_some_and(|name| IGNORED_DIRS.contains(&name))
    });
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return under_ignored;
    };
    let swap = name.ends_with(".swp")
        || name.ends_with(".swo")
        || name.ends_with(".swx")
        || name.ends_with('~')
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
        || name == ".DS_Store";
    let data = [
        ".db", ".sqlite", ".sqlite3", "-journal", "-wal", "-shm", ".log", ".pyc",
    ]
    .iter()
    .any(|ext| name.ends_with(ext));
    under_ignored || swap || data
}

/// A running watcher; it stops when dropped.
pub struct Watcher {
    stop: Arc<AtomicBool>,
}

impl Drop for Watcher {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// Watch `root` and call `on_change` with the changed files (relative to `root`, sorted, not
/// ignored) after each quiet spell of [`DEBOUNCE`]. An error says why the folder cannot be
/// watched (too many watches, an unsupported file system).
pub fn start(
    root: &Path,
    on_change: impl Fn(Vec<PathBuf>) + Send + 'static,
) -> Result<Watcher, String> {
    let root = root
        .canonicalize()
        .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    let (tx, rx) = std::sync::mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(tx)
        .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    let mut watched = 0;
    add_tree(&mut watcher, &root, &root, &mut watched)?;
    let stop = Arc::new(AtomicBool::new(false));
    let stopped = stop.clone();
    std::thread::Builder::new()
        .name("backroad-watch".into())
        .spawn(move || {
            let mut changed = BTreeSet::new();
            let mut last: Option<Instant> = None;
            while !stopped.load(Ordering::Relaxed) {
                let wait = last.map_or(Duration::from_millis(200), |t| {
                    DEBOUNCE
                        .saturating_sub(t.elapsed())
                        .max(Duration::from_millis(10))
                });
                match rx.recv_timeout(wait) {
                    Ok(Ok(event)) => {
                        if matches!(event.kind, EventKind::Access(_)) {
                            continue;
                        }
                        for path in event.paths {
                            let rel = path.strip_prefix(&root).unwrap_or(&path).to_path_buf();
                            if rel.as_os_str().is_empty() || ignored(&rel) {
                                continue;
                            }
                            if path.is_dir() {
                                // A new folder: watch it (and what it holds) from now on.
                                let _ = add_tree(&mut watcher, &root, &path, &mut watched);
                                continue;
                            }
                            changed.insert(rel);
                            last = Some(Instant::now());
                        }
                    }
                    Ok(Err(_)) => continue,
                    Err(RecvTimeoutError::Timeout) => {
                        if last.is_some_and(|t| t.elapsed() >= DEBOUNCE) {
                            last = None;
                            let paths: Vec<PathBuf> =
                                std::mem::take(&mut changed).into_iter().collect();
                            if !stopped.load(Ordering::Relaxed) {
                                on_change(paths);
                            }
                        }
                    }
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
        })
        .map_err(|e| format!("cannot start the watcher: {e}"))?;
    Ok(Watcher { stop })
}

/// Watch `dir` and the folders under it that are not ignored, each on its own.
fn add_tree(
    watcher: &mut RecommendedWatcher,
    root: &Path,
    dir: &Path,
    watched: &mut usize,
) -> Result<(), String> {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        if *watched >= MAX_DIRS {
            return Ok(());
        }
        watcher
            .watch(&d, RecursiveMode::NonRecursive)
            .map_err(|e| format!("cannot watch {}: {e}", d.display()))?;
        *watched += 1;
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let rel = path.strip_prefix(root).unwrap_or(&path);
            // Symbolic links are not followed: they may point anywhere.
            if entry.file_type().is_ok_and(|t| t.is_dir()) && !ignored(rel) {
                stack.push(path);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_output_swap_files_and_data_are_left_out() {
        for p in [
            ".git/index",
            "target/debug/app",
            "web/node_modules/x/index.js",
            "__pycache__/app.cpython-312.pyc",
            ".app.py.swp",
            "app.py~",
            "4913",
            ".#app.py",
            "tasks.db",
            "tasks.db-journal",
            "server.log",
        ] {
            assert!(ignored(Path::new(p)), "{p} should be ignored");
        }
        for p in ["app.py", "src/main.rs", "server.ts", "templates/index.html"] {
            assert!(!ignored(Path::new(p)), "{p} should count");
        }
    }

    #[test]
    fn a_write_is_reported_once_and_ignored_files_are_not() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("target")).unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let _w = start(dir.path(), move |paths| {
            let _ = tx.send(paths);
        })
        .unwrap();
        std::fs::write(dir.path().join("target/out.bin"), "x").unwrap();
        std::fs::write(dir.path().join(".app.py.swp"), "x").unwrap();
        std::fs::write(dir.path().join("app.py"), "print(1)").unwrap();
        let got = rx.recv_timeout(Duration::from_secs(20)).unwrap();
        assert_eq!(got, vec![PathBuf::from("app.py")]);
        // Reading a file (a server loading its code) is not a change.
        let _ = std::fs::read(dir.path().join("app.py")).unwrap();
        assert!(rx.recv_timeout(Duration::from_secs(2)).is_err());
    }
}
