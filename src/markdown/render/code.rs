//! Fenced code blocks: the header (a runnable ```` ```http ```` or ```` ```sql ```` block, or the
//! language's label), syntax colour, the gutter and the continuation of lines longer than the
//! width, and where a runnable block sits (for Enter in the lesson).

use super::super::highlight::highlight;
use super::super::wrap::{split_spans, width};
use super::super::{HttpBlock, palette as p};
use super::{Code, Flavor, Renderer};
use crate::exchange::RequestSpec;
use ratatui::text::Span;

impl Renderer<'_> {
    pub(super) fn code_block(&mut self, code: Code) {
        let text = code.text.replace('\t', "    ").replace('\r', "");
        let body = text.strip_suffix('\n').unwrap_or(&text);
        let lines: Vec<&str> = if body.is_empty() && text.is_empty() {
            Vec::new()
        } else {
            body.split('\n').collect()
        };
        let lang = code.lang.as_deref();
        let is_http = lang.is_some_and(|l| l.eq_ignore_ascii_case("http"));
        let is_sql = lang.is_some_and(|l| l.eq_ignore_ascii_case("sql")) && !body.trim().is_empty();
        let request = if is_sql {
            Some(Err(
                "a SQL query: Enter runs it on the lesson's dataset".to_string()
            ))
        } else {
            is_http.then(|| RequestSpec::parse(&code.text))
        };
        let runnable = matches!(request, Some(Ok(_)));
        let header = match (self.flavor, runnable) {
            (Flavor::Plain, _) if is_sql => vec![Span::raw("Query (sql):")],
            (_, _) if is_sql => {
                let mut h = vec![Span::styled("▶ ", p::SEND), Span::styled("sql", p::SEND)];
                if let Some(d) = &code.arg {
                    h.push(Span::styled(format!(" {d}"), p::CODE_LABEL));
                }
                h
            }
            (Flavor::Plain, true) => vec![Span::raw("Request (http):")],
            (Flavor::Plain, false) => vec![Span::raw(match lang {
                Some(l) => format!("Code ({l}):"),
                None => "Code:".to_string(),
            })],
            (_, true) => vec![Span::styled("▶ ", p::SEND), Span::styled("http", p::SEND)],
            (_, false) => vec![
                Span::styled("╭─ ", p::RULE),
                Span::styled(lang.unwrap_or("code").to_string(), p::CODE_LABEL),
            ],
        };
        let first = self.lines.len();
        self.push_line(header);
        let highlighted = match (self.flavor, lang) {
            (Flavor::Color, Some(lang)) => highlight(lang, &lines),
            _ => lines
                .iter()
                .map(|l| vec![Span::raw(l.to_string())])
                .collect(),
        };
        let gutter = self.glyphs.gutter;
        for spans in highlighted {
            let parts = match self.glyphs.gutter_more {
                Some(more) => split_spans(&spans, self.room().saturating_sub(width(more)).max(1))
                    .into_iter()
                    .enumerate()
                    .map(|(i, part)| (if i == 0 { gutter } else { more }, part))
                    .collect(),
                None => vec![(gutter, spans)],
            };
            for (gutter, part) in parts {
                let mut line = vec![Span::styled(gutter, p::RULE)];
                line.extend(part);
                self.push_line(line);
            }
        }
        if let Some(request) = request {
            self.requests.push(HttpBlock {
                line: first,
                height: self.lines.len() - first,
                source_line: code.source_line,
                request,
                sql: is_sql.then(|| super::super::SqlQuery {
                    dataset: code.arg.clone(),
                    text: body.to_string(),
                }),
            });
        }
    }
}
