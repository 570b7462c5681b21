//! Sample databases, built in memory from a pack's `datasets/<name>.sql` once per script: the
//! built database is kept as a serialized image, and every sandbox deserializes its own copy
//! (a memcpy, not a rebuild).

use super::sandbox::{Access, Column, Sandbox, SqlError};
use crate::course::Datasets;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::Duration;

/// How long a pack's script may take to build its database.
const BUILD_BUDGET: Duration = Duration::from_secs(30);

/// A built sample database.
pub struct Dataset {
    /// `shop`, from `datasets/shop.sql`.
    pub name: String,
    /// Its tables, in creation order, with columns and row counts (for browsing).
    pub tables: Vec<Table>,
    image: Vec<u8>,
}

/// One table of a dataset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The table's name.
    pub name: String,
    /// Its columns.
    pub columns: Vec<Column>,
    /// How many rows it holds.
    pub rows: u64,
}

/// Built datasets by name, each with the script it was built from: a changed script is rebuilt.
/// Finding one compares the script (a memcmp), cheaper than hashing it on every run.
type Built = HashMap<String, Vec<(String, Arc<Dataset>)>>;
static BUILT: LazyLock<Mutex<Built>> = LazyLock::new(Default::default);

impl std::fmt::Debug for Dataset {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dataset")
            .field("name", &self.name)
            .field("tables", &self.tables.len())
            .field("bytes", &self.image.len())
            .finish()
    }
}

impl Dataset {
    /// A copy to run a learner's SQL on.
    pub fn open(&self, access: Access) -> Result<Sandbox, SqlError> {
        Sandbox::from_image(&self.image, access)
    }

    /// Total rows over every table.
    pub fn total_rows(&self) -> u64 {
        self.tables.iter().map(|t| t.rows).sum()
    }

    /// The serialized database's size in bytes.
    pub fn size(&self) -> usize {
        self.image.len()
    }
}

/// The dataset `name` of a course, built (or taken from the cache).
pub fn for_course(datasets: &Datasets, name: &str) -> Result<Arc<Dataset>, SqlError> {
    let Some(script) = datasets.get(name) else {
        let known: Vec<&str> = datasets.keys().map(String::as_str).collect();
        return Err(SqlError::Refused(if known.is_empty() {
            format!("there is no dataset \"{name}\": this course ships no datasets")
        } else {
            format!(
                "there is no dataset \"{name}\"; this course has {}",
                known.join(", ")
            )
        }));
    };
    build(name, script)
}

/// Build a dataset from its script, or take it from the cache.
pub fn build(name: &str, script: &str) -> Result<Arc<Dataset>, SqlError> {
    let cached = BUILT.lock().ok().and_then(|m| {
        m.get(name)?
            .iter()
            .find(|(s, _)| s == script)
            .map(|(_, d)| Arc::clone(d))
    });
    if let Some(d) = cached {
        return Ok(d);
    }
    let built = Arc::new(build_uncached(name, script)?);
    if let Ok(mut m) = BUILT.lock() {
        let versions = m.entry(name.to_string()).or_default();
        // A pack being edited rebuilds often: keep the last few versions only.
        if versions.len() >= 4 {
            versions.remove(0);
        }
        versions.push((script.to_string(), Arc::clone(&built)));
    }
    Ok(built)
}

/// Build a dataset from its script: it runs in a scratch sandbox (no ATTACH, no pragma but
/// `foreign_keys`), then the tables are listed and the database serialized.
pub fn build_uncached(name: &str, script: &str) -> Result<Dataset, SqlError> {
    let file = format!("datasets/{name}.sql");
    let mut sandbox = Sandbox::empty(Access::Scratch)?;
    sandbox.set_time_budget(BUILD_BUDGET);
    match sandbox.run(script) {
        Ok(_) | Err(SqlError::Empty) => {}
        Err(e) => {
            return Err(match e {
                SqlError::Invalid {
                    message,
                    sql,
                    offset,
                } => SqlError::Invalid {
                    message: format!("{file}: {message}"),
                    sql,
                    offset,
                },
                SqlError::Refused(m) => SqlError::Refused(format!("{file}: {m}")),
                SqlError::Runtime(m) => SqlError::Runtime(format!("{file}: {m}")),
                other => SqlError::Runtime(format!("{file}: {other}")),
            });
        }
    }
    let mut tables = Vec::new();
    for t in sandbox.tables()? {
        let columns = sandbox.columns(&t)?;
        let count = sandbox.run(&format!(
            "SELECT count(*) FROM \"{}\"",
            t.replace('"', "\"\"")
        ))?;
        let rows = match count.rows.first().and_then(|r| r.first()) {
            Some(rusqlite::types::Value::Integer(n)) => *n as u64,
            _ => 0,
        };
        tables.push(Table {
            name: t,
            columns,
            rows,
        });
    }
    Ok(Dataset {
        name: name.to_string(),
        tables,
        image: sandbox.image()?,
    })
}
