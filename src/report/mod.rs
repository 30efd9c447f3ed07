//! The report: the library's answer and the JSON output of the CLI. Everything the
//! binary prints is rendered from this type.

pub(crate) mod assemble;
pub(crate) mod details;
pub(crate) mod fetch;
pub(crate) mod finding;

use crate::input::Source;
use crate::model::Certificate;
use crate::report::fetch::Fetch;
use crate::report::finding::{Code, Finding, Severity};
use serde::Serialize;
use std::sync::Arc;

/// The overall answer.
///
/// ```
/// use certchain::Verdict;
/// # use certchain::{CheckTime, Policy, SourceKind, TrustStore, Verifier};
/// # let mut store = TrustStore::new();
/// # store.add_pem("roots.pem", include_bytes!("../../fixtures/valid-rsa/roots.pem")).unwrap();
/// # let chain = certchain::parse_certificates(
/// #     "chain.pem", include_bytes!("../../fixtures/valid-rsa/chain.pem"), SourceKind::Presented,
/// # ).unwrap();
/// # let policy = Policy { time: CheckTime::At(1_780_000_000), ..Policy::default() };
/// # let verifier = Verifier::new(store, policy);
///
/// let report = verifier.verify(&chain, &[], None);
/// assert_eq!(report.verdict, Verdict::Valid);
/// assert!(report.to_json().contains(r#""verdict": "valid""#));
///
/// let report = verifier.verify(&[], &[], None);
/// assert_eq!(report.verdict, Verdict::Invalid);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// A path to a trust anchor was built and every check passed.
    Valid,
    /// No acceptable path.
    Invalid,
}

/// The position of a certificate in the path.
///
/// ```
/// use certchain::Role;
/// # use certchain::{CheckTime, Policy, SourceKind, TrustStore, Verifier};
/// # let mut store = TrustStore::new();
/// # store.add_pem("roots.pem", include_bytes!("../../fixtures/valid-rsa/roots.pem")).unwrap();
/// # let chain = certchain::parse_certificates(
/// #     "chain.pem", include_bytes!("../../fixtures/valid-rsa/chain.pem"), SourceKind::Presented,
/// # ).unwrap();
/// # let policy = Policy { time: CheckTime::At(1_780_000_000), ..Policy::default() };
/// # let verifier = Verifier::new(store, policy);
///
/// let report = verifier.verify(&chain, &[], None);
/// let roles: Vec<Role> = report.path.iter().map(|e| e.role).collect();
/// assert_eq!(roles, [Role::Leaf, Role::Intermediate, Role::Anchor]);
/// ```
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

/// How a certificate's revocation status was checked: the revocation summary. With no
/// CRL in [`Policy::crls`](crate::Policy::crls) and no OCSP response in
/// [`Policy::ocsp_responses`](crate::Policy::ocsp_responses) nothing is; the result is
/// [`PathEntry::revocation_result`].
///
/// ```
/// use certchain::{RevocationResult, RevocationStatus};
/// # use certchain::{CheckTime, Policy, SourceKind, TrustStore, Verifier};
/// # let mut store = TrustStore::new();
/// # store.add_pem("roots.pem", include_bytes!("../../fixtures/valid-rsa/roots.pem")).unwrap();
/// # let chain = certchain::parse_certificates(
/// #     "chain.pem", include_bytes!("../../fixtures/valid-rsa/chain.pem"), SourceKind::Presented,
/// # ).unwrap();
/// # let policy = Policy { time: CheckTime::At(1_780_000_000), ..Policy::default() };
/// # let verifier = Verifier::new(store, policy);
///
/// let report = verifier.verify(&chain, &[], None);
/// assert!(!report.revocation_checked);
/// assert!(report.path.iter().all(|e| e.revocation == RevocationStatus::NotChecked));
/// assert!(report.path.iter().all(|e| e.revocation_result == RevocationResult::NotChecked));
/// assert_eq!(RevocationStatus::OcspStapled.describe(), "OCSP stapled");
/// assert_eq!(serde_json::to_string(&RevocationStatus::Crl).unwrap(), r#""crl""#);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RevocationStatus {
    /// A usable CRL from its issuer, given as a file, was searched for it (it may be
    /// listed: see `revoked`).
    Crl,
    /// A usable CRL from its issuer, fetched from a CRL distribution point, was searched
    /// for it.
    CrlFetched,
    /// A usable OCSP response given as a file answered for it.
    OcspFile,
    /// A usable OCSP response stapled by the server answered for it.
    OcspStapled,
    /// A usable OCSP response fetched from its responder answered for it.
    OcspFetched,
    /// No usable CRL or OCSP response covered it: none was given, none was from its
    /// issuer or named it, the ones that did could not be used, or it is the trust
    /// anchor (never checked).
    NotChecked,
}

impl RevocationStatus {
    /// How the revocation summary says it.
    pub fn describe(self) -> &'static str {
        match self {
            RevocationStatus::Crl => "CRL file",
            RevocationStatus::CrlFetched => "CRL fetched",
            RevocationStatus::OcspFile => "OCSP file",
            RevocationStatus::OcspStapled => "OCSP stapled",
            RevocationStatus::OcspFetched => "OCSP fetched",
            RevocationStatus::NotChecked => "not checked",
        }
    }
}

/// What the revocation check of one certificate found ([`PathEntry::revocation`] says
/// how it was checked).
///
/// ```
/// use certchain::RevocationResult;
/// assert_eq!(serde_json::to_string(&RevocationResult::Good).unwrap(), r#""good""#);
/// assert_eq!(RevocationResult::Revoked.describe(), "revoked");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RevocationResult {
    /// Checked and not revoked.
    Good,
    /// Revoked (the `revoked` finding says when, why and by which source).
    Revoked,
    /// Not checked: no usable source covered it.
    NotChecked,
}

impl RevocationResult {
    /// How the revocation summary says it.
    pub fn describe(self) -> &'static str {
        match self {
            RevocationResult::Good => "good",
            RevocationResult::Revoked => "revoked",
            RevocationResult::NotChecked => "not checked",
        }
    }
}

/// One certificate of the built (or best attempted) path.
///
/// ```
/// use certchain::{Role, SourceKind};
/// # use certchain::{CheckTime, Policy, TrustStore, Verifier};
/// # let mut store = TrustStore::new();
/// # store.add_pem("roots.pem", include_bytes!("../../fixtures/valid-rsa/roots.pem")).unwrap();
/// # let chain = certchain::parse_certificates(
/// #     "chain.pem", include_bytes!("../../fixtures/valid-rsa/chain.pem"), SourceKind::Presented,
/// # ).unwrap();
/// # let policy = Policy { time: CheckTime::At(1_780_000_000), ..Policy::default() };
/// # let verifier = Verifier::new(store, policy);
///
/// let report = verifier.verify(&chain, &[], None);
/// let leaf = &report.path[0];
/// assert_eq!((leaf.depth, leaf.role), (0, Role::Leaf));
/// assert_eq!(leaf.subject, "CN=www.example.com");
/// assert_eq!(leaf.not_after, "2027-01-01T00:00:00Z");
/// assert_eq!(leaf.names, ["DNS:www.example.com"]);
/// assert_eq!(leaf.source.to_string(), "chain.pem #1");
/// assert_eq!(leaf.sha256, leaf.cert.sha256());
///
/// let anchor = report.path.last().unwrap();
/// assert_eq!(anchor.role, Role::Anchor);
/// assert_eq!(anchor.source.kind, SourceKind::RootStore);
/// ```
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
    /// How its revocation was checked: CRL file or fetched, OCSP file, stapled or
    /// fetched, or not checked.
    pub revocation: RevocationStatus,
    /// What that check found: good, revoked, or not checked.
    pub revocation_result: RevocationResult,
    /// The parsed certificate.
    #[serde(skip)]
    pub cert: Arc<Certificate>,
}

/// A path that was tried and abandoned.
///
/// Here the intermediate is presented twice: first cross-signed by a root whose
/// signature has expired, then by a second root. The path through the first is tried,
/// abandoned, and listed in [`Report::attempts`]; the second is valid.
///
/// ```
/// use certchain::{Code, Severity};
/// # use certchain::{CheckTime, Policy, SourceKind, TrustStore, Verifier};
/// # let mut store = TrustStore::new();
/// # store.add_pem("roots.pem", include_bytes!("../../fixtures/cross-signed-backtracking/roots.pem")).unwrap();
/// # let chain = certchain::parse_certificates(
/// #     "chain.pem", include_bytes!("../../fixtures/cross-signed-backtracking/chain.pem"), SourceKind::Presented,
/// # ).unwrap();
/// # let policy = Policy { time: CheckTime::At(1_780_000_000), ..Policy::default() };
/// # let verifier = Verifier::new(store, policy);
///
/// let report = verifier.verify(&chain, &[], None);
/// assert!(report.is_valid());
/// let attempt = &report.attempts[0];
/// assert!(attempt.reached_anchor);
/// assert_eq!(attempt.path.len(), 3);
/// assert!(attempt.findings.iter().any(|f| f.code == Code::Expired));
/// assert!(attempt.findings.iter().all(|f| f.severity == Severity::Error));
/// assert!(attempt.abandoned_because.contains("expired"), "{}", attempt.abandoned_because);
/// ```
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

/// The verdict of the second engine, when cross-checking (`Policy::cross_check`, the
/// `cross-check` feature).
///
/// ```
/// # #[cfg(feature = "cross-check")]
/// # {
/// use certchain::Verdict;
/// # use certchain::{CheckTime, Policy, SourceKind, TrustStore, Verifier};
/// # let mut store = TrustStore::new();
/// # store.add_pem("roots.pem", include_bytes!("../../fixtures/valid-rsa/roots.pem")).unwrap();
/// # let chain = certchain::parse_certificates(
/// #     "chain.pem", include_bytes!("../../fixtures/valid-rsa/chain.pem"), SourceKind::Presented,
/// # ).unwrap();
/// # let policy = Policy { time: CheckTime::At(1_780_000_000), cross_check: true, ..Policy::default() };
/// # let verifier = Verifier::new(store, policy);
///
/// let report = verifier.verify(&chain, &[], None);
/// let second = report.second_opinion.as_ref().unwrap();
/// assert!(second.engine.starts_with("rustls-webpki"));
/// assert_eq!(second.verdict, Verdict::Valid);
/// assert_eq!(second.error, None);
/// # }
/// ```
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
///
/// ```
/// use certchain::Code;
/// # use certchain::{CheckTime, Policy, SourceKind, TrustStore, Verifier};
/// # let mut store = TrustStore::new();
/// # store.add_pem("roots.pem", include_bytes!("../../fixtures/expired-leaf/roots.pem")).unwrap();
/// # let chain = certchain::parse_certificates(
/// #     "chain.pem", include_bytes!("../../fixtures/expired-leaf/chain.pem"), SourceKind::Presented,
/// # ).unwrap();
/// # let policy = Policy { time: CheckTime::At(1_780_000_000), ..Policy::default() };
/// # let verifier = Verifier::new(store, policy);
///
/// let report = verifier.verify(&chain, &[], None);
/// assert!(!report.is_valid());
/// assert_eq!(report.errors().count(), 1);
/// assert!(report.has(Code::Expired));
/// assert!(!report.has(Code::NameMismatch));
/// assert_eq!(report.codes(), [(Some(0), Code::Expired)]);
/// let json = report.to_json();
/// assert!(json.contains(r#""code": "expired""#));
/// ```
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
    /// Whether some CRL or OCSP response covered some certificate of the path (each
    /// certificate's own answer is [`PathEntry::revocation`]).
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
    /// Every network request made for this report (`--fetch-missing`, `--fetch-crls`,
    /// OCSP), in order, failed ones included; empty when nothing was fetched.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fetches: Vec<Fetch>,
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
