//! The interactive tutor, one folder per screen: [`roadmap`], [`lesson`], [`lab`],
//! [`exercises`], [`progress`] (and [`search`], an overlay), each with its state, its update
//! and its view. Shared: [`app`] (the whole state and the top-level `update`, which hands keys
//! to the screen on show), [`action`] and [`keymap`] (what keys mean, with the help and the
//! status-bar hints derived from one table), [`ui`] (the frame around the screens and the
//! shared layout), [`worker`] and [`checks`] (background work), [`state`] (what lasts between
//! runs: the Lab's history and request, server targets), [`theme`].
//!
//! This file owns the terminal and the loop: it reads events, calls `update` with the time,
//! runs the effects against the store, and draws. The terminal is restored on exit, on error
//! and on panic. A new screen: a folder here, a `Tab`, a `KeyContext` with its keymap rows,
//! and a line in `ui::draw`.

pub mod action;
pub mod app;
pub mod checks;
pub mod exercises;
pub mod keymap;
pub mod lab;
pub mod lesson;
pub mod progress;
pub mod roadmap;
pub mod run_server;
pub mod search;
pub mod shared;
pub mod sql;
pub mod state;
pub mod theme;
pub mod ui;
pub mod worker;

use crate::context::{Ctx, Exit};
use crate::progress::Snapshot;
use crate::store::Store;
use action::{Action, map_key, map_mouse};
use anyhow::Context as _;
use app::{App, Effect};
use crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event};
use shared::{DbWatch, LabKeeper};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};
use worker::{AppEvent, Worker};

/// What the loop watches that other processes share: the database and the lab.
struct Shared {
    db: DbWatch,
    lab: LabKeeper,
}

impl Shared {
    /// On each tick: reload progress another process changed, and take the lab over if the
    /// process that ran it quit. Returns whether the screen needs a redraw.
    fn tick(&mut self, app: &mut App, store: &Store) -> bool {
        let mut dirty = match self.db.refresh(app, store) {
            Ok(reloaded) => reloaded,
            Err(e) => {
                app.message = Some(format!("Could not reload progress: {e}"));
                true
            }
        };
        if let Some(message) = self.lab.take_over_if_gone() {
            app.message = Some(message);
            dirty = true;
        }
        dirty
    }
}

/// Open the TUI.
pub fn run(ctx: &Ctx, allow_remote: bool) -> anyhow::Result<Exit> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(crate::context::bad_input(
            "the tutor needs an interactive terminal. Run `backroad` in a terminal, or use \
             `backroad lessons` and `backroad read <id> --plain` in scripts.",
        ));
    }
    let course = ctx.course()?;
    let store = ctx.store()?;
    // Passes from before review cards existed get theirs, so the due panel is right at once.
    crate::review::seed(&store, &course)?;
    let snap = Snapshot::read(&store)?;
    let seconds = store.seconds_studied()?;
    let size = crossterm::terminal::size().context("cannot read the terminal size")?;
    let mut app = App::new(course, snap, size, ctx.color);
    app.seconds_studied = seconds;
    app.allow_remote = allow_remote;
    app.lab_url = format!("http://127.0.0.1:{}", ctx.global.port);

    // The lab runs beside the tutor (or the one already running on the port is used).
    let config = crate::lab::LabConfig::new(ctx.global.port, Some(ctx.paths.db.clone()));
    let (lab, lab_message) = LabKeeper::start(config);
    app.lab_url = lab.url().to_string();
    app.message = lab_message;
    // What the last run kept (a file that cannot be read is a note, after the lab's).
    match state::load(&ctx.paths.data_dir) {
        Ok(Some(saved)) => state::restore(&mut app, saved),
        Ok(None) => {}
        Err(note) => app.message = Some(note),
    }
    let lab_base = app.lab_url.clone();
    let (worker, events) = Worker::start()?;
    // Compile the syntax grammars while the learner reads the first screen.
    std::thread::spawn(crate::markdown::preload);
    app.lab.on_journal(&store.journal_recent(lab::LIVE_KEEP)?);
    worker.watch_journal(ctx.paths.db.clone(), store.journal_head()?);
    let mut runner = Runner {
        store,
        worker,
        lab_base,
        db: ctx.paths.db.clone(),
    };

    let mut terminal = ratatui::init();
    // After ratatui's own hook, so this one decides first (see install_panic_hook).
    install_panic_hook(ctx.paths.data_dir.join("panic.log"));
    let _ = crossterm::execute!(std::io::stdout(), EnableMouseCapture);
    let mut shared = Shared {
        db: DbWatch::new(&runner.store),
        lab,
    };
    let result = event_loop(&mut terminal, &mut app, &mut runner, &events, &mut shared);
    let _ = crossterm::execute!(std::io::stdout(), DisableMouseCapture);
    ratatui::restore();
    // Whatever happened, save what the loop had not saved yet.
    let leftover = app.take_effects();
    runner.apply(&app, leftover)?;
    if let Err(e) = state::save(&ctx.paths.data_dir, &state::capture(&app)) {
        eprintln!(
            "backroad: could not keep the Lab's request and history in {}: {e}",
            ctx.paths.data_dir.display()
        );
    }
    shared.lab.stop();
    result.map(|_| Exit::Success)
}

/// What runs effects: the store, the background worker, and where the lab is.
pub struct Runner {
    pub store: Store,
    pub worker: Worker,
    pub lab_base: String,
    pub db: PathBuf,
}

impl Runner {
    /// Carry out what `update` asked for.
    pub fn apply(&mut self, app: &App, effects: Vec<Effect>) -> crate::store::Result<()> {
        for e in effects {
            match e {
                Effect::MarkOpened(id) => self.store.mark_opened(&id)?,
                Effect::SaveScroll(id, s) => self.store.set_scroll(&id, s)?,
                Effect::SetCompleted(id, done) => self.store.set_completed(&id, done)?,
                Effect::RecordStudy(a, b) => self.store.record_study(a, b)?,
                Effect::Send { id, spec } => self.worker.send(id, spec, self.lab_base.clone()),
                Effect::Check(req) => {
                    checks::spawn(&self.worker, &app.course, &self.db, &self.lab_base, req)
                }
                Effect::RecordAttempt {
                    exercise,
                    passed,
                    summary,
                    failed,
                } => {
                    self.store
                        .record_attempt_failing(&exercise, passed, &summary, &failed)?;
                    let pack = app.course.id.clone();
                    crate::review::record(
                        &self.store,
                        &pack,
                        &exercise,
                        passed,
                        crate::store::now_ms(),
                    )?;
                }
                Effect::RevealHint {
                    exercise,
                    available,
                } => {
                    self.store.reveal_hint(&exercise, available)?;
                }
                Effect::MarkExerciseOpened(id) => {
                    self.store.mark_exercise_opened(&id)?;
                }
                Effect::Copy(text) => copy_osc52(&text),
                Effect::Sql(job) => sql::spawn(job, self.worker.sender()),
                Effect::SaveRunCommand { exercise, command } => {
                    self.store.set_run_command(&exercise, &command)?
                }
                Effect::WatchFiles(on) => self.worker.watch_files(on),
            }
        }
        Ok(())
    }
}

/// Put text on the clipboard through the terminal (OSC 52). Terminals that do not support it
/// ignore the sequence; the screens also show the text so it can be selected by hand.
fn copy_osc52(text: &str) {
    use base64::Engine as _;
    use std::io::Write;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    let mut out = std::io::stdout();
    let _ = write!(out, "\x1b]52;c;{encoded}\x07");
    let _ = out.flush();
}

fn install_panic_hook(log: PathBuf) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // A panic on a background thread (the lab, a send) must not tear down the screen the
        // tutor is still drawing on: note it in a log file instead.
        if std::thread::current().name() != Some("main") {
            use std::io::Write;
            let thread = std::thread::current()
                .name()
                .unwrap_or("unnamed")
                .to_string();
            if let Ok(mut f) = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&log)
            {
                let _ = writeln!(f, "{} [{thread}] {info}", crate::store::now_ms());
            }
            return;
        }
        let _ = crossterm::execute!(std::io::stdout(), DisableMouseCapture);
        ratatui::restore();
        previous(info);
    }));
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    runner: &mut Runner,
    events: &Receiver<AppEvent>,
    shared: &mut Shared,
) -> anyhow::Result<()> {
    const TICK: Duration = Duration::from_secs(1);
    // Short enough that background results show at once, long enough to idle cheaply.
    const POLL: Duration = Duration::from_millis(50);
    let mut last_tick = Instant::now();
    let mut dirty = true;
    while !app.quit {
        if dirty {
            terminal
                .draw(|f| ui::draw(f, app))
                .context("cannot draw to the terminal")?;
            dirty = false;
        }
        if event::poll(POLL).context("cannot read terminal events")? {
            let action = match event::read().context("cannot read terminal events")? {
                Event::Key(key) => map_key(app.key_context(), key),
                Event::Mouse(m) => map_mouse(m),
                Event::Resize(w, h) => Some(Action::Resize(w, h)),
                _ => None,
            };
            if let Some(action) = action {
                app.update_at(action, crate::store::now_ms());
                dirty = true;
            }
        }
        while let Ok(ev) = events.try_recv() {
            app.on_event_at(ev, crate::store::now_ms());
            dirty = true;
        }
        if last_tick.elapsed() >= TICK {
            app.update_at(Action::Tick, crate::store::now_ms());
            last_tick = Instant::now();
            // The focus timer counts down on screen.
            dirty |= app.focus_until.is_some();
            dirty |= shared.tick(app, &runner.store);
        }
        let effects = app.take_effects();
        if !effects.is_empty() {
            if let Err(e) = runner.apply(app, effects) {
                app.message = Some(format!("Could not save progress: {e}"));
            }
            dirty = true;
        }
    }
    Ok(())
}
