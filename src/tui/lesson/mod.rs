//! The Lesson screen: a lesson being read, with its table of contents, its runnable requests
//! and the answer pane under the text. State and update here; drawing in [`view`].

pub mod view;

use super::action::Action;
use super::app::{App, Effect, Tab};
use super::ui::layout;
use crate::exchange::{Received, RequestSpec, SendError};
use crate::markdown::{self, RenderOptions, Rendered};
use crate::progress::LessonStatus;
use crate::store::LessonProgress;

/// The answer to a runnable request of a lesson, shown under the text.
#[derive(Debug, Clone)]
pub struct ResponsePane {
    pub id: u64,
    pub request: RequestSpec,
    /// `None` while waiting.
    pub result: Option<Result<Received, SendError>>,
    /// First visible line of the pane.
    pub scroll: usize,
    /// A ```` ```sql ```` block's result instead of an HTTP answer.
    pub sql: Option<crate::tui::sql::SqlPane>,
}

/// A lesson being read.
#[derive(Debug, Clone)]
pub struct LessonView {
    /// Position in roadmap order.
    pub index: usize,
    pub id: String,
    pub rendered: Rendered,
    /// The width it was rendered at.
    pub width: u16,
    /// First visible rendered line.
    pub scroll: usize,
    /// The table of contents, when open: the selected heading.
    pub toc: Option<usize>,
    /// The focused runnable request (index into `rendered.requests`).
    pub focus: Option<usize>,
    /// The answer to the last request sent from this lesson.
    pub pane: Option<ResponsePane>,
}

/// What the reader shows: the objectives, then the lesson body.
pub fn lesson_markdown(lesson: &crate::course::Lesson) -> String {
    let mut md = String::new();
    if lesson.coming {
        md.push_str(
            "> **Coming soon.** This lesson is an outline; the full lesson is being written.\n\n",
        );
    }
    if !lesson.objectives.is_empty() {
        md.push_str("> **After this lesson you can:**\n");
        for o in &lesson.objectives {
            md.push_str(&format!("> - {o}\n"));
        }
        md.push('\n');
    }
    md.push_str(&lesson.body);
    md
}

impl App {
    pub(crate) fn update_lesson(&mut self, action: Action) {
        let page = layout::lesson_body(
            self.viewport_rect(),
            self.toc_open(),
            self.pane_open(),
            self.lesson_header_rows(),
        )
        .height
        .max(1) as usize;
        let toc_closed = self.lesson.as_ref().is_some_and(|v| v.toc.is_none());
        match action {
            Action::NextBlock | Action::PrevBlock if toc_closed => {
                return self.move_block_focus(action == Action::NextBlock, page);
            }
            Action::Open
                if toc_closed && self.lesson.as_ref().is_some_and(|v| v.focus.is_some()) =>
            {
                return self.send_focused_block();
            }
            Action::OpenInLab if toc_closed => return self.open_focused_in_lab(),
            Action::LessonExercises => return self.open_lesson_exercises(),
            Action::Back if self.pane_open() => {
                if let Some(v) = self.lesson.as_mut() {
                    v.pane = None;
                }
                return self.rerender();
            }
            _ => {}
        }
        let Some(view) = self.lesson.as_mut() else {
            return;
        };
        let max_scroll = view.rendered.text.lines.len().saturating_sub(page);
        if let Some(sel) = view.toc {
            let n = view.rendered.headings.len();
            match action {
                Action::Up => view.toc = Some(sel.saturating_sub(1)),
                Action::Down => view.toc = Some((sel + 1).min(n.saturating_sub(1))),
                Action::Top => view.toc = Some(0),
                Action::Bottom => view.toc = Some(n.saturating_sub(1)),
                Action::Open => {
                    if let Some(h) = view.rendered.headings.get(sel) {
                        view.scroll = h.line.min(max_scroll);
                    }
                    view.toc = None;
                    self.rerender();
                }
                Action::ToggleToc | Action::Back => {
                    view.toc = None;
                    self.rerender();
                }
                Action::ToggleComplete => self.toggle_complete(),
                _ => {}
            }
            return;
        }
        match action {
            Action::Up => view.scroll = view.scroll.saturating_sub(1),
            Action::Down => view.scroll = (view.scroll + 1).min(max_scroll),
            Action::PageUp => {
                view.scroll = view.scroll.saturating_sub(page.saturating_sub(2).max(1))
            }
            Action::PageDown => {
                view.scroll = (view.scroll + page.saturating_sub(2).max(1)).min(max_scroll)
            }
            Action::Scroll(n) => {
                view.scroll = (view.scroll as i64 + n as i64).clamp(0, max_scroll as i64) as usize;
            }
            Action::Top => view.scroll = 0,
            Action::Bottom => view.scroll = max_scroll,
            Action::NextHeading => {
                if let Some(h) = view.rendered.headings.iter().find(|h| h.line > view.scroll) {
                    view.scroll = h.line.min(max_scroll);
                }
            }
            Action::PrevHeading => {
                if let Some(h) = view
                    .rendered
                    .headings
                    .iter()
                    .rev()
                    .find(|h| h.line < view.scroll)
                {
                    view.scroll = h.line;
                }
            }
            Action::ToggleToc => {
                if view.rendered.headings.is_empty() {
                    self.message = Some("This lesson has no sections.".into());
                } else {
                    let current = view
                        .rendered
                        .headings
                        .iter()
                        .rposition(|h| h.line <= view.scroll)
                        .unwrap_or(0);
                    view.toc = Some(current);
                    self.rerender();
                }
            }
            Action::ToggleComplete => self.toggle_complete(),
            Action::NextLesson => {
                let next = view.index + 1;
                if next < self.course.lessons().count() {
                    self.open_lesson(next);
                } else {
                    self.message = Some("That was the last lesson of the course.".into());
                }
            }
            Action::PrevLesson => {
                if view.index > 0 {
                    let prev = view.index - 1;
                    self.open_lesson(prev);
                } else {
                    self.message = Some("This is the first lesson.".into());
                }
            }
            Action::Back => {
                self.leave_lesson_effects();
                if let Some(v) = self.lesson.take() {
                    self.selected = v.index;
                }
            }
            _ => {}
        }
    }

    pub(crate) fn pane_open(&self) -> bool {
        self.lesson.as_ref().is_some_and(|l| l.pane.is_some())
    }

    /// Tab / Shift-Tab: focus the next (previous) runnable request and scroll it into view.
    pub(crate) fn move_block_focus(&mut self, forward: bool, page: usize) {
        let Some(view) = self.lesson.as_mut() else {
            return;
        };
        let n = view.rendered.requests.len();
        if n == 0 {
            self.message = Some("This lesson has no runnable requests.".into());
            return;
        }
        let next = match (view.focus, forward) {
            (None, true) => view
                .rendered
                .requests
                .iter()
                .position(|b| b.line >= view.scroll)
                .unwrap_or(0),
            (None, false) => view
                .rendered
                .requests
                .iter()
                .rposition(|b| b.line < view.scroll + page)
                .unwrap_or(n - 1),
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
        };
        view.focus = Some(next);
        let block = &view.rendered.requests[next];
        if block.line < view.scroll || block.line + block.height > view.scroll + page {
            view.scroll = block.line.saturating_sub(2);
        }
        self.message = Some(match &block.request {
            _ if block.sql.is_some() => {
                "Enter runs this query on a read-only copy of the dataset; o opens it in the SQL tab."
                    .into()
            }
            Ok(_) => "Enter sends this request to the lab; o opens it in the Lab composer.".into(),
            Err(e) => format!("This block cannot be sent: {e}"),
        });
    }

    pub(crate) fn focused_request(&mut self) -> Option<RequestSpec> {
        let view = self.lesson.as_ref()?;
        let block = view.rendered.requests.get(view.focus?)?;
        match &block.request {
            Ok(spec) => Some(spec.clone()),
            Err(e) => {
                self.message = Some(format!("This block cannot be sent: {e}"));
                None
            }
        }
    }

    /// The focused ```` ```sql ```` block's query, if a sql block is focused.
    fn focused_sql(&self) -> Option<crate::markdown::SqlQuery> {
        let view = self.lesson.as_ref()?;
        view.rendered.requests.get(view.focus?)?.sql.clone()
    }

    pub(crate) fn send_focused_block(&mut self) {
        if let Some(q) = self.focused_sql() {
            crate::tui::sql::run_lesson_block(self, q);
            return self.rerender();
        }
        let Some(spec) = self.focused_request() else {
            return;
        };
        // A request off this machine is not sent; the pane says why instead.
        let (id, result) = match self.remote_refusal(&spec) {
            Some(why) => {
                self.message = Some(why.clone());
                (0, Some(Err(SendError::Other(why))))
            }
            None => (self.send(spec.clone()), None),
        };
        if let Some(view) = self.lesson.as_mut() {
            view.pane = Some(ResponsePane {
                id,
                request: spec,
                result,
                scroll: 0,
                sql: None,
            });
        }
        self.rerender();
    }

    /// The exercises that belong to a lesson, as indexes into `course.exercises`.
    pub fn lesson_exercises(&self, lesson_id: &str) -> Vec<usize> {
        self.course
            .exercises
            .iter()
            .enumerate()
            .filter(|(_, e)| e.lesson.as_deref() == Some(lesson_id))
            .map(|(i, _)| i)
            .collect()
    }

    /// `x` in a lesson: open its first exercise not passed yet (or its first).
    pub(crate) fn open_lesson_exercises(&mut self) {
        let Some(view) = &self.lesson else {
            return;
        };
        let id = view.id.clone();
        if self.lesson_exercises(&id).is_empty() {
            self.message = Some("This lesson has no exercises yet; 3 lists them all.".into());
            return;
        }
        self.leave_lesson_effects();
        self.tab = Tab::Exercises;
        crate::tui::exercises::show_lesson(self, &id);
        self.message = Some(
            "This lesson's exercises: Enter opens one, n in an exercise goes to the next, \
             Esc shows every lesson's."
                .into(),
        );
    }

    pub(crate) fn open_focused_in_lab(&mut self) {
        if let Some(q) = self.focused_sql() {
            return crate::tui::sql::open_lesson_block(self, q);
        }
        let Some(spec) = self.focused_request() else {
            if self.message.is_none() {
                self.message = Some("Tab to a ▶ request first, then o opens it in the Lab.".into());
            }
            return;
        };
        self.lab.load(spec);
        self.tab = Tab::Lab;
    }

    /// The rows the open lesson's header takes at this width (it wraps, up to three).
    pub(crate) fn lesson_header_rows(&self) -> u16 {
        let Some(lesson) = self
            .lesson
            .as_ref()
            .and_then(|v| self.course.lessons().nth(v.index))
        else {
            return 1;
        };
        let width = view::header_line(self, lesson, &crate::tui::theme::Theme::new(false)).width();
        let w = (self.viewport.0 as usize).max(1);
        width.div_ceil(w).clamp(1, 3) as u16
    }

    pub(crate) fn toc_open(&self) -> bool {
        self.lesson.as_ref().is_some_and(|l| l.toc.is_some())
    }

    /// Open the lesson at roadmap position `index`.
    pub fn open_lesson(&mut self, index: usize) {
        let Some(lesson) = self.course.lessons().nth(index) else {
            return;
        };
        let id = lesson.id.clone();
        self.leave_lesson_effects();
        self.tab = Tab::Roadmap;
        self.selected = index;
        let scroll = self.snap.lessons.get(&id).map_or(0, |p| p.scroll as usize);
        let now = self.clock;
        self.snap
            .lessons
            .entry(id.clone())
            .and_modify(|p| p.last_opened = now)
            .or_insert_with(|| LessonProgress {
                lesson_id: id.clone(),
                first_opened: now,
                last_opened: now,
                scroll: 0,
                completed_at: None,
            });
        self.snap.last_lesson = Some(id.clone());
        self.push_effect(Effect::MarkOpened(id.clone()));
        self.lesson = Some(LessonView {
            index,
            id,
            rendered: Rendered::default(),
            width: 0,
            scroll,
            toc: None,
            focus: None,
            pane: None,
        });
        self.rerender();
        if let Some(v) = self.lesson.as_mut() {
            v.scroll = v.scroll.min(v.rendered.text.lines.len().saturating_sub(1));
        }
        self.message = None;
    }

    /// Render the open lesson for the current width (after opening, a resize, or the contents
    /// panel changing the width), keeping the reader at the same place.
    pub(crate) fn rerender(&mut self) {
        let body = layout::lesson_body(
            self.viewport_rect(),
            self.toc_open(),
            self.pane_open(),
            self.lesson_header_rows(),
        );
        let width = layout::text_width(body.width);
        let color = self.color;
        let Some(view) = self.lesson.as_mut() else {
            return;
        };
        if view.width == width && !view.rendered.text.lines.is_empty() {
            return;
        }
        let Some(lesson) = self.course.lessons().nth(view.index) else {
            return;
        };
        let old_len = view.rendered.text.lines.len();
        view.rendered = markdown::render(&lesson_markdown(lesson), &RenderOptions { width, color });
        if let Some(scroll) = (view.scroll * view.rendered.text.lines.len()).checked_div(old_len) {
            view.scroll = scroll;
        }
        view.width = width;
    }

    pub(crate) fn leave_lesson_effects(&mut self) {
        if let Some(v) = &self.lesson {
            let scroll = v.scroll as u32;
            if let Some(p) = self.snap.lessons.get_mut(&v.id) {
                p.scroll = scroll;
            }
            self.push_effect(Effect::SaveScroll(v.id.clone(), scroll));
        }
    }

    pub(crate) fn toggle_complete(&mut self) {
        let Some(view) = &self.lesson else {
            return;
        };
        let id = view.id.clone();
        let done = self.snap.status(&id) != LessonStatus::Done;
        if let Some(p) = self.snap.lessons.get_mut(&id) {
            p.completed_at = done.then_some(self.clock);
        }
        self.push_effect(Effect::SetCompleted(id, done));
        self.message = Some(if done {
            "Marked complete. n opens the next lesson.".into()
        } else {
            "Marked not complete.".into()
        });
    }
}
