//! The options shared by the commands that verify: trust store, policy, name, output.

use super::{CliError, Exit};
use certchain::online::{http::HttpLimits, OnlineOptions};
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
    /// More untrusted certificates for path building (a PEM, DER, PKCS#7 or PKCS#12
    /// file); repeatable.
    #[arg(long = "intermediates", value_name = "FILE")]
    pub intermediates: Vec<String>,
    /// Trust anchors: `bundled` (the default, Mozilla's roots), `system`, a file (PEM,
    /// DER, PKCS#7, PKCS#12) or a directory of them (an OpenSSL hashed directory too);
    /// repeatable. Every certificate given is a trust anchor.
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
    /// Require revocation checking (a --crl, or a usable OCSP response) for the leaf
    /// (`leaf`, as openssl -crl_check) or every certificate below the trust anchor
    /// (`all`, as -crl_check_all): one that nothing covers is the error
    /// revocation_required instead of the warning revocation_unknown.
    #[arg(long, value_name = "leaf|all", value_parser = RevocationScope::parse)]
    pub require_revocation: Option<RevocationScope>,
    /// A saved OCSP response (DER, as `openssl ocsp -respout` writes it) to check the
    /// path against; repeatable. It is used for the certificate it names only when its
    /// signature (by the issuer, or by a responder certificate the issuer signed with
    /// id-kp-OCSPSigning), CertID and thisUpdate/nextUpdate (5 minutes of clock skew)
    /// check out; otherwise ocsp_bad_response or ocsp_stale says why.
    #[arg(long = "ocsp-response", value_name = "FILE")]
    pub ocsp_responses: Vec<String>,
    /// Ask the OCSP responder each certificate names (authorityInfoAccess, http:// only)
    /// about it: a GET when the request is small, else a POST, with a nonce; every query
    /// is listed in the report. Off by default: certchain makes no network request
    /// unless asked.
    #[arg(long)]
    pub ocsp: bool,
    /// Also verify with rustls-webpki, an independent engine; the chain is valid only
    /// when both accept, and a disagreement is reported as engine_disagreement.
    #[arg(long)]
    pub cross_check: bool,
    /// When the path stops at a certificate whose issuer is missing and that names an
    /// http:// caIssuers URL (authorityInfoAccess), fetch the issuer (DER, PEM or PKCS#7)
    /// and build again, up to 5 fetches. The report lists every fetch and names each
    /// fetched certificate the path needed (missing_intermediate_fetched): the chain is
    /// valid once it is added. Off by default: certchain makes no request unless asked.
    #[arg(long)]
    pub fetch_missing: bool,
    /// Fetch the CRLs named in the cRLDistributionPoints (http://) of each certificate of
    /// the path whose issuer is in the path, each URL once, and check them as --crl files
    /// are. The report lists every fetch; a failed one is the warning fetch_failed.
    #[arg(long)]
    pub fetch_crls: bool,
    /// Give up on one fetch (connection, redirects and the whole answer) after this many
    /// seconds; all fetches of a run together stop after 30 s.
    #[arg(long, value_name = "SECONDS", default_value_t = certchain::limits::DEFAULT_FETCH_TIMEOUT.as_secs_f64())]
    pub fetch_timeout: f64,
    #[command(flatten)]
    pub password: PasswordArgs,
    /// The signature backend: ring (the default) or, in a build with the aws-lc feature,
    /// aws-lc, which also verifies ECDSA P-521 and ECDSA with SHA-512 on P-256/P-384.
    #[arg(long, default_value = "ring", value_name = "BACKEND", value_parser = Backend::parse)]
    pub backend: Backend,
}

/// The environment variable that holds the password of PKCS#12 inputs.
pub const PASSWORD_ENV: &str = "CERTCHAIN_PKCS12_PASSWORD";

/// Where the password of a PKCS#12 input comes from.
#[derive(Args, Debug, Clone)]
pub struct PasswordArgs {
    /// The password of PKCS#12 (.p12, .pfx) inputs: the first line of FILE. Without it,
    /// the environment variable CERTCHAIN_PKCS12_PASSWORD; without that, the empty
    /// password. Private keys in an archive are passed over, never decrypted or shown.
    #[arg(long, value_name = "FILE")]
    pub password_file: Option<String>,
}

impl PasswordArgs {
    /// The load options: the password from --password-file, else the environment.
    pub fn load_options(&self) -> Result<certchain::LoadOptions, CliError> {
        let options = certchain::LoadOptions::default();
        if let Some(file) = &self.password_file {
            let bytes = std::fs::read(file).map_err(|e| CliError {
                kind: super::ErrorKind::Input,
                message: format!(
                    "--password-file {file}: {}",
                    if e.kind() == std::io::ErrorKind::NotFound {
                        "no such file".to_string()
                    } else {
                        e.to_string()
                    }
                ),
            })?;
            let text = String::from_utf8(bytes).map_err(|_| CliError {
                kind: super::ErrorKind::Input,
                message: format!("--password-file {file}: not UTF-8 text"),
            })?;
            let first = text.lines().next().unwrap_or_default();
            return Ok(options.with_password(first));
        }
        match std::env::var(PASSWORD_ENV) {
            Ok(p) => Ok(options.with_password(p)),
            Err(std::env::VarError::NotPresent) => Ok(options),
            Err(std::env::VarError::NotUnicode(_)) => {
                Err(CliError::usage(format!("{PASSWORD_ENV}: not valid UTF-8")))
            }
        }
    }
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
    /// What to fetch (--fetch-missing, --fetch-crls) and the bounds.
    pub online: OnlineOptions,
}

impl Setup {
    /// Verify `presented` with the extra intermediates and the name, online when
    /// --fetch-missing or --fetch-crls asks (else no request is made).
    pub fn verify(&self, presented: &[SourcedCert]) -> Report {
        self.verify_with(&self.verifier, presented)
    }

    /// [`Setup::verify`] with another verifier built from this one (`connect` adds
    /// what the server sent beside the chain to its policy).
    pub fn verify_with(&self, verifier: &Verifier, presented: &[SourcedCert]) -> Report {
        certchain::online::verify(
            verifier,
            presented,
            &self.extra,
            self.name.as_ref(),
            &self.online,
        )
    }
}

/// Longest --fetch-timeout accepted: an hour is far beyond any fetch and keeps the value
/// clear of Duration overflow.
const MAX_FETCH_TIMEOUT_SECS: f64 = 3600.0;

/// Parse `--at` with the library's [`CheckTime::parse`].
pub fn parse_time(s: &str) -> Result<i64, CliError> {
    match CheckTime::parse(s) {
        Ok(CheckTime::At(t)) => Ok(t),
        _ => Err(CliError::usage(format!(
            "--at {s:?}: not an RFC 3339 time (2026-06-01T12:00:00Z) or a date (2026-06-01)"
        ))),
    }
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
        if !(self.fetch_timeout > 0.0 && self.fetch_timeout <= MAX_FETCH_TIMEOUT_SECS) {
            return Err(CliError::usage(format!(
                "--fetch-timeout {}: must be more than 0 and at most {MAX_FETCH_TIMEOUT_SECS} seconds",
                self.fetch_timeout
            )));
        }
        let online = OnlineOptions {
            fetch_missing: self.fetch_missing,
            fetch_crls: self.fetch_crls,
            ocsp: self.ocsp,
            limits: HttpLimits {
                timeout: std::time::Duration::from_secs_f64(self.fetch_timeout),
                ..HttpLimits::default()
            },
            ..OnlineOptions::default()
        };
        let options = self.password.load_options()?;
        let (store, mut store_label) = load_roots(&self.roots, &options)?;
        let distrusted = store.distrusted_for(&purpose).len();
        if distrusted > 0 {
            store_label.push_str(&format!(
                "; {distrusted} not trusted for purpose {} by their OpenSSL trust settings",
                purpose.name()
            ));
        }
        let mut extra = Vec::new();
        let mut skipped = Vec::new();
        for f in &self.intermediates {
            let loaded = certchain::load_all_with(f, SourceKind::Intermediates, &options)?;
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
        let ocsp_responses = self
            .ocsp_responses
            .iter()
            .map(|f| certchain::OcspResponse::load(f).map(std::sync::Arc::new))
            .collect::<Result<Vec<_>, _>>()?;
        let policy = Policy {
            time,
            purpose,
            profile: self.profile,
            max_intermediates: self.max_depth,
            warn_days: self.warn_days,
            crls,
            require_revocation: self.require_revocation,
            cross_check: self.cross_check,
            ocsp_responses,
            staple_requested: false,
            revocation_asked: self.ocsp,
        };
        Ok(Setup {
            verifier: Verifier::new(store, policy).with_signature_backend(self.backend),
            extra,
            name,
            store_label,
            skipped,
            online,
        })
    }
}

/// The trust store from `--roots` sources (`bundled` when none), and its label.
pub fn load_roots(
    sources: &[String],
    options: &certchain::LoadOptions,
) -> Result<(TrustStore, String), CliError> {
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
                let n = store.add_path_with(path, options)?;
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
            listed.push(format!(
                "and {} more",
                here.len().saturating_sub(MAX_LISTED_SKIPPED)
            ));
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
