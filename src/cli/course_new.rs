//! `backroad course new DIR` and `backroad course add DIR --kind K ID`: write a pack, or one
//! exercise into a pack, from the templates in `templates/` (every field commented, every
//! exercise with its proof), so an author starts from something that validates and is proven.

use super::{Ctx, Exit, bad_input};
use crate::course::Course;
use std::path::{Path, PathBuf};

const COURSE_TOML: &str = include_str!("../../templates/pack/content/course.toml");
const LESSON: &str = include_str!("../../templates/pack/content/01-start/01-first-request.md");
const DATASET: &str = include_str!("../../templates/pack/datasets/sample.sql");
const REFERENCE: &str = include_str!("../../templates/pack/references/server.py");
const README: &str = include_str!("../../templates/pack/README.md");

/// The phase and lesson of the scaffolded pack.
const PHASE: &str = "01-start";
const LESSON_ID: &str = "01-start/01-first-request";

/// Each kind: its name, its template, and the id `course new` gives it.
pub const KINDS: &[(&str, &str, &str)] = &[
    (
        "quiz",
        include_str!("../../templates/exercise/quiz.toml"),
        "start.created-status",
    ),
    (
        "lab",
        include_str!("../../templates/exercise/lab.toml"),
        "start.query-param",
    ),
    (
        "server",
        include_str!("../../templates/exercise/server.toml"),
        "start.greetings-api",
    ),
    (
        "sql",
        include_str!("../../templates/exercise/sql.toml"),
        "start.cheap-books",
    ),
    (
        "git",
        include_str!("../../templates/exercise/git.toml"),
        "start.first-commit",
    ),
];

/// The kinds `--kind` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    Quiz,
    Lab,
    Server,
    Sql,
    Git,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Quiz => "quiz",
            Kind::Lab => "lab",
            Kind::Server => "server",
            Kind::Sql => "sql",
            Kind::Git => "git",
        }
    }
}

/// `backroad course new DIR`: a pack with one phase, one lesson and one exercise of each kind.
pub fn new(_ctx: &Ctx, dir: &Path) -> anyhow::Result<Exit> {
    if let Ok(mut entries) = std::fs::read_dir(dir) {
        if entries.next().is_some() {
            return Err(bad_input(format!(
                "{} is not empty: `course new` writes a whole pack and never overwrites; \
                 give a new or empty folder, or use `backroad course add {} --kind K ID` \
                 to add an exercise to a pack",
                dir.display(),
                dir.display()
            )));
        }
    } else if dir.exists() {
        return Err(bad_input(format!(
            "{} exists and is not a folder",
            dir.display()
        )));
    }
    let mut files: Vec<(PathBuf, String)> = vec![
        (
            "content/course.toml".into(),
            COURSE_TOML.replace("@PACK@", &pack_slug(dir)),
        ),
        (format!("content/{LESSON_ID}.md").into(), LESSON.to_string()),
        ("README.md".into(), README.to_string()),
    ];
    for &(kind, _, id) in KINDS {
        files.extend(exercise_files(kind, id, PHASE, Some(LESSON_ID)));
    }
    for (path, text) in &files {
        write_new(&dir.join(path), text)?;
    }
    let mut out = format!("Created a pack in {}:\n", dir.display());
    for (path, _) in &files {
        out.push_str(&format!("  {}\n", path.display()));
    }
    let d = dir.display();
    out.push_str(&format!(
        "\nNext:\n  backroad course validate {d}      # is every file well-formed?\n  \
         backroad course test {d}          # does every exercise pass and fail as its proof says?\n  \
         backroad --course {d}             # read it in the tutor\n\
         The fields are explained in the files' comments and in `backroad help authoring`.\n"
    ));
    super::emit(&out)?;
    Ok(Exit::Success)
}

/// `backroad course add DIR --kind K ID [--phase P]`: one exercise, with its proof, in phase
/// `P` (default: the last), tied to that phase's last lesson when it has one.
pub fn add(
    _ctx: &Ctx,
    dir: &Path,
    kind: Kind,
    id: &str,
    phase: Option<&str>,
) -> anyhow::Result<Exit> {
    if !is_exercise_id(id) {
        return Err(bad_input(format!(
            "\"{id}\" is not a usable exercise id: use lowercase letters, digits, `.`, `-` and \
             `_`, starting with a letter or digit (like `http.first-get`)"
        )));
    }
    let course = Course::load(Some(dir)).map_err(|e| {
        bad_input(format!(
            "{e}\n`course add` adds to a pack that loads: fix the problems above first"
        ))
    })?;
    if let Some(other) = course.exercises.iter().find(|e| e.id == id) {
        return Err(bad_input(format!(
            "{}: an exercise with id \"{id}\" exists already; pick another id",
            other.file
        )));
    }
    let target = match phase {
        Some(p) => course.phases.iter().find(|ph| ph.id == p).ok_or_else(|| {
            let ids: Vec<&str> = course.phases.iter().map(|ph| ph.id.as_str()).collect();
            bad_input(format!(
                "no phase \"{p}\" in {}/content/course.toml: use one of {}",
                dir.display(),
                ids.join(", ")
            ))
        })?,
        None => course
            .phases
            .last()
            .ok_or_else(|| bad_input("the pack has no phase"))?,
    };
    let lesson = target.lessons.last().map(|l| l.id.as_str());
    let files = exercise_files(kind.name(), id, &target.id, lesson);
    // Files a kind shares (the sql dataset) are written only when missing; the rest must be new.
    let mut written = Vec::new();
    for (path, text) in &files {
        let full = dir.join(path);
        if path.starts_with("datasets") && full.exists() {
            continue;
        }
        write_new(&full, text)?;
        written.push(path);
    }
    let mut out = format!(
        "Added the {} exercise \"{id}\" to phase \"{}\" of {}:\n",
        kind.name(),
        target.id,
        dir.display()
    );
    for path in written {
        out.push_str(&format!("  {}\n", path.display()));
    }
    out.push_str(&format!(
        "\nEdit it, then prove it: backroad course test {} --only {id}\n",
        dir.display()
    ));
    super::emit(&out)?;
    Ok(Exit::Success)
}

/// The files of one exercise of `kind`: the exercise itself, and what it needs (the reference
/// server of a server exercise, the dataset of a sql one).
fn exercise_files(
    kind: &str,
    id: &str,
    phase: &str,
    lesson: Option<&str>,
) -> Vec<(PathBuf, String)> {
    let template = KINDS
        .iter()
        .find(|(k, _, _)| *k == kind)
        .map_or("", |(_, t, _)| *t);
    let reference: String = id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let lesson_line = match lesson {
        Some(l) => format!("lesson = \"{l}\"   # optional: the lesson it belongs to"),
        None => {
            "# lesson = \"<phase>/<lesson>\"        # optional: the lesson it belongs to".into()
        }
    };
    let fill = |t: &str| {
        t.replace("@ID@", id)
            .replace("@PHASE@", phase)
            .replace("@LESSON@", &lesson_line)
            .replace("@REF@", &reference)
    };
    let mut files = vec![(
        PathBuf::from(format!("exercises/{phase}/{id}.toml")),
        fill(template),
    )];
    match kind {
        "server" => files.push((format!("references/{reference}.py").into(), fill(REFERENCE))),
        "sql" => files.push(("datasets/sample.sql".into(), DATASET.to_string())),
        _ => {}
    }
    files
}

/// A pack id from the folder's name: lowercase letters, digits and single dashes.
fn pack_slug(dir: &Path) -> String {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let mut slug = name
        .split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit()))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    slug.truncate(64);
    let slug = slug.trim_end_matches('-').to_string();
    if slug.is_empty() {
        "my-course".into()
    } else {
        slug
    }
}

/// Lowercase letters, digits, `.`, `-`, `_`; starting with a letter or digit.
fn is_exercise_id(id: &str) -> bool {
    id.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'))
}

/// Write `text` to a file that must not exist yet, creating its folders.
fn write_new(path: &Path, text: &str) -> anyhow::Result<()> {
    if path.exists() {
        return Err(bad_input(format!(
            "{} exists already: nothing was overwritten; move it away or pick another id",
            path.display()
        )));
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", parent.display()))?;
    }
    std::fs::write(path, text).map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_template_with_its_placeholders_filled() {
        for &(kind, _, id) in KINDS {
            let files = exercise_files(kind, id, "p", None);
            let (path, text) = &files[0];
            assert_eq!(path, &PathBuf::from(format!("exercises/p/{id}.toml")));
            assert!(
                !text.contains('@'),
                "{kind}: a placeholder is left:\n{text}"
            );
            assert!(text.contains(&format!("kind = \"{kind}\"")), "{kind}");
            assert!(text.contains("[proof"), "{kind} has no proof");
            crate::course::exercise::parse(&path.display().to_string(), text)
                .unwrap_or_else(|p| panic!("{kind}: {p:?}"));
        }
    }

    #[test]
    fn a_pack_id_is_a_slug_of_the_folder_name() {
        assert_eq!(pack_slug(Path::new("/tmp/My Course_2")), "my-course-2");
        assert_eq!(pack_slug(Path::new("/tmp/é")), "my-course");
    }

    #[test]
    fn exercise_ids_are_slugs() {
        assert!(is_exercise_id("http.first-get"));
        assert!(is_exercise_id("a_1"));
        for bad in ["", "Http", "-x", "a b", "a/b", "é"] {
            assert!(!is_exercise_id(bad), "{bad}");
        }
    }
}
