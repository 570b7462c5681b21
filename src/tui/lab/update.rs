//! The Lab screen's update: keys (editing a field, or moving and acting), clicks and the wheel.

use super::actions::{
    add_header, copy_curl, cycle_focus, cycle_method, edit_focused, format_body, recall, reset,
    send,
};
use super::edit;
use super::layout;
use super::{Editing, Focus, SideTab};
use crate::tui::action::{Action, KeyContext, LabCmd, map_key};
use crate::tui::app::App;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// Handle a key typed into a Lab field (or with the copy-as-curl box open); returns an
/// app-wide action to run next, if any. Outside a field, keys come through the keymap as
/// [`Action::Lab`] and friends (see [`on_action`]).
pub fn on_key(app: &mut App, key: KeyEvent) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if app.lab.curl.is_some() {
        app.lab.curl = None;
        return None;
    }
    if ctrl && key.code == KeyCode::Char('s') {
        if app.lab.editing != Some(Editing::Search) {
            app.lab.editing = None;
        }
        send(app);
        return None;
    }
    let Some(editing) = app.lab.editing else {
        return map_key(KeyContext::Lab, key);
    };
    // Alt+key is how terminals report Esc followed quickly by a key: leave the field, then
    // take the key as a command.
    if key.modifiers.contains(KeyModifiers::ALT) && matches!(key.code, KeyCode::Char(_)) {
        edit_key(
            app,
            editing,
            KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE),
        );
        let plain = KeyEvent::new(key.code, key.modifiers - KeyModifiers::ALT);
        return map_key(app.key_context(), plain);
    }
    edit_key(app, editing, key);
    None
}

pub(super) fn viewer_height(app: &App) -> usize {
    layout::viewer_height(app.viewport, &app.lab)
}

pub(super) fn edit_key(app: &mut App, editing: Editing, key: KeyEvent) {
    let height = viewer_height(app);
    let lab = &mut app.lab;
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match editing {
        Editing::Method => match key.code {
            KeyCode::Esc | KeyCode::Enter | KeyCode::Tab => {
                lab.editing = None;
                // Esc, or nothing typed, keeps the method it had.
                if key.code == KeyCode::Esc || lab.request.method.is_empty() {
                    lab.request.method = std::mem::take(&mut lab.method_before);
                }
                if key.code == KeyCode::Tab {
                    lab.focus = Focus::Url;
                }
            }
            KeyCode::Char(c) if !ctrl && c.is_ascii_alphabetic() => {
                lab.request.method.push(c.to_ascii_uppercase());
            }
            KeyCode::Backspace => {
                lab.request.method.pop();
            }
            _ => {}
        },
        Editing::Url => match key.code {
            KeyCode::Esc => lab.editing = None,
            KeyCode::Tab => {
                lab.editing = None;
                lab.focus = Focus::Headers;
            }
            KeyCode::Enter => {
                lab.editing = None;
                send(app);
            }
            _ => {
                edit::edit_line(&mut lab.request.target, &mut lab.cursor, key);
            }
        },
        Editing::Header { index, value } => {
            let Some(h) = lab.request.headers.get_mut(index) else {
                lab.editing = None;
                return;
            };
            match key.code {
                KeyCode::Tab | KeyCode::BackTab | KeyCode::Enter if !value => {
                    lab.editing = Some(Editing::Header { index, value: true });
                    lab.cursor = h.1.chars().count();
                }
                KeyCode::Tab | KeyCode::BackTab => {
                    lab.editing = Some(Editing::Header {
                        index,
                        value: false,
                    });
                    lab.cursor = h.0.chars().count();
                }
                KeyCode::Enter | KeyCode::Esc => {
                    lab.editing = None;
                    if h.0.trim().is_empty() && h.1.trim().is_empty() {
                        lab.request.headers.remove(index);
                        lab.header_sel = lab.header_sel.saturating_sub(1);
                    }
                    lab.recheck_body();
                }
                _ => {
                    let field = if value { &mut h.1 } else { &mut h.0 };
                    if !value && key.code == KeyCode::Char(':') {
                        lab.editing = Some(Editing::Header { index, value: true });
                        lab.cursor = h.1.chars().count();
                    } else {
                        edit::edit_line(field, &mut lab.cursor, key);
                    }
                }
            }
        }
        Editing::Body => match key.code {
            KeyCode::Esc => lab.editing = None,
            KeyCode::Char('f') if ctrl => format_body(app),
            _ => {
                if edit::edit_text(&mut lab.body, &mut lab.cursor, key) {
                    lab.recheck_body();
                    follow_body(app);
                }
            }
        },
        Editing::Search => {
            let Some(v) = lab.viewer.as_mut() else {
                lab.editing = None;
                return;
            };
            match key.code {
                KeyCode::Esc => {
                    v.find = None;
                    lab.editing = None;
                }
                KeyCode::Enter => lab.editing = None,
                KeyCode::Backspace => {
                    let mut q = v.find.as_ref().map(|f| f.query.clone()).unwrap_or_default();
                    q.pop();
                    v.search(&q, height);
                    if q.is_empty() {
                        v.find = Some(Default::default());
                    }
                }
                KeyCode::Char(c) if !ctrl => {
                    let mut q = v.find.as_ref().map(|f| f.query.clone()).unwrap_or_default();
                    q.push(c);
                    v.search(&q, height);
                }
                _ => {}
            }
        }
    }
}

/// Keep the body cursor's line on screen.
pub(super) fn follow_body(app: &mut App) {
    let h = layout::body_height(app.viewport, &app.lab).max(1);
    let lab = &mut app.lab;
    let (line, _) = edit::line_col(&lab.body, lab.cursor);
    if line < lab.body_scroll {
        lab.body_scroll = line;
    } else if line >= lab.body_scroll + h {
        lab.body_scroll = line + 1 - h;
    }
}

/// An action on the Lab screen outside its fields (from the keymap's Lab rows).
pub fn on_action(app: &mut App, action: Action) {
    let height = viewer_height(app);
    let page = height.saturating_sub(1).max(1) as i64;
    let delta: i64 = match action {
        Action::Up => -1,
        Action::Down => 1,
        Action::PageUp => -page,
        Action::PageDown => page,
        Action::Top => i64::MIN / 2,
        Action::Bottom => i64::MAX / 2,
        Action::Open => return activate(app, height),
        Action::Back => {
            app.tab = crate::tui::app::Tab::Roadmap;
            return;
        }
        Action::Lab(cmd) => return command(app, cmd, height),
        _ => return,
    };
    scroll_focused(app, delta, height, false);
}

/// Enter: what it means in the focused pane.
fn activate(app: &mut App, height: usize) {
    match app.lab.focus {
        Focus::Url => {
            send(app);
        }
        Focus::Method => {
            app.lab.editing = Some(Editing::Method);
            app.lab.method_before = std::mem::take(&mut app.lab.request.method);
        }
        Focus::Headers | Focus::Body => {
            edit_focused(app);
        }
        Focus::Response => {
            if let Some(v) = app.lab.viewer.as_mut() {
                v.toggle(height);
            }
        }
        Focus::Side => match app.lab.side {
            SideTab::Live => {
                let sel = app.lab.live_sel;
                app.lab.show_exchange(sel);
                // Small screens show the exchange in place of the list; `v` then shows
                // its trace.
                if layout::compact(app.viewport) {
                    app.lab.focus = Focus::Response;
                    app.lab.side = SideTab::Trace;
                }
            }
            SideTab::History => recall(app),
            SideTab::Trace => {}
        },
    }
}

fn command(app: &mut App, cmd: LabCmd, height: usize) {
    let focus = app.lab.focus;
    match cmd {
        LabCmd::NextPane => {
            cycle_focus(app, true);
        }
        LabCmd::PrevPane => {
            cycle_focus(app, false);
        }
        LabCmd::Send => {
            send(app);
        }
        LabCmd::Edit => {
            edit_focused(app);
        }
        LabCmd::EditUrl => {
            app.lab.focus = Focus::Url;
            app.lab.editing = Some(Editing::Url);
            app.lab.cursor = app.lab.request.target.chars().count();
        }
        LabCmd::EditBody => {
            app.lab.focus = Focus::Body;
            app.lab.editing = Some(Editing::Body);
            app.lab.cursor = app.lab.body.len();
            follow_body(app);
        }
        LabCmd::NextMethod => {
            cycle_method(app, true);
        }
        LabCmd::PrevMethod => {
            cycle_method(app, false);
        }
        LabCmd::Left | LabCmd::Right => {
            let forward = cmd == LabCmd::Right;
            match (focus, app.lab.viewer.as_mut()) {
                (Focus::Side, _) => app.lab.side = next_side(app.lab.side, forward),
                (Focus::Method, _) => {
                    cycle_method(app, forward);
                }
                (Focus::Response, Some(v)) => v.scroll_sideways(if forward { 8 } else { -8 }),
                _ => {
                    app.message = Some(
                        "← → change the method on the method field, the panel's tab on the \
                         side panel, and scroll the response sideways."
                            .into(),
                    )
                }
            }
        }
        LabCmd::AddHeader => {
            add_header(app);
        }
        LabCmd::DeleteHeader => delete_header(app),
        LabCmd::FormatBody => format_body(app),
        LabCmd::Fold | LabCmd::FoldAll | LabCmd::UnfoldAll | LabCmd::NextHit | LabCmd::PrevHit => {
            let Some(v) = app.lab.viewer.as_mut() else {
                app.message = Some("Nothing to fold or find yet: send a request first.".into());
                return;
            };
            app.lab.focus = Focus::Response;
            let foldable = v
                .cursor_row()
                .is_some_and(|r| v.rows[r].close.is_some() || v.rows[r].parent.is_some());
            match cmd {
                LabCmd::Fold if !foldable => {
                    app.message = Some(
                        "Nothing to fold here: move to a { or [ line (↑ ↓), or - folds all.".into(),
                    )
                }
                LabCmd::Fold => v.toggle(height),
                LabCmd::FoldAll => v.collapse_all(),
                LabCmd::UnfoldAll => v.expand_all(),
                _ => v.next_hit(cmd == LabCmd::NextHit, height),
            }
        }
        LabCmd::Find => {
            if let Some(v) = app.lab.viewer.as_mut() {
                v.find = Some(Default::default());
                app.lab.focus = Focus::Response;
                app.lab.editing = Some(Editing::Search);
            } else {
                app.message = Some("Nothing to find in yet: send a request first.".into());
            }
        }
        LabCmd::Panel => {
            let lab = &mut app.lab;
            if lab.focus == Focus::Side {
                lab.side = next_side(lab.side, true);
            }
            lab.focus = Focus::Side;
        }
        LabCmd::Recall => {
            app.lab.focus = Focus::Side;
            app.lab.side = SideTab::History;
            recall(app);
        }
        LabCmd::CopyCurl => {
            copy_curl(app);
        }
        LabCmd::ResetLab => {
            reset(app);
        }
    }
}

/// `d`: delete the selected header.
fn delete_header(app: &mut App) {
    let lab = &mut app.lab;
    if lab.request.headers.is_empty() {
        app.message = Some("No header to delete: a adds one.".into());
        return;
    }
    lab.focus = Focus::Headers;
    let sel = lab.header_sel.min(lab.request.headers.len() - 1);
    let (k, _) = lab.request.headers.remove(sel);
    lab.header_sel = sel.min(lab.request.headers.len().saturating_sub(1));
    lab.recheck_body();
    app.message = Some(format!("Removed the {k} header."));
}

pub(super) fn next_side(side: SideTab, forward: bool) -> SideTab {
    let i = SideTab::ALL.iter().position(|s| *s == side).unwrap_or(0);
    let n = SideTab::ALL.len();
    SideTab::ALL[if forward {
        (i + 1) % n
    } else {
        (i + n - 1) % n
    }]
}

/// Move in the focused pane by `delta` rows (`wheel`: scroll the view, not the cursor).
pub(super) fn scroll_focused(app: &mut App, delta: i64, height: usize, wheel: bool) {
    let lab = &mut app.lab;
    let clamp = |v: usize, len: usize| -> usize {
        (v as i64 + delta).clamp(0, len.saturating_sub(1) as i64) as usize
    };
    match lab.focus {
        Focus::Method | Focus::Url => {
            if delta > 0 {
                lab.focus = Focus::Headers;
            }
        }
        Focus::Headers => {
            if delta < 0 && lab.header_sel == 0 {
                lab.focus = Focus::Url;
            } else {
                lab.header_sel = clamp(lab.header_sel, lab.request.headers.len());
            }
        }
        Focus::Body => {
            let lines = lab.body.lines().count();
            lab.body_scroll = clamp(lab.body_scroll, lines);
        }
        Focus::Response => {
            if let Some(v) = lab.viewer.as_mut() {
                if wheel {
                    v.scroll_by(delta, height);
                } else {
                    v.move_cursor(delta, height);
                }
            }
        }
        Focus::Side => match lab.side {
            SideTab::Trace => {
                let n = lab.trace.as_ref().map(|(_, t)| t.len()).unwrap_or(0);
                lab.trace_scroll = clamp(lab.trace_scroll, n * 2);
            }
            SideTab::Live => lab.live_sel = clamp(lab.live_sel, lab.live.len()),
            SideTab::History => lab.history_sel = clamp(lab.history_sel, lab.history.len()),
        },
    }
}

/// The mouse wheel: scroll the focused pane.
pub fn on_scroll(app: &mut App, lines: i32) {
    let height = viewer_height(app);
    scroll_focused(app, lines as i64, height, true);
}

/// A click on the Lab screen: focus the field or pane, select the row.
pub fn on_click(app: &mut App, x: u16, y: u16) {
    let areas = layout::areas(app.viewport, &app.lab);
    let inside =
        |r: ratatui::layout::Rect| x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height;
    let lab = &mut app.lab;
    lab.curl = None;
    if lab.editing == Some(Editing::Search) {
        lab.editing = None;
    }
    if inside(areas.method) {
        lab.editing = None;
        lab.focus = Focus::Method;
        cycle_method(app, true);
    } else if inside(areas.url) {
        lab.focus = Focus::Url;
        lab.editing = Some(Editing::Url);
        let col = x.saturating_sub(areas.url.x + 1) as usize;
        lab.cursor = col.min(lab.request.target.chars().count());
    } else if inside(areas.headers) {
        lab.editing = None;
        lab.focus = Focus::Headers;
        let row = y.saturating_sub(areas.headers.y + 1) as usize;
        if y > areas.headers.y {
            lab.header_sel = (layout::header_first(lab, areas.headers.height) + row)
                .min(lab.request.headers.len().saturating_sub(1));
        }
    } else if inside(areas.body) {
        lab.focus = Focus::Body;
        lab.editing = Some(Editing::Body);
        if y > areas.body.y {
            let line = lab.body_scroll + (y - areas.body.y - 1) as usize;
            let col = x.saturating_sub(areas.body.x + 1) as usize;
            lab.cursor = edit::offset_of(&lab.body, line, col);
        } else {
            lab.cursor = lab.body.len();
        }
    } else if let Some(r) = areas.response.filter(|r| inside(*r)) {
        lab.editing = None;
        lab.focus = Focus::Response;
        let height = r.height.saturating_sub(2) as usize;
        if let Some(v) = lab.viewer.as_mut()
            && y > r.y
            && y < r.y + r.height - 1
        {
            let pos = v.scroll + (y - r.y - 1) as usize;
            if pos < v.visible.len() {
                let was = v.cursor;
                v.cursor = pos;
                let opener = v.rows[v.visible[pos]].close.is_some();
                if opener && was == pos {
                    v.toggle(height);
                }
            }
        }
    } else if let Some(r) = areas.side.filter(|r| inside(*r)) {
        lab.editing = None;
        lab.focus = Focus::Side;
        if y == r.y {
            if let Some(tab) = layout::side_tab_at(lab, r, x) {
                lab.side = tab;
            }
            return;
        }
        let row = (y - r.y - 1) as usize;
        let rows = layout::list_rows(app.viewport, lab, r.height);
        if row >= rows {
            return;
        }
        let first = layout::list_first(lab, rows);
        match lab.side {
            SideTab::Live if first + row < lab.live.len() => {
                lab.live_sel = first + row;
                lab.show_exchange(first + row);
            }
            SideTab::History if first + row < lab.history.len() => {
                lab.history_sel = first + row;
            }
            _ => {}
        }
    }
}
