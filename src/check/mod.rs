//! The checker: the assertion language, its evaluator, the exercise runners and the reports.
//!
//! - [`assert`]: parsing `status == 201`, `jsonpath "$.id" exists`... (pure).
//! - [`eval`]: evaluating assertions and captures over an exchange (pure).

pub mod assert;
pub mod eval;
