//! `certchain connect`: fetch the chain a TLS server presents and verify it. The
//! connection, its failures and its rendering live in `certchain::connect`; this file
//! only maps options and prints.

use super::options::{exit_for, print_out, CheckArgs, Format, OutputArgs};
use super::Exit;
use certchain::connect::{self, ConnectOptions, Sni, Starttls, Target, TraceEvent};
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
     usage or input error
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
    /// Write the presented chain, in the order sent, to FILE as PEM.
    #[arg(long, value_name = "FILE")]
    pub save_chain: Option<String>,
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

/// The JSON output: one object, the connection then the report, fields in order.
#[derive(Serialize)]
struct JsonDoc<'a> {
    connection: &'a connect::Capture,
    report: &'a certchain::Report,
}

/// Run `certchain connect`.
pub fn run(args: &ConnectArgs, check: &CheckArgs, output: &OutputArgs) -> Result<Exit, String> {
    let target: Target = args
        .target
        .parse()
        .map_err(|e: connect::ConnectError| e.to_string())?;
    if !(args.timeout > 0.0 && args.timeout <= MAX_TIMEOUT_SECS) {
        return Err(format!(
            "--timeout {}: must be more than 0 and at most {MAX_TIMEOUT_SECS} seconds",
            args.timeout
        ));
    }
    // The leaf must name what was connected to unless --host or --email says otherwise:
    // the DNS name, or for an IP literal the address (an iPAddress SAN).
    let mut check = check.clone();
    if check.host.is_none() && check.email.is_none() {
        check.host = Some(target.host.clone());
    }
    // Load the trust store and policy first: a bad --roots fails before any traffic.
    let setup = check.build()?;
    let opts = ConnectOptions {
        sni: match (&args.sni, args.no_sni) {
            (Some(n), _) => Sni::Name(n.clone()),
            (None, true) => Sni::Off,
            (None, false) => Sni::FromHost,
        },
        timeout: Duration::from_secs_f64(args.timeout),
        starttls: args.starttls.map(Into::into),
        trace: args.trace,
        ..ConnectOptions::default()
    };
    let text = output.format == Format::Text;
    let mut live = |e: &TraceEvent| {
        if text {
            print_out(&format!("{e}\n"));
        }
    };
    let capture =
        connect::fetch_chain_with(&target, &opts, &mut live).map_err(|e| e.to_string())?;
    if let Some(file) = &args.save_chain {
        std::fs::write(file, capture.presented_pem())
            .map_err(|e| format!("--save-chain {file}: {e}"))?;
    }
    let report = setup
        .verifier
        .verify(&capture.presented, &setup.extra, setup.name.as_ref());
    match output.format {
        Format::Json => {
            let doc = JsonDoc {
                connection: &capture,
                report: &report,
            };
            print_out(&format!(
                "{}\n",
                serde_json::to_string_pretty(&doc)
                    .expect("a capture and a report always serialise")
            ));
            Ok(exit_for(&report))
        }
        Format::Text => {
            if args.trace {
                print_out("\n");
            }
            print_out(&format!(
                "{}\n",
                connect::render_connection(&capture, output.use_color())
            ));
            Ok(output.emit(&report, &setup.store_label))
        }
    }
}
