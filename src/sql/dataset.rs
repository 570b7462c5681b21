//! Sample databases, built in memory from a pack's `datasets/<name>.sql` once per script: the
//! built database is kept as a serialized image, and every sandbox deserializes its own copy
//! (a memcpy, not a rebuild).

use super::sandbox::{Access, Column, Sandbox, SqlError};
use crate::course::Datasets;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
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

/// Built datasets by a hash of name and script, so a changed script is rebuilt.
static BUILT: LazyLock<Mutex<HashMap<u64, Arc<Dataset>>>> = LazyLock::new(Default::default);

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
    let key = {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (name, script).hash(&mut h);
        h.finish()
    };
    if let Some(d) = BUILT.lock().ok().and_then(|m| m.get(&key).cloned()) {
        return Ok(d);
    }
    let built = Arc::new(build_uncached(name, script)?);
    if let Ok(mut m) = BUILT.lock() {
        m.insert(key, Arc::clone(&built));
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
