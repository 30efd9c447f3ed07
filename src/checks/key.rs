//! Keys: the type and size of every public key of the path (CA/B Forum BR 6.1.5,
//! 7.1.3.1.2; RFC 8410 for Ed25519).

use crate::model::Certificate;
use crate::model::{oid, KeyKind};
use crate::report::details::{Details, WeakKeyReason};
use crate::report::finding::Code;

/// Smallest RSA modulus accepted, in bits (CA/B Forum BR 6.1.5).
pub const MIN_RSA_BITS: usize = 2048;

// CA/B Forum BR 6.1.5: RSA moduli of at least 2048 bits and divisible by 8; ECDSA on
// P-256, P-384 or P-521; 7.1.3.1.2: named curves only. Ed25519 is accepted (RFC 8410).
/// Check that a certificate's public key is of a permitted type and size.
pub fn check_key_strength(
    cert: &Certificate,
    depth: usize,
    out: &mut crate::report::finding::Findings,
) {
    let weak = |algorithm: &str, bits: Option<usize>, reason: WeakKeyReason| Details::WeakKey {
        algorithm: algorithm.to_string(),
        bits,
        curve: None,
        minimum: (reason == WeakKeyReason::TooSmall).then_some(MIN_RSA_BITS),
        oid: None,
        reason,
    };
    let problem = match &cert.key {
        KeyKind::Rsa { bits } if *bits < MIN_RSA_BITS => {
            Some(weak("RSA", Some(*bits), WeakKeyReason::TooSmall))
        }
        KeyKind::Rsa { bits } if bits % 8 != 0 => {
            Some(weak("RSA", Some(*bits), WeakKeyReason::SizeNotMultipleOf8))
        }
        KeyKind::Rsa { .. } => None,
        KeyKind::Ec { curve: None } => Some(weak("ECDSA", None, WeakKeyReason::ExplicitCurve)),
        KeyKind::Ec { curve: Some(c) } if [oid::P256, oid::P384, oid::P521].contains(c) => None,
        KeyKind::Ec { curve: Some(c) } => Some(Details::WeakKey {
            algorithm: "ECDSA".into(),
            bits: None,
            curve: Some(crate::model::curve_name(c)),
            minimum: None,
            oid: None,
            reason: WeakKeyReason::CurveNotPermitted,
        }),
        KeyKind::Ed25519 => None,
        KeyKind::Dsa { bits } => Some(weak(
            "DSA",
            Some(*bits),
            WeakKeyReason::AlgorithmNotPermitted,
        )),
        KeyKind::Ed448 => Some(weak("Ed448", None, WeakKeyReason::Unsupported)),
        KeyKind::Other { oid } => Some(Details::WeakKey {
            algorithm: "unknown".into(),
            bits: None,
            curve: None,
            minimum: None,
            oid: Some(oid.to_string()),
            reason: WeakKeyReason::UnknownType,
        }),
    };
    if let Some(p) = problem {
        out.push(depth, Code::WeakKey, "CA/B BR 6.1.5", p);
    }
}
