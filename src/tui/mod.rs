//! The interactive tutor: state and `update` in [`app`], keys in [`action`], drawing in [`ui`].
//! This file owns the terminal and the loop: it reads events, calls `update`, runs the effects
//! against the store, and draws. The terminal is restored on exit, on error and on panic.

pub mod action;
pub mod app;
pub mod theme;
pub mod ui;

use crate::cli::{Ctx, Exit};
use crate::progress::Snapshot;
use crate::store::Store;
use action::{Action, map_key, map_mouse};
use anyhow::Context as _;
use app::{App, Effect};
use crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event};
use std::io::IsTerminal;
use std::time::{Duration, Instant};

/// Open the TUI.
pub fn run(ctx: &Ctx) -> anyhow::Result<Exit> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(crate::cli::bad_input(
            "the tutor needs an interactive terminal. Run `backroad` in a terminal, or use \
             `backroad lessons` and `backroad read <id> --plain` in scripts.",
        ));
    }
    let course = ctx.course()?;
    let store = ctx.store()?;
    let snap = Snapshot::read(&store)?;
    let seconds = store.seconds_studied()?;
    let size = crossterm::terminal::size().context("cannot read the terminal size")?;
    let mut app = App::new(course, snap, size, ctx.color);
    app.seconds_studied = seconds;
    app.lab_url = format!("http://127.0.0.1:{}", ctx.global.port);

    install_panic_hook();
    let mut terminal = ratatui::init();
    let _ = crossterm::execute!(std::io::stdout(), EnableMouseCapture);
    let result = event_loop(&mut terminal, &mut app, &store);
    let _ = crossterm::execute!(std::io::stdout(), DisableMouseCapture);
    ratatui::restore();
    // Whatever happened, save what the loop had not saved yet.
    let leftover = app.take_effects();
    apply_effects(&store, leftover)?;
    result.map(|_| Exit::Success)
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = crossterm::execute!(std::io::stdout(), DisableMouseCapture);
        ratatui::restore();
        previous(info);
    }));
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    store: &Store,
) -> anyhow::Result<()> {
    const TICK: Duration = Duration::from_secs(1);
    let mut last_tick = Instant::now();
    let mut dirty = true;
    while !app.quit {
        if dirty {
            terminal
                .draw(|f| ui::draw(f, app))
                .context("cannot draw to the terminal")?;
            dirty = false;
        }
        let timeout = TICK.saturating_sub(last_tick.elapsed());
        if event::poll(timeout).context("cannot read terminal events")? {
            let action = match event::read().context("cannot read terminal events")? {
                Event::Key(key) => map_key(app.key_context(), key),
                Event::Mouse(m) => map_mouse(m),
                Event::Resize(w, h) => Some(Action::Resize(w, h)),
                _ => None,
            };
            if let Some(action) = action {
                app.update(action);
                dirty = true;
            }
        }
        if last_tick.elapsed() >= TICK {
            app.update(Action::Tick);
            last_tick = Instant::now();
        }
        let effects = app.take_effects();
        if !effects.is_empty() {
            if let Err(e) = apply_effects(store, effects) {
                app.message = Some(format!("Could not save progress: {e}"));
            }
            dirty = true;
        }
    }
    Ok(())
}

/// Write what `update` asked for to the store.
pub fn apply_effects(store: &Store, effects: Vec<Effect>) -> crate::store::Result<()> {
    for e in effects {
        match e {
            Effect::MarkOpened(id) => store.mark_opened(&id)?,
            Effect::SaveScroll(id, s) => store.set_scroll(&id, s)?,
            Effect::SetCompleted(id, done) => store.set_completed(&id, done)?,
            Effect::RecordStudy(a, b) => store.record_study(a, b)?,
        }
    }
    Ok(())
}
