//! The command that starts the learner's server, per server exercise: typed once in the
//! tutor's exercise view and used by its check key. Kept in the small `app_state` table under
//! `run_command:<exercise id>`.

use super::{Result, Store};

const PREFIX: &str = "run_command:";

impl Store {
    /// Keep `cmd` as the run command of `exercise_id` (blank forgets it).
    pub fn set_run_command(&self, exercise_id: &str, cmd: &str) -> Result<()> {
        let key = format!("{PREFIX}{exercise_id}");
        if cmd.trim().is_empty() {
            self.conn
                .execute("DELETE FROM app_state WHERE key = ?1", [key])?;
            return Ok(());
        }
        self.set_state(&key, cmd.trim())
    }

    /// Every exercise's run command, as (exercise id, command).
    pub fn run_commands(&self) -> Result<Vec<(String, String)>> {
        let mut stmt = self.conn.prepare(
            "SELECT substr(key, ?1), value FROM app_state WHERE substr(key, 1, ?2) = ?3 ORDER BY key",
        )?;
        let rows = stmt.query_map(
            rusqlite::params![PREFIX.len() as i64 + 1, PREFIX.len() as i64, PREFIX],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_command_is_kept_per_exercise_and_blank_forgets_it() {
        let store = Store::open_in_memory().unwrap();
        store
            .set_run_command("build.tasks-api", " python3 app.py {port} ")
            .unwrap();
        store
            .set_run_command("build.blog", "node server.js")
            .unwrap();
        store.set_state("other", "x").unwrap();
        assert_eq!(
            store.run_commands().unwrap(),
            [
                ("build.blog".to_string(), "node server.js".to_string()),
                (
                    "build.tasks-api".to_string(),
                    "python3 app.py {port}".to_string()
                ),
            ]
        );
        store.set_run_command("build.blog", "").unwrap();
        assert_eq!(store.run_commands().unwrap().len(), 1);
    }
}
