//! A pack's files in memory into a [`Course`]: `content/course.toml`, the lessons, the
//! datasets and the exercises, every problem collected (each at file:line:col) and the
//! warnings beside them. Pure: the files come from `load` (a folder or the embedded course).

use super::lesson::parse_lesson;
use super::load::{ASSET_DIRS, Files};
use super::position::{Doc, Seg};
use super::{Course, Exercise, Lesson, Phase, Problem, exercise, validate};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

/// `content/course.toml`. Unknown keys are found by [`Doc::unknown_keys`].
#[derive(Debug, Deserialize)]
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

const COURSE_KEYS: &[&str] = &["format_version", "id", "title", "welcome", "phase"];
const PHASE_KEYS: &[&str] = &["id", "title", "summary", "lessons"];

#[derive(Debug, Deserialize)]
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

const COURSE: &str = "content/course.toml";

/// Build a course from files in memory. Returns every problem found, or the course (whose
/// [`Course::warnings`] lists what is legal but suspicious).
pub fn load_files(files: &Files) -> Result<Course, Vec<Problem>> {
    load_with_warnings(files).0
}

/// [`load_files`], with the warnings also when there are problems (`course validate`).
pub fn load_with_warnings(files: &Files) -> (Result<Course, Vec<Problem>>, Vec<Problem>) {
    let mut problems = files.problems.clone();
    let mut warnings = Vec::new();
    let mut texts: BTreeMap<&str, &str> = BTreeMap::new();
    for (path, bytes) in &files.entries {
        match std::str::from_utf8(bytes) {
            Ok(t) => {
                texts.insert(path.as_str(), t);
            }
            Err(e) => {
                let (line, col) = super::position::Lines::new(
                    std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or(""),
                )
                .at(e.valid_up_to());
                problems.push(Problem::at(
                    path.clone(),
                    line,
                    col,
                    "is not valid UTF-8 text",
                ))
            }
        }
    }
    let course = build(&texts, files, &mut problems, &mut warnings);
    let sort = |v: &mut Vec<Problem>| {
        v.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)))
    };
    sort(&mut problems);
    sort(&mut warnings);
    match course {
        Some(mut course) if problems.is_empty() => {
            course.warnings = warnings.clone();
            (Ok(course), warnings)
        }
        _ => (Err(problems), warnings),
    }
}

fn build(
    texts: &BTreeMap<&str, &str>,
    files: &Files,
    problems: &mut Vec<Problem>,
    warnings: &mut Vec<Problem>,
) -> Option<Course> {
    let Some(course_text) = texts.get(COURSE).copied() else {
        if !files.entries.iter().any(|(p, _)| p == COURSE) {
            problems.push(Problem::new(
                COURSE,
                None,
                "is missing: a course pack needs content/course.toml listing its phases",
            ));
        }
        return None;
    };
    let doc = Doc::whole(COURSE, course_text);
    if !doc.parsed() {
        problems.extend(doc.syntax_errors());
        return None;
    }
    let before = problems.len();
    problems.extend(doc.unknown_keys(&[], COURSE_KEYS, "content/course.toml"));
    let phase_count = doc
        .value(&["phase".into()])
        .and_then(|p| p.get_ref().as_array())
        .map_or(0, |a| a.len());
    for i in 0..phase_count {
        problems.extend(doc.unknown_keys(&["phase".into(), i.into()], PHASE_KEYS, "[[phase]]"));
    }
    if problems.len() > before {
        return None;
    }
    let course_toml: CourseToml = match doc.decode() {
        Ok(c) => c,
        Err(p) => {
            problems.push(p);
            return None;
        }
    };
    doc.control_warnings(warnings);
    if course_toml.format_version != 1 {
        problems.push(doc.at_value(
            &["format_version".into()],
            format!(
                "format_version is {}, this backroad reads 1",
                course_toml.format_version
            ),
        ));
    }
    if let Some(id) = &course_toml.id
        && !is_slug(id)
    {
        problems.push(doc.at_value(
            &["id".into()],
            format!(
                "id \"{id}\" must be lowercase letters, digits and dashes (progress is kept under it)"
            ),
        ));
    }
    if course_toml.phases.is_empty() {
        problems.push(doc.at_key(&[], "lists no [[phase]]"));
    }

    let mut phases: Vec<Phase> = Vec::new();
    let mut phase_lists: HashMap<String, Option<Vec<String>>> = HashMap::new();
    for (i, p) in course_toml.phases.iter().enumerate() {
        let at: [Seg; 3] = ["phase".into(), i.into(), "id".into()];
        if !is_slug(&p.id) {
            problems.push(doc.at_value(
                &at,
                format!(
                    "phase id \"{}\" must be lowercase letters, digits and dashes",
                    p.id
                ),
            ));
            continue;
        }
        if phase_lists.contains_key(&p.id) {
            problems.push(doc.at_value(&at, format!("duplicate phase id \"{}\"", p.id)));
            continue;
        }
        phase_lists.insert(p.id.clone(), p.lessons.clone());
        phases.push(Phase {
            id: p.id.clone(),
            title: crate::text::clean_owned(p.title.clone()),
            summary: crate::text::clean_owned(p.summary.clone()),
            lessons: Vec::new(),
        });
    }
    let phase_ids: Vec<&str> = course_toml.phases.iter().map(|p| p.id.as_str()).collect();

    // Lessons: content/<phase-id>/<NN-slug>.md
    let mut by_phase: BTreeMap<String, Vec<Lesson>> = BTreeMap::new();
    let mut lesson_ids: HashMap<String, String> = HashMap::new();
    for (&path, &text) in texts {
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
            if phase_ids.contains(&phase_id) {
                continue; // the phase had its own problem
            }
            problems.push(Problem::new(
                path,
                None,
                format!(
                    "is in folder \"{phase_id}\", which is not a phase in content/course.toml.{}",
                    crate::text::did_you_mean_suffix(phase_id, phase_ids.iter().copied())
                ),
            ));
            continue;
        }
        match parse_lesson(path, phase_id, stem, text, warnings) {
            Ok(lesson) => {
                if let Some(other) = lesson_ids.insert(lesson.id.clone(), path.to_string()) {
                    problems.push(Problem::at(
                        path,
                        2,
                        1,
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

    for (i, phase) in phases.iter_mut().enumerate() {
        let mut lessons = by_phase.remove(&phase.id).unwrap_or_default();
        let Some(order) = phase_lists.get(&phase.id).cloned().flatten() else {
            lessons.sort_by(|a, b| a.file.cmp(&b.file));
            phase.lessons = lessons;
            continue;
        };
        let index = course_toml
            .phases
            .iter()
            .position(|p| p.id == phase.id)
            .unwrap_or(i);
        let mut ordered = Vec::new();
        for (j, stem) in order.iter().enumerate() {
            match lessons
                .iter()
                .position(|l| l.file.ends_with(&format!("/{stem}.md")))
            {
                Some(k) => ordered.push(lessons.remove(k)),
                None => {
                    let stems = lessons
                        .iter()
                        .filter_map(|l| l.file.rsplit('/').next()?.strip_suffix(".md"));
                    problems.push(doc.at_value(
                        &["phase".into(), index.into(), "lessons".into(), j.into()],
                        format!(
                            "phase \"{}\" lists lesson \"{stem}\" but content/{}/{stem}.md is missing.{}",
                            phase.id,
                            phase.id,
                            crate::text::did_you_mean_suffix(stem, stems)
                        ),
                    ))
                }
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

    let datasets = datasets(texts, problems);
    for lesson in phases.iter().flat_map(|p| &p.lessons) {
        if let Some(d) = &lesson.dataset
            && !datasets.contains_key(d)
            && let Some(text) = texts.get(lesson.file.as_str())
        {
            let end = text
                .get(3..)
                .and_then(|t| t.find("\n+++"))
                .map_or(0, |e| e + 3);
            let doc = Doc::new(&lesson.file, text, 4.min(end)..end);
            problems
                .push(doc.at_value(&["dataset".into()], validate::unknown_dataset(d, &datasets)));
        }
    }

    // Exercises.
    let mut exercises: Vec<Exercise> = Vec::new();
    let mut exercise_ids: HashMap<String, String> = HashMap::new();
    let refs = validate::Refs {
        phases: &phase_ids,
        lessons: phases
            .iter()
            .flat_map(|p| p.lessons.iter().map(|l| l.id.as_str()))
            .collect(),
        datasets: &datasets,
    };
    for (&path, &text) in texts {
        if !path.starts_with("exercises/") || !path.ends_with(".toml") {
            continue;
        }
        let doc = Doc::whole(path, text);
        doc.control_warnings(warnings);
        let refs_found = validate::exercise_refs(&doc, &refs);
        let ok = refs_found.is_empty();
        problems.extend(refs_found);
        match exercise::parse_doc(&doc, warnings) {
            Ok(ex) => {
                if let Some(other) = exercise_ids.insert(ex.id.clone(), path.to_string()) {
                    problems.push(doc.at_value(
                        &["id".into()],
                        format!("duplicate exercise id \"{}\" (also used by {other})", ex.id),
                    ));
                } else if ok {
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
    Some(Course {
        id: super::pack_id(course_toml.id.as_deref(), &course_toml.title),
        title: crate::text::clean_owned(course_toml.title),
        welcome: crate::text::clean_owned(course_toml.welcome),
        phases,
        exercises,
        datasets: std::sync::Arc::new(datasets),
        root: None,
        assets: std::sync::Arc::new(assets),
        warnings: Vec::new(),
    })
}

/// Datasets: `datasets/<name>.sql`, SQL that builds a sample database.
fn datasets(texts: &BTreeMap<&str, &str>, problems: &mut Vec<Problem>) -> BTreeMap<String, String> {
    let mut datasets = BTreeMap::new();
    for (&path, &text) in texts {
        let Some(name) = path
            .strip_prefix("datasets/")
            .and_then(|r| r.strip_suffix(".sql"))
        else {
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
    datasets
}

pub(super) fn is_slug(s: &str) -> bool {
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
            joined.contains("content/02-two/02-nofm.md:1:1: must start with front matter"),
            "{joined}"
        );
        assert!(
            joined.contains("content/02-two/03-open.md:1:1: front matter opened"),
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
            joined.contains("content/01-one/04-binary.md:1:1: is not valid UTF-8"),
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
            joined.contains("content/course.toml:14:6: duplicate phase id \"01-one\""),
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
            joined.contains("content/course.toml:6:25: phase \"01-one\" lists lesson \"01-first\""),
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
            joined.contains("content/course.toml:4:6: phase id \"../etc\""),
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

    /// Arbitrary TOML: documents drawn from the pack's own keys (and near misses) with values
    /// of every type, then mangled; and arbitrary bytes. The loader returns a course or
    /// problems, never panics, and every problem inside a file that exists has a line.
    #[test]
    fn arbitrary_toml_and_bytes_never_panic() {
        use rand::rngs::StdRng;
        use rand::{Rng, SeedableRng};
        const KEYS: &[&str] = &[
            "format_version",
            "id",
            "title",
            "phase",
            "lesson",
            "kind",
            "difficulty",
            "points",
            "prompt",
            "hints",
            "explanation",
            "question",
            "choices",
            "answer",
            "answers",
            "pattern",
            "why",
            "name",
            "request",
            "method",
            "path",
            "url",
            "asserts",
            "captures",
            "retry",
            "delay",
            "parallel",
            "dataset",
            "solution",
            "mode",
            "pass",
            "fail",
            "send",
            "lab",
            "run",
            "titel",
            "kinds",
            "minutes",
            "objectives",
            "coming",
            "lessons",
            "welcome",
        ];
        const HEADERS: &[&str] = &[
            "[[step]]",
            "[quiz]",
            "[quiz.why]",
            "[sql]",
            "[[expect]]",
            "[proof]",
            "[[proof.pass]]",
            "[[proof.fail]]",
            "[server]",
            "[git]",
            "[[phase]]",
            "[step]",
        ];
        const STRINGS: &[&str] = &[
            "lab",
            "quiz",
            "server",
            "sql",
            "git",
            "01-one",
            "01-one/01-first",
            "status == 200",
            "jsonpath \\\"$.id\\\" == \\\"{{id}}\\\"",
            "{{id}}",
            "{{",
            "}}",
            "/tasks/{{x}}",
            "\\u001b]52;c;aGk=\\u0007",
            "",
            " ",
            "GET",
            "é",
            "\\u0000",
        ];
        fn value(rng: &mut StdRng, depth: u32) -> String {
            match rng.random_range(0..if depth > 2 { 5 } else { 7 }) {
                0 => format!("\"{}\"", STRINGS[rng.random_range(0..STRINGS.len())]),
                1 => format!("'{}'", STRINGS[rng.random_range(0..STRINGS.len())]),
                2 => rng.random_range(-5i64..400).to_string(),
                3 => [
                    "true",
                    "false",
                    "1.5",
                    "1e400",
                    "1979-05-27",
                    "99999999999999999999",
                ][rng.random_range(0..6)]
                .into(),
                4 => "\"\"\"multi\nline\"\"\"".into(),
                5 => {
                    let n = rng.random_range(0..4);
                    let items: Vec<String> = (0..n).map(|_| value(rng, depth + 1)).collect();
                    format!("[{}]", items.join(", "))
                }
                _ => {
                    let n = rng.random_range(0..4);
                    let items: Vec<String> = (0..n)
                        .map(|_| {
                            format!(
                                "{} = {}",
                                KEYS[rng.random_range(0..KEYS.len())],
                                value(rng, depth + 1)
                            )
                        })
                        .collect();
                    format!("{{ {} }}", items.join(", "))
                }
            }
        }
        let mut rng = StdRng::seed_from_u64(12);
        for round in 0..1500 {
            let mut doc = String::new();
            for _ in 0..rng.random_range(0..25) {
                if rng.random_range(0..5) == 0 {
                    doc.push_str(HEADERS[rng.random_range(0..HEADERS.len())]);
                } else {
                    let k = KEYS[rng.random_range(0..KEYS.len())];
                    doc.push_str(&format!("{k} = {}", value(&mut rng, 0)));
                }
                doc.push('\n');
            }
            let mut bytes = doc.into_bytes();
            // Mangle: drop, duplicate or replace a few bytes.
            for _ in 0..rng.random_range(0..3) {
                if bytes.is_empty() {
                    break;
                }
                let at = rng.random_range(0..bytes.len());
                match rng.random_range(0..3) {
                    0 => {
                        bytes.remove(at);
                    }
                    1 => bytes.insert(at, bytes[at]),
                    _ => bytes[at] = rng.random(),
                }
            }
            let noise: Vec<u8> = (0..rng.random_range(0..200))
                .map(|_| rng.random())
                .collect();
            let mut f = base();
            let mut front = b"+++\n".to_vec();
            front.extend_from_slice(&bytes);
            front.extend_from_slice(b"\n+++\nBody\n");
            f.add("exercises/01-one/x.toml", bytes.clone())
                .add("content/01-one/03-fm.md", front)
                .add("exercises/01-one/noise.toml", noise.clone());
            if round % 3 == 0 {
                f.entries[0].1 = bytes.clone();
            }
            match load_files(&f) {
                Ok(c) => assert!(c.lessons().count() >= 3),
                Err(problems) => {
                    for p in &problems {
                        assert!(!p.message.is_empty());
                        assert!(!p.message.contains("expected u32"), "{p}");
                        let inside = p.file == "exercises/01-one/x.toml"
                            && !p.message.contains("is not valid UTF-8");
                        assert!(!inside || p.line.is_some(), "no line: {p}");
                    }
                }
            }
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
