//! Object identifiers certchain recognises, as typed constants (asn1-rs `Oid`, compared as
//! DER content octets, never as text), and the names of the extensions. The dotted
//! `String` form is made only where a message prints an OID.

use x509_parser::asn1_rs::{oid, Oid};

/// id-at-commonName (X.520)
pub(crate) const CN: Oid<'static> = oid!(2.5.4 .3);
/// id-at-serialNumber (X.520)
pub(crate) const SERIAL_NUMBER: Oid<'static> = oid!(2.5.4 .5);
/// id-at-countryName (X.520)
pub(crate) const C: Oid<'static> = oid!(2.5.4 .6);
/// id-at-localityName (X.520)
pub(crate) const L: Oid<'static> = oid!(2.5.4 .7);
/// id-at-stateOrProvinceName (X.520)
pub(crate) const ST: Oid<'static> = oid!(2.5.4 .8);
/// id-at-streetAddress (X.520)
pub(crate) const STREET: Oid<'static> = oid!(2.5.4 .9);
/// id-at-organizationName (X.520)
pub(crate) const O: Oid<'static> = oid!(2.5.4 .10);
/// id-at-organizationalUnitName (X.520)
pub(crate) const OU: Oid<'static> = oid!(2.5.4 .11);
/// id-at-postalCode (X.520)
pub(crate) const POSTAL_CODE: Oid<'static> = oid!(2.5.4 .17);
/// domainComponent (RFC 4519 2.4)
pub(crate) const DC: Oid<'static> = oid!(0.9.2342 .19200300 .100 .1 .25);
/// userId (RFC 4519 2.39)
pub(crate) const UID: Oid<'static> = oid!(0.9.2342 .19200300 .100 .1 .1);
/// emailAddress (PKCS#9), which RFC 5280 4.2.1.10 says to check against rfc822Name
/// constraints
pub(crate) const EMAIL_ADDRESS: Oid<'static> = oid!(1.2.840 .113549 .1 .9 .1);

/// subjectKeyIdentifier (RFC 5280 4.2.1.2)
pub(crate) const SKI: Oid<'static> = oid!(2.5.29 .14);
/// keyUsage (RFC 5280 4.2.1.3)
pub(crate) const KEY_USAGE: Oid<'static> = oid!(2.5.29 .15);
/// subjectAltName (RFC 5280 4.2.1.6)
pub(crate) const SAN: Oid<'static> = oid!(2.5.29 .17);
/// issuerAltName (RFC 5280 4.2.1.7)
pub(crate) const IAN: Oid<'static> = oid!(2.5.29 .18);
/// basicConstraints (RFC 5280 4.2.1.9)
pub(crate) const BASIC_CONSTRAINTS: Oid<'static> = oid!(2.5.29 .19);
/// nameConstraints (RFC 5280 4.2.1.10)
pub(crate) const NAME_CONSTRAINTS: Oid<'static> = oid!(2.5.29 .30);
/// cRLNumber, a CRL extension (RFC 5280 5.2.3)
pub(crate) const CRL_NUMBER: Oid<'static> = oid!(2.5.29 .20);
/// cRLDistributionPoints (RFC 5280 4.2.1.13)
pub(crate) const CRL_DP: Oid<'static> = oid!(2.5.29 .31);
/// certificatePolicies (RFC 5280 4.2.1.4)
pub(crate) const CERT_POLICIES: Oid<'static> = oid!(2.5.29 .32);
/// anyPolicy (RFC 5280 4.2.1.4)
pub(crate) const ANY_POLICY: Oid<'static> = oid!(2.5.29 .32 .0);
/// policyMappings (RFC 5280 4.2.1.5)
pub(crate) const POLICY_MAPPINGS: Oid<'static> = oid!(2.5.29 .33);
/// authorityKeyIdentifier (RFC 5280 4.2.1.1)
pub(crate) const AKI: Oid<'static> = oid!(2.5.29 .35);
/// policyConstraints (RFC 5280 4.2.1.11)
pub(crate) const POLICY_CONSTRAINTS: Oid<'static> = oid!(2.5.29 .36);
/// extKeyUsage (RFC 5280 4.2.1.12)
pub(crate) const EKU: Oid<'static> = oid!(2.5.29 .37);
/// inhibitAnyPolicy (RFC 5280 4.2.1.14)
pub(crate) const INHIBIT_ANY_POLICY: Oid<'static> = oid!(2.5.29 .54);
/// authorityInfoAccess (RFC 5280 4.2.2.1)
pub(crate) const AIA: Oid<'static> = oid!(1.3.6 .1 .5 .5 .7 .1 .1);
/// subjectInfoAccess (RFC 5280 4.2.2.2)
pub(crate) const SIA: Oid<'static> = oid!(1.3.6 .1 .5 .5 .7 .1 .11);
/// Signed certificate timestamps (RFC 6962 3.3)
pub(crate) const SCT_LIST: Oid<'static> = oid!(1.3.6 .1 .4 .1 .11129 .2 .4 .2);
/// id-ad-caIssuers (RFC 5280 4.2.2.1)
pub(crate) const AD_CA_ISSUERS: Oid<'static> = oid!(1.3.6 .1 .5 .5 .7 .48 .2);
/// id-ad-ocsp (RFC 5280 4.2.2.1)
pub(crate) const AD_OCSP: Oid<'static> = oid!(1.3.6 .1 .5 .5 .7 .48 .1);
/// id-pe-tlsfeature (RFC 7633)
pub(crate) const TLS_FEATURE: Oid<'static> = oid!(1.3.6 .1 .5 .5 .7 .1 .24);
/// id-kp-serverAuth
pub(crate) const KP_SERVER_AUTH: Oid<'static> = oid!(1.3.6 .1 .5 .5 .7 .3 .1);
/// id-kp-clientAuth
pub(crate) const KP_CLIENT_AUTH: Oid<'static> = oid!(1.3.6 .1 .5 .5 .7 .3 .2);
/// id-kp-codeSigning
pub(crate) const KP_CODE_SIGNING: Oid<'static> = oid!(1.3.6 .1 .5 .5 .7 .3 .3);
/// id-kp-emailProtection
pub(crate) const KP_EMAIL: Oid<'static> = oid!(1.3.6 .1 .5 .5 .7 .3 .4);
/// id-kp-timeStamping
pub(crate) const KP_TIME_STAMPING: Oid<'static> = oid!(1.3.6 .1 .5 .5 .7 .3 .8);
/// id-kp-OCSPSigning
pub(crate) const KP_OCSP_SIGNING: Oid<'static> = oid!(1.3.6 .1 .5 .5 .7 .3 .9);
/// anyExtendedKeyUsage
pub(crate) const KP_ANY: Oid<'static> = oid!(2.5.29 .37 .0);
/// rsaEncryption
pub(crate) const RSA_ENCRYPTION: Oid<'static> = oid!(1.2.840 .113549 .1 .1 .1);
/// id-ecPublicKey
pub(crate) const EC_PUBLIC_KEY: Oid<'static> = oid!(1.2.840 .10045 .2 .1);
/// id-Ed25519
pub(crate) const ED25519: Oid<'static> = oid!(1.3.101 .112);
/// id-Ed448
pub(crate) const ED448: Oid<'static> = oid!(1.3.101 .113);
/// id-dsa
pub(crate) const DSA: Oid<'static> = oid!(1.2.840 .10040 .4 .1);
/// secp256r1
pub(crate) const P256: Oid<'static> = oid!(1.2.840 .10045 .3 .1 .7);
/// secp384r1
pub(crate) const P384: Oid<'static> = oid!(1.3.132 .0 .34);
/// secp521r1
pub(crate) const P521: Oid<'static> = oid!(1.3.132 .0 .35);
/// secp192r1
pub(crate) const P192: Oid<'static> = oid!(1.2.840 .10045 .3 .1 .1);

/// sha1WithRSAEncryption (RFC 3279 2.2.1)
pub(crate) const SHA1_WITH_RSA: Oid<'static> = oid!(1.2.840 .113549 .1 .1 .5);
/// sha1WithRSASignature, the OIW alias
pub(crate) const SHA1_WITH_RSA_OIW: Oid<'static> = oid!(1.3.14 .3 .2 .29);
/// md5WithRSAEncryption (RFC 3279 2.2.1)
pub(crate) const MD5_WITH_RSA: Oid<'static> = oid!(1.2.840 .113549 .1 .1 .4);
/// md2WithRSAEncryption (RFC 3279 2.2.1)
pub(crate) const MD2_WITH_RSA: Oid<'static> = oid!(1.2.840 .113549 .1 .1 .2);
/// sha224WithRSAEncryption (RFC 4055 5)
pub(crate) const SHA224_WITH_RSA: Oid<'static> = oid!(1.2.840 .113549 .1 .1 .14);
/// sha256WithRSAEncryption (RFC 4055 5)
pub(crate) const SHA256_WITH_RSA: Oid<'static> = oid!(1.2.840 .113549 .1 .1 .11);
/// sha384WithRSAEncryption (RFC 4055 5)
pub(crate) const SHA384_WITH_RSA: Oid<'static> = oid!(1.2.840 .113549 .1 .1 .12);
/// sha512WithRSAEncryption (RFC 4055 5)
pub(crate) const SHA512_WITH_RSA: Oid<'static> = oid!(1.2.840 .113549 .1 .1 .13);
/// id-RSASSA-PSS (RFC 4055 3.1)
pub(crate) const RSASSA_PSS: Oid<'static> = oid!(1.2.840 .113549 .1 .1 .10);
/// ecdsa-with-SHA1 (RFC 3279 2.2.3)
pub(crate) const ECDSA_WITH_SHA1: Oid<'static> = oid!(1.2.840 .10045 .4 .1);
/// ecdsa-with-SHA224 (RFC 5758 3.2)
pub(crate) const ECDSA_WITH_SHA224: Oid<'static> = oid!(1.2.840 .10045 .4 .3 .1);
/// ecdsa-with-SHA256 (RFC 5758 3.2)
pub(crate) const ECDSA_WITH_SHA256: Oid<'static> = oid!(1.2.840 .10045 .4 .3 .2);
/// ecdsa-with-SHA384 (RFC 5758 3.2)
pub(crate) const ECDSA_WITH_SHA384: Oid<'static> = oid!(1.2.840 .10045 .4 .3 .3);
/// ecdsa-with-SHA512 (RFC 5758 3.2)
pub(crate) const ECDSA_WITH_SHA512: Oid<'static> = oid!(1.2.840 .10045 .4 .3 .4);
/// id-dsa-with-sha1 (RFC 3279 2.2.2)
pub(crate) const DSA_WITH_SHA1: Oid<'static> = oid!(1.2.840 .10040 .4 .3);
/// id-dsa-with-sha256 (RFC 5758 3.1)
pub(crate) const DSA_WITH_SHA256: Oid<'static> = oid!(2.16.840 .1 .101 .3 .4 .3 .2);

/// The extensions certchain names in messages.
const EXTENSION_NAMES: &[(Oid<'static>, &str)] = &[
    (SKI, "subjectKeyIdentifier"),
    (AKI, "authorityKeyIdentifier"),
    (KEY_USAGE, "keyUsage"),
    (EKU, "extKeyUsage"),
    (SAN, "subjectAltName"),
    (IAN, "issuerAltName"),
    (BASIC_CONSTRAINTS, "basicConstraints"),
    (NAME_CONSTRAINTS, "nameConstraints"),
    (CERT_POLICIES, "certificatePolicies"),
    (POLICY_CONSTRAINTS, "policyConstraints"),
    (POLICY_MAPPINGS, "policyMappings"),
    (INHIBIT_ANY_POLICY, "inhibitAnyPolicy"),
    (CRL_DP, "cRLDistributionPoints"),
    (AIA, "authorityInfoAccess"),
    (TLS_FEATURE, "TLS Feature"),
    (SIA, "subjectInfoAccess"),
    (SCT_LIST, "signedCertificateTimestampList"),
];

/// The name certchain knows an extension by ("keyUsage"), if it knows one.
pub(crate) fn extension_short_name(oid: &Oid<'_>) -> Option<&'static str> {
    EXTENSION_NAMES
        .iter()
        .find(|(o, _)| o == oid)
        .map(|&(_, name)| name)
}

/// The readable name of an extension OID ("keyUsage (2.5.29.15)"), or its dotted form.
pub(crate) fn extension_name(oid: &Oid<'_>) -> String {
    let dotted = oid.to_id_string();
    match EXTENSION_NAMES.iter().find(|(o, _)| o == oid) {
        Some((_, name)) => format!("{name} ({dotted})"),
        None => dotted,
    }
}
