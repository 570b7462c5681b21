//! Why a learner's SQL gave no rows ([`SqlError`]), and the line of the SQL with a caret under
//! the token SQLite blames.

/// Why a run did not give rows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SqlError {
    /// SQLite could not prepare the SQL (syntax, unknown table or column); `offset` is the
    /// byte in `sql` SQLite points at, when it says.
    #[error("{message}")]
    Invalid {
        /// SQLite's message.
        message: String,
        /// The whole SQL that was run.
        sql: String,
        /// Byte offset of the token SQLite blames.
        offset: Option<usize>,
    },
    /// The sandbox refused an action.
    #[error("{0}")]
    Refused(String),
    /// The run went over its time budget.
    #[error(
        "stopped after {budget_ms} ms: the query ran out of its time budget. A WITH RECURSIVE \
         without a stopping condition, or a join with no ON (every row times every row), runs \
         for ever; add the condition"
    )]
    Budget {
        /// The budget in milliseconds.
        budget_ms: u64,
    },
    /// Stopped from outside (the TUI's cancel).
    #[error("cancelled")]
    Cancelled,
    /// SQLite failed while running.
    #[error("{0}")]
    Runtime(String),
    /// Nothing to run.
    #[error("there is no SQL statement to run")]
    Empty,
}

impl SqlError {
    /// The message, with the statement's line and a caret under the token SQLite blames.
    pub fn explain(&self) -> String {
        match self {
            SqlError::Invalid {
                message,
                sql,
                offset: Some(offset),
            } => format!("{message}\n{}", caret(sql, *offset)),
            other => other.to_string(),
        }
    }
}

/// The line of `sql` holding byte `offset`, with a caret under it (`line 2:` when the SQL has
/// several lines).
pub fn caret(sql: &str, offset: usize) -> String {
    let offset = offset.min(sql.len());
    let start = sql[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = sql[offset..].find('\n').map_or(sql.len(), |i| offset + i);
    let line_no = sql[..offset].matches('\n').count() + 1;
    let prefix = if sql.trim_end().contains('\n') {
        format!("line {line_no}: ")
    } else {
        String::new()
    };
    let col = unicode_width::UnicodeWidthStr::width(&sql[start..offset]);
    format!(
        "  {prefix}{}\n  {}^",
        &sql[start..end],
        " ".repeat(prefix.len() + col)
    )
}

/// A rusqlite failure while running, as SQLite said it.
pub(super) fn runtime(e: rusqlite::Error) -> SqlError {
    SqlError::Runtime(e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carets_sit_under_the_token_on_its_line() {
        assert_eq!(caret("SELEC 1", 0), "  SELEC 1\n  ^");
        assert_eq!(
            caret("SELECT a\nFROM t\nWHER x", 21),
            "  line 3: WHER x\n               ^"
        );
    }
}
