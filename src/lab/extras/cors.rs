//! CORS (in progress).

use crate::lab::LabState;
use axum::Router;

pub(super) const ALLOWED_ORIGINS: [&str; 2] = ["http://localhost:3000", "http://127.0.0.1:5173"];

pub(super) fn routes() -> Router<LabState> {
    Router::new()
}
