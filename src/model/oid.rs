//! Object identifiers certchain recognises, as dotted strings, and their names.

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

pub(crate) fn ext_name(oid_s: &str) -> String {
    let name = match oid_s {
        SKI => "subjectKeyIdentifier",
        AKI => "authorityKeyIdentifier",
        KEY_USAGE => "keyUsage",
        EKU => "extKeyUsage",
        SAN => "subjectAltName",
        IAN => "issuerAltName",
        BASIC_CONSTRAINTS => "basicConstraints",
        NAME_CONSTRAINTS => "nameConstraints",
        CERT_POLICIES => "certificatePolicies",
        POLICY_CONSTRAINTS => "policyConstraints",
        POLICY_MAPPINGS => "policyMappings",
        INHIBIT_ANY_POLICY => "inhibitAnyPolicy",
        CRL_DP => "cRLDistributionPoints",
        AIA => "authorityInfoAccess",
        SIA => "subjectInfoAccess",
        SCT_LIST => "signedCertificateTimestampList",
        _ => return oid_s.to_string(),
    };
    format!("{name} ({oid_s})")
}

/// The readable name of an extension OID ("keyUsage (2.5.29.15)").
pub fn extension_name(oid_s: &str) -> String {
    ext_name(oid_s)
}
