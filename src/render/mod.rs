//! Rendering a report: text for a person (`text.rs`), JSON for a program (`json.rs`).
// Panics that input could reach are denied here (see [workspace.lints] in Cargo.toml).
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

mod json;
mod text;

pub use json::json;
pub use text::{text, TextOptions};
