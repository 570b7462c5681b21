//! The assertion engine and exercise checks. (Built by the exercises issue.)
