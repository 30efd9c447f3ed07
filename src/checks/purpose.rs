//! What the leaf may be used for: extendedKeyUsage (RFC 5280 4.2.1.12) on the leaf and
//! on every intermediate that carries it, and the leaf's keyUsage for TLS (RFC 5280
//! 4.2.1.3, RFC 8446 4.4.2.4, RFC 5246 7.4.2).

use super::{Ctx, PathView};
use crate::model::{oid, Certificate, KeyUsage};
use crate::policy::Purpose;
use crate::report::details::{Details, EkuScope};
use crate::report::finding::{Code, Findings};
use crate::report::Role;
use x509_parser::asn1_rs::Oid;

/// The key purposes certchain names in messages.
const PURPOSE_NAMES: &[(Oid<'static>, &str)] = &[
    (oid::KP_SERVER_AUTH, "serverAuth"),
    (oid::KP_CLIENT_AUTH, "clientAuth"),
    (oid::KP_CODE_SIGNING, "codeSigning"),
    (oid::KP_EMAIL, "emailProtection"),
    (oid::KP_TIME_STAMPING, "timeStamping"),
    (oid::KP_OCSP_SIGNING, "OCSPSigning"),
    (oid::KP_ANY, "anyExtendedKeyUsage"),
];

/// The name of a key purpose, or its dotted OID.
pub(crate) fn eku_name(o: &Oid<'_>) -> String {
    match PURPOSE_NAMES.iter().find(|(known, _)| known == o) {
        Some((_, name)) => (*name).to_string(),
        None => o.to_id_string(),
    }
}

/// Names of the purposes an EKU lists.
pub(crate) fn eku_names(purposes: &[Oid<'static>]) -> Vec<String> {
    purposes.iter().map(eku_name).collect()
}

/// Whether an extKeyUsage list allows `want`: it lists it or anyExtendedKeyUsage, or it
/// is empty (malformed, reported as such).
fn allows(purposes: &[Oid<'static>], want: &Oid<'_>) -> bool {
    purposes.is_empty() || purposes.iter().any(|p| p == want || *p == oid::KP_ANY)
}

// RFC 5280 4.2.1.12: when extendedKeyUsage is present, the certificate may be used only
// for the purposes listed (anyExtendedKeyUsage allows any). An absent EKU allows any.
/// The leaf's extendedKeyUsage and keyUsage against the purpose.
pub fn check_leaf(leaf: &Certificate, ctx: &Ctx<'_>, out: &mut Findings) {
    let purpose = &ctx.policy.purpose;
    if let (Some(want), Some(eku)) = (purpose.eku_oid(), &leaf.ext_key_usage) {
        if !allows(&eku.purposes, &want) {
            out.push(
                0,
                Code::EkuMismatch,
                "RFC 5280 4.2.1.12",
                Details::EkuMismatch {
                    purpose: purpose.name().to_string(),
                    required: eku_name(&want),
                    allowed: Some(eku_names(&eku.purposes)),
                    scope: EkuScope::Leaf,
                },
            );
        }
    }
    // RFC 5280 4.2.1.3 with TLS: a TLS peer signs the handshake (digitalSignature) or, for
    // RSA key transport, decrypts (keyEncipherment) or agrees (keyAgreement).
    // A CA certificate presented as the leaf (trusting a CA's own key for TLS) is judged
    // by its CA key usage, as RFC 5280 puts no EE requirement on it.
    if matches!(purpose, Purpose::ServerAuth | Purpose::ClientAuth) && !leaf.is_ca() {
        if let Some(ku) = leaf.key_usage {
            let tls_bits =
                KeyUsage::DIGITAL_SIGNATURE | KeyUsage::KEY_ENCIPHERMENT | KeyUsage::KEY_AGREEMENT;
            if ku.flags & tls_bits == 0 {
                out.push(
                    0,
                    Code::KeyUsageMismatch,
                    "RFC 5280 4.2.1.3",
                    Details::KeyUsageMismatch {
                        purpose: purpose.name().to_string(),
                        allowed: ku.names().iter().map(|n| n.to_string()).collect(),
                    },
                );
            }
        }
    }
}

// CA/B BR 7.1.2.7.8: a subscriber (TLS server) certificate's basicConstraints, if present,
// has cA FALSE: a CA certificate is not a server certificate (rustls-webpki's
// CaUsedAsEndEntity). RFC 5280 has no such rule, so `--profile rfc5280` accepts a CA's
// own certificate as the leaf (x509-limbo rfc5280::ca-as-leaf).
/// Under the `webpki` profile, the TLS server leaf must not be a CA.
pub fn check_leaf_not_ca(leaf: &Certificate, ctx: &Ctx<'_>, out: &mut Findings) {
    if ctx.policy.purpose == Purpose::ServerAuth && ctx.policy.profile.cabf() && leaf.is_ca() {
        out.push(
            0,
            Code::CaUsedAsLeaf,
            "CA/B BR 7.1.2.7.8",
            Details::CaUsedAsLeaf {},
        );
    }
}

// RFC 5280 does not constrain issuers by EKU, but the Web PKI (Mozilla, Chromium, CA/B
// BR 7.1.2.10.6) treats an intermediate's extendedKeyUsage as a limit on what it may
// issue for: a CA restricted to clientAuth cannot issue a server certificate.
/// Intermediates (and anchors) that carry extendedKeyUsage must allow the purpose.
pub fn check_chain_ekus(path: &PathView<'_>, ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(want) = ctx.policy.purpose.eku_oid() else {
        return;
    };
    for (depth, cert) in path.certs.iter().enumerate().skip(1) {
        if path.role(depth) == Role::Anchor {
            continue;
        }
        let Some(eku) = &cert.ext_key_usage else {
            continue;
        };
        if !allows(&eku.purposes, &want) {
            out.push(
                depth,
                Code::EkuMismatch,
                "CA/B BR 7.1.2.10.6",
                Details::EkuMismatch {
                    purpose: ctx.policy.purpose.name().to_string(),
                    required: eku_name(&want),
                    allowed: Some(eku_names(&eku.purposes)),
                    scope: EkuScope::Issuer,
                },
            );
        }
    }
}
