//! Memory under many slow uploads (issue 14): each in-flight body used to be buffered whole,
//! so stalled 1 MiB uploads grew the lab by about 1.4 MB each. Large bodies now wait for one
//! of a few permits, and `/get` keeps answering. Alone in its binary so the process's memory
//! is the lab's.

use backroad::lab::{self, LabConfig, LabState};
use std::time::{Duration, Instant};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

fn rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stalled_uploads_do_not_grow_memory_and_get_still_answers() {
    if !std::path::Path::new("/proc/self/status").exists() {
        eprintln!("SKIPPED: no /proc on this system to read memory from");
        return;
    }
    let state = LabState::new(LabConfig::new(0, None)).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(lab::serve(listener, state, async {
        let _ = rx.await;
    }));
    let http = reqwest::Client::builder().no_proxy().build().unwrap();
    let url = format!("http://{addr}/get");
    assert_eq!(http.get(&url).send().await.unwrap().status(), 200);
    let before = rss_mb();

    // 200 uploads that declare 1 MiB, send 900 KiB and stall.
    // One buffer shared by every client, so the clients add nothing to the memory measured.
    let body: std::sync::Arc<[u8]> = vec![b'x'; 900 * 1024].into();
    let mut held = Vec::new();
    for _ in 0..200 {
        let mut s = TcpStream::connect(addr).await.unwrap();
        let head = format!(
            "POST /post HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: {}\r\n\r\n",
            1 << 20
        );
        let body = body.clone();
        held.push(tokio::spawn(async move {
            let _ = s.write_all(head.as_bytes()).await;
            let _ = tokio::time::timeout(Duration::from_secs(4), s.write_all(&body)).await;
            // Hold the connection open, stalled.
            tokio::time::sleep(Duration::from_secs(8)).await;
            drop(s);
        }));
    }
    tokio::time::sleep(Duration::from_secs(3)).await;
    let start = Instant::now();
    let res = http.get(&url).send().await.unwrap();
    let took = start.elapsed();
    let grown = rss_mb() - before;
    assert_eq!(res.status(), 200);
    assert!(took < Duration::from_secs(1), "/get took {took:?}");
    // 200 × 900 KiB would be 176 MB; 32 permits bound it near 32 MB.
    assert!(grown < 80.0, "memory grew by {grown:.0} MB");
    for h in held {
        h.abort();
    }
    let _ = tx.send(());
}
