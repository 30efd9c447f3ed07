//! Signature verification behind a small trait, so the engine does not depend on one
//! crypto library and tests can reach deep branches. The default backend is ring.

use crate::cert::KeyKind;

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
        use crate::cert::oid;
        use ring::signature as rs;
        let alg: &dyn rs::VerificationAlgorithm = match (scheme, key) {
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
            (Scheme::Ecdsa(h), KeyKind::Ec { curve: Some(c) }) => match (c.as_str(), h) {
                (oid::P256, Hash::Sha256) => &rs::ECDSA_P256_SHA256_ASN1,
                (oid::P256, Hash::Sha384) => &rs::ECDSA_P256_SHA384_ASN1,
                (oid::P384, Hash::Sha256) => &rs::ECDSA_P384_SHA256_ASN1,
                (oid::P384, Hash::Sha384) => &rs::ECDSA_P384_SHA384_ASN1,
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
