//! The review queue in the tutor: the "due today" panel of the Progress screen, the short line
//! on the Roadmap, and the in-memory reschedule after a check (the runner writes the same card
//! to the store). The rules are [`crate::review`]'s.

use crate::review::{self, Outcome};
use crate::store::Card;
use crate::tui::app::App;
use crate::tui::theme::Theme;
use ratatui::text::{Line, Span};

/// The cards of this course due today, oldest first.
fn due_today(app: &App) -> Vec<&Card> {
    review::due_in(&app.snap.cards, &app.course, app.clock)
}

/// Reschedule the exercise's card in the snapshot after a check (before its stats count it).
pub fn reschedule(app: &mut App, id: &str, passed: bool) {
    let pack = app.course.id.clone();
    let at = app
        .snap
        .cards
        .iter()
        .position(|c| c.pack == pack && c.exercise_id == id);
    let outcome = Outcome {
        passed,
        hints: app.snap.hints.get(id).copied().unwrap_or(0),
        failed_before: app
            .snap
            .stats
            .iter()
            .any(|s| s.exercise_id == id && s.attempts > 0 && !s.passed),
    };
    let card = at.map(|i| &app.snap.cards[i]);
    if let Some(next) = review::apply(card, &pack, id, outcome, app.clock) {
        match at {
            Some(i) => app.snap.cards[i] = next,
            None => app.snap.cards.push(next),
        }
    }
}

/// The Progress screen's panel: what is due today, or when the next review is. Nothing before
/// the first pass.
pub fn panel<'a>(app: &App, theme: &Theme, width: usize) -> Vec<Line<'a>> {
    let pack = app.course.id.clone();
    let mine: Vec<&Card> = app.snap.cards.iter().filter(|c| c.pack == pack).collect();
    if mine.is_empty() {
        return Vec::new();
    }
    let due = due_today(app);
    let mut lines = vec![
        Line::default(),
        Line::from(Span::styled(
            format!(" Due for review today: {}", due.len()),
            theme.accent(),
        )),
    ];
    if due.is_empty() {
        let next = mine.iter().map(|c| c.due).min().unwrap_or(app.clock);
        let days = review::day_of(next) - review::day_of(app.clock);
        lines.push(Line::from(Span::styled(
            format!(
                "   nothing; the next comes back in {days} day{}",
                if days == 1 { "" } else { "s" }
            ),
            theme.dim(),
        )));
        return lines;
    }
    let id_w = width.saturating_sub(4).max(8);
    for c in due.iter().take(5) {
        let id: String = c.exercise_id.chars().take(id_w).collect();
        lines.push(Line::from(vec![
            Span::styled("   ↻ ", theme.warn()),
            Span::raw(id),
        ]));
    }
    if due.len() > 5 {
        lines.push(Line::from(Span::styled(
            format!("   and {} more", due.len() - 5),
            theme.dim(),
        )));
    }
    lines.push(Line::from(Span::styled(
        "   check them again (or run `backroad review`)",
        theme.dim(),
    )));
    lines
}

/// The Roadmap's short line, when anything is due today.
pub fn roadmap_line<'a>(app: &App, theme: &Theme) -> Option<Line<'a>> {
    let n = due_today(app).len();
    (n > 0).then(|| {
        Line::from(Span::styled(
            format!(
                "↻ {n} exercise{} due for review today (Progress tab, or `backroad review`)",
                if n == 1 { "" } else { "s" }
            ),
            theme.warn(),
        ))
    })
}
