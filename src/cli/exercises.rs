//! `backroad exercises`: every exercise with its status (new, attempted, passed).

use super::{Ctx, Exit, bad_input};
use crate::progress::Snapshot;
use serde_json::json;

/// Arguments of `backroad exercises`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only the exercises of one phase (e.g. 06-apis).
    #[arg(long, value_name = "P")]
    pub phase: Option<String>,
    /// Print JSON: {"exercises":[{"id","title","phase","kind","status"}]}.
    #[arg(long)]
    pub json: bool,
}

/// `new`, `attempted` or `passed`.
pub fn status(snap: &Snapshot, id: &str) -> &'static str {
    if snap.passed.contains(id) {
        "passed"
    } else if snap.attempted.contains(id) {
        "attempted"
    } else {
        "new"
    }
}

/// Run `backroad exercises`.
pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<Exit> {
    let course = ctx.course()?;
    if let Some(p) = &args.phase
        && course.phase(p).is_none()
    {
        let ids: Vec<&str> = course.phases.iter().map(|p| p.id.as_str()).collect();
        return Err(bad_input(format!(
            "no phase \"{p}\" in this course; phases are: {}",
            ids.join(", ")
        )));
    }
    let snap = Snapshot::read(&ctx.store()?)?;
    let chosen: Vec<_> = course
        .exercises
        .iter()
        .filter(|e| args.phase.as_ref().is_none_or(|p| &e.phase == p))
        .collect();
    if args.json {
        let list: Vec<_> = chosen
            .iter()
            .map(|e| {
                json!({"id": e.id, "title": e.title, "phase": e.phase, "kind": e.kind,
                       "status": status(&snap, &e.id)})
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&json!({ "exercises": list }))?
        );
        return Ok(Exit::Success);
    }
    if chosen.is_empty() {
        println!("No exercises here yet.");
        return Ok(Exit::Success);
    }
    let mut out = String::new();
    for phase in &course.phases {
        let in_phase: Vec<_> = chosen.iter().filter(|e| e.phase == phase.id).collect();
        if in_phase.is_empty() {
            continue;
        }
        out.push_str(&format!("{}\n", phase.title));
        for e in in_phase {
            let st = status(&snap, &e.id);
            let mark = if ctx.global.plain || !ctx.color {
                format!("[{st}]")
            } else {
                match st {
                    "passed" => "✓".into(),
                    "attempted" => "◐".into(),
                    _ => "·".into(),
                }
            };
            out.push_str(&format!(
                "  {mark} {:<28} {:<7} {}\n",
                e.id, e.kind, e.title
            ));
        }
    }
    out.push_str("\nCheck one with: backroad check <id>  (a hint: backroad hint <id>)\n");
    print!("{out}");
    Ok(Exit::Success)
}
