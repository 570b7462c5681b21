//! `kind = "lab"`: `[[expect]]` blocks met in order by the learner's exchanges with the lab.

use super::parse::{duration_value, key};
use super::raw::ExpectToml;
use super::*;
use crate::assertion;
use crate::course::position::Seg;

impl Cx<'_> {
    pub(super) fn lab(&mut self) -> Option<LabSpec> {
        let doc = self.doc;
        let Some(blocks) = doc.value(&key("expect")) else {
            self.problem_key(
                &key("kind"),
                "a lab exercise needs at least one [[expect]] with asserts",
            );
            return None;
        };
        let Some(blocks) = blocks.get_ref().as_array() else {
            self.problem_value(&key("expect"), "`expect` must be [[expect]] tables");
            return None;
        };
        let mut expects = Vec::new();
        for (i, block) in blocks.iter().enumerate() {
            let line = self.line_of(block.span());
            let Some(e) = self.decode::<ExpectToml>(block) else {
                continue;
            };
            if e.asserts.is_empty() {
                self.problem(Some(line), "this [[expect]] has no asserts");
            }
            let timed = e.after.is_some() || e.within.is_some() || !e.none_between.is_empty();
            if i == 0 && timed {
                self.problem(
                    Some(line),
                    "after, within and none_between compare with the exchange that met the previous [[expect]]: the first block has none",
                );
            }
            let at: [Seg; 3] = ["expect".into(), i.into(), "captures".into()];
            expects.push(Expect {
                line,
                asserts: self.asserts(e.asserts),
                captures: self.captures(&e.captures, &at, line),
                after: e.after.and_then(|v| self.gap(&v, line)),
                within: e
                    .within
                    .and_then(|v| self.expect_duration(&v, "within", line)),
                none_between: self.asserts(e.none_between),
            });
        }
        Some(LabSpec { expects })
    }

    /// `after`: a duration, or a query on the previous exchange whose value is seconds.
    fn gap(&mut self, v: &toml::Value, line: usize) -> Option<Gap> {
        if let Some(d) = duration_value(v) {
            return Some(Gap::Fixed(d));
        }
        if let toml::Value::Integer(_) = v {
            return self.expect_duration(v, "after", line).map(Gap::Fixed);
        }
        let Some(src) = v.as_str() else {
            self.problem(
                Some(line),
                format!(
                    "after = {v} is neither a duration (\"2s\") nor a query ('header \"Retry-After\"')"
                ),
            );
            return None;
        };
        match assertion::parse_query_expr(src) {
            Ok(expr) => Some(Gap::Query(expr, src.to_string())),
            Err(_) => {
                self.problem(
                    Some(line),
                    format!(
                        "after = \"{src}\" is neither a duration (\"500ms\", \"2s\") nor a query such as 'header \"Retry-After\"'"
                    ),
                );
                None
            }
        }
    }

    /// A duration field of `[[expect]]`.
    fn expect_duration(&mut self, v: &toml::Value, what: &str, line: usize) -> Option<Duration> {
        let d = duration_value(v);
        if d.is_none() {
            self.problem(
                Some(line),
                format!("{what} = {v} is not a duration (write \"500ms\", \"2s\" or milliseconds)"),
            );
        }
        d
    }
}
