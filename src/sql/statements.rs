//! Statement boundaries in a SQL script: `;` outside string literals, quoted names and
//! comments; the last statement (what `EXPLAIN QUERY PLAN` looks at), and whether the input typed
//! so far ends one (the `backroad sql` prompt).

/// The statements of a script, split at `;` outside string literals, quoted names and
/// comments, and whether the text ends inside a literal or comment (still being written).
fn split_statements(sql: &str) -> (Vec<&str>, bool) {
    let mut parts = Vec::new();
    let mut start = 0;
    let bytes = sql.as_bytes();
    let mut open = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            q @ (b'\'' | b'"' | b'`' | b'[') => {
                let close = if q == b'[' { b']' } else { q };
                i += 1;
                while i < bytes.len() && bytes[i] != close {
                    i += 1;
                }
                open = i >= bytes.len();
            }
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < bytes.len() && !(bytes[i] == b'*' && bytes[i + 1] == b'/') {
                    i += 1;
                }
                open = i + 1 >= bytes.len();
                i += 1;
            }
            b';' => {
                parts.push(&sql[start..i]);
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    parts.push(&sql[start.min(sql.len())..]);
    (parts, open)
}

/// The last non-empty statement of a script (what `EXPLAIN QUERY PLAN` looks at).
pub fn last_statement(sql: &str) -> &str {
    split_statements(sql)
        .0
        .into_iter()
        .rev()
        .find(|p| !strip_comments(p).trim().is_empty())
        .map_or("", str::trim)
}

/// Whether a prompt's input ends a statement: a `;` outside literals and comments, with only
/// blanks or comments after it.
pub fn statement_complete(sql: &str) -> bool {
    let (parts, open) = split_statements(sql);
    !open && parts.len() > 1 && strip_comments(parts[parts.len() - 1]).trim().is_empty()
}

fn strip_comments(s: &str) -> String {
    s.lines()
        .map(|l| l.split("--").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_end_at_semicolons_outside_literals_and_comments() {
        assert!(statement_complete("SELECT 1;"));
        assert!(statement_complete("SELECT 1; -- done\n"));
        assert!(!statement_complete("SELECT ';'"));
        assert!(!statement_complete("SELECT 1 -- not yet;"));
        assert!(!statement_complete("SELECT 'it''s;"));
        assert!(statement_complete("SELECT 'it''s';"));
        assert_eq!(
            last_statement("CREATE INDEX i ON t(a); SELECT * FROM t WHERE a = ';';\n-- bye"),
            "SELECT * FROM t WHERE a = ';'"
        );
    }
}
