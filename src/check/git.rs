//! `kind = "git"` checks: the git assertions ([`crate::assertion::git`]) evaluated by running
//! `git` with arguments backroad chooses, on a repository the learner points at.
//!
//! [`Repo`] runs read-only `git` commands with hooks, pagers, fsmonitor, external diff and
//! textconv disabled and no system or global configuration, and [`check_repo`] turns the
//! assertions into a [`Report`] like the other kinds.

use super::outcome::{AssertOutcome, Report, Status, StepOutcome, Verdict};
use crate::assertion::git::{GitAssertion, GitCheck};
use crate::course::Exercise;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// A repository read through `git`, with everything that could run a program of the
/// repository's or the user's choosing turned off.
pub struct Repo {
    dir: PathBuf,
}

/// The environment and `-c` options every `git` backroad runs gets: no system or global
/// configuration, no hooks, no pager, no fsmonitor, no external diff, no optional locks (so
/// reading never writes the index), no prompts.
pub fn safe_git(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_OPTIONAL_LOCKS", "0")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_PAGER", "cat")
        .env("PAGER", "cat")
        .env("GIT_EDITOR", "true")
        .env("GIT_MERGE_AUTOEDIT", "no")
        .env("LC_ALL", "C")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_EXTERNAL_DIFF")
        .env_remove("GIT_SSH_COMMAND")
        .args([
            "-c",
            "core.hooksPath=/dev/null",
            "-c",
            "core.fsmonitor=false",
            "-c",
            "core.pager=cat",
            "-c",
            "core.untrackedCache=false",
            "-c",
            "diff.external=",
            "-c",
            "core.sshCommand=false",
            "-c",
            "credential.helper=",
            "-c",
            "protocol.allow=never",
            "--no-pager",
        ])
        .stdin(std::process::Stdio::null());
    cmd
}

impl Repo {
    /// A repository at `dir` (or the one that holds it), or why it is not one.
    pub fn open(dir: &Path) -> Result<Repo, String> {
        if !dir.is_dir() {
            return Err(format!("{} is not a folder", dir.display()));
        }
        let repo = Repo {
            dir: dir.to_path_buf(),
        };
        match repo.git(&["rev-parse", "--is-inside-work-tree"]) {
            // Paths in assertions are from the top of the repository, wherever DIR is in it.
            Ok(out) if out.trim() == "true" => match repo.git(&["rev-parse", "--show-toplevel"]) {
                Ok(top) if !top.trim().is_empty() => Ok(Repo {
                    dir: PathBuf::from(top.trim()),
                }),
                _ => Ok(repo),
            },
            Ok(_) => Err(format!(
                "{} is inside a .git folder, not a working tree",
                dir.display()
            )),
            Err(_) => Err(format!(
                "{} is not a Git repository (run `git init` there, or pass --repo DIR)",
                dir.display()
            )),
        }
    }

    /// Run git with `args`; stdout on success, stderr's first line on failure.
    fn git(&self, args: &[&str]) -> Result<String, String> {
        let out = safe_git(&self.dir)
            .args(args)
            .output()
            .map_err(|e| format!("cannot run git: {e}"))?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            Err(String::from_utf8_lossy(&out.stderr)
                .lines()
                .next()
                .unwrap_or("git failed")
                .to_string())
        }
    }

    fn ok(&self, args: &[&str]) -> bool {
        self.git(args).is_ok()
    }

    fn has_head(&self) -> bool {
        self.ok(&["rev-parse", "--verify", "--quiet", "HEAD^{commit}"])
    }

    fn count(&self, args: &[&str]) -> Result<i64, String> {
        self.git(args)?
            .trim()
            .parse()
            .map_err(|_| "git gave no count".to_string())
    }

    /// Evaluate one check: whether it holds, and what was found (for the report).
    pub fn eval(&self, check: &GitCheck) -> Result<(bool, String), String> {
        Ok(match check {
            GitCheck::Commits { on, op, n } => {
                let rev = match on {
                    Some(b) => {
                        if !self.ok(&[
                            "rev-parse",
                            "--verify",
                            "--quiet",
                            &format!("refs/heads/{b}"),
                        ]) {
                            return Ok((false, format!("there is no branch \"{b}\"")));
                        }
                        format!("refs/heads/{b}")
                    }
                    None => {
                        if !self.has_head() {
                            return Ok((op.holds(0, *n), "0 commits (no commit yet)".into()));
                        }
                        "HEAD".into()
                    }
                };
                let c = self.count(&["rev-list", "--count", &rev, "--"])?;
                (op.holds(c, *n), format!("{c} commits"))
            }
            GitCheck::MergeCommits { op, n } => {
                let c = if self.has_head() {
                    self.count(&["rev-list", "--count", "--min-parents=2", "HEAD", "--"])?
                } else {
                    0
                };
                (op.holds(c, *n), format!("{c} merge commits"))
            }
            GitCheck::Branch(b) => {
                let ok = self.ok(&[
                    "rev-parse",
                    "--verify",
                    "--quiet",
                    &format!("refs/heads/{b}"),
                ]);
                (ok, self.branches())
            }
            GitCheck::Tag(t) => {
                let ok = self.ok(&[
                    "rev-parse",
                    "--verify",
                    "--quiet",
                    &format!("refs/tags/{t}"),
                ]);
                let tags = self.git(&["tag", "--list"]).unwrap_or_default();
                let tags: Vec<&str> = tags.lines().collect();
                (
                    ok,
                    if tags.is_empty() {
                        "no tags".into()
                    } else {
                        format!("tags: {}", tags.join(", "))
                    },
                )
            }
            GitCheck::CurrentBranch { equal, name } => {
                let cur = self
                    .git(&["symbolic-ref", "--quiet", "--short", "HEAD"])
                    .map(|s| s.trim().to_string())
                    .unwrap_or_default();
                let same = &cur == name;
                (
                    same == *equal,
                    if cur.is_empty() {
                        "HEAD is detached (no current branch)".into()
                    } else {
                        format!("on branch \"{cur}\"")
                    },
                )
            }
            GitCheck::File { path, rev, test } => {
                let rev = rev.clone().unwrap_or_else(|| "HEAD".into());
                if rev == "HEAD" && !self.has_head() {
                    return Ok((false, "there is no commit yet".into()));
                }
                if !self.ok(&[
                    "rev-parse",
                    "--verify",
                    "--quiet",
                    &format!("{rev}^{{commit}}"),
                ]) {
                    return Ok((false, format!("there is no revision \"{rev}\"")));
                }
                let spec = format!("{rev}:{path}");
                let kind = self.git(&["cat-file", "-t", &spec]);
                match kind.as_deref().map(str::trim) {
                    Ok("blob") => {
                        let content = self.git(&["cat-file", "blob", &spec])?;
                        let shown = preview(&content);
                        (test.holds(&content), format!("{path} at {rev}: {shown}"))
                    }
                    Ok(other) => (false, format!("{path} at {rev} is a {other}, not a file")),
                    Err(_) => (false, format!("{path} is not in the commit at {rev}")),
                }
            }
            GitCheck::Tracked(path) => {
                let out = self.git(&["ls-files", "--cached", "--", path])?;
                let ok = !out.trim().is_empty();
                (
                    ok,
                    if ok {
                        format!("{path} is tracked")
                    } else {
                        format!("{path} is not tracked")
                    },
                )
            }
            GitCheck::Ignored(path) => {
                // check-ignore exits 1 when the path is not ignored.
                let out = safe_git(&self.dir)
                    .args(["check-ignore", "-q", "--no-index", "--", path])
                    .output()
                    .map_err(|e| format!("cannot run git: {e}"))?;
                let ok = out.status.code() == Some(0);
                (
                    ok,
                    if ok {
                        format!("{path} is ignored")
                    } else {
                        format!("no .gitignore rule ignores {path}")
                    },
                )
            }
            GitCheck::Merged { branch, into } => {
                for b in [branch, into] {
                    if !self.ok(&[
                        "rev-parse",
                        "--verify",
                        "--quiet",
                        &format!("refs/heads/{b}"),
                    ]) {
                        return Ok((false, format!("there is no branch \"{b}\"")));
                    }
                }
                let ok = self.ok(&[
                    "merge-base",
                    "--is-ancestor",
                    &format!("refs/heads/{branch}"),
                    &format!("refs/heads/{into}"),
                ]);
                (
                    ok,
                    if ok {
                        format!("{branch} is merged into {into}")
                    } else {
                        format!("{into} does not contain the tip of {branch}")
                    },
                )
            }
            GitCheck::HeadMessage(test) => {
                if !self.has_head() {
                    return Ok((false, "there is no commit yet".into()));
                }
                let subject = self.git(&["log", "-1", "--format=%s", "HEAD", "--"])?;
                let subject = subject.trim_end_matches('\n').to_string();
                (test.holds(&subject), format!("\"{subject}\""))
            }
            GitCheck::Clean => {
                let out = self.git(&["status", "--porcelain", "--untracked-files=normal"])?;
                let changes: Vec<&str> = out.lines().collect();
                (
                    changes.is_empty(),
                    if changes.is_empty() {
                        "nothing to commit".into()
                    } else {
                        format!(
                            "{} uncommitted change(s): {}",
                            changes.len(),
                            changes
                                .iter()
                                .take(5)
                                .cloned()
                                .collect::<Vec<_>>()
                                .join("; ")
                        )
                    },
                )
            }
            GitCheck::Reverted => {
                if !self.has_head() {
                    return Ok((false, "there is no commit yet".into()));
                }
                let subjects = self.git(&["log", "--format=%s", "HEAD", "--"])?;
                let hit = subjects.lines().find(|s| s.starts_with("Revert \""));
                (
                    hit.is_some(),
                    match hit {
                        Some(s) => format!("\"{s}\""),
                        None => "no commit message starts with Revert \"".into(),
                    },
                )
            }
        })
    }

    fn branches(&self) -> String {
        let out = self
            .git(&["for-each-ref", "--format=%(refname:short)", "refs/heads/"])
            .unwrap_or_default();
        let names: Vec<&str> = out.lines().collect();
        if names.is_empty() {
            "no branches yet".into()
        } else {
            format!("branches: {}", names.join(", "))
        }
    }
}

fn preview(s: &str) -> String {
    let one: String = s.chars().take(60).collect();
    let one = one.replace('\n', "\\n");
    if s.chars().count() > 60 {
        format!("\"{one}…\"")
    } else {
        format!("\"{one}\"")
    }
}

/// Check a git exercise's assertions against the repository at `dir`.
pub fn check_repo(ex: &Exercise, asserts: &[(GitAssertion, usize)], dir: &Path) -> Report {
    let started = Instant::now();
    let mut report = super::assess::new_report(ex);
    report.target = Some(dir.display().to_string());
    let repo = match Repo::open(dir) {
        Ok(r) => r,
        Err(e) => {
            report.verdict = Verdict::Failed;
            report.message = Some(e.clone());
            report.summary = format!("not checked: {e}");
            return report;
        }
    };
    let outcomes: Vec<AssertOutcome> = asserts
        .iter()
        .map(|(a, line)| {
            let mut out = AssertOutcome {
                text: a.text.clone(),
                line: *line,
                status: Status::Passed,
                expected: None,
                actual: None,
                message: None,
                hint: None,
                rfc: None,
            };
            match repo.eval(&a.check) {
                Ok((holds, found)) => {
                    if holds == a.negated {
                        out.status = Status::Failed;
                        out.expected = Some(a.text.clone());
                        out.actual = Some(found);
                    }
                }
                Err(e) => {
                    out.status = Status::Error;
                    out.expected = Some(a.text.clone());
                    out.message = Some(e);
                }
            }
            out
        })
        .collect();
    let passed = outcomes.iter().all(|o| o.status == Status::Passed);
    report.steps.push(StepOutcome {
        name: "the repository".into(),
        line: asserts.first().map_or(1, |(_, l)| *l),
        status: if passed {
            Status::Passed
        } else {
            Status::Failed
        },
        request: None,
        response: None,
        asserts: outcomes,
        message: None,
        tries: 1,
        duration_ms: started.elapsed().as_millis() as u64,
    });
    report.verdict = if passed {
        Verdict::Passed
    } else {
        Verdict::Failed
    };
    if passed && !ex.explanation.trim().is_empty() {
        report.explanation = Some(ex.explanation.clone());
    }
    report.duration_ms = started.elapsed().as_millis() as u64;
    report.summarise();
    report
}
