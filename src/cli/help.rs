//! `backroad help [TOPIC | COMMAND...]`: the guides built into the binary (`help authoring`
//! prints docs/authoring.md), and clap's help for a command (`help course test`), which this
//! command replaces as clap's own `help` subcommand.

use super::{Cli, Ctx, Exit, bad_input};
use clap::CommandFactory;

/// The guides, by topic: (name, one line, text).
pub const TOPICS: &[(&str, &str, &str)] = &[(
    "authoring",
    "write a course pack: layout, every field, the check vocabulary, proofs, a walkthrough",
    include_str!("../../docs/authoring.md"),
)];

/// Arguments of `backroad help`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A topic (`authoring`), or a command (`check`, `course test`).
    pub topic: Vec<String>,
}

pub fn run(_ctx: &Ctx, args: Args) -> anyhow::Result<Exit> {
    let Some(first) = args.topic.first() else {
        let mut out = String::from("Guides (backroad help TOPIC):\n");
        for (name, line, _) in TOPICS {
            out.push_str(&format!("  {name:<12}{line}\n"));
        }
        out.push_str(
            "\nCommands: `backroad --help` lists them; `backroad help COMMAND` (or \
             `backroad COMMAND --help`) explains one.\n",
        );
        super::emit(&out)?;
        return Ok(Exit::Success);
    };
    if let Some((_, _, text)) = TOPICS.iter().find(|(name, _, _)| name == first) {
        super::emit(text)?;
        return Ok(Exit::Success);
    }
    let mut cmd = Cli::command();
    let mut path = vec![cmd.get_name().to_string()];
    for word in &args.topic {
        let Some(sub) = cmd.find_subcommand(word).cloned() else {
            let topics: Vec<&str> = TOPICS.iter().map(|(n, _, _)| *n).collect();
            return Err(bad_input(format!(
                "no help topic or command \"{}\": topics are {}; `backroad --help` lists the \
                 commands",
                args.topic.join(" "),
                topics.join(", ")
            )));
        };
        path.push(word.clone());
        cmd = sub;
    }
    let mut cmd = cmd.bin_name(path.join(" "));
    super::emit(&cmd.render_long_help().to_string())?;
    Ok(Exit::Success)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// The words of the assertion language as the code spells them: the match arms of the
    /// parsers (`"word" =>`, `"a" | "b"`) and the comparison operators.
    fn words_in_code() -> BTreeSet<String> {
        let arm = regex::Regex::new(r#""([A-Za-z_.]+|[=!<>]{1,2})"\s*(?:=>|\|)"#).unwrap();
        let op = regex::Regex::new(r#"\("([=!<>]{1,2})",\s*Predicate"#).unwrap();
        // Words checked with `Some("on")` or `== "exists"`.
        let some = regex::Regex::new(r#"(?:Some|==)\s*\(?"([A-Za-z_.]+)"\)?"#).unwrap();
        let mut words = BTreeSet::new();
        for src in [
            include_str!("../assertion/parse.rs"),
            include_str!("../assertion/git.rs"),
        ] {
            // Only the parser, not its tests.
            let src = src.split("#[cfg(test)]").next().unwrap_or(src);
            for re in [&arm, &op] {
                for c in re.captures_iter(src) {
                    words.insert(c[1].to_string());
                }
            }
            for c in some.captures_iter(src) {
                words.insert(c[1].to_string());
            }
        }
        words
    }

    /// Every word that appears in code spans and code blocks of the doc.
    fn words_in_doc(doc: &str) -> BTreeSet<String> {
        let mut code = String::new();
        let mut in_block = false;
        for line in doc.lines() {
            if line.trim_start().starts_with("```") {
                in_block = !in_block;
                continue;
            }
            if in_block {
                code.push_str(line);
                code.push('\n');
            } else {
                for (i, part) in line.split('`').enumerate() {
                    if i % 2 == 1 {
                        code.push_str(part);
                        code.push('\n');
                    }
                }
            }
        }
        let token = regex::Regex::new(r"[A-Za-z_][A-Za-z_.]*|[=!<>]{1,2}").unwrap();
        token
            .find_iter(&code)
            .map(|m| m.as_str().trim_end_matches('.').to_string())
            .collect()
    }

    #[test]
    fn every_assertion_word_in_the_code_is_in_the_authoring_guide() {
        let code = words_in_code();
        assert!(code.len() > 60, "the word list looks incomplete: {code:?}");
        for must in [
            "status",
            "jsonpath",
            "includesJson",
            "isIsoDate",
            "nth",
            "merged",
            "clean",
        ] {
            assert!(code.contains(must), "{must} not found in the code");
        }
        let doc = words_in_doc(TOPICS[0].2);
        let missing: Vec<&String> = code.iter().filter(|w| !doc.contains(*w)).collect();
        assert!(
            missing.is_empty(),
            "docs/authoring.md does not mention these words of the assertion language (in code \
             spans): {missing:?}"
        );
    }

    #[test]
    fn a_word_missing_from_the_doc_is_noticed() {
        let doc = words_in_doc("`status == 200` and\n```\njsonpath \"$.a\" exists\n```\n");
        assert!(doc.contains("status") && doc.contains("==") && doc.contains("exists"));
        assert!(!doc.contains("includesJson"));
    }
}
