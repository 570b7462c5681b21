//! Exercise files (`exercises/<phase-id>/*.toml`): the common fields of every kind.
//!
//! The kind-specific parts (expectations, quiz, server steps, sql) are filled in by the checker.

use super::Problem;
use serde::Deserialize;

/// One exercise.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    /// Must be 1.
    pub format_version: u32,
    /// Unique and stable: progress is keyed on it.
    pub id: String,
    pub title: String,
    /// A phase id from `content/course.toml`.
    pub phase: String,
    /// The lesson it belongs to, if any.
    #[serde(default)]
    pub lesson: Option<String>,
    /// `lab`, `quiz`, `server` or `sql`.
    pub kind: String,
    /// 1..3.
    #[serde(default = "one")]
    pub difficulty: u8,
    /// Markdown shown to the learner.
    pub prompt: String,
    /// Revealed one at a time; use is recorded.
    #[serde(default)]
    pub hints: Vec<String>,
    /// Markdown shown after a pass.
    #[serde(default)]
    pub explanation: String,
    /// The file it came from, relative to the pack root.
    #[serde(skip)]
    pub file: String,
    /// Everything else in the file, for the checker.
    #[serde(skip)]
    pub rest: toml::Table,
}

fn one() -> u8 {
    1
}

/// Parse one exercise file. `file` is the path shown in errors.
pub fn parse(file: &str, text: &str) -> Result<Exercise, Vec<Problem>> {
    let table: toml::Table =
        toml::from_str(text).map_err(|e| vec![super::load::toml_problem(file, text, 0, &e)])?;
    let mut common = toml::Table::new();
    let mut rest = toml::Table::new();
    for (k, v) in table {
        match k.as_str() {
            "format_version" | "id" | "title" | "phase" | "lesson" | "kind" | "difficulty"
            | "prompt" | "hints" | "explanation" => {
                common.insert(k, v);
            }
            _ => {
                rest.insert(k, v);
            }
        }
    }
    let mut ex: Exercise = common
        .try_into()
        .map_err(|e: toml::de::Error| vec![Problem::new(file, None, e.message().to_string())])?;
    ex.file = file.to_string();
    ex.rest = rest;
    let mut problems = Vec::new();
    if ex.format_version != 1 {
        problems.push(Problem::new(
            file,
            None,
            format!("format_version is {}, expected 1", ex.format_version),
        ));
    }
    if !matches!(ex.kind.as_str(), "lab" | "quiz" | "server" | "sql") {
        problems.push(Problem::new(
            file,
            None,
            format!(
                "unknown kind \"{}\": expected lab, quiz, server or sql",
                ex.kind
            ),
        ));
    }
    if !(1..=3).contains(&ex.difficulty) {
        problems.push(Problem::new(
            file,
            None,
            format!("difficulty {} is not in 1..3", ex.difficulty),
        ));
    }
    if problems.is_empty() {
        Ok(ex)
    } else {
        Err(problems)
    }
}
