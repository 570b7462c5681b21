//! Gathering a pack's files: from the binary (the embedded course) or a folder, which may not
//! reach outside itself. `pack` turns them into a [`Course`].

use super::pack::load_with_warnings;
use super::{Course, CourseError, Problem};
use std::path::Path;

static EMBEDDED_CONTENT: include_dir::Dir<'static> =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/content");
static EMBEDDED_EXERCISES: include_dir::Dir<'static> =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/exercises");
static EMBEDDED_STARTERS: include_dir::Dir<'static> =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/starters");
static EMBEDDED_REFERENCES: include_dir::Dir<'static> =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/references");
static EMBEDDED_DATASETS: include_dir::Dir<'static> =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/datasets");

/// Folders of a pack that hold files used as they are (any type): starter projects, reference
/// servers, sql datasets. Kept in [`Course::assets`].
pub const ASSET_DIRS: &[&str] = &["starters", "references", "datasets"];

/// Files bigger than this are refused rather than read.
const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// A pack's files in memory: paths relative to the pack root, with `/` separators.
#[derive(Debug, Default, Clone)]
pub struct Files {
    pub entries: Vec<(String, Vec<u8>)>,
    /// Problems met while gathering (unreadable files, links out of the folder).
    pub problems: Vec<Problem>,
}

impl Files {
    /// Add a file (for tests and the embedded course).
    pub fn add(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> &mut Self {
        self.entries.push((path.into(), bytes.into()));
        self
    }
}

pub(super) fn load_embedded() -> Result<Course, CourseError> {
    let mut files = Files::default();
    collect_embedded(&EMBEDDED_CONTENT, "content", &mut files);
    collect_embedded(&EMBEDDED_EXERCISES, "exercises", &mut files);
    collect_embedded(&EMBEDDED_STARTERS, "starters", &mut files);
    collect_embedded(&EMBEDDED_REFERENCES, "references", &mut files);
    collect_embedded(&EMBEDDED_DATASETS, "datasets", &mut files);
    let (course, warnings) = load_with_warnings(&files);
    course.map_err(|problems| CourseError {
        source_name: "the embedded course".into(),
        problems,
        warnings,
    })
}

fn collect_embedded(dir: &include_dir::Dir<'static>, prefix: &str, files: &mut Files) {
    for f in dir.files() {
        if f.path()
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        {
            continue;
        }
        let rel = f.path().to_string_lossy().replace('\\', "/");
        files.add(format!("{prefix}/{rel}"), f.contents());
    }
    for d in dir.dirs() {
        collect_embedded(d, prefix, files);
    }
}

pub(super) fn load_dir(dir: &Path) -> Result<Course, CourseError> {
    let name = dir.display().to_string();
    let fail = |problems| CourseError {
        source_name: name.clone(),
        problems,
        warnings: Vec::new(),
    };
    let root = dir.canonicalize().map_err(|e| {
        fail(vec![Problem::new(
            name.clone(),
            None,
            format!("cannot open the course folder: {e}"),
        )])
    })?;
    if !root.is_dir() {
        return Err(fail(vec![Problem::new(
            name.clone(),
            None,
            "is not a folder: --course expects a folder holding content/course.toml",
        )]));
    }
    let mut files = Files::default();
    for sub in ["content", "exercises"].iter().chain(ASSET_DIRS) {
        let d = root.join(sub);
        if d.exists() {
            walk(&root, &d, sub, &mut files, 0);
        }
    }
    let (course, warnings) = load_with_warnings(&files);
    let mut course = course.map_err(|problems| CourseError {
        warnings,
        ..fail(problems)
    })?;
    course.root = Some(root);
    Ok(course)
}

fn walk(root: &Path, dir: &Path, rel: &str, files: &mut Files, depth: usize) {
    if depth > 8 {
        files.problems.push(Problem::new(
            rel,
            None,
            "folders nested too deep (more than 8 levels)",
        ));
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            files
                .problems
                .push(Problem::new(rel, None, format!("cannot read folder: {e}")));
            return;
        }
    };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        let rel_path = format!("{rel}/{name}");
        // A pack may not reach outside its own folder, through a link or otherwise.
        let real = match path.canonicalize() {
            Ok(r) => r,
            Err(e) => {
                files
                    .problems
                    .push(Problem::new(rel_path, None, format!("cannot resolve: {e}")));
                continue;
            }
        };
        if !real.starts_with(root) {
            files.problems.push(Problem::new(
                rel_path,
                None,
                "points outside the course folder; a pack may only use its own files",
            ));
            continue;
        }
        let meta = match std::fs::metadata(&real) {
            Ok(m) => m,
            Err(e) => {
                files
                    .problems
                    .push(Problem::new(rel_path, None, format!("cannot read: {e}")));
                continue;
            }
        };
        if meta.is_dir() {
            walk(root, &real, &rel_path, files, depth + 1);
        } else if name.ends_with(".md")
            || name.ends_with(".toml")
            || ASSET_DIRS
                .iter()
                .any(|d| rel_path.starts_with(&format!("{d}/")))
        {
            if meta.len() > MAX_FILE_BYTES {
                files.problems.push(Problem::new(
                    rel_path,
                    None,
                    format!(
                        "is {} bytes; files over {MAX_FILE_BYTES} bytes are refused",
                        meta.len()
                    ),
                ));
                continue;
            }
            match std::fs::read(&real) {
                Ok(bytes) => {
                    files.add(rel_path, bytes);
                }
                Err(e) => {
                    files
                        .problems
                        .push(Problem::new(rel_path, None, format!("cannot read: {e}")))
                }
            }
        }
    }
}
