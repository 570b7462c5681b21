//! The lab journal: every exchange the lab served, so a check in another process can see it.

use super::{Result, Store};
use crate::exchange::Exchange;
use rusqlite::params;

/// How many exchanges the journal keeps; older ones are pruned on insert.
pub const JOURNAL_KEEP: i64 = 10_000;

impl Store {
    /// Append exchanges in one transaction and prune the journal to [`JOURNAL_KEEP`] rows.
    /// Returns the ids given to them, in order. Takes references (a slice, or the lab's shared
    /// `Arc<Exchange>`s) so the caller need not copy them.
    pub fn insert_exchanges<'a>(
        &mut self,
        exchanges: impl IntoIterator<Item = &'a Exchange>,
    ) -> Result<Vec<i64>> {
        let tx = self.conn.transaction()?;
        let mut ids = Vec::new();
        {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO journal (at, method, path, query, request_headers, request_body, status,
                     response_headers, response_body, duration_us, client, trace)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?;
            for x in exchanges {
                stmt.execute(params![
                    x.at,
                    x.method,
                    x.path,
                    x.query,
                    headers_json(&x.request_headers),
                    x.request_body,
                    x.status,
                    headers_json(&x.response_headers),
                    x.response_body,
                    x.duration_us,
                    x.client,
                    serde_json::to_string(&x.trace).unwrap_or_else(|_| "[]".into()),
                ])?;
                ids.push(tx.last_insert_rowid());
            }
        }
        tx.execute(
            "DELETE FROM journal WHERE id <= (SELECT max(id) FROM journal) - ?1",
            [JOURNAL_KEEP],
        )?;
        tx.commit()?;
        Ok(ids)
    }

    /// Exchanges with `id > after_id` and `at >= since_ms`, oldest first, at most `limit`.
    pub fn journal_since(
        &self,
        after_id: i64,
        since_ms: i64,
        limit: usize,
    ) -> Result<Vec<Exchange>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, at, method, path, query, request_headers, request_body, status,
                    response_headers, response_body, duration_us, client, trace
             FROM journal WHERE id > ?1 AND at >= ?2 ORDER BY id LIMIT ?3",
        )?;
        let rows = stmt.query_map(params![after_id, since_ms, limit as i64], |r| {
            Ok(Exchange {
                id: r.get(0)?,
                at: r.get(1)?,
                method: r.get(2)?,
                path: r.get(3)?,
                query: r.get(4)?,
                request_headers: parse_headers(&r.get::<_, String>(5)?),
                request_body: r.get(6)?,
                status: r.get(7)?,
                response_headers: parse_headers(&r.get::<_, String>(8)?),
                response_body: r.get(9)?,
                duration_us: r.get(10)?,
                client: r.get(11)?,
                trace: serde_json::from_str(&r.get::<_, String>(12)?).unwrap_or_default(),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The most recent `limit` exchanges, oldest first.
    pub fn journal_recent(&self, limit: usize) -> Result<Vec<Exchange>> {
        let max: i64 =
            self.conn
                .query_row("SELECT COALESCE(max(id), 0) FROM journal", [], |r| r.get(0))?;
        self.journal_since(max - limit as i64, 0, limit)
    }

    /// The id of the newest exchange (0 when the journal is empty).
    pub fn journal_head(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT COALESCE(max(id), 0) FROM journal", [], |r| r.get(0))?)
    }

    /// Number of exchanges stored.
    pub fn journal_len(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM journal", [], |r| r.get(0))?)
    }
}

fn headers_json(h: &[(String, String)]) -> String {
    serde_json::to_string(h).unwrap_or_else(|_| "[]".into())
}

fn parse_headers(s: &str) -> Vec<(String, String)> {
    serde_json::from_str(s).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::{StepKind, TraceStep};

    fn exchange(path: &str) -> Exchange {
        Exchange {
            at: 1000,
            method: "GET".into(),
            path: path.into(),
            status: 200,
            request_headers: vec![("accept".into(), "*/*".into())],
            response_body: b"{}".to_vec(),
            trace: vec![TraceStep::new(StepKind::Route, path)],
            ..Default::default()
        }
    }

    #[test]
    fn a_second_connection_sees_what_the_first_wrote() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("progress.db");
        let mut writer = Store::open(&db).unwrap();
        let reader = Store::open(&db).unwrap();
        let ids = writer
            .insert_exchanges(&[exchange("/get"), exchange("/post")])
            .unwrap();
        let seen = reader.journal_since(0, 0, 100).unwrap();
        assert_eq!(seen.len(), 2);
        assert_eq!(seen[1].path, "/post");
        assert_eq!(seen[1].id, ids[1]);
        assert_eq!(
            seen[0].request_headers,
            vec![("accept".to_string(), "*/*".to_string())]
        );
        assert_eq!(seen[0].trace[0].detail, "/get");
        assert_eq!(reader.journal_since(ids[0], 0, 100).unwrap().len(), 1);
    }

    #[test]
    fn the_journal_is_bounded() {
        let mut s = Store::open_in_memory().unwrap();
        let batch: Vec<_> = (0..1000).map(|i| exchange(&format!("/{i}"))).collect();
        for _ in 0..11 {
            s.insert_exchanges(&batch).unwrap();
        }
        assert_eq!(s.journal_len().unwrap(), JOURNAL_KEEP);
        let recent = s.journal_recent(1).unwrap();
        assert_eq!(recent[0].path, "/999");
    }
}
