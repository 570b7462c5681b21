//! The parser of the assertion language: one line of text into an [`Assertion`], a
//! [`QueryExpr`] (a capture) or a [`Predicate`], with errors that carry a column.

use super::*;
use regex::Regex;
use serde_json::Value;

/// Parse a whole assertion such as `jsonpath "$.id" exists`.
pub fn parse_assertion(text: &str) -> Result<Assertion, ParseError> {
    let mut p = Parser::new(text);
    let expr = p.query_expr()?;
    let (not, predicate) = p.predicate_with_not()?;
    p.end()?;
    Ok(Assertion {
        expr,
        not,
        predicate,
        text: text.trim().to_string(),
    })
}

/// Parse the table form `{ q = "...", p = "..." }`: a query expression and a predicate apart.
/// Errors in `p` are reported with columns within `p`.
pub fn parse_split(q: &str, p: &str) -> Result<Assertion, (bool, ParseError)> {
    let expr = parse_query_expr(q).map_err(|e| (true, e))?;
    let mut pp = Parser::new(p);
    let (not, predicate) = pp.predicate_with_not().map_err(|e| (false, e))?;
    pp.end().map_err(|e| (false, e))?;
    Ok(Assertion {
        expr,
        not,
        predicate,
        text: format!("{} {}", q.trim(), p.trim()),
    })
}

/// Parse a query with filters and nothing after it (a capture).
pub fn parse_query_expr(text: &str) -> Result<QueryExpr, ParseError> {
    let mut p = Parser::new(text);
    let expr = p.query_expr()?;
    p.end()?;
    Ok(expr)
}

/// Parse only a predicate (with an optional `not`).
pub fn parse_predicate(text: &str) -> Result<(bool, Predicate), ParseError> {
    let mut p = Parser::new(text);
    let r = p.predicate_with_not()?;
    p.end()?;
    Ok(r)
}

struct Parser<'a> {
    src: &'a str,
    /// Byte offset of the cursor.
    pos: usize,
}

const QUERIES: &str = "status, header \"Name\", cookie \"name\", body, jsonpath \"$.x\", regex /re/, duration, variable \"name\", responses [assertion] count, request.method, request.path, request.query \"k\", request.header \"Name\", request.body, request.jsonpath \"$.x\"";
/// The words of `QUERIES` or `PREDICATES` (`header "Name"` → `header`), for "did you mean".
fn words(list: &'static str) -> impl Iterator<Item = &'static str> {
    list.split(", ")
        .filter_map(|item| item.split([' ', '[']).next())
        .filter(|w| w.chars().next().is_some_and(char::is_alphabetic))
}

const PREDICATES: &str = "==, !=, >, >=, <, <=, in [..], startsWith, endsWith, contains, matches, exists, isEmpty, isString, isInteger, isNumber, isBoolean, isList, isObject, isUuid, isIsoDate, includesJson";

impl<'a> Parser<'a> {
    fn new(src: &'a str) -> Self {
        Parser { src, pos: 0 }
    }

    fn column_at(&self, pos: usize) -> usize {
        self.src[..pos.min(self.src.len())].chars().count() + 1
    }

    fn err_at(&self, pos: usize, message: impl Into<String>) -> ParseError {
        ParseError {
            column: self.column_at(pos),
            message: message.into(),
        }
    }

    fn rest(&self) -> &'a str {
        &self.src[self.pos..]
    }

    fn skip_ws(&mut self) {
        let trimmed = self.rest().trim_start();
        self.pos = self.src.len() - trimmed.len();
    }

    fn at_end(&mut self) -> bool {
        self.skip_ws();
        self.pos >= self.src.len()
    }

    fn end(&mut self) -> Result<(), ParseError> {
        if self.at_end() {
            Ok(())
        } else {
            let token = self.peek_token();
            Err(self.err_at(self.pos, format!("unexpected `{token}` after the end")))
        }
    }

    /// The next word (letters, digits, `_`, `.`), without consuming it.
    fn peek_word(&mut self) -> &'a str {
        self.skip_ws();
        let rest = self.rest();
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
            .unwrap_or(rest.len());
        &rest[..end]
    }

    fn peek_token(&mut self) -> &'a str {
        self.skip_ws();
        let rest = self.rest();
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        &rest[..end]
    }

    fn word(&mut self) -> &'a str {
        let w = self.peek_word();
        self.pos += w.len();
        w
    }

    fn string_arg(&mut self, what: &str) -> Result<String, ParseError> {
        self.skip_ws();
        let start = self.pos;
        if !self.rest().starts_with('"') {
            return Err(self.err_at(
                start,
                format!("expected {what} in double quotes, like \"Content-Type\""),
            ));
        }
        match self.json_value()? {
            Value::String(s) => Ok(s),
            _ => Err(self.err_at(start, format!("expected {what} in double quotes"))),
        }
    }

    /// A JSON value at the cursor (number, string, true/false/null, list, object).
    fn json_value(&mut self) -> Result<Value, ParseError> {
        self.skip_ws();
        let start = self.pos;
        let mut stream = serde_json::Deserializer::from_str(self.rest()).into_iter::<Value>();
        match stream.next() {
            Some(Ok(v)) => {
                self.pos = start + stream.byte_offset();
                Ok(v)
            }
            Some(Err(e)) => {
                let offset = byte_of_line_col(self.rest(), e.line(), e.column());
                let what = if self.rest().starts_with(|c: char| c.is_ascii_alphabetic()) {
                    format!(
                        "expected a value (a number, \"a string\", true, false, null, [a list] or {{an object}}), found `{}`; strings need double quotes",
                        self.peek_token()
                    )
                } else {
                    format!(
                        "this value is not valid: {}",
                        strip_position(&e.to_string())
                    )
                };
                Err(self.err_at(start + offset.saturating_sub(1), what))
            }
            None => Err(self.err_at(start, "expected a value here, found the end")),
        }
    }

    /// `/re/` or `"re"`.
    fn pattern(&mut self) -> Result<Pattern, ParseError> {
        self.skip_ws();
        let start = self.pos;
        let source = if self.rest().starts_with('/') {
            let bytes = self.rest().as_bytes();
            let mut i = 1;
            let mut out = String::new();
            loop {
                match bytes.get(i) {
                    None => {
                        return Err(self.err_at(start, "this regex is not closed: end it with `/`"));
                    }
                    Some(b'\\') if bytes.get(i + 1) == Some(&b'/') => {
                        out.push('/');
                        i += 2;
                    }
                    Some(b'/') => break,
                    Some(_) => {
                        let ch = self.rest()[i..].chars().next().unwrap_or_default();
                        out.push(ch);
                        i += ch.len_utf8();
                    }
                }
            }
            self.pos += i + 1;
            out
        } else if self.rest().starts_with('"') {
            self.string_arg("a regex")?
        } else {
            return Err(self.err_at(start, "expected a regex like /^\\d+$/ or \"^\\d+$\""));
        };
        let regex = Regex::new(&source)
            .map_err(|e| self.err_at(start, format!("this regex does not compile: {e}")))?;
        Ok(Pattern { source, regex })
    }

    fn jsonpath(&mut self) -> Result<JsonPathQuery, ParseError> {
        self.skip_ws();
        let start = self.pos;
        let source = self.string_arg("a JSONPath")?;
        let path = serde_json_path::JsonPath::parse(&source).map_err(|e| {
            self.err_at(
                start + 1 + e.position().min(source.len()),
                format!(
                    "this JSONPath does not parse: {}",
                    e.message().trim_end_matches('.')
                ),
            )
        })?;
        let multi = source.contains('*')
            || source.contains("..")
            || source.contains('?')
            || source.contains(':')
            || source.contains(',');
        Ok(JsonPathQuery {
            source,
            path,
            multi,
        })
    }

    fn query_expr(&mut self) -> Result<QueryExpr, ParseError> {
        let query = self.query()?;
        let mut filters = Vec::new();
        loop {
            let save = self.pos;
            let w = self.peek_word();
            let filter = match w {
                "count" => Filter::Count,
                "first" => Filter::First,
                "last" => Filter::Last,
                "toInt" => Filter::ToInt,
                "toString" => Filter::ToString,
                "lower" => Filter::Lower,
                "trim" => Filter::Trim,
                "length" => Filter::Length,
                "nth" => {
                    self.word();
                    let at = self.pos;
                    match self.json_value() {
                        Ok(Value::Number(n)) if n.is_i64() => {
                            filters.push(Filter::Nth(n.as_i64().unwrap_or(0)));
                            continue;
                        }
                        _ => return Err(self.err_at(at, "nth takes an integer index, like nth 0")),
                    }
                }
                "split" => {
                    self.word();
                    let sep = self.string_arg("a separator")?;
                    filters.push(Filter::Split(sep));
                    continue;
                }
                _ => {
                    self.pos = save;
                    break;
                }
            };
            self.word();
            filters.push(filter);
        }
        Ok(QueryExpr { query, filters })
    }

    fn query(&mut self) -> Result<Query, ParseError> {
        self.skip_ws();
        let start = self.pos;
        let w = self.word();
        let q = match w {
            "status" => Query::Status,
            "header" => Query::Header(self.string_arg("a header name")?),
            "cookie" => Query::Cookie(self.string_arg("a cookie name")?),
            "body" => Query::Body,
            "jsonpath" => Query::JsonPath(self.jsonpath()?),
            "regex" => Query::Regex(self.pattern()?),
            "duration" => Query::Duration,
            "responses" => {
                let inner = matches!(
                    self.peek_word(),
                    "status"
                        | "header"
                        | "cookie"
                        | "body"
                        | "jsonpath"
                        | "regex"
                        | "duration"
                        | "variable"
                );
                if inner {
                    let from = self.pos;
                    let expr = self.query_expr()?;
                    let (not, predicate) = self.predicate_with_not()?;
                    if self.peek_word() != "count" {
                        return Err(self.err_at(
                            self.pos,
                            "after `responses <assertion>` comes `count`, like: responses status == 201 count == 5",
                        ));
                    }
                    Query::Responses(Some(Box::new(Assertion {
                        expr,
                        not,
                        predicate,
                        text: self.src[from..self.pos].trim().to_string(),
                    })))
                } else {
                    Query::Responses(None)
                }
            }
            "variable" => Query::Variable(self.string_arg("a variable name")?),
            "request.method" => Query::Request(RequestQuery::Method),
            "request.path" => Query::Request(RequestQuery::Path),
            "request.query" => Query::Request(RequestQuery::Query(
                self.string_arg("a query parameter name")?,
            )),
            "request.header" => {
                Query::Request(RequestQuery::Header(self.string_arg("a header name")?))
            }
            "request.body" => Query::Request(RequestQuery::Body),
            "request.jsonpath" => Query::Request(RequestQuery::JsonPath(self.jsonpath()?)),
            "" => {
                return Err(self.err_at(
                    start,
                    if self.pos >= self.src.len() {
                        format!("empty assertion: start with a query ({QUERIES})")
                    } else {
                        format!("expected a query ({QUERIES})")
                    },
                ));
            }
            other => {
                return Err(self.err_at(
                    start,
                    format!(
                        "unknown query `{other}`.{} Expected one of {QUERIES}",
                        crate::text::did_you_mean_suffix(other, words(QUERIES))
                    ),
                ));
            }
        };
        Ok(q)
    }

    fn predicate_with_not(&mut self) -> Result<(bool, Predicate), ParseError> {
        let not = if self.peek_word() == "not" {
            self.word();
            true
        } else {
            false
        };
        Ok((not, self.predicate()?))
    }

    fn predicate(&mut self) -> Result<Predicate, ParseError> {
        self.skip_ws();
        let start = self.pos;
        for (op, make) in [
            ("==", Predicate::Eq as fn(Value) -> Predicate),
            ("!=", Predicate::Ne),
            (">=", Predicate::Ge),
            ("<=", Predicate::Le),
            (">", Predicate::Gt),
            ("<", Predicate::Lt),
        ] {
            if self.rest().starts_with(op) {
                self.pos += op.len();
                return Ok(make(self.json_value()?));
            }
        }
        if self.rest().starts_with('=') {
            return Err(self.err_at(
                start,
                "use `==` to compare (a single `=` is not a predicate)",
            ));
        }
        let w = self.word();
        let p = match w {
            "in" => {
                let at = self.pos;
                match self.json_value()? {
                    Value::Array(items) => Predicate::In(items),
                    _ => return Err(self.err_at(at, "`in` takes a list, like in [400, 422]")),
                }
            }
            "startsWith" => Predicate::StartsWith(self.json_value()?),
            "endsWith" => Predicate::EndsWith(self.json_value()?),
            "contains" => Predicate::Contains(self.json_value()?),
            "matches" => Predicate::Matches(self.pattern()?),
            "exists" => Predicate::Exists,
            "isEmpty" => Predicate::IsEmpty,
            "isString" => Predicate::IsString,
            "isInteger" => Predicate::IsInteger,
            "isNumber" | "isFloat" => Predicate::IsNumber,
            "isBoolean" => Predicate::IsBoolean,
            "isList" | "isCollection" => Predicate::IsList,
            "isObject" => Predicate::IsObject,
            "isUuid" => Predicate::IsUuid,
            "isIsoDate" | "isDate" => Predicate::IsIsoDate,
            "includesJson" => {
                let at = self.pos;
                match self.json_value()? {
                    v @ Value::Object(_) => Predicate::IncludesJson(v),
                    _ => {
                        return Err(self.err_at(
                            at,
                            "includesJson takes an object, like includesJson {\"completed\": false}",
                        ));
                    }
                }
            }
            "" if self.pos >= self.src.len() => {
                return Err(self.err_at(
                    start,
                    format!("missing predicate after the query: add one of {PREDICATES}"),
                ));
            }
            "" => {
                let token = self.peek_token();
                return Err(self.err_at(
                    start,
                    format!("expected a predicate, found `{token}`: use one of {PREDICATES}"),
                ));
            }
            other => {
                return Err(self.err_at(
                    start,
                    format!(
                        "unknown predicate `{other}`.{} Expected one of {PREDICATES}",
                        crate::text::did_you_mean_suffix(other, words(PREDICATES))
                    ),
                ));
            }
        };
        Ok(p)
    }
}

/// Byte offset (1-based) of a serde_json line/column within `s`.
fn byte_of_line_col(s: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (i, l) in s.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            return offset + column.min(l.len());
        }
        offset += l.len();
    }
    s.len()
}

fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(s: &str) -> Assertion {
        parse_assertion(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn parses_the_vocabulary_examples() {
        let a = parse("status == 201");
        assert!(matches!(a.expr.query, Query::Status));
        assert!(matches!(a.predicate, Predicate::Eq(ref v) if *v == json!(201)));

        let a = parse(r#"header "Location" matches /^\/api\/tasks\/\d+$/"#);
        match (&a.expr.query, &a.predicate) {
            (Query::Header(h), Predicate::Matches(p)) => {
                assert_eq!(h, "Location");
                assert!(p.regex.is_match("/api/tasks/12"));
                assert!(!p.regex.is_match("/api/tasks/x"));
            }
            other => panic!("{other:?}"),
        }

        let a = parse(r#"request.jsonpath "$.title" == "Buy milk""#);
        assert!(matches!(
            a.expr.query,
            Query::Request(RequestQuery::JsonPath(_))
        ));
        assert!(matches!(a.predicate, Predicate::Eq(ref v) if *v == json!("Buy milk")));

        let a = parse("status in [400, 422]");
        assert!(matches!(a.predicate, Predicate::In(ref v) if v.len() == 2));

        let a = parse(r#"jsonpath "$.tasks[*].id" count >= 2"#);
        assert_eq!(a.expr.filters, vec![Filter::Count]);
        assert!(matches!(a.expr.query, Query::JsonPath(ref j) if j.multi));

        let a = parse(r#"jsonpath "$.id" not exists"#);
        assert!(a.not);
        assert!(matches!(a.predicate, Predicate::Exists));

        let a = parse(r#"header "Allow" split "," nth 0 trim lower == "get""#);
        assert_eq!(
            a.expr.filters,
            vec![
                Filter::Split(",".into()),
                Filter::Nth(0),
                Filter::Trim,
                Filter::Lower
            ]
        );

        let a = parse(r#"body includesJson {"completed": false}"#);
        assert!(matches!(a.predicate, Predicate::IncludesJson(_)));
        parse(r#"request.header "Content-Type" startsWith "application/json""#);
        parse(r#"request.query "page" == "2""#);
        parse("duration < 1000");
        parse(r#"cookie "session" exists"#);
        parse(r#"regex /id=(\d+)/ toInt > 0"#);
        parse(r#"variable "etag" isString"#);
    }

    #[test]
    fn values_are_typed() {
        assert!(matches!(
            parse("status == 1").predicate,
            Predicate::Eq(Value::Number(_))
        ));
        assert!(matches!(
            parse(r#"status == "1""#).predicate,
            Predicate::Eq(Value::String(_))
        ));
        assert!(matches!(
            parse("jsonpath \"$.c\" == false").predicate,
            Predicate::Eq(Value::Bool(false))
        ));
        assert!(matches!(
            parse("jsonpath \"$.c\" == null").predicate,
            Predicate::Eq(Value::Null)
        ));
    }

    #[test]
    fn errors_point_at_the_bad_part() {
        let e = parse_assertion("status = 201").unwrap_err();
        assert_eq!(e.column, 8);
        assert!(e.message.contains("=="), "{e}");

        let e = parse_assertion("stauts == 201").unwrap_err();
        assert_eq!(e.column, 1);
        assert!(e.message.contains("unknown query `stauts`"), "{e}");

        let e = parse_assertion(r#"jsonpath "$.id" exist"#).unwrap_err();
        assert_eq!(e.column, 17);
        assert!(e.message.contains("unknown predicate `exist`"), "{e}");

        let e = parse_assertion("header Location == \"x\"").unwrap_err();
        assert_eq!(e.column, 8);
        assert!(e.message.contains("double quotes"), "{e}");

        let e = parse_assertion(r#"jsonpath "$.title" == Buy milk"#).unwrap_err();
        assert_eq!(e.column, 23);
        assert!(e.message.contains("double quotes"), "{e}");

        let e = parse_assertion("status").unwrap_err();
        assert!(e.message.contains("missing predicate"), "{e}");
        assert_eq!(e.column, 7);

        let e = parse_assertion("status == 201 please").unwrap_err();
        assert_eq!(e.column, 15);

        let e = parse_assertion(r#"jsonpath "$.[" exists"#).unwrap_err();
        assert!(e.message.contains("JSONPath"), "{e}");

        let e = parse_assertion(r#"body matches /(unclosed/"#).unwrap_err();
        assert!(e.message.contains("regex"), "{e}");
        assert_eq!(e.column, 14);

        let e = parse_assertion("status in 200").unwrap_err();
        assert!(e.message.contains("list"), "{e}");
    }

    #[test]
    fn split_form_and_captures() {
        let a = parse_split(r#"jsonpath "$.title""#, r#"== "Buy milk""#).unwrap();
        assert_eq!(a.text, r#"jsonpath "$.title" == "Buy milk""#);
        let (in_q, e) = parse_split("status", "= 1").unwrap_err();
        assert!(!in_q);
        assert_eq!(e.column, 1);
        let q = parse_query_expr(r#"jsonpath "$.id""#).unwrap();
        assert!(q.filters.is_empty());
        assert!(parse_query_expr(r#"jsonpath "$.id" == 1"#).is_err());
    }
}
