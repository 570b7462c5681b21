//! The walk over pulldown-cmark's events that lays out blocks, line by line: prose, headings,
//! lists, quotes and tables here; fenced code blocks in [`code`].

mod code;

use super::table::{self, Table};
use super::wrap::{Piece, push_span, spans_width, width, wrap};
use super::{Heading, HttpBlock, Rendered, palette as p};
use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
};
use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};
use std::ops::Range;

/// What the output may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Flavor {
    /// Colours, modifiers, box drawing.
    Color,
    /// The same symbols without colour or modifiers (NO_COLOR); ASCII tables.
    NoColor,
    /// Linear ASCII text with words for structure, for screen readers and pipes.
    Plain,
}

/// The symbols one flavor draws structure with.
struct Glyphs {
    bullets: [&'static str; 2],
    quote: &'static str,
    gutter: &'static str,
    /// The gutter of a code line's continuation, when a line longer than the width is split
    /// (`None`: code lines are never split, as in plain text, where they stay copyable).
    gutter_more: Option<&'static str>,
    /// Underlines for H1 and H2 (repeated over the title's width).
    heading_rules: [&'static str; 2],
    table: &'static table::Borders,
}

const UNICODE: Glyphs = Glyphs {
    bullets: ["• ", "◦ "],
    quote: "│ ",
    gutter: "│ ",
    gutter_more: Some("┆ "),
    heading_rules: ["━", "─"],
    table: &table::BOX,
};

const NO_COLOR: Glyphs = Glyphs {
    table: &table::ASCII,
    ..UNICODE
};

const ASCII: Glyphs = Glyphs {
    bullets: ["- ", "- "],
    quote: "> ",
    gutter: "    ",
    gutter_more: None,
    heading_rules: ["=", "-"],
    table: &table::ASCII,
};

/// Render `md` at `width` columns.
pub(super) fn run(md: &str, width: u16, flavor: Flavor) -> Rendered {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_GFM;
    let mut r = Renderer {
        source: md,
        width: usize::from(width).max(1),
        flavor,
        glyphs: match flavor {
            Flavor::Color => &UNICODE,
            Flavor::NoColor => &NO_COLOR,
            Flavor::Plain => &ASCII,
        },
        lines: Vec::new(),
        headings: Vec::new(),
        requests: Vec::new(),
        containers: Vec::new(),
        lists: Vec::new(),
        inline: Vec::new(),
        styles: Vec::new(),
        links: Vec::new(),
        images: Vec::new(),
        code: None,
        table: None,
        in_heading: false,
        need_blank: false,
    };
    for (event, range) in Parser::new_ext(md, options).into_offset_iter() {
        r.event(event, range);
    }
    r.flush_inline(false);
    let mut lines = r.lines;
    if flavor != Flavor::Color {
        lines = lines.into_iter().map(unstyle).collect();
    }
    Rendered {
        text: Text::from(lines),
        headings: r.headings,
        requests: r.requests,
    }
}

fn unstyle(line: Line<'static>) -> Line<'static> {
    let mut spans = Vec::new();
    for span in line.spans {
        push_span(&mut spans, &span.content, Style::new());
    }
    Line::from(spans)
}

/// A block that prefixes every line inside it.
enum Container {
    Quote,
    /// A list item or footnote: its marker on the first line, spaces after.
    Item {
        marker: String,
        pending: bool,
    },
}

struct Code {
    lang: Option<String>,
    /// The word after the language on the fence (```` ```sql shop ````).
    arg: Option<String>,
    text: String,
    source_line: usize,
}

struct Renderer<'s> {
    source: &'s str,
    width: usize,
    flavor: Flavor,
    glyphs: &'static Glyphs,
    lines: Vec<Line<'static>>,
    headings: Vec<Heading>,
    requests: Vec<HttpBlock>,
    containers: Vec<Container>,
    /// Open lists: the next number of an ordered one.
    lists: Vec<Option<u64>>,
    /// Inline content of the paragraph (heading, item, cell) being read.
    inline: Vec<Piece>,
    styles: Vec<Style>,
    /// Open links: destination, and where their text starts in `inline`.
    links: Vec<(String, usize)>,
    /// Open images: where their alt text starts in `inline`.
    images: Vec<usize>,
    code: Option<Code>,
    table: Option<Table>,
    /// Inside a heading, links show only their text (the title goes in the table of contents).
    in_heading: bool,
    /// A block ended; the next one starts after a blank line.
    need_blank: bool,
}

impl Renderer<'_> {
    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => match &mut self.code {
                Some(code) => code.text.push_str(&t),
                None => self.text(&t, Style::new()),
            },
            Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                self.text(&t, p::INLINE_CODE)
            }
            Event::Html(_) | Event::InlineHtml(_) => {}
            Event::FootnoteReference(label) => self.text(&format!("[{label}]"), p::FOOTNOTE),
            Event::SoftBreak => self.text(" ", Style::new()),
            Event::HardBreak => self.inline.push(Piece::Break),
            Event::Rule => {
                self.begin_block();
                let rule = if self.flavor == Flavor::Plain {
                    "---".to_string()
                } else {
                    "─".repeat(self.room())
                };
                self.push_line(vec![Span::styled(rule, p::RULE)]);
                self.need_blank = true;
            }
            Event::TaskListMarker(done) => {
                let (mark, style) = if done {
                    ("[x] ", p::DONE)
                } else {
                    ("[ ] ", Style::new())
                };
                self.text(mark, style);
            }
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        match tag {
            Tag::Paragraph => self.begin_block(),
            Tag::Heading { level, .. } => {
                self.begin_block();
                self.in_heading = true;
                self.styles.push(p::heading(level));
                if self.flavor == Flavor::Plain && level > HeadingLevel::H2 {
                    let hashes = "#".repeat(level as usize);
                    self.text(&format!("{hashes} "), Style::new());
                }
            }
            Tag::BlockQuote(kind) => {
                self.begin_block();
                self.containers.push(Container::Quote);
                if let Some(kind) = kind {
                    let (label, style) = alert(kind);
                    let label = if self.flavor == Flavor::Plain {
                        format!("{label}:")
                    } else {
                        label.to_string()
                    };
                    self.push_line(vec![Span::styled(label, style)]);
                }
            }
            Tag::CodeBlock(kind) => {
                self.begin_block();
                let (lang, arg) = match kind {
                    CodeBlockKind::Fenced(info) => {
                        let mut words = info
                            .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
                            .filter(|w| !w.is_empty());
                        (
                            words.next().map(str::to_string),
                            words.next().map(str::to_string),
                        )
                    }
                    CodeBlockKind::Indented => (None, None),
                };
                let before = self.source.get(..range.start).unwrap_or_default();
                self.code = Some(Code {
                    lang,
                    arg,
                    text: String::new(),
                    source_line: before.matches('\n').count() + 1,
                });
            }
            Tag::HtmlBlock | Tag::MetadataBlock(_) => {
                self.flush_inline(false);
            }
            Tag::List(start) => {
                self.begin_block();
                self.lists.push(start);
            }
            Tag::Item => {
                self.flush_inline(false);
                let depth = self.lists.len().saturating_sub(1);
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        let marker = format!("{n}. ");
                        *n = n.saturating_add(1);
                        marker
                    }
                    _ => self.glyphs.bullets[depth % 2].to_string(),
                };
                self.containers.push(Container::Item {
                    marker,
                    pending: true,
                });
            }
            Tag::FootnoteDefinition(label) => {
                self.begin_block();
                self.containers.push(Container::Item {
                    marker: format!("[{label}] "),
                    pending: true,
                });
            }
            Tag::Table(aligns) => {
                self.begin_block();
                self.table = Some(Table {
                    aligns,
                    ..Table::default()
                });
            }
            Tag::TableHead | Tag::TableRow => {
                if let Some(t) = &mut self.table {
                    t.rows.push(Vec::new());
                }
                if matches!(tag, Tag::TableHead) {
                    self.styles.push(p::STRONG);
                }
            }
            Tag::Emphasis => self.styles.push(p::EMPHASIS),
            Tag::Strong => self.styles.push(p::STRONG),
            Tag::Strikethrough => self.styles.push(p::STRIKE),
            Tag::Link { dest_url, .. } => {
                self.styles.push(p::LINK);
                self.links.push((dest_url.to_string(), self.inline.len()));
            }
            Tag::Image { .. } => {
                self.styles.push(p::IMAGE);
                self.images.push(self.inline.len());
            }
            Tag::TableCell
            | Tag::Superscript
            | Tag::Subscript
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => {
                self.flush_inline(false);
                self.need_blank = true;
            }
            TagEnd::Heading(level) => self.end_heading(level),
            TagEnd::BlockQuote(_) => {
                self.flush_inline(false);
                self.containers.pop();
                self.need_blank = true;
            }
            TagEnd::CodeBlock => {
                if let Some(code) = self.code.take() {
                    self.code_block(code);
                }
                self.need_blank = true;
            }
            TagEnd::List(_) => {
                self.flush_inline(false);
                self.lists.pop();
                self.need_blank = true;
            }
            TagEnd::Item | TagEnd::FootnoteDefinition => {
                self.flush_inline(false);
                if let Some(Container::Item { pending: true, .. }) = self.containers.last() {
                    // An empty item still shows its bullet.
                    self.begin_block();
                    self.push_line(Vec::new());
                }
                self.containers.pop();
                if tag == TagEnd::FootnoteDefinition {
                    self.need_blank = true;
                }
            }
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    let room = self.room();
                    for line in table::layout(&t, room, self.glyphs.table, p::RULE) {
                        if line.is_empty() {
                            self.blank();
                        } else {
                            self.push_line(line);
                        }
                    }
                }
                self.need_blank = true;
            }
            TagEnd::TableHead => {
                self.styles.pop();
                if let Some(t) = &mut self.table {
                    t.head = t.rows.len();
                }
            }
            TagEnd::TableCell => {
                let mut cell = Vec::new();
                for piece in std::mem::take(&mut self.inline) {
                    match piece {
                        Piece::Text(t, s) => push_span(&mut cell, &t.replace('\n', " "), s),
                        Piece::Break => push_span(&mut cell, " ", Style::new()),
                    }
                }
                if let Some(t) = &mut self.table {
                    match t.rows.last_mut() {
                        Some(row) => row.push(cell),
                        None => t.rows.push(vec![cell]),
                    }
                }
            }
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough => {
                self.styles.pop();
            }
            TagEnd::Link => {
                self.styles.pop();
                if let Some((url, mark)) = self.links.pop() {
                    let text = plain_text(self.inline.get(mark..).unwrap_or_default());
                    let same = text == url || url.strip_prefix("mailto:") == Some(text.as_str());
                    if !url.is_empty() && !same && !self.in_heading {
                        self.text(&format!(" ({url})"), p::URL);
                    }
                }
            }
            TagEnd::Image => {
                self.styles.pop();
                let mark = self.images.pop().unwrap_or(self.inline.len());
                let alt = plain_text(self.inline.get(mark..).unwrap_or_default());
                self.inline.truncate(mark);
                let label = if alt.trim().is_empty() {
                    "[image]".to_string()
                } else {
                    format!("[image: {}]", alt.trim())
                };
                self.text(&label, p::IMAGE);
            }
            TagEnd::HtmlBlock
            | TagEnd::TableRow
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::MetadataBlock(_) => {}
        }
    }

    /// Queue inline text in the current style with `style` on top.
    fn text(&mut self, text: &str, style: Style) {
        let current = self.styles.iter().fold(Style::new(), |a, s| a.patch(*s));
        self.inline
            .push(Piece::Text(text.to_string(), current.patch(style)));
    }

    /// A block starts: lay out pending item text, and leave a blank line after the last block.
    fn begin_block(&mut self) {
        self.flush_inline(false);
        if self.need_blank && !self.lines.is_empty() {
            self.blank();
        }
        self.need_blank = false;
    }

    fn end_heading(&mut self, level: HeadingLevel) {
        let line = self.lines.len();
        let skip = match self.flavor {
            Flavor::Plain if level > HeadingLevel::H2 => 1,
            _ => 0,
        };
        let title = plain_text(self.inline.get(skip..).unwrap_or_default());
        let title_width = self.flush_inline(true);
        self.styles.pop();
        self.in_heading = false;
        let rule = match level {
            HeadingLevel::H1 => Some((self.glyphs.heading_rules[0], p::H1_RULE)),
            HeadingLevel::H2 => Some((self.glyphs.heading_rules[1], p::H2_RULE)),
            _ => None,
        };
        if let Some((glyph, style)) = rule {
            self.push_line(vec![Span::styled(glyph.repeat(title_width), style)]);
        }
        self.headings.push(Heading {
            level: level as u8,
            title: title.trim().to_string(),
            line,
        });
        self.need_blank = true;
    }

    /// Columns left after the containers' prefixes.
    fn room(&self) -> usize {
        let used: usize = self
            .containers
            .iter()
            .map(|c| match c {
                Container::Quote => width(self.glyphs.quote),
                Container::Item { marker, .. } => width(marker),
            })
            .sum();
        self.width.saturating_sub(used).max(1)
    }

    /// The containers' prefix for the next line; `first` shows (and uses up) pending markers.
    fn prefix(&mut self, first: bool) -> Vec<Span<'static>> {
        let glyphs = self.glyphs;
        let mut out = Vec::new();
        for c in &mut self.containers {
            match c {
                Container::Quote => push_span(&mut out, glyphs.quote, p::QUOTE),
                Container::Item { marker, pending } if *pending && first => {
                    push_span(&mut out, marker, p::BULLET);
                    *pending = false;
                }
                Container::Item { marker, .. } => {
                    push_span(&mut out, &" ".repeat(width(marker)), Style::new())
                }
            }
        }
        out
    }

    fn push_line(&mut self, content: Vec<Span<'static>>) {
        let mut line = self.prefix(true);
        for span in content {
            push_span(&mut line, &span.content, span.style);
        }
        self.lines.push(Line::from(line));
        self.need_blank = false;
    }

    /// An empty line, keeping quote gutters.
    fn blank(&mut self) {
        let mut line = self.prefix(false);
        while line.last().is_some_and(|s| s.content.trim().is_empty()) {
            line.pop();
        }
        if let Some(last) = line.last_mut() {
            let trimmed = last.content.trim_end().to_string();
            last.content = trimmed.into();
        }
        self.lines.push(Line::from(line));
    }

    /// Lay out the queued inline text; returns the widest line's width.
    fn flush_inline(&mut self, force: bool) -> usize {
        if self.inline.is_empty() && !force {
            return 0;
        }
        let pieces = std::mem::take(&mut self.inline);
        let lines = wrap(&pieces, self.room());
        if !force && lines.iter().all(|l| l.is_empty()) {
            return 0;
        }
        let mut widest = 0;
        for line in lines {
            widest = widest.max(spans_width(&line));
            self.push_line(line);
        }
        widest
    }
}

fn plain_text(pieces: &[Piece]) -> String {
    pieces
        .iter()
        .map(|p| match p {
            Piece::Text(t, _) => t.as_str(),
            Piece::Break => " ",
        })
        .collect()
}

fn alert(kind: BlockQuoteKind) -> (&'static str, Style) {
    match kind {
        BlockQuoteKind::Note => ("Note", p::NOTE),
        BlockQuoteKind::Tip => ("Tip", p::TIP),
        BlockQuoteKind::Important => ("Important", p::IMPORTANT),
        BlockQuoteKind::Warning => ("Warning", p::WARNING),
        BlockQuoteKind::Caution => ("Caution", p::CAUTION),
    }
}
