//! A 50-step server exercise against a local axum server, end to end, next to a bare reqwest
//! loop sending the same 50 requests: the checker's own cost is the difference.
//!
//! `cargo bench --bench check` (or `--profile dev` to skip a release build).

use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use backroad::check::server::run_server;
use backroad::client::Client;
use backroad::course::exercise::{self, Spec};
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

const STEPS: usize = 50;
const ROUNDS: usize = 5;

fn app() -> Router {
    let next = Arc::new(AtomicU64::new(1));
    Router::new()
        .route(
            "/tasks",
            post(
                |State(next): State<Arc<AtomicU64>>, Json(body): Json<Value>| async move {
                    let id = next.fetch_add(1, Ordering::Relaxed);
                    (
                        axum::http::StatusCode::CREATED,
                        Json(json!({"id": id, "title": body["title"], "completed": false,
                                    "created_at": "2026-11-23T10:00:00Z"})),
                    )
                },
            ),
        )
        .route(
            "/tasks/{id}",
            get(|Path(id): Path<u64>| async move {
                Json(json!({"id": id, "title": "Buy milk", "completed": false,
                            "created_at": "2026-11-23T10:00:00Z"}))
            }),
        )
        .with_state(next)
}

/// 25 creates each followed by a fetch of what was created: 50 steps with captures.
fn exercise_text() -> String {
    let mut t = String::from(
        "format_version = 1\nid = \"bench.fifty\"\ntitle = \"Fifty steps\"\nphase = \"06-apis\"\nkind = \"server\"\nprompt = \"p\"\n",
    );
    for i in 0..STEPS / 2 {
        t.push_str(&format!(
            "\n[[step]]\nname = \"create {i}\"\nrequest = {{ method = \"POST\", path = \"/tasks\", json = {{ title = \"Buy milk\" }} }}\nasserts = ['status == 201', 'jsonpath \"$.id\" isInteger', 'jsonpath \"$.title\" == \"Buy milk\"', 'jsonpath \"$.completed\" == false', 'header \"Content-Type\" contains \"json\"']\ncaptures = {{ id = 'jsonpath \"$.id\"' }}\n\n[[step]]\nname = \"fetch {i}\"\nrequest = {{ method = \"GET\", path = \"/tasks/{{{{id}}}}\" }}\nasserts = ['status == 200', 'jsonpath \"$.id\" == \"{{{{id}}}}\"', 'jsonpath \"$.created_at\" isIsoDate', 'duration < 1000']\n"
        ));
    }
    t
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    rt.spawn(async move { axum::serve(listener, app()).await });

    let ex = exercise::parse("bench.toml", &exercise_text()).expect("the bench exercise parses");
    let Spec::Server(spec) = &ex.spec else {
        unreachable!("a server exercise")
    };
    assert_eq!(spec.steps.len(), STEPS);
    let client = Client::build().expect("client");

    let mut checker = Vec::new();
    let mut bare = Vec::new();
    for _ in 0..ROUNDS {
        let started = Instant::now();
        let report = rt
            .block_on(run_server(&ex, spec, &base, &client))
            .expect("the benchmark exercise is not broken");
        checker.push(started.elapsed());
        assert_eq!(
            report.verdict,
            backroad::check::Verdict::Passed,
            "{}",
            report.summary
        );

        let http = reqwest::Client::builder()
            .no_proxy()
            .build()
            .expect("reqwest");
        let started = Instant::now();
        rt.block_on(async {
            for _ in 0..STEPS / 2 {
                let created: Value = http
                    .post(format!("{base}/tasks"))
                    .json(&json!({"title": "Buy milk"}))
                    .send()
                    .await
                    .expect("send")
                    .json()
                    .await
                    .expect("json");
                let id = created["id"].as_u64().expect("id");
                let _ = http
                    .get(format!("{base}/tasks/{id}"))
                    .send()
                    .await
                    .expect("send")
                    .bytes()
                    .await;
            }
        });
        bare.push(started.elapsed());
    }

    let median = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    println!(
        "check: {STEPS}-step server exercise, median of {ROUNDS}: {:.1} ms (min {:.1} ms)",
        median(&mut checker).as_secs_f64() * 1000.0,
        checker[0].as_secs_f64() * 1000.0
    );
    println!(
        "bare reqwest loop, same {STEPS} requests, median of {ROUNDS}: {:.1} ms (min {:.1} ms)",
        median(&mut bare).as_secs_f64() * 1000.0,
        bare[0].as_secs_f64() * 1000.0
    );
}
