//! Results as data: one [`Report`] per check, an [`StepOutcome`] per step and an
//! [`AssertOutcome`] per assertion. The terminal printer, JSON and JUnit all render these.

use serde::Serialize;

/// How a check ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Every step met its assertions.
    Passed,
    /// An assertion did not hold (exit 1).
    Failed,
    /// The target could not be reached or timed out (exit 3).
    Unreachable,
}

/// How one step or assertion came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Met.
    Passed,
    /// Not met.
    Failed,
    /// Not evaluated: an earlier step failed, or the status check failed first.
    Skipped,
    /// The value could not be computed, or the request got no answer.
    Error,
}

/// The result of checking one exercise.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The exercise id.
    pub exercise: String,
    /// The exercise title.
    pub title: String,
    /// `lab`, `quiz` or `server`.
    pub kind: String,
    /// The exercise file, relative to the pack root.
    pub file: String,
    /// How the check ended.
    pub verdict: Verdict,
    /// One line: "3 of 8 steps passed; step 4 "create a task" failed".
    pub summary: String,
    /// The server checked, for server exercises.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// Lab exercises: which requests were looked at ("3 requests since 2026-12-07 01:52:00
    /// UTC (when you opened the exercise)").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window: Option<String>,
    /// What to do next when nothing could be checked (lab never reached, server unreachable).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Every step (server), expectation (lab) or answer (quiz), in order.
    pub steps: Vec<StepOutcome>,
    /// Markdown shown after a pass.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<String>,
    /// Wall time of the whole check.
    pub duration_ms: u64,
}

/// One step (server), expectation (lab) or answer (quiz).
#[derive(Debug, Clone, Serialize)]
pub struct StepOutcome {
    /// The step's name (server), or a name made from the expected method and path (lab).
    pub name: String,
    /// The line of `[[step]]` / `[[expect]]` in the exercise file.
    pub line: usize,
    /// How the step came out.
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// What was sent (server), or the closest journalled request (lab).
    pub request: Option<SentRequest>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// What came back.
    pub response: Option<ResponseHead>,
    /// Every assertion of the step, in file order.
    pub asserts: Vec<AssertOutcome>,
    /// Why the step was skipped or errored.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// How many times it was sent (more than 1 with `retry`).
    pub tries: u32,
    /// Time spent on the step, retries included.
    pub duration_ms: u64,
}

/// The request of a step, ready to paste.
#[derive(Debug, Clone, Serialize)]
pub struct SentRequest {
    /// The method.
    pub method: String,
    /// The full URL.
    pub url: String,
    /// A curl command that sends the same request.
    pub curl: String,
}

/// The response head and a truncated body.
#[derive(Debug, Clone, Serialize)]
pub struct ResponseHead {
    /// The status code.
    pub status: u16,
    /// Header names and values, in order.
    pub headers: Vec<(String, String)>,
    /// The start of the body as text (lossy UTF-8).
    pub body: String,
    /// The body was cut at [`BODY_SHOWN`] bytes.
    pub truncated: bool,
}

/// How many bytes of a body a report shows.
pub const BODY_SHOWN: usize = 600;

/// One assertion.
#[derive(Debug, Clone, Serialize)]
pub struct AssertOutcome {
    /// As written.
    pub text: String,
    /// The line in the exercise file.
    pub line: usize,
    /// Passed, failed, skipped, or error.
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// What the predicate wanted, with types (`== integer 201`).
    pub expected: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// What came back, with its type (`integer 200`).
    pub actual: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// Why it was skipped or could not be evaluated.
    pub message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// The exercise's hint for this assertion, shown when it fails.
    pub hint: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// An RFC reference (`9110#15.3.2`), shown as a link when it fails.
    pub rfc: Option<String>,
}

impl ResponseHead {
    /// The head and at most [`BODY_SHOWN`] bytes of the body, as text.
    pub fn new(status: u16, headers: &[(String, String)], body: &[u8]) -> Self {
        let truncated = body.len() > BODY_SHOWN;
        let shown = &body[..body.len().min(BODY_SHOWN)];
        ResponseHead {
            status,
            headers: headers.to_vec(),
            body: String::from_utf8_lossy(shown).into_owned(),
            truncated,
        }
    }
}

impl StepOutcome {
    /// Failing (or erroring) assertions.
    pub fn failures(&self) -> impl Iterator<Item = &AssertOutcome> {
        self.asserts
            .iter()
            .filter(|a| matches!(a.status, Status::Failed | Status::Error))
    }
}

impl Report {
    /// The first step that did not pass.
    pub fn first_failure(&self) -> Option<(usize, &StepOutcome)> {
        self.steps
            .iter()
            .enumerate()
            .find(|(_, s)| matches!(s.status, Status::Failed | Status::Error))
    }

    /// What this check failed, for the class report: each failed assertion as written, once;
    /// `no answer: STEP` for a step that got none.
    pub fn failed_assertions(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for s in &self.steps {
            let mut any = false;
            for a in s.failures() {
                any = true;
                if !out.contains(&a.text) {
                    out.push(a.text.clone());
                }
            }
            if !any && s.status == Status::Error {
                out.push(format!("no answer: {}", s.name));
            }
        }
        out
    }

    /// Fill in the one-line summary from the steps.
    pub fn summarise(&mut self) {
        let total = self.steps.len();
        let passed = self
            .steps
            .iter()
            .filter(|s| s.status == Status::Passed)
            .count();
        let noun = match self.kind.as_str() {
            "lab" => "expectations",
            "quiz" => "answers",
            _ => "steps",
        };
        self.summary = match (self.verdict, self.first_failure()) {
            (Verdict::Passed, _) => format!("passed: {passed} of {total} {noun} met"),
            (_, Some((i, s))) => {
                let what = s
                    .failures()
                    .next()
                    .map(|a| format!(": {}", a.text))
                    .or_else(|| s.message.as_ref().map(|m| format!(": {m}")))
                    .unwrap_or_default();
                format!(
                    "{passed} of {total} {noun} met; step {} \"{}\" failed{what}",
                    i + 1,
                    s.name
                )
            }
            (_, None) => self
                .message
                .clone()
                .unwrap_or_else(|| format!("{passed} of {total} {noun} met")),
        };
    }
}
