//! Checks across a pack's files: an exercise's phase, lesson and dataset must exist (with
//! "did you mean" when one is close). The rules within one file live with their parser
//! (`pack`, `lesson`, `exercise::*`); docs/exercise-format.md lists them all.

use super::Problem;
use super::position::{Doc, Seg};
use std::collections::{BTreeMap, HashSet};

/// What an exercise may refer to.
pub(super) struct Refs<'a> {
    pub phases: &'a [&'a str],
    pub lessons: HashSet<&'a str>,
    pub datasets: &'a BTreeMap<String, String>,
}

/// The problems with what an exercise file refers to: an unknown phase, lesson or dataset.
/// Read from the document, so they are found even when the file has other problems.
pub(super) fn exercise_refs(doc: &Doc<'_>, refs: &Refs<'_>) -> Vec<Problem> {
    let text = |path: &[Seg]| doc.value(path).and_then(|v| v.get_ref().as_str());
    let mut out = Vec::new();
    if let Some(phase) = text(&["phase".into()])
        && !refs.phases.contains(&phase)
    {
        out.push(doc.at_value(
            &["phase".into()],
            format!(
                "unknown phase \"{phase}\" (not in content/course.toml).{}",
                crate::text::did_you_mean_suffix(phase, refs.phases.iter().copied())
            ),
        ));
    }
    if let Some(lesson) = text(&["lesson".into()])
        && !refs.lessons.contains(lesson)
    {
        out.push(doc.at_value(
            &["lesson".into()],
            format!(
                "unknown lesson \"{lesson}\" (lesson ids are <phase-id>/<file stem>).{}",
                crate::text::did_you_mean_suffix(lesson, refs.lessons.iter().copied())
            ),
        ));
    }
    if text(&["kind".into()]) == Some("sql")
        && let Some(dataset) = text(&["sql".into(), "dataset".into()])
        && !refs.datasets.contains_key(dataset)
    {
        out.push(doc.at_value(
            &["sql".into(), "dataset".into()],
            unknown_dataset(dataset, refs.datasets),
        ));
    }
    out
}

/// "dataset "x" is not a file datasets/x.sql in this pack (it has shop, blog)".
pub(super) fn unknown_dataset(name: &str, datasets: &BTreeMap<String, String>) -> String {
    let known = if datasets.is_empty() {
        " (it has no datasets/ folder of .sql files)".into()
    } else {
        format!(
            " (it has {}).{}",
            datasets
                .keys()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(", "),
            crate::text::did_you_mean_suffix(name, datasets.keys().map(String::as_str))
        )
    };
    format!("dataset \"{name}\" is not a file datasets/{name}.sql in this pack{known}")
}
