//! The lab's extra endpoint groups against a real socket with reqwest: auth, sessions and
//! cookies, caching, negotiation, redirects, rate limiting, flaky/slow, jobs, CORS, uploads,
//! streaming, and webhooks delivered to a real receiver with the signature checked.

mod common;
use common::lab::{Lab, header, problem};

use backroad::lab::extras::{ExtrasState, SEED_ADMIN_PASSWORD, SEED_ADMIN_USER};

use futures::StreamExt;
use hmac::{Hmac, Mac};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sha2::Digest;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Known JWT secret, so a test can forge an expired token the lab would otherwise accept.
const SECRET: &[u8] = b"test-secret-for-the-lab-extras!!";

/// The lab with a known JWT secret.
async fn start() -> Lab {
    Lab::start_tuned(
        |_| {},
        |state| {
            state.extras = ExtrasState::with_jwt_secret(SECRET);
        },
    )
    .await
}

/// Log in and return the bearer token.
async fn login(lab: &Lab, username: &str, password: &str) -> String {
    let res = lab
        .post_json(
            "/auth/login",
            json!({"username": username, "password": password}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["token_type"], "Bearer");
    v["access_token"].as_str().unwrap().to_string()
}

fn all(res: &reqwest::Response, name: &str) -> Vec<String> {
    res.headers()
        .get_all(name)
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn register_login_me_and_admin_follow_rfc_6750() {
    let lab = start().await;
    let res = lab
        .post_json(
            "/auth/register",
            json!({"username": "ada", "password": "correct horse"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let text = res.text().await.unwrap();
    assert!(!text.contains("correct horse"), "password echoed: {text}");
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["username"], "ada");
    assert_eq!(v["role"], "user");

    let dup = lab
        .post_json(
            "/auth/register",
            json!({"username": "ada", "password": "another one"}),
        )
        .await;
    assert_eq!(problem(dup, 409).await["field"], "username");
    let short = lab
        .post_json(
            "/auth/register",
            json!({"username": "bob", "password": "short"}),
        )
        .await;
    assert_eq!(problem(short, 422).await["field"], "password");
    let missing = lab
        .post_json("/auth/register", json!({"password": "longenough"}))
        .await;
    assert_eq!(problem(missing, 422).await["field"], "username");
    let not_json = lab
        .req(Method::POST, "/auth/register")
        .body("username=x")
        .header("content-type", "text/plain")
        .send()
        .await
        .unwrap();
    problem(not_json, 415).await;

    let wrong = lab
        .post_json(
            "/auth/login",
            json!({"username": "ada", "password": "nope nope"}),
        )
        .await;
    assert!(header(&wrong, "www-authenticate").starts_with("Bearer"));
    problem(wrong, 401).await;

    // No token: a bare challenge, no error code (RFC 6750 §3.1).
    let none = lab.get("/auth/me").await;
    assert_eq!(
        header(&none, "www-authenticate"),
        "Bearer realm=\"backroad-lab\""
    );
    problem(none, 401).await;

    let garbage = lab
        .req(Method::GET, "/auth/me")
        .bearer_auth("not.a.jwt")
        .send()
        .await
        .unwrap();
    assert!(header(&garbage, "www-authenticate").contains("error=\"invalid_token\""));
    problem(garbage, 401).await;

    // Another scheme is no Bearer attempt: a bare challenge again.
    let basic = lab
        .req(Method::GET, "/auth/me")
        .basic_auth("ada", Some("correct horse"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        header(&basic, "www-authenticate"),
        "Bearer realm=\"backroad-lab\""
    );
    problem(basic, 401).await;

    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let expired = jsonwebtoken::encode(
        &jsonwebtoken::Header::default(),
        &json!({"sub": "ada", "role": "user", "iat": now - 7200, "exp": now - 3600}),
        &jsonwebtoken::EncodingKey::from_secret(SECRET),
    )
    .unwrap();
    let res = lab
        .req(Method::GET, "/auth/me")
        .bearer_auth(&expired)
        .send()
        .await
        .unwrap();
    let challenge = header(&res, "www-authenticate");
    assert!(challenge.contains("error=\"invalid_token\""), "{challenge}");
    assert!(challenge.contains("expired"), "{challenge}");
    problem(res, 401).await;

    let token = login(&lab, "ada", "correct horse").await;
    let me: Value = lab
        .req(Method::GET, "/auth/me")
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["username"], "ada");
    assert_eq!(me["role"], "user");

    let forbidden = lab
        .req(Method::GET, "/admin/stats")
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert!(header(&forbidden, "www-authenticate").contains("error=\"insufficient_scope\""));
    problem(forbidden, 403).await;

    let admin = login(&lab, SEED_ADMIN_USER, SEED_ADMIN_PASSWORD).await;
    let stats = lab
        .req(Method::GET, "/admin/stats")
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(stats.status(), 200);
    let stats: Value = stats.json().await.unwrap();
    assert_eq!(stats["users"], 2);

    // The trace shows the auth decision.
    let journal: Value = lab.get("/_lab/journal?since=0").await.json().await.unwrap();
    let last_admin = journal["exchanges"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|x| x["path"] == "/admin/stats")
        .unwrap();
    let steps = last_admin["trace"].to_string();
    assert!(
        steps.contains("\"auth\"") && steps.contains("pass: admin"),
        "{steps}"
    );
}

#[tokio::test]
async fn reset_forgets_users_but_keeps_the_seed_admin() {
    let lab = start().await;
    lab.post_json(
        "/auth/register",
        json!({"username": "grace", "password": "hopper1906"}),
    )
    .await;
    login(&lab, "grace", "hopper1906").await;
    assert_eq!(
        lab.req(Method::POST, "/_lab/reset")
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
    let gone = lab
        .post_json(
            "/auth/login",
            json!({"username": "grace", "password": "hopper1906"}),
        )
        .await;
    problem(gone, 401).await;
    login(&lab, SEED_ADMIN_USER, SEED_ADMIN_PASSWORD).await;
}

#[tokio::test]
async fn basic_auth_challenges_with_401_not_403() {
    let lab = start().await;
    let none = lab.get("/basic-auth/ada/s3cret").await;
    assert!(header(&none, "www-authenticate").starts_with("Basic realm=\"backroad-lab\""));
    problem(none, 401).await;
    let wrong = lab
        .req(Method::GET, "/basic-auth/ada/s3cret")
        .basic_auth("ada", Some("guess"))
        .send()
        .await
        .unwrap();
    assert!(header(&wrong, "www-authenticate").starts_with("Basic"));
    problem(wrong, 401).await;
    let ok = lab
        .req(Method::GET, "/basic-auth/ada/s3cret")
        .basic_auth("ada", Some("s3cret"))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    let v: Value = ok.json().await.unwrap();
    assert_eq!(v, json!({"authenticated": true, "user": "ada"}));
}

#[tokio::test]
async fn session_cookie_is_httponly_and_logout_expires_it() {
    let lab = start().await;
    let res = lab
        .post_json(
            "/session/login",
            json!({"username": SEED_ADMIN_USER, "password": SEED_ADMIN_PASSWORD}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let cookie = header(&res, "set-cookie");
    assert!(cookie.starts_with("session="), "{cookie}");
    assert!(
        cookie.ends_with("; HttpOnly; SameSite=Lax; Path=/"),
        "{cookie}"
    );
    let pair = cookie.split(';').next().unwrap().to_string();

    let me = lab
        .req(Method::GET, "/session/me")
        .header("cookie", &pair)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);
    assert_eq!(
        me.json::<Value>().await.unwrap()["username"],
        SEED_ADMIN_USER
    );

    let out = lab
        .req(Method::POST, "/session/logout")
        .header("cookie", &pair)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 204);
    let expire = header(&out, "set-cookie");
    assert!(
        expire.starts_with("session=;") && expire.contains("Max-Age=0"),
        "{expire}"
    );

    let after = lab
        .req(Method::GET, "/session/me")
        .header("cookie", &pair)
        .send()
        .await
        .unwrap();
    assert!(header(&after, "www-authenticate").starts_with("Cookie"));
    problem(after, 401).await;

    let wrong = lab
        .req(Method::POST, "/session/login")
        .header("content-type", "application/x-www-form-urlencoded")
        .body("username=admin&password=wrong")
        .send()
        .await
        .unwrap();
    problem(wrong, 401).await;
}

#[tokio::test]
async fn cookies_are_set_with_attributes_and_read_back() {
    let lab = start().await;
    let res = lab.get("/cookies/set?theme=dark&lang=en").await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        all(&res, "set-cookie"),
        [
            "theme=dark; HttpOnly; SameSite=Lax; Path=/",
            "lang=en; HttpOnly; SameSite=Lax; Path=/"
        ]
    );
    let bad = lab.get("/cookies/set?x=a%3Bb").await;
    problem(bad, 400).await;
    let v: Value = lab
        .req(Method::GET, "/cookies")
        .header("cookie", "theme=dark; lang=en")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["cookies"], json!({"theme": "dark", "lang": "en"}));
}

#[tokio::test]
async fn conditional_requests_follow_rfc_9110() {
    let lab = start().await;
    let res = lab.get("/etag/v1").await;
    assert_eq!(res.status(), 200);
    assert_eq!(header(&res, "etag"), "\"v1\"");
    assert_eq!(header(&res, "cache-control"), "no-cache");
    let last_modified = header(&res, "last-modified");
    let lm = httpdate::parse_http_date(&last_modified).unwrap();

    let cond = |name: &'static str, value: String| {
        lab.req(Method::GET, "/etag/v1").header(name, value).send()
    };
    // Weak comparison for If-None-Match: W/"v1" matches "v1".
    let res = cond("if-none-match", "W/\"v1\"".into()).await.unwrap();
    assert_eq!(res.status(), 304);
    assert_eq!(header(&res, "etag"), "\"v1\"");
    assert_eq!(header(&res, "cache-control"), "no-cache");
    assert!(res.bytes().await.unwrap().is_empty());

    let res = cond("if-none-match", "\"v0\", \"v2\"".into())
        .await
        .unwrap();
    assert_eq!(res.status(), 200);

    let later = httpdate::fmt_http_date(lm + Duration::from_secs(60));
    let earlier = httpdate::fmt_http_date(lm - Duration::from_secs(60));
    assert_eq!(
        cond("if-modified-since", later.clone())
            .await
            .unwrap()
            .status(),
        304
    );
    assert_eq!(
        cond("if-modified-since", last_modified.clone())
            .await
            .unwrap()
            .status(),
        304
    );
    assert_eq!(
        cond("if-modified-since", earlier).await.unwrap().status(),
        200
    );
    // If-None-Match present and not matching: If-Modified-Since is not consulted.
    let both = lab
        .req(Method::GET, "/etag/v1")
        .header("if-none-match", "\"v2\"")
        .header("if-modified-since", &later)
        .send()
        .await
        .unwrap();
    assert_eq!(both.status(), 200);

    // Strong comparison for If-Match: a weak tag never matches.
    problem(cond("if-match", "W/\"v1\"".into()).await.unwrap(), 412).await;
    problem(cond("if-match", "\"v2\"".into()).await.unwrap(), 412).await;
    assert_eq!(
        cond("if-match", "\"v1\"".into()).await.unwrap().status(),
        200
    );

    let res = lab.get("/cache/60").await;
    assert_eq!(header(&res, "cache-control"), "public, max-age=60");
    let res = lab.get("/cache").await;
    let etag = header(&res, "etag");
    assert!(
        etag.starts_with('"') && etag.ends_with('"') && etag.len() > 2,
        "{etag}"
    );
    let again = lab
        .req(Method::GET, "/cache")
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(header(&again, "etag"), etag);
}

#[tokio::test]
async fn negotiation_honours_q_values_and_says_vary() {
    let lab = start().await;
    let with_accept = |accept: &'static str| {
        lab.req(Method::GET, "/negotiate")
            .header("accept", accept)
            .send()
    };
    let res = with_accept("application/json;q=0.4, application/xml")
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        header(&res, "content-type"),
        "application/xml; charset=utf-8"
    );
    assert_eq!(header(&res, "vary"), "Accept");
    assert!(res.text().await.unwrap().starts_with("<?xml"));

    let res = with_accept("text/*;q=0.9, text/html;q=0").await.unwrap();
    assert_eq!(header(&res, "content-type"), "text/plain; charset=utf-8");

    let res = lab.get("/negotiate").await;
    assert_eq!(header(&res, "content-type"), "application/json");
    let res = with_accept("image/png").await.unwrap();
    assert_eq!(header(&res, "vary"), "Accept");
    let v = problem(res, 406).await;
    let detail = v["detail"].as_str().unwrap();
    for offered in [
        "application/json",
        "application/xml",
        "text/html",
        "text/plain",
    ] {
        assert!(detail.contains(offered), "{detail}");
    }

    for (path, media) in [
        ("/json", "application/json"),
        ("/xml", "application/xml"),
        ("/html", "text/html"),
    ] {
        let res = lab.get(path).await;
        assert_eq!(res.status(), 200);
        assert!(header(&res, "content-type").starts_with(media), "{path}");
    }
}

#[tokio::test]
async fn redirects_chain_and_refuse_open_redirects() {
    let lab = start().await;
    let res = lab.get("/redirect/3").await;
    assert_eq!(res.status(), 302);
    assert_eq!(header(&res, "location"), "/redirect/2");
    assert_eq!(header(&lab.get("/redirect/1").await, "location"), "/get");

    let follow = reqwest::Client::builder().no_proxy().build().unwrap();
    let end = follow
        .get(format!("{}/redirect/3", lab.url))
        .send()
        .await
        .unwrap();
    assert_eq!(end.status(), 200);
    assert_eq!(end.url().path(), "/get");

    let ok = lab.get("/redirect-to?url=/get&status=307").await;
    assert_eq!(ok.status(), 307);
    assert_eq!(header(&ok, "location"), "/get");
    let loopback = lab
        .get("/redirect-to?url=http%3A%2F%2F127.0.0.1%3A9%2Fx")
        .await;
    assert_eq!(loopback.status(), 302);
    for evil in [
        "https%3A%2F%2Fexample.com%2F",
        "%2F%2Fexample.com",
        "http%3A%2F%2F127.0.0.1%40example.com%2F",
    ] {
        let res = lab.get(&format!("/redirect-to?url={evil}")).await;
        assert!(res.headers().get("location").is_none());
        assert_eq!(problem(res, 403).await["field"], "url", "{evil}");
    }
    problem(lab.get("/redirect-to?url=/get&status=200").await, 400).await;
}

#[tokio::test]
async fn redirect_method_303_becomes_get_307_308_keep_method_and_body() {
    let lab = start().await;
    let res = lab
        .req(Method::POST, "/redirect-method/303")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(header(&res, "location"), "/redirect-method/target?from=303");

    let follow = reqwest::Client::builder().no_proxy().build().unwrap();
    for (code, method, body) in [
        (303, "GET", ""),
        (307, "POST", "hello"),
        (308, "POST", "hello"),
    ] {
        let v: Value = follow
            .post(format!("{}/redirect-method/{code}", lab.url))
            .header("content-type", "text/plain")
            .body("hello")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(v["redirected_by"], code.to_string());
        assert_eq!(v["method"], method, "{code}");
        assert_eq!(v["body"], body, "{code}");
    }
}

#[tokio::test]
async fn rate_limit_answers_429_with_retry_after_and_ratelimit_headers() {
    let lab = start().await;
    let path = "/ratelimit?limit=2&window=60";
    let first = lab.get(path).await;
    assert_eq!(first.status(), 200);
    assert_eq!(header(&first, "ratelimit-limit"), "2");
    assert_eq!(header(&first, "ratelimit-remaining"), "1");
    assert_eq!(header(&first, "ratelimit-policy"), "2;w=60");
    let second = lab.get(path).await;
    assert_eq!(header(&second, "ratelimit-remaining"), "0");
    let third = lab.get(path).await;
    let retry: u64 = header(&third, "retry-after").parse().unwrap();
    assert!((1..=60).contains(&retry));
    assert_eq!(header(&third, "ratelimit-remaining"), "0");
    assert_eq!(header(&third, "ratelimit-reset"), retry.to_string());
    problem(third, 429).await;
    problem(lab.get("/ratelimit?limit=0").await, 400).await;
}

#[tokio::test]
async fn flaky_unstable_and_delay_fail_the_way_they_say() {
    let lab = start().await;
    for _ in 0..2 {
        let res = lab.get("/flaky?fail_first=2&key=t1").await;
        assert_eq!(header(&res, "retry-after"), "1");
        problem(res, 503).await;
    }
    let ok = lab.get("/flaky?fail_first=2&key=t1").await;
    assert_eq!(ok.status(), 200);
    assert_eq!(ok.json::<Value>().await.unwrap()["attempt"], 3);
    // Another key counts on its own.
    assert_eq!(lab.get("/flaky?fail_first=1&key=t2").await.status(), 503);

    let always = lab.get("/unstable?failure_rate=1").await;
    assert_eq!(header(&always, "retry-after"), "1");
    problem(always, 503).await;
    assert_eq!(lab.get("/unstable?failure_rate=0").await.status(), 200);
    let seeded: Vec<StatusCode> = futures::future::join_all(
        (0..4).map(|_| async { lab.get("/unstable?failure_rate=0.5&seed=42").await.status() }),
    )
    .await;
    assert!(seeded.windows(2).all(|w| w[0] == w[1]), "{seeded:?}");
    problem(lab.get("/unstable?failure_rate=2").await, 400).await;

    let res = lab.get("/delay/0.1").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap()["delayed_seconds"], 0.1);
    // Never up to the handler limit (10 s): /delay/10 would race it.
    let v = problem(lab.get("/delay/10").await, 400).await;
    assert!(v["detail"].as_str().unwrap().contains("from 0 to 9"), "{v}");
}

#[tokio::test]
async fn jobs_go_queued_running_done_and_link_their_result() {
    let lab = start().await;
    let res = lab
        .post_json("/api/jobs", json!({"task": "export", "seconds": 0.6}))
        .await;
    assert_eq!(res.status(), 202);
    let location = header(&res, "location");
    assert!(location.starts_with("/api/jobs/"), "{location}");
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["status"], "queued");

    let mut seen = Vec::new();
    let mut polls = 0;
    let done = loop {
        let v: Value = lab.get(&location).await.json().await.unwrap();
        let status = v["status"].as_str().unwrap().to_string();
        if seen.last() != Some(&status) {
            seen.push(status.clone());
        }
        if status == "done" {
            break v;
        }
        assert!(seen.len() <= 3 && seen.iter().all(|s| s == "queued" || s == "running"));
        assert!(
            lab.get(&format!("{location}/result")).await.status() == 404,
            "no result before done"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
        polls += 1;
        assert!(polls < 200, "the job never finished: {seen:?}");
    };
    let result = done["result"].as_str().unwrap();
    assert_eq!(result, format!("{location}/result"));
    let out = lab.get(result).await;
    assert_eq!(out.status(), 200);
    assert_eq!(out.json::<Value>().await.unwrap()["task"], "export");
    problem(lab.get("/api/jobs/999").await, 404).await;
    problem(
        lab.post_json("/api/jobs", json!({"seconds": -1})).await,
        422,
    )
    .await;
}

#[tokio::test]
async fn cors_preflight_echoes_only_allowed_origins() {
    let lab = start().await;
    let preflight = |origin: &'static str| {
        lab.req(Method::OPTIONS, "/cors/items")
            .header("origin", origin)
            .header("access-control-request-method", "PUT")
            .header(
                "access-control-request-headers",
                "Content-Type, Authorization",
            )
            .send()
    };
    let ok = preflight("http://localhost:3000").await.unwrap();
    assert_eq!(ok.status(), 204);
    assert_eq!(
        header(&ok, "access-control-allow-origin"),
        "http://localhost:3000"
    );
    assert_eq!(header(&ok, "access-control-allow-credentials"), "true");
    assert!(header(&ok, "access-control-allow-methods").contains("PUT"));
    let allow_headers = header(&ok, "access-control-allow-headers");
    assert!(
        allow_headers.contains("content-type") && allow_headers.contains("authorization"),
        "{allow_headers}"
    );
    assert_eq!(header(&ok, "access-control-max-age"), "600");
    assert!(header(&ok, "vary").contains("Origin"));

    let refused = preflight("https://evil.example").await.unwrap();
    assert!(
        refused
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );
    assert!(header(&refused, "vary").contains("Origin"));

    let get = lab
        .req(Method::GET, "/cors/items")
        .header("origin", "http://127.0.0.1:5173")
        .send()
        .await
        .unwrap();
    assert_eq!(get.status(), 200);
    assert_eq!(
        header(&get, "access-control-allow-origin"),
        "http://127.0.0.1:5173"
    );
    assert_eq!(header(&get, "vary"), "Origin");
    let other = lab
        .req(Method::GET, "/cors")
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 200);
    assert!(other.headers().get("access-control-allow-origin").is_none());

    // A plain OPTIONS is still the lab's 204 + Allow.
    let plain = lab.req(Method::OPTIONS, "/cors").send().await.unwrap();
    assert_eq!(plain.status(), 204);
    assert!(header(&plain, "allow").contains("OPTIONS"));
    assert!(plain.headers().get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn upload_describes_each_file_with_its_sha256() {
    let lab = start().await;
    let data = b"id,title\n1,Buy milk\n".to_vec();
    let form = reqwest::multipart::Form::new().text("note", "weekly").part(
        "file",
        reqwest::multipart::Part::bytes(data.clone())
            .file_name("tasks.csv")
            .mime_str("text/csv")
            .unwrap(),
    );
    let res = lab
        .req(Method::POST, "/upload")
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    assert_eq!(
        v["files"],
        json!([{
            "field": "file",
            "filename": "tasks.csv",
            "content_type": "text/csv",
            "size": data.len(),
            "sha256": hex::encode(sha2::Sha256::digest(&data)),
        }])
    );
    assert_eq!(v["fields"]["note"], "weekly");

    let no_boundary = lab
        .req(Method::POST, "/upload")
        .header("content-type", "multipart/form-data")
        .body("--x\r\n")
        .send()
        .await
        .unwrap();
    problem(no_boundary, 400).await;
    let wrong = lab
        .req(Method::POST, "/upload")
        .header("content-type", "text/plain")
        .body("hi")
        .send()
        .await
        .unwrap();
    problem(wrong, 415).await;
    let big = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(vec![b'x'; 1_100_000]).file_name("big.bin"),
    );
    let res = lab
        .req(Method::POST, "/upload")
        .multipart(big)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 413);

    let res = lab
        .req(Method::POST, "/form")
        .header("content-type", "application/x-www-form-urlencoded")
        .body("tag=a&tag=b&name=Ada+Lovelace")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    assert_eq!(
        v["form"],
        json!({"tag": ["a", "b"], "name": ["Ada Lovelace"]})
    );
    let json_to_form = lab.post_json("/form", json!({"a": 1})).await;
    problem(json_to_form, 415).await;
}

#[tokio::test]
async fn sse_sends_ids_and_resumes_from_last_event_id() {
    let lab = start().await;
    let res = lab.get("/sse?count=3&interval=0").await;
    assert_eq!(res.status(), 200);
    assert!(header(&res, "content-type").starts_with("text/event-stream"));
    let body = res.text().await.unwrap();
    for n in 1..=3 {
        assert!(body.contains(&format!("id: {n}\n")), "{body}");
    }
    assert!(body.contains("event: tick\n") && body.contains("event: done\n"));
    assert!(body.contains("data: {\"n\":1,\"of\":3"), "{body}");

    let resumed = lab
        .req(Method::GET, "/sse?count=3&interval=0")
        .header("last-event-id", "1")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !resumed.contains("id: 1\n") && resumed.contains("id: 2\n") && resumed.contains("id: 3\n")
    );
    let finished = lab
        .req(Method::GET, "/sse?count=3")
        .header("last-event-id", "3")
        .send()
        .await
        .unwrap();
    assert_eq!(finished.status(), 204);
}

#[tokio::test]
async fn ndjson_lines_arrive_one_chunk_at_a_time() {
    let lab = start().await;
    let res = lab.get("/stream/3?interval=0.5").await;
    assert_eq!(res.status(), 200);
    assert_eq!(header(&res, "content-type"), "application/x-ndjson");
    assert_eq!(header(&res, "transfer-encoding"), "chunked");
    assert!(res.headers().get("content-length").is_none());
    let mut chunks = res.bytes_stream();
    let first = chunks.next().await.unwrap().unwrap();
    // The first line is sent before the next is even made.
    assert_eq!(first.iter().filter(|b| **b == b'\n').count(), 1);
    let mut rest = first.to_vec();
    while let Some(c) = chunks.next().await {
        rest.extend_from_slice(&c.unwrap());
    }
    let lines: Vec<Value> = String::from_utf8(rest)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[2]["id"], 3);
    problem(lab.get("/stream/0").await, 400).await;
}

/// What the test receiver saw: one entry per request.
type Seen = Arc<Mutex<Vec<(reqwest::header::HeaderMap, Vec<u8>)>>>;

/// A small webhook receiver on port 0 that fails its first call with 500.
async fn receiver() -> (String, Seen) {
    use axum::http::StatusCode as S;
    let seen: Seen = Arc::default();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post({
            let seen = seen.clone();
            move |headers: axum::http::HeaderMap, body: axum::body::Bytes| {
                let seen = seen.clone();
                async move {
                    let mut s = seen.lock().unwrap();
                    s.push((headers, body.to_vec()));
                    if s.len() == 1 {
                        S::INTERNAL_SERVER_ERROR
                    } else {
                        S::NO_CONTENT
                    }
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, seen)
}

#[tokio::test]
async fn webhooks_deliver_signed_events_and_retry_after_failure() {
    let lab = start().await;
    let (url, seen) = receiver().await;

    problem(lab.post_json("/webhooks", json!({})).await, 422).await;
    let remote = lab
        .post_json("/webhooks", json!({"url": "https://example.com/hook"}))
        .await;
    assert_eq!(problem(remote, 403).await["field"], "url");

    let res = lab
        .post_json("/webhooks", json!({"url": url, "secret": "s3cret-key"}))
        .await;
    assert_eq!(res.status(), 201);
    let location = header(&res, "location");
    let hook: Value = res.json().await.unwrap();
    assert_eq!(hook["secret"], "s3cret-key");

    let res = lab
        .req(Method::POST, &format!("{location}/test"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 202);
    let event_id = res.json::<Value>().await.unwrap()["event_id"]
        .as_str()
        .unwrap()
        .to_string();

    // Poll the registration (bounded) until the delivery settles.
    let mut delivery = Value::Null;
    for _ in 0..200 {
        let v: Value = lab.get(&location).await.json().await.unwrap();
        assert!(v.get("secret").is_none(), "the secret is shown only once");
        delivery = v["deliveries"][0].clone();
        if delivery["state"] != "pending" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(delivery["event_id"], event_id);
    assert_eq!(delivery["state"], "delivered", "{delivery}");
    assert_eq!(delivery["attempts"][0]["status"], 500);
    assert_eq!(delivery["attempts"][1]["status"], 204);

    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 2, "one failed attempt, one retry");
    for (headers, body) in seen.iter() {
        let signature = headers["x-backroad-signature"].to_str().unwrap();
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(b"s3cret-key").unwrap();
        mac.update(body);
        let expected = format!("sha256={}", hex::encode(mac.finalize().into_bytes()));
        assert_eq!(signature, expected);
        let event: Value = serde_json::from_slice(body).unwrap();
        assert_eq!(event["id"], event_id);
        assert_eq!(event["type"], "ping");
        assert_eq!(
            headers["x-backroad-timestamp"].to_str().unwrap(),
            event["timestamp"].to_string()
        );
        assert_eq!(headers["content-type"], "application/json");
    }
}

#[tokio::test]
async fn info_and_openapi_document_the_extras() {
    let lab = start().await;
    let info: Value = lab.get("/_lab/info").await.json().await.unwrap();
    assert_eq!(info["extras"]["seed_admin"]["username"], SEED_ADMIN_USER);
    assert_eq!(
        info["extras"]["seed_admin"]["password"],
        SEED_ADMIN_PASSWORD
    );
    assert!(
        info["extras"]["cors_allowed_origins"]
            .as_array()
            .unwrap()
            .contains(&json!("http://localhost:3000"))
    );

    let doc: Value = lab.get("/openapi.json").await.json().await.unwrap();
    let description = doc["info"]["description"].as_str().unwrap();
    assert!(
        description.contains(SEED_ADMIN_USER) && description.contains(SEED_ADMIN_PASSWORD),
        "{description}"
    );
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/auth/register",
        "/auth/login",
        "/auth/me",
        "/admin/stats",
        "/basic-auth/{user}/{pass}",
        "/session/login",
        "/session/me",
        "/session/logout",
        "/cookies",
        "/cookies/set",
        "/cache",
        "/cache/{seconds}",
        "/etag/{tag}",
        "/negotiate",
        "/json",
        "/xml",
        "/html",
        "/redirect/{n}",
        "/redirect-to",
        "/redirect-method/{code}",
        "/redirect-method/target",
        "/ratelimit",
        "/delay/{secs}",
        "/unstable",
        "/flaky",
        "/api/jobs",
        "/api/jobs/{id}",
        "/api/jobs/{id}/result",
        "/cors",
        "/cors/{path}",
        "/upload",
        "/form",
        "/sse",
        "/stream/{n}",
        "/webhooks",
        "/webhooks/{id}",
        "/webhooks/{id}/test",
    ] {
        assert!(paths.contains_key(path), "{path} is not in /openapi.json");
        // Every documented path answers something other than the lab's 404.
        let concrete = path
            .replace("{user}", "a")
            .replace("{pass}", "b")
            .replace("{seconds}", "1")
            .replace("{tag}", "t")
            .replace("{n}", "1")
            .replace("{code}", "302")
            .replace("{secs}", "0")
            .replace("{id}", "1")
            .replace("{path}", "x");
        let res = lab.req(Method::OPTIONS, &concrete).send().await.unwrap();
        assert_eq!(res.status(), 204, "OPTIONS {concrete}");
    }
}
