//! The typed data of a finding, and the one place its sentence is written.
//!
//! Checks construct a [`Details`] value and push it; [`Details::message`] renders the
//! sentence a person reads, so a JSON consumer reads `details` instead of parsing prose.
//! In JSON, `details` is an object whose fields are the variant's fields (`{}` when the
//! code carries no data). Conventions:
//! - timestamps are RFC 3339 strings in UTC (`not_after`, `checked_at`, ...), each with
//!   its Unix time in seconds beside it under the same name plus `_unix`;
//! - positions in a presented chain are 1-based, as the messages print them (`#1` is the
//!   first certificate sent); depths in the path are 0-based (0 = the leaf);
//! - names are printed as in messages (`DNS:a.example`, `IP:192.0.2.1`);
//! - `malformed` and `profile_violation` carry a stable snake_case `rule` identifier (see
//!   [`Rule`]) plus the rule's own fields.

use crate::model::time::span;
use crate::model::MAX_LISTED_NAMES;
use crate::report::fetch::FetchKind;
use serde::Serialize;

/// Most positions listed in one `duplicate_certificate` message; runs of consecutive
/// positions count as one ("#2-#1000"). A handful is enough to find the copies in the
/// file, and a hostile bundle of thousands of copies still gives one short line.
pub const MAX_POSITIONS_LISTED: usize = 6;

/// Most CRL issuers named in a "no CRL covers it" message; the rest are counted. A user
/// passes a handful of CRLs; a few names are enough to see which issuer was missing.
pub const MAX_CRL_ISSUERS_NAMED: usize = 3;

/// Most permitted subtrees named in one `name_constraint_violation` message; the rest
/// are counted. Enough to see what the CA allows without a line per subtree.
pub const MAX_SUBTREES_LISTED: usize = 5;

/// The typed data of one finding. Each variant belongs to one code (or a few, named on
/// the variant); its fields are the `details` object of the finding in JSON.
///
/// ```
/// use certchain::Details;
/// let d = Details::PathLenExceeded { limit: 0, found: 1 };
/// assert_eq!(
///     d.message(),
///     "pathLenConstraint is 0 but 1 intermediate CA certificate follows it in the path"
/// );
/// assert_eq!(
///     serde_json::to_string(&d).unwrap(),
///     r#"{"limit":0,"found":1}"#
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum Details {
    /// `expired`: the check time is after notAfter.
    Expired {
        /// notAfter (RFC 3339).
        not_after: String,
        /// notAfter (Unix seconds).
        not_after_unix: i64,
        /// The check time (RFC 3339).
        checked_at: String,
        /// The check time (Unix seconds).
        checked_at_unix: i64,
        /// Whole days from notAfter to the check time.
        days: i64,
    },
    /// `not_yet_valid`: the check time is before notBefore.
    NotYetValid {
        /// notBefore (RFC 3339).
        not_before: String,
        /// notBefore (Unix seconds).
        not_before_unix: i64,
        /// The check time (RFC 3339).
        checked_at: String,
        /// The check time (Unix seconds).
        checked_at_unix: i64,
        /// Whole days from the check time to notBefore.
        days: i64,
    },
    /// `expiring_soon`: notAfter is within the warning threshold.
    ExpiringSoon {
        /// notAfter (RFC 3339).
        not_after: String,
        /// notAfter (Unix seconds).
        not_after_unix: i64,
        /// The check time (Unix seconds).
        checked_at_unix: i64,
        /// Whole days left.
        days_left: i64,
        /// The warning threshold, in days.
        threshold_days: u32,
        /// Whether this is the first certificate of the path to expire.
        first_to_expire: bool,
    },
    /// `name_mismatch`: the leaf does not carry the expected name.
    NameMismatch {
        /// The name asked for.
        expected: String,
        /// The DNS, IP and e-mail subjectAltName values of the leaf.
        presented: Vec<String>,
        /// Whether the leaf has a subjectAltName extension at all.
        has_subject_alt_name: bool,
        /// Whether the subject commonName would match (certchain never falls back to it).
        cn_would_match: bool,
    },
    /// `weak_key`: the key is of a forbidden type, size or curve.
    WeakKey {
        /// `RSA`, `ECDSA`, `DSA`, `Ed448` or `unknown`.
        algorithm: String,
        /// The key size, for RSA and DSA.
        #[serde(skip_serializing_if = "Option::is_none")]
        bits: Option<usize>,
        /// The curve (a name, or an OID certchain does not name), for ECDSA; absent for
        /// explicit curve parameters.
        #[serde(skip_serializing_if = "Option::is_none")]
        curve: Option<String>,
        /// The smallest size accepted, when the key is too small.
        #[serde(skip_serializing_if = "Option::is_none")]
        minimum: Option<usize>,
        /// The key algorithm OID, for an unknown key type.
        #[serde(skip_serializing_if = "Option::is_none")]
        oid: Option<String>,
        /// Why the key is weak.
        reason: WeakKeyReason,
    },
    /// `weak_signature_algorithm`.
    WeakSignatureAlgorithm {
        /// The signature algorithm.
        algorithm: String,
    },
    /// `unsupported_signature_algorithm`.
    UnsupportedSignatureAlgorithm {
        /// The signature algorithm.
        algorithm: String,
        /// The issuer's RSA key size, when it is over what certchain verifies.
        #[serde(skip_serializing_if = "Option::is_none")]
        issuer_key_bits: Option<usize>,
        /// The largest RSA key certchain verifies, with `issuer_key_bits`.
        #[serde(skip_serializing_if = "Option::is_none")]
        maximum_bits: Option<usize>,
        /// The signature backend's explanation, when it refused the pair of key and
        /// algorithm.
        #[serde(skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// `bad_signature`.
    BadSignature {
        /// The signature algorithm.
        algorithm: String,
        /// The issuer whose key was tried.
        issuer: String,
        /// The issuer's key.
        issuer_key: String,
    },
    /// `issuer_not_found`.
    IssuerNotFound {
        /// The issuer name the certificate gives.
        issuer: String,
        /// The authorityKeyIdentifier keyIdentifier, colon hex.
        #[serde(skip_serializing_if = "Option::is_none")]
        key_id: Option<String>,
        /// The caIssuers URLs of authorityInfoAccess.
        ca_issuers: Vec<String>,
        /// How many candidate issuers were already on the path (a loop); 0 otherwise.
        looped: usize,
        /// What is most likely missing; absent for a loop.
        #[serde(skip_serializing_if = "Option::is_none")]
        hint: Option<IssuerHint>,
        /// Whether the certificate was presented by the server (else supplied by the user).
        presented: bool,
        /// Whether the certificate is a CA certificate above the leaf.
        intermediate: bool,
        /// A trust store entry named as the issuer of this certificate or of one below it
        /// on the path, which does not parse, so it is never a trust anchor.
        #[serde(skip_serializing_if = "Option::is_none")]
        unparsed_anchor: Option<UnparsedAnchor>,
    },
    /// `untrusted_root`.
    UntrustedRoot {
        /// The self-signed certificate.
        subject: String,
        /// Why its own signature was not checked, if it was not.
        #[serde(skip_serializing_if = "Option::is_none")]
        self_signature_unchecked: Option<String>,
        /// A trust store entry named as an issuer on the path (this root's own name, most
        /// likely) that does not parse, so it is never a trust anchor.
        #[serde(skip_serializing_if = "Option::is_none")]
        unparsed_anchor: Option<UnparsedAnchor>,
    },
    /// `not_a_ca`.
    NotACa {
        /// Whether the certificate has a basicConstraints extension (with cA FALSE).
        has_basic_constraints: bool,
    },
    /// `path_len_exceeded`.
    PathLenExceeded {
        /// The pathLenConstraint.
        limit: u32,
        /// The intermediate CA certificates below it that count.
        found: usize,
    },
    /// `depth_exceeded`.
    DepthExceeded {
        /// The policy's maximum number of intermediates.
        limit: usize,
        /// The intermediates of the path (self-issued ones not counted).
        found: usize,
        /// Whether the limit is the default (else set in the policy).
        default_limit: bool,
        /// Whether the path reached a trust anchor.
        reached_anchor: bool,
    },
    /// `missing_key_cert_sign`.
    MissingKeyCertSign {
        /// The keyUsage bits asserted; absent when there is no keyUsage extension.
        #[serde(skip_serializing_if = "Option::is_none")]
        key_usage: Option<Vec<String>>,
    },
    /// `eku_mismatch`.
    EkuMismatch {
        /// The purpose asked for.
        purpose: String,
        /// The extended key usage the purpose needs.
        required: String,
        /// The extended key usages the certificate allows; absent when it has none.
        #[serde(skip_serializing_if = "Option::is_none")]
        allowed: Option<Vec<String>>,
        /// Which rule is broken.
        scope: EkuScope,
    },
    /// `key_usage_mismatch`.
    KeyUsageMismatch {
        /// The purpose asked for.
        purpose: String,
        /// The keyUsage bits asserted.
        allowed: Vec<String>,
    },
    /// `name_constraint_violation`.
    NameConstraintViolation {
        /// The constrained name.
        name: String,
        /// The excluded subtree it falls in or cannot be compared with.
        #[serde(skip_serializing_if = "Option::is_none")]
        constraint: Option<String>,
        /// The type of that constraint (`dNSName`, ...), when it could not be compared.
        #[serde(skip_serializing_if = "Option::is_none")]
        constraint_type: Option<String>,
        /// The permitted subtrees of the name's type, when it is outside them.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        permitted: Vec<String>,
        /// How the name breaks the constraint.
        violation: ConstraintViolation,
        /// The CA that set the constraint.
        set_by: String,
        /// Its depth.
        ca_depth: usize,
    },
    /// `budget_exhausted`.
    BudgetExhausted {
        /// Which budget ran out.
        resource: BudgetResource,
        /// The bound that was hit.
        #[serde(skip_serializing_if = "Option::is_none")]
        limit: Option<usize>,
        /// For `name_comparisons`: the depth of the CA whose constraints were checked.
        #[serde(skip_serializing_if = "Option::is_none")]
        ca_depth: Option<usize>,
    },
    /// `policy_required`.
    PolicyRequired {
        /// The depth of the certificate whose requireExplicitPolicy applies, if known.
        #[serde(skip_serializing_if = "Option::is_none")]
        required_by: Option<usize>,
    },
    /// `revoked`.
    Revoked {
        /// The certificate's serial number (hex).
        serial: String,
        /// The revocation date (RFC 3339).
        date: String,
        /// The revocation date (Unix seconds).
        date_unix: i64,
        /// The CRL reason code, if given.
        #[serde(skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
        /// The CRL that lists it.
        crl: String,
    },
    /// `revoked`, by an OCSP response.
    RevokedOcsp {
        /// The certificate's serial number (hex).
        serial: String,
        /// The revocation time (RFC 3339).
        date: String,
        /// The revocation time (Unix seconds).
        date_unix: i64,
        /// The CRL reason code, if given.
        #[serde(skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
        /// The response: a file, the server that stapled it or the responder's URL.
        response: String,
        /// `file`, `stapled` or `fetched`.
        origin: crate::model::ocsp::OcspOrigin,
    },
    /// `ocsp_unknown`.
    Ocsp {
        /// The response: a file, the server that stapled it or the responder's URL.
        response: String,
        /// `file`, `stapled` or `fetched`.
        origin: crate::model::ocsp::OcspOrigin,
    },
    /// `ocsp_responder_error`.
    OcspResponderError {
        /// The response.
        response: String,
        /// `file`, `stapled` or `fetched`.
        origin: crate::model::ocsp::OcspOrigin,
        /// The responseStatus: `malformedRequest`, `internalError`, `tryLater`,
        /// `sigRequired` or `unauthorized`.
        status: String,
    },
    /// `ocsp_responder_error`, when no OCSP answer came back at all.
    OcspNoAnswer {
        /// The responder's URL.
        response: String,
        /// Why: no connection, a timeout, an HTTP error status, ...
        reason: String,
    },
    /// `ocsp_bad_response`.
    OcspBadResponse {
        /// The response.
        response: String,
        /// `file`, `stapled` or `fetched`.
        origin: crate::model::ocsp::OcspOrigin,
        /// What is wrong with it: `problem` and its own fields.
        #[serde(flatten)]
        problem: OcspProblem,
    },
    /// `ocsp_stale`.
    OcspStale {
        /// The response.
        response: String,
        /// `file`, `stapled` or `fetched`.
        origin: crate::model::ocsp::OcspOrigin,
        /// thisUpdate (RFC 3339).
        this_update: String,
        /// thisUpdate (Unix seconds).
        this_update_unix: i64,
        /// nextUpdate (RFC 3339), if the response has one.
        #[serde(skip_serializing_if = "Option::is_none")]
        next_update: Option<String>,
        /// nextUpdate (Unix seconds).
        #[serde(skip_serializing_if = "Option::is_none")]
        next_update_unix: Option<i64>,
        /// The check time (RFC 3339).
        checked_at: String,
        /// The clock skew allowed, in seconds.
        skew_seconds: i64,
        /// `not_yet_valid`, `expired`, or `too_old` (no nextUpdate, and thisUpdate
        /// older than the most certchain accepts).
        stale: &'static str,
    },
    /// `must_staple_missing`.
    MustStapleMissing {
        /// `none` (the server stapled nothing) or `unusable` (see `ocsp_bad_response`,
        /// `ocsp_stale`, ...).
        staple: &'static str,
    },
    /// `crl_invalid`.
    CrlInvalid {
        /// The CRL.
        crl: String,
        /// Its issuer, as found in the path.
        issuer: String,
        /// What is wrong with it: `problem` and its own fields.
        #[serde(flatten)]
        problem: CrlProblem,
    },
    /// `revocation_required` and `revocation_unknown`.
    Revocation {
        /// For `revocation_required`: which certificates must be covered.
        #[serde(skip_serializing_if = "Option::is_none")]
        scope: Option<RequiredFor>,
        /// Why no CRL covers the certificate: `reason` and its own fields.
        #[serde(flatten)]
        reason: Uncovered,
    },
    /// `duplicate_certificate`.
    DuplicateCertificate {
        /// The first position the certificate is sent at.
        position: usize,
        /// Its short name.
        certificate: String,
        /// How many times it is sent.
        count: usize,
        /// Every position it is sent at.
        positions: Vec<usize>,
    },
    /// `unused_certificate`.
    UnusedCertificate {
        /// The position of the certificate in what was sent.
        position: usize,
        /// Its short name.
        certificate: String,
    },
    /// `root_included`.
    RootIncluded {
        /// The position of the anchor in what was sent.
        position: usize,
        /// Its short name.
        certificate: String,
    },
    /// `ca_used_as_leaf`: `{}`.
    CaUsedAsLeaf {},
    /// `chain_out_of_order`: the intermediates are used in another order than sent.
    ChainOutOfOrder {
        /// The positions of the intermediates, in the order the path uses them.
        path_order: Vec<usize>,
    },
    /// `chain_out_of_order`: a CA certificate comes first and the leaf later.
    LeafNotFirst {
        /// The first certificate sent (a CA).
        first: String,
        /// The position of the first end-entity certificate.
        leaf_position: usize,
        /// Its short name.
        leaf: String,
    },
    /// `fetch_failed`: a caIssuers or CRL fetch gave nothing usable.
    FetchFailed {
        /// What was fetched: `ca_issuers` or `crl`.
        kind: FetchKind,
        /// The URL.
        url: String,
        /// Why it gave nothing usable, in words.
        reason: String,
    },
    /// `missing_intermediate_fetched`: an intermediate the path needs, fetched.
    MissingIntermediateFetched {
        /// Its short name.
        certificate: String,
        /// Its SHA-256 fingerprint (hex).
        sha256: String,
        /// Where it was fetched from.
        url: String,
        /// The certificate whose caIssuers URL it was (depth and short name).
        named_by: String,
    },
    /// `cn_not_in_san`.
    CnNotInSan {
        /// The subject commonName.
        common_name: String,
        /// The DNS and IP subjectAltName values.
        presented: Vec<String>,
    },
    /// `unknown_critical_extension`.
    UnknownCriticalExtension {
        /// The extension's OID.
        oid: String,
        /// Its name, or the OID when certchain does not name it.
        name: String,
    },
    /// `engine_disagreement`.
    EngineDisagreement {
        /// certchain's first error within what the engine was asked; absent when
        /// certchain accepts.
        #[serde(skip_serializing_if = "Option::is_none")]
        certchain_error: Option<FirstError>,
        /// The second engine.
        engine: String,
        /// The engine's error; absent when it accepts.
        #[serde(skip_serializing_if = "Option::is_none")]
        engine_error: Option<String>,
    },
    /// `malformed` and `profile_violation`: the rule broken, and its own fields.
    Rule(Rule),
    /// A code without data: `{}`.
    None {},
}

/// The rules behind `malformed` and `profile_violation`, each a stable snake_case `rule`
/// identifier in JSON beside the rule's own fields.
///
/// ```
/// use certchain::details::{Details, Rule};
/// let d = Details::Rule(Rule::SerialZero);
/// assert_eq!(serde_json::to_string(&d).unwrap(), r#"{"rule":"serial_zero"}"#);
/// assert_eq!(d.message(), "the serial number is zero");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Rule {
    /// An encoding problem found while parsing (a duplicate extension, an undecodable
    /// value, ...).
    Decoding {
        /// What is wrong.
        problem: String,
    },
    /// No certificate was presented.
    EmptyChain,
    /// An X.509 version other than 3.
    Version {
        /// The version (1, 2, 3, ...).
        version: u32,
        /// Its encoding (version - 1).
        encoded: u32,
    },
    /// An empty serial number.
    SerialEmpty,
    /// A negative serial number.
    SerialNegative,
    /// A zero serial number.
    SerialZero,
    /// A serial number over 20 octets.
    SerialTooLong {
        /// Its length.
        octets: usize,
    },
    /// An empty issuer name.
    IssuerEmpty,
    /// A CA certificate with an empty subject.
    CaSubjectEmpty,
    /// An empty subject with a non-critical subjectAltName.
    EmptySubjectSanNotCritical,
    /// An empty subject and no subjectAltName.
    EmptySubjectNoSan,
    /// An extension of the wrong criticality.
    Criticality {
        /// The extension.
        extension: String,
        /// Whether it is marked critical.
        critical: bool,
    },
    /// No authorityKeyIdentifier in a certificate that is not self-signed.
    AkiMissing,
    /// An authorityKeyIdentifier without keyIdentifier.
    AkiNoKeyId,
    /// An authorityKeyIdentifier with authorityCertIssuer or authorityCertSerialNumber.
    AkiExtraFields,
    /// A self-signed root whose authorityKeyIdentifier differs from its
    /// subjectKeyIdentifier.
    RootAkiNotSki,
    /// No subjectKeyIdentifier in a CA certificate.
    SkiMissing,
    /// A subjectAltName dNSName that is not a DNS name.
    SanDnsName {
        /// The value.
        name: String,
    },
    /// A subjectAltName iPAddress of neither 4 nor 16 octets.
    SanIpLength {
        /// Its length.
        octets: usize,
    },
    /// A subjectAltName rfc822Name that is not a mailbox.
    SanEmail {
        /// The value.
        name: String,
    },
    /// A subjectAltName entry that does not decode.
    SanEntry {
        /// What is wrong.
        problem: String,
    },
    /// nameConstraints in an end-entity certificate.
    NameConstraintsInLeaf,
    /// nameConstraints without subtrees.
    NameConstraintsEmpty,
    /// A dNSName constraint that is not a DNS name.
    ConstraintDnsName {
        /// The value.
        name: String,
    },
    /// An iPAddress constraint of neither 8 nor 32 octets.
    ConstraintIpLength {
        /// Its length.
        octets: usize,
    },
    /// An iPAddress constraint whose mask is not a prefix.
    ConstraintIpNotCidr {
        /// The constraint.
        constraint: String,
    },
    /// An rfc822Name constraint that is not a mailbox, host or domain.
    ConstraintEmail {
        /// The value.
        name: String,
    },
    /// A constraint that does not decode.
    ConstraintEntry {
        /// What is wrong.
        problem: String,
    },
    /// A TLS server leaf without subjectAltName (CA/B).
    SanMissing,
    /// A critical subjectAltName beside a non-empty subject (CA/B).
    SanCritical,
    /// A critical extKeyUsage in a TLS server leaf (CA/B).
    EkuCritical,
    /// More than one subject commonName (CA/B).
    CnCount {
        /// How many.
        count: usize,
    },
    /// A commonName that is an IP address in a non-canonical form (CA/B).
    CnIpForm {
        /// The commonName.
        common_name: String,
        /// The address, canonical.
        ip: String,
    },
    /// A commonName that is a domain name in Unicode (CA/B).
    CnUnicode {
        /// The commonName.
        common_name: String,
    },
    /// A commonName that differs from a subjectAltName in letter case (CA/B).
    CnCase {
        /// The commonName.
        common_name: String,
        /// The subjectAltName value.
        san: String,
    },
    /// A root CA certificate with extKeyUsage (CA/B).
    RootEku,
    /// A required extension is absent (a row of the extension rules with a generic
    /// message).
    ExtensionMissing {
        /// The extension.
        extension: String,
    },
    /// A forbidden extension is present (a row of the extension rules with a generic
    /// message).
    ExtensionForbidden {
        /// The extension.
        extension: String,
    },
    /// A CA's basicConstraints not marked critical.
    BasicConstraintsNotCritical,
    /// keyCertSign without cA.
    KeyCertSignWithoutCa,
    /// cA without keyCertSign in a leaf.
    CaWithoutKeyCertSign,
    /// policyMappings to or from anyPolicy.
    PolicyMappingAnyPolicy,
}

/// Why a key is weak (`weak_key`'s `reason`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum WeakKeyReason {
    /// An RSA key under the minimum size.
    TooSmall,
    /// An RSA key whose size is not a multiple of 8.
    #[serde(rename = "size_not_multiple_of_8")]
    SizeNotMultipleOf8,
    /// An ECDSA key with explicit curve parameters.
    ExplicitCurve,
    /// An ECDSA key on a curve other than P-256, P-384, P-521.
    CurveNotPermitted,
    /// A key algorithm that is not permitted (DSA).
    AlgorithmNotPermitted,
    /// A key algorithm certchain does not support (Ed448).
    Unsupported,
    /// A key of an unknown type.
    UnknownType,
}

/// Which extendedKeyUsage rule an `eku_mismatch` breaks (its `scope`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum EkuScope {
    /// The leaf's extendedKeyUsage does not allow the purpose (RFC 5280 4.2.1.12).
    Leaf,
    /// A CA's extendedKeyUsage limits what it may issue for (CA/B BR 7.1.2.10.6).
    Issuer,
    /// A TLS server leaf without extendedKeyUsage (CA/B BR 7.1.2.7.10).
    Missing,
    /// A TLS server leaf listing anyExtendedKeyUsage (CA/B BR 7.1.2.7.10).
    AnyExtendedKeyUsage,
}

/// A trust store entry that would have issued a certificate of the path by its name but
/// does not parse (see [`Details::IssuerNotFound`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UnparsedAnchor {
    /// The entry's subject, which is the issuer name of the certificate at `issuer_of`.
    pub name: String,
    /// The depth of the certificate it would have issued.
    pub issuer_of: usize,
    /// Where the entry came from and why it does not parse.
    pub error: String,
}

impl UnparsedAnchor {
    /// "the trust store has a certificate named ... but it does not parse, ...".
    fn unusable(&self) -> String {
        format!(
            "the trust store has a certificate named \"{}\" but it {}",
            self.name,
            self.why_unusable()
        )
    }

    /// "does not parse, so it cannot be a trust anchor (WHERE: WHY)".
    fn why_unusable(&self) -> String {
        format!(
            "does not parse, so it cannot be a trust anchor ({})",
            self.error
        )
    }
}

/// What is most likely missing when no issuer is found (`issuer_not_found`'s `hint`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum IssuerHint {
    /// An intermediate whose issuer is named like a root: the trust store lacks it.
    TrustStoreLacksRoot,
    /// An intermediate whose issuer is another intermediate: a level is missing.
    IntermediateMissing,
    /// A leaf whose issuer is named like a root: the store lacks it, or an intermediate
    /// was not sent.
    RootOrIntermediateMissing,
    /// A leaf whose issuer is an intermediate that was not sent.
    IntermediateNotSent,
}

/// How a name breaks a CA's nameConstraints (`name_constraint_violation`'s `violation`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ConstraintViolation {
    /// The name is in an excluded subtree.
    Excluded,
    /// The name cannot be compared with an excluded subtree of its type.
    ExcludedIncomparable,
    /// The name is outside every permitted subtree of its type.
    NotPermitted,
    /// The name cannot be compared with the permitted subtrees of its type.
    PermittedIncomparable,
}

/// Which work budget ran out (`budget_exhausted`'s `resource`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum BudgetResource {
    /// Signature checks while building paths.
    SignatureChecks,
    /// Path building as a whole.
    PathBuilding,
    /// Name-constraint comparisons.
    NameComparisons,
    /// Nodes of the certificate policy tree.
    PolicyNodes,
}

/// An error finding as another finding quotes it (`engine_disagreement`'s
/// `certchain_error`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FirstError {
    /// Its depth; absent for a chain-level finding.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub depth: Option<usize>,
    /// Its code, as in JSON.
    pub code: &'static str,
    /// Its message.
    pub message: String,
}

/// Why a supplied CRL cannot be used (`crl_invalid`): a `problem` identifier and its own
/// fields.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
#[non_exhaustive]
pub enum CrlProblem {
    /// No cRLNumber extension (RFC 5280 5.2.3).
    NoCrlNumber,
    /// cRLNumber marked critical (RFC 5280 5.2.3).
    CrlNumberCritical,
    /// A critical extension certchain does not process (RFC 5280 5.2).
    UnknownCriticalExtension {
        /// Its OID.
        oid: String,
    },
    /// The issuer's keyUsage lacks cRLSign (RFC 5280 6.3.3 (f)).
    IssuerLacksCrlSign,
    /// thisUpdate is after the check time (RFC 5280 5.1.2.4).
    NotYetValid {
        /// thisUpdate (RFC 3339).
        this_update: String,
        /// thisUpdate (Unix seconds).
        this_update_unix: i64,
    },
    /// nextUpdate is before the check time (RFC 5280 5.1.2.5).
    Stale {
        /// nextUpdate (RFC 3339).
        next_update: String,
        /// nextUpdate (Unix seconds).
        next_update_unix: i64,
    },
    /// Signed with an algorithm certchain does not accept (RFC 5280 6.3.3 (g)).
    SignatureAlgorithm {
        /// The algorithm.
        algorithm: String,
    },
    /// The signature does not verify with the issuer's key (RFC 5280 6.3.3 (g)).
    BadSignature,
}

impl CrlProblem {
    /// The problem as the message says it, after "the CRL ... from ISSUER".
    fn text(&self, issuer: &str) -> String {
        match self {
            CrlProblem::NoCrlNumber => {
                "has no cRLNumber extension, which conforming CRLs MUST include".into()
            }
            CrlProblem::CrlNumberCritical => {
                "marks cRLNumber critical; it MUST be non-critical".into()
            }
            CrlProblem::UnknownCriticalExtension { oid } => {
                format!("has critical extension {oid}, which certchain does not process")
            }
            CrlProblem::IssuerLacksCrlSign => {
                format!("is signed by {issuer}, whose keyUsage lacks cRLSign")
            }
            CrlProblem::NotYetValid { this_update, .. } => {
                format!("is not valid until its thisUpdate {this_update}")
            }
            CrlProblem::Stale { next_update, .. } => {
                format!("is stale: its nextUpdate {next_update} has passed")
            }
            CrlProblem::SignatureAlgorithm { algorithm } => {
                format!("is signed with {algorithm}, which certchain does not accept")
            }
            CrlProblem::BadSignature => {
                format!("has a signature that does not verify with the key of {issuer}")
            }
        }
    }
}

/// Why an OCSP response is not used (`ocsp_bad_response`): a `problem` identifier and
/// its own fields.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
#[non_exhaustive]
pub enum OcspProblem {
    /// The bytes are not an OCSP response certchain can read.
    Unreadable {
        /// Why.
        reason: String,
    },
    /// It was asked for (or stapled with) this certificate but names another (RFC 6960
    /// 3.2 (1)).
    OtherCertificate,
    /// It names none of the path's certificates (a response given as a file).
    NamesNoCertificate,
    /// Its signature does not verify with the signer's key (RFC 6960 3.2 (2)).
    BadSignature {
        /// The signer.
        signer: String,
    },
    /// Signed with an algorithm certchain does not accept.
    SignatureAlgorithm {
        /// The algorithm.
        algorithm: String,
    },
    /// The signer is neither the issuer nor a responder certificate sent with the
    /// response (RFC 6960 3.2 (3)).
    UnknownSigner {
        /// The ResponderID, as a name or a key hash.
        responder: String,
    },
    /// The signer is a delegated responder the issuer did not authorise (RFC 6960
    /// 4.2.2.2).
    UnauthorizedResponder {
        /// The responder certificate.
        responder: String,
        /// Why it is not authorised.
        why: String,
    },
    /// The nonce of the response is not the one sent (RFC 8954).
    NonceMismatch,
    /// A critical response extension certchain does not process.
    UnknownCriticalExtension {
        /// Its OID.
        oid: String,
    },
}

impl OcspProblem {
    fn text(&self) -> String {
        match self {
            OcspProblem::Unreadable { reason } => format!("cannot be read: {reason}"),
            OcspProblem::OtherCertificate => {
                "is about another certificate: no CertID in it names this one".into()
            }
            OcspProblem::NamesNoCertificate => {
                "names none of the path's certificates (no CertID matches)".into()
            }
            OcspProblem::BadSignature { signer } => {
                format!("has a signature that does not verify with the key of {signer}")
            }
            OcspProblem::SignatureAlgorithm { algorithm } => {
                format!("is signed with {algorithm}, which certchain does not accept")
            }
            OcspProblem::UnknownSigner { responder } => format!(
                "is signed by {responder}, which is neither the issuer nor a responder certificate sent with the response"
            ),
            OcspProblem::UnauthorizedResponder { responder, why } => {
                format!("is signed by the responder {responder}, which is not authorised: {why}")
            }
            OcspProblem::NonceMismatch => "carries a nonce other than the one sent".into(),
            OcspProblem::UnknownCriticalExtension { oid } => {
                format!("has critical extension {oid}, which certchain does not process")
            }
        }
    }
}

/// How a message names an OCSP response.
fn ocsp_response(origin: crate::model::ocsp::OcspOrigin, response: &str) -> String {
    use crate::model::ocsp::OcspOrigin;
    match origin {
        OcspOrigin::File => format!("the OCSP response {response}"),
        OcspOrigin::Stapled => format!("the OCSP response stapled by {response}"),
        OcspOrigin::Fetched => format!("the OCSP response from {response}"),
    }
}

/// Why no usable CRL covers a certificate (`revocation_unknown` and
/// `revocation_required`): a `reason` identifier and its own fields.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Uncovered {
    /// The certificate is itself a trust anchor: no issuer in the path has a CRL for it.
    TrustAnchor,
    /// Its issuer was not found, so no CRL could be verified for it.
    IssuerNotFound,
    /// CRLs from its issuer were given but none could be used (see `crl_invalid`).
    CrlsUnusable {
        /// How many.
        count: usize,
    },
    /// No CRL was given at all.
    NoCrlGiven,
    /// No CRL from its issuer was given and no usable OCSP response names it.
    NoCrlOrOcsp {
        /// How many OCSP responses for it could not be used (see the `ocsp_*` findings).
        unusable_ocsp: usize,
    },
    /// CRLs were given, none from its issuer.
    OtherIssuers {
        /// The certificate's issuer.
        issuer: String,
        /// How many CRLs were given.
        crl_count: usize,
        /// The distinct issuers of the CRLs given.
        crl_issuers: Vec<String>,
    },
}

impl Uncovered {
    /// The reason as the message says it.
    fn text(&self) -> String {
        match self {
            Uncovered::TrustAnchor => {
                "it is itself a trust anchor, so no issuer in the path has a CRL for it".into()
            }
            Uncovered::IssuerNotFound => {
                "its issuer was not found, so no CRL could be verified for it".into()
            }
            Uncovered::CrlsUnusable { count } => format!(
                "the {count} CRL{} from its issuer could not be used (crl_invalid above)",
                plural_s(*count)
            ),
            Uncovered::NoCrlGiven => "no CRL was given".into(),
            Uncovered::NoCrlOrOcsp { unusable_ocsp: 0 } => {
                "no CRL from its issuer was given and no OCSP response names it".into()
            }
            Uncovered::NoCrlOrOcsp { unusable_ocsp } => format!(
                "no CRL from its issuer was given and the {unusable_ocsp} OCSP response{} for it could not be used (its own finding says why)",
                plural_s(*unusable_ocsp)
            ),
            Uncovered::OtherIssuers {
                issuer,
                crl_count,
                crl_issuers,
            } => {
                let mut list = crl_issuers
                    .iter()
                    .take(MAX_CRL_ISSUERS_NAMED)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ");
                let more = crl_issuers.len().saturating_sub(MAX_CRL_ISSUERS_NAMED);
                if more > 0 {
                    list.push_str(&format!(" and {more} more issuer{}", plural_s(more)));
                }
                if *crl_count == 1 {
                    format!("the only CRL given is from {list}, not from its issuer {issuer}")
                } else {
                    format!(
                        "none of the {crl_count} CRLs given is from its issuer {issuer} (they are from {list})"
                    )
                }
            }
        }
    }
}

/// Which certificates revocation checking is required for (`revocation_required`'s
/// `scope`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RequiredFor {
    /// The leaf.
    Leaf,
    /// Every certificate below the anchor.
    All,
}

impl Rule {
    /// The sentence for a person.
    pub fn message(&self) -> String {
        match self {
            Rule::Decoding { problem } => problem.clone(),
            Rule::EmptyChain => "no certificate was presented".into(),
            Rule::Version { version, encoded } => {
                format!("X.509 version {version} (encoded {encoded}); version 3 is required")
            }
            Rule::SerialEmpty => "the serial number is empty".into(),
            Rule::SerialNegative => "the serial number is negative".into(),
            Rule::SerialZero => "the serial number is zero".into(),
            Rule::SerialTooLong { octets } => {
                format!("the serial number is {octets} octets long; at most 20 are allowed")
            }
            Rule::IssuerEmpty => "the issuer name is empty".into(),
            Rule::CaSubjectEmpty => "a CA certificate with an empty subject name".into(),
            Rule::EmptySubjectSanNotCritical => {
                "the subject is empty but subjectAltName is not marked critical".into()
            }
            Rule::EmptySubjectNoSan => "the subject is empty and there is no subjectAltName".into(),
            Rule::Criticality {
                extension,
                critical,
            } => {
                let (is, must) = if *critical {
                    ("critical", "non-critical")
                } else {
                    ("non-critical", "critical")
                };
                format!("{extension} is marked {is}; it MUST be {must}")
            }
            Rule::AkiMissing => "no authorityKeyIdentifier; it MUST be present in certificates that are not self-signed".into(),
            Rule::AkiNoKeyId => "authorityKeyIdentifier has no keyIdentifier".into(),
            Rule::AkiExtraFields => "authorityKeyIdentifier carries authorityCertIssuer or authorityCertSerialNumber, which MUST be absent".into(),
            Rule::RootAkiNotSki => "the self-signed root's authorityKeyIdentifier differs from its subjectKeyIdentifier".into(),
            Rule::SkiMissing => "no subjectKeyIdentifier; it MUST be present in CA certificates".into(),
            Rule::SanDnsName { name } => {
                format!("subjectAltName dNSName {name:?} is not a valid DNS name")
            }
            Rule::SanIpLength { octets } => {
                format!("subjectAltName iPAddress has {octets} octets; 4 or 16 required")
            }
            Rule::SanEmail { name } => {
                format!("subjectAltName rfc822Name {name:?} is not a valid mailbox")
            }
            Rule::SanEntry { problem } => format!("subjectAltName entry: {problem}"),
            Rule::NameConstraintsInLeaf => "nameConstraints in an end-entity certificate; it MUST be used only in CA certificates".into(),
            Rule::NameConstraintsEmpty => {
                "nameConstraints has neither permitted nor excluded subtrees".into()
            }
            Rule::ConstraintDnsName { name } => format!(
                "dNSName constraint {name:?} is not a DNS name (no wildcards or leading dots)"
            ),
            Rule::ConstraintIpLength { octets } => format!(
                "iPAddress constraint has {octets} octets; an address and a mask (8 or 32) are required"
            ),
            Rule::ConstraintIpNotCidr { constraint } => {
                format!("iPAddress constraint {constraint} is not in CIDR form")
            }
            Rule::ConstraintEmail { name } => {
                format!("rfc822Name constraint {name:?} is not a mailbox, host or domain")
            }
            Rule::ConstraintEntry { problem } => format!("constraint: {problem}"),
            Rule::SanMissing => "no subjectAltName: a TLS server certificate MUST carry one, and certchain matches names only against it".into(),
            Rule::SanCritical => "subjectAltName is critical although the subject is not empty".into(),
            Rule::EkuCritical => "extKeyUsage of a TLS server certificate is marked critical".into(),
            Rule::CnCount { count } => format!(
                "the subject has {count} commonName attributes; a subscriber certificate has at most one"
            ),
            Rule::CnIpForm { common_name, ip } => format!(
                "the subject commonName {common_name:?} is the IP address {ip} in a non-canonical form"
            ),
            Rule::CnUnicode { common_name } => format!("the subject commonName {common_name:?} is a domain name in Unicode; it MUST be the ASCII (A-label) form of a subjectAltName"),
            Rule::CnCase { common_name, san } => format!(
                "the subject commonName {common_name:?} differs from the subjectAltName {san:?} in letter case"
            ),
            Rule::RootEku => "a root CA certificate carries extKeyUsage, which MUST be absent".into(),
            Rule::ExtensionMissing { extension } => {
                format!("no {extension}; it MUST be present in this certificate")
            }
            Rule::ExtensionForbidden { extension } => {
                format!("carries {extension}, which MUST be absent in this certificate")
            }
            Rule::BasicConstraintsNotCritical => {
                "basicConstraints of a CA certificate is not marked critical".into()
            }
            Rule::KeyCertSignWithoutCa => {
                "keyUsage asserts keyCertSign but basicConstraints does not assert cA".into()
            }
            Rule::CaWithoutKeyCertSign => {
                "basicConstraints asserts cA but keyUsage lacks keyCertSign".into()
            }
            Rule::PolicyMappingAnyPolicy => "policyMappings maps to or from anyPolicy".into(),
        }
    }
}

/// Names as messages list them: at most [`MAX_LISTED_NAMES`], then "and N more".
fn list_names(names: &[String]) -> String {
    let mut text: Vec<String> = names.iter().take(MAX_LISTED_NAMES).cloned().collect();
    if names.len() > MAX_LISTED_NAMES {
        text.push(format!(
            "and {} more",
            names.len().saturating_sub(MAX_LISTED_NAMES)
        ));
    }
    text.join(", ")
}

/// Positions (1-based, ascending) as "#2, #5-#9, #12 and 3 more positions": runs of
/// consecutive positions as ranges, at most [`MAX_POSITIONS_LISTED`] items.
pub(crate) fn abbreviate(positions: &[usize]) -> String {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for &p in positions {
        match runs.last_mut() {
            Some((_, end)) if end.checked_add(1) == Some(p) => *end = p,
            _ => runs.push((p, p)),
        }
    }
    let shown: Vec<String> = runs
        .iter()
        .take(MAX_POSITIONS_LISTED)
        .map(|&(a, b)| {
            if a == b {
                format!("#{a}")
            } else {
                format!("#{a}-#{b}")
            }
        })
        .collect();
    let hidden: usize = runs
        .iter()
        .skip(MAX_POSITIONS_LISTED)
        // A run's end is never below its start; the count saturates (`sum` would panic).
        .map(|(a, b)| b.saturating_sub(*a).saturating_add(1))
        .fold(0, usize::saturating_add);
    let mut text = shown.join(", ");
    if hidden > 0 {
        text.push_str(&format!(
            " and {hidden} more position{}",
            if hidden == 1 { "" } else { "s" }
        ));
    }
    text
}

fn plural_s(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

impl Details {
    /// The sentence for a person, rendered from the data: the one place a finding's
    /// message is written.
    pub fn message(&self) -> String {
        match self {
            Details::Expired {
                not_after,
                not_after_unix,
                checked_at_unix,
                ..
            } => format!(
                "expired {not_after} ({} before the check time)",
                span(checked_at_unix.saturating_sub(*not_after_unix))
            ),
            Details::NotYetValid {
                not_before,
                not_before_unix,
                checked_at_unix,
                ..
            } => format!(
                "not valid before {not_before} ({} after the check time)",
                span(not_before_unix.saturating_sub(*checked_at_unix))
            ),
            Details::ExpiringSoon {
                not_after,
                not_after_unix,
                checked_at_unix,
                threshold_days,
                first_to_expire,
                ..
            } => format!(
                "expires {not_after} (in {}, within the {threshold_days}-day threshold){}",
                span(not_after_unix.saturating_sub(*checked_at_unix)),
                if *first_to_expire {
                    "; the first certificate of the path to expire"
                } else {
                    ""
                }
            ),
            Details::NameMismatch {
                expected,
                presented,
                has_subject_alt_name,
                cn_would_match,
            } => {
                let mut msg = if !has_subject_alt_name {
                    format!("{expected} is not named: the certificate has no subjectAltName")
                } else if presented.is_empty() {
                    format!("{expected} is not named: the subjectAltName has no DNS, IP or e-mail entry")
                } else {
                    format!("{expected} is not among the names {}", list_names(presented))
                };
                if *cn_would_match {
                    msg.push_str(" (the subject CN matches, but clients no longer fall back to the CN: put the name in subjectAltName)");
                }
                msg
            }
            Details::WeakKey {
                algorithm,
                bits,
                curve,
                minimum,
                oid,
                reason,
            } => {
                let bits = bits.unwrap_or_default();
                match reason {
                    WeakKeyReason::TooSmall => format!(
                        "RSA key of {bits} bits; at least {} required",
                        minimum.unwrap_or_default()
                    ),
                    WeakKeyReason::SizeNotMultipleOf8 => {
                        format!("RSA key of {bits} bits; the size must be divisible by 8")
                    }
                    WeakKeyReason::ExplicitCurve => "ECDSA key with explicit curve parameters; a named curve is required (CA/B BR 7.1.3.1.2)".into(),
                    WeakKeyReason::CurveNotPermitted => format!(
                        "ECDSA key on curve {}; only P-256, P-384 and P-521 are permitted",
                        curve.as_deref().unwrap_or_default()
                    ),
                    WeakKeyReason::AlgorithmNotPermitted => {
                        format!("{algorithm} key ({bits} bits); {algorithm} is not permitted")
                    }
                    WeakKeyReason::Unsupported => format!("{algorithm} key, which certchain does not support"),
                    WeakKeyReason::UnknownType => format!(
                        "public key of unknown type {}",
                        oid.as_deref().unwrap_or_default()
                    ),
                }
            }
            Details::WeakSignatureAlgorithm { algorithm } => {
                format!("signed with {algorithm}, which is no longer accepted")
            }
            Details::UnsupportedSignatureAlgorithm {
                algorithm,
                issuer_key_bits,
                maximum_bits,
                reason,
            } => match (issuer_key_bits, reason) {
                (Some(bits), _) => format!(
                    "the issuer's RSA key has {bits} bits; certchain verifies up to {}",
                    maximum_bits.unwrap_or_default()
                ),
                (None, Some(why)) => why.clone(),
                (None, None) => format!("signed with {algorithm}, which certchain does not verify"),
            },
            Details::BadSignature {
                algorithm,
                issuer,
                issuer_key,
            } => format!(
                "the {algorithm} signature does not verify with the key of {issuer} ({issuer_key})"
            ),
            Details::IssuerNotFound {
                issuer,
                key_id,
                ca_issuers,
                looped,
                hint,
                presented,
                unparsed_anchor,
                ..
            } => {
                if *looped > 0 {
                    return format!(
                        "the certificate{} named \"{issuer}\" that could have issued it {} already on the path below it: the certificates loop, and no trust anchor issued any of them",
                        plural_s(*looped),
                        if *looped == 1 { "is" } else { "are all" }
                    );
                }
                let mut msg = format!(
                    "no certificate in the inputs or the root store is the issuer \"{issuer}\""
                );
                if let Some(k) = key_id {
                    msg.push_str(&format!(" with key identifier {k}"));
                }
                msg.push_str("; ");
                if let Some(u) = unparsed_anchor.as_ref().filter(|u| u.name == *issuer) {
                    msg.push_str(&u.unusable());
                    return msg;
                }
                let sent = if *presented {
                    "the server sent this intermediate"
                } else {
                    "this intermediate was supplied"
                };
                msg.push_str(&match hint.unwrap_or(IssuerHint::IntermediateNotSent) {
                    IssuerHint::TrustStoreLacksRoot => format!(
                        "{sent}, and its issuer is a root CA by name: your trust store lacks the root \"{issuer}\" (add it to the trust store if you trust it)"
                    ),
                    IssuerHint::IntermediateMissing => format!(
                        "{sent} but not the one above it: a level of the chain is missing (or, if \"{issuer}\" is a root, your trust store lacks it)"
                    ),
                    IssuerHint::RootOrIntermediateMissing => format!(
                        "its issuer is a root CA by name: your trust store lacks the root \"{issuer}\" (or the server did not send an intermediate certificate)"
                    ),
                    IssuerHint::IntermediateNotSent => {
                        "the server did not send its intermediate certificate".into()
                    }
                });
                if let Some(url) = ca_issuers.first() {
                    msg.push_str(&format!(
                        "; the certificate says its issuer can be downloaded from {url}"
                    ));
                }
                if let Some(u) = unparsed_anchor {
                    // Named as the issuer of a certificate below this one.
                    msg.push_str(&format!(
                        "; also, the trust store's certificate \"{}\", the issuer of [{}], {}",
                        u.name,
                        u.issuer_of,
                        u.why_unusable()
                    ));
                }
                msg
            }
            Details::UntrustedRoot {
                subject,
                self_signature_unchecked,
                unparsed_anchor,
            } => format!(
                "{subject} is self-signed but not in the root store{}{}",
                self_signature_unchecked
                    .as_deref()
                    .map(|why| format!(" (its own signature was not checked: {why})"))
                    .unwrap_or_default(),
                unparsed_anchor
                    .as_ref()
                    .map(|u| format!("; {}", u.unusable()))
                    .unwrap_or_default()
            ),
            Details::NotACa {
                has_basic_constraints: false,
            } => "has no basicConstraints extension, so it is not a CA and cannot issue certificates".into(),
            Details::NotACa { .. } => {
                "basicConstraints has cA=FALSE, so it cannot issue certificates".into()
            }
            Details::PathLenExceeded { limit, found } => format!(
                "pathLenConstraint is {limit} but {found} intermediate CA certificate{} follow{} it in the path",
                plural_s(*found),
                if *found == 1 { "s" } else { "" }
            ),
            Details::DepthExceeded {
                limit,
                found,
                default_limit,
                reached_anchor,
            } => format!(
                "intermediate number {} from the leaf is over the maximum chain depth of {limit} ({}); the path {} has {found} intermediate certificate{} (self-issued ones not counted)",
                limit.saturating_add(1),
                if *default_limit {
                    "the default; the policy's maximum depth changes it"
                } else {
                    "the policy's maximum depth"
                },
                if *reached_anchor {
                    "to the trust anchor"
                } else {
                    "built (no trust anchor reached)"
                },
                plural_s(*found)
            ),
            Details::MissingKeyCertSign {
                key_usage: Some(ku),
            } => format!(
                "keyUsage ({}) lacks keyCertSign, so it cannot sign certificates",
                ku.join(", ")
            ),
            Details::MissingKeyCertSign { key_usage: None } => "has no keyUsage extension; a CA certificate must carry one asserting keyCertSign (RFC 5280 4.2.1.3; the rfc5280 profile follows 6.1.4 (n), which checks keyCertSign only when the extension is present)".into(),
            Details::EkuMismatch {
                purpose,
                required,
                allowed,
                scope,
            } => {
                let allowed = allowed.as_deref().unwrap_or_default().join(", ");
                match scope {
                    EkuScope::Issuer => format!(
                        "this CA's extendedKeyUsage ({allowed}) does not include {required}, so it cannot issue for purpose {purpose}"
                    ),
                    EkuScope::Missing => "no extKeyUsage: a TLS server certificate MUST list serverAuth (the rfc5280 profile does not require it for a private PKI; the purpose any checks no usage)".into(),
                    EkuScope::AnyExtendedKeyUsage => "extKeyUsage of a TLS server certificate lists anyExtendedKeyUsage, which MUST NOT be present".into(),
                    EkuScope::Leaf => format!(
                        "extendedKeyUsage allows {allowed} but not {required} (needed for purpose {purpose})"
                    ),
                }
            }
            Details::KeyUsageMismatch { allowed, .. } => format!(
                "keyUsage ({}) allows none of digitalSignature, keyEncipherment, keyAgreement, which TLS needs",
                allowed.join(", ")
            ),
            Details::NameConstraintViolation {
                name,
                constraint,
                constraint_type,
                permitted,
                violation,
                set_by,
                ca_depth,
            } => {
                let constraint = constraint.as_deref().unwrap_or_default();
                let what = match violation {
                    ConstraintViolation::Excluded => format!("{name} is in the excluded subtree {constraint}"),
                    ConstraintViolation::ExcludedIncomparable => format!(
                        "{name} cannot be compared with the excluded {} constraint {constraint}, so it is refused",
                        constraint_type.as_deref().unwrap_or_default()
                    ),
                    ConstraintViolation::PermittedIncomparable => format!(
                        "{name} cannot be compared with the permitted subtrees, so it is refused"
                    ),
                    ConstraintViolation::NotPermitted => {
                        let listed: Vec<&str> = permitted
                            .iter()
                            .take(MAX_SUBTREES_LISTED)
                            .map(String::as_str)
                            .collect();
                        let more = if permitted.len() > MAX_SUBTREES_LISTED {
                            format!(" and {} more", permitted.len().saturating_sub(MAX_SUBTREES_LISTED))
                        } else {
                            String::new()
                        };
                        format!(
                            "{name} is outside the permitted subtrees ({}{more})",
                            listed.join(", ")
                        )
                    }
                };
                format!("{what}, set by {set_by} at depth {ca_depth}")
            }
            Details::BudgetExhausted {
                resource,
                limit,
                ca_depth,
            } => {
                let limit = limit.unwrap_or_default();
                match resource {
                    BudgetResource::SignatureChecks => {
                        format!("path building stopped after {limit} signature checks")
                    }
                    BudgetResource::NameComparisons => format!(
                        "name-constraint checking stopped after {limit} comparisons (the CA at depth {} has too many subtrees for this many names)",
                        ca_depth.unwrap_or_default()
                    ),
                    BudgetResource::PolicyNodes => {
                        format!("the certificate policy tree grew past {limit} nodes")
                    }
                    BudgetResource::PathBuilding => {
                        "path building stopped: the work budget ran out".into()
                    }
                }
            }
            Details::PolicyRequired { required_by } => format!(
                "no certificate policy is valid for the path down to this certificate, but an explicit policy is required{}",
                required_by
                    .map(|d| format!(
                        " (requireExplicitPolicy set by the certificate at depth {d})"
                    ))
                    .unwrap_or_default()
            ),
            Details::Revoked {
                date, reason, crl, ..
            } => format!(
                "revoked on {date} (reason: {}) according to the CRL {crl}",
                reason.as_deref().unwrap_or("not given")
            ),
            Details::RevokedOcsp {
                date,
                reason,
                response,
                origin,
                ..
            } => format!(
                "revoked on {date} (reason: {}) according to {}",
                reason.as_deref().unwrap_or("not given"),
                ocsp_response(*origin, response)
            ),
            Details::Ocsp { response, origin } => format!(
                "{} says the responder does not know this certificate (status unknown)",
                ocsp_response(*origin, response)
            ),
            Details::OcspResponderError {
                response,
                origin,
                status,
            } => format!(
                "{} is the error {status} instead of a certificate status",
                ocsp_response(*origin, response)
            ),
            Details::OcspNoAnswer { response, reason } => {
                format!("the OCSP responder {response} gave no OCSP answer: {reason}")
            }
            Details::OcspBadResponse {
                response,
                origin,
                problem,
            } => format!(
                "{} is not used: it {}",
                ocsp_response(*origin, response),
                problem.text()
            ),
            Details::OcspStale {
                response,
                origin,
                this_update,
                next_update,
                checked_at,
                skew_seconds,
                stale,
                ..
            } => {
                let why = match (*stale, next_update) {
                    ("not_yet_valid", _) => {
                        format!("its thisUpdate {this_update} is after the check time {checked_at}")
                    }
                    (_, Some(next)) => format!(
                        "its nextUpdate {next} is before the check time {checked_at}"
                    ),
                    (_, None) => format!(
                        "it has no nextUpdate and its thisUpdate {this_update} is more than {} before the check time {checked_at}",
                        span(crate::model::ocsp::MAX_OCSP_AGE_WITHOUT_NEXT_UPDATE)
                    ),
                };
                format!(
                    "{} is stale and not used: {why} (clock skew allowed: {})",
                    ocsp_response(*origin, response),
                    span(*skew_seconds)
                )
            }
            Details::MustStapleMissing { staple } => format!(
                "the certificate requires a stapled OCSP response (TLS Feature status_request, OCSP Must-Staple, RFC 7633) and the server {}",
                if *staple == "none" {
                    "stapled none"
                } else {
                    "stapled one that cannot be used (its own finding says why)"
                }
            ),
            Details::CrlInvalid {
                crl,
                issuer,
                problem,
            } => format!("the CRL {crl} from {issuer} {}", problem.text(issuer)),
            Details::Revocation {
                scope: Some(scope),
                reason,
            } => format!(
                "revocation not checked, and it is required for {}: {}",
                if *scope == RequiredFor::Leaf {
                    "the leaf"
                } else {
                    "every certificate below the anchor"
                },
                reason.text()
            ),
            Details::Revocation {
                scope: None,
                reason,
            } => format!("revocation not checked: {}", reason.text()),
            Details::DuplicateCertificate {
                position,
                certificate,
                count,
                positions,
            } => format!(
                "certificate #{position} ({certificate}) is sent {count} times, as {}",
                abbreviate(positions)
            ),
            Details::RootIncluded { position, certificate } => format!(
                "certificate #{position} ({certificate}) is a trust anchor; clients already have it, so it need not be sent"
            ),
            Details::UnusedCertificate { position, certificate } => format!(
                "certificate #{position} ({certificate}) is not part of the path to the trust anchor"
            ),
            Details::CaUsedAsLeaf {} => "basicConstraints asserts cA TRUE: a CA certificate is used as the TLS server certificate, and a subscriber certificate is not a CA (the rfc5280 profile accepts it)".into(),
            Details::Rule(r) => r.message(),
            Details::None {} => String::new(),
            Details::ChainOutOfOrder { path_order } => {
                let order: Vec<String> = path_order.iter().map(|p| format!("#{p}")).collect();
                format!(
                    "the intermediates are not sent in order from the leaf up: the path uses them as {}",
                    order.join(" -> ")
                )
            }
            Details::LeafNotFirst {
                first,
                leaf_position,
                leaf,
            } => format!(
                "certificate #1 ({first}) is a CA certificate (basicConstraints cA TRUE), yet it is verified as the leaf because it comes first; the end-entity certificate #{leaf_position} ({leaf}) appears later in the file: put the leaf first, then its issuer, and so on up"
            ),
            Details::FetchFailed { kind, url, reason } => {
                let what = match kind {
                    FetchKind::CaIssuers => "its issuer's certificate",
                    FetchKind::Crl => "its CRL",
                    FetchKind::Ocsp => "its OCSP response",
                };
                format!("fetching {what} from {url} gave nothing usable: {reason}")
            }
            Details::MissingIntermediateFetched {
                certificate,
                sha256,
                url,
                named_by,
            } => format!(
                "the path needs {certificate}, which the chain did not include: it was fetched from {url} (the caIssuers URL of {named_by}); add it to the chain served, after {named_by} (SHA-256 {sha256})"
            ),
            Details::CnNotInSan {
                common_name,
                presented,
            } => {
                if presented.is_empty() {
                    format!("the subject commonName {common_name:?} is not repeated in a subjectAltName; the certificate has no DNS or IP subjectAltName")
                } else {
                    format!("the subject commonName {common_name:?} is not one of the subjectAltName values ({}); a client that falls back to the CN would accept it for a name the SAN does not list (certchain never matches names against the CN)", list_names(presented))
                }
            }
            Details::UnknownCriticalExtension { name, .. } => {
                format!("critical extension {name} is not recognised")
            }
            Details::EngineDisagreement {
                certchain_error,
                engine,
                engine_error,
            } => {
                let certchain = match certchain_error {
                    Some(FirstError {
                        depth: Some(d),
                        code,
                        message,
                    }) => format!("[{d}] {code}: {message}"),
                    Some(FirstError {
                        depth: None,
                        code,
                        message,
                    }) => format!("{code}: {message}"),
                    None => "valid".into(),
                };
                format!(
                    "the engines disagree: certchain says {certchain}; {engine} says {}",
                    engine_error.as_deref().unwrap_or("valid")
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Library messages speak in library terms: no string literal of this file (where
    /// every message is written) names a command-line flag.
    #[test]
    fn no_message_names_a_command_line_flag() {
        let flag = format!(" -{}", "-");
        for (n, line) in include_str!("details.rs").lines().enumerate() {
            if line.trim_start().starts_with("//") || !line.contains('"') {
                continue;
            }
            let after = line.split(&flag).nth(1).unwrap_or("");
            assert!(
                !after.starts_with(|c: char| c.is_ascii_lowercase()),
                "details.rs line {}: {line}",
                n + 1
            );
        }
    }

    /// A run ending at `usize::MAX` followed by another position: `end + 1` overflowed.
    #[test]
    fn positions_at_the_top_of_usize_do_not_overflow() {
        assert_eq!(abbreviate(&[usize::MAX, 1]), format!("#{}, #1", usize::MAX));
        assert_eq!(
            abbreviate(&[usize::MAX - 1, usize::MAX]),
            format!("#{}-#{}", usize::MAX - 1, usize::MAX)
        );
    }

    #[test]
    fn messages_are_rendered_from_the_data() {
        let d = Details::Expired {
            not_after: "2026-03-01T00:00:00Z".into(),
            not_after_unix: 1_772_323_200,
            checked_at: "2026-06-01T00:00:00Z".into(),
            checked_at_unix: 1_780_272_000,
            days: 92,
        };
        assert_eq!(
            d.message(),
            "expired 2026-03-01T00:00:00Z (92 days before the check time)"
        );
        let d = Details::DuplicateCertificate {
            position: 2,
            certificate: "CN=I".into(),
            count: 3,
            positions: vec![2, 3, 5],
        };
        assert_eq!(
            d.message(),
            "certificate #2 (CN=I) is sent 3 times, as #2-#3, #5"
        );
        let d = Details::Revocation {
            scope: Some(RequiredFor::All),
            reason: Uncovered::OtherIssuers {
                issuer: "\"CN=I\"".into(),
                crl_count: 5,
                crl_issuers: ["A", "B", "C", "D", "E"].map(String::from).to_vec(),
            },
        };
        assert_eq!(
            d.message(),
            "revocation not checked, and it is required for every certificate below the anchor: none of the 5 CRLs given is from its issuer \"CN=I\" (they are from A, B, C and 2 more issuers)"
        );
        assert_eq!(
            serde_json::to_value(&d).unwrap(),
            serde_json::json!({"scope": "all", "reason": "other_issuers", "issuer": "\"CN=I\"",
                "crl_count": 5, "crl_issuers": ["A", "B", "C", "D", "E"]})
        );
        let d = Details::NameMismatch {
            expected: "a.example".into(),
            presented: (0..10).map(|i| format!("DNS:{i}.example")).collect(),
            has_subject_alt_name: true,
            cn_would_match: true,
        };
        assert!(d
            .message()
            .contains("DNS:7.example, and 2 more (the subject CN matches"));
    }

    #[test]
    fn positions_are_listed_as_runs_and_cut_short() {
        assert_eq!(abbreviate(&[2, 3]), "#2-#3");
        assert_eq!(abbreviate(&[2, 4]), "#2, #4");
        assert_eq!(abbreviate(&(2..1001).collect::<Vec<_>>()), "#2-#1000");
        let scattered: Vec<usize> = (0..20).map(|i| i * 2 + 1).collect();
        assert_eq!(
            abbreviate(&scattered),
            "#1, #3, #5, #7, #9, #11 and 14 more positions"
        );
    }

    #[test]
    fn a_long_name_list_is_cut_after_max_listed_names() {
        let names: Vec<String> = (0..12).map(|i| format!("DNS:h{i}.example.com")).collect();
        let listed = list_names(&names);
        assert!(listed.starts_with("DNS:h0.example.com, DNS:h1.example.com, "));
        assert!(
            listed.ends_with("DNS:h7.example.com, and 4 more"),
            "{listed}"
        );
        assert_eq!(
            list_names(&["DNS:a.example.com".into(), "IP:192.0.2.1".into()]),
            "DNS:a.example.com, IP:192.0.2.1"
        );
    }
}
