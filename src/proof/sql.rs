//! The hook through which `course test` proves sql exercises: `query` is graded as a learner's
//! answer by the SQL lab ([`crate::sql::check`]), on the dataset under `pack_root/datasets/`.

use crate::check::Verdict;
use crate::course::exercise::SqlSpec;
use crate::course::{Datasets, Exercise};
use std::path::Path;

/// What a sql proof case did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SqlOutcome {
    /// The exercise accepts the query.
    Passed,
    /// The exercise refuses it, and why.
    Failed(String),
    /// This build cannot check sql exercises: the case is skipped with this note.
    Unsupported(String),
}

/// Check `query` as an answer to the sql exercise `ex`.
pub fn prove(ex: &Exercise, spec: &SqlSpec, query: &str, pack_root: &Path) -> SqlOutcome {
    let file = pack_root
        .join("datasets")
        .join(format!("{}.sql", spec.dataset));
    let script = match std::fs::read_to_string(&file) {
        Ok(s) => s,
        Err(e) => {
            return SqlOutcome::Failed(format!(
                "cannot read the dataset datasets/{}.sql: {e}",
                spec.dataset
            ));
        }
    };
    let mut datasets = Datasets::new();
    datasets.insert(spec.dataset.clone(), script);
    match crate::sql::check(&datasets, ex, spec, query) {
        Ok(c) if c.report.verdict == Verdict::Passed => SqlOutcome::Passed,
        Ok(c) => SqlOutcome::Failed(c.report.summary),
        Err(e) => SqlOutcome::Failed(format!("the exercise is broken: {}", e.explain())),
    }
}
