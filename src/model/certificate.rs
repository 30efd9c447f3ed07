//! The certificate model: one parse with x509-parser, copied into owned, checked-ready
//! fields. Encoding problems met while parsing are kept as `problems` (reported as
//! `malformed` by the checks) instead of failing the whole certificate, so a report can
//! still say which certificate is broken and how.

use crate::names::DistinguishedName;
use ring::digest;
use std::collections::HashSet;
use x509_parser::asn1_rs::ToDer;
use x509_parser::extensions::{GeneralName as XName, ParsedExtension};
use x509_parser::prelude::{FromDer, X509Certificate};
use x509_parser::public_key::PublicKey;

/// How many subjectAltName entries a message lists before "and N more": a certificate may
/// carry hundreds of names, and a finding is one readable sentence.
pub const MAX_LISTED_NAMES: usize = 8;

/// Object identifiers certchain recognises, as dotted strings.
pub mod oid {
    /// subjectKeyIdentifier (RFC 5280 4.2.1.2)
    pub const SKI: &str = "2.5.29.14";
    /// keyUsage (RFC 5280 4.2.1.3)
    pub const KEY_USAGE: &str = "2.5.29.15";
    /// subjectAltName (RFC 5280 4.2.1.6)
    pub const SAN: &str = "2.5.29.17";
    /// issuerAltName (RFC 5280 4.2.1.7)
    pub const IAN: &str = "2.5.29.18";
    /// basicConstraints (RFC 5280 4.2.1.9)
    pub const BASIC_CONSTRAINTS: &str = "2.5.29.19";
    /// nameConstraints (RFC 5280 4.2.1.10)
    pub const NAME_CONSTRAINTS: &str = "2.5.29.30";
    /// cRLDistributionPoints (RFC 5280 4.2.1.13)
    pub const CRL_DP: &str = "2.5.29.31";
    /// certificatePolicies (RFC 5280 4.2.1.4)
    pub const CERT_POLICIES: &str = "2.5.29.32";
    /// policyMappings (RFC 5280 4.2.1.5)
    pub const POLICY_MAPPINGS: &str = "2.5.29.33";
    /// authorityKeyIdentifier (RFC 5280 4.2.1.1)
    pub const AKI: &str = "2.5.29.35";
    /// policyConstraints (RFC 5280 4.2.1.11)
    pub const POLICY_CONSTRAINTS: &str = "2.5.29.36";
    /// extKeyUsage (RFC 5280 4.2.1.12)
    pub const EKU: &str = "2.5.29.37";
    /// inhibitAnyPolicy (RFC 5280 4.2.1.14)
    pub const INHIBIT_ANY_POLICY: &str = "2.5.29.54";
    /// authorityInfoAccess (RFC 5280 4.2.2.1)
    pub const AIA: &str = "1.3.6.1.5.5.7.1.1";
    /// subjectInfoAccess (RFC 5280 4.2.2.2)
    pub const SIA: &str = "1.3.6.1.5.5.7.1.11";
    /// Signed certificate timestamps (RFC 6962 3.3)
    pub const SCT_LIST: &str = "1.3.6.1.4.1.11129.2.4.2";
    /// id-ad-caIssuers (RFC 5280 4.2.2.1)
    pub const AD_CA_ISSUERS: &str = "1.3.6.1.5.5.7.48.2";
    /// id-kp-serverAuth
    pub const KP_SERVER_AUTH: &str = "1.3.6.1.5.5.7.3.1";
    /// id-kp-clientAuth
    pub const KP_CLIENT_AUTH: &str = "1.3.6.1.5.5.7.3.2";
    /// id-kp-codeSigning
    pub const KP_CODE_SIGNING: &str = "1.3.6.1.5.5.7.3.3";
    /// id-kp-emailProtection
    pub const KP_EMAIL: &str = "1.3.6.1.5.5.7.3.4";
    /// id-kp-timeStamping
    pub const KP_TIME_STAMPING: &str = "1.3.6.1.5.5.7.3.8";
    /// id-kp-OCSPSigning
    pub const KP_OCSP_SIGNING: &str = "1.3.6.1.5.5.7.3.9";
    /// anyExtendedKeyUsage
    pub const KP_ANY: &str = "2.5.29.37.0";
    /// rsaEncryption
    pub const RSA_ENCRYPTION: &str = "1.2.840.113549.1.1.1";
    /// id-ecPublicKey
    pub const EC_PUBLIC_KEY: &str = "1.2.840.10045.2.1";
    /// id-Ed25519
    pub const ED25519: &str = "1.3.101.112";
    /// id-Ed448
    pub const ED448: &str = "1.3.101.113";
    /// id-dsa
    pub const DSA: &str = "1.2.840.10040.4.1";
    /// secp256r1
    pub const P256: &str = "1.2.840.10045.3.1.7";
    /// secp384r1
    pub const P384: &str = "1.3.132.0.34";
    /// secp521r1
    pub const P521: &str = "1.3.132.0.35";
    /// secp192r1
    pub const P192: &str = "1.2.840.10045.3.1.1";
}

/// The kind and size of a subject public key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyKind {
    /// RSA with the modulus size in bits.
    Rsa {
        /// modulus length in bits
        bits: usize,
    },
    /// ECDSA on a named curve (dotted OID) or with explicit parameters (`None`).
    Ec {
        /// curve OID, `None` for explicit curve parameters
        curve: Option<String>,
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
        oid: String,
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

/// The name of a curve by its OID, or the OID itself.
pub fn curve_name(oid: &str) -> &str {
    match oid {
        oid::P256 => "P-256",
        oid::P384 => "P-384",
        oid::P521 => "P-521",
        oid::P192 => "P-192",
        other => other,
    }
}

/// A general name (RFC 5280 4.2.1.6), owned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GeneralName {
    /// dNSName
    Dns(String),
    /// iPAddress: 4 or 16 bytes in a SAN; address followed by mask (8 or 32) in a constraint
    Ip(Vec<u8>),
    /// rfc822Name
    Email(String),
    /// directoryName
    Directory(DistinguishedName),
    /// uniformResourceIdentifier
    Uri(String),
    /// otherName, by its type-id OID
    Other(String),
    /// x400Address, ediPartyName or registeredID: names certchain does not compare
    Unsupported(&'static str),
    /// a name whose value could not be decoded (e.g. non-IA5 bytes in a dNSName)
    Invalid(String),
}

impl GeneralName {
    /// The kind of name, as RFC 5280 spells it.
    pub fn kind(&self) -> &'static str {
        match self {
            GeneralName::Dns(_) => "dNSName",
            GeneralName::Ip(_) => "iPAddress",
            GeneralName::Email(_) => "rfc822Name",
            GeneralName::Directory(_) => "directoryName",
            GeneralName::Uri(_) => "uniformResourceIdentifier",
            GeneralName::Other(_) => "otherName",
            GeneralName::Unsupported(k) => k,
            GeneralName::Invalid(_) => "invalid name",
        }
    }

    /// A readable rendering, e.g. `DNS:example.com` or `IP:192.0.2.1`.
    pub fn describe(&self) -> String {
        match self {
            GeneralName::Dns(d) => format!("DNS:{d}"),
            GeneralName::Ip(b) => format!("IP:{}", crate::names::format_ip_or_cidr(b)),
            GeneralName::Email(e) => format!("email:{e}"),
            GeneralName::Directory(dn) => format!("DirName:{}", dn.text),
            GeneralName::Uri(u) => format!("URI:{u}"),
            GeneralName::Other(o) => format!("otherName:{o}"),
            GeneralName::Unsupported(k) => k.to_string(),
            GeneralName::Invalid(why) => format!("invalid ({why})"),
        }
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
        (0..9)
            .filter(|i| self.flags & (1 << i) != 0)
            .map(|i| NAMES[i])
            .collect()
    }
}

/// extKeyUsage (RFC 5280 4.2.1.12)
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExtKeyUsage {
    /// marked critical
    pub critical: bool,
    /// the purposes, as dotted OIDs
    pub purposes: Vec<String>,
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
    /// dotted OID
    pub oid: String,
    /// marked critical
    pub critical: bool,
    /// whether certchain knows what the extension means
    pub known: bool,
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
    pub(crate) sig_alg_oid: String,
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
    /// certificatePolicies: the policy OIDs (RFC 5280 4.2.1.4)
    pub(crate) policies: Option<Vec<String>>,
    /// policyMappings: (issuerDomainPolicy, subjectDomainPolicy) pairs (RFC 5280 4.2.1.5)
    pub(crate) policy_mappings: Vec<(String, String)>,
    /// policyConstraints: (requireExplicitPolicy, inhibitPolicyMapping) (RFC 5280 4.2.1.11)
    pub(crate) policy_constraints: Option<(Option<u32>, Option<u32>)>,
    /// inhibitAnyPolicy skipCerts (RFC 5280 4.2.1.14)
    pub(crate) inhibit_any_policy: Option<u32>,
    /// Encoding problems (reported as `malformed`).
    pub(crate) problems: Vec<Problem>,
}

/// Why a certificate could not be read at all.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ParseError(pub String);

/// The message for a certificate the parser refuses: what was expected and what was
/// found, in words (never the parser's debug output).
fn describe_parse_failure(e: &x509_parser::nom::Err<x509_parser::error::X509Error>) -> String {
    use x509_parser::error::X509Error;
    use x509_parser::nom::{error::ErrorKind, Err};
    const TRUNCATED: &str =
        "truncated or not a certificate: the DER ends before the structure does";
    let e = match e {
        Err::Incomplete(_) => return TRUNCATED.into(),
        Err::Error(e) | Err::Failure(e) => e,
    };
    let why = match e {
        X509Error::Der(d) => match describe_der_error(d) {
            Some(why) => why,
            None => return TRUNCATED.into(),
        },
        X509Error::NomError(ErrorKind::Eof) => return TRUNCATED.into(),
        X509Error::NomError(kind) => {
            format!("the structure does not parse ({})", kind.description())
        }
        // x509-parser's own errors are already words: "invalid serial", "invalid X.509 name".
        other => other.to_string(),
    };
    format!("not a DER X.509 certificate: {why}")
}

/// An ASN.1 decoding error in words; None when the input simply ends too early.
fn describe_der_error(e: &x509_parser::asn1_rs::Error) -> Option<String> {
    use x509_parser::asn1_rs::Error as E;
    Some(match e {
        E::Incomplete(_) => return None,
        E::UnexpectedTag {
            expected: Some(exp),
            actual,
        } => format!(
            "expected {}, found {}",
            tag_phrase(exp.0),
            tag_phrase(actual.0)
        ),
        E::UnexpectedTag {
            expected: None,
            actual,
        } => format!("unexpected {}", tag_phrase(actual.0)),
        E::UnexpectedClass {
            expected: Some(exp),
            actual,
        } => format!("expected a {exp} tag, found a {actual} tag"),
        E::UnexpectedClass {
            expected: None,
            actual,
        } => format!("unexpected {actual} tag"),
        E::InvalidLength => "an element's length is invalid".into(),
        E::InvalidValue { tag, msg } => format!("invalid {} value ({msg})", tag_name(tag.0)),
        E::InvalidTag | E::UnknownTag(_) => "an element's tag is invalid".into(),
        E::BerTypeError => "an element has the wrong type".into(),
        E::BerValueError => "an element has an invalid value".into(),
        E::IndefiniteLengthUnexpected => "an indefinite length, which DER forbids".into(),
        E::ConstructExpected => "a primitive element where a constructed one was expected".into(),
        E::ConstructUnexpected => "a constructed element where a primitive one was expected".into(),
        E::IntegerTooLarge => "an integer too large for its field".into(),
        E::IntegerNegative => "a negative integer where an unsigned one was expected".into(),
        E::BerMaxDepth => "elements nested deeper than the parser allows".into(),
        E::StringInvalidCharset => "a string with characters its type does not allow".into(),
        E::InvalidDateTime => "an invalid date or time".into(),
        E::DerConstraintFailed(c) => format!("not valid DER: {}", lower_first(&c.to_string())),
        E::NomError(x509_parser::nom::error::ErrorKind::Eof) => return None,
        E::NomError(kind) => format!("the structure does not parse ({})", kind.description()),
        other => lower_first(&other.to_string()),
    })
}

/// The name of a universal ASN.1 tag (X.680 8.4), or its number.
fn tag_name(tag: u32) -> String {
    match tag {
        1 => "BOOLEAN".into(),
        2 => "INTEGER".into(),
        3 => "BIT STRING".into(),
        4 => "OCTET STRING".into(),
        5 => "NULL".into(),
        6 => "OBJECT IDENTIFIER".into(),
        10 => "ENUMERATED".into(),
        12 => "UTF8String".into(),
        16 => "SEQUENCE".into(),
        17 => "SET".into(),
        19 => "PrintableString".into(),
        20 => "TeletexString".into(),
        22 => "IA5String".into(),
        23 => "UTCTime".into(),
        24 => "GeneralizedTime".into(),
        28 => "UniversalString".into(),
        30 => "BMPString".into(),
        n => format!("element with tag number {n}"),
    }
}

/// A tag's name with its article: "a SEQUENCE", "an INTEGER".
fn tag_phrase(tag: u32) -> String {
    crate::wording::with_article(&tag_name(tag))
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

pub use crate::wording::hex;

/// Colon-separated upper-case hex, as certificate tools show key ids and serials.
pub fn colon_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(bytes.len() * 3);
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            out.push(':');
        }
        out.push(DIGITS[(b >> 4) as usize] as char);
        out.push(DIGITS[(b & 15) as usize] as char);
    }
    out
}

impl Certificate {
    /// Parse one DER certificate. Fails only when the outer structure cannot be read;
    /// smaller encoding problems are kept and reported as `malformed` findings.
    ///
    /// ```
    /// let pem = include_str!("../../fixtures/valid-rsa/roots.pem");
    /// let der = certchain::parse_certificates("roots.pem", pem.as_bytes(), certchain::SourceKind::RootStore)
    ///     .unwrap()[0]
    ///     .cert
    ///     .der()
    ///     .to_vec();
    /// let cert = certchain::Certificate::from_der(&der).unwrap();
    /// assert_eq!(cert.subject(), "C=XX, O=Certchain Test, CN=Certchain Test Root CA");
    /// assert!(cert.is_ca() && cert.is_self_issued());
    /// assert!(certchain::Certificate::from_der(&[0x05, 0x00]).is_err());
    /// ```
    pub fn from_der(der: &[u8]) -> Result<Certificate, ParseError> {
        let (rest, x) =
            X509Certificate::from_der(der).map_err(|e| ParseError(describe_parse_failure(&e)))?;
        let mut problems = Vec::new();
        if !rest.is_empty() {
            return Err(ParseError(format!(
                "{} bytes of trailing data after the certificate",
                rest.len()
            )));
        }
        let tbs = &x.tbs_certificate;
        let tbs_raw = tbs.as_ref();
        let tbs_start = tbs_raw.as_ptr() as usize - der.as_ptr() as usize;
        let tbs_range = tbs_start..tbs_start + tbs_raw.len();

        // RFC 5280 4.1.1.2: signatureAlgorithm MUST equal tbsCertificate.signature.
        if x.signature_algorithm != tbs.signature {
            problems.push(Problem {
                clause: "RFC 5280 4.1.1.2",
                message: format!(
                    "signatureAlgorithm ({}) differs from tbsCertificate.signature ({})",
                    x.signature_algorithm.algorithm, tbs.signature.algorithm
                ),
            });
        }
        if x.signature_value.unused_bits != 0 {
            problems.push(Problem {
                clause: "RFC 5280 4.1.1.3",
                message: "the signature BIT STRING has unused bits".into(),
            });
        }

        let spki = &tbs.subject_pki;
        let key_oid = spki.algorithm.algorithm.to_id_string();
        let key = match key_oid.as_str() {
            oid::RSA_ENCRYPTION => match spki.parsed() {
                Ok(PublicKey::RSA(rsa)) => KeyKind::Rsa {
                    bits: bit_length(rsa.modulus),
                },
                _ => {
                    problems.push(Problem {
                        clause: "RFC 3279 2.3.1",
                        message: "the RSA public key does not parse".into(),
                    });
                    KeyKind::Rsa { bits: 0 }
                }
            },
            oid::EC_PUBLIC_KEY => {
                // RFC 5480 2.1.1: namedCurve is an OBJECT IDENTIFIER; specifiedCurve
                // (explicit parameters) is a SEQUENCE and is reported as `None`.
                let curve = spki
                    .algorithm
                    .parameters
                    .as_ref()
                    .filter(|p| p.header.tag() == x509_parser::asn1_rs::Tag::Oid)
                    .and_then(|p| p.as_oid().ok())
                    .map(|o| o.to_id_string());
                KeyKind::Ec { curve }
            }
            oid::ED25519 => KeyKind::Ed25519,
            oid::ED448 => KeyKind::Ed448,
            oid::DSA => KeyKind::Dsa {
                bits: match spki.parsed() {
                    Ok(PublicKey::DSA(y)) => bit_length(y),
                    _ => 0,
                },
            },
            _ => KeyKind::Other {
                oid: key_oid.clone(),
            },
        };

        let serial_raw = tbs.raw_serial().to_vec();
        let mut cert = Certificate {
            der: der.to_vec(),
            sha256: hex(digest::digest(&digest::SHA256, der).as_ref()),
            version: tbs.version.0,
            serial: colon_hex(&serial_raw),
            serial_raw,
            subject: DistinguishedName::from_x509(&tbs.subject),
            issuer: DistinguishedName::from_x509(&tbs.issuer),
            not_before: tbs.validity.not_before.timestamp(),
            not_after: tbs.validity.not_after.timestamp(),
            tbs_range,
            sig_alg_oid: x.signature_algorithm.algorithm.to_id_string(),
            sig_alg_params: x
                .signature_algorithm
                .parameters
                .as_ref()
                .map(|p| p.to_der_vec().unwrap_or_default()),
            signature: x.signature_value.data.to_vec(),
            spki: spki.raw.to_vec(),
            public_key: spki.subject_public_key.data.to_vec(),
            key,
            extensions: Vec::new(),
            basic_constraints: None,
            key_usage: None,
            ext_key_usage: None,
            san: None,
            name_constraints: None,
            ski: None,
            aki: None,
            ca_issuers: Vec::new(),
            policies: None,
            policy_mappings: Vec::new(),
            policy_constraints: None,
            inhibit_any_policy: None,
            problems,
        };
        cert.read_extensions(&x);
        Ok(cert)
    }

    fn read_extensions(&mut self, x: &X509Certificate<'_>) {
        let mut seen = HashSet::new();
        for ext in x.tbs_certificate.extensions() {
            let oid_s = ext.oid.to_id_string();
            // RFC 5280 4.2: "A certificate MUST NOT include more than one instance of a
            // particular extension."
            if !seen.insert(oid_s.clone()) {
                self.problem(
                    "RFC 5280 4.2",
                    format!("extension {oid_s} appears more than once"),
                );
                continue;
            }
            let critical = ext.critical;
            let mut known = true;
            match ext.parsed_extension() {
                ParsedExtension::ParseError { error } => {
                    self.problem(
                        "RFC 5280 4.2",
                        format!("extension {} does not decode ({error})", ext_name(&oid_s)),
                    );
                }
                ParsedExtension::BasicConstraints(bc) => {
                    self.basic_constraints = Some(BasicConstraints {
                        critical,
                        ca: bc.ca,
                        path_len: bc.path_len_constraint,
                    })
                }
                ParsedExtension::KeyUsage(ku) => {
                    if ku.flags == 0 {
                        // RFC 5280 4.2.1.3: at least one bit MUST be set.
                        self.problem("RFC 5280 4.2.1.3", "keyUsage has no bit set");
                    }
                    self.key_usage = Some(KeyUsage {
                        critical,
                        flags: ku.flags,
                    })
                }
                ParsedExtension::ExtendedKeyUsage(eku) => {
                    let mut purposes = Vec::new();
                    for (set, o) in [
                        (eku.any, oid::KP_ANY),
                        (eku.server_auth, oid::KP_SERVER_AUTH),
                        (eku.client_auth, oid::KP_CLIENT_AUTH),
                        (eku.code_signing, oid::KP_CODE_SIGNING),
                        (eku.email_protection, oid::KP_EMAIL),
                        (eku.time_stamping, oid::KP_TIME_STAMPING),
                        (eku.ocsp_signing, oid::KP_OCSP_SIGNING),
                    ] {
                        if set {
                            purposes.push(o.to_string());
                        }
                    }
                    purposes.extend(eku.other.iter().map(|o| o.to_id_string()));
                    if purposes.is_empty() {
                        // RFC 5280 4.2.1.12: KeyPurposeId SEQUENCE SIZE (1..MAX).
                        self.problem("RFC 5280 4.2.1.12", "extKeyUsage lists no purpose");
                    }
                    self.ext_key_usage = Some(ExtKeyUsage { critical, purposes })
                }
                ParsedExtension::SubjectAlternativeName(san) => {
                    if san.general_names.is_empty() {
                        self.problem("RFC 5280 4.2.1.6", "subjectAltName is empty");
                    }
                    let names = san.general_names.iter().map(general_name).collect();
                    self.san = Some(SubjectAltName { critical, names })
                }
                ParsedExtension::NameConstraints(nc) => {
                    let conv = |v: &Option<Vec<x509_parser::extensions::GeneralSubtree<'_>>>| {
                        v.as_ref()
                            .map(|s| s.iter().map(|t| general_name(&t.base)).collect())
                    };
                    self.name_constraints = Some(NameConstraints {
                        critical,
                        permitted: conv(&nc.permitted_subtrees),
                        excluded: conv(&nc.excluded_subtrees),
                    })
                }
                ParsedExtension::SubjectKeyIdentifier(kid) => self.ski = Some(kid.0.to_vec()),
                ParsedExtension::AuthorityKeyIdentifier(aki) => {
                    self.aki = Some(AuthorityKeyId {
                        critical,
                        key_id: aki.key_identifier.as_ref().map(|k| k.0.to_vec()),
                        has_cert_issuer: aki.authority_cert_issuer.is_some(),
                        has_cert_serial: aki.authority_cert_serial.is_some(),
                    })
                }
                ParsedExtension::AuthorityInfoAccess(aia) => {
                    if aia.accessdescs.is_empty() {
                        // RFC 5280 4.2.2.1: SEQUENCE SIZE (1..MAX) OF AccessDescription.
                        self.problem("RFC 5280 4.2.2.1", "authorityInfoAccess is empty");
                    }
                    for ad in &aia.accessdescs {
                        if ad.access_method.to_id_string() == oid::AD_CA_ISSUERS {
                            if let XName::URI(u) = ad.access_location {
                                self.ca_issuers.push(u.to_string());
                            }
                        }
                    }
                }
                ParsedExtension::CertificatePolicies(p) => {
                    let oids: Vec<String> = p.iter().map(|i| i.policy_id.to_id_string()).collect();
                    let distinct: HashSet<&String> = oids.iter().collect();
                    if distinct.len() != oids.len() {
                        // RFC 5280 4.2.1.4: a policy OID MUST NOT appear more than once.
                        self.problem(
                            "RFC 5280 4.2.1.4",
                            "certificatePolicies lists a policy more than once",
                        );
                    }
                    self.policies = Some(oids);
                }
                ParsedExtension::PolicyMappings(m) => {
                    self.policy_mappings = m
                        .mappings
                        .iter()
                        .map(|x| {
                            (
                                x.issuer_domain_policy.to_id_string(),
                                x.subject_domain_policy.to_id_string(),
                            )
                        })
                        .collect();
                }
                ParsedExtension::PolicyConstraints(pc) => {
                    if pc.require_explicit_policy.is_none() && pc.inhibit_policy_mapping.is_none() {
                        // RFC 5280 4.2.1.11: MUST NOT be an empty sequence.
                        self.problem("RFC 5280 4.2.1.11", "policyConstraints is empty");
                    }
                    self.policy_constraints =
                        Some((pc.require_explicit_policy, pc.inhibit_policy_mapping));
                }
                ParsedExtension::InhibitAnyPolicy(i) => {
                    self.inhibit_any_policy = Some(i.skip_certs)
                }
                ParsedExtension::CRLDistributionPoints(_)
                | ParsedExtension::SubjectInfoAccess(_)
                | ParsedExtension::IssuerAlternativeName(_)
                | ParsedExtension::SCT(_) => {}
                _ => known = false,
            }
            self.extensions.push(RawExtension {
                oid: oid_s,
                critical,
                known,
            });
        }
    }

    fn problem(&mut self, clause: &'static str, message: impl Into<String>) {
        self.problems.push(Problem {
            clause,
            message: message.into(),
        });
    }

    /// The DER encoding.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// SHA-256 of the DER, lower-case hex.
    pub fn sha256(&self) -> &str {
        &self.sha256
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

    /// The tbsCertificate bytes the issuer signed.
    pub fn tbs(&self) -> &[u8] {
        &self.der[self.tbs_range.clone()]
    }

    /// The extension with this OID, if present.
    pub fn extension(&self, oid: &str) -> Option<&RawExtension> {
        self.extensions.iter().find(|e| e.oid == oid)
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
    pub fn common_name(&self) -> Option<&str> {
        self.subject.raw_common_names().next()
    }

    /// DNS names of the subjectAltName.
    pub fn dns_names(&self) -> impl Iterator<Item = &str> {
        self.san_names().filter_map(|n| match n {
            GeneralName::Dns(d) => Some(d.as_str()),
            _ => None,
        })
    }

    /// All subjectAltName entries.
    pub fn san_names(&self) -> impl Iterator<Item = &GeneralName> {
        self.san.iter().flat_map(|s| s.names.iter())
    }

    /// The subjectAltName entries `keep` selects, described and comma-separated for a
    /// message ("DNS:a.example, IP:192.0.2.1"), at most [`MAX_LISTED_NAMES`] of them and
    /// then "and N more"; `None` when none is selected.
    pub fn list_san_names(&self, keep: impl Fn(&GeneralName) -> bool) -> Option<String> {
        let selected: Vec<&GeneralName> = self.san_names().filter(|n| keep(n)).collect();
        if selected.is_empty() {
            return None;
        }
        let mut text: Vec<String> = selected
            .iter()
            .take(MAX_LISTED_NAMES)
            .map(|n| n.describe())
            .collect();
        if selected.len() > MAX_LISTED_NAMES {
            text.push(format!("and {} more", selected.len() - MAX_LISTED_NAMES));
        }
        Some(text.join(", "))
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

/// Number of significant bits of a big-endian unsigned integer.
fn bit_length(bytes: &[u8]) -> usize {
    let mut b = bytes;
    while let [0, rest @ ..] = b {
        b = rest;
    }
    match b.first() {
        Some(first) => b.len() * 8 - first.leading_zeros() as usize,
        None => 0,
    }
}

fn ext_name(oid_s: &str) -> String {
    let name = match oid_s {
        oid::SKI => "subjectKeyIdentifier",
        oid::AKI => "authorityKeyIdentifier",
        oid::KEY_USAGE => "keyUsage",
        oid::EKU => "extKeyUsage",
        oid::SAN => "subjectAltName",
        oid::IAN => "issuerAltName",
        oid::BASIC_CONSTRAINTS => "basicConstraints",
        oid::NAME_CONSTRAINTS => "nameConstraints",
        oid::CERT_POLICIES => "certificatePolicies",
        oid::POLICY_CONSTRAINTS => "policyConstraints",
        oid::POLICY_MAPPINGS => "policyMappings",
        oid::INHIBIT_ANY_POLICY => "inhibitAnyPolicy",
        oid::CRL_DP => "cRLDistributionPoints",
        oid::AIA => "authorityInfoAccess",
        oid::SIA => "subjectInfoAccess",
        oid::SCT_LIST => "signedCertificateTimestampList",
        _ => return oid_s.to_string(),
    };
    format!("{name} ({oid_s})")
}

/// The readable name of an extension OID ("keyUsage (2.5.29.15)").
pub fn extension_name(oid_s: &str) -> String {
    ext_name(oid_s)
}

fn general_name(n: &XName<'_>) -> GeneralName {
    match n {
        XName::DNSName(s) if s.is_ascii() => GeneralName::Dns(s.to_string()),
        XName::DNSName(s) => GeneralName::Invalid(format!("dNSName {s:?} is not IA5 (ASCII)")),
        XName::RFC822Name(s) if s.is_ascii() => GeneralName::Email(s.to_string()),
        XName::RFC822Name(s) => {
            GeneralName::Invalid(format!("rfc822Name {s:?} is not IA5 (ASCII)"))
        }
        XName::URI(s) => GeneralName::Uri(s.to_string()),
        XName::IPAddress(b) => GeneralName::Ip(b.to_vec()),
        XName::DirectoryName(dn) => GeneralName::Directory(DistinguishedName::from_x509(dn)),
        XName::OtherName(o, _) => GeneralName::Other(o.to_id_string()),
        XName::X400Address(_) => GeneralName::Unsupported("x400Address"),
        XName::EDIPartyName(_) => GeneralName::Unsupported("ediPartyName"),
        XName::RegisteredID(_) => GeneralName::Unsupported("registeredID"),
        XName::Invalid(tag, _) => {
            GeneralName::Invalid(format!("undecodable general name (tag {})", tag.0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaf_with_names(names: &[&str]) -> Certificate {
        let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        let params = rcgen::CertificateParams::new(names).unwrap();
        let key = rcgen::KeyPair::generate().unwrap();
        Certificate::from_der(params.self_signed(&key).unwrap().der()).unwrap()
    }

    #[test]
    fn a_long_san_list_is_cut_after_max_listed_names() {
        let names: Vec<String> = (0..12).map(|i| format!("h{i}.example.com")).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let listed = leaf_with_names(&refs).list_san_names(|_| true).unwrap();
        assert!(listed.starts_with("DNS:h0.example.com, DNS:h1.example.com, "));
        assert!(
            listed.ends_with("DNS:h7.example.com, and 4 more"),
            "{listed}"
        );
    }

    #[test]
    fn a_short_san_list_is_listed_whole_and_an_empty_selection_is_none() {
        let cert = leaf_with_names(&["a.example.com", "192.0.2.1"]);
        assert_eq!(
            cert.list_san_names(|_| true).as_deref(),
            Some("DNS:a.example.com, IP:192.0.2.1")
        );
        assert_eq!(
            cert.list_san_names(|n| matches!(n, GeneralName::Email(_))),
            None
        );
    }
}
