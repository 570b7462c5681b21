//! Gathering a pack's files and turning them into a [`Course`], collecting every problem.

use super::{Course, CourseError, Exercise, Lesson, Phase, Problem, exercise};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

pub(crate) use super::position::{find_line, line_col, toml_problem};
use super::position::{find_nth_line, line_of_offset};

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
    load_files(&files).map_err(|problems| CourseError {
        source_name: "the embedded course".into(),
        problems,
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
    let mut course = load_files(&files).map_err(fail)?;
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

/// `content/course.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CourseToml {
    /// Must be 1.
    format_version: u32,
    /// The pack's stable id: progress is kept apart per pack under it.
    #[serde(default)]
    id: Option<String>,
    /// The course's name, shown in the title bar.
    title: String,
    /// Markdown shown on first launch.
    #[serde(default)]
    welcome: String,
    /// The phases, in roadmap order.
    #[serde(default, rename = "phase")]
    phases: Vec<PhaseToml>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PhaseToml {
    /// A slug (`04-web-http`): lowercase letters, digits and dashes; also the folder name.
    id: String,
    title: String,
    #[serde(default)]
    summary: String,
    /// Optional explicit lesson order (file stems). When absent, files are sorted by name.
    #[serde(default)]
    lessons: Option<Vec<String>>,
}

/// Lesson front matter, between `+++` lines.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    /// Defaults to `<phase-id>/<file stem>`. Progress is keyed on it, so keep it stable.
    #[serde(default)]
    id: Option<String>,
    title: String,
    /// Estimated minutes.
    #[serde(default = "ten")]
    minutes: u32,
    /// What the learner can do after the lesson.
    #[serde(default)]
    objectives: Vec<String>,
    /// A placeholder lesson, shown as "coming".
    #[serde(default)]
    coming: bool,
    /// The sample database its ```sql blocks run against (`datasets/<name>.sql`).
    #[serde(default)]
    dataset: Option<String>,
}

fn ten() -> u32 {
    10
}

/// Build a course from files in memory. Returns every problem found, or the course.
pub fn load_files(files: &Files) -> Result<Course, Vec<Problem>> {
    let mut problems = files.problems.clone();
    let mut texts: BTreeMap<&str, &str> = BTreeMap::new();
    for (path, bytes) in &files.entries {
        match std::str::from_utf8(bytes) {
            Ok(t) => {
                texts.insert(path.as_str(), t);
            }
            Err(e) => problems.push(Problem::new(
                path.clone(),
                Some(line_of_offset(bytes, e.valid_up_to())),
                "is not valid UTF-8 text",
            )),
        }
    }

    const COURSE: &str = "content/course.toml";
    let Some(course_text) = texts.get(COURSE).copied() else {
        if !files.entries.iter().any(|(p, _)| p == COURSE) {
            problems.push(Problem::new(
                COURSE,
                None,
                "is missing: a course pack needs content/course.toml listing its phases",
            ));
        }
        return Err(problems);
    };
    let course_toml: CourseToml = match toml::from_str(course_text) {
        Ok(c) => c,
        Err(e) => {
            problems.push(toml_problem(COURSE, course_text, 0, &e));
            return Err(problems);
        }
    };
    if course_toml.format_version != 1 {
        problems.push(Problem::new(
            COURSE,
            find_line(course_text, "format_version"),
            format!(
                "format_version is {}, this backroad reads 1",
                course_toml.format_version
            ),
        ));
    }
    if let Some(id) = &course_toml.id
        && !is_slug(id)
    {
        problems.push(Problem::new(
            COURSE,
            find_line(course_text, "id"),
            format!(
                "id \"{id}\" must be lowercase letters, digits and dashes (progress is kept under it)"
            ),
        ));
    }
    if course_toml.phases.is_empty() {
        problems.push(Problem::new(COURSE, None, "lists no [[phase]]"));
    }

    let mut phases: Vec<Phase> = Vec::new();
    let mut seen_phase: HashSet<&str> = HashSet::new();
    let mut phase_lists: HashMap<String, Option<Vec<String>>> = HashMap::new();
    for p in &course_toml.phases {
        let line = find_line(course_text, &format!("\"{}\"", p.id));
        if !is_slug(&p.id) {
            problems.push(Problem::new(
                COURSE,
                line,
                format!(
                    "phase id \"{}\" must be lowercase letters, digits and dashes",
                    p.id
                ),
            ));
            continue;
        }
        if !seen_phase.insert(&p.id) {
            problems.push(Problem::new(
                COURSE,
                find_nth_line(course_text, &format!("\"{}\"", p.id), 2),
                format!("duplicate phase id \"{}\"", p.id),
            ));
            continue;
        }
        phase_lists.insert(p.id.clone(), p.lessons.clone());
        phases.push(Phase {
            id: p.id.clone(),
            title: p.title.clone(),
            summary: p.summary.clone(),
            lessons: Vec::new(),
        });
    }

    // Lessons: content/<phase-id>/<NN-slug>.md
    let mut by_phase: BTreeMap<String, Vec<Lesson>> = BTreeMap::new();
    let mut lesson_ids: HashMap<String, String> = HashMap::new();
    for (&path, &text) in &texts {
        let Some(rest) = path.strip_prefix("content/") else {
            continue;
        };
        if !path.ends_with(".md") {
            continue;
        }
        let parts: Vec<&str> = rest.split('/').collect();
        if parts.len() != 2 {
            problems.push(Problem::new(
                path,
                None,
                "lessons live at content/<phase-id>/<NN-slug>.md",
            ));
            continue;
        }
        let (phase_id, file_name) = (parts[0], parts[1]);
        let stem = file_name.trim_end_matches(".md");
        if !phase_lists.contains_key(phase_id) {
            if seen_phase.contains(phase_id) {
                continue; // phase had its own problem
            }
            problems.push(Problem::new(
                path,
                None,
                format!("is in folder \"{phase_id}\", which is not a phase in content/course.toml"),
            ));
            continue;
        }
        match parse_lesson(path, phase_id, stem, text) {
            Ok(lesson) => {
                if let Some(other) = lesson_ids.insert(lesson.id.clone(), path.to_string()) {
                    problems.push(Problem::new(
                        path,
                        Some(2),
                        format!(
                            "duplicate lesson id \"{}\" (also used by {other})",
                            lesson.id
                        ),
                    ));
                    continue;
                }
                by_phase
                    .entry(phase_id.to_string())
                    .or_default()
                    .push(lesson);
            }
            Err(mut p) => problems.append(&mut p),
        }
    }

    for phase in &mut phases {
        let mut lessons = by_phase.remove(&phase.id).unwrap_or_default();
        match phase_lists.get(&phase.id).cloned().flatten() {
            Some(order) => {
                let mut ordered = Vec::new();
                for stem in &order {
                    match lessons.iter().position(|l| l.file.ends_with(&format!("/{stem}.md"))) {
                        Some(i) => ordered.push(lessons.remove(i)),
                        None => problems.push(Problem::new(
                            COURSE,
                            find_line(course_text, &format!("\"{stem}\"")),
                            format!("phase \"{}\" lists lesson \"{stem}\" but content/{}/{stem}.md is missing", phase.id, phase.id),
                        )),
                    }
                }
                for l in lessons {
                    problems.push(Problem::new(
                        l.file.clone(),
                        None,
                        format!(
                            "is not listed in the lessons of phase \"{}\" in content/course.toml",
                            phase.id
                        ),
                    ));
                }
                phase.lessons = ordered;
            }
            None => {
                lessons.sort_by(|a, b| a.file.cmp(&b.file));
                phase.lessons = lessons;
            }
        }
    }

    // Datasets: datasets/<name>.sql, SQL that builds a sample database.
    let mut datasets: BTreeMap<String, String> = BTreeMap::new();
    for (&path, &text) in &texts {
        let Some(rest) = path.strip_prefix("datasets/") else {
            continue;
        };
        let Some(name) = rest.strip_suffix(".sql") else {
            continue;
        };
        if !is_slug(name) {
            problems.push(Problem::new(
                path,
                None,
                "datasets live at datasets/<name>.sql, with a name of lowercase letters, digits and dashes",
            ));
            continue;
        }
        datasets.insert(name.to_string(), text.to_string());
    }
    for lesson in phases.iter().flat_map(|p| &p.lessons) {
        if let Some(d) = &lesson.dataset
            && !datasets.contains_key(d)
        {
            problems.push(Problem::new(
                lesson.file.clone(),
                texts
                    .get(lesson.file.as_str())
                    .and_then(|t| find_line(t, "dataset")),
                format!(
                    "dataset \"{d}\" is not a file datasets/{d}.sql in this pack{}",
                    known(&datasets)
                ),
            ));
        }
    }

    // Exercises.
    let mut exercises: Vec<Exercise> = Vec::new();
    let mut exercise_ids: HashMap<String, String> = HashMap::new();
    let all_lessons: HashSet<&str> = phases
        .iter()
        .flat_map(|p| p.lessons.iter().map(|l| l.id.as_str()))
        .collect();
    for (&path, &text) in &texts {
        if !path.starts_with("exercises/") || !path.ends_with(".toml") {
            continue;
        }
        match exercise::parse(path, text) {
            Ok(ex) => {
                let mut ok = true;
                if !seen_phase.contains(ex.phase.as_str()) {
                    problems.push(Problem::new(
                        path,
                        find_line(text, "phase"),
                        format!(
                            "unknown phase \"{}\" (not in content/course.toml)",
                            ex.phase
                        ),
                    ));
                    ok = false;
                }
                if let Some(lesson) = &ex.lesson
                    && !all_lessons.contains(lesson.as_str())
                {
                    problems.push(Problem::new(
                        path,
                        find_line(text, "lesson"),
                        format!("unknown lesson \"{lesson}\""),
                    ));
                    ok = false;
                }
                if let exercise::Spec::Sql(sql) = &ex.spec
                    && !datasets.contains_key(&sql.dataset)
                {
                    problems.push(Problem::new(
                        path,
                        find_line(text, "dataset"),
                        format!(
                            "dataset \"{}\" is not a file datasets/{}.sql in this pack{}",
                            sql.dataset,
                            sql.dataset,
                            known(&datasets)
                        ),
                    ));
                    ok = false;
                }
                if let Some(other) = exercise_ids.insert(ex.id.clone(), path.to_string()) {
                    problems.push(Problem::new(
                        path,
                        find_line(text, "id"),
                        format!("duplicate exercise id \"{}\" (also used by {other})", ex.id),
                    ));
                    ok = false;
                }
                if ok {
                    exercises.push(ex);
                }
            }
            Err(mut p) => problems.append(&mut p),
        }
    }
    // Exercises in roadmap order: by phase position, then file.
    let phase_pos: HashMap<&str, usize> = phases
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    exercises.sort_by(|a, b| {
        (phase_pos.get(a.phase.as_str()), &a.file).cmp(&(phase_pos.get(b.phase.as_str()), &b.file))
    });

    let assets: BTreeMap<String, Vec<u8>> = files
        .entries
        .iter()
        .filter(|(p, _)| ASSET_DIRS.iter().any(|d| p.starts_with(&format!("{d}/"))))
        .filter(|(p, _)| super::proof::safe_relative(p))
        .map(|(p, b)| (p.clone(), b.clone()))
        .collect();
    problems.extend(super::proof::check_files(&exercises, &assets));
    if !problems.is_empty() {
        problems.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        return Err(problems);
    }
    Ok(Course {
        id: super::pack_id(course_toml.id.as_deref(), &course_toml.title),
        title: course_toml.title,
        welcome: course_toml.welcome,
        phases,
        exercises,
        datasets: std::sync::Arc::new(datasets),
        root: None,
        assets: std::sync::Arc::new(assets),
    })
}

/// ": it has shop, blog" or ": it has none", for "unknown dataset" problems.
fn known(datasets: &BTreeMap<String, String>) -> String {
    if datasets.is_empty() {
        " (it has no datasets/ folder of .sql files)".into()
    } else {
        format!(
            " (it has {})",
            datasets
                .keys()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

fn parse_lesson(
    path: &str,
    phase_id: &str,
    stem: &str,
    text: &str,
) -> Result<Lesson, Vec<Problem>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "+++" {
        return Err(vec![Problem::new(
            path,
            Some(1),
            "must start with front matter: a line `+++`, TOML (title = \"...\"), and a closing `+++`",
        )]);
    }
    let mut offset = first.len();
    let mut front_end = None;
    for (i, line) in lines.enumerate() {
        if line.trim_end() == "+++" {
            front_end = Some((offset, offset + line.len(), i + 2));
            break;
        }
        offset += line.len();
    }
    let Some((fm_end, body_start, _close_line)) = front_end else {
        return Err(vec![Problem::new(
            path,
            Some(1),
            "front matter opened with `+++` is never closed by another `+++` line",
        )]);
    };
    let fm_text = &text[first.len()..fm_end];
    let fm: FrontMatter =
        toml::from_str(fm_text).map_err(|e| vec![toml_problem(path, fm_text, 1, &e)])?;
    let mut problems = Vec::new();
    let default_id = format!("{phase_id}/{stem}");
    let id = fm.id.unwrap_or_else(|| default_id.clone());
    if !id.starts_with(&format!("{phase_id}/"))
        || id.contains("..")
        || id.contains(char::is_whitespace)
    {
        problems.push(Problem::new(
            path,
            find_line(fm_text, "id").map(|l| l + 1),
            format!(
                "lesson id \"{id}\" must start with its phase (\"{phase_id}/\") and have no spaces"
            ),
        ));
    }
    if fm.title.trim().is_empty() {
        problems.push(Problem::new(
            path,
            find_line(fm_text, "title").map(|l| l + 1),
            "title is empty",
        ));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Lesson {
        id,
        phase_id: phase_id.to_string(),
        title: fm.title,
        minutes: fm.minutes,
        objectives: fm.objectives,
        body: text[body_start..].to_string(),
        file: path.to_string(),
        coming: fm.coming,
        dataset: fm.dataset,
    })
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;

    const COURSE: &str = "format_version = 1\ntitle = \"T\"\nwelcome = \"hi\"\n\n[[phase]]\nid = \"01-one\"\ntitle = \"One\"\n\n[[phase]]\nid = \"02-two\"\ntitle = \"Two\"\n";

    fn lesson(title: &str) -> String {
        format!(
            "+++\ntitle = \"{title}\"\nminutes = 5\nobjectives = [\"a\"]\n+++\n\n# {title}\n\nBody.\n"
        )
    }

    fn base() -> Files {
        let mut f = Files::default();
        f.add("content/course.toml", COURSE)
            .add("content/01-one/01-first.md", lesson("First"))
            .add("content/01-one/02-second.md", lesson("Second"))
            .add("content/02-two/01-third.md", lesson("Third"));
        f
    }

    fn problems(files: &Files) -> Vec<String> {
        load_files(files)
            .unwrap_err()
            .iter()
            .map(|p| p.to_string())
            .collect()
    }

    #[test]
    fn a_good_pack_loads_in_order() {
        let c = load_files(&base()).unwrap();
        assert_eq!(c.title, "T");
        let ids: Vec<_> = c.lessons().map(|l| l.id.as_str()).collect();
        assert_eq!(
            ids,
            ["01-one/01-first", "01-one/02-second", "02-two/01-third"]
        );
        let first = c.lesson("01-one/01-first").unwrap();
        assert_eq!((first.minutes, first.objectives.len()), (5, 1));
        assert!(first.body.starts_with("\n# First"));
    }

    #[test]
    fn a_missing_course_toml_is_named() {
        let mut f = Files::default();
        f.add("content/01-one/01-first.md", lesson("First"));
        assert_eq!(
            problems(&f),
            [
                "content/course.toml: is missing: a course pack needs content/course.toml listing its phases"
            ]
        );
    }

    #[test]
    fn toml_syntax_errors_carry_line_and_column() {
        let mut f = Files::default();
        f.add("content/course.toml", "format_version = 1\ntitle = \"T\n");
        let p = problems(&f);
        assert_eq!(p.len(), 1);
        assert!(p[0].starts_with("content/course.toml:2:"), "{p:?}");
    }

    #[test]
    fn front_matter_errors_point_at_the_line_in_the_lesson_file() {
        let mut f = base();
        f.add(
            "content/02-two/02-bad.md",
            "+++\ntitle = \"Bad\"\nminutes = \"ten\"\n+++\nbody\n",
        );
        let p = problems(&f);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].starts_with("content/02-two/02-bad.md:3:"), "{p:?}");
    }

    #[test]
    fn every_problem_is_reported_not_just_the_first() {
        let mut f = base();
        f.add("content/02-two/02-nofm.md", "# No front matter\n")
            .add("content/02-two/03-open.md", "+++\ntitle = \"x\"\n")
            .add("content/99-ghost/01-x.md", lesson("Ghost"))
            .add(
                "content/01-one/03-unknown-field.md",
                "+++\ntitle = \"x\"\nauthor = \"me\"\n+++\n",
            )
            .add("content/01-one/04-binary.md", vec![0xff, 0xfe, 0x00, 0x41]);
        let p = problems(&f);
        let joined = p.join("\n");
        assert_eq!(p.len(), 5, "{joined}");
        assert!(
            joined.contains("content/02-two/02-nofm.md:1: must start with front matter"),
            "{joined}"
        );
        assert!(
            joined.contains("content/02-two/03-open.md:1: front matter opened"),
            "{joined}"
        );
        assert!(
            joined.contains("content/99-ghost/01-x.md: is in folder \"99-ghost\""),
            "{joined}"
        );
        assert!(
            joined.contains("content/01-one/03-unknown-field.md:3:"),
            "{joined}"
        );
        assert!(
            joined.contains("content/01-one/04-binary.md:1: is not valid UTF-8"),
            "{joined}"
        );
    }

    #[test]
    fn duplicate_ids_are_caught() {
        let mut f = Files::default();
        f.add(
            "content/course.toml",
            format!("{COURSE}\n[[phase]]\nid = \"01-one\"\ntitle = \"Again\"\n"),
        )
        .add("content/01-one/01-first.md", lesson("First"))
        .add(
            "content/01-one/02-clone.md",
            "+++\nid = \"01-one/01-first\"\ntitle = \"Clone\"\n+++\n",
        );
        let joined = problems(&f).join("\n");
        assert!(
            joined.contains("content/course.toml:14: duplicate phase id \"01-one\""),
            "{joined}"
        );
        assert!(
            joined.contains("duplicate lesson id \"01-one/01-first\""),
            "{joined}"
        );
    }

    #[test]
    fn listed_lessons_must_exist_and_files_must_be_listed() {
        let mut f = Files::default();
        f.add(
            "content/course.toml",
            "format_version = 1\ntitle = \"T\"\n[[phase]]\nid = \"01-one\"\ntitle = \"One\"\nlessons = [\"02-second\", \"01-first\"]\n",
        )
        .add("content/01-one/02-second.md", lesson("Second"))
        .add("content/01-one/03-stray.md", lesson("Stray"));
        let joined = problems(&f).join("\n");
        assert!(
            joined.contains("content/course.toml:6: phase \"01-one\" lists lesson \"01-first\""),
            "{joined}"
        );
        assert!(
            joined.contains("content/01-one/03-stray.md: is not listed"),
            "{joined}"
        );
    }

    #[test]
    fn phase_ids_cannot_escape_the_folder() {
        let mut f = Files::default();
        f.add(
            "content/course.toml",
            "format_version = 1\ntitle = \"T\"\n[[phase]]\nid = \"../etc\"\ntitle = \"x\"\n",
        );
        let joined = problems(&f).join("\n");
        assert!(
            joined.contains("content/course.toml:4: phase id \"../etc\""),
            "{joined}"
        );
    }

    #[test]
    fn garbage_never_panics() {
        // A cheap deterministic fuzz: random bytes and mangled versions of real files.
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let good = lesson("Good");
        for _ in 0..300 {
            let len = (next() % 300) as usize;
            let bytes: Vec<u8> = (0..len).map(|_| next() as u8).collect();
            let cut = (next() as usize) % good.len();
            let mut mangled = good.as_bytes()[..cut].to_vec();
            mangled.extend_from_slice(&bytes[..len.min(20)]);
            let mut f = Files::default();
            f.add(
                "content/course.toml",
                if next() % 2 == 0 {
                    COURSE.as_bytes().to_vec()
                } else {
                    bytes.clone()
                },
            )
            .add("content/01-one/01-x.md", bytes.clone())
            .add("content/01-one/02-y.md", mangled)
            .add("exercises/01-one/x.toml", bytes);
            let _ = load_files(&f);
        }
    }

    #[test]
    fn a_link_out_of_the_pack_is_refused() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.md"), lesson("Secret")).unwrap();
        let pack = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(pack.path().join("content/01-one")).unwrap();
        std::fs::write(pack.path().join("content/course.toml"), COURSE).unwrap();
        std::fs::write(
            pack.path().join("content/01-one/01-first.md"),
            lesson("First"),
        )
        .unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(
            outside.path().join("secret.md"),
            pack.path().join("content/01-one/02-link.md"),
        )
        .unwrap();
        let err = Course::from_dir(pack.path()).unwrap_err();
        let joined = err.to_string();
        #[cfg(unix)]
        assert!(
            joined.contains("content/01-one/02-link.md: points outside the course folder"),
            "{joined}"
        );
        assert!(!joined.contains("Secret"));
    }

    #[test]
    fn the_embedded_course_loads() {
        let c = Course::embedded().unwrap_or_else(|e| panic!("{e}"));
        assert!(c.lessons().count() >= 1);
    }
}
