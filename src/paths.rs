//! Where backroad keeps its data: the one place that reads `BACKROAD_*` variables and platform dirs.
//!
//! Resolved once in `main` and passed in, so every test can point it at a temp dir.

use std::path::{Path, PathBuf};

/// The built-in course's pack id: the progress database keeps each pack's progress under its
/// id, and progress from before packs were kept apart belongs to this one.
pub const BUILTIN_PACK: &str = "backroad";

/// The learner's data locations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// The data directory (`BACKROAD_HOME`, else the platform data dir).
    pub data_dir: PathBuf,
    /// The progress database: `<data_dir>/progress.db`.
    pub db: PathBuf,
}

impl Paths {
    /// Paths rooted at an explicit data directory.
    pub fn new(data_dir: impl Into<PathBuf>) -> Self {
        let data_dir = data_dir.into();
        let db = data_dir.join("progress.db");
        Self { data_dir, db }
    }

    /// Resolve from the environment: `BACKROAD_HOME` if set and non-empty, else the platform
    /// data dir (`$XDG_DATA_HOME/backroad` on Linux), else `./.backroad` as a last resort.
    pub fn from_env() -> Self {
        if let Some(home) = std::env::var_os("BACKROAD_HOME").filter(|v| !v.is_empty()) {
            return Self::new(PathBuf::from(home));
        }
        match directories::ProjectDirs::from("", "", "backroad") {
            Some(dirs) => Self::new(dirs.data_dir()),
            None => Self::new(Path::new(".backroad")),
        }
    }

    /// Create the data directory if it does not exist yet.
    pub fn ensure_data_dir(&self) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.data_dir)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn db_lives_in_the_data_dir() {
        let p = Paths::new("/tmp/x");
        assert_eq!(p.db, PathBuf::from("/tmp/x/progress.db"));
    }
}
