//! The report: the library's answer and the JSON output of the CLI. Everything the
//! binary prints is rendered from this type.

pub(crate) mod assemble;
pub(crate) mod details;
pub(crate) mod finding;

use crate::input::Source;
use crate::model::Certificate;
use crate::report::finding::{Code, Finding, Severity};
use serde::Serialize;
use std::sync::Arc;

/// The overall answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// A path to a trust anchor was built and every check passed.
    Valid,
    /// No acceptable path.
    Invalid,
}

/// The position of a certificate in the path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Depth 0: the certificate being verified.
    Leaf,
    /// Between the leaf and the anchor.
    Intermediate,
    /// The trust anchor from the root store.
    Anchor,
}

/// Whether a certificate's revocation status was checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RevocationStatus {
    /// A usable CRL from its issuer was searched for it (it may be listed: see `revoked`).
    Crl,
    /// No usable CRL covered it: no CRL was given, none was from its issuer, the ones
    /// from its issuer could not be used, or it is the trust anchor (never checked).
    NotChecked,
}

/// One certificate of the built (or best attempted) path.
#[derive(Clone, Debug, Serialize)]
pub struct PathEntry {
    /// 0 = leaf.
    pub depth: usize,
    /// Leaf, intermediate or anchor.
    pub role: Role,
    /// Subject DN.
    pub subject: String,
    /// Issuer DN.
    pub issuer: String,
    /// Serial number (hex).
    pub serial: String,
    /// notBefore, RFC 3339.
    pub not_before: String,
    /// notAfter, RFC 3339.
    pub not_after: String,
    /// SHA-256 fingerprint of the DER (hex).
    pub sha256: String,
    /// Key type and size, e.g. "RSA 2048".
    pub key: String,
    /// Signature algorithm, by name where known.
    pub signature_algorithm: String,
    /// subjectAltName entries.
    pub names: Vec<String>,
    /// Where this certificate came from.
    pub source: Source,
    /// Whether a supplied CRL covered it.
    pub revocation: RevocationStatus,
    /// The parsed certificate.
    #[serde(skip)]
    pub cert: Arc<Certificate>,
}

/// A path that was tried and abandoned.
#[derive(Clone, Debug, Serialize)]
pub struct Attempt {
    /// The certificates, leaf first, as short names.
    pub path: Vec<String>,
    /// Whether it reached a trust anchor.
    pub reached_anchor: bool,
    /// Why it was abandoned: its first errors, in words.
    pub abandoned_because: String,
    /// Its error findings.
    pub findings: Vec<Finding>,
}

/// The verdict of the second engine, when cross-checking.
#[derive(Clone, Debug, Serialize)]
pub struct SecondOpinion {
    /// Which engine.
    pub engine: String,
    /// Its verdict.
    pub verdict: Verdict,
    /// Its error, when it rejected.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The result of verifying one chain.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// Valid or invalid.
    pub verdict: Verdict,
    /// The time the validity periods were checked at (RFC 3339).
    pub checked_at: String,
    /// The same, in seconds since the Unix epoch.
    #[serde(skip)]
    pub checked_at_unix: i64,
    /// The host (DNS name or IP) checked, if any.
    pub host: Option<String>,
    /// The e-mail address checked, if any.
    pub email: Option<String>,
    /// Whether any name was checked against the leaf.
    pub name_checked: bool,
    /// The purpose required.
    pub purpose: String,
    /// The certificate profile held to: `webpki` (CA/B Forum rules) or `rfc5280`.
    pub profile: &'static str,
    /// Whether some supplied CRL covered some certificate of the path (each certificate's
    /// own answer is [`PathEntry::revocation`]).
    pub revocation_checked: bool,
    /// The --warn-days threshold, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warn_days: Option<u32>,
    /// The built path (valid), else the best attempt: leaf first.
    pub path: Vec<PathEntry>,
    /// Whether `path` ends at a trust anchor.
    pub reached_anchor: bool,
    /// All findings: errors and warnings, by depth.
    pub findings: Vec<Finding>,
    /// The other paths tried.
    pub attempts: Vec<Attempt>,
    /// The second engine's verdict, when cross-checking.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub second_opinion: Option<SecondOpinion>,
}

impl Report {
    /// Whether the verdict is valid.
    pub fn is_valid(&self) -> bool {
        self.verdict == Verdict::Valid
    }

    /// The error findings.
    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
    }

    /// The warning findings.
    pub fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
    }

    /// Whether a finding with this code is present.
    pub fn has(&self, code: Code) -> bool {
        self.findings.iter().any(|f| f.code == code)
    }

    /// (depth, code) of every finding, the stable summary tests compare.
    pub fn codes(&self) -> Vec<(Option<usize>, Code)> {
        self.findings.iter().map(|f| (f.depth, f.code)).collect()
    }

    /// The certificate of the path that expires first, with its depth.
    pub fn first_to_expire(&self) -> Option<&PathEntry> {
        self.path.iter().min_by_key(|e| e.cert.not_after)
    }

    /// The certificates a server should send for this path, in order: the leaf, then the
    /// intermediates of `path` (each once, as the path holds it), without the trust
    /// anchor, which the client already has. A leaf that is itself the trust anchor is
    /// still the leaf. Whether the path is worth serving (it reached an anchor, the
    /// verdict) is the caller's decision: see [`Report::reached_anchor`].
    pub fn served_chain(&self) -> impl Iterator<Item = &PathEntry> {
        self.path
            .iter()
            .filter(|e| e.depth == 0 || e.role != Role::Anchor)
    }

    /// The JSON document of `certchain verify --format json`.
    pub fn to_json(&self) -> String {
        // Every key is a string and every Serialize impl derived, so this does not fail;
        // were it ever to, the document says so instead of the program panicking.
        serde_json::to_string_pretty(self).unwrap_or_else(|e| {
            let message = serde_json::Value::String(format!("the report did not serialise: {e}"));
            let mut error = serde_json::Map::new();
            error.insert("kind".into(), "internal".into());
            error.insert("message".into(), message);
            let mut doc = serde_json::Map::new();
            doc.insert("error".into(), error.into());
            serde_json::Value::Object(doc).to_string()
        })
    }
}
