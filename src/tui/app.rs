//! The TUI's state and `update`: actions change state and queue effects; nothing here blocks,
//! touches the terminal, or the database. The loop runs the effects against the store.

use super::action::{Action, KeyContext};
use super::exercises::{self, ExercisesScreen};
use super::lab::{self, LabScreen};
use super::lesson::LessonView;
use super::search::Search;
use super::ui::layout;
use super::worker::AppEvent;
use crate::course::Course;
use crate::exchange::RequestSpec;
use crate::progress::Snapshot;
use crate::store::now_ms;

/// The four screens of the tab bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Roadmap,
    Lab,
    Exercises,
    Progress,
    Sql,
}

impl Tab {
    pub const ALL: [Tab; 5] = [
        Tab::Roadmap,
        Tab::Lab,
        Tab::Exercises,
        Tab::Progress,
        Tab::Sql,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Tab::Roadmap => "Roadmap",
            Tab::Lab => "Lab",
            Tab::Exercises => "Exercises",
            Tab::Progress => "Progress",
            Tab::Sql => "SQL",
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
        /// The assertions that did not hold, for the class report.
        failed: Vec<String>,
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
    /// Run SQL (or build a dataset) off the UI thread; the answer comes back as
    /// `AppEvent::Sql`.
    Sql(super::sql::SqlJob),
    /// Keep (blank: forget) the command that starts the learner's server for an exercise.
    SaveRunCommand {
        exercise: String,
        command: String,
    },
    /// Watch the files under the working folder (changes come back as
    /// `AppEvent::FilesChanged`), or stop.
    WatchFiles(bool),
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
    /// A server exercise with the learner's server started by `command` (`{port}`: on a free
    /// port, else at `target`), checked, and stopped.
    Run {
        exercise: String,
        command: String,
        target: String,
    },
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
    /// First line of the welcome shown beside the roadmap on a first launch.
    pub welcome_scroll: usize,
    pub help: bool,
    /// The terminal size.
    pub viewport: (u16, u16),
    pub color: bool,
    /// A one-line message for the status bar.
    pub message: Option<String>,
    pub quit: bool,
    /// Ctrl-c was pressed once while typing; a second one quits.
    pub quit_asked: bool,
    /// Where the lab is (or would be).
    pub lab_url: String,
    /// Requests may leave this machine (`--allow-remote`); off by default.
    pub allow_remote: bool,
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
    /// The SQL screen.
    pub sql: super::sql::SqlScreen,
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
            welcome_scroll: 0,
            help: false,
            viewport,
            color,
            message: None,
            quit: false,
            quit_asked: false,
            lab_url: String::new(),
            allow_remote: false,
            seconds_studied: 0,
            search: None,
            focus_until: None,
            clock: now,
            lab: LabScreen::new(),
            exercises: ExercisesScreen::new(),
            sql: super::sql::SqlScreen::new(),
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

    /// Why `spec` may not be sent: its URL is absolute and off this machine, and
    /// `--allow-remote` was not given. `None` when it may go.
    pub fn remote_refusal(&self, spec: &RequestSpec) -> Option<String> {
        let target = spec.target.trim();
        if self.allow_remote || target.starts_with('/') {
            return None;
        }
        let host = remote_host(target)?;
        Some(format!(
            "Not sent: {host} is not on this machine, and the tutor only sends requests to \
             127.0.0.1, localhost or ::1. Start backroad with --allow-remote to send it anyway."
        ))
    }

    /// Queue a request to send; returns the id its answer will carry.
    pub fn send(&mut self, spec: RequestSpec) -> u64 {
        self.next_request_id += 1;
        let id = self.next_request_id;
        self.effects.push(Effect::Send { id, spec });
        id
    }

    /// Take in what background work reported, at the wall clock's time (see [`App::on_event_at`]).
    pub fn on_event(&mut self, event: AppEvent) {
        self.on_event_at(event, now_ms());
    }

    /// Take in what background work reported; `now` (ms since the epoch) is the time as far as
    /// the app knows.
    pub fn on_event_at(&mut self, event: AppEvent, now: i64) {
        self.clock = now;
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
                exercises::on_journal(self, &exchanges);
            }
            AppEvent::Sql(done) => super::sql::on_done(self, *done),
            AppEvent::Checked(report) => {
                exercises::on_checked(self, *report);
                exercises::run::after_check(self);
            }
            AppEvent::ServerLine { exercise, line } => {
                exercises::run::on_line(self, &exercise, line)
            }
            AppEvent::FilesChanged(paths) => exercises::run::on_files(self, &paths),
            AppEvent::CheckStep { exercise, step } => exercises::on_step(self, &exercise, *step),
            AppEvent::Notice(text) => {
                if !text.is_empty() {
                    self.message = Some(text);
                }
            }
        }
    }

    /// Keys go to a text field with something typed in it (Ctrl-c asks before quitting).
    pub fn typing(&self) -> bool {
        !self.help
            && match self.key_context() {
                KeyContext::LabEdit => self.lab.editing.is_some(),
                KeyContext::ExerciseEdit => true,
                KeyContext::Search => self.search.as_ref().is_some_and(|s| !s.query.is_empty()),
                _ => false,
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
            (Tab::Lab, _) if self.lab.editing.is_some() || self.lab.curl.is_some() => {
                KeyContext::LabEdit
            }
            (Tab::Lab, _) => KeyContext::Lab,
            (Tab::Exercises, _) => match &self.exercises.open {
                Some(v) if v.editing || v.run.editing => KeyContext::ExerciseEdit,
                Some(_) => KeyContext::Exercise,
                None => KeyContext::Exercises,
            },
            (Tab::Sql, _) => KeyContext::Sql,
            (Tab::Roadmap, Some(l)) if l.toc.is_some() => KeyContext::Toc,
            (Tab::Roadmap, Some(_)) => KeyContext::Lesson,
            (Tab::Roadmap, None) => KeyContext::Roadmap,
            _ => KeyContext::Other,
        }
    }

    /// Apply one action at the wall clock's time (see [`App::update_at`]).
    pub fn update(&mut self, action: Action) {
        self.update_at(action, now_ms());
    }

    /// Apply one action. `now` (ms since the epoch) is the time as far as `update` knows: it
    /// never reads the clock itself, so a test can drive focus blocks and study time.
    pub fn update_at(&mut self, action: Action, now: i64) {
        self.clock = now;
        if !matches!(action, Action::Tick | Action::Resize(..)) {
            self.note_activity();
            self.message = None;
            if action != Action::Quit {
                self.quit_asked = false;
            }
        }
        match action {
            // Ctrl-c while typing into a field asks first: the text is not lost by a slip.
            Action::Quit if self.typing() && !self.quit_asked => {
                self.quit_asked = true;
                self.message = Some(
                    "Quit with text in the field? Ctrl-c again quits (the Lab's request is kept \
                     for next time); any other key goes on typing."
                        .into(),
                );
            }
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
                if tab == Tab::Sql {
                    super::sql::on_show(self);
                }
            }
            Action::SqlKey(key) => {
                if let Some(next) = super::sql::on_key(self, key) {
                    self.update(next);
                }
            }
            Action::Click(x, y) => self.click(x, y),
            Action::Scroll(n) if self.tab == Tab::Exercises && !self.help => {
                exercises::on_scroll(self, n)
            }
            Action::Scroll(n) if self.tab == Tab::Lab && !self.help => lab::on_scroll(self, n),
            Action::LabKey(key) => {
                if let Some(next) = lab::on_key(self, key) {
                    self.update_at(next, now);
                }
            }
            Action::ExercisesKey(key) => {
                if let Some(next) = exercises::on_key(self, key) {
                    self.update_at(next, now);
                }
            }
            _ if self.help => {}
            _ => match (self.tab, self.lesson.is_some()) {
                (Tab::Roadmap, true) => self.update_lesson(action),
                (Tab::Roadmap, false) => self.update_roadmap(action),
                (Tab::Lab, _) => lab::on_action(self, action),
                (Tab::Exercises, _) => exercises::on_action(self, action),
                _ => {
                    if action == Action::Back {
                        self.tab = Tab::Roadmap;
                    }
                }
            },
        }
    }

    pub(crate) fn viewport_rect(&self) -> ratatui::layout::Rect {
        ratatui::layout::Rect::new(0, 0, self.viewport.0, self.viewport.1)
    }

    fn click(&mut self, x: u16, y: u16) {
        let area = self.viewport_rect();
        if let Some(tab) = layout::tab_at(area, x, y) {
            self.help = false;
            self.tab = tab;
            return;
        }
        if self.tab == Tab::Exercises && !self.help {
            return exercises::on_click(self, x, y);
        }
        if self.tab == Tab::Lab && !self.help {
            return lab::on_click(self, x, y);
        }
        if self.tab == Tab::Roadmap && self.lesson.is_none() && !self.help {
            let list = layout::roadmap_list(area);
            if let Some(i) = super::roadmap::view::lesson_at(self, list, y) {
                if i == self.selected {
                    self.open_lesson(i);
                } else {
                    self.selected = i;
                }
            }
        }
    }

    fn note_activity(&mut self) {
        let now = self.clock;
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

/// The host of an absolute http(s) URL when it is not loopback (127.0.0.0/8, ::1, localhost).
fn remote_host(target: &str) -> Option<String> {
    let rest = target
        .strip_prefix("http://")
        .or_else(|| target.strip_prefix("https://"))?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        v6.split(']').next().unwrap_or("")
    } else {
        host_port.split(':').next().unwrap_or("")
    };
    let loopback = match host.parse::<std::net::IpAddr>() {
        Ok(ip) => ip.is_loopback(),
        Err(_) => host.eq_ignore_ascii_case("localhost"),
    };
    (!loopback).then(|| host.to_string())
}
