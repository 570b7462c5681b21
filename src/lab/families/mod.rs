//! The lab's endpoint families: the registry.
//!
//! A family is one module that owns a group of endpoints: its routes and their OpenAPI
//! description (one [`Api::route`] call registers both, so neither can drift from the other)
//! and, if it keeps any, its state and how that state goes back to the seed on
//! `POST /_lab/reset` (the [`Part`] trait).
//!
//! Adding a family: write `families/NAME.rs` with `pub(super) fn api(api: &mut Api)`, and add
//! one line to the `registry!` list below (`NAME,` or `NAME: StateType,`). Nothing else: the
//! router, `/openapi.json` and reset all read this list.

mod auth;
mod caching;
mod cookies;
mod cors;
mod counter;
mod echo;
mod flaky;
mod jobs;
mod meta;
mod negotiate;
pub(crate) mod ops;
mod ratelimit;
mod redirect;
mod session;
mod status;
mod stream;
mod tasks;
mod upload;
mod webhooks;

pub use auth::{SEED_ADMIN_PASSWORD, SEED_ADMIN_USER};
pub(crate) use cors::ALLOWED_ORIGINS;

use super::{LabConfig, LabError, LabState, Trace};
use axum::Router;
use axum::routing::MethodRouter;
use serde_json::{Map, Value};

/// The state a family keeps between requests.
pub(crate) trait Part: Send + Sync + 'static {
    /// Fresh state with the seed data.
    fn open(config: &LabConfig) -> Result<Self, LabError>
    where
        Self: Sized;
    /// Back to the seed data (`POST /_lab/reset`), recording what it did in `trace`.
    fn reset(&self, trace: &Trace);
}

/// Routes and their OpenAPI path items, built together.
#[derive(Default)]
pub(crate) struct Api {
    router: Router<LabState>,
    paths: Map<String, Value>,
}

impl Api {
    /// Serve `methods` on `path` (axum syntax) and document it with `doc`, an OpenAPI path
    /// item (`{"get": {...}, ...}`). A catch-all `{*rest}` is documented as `{rest}`.
    pub(crate) fn route(&mut self, path: &str, methods: MethodRouter<LabState>, doc: Value) {
        self.router = std::mem::take(&mut self.router).route(path, methods);
        self.paths.insert(path.replace("{*", "{"), doc);
    }

    /// The routes, for the router.
    pub(crate) fn into_router(self) -> Router<LabState> {
        self.router
    }

    /// The path items, for `/openapi.json`.
    pub(crate) fn into_paths(self) -> Map<String, Value> {
        self.paths
    }
}

/// The families, in the order `/openapi.json` lists them. `name` is a stateless family,
/// `name: Type` one whose state is `Type` (a [`Part`]), reached as `state.parts().name`.
macro_rules! registry {
    ($($family:ident $(: $part:ty)?),* $(,)?) => {
        /// Every family's state, one field per stateful family.
        pub(crate) struct Parts {
            $($(pub(crate) $family: $part,)?)*
        }

        impl Parts {
            /// Fresh state for every family.
            pub(crate) fn open(config: &LabConfig) -> Result<Self, LabError> {
                Ok(Self { $($($family: <$part as Part>::open(config)?,)?)* })
            }

            /// Every family back to its seed data.
            pub(crate) fn reset(&self, trace: &Trace) {
                $($(<$part as Part>::reset(&self.$family, trace);)?)*
            }
        }

        /// Every family's routes and documentation.
        pub(crate) fn api() -> Api {
            let mut api = Api::default();
            $($family::api(&mut api);)*
            api
        }
    };
}

registry! {
    echo,
    status,
    counter: counter::Counter,
    tasks: tasks::Tasks,
    ops,
    meta,
    auth: auth::AuthState,
    session: session::Sessions,
    cookies,
    caching: caching::CacheState,
    negotiate,
    redirect,
    ratelimit: ratelimit::Limits,
    flaky: flaky::FlakyState,
    jobs: jobs::Jobs,
    cors,
    upload,
    stream,
    webhooks: webhooks::Webhooks,
}
