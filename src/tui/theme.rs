//! Every colour the TUI uses, in one place. With colour off (NO_COLOR, --no-color) only
//! modifiers remain, so selection and emphasis still show.

use ratatui::style::{Color, Modifier, Style};

/// The styles of the TUI.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    pub fn new(color: bool) -> Self {
        Self { color }
    }

    fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    pub fn base(&self) -> Style {
        Style::new()
    }
    pub fn dim(&self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }
    pub fn accent(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
    pub fn title(&self) -> Style {
        self.fg(Color::LightCyan).add_modifier(Modifier::BOLD)
    }
    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    pub fn done(&self) -> Style {
        self.fg(Color::Green)
    }
    pub fn started(&self) -> Style {
        self.fg(Color::Yellow)
    }
    pub fn next(&self) -> Style {
        self.fg(Color::LightMagenta).add_modifier(Modifier::BOLD)
    }
    /// Something that did not pass (a failed check, an unmet expectation).
    pub fn fail(&self) -> Style {
        self.fg(Color::LightRed).add_modifier(Modifier::BOLD)
    }
    pub fn warn(&self) -> Style {
        self.fg(Color::Yellow)
    }
    pub fn bar(&self) -> Style {
        if self.color {
            Style::new().bg(Color::Rgb(30, 34, 42)).fg(Color::Gray)
        } else {
            Style::new()
        }
    }
    pub fn tab_active(&self) -> Style {
        self.fg(Color::Black)
            .bg(if self.color {
                Color::Cyan
            } else {
                Color::Reset
            })
            .add_modifier(
                Modifier::BOLD
                    | if self.color {
                        Modifier::empty()
                    } else {
                        Modifier::REVERSED
                    },
            )
    }
    pub fn gauge_fill(&self) -> Style {
        self.fg(Color::Green)
    }
    pub fn gauge_empty(&self) -> Style {
        self.dim()
    }
    pub fn key(&self) -> Style {
        self.fg(Color::LightYellow).add_modifier(Modifier::BOLD)
    }

    /// A JSON object key (Lab viewer).
    pub fn json_key(&self) -> Style {
        self.fg(Color::LightBlue)
    }
    /// A JSON string.
    pub fn json_str(&self) -> Style {
        self.fg(Color::Green)
    }
    /// A JSON number.
    pub fn json_num(&self) -> Style {
        self.fg(Color::LightMagenta)
    }
    /// `true`, `false`, `null`.
    pub fn json_lit(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::ITALIC)
    }
    /// A search match.
    pub fn hit(&self) -> Style {
        if self.color {
            Style::new().bg(Color::Yellow).fg(Color::Black)
        } else {
            Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD)
        }
    }
    /// The cursor line of a viewer.
    pub fn cursor_line(&self) -> Style {
        if self.color {
            Style::new().bg(Color::Rgb(45, 50, 62))
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }
}
