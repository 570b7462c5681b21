//! Rendering a [`Report`]: terminal text (colour, or plain words), and JUnit XML for CI.
//! JSON is the report's own serde form.

use super::outcome::{AssertOutcome, Report, Status, StepOutcome, Verdict};
use std::fmt::Write;

/// How to style terminal text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// ANSI colour and symbols; otherwise plain words.
    pub color: bool,
    /// Name the exercise file and its lines: for pack authors (a `--course` pack, `--verbose`),
    /// not for a learner of the built-in course, who has no such files.
    pub locations: bool,
}

/// `{{name}}` placeholders as a learner reads them: `<name>`. Values already substituted by
/// the checker are shown as themselves; what is left is a template nobody filled in.
pub fn readable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let Some(len) = rest[start + 2..].find("}}") else {
            break;
        };
        let name = rest[start + 2..start + 2 + len].trim();
        out.push_str(&rest[..start]);
        if name.is_empty() || name.contains(['{', '}', '\n']) {
            out.push_str(&rest[start..start + 4 + len]);
        } else {
            out.push_str(&format!("<{name}>"));
        }
        rest = &rest[start + 4 + len..];
    }
    out.push_str(rest);
    out
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn mark(&self, s: Status) -> String {
        match (s, self.color) {
            (Status::Passed, true) => self.paint("32", "✓"),
            (Status::Failed, true) => self.paint("31;1", "✗"),
            (Status::Error, true) => self.paint("31;1", "!"),
            (Status::Skipped, true) => self.paint("2", "–"),
            (Status::Passed, false) => "ok  ".into(),
            (Status::Failed, false) => "FAIL".into(),
            (Status::Error, false) => "ERR ".into(),
            (Status::Skipped, false) => "skip".into(),
        }
    }

    fn dim(&self, text: &str) -> String {
        self.paint("2", text)
    }

    fn bold(&self, text: &str) -> String {
        self.paint("1", text)
    }
}

/// A link for an `rfc` reference like `9110#15.3.2`.
pub fn rfc_link(rfc: &str) -> String {
    let (num, section) = rfc.split_once('#').unwrap_or((rfc, ""));
    let num = num
        .trim()
        .trim_start_matches("RFC")
        .trim_start_matches("rfc")
        .trim();
    if section.is_empty() {
        format!("RFC {num}: https://www.rfc-editor.org/rfc/rfc{num}")
    } else {
        format!("RFC {num} §{section}: https://www.rfc-editor.org/rfc/rfc{num}#section-{section}")
    }
}

/// The report as terminal text.
pub fn text(r: &Report, style: Style) -> String {
    let r = &cleaned(r);
    let mut out = String::new();
    let head = match r.verdict {
        Verdict::Passed => style.paint("32;1", if style.color { "PASSED" } else { "PASSED:" }),
        Verdict::Failed => style.paint("31;1", if style.color { "FAILED" } else { "FAILED:" }),
        Verdict::Unreachable => style.paint(
            "31;1",
            if style.color {
                "NOT CHECKED"
            } else {
                "NOT CHECKED:"
            },
        ),
    };
    let _ = writeln!(out, "{head} {} — {}", style.bold(&r.exercise), r.title);
    if style.locations {
        let _ = writeln!(out, "  file:   {}", r.file);
    }
    if let Some(t) = &r.target {
        let _ = writeln!(out, "  target: {t}");
    }
    if let Some(w) = &r.window {
        let _ = writeln!(out, "  looked at: {w}");
    }
    if let Some(m) = &r.message {
        let _ = writeln!(out);
        for l in readable(m).lines() {
            let _ = writeln!(out, "  {l}");
        }
    }
    let _ = writeln!(out);
    for (i, s) in r.steps.iter().enumerate() {
        step(&mut out, r, i, s, style);
    }
    if let Some(e) = &r.explanation {
        let heading = if r.verdict == Verdict::Passed {
            "Why it works"
        } else {
            STUCK_HEADING
        };
        let _ = writeln!(out, "\n{}", style.bold(heading));
        for l in e.trim().lines() {
            let _ = writeln!(out, "  {l}");
        }
        let _ = writeln!(out);
    }
    if !out.ends_with("\n\n") {
        out.push('\n');
    }
    let _ = writeln!(out, "Result: {}", readable(&r.summary));
    out
}

/// The report with every text cleaned of control characters ([`crate::text::clean`]): a
/// server's answer or a pack's text may hold escape sequences, and only our own colour codes
/// may reach the terminal.
fn cleaned(r: &Report) -> Report {
    let c = |s: &mut String| {
        if let std::borrow::Cow::Owned(o) = crate::text::clean(s) {
            *s = o;
        }
    };
    let o = |s: &mut Option<String>| s.iter_mut().for_each(c);
    let mut r = r.clone();
    for s in [&mut r.exercise, &mut r.title, &mut r.file, &mut r.summary] {
        c(s);
    }
    for s in [&mut r.target, &mut r.message, &mut r.explanation] {
        o(s);
    }
    for step in &mut r.steps {
        c(&mut step.name);
        o(&mut step.message);
        if let Some(req) = &mut step.request {
            c(&mut req.curl);
        }
        if let Some(resp) = &mut step.response {
            c(&mut resp.body);
            for (k, v) in &mut resp.headers {
                c(k);
                c(v);
            }
        }
        for a in &mut step.asserts {
            c(&mut a.text);
            for s in [
                &mut a.expected,
                &mut a.actual,
                &mut a.message,
                &mut a.hint,
                &mut a.rfc,
            ] {
                o(s);
            }
        }
    }
    r
}

/// The heading of an explanation offered before a pass (after a few failed tries).
pub const STUCK_HEADING: &str = "Stuck? Here is the idea behind it";

fn step(out: &mut String, r: &Report, i: usize, s: &StepOutcome, style: Style) {
    let label = format!("{}. {}", i + 1, readable(&s.name));
    let tries = if s.tries > 1 {
        format!("  ({} tries)", s.tries)
    } else {
        String::new()
    };
    match s.status {
        Status::Passed => {
            let _ = writeln!(out, "  {} {label}{tries}", style.mark(s.status));
            return;
        }
        Status::Skipped => {
            let why = s.message.as_deref().unwrap_or("skipped");
            let _ = writeln!(
                out,
                "  {} {}",
                style.mark(s.status),
                style.dim(&format!("{label}  ({why})"))
            );
            return;
        }
        _ => {}
    }
    let place = if style.locations {
        format!("  {}", style.dim(&format!("({}:{})", r.file, s.line)))
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "  {} {}{place}",
        style.mark(s.status),
        style.bold(&label)
    );
    if let Some(m) = &s.message {
        let _ = writeln!(out, "       {}", readable(m));
    }
    if let Some(req) = &s.request {
        let _ = writeln!(out, "       request (paste to try it):");
        let _ = writeln!(out, "         {}", req.curl);
    }
    if s.response.is_none() && s.request.is_some() && !s.asserts.is_empty() {
        let _ = writeln!(out, "       what this step checks:");
        for a in &s.asserts {
            let _ = writeln!(out, "         {}", readable(&a.text));
            if let Some(h) = &a.hint {
                let _ = writeln!(out, "           hint: {h}");
            }
        }
        let _ = writeln!(out);
        return;
    }
    let passed = s
        .asserts
        .iter()
        .filter(|a| a.status == Status::Passed)
        .count();
    for a in s.asserts.iter().filter(|a| a.status != Status::Passed) {
        assertion(out, a, style);
    }
    if let Some(why) = s
        .asserts
        .iter()
        .find(|a| a.status == Status::Skipped)
        .and_then(|a| a.message.as_deref())
    {
        let _ = writeln!(out, "       {}", style.dim(&format!("({why})")));
    }
    if passed > 0 {
        let _ = writeln!(
            out,
            "       {}",
            style.dim(&format!(
                "{passed} other assertion{} passed",
                if passed == 1 { "" } else { "s" }
            ))
        );
    }
    if let Some(resp) = &s.response {
        let _ = writeln!(out, "       response:");
        let _ = writeln!(out, "         HTTP {}", resp.status);
        for (k, v) in &resp.headers {
            let _ = writeln!(out, "         {k}: {v}");
        }
        if !resp.body.is_empty() {
            let _ = writeln!(out);
            for l in resp.body.lines() {
                let _ = writeln!(out, "         {l}");
            }
            if resp.truncated {
                let _ = writeln!(out, "         {}", style.dim("… (body truncated)"));
            }
        }
    }
    let _ = writeln!(out);
}

fn assertion(out: &mut String, a: &AssertOutcome, style: Style) {
    let place = if style.locations {
        format!("  {}", style.dim(&format!("(line {})", a.line)))
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "       {} {}{place}",
        style.mark(a.status),
        readable(&a.text)
    );
    if a.status == Status::Skipped {
        return;
    }
    if let Some(e) = &a.expected {
        let _ = writeln!(out, "              expected: {}", readable(e));
    }
    if let Some(v) = &a.actual {
        let _ = writeln!(out, "              actual:   {v}");
    }
    if let Some(m) = &a.message {
        let _ = writeln!(out, "              problem:  {m}");
    }
    if let Some(h) = &a.hint {
        let _ = writeln!(out, "              hint:     {h}");
    }
    if let Some(rfc) = &a.rfc {
        let _ = writeln!(out, "              see:      {}", rfc_link(rfc));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::outcome::ResponseHead;

    fn report() -> Report {
        let mut r = Report {
            exercise: "build.tasks-api".into(),
            title: "Build a tasks API".into(),
            kind: "server".into(),
            file: "exercises/06-apis/build-tasks-api.toml".into(),
            verdict: Verdict::Failed,
            summary: String::new(),
            target: Some("http://127.0.0.1:8000".into()),
            window: None,
            message: None,
            steps: vec![
                StepOutcome {
                    name: "list tasks".into(),
                    line: 20,
                    status: Status::Passed,
                    request: None,
                    response: None,
                    asserts: vec![],
                    message: None,
                    tries: 1,
                    duration_ms: 2,
                },
                StepOutcome {
                    name: "create <a> task".into(),
                    line: 30,
                    status: Status::Failed,
                    request: Some(crate::check::outcome::SentRequest {
                        method: "POST".into(),
                        url: "http://127.0.0.1:8000/tasks".into(),
                        curl: "curl -i -X POST http://127.0.0.1:8000/tasks".into(),
                    }),
                    response: Some(ResponseHead::new(
                        200,
                        &[("content-type".into(), "application/json".into())],
                        b"{\"id\":1}",
                    )),
                    asserts: vec![AssertOutcome {
                        text: "status == 201".into(),
                        line: 33,
                        status: Status::Failed,
                        expected: Some("== integer 201".into()),
                        actual: Some("integer 200".into()),
                        message: None,
                        hint: Some("A create answers 201 & says where".into()),
                        rfc: Some("9110#15.3.2".into()),
                    }],
                    message: None,
                    tries: 1,
                    duration_ms: 1,
                },
            ],
            explanation: None,
            duration_ms: 5,
        };
        r.summarise();
        r
    }

    #[test]
    fn plain_text_uses_words_and_shows_what_failed() {
        let t = text(
            &report(),
            Style {
                color: false,
                locations: true,
            },
        );
        assert!(!t.contains('\x1b'));
        assert!(t.contains("FAILED: build.tasks-api"), "{t}");
        assert!(
            t.contains("FAIL 2. create <a> task  (exercises/06-apis/build-tasks-api.toml:30)"),
            "{t}"
        );
        assert!(t.contains("expected: == integer 201"), "{t}");
        assert!(t.contains("actual:   integer 200"), "{t}");
        assert!(t.contains("hint:     A create answers 201"), "{t}");
        assert!(t.contains("rfc9110#section-15.3.2"), "{t}");
        assert!(t.contains("curl -i -X POST"), "{t}");
        assert!(t.contains("HTTP 200"), "{t}");
        assert!(
            t.contains(
                "Result: 1 of 2 steps met; step 2 \"create <a> task\" failed: status == 201"
            ),
            "{t}"
        );
        let c = text(
            &report(),
            Style {
                color: true,
                locations: true,
            },
        );
        assert!(c.contains('\x1b') && c.contains('✗'));
    }

    #[test]
    fn a_learner_sees_no_file_names_lines_or_raw_placeholders() {
        let mut r = report();
        r.steps[1].asserts[0].text = "request.path == \"{{loc}}\"".into();
        r.verdict = Verdict::Failed;
        r.explanation = Some("A create answers 201.".into());
        let t = text(
            &r,
            Style {
                color: false,
                locations: false,
            },
        );
        assert!(!t.contains(".toml") && !t.contains("(line "), "{t}");
        assert!(t.contains("request.path == \"<loc>\""), "{t}");
        assert!(!t.contains("{{"), "{t}");
        assert!(t.contains(STUCK_HEADING), "{t}");
        assert_eq!(readable("a {{ x }} b {{y}}"), "a <x> b <y>");
        assert_eq!(readable("{\"a\": {}} {{"), "{\"a\": {}} {{");
    }
}
