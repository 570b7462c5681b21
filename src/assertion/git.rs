//! The git words of the assertion language (`kind = "git"`): what a pack may assert about a
//! learner's repository (`commits >= 1`, `branch "x" exists`, `clean`...), parsed from one line,
//! and which `git` commands a pack's proof may run. Pure; the checker runs `git` to evaluate
//! them (`check::git`).

use regex::Regex;

/// A comparison of numbers (or, for `==`/`!=`, strings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
}

impl Op {
    fn parse(s: &str) -> Option<Op> {
        Some(match s {
            "==" => Op::Eq,
            "!=" => Op::Ne,
            ">" => Op::Gt,
            ">=" => Op::Ge,
            "<" => Op::Lt,
            "<=" => Op::Le,
            _ => return None,
        })
    }

    /// Whether `a op b` holds.
    pub fn holds(self, a: i64, b: i64) -> bool {
        match self {
            Op::Eq => a == b,
            Op::Ne => a != b,
            Op::Gt => a > b,
            Op::Ge => a >= b,
            Op::Lt => a < b,
            Op::Le => a <= b,
        }
    }
}

/// What a file's content (or a commit message) must be.
#[derive(Debug, Clone)]
pub enum TextTest {
    Exists,
    Contains(String),
    Equals(String),
    NotEquals(String),
    StartsWith(String),
    EndsWith(String),
    Matches(Regex),
}

/// One git assertion.
#[derive(Debug, Clone)]
pub enum GitCheck {
    /// `commits OP N` (reachable from HEAD) or `commits on "b" OP N`.
    Commits { on: Option<String>, op: Op, n: i64 },
    /// `branch "b" exists`.
    Branch(String),
    /// `current_branch == "b"` (or `!=`).
    CurrentBranch { equal: bool, name: String },
    /// `file "p" [at "rev"] exists | contains "t" | == "t" | matches /re/`.
    File {
        path: String,
        rev: Option<String>,
        test: TextTest,
    },
    /// `tracked "p"`: in the index.
    Tracked(String),
    /// `ignored "p"`: `.gitignore` rules ignore it.
    Ignored(String),
    /// `merged "b" into "c"`: b's tip is an ancestor of c.
    Merged { branch: String, into: String },
    /// `merge_commits OP N`: commits with two or more parents, reachable from HEAD.
    MergeCommits { op: Op, n: i64 },
    /// `head.message OP value`: the subject line of HEAD.
    HeadMessage(TextTest),
    /// `tag "t" exists`.
    Tag(String),
    /// `clean`: no uncommitted changes (untracked files count).
    Clean,
    /// `reverted`: a commit whose message starts with `Revert "`.
    Reverted,
}

/// A parsed git assertion: the check, negated or not, and the text it came from.
#[derive(Debug, Clone)]
pub struct GitAssertion {
    pub text: String,
    pub negated: bool,
    pub check: GitCheck,
}

impl PartialEq for GitAssertion {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    Str(String),
    Re(String),
    Num(i64),
}

fn tokenize(s: &str) -> Result<Vec<Tok>, String> {
    let mut out = Vec::new();
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '"' || c == '/' {
            let close = c;
            let mut text = String::new();
            i += 1;
            loop {
                let Some(&d) = chars.get(i) else {
                    return Err(format!("a {close} is never closed"));
                };
                i += 1;
                if d == '\\' {
                    let Some(&e) = chars.get(i) else {
                        return Err("a backslash ends the assertion".into());
                    };
                    i += 1;
                    if close == '"' {
                        text.push(match e {
                            'n' => '\n',
                            't' => '\t',
                            other => other,
                        });
                    } else if e == '/' {
                        text.push('/');
                    } else {
                        text.push('\\');
                        text.push(e);
                    }
                } else if d == close {
                    break;
                } else {
                    text.push(d);
                }
            }
            out.push(if close == '"' {
                Tok::Str(text)
            } else {
                Tok::Re(text)
            });
        } else {
            let start = i;
            while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '"' {
                i += 1;
            }
            let w: String = chars[start..i].iter().collect();
            match w.parse::<i64>() {
                Ok(n) => out.push(Tok::Num(n)),
                Err(_) => out.push(Tok::Word(w)),
            }
        }
    }
    Ok(out)
}

const WORDS: &str = "commits, branch, current_branch, file, tracked, ignored, merged, \
merge_commits, head.message, tag, clean, reverted";

/// Parse one git assertion (`'branch "main" exists'`, `'not tracked ".env"'`).
pub fn parse(text: &str) -> Result<GitAssertion, String> {
    let mut toks = tokenize(text)?;
    let mut negated = false;
    if toks.first() == Some(&Tok::Word("not".into())) {
        negated = true;
        toks.remove(0);
    }
    let word = |t: Option<&Tok>| match t {
        Some(Tok::Word(w)) => Some(w.clone()),
        _ => None,
    };
    let string = |t: Option<&Tok>, what: &str| match t {
        Some(Tok::Str(s)) => Ok(s.clone()),
        _ => Err(format!("expected {what} in double quotes")),
    };
    let op_num = |a: Option<&Tok>, b: Option<&Tok>| -> Result<(Op, i64), String> {
        let op = word(a)
            .and_then(|w| Op::parse(&w))
            .ok_or("expected one of == != > >= < <=")?;
        match b {
            Some(Tok::Num(n)) => Ok((op, *n)),
            _ => Err("expected a whole number after the operator".into()),
        }
    };
    let end = |toks: &[Tok], n: usize| {
        if toks.len() > n {
            Err(format!(
                "unexpected words after the assertion: {:?}",
                &toks[n..]
            ))
        } else {
            Ok(())
        }
    };
    let Some(head) = word(toks.first()) else {
        return Err(format!("an assertion starts with one of: {WORDS}"));
    };
    let check = match head.as_str() {
        "commits" => {
            if word(toks.get(1)).as_deref() == Some("on") {
                let b = string(toks.get(2), "a branch name")?;
                let (op, n) = op_num(toks.get(3), toks.get(4))?;
                end(&toks, 5)?;
                GitCheck::Commits { on: Some(b), op, n }
            } else {
                let (op, n) = op_num(toks.get(1), toks.get(2))?;
                end(&toks, 3)?;
                GitCheck::Commits { on: None, op, n }
            }
        }
        "merge_commits" => {
            let (op, n) = op_num(toks.get(1), toks.get(2))?;
            end(&toks, 3)?;
            GitCheck::MergeCommits { op, n }
        }
        "branch" | "tag" => {
            let name = string(toks.get(1), &format!("a {head} name"))?;
            if word(toks.get(2)).as_deref() != Some("exists") {
                return Err(format!("write {head} \"name\" exists"));
            }
            end(&toks, 3)?;
            if head == "branch" {
                GitCheck::Branch(name)
            } else {
                GitCheck::Tag(name)
            }
        }
        "current_branch" => {
            let equal = match word(toks.get(1)).as_deref() {
                Some("==") => true,
                Some("!=") => false,
                _ => return Err("write current_branch == \"name\"".into()),
            };
            let name = string(toks.get(2), "a branch name")?;
            end(&toks, 3)?;
            GitCheck::CurrentBranch { equal, name }
        }
        "file" => {
            let path = string(toks.get(1), "a file path")?;
            let mut i = 2;
            let mut rev = None;
            if word(toks.get(2)).as_deref() == Some("at") {
                rev = Some(string(toks.get(3), "a revision (branch, tag or commit)")?);
                i = 4;
            }
            let (test, used) = text_test(&toks[i.min(toks.len())..])?;
            end(&toks, i + used)?;
            GitCheck::File { path, rev, test }
        }
        "tracked" | "ignored" => {
            let path = string(toks.get(1), "a file path")?;
            end(&toks, 2)?;
            if head == "tracked" {
                GitCheck::Tracked(path)
            } else {
                GitCheck::Ignored(path)
            }
        }
        "merged" => {
            let branch = string(toks.get(1), "a branch name")?;
            if word(toks.get(2)).as_deref() != Some("into") {
                return Err("write merged \"branch\" into \"target\"".into());
            }
            let into = string(toks.get(3), "a branch name")?;
            end(&toks, 4)?;
            GitCheck::Merged { branch, into }
        }
        "head.message" => {
            let (test, used) = text_test(&toks[1..])?;
            if matches!(test, TextTest::Exists) {
                return Err(
                    "head.message needs a comparison: == \"text\", contains \"text\", matches /re/"
                        .into(),
                );
            }
            end(&toks, 1 + used)?;
            GitCheck::HeadMessage(test)
        }
        "clean" => {
            end(&toks, 1)?;
            GitCheck::Clean
        }
        "reverted" => {
            end(&toks, 1)?;
            GitCheck::Reverted
        }
        other => {
            return Err(format!(
                "unknown git assertion `{other}`: expected one of {WORDS}"
            ));
        }
    };
    Ok(GitAssertion {
        text: text.trim().to_string(),
        negated,
        check,
    })
}

fn text_test(toks: &[Tok]) -> Result<(TextTest, usize), String> {
    let w = match toks.first() {
        Some(Tok::Word(w)) => w.as_str(),
        _ => {
            return Err(
                "expected exists, contains \"text\", == \"text\", != \"text\", startsWith, endsWith or matches /re/"
                    .into(),
            );
        }
    };
    if w == "exists" {
        return Ok((TextTest::Exists, 1));
    }
    if w == "matches" {
        let Some(Tok::Re(re)) = toks.get(1) else {
            return Err("matches takes a /regex/".into());
        };
        let re = Regex::new(re).map_err(|e| format!("the regex does not compile: {e}"))?;
        return Ok((TextTest::Matches(re), 2));
    }
    let Some(Tok::Str(s)) = toks.get(1) else {
        return Err(format!("{w} takes a \"string\""));
    };
    let s = s.clone();
    let t = match w {
        "contains" => TextTest::Contains(s),
        "==" => TextTest::Equals(s),
        "!=" => TextTest::NotEquals(s),
        "startsWith" => TextTest::StartsWith(s),
        "endsWith" => TextTest::EndsWith(s),
        other => return Err(format!("unknown comparison `{other}`")),
    };
    Ok((t, 2))
}

impl TextTest {
    /// Whether `text` passes the test.
    pub fn holds(&self, text: &str) -> bool {
        match self {
            TextTest::Exists => true,
            TextTest::Contains(s) => text.contains(s.as_str()),
            TextTest::Equals(s) => text == s,
            TextTest::NotEquals(s) => text != s,
            TextTest::StartsWith(s) => text.starts_with(s.as_str()),
            TextTest::EndsWith(s) => text.ends_with(s.as_str()),
            TextTest::Matches(re) => re.is_match(text),
        }
    }
}

/// The `git` subcommands a proof may run to build a repository.
pub const PROOF_SUBCOMMANDS: &[&str] = &[
    "init", "add", "commit", "branch", "switch", "checkout", "merge", "tag", "rm", "mv", "restore",
    "revert", "reset", "config",
];

/// Why a proof's git arguments are refused, or `None` when they may run.
pub fn refuse_proof_args(args: &[String]) -> Option<String> {
    let Some(sub) = args.first() else {
        return Some("an empty git step".into());
    };
    if !PROOF_SUBCOMMANDS.contains(&sub.as_str()) {
        return Some(format!(
            "git {sub} is not allowed in a proof: only {}",
            PROOF_SUBCOMMANDS.join(" ")
        ));
    }
    if sub == "config" {
        let key = args.iter().skip(1).find(|a| !a.starts_with('-'));
        if !matches!(key.map(String::as_str), Some("user.name" | "user.email")) || args.len() != 3 {
            return Some("git config in a proof may only set user.name or user.email".into());
        }
    }
    // Options that name a program or a file outside the repository.
    for a in &args[1..] {
        let lower = a.to_ascii_lowercase();
        if lower.starts_with("--exec")
            || lower.starts_with("--template")
            || lower.starts_with("--separate-git-dir")
            || lower.starts_with("--strategy")
            || lower == "-s"
            || lower.starts_with("--file")
            || lower.starts_with("--pathspec-from-file")
        {
            return Some(format!("the option {a} is not allowed in a proof"));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_parses() {
        for ok in [
            "commits >= 1",
            "commits on \"main\" == 2",
            "branch \"feature/login\" exists",
            "current_branch == \"main\"",
            "file \"README.md\" contains \"# \"",
            "file \"notes.txt\" at \"feature/login\" exists",
            "file \"a\" == \"x\\n\"",
            "file \"a\" matches /^x/",
            "tracked \"a\"",
            "not tracked \".env\"",
            "ignored \"secrets.env\"",
            "merged \"feature/login\" into \"main\"",
            "merge_commits == 1",
            "head.message matches /^[A-Z]/",
            "head.message == \"Add a README\"",
            "tag \"v1.0\" exists",
            "clean",
            "not clean",
            "reverted",
        ] {
            assert!(parse(ok).is_ok(), "{ok}: {:?}", parse(ok).err());
        }
        for bad in [
            "commits",
            "commits >= x",
            "branch main exists",
            "file \"a\" has \"b\"",
            "merged \"a\" \"b\"",
            "clean now",
            "stash",
            "head.message exists",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn proof_args_are_allowlisted() {
        let v = |s: &[&str]| s.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(refuse_proof_args(&v(&["commit", "-m", "x"])).is_none());
        assert!(refuse_proof_args(&v(&["config", "user.name", "A"])).is_none());
        assert!(refuse_proof_args(&v(&["config", "core.hooksPath", "x"])).is_some());
        assert!(refuse_proof_args(&v(&["rebase", "--exec", "sh"])).is_some());
        assert!(refuse_proof_args(&v(&["push"])).is_some());
    }
}
