//! `certchain inspect`: every certificate of a file, stdin or a live server's chain,
//! readable, with its lint findings (`certchain::Inspection`). This file only reads the
//! input, maps options and prints.

use super::connect::StarttlsArg;
use super::options::{parse_time, print_out, skipped_note, to_json, ColorChoice, OutputArgs};
use super::{CliError, ErrorKind, Exit};
use certchain::connect::{self, Capture, Target};
use certchain::{
    CheckTime, Inspection, Policy, Profile, Purpose, SkippedBlock, SourceKind, SourcedCert,
    TextOptions,
};
use clap::{Args, ValueEnum};
use serde::Serialize;

/// The exit codes of `inspect`.
pub const EXIT_CODES_HELP: &str = "Exit codes:
  0  no certificate has a lint error (warnings allowed); always 0 with --format pem
  1  some certificate has a lint error (its block says which rule, with the clause)
  2  usage or input error (unreadable file, bad PEM/DER, no chain from the server, ...):
     nothing was inspected; with --format json, stdout holds {\"error\": {\"kind\", \"message\"}}";

/// File name endings that mark an argument as a file even when it does not exist, so a
/// mistyped file name is reported as a missing file, not looked up as a host.
const FILE_ENDINGS: &[&str] = &[
    ".pem", ".crt", ".cer", ".der", ".p7b", ".p7c", ".p12", ".pfx", ".key", ".txt",
];

/// What to inspect and how to show it.
#[derive(Args, Debug, Clone)]
pub struct InspectArgs {
    /// A certificate file (PEM bundle or DER), `-` for stdin, or a TLS server as
    /// HOST[:PORT] (port 443 by default) whose chain is fetched as `connect` does and
    /// shown as sent. An argument that is an existing file, contains a `/` or ends in
    /// .pem, .crt, .cer, .der, .p7b, .p7c, .p12, .pfx, .key or .txt is a file.
    #[arg(value_name = "FILE|-|HOST[:PORT]")]
    pub input: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = InspectFormat::Text)]
    pub format: InspectFormat,
    /// One line per certificate: position, role, subject, key, notAfter with the time
    /// left, SHA-256 prefix, lint errors (text format only).
    #[arg(long)]
    pub short: bool,
    /// Judge validity at this time instead of now: RFC 3339 (2026-06-01T12:00:00Z) or a
    /// date (2026-06-01, midnight UTC). The relative times are counted from it.
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    /// The profile the lint applies: webpki (RFC 5280 plus the CA/Browser Forum Baseline
    /// Requirements) or rfc5280.
    #[arg(long, default_value = "webpki", value_name = "PROFILE", value_parser = Profile::parse)]
    pub profile: Profile,
    /// What a leaf must be fit for: server, client, any, or a dotted EKU OID.
    #[arg(long, default_value = "server", value_name = "PURPOSE")]
    pub purpose: String,
    /// When to use colours (NO_COLOR in the environment also turns them off).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// HOST[:PORT] only: send this name in SNI instead of HOST.
    #[arg(long, value_name = "NAME", conflicts_with = "no_sni")]
    pub sni: Option<String>,
    /// HOST[:PORT] only: send no SNI at all.
    #[arg(long)]
    pub no_sni: bool,
    /// HOST[:PORT] only: give up after this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
    pub timeout: f64,
    /// HOST[:PORT] only: speak this protocol in the clear first and upgrade with its
    /// STARTTLS command.
    #[arg(long, value_enum, value_name = "PROTOCOL")]
    pub starttls: Option<StarttlsArg>,
}

/// Output formats of `inspect`.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum InspectFormat {
    /// A block per certificate for a person, with its lint findings.
    Text,
    /// One JSON object: the check time, the lint profile and purpose, and `certificates`.
    Json,
    /// The certificates as PEM, in input order (e.g. to save a server's chain).
    Pem,
}

impl InspectArgs {
    /// The output settings errors are reported with.
    pub fn output(&self) -> OutputArgs {
        OutputArgs {
            format: if self.format == InspectFormat::Json {
                super::options::Format::Json
            } else {
                super::options::Format::Text
            },
            color: self.color,
            to_stderr: false,
        }
    }
}

/// The JSON document: the inspection, then the connection it came from and the blocks
/// passed over, when there are any.
#[derive(Serialize)]
struct JsonDoc<'a> {
    #[serde(flatten)]
    inspection: &'a Inspection,
    #[serde(skip_serializing_if = "Option::is_none")]
    connection: Option<&'a Capture>,
    #[serde(skip_serializing_if = "<[SkippedBlock]>::is_empty")]
    skipped_blocks: &'a [SkippedBlock],
}

/// Where the certificates came from.
struct Input {
    certs: Vec<SourcedCert>,
    skipped: Vec<SkippedBlock>,
    capture: Option<Capture>,
}

/// Whether the argument names a file rather than a server.
fn is_file(arg: &str) -> bool {
    let lower = arg.to_ascii_lowercase();
    arg == "-"
        || std::path::Path::new(arg).exists()
        || arg.contains('/')
        || arg.contains('\\')
        || FILE_ENDINGS.iter().any(|e| lower.ends_with(e))
}

fn read_input(args: &InspectArgs) -> Result<Input, CliError> {
    if is_file(&args.input) {
        let loaded = certchain::load_all(&args.input, SourceKind::Presented)?;
        return Ok(Input {
            certs: loaded.certs,
            skipped: loaded.skipped,
            capture: None,
        });
    }
    let target: Target = args.input.parse::<Target>().map_err(|e| CliError {
        kind: ErrorKind::Input,
        message: format!("{}: no such file, and not a HOST[:PORT]: {e}", args.input),
    })?;
    let opts = super::connect::options(
        args.sni.as_deref(),
        args.no_sni,
        args.timeout,
        args.starttls,
        false,
    )?;
    let capture = connect::fetch_chain(&target, &opts)?;
    Ok(Input {
        certs: capture.presented.clone(),
        skipped: Vec::new(),
        capture: Some(capture),
    })
}

/// Run `certchain inspect`.
pub fn run(args: &InspectArgs) -> Result<Exit, CliError> {
    let purpose =
        Purpose::parse(&args.purpose).map_err(|e| CliError::usage(format!("--purpose: {e}")))?;
    let time = match &args.at {
        Some(s) => CheckTime::At(parse_time(s)?),
        None => CheckTime::Now,
    };
    if args.short && args.format != InspectFormat::Text {
        return Err(CliError::usage(
            "--short is a text format: it cannot be combined with --format json or pem",
        ));
    }
    let input = read_input(args)?;
    if args.format == InspectFormat::Pem {
        print_out(
            &input
                .certs
                .iter()
                .map(|c| c.cert.to_pem())
                .collect::<String>(),
        );
        return Ok(Exit::Valid);
    }
    let policy = Policy {
        time,
        purpose,
        profile: args.profile,
        ..Policy::default()
    };
    let inspection = Inspection::new(&input.certs, &policy);
    let output = args.output();
    match args.format {
        InspectFormat::Json => {
            let doc = JsonDoc {
                inspection: &inspection,
                connection: input.capture.as_ref(),
                skipped_blocks: &input.skipped,
            };
            print_out(&format!("{}\n", to_json(&doc)?));
        }
        InspectFormat::Text | InspectFormat::Pem => {
            let opts = TextOptions {
                color: output.use_color(),
                store: None,
            };
            let mut text = skipped_note(&input.skipped);
            if !text.is_empty() {
                text.push('\n');
            }
            if let Some(capture) = &input.capture {
                text.push_str(&connect::render_connection(capture, opts.color));
                text.push_str("\n\n");
            }
            if args.short {
                text.push_str(&certchain::render_inspection_short(&inspection, &opts));
            } else {
                text.push_str(&certchain::render_inspection(&inspection, &opts));
            }
            print_out(&text);
        }
    }
    Ok(if inspection.has_errors() {
        Exit::Invalid
    } else {
        Exit::Valid
    })
}
