//! What the tutor shares with other processes: the progress database and the lab.
//!
//! - [`DbWatch`]: one truth. Another process (`backroad check` in a second terminal, a second
//!   tutor, `backroad reset`) may change the database; on each tick the tutor asks SQLite
//!   whether anyone else committed (`PRAGMA data_version`, one cheap read) and, if so, reloads
//!   the progress its screens show.
//! - [`LabKeeper`]: the lab outlives its owner. A tutor that found another tutor's lab on its
//!   port uses it; when that tutor quits, this one starts its own lab on the same port and
//!   says so in the status line.

use super::app::App;
use crate::lab::{LabConfig, LabHandle, Running};
use crate::progress::Snapshot;
use crate::store::Store;

/// Notices commits other connections made to the progress database.
#[derive(Debug)]
pub struct DbWatch {
    seen: Option<i64>,
}

impl DbWatch {
    /// Start watching from what `store` holds now.
    pub fn new(store: &Store) -> Self {
        Self {
            seen: store.data_version().ok(),
        }
    }

    /// When another process committed since the last look, reload the learner's progress
    /// into `app`. Returns whether anything was reloaded (the screen needs a redraw).
    pub fn refresh(&mut self, app: &mut App, store: &Store) -> crate::store::Result<bool> {
        let now = store.data_version()?;
        if self.seen == Some(now) {
            return Ok(false);
        }
        self.seen = Some(now);
        app.snap = Snapshot::read(store)?;
        app.seconds_studied = store.seconds_studied()?;
        Ok(true)
    }
}

/// The lab this tutor runs, or the one it uses from another process.
#[derive(Debug)]
pub struct LabKeeper {
    config: LabConfig,
    handle: Option<LabHandle>,
    url: String,
    /// Cleared when starting here failed for a reason other than a taken port: not retried.
    retry: bool,
}

impl LabKeeper {
    /// Start the lab, or use the one already on the port. Returns the keeper and what to
    /// tell the learner, if anything.
    pub fn start(config: LabConfig) -> (Self, Option<String>) {
        let url = crate::lab::url_for(config.addr());
        let mut keeper = Self {
            config: config.clone(),
            handle: None,
            url,
            retry: true,
        };
        let message = match crate::lab::start_background(config) {
            Ok(Running::Started { url, handle }) => {
                keeper.url = url;
                keeper.handle = Some(handle);
                None
            }
            Ok(Running::Attached { url }) => {
                keeper.url = url.clone();
                Some(format!("Using the backroad lab already running at {url}."))
            }
            Err(e) => Some(format!("The lab could not start: {e}")),
        };
        (keeper, message)
    }

    /// The lab's base URL (`http://127.0.0.1:7357`).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Whether this tutor runs the lab itself.
    pub fn owns_lab(&self) -> bool {
        self.handle.is_some()
    }

    /// When this tutor uses another process's lab and that lab has gone (its port is free),
    /// start one here on the same port. Returns the status line to show when it did.
    pub fn take_over_if_gone(&mut self) -> Option<String> {
        // Port 0 means "any free port": there is no shared port to take over.
        if self.handle.is_some() || !self.retry || self.config.port == 0 {
            return None;
        }
        match crate::lab::start_if_free(self.config.clone()) {
            Ok(Some(handle)) => {
                self.handle = Some(handle);
                Some(format!(
                    "The lab at {} had stopped (the tutor that ran it quit); this tutor runs it now.",
                    self.url
                ))
            }
            Ok(None) => None,
            Err(e) => {
                self.retry = false;
                Some(format!("The lab could not restart: {e}"))
            }
        }
    }

    /// Stop the lab if this tutor runs it (in-flight requests finish, the journal is flushed).
    pub fn stop(self) {
        if let Some(handle) = self.handle {
            handle.stop();
        }
    }
}
