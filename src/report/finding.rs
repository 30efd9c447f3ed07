//! Findings: what a check says about one certificate (or about the chain as a whole).
//!
//! Every check pushes [`Finding`]s instead of stopping at the first problem, so a report
//! shows everything that is wrong at once. Codes are stable strings (snake_case in JSON)
//! that programs can act on; each finding carries typed [`Details`] (its `details` in
//! JSON), and its message is the sentence [`Details::message`] renders from them.
//! [`Code::group`] says which family of checks a code belongs to, for display.

use crate::report::details::Details;
use serde::Serialize;
use std::fmt;

/// How bad a finding is: an error makes the verdict invalid, a warning does not.
///
/// ```
/// use certchain::{CheckTime, Code, Policy, Severity, SourceKind, TrustStore, Verifier};
///
/// let mut store = TrustStore::new();
/// store.add_pem("roots.pem", include_bytes!("../../fixtures/valid-rsa/roots.pem")).unwrap();
/// let chain = certchain::parse_certificates(
///     "chain.pem", include_bytes!("../../fixtures/valid-rsa/chain.pem"), SourceKind::Presented,
/// ).unwrap();
/// // The leaf expires on 2027-01-01, within a year of the check time.
/// let policy = Policy { time: CheckTime::At(1_780_000_000), warn_days: Some(365), ..Policy::default() };
/// let report = Verifier::new(store, policy).verify(&chain, &[], None);
/// assert!(report.is_valid());
/// assert!(report.has(Code::ExpiringSoon));
/// assert!(report.findings.iter().all(|f| f.severity == Severity::Warning));
/// assert_eq!(report.errors().count(), 0);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The chain is not acceptable.
    Error,
    /// Worth knowing; the chain is still acceptable.
    Warning,
}

/// A stable, machine-readable finding code.
///
/// ```
/// use certchain::{Code, Severity};
///
/// assert_eq!(Code::Expired.as_str(), "expired");
/// assert_eq!(Code::Expired.to_string(), "expired");
/// assert_eq!(Code::Expired.severity(), Severity::Error);
/// assert_eq!(Code::ExpiringSoon.as_str(), "expiring_soon");
/// assert_eq!(Code::ExpiringSoon.severity(), Severity::Warning);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Code {
    // ---- errors ----
    /// The check time is after notAfter.
    ///
    /// Details: `not_after`, `checked_at` (RFC 3339, each with `_unix` seconds), `days` ([`Details::Expired`]).
    Expired,
    /// The check time is before notBefore.
    ///
    /// Details: `not_before`, `checked_at` (RFC 3339, each with `_unix` seconds), `days` ([`Details::NotYetValid`]).
    NotYetValid,
    /// The issuer's key does not verify the certificate's signature.
    ///
    /// Details: `algorithm`, `issuer`, `issuer_key` ([`Details::BadSignature`]).
    BadSignature,
    /// The signature uses a hash that is no longer acceptable (SHA-1, MD5).
    ///
    /// Details: `algorithm` ([`Details::WeakSignatureAlgorithm`]).
    WeakSignatureAlgorithm,
    /// The signature algorithm is not one certchain verifies.
    ///
    /// Details: `algorithm`, and `issuer_key_bits`/`maximum_bits` or `reason` ([`Details::UnsupportedSignatureAlgorithm`]).
    UnsupportedSignatureAlgorithm,
    /// The public key is too small or of a forbidden type or curve.
    ///
    /// Details: `algorithm`, `bits` or `curve`, `minimum`, `reason` ([`Details::WeakKey`]).
    WeakKey,
    /// No certificate in the inputs or the root store issued this certificate.
    ///
    /// Details: `issuer`, `key_id`, `ca_issuers`, `looped`, `hint`, `presented`, `intermediate`, `unparsed_anchor` ([`Details::IssuerNotFound`]).
    IssuerNotFound,
    /// The path ends at a self-signed certificate that is not in the root store.
    ///
    /// Details: `subject`, `self_signature_unchecked`, `unparsed_anchor` ([`Details::UntrustedRoot`]).
    UntrustedRoot,
    /// The leaf does not name the host or address asked for.
    ///
    /// Details: `expected`, `presented`, `has_subject_alt_name`, `cn_would_match` ([`Details::NameMismatch`]).
    NameMismatch,
    /// A certificate that issued another is not a CA.
    ///
    /// Details: `has_basic_constraints` ([`Details::NotACa`]).
    NotACa,
    /// A CA's pathLenConstraint allows fewer CAs below it than the path has.
    ///
    /// Details: `limit`, `found` ([`Details::PathLenExceeded`]).
    PathLenExceeded,
    /// An issuer's keyUsage lacks keyCertSign or, under the `webpki` profile, a CA
    /// certificate of the path has no keyUsage extension at all.
    ///
    /// Details: `key_usage`, absent without the extension ([`Details::MissingKeyCertSign`]).
    MissingKeyCertSign,
    /// The extendedKeyUsage does not allow the purpose asked for.
    ///
    /// Details: `purpose`, `required`, `allowed`, `scope` ([`Details::EkuMismatch`]).
    EkuMismatch,
    /// The leaf's keyUsage does not allow the purpose asked for (for TLS: none of
    /// digitalSignature, keyEncipherment, keyAgreement).
    ///
    /// Details: `purpose`, `allowed` ([`Details::KeyUsageMismatch`]).
    KeyUsageMismatch,
    /// A CA certificate (basicConstraints cA TRUE) is the TLS server leaf; under the
    /// `webpki` profile a subscriber certificate is not a CA (CA/B BR 7.1.2.7.8).
    ///
    /// Details: `{}` ([`Details::CaUsedAsLeaf`]).
    CaUsedAsLeaf,
    /// A name in the certificate is outside what a CA above permits.
    ///
    /// Details: `name`, `constraint` or `permitted`, `violation`, `set_by`, `ca_depth` ([`Details::NameConstraintViolation`]).
    NameConstraintViolation,
    /// A critical extension certchain does not understand.
    ///
    /// Details: `oid`, `name` ([`Details::UnknownCriticalExtension`]).
    UnknownCriticalExtension,
    /// The certificate (or an extension, or a value in it) cannot be read as what it
    /// claims to be: it breaks DER or the ASN.1 definition, or a value breaks the syntax of
    /// its type. Raised for: an extension that does not decode, appears twice, or is empty
    /// where its ASN.1 requires an element (keyUsage, extKeyUsage, subjectAltName,
    /// authorityInfoAccess, policyConstraints), a policy listed twice, a
    /// signatureAlgorithm differing from the signed one, a signature BIT STRING with
    /// unused bits, a key that does not parse, an empty serial number, a version number
    /// X.509 does not define, a subjectAltName dNSName outside the preferred name syntax
    /// (a trailing dot included), an iPAddress of neither 4 nor 16 octets, an rfc822Name
    /// that is not a mailbox, a nameConstraints subtree that is empty or whose base is
    /// not a name of its type (an IP constraint not in CIDR form), and an empty chain.
    ///
    /// Details: `rule` and the rule's own fields ([`Details::Rule`], [`crate::report::details::Rule`]).
    Malformed,
    /// The certificate is well-formed but breaks a MUST of the RFC 5280 certificate
    /// profile or, under the `webpki` profile, of the CA/Browser Forum Baseline
    /// Requirements. Raised for: a version below 3; a serial number that is zero, negative
    /// or longer than 20 octets; an empty issuer, or an empty subject in a CA or without
    /// a critical subjectAltName; an extension of the wrong criticality (the criticality
    /// table, basicConstraints of a CA); a missing or incomplete authority/subject key
    /// identifier; keyCertSign without cA, or cA on a leaf whose keyUsage lacks
    /// keyCertSign; nameConstraints in an end-entity certificate; policyMappings to or
    /// from anyPolicy; and, under `webpki`, a server leaf without subjectAltName or with a
    /// critical one beside a subject, a critical extKeyUsage in a server leaf, an extKeyUsage in a root, an
    /// authorityKeyIdentifier with more than a key identifier or differing from a root's
    /// subjectKeyIdentifier, and the subject commonName form rules (more than one CN; a
    /// CN that repeats a SAN value in another letter case, IP notation or in Unicode).
    ///
    /// Details: `rule` and the rule's own fields ([`Details::Rule`], [`crate::report::details::Rule`]).
    ProfileViolation,
    /// A CA in the path requires an explicit certificate policy (policyConstraints
    /// requireExplicitPolicy) and no policy is valid for the whole path.
    ///
    /// Details: `required_by` ([`Details::PolicyRequired`]).
    PolicyRequired,
    /// The certificate is listed as revoked in a CRL that was supplied.
    ///
    /// Details: `serial`, `date` (with `date_unix`), `reason`, `crl` ([`Details::Revoked`]).
    Revoked,
    /// A supplied CRL could not be used (bad signature, wrong issuer key usage, expired,
    /// malformed).
    ///
    /// Details: `crl`, `issuer`, `problem` ([`Details::CrlInvalid`]).
    CrlInvalid,
    /// The policy requires revocation checking for this certificate and no supplied CRL
    /// covers it (`Policy::require_revocation`).
    ///
    /// Details: `scope` (`leaf` or `all`), `reason` ([`Details::Revocation`]).
    RevocationRequired,
    /// The path is longer than the maximum chain depth the policy allows.
    ///
    /// Details: `limit`, `found`, `default_limit`, `reached_anchor` ([`Details::DepthExceeded`]).
    DepthExceeded,
    /// The leaf's TLS Feature extension requires a stapled OCSP response (OCSP
    /// Must-Staple, RFC 7633) and the server sent none, or none that can be used. Only
    /// where a server was asked (`connect`).
    ///
    /// Details: `staple`, `problem` ([`Details::MustStapleMissing`]).
    MustStapleMissing,
    /// Path building gave up: the work budget (signature checks, building steps) ran out.
    ///
    /// Details: `resource`, `limit`, `ca_depth` ([`Details::BudgetExhausted`]).
    BudgetExhausted,
    /// The second-opinion engine (rustls-webpki) disagrees with certchain's verdict.
    ///
    /// Details: `certchain_error`, `engine`, `engine_error` ([`Details::EngineDisagreement`]).
    EngineDisagreement,
    // ---- warnings ----
    /// A certificate of the path expires within the policy's warning threshold
    /// (`Policy::warn_days`).
    ///
    /// Details: `not_after` (with `_unix`), `checked_at_unix`, `days_left`, `threshold_days`, `first_to_expire` ([`Details::ExpiringSoon`]).
    ExpiringSoon,
    /// The presented intermediates are not in leaf-to-root order.
    ///
    /// Details: `path_order` ([`Details::ChainOutOfOrder`]), or `first`, `leaf_position`, `leaf` for a bundle written in reverse ([`Details::LeafNotFirst`]).
    ChainOutOfOrder,
    /// A presented certificate is not part of the built path.
    ///
    /// Details: `position`, `certificate` ([`Details::UnusedCertificate`]).
    UnusedCertificate,
    /// The same certificate was presented more than once.
    ///
    /// Details: `position`, `certificate`, `count`, `positions` ([`Details::DuplicateCertificate`]).
    DuplicateCertificate,
    /// The server sent the trust anchor itself (harmless, but wasted bytes).
    ///
    /// Details: `position`, `certificate` ([`Details::RootIncluded`]).
    RootIncluded,
    /// CRLs were supplied or revocation checking was required, and no usable CRL covers
    /// this certificate: its revocation status was not checked.
    ///
    /// Details: `reason` ([`Details::Revocation`]).
    RevocationUnknown,
    /// An OCSP responder says it does not know the certificate (RFC 6960 2.2 unknown).
    ///
    /// Details: `response`, `origin` ([`Details::Ocsp`]).
    OcspUnknown,
    /// An OCSP responder answered with an error status instead of a status
    /// (malformedRequest, internalError, tryLater, sigRequired, unauthorized).
    ///
    /// Details: `response`, `origin`, `status` ([`Details::OcspResponderError`]).
    OcspResponderError,
    /// An OCSP response was not used: its signature, signer, CertID, nonce or encoding
    /// does not check out (RFC 6960 3.2).
    ///
    /// Details: `response`, `origin`, `problem` ([`Details::OcspBadResponse`]).
    OcspBadResponse,
    /// An OCSP response was not used: it is not yet valid or past its nextUpdate
    /// (RFC 6960 3.2 (4), (5)), beyond the allowed clock skew.
    ///
    /// Details: `response`, `origin`, `this_update`, `next_update` (with `_unix`) ([`Details::OcspStale`]).
    OcspStale,
    /// The leaf's subject commonName repeats none of its DNS or IP subjectAltName values
    /// (CA/B BR 7.1.4.3). certchain never matches a name against the CN, so the leaf is
    /// not accepted for a name its SAN does not list; a client that still falls back to
    /// the CN might be.
    ///
    /// Details: `common_name`, `presented` ([`Details::CnNotInSan`]).
    CnNotInSan,
    // ---- online checks (warnings) ----
    /// `--fetch-missing` / `--fetch-crls`: fetching a caIssuers certificate or a CRL
    /// named by this certificate gave nothing usable (the URL and the reason are given;
    /// the rest of the report stands without it).
    ///
    /// Details: `kind`, `url`, `reason` ([`Details::FetchFailed`]).
    FetchFailed,
    /// `--fetch-missing`: the path needs this intermediate, which the inputs lacked; it
    /// was fetched from the caIssuers URL of the certificate below it. The chain is valid
    /// (when the verdict says so) only once it is added to the chain served.
    ///
    /// Details: `certificate`, `sha256`, `url`, `named_by` ([`Details::MissingIntermediateFetched`]).
    MissingIntermediateFetched,
}

impl Code {
    /// The stable snake_case name of the code, as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Expired => "expired",
            Code::NotYetValid => "not_yet_valid",
            Code::BadSignature => "bad_signature",
            Code::WeakSignatureAlgorithm => "weak_signature_algorithm",
            Code::UnsupportedSignatureAlgorithm => "unsupported_signature_algorithm",
            Code::WeakKey => "weak_key",
            Code::IssuerNotFound => "issuer_not_found",
            Code::UntrustedRoot => "untrusted_root",
            Code::NameMismatch => "name_mismatch",
            Code::NotACa => "not_a_ca",
            Code::PathLenExceeded => "path_len_exceeded",
            Code::MissingKeyCertSign => "missing_key_cert_sign",
            Code::EkuMismatch => "eku_mismatch",
            Code::KeyUsageMismatch => "key_usage_mismatch",
            Code::CaUsedAsLeaf => "ca_used_as_leaf",
            Code::NameConstraintViolation => "name_constraint_violation",
            Code::UnknownCriticalExtension => "unknown_critical_extension",
            Code::Malformed => "malformed",
            Code::ProfileViolation => "profile_violation",
            Code::PolicyRequired => "policy_required",
            Code::Revoked => "revoked",
            Code::CrlInvalid => "crl_invalid",
            Code::RevocationRequired => "revocation_required",
            Code::DepthExceeded => "depth_exceeded",
            Code::BudgetExhausted => "budget_exhausted",
            Code::EngineDisagreement => "engine_disagreement",
            Code::ExpiringSoon => "expiring_soon",
            Code::ChainOutOfOrder => "chain_out_of_order",
            Code::UnusedCertificate => "unused_certificate",
            Code::DuplicateCertificate => "duplicate_certificate",
            Code::RootIncluded => "root_included",
            Code::RevocationUnknown => "revocation_unknown",
            Code::CnNotInSan => "cn_not_in_san",
            Code::MustStapleMissing => "must_staple_missing",
            Code::OcspUnknown => "ocsp_unknown",
            Code::OcspResponderError => "ocsp_responder_error",
            Code::OcspBadResponse => "ocsp_bad_response",
            Code::OcspStale => "ocsp_stale",
            Code::FetchFailed => "fetch_failed",
            Code::MissingIntermediateFetched => "missing_intermediate_fetched",
        }
    }

    /// The severity a finding with this code always has.
    pub fn severity(self) -> Severity {
        match self {
            Code::ExpiringSoon
            | Code::ChainOutOfOrder
            | Code::UnusedCertificate
            | Code::DuplicateCertificate
            | Code::RootIncluded
            | Code::RevocationUnknown
            | Code::CnNotInSan
            | Code::OcspUnknown
            | Code::OcspResponderError
            | Code::OcspBadResponse
            | Code::OcspStale
            | Code::FetchFailed
            | Code::MissingIntermediateFetched => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

/// The family of checks a code belongs to: one mark per group on each certificate of
/// the text report ("signature ✓  key ✓ ..."), failed (✗) by an error of the group, or
/// [`Group::Chain`] for codes about the chain or the run rather than one family.
///
/// ```
/// use certchain::{Code, Group};
///
/// assert_eq!(Code::BadSignature.group(), Group::Signature);
/// assert_eq!(Group::Signature.as_str(), "signature");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Group {
    /// The signature on the certificate.
    Signature,
    /// The certificate's public key.
    Key,
    /// The validity period.
    Validity,
    /// What a CA may issue.
    Ca,
    /// What the certificate may be used for.
    Usage,
    /// The name asked for.
    Name,
    /// Name and policy constraints.
    Constraints,
    /// Encoding and profile.
    Structure,
    /// Revocation.
    Revocation,
    /// Whether the path reaches a trust anchor.
    Trust,
    /// The chain as sent and the run as a whole (depth, budget, second opinion): no
    /// mark of its own; its findings are listed.
    Chain,
}

impl Group {
    /// The groups shown as marks on each certificate, in display order.
    pub const MARKS: [Group; 10] = [
        Group::Signature,
        Group::Key,
        Group::Validity,
        Group::Ca,
        Group::Usage,
        Group::Name,
        Group::Constraints,
        Group::Structure,
        Group::Revocation,
        Group::Trust,
    ];

    /// The group's name in the text report.
    pub fn as_str(self) -> &'static str {
        match self {
            Group::Signature => "signature",
            Group::Key => "key",
            Group::Validity => "validity",
            Group::Ca => "ca",
            Group::Usage => "usage",
            Group::Name => "name",
            Group::Constraints => "constraints",
            Group::Structure => "structure",
            Group::Revocation => "revocation",
            Group::Trust => "trust",
            Group::Chain => "chain",
        }
    }
}

impl Code {
    /// The family of checks the code belongs to, for display. Exhaustive, so a new code
    /// cannot be left out of every group.
    ///
    /// ```
    /// use certchain::{Code, Group};
    /// assert_eq!(Code::Expired.group(), Group::Validity);
    /// assert_eq!(Code::DuplicateCertificate.group(), Group::Chain);
    /// ```
    pub fn group(self) -> Group {
        match self {
            Code::BadSignature
            | Code::WeakSignatureAlgorithm
            | Code::UnsupportedSignatureAlgorithm => Group::Signature,
            Code::WeakKey => Group::Key,
            Code::Expired | Code::NotYetValid | Code::ExpiringSoon => Group::Validity,
            Code::NotACa | Code::PathLenExceeded | Code::MissingKeyCertSign => Group::Ca,
            Code::EkuMismatch | Code::KeyUsageMismatch | Code::CaUsedAsLeaf => Group::Usage,
            Code::NameMismatch => Group::Name,
            Code::NameConstraintViolation | Code::PolicyRequired => Group::Constraints,
            Code::Malformed
            | Code::ProfileViolation
            | Code::UnknownCriticalExtension
            | Code::CnNotInSan => Group::Structure,
            Code::Revoked
            | Code::CrlInvalid
            | Code::RevocationRequired
            | Code::RevocationUnknown
            | Code::MustStapleMissing
            | Code::OcspUnknown
            | Code::OcspResponderError
            | Code::OcspBadResponse
            | Code::OcspStale => Group::Revocation,
            Code::IssuerNotFound | Code::UntrustedRoot => Group::Trust,
            Code::DepthExceeded
            | Code::BudgetExhausted
            | Code::EngineDisagreement
            | Code::ChainOutOfOrder
            | Code::UnusedCertificate
            | Code::DuplicateCertificate
            | Code::RootIncluded
            | Code::FetchFailed
            | Code::MissingIntermediateFetched => Group::Chain,
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One thing a check found.
///
/// ```
/// use certchain::{CheckTime, Code, Details, Policy, Severity, SourceKind, TrustStore, Verifier};
///
/// let mut store = TrustStore::new();
/// store.add_pem("roots.pem", include_bytes!("../../fixtures/expired-leaf/roots.pem")).unwrap();
/// let chain = certchain::parse_certificates(
///     "chain.pem", include_bytes!("../../fixtures/expired-leaf/chain.pem"), SourceKind::Presented,
/// ).unwrap();
/// let policy = Policy { time: CheckTime::At(1_780_000_000), ..Policy::default() };
/// let report = Verifier::new(store, policy).verify(&chain, &[], None);
///
/// let finding = &report.findings[0];
/// assert_eq!((finding.depth, finding.code, finding.severity), (Some(0), Code::Expired, Severity::Error));
/// assert!(finding.message.starts_with("expired 2026-03-01T00:00:00Z"), "{}", finding.message);
/// assert!(finding.clause.is_some());
/// let Details::Expired { not_after, .. } = &finding.details else { panic!("{:?}", finding.details) };
/// assert_eq!(not_after, "2026-03-01T00:00:00Z");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Position in the path (0 = leaf); `None` when it belongs to no single certificate.
    pub depth: Option<usize>,
    /// Stable machine-readable code.
    pub code: Code,
    /// Error or warning (derived from the code).
    pub severity: Severity,
    /// A sentence for a person, with the concrete values, rendered from `details`.
    pub message: String,
    /// The typed data of the finding (a JSON object under `details`; `{}` when the code
    /// has none). See [`Details`] for the fields of each code.
    pub details: Details,
    /// The RFC 5280 / CA/Browser Forum clause the check enforces, where one applies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clause: Option<&'static str>,
}

impl Finding {
    /// A finding about the certificate at `depth`; its message is rendered from `details`.
    pub fn at(depth: usize, code: Code, clause: &'static str, details: Details) -> Self {
        Finding {
            depth: Some(depth),
            code,
            severity: code.severity(),
            message: details.message(),
            details,
            clause: if clause.is_empty() {
                None
            } else {
                Some(clause)
            },
        }
    }

    /// A finding about the chain as a whole.
    pub fn chain(code: Code, clause: &'static str, details: Details) -> Self {
        Finding {
            depth: None,
            ..Finding::at(0, code, clause, details)
        }
    }

    /// Whether this finding makes the chain invalid.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Where checks push their findings.
#[derive(Debug, Default)]
pub struct Findings(pub Vec<Finding>);

impl Findings {
    /// Push a finding about the certificate at `depth`.
    pub fn push(&mut self, depth: usize, code: Code, clause: &'static str, details: Details) {
        self.0.push(Finding::at(depth, code, clause, details));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code, in declaration order.
    const ALL: [Code; 40] = [
        Code::Expired,
        Code::NotYetValid,
        Code::BadSignature,
        Code::WeakSignatureAlgorithm,
        Code::UnsupportedSignatureAlgorithm,
        Code::WeakKey,
        Code::IssuerNotFound,
        Code::UntrustedRoot,
        Code::NameMismatch,
        Code::NotACa,
        Code::PathLenExceeded,
        Code::MissingKeyCertSign,
        Code::EkuMismatch,
        Code::KeyUsageMismatch,
        Code::CaUsedAsLeaf,
        Code::NameConstraintViolation,
        Code::UnknownCriticalExtension,
        Code::Malformed,
        Code::ProfileViolation,
        Code::PolicyRequired,
        Code::Revoked,
        Code::CrlInvalid,
        Code::RevocationRequired,
        Code::DepthExceeded,
        Code::BudgetExhausted,
        Code::EngineDisagreement,
        Code::ExpiringSoon,
        Code::ChainOutOfOrder,
        Code::UnusedCertificate,
        Code::DuplicateCertificate,
        Code::RootIncluded,
        Code::RevocationUnknown,
        Code::CnNotInSan,
        Code::MustStapleMissing,
        Code::OcspUnknown,
        Code::OcspResponderError,
        Code::OcspBadResponse,
        Code::OcspStale,
        Code::FetchFailed,
        Code::MissingIntermediateFetched,
    ];

    /// Exhaustive, so a new code does not compile until it is added to [`ALL`].
    fn listed(code: Code) -> bool {
        match code {
            Code::Expired
            | Code::NotYetValid
            | Code::BadSignature
            | Code::WeakSignatureAlgorithm
            | Code::UnsupportedSignatureAlgorithm
            | Code::WeakKey
            | Code::IssuerNotFound
            | Code::UntrustedRoot
            | Code::NameMismatch
            | Code::NotACa
            | Code::PathLenExceeded
            | Code::MissingKeyCertSign
            | Code::EkuMismatch
            | Code::KeyUsageMismatch
            | Code::CaUsedAsLeaf
            | Code::NameConstraintViolation
            | Code::UnknownCriticalExtension
            | Code::Malformed
            | Code::ProfileViolation
            | Code::PolicyRequired
            | Code::Revoked
            | Code::CrlInvalid
            | Code::RevocationRequired
            | Code::DepthExceeded
            | Code::BudgetExhausted
            | Code::EngineDisagreement
            | Code::ExpiringSoon
            | Code::ChainOutOfOrder
            | Code::UnusedCertificate
            | Code::DuplicateCertificate
            | Code::RootIncluded
            | Code::RevocationUnknown
            | Code::CnNotInSan
            | Code::MustStapleMissing
            | Code::OcspUnknown
            | Code::OcspResponderError
            | Code::OcspBadResponse
            | Code::OcspStale
            | Code::FetchFailed
            | Code::MissingIntermediateFetched => ALL.contains(&code),
        }
    }

    #[test]
    fn every_code_has_a_group_and_its_errors_a_mark_or_the_chain_block() {
        for code in ALL {
            assert!(listed(code));
            let group = code.group();
            assert!(!group.as_str().is_empty());
            // JSON and as_str agree
            assert_eq!(
                serde_json::to_value(code).unwrap(),
                serde_json::Value::String(code.as_str().into())
            );
            // a group is either a mark on each certificate or the chain block
            assert!(
                group == Group::Chain || Group::MARKS.contains(&group),
                "{code}: {group:?}"
            );
        }
        // the groups that mark a certificate are all used by some code
        for g in Group::MARKS {
            assert!(ALL.iter().any(|c| c.group() == g), "{g:?} has no code");
        }
    }

    #[test]
    fn a_finding_without_data_serialises_an_empty_details_object() {
        let f = Finding::at(
            0,
            Code::CaUsedAsLeaf,
            "CA/B BR 7.1.2.7.8",
            Details::CaUsedAsLeaf {},
        );
        let v = serde_json::to_value(&f).unwrap();
        assert_eq!(v["details"], serde_json::json!({}));
        assert_eq!(v["message"], Details::CaUsedAsLeaf {}.message());
        assert!(!f.message.contains("--"), "{}", f.message);
    }
}
