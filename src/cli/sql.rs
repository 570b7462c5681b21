//! `backroad sql [--dataset D]`: a prompt on a sample database, like `sqlite3`, with history
//! kept in the data folder. With stdin not a terminal, it runs the script and exits.

use super::{Ctx, Exit, bad_input};
use crate::course::Course;
use crate::sql::sandbox::{Access, Sandbox, SqlError, statement_complete};
use crate::sql::{Dataset, dataset, render};
use std::io::{IsTerminal, Read};
use std::sync::Arc;

/// Rows printed for one query at the prompt.
const PRINTED_ROWS: usize = 200;

/// Arguments of `backroad sql`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "At the prompt: end a statement with ; to run it. .tables, .schema [TABLE], \
.plan (show each query's plan), .scratch (a writable copy that vanishes), .dataset NAME, .help, \
.quit. The sample data itself is never changed."
)]
pub struct Args {
    /// The sample database (default: shop, else the first the course has).
    #[arg(long, short = 'd', value_name = "NAME")]
    pub dataset: Option<String>,
}

/// The prompt's state.
struct Session {
    course: Course,
    data: Arc<Dataset>,
    sandbox: Sandbox,
    show_plan: bool,
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<Exit> {
    let course = ctx.course()?;
    let name = match args.dataset {
        Some(d) => d,
        None => default_dataset(&course).ok_or_else(|| {
            bad_input(
                "this course ships no datasets (datasets/<name>.sql): there is nothing to query",
            )
        })?,
    };
    let data = dataset::for_course(&course.datasets, &name).map_err(|e| bad_input(e.explain()))?;
    let sandbox = data
        .open(Access::ReadOnly)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut session = Session {
        course,
        data,
        sandbox,
        show_plan: false,
    };
    if !std::io::stdin().is_terminal() {
        let mut script = String::new();
        std::io::stdin().read_to_string(&mut script)?;
        return session.script(&script);
    }
    session.interactive(ctx)
}

/// `shop` when the course has it, else its first dataset.
pub fn default_dataset(course: &Course) -> Option<String> {
    if course.datasets.contains_key("shop") {
        return Some("shop".into());
    }
    course.datasets.keys().next().cloned()
}

impl Session {
    fn script(&mut self, script: &str) -> anyhow::Result<Exit> {
        let mut buf = String::new();
        let mut failed = false;
        for line in script.lines() {
            if buf.trim().is_empty() && line.trim_start().starts_with('.') {
                match self.dot(line.trim()) {
                    Some(out) => print!("{out}"),
                    None => return Ok(if failed { Exit::Failed } else { Exit::Success }),
                }
                continue;
            }
            buf.push_str(line);
            buf.push('\n');
            if statement_complete(&buf) {
                let (out, ok) = self.execute(&buf);
                print!("{out}");
                failed |= !ok;
                buf.clear();
            }
        }
        if !buf.trim().is_empty() {
            let (out, ok) = self.execute(&buf);
            print!("{out}");
            failed |= !ok;
        }
        Ok(if failed { Exit::Failed } else { Exit::Success })
    }

    fn interactive(&mut self, ctx: &Ctx) -> anyhow::Result<Exit> {
        use rustyline::error::ReadlineError;
        let mut editor = rustyline::DefaultEditor::new()?;
        let history = ctx.paths.data_dir.join("sql_history");
        let keep_history = ctx.paths.ensure_data_dir().is_ok();
        if keep_history {
            let _ = editor.load_history(&history);
        }
        println!(
            "backroad sql: the {} sample database ({} tables, {} rows), read-only.",
            self.data.name,
            self.data.tables.len(),
            self.data.total_rows()
        );
        println!(
            "End a statement with ; to run it. .tables lists tables, .help the commands, .quit leaves."
        );
        let mut buf = String::new();
        loop {
            let prompt = if buf.is_empty() {
                format!("{}> ", self.prompt_name())
            } else {
                format!(
                    "{}...> ",
                    " ".repeat(self.prompt_name().len().saturating_sub(3))
                )
            };
            let line = match editor.readline(&prompt) {
                Ok(l) => l,
                Err(ReadlineError::Interrupted) => {
                    buf.clear();
                    continue;
                }
                Err(ReadlineError::Eof) => break,
                Err(e) => return Err(e.into()),
            };
            let quits = matches!(line.trim(), ".quit" | ".exit" | ".q");
            if (buf.is_empty() && line.trim_start().starts_with('.')) || quits {
                let _ = editor.add_history_entry(line.trim());
                match self.dot(line.trim()) {
                    Some(out) => print!("{out}"),
                    None => break,
                }
                continue;
            }
            if buf.is_empty() && line.trim().is_empty() {
                continue;
            }
            buf.push_str(&line);
            buf.push('\n');
            if statement_complete(&buf) {
                let _ = editor.add_history_entry(buf.trim());
                let (out, _) = self.execute(&buf);
                print!("{out}");
                buf.clear();
            }
        }
        if keep_history {
            let _ = editor.save_history(&history);
        }
        Ok(Exit::Success)
    }

    fn prompt_name(&self) -> String {
        match self.sandbox.access() {
            Access::ReadOnly => self.data.name.clone(),
            Access::Scratch => format!("{}*", self.data.name),
        }
    }

    /// Run SQL; the text to print and whether it ran.
    fn execute(&mut self, sql: &str) -> (String, bool) {
        let mut out = String::new();
        if self.show_plan {
            match self.sandbox.plan(sql) {
                Ok(plan) if !plan.is_empty() => {
                    out.push_str("QUERY PLAN\n");
                    for l in plan {
                        out.push_str(&format!("  {l}\n"));
                    }
                }
                _ => {}
            }
        }
        match self.sandbox.run(sql) {
            Ok(rows) => {
                out.push_str(&render::rows_text(&rows, PRINTED_ROWS));
                (out, true)
            }
            Err(SqlError::Empty) => (out, true),
            Err(e) => {
                out.push_str(&format!("Error: {}\n", e.explain()));
                (out, false)
            }
        }
    }

    /// A dot command's output, or `None` to quit.
    fn dot(&mut self, line: &str) -> Option<String> {
        let mut words = line.split_whitespace();
        let cmd = words.next().unwrap_or("");
        let arg = words.next();
        let out = match cmd {
            ".quit" | ".exit" | ".q" => return None,
            ".help" => HELP.to_string(),
            ".tables" => {
                let mut out = String::new();
                match self.sandbox.tables() {
                    Ok(tables) => {
                        for t in tables {
                            let rows = self
                                .data
                                .tables
                                .iter()
                                .find(|x| x.name == t)
                                .map(|x| format!("  ({} rows)", x.rows))
                                .unwrap_or_default();
                            out.push_str(&format!("{t}{rows}\n"));
                        }
                    }
                    Err(e) => out.push_str(&format!("Error: {e}\n")),
                }
                out
            }
            ".schema" => match self.sandbox.schema(arg) {
                Ok(s) if s.is_empty() => format!("no table named {}\n", arg.unwrap_or("?")),
                Ok(s) => s.iter().map(|l| format!("{l};\n")).collect(),
                Err(e) => format!("Error: {e}\n"),
            },
            ".plan" => {
                self.show_plan = !self.show_plan;
                format!(
                    "query plans {}\n",
                    if self.show_plan { "on" } else { "off" }
                )
            }
            ".scratch" => match self.data.open(Access::Scratch) {
                Ok(s) => {
                    self.sandbox = s;
                    "A writable scratch copy: INSERT, UPDATE, DELETE, CREATE INDEX… change it, \
                     never the sample data, and it vanishes when you quit or type .readonly.\n"
                        .to_string()
                }
                Err(e) => format!("Error: {e}\n"),
            },
            ".readonly" => match self.data.open(Access::ReadOnly) {
                Ok(s) => {
                    self.sandbox = s;
                    "Back on a fresh read-only copy.\n".to_string()
                }
                Err(e) => format!("Error: {e}\n"),
            },
            ".dataset" | ".open" => match arg {
                None => format!(
                    "datasets: {}\n",
                    self.course
                        .datasets
                        .keys()
                        .map(String::as_str)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                Some(name) => match dataset::for_course(&self.course.datasets, name)
                    .and_then(|d| d.open(Access::ReadOnly).map(|s| (d, s)))
                {
                    Ok((d, s)) => {
                        self.data = d;
                        self.sandbox = s;
                        format!("now on {name}\n")
                    }
                    Err(e) => format!("Error: {}\n", e.explain()),
                },
            },
            other => format!("unknown command {other}: .help lists them\n"),
        };
        Some(out)
    }
}

const HELP: &str = "\
.tables            list the tables, with row counts
.schema [TABLE]    the CREATE statements (of one table)
.plan              toggle showing each query's plan (EXPLAIN QUERY PLAN)
.scratch           switch to a writable copy that vanishes (.readonly to go back)
.dataset [NAME]    list the datasets, or switch to one
.quit              leave (Ctrl-D works too)
End a statement with ; to run it. A query stops after 1 s, and prints at most 200 rows.
";
