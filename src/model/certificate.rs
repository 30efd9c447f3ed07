//! The certificate model: owned, checked-ready fields (filled by `parse.rs`) and the few
//! accessors the checks and the report use.

use super::general_name::GeneralName;
use super::name::DistinguishedName;
use super::oid;
use x509_parser::asn1_rs::Oid;

/// How many subjectAltName entries a message lists before "and N more": a certificate may
/// carry hundreds of names, and a finding is one readable sentence.
pub const MAX_LISTED_NAMES: usize = 8;

/// The kind and size of a subject public key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyKind {
    /// RSA with the modulus size in bits.
    Rsa {
        /// modulus length in bits
        bits: usize,
    },
    /// ECDSA on a named curve or with explicit parameters (`None`).
    Ec {
        /// curve OID, `None` for explicit curve parameters
        curve: Option<Oid<'static>>,
    },
    /// Ed25519.
    Ed25519,
    /// Ed448.
    Ed448,
    /// DSA with the size of its public value in bits.
    Dsa {
        /// public value length in bits
        bits: usize,
    },
    /// Anything else, by algorithm OID.
    Other {
        /// algorithm OID
        oid: Oid<'static>,
    },
}

impl KeyKind {
    /// A short human description, e.g. "RSA 2048" or "ECDSA P-256".
    pub fn describe(&self) -> String {
        match self {
            KeyKind::Rsa { bits } => format!("RSA {bits}"),
            KeyKind::Ec { curve: Some(c) } => format!("ECDSA {}", curve_name(c)),
            KeyKind::Ec { curve: None } => "ECDSA (explicit curve parameters)".into(),
            KeyKind::Ed25519 => "Ed25519".into(),
            KeyKind::Ed448 => "Ed448".into(),
            KeyKind::Dsa { bits } => format!("DSA {bits}"),
            KeyKind::Other { oid } => format!("unknown key type {oid}"),
        }
    }
}

/// The named curves certchain names in messages.
const CURVE_NAMES: &[(Oid<'static>, &str)] = &[
    (oid::P256, "P-256"),
    (oid::P384, "P-384"),
    (oid::P521, "P-521"),
    (oid::P192, "P-192"),
];

/// The name of a curve by its OID, or the dotted OID.
pub fn curve_name(curve: &Oid<'_>) -> String {
    match CURVE_NAMES.iter().find(|(o, _)| o == curve) {
        Some((_, name)) => (*name).to_string(),
        None => curve.to_id_string(),
    }
}

/// basicConstraints (RFC 5280 4.2.1.9)
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BasicConstraints {
    /// marked critical
    pub critical: bool,
    /// cA boolean
    pub ca: bool,
    /// pathLenConstraint
    pub path_len: Option<u32>,
}

/// keyUsage (RFC 5280 4.2.1.3), as the bit flags x509-parser exposes (bit 0 = digitalSignature).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyUsage {
    /// marked critical
    pub critical: bool,
    /// bit flags, bit 0 = digitalSignature ... bit 8 = decipherOnly
    pub flags: u16,
}

impl KeyUsage {
    /// digitalSignature
    pub const DIGITAL_SIGNATURE: u16 = 1;
    /// keyEncipherment
    pub const KEY_ENCIPHERMENT: u16 = 1 << 2;
    /// keyAgreement
    pub const KEY_AGREEMENT: u16 = 1 << 4;
    /// keyCertSign
    pub const KEY_CERT_SIGN: u16 = 1 << 5;
    /// cRLSign
    pub const CRL_SIGN: u16 = 1 << 6;

    /// Whether a bit is set.
    pub fn has(&self, bit: u16) -> bool {
        self.flags & bit != 0
    }

    /// The names of the set bits.
    pub fn names(&self) -> Vec<&'static str> {
        const NAMES: [&str; 9] = [
            "digitalSignature",
            "nonRepudiation",
            "keyEncipherment",
            "dataEncipherment",
            "keyAgreement",
            "keyCertSign",
            "cRLSign",
            "encipherOnly",
            "decipherOnly",
        ];
        NAMES
            .iter()
            .enumerate()
            .filter(|&(bit, _)| self.flags & (1 << bit) != 0)
            .map(|(_, &name)| name)
            .collect()
    }
}

/// extKeyUsage (RFC 5280 4.2.1.12)
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExtKeyUsage {
    /// marked critical
    pub critical: bool,
    /// the purposes
    pub purposes: Vec<Oid<'static>>,
}

/// subjectAltName (RFC 5280 4.2.1.6)
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubjectAltName {
    /// marked critical
    pub critical: bool,
    /// the names
    pub names: Vec<GeneralName>,
}

/// nameConstraints (RFC 5280 4.2.1.10)
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameConstraints {
    /// marked critical
    pub critical: bool,
    /// permittedSubtrees (`None` when absent)
    pub permitted: Option<Vec<GeneralName>>,
    /// excludedSubtrees (`None` when absent)
    pub excluded: Option<Vec<GeneralName>>,
}

/// authorityKeyIdentifier (RFC 5280 4.2.1.1)
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthorityKeyId {
    /// marked critical
    pub critical: bool,
    /// keyIdentifier
    pub key_id: Option<Vec<u8>>,
    /// authorityCertIssuer present
    pub has_cert_issuer: bool,
    /// authorityCertSerialNumber present
    pub has_cert_serial: bool,
}

/// One extension as it appears in the certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawExtension {
    /// the extension's OID
    pub oid: Oid<'static>,
    /// marked critical
    pub critical: bool,
    /// whether certchain knows what the extension means
    pub known: bool,
    /// whether its value decoded (one that does not is a `malformed` problem)
    pub decoded: bool,
}

/// An encoding problem found while reading a certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// the clause the encoding breaks
    pub clause: &'static str,
    /// what is wrong, for a person
    pub message: String,
}

/// A parsed certificate with everything the checks need, owned.
///
/// ```
/// use certchain::{Certificate, SourceKind};
///
/// let chain = certchain::parse_certificates(
///     "chain.pem", include_bytes!("../../fixtures/valid-rsa/chain.pem"), SourceKind::Presented,
/// ).unwrap();
/// let leaf = &chain[0].cert;
/// assert_eq!(leaf.subject(), "CN=www.example.com");
/// assert_eq!(leaf.issuer(), "C=XX, O=Certchain Test, CN=Certchain Test Intermediate CA");
/// assert_eq!(leaf.serial(), "50:31:46:77:45:85:AB:55:85:F3:B2:C7:0D:D5:85:30");
/// assert!(leaf.sha256().starts_with("ed76e37e6de73882"));
/// assert_eq!(leaf.not_before(), 1_767_225_600); // 2026-01-01T00:00:00Z
/// assert_eq!(leaf.not_after(), 1_798_761_600); // 2027-01-01T00:00:00Z
/// assert!(!leaf.is_ca());
/// assert!(chain[1].cert.is_ca());
///
/// // The same certificate from its DER.
/// let again = Certificate::from_der(leaf.der()).unwrap();
/// assert_eq!(again.sha256(), leaf.sha256());
/// ```
#[derive(Clone, Debug)]
pub struct Certificate {
    /// The DER encoding.
    pub(crate) der: Vec<u8>,
    /// SHA-256 of the DER, lower-case hex.
    pub sha256: String,
    /// X.509 version as encoded (0 = v1, 2 = v3).
    pub(crate) version: u32,
    /// Serial number, colon-separated hex.
    pub(crate) serial: String,
    /// Serial number content octets as encoded (two's complement, big-endian).
    pub(crate) serial_raw: Vec<u8>,
    /// Subject, parsed.
    pub(crate) subject: DistinguishedName,
    /// Issuer, parsed.
    pub(crate) issuer: DistinguishedName,
    /// notBefore, seconds since the Unix epoch.
    pub(crate) not_before: i64,
    /// notAfter, seconds since the Unix epoch.
    pub(crate) not_after: i64,
    /// Byte range of tbsCertificate inside `der` (what the signature covers).
    pub(crate) tbs_range: std::ops::Range<usize>,
    /// signatureAlgorithm OID (outer).
    pub(crate) sig_alg_oid: Oid<'static>,
    /// signatureAlgorithm parameters, DER of the parameters element, if present.
    pub(crate) sig_alg_params: Option<Vec<u8>>,
    /// The signature bits.
    pub(crate) signature: Vec<u8>,
    /// The whole SubjectPublicKeyInfo DER.
    pub(crate) spki: Vec<u8>,
    /// The subjectPublicKey bits (RSAPublicKey DER, EC point, or raw Ed25519 key).
    pub(crate) public_key: Vec<u8>,
    /// Key type and size.
    pub(crate) key: KeyKind,
    /// Every extension, in order.
    pub(crate) extensions: Vec<RawExtension>,
    /// basicConstraints
    pub(crate) basic_constraints: Option<BasicConstraints>,
    /// keyUsage
    pub(crate) key_usage: Option<KeyUsage>,
    /// extKeyUsage
    pub(crate) ext_key_usage: Option<ExtKeyUsage>,
    /// subjectAltName
    pub(crate) san: Option<SubjectAltName>,
    /// nameConstraints
    pub(crate) name_constraints: Option<NameConstraints>,
    /// subjectKeyIdentifier
    pub(crate) ski: Option<Vec<u8>>,
    /// authorityKeyIdentifier
    pub(crate) aki: Option<AuthorityKeyId>,
    /// caIssuers URLs from authorityInfoAccess
    pub(crate) ca_issuers: Vec<String>,
    /// OCSP responder URLs from authorityInfoAccess (RFC 5280 4.2.2.1)
    pub(crate) ocsp_urls: Vec<String>,
    /// cRLDistributionPoints: the names of every distribution point, in order (RFC 5280
    /// 4.2.1.13); a point named relative to its CRL issuer is `Unsupported`
    pub(crate) crl_distribution_points: Vec<GeneralName>,
    /// The number of signed certificate timestamps the SCT list extension carries (RFC
    /// 6962 3.3), when it is present and decodes
    pub(crate) sct_count: Option<usize>,
    /// The TLS Feature extension's features (RFC 7633), `None` when absent; 5 is
    /// status_request (OCSP Must-Staple)
    pub(crate) tls_features: Option<Vec<u64>>,
    /// certificatePolicies: the policy OIDs (RFC 5280 4.2.1.4)
    pub(crate) policies: Option<Vec<Oid<'static>>>,
    /// policyMappings: (issuerDomainPolicy, subjectDomainPolicy) pairs (RFC 5280 4.2.1.5)
    pub(crate) policy_mappings: Vec<(Oid<'static>, Oid<'static>)>,
    /// policyConstraints: (requireExplicitPolicy, inhibitPolicyMapping) (RFC 5280 4.2.1.11)
    pub(crate) policy_constraints: Option<(Option<u32>, Option<u32>)>,
    /// inhibitAnyPolicy skipCerts (RFC 5280 4.2.1.14)
    pub(crate) inhibit_any_policy: Option<u32>,
    /// The URIs of cRLDistributionPoints fullName entries (RFC 5280 4.2.1.13)
    pub(crate) crl_urls: Vec<String>,
    /// Encoding problems (reported as `malformed`).
    pub(crate) problems: Vec<Problem>,
}

/// The TLS extension number of status_request (RFC 6066 8), as RFC 7633 lists it in a
/// TLS Feature extension.
pub(crate) const TLS_FEATURE_STATUS_REQUEST: u64 = 5;

pub use crate::wording::hex;
use crate::wording::hex_digit;

/// Colon-separated upper-case hex, as certificate tools show key ids and serials.
pub fn colon_hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().checked_mul(3).unwrap_or_default());
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            out.push(':');
        }
        out.push(hex_digit(b >> 4).to_ascii_uppercase());
        out.push(hex_digit(b & 15).to_ascii_uppercase());
    }
    out
}

impl Certificate {
    /// The DER encoding.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// The DER as one PEM `CERTIFICATE` block, 64-character lines, LF line endings.
    pub fn to_pem(&self) -> String {
        pem::encode_config(
            &pem::Pem::new("CERTIFICATE", self.der.clone()),
            pem::EncodeConfig::new().set_line_ending(pem::LineEnding::LF),
        )
    }

    /// SHA-256 of the DER, lower-case hex.
    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    /// SHA-1 of the DER, lower-case hex: the fingerprint older tools show (`openssl x509
    /// -fingerprint`), computed on each call: certchain identifies certificates by SHA-256
    /// only, and a verification never needs it.
    ///
    /// ```
    /// let chain = certchain::load_certificates(
    ///     "fixtures/valid-rsa/chain.pem", certchain::SourceKind::Presented).unwrap();
    /// assert_eq!(chain[0].cert.sha1().len(), 40);
    /// ```
    pub fn sha1(&self) -> String {
        let digest = ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, &self.der);
        hex(digest.as_ref())
    }

    /// The subject, as one line (`C=XX, O=Example, CN=www.example.com`).
    pub fn subject(&self) -> &str {
        &self.subject.text
    }

    /// The issuer, as one line.
    pub fn issuer(&self) -> &str {
        &self.issuer.text
    }

    /// The serial number, colon-separated hex.
    pub fn serial(&self) -> &str {
        &self.serial
    }

    /// notBefore, seconds since the Unix epoch.
    pub fn not_before(&self) -> i64 {
        self.not_before
    }

    /// notAfter, seconds since the Unix epoch.
    pub fn not_after(&self) -> i64 {
        self.not_after
    }

    /// The subject public key's type and size in words: `RSA 2048`, `ECDSA P-256`,
    /// `Ed25519`.
    ///
    /// ```
    /// let roots = certchain::parse_certificates(
    ///     "roots.pem", include_bytes!("../../fixtures/valid-rsa/roots.pem"), certchain::SourceKind::RootStore,
    /// ).unwrap();
    /// assert_eq!(roots[0].cert.key_type(), "RSA 2048");
    /// ```
    pub fn key_type(&self) -> String {
        self.key.describe()
    }

    /// The tbsCertificate bytes the issuer signed.
    pub(crate) fn tbs(&self) -> &[u8] {
        // The range was taken from this DER when it was parsed, so it is always inside;
        // were it not, no signature would verify over the empty slice (fail closed).
        self.der.get(self.tbs_range.clone()).unwrap_or_default()
    }

    /// The extension with this OID, if present.
    pub(crate) fn extension(&self, oid: &Oid<'_>) -> Option<&RawExtension> {
        self.extensions.iter().find(|e| e.oid == *oid)
    }

    /// Whether subject and issuer are the same name, compared as RFC 5280 7.1 says
    /// (RFC 5280 6.1: self-issued).
    pub fn is_self_issued(&self) -> bool {
        self.subject.norm == self.issuer.norm
    }

    /// Whether basicConstraints says cA=TRUE.
    pub fn is_ca(&self) -> bool {
        self.basic_constraints.is_some_and(|b| b.ca)
    }

    /// The subject's first common name as encoded, if any.
    pub(crate) fn common_name(&self) -> Option<&str> {
        self.subject.raw_common_names().next()
    }

    /// DNS names of the subjectAltName.
    pub(crate) fn dns_names(&self) -> impl Iterator<Item = &str> {
        self.san_names().filter_map(|n| match n {
            GeneralName::Dns(d) => Some(d.as_str()),
            _ => None,
        })
    }

    /// All subjectAltName entries.
    pub(crate) fn san_names(&self) -> impl Iterator<Item = &GeneralName> {
        self.san.iter().flat_map(|s| s.names.iter())
    }

    /// The OCSP responder URLs its authorityInfoAccess names (id-ad-ocsp).
    pub fn ocsp_urls(&self) -> &[String] {
        &self.ocsp_urls
    }

    /// Whether its TLS Feature extension (RFC 7633) requires status_request: OCSP
    /// Must-Staple, a server sending it must staple an OCSP response.
    pub fn must_staple(&self) -> bool {
        self.tls_features
            .as_ref()
            .is_some_and(|f| f.contains(&TLS_FEATURE_STATUS_REQUEST))
    }

    /// A short label: the subject's CN, else the whole subject, else the first SAN.
    pub fn short_name(&self) -> String {
        match self.common_name() {
            Some(cn) => format!("CN={cn}"),
            None if self.subject.text.is_empty() => match self.san_names().next() {
                Some(n) => format!("(empty subject, {})", n.describe()),
                None => "(empty subject)".into(),
            },
            None => self.subject.text.clone(),
        }
    }
}
