//! Git proofs: build a repository in a temporary folder from `write` and allowlisted `git`
//! steps.

use crate::assertion::git::refuse_proof_args;
use crate::check::git::safe_git;
use crate::course::proof::{GitStep, safe_relative};
use std::path::Path;

fn git(dir: &Path, args: &[String]) -> Result<(), String> {
    let out = safe_git(dir)
        .args(args)
        .env("GIT_AUTHOR_DATE", "2026-01-01T12:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-01-01T12:00:00Z")
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        let err = String::from_utf8_lossy(&out.stderr);
        let outp = String::from_utf8_lossy(&out.stdout);
        Err(format!(
            "`git {}` failed: {}",
            args.join(" "),
            err.lines()
                .chain(outp.lines())
                .take(3)
                .collect::<Vec<_>>()
                .join(" / ")
        ))
    }
}

/// Run the steps in `dir` (a fresh, empty folder): `git init` with `main` as the first
/// branch and a proof identity, then each step in order.
pub fn build(dir: &Path, steps: &[GitStep]) -> Result<(), String> {
    let v = |s: &[&str]| s.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    git(dir, &v(&["init", "-q", "--initial-branch=main"]))?;
    git(dir, &v(&["config", "user.name", "Proof"]))?;
    git(dir, &v(&["config", "user.email", "proof@backroad.invalid"]))?;
    for (i, step) in steps.iter().enumerate() {
        match step {
            GitStep::Write(files) => {
                for (path, text) in files {
                    if !safe_relative(path) {
                        return Err(format!(
                            "step {}: write \"{path}\" leaves the repository",
                            i + 1
                        ));
                    }
                    let p = dir.join(path);
                    if let Some(parent) = p.parent() {
                        std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
                    }
                    std::fs::write(&p, text).map_err(|e| format!("step {}: {e}", i + 1))?;
                }
            }
            GitStep::Git(args) => {
                if let Some(why) = refuse_proof_args(args) {
                    return Err(format!("step {}: {why}", i + 1));
                }
                git(dir, args).map_err(|e| format!("step {}: {e}", i + 1))?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assertion::git::parse;
    use crate::check::git::Repo;

    fn s(v: &[&str]) -> GitStep {
        GitStep::Git(v.iter().map(|s| s.to_string()).collect())
    }

    fn w(path: &str, text: &str) -> GitStep {
        GitStep::Write(vec![(path.into(), text.into())])
    }

    #[test]
    fn every_git_assertion_word_against_a_real_repository() {
        let dir = tempfile::tempdir().unwrap();
        build(
            dir.path(),
            &[
                w("a.txt", "one\n"),
                s(&["add", "a.txt"]),
                s(&["commit", "-m", "First"]),
                s(&["tag", "v1"]),
                s(&["switch", "-c", "side"]),
                w("b.txt", "side\n"),
                s(&["add", "b.txt"]),
                s(&["commit", "-m", "Side"]),
                s(&["switch", "main"]),
                w("c.txt", "main\n"),
                s(&["add", "c.txt"]),
                s(&["commit", "-m", "Main"]),
                s(&["merge", "side"]),
                w("a.txt", "two\n"),
                s(&["commit", "-am", "Change a"]),
                s(&["revert", "HEAD"]),
                w(".gitignore", "*.log\n"),
            ],
        )
        .unwrap();
        let repo = Repo::open(dir.path()).unwrap();
        let holds = |text: &str| {
            let a = parse(text).unwrap();
            let (ok, _) = repo.eval(&a.check).unwrap();
            ok != a.negated
        };
        for yes in [
            "commits == 6",
            "commits on \"side\" == 2",
            "merge_commits == 1",
            "branch \"side\" exists",
            "tag \"v1\" exists",
            "current_branch == \"main\"",
            "file \"a.txt\" == \"one\\n\"",
            "file \"a.txt\" at \"v1\" contains \"one\"",
            "file \"b.txt\" exists",
            "tracked \"b.txt\"",
            "not tracked \".gitignore\"",
            "ignored \"debug.log\"",
            "not ignored \"a.txt\"",
            "merged \"side\" into \"main\"",
            "head.message startsWith \"Revert \\\"Change a\"",
            "reverted",
            "not clean",
        ] {
            assert!(holds(yes), "{yes}");
        }
        for no in [
            "commits > 6",
            "branch \"nope\" exists",
            "tag \"v2\" exists",
            "file \"c.txt\" at \"side\" exists",
            "merged \"main\" into \"side\"",
            "head.message == \"First\"",
            "clean",
        ] {
            assert!(!holds(no), "{no}");
        }
    }

    #[test]
    fn refused_steps_do_not_run() {
        let dir = tempfile::tempdir().unwrap();
        let e = build(dir.path(), &[w("../out.txt", "x")]).unwrap_err();
        assert!(e.contains("leaves the repository"), "{e}");
        let e = build(dir.path(), &[s(&["config", "core.hooksPath", "/tmp"])]).unwrap_err();
        assert!(e.contains("user.name"), "{e}");
    }
}
