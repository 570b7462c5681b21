//! Where in a pack file something is. Positions come from the TOML parser's spans (a
//! [`Doc`] keeps the parsed document with the span of every key and value), turned into
//! line:column by a [`Lines`] index built once per file, so loading stays linear however many
//! steps a file has. Also: a TOML or serde error as a [`Problem`] in words an author knows.

use super::Problem;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

/// The start of every line of a text: a byte offset becomes line:column by binary search.
pub(crate) struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Self { text, starts }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub(crate) fn at(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let col = String::from_utf8_lossy(&self.text.as_bytes()[start..offset])
            .chars()
            .count()
            + 1;
        (line, col)
    }

    /// The text of a 1-based line, without its line end.
    pub(crate) fn line_text(&self, line: usize) -> &'a str {
        let Some(&start) = self.starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = self.starts.get(line).map_or(self.text.len(), |e| e - 1);
        self.text[start..end.max(start)].trim_end_matches('\r')
    }
}

/// One step of a path into a TOML document: a key, or an index into an array.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Seg<'p> {
    Key(&'p str),
    Index(usize),
}

impl<'p> From<&'p str> for Seg<'p> {
    fn from(k: &'p str) -> Self {
        Seg::Key(k)
    }
}

impl From<usize> for Seg<'_> {
    fn from(i: usize) -> Self {
        Seg::Index(i)
    }
}

/// A TOML document in a pack file (the whole file, or a lesson's front matter starting at
/// `base`), with the spans of its keys and values. Offsets given to it are relative to the
/// TOML text, as serde's `Spanned` reports them.
pub(crate) struct Doc<'a> {
    pub(crate) file: &'a str,
    pub(crate) lines: Lines<'a>,
    toml: &'a str,
    base: usize,
    /// `None` when the TOML does not parse.
    root: Option<Spanned<DeTable<'a>>>,
    /// Every syntax error the parser found (it recovers and goes on).
    errors: Vec<toml::de::Error>,
}

impl<'a> Doc<'a> {
    /// Parse `text[toml]` of `file`. Syntax errors leave a document without values; they are
    /// all reported by [`Doc::syntax_errors`].
    pub(crate) fn new(file: &'a str, text: &'a str, toml: Range<usize>) -> Self {
        let toml_text = &text[toml.clone()];
        let (root, errors) = DeTable::parse_recoverable(toml_text);
        Self {
            file,
            lines: Lines::new(text),
            toml: toml_text,
            base: toml.start,
            root: errors.is_empty().then_some(root),
            errors,
        }
    }

    /// Every syntax error, each at its position; empty when the TOML parsed.
    pub(crate) fn syntax_errors(&self) -> Vec<Problem> {
        self.errors.iter().map(|e| self.error(e)).collect()
    }

    /// The first syntax error (or a generic one), for callers that need one problem.
    pub(crate) fn syntax_error(&self) -> Problem {
        self.syntax_errors()
            .into_iter()
            .next()
            .unwrap_or_else(|| Problem::at(self.file, self.pos(0).0, 1, "is not valid TOML"))
    }

    /// Whether the TOML parsed.
    pub(crate) fn parsed(&self) -> bool {
        self.root.is_some()
    }

    /// The TOML text of a span (as written, quotes and escapes included).
    pub(crate) fn text_of(&self, span: Range<usize>) -> &'a str {
        self.toml.get(span).unwrap_or("")
    }

    /// Deserialize the whole document into its raw shape.
    pub(crate) fn decode<T: serde::de::DeserializeOwned>(&self) -> Result<T, Problem> {
        let Some(root) = &self.root else {
            return Err(self.syntax_error());
        };
        let mut owned = root.clone();
        owned.get_mut().make_owned();
        let value = Spanned::new(owned.span(), DeValue::Table(owned.into_inner()));
        T::deserialize(toml::de::ValueDeserializer::from(value)).map_err(|e| self.error(&e))
    }

    /// A problem for every key of the table at `path` that is not in `known`, with "did you
    /// mean" when one is close. `what` names the table ("front matter", "[[phase]]").
    pub(crate) fn unknown_keys(&self, path: &[Seg], known: &[&str], what: &str) -> Vec<Problem> {
        let table = match path {
            [] => self.root.as_ref().map(|r| r.get_ref()),
            _ => self.value(path).and_then(|v| v.get_ref().as_table()),
        };
        let Some(table) = table else {
            return Vec::new();
        };
        table
            .iter()
            .filter(|(k, _)| !known.contains(&k.get_ref().as_ref()))
            .map(|(k, _)| {
                self.at(
                    k.span().start,
                    format!(
                        "unknown key `{}` in {what}.{} It takes {}",
                        k.get_ref(),
                        crate::text::did_you_mean_suffix(k.get_ref(), known.iter().copied()),
                        known.join(", ")
                    ),
                )
            })
            .collect()
    }

    /// A warning for every string value holding a control character that must not reach a
    /// terminal (ESC, NUL...); it is shown escaped, and probably not what the author meant.
    pub(crate) fn control_warnings(&self, out: &mut Vec<Problem>) {
        fn walk(doc: &Doc<'_>, v: &Spanned<DeValue<'_>>, out: &mut Vec<Problem>) {
            match v.get_ref() {
                DeValue::String(s) => {
                    if let Some((_, c)) = crate::text::first_control(s) {
                        out.push(doc.at(v.span().start, control_message(c)));
                    }
                }
                DeValue::Array(items) => items.iter().for_each(|i| walk(doc, i, out)),
                DeValue::Table(t) => t.iter().for_each(|(_, i)| walk(doc, i, out)),
                _ => {}
            }
        }
        if let Some(root) = &self.root {
            for (_, v) in root.get_ref().iter() {
                walk(self, v, out);
            }
        }
    }

    /// The whole file as TOML.
    pub(crate) fn whole(file: &'a str, text: &'a str) -> Self {
        Self::new(file, text, 0..text.len())
    }

    /// Line and column of an offset into the TOML text.
    pub(crate) fn pos(&self, offset: usize) -> (usize, usize) {
        self.lines.at(self.base + offset)
    }

    /// The line of an offset into the TOML text.
    pub(crate) fn line(&self, offset: usize) -> usize {
        self.pos(offset).0
    }

    /// A problem at an offset into the TOML text.
    pub(crate) fn at(&self, offset: usize, message: impl Into<String>) -> Problem {
        let (line, col) = self.pos(offset);
        Problem::at(self.file, line, col, message)
    }

    fn entry(&self, path: &[Seg]) -> Option<(Option<Range<usize>>, &Spanned<DeValue<'a>>)> {
        let root = self.root.as_ref()?;
        let (mut key, mut value): (Option<Range<usize>>, Option<&Spanned<DeValue<'a>>>) =
            (None, None);
        let mut table = Some(root.get_ref());
        let mut array: Option<&DeArray<'a>> = None;
        for seg in path {
            match *seg {
                Seg::Key(k) => {
                    let (ks, v) = table?.get_key_value(k)?;
                    key = Some(ks.span());
                    value = Some(v);
                }
                Seg::Index(i) => {
                    let v: &Spanned<DeValue<'a>> = array.and_then(|a| a.get(i))?;
                    key = None;
                    value = Some(v);
                }
            }
            let v = value?.get_ref();
            table = v.as_table();
            array = v.as_array();
        }
        Some((key, value?))
    }

    /// The span of a key (`&["quiz".into(), "choices".into()]`), else of its value.
    pub(crate) fn key_span(&self, path: &[Seg]) -> Option<Range<usize>> {
        self.entry(path).map(|(k, v)| k.unwrap_or_else(|| v.span()))
    }

    /// The span of a value.
    pub(crate) fn value_span(&self, path: &[Seg]) -> Option<Range<usize>> {
        self.entry(path).map(|(_, v)| v.span())
    }

    /// The value at a path, as the parser read it.
    pub(crate) fn value(&self, path: &[Seg]) -> Option<&Spanned<DeValue<'a>>> {
        self.entry(path).map(|(_, v)| v)
    }

    /// A problem at a key; when the key is absent, at the nearest table on its path that is
    /// there (a missing field is blamed on the table that lacks it), else at the file's start.
    pub(crate) fn at_key(&self, path: &[Seg], message: impl Into<String>) -> Problem {
        for n in (1..=path.len()).rev() {
            if let Some(span) = self.key_span(&path[..n]) {
                return self.at(span.start, message);
            }
        }
        Problem::at(self.file, self.pos(0).0, 1, message)
    }

    /// A problem at a value (where a bad value starts).
    pub(crate) fn at_value(&self, path: &[Seg], message: impl Into<String>) -> Problem {
        match self.value_span(path) {
            Some(span) => self.at(span.start, message),
            None => self.at_key(path, message),
        }
    }

    /// The key whose value holds `offset`, the innermost one: names the field a serde error
    /// is about.
    fn key_at(&self, offset: usize) -> Option<String> {
        let mut found = None;
        let mut table: Option<&DeTable<'a>> = Some(self.root.as_ref()?.get_ref());
        let mut array: Option<&DeArray<'a>> = None;
        loop {
            let next = if let Some(t) = table.take() {
                let mut next = None;
                for (k, v) in t.iter() {
                    if k.span().contains(&offset) {
                        return Some(k.get_ref().to_string());
                    }
                    if v.span().contains(&offset) {
                        found = Some(k.get_ref().to_string());
                        next = Some(v.get_ref());
                        break;
                    }
                }
                next
            } else {
                array
                    .take()
                    .and_then(|a| a.iter().find(|e| e.span().contains(&offset)))
                    .map(|e| e.get_ref())
            };
            let Some(v) = next else {
                return found;
            };
            if v.as_table().is_none() && v.as_array().is_none() {
                return found;
            }
            table = v.as_table();
            array = v.as_array();
        }
    }

    /// A TOML syntax or type error as a problem at its position, in plain words.
    pub(crate) fn error(&self, e: &toml::de::Error) -> Problem {
        let key = e.span().and_then(|s| self.key_at(s.start));
        let message = plain_message(e.message().trim(), key.as_deref());
        match e.span() {
            Some(span) => self.at(span.start, message),
            None => Problem::at(self.file, self.pos(0).0, 1, message),
        }
    }
}

/// The warning for a control character in pack text.
pub(crate) fn control_message(c: char) -> String {
    format!(
        "holds the control character {}: it is never sent to the terminal (it is shown as a \
         visible symbol instead), and escape sequences in a course can change a learner's \
         terminal or clipboard. Remove it",
        crate::text::control_name(c)
    )
}

/// serde's and the TOML parser's wording ("invalid type: string \"ten\", expected u32") in
/// an author's words ("`minutes` must be a whole number, like 2, not \"ten\"").
pub(crate) fn plain_message(message: &str, key: Option<&str>) -> String {
    let field = key.map_or("this value".to_string(), |k| format!("`{k}`"));
    if let Some(rest) = message.strip_prefix("missing field `") {
        let name = rest.trim_end_matches('`');
        return format!("`{name}` is missing: this table needs it");
    }
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (name, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let known: Vec<&str> = expected
            .split('`')
            .skip(1)
            .step_by(2)
            .filter(|w| !w.is_empty())
            .collect();
        let hint = crate::text::did_you_mean_suffix(name, known.iter().copied());
        let list = if known.is_empty() {
            String::new()
        } else {
            format!(" (this table takes {})", known.join(", "))
        };
        return format!("unknown key `{name}`.{hint}{list}");
    }
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = message.strip_prefix(prefix)
            && let Some((found, expected)) = rest.split_once(", expected ")
        {
            return format!(
                "{field} must be {}, not {}",
                expected_words(expected),
                found_words(found)
            );
        }
    }
    message.to_string()
}

fn expected_words(expected: &str) -> String {
    match expected {
        "u8" | "u16" | "u32" | "u64" | "usize" | "i32" | "i64" | "an integer" | "integer" => {
            "a whole number (0 or more), like 2".into()
        }
        "a string" | "string" => "text in quotes, like \"text\"".into(),
        "a boolean" | "boolean" => "true or false".into(),
        "a sequence" | "sequence" => "a list, like [\"a\", \"b\"]".into(),
        e if e.starts_with("struct ") || e == "a map" || e == "map" || e.ends_with("table") => {
            "a table (`key = value` lines, or { key = value })".into()
        }
        other => other.into(),
    }
}

fn found_words(found: &str) -> String {
    if let Some(v) = found
        .strip_prefix("integer `")
        .or_else(|| found.strip_prefix("floating point `"))
        .or_else(|| found.strip_prefix("boolean `"))
    {
        return v.trim_end_matches('`').to_string();
    }
    if let Some(v) = found.strip_prefix("string ") {
        return v.to_string();
    }
    match found {
        "sequence" => "a list".into(),
        "map" => "a table".into(),
        other => other.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_turn_offsets_into_line_and_column() {
        let text = "a = 1\nbé = \"x\"\n\nlast";
        let lines = Lines::new(text);
        assert_eq!(lines.at(0), (1, 1));
        assert_eq!(lines.at(6), (2, 1));
        assert_eq!(lines.at(text.find('=').unwrap()), (1, 3));
        assert_eq!(
            lines.at(text.find("\"x").unwrap()),
            (2, 6),
            "columns count characters"
        );
        assert_eq!(lines.at(text.len()), (4, 5));
        assert_eq!(lines.line_text(2), "bé = \"x\"");
        assert_eq!(lines.line_text(9), "");
    }

    #[test]
    fn keys_are_found_by_path_not_by_text() {
        // `kind` appears in a comment, a string and a nested table before the real key.
        let text =
            "# kind = \"lab\"\ntitle = \"kind = x\"\n[[step]]\nkind = 1\n[[step]]\nkind = 2\n";
        let doc = Doc::whole("f.toml", text);
        let p = doc.at_key(&["step".into(), 1.into(), "kind".into()], "m");
        assert_eq!((p.line, p.column), (Some(6), Some(1)));
        let p = doc.at_value(&["title".into()], "m");
        assert_eq!((p.line, p.column), (Some(2), Some(9)));
        // An absent key is blamed on the nearest table that is there.
        let p = doc.at_key(&["step".into(), 0.into(), "name".into()], "m");
        assert_eq!(p.line, Some(3));
    }

    #[test]
    fn serde_words_become_an_authors_words() {
        assert_eq!(
            plain_message(
                "invalid type: string \"ten\", expected u32",
                Some("minutes")
            ),
            "`minutes` must be a whole number (0 or more), like 2, not \"ten\""
        );
        assert_eq!(
            plain_message(
                "unknown field `titel`, expected one of `id`, `title`, `minutes`",
                None
            ),
            "unknown key `titel`. Did you mean `title`? (this table takes id, title, minutes)"
        );
        assert_eq!(
            plain_message("missing field `title`", None),
            "`title` is missing: this table needs it"
        );
    }
}
