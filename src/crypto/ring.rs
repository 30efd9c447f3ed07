//! The ring backend, the default: RSA PKCS#1 v1.5 and PSS (2048 to 8192 bits; PKCS#1
//! SHA-256/512 from 1024 bits through ring's legacy algorithms), ECDSA on P-256 and
//! P-384 with SHA-256 or SHA-384, and Ed25519.

use super::{algorithm, Algorithm, Curve, Hash, Scheme, SignatureBackend, SignatureError};
use crate::model::KeyKind;
use ::ring::signature as rs;

/// The ring backend.
#[derive(Clone, Copy, Debug, Default)]
pub struct RingBackend;

/// The ECDSA (curve, hash) pairs ring verifies: no P-521, no SHA-512.
fn ecdsa(curve: Curve, hash: Hash) -> bool {
    matches!(
        (curve, hash),
        (Curve::P256 | Curve::P384, Hash::Sha256 | Hash::Sha384)
    )
}

/// ring's implementation of an algorithm ([`ecdsa`] keeps out the pairs it lacks).
fn implementation(a: Algorithm) -> Option<&'static dyn rs::VerificationAlgorithm> {
    Some(match a {
        Algorithm::RsaPkcs1Legacy(Hash::Sha256) => {
            &rs::RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY
        }
        Algorithm::RsaPkcs1Legacy(Hash::Sha512) => {
            &rs::RSA_PKCS1_1024_8192_SHA512_FOR_LEGACY_USE_ONLY
        }
        Algorithm::RsaPkcs1Legacy(Hash::Sha384) => return None,
        Algorithm::RsaPkcs1(Hash::Sha256) => &rs::RSA_PKCS1_2048_8192_SHA256,
        Algorithm::RsaPkcs1(Hash::Sha384) => &rs::RSA_PKCS1_2048_8192_SHA384,
        Algorithm::RsaPkcs1(Hash::Sha512) => &rs::RSA_PKCS1_2048_8192_SHA512,
        Algorithm::RsaPss(Hash::Sha256) => &rs::RSA_PSS_2048_8192_SHA256,
        Algorithm::RsaPss(Hash::Sha384) => &rs::RSA_PSS_2048_8192_SHA384,
        Algorithm::RsaPss(Hash::Sha512) => &rs::RSA_PSS_2048_8192_SHA512,
        Algorithm::Ecdsa(Curve::P256, Hash::Sha256) => &rs::ECDSA_P256_SHA256_ASN1,
        Algorithm::Ecdsa(Curve::P256, Hash::Sha384) => &rs::ECDSA_P256_SHA384_ASN1,
        Algorithm::Ecdsa(Curve::P384, Hash::Sha256) => &rs::ECDSA_P384_SHA256_ASN1,
        Algorithm::Ecdsa(Curve::P384, Hash::Sha384) => &rs::ECDSA_P384_SHA384_ASN1,
        Algorithm::Ecdsa(..) => return None,
        Algorithm::Ed25519 => &rs::ED25519,
    })
}

impl SignatureBackend for RingBackend {
    fn verify(
        &self,
        scheme: Scheme,
        key: &KeyKind,
        public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), SignatureError> {
        let alg = algorithm(scheme, key, "ring", ecdsa)?;
        let Some(alg) = implementation(alg) else {
            // Unreachable through `algorithm`, which keeps to `ecdsa`; fail closed.
            return Err(super::not_supported(scheme, key, "ring"));
        };
        rs::UnparsedPublicKey::new(alg, public_key)
            .verify(message, signature)
            .map_err(|_| SignatureError::Invalid)
    }
}
