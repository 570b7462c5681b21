//! Quiz checks: an answer compared with the accepted answers or pattern.

use super::assess::{finish, new_report};
use super::outcome::{AssertOutcome, Report, Status, StepOutcome, Verdict};
use crate::course::Exercise;
use crate::course::exercise::QuizSpec;
use std::time::Instant;

/// Normalise an answer: trimmed, lowercase, inner whitespace collapsed.
fn normalise(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Whether `answer` is accepted by the quiz.
pub fn quiz_accepts(spec: &QuizSpec, answer: &str) -> bool {
    let given = normalise(answer);
    spec.answers.iter().any(|a| normalise(a) == given)
        || spec
            .pattern
            .as_ref()
            .is_some_and(|p| p.regex.is_match(answer.trim()))
}

/// The `[quiz.why]` sentence for a wrong choice, if the quiz has one.
pub fn quiz_why<'a>(spec: &'a QuizSpec, answer: &str) -> Option<&'a str> {
    let given = normalise(answer);
    spec.why
        .iter()
        .find(|(choice, _)| normalise(choice) == given)
        .map(|(_, why)| why.as_str())
}

/// An answer given as a choice's number (`2` for the second choice) is that choice, unless the
/// number is itself an answer or a choice (a quiz about status codes may accept `2`... as text).
pub fn resolve_choice<'a>(spec: &'a QuizSpec, answer: &'a str) -> &'a str {
    let given = normalise(answer);
    let literal = spec
        .answers
        .iter()
        .chain(&spec.choices)
        .any(|a| normalise(a) == given);
    match given.parse::<usize>() {
        Ok(n) if !literal && (1..=spec.choices.len()).contains(&n) => &spec.choices[n - 1],
        _ => answer,
    }
}

/// Check a quiz answer (a choice's text, or its number). The accepted answers are not shown on a failure: that is what hints
/// are for.
pub fn run_quiz(ex: &Exercise, spec: &QuizSpec, answer: &str) -> Report {
    let started = Instant::now();
    let mut report = new_report(ex);
    let answer = resolve_choice(spec, answer);
    let ok = quiz_accepts(spec, answer);
    let line = spec.line;
    report.steps.push(StepOutcome {
        name: "answer".into(),
        line,
        status: if ok { Status::Passed } else { Status::Failed },
        request: None,
        response: None,
        asserts: vec![AssertOutcome {
            text: "answer".into(),
            line,
            status: if ok { Status::Passed } else { Status::Failed },
            expected: None,
            actual: Some(format!("\"{}\"", answer.trim())),
            message: (!ok).then(|| "that is not the answer".to_string()),
            hint: None,
            rfc: None,
        }],
        // A wrong choice with a [quiz.why] says why it is wrong.
        message: if ok {
            None
        } else {
            quiz_why(spec, answer).map(str::to_string)
        },
        tries: 1,
        duration_ms: 0,
    });
    report.verdict = if ok { Verdict::Passed } else { Verdict::Failed };
    finish(ex, report, started)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::exercise::{Spec, parse};

    #[test]
    fn quiz_answers_are_trimmed_and_case_insensitive() {
        let text = "format_version = 1\nid = \"q\"\ntitle = \"Q\"\nphase = \"p\"\nkind = \"quiz\"\nprompt = \"p\"\n[quiz]\nquestion = \"?\"\nanswers = [\"201\", \"201 Created\"]\n";
        let ex = parse("q.toml", text).unwrap();
        let Spec::Quiz(q) = &ex.spec else { panic!() };
        for ok in ["201", " 201  created ", "201 CREATED"] {
            assert!(quiz_accepts(q, ok), "{ok}");
        }
        for no in ["200", "2010", "created", ""] {
            assert!(!quiz_accepts(q, no), "{no}");
        }
    }

    #[test]
    fn a_choice_number_is_that_choice_unless_it_is_itself_an_answer() {
        let head = "format_version = 1\nid = \"q\"\ntitle = \"Q\"\nphase = \"p\"\nkind = \"quiz\"\nprompt = \"p\"\n[quiz]\nquestion = \"?\"\n";
        let ex = parse(
            "q.toml",
            &format!(
                "{head}choices = [\"200 OK\", \"201 Created\"]\nanswers = [\"201 Created\"]\n"
            ),
        )
        .unwrap();
        let Spec::Quiz(q) = &ex.spec else { panic!() };
        assert_eq!(resolve_choice(q, " 2 "), "201 Created");
        assert_eq!(resolve_choice(q, "3"), "3", "no third choice");
        let ex = parse(
            "q.toml",
            &format!("{head}choices = [\"1\", \"2\"]\nanswers = [\"1\"]\n"),
        )
        .unwrap();
        let Spec::Quiz(q) = &ex.spec else { panic!() };
        assert_eq!(resolve_choice(q, "2"), "2", "a choice's own text wins");
    }
}
