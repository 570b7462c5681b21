//! JUnit XML for CI: one `<testsuite>` named after the learner (so files merged from a class
//! stay apart), one `<testcase>` per step with the exercise id as its class name, and one
//! errored case for an exercise that could not be checked. Only attributes the Jenkins xunit
//! `junit-10.xsd` defines (vendored in tests/fixtures/junit/, and validated in the tests).

use super::grade::{Grade, Graded};
use super::outcome::{Status, StepOutcome};
use std::fmt::Write;

/// Escape text for XML content and attributes. Characters XML 1.0 cannot hold (control
/// characters other than tab and newlines) become `?`.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\r' | '\t') => out.push('?'),
            '\u{fffe}' | '\u{ffff}' => out.push('?'),
            c => out.push(c),
        }
    }
    out
}

fn secs(ms: u64) -> String {
    format!("{:.3}", ms as f64 / 1000.0)
}

/// The whole run as JUnit XML.
pub fn junit(grade: &Grade) -> String {
    let (mut tests, mut failures, mut errors, mut skipped) = (0, 0, 0, 0);
    for g in &grade.exercises {
        match g.report.as_ref().filter(|r| !r.steps.is_empty()) {
            Some(r) => {
                tests += r.steps.len();
                for s in &r.steps {
                    match s.status {
                        Status::Failed => failures += 1,
                        Status::Error => errors += 1,
                        Status::Skipped => skipped += 1,
                        Status::Passed => {}
                    }
                }
            }
            None => {
                tests += 1;
                errors += 1;
            }
        }
    }
    let (score, max_score) = grade.score();
    let time = secs(grade.duration_ms);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"backroad\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" time=\"{time}\">"
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\" time=\"{time}\" timestamp=\"{}\">",
        xml_escape(&grade.name),
        xml_escape(&grade.started),
    );
    out.push_str("    <properties>\n");
    let mut props = vec![
        ("score", score.to_string()),
        ("max_score", max_score.to_string()),
    ];
    if let Some(t) = &grade.target {
        props.push(("target", t.clone()));
    }
    for (k, v) in props {
        let _ = writeln!(
            out,
            "      <property name=\"{k}\" value=\"{}\"/>",
            xml_escape(&v)
        );
    }
    out.push_str("    </properties>\n");
    for g in &grade.exercises {
        exercise(&mut out, g);
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

fn exercise(out: &mut String, g: &Graded) {
    let class = xml_escape(&g.id);
    let Some(r) = g.report.as_ref().filter(|r| !r.steps.is_empty()) else {
        // Not checked at all (unreachable, broken): one errored case, so CI sees it.
        let message = g
            .report
            .as_ref()
            .and_then(|r| r.message.clone())
            .unwrap_or_else(|| g.summary.clone());
        let _ = writeln!(
            out,
            "    <testcase classname=\"{class}\" name=\"{class}\" time=\"{}\">\n      <error message=\"{}\">{} ({})</error>\n    </testcase>",
            secs(g.report.as_ref().map_or(0, |r| r.duration_ms)),
            xml_escape(&g.summary),
            xml_escape(&message),
            xml_escape(&g.file),
        );
        return;
    };
    for (i, s) in r.steps.iter().enumerate() {
        let _ = write!(
            out,
            "    <testcase classname=\"{class}\" name=\"{}\" time=\"{}\"",
            xml_escape(&format!("{}. {}", i + 1, s.name)),
            secs(s.duration_ms)
        );
        match s.status {
            Status::Passed => out.push_str("/>\n"),
            Status::Skipped => {
                let _ = writeln!(
                    out,
                    ">\n      <skipped message=\"{}\"/>\n    </testcase>",
                    xml_escape(s.message.as_deref().unwrap_or("skipped"))
                );
            }
            Status::Failed | Status::Error => {
                let tag = if s.status == Status::Failed {
                    "failure"
                } else {
                    "error"
                };
                let first = s
                    .failures()
                    .next()
                    .map(|a| a.text.clone())
                    .or_else(|| s.message.clone())
                    .unwrap_or_else(|| "failed".into());
                let _ = writeln!(
                    out,
                    ">\n      <{tag} message=\"{}\">{}</{tag}>\n    </testcase>",
                    xml_escape(&first),
                    xml_escape(&detail(s, &g.file))
                );
            }
        }
    }
}

/// What a failed step's element holds: the message, the request, each failed assertion with
/// its line, and the answer's status.
fn detail(s: &StepOutcome, file: &str) -> String {
    let mut detail = String::new();
    if let Some(m) = &s.message {
        let _ = writeln!(detail, "{m}");
    }
    if let Some(req) = &s.request {
        let _ = writeln!(detail, "request: {}", req.curl);
    }
    for a in s.failures() {
        let _ = writeln!(detail, "{} ({file}:{})", a.text, a.line);
        for (k, v) in [
            ("expected", &a.expected),
            ("actual", &a.actual),
            ("problem", &a.message),
            ("hint", &a.hint),
        ] {
            if let Some(v) = v {
                let _ = writeln!(detail, "  {k}: {v}");
            }
        }
    }
    if let Some(resp) = &s.response {
        let _ = writeln!(detail, "response: HTTP {}", resp.status);
    }
    detail
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::outcome::{AssertOutcome, Report, Verdict};

    #[test]
    fn junit_escapes_counts_and_names_the_suite_after_the_learner() {
        let step = |name: &str, status| StepOutcome {
            name: name.into(),
            line: 3,
            status,
            request: None,
            response: None,
            asserts: vec![AssertOutcome {
                text: "status == 201".into(),
                line: 4,
                status: if status == Status::Failed {
                    Status::Failed
                } else {
                    Status::Passed
                },
                expected: Some("== integer 201".into()),
                actual: Some("integer 200 & says \x1b[31m".into()),
                message: None,
                hint: None,
                rfc: None,
            }],
            message: None,
            tries: 1,
            duration_ms: 12,
        };
        let report = Report {
            exercise: "t.x".into(),
            title: "X".into(),
            kind: "server".into(),
            file: "exercises/t.toml".into(),
            verdict: Verdict::Failed,
            summary: String::new(),
            target: None,
            message: None,
            window: None,
            steps: vec![
                step("list", Status::Passed),
                step("create <a> task", Status::Failed),
            ],
            explanation: None,
            duration_ms: 30,
        };
        let graded = Graded {
            id: "t.x".into(),
            title: "X".into(),
            kind: "server".into(),
            phase: "p".into(),
            file: "exercises/t.toml".into(),
            outcome: crate::check::grade::Outcome::Failed,
            points: 0,
            max_points: 1,
            summary: String::new(),
            report: Some(report),
        };
        let x = junit(&Grade {
            name: "Ana \"A\" Lopes".into(),
            target: Some("http://127.0.0.1:1".into()),
            exercises: vec![graded],
            duration_ms: 30,
            started: "2026-12-07T01:00:00Z".into(),
        });
        assert!(
            x.contains("<testsuite name=\"Ana &quot;A&quot; Lopes\" tests=\"2\" failures=\"1\""),
            "{x}"
        );
        assert!(x.contains("name=\"2. create &lt;a&gt; task\""), "{x}");
        assert!(x.contains("<failure message=\"status == 201\">"), "{x}");
        assert!(x.contains("200 &amp; says ?[31m"), "no raw escape: {x}");
        assert!(x.contains("(exercises/t.toml:4)"), "{x}");
    }
}
