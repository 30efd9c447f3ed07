//! The `certchain` command: a thin layer over the library's `Report`.
#![forbid(unsafe_code)]

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
