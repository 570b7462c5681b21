//! The Roadmap screen: the course's phases and lessons with progress; Enter opens a lesson
//! (the Lesson screen, [`super::lesson`]). Its update is here, its drawing in [`view`].

pub mod view;

use super::action::Action;
use super::app::App;
use super::ui::layout;

impl App {
    pub(crate) fn update_roadmap(&mut self, action: Action) {
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
            Action::ScrollWelcome => {
                let Some((lines, height)) = view::welcome_size(self) else {
                    return;
                };
                self.welcome_scroll = if self.welcome_scroll + height >= lines {
                    0
                } else {
                    (self.welcome_scroll + height.saturating_sub(1).max(1))
                        .min(lines.saturating_sub(height))
                };
            }
            _ => {}
        }
    }
}
