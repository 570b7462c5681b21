//! The lab core against a real socket: echo, methods, counter, status codes, the tasks API,
//! inspection, the global rules, hostile clients, graceful shutdown, and the journal as a
//! second process would read it.

mod common;
use common::lab::{Lab, header, problem};

use backroad::lab::{self, LabConfig, Running};
use backroad::store::Store;
use reqwest::{Method, header};
use serde_json::{Value, json};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

#[tokio::test]
async fn anything_reflects_method_path_query_headers_and_body() {
    let lab = Lab::start().await;
    let res = lab
        .req(Method::PATCH, "/anything/deep/path?tag=a&tag=b&x=%20y")
        .header("X-Team", "one")
        .header("X-Team", "two")
        .json(&json!({"title": "Buy milk"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers().contains_key(header::DATE));
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["method"], "PATCH");
    assert_eq!(v["path"], "/anything/deep/path");
    assert_eq!(v["query"]["tag"], json!(["a", "b"]));
    assert_eq!(v["query"]["x"], json!([" y"]));
    assert_eq!(v["headers"]["x-team"], json!(["one", "two"]));
    assert_eq!(v["json"]["title"], "Buy milk");
    assert_eq!(v["body"], r#"{"title":"Buy milk"}"#);
    assert_eq!(v["origin"], "127.0.0.1");

    let form: Value = lab
        .req(Method::POST, "/echo")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("k=v+1&k=w")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(form["form"]["k"], json!(["v 1", "w"]));
    assert_eq!(form["json"], Value::Null);

    let h: Value = lab
        .req(Method::GET, "/headers")
        .header("X-A", "1")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(h["headers"]["x-a"], json!(["1"]));
    let ip: Value = lab.get("/ip").await.json().await.unwrap();
    assert_eq!(ip["origin"], "127.0.0.1");
    let ua: Value = lab
        .req(Method::GET, "/user-agent")
        .header("User-Agent", "learner/1.0")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(ua["user-agent"], "learner/1.0");
}

#[tokio::test]
async fn each_method_endpoint_answers_its_verb_and_405s_the_others_with_allow() {
    let lab = Lab::start().await;
    for (method, path) in [
        (Method::GET, "/get"),
        (Method::POST, "/post"),
        (Method::PUT, "/put"),
        (Method::PATCH, "/patch"),
        (Method::DELETE, "/delete"),
    ] {
        let res = lab.req(method.clone(), path).send().await.unwrap();
        assert_eq!(res.status(), 200, "{method} {path}");
        let v: Value = res.json().await.unwrap();
        assert_eq!(v["method"], method.as_str());
    }
    let res = lab.req(Method::POST, "/get").send().await.unwrap();
    assert_eq!(header(&res, "allow"), "GET, HEAD, OPTIONS");
    let v = problem(res, 405).await;
    assert!(v["detail"].as_str().unwrap().contains("POST"));
    let res = lab.req(Method::GET, "/delete").send().await.unwrap();
    assert_eq!(header(&res, "allow"), "DELETE, OPTIONS");
    problem(res, 405).await;
    let res = lab.req(Method::DELETE, "/api/tasks").send().await.unwrap();
    assert_eq!(header(&res, "allow"), "GET, HEAD, POST, OPTIONS");
    problem(res, 405).await;
}

#[tokio::test]
async fn unknown_methods_get_501_and_options_gets_204_with_allow() {
    let lab = Lab::start().await;
    let brew = Method::from_bytes(b"BREW").unwrap();
    let res = lab.req(brew, "/get").send().await.unwrap();
    assert!(!res.headers().contains_key("allow"));
    problem(res, 501).await;

    for (path, allow) in [
        ("/get", "GET, HEAD, OPTIONS"),
        ("/api/tasks/1", "GET, HEAD, PUT, PATCH, DELETE, OPTIONS"),
        ("/counter", "GET, HEAD, POST, PUT, DELETE, OPTIONS"),
        (
            "/anything/x",
            "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS",
        ),
        (
            "/status/418",
            "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS",
        ),
    ] {
        let res = lab.req(Method::OPTIONS, path).send().await.unwrap();
        assert_eq!(res.status(), 204, "OPTIONS {path}");
        assert_eq!(header(&res, "allow"), allow, "OPTIONS {path}");
        assert!(res.headers().contains_key(header::DATE));
        assert!(res.bytes().await.unwrap().is_empty());
    }
    problem(lab.get("/no/such/thing").await, 404).await;
    let out = lab
        .raw(
            b"OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            Duration::from_secs(5),
        )
        .await;
    assert!(out.starts_with("HTTP/1.1 204"), "{out:?}");
    assert!(
        out.contains("allow: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"),
        "{out:?}"
    );
}

#[tokio::test]
async fn head_is_get_without_the_body() {
    let lab = Lab::start().await;
    for path in ["/api/tasks/1", "/api/tasks?limit=2", "/health", "/get"] {
        let get = lab.get(path).await;
        let head = lab.req(Method::HEAD, path).send().await.unwrap();
        assert_eq!(head.status(), get.status(), "{path}");
        for name in ["content-type", "etag", "x-total-count", "link"] {
            assert_eq!(
                head.headers().get(name),
                get.headers().get(name),
                "{name} of {path}"
            );
        }
        if path != "/get" {
            // /get reflects the request, so its length differs between GET and HEAD.
            assert_eq!(
                header(&head, "content-length"),
                header(&get, "content-length"),
                "{path}"
            );
        }
        assert!(head.headers().contains_key("content-length"), "{path}");
        assert!(head.bytes().await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn put_on_the_counter_is_idempotent_and_post_is_not() {
    let lab = Lab::start().await;
    let value = |v: Value| v["value"].as_i64().unwrap();
    assert_eq!(value(lab.get("/counter").await.json().await.unwrap()), 0);
    for _ in 0..2 {
        let res = lab.json(Method::PUT, "/counter", json!({"value": 5})).await;
        assert_eq!(res.status(), 200);
        assert_eq!(value(res.json().await.unwrap()), 5);
    }
    for expected in [6, 7] {
        let res = lab.req(Method::POST, "/counter").send().await.unwrap();
        assert_eq!(value(res.json().await.unwrap()), expected);
    }
    let res = lab.req(Method::DELETE, "/counter").send().await.unwrap();
    assert_eq!(res.status(), 204);
    assert_eq!(value(lab.get("/counter").await.json().await.unwrap()), 0);
    let bad = lab
        .json(Method::PUT, "/counter", json!({"value": "x"}))
        .await;
    assert_eq!(problem(bad, 422).await["field"], "value");
}

#[tokio::test]
async fn status_codes_keep_their_invariants() {
    let lab = Lab::start().await;
    for code in [204u16, 304] {
        let res = lab.get(&format!("/status/{code}")).await;
        assert_eq!(res.status(), code);
        assert!(
            !res.headers().contains_key("content-length") || header(&res, "content-length") == "0"
        );
        assert!(res.bytes().await.unwrap().is_empty());
    }
    for code in [201u16, 301, 302, 303, 307, 308] {
        let res = lab
            .req(Method::POST, &format!("/status/{code}"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), code);
        assert_eq!(header(&res, "location"), "/get");
    }
    let res = lab.get("/status/401").await;
    assert!(header(&res, "www-authenticate").starts_with("Bearer"));
    problem(res, 401).await;
    let res = lab.get("/status/405").await;
    assert!(header(&res, "allow").contains("GET"));
    for code in [429u16, 503] {
        let res = lab.get(&format!("/status/{code}")).await;
        assert_eq!(res.status(), code);
        assert_eq!(header(&res, "retry-after"), "1");
    }
    let res = lab.get("/status/418").await;
    assert_eq!(problem(res, 418).await["title"], "I'm a teapot");
    let ok: Value = lab.get("/status/200").await.json().await.unwrap();
    assert_eq!(ok["status"], 200);
    for bad in ["100", "103", "99", "600", "abc"] {
        let v = problem(lab.get(&format!("/status/{bad}")).await, 400).await;
        assert_eq!(v["field"], "code", "{bad}");
    }
    let v = problem(lab.get("/status/101").await, 400).await;
    assert!(v["detail"].as_str().unwrap().contains("informational"));
}

#[tokio::test]
async fn the_task_list_filters_sorts_and_paginates_with_total_and_links() {
    let lab = Lab::start().await;
    let res = lab.get("/api/tasks").await;
    assert_eq!(res.status(), 200);
    assert_eq!(header(&res, "x-total-count"), "5");
    assert!(header(&res, "link").contains(r#"rel="first""#));
    let tasks: Vec<Value> = res.json().await.unwrap();
    assert_eq!(tasks.len(), 5);
    let t = &tasks[0];
    assert!(t["id"].is_i64() && t["title"].is_string() && t["completed"].is_boolean());
    assert!(t["created_at"].as_str().unwrap().ends_with('Z'));

    let res = lab.get("/api/tasks?limit=2&page=2").await;
    let link = header(&res, "link").to_string();
    assert!(
        link.contains(r#"</api/tasks?page=1&limit=2>; rel="prev""#),
        "{link}"
    );
    assert!(
        link.contains(r#"</api/tasks?page=3&limit=2>; rel="next""#),
        "{link}"
    );
    let page: Vec<Value> = res.json().await.unwrap();
    assert_eq!(
        page.iter()
            .map(|t| t["id"].as_i64().unwrap())
            .collect::<Vec<_>>(),
        [3, 4]
    );

    let res = lab.get("/api/tasks?limit=2&page=99").await;
    assert_eq!(res.status(), 200);
    assert!(!header(&res, "link").contains(r#"rel="next""#));
    assert_eq!(res.json::<Vec<Value>>().await.unwrap().len(), 0);

    let open: Vec<Value> = lab
        .get("/api/tasks?completed=false")
        .await
        .json()
        .await
        .unwrap();
    assert!(open.len() == 3 && open.iter().all(|t| t["completed"] == false));
    let newest: Vec<Value> = lab
        .get("/api/tasks?sort=-created_at,title")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(newest[0]["id"], 5);
    let found: Vec<Value> = lab.get("/api/tasks?q=put").await.json().await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["title"], "Replace a task with PUT");
    let v = problem(lab.get("/api/tasks?sort=owner").await, 400).await;
    assert_eq!(v["field"], "sort");
}

#[tokio::test]
async fn tasks_crud_end_to_end() {
    let lab = Lab::start().await;
    let res = lab
        .json(Method::POST, "/api/tasks", json!({"title": "Buy milk"}))
        .await;
    assert_eq!(res.status(), 201);
    let location = header(&res, "location").to_string();
    let etag = header(&res, "etag").to_string();
    assert!(etag.starts_with('"') && etag.ends_with('"'), "{etag}");
    let created: Value = res.json().await.unwrap();
    assert_eq!(created["title"], "Buy milk");
    assert_eq!(created["completed"], false);
    assert_eq!(location, format!("/api/tasks/{}", created["id"]));

    let res = lab.get(&location).await;
    assert_eq!(res.status(), 200);
    assert_eq!(header(&res, "etag"), etag);
    let res = lab
        .req(Method::GET, &location)
        .header("If-None-Match", format!("W/{etag}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 304);
    assert_eq!(header(&res, "etag"), etag);
    assert!(res.bytes().await.unwrap().is_empty());

    let res = lab
        .json(
            Method::PUT,
            &location,
            json!({"title": "Buy oat milk", "completed": true}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let new_etag = header(&res, "etag").to_string();
    assert_ne!(new_etag, etag);
    let replaced: Value = res.json().await.unwrap();
    assert_eq!(replaced["title"], "Buy oat milk");
    assert_eq!(replaced["completed"], true);
    assert_eq!(replaced["created_at"], created["created_at"]);

    let res = lab
        .req(Method::PATCH, &location)
        .header("Content-Type", "application/merge-patch+json")
        .body(r#"{"completed": false}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let patched: Value = res.json().await.unwrap();
    assert_eq!(
        (patched["title"].as_str(), patched["completed"].as_bool()),
        (Some("Buy oat milk"), Some(false))
    );

    let res = lab
        .req(Method::PATCH, &location)
        .header("Content-Type", "text/plain")
        .body("completed")
        .send()
        .await
        .unwrap();
    assert!(header(&res, "accept-patch").contains("application/merge-patch+json"));
    problem(res, 415).await;

    let stale = lab
        .req(Method::PUT, &location)
        .header("If-Match", &etag)
        .json(&json!({"title": "lost update"}))
        .send()
        .await
        .unwrap();
    problem(stale, 412).await;

    let res = lab.req(Method::DELETE, &location).send().await.unwrap();
    assert_eq!(res.status(), 204);
    problem(
        lab.req(Method::DELETE, &location).send().await.unwrap(),
        404,
    )
    .await;
    problem(lab.get(&location).await, 404).await;
    problem(lab.get("/api/tasks/abc").await, 404).await;
}

#[tokio::test]
async fn bad_task_bodies_get_problems_that_point_at_the_field() {
    let lab = Lab::start().await;
    let res = lab
        .req(Method::POST, "/api/tasks")
        .header("Content-Type", "application/json")
        .body(r#"{"title": "#)
        .send()
        .await
        .unwrap();
    let v = problem(res, 400).await;
    assert!(v["detail"].as_str().unwrap().contains("line 1"), "{v}");

    let v = problem(
        lab.json(Method::POST, "/api/tasks", json!({"completed": true}))
            .await,
        422,
    )
    .await;
    assert_eq!(v["field"], "title");
    let v = problem(
        lab.json(Method::POST, "/api/tasks", json!({"title": ""}))
            .await,
        422,
    )
    .await;
    assert_eq!(v["field"], "title");
    let v = problem(
        lab.json(
            Method::POST,
            "/api/tasks",
            json!({"title": "x", "priority": 3}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(v["field"], "priority");
    assert_eq!(v["errors"][0]["field"], "priority");
    let v = problem(
        lab.json(Method::POST, "/api/tasks", json!(["x"])).await,
        422,
    )
    .await;
    assert!(v["detail"].as_str().unwrap().contains("array"));

    let res = lab
        .req(Method::POST, "/api/tasks")
        .header("Content-Type", "text/plain")
        .body(r#"{"title": "x"}"#)
        .send()
        .await
        .unwrap();
    problem(res, 415).await;
    let res = lab
        .req(Method::POST, "/api/tasks")
        .body(r#"{"title": "x"}"#)
        .send()
        .await
        .unwrap();
    problem(res, 415).await;
}

#[tokio::test]
async fn health_ready_metrics_info_and_reset() {
    let lab = Lab::start().await;
    let health: Value = lab.get("/health").await.json().await.unwrap();
    assert_eq!(health["status"], "ok");
    let ready = lab.get("/ready").await;
    assert_eq!(ready.status(), 200);
    lab.get("/api/tasks/1").await;
    lab.get("/api/tasks/2").await;
    let res = lab.get("/metrics").await;
    assert!(header(&res, "content-type").starts_with("text/plain; version=0.0.4"));
    let text = res.text().await.unwrap();
    assert!(
        text.contains(
            r#"backroad_lab_requests_total{route="/api/tasks/{id}",method="GET",status="200"} 2"#
        ),
        "{text}"
    );
    assert!(
        text.contains(r#"backroad_lab_request_duration_seconds_count{route="/api/tasks/{id}"} 2"#)
    );

    let info: Value = lab.get("/_lab/info").await.json().await.unwrap();
    assert_eq!(info["name"], "backroad-lab");
    assert_eq!(info["version"], env!("CARGO_PKG_VERSION"));

    lab.json(Method::POST, "/api/tasks", json!({"title": "temp"}))
        .await;
    lab.req(Method::POST, "/counter").send().await.unwrap();
    lab.req(Method::DELETE, "/api/tasks/1")
        .send()
        .await
        .unwrap();
    let res = lab.req(Method::POST, "/_lab/reset").send().await.unwrap();
    assert_eq!(res.status(), 204);
    let res = lab.get("/api/tasks").await;
    assert_eq!(header(&res, "x-total-count"), "5");
    assert_eq!(lab.get("/api/tasks/1").await.status(), 200);
    let counter: Value = lab.get("/counter").await.json().await.unwrap();
    assert_eq!(counter["value"], 0);
    let created: Value = lab
        .json(Method::POST, "/api/tasks", json!({"title": "after"}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(created["id"], 6, "ids start again after a reset");
    let text = lab.get("/metrics").await.text().await.unwrap();
    assert!(
        text.contains(r#"route="/api/tasks/{id}",method="GET",status="200"} 3"#),
        "counters survive a reset: {text}"
    );
    lab.shutdown().await;
}

#[tokio::test]
async fn the_journal_reaches_a_second_store_connection_with_the_trace() {
    let lab = Lab::start().await;
    let reader = Store::open(&lab.db).unwrap();
    let before = reader.journal_head().unwrap();
    lab.json(
        Method::POST,
        "/api/tasks?src=test",
        json!({"title": "journalled"}),
    )
    .await;
    lab.state.flush_journal();
    let seen = reader.journal_since(before, 0, 100).unwrap();
    let x = seen
        .iter()
        .find(|x| x.path == "/api/tasks")
        .expect("the POST is journalled");
    assert_eq!(x.method, "POST");
    assert_eq!(x.query, "src=test");
    assert_eq!(x.status, 201);
    assert_eq!(x.client.split(':').next(), Some("127.0.0.1"));
    assert_eq!(
        String::from_utf8_lossy(&x.request_body),
        r#"{"title":"journalled"}"#
    );
    assert!(String::from_utf8_lossy(&x.response_body).contains("journalled"));
    assert!(
        x.request_headers
            .iter()
            .any(|(k, v)| k == "content-type" && v == "application/json")
    );
    assert!(x.response_headers.iter().any(|(k, _)| k == "location"));
    assert!(x.response_headers.iter().any(|(k, _)| k == "date"));
    let steps = serde_json::to_value(&x.trace).unwrap();
    let steps = steps.as_array().unwrap();
    assert_eq!(steps[0]["step"], "route");
    assert_eq!(steps[0]["detail"], "/api/tasks");
    assert!(
        steps
            .iter()
            .any(|s| s["step"] == "handler" && s["detail"] == "tasks::create")
    );
    let insert = steps
        .iter()
        .find(|s| s["step"] == "sql" && s["detail"].as_str().unwrap().starts_with("INSERT"))
        .expect("the INSERT is traced");
    assert_eq!(insert["params"][0], "journalled");
    assert_eq!(insert["params"][1], 0);

    let recent: Value = lab.get("/_lab/journal?since=0").await.json().await.unwrap();
    let paths: Vec<&str> = recent["exchanges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["path"].as_str().unwrap())
        .collect();
    assert!(paths.contains(&"/api/tasks"), "{paths:?}");
    problem(lab.get("/_lab/journal?since=x").await, 422).await;
}

#[tokio::test]
async fn http2_with_prior_knowledge_works_too() {
    let lab = Lab::start().await;
    let h2 = reqwest::Client::builder()
        .http2_prior_knowledge()
        .build()
        .unwrap();
    let res = h2
        .get(format!("{}/api/tasks/1", lab.url))
        .send()
        .await
        .unwrap();
    assert_eq!(res.version(), reqwest::Version::HTTP_2);
    assert_eq!(res.status(), 200);
    assert!(res.headers().contains_key(header::DATE));
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["id"], 1);
}

#[tokio::test]
async fn live_listeners_see_each_exchange() {
    let lab = Lab::start().await;
    let mut live = lab.state.subscribe();
    lab.get("/get?live=1").await;
    let x = tokio::time::timeout(Duration::from_secs(5), live.recv())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (x.method.as_str(), x.path.as_str(), x.status),
        ("GET", "/get", 200)
    );
}

#[tokio::test]
async fn garbage_bytes_get_400_and_the_lab_carries_on() {
    let lab = Lab::start().await;
    let bound = Duration::from_secs(5);
    for garbage in [
        &b"\x00\xff\xfe garbage \r\n\r\n"[..],
        b"GET /get HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n",
        b"GET /get HTTP/9.9\r\n\r\n",
    ] {
        let out = lab.raw(garbage, bound).await;
        assert!(out.starts_with("HTTP/1.1 400"), "{out:?}");
        assert!(out.contains("date: "), "{out:?}");
    }
    let mut many = b"GET /get HTTP/1.1\r\nHost: x\r\n".to_vec();
    for i in 0..200 {
        many.extend_from_slice(format!("X-H{i}: v\r\n").as_bytes());
    }
    many.extend_from_slice(b"\r\n");
    let out = lab.raw(&many, bound).await;
    assert!(out.starts_with("HTTP/1.1 431"), "{out:?}");
    let long_line = format!("GET /{} HTTP/1.1\r\nHost: x\r\n\r\n", "a".repeat(200_000));
    let out = lab.raw(long_line.as_bytes(), bound).await;
    assert!(out.starts_with("HTTP/1.1 431"), "{out:?}");
    lab.still_answers().await;
}

#[tokio::test]
async fn oversized_bodies_get_413() {
    let lab = Lab::start().await;
    // Declared too large: refused before the body is read.
    let out = lab
        .raw(
            b"POST /post HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 5000000\r\n\r\nabc",
            Duration::from_secs(5),
        )
        .await;
    assert!(out.starts_with("HTTP/1.1 413"), "{out:?}");
    assert!(out.contains("application/problem+json"));
    // Streamed without a length: cut off at the limit.
    let chunks =
        futures::stream::iter((0..40).map(|_| Ok::<_, std::io::Error>(vec![b'x'; 64 * 1024])));
    let res = lab
        .req(Method::POST, "/post")
        .body(reqwest::Body::wrap_stream(chunks))
        .send()
        .await;
    if let Ok(res) = res {
        problem(res, 413).await;
    }
    // Exactly at the limit is fine.
    let res = lab
        .req(Method::POST, "/post")
        .body(vec![b'y'; lab::MAX_BODY])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    lab.still_answers().await;
}

#[tokio::test]
async fn slow_drip_clients_are_cut_off() {
    let lab = Lab::start_with(|c| c.read_timeout = Duration::from_millis(500)).await;
    // A request head that never finishes: the connection is closed.
    let mut s = TcpStream::connect(lab.addr).await.unwrap();
    s.write_all(b"GET /get HTTP/1.1\r\nHo").await.unwrap();
    let mut buf = Vec::new();
    let closed = tokio::time::timeout(Duration::from_secs(10), s.read_to_end(&mut buf)).await;
    assert!(
        closed.is_ok(),
        "the lab should close a stalled request head"
    );
    // A body that never finishes: 408.
    let mut s = TcpStream::connect(lab.addr).await.unwrap();
    s.write_all(b"POST /post HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc")
        .await
        .unwrap();
    let mut buf = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), s.read_to_end(&mut buf)).await;
    let out = String::from_utf8_lossy(&buf);
    assert!(out.starts_with("HTTP/1.1 408"), "{out:?}");
    // A connection that never says anything is closed.
    let mut s = TcpStream::connect(lab.addr).await.unwrap();
    let closed = tokio::time::timeout(Duration::from_secs(10), s.read_to_end(&mut buf)).await;
    assert!(closed.is_ok(), "the lab should close a silent connection");
    // So is a kept-alive connection that goes idle after a request.
    let mut s = TcpStream::connect(lab.addr).await.unwrap();
    s.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut buf = Vec::new();
    let closed = tokio::time::timeout(Duration::from_secs(10), s.read_to_end(&mut buf)).await;
    assert!(
        closed.is_ok(),
        "the lab should close an idle keep-alive connection"
    );
    assert!(String::from_utf8_lossy(&buf).starts_with("HTTP/1.1 200"));
    lab.still_answers().await;
}

#[tokio::test]
async fn graceful_shutdown_lets_an_in_flight_request_finish() {
    let mut lab = Lab::start().await;
    let addr = lab.addr;
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(b"POST /post HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 10\r\n\r\nhello")
        .await
        .unwrap();
    // Make sure the lab has the request before asking it to stop.
    tokio::time::sleep(Duration::from_millis(100)).await;
    let _ = lab.stop.take().unwrap().send(());
    // New connections are refused once the listener is gone.
    let mut refused = false;
    for _ in 0..100 {
        if TcpStream::connect(addr).await.is_err() {
            refused = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(refused, "the lab should stop accepting");
    s.write_all(b"world").await.unwrap();
    let mut buf = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), s.read_to_end(&mut buf))
        .await
        .unwrap()
        .unwrap();
    let out = String::from_utf8_lossy(&buf);
    assert!(out.starts_with("HTTP/1.1 200"), "{out}");
    assert!(out.contains(r#""body":"helloworld""#), "{out}");
    tokio::time::timeout(Duration::from_secs(10), lab.served)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
}

#[test]
fn start_background_starts_once_then_attaches() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("progress.db");
    // Find a free port, then let the lab take it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let first = lab::start_background(LabConfig::new(port, Some(db.clone()))).unwrap();
    let Running::Started { url, handle } = first else {
        panic!("the first lab should start");
    };
    assert_eq!(url, format!("http://127.0.0.1:{port}"));
    let second = lab::start_background(LabConfig::new(port, None)).unwrap();
    assert!(
        matches!(second, Running::Attached { url: ref u } if *u == url),
        "{second:?}"
    );
    handle.stop();
    assert!(std::net::TcpStream::connect(("127.0.0.1", port)).is_err());
}

#[test]
fn a_port_held_by_something_else_is_named_in_the_error() {
    let squatter = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = squatter.local_addr().unwrap().port();
    // Answer the probe with something that is not a backroad lab.
    std::thread::spawn(move || {
        use std::io::{Read, Write};
        for s in squatter.incoming().flatten().take(1) {
            let mut s = s;
            let mut buf = [0u8; 1024];
            let _ = s.read(&mut buf);
            let _ = s.write_all(b"HTTP/1.0 200 OK\r\n\r\n{\"name\":\"nginx\"}");
        }
    });
    let err = lab::start_background(LabConfig::new(port, None)).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains(&format!("127.0.0.1:{port}")), "{msg}");
    assert!(msg.contains("--port"), "{msg}");
}

/// `backroad lab` as a learner runs it: a URL, a log line per request, a clean Ctrl-C.
mod cli {
    use super::*;
    use std::io::{BufRead, BufReader};
    use std::process::{Child, Command, Stdio};

    fn backroad(home: &std::path::Path, args: &[&str]) -> Command {
        let mut cmd = common::bin::backroad(home);
        cmd.args(args).stdout(Stdio::piped()).stderr(Stdio::piped());
        cmd
    }

    fn interrupt(child: &Child) {
        let ok = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(ok.success());
    }

    #[test]
    fn backroad_lab_prints_its_url_logs_requests_and_stops_on_ctrl_c() {
        let home = tempfile::tempdir().unwrap();
        let mut child = backroad(home.path(), &["--port", "0", "lab"])
            .spawn()
            .unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        out.read_line(&mut first).unwrap();
        let url = first
            .split_whitespace()
            .find(|w| w.starts_with("http://127.0.0.1:"))
            .unwrap_or_else(|| panic!("no URL in {first:?}"))
            .to_string();
        let rt = tokio::runtime::Runtime::new().unwrap();
        let status = rt.block_on(async {
            reqwest::get(format!("{url}/api/tasks/2"))
                .await
                .unwrap()
                .status()
        });
        assert_eq!(status, 200);
        let mut line = String::new();
        loop {
            line.clear();
            assert!(out.read_line(&mut line).unwrap() > 0, "the log ended early");
            if line.contains("/api/tasks/2") {
                break;
            }
        }
        assert!(
            line.contains("GET") && line.contains(" 200 ") && line.contains("ms"),
            "{line:?}"
        );
        // The request just before Ctrl-C is still logged.
        let last = rt.block_on(async {
            reqwest::get(format!("{url}/status/418"))
                .await
                .unwrap()
                .status()
        });
        assert_eq!(last, 418);
        interrupt(&child);
        let mut rest = String::new();
        std::io::Read::read_to_string(&mut out, &mut rest).unwrap();
        let exit = child.wait().unwrap();
        assert!(exit.success(), "{exit:?}");
        assert!(rest.contains("lab stopped"), "{rest:?}");
        assert!(rest.contains("/status/418 418"), "{rest:?}");
        // The request went to the learner's progress database.
        let store = Store::open(&home.path().join("progress.db")).unwrap();
        let seen = store.journal_since(0, 0, 10).unwrap();
        assert!(
            seen.iter()
                .any(|x| x.path == "/api/tasks/2" && x.status == 200)
        );
    }

    #[test]
    fn a_port_taken_by_another_program_is_a_clear_error() {
        let home = tempfile::tempdir().unwrap();
        let squatter = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = squatter.local_addr().unwrap().port().to_string();
        // Nobody answers on the squatter's port: the probe times out, so it is not a lab.
        let out = backroad(home.path(), &["--port", &port, "lab"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(3));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(&format!("127.0.0.1:{port}")), "{err}");
        assert!(err.contains("--port"), "{err}");
        drop(squatter);
    }

    #[test]
    fn a_port_taken_by_another_lab_is_used_as_it_is() {
        let home = tempfile::tempdir().unwrap();
        let Running::Started { url, handle } =
            lab::start_background(LabConfig::new(0, None)).unwrap()
        else {
            panic!("the lab should start");
        };
        let port = url.rsplit(':').next().unwrap().to_string();
        let out = backroad(home.path(), &["--port", &port, "lab"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(
            said.contains("already running") && said.contains(&url),
            "{said}"
        );
        handle.stop();
    }

    #[test]
    fn binding_beyond_loopback_warns() {
        let home = tempfile::tempdir().unwrap();
        let mut child = backroad(home.path(), &["--port", "0", "lab", "--bind", "0.0.0.0"])
            .spawn()
            .unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        out.read_line(&mut first).unwrap();
        assert!(first.contains("listening on http://0.0.0.0:"), "{first:?}");
        interrupt(&child);
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("warning") && err.contains("0.0.0.0"), "{err}");
    }
}
