//! The options shared by the commands that verify: trust store, policy, name, output.

use super::{CliError, Exit};
use certchain::{
    Backend, CheckTime, ExpectedName, Policy, Profile, Purpose, Report, RevocationScope,
    TextOptions, TrustStore, Verifier,
};
use certchain::{SkippedBlock, SourceKind, SourcedCert};
use clap::{Args, ValueEnum};
use serde::Serialize;
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
    /// A revoked certificate is reported as `revoked` with its date and reason; one that
    /// no CRL covers (the anchor aside) as `revocation_unknown`, a warning.
    #[arg(long = "crl", value_name = "FILE")]
    pub crls: Vec<String>,
    /// Require a --crl covering the leaf (`leaf`, as openssl -crl_check) or every
    /// certificate below the trust anchor (`all`, as -crl_check_all): one that no CRL
    /// covers is the error revocation_required instead of the warning revocation_unknown.
    #[arg(long, value_name = "leaf|all", value_parser = RevocationScope::parse)]
    pub require_revocation: Option<RevocationScope>,
    /// Also verify with rustls-webpki, an independent engine; the chain is valid only
    /// when both accept, and a disagreement is reported as engine_disagreement.
    #[arg(long)]
    pub cross_check: bool,
    /// The signature backend: ring (the default) or, in a build with the aws-lc feature,
    /// aws-lc, which also verifies ECDSA P-521 and ECDSA with SHA-512 on P-256/P-384.
    #[arg(long, default_value = "ring", value_name = "BACKEND", value_parser = Backend::parse)]
    pub backend: Backend,
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
    /// Print everything on stderr, because stdout carries something else (the chain of
    /// `connect --save-chain -`).
    #[arg(skip)]
    pub to_stderr: bool,
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
    /// Non-certificate PEM blocks passed over in the inputs (keys of combined files).
    pub skipped: Vec<SkippedBlock>,
}

/// Parse `--at`: RFC 3339, `YYYY-MM-DD HH:MM:SS` (UTC) or `YYYY-MM-DD` (midnight UTC).
pub fn parse_time(s: &str) -> Result<i64, CliError> {
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return Ok(t.timestamp());
    }
    if let Ok(t) = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S") {
        return Ok(t.and_utc().timestamp());
    }
    if let Ok(d) = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(d.and_time(chrono::NaiveTime::MIN).and_utc().timestamp());
    }
    Err(CliError::usage(format!(
        "--at {s:?}: not an RFC 3339 time (2026-06-01T12:00:00Z) or a date (2026-06-01)"
    )))
}

impl CheckArgs {
    /// Load the stores and inputs and build the verifier.
    pub fn build(&self) -> Result<Setup, CliError> {
        let purpose = Purpose::parse(&self.purpose)
            .map_err(|e| CliError::usage(format!("--purpose: {e}")))?;
        let time = match &self.at {
            Some(s) => CheckTime::At(parse_time(s)?),
            None => CheckTime::Now,
        };
        let name = match (&self.host, &self.email) {
            (Some(h), _) => Some(ExpectedName::Host(
                certchain::HostName::parse(h)
                    .map_err(|e| CliError::usage(format!("--host: {e}")))?,
            )),
            (_, Some(e)) => {
                Some(ExpectedName::email(e).map_err(|e| CliError::usage(format!("--email: {e}")))?)
            }
            _ => None,
        };
        let (store, store_label) = load_roots(&self.roots)?;
        let mut extra = Vec::new();
        let mut skipped = Vec::new();
        for f in &self.intermediates {
            let loaded = certchain::load_all(f, SourceKind::Intermediates)?;
            extra.extend(loaded.certs);
            skipped.extend(loaded.skipped);
        }
        let mut crls = Vec::new();
        for f in &self.crls {
            crls.extend(
                certchain::Crl::load(f)?
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
            require_revocation: self.require_revocation,
            cross_check: self.cross_check,
        };
        Ok(Setup {
            verifier: Verifier::new(store, policy).with_signature_backend(self.backend),
            extra,
            name,
            store_label,
            skipped,
        })
    }
}

fn load_roots(sources: &[String]) -> Result<(TrustStore, String), CliError> {
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
                let (sys, skipped) = TrustStore::system()?;
                let note = if skipped > 0 {
                    format!(", {skipped} unreadable skipped")
                } else {
                    String::new()
                };
                labels.push(format!("system roots ({}{note})", sys.len()));
                store.extend(sys);
            }
            path => {
                let n = store.add_path(path)?;
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

/// Write to stderr, as [`print_out`] does to stdout.
pub fn print_err(text: &str) {
    use std::io::Write;
    let mut out = std::io::stderr().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

/// How many skipped blocks the text note lists per file before "and N more": a combined
/// file holds one key and perhaps parameters; a line stays readable.
const MAX_LISTED_SKIPPED: usize = 8;

/// The lines that say which non-certificate blocks were passed over, one per file; the
/// blocks' contents (private keys) are never read or shown.
pub fn skipped_note(skipped: &[SkippedBlock]) -> String {
    let mut out = String::new();
    let mut files: Vec<&str> = Vec::new();
    for b in skipped {
        if !files.contains(&b.file.as_str()) {
            files.push(&b.file);
        }
    }
    for file in files {
        let here: Vec<&SkippedBlock> = skipped.iter().filter(|b| b.file == file).collect();
        let mut listed: Vec<String> = here
            .iter()
            .take(MAX_LISTED_SKIPPED)
            .map(ToString::to_string)
            .collect();
        if here.len() > MAX_LISTED_SKIPPED {
            listed.push(format!("and {} more", here.len() - MAX_LISTED_SKIPPED));
        }
        out.push_str(&format!(
            "Skipped {} non-certificate block{} in {file}: {}; contents neither read nor shown\n",
            here.len(),
            if here.len() == 1 { "" } else { "s" },
            listed.join(", ")
        ));
    }
    out
}

/// The JSON of `verify --format json`: the report, then what was skipped, when anything
/// was.
#[derive(Serialize)]
struct VerifyJson<'a> {
    #[serde(flatten)]
    report: &'a Report,
    #[serde(skip_serializing_if = "<[SkippedBlock]>::is_empty")]
    skipped_blocks: &'a [SkippedBlock],
}

impl OutputArgs {
    /// Whether to colour: --color, then NO_COLOR, then whether stdout is a terminal.
    pub fn use_color(&self) -> bool {
        match self.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && if self.to_stderr {
                        std::io::stderr().is_terminal()
                    } else {
                        std::io::stdout().is_terminal()
                    }
            }
        }
    }

    /// Print the report's text: stdout, or stderr when stdout carries something else.
    pub fn print(&self, text: &str) {
        if self.to_stderr {
            print_err(text);
        } else {
            print_out(text);
        }
    }

    /// Print the report (with a note on skipped blocks and a hint, when there are any)
    /// and return the exit code for it. JSON is `verify`'s document; `connect` prints
    /// its own.
    pub fn emit(
        &self,
        report: &Report,
        store_label: &str,
        skipped: &[SkippedBlock],
        hint: Option<&str>,
    ) -> Result<Exit, CliError> {
        match self.format {
            Format::Json => {
                let doc = VerifyJson {
                    report,
                    skipped_blocks: skipped,
                };
                self.print(&format!("{}\n", to_json(&doc)?));
            }
            Format::Text => {
                let mut text = skipped_note(skipped);
                if !text.is_empty() {
                    text.push('\n');
                }
                text.push_str(&certchain::render_text(
                    report,
                    &TextOptions {
                        color: self.use_color(),
                        store: Some(store_label.to_string()),
                    },
                ));
                if let Some(h) = hint {
                    text.push_str(&format!("hint: {h}\n"));
                }
                self.print(&text);
            }
        }
        Ok(exit_for(report))
    }
}

/// A JSON document, pretty-printed. The documents are derived serde types with string
/// keys, so this does not fail; were it ever to, it is an output error, not a panic.
pub fn to_json<T: Serialize>(doc: &T) -> Result<String, CliError> {
    serde_json::to_string_pretty(doc).map_err(|e| CliError {
        kind: super::ErrorKind::Output,
        message: format!("the JSON document did not serialise: {e}"),
    })
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
