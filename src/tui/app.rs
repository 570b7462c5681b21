//! The TUI's state and `update`: actions change state and queue effects; nothing here blocks,
//! touches the terminal, or the database. The loop runs the effects against the store.

use super::action::{Action, KeyContext};
use super::exercises_screen::{self, ExercisesScreen};
use super::lab::{self, LabScreen};
use super::ui::layout;
use super::worker::AppEvent;
use crate::course::Course;
use crate::exchange::{Received, RequestSpec, SendError};
use crate::markdown::{self, RenderOptions, Rendered};
use crate::progress::{LessonStatus, Snapshot};
use crate::store::{LessonProgress, now_ms};

/// The four screens of the tab bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Roadmap,
    Lab,
    Exercises,
    Progress,
}

impl Tab {
    pub const ALL: [Tab; 4] = [Tab::Roadmap, Tab::Lab, Tab::Exercises, Tab::Progress];

    pub fn title(self) -> &'static str {
        match self {
            Tab::Roadmap => "Roadmap",
            Tab::Lab => "Lab",
            Tab::Exercises => "Exercises",
            Tab::Progress => "Progress",
        }
    }
}

/// Something the loop must do outside `update` (write to the store).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    MarkOpened(String),
    SaveScroll(String, u32),
    SetCompleted(String, bool),
    /// Study time between two instants (ms).
    RecordStudy(i64, i64),
    /// Send a request (a path goes to the lab); the answer comes back as
    /// `AppEvent::Response { id }`.
    Send {
        id: u64,
        spec: RequestSpec,
    },
    /// Run a check in the background; the report comes back as `AppEvent::Checked`.
    Check(CheckRequest),
    /// Record an attempt at an exercise.
    RecordAttempt {
        exercise: String,
        passed: bool,
        summary: String,
    },
    /// Record that one more hint of an exercise was revealed.
    RevealHint {
        exercise: String,
        available: u32,
    },
    /// Record that an exercise was opened now (lab exercises look at the journal from then).
    MarkExerciseOpened(String),
    /// Put text on the clipboard (OSC 52, where the terminal supports it).
    Copy(String),
}

/// A check to run in the background.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckRequest {
    /// A lab exercise against the journal since `since_ms`.
    Lab { exercise: String, since_ms: i64 },
    /// A quiz answer.
    Quiz { exercise: String, answer: String },
    /// A server exercise fired at `target`.
    Server { exercise: String, target: String },
}

/// The answer to a runnable request of a lesson, shown under the text.
#[derive(Debug, Clone)]
pub struct ResponsePane {
    pub id: u64,
    pub request: RequestSpec,
    /// `None` while waiting.
    pub result: Option<Result<Received, SendError>>,
    /// First visible line of the pane.
    pub scroll: usize,
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

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHit {
    /// Position of the lesson in roadmap order.
    pub index: usize,
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

/// How long a focus block lasts.
pub const FOCUS_MS: i64 = 25 * 60 * 1000;

/// No input for this long ends a study stretch.
const IDLE_MS: i64 = 5 * 60 * 1000;

/// The whole state of the TUI.
#[derive(Debug)]
pub struct App {
    pub course: Course,
    pub snap: Snapshot,
    pub tab: Tab,
    /// The lesson open on the Roadmap tab, if any.
    pub lesson: Option<LessonView>,
    /// Selected lesson on the roadmap (roadmap order).
    pub selected: usize,
    pub help: bool,
    /// The terminal size.
    pub viewport: (u16, u16),
    pub color: bool,
    /// A one-line message for the status bar.
    pub message: Option<String>,
    pub quit: bool,
    /// Where the lab is (or would be).
    pub lab_url: String,
    /// Seconds studied before this run, plus what this run recorded.
    pub seconds_studied: i64,
    /// The search overlay, when open.
    pub search: Option<Search>,
    /// When the running focus block ends (ms), if one runs.
    pub focus_until: Option<i64>,
    /// The time as of the last action (ms); drawing reads it instead of the clock.
    pub clock: i64,
    /// The Lab screen.
    pub lab: LabScreen,
    /// The Exercises screen.
    pub exercises: ExercisesScreen,
    next_request_id: u64,
    effects: Vec<Effect>,
    stretch_start: i64,
    last_activity: i64,
}

impl App {
    /// A new app over a loaded course and the learner's progress. Opens the lesson the learner
    /// was last reading, at the line they left it, if there is one.
    pub fn new(course: Course, snap: Snapshot, viewport: (u16, u16), color: bool) -> Self {
        let now = now_ms();
        let selected = snap
            .next_lesson(&course)
            .and_then(|id| course.lesson_index(id))
            .unwrap_or(0);
        let resume = snap.last_lesson.clone();
        let mut app = App {
            course,
            snap,
            tab: Tab::Roadmap,
            lesson: None,
            selected,
            help: false,
            viewport,
            color,
            message: None,
            quit: false,
            lab_url: String::new(),
            seconds_studied: 0,
            search: None,
            focus_until: None,
            clock: now,
            lab: LabScreen::new(),
            exercises: ExercisesScreen::new(),
            next_request_id: 0,
            effects: Vec::new(),
            stretch_start: now,
            last_activity: now,
        };
        if let Some(i) = resume.and_then(|id| app.course.lesson_index(&id)) {
            app.open_lesson(i);
            app.message = Some(
                "Welcome back: you were reading this. Esc for the roadmap, ? for help.".into(),
            );
        } else {
            app.message =
                Some("Welcome! Enter opens the highlighted lesson, ? lists every key.".into());
        }
        app
    }

    /// Effects queued since the last call.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    /// Queue an effect (for the screens' own update code).
    pub fn push_effect(&mut self, effect: Effect) {
        self.effects.push(effect);
    }

    /// Queue a request to send; returns the id its answer will carry.
    pub fn send(&mut self, spec: RequestSpec) -> u64 {
        self.next_request_id += 1;
        let id = self.next_request_id;
        self.effects.push(Effect::Send { id, spec });
        id
    }

    /// Take in what background work reported.
    pub fn on_event(&mut self, event: AppEvent) {
        self.clock = now_ms();
        match event {
            AppEvent::Response { id, result } => {
                if let Some(pane) = self.lesson.as_mut().and_then(|v| v.pane.as_mut())
                    && pane.id == id
                {
                    pane.result = Some(result);
                    pane.scroll = 0;
                    return;
                }
                self.lab.on_response(id, &result);
                if let Some(notice) = self.lab.take_notice() {
                    self.message = Some(notice);
                }
            }
            AppEvent::Journal(exchanges) => {
                self.lab.on_journal(&exchanges);
                exercises_screen::on_journal(self, &exchanges);
            }
            AppEvent::Checked(report) => exercises_screen::on_checked(self, *report),
            AppEvent::CheckStep { exercise, step } => {
                exercises_screen::on_step(self, &exercise, *step)
            }
            AppEvent::Notice(text) => {
                if !text.is_empty() {
                    self.message = Some(text);
                }
            }
        }
    }

    /// Where keys are read right now.
    pub fn key_context(&self) -> KeyContext {
        if self.help {
            return KeyContext::Help;
        }
        self.base_context()
    }

    /// Where keys would be read with the help overlay closed (the help lists these keys).
    pub fn base_context(&self) -> KeyContext {
        if self.search.is_some() {
            return KeyContext::Search;
        }
        match (self.tab, &self.lesson) {
            (Tab::Lab, _) => KeyContext::Lab,
            (Tab::Exercises, _) => KeyContext::Exercises,
            (Tab::Roadmap, Some(l)) if l.toc.is_some() => KeyContext::Toc,
            (Tab::Roadmap, Some(_)) => KeyContext::Lesson,
            (Tab::Roadmap, None) => KeyContext::Roadmap,
            _ => KeyContext::Other,
        }
    }

    /// Apply one action.
    pub fn update(&mut self, action: Action) {
        self.clock = now_ms();
        if !matches!(action, Action::Tick | Action::Resize(..)) {
            self.note_activity();
            self.message = None;
        }
        match action {
            Action::Quit => {
                self.leave_lesson_effects();
                self.flush_study(true);
                self.quit = true;
            }
            Action::ToggleHelp => self.help = !self.help,
            Action::Tick => {
                self.flush_study(false);
                if self.focus_until.is_some_and(|t| self.clock >= t) {
                    self.focus_until = None;
                    self.message =
                        Some("25 minutes of focus done. Stand up, stretch, take five.".into());
                }
            }
            Action::ToggleFocus if self.search.is_none() => {
                self.focus_until = match self.focus_until {
                    Some(_) => {
                        self.message = Some("Focus timer stopped.".into());
                        None
                    }
                    None => {
                        self.message = Some("Focus timer started: 25 minutes. t stops it.".into());
                        Some(self.clock + FOCUS_MS)
                    }
                };
            }
            Action::Search if self.search.is_none() => {
                self.help = false;
                self.search = Some(Search::default());
            }
            _ if self.search.is_some() => self.update_search(action),
            Action::Resize(w, h) => {
                self.viewport = (w, h);
                self.rerender();
            }
            Action::ShowTab(tab) => {
                self.help = false;
                self.tab = tab;
            }
            Action::Click(x, y) => self.click(x, y),
            Action::Scroll(n) if self.tab == Tab::Exercises && !self.help => {
                exercises_screen::on_scroll(self, n)
            }
            Action::Scroll(n) if self.tab == Tab::Lab && !self.help => lab::on_scroll(self, n),
            Action::LabKey(key) => {
                if let Some(next) = lab::on_key(self, key) {
                    self.update(next);
                }
            }
            Action::ExercisesKey(key) => {
                if let Some(next) = exercises_screen::on_key(self, key) {
                    self.update(next);
                }
            }
            _ if self.help => {}
            _ => match (self.tab, self.lesson.is_some()) {
                (Tab::Roadmap, true) => self.update_lesson(action),
                (Tab::Roadmap, false) => self.update_roadmap(action),
                _ => {
                    if action == Action::Back {
                        self.tab = Tab::Roadmap;
                    }
                }
            },
        }
    }

    fn update_search(&mut self, action: Action) {
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

    fn update_roadmap(&mut self, action: Action) {
        let last = self.course.lessons().count().saturating_sub(1);
        let page = layout::page_height(self.viewport);
        match action {
            Action::Up | Action::PrevLesson => self.selected = self.selected.saturating_sub(1),
            Action::Down | Action::NextLesson => self.selected = (self.selected + 1).min(last),
            Action::PageUp => self.selected = self.selected.saturating_sub(page),
            Action::PageDown => self.selected = (self.selected + page).min(last),
            Action::Scroll(n) => {
                self.selected = (self.selected as i64 + n as i64).clamp(0, last as i64) as usize;
            }
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = last,
            Action::Open => self.open_lesson(self.selected),
            _ => {}
        }
    }

    fn update_lesson(&mut self, action: Action) {
        let page = layout::lesson_body(self.viewport_rect(), self.toc_open(), self.pane_open())
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

    fn pane_open(&self) -> bool {
        self.lesson.as_ref().is_some_and(|l| l.pane.is_some())
    }

    /// Tab / Shift-Tab: focus the next (previous) runnable request and scroll it into view.
    fn move_block_focus(&mut self, forward: bool, page: usize) {
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
            Ok(_) => "Enter sends this request to the lab; o opens it in the Lab composer.".into(),
            Err(e) => format!("This block cannot be sent: {e}"),
        });
    }

    fn focused_request(&mut self) -> Option<RequestSpec> {
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

    fn send_focused_block(&mut self) {
        let Some(spec) = self.focused_request() else {
            return;
        };
        let id = self.send(spec.clone());
        if let Some(view) = self.lesson.as_mut() {
            view.pane = Some(ResponsePane {
                id,
                request: spec,
                result: None,
                scroll: 0,
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
    fn open_lesson_exercises(&mut self) {
        let Some(view) = &self.lesson else {
            return;
        };
        let found = self.lesson_exercises(&view.id);
        let Some(&first) = found.first() else {
            self.message = Some("This lesson has no exercises yet; 3 lists them all.".into());
            return;
        };
        let pick = found
            .iter()
            .copied()
            .find(|&i| !self.snap.passed.contains(&self.course.exercises[i].id))
            .unwrap_or(first);
        self.leave_lesson_effects();
        self.tab = Tab::Exercises;
        exercises_screen::open(self, pick);
    }

    fn open_focused_in_lab(&mut self) {
        let Some(spec) = self.focused_request() else {
            if self.message.is_none() {
                self.message = Some("Tab to a ▶ request first, then o opens it in the Lab.".into());
            }
            return;
        };
        self.lab.load(spec);
        self.tab = Tab::Lab;
    }

    fn toc_open(&self) -> bool {
        self.lesson.as_ref().is_some_and(|l| l.toc.is_some())
    }

    fn viewport_rect(&self) -> ratatui::layout::Rect {
        ratatui::layout::Rect::new(0, 0, self.viewport.0, self.viewport.1)
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
        let now = now_ms();
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
        self.effects.push(Effect::MarkOpened(id.clone()));
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
    fn rerender(&mut self) {
        let body = layout::lesson_body(self.viewport_rect(), self.toc_open(), self.pane_open());
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

    fn leave_lesson_effects(&mut self) {
        if let Some(v) = &self.lesson {
            let scroll = v.scroll as u32;
            if let Some(p) = self.snap.lessons.get_mut(&v.id) {
                p.scroll = scroll;
            }
            self.effects.push(Effect::SaveScroll(v.id.clone(), scroll));
        }
    }

    fn toggle_complete(&mut self) {
        let Some(view) = &self.lesson else {
            return;
        };
        let id = view.id.clone();
        let done = self.snap.status(&id) != LessonStatus::Done;
        if let Some(p) = self.snap.lessons.get_mut(&id) {
            p.completed_at = done.then(now_ms);
        }
        self.effects.push(Effect::SetCompleted(id, done));
        self.message = Some(if done {
            "Marked complete. n opens the next lesson.".into()
        } else {
            "Marked not complete.".into()
        });
    }

    fn click(&mut self, x: u16, y: u16) {
        let area = self.viewport_rect();
        if let Some(tab) = layout::tab_at(area, x, y) {
            self.help = false;
            self.tab = tab;
            return;
        }
        if self.tab == Tab::Exercises && !self.help {
            return exercises_screen::on_click(self, x, y);
        }
        if self.tab == Tab::Lab && !self.help {
            return lab::on_click(self, x, y);
        }
        if self.tab == Tab::Roadmap && self.lesson.is_none() && !self.help {
            let list = layout::roadmap_list(area);
            if let Some(i) = super::ui::roadmap::lesson_at(self, list, y) {
                if i == self.selected {
                    self.open_lesson(i);
                } else {
                    self.selected = i;
                }
            }
        }
    }

    fn note_activity(&mut self) {
        let now = now_ms();
        if now - self.last_activity > IDLE_MS {
            self.flush_study(true);
            self.stretch_start = now;
        }
        self.last_activity = now;
    }

    /// Queue the study time since the last flush (only once a minute unless `force`).
    fn flush_study(&mut self, force: bool) {
        let end = self.last_activity;
        if end <= self.stretch_start || (!force && end - self.stretch_start < 60_000) {
            return;
        }
        self.effects
            .push(Effect::RecordStudy(self.stretch_start, end));
        self.seconds_studied += (end - self.stretch_start) / 1000;
        self.stretch_start = end;
    }
}

/// Lessons whose title or text contains `query` (case-insensitive): title matches first.
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
                title: lesson.title.clone(),
                snippet: lesson.objectives.first().cloned().unwrap_or_default(),
            });
        } else if let Some(line) = lesson.body.lines().find(|l| l.to_lowercase().contains(&q)) {
            text_hits.push(SearchHit {
                index,
                title: lesson.title.clone(),
                snippet: snippet(line, &q),
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
