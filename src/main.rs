//! The `certchain` command: a thin layer over the library's `Report`.
#![forbid(unsafe_code)]
// Panics that input could reach are denied here (see [workspace.lints] in Cargo.toml).
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
