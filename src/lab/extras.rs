//! The lab's extra endpoint groups (auth, sessions, caching, negotiation, redirects, rate
//! limiting, flaky/slow, jobs, CORS, uploads, streaming, webhooks), merged by [`super::router`].

use super::LabState;
use axum::Router;

/// State the extra groups keep between requests. Cheap to clone (share inside with `Arc`).
#[derive(Debug, Clone, Default)]
pub struct ExtrasState {}

impl ExtrasState {
    /// Back to the seed data (`POST /_lab/reset`).
    pub fn reset(&self) {}
}

/// The extra groups' routes.
pub fn routes() -> Router<LabState> {
    Router::new()
}
