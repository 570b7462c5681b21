//! Self-contained HTML pages for a learner's and a class's report: one file, inline CSS, no
//! scripts and nothing fetched. Every text from a pack or a report is escaped.

use super::LearnerReport;
use super::class::{CellStatus, ClassReport, number, percent};
use std::fmt::Write;

/// Escape text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && !matches!(c, '\n' | '\t') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "
body { font: 15px/1.45 system-ui, -apple-system, 'Segoe UI', sans-serif; color: #1d2330;
  margin: 2rem auto; max-width: 1180px; padding: 0 1.5rem; background: #fbfbfd; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.15rem; margin-top: 2.2rem; border-bottom: 1px solid #dde1ea; padding-bottom: .3rem; }
.sub { color: #5b6475; margin-top: 0; }
table { border-collapse: collapse; }
th, td { padding: .3rem .6rem; text-align: left; vertical-align: middle; }
th { font-weight: 600; color: #3a4252; font-size: .85rem; }
tr:nth-child(even) td { background: #f2f4f8; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.bar { width: 260px; height: 14px; background: #e4e7ee; border-radius: 7px; overflow: hidden; }
.bar > span { display: block; height: 100%; border-radius: 7px; }
.good > span { background: #2f9e57; }
.bad > span { background: #d9544f; }
code { font: .85rem ui-monospace, SFMono-Regular, Menlo, monospace; background: #eef0f5;
  padding: .05rem .3rem; border-radius: 3px; }
.heat td.cell { width: 2.6rem; text-align: center; font-size: .8rem; font-weight: 600;
  border: 2px solid #fbfbfd; border-radius: 4px; }
.heat th.ex { font: .75rem ui-monospace, monospace; writing-mode: vertical-rl;
  transform: rotate(180deg); white-space: nowrap; padding: .4rem .2rem; }
.passed { background: #2f9e57 !important; color: #fff; }
.failing { background: #d9544f !important; color: #fff; }
.untried { background: #e4e7ee !important; color: #8a92a3; }
.legend span { display: inline-block; padding: .1rem .5rem; margin-right: .4rem; border-radius: 3px; font-size: .8rem; }
";

fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        escape(title)
    )
}

fn bar(rate: f64, class: &str) -> String {
    format!(
        "<div class=\"bar {class}\"><span style=\"width: {:.1}%\"></span></div>",
        (rate.clamp(0.0, 1.0) * 100.0)
    )
}

/// The class page: learners, pass rates as bars, the most failed assertions, and a heat map
/// of learners × exercises.
pub fn class(c: &ClassReport) -> String {
    let n = c.learners.len();
    let mut b = String::new();
    let _ = writeln!(
        b,
        "<h1>Class report</h1>\n<p class=\"sub\">{} · {n} learner{} · {} exercises</p>",
        escape(&c.course),
        if n == 1 { "" } else { "s" },
        c.exercises.len()
    );

    b.push_str("<h2>Pass rate per exercise</h2>\n<table>\n<tr><th>exercise</th><th></th><th class=\"num\">passed</th><th class=\"num\">median attempts</th><th class=\"num\">hints</th></tr>\n");
    for x in &c.exercises {
        let _ = writeln!(
            b,
            "<tr><td><code>{}</code> {}</td><td>{}</td><td class=\"num\">{} of {n} ({})</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape(&x.id),
            escape(&x.title),
            bar(x.pass_rate, "good"),
            x.passed,
            percent(x.pass_rate),
            number(x.median_attempts),
            x.hints_used
        );
    }
    b.push_str("</table>\n");

    b.push_str("<h2>What the class fails most</h2>\n");
    if c.assertions.is_empty() {
        b.push_str("<p>No failed assertion recorded.</p>\n");
    } else {
        b.push_str("<table>\n");
        for a in c.assertions.iter().take(12) {
            let _ = writeln!(
                b,
                "<tr><td>{}</td><td class=\"num\"><strong>{}</strong> fail</td><td><code>{}</code></td><td>{} of {} who tried <code>{}</code></td></tr>",
                bar(a.fail_rate, "bad"),
                percent(a.fail_rate),
                escape(&a.assertion),
                a.failed_by,
                a.attempted_by,
                escape(&a.exercise)
            );
        }
        b.push_str("</table>\n");
    }

    b.push_str("<h2>Heat map: learners × exercises</h2>\n<p class=\"legend\"><span class=\"passed\">passed</span><span class=\"failing\">tried, not passed</span><span class=\"untried\">not tried</span> The number is the checks it took to pass, or the checks so far.</p>\n<table class=\"heat\">\n<tr><th></th>");
    for x in &c.exercises {
        let _ = write!(
            b,
            "<th class=\"ex\" title=\"{}\">{}</th>",
            escape(&x.title),
            escape(&x.id)
        );
    }
    b.push_str("</tr>\n");
    for (l, row) in c.learners.iter().zip(&c.heat) {
        let _ = write!(b, "<tr><th>{}</th>", escape(&l.name));
        for (x, cell) in c.exercises.iter().zip(row) {
            let (class, text) = match cell.status {
                CellStatus::Passed => ("passed", cell.attempts.to_string()),
                CellStatus::Failing => ("failing", cell.attempts.to_string()),
                CellStatus::Untried => ("untried", "·".to_string()),
            };
            let _ = write!(
                b,
                "<td class=\"cell {class}\" title=\"{}: {}\">{text}</td>",
                escape(&l.name),
                escape(&x.id)
            );
        }
        b.push_str("</tr>\n");
    }
    b.push_str("</table>\n");

    b.push_str("<h2>Learners</h2>\n<table>\n<tr><th>learner</th><th></th><th class=\"num\">passed</th><th class=\"num\">attempts</th><th class=\"num\">hints</th><th class=\"num\">studied</th></tr>\n");
    for l in &c.learners {
        let rate = l.passed as f64 / l.total.max(1) as f64;
        let _ = writeln!(
            b,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{} / {}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape(&l.name),
            bar(rate, "good"),
            l.passed,
            l.total,
            l.attempts,
            l.hints_used,
            super::duration(l.study_seconds)
        );
    }
    b.push_str("</table>\n");
    page(&format!("Class report: {}", c.course), &b)
}

/// One learner's page: per phase as bars, then per exercise.
pub fn learner(r: &LearnerReport) -> String {
    let mut b = String::new();
    let _ = writeln!(
        b,
        "<h1>{}</h1>\n<p class=\"sub\">{} · {} of {} exercises passed · studied {} over {} day(s)</p>",
        escape(&r.name),
        escape(&r.course),
        r.passed,
        r.total,
        super::duration(r.study.seconds),
        r.study.days
    );
    b.push_str("<h2>Phases</h2>\n<table>\n<tr><th>phase</th><th>exercises passed</th><th class=\"num\"></th><th class=\"num\">lessons done</th></tr>\n");
    for p in &r.phases {
        let _ = writeln!(
            b,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{} / {}</td><td class=\"num\">{} / {}</td></tr>",
            escape(&p.title),
            bar(p.passed as f64 / p.exercises.max(1) as f64, "good"),
            p.passed,
            p.exercises,
            p.lessons_done,
            p.lessons
        );
    }
    b.push_str("</table>\n<h2>Exercises</h2>\n<table>\n<tr><th>exercise</th><th>kind</th><th class=\"num\">attempts</th><th>passed</th><th class=\"num\">hints</th><th>last result</th></tr>\n");
    for e in &r.exercises {
        let passed = match (&e.first_passed, e.attempts_to_pass) {
            (Some(at), Some(k)) => format!("{} (attempt {k})", escape(&at[..at.len().min(10)])),
            _ => "no".into(),
        };
        let _ = writeln!(
            b,
            "<tr><td><code>{}</code> {}</td><td>{}</td><td class=\"num\">{}</td><td>{passed}</td><td class=\"num\">{} / {}</td><td>{}</td></tr>",
            escape(&e.id),
            escape(&e.title),
            escape(&e.kind),
            e.attempts,
            e.hints_used,
            e.hints_available,
            escape(e.last.as_deref().unwrap_or("-"))
        );
    }
    b.push_str("</table>\n");
    page(&format!("{}: {}", r.name, r.course), &b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pack_text_is_escaped() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\"\x1b"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;\u{FFFD}"
        );
    }
}
