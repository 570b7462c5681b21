//! Evaluating assertions and captures over one exchange (a request and its response).
//!
//! Pure: the exchange is data (a row of the lab journal, or what a server step sent and got),
//! so the evaluator is tested on literals.

use crate::assertion::{
    Assertion, Filter, JsonPathQuery, Predicate, Query, QueryExpr, RequestQuery,
};
use crate::exchange::Exchange;
use serde_json::Value;
use std::collections::HashMap;

/// Values captured by earlier steps, by name.
pub type Vars = HashMap<String, Value>;

/// The built-in variable that holds a value unique to one check run: `{{run_id}}`.
pub const RUN_ID: &str = "run_id";

/// Twelve hex characters unique to one check run: the clock's low bits mixed with randomness.
pub fn new_run_id() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    let mixed = nanos.rotate_left(24) ^ rand::random::<u64>();
    format!("{:012x}", mixed & 0xffff_ffff_ffff)
}

/// The variables a run starts with: `{{run_id}}`, fresh for this run.
pub fn run_vars() -> Vars {
    let mut vars = Vars::new();
    vars.insert(RUN_ID.to_string(), Value::from(new_run_id()));
    vars
}

/// How one assertion came out (the check as a whole ends in a [`super::Verdict`]).
#[derive(Debug, Clone, PartialEq)]
pub enum Evaluation {
    /// The predicate held.
    Pass,
    /// The predicate did not hold: what was expected, and what the query gave (with types).
    Fail {
        /// What the predicate wanted, with types.
        expected: String,
        /// What the query gave, with its type.
        actual: String,
    },
    /// The value could not be computed (the body is not JSON, a filter met the wrong type).
    Error {
        /// What the predicate wanted, with types.
        expected: String,
        /// Why no value could be computed.
        message: String,
    },
}

/// The type of a value as a learner reads it: `integer`, `string`, `list`...
pub fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_f64() => "float",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Array(_) => "list",
        Value::Object(_) => "object",
    }
}

/// A value with its type: `integer 201`, `string "201"`.
pub fn describe(v: &Value) -> String {
    let mut text = v.to_string();
    if text.len() > 200 {
        let cut = (0..=200)
            .rev()
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(0);
        text.truncate(cut);
        text.push('…');
    }
    format!("{} {}", type_name(v), text)
}

/// Evaluate a query and its filters. `Ok(None)` means the query found nothing (a missing
/// header, a JSONPath that selects no node).
pub fn query_value(expr: &QueryExpr, x: &Exchange, vars: &Vars) -> Result<Option<Value>, String> {
    query_value_over(expr, x, std::slice::from_ref(x), vars)
}

/// [`query_value`], with `all` the answers a `responses` query looks at (a parallel step's).
pub fn query_value_over(
    expr: &QueryExpr,
    x: &Exchange,
    all: &[Exchange],
    vars: &Vars,
) -> Result<Option<Value>, String> {
    let mut value = match &expr.query {
        Query::Responses(inner) => Some(Value::Array(
            all.iter()
                .filter(|y| {
                    inner
                        .as_ref()
                        .is_none_or(|a| check(a, y, vars) == Evaluation::Pass)
                })
                .map(|y| Value::from(y.status))
                .collect(),
        )),
        q => raw_query(q, x, vars)?,
    };
    for f in &expr.filters {
        value = match value {
            None => None,
            Some(v) => Some(apply_filter(f, v)?),
        };
    }
    Ok(value)
}

fn raw_query(q: &Query, x: &Exchange, vars: &Vars) -> Result<Option<Value>, String> {
    Ok(match q {
        Query::Status => Some(Value::from(x.status)),
        Query::Header(name) => header(&x.response_headers, name),
        Query::Cookie(name) => x
            .response_headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
            .filter_map(|(_, v)| {
                let pair = v.split(';').next()?;
                let (k, val) = pair.split_once('=')?;
                (k.trim() == name).then(|| Value::from(val.trim()))
            })
            .next_back(),
        Query::Body => Some(Value::from(
            String::from_utf8_lossy(&x.response_body).into_owned(),
        )),
        Query::JsonPath(jp) => jsonpath(jp, &x.response_body, "response")?,
        Query::Regex(p) => {
            let body = String::from_utf8_lossy(&x.response_body);
            p.regex.captures(&body).map(|c| {
                let m = c.get(1).or_else(|| c.get(0));
                Value::from(m.map_or("", |m| m.as_str()))
            })
        }
        Query::Duration => Some(Value::from(x.duration_us / 1000)),
        Query::Responses(_) => {
            return query_value(
                &QueryExpr {
                    query: q.clone(),
                    filters: Vec::new(),
                },
                x,
                vars,
            );
        }
        Query::Variable(name) => vars.get(name).cloned(),
        Query::Request(r) => match r {
            RequestQuery::Method => Some(Value::from(x.method.clone())),
            RequestQuery::Path => Some(Value::from(x.path.clone())),
            RequestQuery::Query(k) => {
                let vals: Vec<Value> = x
                    .query
                    .split('&')
                    .filter(|p| !p.is_empty())
                    .filter_map(|p| {
                        let (pk, pv) = p.split_once('=').unwrap_or((p, ""));
                        (percent_decode(pk) == *k).then(|| Value::from(percent_decode(pv)))
                    })
                    .collect();
                one_or_list(vals)
            }
            RequestQuery::Header(name) => header(&x.request_headers, name),
            RequestQuery::Body => Some(Value::from(
                String::from_utf8_lossy(&x.request_body).into_owned(),
            )),
            RequestQuery::JsonPath(jp) => jsonpath(jp, &x.request_body, "request")?,
        },
    })
}

fn one_or_list(mut vals: Vec<Value>) -> Option<Value> {
    match vals.len() {
        0 => None,
        1 => vals.pop(),
        _ => Some(Value::Array(vals)),
    }
}

fn header(headers: &[(String, String)], name: &str) -> Option<Value> {
    one_or_list(
        headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| Value::from(v.clone()))
            .collect(),
    )
}

fn jsonpath(jp: &JsonPathQuery, body: &[u8], which: &str) -> Result<Option<Value>, String> {
    let doc: Value = serde_json::from_slice(body).map_err(|e| {
        let text = String::from_utf8_lossy(body);
        let head: String = text.chars().take(60).collect();
        if text.trim().is_empty() {
            format!(
                "the {which} body is empty, so `{}` has nothing to look at",
                jp.source
            )
        } else {
            format!("the {which} body is not JSON ({e}); it starts with `{head}`")
        }
    })?;
    let nodes = jp.path.query(&doc).all();
    Ok(if jp.multi {
        Some(Value::Array(nodes.into_iter().cloned().collect()))
    } else {
        one_or_list(nodes.into_iter().cloned().collect())
    })
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz");
                match u8::from_str_radix(hex, 16) {
                    Ok(b) => {
                        out.push(b);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn apply_filter(f: &Filter, v: Value) -> Result<Value, String> {
    let wrong = |name: &str, need: &str, v: &Value| {
        format!(
            "filter `{name}` needs {need}, but the value is {}",
            describe(v)
        )
    };
    Ok(match f {
        Filter::Count => match &v {
            Value::Array(a) => Value::from(a.len()),
            _ => return Err(wrong("count", "a list", &v)),
        },
        Filter::Length => match &v {
            Value::Array(a) => Value::from(a.len()),
            Value::String(s) => Value::from(s.chars().count()),
            Value::Object(o) => Value::from(o.len()),
            _ => return Err(wrong("length", "a string or a list", &v)),
        },
        Filter::Nth(n) => match &v {
            Value::Array(a) => {
                let i = if *n < 0 { a.len() as i64 + n } else { *n };
                a.get(usize::try_from(i).unwrap_or(usize::MAX))
                    .cloned()
                    .ok_or_else(|| format!("nth {n}: the list has only {} items", a.len()))?
            }
            _ => return Err(wrong("nth", "a list", &v)),
        },
        Filter::First | Filter::Last => match &v {
            Value::Array(a) => {
                let item = if *f == Filter::First {
                    a.first()
                } else {
                    a.last()
                };
                item.cloned().ok_or("the list is empty")?
            }
            _ => return Err(wrong("first/last", "a list", &v)),
        },
        Filter::ToInt => match &v {
            Value::String(s) => s
                .trim()
                .parse::<i64>()
                .map(Value::from)
                .map_err(|_| format!("toInt: {} is not a whole number", describe(&v)))?,
            Value::Number(n) if n.is_f64() => Value::from(n.as_f64().unwrap_or(0.0) as i64),
            Value::Number(_) => v,
            _ => return Err(wrong("toInt", "a string or number", &v)),
        },
        Filter::ToString => match v {
            Value::String(_) => v,
            other => Value::from(other.to_string()),
        },
        Filter::Split(sep) => match &v {
            Value::String(s) => Value::Array(s.split(sep.as_str()).map(Value::from).collect()),
            _ => return Err(wrong("split", "a string", &v)),
        },
        Filter::Lower => match &v {
            Value::String(s) => Value::from(s.to_lowercase()),
            _ => return Err(wrong("lower", "a string", &v)),
        },
        Filter::Trim => match &v {
            Value::String(s) => Value::from(s.trim()),
            _ => return Err(wrong("trim", "a string", &v)),
        },
    })
}

/// Replace `{{name}}` with captured values. A string that is exactly one `{{name}}` takes the
/// variable's own type, so `== "{{id}}"` compares an integer id as an integer.
pub fn substitute(v: &Value, vars: &Vars) -> Value {
    match v {
        Value::String(s) => {
            let t = s.trim();
            if let Some(name) = t.strip_prefix("{{").and_then(|r| r.strip_suffix("}}"))
                && !name.contains("{{")
                && let Some(val) = vars.get(name.trim())
            {
                return val.clone();
            }
            Value::from(substitute_str(s, vars))
        }
        Value::Array(a) => Value::Array(a.iter().map(|x| substitute(x, vars)).collect()),
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, x)| (k.clone(), substitute(x, vars)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Replace `{{name}}` in text; unknown names are left as written.
pub fn substitute_str(s: &str, vars: &Vars) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(start) = rest.find("{{") {
        let Some(end) = rest[start..].find("}}") else {
            break;
        };
        let name = rest[start + 2..start + end].trim();
        out.push_str(&rest[..start]);
        match vars.get(name) {
            Some(Value::String(v)) => out.push_str(v),
            Some(v) => out.push_str(&v.to_string()),
            None => out.push_str(&rest[start..start + end + 2]),
        }
        rest = &rest[start + end + 2..];
    }
    out.push_str(rest);
    out
}

/// Names used as `{{name}}` in `s` that are not (yet) defined.
pub fn missing_vars(s: &str, vars: &Vars) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(start) = rest.find("{{") {
        let Some(end) = rest[start..].find("}}") else {
            break;
        };
        let name = rest[start + 2..start + end].trim();
        if !vars.contains_key(name) {
            out.push(name.to_string());
        }
        rest = &rest[start + end + 2..];
    }
    out
}

/// Check one assertion against an exchange.
pub fn check(a: &Assertion, x: &Exchange, vars: &Vars) -> Evaluation {
    check_over(a, x, std::slice::from_ref(x), vars)
}

/// [`check`], with `all` the answers a `responses` query counts (a parallel step's).
pub fn check_over(a: &Assertion, x: &Exchange, all: &[Exchange], vars: &Vars) -> Evaluation {
    let predicate = substitute_predicate(&a.predicate, vars);
    let expected = expected_text(a.not, &predicate);
    let value = match query_value_over(&a.expr, x, all, vars) {
        Ok(v) => v,
        Err(message) => return Evaluation::Error { expected, message },
    };
    let holds = holds(&predicate, value.as_ref());
    if holds != a.not {
        Evaluation::Pass
    } else {
        Evaluation::Fail {
            expected,
            actual: match &value {
                Some(v) => describe(v),
                None => "nothing (the query found no value)".into(),
            },
        }
    }
}

fn substitute_predicate(p: &Predicate, vars: &Vars) -> Predicate {
    let s = |v: &Value| substitute(v, vars);
    match p {
        Predicate::Eq(v) => Predicate::Eq(s(v)),
        Predicate::Ne(v) => Predicate::Ne(s(v)),
        Predicate::Gt(v) => Predicate::Gt(s(v)),
        Predicate::Ge(v) => Predicate::Ge(s(v)),
        Predicate::Lt(v) => Predicate::Lt(s(v)),
        Predicate::Le(v) => Predicate::Le(s(v)),
        Predicate::In(vs) => Predicate::In(vs.iter().map(s).collect()),
        Predicate::StartsWith(v) => Predicate::StartsWith(s(v)),
        Predicate::EndsWith(v) => Predicate::EndsWith(s(v)),
        Predicate::Contains(v) => Predicate::Contains(s(v)),
        Predicate::IncludesJson(v) => Predicate::IncludesJson(s(v)),
        other => other.clone(),
    }
}

/// What the predicate expects, with types: `== integer 201`, `one of [400, 422]`.
pub fn expected_text(not: bool, p: &Predicate) -> String {
    let text = match p {
        Predicate::Eq(v) => format!("== {}", describe(v)),
        Predicate::Ne(v) => format!("!= {}", describe(v)),
        Predicate::Gt(v) => format!("> {}", describe(v)),
        Predicate::Ge(v) => format!(">= {}", describe(v)),
        Predicate::Lt(v) => format!("< {}", describe(v)),
        Predicate::Le(v) => format!("<= {}", describe(v)),
        Predicate::In(vs) => format!(
            "one of {}",
            vs.iter().map(describe).collect::<Vec<_>>().join(", ")
        ),
        Predicate::StartsWith(v) => format!("starts with {}", describe(v)),
        Predicate::EndsWith(v) => format!("ends with {}", describe(v)),
        Predicate::Contains(v) => format!("contains {}", describe(v)),
        Predicate::Matches(p) => format!("matches /{}/", p.source.replace('/', "\\/")),
        Predicate::Exists => "a value (exists)".into(),
        Predicate::IsEmpty => "empty".into(),
        Predicate::IsString => "a string".into(),
        Predicate::IsInteger => "an integer".into(),
        Predicate::IsNumber => "a number".into(),
        Predicate::IsBoolean => "a boolean".into(),
        Predicate::IsList => "a list".into(),
        Predicate::IsObject => "an object".into(),
        Predicate::IsUuid => "a UUID".into(),
        Predicate::IsIsoDate => "an ISO 8601 / RFC 3339 date".into(),
        Predicate::IncludesJson(v) => format!("includes {v}"),
    };
    if not { format!("not {text}") } else { text }
}

fn num(v: &Value) -> Option<f64> {
    v.as_f64()
}

/// Typed equality: numbers compare by value (1 == 1.0), nothing else converts.
fn equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            x == y || matches!((num(a), num(b)), (Some(p), Some(q)) if p == q)
        }
        _ => a == b,
    }
}

fn order(a: &Value, b: &Value) -> Option<std::cmp::Ordering> {
    match (a, b) {
        (Value::Number(_), Value::Number(_)) => num(a)?.partial_cmp(&num(b)?),
        (Value::String(x), Value::String(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

fn includes(actual: &Value, expected: &Value) -> bool {
    match (actual, expected) {
        (Value::Object(a), Value::Object(e)) => e
            .iter()
            .all(|(k, ev)| a.get(k).is_some_and(|av| includes(av, ev))),
        _ => equal(actual, expected),
    }
}

fn holds(p: &Predicate, value: Option<&Value>) -> bool {
    use std::cmp::Ordering::*;
    let Some(v) = value else {
        return false;
    };
    match p {
        Predicate::Eq(e) => equal(v, e),
        Predicate::Ne(e) => !equal(v, e),
        Predicate::Gt(e) => order(v, e) == Some(Greater),
        Predicate::Ge(e) => matches!(order(v, e), Some(Greater | Equal)),
        Predicate::Lt(e) => order(v, e) == Some(Less),
        Predicate::Le(e) => matches!(order(v, e), Some(Less | Equal)),
        Predicate::In(es) => es.iter().any(|e| equal(v, e)),
        Predicate::StartsWith(e) => match (v, e) {
            (Value::String(s), Value::String(p)) => s.starts_with(p.as_str()),
            (Value::Array(a), e) => a.first().is_some_and(|x| equal(x, e)),
            _ => false,
        },
        Predicate::EndsWith(e) => match (v, e) {
            (Value::String(s), Value::String(p)) => s.ends_with(p.as_str()),
            (Value::Array(a), e) => a.last().is_some_and(|x| equal(x, e)),
            _ => false,
        },
        Predicate::Contains(e) => match (v, e) {
            (Value::String(s), Value::String(p)) => s.contains(p.as_str()),
            (Value::Array(a), e) => a.iter().any(|x| equal(x, e)),
            _ => false,
        },
        Predicate::Matches(p) => match v {
            Value::String(s) => p.regex.is_match(s),
            Value::Array(a) => a
                .iter()
                .any(|x| x.as_str().is_some_and(|s| p.regex.is_match(s))),
            _ => false,
        },
        Predicate::Exists => true,
        Predicate::IsEmpty => match v {
            Value::String(s) => s.is_empty(),
            Value::Array(a) => a.is_empty(),
            Value::Object(o) => o.is_empty(),
            _ => false,
        },
        Predicate::IsString => v.is_string(),
        Predicate::IsInteger => v.is_i64() || v.is_u64(),
        Predicate::IsNumber => v.is_number(),
        Predicate::IsBoolean => v.is_boolean(),
        Predicate::IsList => v.is_array(),
        Predicate::IsObject => v.is_object(),
        Predicate::IsUuid => v.as_str().is_some_and(is_uuid),
        Predicate::IsIsoDate => v.as_str().is_some_and(is_iso_date),
        Predicate::IncludesJson(e) => match v {
            Value::String(s) => {
                serde_json::from_str::<Value>(s).is_ok_and(|parsed| includes(&parsed, e))
            }
            other => includes(other, e),
        },
    }
}

fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

fn is_iso_date(s: &str) -> bool {
    use time::format_description::well_known::Rfc3339;
    time::OffsetDateTime::parse(s, &Rfc3339).is_ok()
        || time::Date::parse(s, time::macros::format_description!("[year]-[month]-[day]")).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assertion::{parse_assertion, parse_query_expr};
    use serde_json::json;

    fn response(status: u16, headers: &[(&str, &str)], body: &str) -> Exchange {
        Exchange {
            method: "POST".into(),
            path: "/api/tasks".into(),
            query: "page=2&tag=a&tag=b%20c".into(),
            request_headers: vec![("content-type".into(), "application/json".into())],
            request_body: br#"{"title":"Buy milk"}"#.to_vec(),
            status,
            response_headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            response_body: body.as_bytes().to_vec(),
            duration_us: 4_200,
            ..Default::default()
        }
    }

    fn evaluation(a: &str, x: &Exchange) -> Evaluation {
        check(&parse_assertion(a).unwrap(), x, &Vars::new())
    }

    fn passes(a: &str, x: &Exchange) {
        assert_eq!(evaluation(a, x), Evaluation::Pass, "{a}");
    }

    fn fails(a: &str, x: &Exchange) -> (String, String) {
        match evaluation(a, x) {
            Evaluation::Fail { expected, actual } => (expected, actual),
            other => panic!("{a}: expected a failure, got {other:?}"),
        }
    }

    #[test]
    fn status_headers_cookies_duration() {
        let x = response(
            201,
            &[
                ("Location", "/api/tasks/7"),
                ("Set-Cookie", "a=1; Path=/"),
                ("set-cookie", "session=abc; HttpOnly"),
                ("Vary", "Accept"),
                ("vary", "Origin"),
            ],
            "{}",
        );
        passes("status == 201", &x);
        passes("status in [200, 201]", &x);
        passes("status >= 200", &x);
        passes(r#"header "location" matches /^\/api\/tasks\/\d+$/"#, &x);
        passes(r#"header "Vary" count == 2"#, &x);
        passes(r#"header "Vary" contains "Origin""#, &x);
        passes(r#"header "ETag" not exists"#, &x);
        passes(r#"cookie "session" == "abc""#, &x);
        passes("duration == 4", &x);
        let (expected, actual) = fails(r#"header "ETag" exists"#, &x);
        assert_eq!(expected, "a value (exists)");
        assert!(actual.starts_with("nothing"), "{actual}");
    }

    #[test]
    fn a_failure_names_both_types() {
        let x = response(201, &[], "{}");
        let (expected, actual) = fails(r#"status == "201""#, &x);
        assert_eq!(expected, r#"== string "201""#);
        assert_eq!(actual, "integer 201");
        let (expected, actual) = fails("status == 200", &x);
        assert_eq!(
            (expected.as_str(), actual.as_str()),
            ("== integer 200", "integer 201")
        );
    }

    #[test]
    fn jsonpath_and_filters() {
        let body = r#"{"id": 3, "title": "Buy milk", "completed": false, "created_at": "2026-11-23T10:00:00Z",
                      "tags": ["a", "b"], "uid": "123e4567-e89b-12d3-a456-426614174000", "price": 1.5}"#;
        let x = response(200, &[], body);
        passes(r#"jsonpath "$.id" == 3"#, &x);
        passes(r#"jsonpath "$.id" == 3.0"#, &x);
        passes(r#"jsonpath "$.id" isInteger"#, &x);
        passes(r#"jsonpath "$.price" isNumber"#, &x);
        passes(r#"jsonpath "$.price" not isInteger"#, &x);
        passes(r#"jsonpath "$.completed" == false"#, &x);
        passes(r#"jsonpath "$.completed" isBoolean"#, &x);
        passes(r#"jsonpath "$.created_at" isIsoDate"#, &x);
        passes(r#"jsonpath "$.uid" isUuid"#, &x);
        passes(r#"jsonpath "$.tags" count == 2"#, &x);
        passes(r#"jsonpath "$.tags" nth 1 == "b""#, &x);
        passes(r#"jsonpath "$.tags" last == "b""#, &x);
        passes(r#"jsonpath "$.tags[*]" count == 2"#, &x);
        passes(r#"jsonpath "$.title" length == 8"#, &x);
        passes(r#"jsonpath "$.title" lower startsWith "buy""#, &x);
        passes(r#"jsonpath "$.title" split " " first == "Buy""#, &x);
        passes(r#"jsonpath "$.id" toString == "3""#, &x);
        passes(r#"jsonpath "$.missing" not exists"#, &x);
        passes(
            r#"body includesJson {"title": "Buy milk", "completed": false}"#,
            &x,
        );
        passes(r#"jsonpath "$" includesJson {"id": 3}"#, &x);
        passes(r#"regex /"id": (\d+)/ toInt == 3"#, &x);
        fails(r#"body includesJson {"completed": true}"#, &x);
        let (_, actual) = fails(r#"jsonpath "$.completed" == "false""#, &x);
        assert_eq!(actual, "boolean false");
        fails(r#"jsonpath "$.missing" exists"#, &x);
    }

    #[test]
    fn a_body_that_is_not_json_is_an_error_not_a_crash() {
        let x = response(500, &[], "<html>oops</html>");
        match evaluation(r#"jsonpath "$.id" exists"#, &x) {
            Evaluation::Error { message, .. } => assert!(message.contains("not JSON"), "{message}"),
            other => panic!("{other:?}"),
        }
        match evaluation(r#"status count == 1"#, &x) {
            Evaluation::Error { message, .. } => {
                assert!(message.contains("needs a list"), "{message}")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn request_queries() {
        let x = response(201, &[], "{}");
        passes(r#"request.method == "POST""#, &x);
        passes(r#"request.path == "/api/tasks""#, &x);
        passes(r#"request.query "page" == "2""#, &x);
        passes(r#"request.query "tag" nth 1 == "b c""#, &x);
        passes(
            r#"request.header "Content-Type" startsWith "application/json""#,
            &x,
        );
        passes(r#"request.jsonpath "$.title" == "Buy milk""#, &x);
        passes(r#"request.body contains "milk""#, &x);
    }

    #[test]
    fn variables_substitute_with_their_type() {
        let x = response(200, &[("ETag", "\"v1\"")], r#"{"id": 3}"#);
        let mut vars = Vars::new();
        let id = query_value(&parse_query_expr(r#"jsonpath "$.id""#).unwrap(), &x, &vars)
            .unwrap()
            .unwrap();
        vars.insert("id".into(), id);
        vars.insert("etag".into(), json!("\"v1\""));
        let a = parse_assertion(r#"jsonpath "$.id" == "{{id}}""#).unwrap();
        assert_eq!(check(&a, &x, &vars), Evaluation::Pass);
        let a = parse_assertion(r#"header "ETag" == "{{etag}}""#).unwrap();
        assert_eq!(check(&a, &x, &vars), Evaluation::Pass);
        let a = parse_assertion(r#"variable "id" == 3"#).unwrap();
        assert_eq!(check(&a, &x, &vars), Evaluation::Pass);
        assert_eq!(
            substitute_str("/tasks/{{id}}?x={{nope}}", &vars),
            "/tasks/3?x={{nope}}"
        );
        assert_eq!(missing_vars("/tasks/{{id}}/{{nope}}", &vars), vec!["nope"]);
    }
}
