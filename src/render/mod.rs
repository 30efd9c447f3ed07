//! Rendering a report: text for a person (`text.rs`), JSON for a program (`json.rs`).

mod json;
mod text;

pub use json::json;
pub use text::{text, TextOptions};
