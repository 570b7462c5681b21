//! Loading a big pack: one exercise file of about 4 MiB with 30,000 server steps, written to a
//! temp folder and loaded with `Course::from_dir` (everything `course validate` does before the
//! sql checks). Baseline in the same run: the TOML parser alone reading the same file into a
//! `toml::Table`, the floor any loader pays. Also 3,000 steps, to show loading is linear
//! (positions come from the parser's spans and a line index, not from searching the text).
//!
//! `cargo bench --bench load` (or `--profile dev` to skip a release build).

use backroad::course::Course;
use std::path::Path;
use std::time::{Duration, Instant};

const ROUNDS: usize = 5;

fn exercise(steps: usize) -> String {
    let mut t = String::from(
        "format_version = 1\nid = \"bench.big\"\ntitle = \"Big\"\nphase = \"01-one\"\nkind = \"server\"\nprompt = \"p\"\nhints = [\"h\"]\n\n[[step]]\nname = \"create\"\nrequest = { method = \"POST\", path = \"/tasks\", json = { title = \"t\" } }\ncaptures = { id = 'jsonpath \"$.id\"' }\n",
    );
    for i in 1..steps {
        t.push_str(&format!(
            "\n[[step]]\nname = \"read {i}\"\nrequest = {{ method = \"GET\", path = \"/tasks/{{{{id}}}}\" }}\nasserts = ['jsonpath \"$.id\" == \"{{{{id}}}}\"']\n"
        ));
    }
    t
}

fn write_pack(dir: &Path, steps: usize) -> usize {
    std::fs::create_dir_all(dir.join("content/01-one")).unwrap();
    std::fs::create_dir_all(dir.join("exercises/01-one")).unwrap();
    std::fs::write(
        dir.join("content/course.toml"),
        "format_version = 1\ntitle = \"Bench\"\n[[phase]]\nid = \"01-one\"\ntitle = \"One\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("content/01-one/01-a.md"),
        "+++\ntitle = \"A\"\n+++\nBody.\n",
    )
    .unwrap();
    let text = exercise(steps);
    std::fs::write(dir.join("exercises/01-one/big.toml"), &text).unwrap();
    text.len()
}

/// The best of a few rounds.
fn best(mut f: impl FnMut()) -> Duration {
    (0..ROUNDS)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let mut results = Vec::new();
    for steps in [3_000, 30_000] {
        let dir = tempfile::tempdir().unwrap();
        let bytes = write_pack(dir.path(), steps);
        assert!(
            bytes < 4 * 1024 * 1024,
            "the pack stays under the 4 MiB file limit"
        );
        let text = std::fs::read_to_string(dir.path().join("exercises/01-one/big.toml")).unwrap();
        let load = best(|| {
            let c = Course::from_dir(dir.path()).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(c.exercises.len(), 1);
        });
        let parse = best(|| {
            let t: toml::Table = toml::from_str(&text).unwrap();
            assert!(t.contains_key("step"));
        });
        println!(
            "{steps:>6} steps, {:.2} MiB: load {:>8.1} ms, TOML parse alone {:>8.1} ms, ratio {:.1}",
            bytes as f64 / (1024.0 * 1024.0),
            load.as_secs_f64() * 1000.0,
            parse.as_secs_f64() * 1000.0,
            load.as_secs_f64() / parse.as_secs_f64()
        );
        results.push(load);
    }
    println!(
        "10x the steps took {:.1}x the time (linear is 10x; the old text search was ~100x)",
        results[1].as_secs_f64() / results[0].as_secs_f64()
    );
}
