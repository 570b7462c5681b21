//! The course: `content/course.toml`, lesson markdown with TOML front matter, and exercise files.
//!
//! Loading is split from reading: [`load_files`] (`pack.rs`) is a pure function over an
//! in-memory list of files (so every error path is tested on literals), and
//! [`Course::embedded`] / [`Course::from_dir`] (`load.rs`) only gather those files. Loading
//! collects every problem with file:line:col, from the TOML parser's spans (`position.rs`), and
//! never stops at the first; lessons are read in `lesson.rs`, exercises in `exercise/`, and
//! what crosses files is checked in `validate.rs`. Text from the pack is cleaned of control
//! characters as it is loaded ([`crate::text::clean`]), so no front end prints it raw.

pub mod exercise;
mod lesson;
mod load;
mod pack;
mod position;
pub mod proof;
mod validate;

pub use exercise::Exercise;
pub use load::Files;
pub use pack::{load_files, load_with_warnings};

use std::fmt;
use std::path::{Path, PathBuf};

/// Dataset scripts by name (`shop` → the text of `datasets/shop.sql`).
pub type Datasets = std::collections::BTreeMap<String, String>;

/// A loaded course pack.
#[derive(Debug, Clone)]
pub struct Course {
    /// The pack's id (`id` in course.toml): each pack's progress is kept apart under it.
    pub id: String,
    pub title: String,
    /// Markdown shown on first launch.
    pub welcome: String,
    pub phases: Vec<Phase>,
    pub exercises: Vec<Exercise>,
    /// Sample databases for the SQL lab: name → the SQL script that builds it
    /// (`datasets/<name>.sql`).
    pub datasets: std::sync::Arc<Datasets>,
    /// Where the pack came from: `None` for the embedded default course.
    pub root: Option<PathBuf>,
    /// Files of `starters/`, `references/` and `datasets/`, by path relative to the pack root.
    pub assets: std::sync::Arc<std::collections::BTreeMap<String, Vec<u8>>>,
    /// What is legal but suspicious (`course validate` prints these as `warning:`).
    pub warnings: Vec<Problem>,
}

/// One phase of the roadmap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phase {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub lessons: Vec<Lesson>,
}

/// One lesson: front matter plus its markdown body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lesson {
    /// `<phase-id>/<NN-slug>`, the file's path under `content/` without `.md`.
    pub id: String,
    pub phase_id: String,
    pub title: String,
    /// Estimated minutes to read and practise.
    pub minutes: u32,
    pub objectives: Vec<String>,
    /// The markdown after the front matter.
    pub body: String,
    /// The file, relative to the pack root (`content/04-web-http/01-anatomy.md`).
    pub file: String,
    /// Marked as a placeholder: shown, but not counted as a real lesson yet.
    pub coming: bool,
    /// The sample database its ```sql blocks run against, from the front matter.
    pub dataset: Option<String>,
}

/// A mistake in a course pack, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file, relative to the pack root.
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    pub message: String,
}

impl Problem {
    pub fn new(file: impl Into<String>, line: Option<usize>, message: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            line,
            column: None,
            message: message.into(),
        }
    }

    pub fn at(
        file: impl Into<String>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Self {
            file: file.into(),
            line: Some(line),
            column: Some(column),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

/// Loading failed; every problem found is listed.
#[derive(Debug, Clone, thiserror::Error)]
pub struct CourseError {
    /// What was being loaded ("the embedded course", or the folder).
    pub source_name: String,
    pub problems: Vec<Problem>,
    /// Warnings found on the way (shown by `course validate`).
    pub warnings: Vec<Problem>,
}

impl fmt::Display for CourseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        writeln!(
            f,
            "{} has {n} problem{}:",
            self.source_name,
            if n == 1 { "" } else { "s" }
        )?;
        for p in &self.problems {
            writeln!(f, "  {p}")?;
        }
        write!(
            f,
            "Fix these and run `backroad course validate` to check again."
        )
    }
}

/// A pack's id: `id` from course.toml, else one made from its title (`title:My Pack`), so a
/// pack without an id still keeps its progress apart from the built-in course.
pub fn pack_id(id: Option<&str>, title: &str) -> String {
    match id {
        Some(id) => id.to_string(),
        None => format!("title:{}", title.trim()),
    }
}

/// The id of the pack in `dir` (or of the built-in course), read from its course.toml alone,
/// for commands that open the progress store without loading the whole pack.
pub fn pack_id_of(dir: Option<&Path>) -> Result<String, CourseError> {
    #[derive(serde::Deserialize)]
    struct Head {
        id: Option<String>,
        #[serde(default)]
        title: String,
    }
    let Some(dir) = dir else {
        return Ok(crate::paths::BUILTIN_PACK.to_string());
    };
    let file = dir.join("content/course.toml");
    let fail = |message: String| CourseError {
        source_name: dir.display().to_string(),
        problems: vec![Problem::new("content/course.toml", None, message)],
        warnings: Vec::new(),
    };
    let text = std::fs::read_to_string(&file).map_err(|e| fail(format!("cannot read: {e}")))?;
    let head: Head = toml::from_str(&text).map_err(|e| fail(e.message().to_string()))?;
    Ok(pack_id(head.id.as_deref(), &head.title))
}

/// The lab port lessons, hints and the welcome are written with (the lab's default).
pub const WRITTEN_LAB_PORT: u16 = 7357;

/// `text` with the lab's written address (`127.0.0.1:7357`, `localhost:7357`) moved to
/// `port`: the single place copy-paste commands learn the real port.
pub fn with_lab_port(text: &str, port: u16) -> String {
    if port == WRITTEN_LAB_PORT {
        return text.to_string();
    }
    ["127.0.0.1", "localhost"]
        .iter()
        .fold(text.to_string(), |t, host| {
            t.replace(
                &format!("{host}:{WRITTEN_LAB_PORT}"),
                &format!("{host}:{port}"),
            )
        })
}

impl Course {
    /// The default course, compiled into the binary.
    pub fn embedded() -> Result<Course, CourseError> {
        load::load_embedded()
    }

    /// A course pack from a folder holding `content/` and optionally `exercises/`.
    pub fn from_dir(dir: &Path) -> Result<Course, CourseError> {
        load::load_dir(dir)
    }

    /// Every text a learner reads or copies (lessons, the welcome, prompts, hints,
    /// explanations) with the lab's address on `port` instead of the default one.
    pub fn with_lab_port(mut self, port: u16) -> Course {
        if port == WRITTEN_LAB_PORT {
            return self;
        }
        self.welcome = with_lab_port(&self.welcome, port);
        for lesson in self.phases.iter_mut().flat_map(|p| p.lessons.iter_mut()) {
            lesson.body = with_lab_port(&lesson.body, port);
        }
        for ex in &mut self.exercises {
            ex.prompt = with_lab_port(&ex.prompt, port);
            ex.explanation = with_lab_port(&ex.explanation, port);
            for hint in &mut ex.hints {
                *hint = with_lab_port(hint, port);
            }
        }
        self
    }

    /// The embedded course, or the folder when one is given.
    pub fn load(dir: Option<&Path>) -> Result<Course, CourseError> {
        match dir {
            Some(d) => Self::from_dir(d),
            None => Self::embedded(),
        }
    }

    /// The asset files under `prefix` (`starters/build.hello/python/`), by path.
    pub fn assets_under<'a>(
        &'a self,
        prefix: &'a str,
    ) -> impl Iterator<Item = (&'a str, &'a [u8])> {
        self.assets
            .range::<str, _>((
                std::ops::Bound::Included(prefix),
                std::ops::Bound::Unbounded,
            ))
            .take_while(move |(p, _)| p.starts_with(prefix))
            .map(|(p, b)| (p.as_str(), b.as_slice()))
    }

    /// Write every asset file under `dir` (the embedded course's references and starters,
    /// for `course test`). Paths were checked to stay inside when the pack was loaded.
    pub fn write_assets(&self, dir: &Path) -> std::io::Result<()> {
        for (rel, bytes) in self.assets.iter() {
            let path = dir.join(rel);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&path, bytes)?;
        }
        Ok(())
    }

    /// Every lesson in roadmap order.
    pub fn lessons(&self) -> impl Iterator<Item = &Lesson> {
        self.phases.iter().flat_map(|p| p.lessons.iter())
    }

    /// A lesson by id.
    pub fn lesson(&self, id: &str) -> Option<&Lesson> {
        self.lessons().find(|l| l.id == id)
    }

    /// The lesson's position in roadmap order.
    pub fn lesson_index(&self, id: &str) -> Option<usize> {
        self.lessons().position(|l| l.id == id)
    }

    /// A phase by id.
    pub fn phase(&self, id: &str) -> Option<&Phase> {
        self.phases.iter().find(|p| p.id == id)
    }

    /// An exercise by id.
    pub fn exercise(&self, id: &str) -> Option<&Exercise> {
        self.exercises.iter().find(|e| e.id == id)
    }

    /// Lessons close to `id` by name, for "did you mean" messages.
    pub fn suggest_lessons(&self, id: &str) -> Vec<&str> {
        let needle = id.to_lowercase();
        let tail = needle.rsplit('/').next().unwrap_or(&needle).to_string();
        let mut hits: Vec<&str> = self
            .lessons()
            .filter(|l| {
                let lid = l.id.to_lowercase();
                lid.contains(&tail) || tail.contains(lid.rsplit('/').next().unwrap_or(""))
            })
            .map(|l| l.id.as_str())
            .collect();
        hits.truncate(5);
        hits
    }
}
