//! What a server exercise is checked for before anything is sent: every `{{variable}}` a step
//! uses is built in or captured where it can be read (an earlier step for the request, the same
//! step or an earlier one for the assertions, as in Hurl), and every `url =` obeys the target
//! rule (on this machine unless `--allow-remote`). A problem here is the exercise's, not the
//! learner's: it ends the check as a broken exercise (exit 2), naming the file, step and name.

use super::eval::RUN_ID;
use super::server::parse_target;
use crate::assertion::{Assertion, Predicate, Query};
use crate::course::Exercise;
use crate::course::exercise::{Step, StepBody, StepRequest};
use serde_json::Value;
use std::collections::BTreeSet;

/// The exercise cannot be checked as written; the text names the file, the step and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Broken(pub String);

/// The variable a `parallel` step's copies are numbered with.
pub const COPY_NUMBER: &str = "n";

/// Check `steps` before sending any: undefined variables and `url =` targets the rule refuses.
pub fn preflight(ex: &Exercise, steps: &[Step], allow_remote: bool) -> Result<(), Broken> {
    let mut defined: BTreeSet<String> = BTreeSet::from([RUN_ID.to_string()]);
    for (i, step) in steps.iter().enumerate() {
        let mut for_request = defined.clone();
        if step.parallel > 0 {
            for_request.insert(COPY_NUMBER.to_string());
        }
        if let Some(name) = request_vars(&step.request)
            .into_iter()
            .find(|n| !for_request.contains(n))
        {
            return Err(broken(
                ex,
                i,
                step,
                step.line,
                &format!("the request uses {{{{{name}}}}}, but no earlier step captures `{name}`"),
            ));
        }
        if step.request.is_url && var_names(&step.request.path).is_empty() {
            url_rule(&step.request.path, allow_remote)
                .map_err(|why| broken(ex, i, step, step.line, &why))?;
        }
        defined.extend(step.captures.iter().map(|c| c.name.clone()));
        for a in &step.asserts {
            if let Some(name) = assertion_vars(&a.assertion)
                .into_iter()
                .find(|n| !defined.contains(n))
            {
                return Err(broken(
                    ex,
                    i,
                    step,
                    a.line,
                    &format!(
                        "`{}` uses {{{{{name}}}}}, but neither this step nor an earlier one captures `{name}`",
                        a.assertion.text
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// The message of a broken step: `file:line: step N "name": why`.
pub fn broken(ex: &Exercise, index: usize, step: &Step, line: usize, why: &str) -> Broken {
    Broken(format!(
        "{}:{line}: step {} \"{}\": {why}. This exercise is broken: tell its author.",
        ex.file,
        index + 1,
        step.name
    ))
}

/// A step's `url =` (with its variables substituted) by the target rule; the reason it is
/// refused otherwise.
pub fn url_rule(url: &str, allow_remote: bool) -> Result<(), String> {
    match parse_target(url, allow_remote) {
        Ok(_) => Ok(()),
        Err(e @ super::server::TargetError::Remote(_)) => Err(format!(
            "url = \"{url}\": {e}. Checks send requests only to 127.0.0.1, localhost or ::1 \
             unless `backroad check` is given --allow-remote"
        )),
        Err(e) => Err(format!("url = {e}")),
    }
}

/// Names used as `{{name}}` in `s`, in order.
pub fn var_names(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(start) = rest.find("{{") {
        let Some(end) = rest[start..].find("}}") else {
            break;
        };
        out.push(rest[start + 2..start + end].trim().to_string());
        rest = &rest[start + end + 2..];
    }
    out
}

/// Names used as `{{name}}` in the strings of a JSON value.
fn value_var_names(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.extend(var_names(s)),
        Value::Array(a) => a.iter().for_each(|x| value_var_names(x, out)),
        Value::Object(o) => o.values().for_each(|x| value_var_names(x, out)),
        _ => {}
    }
}

/// The variables a step's request uses: in its path or url, headers, query and body.
pub fn request_vars(r: &StepRequest) -> Vec<String> {
    let mut out = var_names(&r.path);
    for (_, v) in r.headers.iter().chain(r.query.iter()) {
        out.extend(var_names(v));
    }
    match &r.body {
        StepBody::None => {}
        StepBody::Text(t) => out.extend(var_names(t)),
        StepBody::Json(j) => value_var_names(j, &mut out),
        StepBody::Form(pairs) => pairs.iter().for_each(|(_, v)| out.extend(var_names(v))),
    }
    out
}

/// The variables an assertion reads: `{{name}}` in its predicate's values, `variable "name"`,
/// and those of a `responses` condition.
pub fn assertion_vars(a: &Assertion) -> Vec<String> {
    let mut out = Vec::new();
    match &a.expr.query {
        Query::Variable(name) => out.push(name.clone()),
        Query::Responses(Some(inner)) => out.extend(assertion_vars(inner)),
        _ => {}
    }
    match &a.predicate {
        Predicate::Eq(v)
        | Predicate::Ne(v)
        | Predicate::Gt(v)
        | Predicate::Ge(v)
        | Predicate::Lt(v)
        | Predicate::Le(v)
        | Predicate::StartsWith(v)
        | Predicate::EndsWith(v)
        | Predicate::Contains(v)
        | Predicate::IncludesJson(v) => value_var_names(v, &mut out),
        Predicate::In(vs) => vs.iter().for_each(|v| value_var_names(v, &mut out)),
        _ => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::exercise::parse;

    fn exercise(steps: &str) -> Exercise {
        let text = format!(
            "format_version = 1\nid = \"t.vars\"\ntitle = \"V\"\nphase = \"06-apis\"\nkind = \"server\"\nprompt = \"p\"\n\n{steps}"
        );
        parse("exercises/t.toml", &text).unwrap()
    }

    fn check(steps: &str, allow_remote: bool) -> Result<(), Broken> {
        let ex = exercise(steps);
        let crate::course::exercise::Spec::Server(spec) = &ex.spec else {
            panic!("server")
        };
        preflight(&ex, &spec.steps, allow_remote)
    }

    #[test]
    fn captures_reach_their_own_asserts_and_later_steps_but_not_their_own_request() {
        let same = "[[step]]\nname = \"a\"\nrequest = { method = \"GET\", path = \"/a\" }\ncaptures = { code = 'jsonpath \"$.code\"' }\nasserts = ['jsonpath \"$.echo\" == \"{{code}}\"']\n\n[[step]]\nname = \"b\"\nrequest = { method = \"GET\", path = \"/b/{{code}}-{{run_id}}\" }\nasserts = ['variable \"code\" exists']\n";
        assert_eq!(check(same, false), Ok(()));
        // `course validate` refuses a request that uses its own step's capture; the preflight
        // refuses it too, for steps that reach the checker another way. Build one by moving
        // step 1's capture into step 2, whose request uses it.
        let mut ex = exercise(same);
        let crate::course::exercise::Spec::Server(spec) = &mut ex.spec else {
            panic!("server")
        };
        let moved = std::mem::take(&mut spec.steps[0].captures);
        spec.steps[1].captures = moved;
        spec.steps[0].asserts.clear();
        let steps = spec.steps.clone();
        let err = preflight(&ex, &steps, false).unwrap_err().0;
        assert!(
            err.starts_with("exercises/t.toml:14: step 2 \"b\": the request uses {{code}}"),
            "{err}"
        );
    }

    #[test]
    fn an_undefined_name_in_an_assert_or_a_json_body_is_named_with_its_line() {
        // `course validate` refuses an undefined name; the preflight refuses it too. Build one
        // by dropping the capture that defines `nope` after the exercise is parsed.
        let assert = "[[step]]\nname = \"a\"\nrequest = { method = \"GET\", path = \"/a\" }\ncaptures = { nope = 'status' }\nasserts = [\n  'status == 200',\n  'jsonpath \"$.x\" != \"{{nope}}\"',\n]\n";
        let mut ex = exercise(assert);
        let crate::course::exercise::Spec::Server(spec) = &mut ex.spec else {
            panic!("server")
        };
        spec.steps[0].captures.clear();
        let steps = spec.steps.clone();
        let err = preflight(&ex, &steps, false).unwrap_err().0;
        assert!(
            err.starts_with("exercises/t.toml:14: step 1 \"a\": `jsonpath \"$.x\" != \"{{nope}}\"` uses {{nope}}"),
            "{err}"
        );
        let body = "[[step]]\nname = \"a\"\nrequest = { method = \"GET\", path = \"/a\" }\ncaptures = { who = 'status' }\n\n[[step]]\nname = \"b\"\nrequest = { method = \"POST\", path = \"/a\", json = { who = [\"{{who}}\"] } }\n";
        let mut ex = exercise(body);
        let crate::course::exercise::Spec::Server(spec) = &mut ex.spec else {
            panic!("server")
        };
        spec.steps[0].captures.clear();
        let steps = spec.steps.clone();
        let err = preflight(&ex, &steps, false).unwrap_err().0;
        assert!(
            err.contains("step 2 \"b\"") && err.contains("{{who}}"),
            "{err}"
        );
        let parallel = "[[step]]\nname = \"p\"\nparallel = 2\nrequest = { method = \"POST\", path = \"/a\", json = { n = \"{{n}}\" } }\n";
        assert_eq!(check(parallel, false), Ok(()));
    }

    #[test]
    fn a_url_off_this_machine_is_refused_unless_allowed() {
        let remote = "[[step]]\nname = \"off\"\nrequest = { method = \"GET\", url = \"http://192.0.2.10/x\" }\n";
        let err = check(remote, false).unwrap_err().0;
        assert!(err.contains("step 1 \"off\""), "{err}");
        assert!(err.contains("not on this machine"), "{err}");
        assert!(err.contains("--allow-remote"), "{err}");
        assert_eq!(check(remote, true), Ok(()));
        let local = remote.replace("192.0.2.10", "localhost:9");
        assert_eq!(check(&local, false), Ok(()));
    }
}
