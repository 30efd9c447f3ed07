//! Findings: what a check says about one certificate (or about the chain as a whole).
//!
//! Every check pushes [`Finding`]s instead of stopping at the first problem, so a report
//! shows everything that is wrong at once. Codes are stable strings (snake_case in JSON)
//! that programs can act on; messages are sentences with the concrete values.

use serde::Serialize;
use std::fmt;

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The chain is not acceptable.
    Error,
    /// Worth knowing; the chain is still acceptable.
    Warning,
}

/// A stable, machine-readable finding code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Code {
    // ---- errors ----
    /// The check time is after notAfter.
    Expired,
    /// The check time is before notBefore.
    NotYetValid,
    /// The issuer's key does not verify the certificate's signature.
    BadSignature,
    /// The signature uses a hash that is no longer acceptable (SHA-1, MD5).
    WeakSignatureAlgorithm,
    /// The signature algorithm is not one certchain verifies.
    UnsupportedSignatureAlgorithm,
    /// The public key is too small or of a forbidden type or curve.
    WeakKey,
    /// No certificate in the inputs or the root store issued this certificate.
    IssuerNotFound,
    /// The path ends at a self-signed certificate that is not in the root store.
    UntrustedRoot,
    /// The leaf does not name the host or address asked for.
    NameMismatch,
    /// A certificate that issued another is not a CA.
    NotACa,
    /// A CA's pathLenConstraint allows fewer CAs below it than the path has.
    PathLenExceeded,
    /// An issuer's keyUsage lacks keyCertSign.
    MissingKeyCertSign,
    /// The extendedKeyUsage (or keyUsage) does not allow the purpose asked for.
    EkuMismatch,
    /// A name in the certificate is outside what a CA above permits.
    NameConstraintViolation,
    /// A critical extension certchain does not understand.
    UnknownCriticalExtension,
    /// The certificate (or an extension) is not correctly encoded, or breaks a MUST of
    /// the RFC 5280 / CA/Browser Forum profile.
    Malformed,
    /// A CA in the path requires an explicit certificate policy (policyConstraints
    /// requireExplicitPolicy) and no policy is valid for the whole path.
    PolicyRequired,
    /// The certificate is listed as revoked in a CRL that was supplied.
    Revoked,
    /// A supplied CRL could not be used (bad signature, wrong issuer key usage, expired,
    /// malformed).
    CrlInvalid,
    /// The policy requires revocation checking for this certificate and no supplied CRL
    /// covers it (`--require-revocation`).
    RevocationRequired,
    /// The path is longer than the maximum chain depth the policy allows.
    DepthExceeded,
    /// Path building gave up: the work budget (signature checks, building steps) ran out.
    BudgetExhausted,
    /// The second-opinion engine (rustls-webpki) disagrees with certchain's verdict.
    EngineDisagreement,
    // ---- warnings ----
    /// A certificate of the path expires within the --warn-days threshold.
    ExpiringSoon,
    /// The presented intermediates are not in leaf-to-root order.
    ChainOutOfOrder,
    /// A presented certificate is not part of the built path.
    UnusedCertificate,
    /// The same certificate was presented more than once.
    DuplicateCertificate,
    /// The server sent the trust anchor itself (harmless, but wasted bytes).
    RootIncluded,
    /// CRLs were supplied or revocation checking was required, and no usable CRL covers
    /// this certificate: its revocation status was not checked.
    RevocationUnknown,
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
            Code::NameConstraintViolation => "name_constraint_violation",
            Code::UnknownCriticalExtension => "unknown_critical_extension",
            Code::Malformed => "malformed",
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
            | Code::RevocationUnknown => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One thing a check found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Position in the path (0 = leaf); `None` when it belongs to no single certificate.
    pub depth: Option<usize>,
    /// Stable machine-readable code.
    pub code: Code,
    /// Error or warning (derived from the code).
    pub severity: Severity,
    /// A sentence for a person, with the concrete values.
    pub message: String,
    /// The RFC 5280 / CA/Browser Forum clause the check enforces, where one applies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clause: Option<&'static str>,
}

impl Finding {
    /// A finding about the certificate at `depth`.
    pub fn at(depth: usize, code: Code, clause: &'static str, message: impl Into<String>) -> Self {
        Finding {
            depth: Some(depth),
            code,
            severity: code.severity(),
            message: message.into(),
            clause: if clause.is_empty() {
                None
            } else {
                Some(clause)
            },
        }
    }

    /// A finding about the chain as a whole.
    pub fn chain(code: Code, clause: &'static str, message: impl Into<String>) -> Self {
        Finding {
            depth: None,
            ..Finding::at(0, code, clause, message)
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
    pub fn push(
        &mut self,
        depth: usize,
        code: Code,
        clause: &'static str,
        message: impl Into<String>,
    ) {
        self.0.push(Finding::at(depth, code, clause, message));
    }
}
