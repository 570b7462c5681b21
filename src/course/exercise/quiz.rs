//! `kind = "quiz"`: a question, its choices, the accepted answers, feedback per choice.

use super::parse::key;
use super::raw::QuizToml;
use super::*;
use crate::course::position::Seg;

impl Cx<'_> {
    pub(super) fn quiz(&mut self) -> Option<QuizSpec> {
        let Some(table) = self.doc.value(&key("quiz")) else {
            self.problem_key(
                &key("kind"),
                "a quiz exercise needs a [quiz] table with question and answer",
            );
            return None;
        };
        let line = self.line_of(table.span());
        let q: QuizToml = self.decode(table)?;
        let at = |k: &'static str| -> [Seg<'static>; 2] { ["quiz".into(), k.into()] };
        let mut answers = q.answers;
        answers.extend(q.answer);
        let pattern = q.pattern.and_then(|p| {
            match regex::RegexBuilder::new(&format!("^(?:{p})$"))
                .case_insensitive(true)
                .build()
            {
                Ok(regex) => Some(Pattern { source: p, regex }),
                Err(e) => {
                    self.problem_value(
                        &at("pattern"),
                        format!("[quiz] pattern does not compile: {e}"),
                    );
                    None
                }
            }
        });
        if answers.is_empty() && pattern.is_none() {
            self.problem_key(
                &key("quiz"),
                "[quiz] needs `answer`, `answers` or `pattern`",
            );
        }
        let has_choices = self.doc.value(&at("choices")).is_some();
        if has_choices && q.choices.is_empty() {
            self.problem_value(
                &at("choices"),
                "[quiz] choices is empty: list the choices, or leave `choices` out for a short answer",
            );
        }
        let spec = QuizSpec {
            line,
            question: crate::text::clean_owned(q.question),
            choices: q
                .choices
                .into_iter()
                .map(crate::text::clean_owned)
                .collect(),
            answers,
            pattern,
            why: Vec::new(),
        };
        if !spec.choices.is_empty()
            && (!spec.answers.is_empty() || spec.pattern.is_some())
            && !spec.choices.iter().any(|c| spec.accepts(c))
        {
            let which = if spec.answers.is_empty() {
                "pattern"
            } else if self.doc.value(&at("answers")).is_some() {
                "answers"
            } else {
                "answer"
            };
            self.problem_value(
                &at(which),
                format!(
                    "[quiz] no choice is accepted: the {which} matches none of the choices ({}), so \
                     nobody can pass. Write an answer exactly as one of the choices",
                    spec.choices.join(", ")
                ),
            );
        }
        let mut seen = Vec::new();
        for c in &spec.choices {
            if seen.contains(&normalise_answer(c)) {
                let w = self.doc.at_value(
                    &at("choices"),
                    format!("[quiz] choice \"{c}\" is listed twice"),
                );
                self.warnings.push(w);
            }
            seen.push(normalise_answer(c));
        }
        let mut why = Vec::new();
        for (choice, v) in q.why.unwrap_or_default() {
            let path: [Seg; 3] = ["quiz".into(), "why".into(), Seg::Key(&choice)];
            if !spec.choices.contains(&choice) {
                let near = crate::text::did_you_mean_suffix(
                    &choice,
                    spec.choices.iter().map(String::as_str),
                );
                self.problem_key(
                    &path,
                    format!(
                        "[quiz.why] \"{choice}\" is not one of the choices.{near} Write the choice exactly as in `choices`"
                    ),
                );
            }
            match v {
                toml::Value::String(text) => why.push((choice, crate::text::clean_owned(text))),
                _ => self.problem_value(&path, format!("[quiz.why] \"{choice}\" must be a string")),
            }
        }
        Some(QuizSpec { why, ..spec })
    }
}
