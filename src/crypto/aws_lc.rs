//! The aws-lc-rs backend (feature `aws-lc`): what ring verifies, with the same RSA size
//! rules, plus ECDSA on P-521 (SHA-256/384/512) and ECDSA with SHA-512 on P-256 and
//! P-384, which RFC 5758 3.2 defines and ring does not implement.

use super::{algorithm, Algorithm, Curve, Hash, Scheme, SignatureBackend, SignatureError};
use crate::model::KeyKind;
use aws_lc_rs::signature as als;

/// The aws-lc-rs backend.
///
/// ```
/// use certchain::{Backend, Policy, TrustStore, Verifier};
///
/// let verifier = Verifier::new(TrustStore::new(), Policy::default())
///     .with_signature_backend(Backend::AwsLc);
/// assert_eq!(verifier.signature_backend(), Backend::AwsLc);
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct AwsLcBackend;

/// The ECDSA (curve, hash) pairs aws-lc-rs verifies for certchain: every hash on every
/// curve (RFC 5758 3.2 ties no hash to a curve).
fn ecdsa(_: Curve, _: Hash) -> bool {
    true
}

/// aws-lc-rs's implementation of an algorithm.
fn implementation(a: Algorithm) -> Option<&'static dyn als::VerificationAlgorithm> {
    Some(match a {
        Algorithm::RsaPkcs1Legacy(Hash::Sha256) => {
            &als::RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY
        }
        Algorithm::RsaPkcs1Legacy(Hash::Sha512) => {
            &als::RSA_PKCS1_1024_8192_SHA512_FOR_LEGACY_USE_ONLY
        }
        Algorithm::RsaPkcs1Legacy(Hash::Sha384) => return None,
        Algorithm::RsaPkcs1(Hash::Sha256) => &als::RSA_PKCS1_2048_8192_SHA256,
        Algorithm::RsaPkcs1(Hash::Sha384) => &als::RSA_PKCS1_2048_8192_SHA384,
        Algorithm::RsaPkcs1(Hash::Sha512) => &als::RSA_PKCS1_2048_8192_SHA512,
        Algorithm::RsaPss(Hash::Sha256) => &als::RSA_PSS_2048_8192_SHA256,
        Algorithm::RsaPss(Hash::Sha384) => &als::RSA_PSS_2048_8192_SHA384,
        Algorithm::RsaPss(Hash::Sha512) => &als::RSA_PSS_2048_8192_SHA512,
        Algorithm::Ecdsa(Curve::P256, Hash::Sha256) => &als::ECDSA_P256_SHA256_ASN1,
        Algorithm::Ecdsa(Curve::P256, Hash::Sha384) => &als::ECDSA_P256_SHA384_ASN1,
        Algorithm::Ecdsa(Curve::P256, Hash::Sha512) => &als::ECDSA_P256_SHA512_ASN1,
        Algorithm::Ecdsa(Curve::P384, Hash::Sha256) => &als::ECDSA_P384_SHA256_ASN1,
        Algorithm::Ecdsa(Curve::P384, Hash::Sha384) => &als::ECDSA_P384_SHA384_ASN1,
        Algorithm::Ecdsa(Curve::P384, Hash::Sha512) => &als::ECDSA_P384_SHA512_ASN1,
        Algorithm::Ecdsa(Curve::P521, Hash::Sha256) => &als::ECDSA_P521_SHA256_ASN1,
        Algorithm::Ecdsa(Curve::P521, Hash::Sha384) => &als::ECDSA_P521_SHA384_ASN1,
        Algorithm::Ecdsa(Curve::P521, Hash::Sha512) => &als::ECDSA_P521_SHA512_ASN1,
        Algorithm::Ed25519 => &als::ED25519,
    })
}

impl SignatureBackend for AwsLcBackend {
    fn verify(
        &self,
        scheme: Scheme,
        key: &KeyKind,
        public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), SignatureError> {
        let alg = algorithm(scheme, key, "aws-lc", ecdsa)?;
        let Some(alg) = implementation(alg) else {
            return Err(super::not_supported(scheme, key, "aws-lc"));
        };
        als::UnparsedPublicKey::new(alg, public_key)
            .verify(message, signature)
            .map_err(|_| SignatureError::Invalid)
    }
}
