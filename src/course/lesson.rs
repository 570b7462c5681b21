//! A lesson file: TOML front matter between `+++` lines, then markdown.

use super::position::{Doc, control_message};
use super::{Lesson, Problem};
use serde::Deserialize;

/// Lesson front matter, between `+++` lines. Unknown keys are found by
/// [`Doc::unknown_keys`], every one of them, before serde reads the types.
#[derive(Debug, Deserialize)]
struct FrontMatter {
    /// Defaults to `<phase-id>/<file stem>`. Progress is keyed on it, so keep it stable.
    #[serde(default)]
    id: Option<String>,
    title: String,
    /// Estimated minutes.
    #[serde(default = "ten")]
    minutes: u32,
    /// What the learner can do after the lesson.
    #[serde(default)]
    objectives: Vec<String>,
    /// A placeholder lesson, shown as "coming".
    #[serde(default)]
    coming: bool,
    /// The sample database its ```sql blocks run against (`datasets/<name>.sql`).
    #[serde(default)]
    dataset: Option<String>,
}

/// The keys front matter takes.
pub(super) const FRONT_MATTER_KEYS: &[&str] =
    &["id", "title", "minutes", "objectives", "coming", "dataset"];

fn ten() -> u32 {
    10
}

/// Parse `content/<phase_id>/<stem>.md`. Legal but suspicious things go to `warnings`.
pub(super) fn parse_lesson(
    path: &str,
    phase_id: &str,
    stem: &str,
    text: &str,
    warnings: &mut Vec<Problem>,
) -> Result<Lesson, Vec<Problem>> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lines = text[bom..].split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "+++" {
        return Err(vec![Problem::at(
            path,
            1,
            1,
            "must start with front matter: a line `+++`, TOML (title = \"...\"), and a closing `+++`",
        )]);
    }
    let fm_start = bom + first.len();
    let mut offset = fm_start;
    let mut front_end = None;
    for line in lines {
        if line.trim_end() == "+++" {
            front_end = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((fm_end, body_start)) = front_end else {
        return Err(vec![Problem::at(
            path,
            1,
            1,
            "front matter opened with `+++` is never closed by another `+++` line",
        )]);
    };
    let doc = Doc::new(path, text, fm_start..fm_end);
    if !doc.parsed() {
        return Err(doc.syntax_errors());
    }
    let mut problems = doc.unknown_keys(&[], FRONT_MATTER_KEYS, "front matter");
    let fm: FrontMatter = match doc.decode() {
        Ok(fm) => fm,
        Err(p) => {
            problems.push(p);
            return Err(problems);
        }
    };
    let default_id = format!("{phase_id}/{stem}");
    let id = fm.id.unwrap_or_else(|| default_id.clone());
    if !id.starts_with(&format!("{phase_id}/"))
        || id.contains("..")
        || id.contains(char::is_whitespace)
    {
        problems.push(doc.at_value(
            &["id".into()],
            format!(
                "lesson id \"{id}\" must start with its phase (\"{phase_id}/\") and have no spaces"
            ),
        ));
    }
    if fm.title.trim().is_empty() {
        problems.push(doc.at_value(&["title".into()], "title is empty"));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    doc.control_warnings(warnings);
    let body = &text[body_start..];
    if let Some((at, c)) = crate::text::first_control(body) {
        let (line, col) = doc.lines.at(body_start + at);
        warnings.push(Problem::at(path, line, col, control_message(c)));
    }
    if body.trim().is_empty() && !fm.coming {
        warnings.push(Problem::at(
            path,
            doc.lines.at(body_start).0,
            1,
            "the lesson has no text after its front matter (mark a placeholder with coming = true)",
        ));
    }
    let clean = crate::text::clean_owned;
    Ok(Lesson {
        id,
        phase_id: phase_id.to_string(),
        title: clean(fm.title),
        minutes: fm.minutes,
        objectives: fm.objectives.into_iter().map(clean).collect(),
        body: clean(body.to_string()),
        file: path.to_string(),
        coming: fm.coming,
        dataset: fm.dataset,
    })
}
