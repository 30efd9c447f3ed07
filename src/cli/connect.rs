//! `certchain connect`: fetch the chain a TLS server presents and verify it. The
//! connection, its failures and its rendering live in `certchain::connect`; this file
//! only maps options and prints.

use super::options::{exit_for, CheckArgs, Format, OutputArgs};
use super::{CliError, ErrorKind, Exit};
use certchain::connect::{self, ConnectOptions, Sni, Starttls, Target, TraceEvent};
use certchain::SkippedBlock;
use clap::{Args, ValueEnum};
use serde::Serialize;

use std::time::Duration;

/// Longest --timeout accepted: an hour is far beyond any handshake and keeps the value
/// clear of Duration overflow.
const MAX_TIMEOUT_SECS: f64 = 3600.0;

/// The exit codes of `connect`: 2 also covers every way of not getting a chain.
pub const EXIT_CODES_HELP: &str = "Exit codes:
  0  the chain is valid
  1  the chain is invalid (the report says which certificate failed and why)
  2  no chain was fetched (name resolution, connection refused, timeout, not TLS, a TLS
     alert, no common version or cipher suite, ...: one `error:` line says which), or a
     usage or input error; with --format json, stdout holds
     {\"error\": {\"kind\": \"connection\"|\"tls\"|\"usage\"|\"input\"|\"output\", \"message\"}}
  3  valid, but a certificate expires within --warn-days";

/// How to reach the server.
#[derive(Args, Debug, Clone)]
pub struct ConnectArgs {
    /// The server: HOST[:PORT] (port 443 by default). HOST is a DNS name or an IP
    /// address; write an IPv6 address with a port as [ADDRESS]:PORT.
    #[arg(value_name = "HOST[:PORT]")]
    pub target: String,
    /// Send this name in SNI instead of HOST.
    #[arg(long, value_name = "NAME", conflicts_with = "no_sni")]
    pub sni: Option<String>,
    /// Send no SNI at all.
    #[arg(long)]
    pub no_sni: bool,
    /// Give up after this many seconds (name resolution, connect, STARTTLS and the
    /// handshake together).
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
    pub timeout: f64,
    /// Write the presented chain, in the order sent, to FILE as PEM; `-` writes it to
    /// stdout and the report (text or JSON) to stderr, so that
    /// `certchain connect HOST --save-chain - | certchain verify -` works.
    #[arg(long, value_name = "FILE")]
    pub save_chain: Option<String>,
    /// Print the chain as received, in the order sent, as PEM (each certificate under a
    /// `# [N] SUBJECT` comment line, as `openssl s_client -showcerts` does) before the
    /// report. With --format json or --save-chain -, it goes to stderr.
    #[arg(long)]
    pub showcerts: bool,
    /// Print each observed step of the connection with its time (in JSON: a `trace`
    /// array in `connection`).
    #[arg(long)]
    pub trace: bool,
    /// Speak this protocol in the clear first and upgrade with its STARTTLS command.
    #[arg(long, value_enum, value_name = "PROTOCOL")]
    pub starttls: Option<StarttlsArg>,
}

/// Protocols with a STARTTLS upgrade.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum StarttlsArg {
    /// SMTP (RFC 3207), usually port 25 or 587.
    Smtp,
    /// IMAP (RFC 9051), usually port 143.
    Imap,
    /// PostgreSQL's SSLRequest, usually port 5432.
    Postgres,
}

impl From<StarttlsArg> for Starttls {
    fn from(a: StarttlsArg) -> Starttls {
        match a {
            StarttlsArg::Smtp => Starttls::Smtp,
            StarttlsArg::Imap => Starttls::Imap,
            StarttlsArg::Postgres => Starttls::Postgres,
        }
    }
}

/// The JSON output: one object, the connection then the report, fields in order; then
/// what was skipped in --intermediates and a hint, when there are any.
#[derive(Serialize)]
struct JsonDoc<'a> {
    connection: &'a connect::Capture,
    report: &'a certchain::Report,
    #[serde(skip_serializing_if = "<[SkippedBlock]>::is_empty")]
    skipped_blocks: &'a [SkippedBlock],
    #[serde(skip_serializing_if = "Option::is_none")]
    hint: Option<&'a str>,
}

impl From<connect::ConnectError> for CliError {
    fn from(e: connect::ConnectError) -> Self {
        use connect::FailureKind as F;
        CliError {
            kind: match e.kind() {
                F::Usage => ErrorKind::Usage,
                F::Connection => ErrorKind::Connection,
                F::Tls => ErrorKind::Tls,
            },
            message: e.to_string(),
        }
    }
}

/// When the name checked is a DNS name but the target is an IP address, no SNI was sent
/// (RFC 6066 3 allows only DNS names there), so a server that picks its certificate by
/// SNI showed its default one: say how to send the name.
fn sni_hint(
    target: &Target,
    args: &ConnectArgs,
    check: &CheckArgs,
    report: &certchain::Report,
) -> Option<String> {
    let host = check.host.as_deref()?;
    let no_sni_sent = target.ip().is_some() && args.sni.is_none() && !args.no_sni;
    let dns_name = host.parse::<std::net::IpAddr>().is_err();
    (no_sni_sent && dns_name && report.has(certchain::Code::NameMismatch)).then(|| {
        format!(
            "no SNI was sent because {} is an IP address; a server that chooses its \
             certificate by name may have sent its default one. `--sni {host}` sends {host}.",
            target.host
        )
    })
}

/// The presented chain as `--showcerts` prints it: PEM blocks in the order sent, each
/// under a comment line with its position (1 = first sent) and subject.
fn showcerts(capture: &connect::Capture) -> String {
    capture
        .presented
        .iter()
        .enumerate()
        .map(|(i, c)| {
            format!(
                "# [{}] {}\n{}",
                i.saturating_add(1),
                c.cert.subject(),
                c.cert.to_pem()
            )
        })
        .collect()
}

/// The connection options of the command line (`connect`, and `inspect HOST[:PORT]`):
/// SNI, a timeout within bounds, STARTTLS, whether to trace.
pub(super) fn options(
    sni: Option<&str>,
    no_sni: bool,
    timeout: f64,
    starttls: Option<StarttlsArg>,
    trace: bool,
) -> Result<ConnectOptions, CliError> {
    if !(timeout > 0.0 && timeout <= MAX_TIMEOUT_SECS) {
        return Err(CliError::usage(format!(
            "--timeout {timeout}: must be more than 0 and at most {MAX_TIMEOUT_SECS} seconds"
        )));
    }
    Ok(ConnectOptions {
        sni: match (sni, no_sni) {
            (Some(n), _) => Sni::Name(n.to_string()),
            (None, true) => Sni::Off,
            (None, false) => Sni::FromHost,
        },
        timeout: Duration::from_secs_f64(timeout),
        starttls: starttls.map(Into::into),
        trace,
        ..ConnectOptions::default()
    })
}

/// Run `certchain connect`.
pub fn run(args: &ConnectArgs, check: &CheckArgs, output: &OutputArgs) -> Result<Exit, CliError> {
    let target: Target = args.target.parse::<Target>()?;
    let opts = options(
        args.sni.as_deref(),
        args.no_sni,
        args.timeout,
        args.starttls,
        args.trace,
    )?;
    // The leaf must name what was connected to unless --host or --email says otherwise:
    // the DNS name, or for an IP literal the address (an iPAddress SAN).
    let given = check;
    let mut check = check.clone();
    if check.host.is_none() && check.email.is_none() {
        check.host = Some(target.host.clone());
    }
    // Load the trust store and policy first: a bad --roots fails before any traffic.
    let setup = check.build()?;
    let text = output.format == Format::Text;
    let mut live = |e: &TraceEvent| {
        if text {
            output.print(&format!("{e}\n"));
        }
    };
    let capture = connect::fetch_chain_with(&target, &opts, &mut live)?;
    match args.save_chain.as_deref() {
        Some("-") => super::options::print_out(&capture.presented_pem()),
        Some(file) => std::fs::write(file, capture.presented_pem()).map_err(|e| CliError {
            kind: ErrorKind::Output,
            message: format!("--save-chain {file}: {e}"),
        })?,
        None => {}
    }
    // The server was asked for a stapled OCSP response (rustls always asks): judge it,
    // and hold a Must-Staple leaf to it.
    let mut policy = setup.verifier.policy().clone();
    policy.staple_requested = true;
    policy
        .ocsp_responses
        .extend(capture.staple().map(std::sync::Arc::new));
    let verifier = setup.verifier.with_policy(policy);
    let report = setup.verify_with(&verifier, &capture.presented);
    let hint = sni_hint(&target, args, given, &report);
    match output.format {
        Format::Json => {
            if args.showcerts {
                // Stdout holds only the JSON document: the PEM goes to stderr.
                super::options::print_err(&showcerts(&capture));
            }
            let doc = JsonDoc {
                connection: &capture,
                report: &report,
                skipped_blocks: &setup.skipped,
                hint: hint.as_deref(),
            };
            output.print(&format!("{}\n", super::options::to_json(&doc)?));
            Ok(exit_for(&report))
        }
        Format::Text => {
            if args.trace {
                output.print("\n");
            }
            output.print(&format!(
                "{}\n",
                connect::render_connection(&capture, output.use_color())
            ));
            if args.showcerts {
                output.print(&format!("{}\n", showcerts(&capture)));
            }
            output.emit(&report, &setup.store_label, &setup.skipped, hint.as_deref())
        }
    }
}
