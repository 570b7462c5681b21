//! How long rendering a lesson takes, against pulldown-cmark's own HTML output as a baseline.
//!
//! Run with `cargo bench --bench render`. Renders the longest lesson in `content/`, or a
//! synthetic lesson of about 30 KB with every element when the course is still thin.

use backroad::markdown::{
    RenderOptions, forget_highlights, preload, render, render_plain, syntaxes_loaded,
};
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

const OPTS: RenderOptions = RenderOptions {
    width: 100,
    color: true,
};

/// Below this, a real lesson says little about speed; the synthetic one is used instead.
const MIN_LESSON_BYTES: usize = 10_000;

/// Set in the child process that measures a first render after `preload()`.
const CHILD: &str = "BACKROAD_BENCH_PRELOAD_CHILD";

fn main() {
    let (name, md) = input();
    if std::env::var_os(CHILD).is_some() {
        let preload = time_once(preload);
        let first = time_once(|| render(&md, &OPTS));
        println!("{} {}", preload.as_nanos(), first.as_nanos());
        return;
    }
    println!("input: {name}, {} bytes", md.len());
    let opts = OPTS;

    // Plain first, so its cold run shows it does not load the syntax grammars.
    let plain_cold = time_once(|| render_plain(&md, opts.width));
    assert!(
        !syntaxes_loaded(),
        "render_plain loaded the syntax grammars"
    );
    let cold = time_once(|| render(&md, &opts));
    assert!(syntaxes_loaded());
    let preloaded = preloaded_first_render();

    let uncached = mean(50, || {
        forget_highlights();
        render(&md, &opts)
    });
    // Re-rendering at alternating widths, as on a resize: code colour is remembered.
    let mut width = opts.width;
    let colour = mean(300, || {
        width = if width == 100 { 80 } else { 100 };
        render(&md, &RenderOptions { width, color: true })
    });
    let plain = mean(300, || render_plain(&md, opts.width));
    let html = mean(300, || {
        let mut out = String::with_capacity(md.len() * 2);
        pulldown_cmark::html::push_html(&mut out, pulldown_cmark::Parser::new(&md));
        out
    });

    let ratio = |d: Duration| d.as_secs_f64() / html.as_secs_f64();
    println!("pulldown-cmark push_html (baseline): {:>10.3?}", html);
    println!(
        "render, colour:                      {:>10.3?}  ({:.1}× baseline)",
        uncached,
        ratio(uncached)
    );
    println!(
        "render, colour, new width (memo):    {:>10.3?}  ({:.1}× baseline)",
        colour,
        ratio(colour)
    );
    println!(
        "render, colour, cold (first call):   {:>10.3?}  ({:.1}× baseline)",
        cold,
        ratio(cold)
    );
    if let Some((preload, first)) = preloaded {
        println!(
            "in a fresh process: preload() {:.3?}, then first render {:.3?}",
            preload, first
        );
    }
    println!(
        "render_plain:                        {:>10.3?}  ({:.1}× baseline)",
        plain,
        ratio(plain)
    );
    println!(
        "render_plain, cold (first call):     {:>10.3?}  ({:.1}× baseline)",
        plain_cold,
        ratio(plain_cold)
    );
}

/// `preload()` and then the first render, timed in a new process (where nothing is loaded yet).
fn preloaded_first_render() -> Option<(Duration, Duration)> {
    let out = std::process::Command::new(std::env::current_exe().ok()?)
        .env(CHILD, "1")
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let mut nanos = text.split_whitespace().map(|n| n.parse::<u64>().ok());
    let preload = Duration::from_nanos(nanos.next()??);
    let first = Duration::from_nanos(nanos.next()??);
    Some((preload, first))
}

fn time_once<T>(f: impl FnOnce() -> T) -> Duration {
    let start = Instant::now();
    black_box(f());
    start.elapsed()
}

fn mean<T>(runs: u32, mut f: impl FnMut() -> T) -> Duration {
    let start = Instant::now();
    for _ in 0..runs {
        black_box(f());
    }
    start.elapsed() / runs
}

/// The longest lesson body in content/, or the synthetic lesson.
fn input() -> (String, String) {
    let mut longest: Option<(String, String)> = None;
    let mut dirs = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("content")];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "md")
                && let Ok(text) = std::fs::read_to_string(&path)
                && longest.as_ref().is_none_or(|(_, l)| text.len() > l.len())
            {
                longest = Some((path.display().to_string(), body(&text).to_string()));
            }
        }
    }
    match longest {
        Some(found) if found.1.len() >= MIN_LESSON_BYTES => found,
        _ => ("synthetic lesson".to_string(), synthetic(30_000)),
    }
}

/// The text after `+++` front matter.
fn body(text: &str) -> &str {
    text.strip_prefix("+++")
        .and_then(|rest| rest.split_once("\n+++"))
        .map_or(text, |(_, body)| body)
}

/// A lesson of at least `bytes` bytes using every element the renderer knows.
fn synthetic(bytes: usize) -> String {
    let mut md = String::from("# A synthetic lesson\n\n");
    let mut n = 0;
    while md.len() < bytes {
        n += 1;
        md.push_str(&format!(
            r#"## Section {n}: requests and responses

An HTTP exchange is a *request* and a **response**. The client sends a method such as `GET` or
`POST`, a target, headers and maybe a body; see [the RFC](https://www.rfc-editor.org/rfc/rfc9110)
or <https://developer.mozilla.org/en-US/docs/Web/HTTP> for the ~~whole~~ full story, and note[^{n}].

- Safe methods: `GET`, `HEAD`, `OPTIONS`
  - they must not change state
  - caches may store their answers
- Idempotent methods: `PUT`, `DELETE`
- [x] read the lesson
- [ ] send the request below

1. Open the lab.
2. Send the block.
3. Read the status line and the headers, then the body, which is JSON here.

> A server that answers `200 OK` to everything is lying to its clients. Pick the status code
> that tells the client what happened.

> [!TIP]
> Press the send key on a `▶ http` block.

| Method | Safe | Idempotent | Typical status |
|:-------|:----:|:----------:|---------------:|
| GET    | yes  | yes        | 200 |
| POST   | no   | no         | 201 |
| PUT    | no   | yes        | 200 or 204 |
| DELETE | no   | yes        | 204 |

```http
POST /api/tasks HTTP/1.1
Content-Type: application/json
Accept: application/json

{{"title": "Buy milk", "done": false, "tags": ["home", "{n}"]}}
```

```rust
// section {n}
async fn create(State(db): State<Db>, Json(task): Json<NewTask>) -> (StatusCode, Json<Task>) {{
    let task = db.insert(task).await;
    (StatusCode::CREATED, Json(task))
}}
```

```python
# section {n}
@app.post("/api/tasks", status_code=201)
def create(task: NewTask) -> Task:
    return db.insert(task)
```

```go
// section {n}
func create(w http.ResponseWriter, r *http.Request) {{
	var t Task
	json.NewDecoder(r.Body).Decode(&t)
	w.WriteHeader(http.StatusCreated)
}}
```

```typescript
// section {n}
app.post("/api/tasks", async (req: Request, res: Response): Promise<void> => {{
  res.status(201).json(await db.insert(req.body as NewTask));
}});
```

```sql
-- section {n}
SELECT id, title FROM tasks WHERE done = 0 ORDER BY created_at DESC LIMIT 20;
```

```json
{{"id": {n}, "title": "Buy milk", "done": false}}
```

```yaml
# section {n}
services:
  api:
    image: "tasks:latest"
    ports: ["8080:8080"]
```

```bash
# section {n}
curl -i -X POST -H 'Content-Type: application/json' --data-raw '{{"title":"x"}}' http://127.0.0.1:7357/api/tasks
```

```dockerfile
# section {n}
FROM rust:1.85 AS build
RUN cargo build --release
COPY --from=build /app/target/release/api /usr/local/bin/api
```

![the request/response cycle](cycle.png)

[^{n}]: Footnote {n}: status codes are grouped by their first digit.

---

"#
        ));
    }
    md
}
