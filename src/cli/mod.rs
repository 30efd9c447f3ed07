//! Command-line parsing and the `verify` command. Everything printed comes from the
//! library's `Report` (text through `certchain::render`, JSON through serde).

mod batch;
mod completions;
mod connect;
mod fullchain;
mod inspect;
mod options;
mod roots;
mod serve;

use clap::{CommandFactory, Parser, Subcommand};
use options::{CheckArgs, Format, OutputArgs};
use serde::Serialize;
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
        ExitCode::from(match e {
            Exit::Valid => 0,
            Exit::Invalid => 1,
            Exit::Error => 2,
            Exit::ValidWithWarning => 3,
        })
    }
}

const EXIT_CODES_HELP: &str = "Exit codes:
  0  the chain is valid
  1  the chain is invalid (the report says which certificate failed and why)
  2  usage or input error (unreadable file, bad PEM/DER, ...): nothing was verified; with
     --format json, stdout holds {\"error\": {\"kind\", \"message\"}}
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
    /// Verify a certificate chain from a file (PEM bundle, DER, PKCS#7 or PKCS#12) or stdin.
    #[command(after_help = EXIT_CODES_HELP)]
    Verify {
        /// The chain: a path or `-` for stdin. PEM bundle (leaf first, then the
        /// intermediates in any order), one DER certificate, a PKCS#7 bundle (.p7b, .p7c)
        /// or a PKCS#12 archive (.p12, .pfx; see --password-file), told by content.
        chain: String,
        /// Write the chain a server should send (its fullchain.pem) to FILE as PEM: the
        /// leaf, then the intermediates of the built path in path order, each once,
        /// without the trust anchor or unused certificates. `-` writes it to stdout and
        /// the report to stderr. Written whenever the path reached a trust anchor, even if
        /// the chain is invalid for another reason; otherwise a note on stderr says why not.
        #[arg(long, value_name = "FILE")]
        emit_fullchain: Option<String>,
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
    /// Serve the verifier over HTTP/JSON: POST /v1/verify (the report of `verify
    /// --format json`), /v1/inspect, /v1/batch, GET /healthz, /metrics, /v1/roots (see
    /// docs/api.md). The verify options are the defaults of every request; the trust
    /// store loads at start and again on SIGHUP; SIGTERM stops after the requests in
    /// flight. Exit 2 when it cannot start.
    Serve {
        #[command(flatten)]
        args: serve::ServeArgs,
        #[command(flatten)]
        check: CheckArgs,
    },
    /// Verify many chains: JSONL lines, a directory of PEM files or stdin in; one JSON
    /// result per chain out on stdout, in input order ({"id", "verdict", "codes"}, or
    /// {"id", "error"}); the counts per verdict and per code on stderr. Every verify
    /// option applies to every chain; a line's "host", "purpose" and "at" override them.
    #[command(after_help = batch::EXIT_CODES_HELP)]
    Batch {
        #[command(flatten)]
        args: batch::BatchArgs,
        #[command(flatten)]
        check: CheckArgs,
    },
    /// Show every certificate of a file, stdin or a server's chain, and lint each alone.
    ///
    /// Each certificate readable: subject, issuer, serial, validity with the time left,
    /// key, signature algorithm, SANs, key usages, constraints, policies, AIA, CRL
    /// distribution points, key identifiers, SCTs, fingerprints, unknown extensions. Its
    /// lint findings: the rules `verify` applies to one certificate, in the role its
    /// content implies (self-signed CA: root, other CA: intermediate, else leaf), with the
    /// same codes and clauses. No path is built and no trust store is read.
    #[command(after_help = inspect::EXIT_CODES_HELP)]
    Inspect {
        #[command(flatten)]
        args: inspect::InspectArgs,
    },
    /// The trust anchors of the bundled, system or given stores: list them (with
    /// --expiring, those expiring soon), find one by name or fingerprint, export as PEM.
    #[command(after_help = roots::EXIT_CODES_HELP)]
    Roots {
        #[command(subcommand)]
        action: roots::RootsCommand,
    },
    /// Print the shell completion script for SHELL on stdout, e.g.
    /// `certchain completions bash > /etc/bash_completion.d/certchain`.
    Completions {
        /// The shell to complete in.
        #[arg(value_enum, value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
    /// Print the man page in roff on stdout: certchain(1), or with COMMAND
    /// certchain-COMMAND(1) with all its options, e.g. `certchain man verify >
    /// certchain-verify.1 && man ./certchain-verify.1`.
    Man {
        /// The command whose page to print (verify, connect, serve, batch, inspect, roots, completions, man); without
        /// it, the page of certchain itself, which lists the commands.
        command: Option<String>,
    },
}

/// Why nothing was verified (exit 2). `kind` is stable: it is the `error.kind` of the
/// JSON output, documented in the README.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CliError {
    /// What went wrong: see [`ErrorKind`].
    pub kind: ErrorKind,
    /// One line, naming the file, option or target.
    pub message: String,
}

/// The kinds of error, as `error.kind` in JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The command line is wrong: an unknown option, a bad --at, --host, --timeout or
    /// target, ...
    Usage,
    /// An input file (chain, --intermediates, --roots, --crl) cannot be read or parsed.
    Input,
    /// `connect`: no TCP connection or no TLS answer (resolution, refused, timeout, not
    /// TLS, closed, STARTTLS refused).
    Connection,
    /// `connect`: the TLS handshake failed (an alert, no common version or parameters, a
    /// protocol error) or gave no usable certificate.
    Tls,
    /// An output file (--save-chain, --emit-fullchain) cannot be written.
    Output,
}

impl CliError {
    /// A usage error.
    pub fn usage(message: impl Into<String>) -> Self {
        CliError {
            kind: ErrorKind::Usage,
            message: message.into(),
        }
    }
}

impl From<certchain::InputError> for CliError {
    fn from(e: certchain::InputError) -> Self {
        let hint = match e {
            certchain::InputError::Password { .. } => format!(
                "; give it with --password-file FILE or {}",
                options::PASSWORD_ENV
            ),
            _ => String::new(),
        };
        CliError {
            kind: ErrorKind::Input,
            message: format!("{e}{hint}"),
        }
    }
}

/// The JSON printed on stdout for an error with `--format json`.
#[derive(Serialize)]
struct JsonError<'a> {
    error: JsonErrorBody<'a>,
}

#[derive(Serialize)]
struct JsonErrorBody<'a> {
    kind: ErrorKind,
    message: &'a str,
}

/// Print an error: one `error:` line on stderr and, with `--format json`, one JSON object
/// `{"error": {"kind", "message"}}` on stdout (on stderr too when stdout carries the
/// saved chain).
fn report_error(e: &CliError, json: bool, json_to_stderr: bool) {
    eprintln!("error: {}", e.message);
    if json {
        print_json_error(e, json_to_stderr);
    }
}

fn print_json_error(e: &CliError, to_stderr: bool) {
    let doc = JsonError {
        error: JsonErrorBody {
            kind: e.kind,
            message: &e.message,
        },
    };
    // A kind and a string always serialise; were it ever not so, the `error:` line
    // already printed on stderr still says what went wrong.
    let Ok(json) = serde_json::to_string_pretty(&doc) else {
        return;
    };
    let text = format!("{json}\n");
    if to_stderr {
        options::print_err(&text);
    } else {
        options::print_out(&text);
    }
}

/// Whether the raw command line asks for JSON, for errors met before clap has parsed it.
fn wants_json(args: &[std::ffi::OsString]) -> bool {
    args.iter().enumerate().any(|(i, a)| {
        a == "--format=json"
            || (a == "--format"
                && i.checked_add(1)
                    .and_then(|n| args.get(n))
                    .is_some_and(|v| v == "json"))
    })
}

/// Parse the command line and run; returns the process exit code.
pub fn run() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind as K;
            if e.use_stderr()
                && wants_json(&args)
                && !matches!(e.kind(), K::DisplayHelp | K::DisplayVersion)
            {
                // clap's own message on stderr; its first paragraph, on one line, as the
                // JSON message: "the following required arguments were not provided: <CHAIN>".
                let _ = e.print();
                let text = e.to_string();
                let first: Vec<&str> = text
                    .lines()
                    .take_while(|l| !l.trim().is_empty())
                    .map(str::trim)
                    .collect();
                let joined = first.join(" ");
                let message = joined.strip_prefix("error: ").unwrap_or(&joined);
                print_json_error(&CliError::usage(message), false);
                return Exit::Error.into();
            }
            e.exit()
        }
    };
    let (result, output) = match cli.command {
        Command::Verify {
            chain,
            emit_fullchain,
            check,
            mut output,
        } => {
            // `--emit-fullchain -`: stdout carries the chain, everything else goes to stderr.
            output.to_stderr = emit_fullchain.as_deref() == Some("-");
            (
                verify(&chain, emit_fullchain.as_deref(), &check, &output),
                output,
            )
        }
        Command::Connect {
            args,
            mut output,
            check,
        } => {
            // `--save-chain -`: stdout carries the chain, everything else goes to stderr.
            output.to_stderr = args.save_chain.as_deref() == Some("-");
            (connect::run(&args, &check, &output), output)
        }
        Command::Serve { args, check } => (serve::run(&args, &check), plain_output()),
        Command::Batch { args, check } => (batch::run(&args, &check), plain_output()),
        Command::Inspect { args } => (inspect::run(&args), args.output()),
        Command::Roots { action } => (roots::run(&action), action.output()),
        Command::Completions { shell } => (
            completions::completions(Cli::command(), shell),
            plain_output(),
        ),
        Command::Man { command } => (
            completions::man(Cli::command(), command.as_deref()),
            plain_output(),
        ),
    };
    match result {
        Ok(code) => code.into(),
        Err(e) => {
            report_error(&e, output.format == Format::Json, output.to_stderr);
            Exit::Error.into()
        }
    }
}

/// The output settings of a command without `--format` (completions, man): its errors
/// are one `error:` line on stderr.
fn plain_output() -> OutputArgs {
    OutputArgs {
        format: Format::Text,
        color: options::ColorChoice::Never,
        to_stderr: false,
    }
}

fn verify(
    chain: &str,
    emit_fullchain: Option<&str>,
    check: &CheckArgs,
    output: &OutputArgs,
) -> Result<Exit, CliError> {
    let presented = certchain::load_all_with(
        chain,
        certchain::SourceKind::Presented,
        &check.password.load_options()?,
    )?;
    let mut setup = check.build()?;
    setup.skipped.splice(0..0, presented.skipped);
    let report = setup.verify(&presented.certs);
    let note = match emit_fullchain {
        Some(dest) => fullchain::emit(&report, dest)?,
        None => None,
    };
    let exit = output.emit(&report, &setup.store_label, &setup.skipped, None)?;
    if let Some(note) = note {
        options::print_err(&note);
    }
    Ok(exit)
}
