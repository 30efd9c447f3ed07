//! The x509-parser adapter: one parse of the DER, copied into the owned [`Certificate`]
//! model. Encoding problems met while parsing are kept as `problems` (reported as
//! `malformed` by the checks) instead of failing the whole certificate, so a report can
//! still say which certificate is broken and how.

use super::certificate::*;
use super::general_name::GeneralName;
use super::name::DistinguishedName;
use super::oid::{self, extension_name};
use ring::digest;
use std::collections::HashSet;
use x509_parser::asn1_rs::{Oid, ToDer};
use x509_parser::extensions::{self as x, GeneralName as XName, ParsedExtension};
use x509_parser::prelude::{FromDer, X509Certificate};
use x509_parser::public_key::PublicKey;

/// Why a certificate could not be read at all.
///
/// ```
/// use certchain::Certificate;
///
/// let err = Certificate::from_der(b"garbage").unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "truncated or not a certificate: the DER ends before the structure does"
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ParseError(pub(crate) String);

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
        // x509-parser borrows tbsCertificate from `der`: its offset there.
        let tbs_start = tbs_raw
            .as_ptr()
            .addr()
            .checked_sub(der.as_ptr().addr())
            .ok_or_else(|| ParseError("tbsCertificate lies outside the certificate".into()))?;
        let tbs_end = tbs_start
            .checked_add(tbs_raw.len())
            .ok_or_else(|| ParseError("tbsCertificate lies outside the certificate".into()))?;
        let tbs_range = tbs_start..tbs_end;

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
        // X.690 8.1.2: x509-parser reads a field by its tag number alone.
        if let Some(why) = super::der_shape::first_wrong_tag(der) {
            problems.push(Problem {
                clause: "RFC 5280 4.1",
                message: why,
            });
        }
        if x.signature_value.unused_bits != 0 {
            problems.push(Problem {
                clause: "RFC 5280 4.1.1.3",
                message: "the signature BIT STRING has unused bits".into(),
            });
        }

        let spki = &tbs.subject_pki;
        let key_oid = &spki.algorithm.algorithm;
        let key = if *key_oid == oid::RSA_ENCRYPTION {
            match spki.parsed() {
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
            }
        } else if *key_oid == oid::EC_PUBLIC_KEY {
            {
                // RFC 5480 2.1.1: namedCurve is an OBJECT IDENTIFIER; specifiedCurve
                // (explicit parameters) is a SEQUENCE and is reported as `None`.
                let curve = spki
                    .algorithm
                    .parameters
                    .as_ref()
                    .filter(|p| p.header.tag() == x509_parser::asn1_rs::Tag::Oid)
                    .and_then(|p| p.as_oid().ok())
                    .map(|o| o.to_owned());
                KeyKind::Ec { curve }
            }
        } else if *key_oid == oid::ED25519 {
            KeyKind::Ed25519
        } else if *key_oid == oid::ED448 {
            KeyKind::Ed448
        } else if *key_oid == oid::DSA {
            KeyKind::Dsa {
                bits: match spki.parsed() {
                    Ok(PublicKey::DSA(y)) => bit_length(y),
                    _ => 0,
                },
            }
        } else {
            KeyKind::Other {
                oid: key_oid.to_owned(),
            }
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
            sig_alg_oid: x.signature_algorithm.algorithm.to_owned(),
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
            ocsp_urls: Vec::new(),
            crl_distribution_points: Vec::new(),
            sct_count: None,
            tls_features: None,
            policies: None,
            policy_mappings: Vec::new(),
            policy_constraints: None,
            inhibit_any_policy: None,
            crl_urls: Vec::new(),
            problems,
        };
        cert.read_extensions(&x);
        Ok(cert)
    }

    fn read_extensions(&mut self, x: &X509Certificate<'_>) {
        let mut seen = HashSet::new();
        for ext in x.tbs_certificate.extensions() {
            // RFC 5280 4.2: "A certificate MUST NOT include more than one instance of a
            // particular extension."
            if !seen.insert(ext.oid.clone()) {
                self.problem(
                    "RFC 5280 4.2",
                    format!(
                        "extension {} appears more than once",
                        ext.oid.to_id_string()
                    ),
                );
                continue;
            }
            let parsed = ext.parsed_extension();
            let known = if ext.oid == oid::TLS_FEATURE {
                self.read_tls_feature(ext.value)
            } else {
                self.read_extension(&ext.oid, ext.critical, parsed, ext.value)
            };
            self.extensions.push(RawExtension {
                oid: ext.oid.to_owned(),
                critical: ext.critical,
                known,
                decoded: !matches!(parsed, ParsedExtension::ParseError { .. }),
            });
        }
    }

    /// Read one extension into its field; false when certchain does not know it.
    fn read_extension(
        &mut self,
        oid: &Oid<'_>,
        critical: bool,
        ext: &ParsedExtension<'_>,
        raw: &[u8],
    ) -> bool {
        match ext {
            ParsedExtension::ParseError { error } => {
                self.problem(
                    "RFC 5280 4.2",
                    format!(
                        "extension {} does not decode ({error})",
                        extension_name(oid)
                    ),
                );
            }
            ParsedExtension::BasicConstraints(bc) => self.read_basic_constraints(critical, bc),
            ParsedExtension::KeyUsage(ku) => self.read_key_usage(critical, ku),
            ParsedExtension::ExtendedKeyUsage(eku) => self.read_ext_key_usage(critical, eku, raw),
            ParsedExtension::SubjectAlternativeName(san) => self.read_san(critical, san),
            ParsedExtension::NameConstraints(nc) => self.read_name_constraints(critical, nc),
            ParsedExtension::SubjectKeyIdentifier(kid) => self.ski = Some(kid.0.to_vec()),
            ParsedExtension::AuthorityKeyIdentifier(aki) => self.read_aki(critical, aki),
            ParsedExtension::AuthorityInfoAccess(aia) => self.read_aia(aia),
            ParsedExtension::CertificatePolicies(p) => self.read_policies(p),
            ParsedExtension::PolicyMappings(m) => self.read_policy_mappings(m),
            ParsedExtension::PolicyConstraints(pc) => self.read_policy_constraints(pc),
            ParsedExtension::InhibitAnyPolicy(i) => self.inhibit_any_policy = Some(i.skip_certs),
            ParsedExtension::CRLDistributionPoints(dp) => self.read_crl_distribution_points(dp),
            ParsedExtension::SCT(scts) => self.sct_count = Some(scts.len()),
            ParsedExtension::SubjectInfoAccess(_) | ParsedExtension::IssuerAlternativeName(_) => {}
            _ => return false,
        }
        true
    }

    // RFC 5280 4.2.1.9
    fn read_basic_constraints(&mut self, critical: bool, bc: &x::BasicConstraints) {
        self.basic_constraints = Some(BasicConstraints {
            critical,
            ca: bc.ca,
            path_len: bc.path_len_constraint,
        })
    }

    // RFC 5280 4.2.1.3
    fn read_key_usage(&mut self, critical: bool, ku: &x::KeyUsage) {
        if ku.flags == 0 {
            // RFC 5280 4.2.1.3: at least one bit MUST be set.
            self.problem("RFC 5280 4.2.1.3", "keyUsage has no bit set");
        }
        self.key_usage = Some(KeyUsage {
            critical,
            flags: ku.flags,
        })
    }

    // RFC 5280 4.2.1.12
    fn read_ext_key_usage(&mut self, critical: bool, eku: &x::ExtendedKeyUsage<'_>, raw: &[u8]) {
        // The purposes in encoded order, as tools list them; x509-parser keeps only flags
        // for the purposes it knows, so their order comes from the value itself.
        let mut purposes: Vec<Oid<'static>> = match <Vec<Oid<'_>>>::from_der(raw) {
            Ok((_, oids)) => oids.iter().map(|o| o.to_owned()).collect(),
            Err(_) => Vec::new(),
        };
        for (set, o) in [
            (eku.any, oid::KP_ANY),
            (eku.server_auth, oid::KP_SERVER_AUTH),
            (eku.client_auth, oid::KP_CLIENT_AUTH),
            (eku.code_signing, oid::KP_CODE_SIGNING),
            (eku.email_protection, oid::KP_EMAIL),
            (eku.time_stamping, oid::KP_TIME_STAMPING),
            (eku.ocsp_signing, oid::KP_OCSP_SIGNING),
        ] {
            if set && !purposes.contains(&o) {
                purposes.push(o);
            }
        }
        for o in &eku.other {
            if !purposes.contains(o) {
                purposes.push(o.to_owned());
            }
        }
        if purposes.is_empty() {
            // RFC 5280 4.2.1.12: KeyPurposeId SEQUENCE SIZE (1..MAX).
            self.problem("RFC 5280 4.2.1.12", "extKeyUsage lists no purpose");
        }
        self.ext_key_usage = Some(ExtKeyUsage { critical, purposes })
    }

    // RFC 5280 4.2.1.6
    fn read_san(&mut self, critical: bool, san: &x::SubjectAlternativeName<'_>) {
        if san.general_names.is_empty() {
            self.problem("RFC 5280 4.2.1.6", "subjectAltName is empty");
        }
        let names = san.general_names.iter().map(general_name).collect();
        self.san = Some(SubjectAltName { critical, names })
    }

    // RFC 5280 4.2.1.10
    fn read_name_constraints(&mut self, critical: bool, nc: &x::NameConstraints<'_>) {
        let conv = |v: &Option<Vec<x::GeneralSubtree<'_>>>| {
            v.as_ref()
                .map(|s| s.iter().map(|t| general_name(&t.base)).collect())
        };
        self.name_constraints = Some(NameConstraints {
            critical,
            permitted: conv(&nc.permitted_subtrees),
            excluded: conv(&nc.excluded_subtrees),
        })
    }

    // RFC 5280 4.2.1.1
    fn read_aki(&mut self, critical: bool, aki: &x::AuthorityKeyIdentifier<'_>) {
        self.aki = Some(AuthorityKeyId {
            critical,
            key_id: aki.key_identifier.as_ref().map(|k| k.0.to_vec()),
            has_cert_issuer: aki.authority_cert_issuer.is_some(),
            has_cert_serial: aki.authority_cert_serial.is_some(),
        })
    }

    // RFC 5280 4.2.1.13: the URIs of each distribution point's fullName, where the CRL
    // can be fetched (`--fetch-crls`); a relative name or a cRLIssuer-only point names
    // no place to fetch from.
    // RFC 5280 4.2.2.1
    fn read_aia(&mut self, aia: &x::AuthorityInfoAccess<'_>) {
        if aia.accessdescs.is_empty() {
            // RFC 5280 4.2.2.1: SEQUENCE SIZE (1..MAX) OF AccessDescription.
            self.problem("RFC 5280 4.2.2.1", "authorityInfoAccess is empty");
        }
        for ad in &aia.accessdescs {
            if let XName::URI(u) = ad.access_location {
                if ad.access_method == oid::AD_CA_ISSUERS {
                    self.ca_issuers.push(u.to_string());
                } else if ad.access_method == oid::AD_OCSP {
                    self.ocsp_urls.push(u.to_string());
                }
            } else if ad.access_method == oid::AD_OCSP {
                if let XName::URI(u) = ad.access_location {
                    self.ocsp_urls.push(u.to_string());
                }
            }
        }
    }

    // RFC 5280 4.2.1.13
    fn read_crl_distribution_points(&mut self, dp: &x::CRLDistributionPoints<'_>) {
        for point in dp.iter() {
            match &point.distribution_point {
                Some(x::DistributionPointName::FullName(names)) => {
                    for n in names {
                        if let XName::URI(u) = n {
                            self.crl_urls.push(u.to_string());
                        }
                    }
                    self.crl_distribution_points
                        .extend(names.iter().map(general_name));
                }
                Some(x::DistributionPointName::NameRelativeToCRLIssuer(_)) => self
                    .crl_distribution_points
                    .push(GeneralName::Unsupported("nameRelativeToCRLIssuer")),
                // Only a cRLIssuer: the CRL is found through that issuer's name.
                None => {}
            }
        }
    }

    // RFC 7633 4: Features ::= SEQUENCE OF INTEGER (TLS extension numbers). One that
    // does not decode is a `malformed` problem, and counts as asking for status_request:
    // a certificate that may demand stapling is held to it.
    fn read_tls_feature(&mut self, value: &[u8]) -> bool {
        use x509_parser::der_parser::der::parse_der_sequence_of_v;
        use x509_parser::der_parser::error::BerError;
        let parsed = parse_der_sequence_of_v(|i| {
            let (rest, n) = x509_parser::der_parser::der::parse_der_u64(i)?;
            Ok::<_, x509_parser::nom::Err<BerError>>((rest, n))
        })(value);
        match parsed {
            Ok((&[], features)) => self.tls_features = Some(features),
            _ => {
                self.problem("RFC 7633 4", "the TLS Feature extension does not decode");
                self.tls_features = Some(vec![super::certificate::TLS_FEATURE_STATUS_REQUEST]);
            }
        }
        true
    }

    // RFC 5280 4.2.1.4
    fn read_policies(&mut self, p: &[x::PolicyInformation<'_>]) {
        let oids: Vec<Oid<'static>> = p.iter().map(|i| i.policy_id.to_owned()).collect();
        let distinct: HashSet<&Oid<'static>> = oids.iter().collect();
        if distinct.len() != oids.len() {
            // RFC 5280 4.2.1.4: a policy OID MUST NOT appear more than once.
            self.problem(
                "RFC 5280 4.2.1.4",
                "certificatePolicies lists a policy more than once",
            );
        }
        self.policies = Some(oids);
    }

    // RFC 5280 4.2.1.5
    fn read_policy_mappings(&mut self, m: &x::PolicyMappings<'_>) {
        self.policy_mappings = m
            .mappings
            .iter()
            .map(|x| {
                (
                    x.issuer_domain_policy.to_owned(),
                    x.subject_domain_policy.to_owned(),
                )
            })
            .collect();
    }

    // RFC 5280 4.2.1.11
    fn read_policy_constraints(&mut self, pc: &x::PolicyConstraints) {
        if pc.require_explicit_policy.is_none() && pc.inhibit_policy_mapping.is_none() {
            // RFC 5280 4.2.1.11: MUST NOT be an empty sequence.
            self.problem("RFC 5280 4.2.1.11", "policyConstraints is empty");
        }
        self.policy_constraints = Some((pc.require_explicit_policy, pc.inhibit_policy_mapping));
    }

    fn problem(&mut self, clause: &'static str, message: impl Into<String>) {
        self.problems.push(Problem {
            clause,
            message: message.into(),
        });
    }
}

/// Number of significant bits of a big-endian unsigned integer.
fn bit_length(bytes: &[u8]) -> usize {
    let mut b = bytes;
    while let [0, rest @ ..] = b {
        b = rest;
    }
    match b.first() {
        // `leading_zeros` of a byte is at most 8.
        // A length past usize::MAX / 8 cannot be in memory; saturating keeps the sum total.
        Some(first) => b
            .len()
            .saturating_mul(8)
            .saturating_sub(usize::try_from(first.leading_zeros()).unwrap_or(0)),
        None => 0,
    }
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
