//! Command-line parsing and the `verify` command. Everything printed comes from the
//! library's `Report` (text through `certchain::render`, JSON through serde).

mod connect;
mod options;

use clap::{Parser, Subcommand};
use options::{CheckArgs, OutputArgs};
use std::process::ExitCode;

/// Exit codes, as documented in `--help` and the README.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// The chain is valid.
    Valid = 0,
    /// The chain is invalid.
    Invalid = 1,
    /// Usage or input error: nothing was verified.
    Error = 2,
    /// Valid, but a --warn-days threshold was hit.
    ValidWithWarning = 3,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        ExitCode::from(e as u8)
    }
}

const EXIT_CODES_HELP: &str = "Exit codes:
  0  the chain is valid
  1  the chain is invalid (the report says which certificate failed and why)
  2  usage or input error (unreadable file, bad PEM/DER, ...): nothing was verified
  3  valid, but a certificate expires within --warn-days";

/// Certificate chain verification that says exactly which certificate failed and why.
#[derive(Parser, Debug)]
#[command(name = "certchain", version, after_help = EXIT_CODES_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Verify a certificate chain from a file (PEM bundle or DER) or stdin.
    #[command(after_help = EXIT_CODES_HELP)]
    Verify {
        /// The chain: a path or `-` for stdin. PEM bundle (leaf first, then the
        /// intermediates in any order) or one DER certificate.
        chain: String,
        #[command(flatten)]
        check: CheckArgs,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Connect to a TLS server, capture the chain it presents and verify it: prints the
    /// connection (address, timings, version, cipher suite, chain as sent) and the same
    /// report as `verify`. The leaf is checked against HOST (a name, or for an IP address
    /// its iPAddress SAN) unless --host or --email says otherwise. Exit 2 when no chain
    /// could be fetched (the error names why).
    #[command(after_help = connect::EXIT_CODES_HELP)]
    Connect {
        #[command(flatten)]
        args: connect::ConnectArgs,
        #[command(flatten)]
        check: CheckArgs,
        #[command(flatten)]
        output: OutputArgs,
    },
}

/// Parse the command line and run; returns the process exit code.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Verify {
            chain,
            check,
            output,
        } => verify(&chain, &check, &output),
        Command::Connect {
            args,
            check,
            output,
        } => connect::run(&args, &check, &output),
    };
    match result {
        Ok(code) => code.into(),
        Err(msg) => {
            eprintln!("error: {msg}");
            Exit::Error.into()
        }
    }
}

fn verify(chain: &str, check: &CheckArgs, output: &OutputArgs) -> Result<Exit, String> {
    let presented = certchain::load::load_certificates(chain, certchain::SourceKind::Presented)
        .map_err(|e| e.to_string())?;
    let setup = check.build()?;
    let report = setup
        .verifier
        .verify(&presented, &setup.extra, setup.name.as_ref());
    Ok(output.emit(&report, &setup.store_label))
}
