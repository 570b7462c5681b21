//! `kind = "git"`: assertions about the state of a repository the learner points at.

use super::parse::key;
use super::raw::GitToml;
use super::*;

impl Cx<'_> {
    pub(super) fn git(&mut self) -> Option<GitSpec> {
        let Some(table) = self.doc.value(&key("git")) else {
            self.problem_key(
                &key("kind"),
                "a git exercise needs a [git] table with asserts",
            );
            return None;
        };
        let g: GitToml = self.decode(table)?;
        if g.asserts.is_empty() {
            self.problem_key(&key("git"), "[git] asserts is empty");
        }
        let mut asserts = Vec::new();
        for a in g.asserts {
            let span = a.span();
            let line = self.line_of(span.clone());
            let text = a.into_inner();
            match crate::assertion::git::parse(&text) {
                Ok(parsed) => asserts.push((parsed, line)),
                Err(e) => self.problem_at(
                    span.start,
                    format!("git assertion `{text}` does not parse: {e}"),
                ),
            }
        }
        Some(GitSpec { asserts })
    }
}
