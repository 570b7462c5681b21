//! `backroad lessons`: the roadmap as a list.

use super::{Ctx, Exit};
use crate::progress::{LessonStatus, Snapshot};
use serde_json::json;

/// Arguments of `backroad lessons`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print JSON: {"phases":[{"id","title","lessons":[{"id","title","minutes","status"}]}]}.
    #[arg(long)]
    pub json: bool,
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<Exit> {
    let course = ctx.course()?;
    let snap = Snapshot::read(&ctx.store()?)?;
    if args.json {
        let phases: Vec<_> = course
            .phases
            .iter()
            .map(|p| {
                let lessons: Vec<_> = p
                    .lessons
                    .iter()
                    .map(|l| {
                        json!({"id": l.id, "title": l.title, "minutes": l.minutes,
                               "status": snap.status(&l.id).as_str(), "coming": l.coming})
                    })
                    .collect();
                json!({"id": p.id, "title": p.title, "lessons": lessons})
            })
            .collect();
        super::emit(&(serde_json::to_string_pretty(&json!({ "phases": phases }))? + "\n"))?;
        return Ok(Exit::Success);
    }
    let next = snap.next_lesson(&course).map(str::to_string);
    let id_w = course
        .lessons()
        .map(|l| l.id.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for p in &course.phases {
        let (done, total) = snap.phase_counts(&course, &p.id);
        out.push_str(&format!("{}  ({done}/{total} done)\n", p.title));
        for l in &p.lessons {
            let status = snap.status(&l.id);
            let mark = if ctx.global.plain {
                format!("[{}]", status.as_str())
            } else {
                match status {
                    LessonStatus::Done => "✓".into(),
                    LessonStatus::Started => "◐".into(),
                    LessonStatus::New => "·".into(),
                }
            };
            let coming = if l.coming { "  (coming)" } else { "" };
            let here = if next.as_deref() == Some(&l.id) {
                "  ← next"
            } else {
                ""
            };
            out.push_str(&format!(
                "  {mark} {:<id_w$}  {} · {} min{coming}{here}
",
                l.id, l.title, l.minutes
            ));
        }
    }
    super::emit(&out)?;
    Ok(Exit::Success)
}
