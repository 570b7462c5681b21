//! `kind = "sql"`: a query or statements checked against a sample database. That the dataset
//! exists is checked with the rest of the pack (`course::pack`).

use super::parse::key;
use super::raw::SqlToml;
use super::*;
use crate::course::position::Seg;

impl Cx<'_> {
    pub(super) fn sql(&mut self) -> Option<SqlSpec> {
        let Some(table) = self.doc.value(&key("sql")) else {
            self.problem_key(&key("kind"), "a sql exercise needs a [sql] table");
            return None;
        };
        let line = self.line_of(table.span());
        let s: SqlToml = self.decode(table)?;
        let at = |k: &'static str| -> [Seg<'static>; 2] { ["sql".into(), k.into()] };
        let mode = match s.mode.as_deref().unwrap_or("query") {
            "query" => SqlMode::Query,
            "write" => SqlMode::Write {
                verify: s.verify.clone().unwrap_or_default(),
            },
            "plan" => SqlMode::Plan {
                query: s.query.clone().unwrap_or_default(),
                table: s.table.clone().unwrap_or_default(),
            },
            other => {
                self.problem_value(
                    &at("mode"),
                    format!(
                        "[sql] mode \"{other}\" is unknown.{} Use query, write or plan",
                        crate::text::did_you_mean_suffix(other, ["query", "write", "plan"])
                    ),
                );
                SqlMode::Query
            }
        };
        let needs: &[(&str, bool)] = match &mode {
            SqlMode::Query => &[],
            SqlMode::Write { .. } => &[("verify", s.verify.is_some())],
            SqlMode::Plan { .. } => &[("query", s.query.is_some()), ("table", s.table.is_some())],
        };
        for (field, given) in needs {
            if !given {
                self.problem_key(
                    &key("sql"),
                    format!("[sql] mode \"{}\" needs `{field}`", mode.name()),
                );
            }
        }
        let stray = [
            ("verify", s.verify.is_some(), "write"),
            ("query", s.query.is_some(), "plan"),
            ("table", s.table.is_some(), "plan"),
        ];
        for (field, given, owner) in stray {
            if given && mode.name() != owner {
                self.problem_key(
                    &at(field),
                    format!(
                        "[sql] `{field}` belongs to mode \"{owner}\", and this exercise's mode is \"{}\"",
                        mode.name()
                    ),
                );
            }
        }
        if s.solution.trim().is_empty() {
            self.problem_value(&at("solution"), "[sql] solution is empty");
        }
        Some(SqlSpec {
            dataset: s.dataset,
            solution: s.solution,
            ordered: s.ordered,
            mode,
            line,
        })
    }
}
