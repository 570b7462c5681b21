//! `{{variables}}` in steps and expectations: each must be built in or captured before it is
//! used, so a misspelled name is a problem at validate time rather than literal text compared
//! at run time (where `!=` would always pass).

use super::parse::key;
use super::*;
use toml::Spanned;
use toml::de::DeValue;

/// Always defined: `{{run_id}}`, fresh for each check run.
pub const BUILT_IN: &[&str] = &["run_id"];
/// Defined in each copy of a `parallel = N` step: `{{n}}`, 0 to N−1.
pub const PARALLEL_BUILT_IN: &str = "n";

/// Every `{{name}}` in `s`, with its byte offset.
pub fn variables(s: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut from = 0;
    std::iter::from_fn(move || {
        let start = from + s.get(from..)?.find("{{")?;
        let len = s[start..].find("}}")?;
        from = start + len + 2;
        Some((start, s[start + 2..start + len].trim()))
    })
}

impl Cx<'_> {
    /// Check the variables of every step (server) or expectation (lab) against the captures
    /// made before it: a request sees earlier steps' captures; asserts see its own step's too.
    pub(super) fn check_variables(&mut self, kind: &str) {
        let list = match kind {
            "server" => "step",
            "lab" => "expect",
            _ => return,
        };
        let doc = self.doc;
        let Some(blocks) = doc.value(&key(list)).and_then(|v| v.get_ref().as_array()) else {
            return;
        };
        let captures_of = |b: &Spanned<DeValue<'_>>| -> Vec<String> {
            b.get_ref()
                .get("captures")
                .and_then(|c| c.get_ref().as_table())
                .map(|t| t.iter().map(|(k, _)| k.get_ref().to_string()).collect())
                .unwrap_or_default()
        };
        let every: Vec<String> = blocks.iter().flat_map(captures_of).collect();
        let mut known: Vec<String> = BUILT_IN.iter().map(|s| s.to_string()).collect();
        for block in blocks {
            let parallel = block.get_ref().get("parallel").is_some();
            let mut here = known.clone();
            if parallel {
                here.push(PARALLEL_BUILT_IN.into());
            }
            if let Some(r) = block.get_ref().get("request") {
                self.uses(r, &here, &every);
            }
            let own = captures_of(block);
            here.extend(own.iter().cloned());
            for field in ["asserts", "none_between", "after"] {
                if let Some(v) = block.get_ref().get(field) {
                    self.uses(v, &here, &every);
                }
            }
            known.extend(own);
        }
    }

    /// Every string under `v` whose variables are not in `known`.
    fn uses(&mut self, v: &Spanned<DeValue<'_>>, known: &[String], every: &[String]) {
        match v.get_ref() {
            DeValue::String(s) => {
                for (at, name) in variables(s) {
                    if known.iter().any(|k| k == name) {
                        continue;
                    }
                    // Its `{{` in the file: the same count of `{{` precede it there, as
                    // TOML escapes never write braces.
                    let nth = s[..at].matches("{{").count();
                    let offset = v.span().start
                        + self
                            .doc
                            .text_of(v.span())
                            .match_indices("{{")
                            .nth(nth)
                            .map_or(0, |(i, _)| i);
                    let later = every.iter().any(|k| k == name);
                    let message = if later {
                        format!(
                            "`{{{{{name}}}}}` is used before a step captures it: a value is known only to the steps after the one that captures it"
                        )
                    } else {
                        let near = crate::text::did_you_mean(
                            name,
                            known.iter().chain(every).map(String::as_str),
                        );
                        format!(
                            "`{{{{{name}}}}}` is not defined: it is neither captured by an earlier step nor built in (run_id; n in a parallel step).{}",
                            near.map_or(String::new(), |n| format!(" Did you mean `{{{{{n}}}}}`?"))
                        )
                    };
                    self.problem_at(offset, message);
                }
            }
            DeValue::Array(items) => {
                for item in items {
                    self.uses(item, known, every);
                }
            }
            DeValue::Table(t) => {
                for (_, item) in t.iter() {
                    self.uses(item, known, every);
                }
            }
            _ => {}
        }
    }
}
