//! Grading: many exercises checked for one learner (`backroad check --all`), with points, one
//! exit code, and the machine-readable forms a grader reads: the versioned JSON
//! (`backroad.check-all/1`, documented in docs/check-json.md) and GitHub Classroom's
//! autograding result. JUnit is in [`super::junit`].

use super::outcome::{Report, Status, Verdict};
use crate::course::Exercise;
use crate::course::exercise::Spec;
use serde::Serialize;
use serde_json::{Value, json};

/// The schema name of `backroad check ID --json`.
pub const SCHEMA_ONE: &str = "backroad.check/1";
/// The schema name of `backroad check --all --json`.
pub const SCHEMA_ALL: &str = "backroad.check-all/1";

/// How one graded exercise came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// Every step met its assertions.
    Passed,
    /// The learner's work did not meet an assertion.
    Failed,
    /// The target never answered.
    Unreachable,
    /// The exercise itself could not be checked (the pack's fault, not the learner's).
    Broken,
}

/// One exercise of a graded run.
#[derive(Debug, Clone, Serialize)]
pub struct Graded {
    /// The exercise id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its kind.
    pub kind: String,
    /// Its phase id.
    pub phase: String,
    /// Its file, relative to the pack.
    pub file: String,
    /// How it came out.
    pub outcome: Outcome,
    /// Points earned.
    pub points: u32,
    /// Points it is worth.
    pub max_points: u32,
    /// One line: what passed, or what failed first.
    pub summary: String,
    /// The full report (`null` for a broken exercise).
    pub report: Option<Report>,
}

impl Graded {
    /// Grade a report of `ex`: the exercise's `points` when it passed, or the points of the
    /// steps that passed when its steps carry points.
    pub fn new(ex: &Exercise, report: Report) -> Self {
        let max_points = max_points(ex);
        let points = match step_points(ex) {
            Some(points) => report
                .steps
                .iter()
                .zip(points)
                .filter(|(s, _)| s.status == Status::Passed)
                .map(|(_, p)| p)
                .sum(),
            None if report.verdict == Verdict::Passed => max_points,
            None => 0,
        };
        let outcome = match report.verdict {
            Verdict::Passed => Outcome::Passed,
            Verdict::Failed => Outcome::Failed,
            Verdict::Unreachable => Outcome::Unreachable,
        };
        Graded {
            id: ex.id.clone(),
            title: ex.title.clone(),
            kind: ex.kind.clone(),
            phase: ex.phase.clone(),
            file: ex.file.clone(),
            outcome,
            points,
            max_points,
            summary: report.summary.clone(),
            report: Some(report),
        }
    }

    /// An exercise that could not be checked: worth its points, none earned.
    pub fn broken(ex: &Exercise, why: String) -> Self {
        Graded {
            id: ex.id.clone(),
            title: ex.title.clone(),
            kind: ex.kind.clone(),
            phase: ex.phase.clone(),
            file: ex.file.clone(),
            outcome: Outcome::Broken,
            points: 0,
            max_points: max_points(ex),
            summary: format!("not checked: the exercise is broken: {why}"),
            report: None,
        }
    }
}

/// Each step's points, when the exercise grades step by step (a step without `points` is
/// worth 1 then).
fn step_points(ex: &Exercise) -> Option<Vec<u32>> {
    match &ex.spec {
        Spec::Server(s) if s.steps.iter().any(|st| st.points.is_some()) => {
            Some(s.steps.iter().map(|st| st.points.unwrap_or(1)).collect())
        }
        _ => None,
    }
}

/// What an exercise is worth.
pub fn max_points(ex: &Exercise) -> u32 {
    step_points(ex).map_or(ex.points, |p| p.iter().sum())
}

/// A learner's graded run.
#[derive(Debug, Clone)]
pub struct Grade {
    /// The learner (`--name`, the git user, or the OS user).
    pub name: String,
    /// The server checked, when there was one.
    pub target: Option<String>,
    /// Every exercise, in course order.
    pub exercises: Vec<Graded>,
    /// Wall time of the run, ms.
    pub duration_ms: u64,
    /// When the run started, RFC 3339.
    pub started: String,
}

impl Grade {
    /// Points earned and points possible.
    pub fn score(&self) -> (u32, u32) {
        self.exercises
            .iter()
            .fold((0, 0), |(p, m), g| (p + g.points, m + g.max_points))
    }

    fn count(&self, o: Outcome) -> usize {
        self.exercises.iter().filter(|g| g.outcome == o).count()
    }

    /// The run's exit code: 2 when an exercise is broken (the pack's fault); 3 when the target
    /// never answered at all (no exercise reached it); 1 when any exercise did not pass
    /// (a server that answered and then went away failed what came after); 0 otherwise.
    pub fn exit_code(&self) -> u8 {
        if self.count(Outcome::Broken) > 0 {
            2
        } else if self.count(Outcome::Unreachable) > 0 && !self.target_answered() {
            3
        } else if self.exercises.iter().all(|g| g.outcome == Outcome::Passed) {
            0
        } else {
            1
        }
    }

    /// Whether the target answered anything during the run: a server exercise passed or
    /// failed, or one of its steps got an answer before the server went away.
    fn target_answered(&self) -> bool {
        self.exercises.iter().any(|g| {
            g.kind == "server"
                && (matches!(g.outcome, Outcome::Passed | Outcome::Failed)
                    || g.report
                        .as_ref()
                        .is_some_and(|r| r.steps.iter().any(|s| s.response.is_some())))
        })
    }

    /// The `backroad.check-all/1` document.
    pub fn to_json(&self) -> Value {
        let (score, max_score) = self.score();
        json!({
            "schema": SCHEMA_ALL,
            "exit": self.exit_code(),
            "name": self.name,
            "target": self.target,
            "started": self.started,
            "duration_ms": self.duration_ms,
            "score": score,
            "max_score": max_score,
            "counts": {
                "total": self.exercises.len(),
                "passed": self.count(Outcome::Passed),
                "failed": self.count(Outcome::Failed),
                "unreachable": self.count(Outcome::Unreachable),
                "broken": self.count(Outcome::Broken),
            },
            "exercises": self.exercises,
            "error": Value::Null,
        })
    }

    /// GitHub Classroom's autograding result (the `result` output of its graders, which the
    /// autograding-grading-reporter action reads base64-encoded): one test per exercise.
    pub fn classroom(&self) -> Value {
        let status = |o: Outcome| match o {
            Outcome::Passed => "pass",
            Outcome::Failed => "fail",
            Outcome::Unreachable | Outcome::Broken => "error",
        };
        let overall = match self.exit_code() {
            0 => "pass",
            1 => "fail",
            _ => "error",
        };
        let tests: Vec<Value> = self
            .exercises
            .iter()
            .map(|g| {
                json!({
                    "name": format!("{}: {}", g.id, g.title),
                    "status": status(g.outcome),
                    "score": g.points,
                    "message": g.summary,
                    "test_code": format!("backroad check {}", g.id),
                    "filename": g.file,
                    "line_no": 0,
                    "duration": g.report.as_ref().map_or(0, |r| r.duration_ms),
                })
            })
            .collect();
        json!({
            "version": 1,
            "status": overall,
            "max_score": self.score().1,
            "tests": tests,
        })
    }
}

/// The JSON printed when a check could not run at all (bad input, exit 2; or a runtime error,
/// exit 3): the same schema, with `error` set.
pub fn error_json(schema: &str, exit: u8, error: &str) -> Value {
    let mut v = json!({ "schema": schema, "exit": exit, "error": error });
    if schema == SCHEMA_ALL {
        v["exercises"] = json!([]);
    }
    v
}

/// `backroad check ID --json`: the report with the schema and the exit code in front.
pub fn one_json(report: &Report, exit: u8) -> Value {
    let mut v = json!({ "schema": SCHEMA_ONE, "exit": exit });
    if let (Some(map), Ok(Value::Object(r))) = (v.as_object_mut(), serde_json::to_value(report)) {
        map.extend(r);
        map.insert("error".into(), Value::Null);
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::assess::new_report;
    use crate::course::exercise::parse;

    fn server(points: &str, step_points: [&str; 2]) -> Exercise {
        let text = format!(
            "format_version = 1\nid = \"t.s\"\ntitle = \"S\"\nphase = \"06-apis\"\nkind = \"server\"\nprompt = \"p\"\n{points}\n\n[[step]]\nname = \"a\"\nrequest = {{ method = \"GET\", path = \"/a\" }}\nasserts = ['status == 200']\n{}\n\n[[step]]\nname = \"b\"\nrequest = {{ method = \"GET\", path = \"/b\" }}\nasserts = ['status == 200']\n{}\n",
            step_points[0], step_points[1]
        );
        parse("exercises/t.toml", &text).unwrap()
    }

    fn report(ex: &Exercise, statuses: [Status; 2], verdict: Verdict) -> Report {
        let mut r = new_report(ex);
        r.verdict = verdict;
        for (i, st) in statuses.into_iter().enumerate() {
            r.steps.push(super::super::assess::skipped_step(
                format!("{i}"),
                1,
                String::new(),
            ));
            r.steps[i].status = st;
        }
        r
    }

    #[test]
    fn points_come_from_the_exercise_or_its_steps() {
        let ex = server("points = 3", ["", ""]);
        let g = Graded::new(&ex, report(&ex, [Status::Passed; 2], Verdict::Passed));
        assert_eq!((g.points, g.max_points), (3, 3));
        let g = Graded::new(
            &ex,
            report(&ex, [Status::Passed, Status::Failed], Verdict::Failed),
        );
        assert_eq!((g.points, g.max_points), (0, 3), "all or nothing");

        let ex = server("", ["points = 2", "points = 5"]);
        let g = Graded::new(
            &ex,
            report(&ex, [Status::Failed, Status::Passed], Verdict::Failed),
        );
        assert_eq!((g.points, g.max_points), (5, 7), "step by step");
        let ex = server("", ["points = 2", ""]);
        assert_eq!(max_points(&ex), 3, "a step without points is worth 1");
    }

    #[test]
    fn the_exit_code_blames_the_pack_then_the_network_then_the_learner() {
        let ex = server("", ["", ""]);
        let graded = |v: Verdict| Graded::new(&ex, report(&ex, [Status::Passed; 2], v));
        let grade = |list: Vec<Graded>| Grade {
            name: "ana".into(),
            target: None,
            exercises: list,
            duration_ms: 0,
            started: String::new(),
        };
        assert_eq!(grade(vec![graded(Verdict::Passed)]).exit_code(), 0);
        assert_eq!(
            grade(vec![graded(Verdict::Passed), graded(Verdict::Failed)]).exit_code(),
            1
        );
        assert_eq!(
            grade(vec![
                graded(Verdict::Unreachable),
                graded(Verdict::Unreachable)
            ])
            .exit_code(),
            3
        );
        assert_eq!(
            grade(vec![graded(Verdict::Passed), graded(Verdict::Unreachable)]).exit_code(),
            1,
            "it answered, then went away: the learner's failure"
        );
        assert_eq!(
            grade(vec![
                graded(Verdict::Failed),
                Graded::broken(&ex, "no dataset".into())
            ])
            .exit_code(),
            2
        );
        let c = grade(vec![graded(Verdict::Passed), graded(Verdict::Failed)]).classroom();
        assert_eq!(c["max_score"], 2);
        assert_eq!(c["status"], "fail");
        assert_eq!(c["tests"][0]["score"], 1);
        assert_eq!(c["tests"][1]["status"], "fail");
    }
}
