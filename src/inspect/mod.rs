//! Inspection: every certificate of an input, readable for a person (what `openssl x509
//! -text` shows, without its noise) and typed for a program, each with its lint
//! findings: the rules `verify` runs over one certificate (`checks::lint`), in the role
//! its own content implies, with the same codes and clauses. No path is built and no
//! trust store is read.

use crate::checks::lint::{implied_role, lint_certificate};
use crate::checks::Ctx;
use crate::input::{Source, SourcedCert};
use crate::model::oid::{extension_short_name, AIA, CRL_DP};
use crate::model::time::{relative_validity, rfc3339};
use crate::model::{colon_hex, curve_name, Certificate, GeneralName, KeyKind};
use crate::policy::{CheckTime, Policy};
use crate::report::finding::{Finding, Severity};
use crate::report::Role;
use serde::Serialize;

/// The role a certificate's own content implies, which decides the rules it is linted
/// by: a self-signed CA certificate is a root (linted as a trust anchor), any other CA
/// certificate an intermediate, anything else a leaf.
///
/// ```
/// use certchain::{ImpliedRole, Inspection, Policy};
///
/// let chain = certchain::load_certificates(
///     "fixtures/valid-rsa/chain.pem", certchain::SourceKind::Presented).unwrap();
/// let roles: Vec<ImpliedRole> = Inspection::new(&chain, &Policy::default())
///     .certificates.iter().map(|c| c.role).collect();
/// assert_eq!(roles, [ImpliedRole::Leaf, ImpliedRole::Intermediate]);
/// assert_eq!(ImpliedRole::Root.as_str(), "root");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ImpliedRole {
    /// Not a CA certificate (no basicConstraints cA TRUE).
    Leaf,
    /// A CA certificate issued by another name.
    Intermediate,
    /// A self-signed CA certificate: subject and issuer are the same name, and its own
    /// key does not refute its signature.
    Root,
}

impl ImpliedRole {
    /// The role's name, as in JSON: `leaf`, `intermediate`, `root`.
    ///
    /// ```
    /// assert_eq!(certchain::ImpliedRole::Intermediate.as_str(), "intermediate");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ImpliedRole::Leaf => "leaf",
            ImpliedRole::Intermediate => "intermediate",
            ImpliedRole::Root => "root",
        }
    }

    fn of(role: Role) -> ImpliedRole {
        match role {
            Role::Leaf => ImpliedRole::Leaf,
            Role::Intermediate => ImpliedRole::Intermediate,
            Role::Anchor => ImpliedRole::Root,
        }
    }
}

/// A subject public key: its algorithm, size and curve.
///
/// ```
/// use certchain::{Inspection, Policy};
///
/// let chain = certchain::load_certificates(
///     "fixtures/valid-ecdsa-p256/chain.pem", certchain::SourceKind::Presented).unwrap();
/// let key = &Inspection::new(&chain, &Policy::default()).certificates[0].key;
/// assert_eq!((key.algorithm.as_str(), key.bits, key.curve.as_deref()), ("ECDSA", Some(256), Some("P-256")));
/// assert_eq!(key.description, "ECDSA P-256");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KeyInfo {
    /// `RSA`, `ECDSA`, `Ed25519`, `Ed448`, `DSA`, or `unknown`.
    pub algorithm: String,
    /// The key size in bits (the RSA modulus, the curve's field, the DSA public value),
    /// when known.
    pub bits: Option<usize>,
    /// The named curve of an ECDSA key (`P-256`, or its dotted OID).
    pub curve: Option<String>,
    /// The key type's OID, for a type certchain does not know.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub oid: Option<String>,
    /// One line: `RSA 2048`, `ECDSA P-256`.
    pub description: String,
}

impl KeyInfo {
    fn of(cert: &Certificate) -> KeyInfo {
        let key = &cert.key;
        let (algorithm, bits, curve, oid) = match key {
            KeyKind::Rsa { bits } => ("RSA", Some(*bits), None, None),
            KeyKind::Ec { curve: Some(c) } => {
                let name = curve_name(c);
                let bits = match name.as_str() {
                    "P-192" => Some(192),
                    "P-256" => Some(256),
                    "P-384" => Some(384),
                    "P-521" => Some(521),
                    _ => None,
                };
                ("ECDSA", bits, Some(name), None)
            }
            // Explicit curve parameters: the size of the field, read from the length of
            // the uncompressed point (0x04, x, y) the key is.
            KeyKind::Ec { curve: None } => {
                let bits = match cert.public_key.split_first() {
                    Some((4, xy)) if xy.len() % 2 == 0 => (xy.len() / 2).checked_mul(8),
                    _ => None,
                };
                ("ECDSA", bits, None, None)
            }
            KeyKind::Ed25519 => ("Ed25519", Some(256), None, None),
            KeyKind::Ed448 => ("Ed448", Some(456), None, None),
            KeyKind::Dsa { bits } => ("DSA", Some(*bits), None, None),
            KeyKind::Other { oid } => ("unknown", None, None, Some(oid.to_id_string())),
        };
        KeyInfo {
            algorithm: algorithm.into(),
            bits,
            curve,
            oid,
            description: key.describe(),
        }
    }
}

/// basicConstraints (RFC 5280 4.2.1.9).
///
/// ```
/// use certchain::{Inspection, Policy};
///
/// let chain = certchain::load_certificates(
///     "fixtures/valid-rsa/chain.pem", certchain::SourceKind::Presented).unwrap();
/// let bc = Inspection::new(&chain, &Policy::default()).certificates[1].basic_constraints.clone().unwrap();
/// assert!(bc.ca && bc.critical);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BasicConstraintsInfo {
    /// The cA boolean.
    pub ca: bool,
    /// pathLenConstraint, when present.
    pub path_len: Option<u32>,
    /// Marked critical.
    pub critical: bool,
}

/// nameConstraints (RFC 5280 4.2.1.10): the subtrees, each as `DNS:example.com`,
/// `IP:10.0.0.0/8`, `email:example.com`, `DirName:...`.
///
/// ```
/// use certchain::{Inspection, Policy};
///
/// let chain = certchain::load_certificates(
///     "fixtures/nc-permitted-ok/chain.pem", certchain::SourceKind::Presented).unwrap();
/// let inspection = Inspection::new(&chain, &Policy::default());
/// let nc = inspection.certificates[1].name_constraints.as_ref().unwrap();
/// assert!(nc.permitted.iter().any(|n| n.starts_with("DNS:")), "{nc:?}");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NameConstraintsInfo {
    /// permittedSubtrees (empty when absent).
    pub permitted: Vec<String>,
    /// excludedSubtrees (empty when absent).
    pub excluded: Vec<String>,
    /// Marked critical.
    pub critical: bool,
}

/// authorityInfoAccess (RFC 5280 4.2.2.1): the OCSP responders and caIssuers URLs.
///
/// ```
/// use certchain::{Inspection, Policy};
///
/// let chain = certchain::load_certificates(
///     "fixtures/aia-critical/chain.pem", certchain::SourceKind::Presented).unwrap();
/// let inspection = Inspection::new(&chain, &Policy::default());
/// let aia = inspection.certificates[0].authority_info_access.as_ref().unwrap();
/// assert!(aia.critical);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AccessInfo {
    /// id-ad-ocsp URLs.
    pub ocsp: Vec<String>,
    /// id-ad-caIssuers URLs.
    pub ca_issuers: Vec<String>,
    /// Marked critical.
    pub critical: bool,
}

/// One extension as encoded: its OID, the name certchain knows it by, its criticality.
///
/// ```
/// use certchain::{Inspection, Policy};
///
/// let chain = certchain::load_certificates(
///     "fixtures/unknown-critical-extension/chain.pem", certchain::SourceKind::Presented).unwrap();
/// let inspection = Inspection::new(&chain, &Policy::default());
/// let unknown = &inspection.certificates[0].unknown_extensions;
/// assert_eq!(unknown.len(), 1);
/// assert!(unknown[0].critical && unknown[0].name.is_none() && !unknown[0].known);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExtensionInfo {
    /// The dotted OID.
    pub oid: String,
    /// Its name (`keyUsage`), when certchain has one for it.
    pub name: Option<String>,
    /// Marked critical.
    pub critical: bool,
    /// Whether certchain understands it (an unknown critical extension is the error
    /// `unknown_critical_extension`).
    pub known: bool,
}

/// One certificate as `certchain inspect` shows it: every field a person looks for, and
/// its lint findings.
///
/// ```
/// use certchain::{CheckTime, Inspection, Policy};
///
/// let chain = certchain::load_certificates(
///     "fixtures/valid-rsa/chain.pem", certchain::SourceKind::Presented).unwrap();
/// let policy = Policy { time: CheckTime::At(1_780_272_000), ..Policy::default() };
/// let leaf = &Inspection::new(&chain, &policy).certificates[0];
/// assert_eq!(leaf.subject, "CN=www.example.com");
/// assert_eq!(leaf.validity, "expires in 214 days");
/// assert_eq!(leaf.key.description, "RSA 2048");
/// assert_eq!(leaf.signature_algorithm, "RSA PKCS#1 v1.5 with SHA-256");
/// assert_eq!(leaf.subject_alt_names, ["DNS:www.example.com"]);
/// assert_eq!(leaf.key_usage.clone().unwrap(), ["digitalSignature", "keyEncipherment"]);
/// assert_eq!(leaf.ext_key_usage.clone().unwrap(), ["serverAuth"]);
/// assert!(leaf.findings.is_empty());
/// ```
#[derive(Clone, Debug, Serialize)]
pub struct CertificateInfo {
    /// 1-based position in the input (in the order a server sent the chain).
    pub index: usize,
    /// Where it came from.
    pub source: Source,
    /// The role its content implies, which decides the lint rules.
    pub role: ImpliedRole,
    /// X.509 version as shown (1, 2 or 3).
    pub version: u32,
    /// Subject DN, one line.
    pub subject: String,
    /// Issuer DN, one line.
    pub issuer: String,
    /// Whether subject and issuer are the same name.
    pub self_issued: bool,
    /// Serial number, colon-separated upper-case hex of its encoded octets.
    pub serial: String,
    /// notBefore, RFC 3339.
    pub not_before: String,
    /// notBefore, seconds since the Unix epoch.
    pub not_before_unix: i64,
    /// notAfter, RFC 3339.
    pub not_after: String,
    /// notAfter, seconds since the Unix epoch.
    pub not_after_unix: i64,
    /// The validity seen from the check time: `expires in 214 days`, `expired 3 days
    /// ago`, `not valid for another 2 days`.
    pub validity: String,
    /// The subject public key.
    pub key: KeyInfo,
    /// The signature algorithm, in words (`RSA PKCS#1 v1.5 with SHA-256`).
    pub signature_algorithm: String,
    /// The signature algorithm's dotted OID.
    pub signature_algorithm_oid: String,
    /// subjectAltName entries (`DNS:...`, `IP:...`, `email:...`, `URI:...`).
    pub subject_alt_names: Vec<String>,
    /// keyUsage bits by name, when the extension is present.
    pub key_usage: Option<Vec<String>>,
    /// extKeyUsage purposes by name (`serverAuth`) or dotted OID, when present.
    pub ext_key_usage: Option<Vec<String>>,
    /// basicConstraints, when present.
    pub basic_constraints: Option<BasicConstraintsInfo>,
    /// nameConstraints, when present.
    pub name_constraints: Option<NameConstraintsInfo>,
    /// certificatePolicies: the policy OIDs, when present.
    pub certificate_policies: Option<Vec<String>>,
    /// authorityInfoAccess, when present.
    pub authority_info_access: Option<AccessInfo>,
    /// cRLDistributionPoints: every point's names (`URI:http://...`), when present.
    pub crl_distribution_points: Option<Vec<String>>,
    /// subjectKeyIdentifier, colon hex.
    pub subject_key_id: Option<String>,
    /// authorityKeyIdentifier's keyIdentifier, colon hex.
    pub authority_key_id: Option<String>,
    /// The number of signed certificate timestamps (RFC 6962), when the extension is
    /// present.
    pub sct_count: Option<usize>,
    /// SHA-256 of the DER, lower-case hex.
    pub sha256: String,
    /// SHA-1 of the DER, lower-case hex (a fingerprint to compare with older tools).
    pub sha1: String,
    /// Every extension in encoded order.
    pub extensions: Vec<ExtensionInfo>,
    /// The extensions certchain does not understand, by OID.
    pub unknown_extensions: Vec<ExtensionInfo>,
    /// The lint findings: what `verify` says of this certificate alone, in its implied
    /// role. `depth` is the certificate's 0-based position in the input.
    pub findings: Vec<Finding>,
    /// The certificate.
    #[serde(skip)]
    pub cert: std::sync::Arc<Certificate>,
}

impl CertificateInfo {
    /// The number of error findings.
    ///
    /// ```
    /// use certchain::{CheckTime, Inspection, Policy};
    ///
    /// let chain = certchain::load_certificates(
    ///     "fixtures/expired-leaf/chain.pem", certchain::SourceKind::Presented).unwrap();
    /// let policy = Policy { time: CheckTime::At(1_780_272_000), ..Policy::default() };
    /// let inspection = Inspection::new(&chain, &policy);
    /// assert_eq!(inspection.certificates[0].errors(), 1);
    /// assert_eq!(inspection.certificates[1].errors(), 0);
    /// ```
    pub fn errors(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count()
    }

    /// Whether the extension of this dotted OID is marked critical (false when absent).
    ///
    /// ```
    /// use certchain::{Inspection, Policy};
    ///
    /// let chain = certchain::load_certificates(
    ///     "fixtures/valid-rsa/chain.pem", certchain::SourceKind::Presented).unwrap();
    /// let leaf = &Inspection::new(&chain, &Policy::default()).certificates[0];
    /// assert!(leaf.is_critical("2.5.29.15"));
    /// assert!(!leaf.is_critical("2.5.29.17"));
    /// ```
    pub fn is_critical(&self, oid: &str) -> bool {
        self.extensions.iter().any(|e| e.oid == oid && e.critical)
    }

    /// One certificate inspected at `index` (0-based) of its input, at `now`.
    fn new(sc: &SourcedCert, index: usize, ctx: &Ctx<'_>) -> CertificateInfo {
        let c = &*sc.cert;
        let role = implied_role(c, ctx.backend);
        let findings = lint_certificate(c, role, ctx)
            .into_iter()
            .map(|f| Finding {
                depth: Some(index),
                ..f
            })
            .collect();
        let names = |v: &[GeneralName]| v.iter().map(GeneralName::describe).collect();
        let extensions: Vec<ExtensionInfo> = c
            .extensions
            .iter()
            .map(|e| ExtensionInfo {
                oid: e.oid.to_id_string(),
                name: extension_short_name(&e.oid).map(str::to_string),
                critical: e.critical,
                known: e.known,
            })
            .collect();
        CertificateInfo {
            index: index.saturating_add(1),
            source: sc.source.clone(),
            role: ImpliedRole::of(role),
            version: c.version.saturating_add(1),
            subject: c.subject.text.clone(),
            issuer: c.issuer.text.clone(),
            self_issued: c.is_self_issued(),
            serial: c.serial.clone(),
            not_before: rfc3339(c.not_before),
            not_before_unix: c.not_before,
            not_after: rfc3339(c.not_after),
            not_after_unix: c.not_after,
            validity: relative_validity(c.not_before, c.not_after, ctx.now),
            key: KeyInfo::of(c),
            signature_algorithm: crate::build::signature::describe(c),
            signature_algorithm_oid: c.sig_alg_oid.to_id_string(),
            subject_alt_names: c.san_names().map(GeneralName::describe).collect(),
            key_usage: c
                .key_usage
                .map(|k| k.names().iter().map(|n| n.to_string()).collect()),
            ext_key_usage: c
                .ext_key_usage
                .as_ref()
                .map(|e| crate::checks::purpose::eku_names(&e.purposes)),
            basic_constraints: c.basic_constraints.map(|b| BasicConstraintsInfo {
                ca: b.ca,
                path_len: b.path_len,
                critical: b.critical,
            }),
            name_constraints: c.name_constraints.as_ref().map(|n| NameConstraintsInfo {
                permitted: names(n.permitted.as_deref().unwrap_or_default()),
                excluded: names(n.excluded.as_deref().unwrap_or_default()),
                critical: n.critical,
            }),
            certificate_policies: c
                .policies
                .as_ref()
                .map(|p| p.iter().map(|o| o.to_id_string()).collect()),
            authority_info_access: c.extension(&AIA).map(|e| AccessInfo {
                ocsp: c.ocsp_urls.clone(),
                ca_issuers: c.ca_issuers.clone(),
                critical: e.critical,
            }),
            crl_distribution_points: c
                .extension(&CRL_DP)
                .filter(|e| e.decoded)
                .map(|_| names(&c.crl_distribution_points)),
            subject_key_id: c.ski.as_deref().map(colon_hex),
            authority_key_id: c
                .aki
                .as_ref()
                .and_then(|a| a.key_id.as_deref())
                .map(colon_hex),
            sct_count: c.sct_count,
            sha256: c.sha256.clone(),
            sha1: c.sha1(),
            unknown_extensions: extensions.iter().filter(|e| !e.known).cloned().collect(),
            extensions,
            findings,
            cert: sc.cert.clone(),
        }
    }
}

/// Every certificate of an input, inspected and linted: what `certchain inspect` prints.
///
/// ```
/// use certchain::{CheckTime, Code, Inspection, Policy};
///
/// let chain = certchain::load_certificates(
///     "fixtures/expired-intermediate/chain.pem", certchain::SourceKind::Presented).unwrap();
/// let policy = Policy { time: CheckTime::At(1_780_272_000), ..Policy::default() };
/// let inspection = Inspection::new(&chain, &policy);
/// assert_eq!(inspection.checked_at, "2026-06-01T00:00:00Z");
/// assert_eq!(inspection.certificates.len(), 2);
/// assert!(inspection.has_errors());
/// let f = &inspection.certificates[1].findings[0];
/// assert_eq!((f.depth, f.code, f.clause), (Some(1), Code::Expired, Some("RFC 5280 4.1.2.5")));
/// assert!(inspection.to_json().contains("\"code\": \"expired\""));
/// ```
#[derive(Clone, Debug, Serialize)]
pub struct Inspection {
    /// The time validity was judged at, RFC 3339.
    pub checked_at: String,
    /// The same, seconds since the Unix epoch.
    pub checked_at_unix: i64,
    /// The profile the lint applied (`webpki` or `rfc5280`).
    pub profile: &'static str,
    /// The purpose the lint applied to leaves (`server`, `client`, `any` or an OID).
    pub purpose: String,
    /// The certificates, in input order.
    pub certificates: Vec<CertificateInfo>,
}

impl Inspection {
    /// Inspect and lint every certificate of `certs` under `policy`: its check time (for
    /// validity), profile and purpose. Nothing else of the policy applies: lint builds no
    /// path and checks no revocation.
    pub fn new(certs: &[SourcedCert], policy: &Policy) -> Inspection {
        let now = match policy.time {
            CheckTime::At(t) => t,
            CheckTime::Now => chrono::Utc::now().timestamp(),
        };
        let ctx = Ctx {
            now,
            policy,
            name: None,
            backend: &crate::crypto::RingBackend,
        };
        Inspection {
            checked_at: rfc3339(now),
            checked_at_unix: now,
            profile: policy.profile.name(),
            purpose: policy.purpose.name(),
            certificates: certs
                .iter()
                .enumerate()
                .map(|(i, sc)| CertificateInfo::new(sc, i, &ctx))
                .collect(),
        }
    }

    /// Whether any certificate has an error finding (`certchain inspect` exits 1).
    ///
    /// ```
    /// use certchain::{CheckTime, Inspection, Policy};
    ///
    /// let chain = certchain::load_certificates(
    ///     "fixtures/valid-rsa/chain.pem", certchain::SourceKind::Presented).unwrap();
    /// let policy = Policy { time: CheckTime::At(1_780_272_000), ..Policy::default() };
    /// assert!(!Inspection::new(&chain, &policy).has_errors());
    /// ```
    pub fn has_errors(&self) -> bool {
        self.certificates.iter().any(|c| c.errors() > 0)
    }

    /// The inspection as pretty-printed JSON (`certchain inspect --format json`).
    ///
    /// ```
    /// use certchain::{Inspection, Policy};
    ///
    /// let chain = certchain::load_certificates(
    ///     "fixtures/valid-rsa/chain.pem", certchain::SourceKind::Presented).unwrap();
    /// let json = Inspection::new(&chain, &Policy::default()).to_json();
    /// assert!(json.contains("\"subject\": \"CN=www.example.com\""));
    /// ```
    pub fn to_json(&self) -> String {
        // Derived serde types with string keys always serialise.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}
