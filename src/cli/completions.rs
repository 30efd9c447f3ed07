//! `certchain completions SHELL` and `certchain man [COMMAND]`: the shell completion
//! scripts (clap_complete) and the man pages in roff (clap_mangen), both generated from
//! the same clap definition as `--help`, so they never drift from the options.

use super::{options, CliError, ErrorKind, Exit};

/// `certchain completions SHELL`: the completion script for SHELL on stdout.
pub fn completions(mut cmd: clap::Command, shell: clap_complete::Shell) -> Result<Exit, CliError> {
    let name = cmd.get_name().to_owned();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, name, &mut script);
    print_bytes(script)
}

/// `certchain man`: the man page certchain(1), which lists the commands;
/// `certchain man COMMAND`: certchain-COMMAND(1), with all of that command's options.
pub fn man(cmd: clap::Command, command: Option<&str>) -> Result<Exit, CliError> {
    // Building gives each subcommand its display name, `certchain-verify`.
    let mut cmd = cmd.disable_help_subcommand(true);
    cmd.build();
    let page = match command {
        None => cmd,
        Some(name) => cmd
            .find_subcommand(name)
            .cloned()
            .ok_or_else(|| {
                let known: Vec<&str> = cmd.get_subcommands().map(clap::Command::get_name).collect();
                CliError::usage(format!(
                    "man: no command '{name}' (one of: {})",
                    known.join(", ")
                ))
            })?
            .version(env!("CARGO_PKG_VERSION")),
    };
    let mut roff = Vec::new();
    clap_mangen::Man::new(page)
        .source(concat!("certchain ", env!("CARGO_PKG_VERSION")))
        .render(&mut roff)
        .map_err(|e| output_error(&e.to_string()))?;
    print_bytes(roff)
}

fn print_bytes(bytes: Vec<u8>) -> Result<Exit, CliError> {
    let text = String::from_utf8(bytes).map_err(|e| output_error(&e.to_string()))?;
    options::print_out(&text);
    Ok(Exit::Valid)
}

fn output_error(why: &str) -> CliError {
    CliError {
        kind: ErrorKind::Output,
        message: format!("stdout: {why}"),
    }
}
