//! The OBJECT IDENTIFIERs the generator writes, as arcs (`der::oid` encodes them).

/// authorityKeyIdentifier (RFC 5280 4.2.1.1).
pub(crate) const OID_AKI: &[u64] = &[2, 5, 29, 35];
/// subjectKeyIdentifier (RFC 5280 4.2.1.2).
pub(crate) const OID_SKI: &[u64] = &[2, 5, 29, 14];
/// subjectAltName (RFC 5280 4.2.1.6).
pub(crate) const OID_SAN: &[u64] = &[2, 5, 29, 17];
/// extKeyUsage (RFC 5280 4.2.1.12).
pub(crate) const OID_EKU: &[u64] = &[2, 5, 29, 37];
/// basicConstraints (RFC 5280 4.2.1.9).
pub(crate) const OID_BASIC_CONSTRAINTS: &[u64] = &[2, 5, 29, 19];
/// nameConstraints (RFC 5280 4.2.1.10).
pub(crate) const OID_NAME_CONSTRAINTS: &[u64] = &[2, 5, 29, 30];
/// policyConstraints (RFC 5280 4.2.1.11).
pub(crate) const OID_POLICY_CONSTRAINTS: &[u64] = &[2, 5, 29, 36];
/// certificatePolicies (RFC 5280 4.2.1.4).
pub(crate) const OID_CERTIFICATE_POLICIES: &[u64] = &[2, 5, 29, 32];
/// anyPolicy (RFC 5280 4.2.1.4).
pub(crate) const ANY_POLICY: &[u64] = &[2, 5, 29, 32, 0];
/// The CA/B Forum's domain-validated policy.
pub(crate) const POLICY_DV: &[u64] = &[2, 23, 140, 1, 2, 1];
/// A private-arc policy that means nothing to anyone.
pub(crate) const POLICY_PRIVATE: &[u64] = &[1, 3, 6, 1, 4, 1, 99999, 1];
/// cRLNumber (RFC 5280 5.2.3).
pub(crate) const OID_CRL_NUMBER: &[u64] = &[2, 5, 29, 20];
/// authorityInfoAccess (RFC 5280 4.2.2.1).
pub(crate) const OID_AIA: &[u64] = &[1, 3, 6, 1, 5, 5, 7, 1, 1];
/// id-ad-caIssuers (RFC 5280 4.2.2.1).
pub(crate) const OID_AD_CA_ISSUERS: &[u64] = &[1, 3, 6, 1, 5, 5, 7, 48, 2];
/// A private-arc OID no verifier knows (the project's fixture arc).
pub(crate) const OID_PRIVATE_EXT: &[u64] = &[1, 3, 6, 1, 4, 1, 55738, 666, 1];
