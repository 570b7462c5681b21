//! A bare hello-world axum server: the baseline `benches/lab.sh` compares the lab against.
//!
//! `cargo run --release --example hello [PORT]` (port 0, the default, picks a free one); prints
//! its URL on the first line.

use axum::Router;
use axum::routing::get;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let port: u16 = std::env::args()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    let app = Router::new().route("/", get(|| async { "Hello, World!" }));
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!("http://{}", listener.local_addr()?);
    axum::serve(listener, app).await
}
