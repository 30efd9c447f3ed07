//! Signature verification behind a small trait, so the engine does not depend on one
//! crypto library and tests can reach deep branches. The default backend is ring.

use crate::model::KeyKind;

/// A hash function used in a signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Hash {
    /// SHA-256
    Sha256,
    /// SHA-384
    Sha384,
    /// SHA-512
    Sha512,
}

/// A signature scheme certchain accepts, as decoded from an AlgorithmIdentifier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// RSASSA-PKCS1-v1_5
    RsaPkcs1(Hash),
    /// RSASSA-PSS with MGF1 over the same hash and a salt as long as the hash
    RsaPss(Hash),
    /// ECDSA
    Ecdsa(Hash),
    /// Ed25519
    Ed25519,
}

impl Scheme {
    /// A readable name, e.g. "RSA PKCS#1 v1.5 SHA-256".
    pub fn describe(&self) -> String {
        let h = |h: &Hash| match h {
            Hash::Sha256 => "SHA-256",
            Hash::Sha384 => "SHA-384",
            Hash::Sha512 => "SHA-512",
        };
        match self {
            Scheme::RsaPkcs1(x) => format!("RSA PKCS#1 v1.5 with {}", h(x)),
            Scheme::RsaPss(x) => format!("RSA-PSS with {}", h(x)),
            Scheme::Ecdsa(x) => format!("ECDSA with {}", h(x)),
            Scheme::Ed25519 => "Ed25519".into(),
        }
    }
}

/// Why a backend did not accept a signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignatureError {
    /// The backend cannot verify this scheme with this kind of key.
    Unsupported(String),
    /// The signature does not verify.
    Invalid,
}

/// Verifies one signature. Implementations must be thread-safe: a `Verifier` is shared.
pub trait SignatureBackend: Send + Sync + std::fmt::Debug {
    /// Verify `signature` over `message` with the subject public key `public_key`
    /// (the BIT STRING contents of a SubjectPublicKeyInfo) of type `key`.
    fn verify(
        &self,
        scheme: Scheme,
        key: &KeyKind,
        public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), SignatureError>;
}

/// RSA keys below this many bits are verified with ring's `*_FOR_LEGACY_USE_ONLY`
/// algorithms (1024 to 8192 bits, PKCS#1 v1.5 with SHA-256 or SHA-512 only); ring's
/// normal algorithms refuse them. The smallest size ring verifies at all is 1024 bits.
const LEGACY_RSA_ABOVE_BITS: usize = 2048;

/// The smallest RSA modulus ring verifies at all (its legacy algorithms' minimum); a
/// smaller key's signature is reported as unverifiable, not as bad.
const MIN_VERIFIABLE_RSA_BITS: usize = 1024;

/// Why a small RSA key's signature cannot be checked: ring has no legacy algorithm for it.
fn small_rsa_unsupported(scheme: Scheme, key: &KeyKind) -> SignatureError {
    if matches!(key, KeyKind::Rsa { bits: 0 }) {
        return SignatureError::Unsupported(
            "the signature cannot be checked: the issuer's RSA public key does not parse".into(),
        );
    }
    SignatureError::Unsupported(format!(
        "the signature cannot be checked: the ring backend verifies {} only with larger RSA keys, and the issuer's key is {} (too weak to be accepted anyway)",
        scheme.describe(),
        key.describe()
    ))
}

/// The ring backend.
#[derive(Clone, Copy, Debug, Default)]
pub struct RingBackend;

impl SignatureBackend for RingBackend {
    fn verify(
        &self,
        scheme: Scheme,
        key: &KeyKind,
        public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), SignatureError> {
        use crate::model::oid;
        use ring::signature as rs;
        let alg: &dyn rs::VerificationAlgorithm = match (scheme, key) {
            // Key strength is policy, judged and reported on the key's holder (weak_key);
            // the backend only says whether the signature is good, so a key of 1024 to
            // 2047 bits is verified with ring's legacy algorithms instead of being taken
            // for a bad signature.
            (Scheme::RsaPkcs1(_) | Scheme::RsaPss(_), KeyKind::Rsa { bits })
                if *bits < MIN_VERIFIABLE_RSA_BITS =>
            {
                return Err(small_rsa_unsupported(scheme, key))
            }
            (Scheme::RsaPkcs1(h), KeyKind::Rsa { bits }) if *bits < LEGACY_RSA_ABOVE_BITS => {
                match h {
                    Hash::Sha256 => &rs::RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY,
                    Hash::Sha512 => &rs::RSA_PKCS1_1024_8192_SHA512_FOR_LEGACY_USE_ONLY,
                    Hash::Sha384 => return Err(small_rsa_unsupported(scheme, key)),
                }
            }
            (Scheme::RsaPss(_), KeyKind::Rsa { bits }) if *bits < LEGACY_RSA_ABOVE_BITS => {
                return Err(small_rsa_unsupported(scheme, key))
            }
            (Scheme::RsaPkcs1(h), KeyKind::Rsa { .. }) => match h {
                Hash::Sha256 => &rs::RSA_PKCS1_2048_8192_SHA256,
                Hash::Sha384 => &rs::RSA_PKCS1_2048_8192_SHA384,
                Hash::Sha512 => &rs::RSA_PKCS1_2048_8192_SHA512,
            },
            (Scheme::RsaPss(h), KeyKind::Rsa { .. }) => match h {
                Hash::Sha256 => &rs::RSA_PSS_2048_8192_SHA256,
                Hash::Sha384 => &rs::RSA_PSS_2048_8192_SHA384,
                Hash::Sha512 => &rs::RSA_PSS_2048_8192_SHA512,
            },
            (Scheme::Ecdsa(h), KeyKind::Ec { curve: Some(c) }) => match (c, h) {
                (c, Hash::Sha256) if *c == oid::P256 => &rs::ECDSA_P256_SHA256_ASN1,
                (c, Hash::Sha384) if *c == oid::P256 => &rs::ECDSA_P256_SHA384_ASN1,
                (c, Hash::Sha256) if *c == oid::P384 => &rs::ECDSA_P384_SHA256_ASN1,
                (c, Hash::Sha384) if *c == oid::P384 => &rs::ECDSA_P384_SHA384_ASN1,
                _ => {
                    return Err(SignatureError::Unsupported(format!(
                        "{} with {} key is not supported by the ring backend",
                        scheme.describe(),
                        crate::wording::with_article(&key.describe())
                    )))
                }
            },
            (Scheme::Ed25519, KeyKind::Ed25519) => &rs::ED25519,
            _ => {
                return Err(SignatureError::Unsupported(format!(
                    "{} key cannot make {} signature",
                    crate::wording::with_article(&key.describe()),
                    crate::wording::with_article(&scheme.describe())
                )))
            }
        };
        rs::UnparsedPublicKey::new(alg, public_key)
            .verify(message, signature)
            .map_err(|_| SignatureError::Invalid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verify(scheme: Scheme, bits: usize) -> Result<(), SignatureError> {
        RingBackend.verify(scheme, &KeyKind::Rsa { bits }, b"not a key", b"msg", b"sig")
    }

    #[test]
    fn rsa_keys_ring_cannot_verify_are_unsupported_not_bad() {
        // Below ring's legacy minimum, and the schemes ring has no legacy form of: the
        // signature is unverifiable (the weak key is reported on its holder), never Invalid.
        for (scheme, bits) in [
            (Scheme::RsaPkcs1(Hash::Sha256), 512),
            (Scheme::RsaPkcs1(Hash::Sha384), 1024),
            (Scheme::RsaPss(Hash::Sha256), 1536),
        ] {
            assert!(
                matches!(verify(scheme, bits), Err(SignatureError::Unsupported(_))),
                "{scheme:?} with RSA {bits}"
            );
        }
        assert_eq!(
            verify(Scheme::RsaPkcs1(Hash::Sha256), 0),
            Err(SignatureError::Unsupported(
                "the signature cannot be checked: the issuer's RSA public key does not parse"
                    .into()
            ))
        );
    }

    #[test]
    fn a_weak_rsa_key_is_still_checked_and_a_wrong_signature_is_invalid() {
        // 1024 to 2047 bits go to ring's legacy algorithms: bytes that are no key and no
        // signature fail as Invalid, as with a strong key.
        assert_eq!(
            verify(Scheme::RsaPkcs1(Hash::Sha256), 1024),
            Err(SignatureError::Invalid)
        );
        assert_eq!(
            verify(Scheme::RsaPkcs1(Hash::Sha256), 2048),
            Err(SignatureError::Invalid)
        );
    }

    /// The messages built from key and scheme names read as English.
    #[test]
    fn signature_backend_messages() {
        use super::{Hash, RingBackend, Scheme, SignatureBackend, SignatureError};
        use crate::model::{oid, KeyKind};
        let p521 = KeyKind::Ec {
            curve: Some(oid::P521),
        };
        assert_eq!(
            RingBackend.verify(Scheme::Ecdsa(Hash::Sha512), &p521, &[], &[], &[]),
            Err(SignatureError::Unsupported(
                "ECDSA with SHA-512 with an ECDSA P-521 key is not supported by the ring backend"
                    .into()
            ))
        );
        assert_eq!(
            RingBackend.verify(
                Scheme::Ecdsa(Hash::Sha256),
                &KeyKind::Rsa { bits: 2048 },
                &[],
                &[],
                &[]
            ),
            Err(SignatureError::Unsupported(
                "an RSA 2048 key cannot make an ECDSA with SHA-256 signature".into()
            ))
        );
    }
}
