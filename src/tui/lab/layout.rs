//! Where the Lab screen's parts go, as a pure function of the viewport and the screen state.
//! Compact below 100×28 (composer on top, then the response or the side panel when it has the
//! focus), roomy above (the side panel on the right). Drawing, clicks and page sizes all read
//! these areas, so a drawing change cannot move a click target.

use super::{Focus, LabScreen, Shown, SideTab};
use crate::tui::ui::layout::main_areas;
use ratatui::layout::{Constraint, Layout, Rect};

/// Below this the Lab screen uses the compact layout.
pub(super) const ROOMY_WIDTH: u16 = 100;
pub(super) const ROOMY_HEIGHT: u16 = 28;
/// Width of the method box.
pub(super) const METHOD_WIDTH: u16 = 9;

/// Where the parts of the Lab screen are.
#[derive(Debug, Clone, Copy, Default)]
pub struct LabAreas {
    /// The address line.
    pub header: Rect,
    pub method: Rect,
    pub url: Rect,
    /// Title row, then one row per header.
    pub headers: Rect,
    /// Title row, then the body lines.
    pub body: Rect,
    /// The response viewer (bordered), when shown.
    pub response: Option<Rect>,
    /// The side panel (bordered, its tabs in the top border), when shown.
    pub side: Option<Rect>,
}

/// Whether a terminal this size gets the compact layout.
pub fn compact(viewport: (u16, u16)) -> bool {
    viewport.0 < ROOMY_WIDTH || viewport.1 < ROOMY_HEIGHT
}

/// The areas for a terminal of `viewport` size.
pub fn areas(viewport: (u16, u16), lab: &LabScreen) -> LabAreas {
    let [_, body, _] = main_areas(Rect::new(0, 0, viewport.0, viewport.1));
    let small = compact(viewport);
    let (left, right) = if small {
        (body, None)
    } else {
        let [l, r] =
            Layout::horizontal([Constraint::Fill(1), Constraint::Percentage(40)]).areas(body);
        (l, Some(r))
    };
    let header_rows = lab
        .request
        .headers
        .len()
        .clamp(1, if small { 2 } else { 4 }) as u16;
    let body_rows = match (small, body.height) {
        (true, _) => 3,
        (false, h) if h >= 36 => 8,
        _ => 5,
    };
    let [header, line, headers, body_area, lower] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1 + header_rows),
        Constraint::Length(1 + body_rows),
        Constraint::Fill(1),
    ])
    .areas(left);
    let [method, url] =
        Layout::horizontal([Constraint::Length(METHOD_WIDTH), Constraint::Fill(1)]).areas(line);
    let (response, side) = match right {
        Some(r) => (Some(lower), Some(r)),
        None if lab.focus == Focus::Side => (None, Some(lower)),
        None => (Some(lower), None),
    };
    LabAreas {
        header,
        method,
        url,
        headers,
        body: body_area,
        response,
        side,
    }
}

/// Rows the response viewer shows.
pub fn viewer_height(viewport: (u16, u16), lab: &LabScreen) -> usize {
    let a = areas(viewport, lab);
    a.response
        .or(a.side)
        .map_or(1, |r| r.height.saturating_sub(2)) as usize
}

/// Body lines the composer shows.
pub fn body_height(viewport: (u16, u16), lab: &LabScreen) -> usize {
    areas(viewport, lab).body.height.saturating_sub(1) as usize
}

/// The first header row shown in a headers area `height` tall.
pub fn header_first(lab: &LabScreen, height: u16) -> usize {
    let rows = height.saturating_sub(1).max(1) as usize;
    lab.header_sel.saturating_sub(rows - 1)
}

/// The list rows of a side panel `height` tall: on a roomy screen the live list shares the
/// panel with the trace of the exchange picked in it.
pub fn list_rows(viewport: (u16, u16), lab: &LabScreen, height: u16) -> usize {
    let rows = height.saturating_sub(2).max(1) as usize;
    if live_split(viewport, lab) {
        rows.div_ceil(2).min(lab.live.len().max(3))
    } else {
        rows
    }
}

/// Whether the live list shows the picked exchange's trace under it.
pub fn live_split(viewport: (u16, u16), lab: &LabScreen) -> bool {
    !compact(viewport) && lab.side == SideTab::Live && matches!(lab.shown, Some(Shown::Exchange(_)))
}

/// The first list row shown when `rows` rows show.
pub fn list_first(lab: &LabScreen, rows: usize) -> usize {
    let sel = match lab.side {
        SideTab::Live => lab.live_sel,
        SideTab::History => lab.history_sel,
        SideTab::Trace => 0,
    };
    sel.saturating_sub(rows.max(1) - 1)
}

/// The side panel's tab labels and their x ranges.
pub(super) fn side_labels(lab: &LabScreen, area: Rect) -> Vec<(SideTab, String, u16, u16)> {
    let mut x = area.x + 1;
    SideTab::ALL
        .iter()
        .map(|t| {
            let label = match t {
                SideTab::Trace => " Trace ".to_string(),
                SideTab::Live => format!(" Live {} ", lab.live.len()),
                SideTab::History => format!(" History {} ", lab.history.len()),
            };
            let w = label.chars().count() as u16;
            let out = (*t, label, x, x + w);
            x += w + 1;
            out
        })
        .collect()
}

/// The side tab under a click on the panel's top border.
pub fn side_tab_at(lab: &LabScreen, area: Rect, x: u16) -> Option<SideTab> {
    side_labels(lab, area)
        .into_iter()
        .find(|(_, _, a, b)| (*a..*b).contains(&x))
        .map(|(t, ..)| t)
}
