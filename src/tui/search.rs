//! The search overlay: its state, its update, and the search over the course's lessons and
//! exercises. `/` opens it on every screen; drawn by `ui` over any screen.

use super::action::Action;
use super::app::App;
use crate::course::Course;

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHit {
    /// Position of the lesson in roadmap order (for an exercise: its lesson's, or 0).
    pub index: usize,
    /// An exercise hit: its index in `course.exercises`.
    pub exercise: Option<usize>,
    pub title: String,
    /// The matching line of the lesson (or its first objective for a title match), shortened.
    pub snippet: String,
}

/// The search overlay.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Search {
    pub query: String,
    pub hits: Vec<SearchHit>,
    pub selected: usize,
}

/// Lessons whose title or text contains `query`, and exercises whose id or title does
/// (case-insensitive): lesson titles first, then exercises, then lesson text.
pub fn search_course(course: &Course, query: &str) -> Vec<SearchHit> {
    const MAX_HITS: usize = 50;
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return Vec::new();
    }
    let mut title_hits = Vec::new();
    let mut text_hits = Vec::new();
    for (index, lesson) in course.lessons().enumerate() {
        if lesson.title.to_lowercase().contains(&q) {
            title_hits.push(SearchHit {
                index,
                exercise: None,
                title: lesson.title.clone(),
                snippet: lesson.objectives.first().cloned().unwrap_or_default(),
            });
        } else if let Some(line) = lesson.body.lines().find(|l| l.to_lowercase().contains(&q)) {
            text_hits.push(SearchHit {
                index,
                exercise: None,
                title: lesson.title.clone(),
                snippet: snippet(line, &q),
            });
        }
    }
    for (i, ex) in course.exercises.iter().enumerate() {
        if ex.id.to_lowercase().contains(&q) || ex.title.to_lowercase().contains(&q) {
            title_hits.push(SearchHit {
                index: 0,
                exercise: Some(i),
                title: ex.title.clone(),
                snippet: format!("exercise {} ({})", ex.id, ex.kind),
            });
        }
    }
    title_hits.extend(text_hits);
    title_hits.truncate(MAX_HITS);
    title_hits
}

/// Up to 70 characters of `line` around the first match of `q`.
fn snippet(line: &str, q: &str) -> String {
    let line = line.trim().trim_start_matches(['#', '>', '-', '*', ' ']);
    let chars: Vec<char> = line.chars().collect();
    let lower: Vec<char> = line.to_lowercase().chars().collect();
    let qc: Vec<char> = q.chars().collect();
    let at = if lower.len() == chars.len() {
        lower
            .windows(qc.len().max(1))
            .position(|w| w == qc.as_slice())
            .unwrap_or(0)
    } else {
        0
    };
    let start = at.saturating_sub(25);
    let end = (start + 70).min(chars.len());
    let mut s: String = chars[start..end].iter().collect();
    if start > 0 {
        s.insert(0, '…');
    }
    if end < chars.len() {
        s.push('…');
    }
    s
}

impl App {
    pub(crate) fn update_search(&mut self, action: Action) {
        let Some(search) = self.search.as_mut() else {
            return;
        };
        match action {
            Action::Back => self.search = None,
            Action::Char(c) => {
                search.query.push(c);
                search.hits = search_course(&self.course, &search.query);
                search.selected = 0;
            }
            Action::DeleteChar => {
                search.query.pop();
                search.hits = search_course(&self.course, &search.query);
                search.selected = 0;
            }
            Action::Up => search.selected = search.selected.saturating_sub(1),
            Action::Down => {
                search.selected = (search.selected + 1).min(search.hits.len().saturating_sub(1))
            }
            Action::Open => {
                let Some(hit) = search.hits.get(search.selected).cloned() else {
                    return;
                };
                let query = search.query.to_lowercase();
                self.search = None;
                if let Some(i) = hit.exercise {
                    self.help = false;
                    self.tab = super::app::Tab::Exercises;
                    super::exercises::open(self, i);
                    return;
                }
                self.tab = super::app::Tab::Roadmap;
                self.open_lesson(hit.index);
                if let Some(view) = self.lesson.as_mut() {
                    let line = view.rendered.text.lines.iter().position(|l| {
                        l.spans
                            .iter()
                            .map(|s| s.content.as_ref())
                            .collect::<String>()
                            .to_lowercase()
                            .contains(&query)
                    });
                    if let Some(line) = line {
                        view.scroll = line.saturating_sub(2);
                    }
                }
                self.message = Some(format!("Found in {}.", hit.title));
            }
            _ => {}
        }
    }
}
