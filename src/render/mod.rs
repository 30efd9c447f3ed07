//! Rendering a report: text for a person (`text.rs`), JSON for a program (`json.rs`); an
//! inspection as text (`inspect.rs`).

mod inspect;
mod json;
mod text;

pub use inspect::{short as inspection_short, text as inspection};
pub use json::json;
pub use text::{text, TextOptions};
