//! The options shared by the commands that verify: trust store, policy, name, output.

use super::Exit;
use certchain::load::{self, SourceKind, SourcedCert};
use certchain::names::parse_host;
use certchain::render::{self, TextOptions};
use certchain::{CheckTime, ExpectedName, Policy, Profile, Purpose, Report, TrustStore, Verifier};
use clap::{Args, ValueEnum};
use std::io::IsTerminal;

/// What to verify against.
#[derive(Args, Debug, Clone)]
pub struct CheckArgs {
    /// More untrusted certificates for path building (PEM or DER file); repeatable.
    #[arg(long = "intermediates", value_name = "FILE")]
    pub intermediates: Vec<String>,
    /// Trust anchors: `bundled` (the default, Mozilla's roots), `system`, a PEM/DER file
    /// or a directory of them; repeatable. Every certificate given is a trust anchor.
    #[arg(long = "roots", value_name = "SOURCE")]
    pub roots: Vec<String>,
    /// The DNS name or IPv4/IPv6 address the leaf must be valid for.
    #[arg(long, value_name = "NAME", conflicts_with = "email")]
    pub host: Option<String>,
    /// The e-mail address (RFC 822 name) the leaf must be valid for.
    #[arg(long, value_name = "ADDR")]
    pub email: Option<String>,
    /// What the leaf must be fit for: server, client, any, or a dotted EKU OID.
    #[arg(long, default_value = "server", value_name = "PURPOSE")]
    pub purpose: String,
    /// The certificate profile: webpki (RFC 5280 plus the CA/Browser Forum Baseline
    /// Requirements for TLS server and root certificates) or rfc5280 (RFC 5280 only, for
    /// private PKIs not bound by the CA/B Forum).
    #[arg(long, default_value = "webpki", value_name = "PROFILE", value_parser = Profile::parse)]
    pub profile: Profile,
    /// Check validity at this time instead of now: RFC 3339 (2026-06-01T12:00:00Z) or a
    /// date (2026-06-01, midnight UTC).
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    /// Warn about every certificate of the path that expires within N days (exit 3).
    #[arg(long, value_name = "N")]
    pub warn_days: Option<u32>,
    /// Most intermediate certificates allowed between leaf and anchor (self-issued ones
    /// are not counted); default 10. The first intermediate over it is depth_exceeded.
    #[arg(long, value_name = "N")]
    pub max_depth: Option<usize>,
    /// A certificate revocation list (PEM or DER) to check the path against; repeatable.
    /// A revoked certificate is reported as `revoked` with its date and reason.
    #[arg(long = "crl", value_name = "FILE")]
    pub crls: Vec<String>,
    /// Also verify with rustls-webpki, an independent engine; the chain is valid only
    /// when both accept, and a disagreement is reported as engine_disagreement.
    #[arg(long)]
    pub cross_check: bool,
}

/// How to print the report.
#[derive(Args, Debug, Clone)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// When to use colours (NO_COLOR in the environment also turns them off).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// Output formats.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A report for a person.
    Text,
    /// One JSON object (the library's Report).
    Json,
}

/// Colour choices.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal and NO_COLOR is not set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// A ready verifier with its inputs.
pub struct Setup {
    pub verifier: Verifier,
    pub extra: Vec<SourcedCert>,
    pub name: Option<ExpectedName>,
    pub store_label: String,
}

/// Parse `--at`: RFC 3339, `YYYY-MM-DD HH:MM:SS` (UTC) or `YYYY-MM-DD` (midnight UTC).
pub fn parse_time(s: &str) -> Result<i64, String> {
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return Ok(t.timestamp());
    }
    if let Ok(t) = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S") {
        return Ok(t.and_utc().timestamp());
    }
    if let Ok(d) = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(d
            .and_hms_opt(0, 0, 0)
            .expect("midnight exists")
            .and_utc()
            .timestamp());
    }
    Err(format!(
        "--at {s:?}: not an RFC 3339 time (2026-06-01T12:00:00Z) or a date (2026-06-01)"
    ))
}

impl CheckArgs {
    /// Load the stores and inputs and build the verifier.
    pub fn build(&self) -> Result<Setup, String> {
        let purpose = Purpose::parse(&self.purpose).map_err(|e| format!("--purpose: {e}"))?;
        let time = match &self.at {
            Some(s) => CheckTime::At(parse_time(s)?),
            None => CheckTime::Now,
        };
        let name = match (&self.host, &self.email) {
            (Some(h), _) => Some(ExpectedName::Host(
                parse_host(h).map_err(|e| format!("--host: {e}"))?,
            )),
            (_, Some(e)) => {
                if !certchain::names::is_valid_email(e) {
                    return Err(format!("--email: {e:?} is not a valid e-mail address"));
                }
                Some(ExpectedName::Email(e.clone()))
            }
            _ => None,
        };
        let (store, store_label) = load_roots(&self.roots)?;
        let mut extra = Vec::new();
        for f in &self.intermediates {
            extra.extend(
                load::load_certificates(f, SourceKind::Intermediates).map_err(|e| e.to_string())?,
            );
        }
        let mut crls = Vec::new();
        for f in &self.crls {
            crls.extend(
                certchain::crl::Crl::load(f)
                    .map_err(|e| e.to_string())?
                    .into_iter()
                    .map(std::sync::Arc::new),
            );
        }
        let policy = Policy {
            time,
            purpose,
            profile: self.profile,
            max_intermediates: self.max_depth,
            warn_days: self.warn_days,
            crls,
            cross_check: self.cross_check,
        };
        Ok(Setup {
            verifier: Verifier::new(store, policy),
            extra,
            name,
            store_label,
        })
    }
}

fn load_roots(sources: &[String]) -> Result<(TrustStore, String), String> {
    let sources: Vec<&str> = if sources.is_empty() {
        vec!["bundled"]
    } else {
        sources.iter().map(String::as_str).collect()
    };
    let mut store = TrustStore::new();
    let mut labels = Vec::new();
    for s in sources {
        match s {
            "bundled" => {
                let b = TrustStore::bundled();
                labels.push(format!("bundled Mozilla roots ({})", b.len()));
                store.extend(b);
            }
            "system" => {
                let (sys, skipped) = TrustStore::system().map_err(|e| e.to_string())?;
                let note = if skipped > 0 {
                    format!(", {skipped} unreadable skipped")
                } else {
                    String::new()
                };
                labels.push(format!("system roots ({}{note})", sys.len()));
                store.extend(sys);
            }
            path => {
                let n = store.add_path(path).map_err(|e| e.to_string())?;
                labels.push(format!("{path} ({n})"));
            }
        }
    }
    Ok((store, labels.join(" + ")))
}

/// Write to stdout; a reader that went away (`certchain ... | head`) is not an error.
pub fn print_out(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

impl OutputArgs {
    /// Whether to colour: --color, then NO_COLOR, then whether stdout is a terminal.
    pub fn use_color(&self) -> bool {
        match self.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        }
    }

    /// Print the report and return the exit code for it.
    pub fn emit(&self, report: &Report, store_label: &str) -> Exit {
        match self.format {
            Format::Json => print_out(&format!("{}\n", report.to_json())),
            Format::Text => print_out(&render::text(
                report,
                &TextOptions {
                    color: self.use_color(),
                    store: Some(store_label.to_string()),
                },
            )),
        }
        exit_for(report)
    }
}

/// 0 valid, 1 invalid, 3 valid with an expiring_soon warning.
pub fn exit_for(report: &Report) -> Exit {
    if !report.is_valid() {
        Exit::Invalid
    } else if report.has(certchain::Code::ExpiringSoon) {
        Exit::ValidWithWarning
    } else {
        Exit::Valid
    }
}
