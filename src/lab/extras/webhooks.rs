//! webhooks (in progress).

use crate::lab::LabState;
use axum::Router;

#[derive(Default)]
pub(super) struct Webhooks {}
impl Webhooks {
    pub(super) fn reset(&self) {}
    pub(super) fn count(&self) -> usize {
        0
    }
}

pub(super) fn routes() -> Router<LabState> {
    Router::new()
}
