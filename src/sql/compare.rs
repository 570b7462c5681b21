//! Comparing two result sets the way a `sql` exercise grades them: the same number of columns
//! and the same values (names do not matter), in the same order only when the exercise says so.
//! A mismatch says what differs: row counts, rows missing and extra, a column that differs.

use super::render;
use super::sandbox::Rows;
use rusqlite::types::Value;
use std::collections::BTreeMap;

/// How an answer's rows differ from the expected rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Mismatch {
    /// One line: "7 rows where the solution has 8".
    pub headline: String,
    /// Rows the solution has and the answer lacks (at most [`SHOWN`]), and how many in all.
    pub missing: SomeRows,
    /// Rows the answer has and the solution lacks (at most [`SHOWN`]), and how many in all.
    pub extra: SomeRows,
    /// A column whose values differ: (0-based index, the answer's name, what differs).
    pub column: Option<(usize, String, String)>,
}

/// Some rows (at most [`SHOWN`]) and how many there are in all.
pub type SomeRows = (Vec<Vec<Value>>, usize);

/// How many missing or extra rows a report lists.
pub const SHOWN: usize = 5;

/// `None` when `got` matches `want`.
pub fn compare(want: &Rows, got: &Rows, ordered: bool) -> Option<Mismatch> {
    let (wc, gc) = (want.columns.len(), got.columns.len());
    if wc != gc {
        return Some(Mismatch {
            headline: format!(
                "your result has {gc} column{} ({}), the solution's has {wc} ({})",
                plural(gc),
                got.columns.join(", "),
                want.columns.join(", ")
            ),
            missing: (Vec::new(), 0),
            extra: (Vec::new(), 0),
            column: None,
        });
    }
    if got.truncated {
        return Some(Mismatch {
            headline: format!(
                "your query returned more than {} rows (reading stopped there); the solution's has {}",
                got.rows.len(),
                want.rows.len()
            ),
            missing: (Vec::new(), 0),
            extra: (Vec::new(), 0),
            column: None,
        });
    }
    let same_order = want.rows.len() == got.rows.len()
        && want
            .rows
            .iter()
            .zip(&got.rows)
            .all(|(a, b)| row_key(a) == row_key(b));
    if same_order {
        return None;
    }
    let (missing, extra) = difference(&want.rows, &got.rows);
    if missing.1 == 0 && extra.1 == 0 {
        if !ordered {
            return None;
        }
        let first = want
            .rows
            .iter()
            .zip(&got.rows)
            .position(|(a, b)| row_key(a) != row_key(b))
            .unwrap_or(0);
        return Some(Mismatch {
            headline: format!(
                "the right rows in the wrong order: row {} should be {}; this exercise wants \
                 them ordered (ORDER BY)",
                first + 1,
                render::row_text(&want.rows[first])
            ),
            missing,
            extra,
            column: None,
        });
    }
    let (wn, gn) = (want.rows.len(), got.rows.len());
    let headline = if wn != gn {
        format!("{gn} row{} where the solution has {wn}", plural(gn))
    } else {
        format!(
            "{gn} row{}, as many as the solution, but {} of them differ",
            plural(gn),
            missing.1
        )
    };
    let column = if wn == gn {
        differing_column(want, got, ordered)
    } else {
        None
    };
    Some(Mismatch {
        headline,
        missing,
        extra,
        column,
    })
}

/// Rows in `want` and not in `got`, and the other way round, as multisets.
fn difference(want: &[Vec<Value>], got: &[Vec<Value>]) -> (SomeRows, SomeRows) {
    let mut counts: BTreeMap<String, i64> = BTreeMap::new();
    for r in want {
        *counts.entry(row_key(r)).or_default() += 1;
    }
    for r in got {
        *counts.entry(row_key(r)).or_default() -= 1;
    }
    let pick = |rows: &[Vec<Value>], sign: i64| {
        let mut left: BTreeMap<String, i64> = counts
            .iter()
            .filter(|(_, n)| **n * sign > 0)
            .map(|(k, n)| (k.clone(), n * sign))
            .collect();
        let total = left.values().sum::<i64>() as usize;
        let mut shown = Vec::new();
        for r in rows {
            if shown.len() == SHOWN {
                break;
            }
            if let Some(n) = left.get_mut(&row_key(r))
                && *n > 0
            {
                *n -= 1;
                shown.push(r.clone());
            }
        }
        (shown, total)
    };
    (pick(want, 1), pick(got, -1))
}

/// The column that explains the difference: the rows match on every other column, and this
/// one holds other values. Says which row and what each side has.
fn differing_column(want: &Rows, got: &Rows, _ordered: bool) -> Option<(usize, String, String)> {
    let without = |row: &[Value], c: usize| {
        row.iter()
            .enumerate()
            .filter(|(i, _)| *i != c)
            .map(|(_, v)| value_key(v))
            .collect::<Vec<_>>()
            .join("\u{1f}")
    };
    for c in 0..want.columns.len() {
        let mut by_rest: BTreeMap<String, Vec<&Value>> = BTreeMap::new();
        for r in &want.rows {
            by_rest.entry(without(r, c)).or_default().push(&r[c]);
        }
        let mut matched = true;
        let mut first: Option<(&Vec<Value>, &Value, &Value)> = None;
        for r in &got.rows {
            let Some(values) = by_rest.get_mut(&without(r, c)).filter(|v| !v.is_empty()) else {
                matched = false;
                break;
            };
            let pos = values
                .iter()
                .position(|v| value_key(v) == value_key(&r[c]))
                .unwrap_or(0);
            let w = values.remove(pos);
            if first.is_none() && value_key(w) != value_key(&r[c]) {
                first = Some((r, w, &r[c]));
            }
        }
        if let (true, Some((row, w, g))) = (matched, first) {
            let others: Vec<String> = row
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != c)
                .map(|(i, v)| format!("{} = {}", got.columns[i], render::value_text(v)))
                .collect();
            let place = if others.is_empty() {
                String::new()
            } else {
                format!(" in the row with {}", others.join(", "))
            };
            let what = format!(
                "the solution has {}{place}, where yours has {}",
                render::value_typed(w),
                render::value_typed(g)
            );
            return Some((c, got.columns[c].clone(), what));
        }
    }
    None
}

/// A row as a comparable key: values joined, each tagged by kind.
fn row_key(row: &[Value]) -> String {
    row.iter().map(value_key).collect::<Vec<_>>().join("\u{1f}")
}

/// A value as a comparable key. An integer and a real with the same value are equal (SQLite
/// mixes them: `avg()` gives reals); reals are compared to 9 decimal places.
fn value_key(v: &Value) -> String {
    match v {
        Value::Null => "N".into(),
        Value::Integer(i) => format!("I{i}"),
        Value::Real(f) => {
            if f.fract() == 0.0 && f.abs() < 9.0e15 {
                format!("I{}", *f as i64)
            } else {
                format!("R{:.9}", f)
            }
        }
        Value::Text(t) => format!("T{t}"),
        Value::Blob(b) => format!("B{}", hex::encode(b)),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn rows(columns: &[&str], rows: Vec<Vec<Value>>) -> Rows {
        Rows {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows,
            truncated: false,
            changes: None,
            statements: 1,
            elapsed: Duration::ZERO,
        }
    }

    fn t(s: &str) -> Value {
        Value::Text(s.into())
    }

    #[test]
    fn order_counts_only_when_asked() {
        let a = rows(&["n"], vec![vec![t("a")], vec![t("b")]]);
        let b = rows(&["name"], vec![vec![t("b")], vec![t("a")]]);
        assert_eq!(compare(&a, &b, false), None);
        let m = compare(&a, &b, true).unwrap();
        assert!(m.headline.contains("wrong order"), "{}", m.headline);
    }

    #[test]
    fn missing_and_extra_rows_are_counted_as_multisets() {
        let want = rows(&["n"], vec![vec![t("a")], vec![t("a")], vec![t("b")]]);
        let got = rows(&["n"], vec![vec![t("a")], vec![t("c")]]);
        let m = compare(&want, &got, false).unwrap();
        assert_eq!(m.headline, "2 rows where the solution has 3");
        assert_eq!(m.missing.1, 2);
        assert_eq!(m.extra, (vec![vec![t("c")]], 1));
    }

    #[test]
    fn a_differing_column_is_named() {
        let want = rows(
            &["name", "total"],
            vec![
                vec![t("a"), Value::Real(2.5)],
                vec![t("b"), Value::Integer(3)],
            ],
        );
        let got = rows(
            &["name", "sum"],
            vec![
                vec![t("a"), Value::Integer(2)],
                vec![t("b"), Value::Real(3.0)],
            ],
        );
        let m = compare(&want, &got, false).unwrap();
        let (i, name, what) = m.column.unwrap();
        assert_eq!((i, name.as_str()), (1, "sum"));
        assert_eq!(
            what,
            "the solution has real 2.5 in the row with name = a, where yours has integer 2"
        );
    }

    #[test]
    fn column_counts_must_match_and_integers_equal_whole_reals() {
        let want = rows(&["a", "b"], vec![vec![Value::Integer(1), Value::Null]]);
        let got = rows(&["a"], vec![vec![Value::Integer(1)]]);
        assert!(
            compare(&want, &got, false)
                .unwrap()
                .headline
                .contains("1 column")
        );
        let want = rows(&["a"], vec![vec![Value::Integer(2)]]);
        let got = rows(&["a"], vec![vec![Value::Real(2.0)]]);
        assert_eq!(compare(&want, &got, true), None);
        let got = rows(&["a"], vec![vec![t("2")]]);
        assert!(compare(&want, &got, true).is_some());
    }
}
