//! Git proofs: build a repository in a temporary folder from `write` and allowlisted `git`
//! steps.

use crate::check::git::{refuse_proof_args, safe_git};
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
