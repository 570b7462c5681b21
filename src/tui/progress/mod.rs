//! The Progress screen: lessons done, exercises passed, time studied and a heat map of study
//! days. It has no state or keys of its own (the app-wide keys apply); drawing is in [`view`].

pub mod due;
pub mod view;
