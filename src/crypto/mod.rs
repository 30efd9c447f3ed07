//! Signature verification behind a small trait, so the engine does not depend on one
//! crypto library and tests can reach deep branches. The default backend is ring
//! (`ring.rs`); with the `aws-lc` feature, aws-lc-rs (`aws_lc.rs`) is the other choice
//! ([`Backend`]). Which algorithm a (scheme, key) pair needs is decided here, once, for
//! both ([`algorithm`]); each backend only maps it to its own implementation.

#[cfg(feature = "aws-lc")]
mod aws_lc;
mod ring;

#[cfg(feature = "aws-lc")]
pub use aws_lc::AwsLcBackend;
pub use ring::RingBackend;

use crate::input::InputError;
use crate::model::{oid, KeyKind};
use std::sync::Arc;

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

/// RSA keys below this many bits are verified with the backends' `*_FOR_LEGACY_USE_ONLY`
/// algorithms (1024 to 8192 bits, PKCS#1 v1.5 with SHA-256 or SHA-512 only); their normal
/// algorithms refuse them. The smallest size either backend verifies at all is 1024 bits.
const LEGACY_RSA_ABOVE_BITS: usize = 2048;

/// The smallest RSA modulus the backends verify at all (their legacy algorithms'
/// minimum); a smaller key's signature is reported as unverifiable, not as bad.
const MIN_VERIFIABLE_RSA_BITS: usize = 1024;

/// A named curve a backend may verify ECDSA on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Curve {
    /// secp256r1
    P256,
    /// secp384r1
    P384,
    /// secp521r1
    P521,
}

/// The verification algorithm a signature needs, whatever library provides it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Algorithm {
    /// RSASSA-PKCS1-v1_5 with a 1024 to 2047-bit key (SHA-256 or SHA-512).
    RsaPkcs1Legacy(Hash),
    /// RSASSA-PKCS1-v1_5 with a 2048 to 8192-bit key.
    RsaPkcs1(Hash),
    /// RSASSA-PSS with a 2048 to 8192-bit key.
    RsaPss(Hash),
    /// ECDSA, ASN.1 DER signature.
    Ecdsa(Curve, Hash),
    /// Ed25519.
    Ed25519,
}

/// Why a small RSA key's signature cannot be checked: no legacy algorithm for it.
fn small_rsa_unsupported(scheme: Scheme, key: &KeyKind, backend: &str) -> SignatureError {
    if matches!(key, KeyKind::Rsa { bits: 0 }) {
        return SignatureError::Unsupported(
            "the signature cannot be checked: the issuer's RSA public key does not parse".into(),
        );
    }
    SignatureError::Unsupported(format!(
        "the signature cannot be checked: the {backend} backend verifies {} only with larger RSA keys, and the issuer's key is {} (too weak to be accepted anyway)",
        scheme.describe(),
        key.describe()
    ))
}

/// What a backend says of a scheme and key it has no algorithm for.
fn not_supported(scheme: Scheme, key: &KeyKind, backend: &str) -> SignatureError {
    SignatureError::Unsupported(format!(
        "{} with {} key is not supported by the {backend} backend",
        scheme.describe(),
        crate::wording::with_article(&key.describe())
    ))
}

/// The algorithm that verifies `scheme` with `key`, for the backend named `backend`,
/// which verifies ECDSA on the (curve, hash) pairs `ecdsa` accepts.
///
/// Key strength is policy, judged and reported on the key's holder (weak_key); a backend
/// only says whether the signature is good, so a key of 1024 to 2047 bits is verified
/// with a legacy algorithm instead of being taken for a bad signature.
pub(crate) fn algorithm(
    scheme: Scheme,
    key: &KeyKind,
    backend: &str,
    ecdsa: fn(Curve, Hash) -> bool,
) -> Result<Algorithm, SignatureError> {
    match (scheme, key) {
        (Scheme::RsaPkcs1(_) | Scheme::RsaPss(_), KeyKind::Rsa { bits })
            if *bits < MIN_VERIFIABLE_RSA_BITS =>
        {
            Err(small_rsa_unsupported(scheme, key, backend))
        }
        (Scheme::RsaPkcs1(h), KeyKind::Rsa { bits }) if *bits < LEGACY_RSA_ABOVE_BITS => match h {
            Hash::Sha256 | Hash::Sha512 => Ok(Algorithm::RsaPkcs1Legacy(h)),
            Hash::Sha384 => Err(small_rsa_unsupported(scheme, key, backend)),
        },
        (Scheme::RsaPss(_), KeyKind::Rsa { bits }) if *bits < LEGACY_RSA_ABOVE_BITS => {
            Err(small_rsa_unsupported(scheme, key, backend))
        }
        (Scheme::RsaPkcs1(h), KeyKind::Rsa { .. }) => Ok(Algorithm::RsaPkcs1(h)),
        (Scheme::RsaPss(h), KeyKind::Rsa { .. }) => Ok(Algorithm::RsaPss(h)),
        (Scheme::Ecdsa(h), KeyKind::Ec { curve: Some(c) }) => {
            let curve = match c {
                c if *c == oid::P256 => Some(Curve::P256),
                c if *c == oid::P384 => Some(Curve::P384),
                c if *c == oid::P521 => Some(Curve::P521),
                _ => None,
            };
            match curve {
                Some(curve) if ecdsa(curve, h) => Ok(Algorithm::Ecdsa(curve, h)),
                _ => Err(not_supported(scheme, key, backend)),
            }
        }
        (Scheme::Ed25519, KeyKind::Ed25519) => Ok(Algorithm::Ed25519),
        _ => Err(SignatureError::Unsupported(format!(
            "{} key cannot make {} signature",
            crate::wording::with_article(&key.describe()),
            crate::wording::with_article(&scheme.describe())
        ))),
    }
}

/// The signature backends this build of certchain offers, chosen with
/// [`Verifier::with_signature_backend`](crate::Verifier::with_signature_backend) (CLI:
/// `--backend`). Both give the same verdict on every signature both verify; aws-lc-rs
/// also verifies ECDSA on P-521 and ECDSA with SHA-512 on P-256 and P-384, which ring
/// does not (`unsupported_signature_algorithm` there), and verifies P-384 several times
/// faster.
///
/// ```
/// use certchain::Backend;
///
/// assert_eq!(Backend::default(), Backend::Ring);
/// assert_eq!(Backend::parse("ring").unwrap().name(), "ring");
/// assert!(Backend::available().contains(&Backend::Ring));
/// assert!(Backend::parse("openssl").is_err());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Backend {
    /// ring (always compiled in; the default).
    #[default]
    Ring,
    /// aws-lc-rs (the `aws-lc` cargo feature).
    #[cfg(feature = "aws-lc")]
    AwsLc,
}

impl Backend {
    /// The backends compiled into this build, the default first.
    ///
    /// ```
    /// use certchain::Backend;
    ///
    /// assert_eq!(Backend::available().first(), Some(&Backend::Ring));
    /// assert_eq!(Backend::available().len(), if cfg!(feature = "aws-lc") { 2 } else { 1 });
    /// ```
    pub fn available() -> &'static [Backend] {
        &[
            Backend::Ring,
            #[cfg(feature = "aws-lc")]
            Backend::AwsLc,
        ]
    }

    /// The name used on the command line: `ring` or `aws-lc`.
    ///
    /// ```
    /// assert_eq!(certchain::Backend::Ring.name(), "ring");
    /// assert_eq!(certchain::Backend::Ring.to_string(), "ring");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Backend::Ring => "ring",
            #[cfg(feature = "aws-lc")]
            Backend::AwsLc => "aws-lc",
        }
    }

    /// Parse `ring` or `aws-lc`. `aws-lc` in a build without the `aws-lc` feature is an
    /// error that says so.
    ///
    /// ```
    /// use certchain::Backend;
    ///
    /// assert_eq!(Backend::parse("ring").unwrap(), Backend::Ring);
    /// let aws_lc = Backend::parse("aws-lc");
    /// if cfg!(feature = "aws-lc") {
    ///     assert_eq!(aws_lc.unwrap().name(), "aws-lc");
    /// } else {
    ///     assert_eq!(
    ///         aws_lc.unwrap_err().to_string(),
    ///         "unknown signature backend \"aws-lc\": use ring (this certchain was built without the aws-lc feature)"
    ///     );
    /// }
    /// ```
    pub fn parse(s: &str) -> Result<Backend, InputError> {
        if let Some(b) = Backend::available().iter().find(|b| b.name() == s) {
            return Ok(*b);
        }
        let choices = if cfg!(feature = "aws-lc") {
            "ring or aws-lc"
        } else if s == "aws-lc" {
            "ring (this certchain was built without the aws-lc feature)"
        } else {
            "ring"
        };
        Err(InputError::UnknownChoice {
            what: "signature backend",
            value: s.to_string(),
            choices,
        })
    }

    /// The implementation.
    pub(crate) fn implementation(self) -> Arc<dyn SignatureBackend> {
        match self {
            Backend::Ring => Arc::new(RingBackend),
            #[cfg(feature = "aws-lc")]
            Backend::AwsLc => Arc::new(AwsLcBackend),
        }
    }
}

impl std::fmt::Display for Backend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
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
