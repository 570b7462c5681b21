//! upload (in progress).

use crate::lab::LabState;
use axum::Router;

pub(super) fn routes() -> Router<LabState> {
    Router::new()
}
