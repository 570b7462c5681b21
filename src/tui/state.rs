//! What the tutor keeps between runs besides progress: the Lab's history, the request being
//! composed, and the server target typed for each server exercise. A small JSON file in the
//! data folder ([`FILE`]); a file that cannot be read is set aside with a note, never a crash.

use super::app::App;
use crate::exchange::RequestSpec;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::Path;

/// The file's name in the data folder.
pub const FILE: &str = "tui-state.json";

/// What is kept.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Saved {
    /// The composer's request, body included.
    pub request: Option<RequestSpec>,
    /// The Lab's history, oldest first.
    pub history: Vec<RequestSpec>,
    /// The target URL typed for each server exercise, by exercise id.
    pub targets: BTreeMap<String, String>,
}

/// What the app holds now that is worth keeping.
pub fn capture(app: &App) -> Saved {
    let mut targets = app.exercises.targets.clone();
    if let Some(v) = &app.exercises.open
        && app
            .course
            .exercises
            .get(v.index)
            .is_some_and(|e| matches!(e.spec, crate::course::exercise::Spec::Server(_)))
    {
        targets.insert(v.id.clone(), v.input.clone());
    }
    Saved {
        request: Some(app.lab.spec()),
        history: app.lab.history.clone(),
        targets,
    }
}

/// Put what was kept back into a new app.
pub fn restore(app: &mut App, saved: Saved) {
    if let Some(spec) = saved.request {
        app.lab.load(spec);
    }
    app.lab.history = saved.history;
    app.exercises.targets = saved.targets;
}

fn spec_json(s: &RequestSpec) -> Value {
    json!({
        "method": s.method,
        "target": s.target,
        "headers": s.headers,
        "body": s.body,
    })
}

fn spec_from(v: &Value) -> Option<RequestSpec> {
    let text = |k: &str| v.get(k)?.as_str().map(str::to_string);
    let headers = v
        .get("headers")?
        .as_array()?
        .iter()
        .map(|h| {
            Some((
                h.get(0)?.as_str()?.to_string(),
                h.get(1)?.as_str()?.to_string(),
            ))
        })
        .collect::<Option<Vec<_>>>()?;
    Some(RequestSpec {
        method: text("method")?,
        target: text("target")?,
        headers,
        body: text("body"),
    })
}

/// The file's text.
pub fn to_json(saved: &Saved) -> String {
    let v = json!({
        "version": 1,
        "request": saved.request.as_ref().map(spec_json),
        "history": saved.history.iter().map(spec_json).collect::<Vec<_>>(),
        "targets": saved.targets,
    });
    serde_json::to_string_pretty(&v).unwrap_or_default()
}

/// Read the file's text; an error says what is wrong with it.
pub fn from_json(text: &str) -> Result<Saved, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("not JSON ({e})"))?;
    if v.get("version").and_then(Value::as_u64) != Some(1) {
        return Err("an unknown version".into());
    }
    let request = match v.get("request") {
        None | Some(Value::Null) => None,
        Some(r) => Some(spec_from(r).ok_or("a request without its fields")?),
    };
    let history = v
        .get("history")
        .and_then(Value::as_array)
        .ok_or("no history list")?
        .iter()
        .map(spec_from)
        .collect::<Option<Vec<_>>>()
        .ok_or("a history entry without its fields")?;
    let targets = v
        .get("targets")
        .and_then(Value::as_object)
        .ok_or("no targets")?
        .iter()
        .filter_map(|(k, t)| Some((k.clone(), t.as_str()?.to_string())))
        .collect();
    Ok(Saved {
        request,
        history,
        targets,
    })
}

/// Load the file in `dir`: nothing kept yet is `Ok(None)`; a file that cannot be used is an
/// `Err` with a note for the status bar (the file is left as it is; the next save replaces it).
pub fn load(dir: &Path) -> Result<Option<Saved>, String> {
    let path = dir.join(FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(format!(
                "Could not read {}: {e}; starting fresh.",
                path.display()
            ));
        }
    };
    from_json(&text).map(Some).map_err(|why| {
        format!(
            "Ignored {}: it holds {why}. The Lab starts fresh; quitting saves a new one.",
            path.display()
        )
    })
}

/// Write the file in `dir` (through a temporary file, so a crash never leaves half of it).
pub fn save(dir: &Path, saved: &Saved) -> std::io::Result<()> {
    let path = dir.join(FILE);
    let tmp = dir.join(format!("{FILE}.tmp"));
    std::fs::write(&tmp, to_json(saved))?;
    std::fs::rename(&tmp, &path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(m: &str, t: &str) -> RequestSpec {
        RequestSpec {
            method: m.into(),
            target: t.into(),
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: Some("{\"title\": \"a b\"}".into()),
        }
    }

    #[test]
    fn a_saved_state_reads_back_the_same() {
        let saved = Saved {
            request: Some(spec("POST", "/api/tasks")),
            history: vec![spec("GET", "/get"), spec("DELETE", "/api/tasks/1")],
            targets: [(
                "build.tasks-api".to_string(),
                "http://127.0.0.1:8000".to_string(),
            )]
            .into_iter()
            .collect(),
        };
        assert_eq!(from_json(&to_json(&saved)), Ok(saved));
    }

    #[test]
    fn a_corrupt_file_is_a_note_not_a_crash() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load(dir.path()), Ok(None));
        std::fs::write(dir.path().join(FILE), "{\"version\": 1, \"history\": [3]").unwrap();
        let note = load(dir.path()).unwrap_err();
        assert!(note.contains("not JSON"), "{note}");
        assert!(note.contains(FILE), "{note}");
        std::fs::write(
            dir.path().join(FILE),
            "{\"version\": 1, \"history\": [3], \"targets\": {}}",
        )
        .unwrap();
        let note = load(dir.path()).unwrap_err();
        assert!(note.contains("history entry"), "{note}");
        save(dir.path(), &Saved::default()).unwrap();
        assert_eq!(load(dir.path()), Ok(Some(Saved::default())));
    }
}
