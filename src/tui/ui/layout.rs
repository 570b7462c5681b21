//! Where things go on screen. `update` (page sizes, clicks) and `draw` both use these, so what
//! the learner clicks is what was drawn.

use crate::tui::app::Tab;
use ratatui::layout::{Constraint, Layout, Rect};

/// Below this the app shows a "too small" note instead of the screens.
pub const MIN_WIDTH: u16 = 30;
pub const MIN_HEIGHT: u16 = 8;
/// Lessons are wrapped at most this wide: long lines are hard to read.
pub const MAX_TEXT_WIDTH: u16 = 100;
const TOC_WIDTH: u16 = 32;
const DETAIL_WIDTH: u16 = 36;

pub fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

/// Tab bar, body, status bar.
pub fn main_areas(area: Rect) -> [Rect; 3] {
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area)
}

/// The product name shown left of the tabs.
pub const BRAND: &str = " backroad ";

/// Each tab's label and its x range on the tab bar.
pub fn tab_spans(area: Rect) -> Vec<(Tab, String, u16, u16)> {
    let mut x = area.x + BRAND.len() as u16 + 1;
    Tab::ALL
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let label = format!(" {} {} ", i + 1, t.title());
            let w = label.chars().count() as u16;
            let span = (*t, label, x, x + w);
            x += w + 1;
            span
        })
        .collect()
}

/// The tab under a click, if any.
pub fn tab_at(area: Rect, x: u16, y: u16) -> Option<Tab> {
    if too_small(area) || y != area.y {
        return None;
    }
    tab_spans(area)
        .into_iter()
        .find(|(_, _, a, b)| (*a..*b).contains(&x))
        .map(|(t, ..)| t)
}

/// The roadmap list and the detail pane beside it (none when narrow).
pub fn roadmap_areas(area: Rect) -> (Rect, Option<Rect>) {
    let [_, body, _] = main_areas(area);
    if body.width >= 72 {
        let [list, detail] =
            Layout::horizontal([Constraint::Fill(1), Constraint::Length(DETAIL_WIDTH)]).areas(body);
        (list, Some(detail))
    } else {
        (body, None)
    }
}

/// The roadmap list area.
pub fn roadmap_list(area: Rect) -> Rect {
    roadmap_areas(area).0
}

/// Rows a page-move jumps on the roadmap.
pub fn page_height(viewport: (u16, u16)) -> usize {
    (viewport.1.saturating_sub(4) as usize).max(1)
}

/// The lesson screen: header (`header_rows` lines: it wraps), body, footer line, and the contents panel when open and
/// wide enough to sit beside the text (else it overlays the body).
pub struct LessonAreas {
    pub header: Rect,
    pub body: Rect,
    pub footer: Rect,
    pub toc: Option<Rect>,
    /// The response pane under the text, when a request was sent from the lesson.
    pub pane: Option<Rect>,
}

pub fn lesson_areas(area: Rect, toc_open: bool, pane_open: bool, header_rows: u16) -> LessonAreas {
    let [_, main, _] = main_areas(area);
    let [header, rest, footer] = Layout::vertical([
        Constraint::Length(header_rows.max(1)),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(main);
    let (rest, pane) = if pane_open {
        let [t, p] =
            Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(rest);
        (t, Some(p))
    } else {
        (rest, None)
    };
    let (text, toc) = if toc_open && rest.width >= 80 {
        let [t, c] =
            Layout::horizontal([Constraint::Fill(1), Constraint::Length(TOC_WIDTH)]).areas(rest);
        (t, Some(c))
    } else if toc_open {
        (rest, Some(rest))
    } else {
        (rest, None)
    };
    // One column of margin on each side, then centred at a readable width.
    let inner = Rect {
        x: text.x.saturating_add(1),
        width: text.width.saturating_sub(2),
        ..text
    };
    let w = text_width(inner.width).min(inner.width);
    let body = Rect {
        x: inner.x + inner.width.saturating_sub(w) / 2,
        width: w,
        ..inner
    };
    LessonAreas {
        header,
        body,
        footer,
        toc,
        pane,
    }
}

/// The lesson text area.
pub fn lesson_body(area: Rect, toc_open: bool, pane_open: bool, header_rows: u16) -> Rect {
    lesson_areas(area, toc_open, pane_open, header_rows).body
}

/// The width lessons are wrapped at for a body this wide.
pub fn text_width(body_width: u16) -> u16 {
    body_width.clamp(1, MAX_TEXT_WIDTH)
}

/// A centred rectangle for overlays.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect {
        x: area.x + area.width.saturating_sub(w) / 2,
        y: area.y + area.height.saturating_sub(h) / 2,
        width: w,
        height: h,
    }
}
