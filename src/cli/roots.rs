//! `certchain roots list|find|export`: what a trust store holds, from the library's
//! `TrustStore::entries`.

use super::options::{self, Format, OutputArgs, PasswordArgs};
use super::{CliError, Exit};
use certchain::{StoreEntry, TrustStore};
use clap::{Args, Subcommand, ValueEnum};
use serde::Serialize;

pub const EXIT_CODES_HELP: &str = "Exit codes:
  0  something was listed, found or exported
  1  `find`, `export QUERY` or `list --expiring` matched no root
  2  usage or input error (an unreadable --roots source, ...)";

/// Seconds in a day, for --expiring.
const DAY: i64 = 86_400;

/// The `roots` subcommands.
#[derive(Subcommand, Debug)]
pub enum RootsCommand {
    /// One line per root: not-after date, key type and size, SHA-256 fingerprint,
    /// subject; sorted by subject (with --expiring, by expiry, the first to expire first).
    List {
        /// Only the roots that expire within DAYS days of now (or of --at), expired
        /// ones included; exit 1 when there are none.
        #[arg(long, value_name = "DAYS")]
        expiring: Option<u32>,
        /// The time --expiring counts from instead of now: RFC 3339 or a date.
        #[arg(long, value_name = "TIME")]
        at: Option<String>,
        #[command(flatten)]
        store: StoreArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = RootsFormat::Text)]
        format: RootsFormat,
    },
    /// The roots whose subject contains QUERY (case-insensitive), or whose SHA-256 or
    /// SHA-1 fingerprint starts with QUERY (hex, colons allowed, 4 digits or more);
    /// exit 1 when none does.
    Find {
        /// A part of the subject, or the start of a fingerprint.
        query: String,
        #[command(flatten)]
        store: StoreArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = RootsFormat::Text)]
        format: RootsFormat,
    },
    /// Print the roots (all, or those QUERY finds, as `find`) as a PEM bundle on stdout,
    /// each after a `# subject` comment line: `certchain roots export > bundle.pem`.
    Export {
        /// A part of the subject, or the start of a fingerprint; all roots without it.
        query: Option<String>,
        #[command(flatten)]
        store: StoreArgs,
    },
}

/// Output formats of `list` and `find`.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum RootsFormat {
    /// One line per root.
    Text,
    /// One JSON object: {"store", "roots": [...]}.
    Json,
}

impl From<RootsFormat> for Format {
    fn from(f: RootsFormat) -> Format {
        match f {
            RootsFormat::Text => Format::Text,
            RootsFormat::Json => Format::Json,
        }
    }
}

/// The store to show.
#[derive(Args, Debug)]
pub struct StoreArgs {
    /// The trust store: `bundled` (the default, Mozilla's roots), `system`, a file (PEM,
    /// DER, PKCS#7, PKCS#12) or a directory of them (an OpenSSL hashed directory too);
    /// repeatable.
    #[arg(long = "roots", value_name = "SOURCE")]
    roots: Vec<String>,
    #[command(flatten)]
    password: PasswordArgs,
}

impl RootsCommand {
    /// How errors are printed: JSON when `--format json`.
    pub fn output(&self) -> OutputArgs {
        let format = match self {
            RootsCommand::List { format, .. } | RootsCommand::Find { format, .. } => {
                Format::from(*format)
            }
            RootsCommand::Export { .. } => Format::Text,
        };
        OutputArgs {
            format,
            color: options::ColorChoice::Never,
            to_stderr: false,
        }
    }
}

/// One root in the JSON output.
#[derive(Serialize)]
struct RootJson<'a> {
    subject: &'a str,
    key: String,
    not_before: String,
    not_after: String,
    sha256: &'a str,
    sha1: String,
    source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    trust: Option<&'a certchain::TrustSettings>,
}

/// The JSON document of `list` and `find`.
#[derive(Serialize)]
struct RootsJson<'a> {
    store: &'a str,
    roots: Vec<RootJson<'a>>,
}

/// Run a `roots` subcommand.
pub fn run(command: &RootsCommand) -> Result<Exit, CliError> {
    match command {
        RootsCommand::List {
            expiring,
            at,
            store,
            format,
        } => {
            let now = match at {
                Some(t) => options::parse_time(t)?,
                None => chrono::Utc::now().timestamp(),
            };
            let (label, entries) = load(store)?;
            let horizon =
                expiring.map(|days| now.saturating_add(i64::from(days).saturating_mul(DAY)));
            let mut shown: Vec<&Listed> = entries
                .iter()
                .filter(|e| horizon.is_none_or(|h| e.cert.not_after() <= h))
                .collect();
            if expiring.is_some() {
                // The first to expire first.
                shown.sort_by_key(|e| e.cert.not_after());
            }
            print(&label, &shown, (*format).into(), expiring.map(|_| now))?;
            Ok(found(expiring.is_none() || !shown.is_empty(), || {
                format!(
                    "no root of {label} expires within {} days",
                    expiring.unwrap_or_default()
                )
            }))
        }
        RootsCommand::Find {
            query,
            store,
            format,
        } => {
            let (label, entries) = load(store)?;
            let shown: Vec<&Listed> = entries.iter().filter(|e| e.entry.matches(query)).collect();
            print(&label, &shown, (*format).into(), None)?;
            Ok(found(!shown.is_empty(), || {
                format!("no root of {label} matches {query:?}")
            }))
        }
        RootsCommand::Export { query, store } => {
            let (label, entries) = load(store)?;
            let mut out = String::new();
            let mut n = 0usize;
            for e in &entries {
                if query.as_deref().is_none_or(|q| e.entry.matches(q)) {
                    n = n.saturating_add(1);
                    out.push_str(&format!("# {}\n{}", e.cert.subject(), e.cert.to_pem()));
                }
            }
            options::print_out(&out);
            Ok(found(n > 0, || {
                format!(
                    "no root of {label} matches {:?}",
                    query.as_deref().unwrap_or_default()
                )
            }))
        }
    }
}

/// Exit 0 when something was listed; else exit 1 with a note on stderr saying so (stdout
/// stays empty for pipelines).
fn found(any: bool, nothing: impl FnOnce() -> String) -> Exit {
    if any {
        Exit::Valid
    } else {
        eprintln!("note: {}", nothing());
        Exit::Invalid
    }
}

/// A parsed root with its entry.
struct Listed {
    entry: StoreEntry,
    cert: std::sync::Arc<certchain::Certificate>,
}

/// The store's roots that parse, sorted by subject then fingerprint; an anchor that does
/// not parse anchors nothing and is not listed (a note on stderr names it).
fn load(args: &StoreArgs) -> Result<(String, Vec<Listed>), CliError> {
    let (store, label): (TrustStore, String) =
        options::load_roots(&args.roots, &args.password.load_options()?)?;
    let mut listed = Vec::new();
    for entry in store.entries() {
        match entry.cert.clone() {
            Some(cert) => listed.push(Listed { entry, cert }),
            None => options::print_err(&format!(
                "note: {} does not parse as a certificate: not listed, it anchors nothing\n",
                entry.source
            )),
        }
    }
    listed.sort_by(|a, b| {
        (a.cert.subject(), a.cert.sha256()).cmp(&(b.cert.subject(), b.cert.sha256()))
    });
    Ok((label, listed))
}

fn date(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0)
        .map_or_else(|| t.to_string(), |d| d.format("%Y-%m-%d").to_string())
}

fn rfc3339(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0).map_or_else(
        || t.to_string(),
        |d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    )
}

/// Print the roots: one line each, or the JSON document. With `now` (--expiring), each
/// line says how many days are left.
fn print(label: &str, roots: &[&Listed], format: Format, now: Option<i64>) -> Result<(), CliError> {
    match format {
        Format::Json => {
            let doc = RootsJson {
                store: label,
                roots: roots
                    .iter()
                    .map(|r| RootJson {
                        subject: r.cert.subject(),
                        key: r.cert.key_type(),
                        not_before: rfc3339(r.cert.not_before()),
                        not_after: rfc3339(r.cert.not_after()),
                        sha256: r.cert.sha256(),
                        sha1: r.cert.sha1(),
                        source: r.entry.source.to_string(),
                        trust: r.entry.trust.as_ref(),
                    })
                    .collect(),
            };
            options::print_out(&format!("{}\n", options::to_json(&doc)?));
        }
        Format::Text => {
            let mut out = String::new();
            for r in roots {
                let left = match now {
                    Some(now) => {
                        let days = r.cert.not_after().saturating_sub(now).div_euclid(DAY);
                        if days < 0 {
                            format!(" (expired {} days ago)", days.saturating_neg())
                        } else {
                            format!(" (in {days} days)")
                        }
                    }
                    None => String::new(),
                };
                let trust = match &r.entry.trust {
                    Some(t) if !t.trusted.is_empty() || !t.rejected.is_empty() => format!(
                        "  [trusted: {}; rejected: {}]",
                        list_or_none(&t.trusted),
                        list_or_none(&t.rejected)
                    ),
                    _ => String::new(),
                };
                out.push_str(&format!(
                    "{}{left}  {:<11}  {}  {}{trust}\n",
                    date(r.cert.not_after()),
                    r.cert.key_type(),
                    r.cert.sha256(),
                    r.cert.subject(),
                ));
            }
            options::print_out(&out);
        }
    }
    Ok(())
}

fn list_or_none(list: &[String]) -> String {
    if list.is_empty() {
        "none".into()
    } else {
        list.join(", ")
    }
}
