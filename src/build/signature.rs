//! Signatures: the algorithm a certificate is signed with (RFC 5280 4.1.1.2, RFC 4055,
//! RFC 5758, RFC 8410) and the issuer's signature over it (RFC 5280 6.1.3 (a)(1)), checked
//! once per edge by the path builder. The strength of the keys themselves is a rule of
//! the evaluator (`checks/key.rs`).

use crate::cache::{digest_of, Cache, CacheStats};
use crate::crypto::{Hash, Scheme, SignatureBackend, SignatureError};
use crate::model::{oid, Certificate, KeyKind};
use crate::report::details::Details;
use crate::report::finding::{Code, Finding};
use x509_parser::asn1_rs::Oid;

/// Largest RSA modulus verified, in bits: ring's limit, and well beyond any real CA key.
pub const MAX_RSA_BITS: usize = 8192;

/// What a signatureAlgorithm identifier means to certchain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AlgorithmClass {
    /// A scheme certchain verifies.
    Supported(Scheme),
    /// A broken hash (MD5, SHA-1): never accepted.
    Weak(String),
    /// Anything else: an unknown OID or bad parameters.
    Unsupported(String),
}

const NULL: &[u8] = &[0x05, 0x00];

fn hash_oid_der(h: Hash) -> [u8; 11] {
    let last = match h {
        Hash::Sha256 => 1,
        Hash::Sha384 => 2,
        Hash::Sha512 => 3,
    };
    [
        0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, last,
    ]
}

/// A DER element with a short-form length. Only used on the fixed PSS templates below,
/// all under 128 octets; a longer content would be a bug, so it gets no length at all and
/// can match no certificate's encoding.
fn seq(tag: u8, content: &[u8]) -> Vec<u8> {
    let len = u8::try_from(content.len())
        .ok()
        .filter(|&n| n < 0x80)
        .unwrap_or(0x80);
    let mut v = vec![tag, len];
    v.extend_from_slice(content);
    v
}

/// RFC 4055 3.1: the RSASSA-PSS-params certchain accepts: hash H, MGF1 with H, salt the
/// length of H, trailer 1 (default), with or without NULL hash parameters.
fn pss_params(h: Hash, with_null: bool) -> Vec<u8> {
    let mut hash_alg = hash_oid_der(h).to_vec();
    if with_null {
        hash_alg.extend_from_slice(NULL);
    }
    let hash_alg = seq(0x30, &hash_alg);
    let mut mgf = vec![
        0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08,
    ];
    mgf.extend_from_slice(&hash_alg);
    let mgf = seq(0x30, &mgf);
    let salt = match h {
        Hash::Sha256 => 32,
        Hash::Sha384 => 48,
        Hash::Sha512 => 64,
    };
    let mut body = seq(0xa0, &hash_alg);
    body.extend(seq(0xa1, &mgf));
    body.extend(seq(0xa2, &[0x02, 0x01, salt]));
    seq(0x30, &body)
}

/// What certchain knows of a signature algorithm OID.
#[derive(Clone, Copy)]
enum Known {
    /// RSA PKCS#1 v1.5 with this hash: parameters NULL or absent.
    RsaPkcs1(Hash),
    /// RSASSA-PSS: the parameters say which hash.
    RsaPss,
    /// A scheme whose parameters must be absent.
    NoParams(Scheme),
    /// A weak algorithm, by name.
    Weak(&'static str),
    /// An algorithm certchain does not verify, by name.
    Unsupported(&'static str),
}

/// The signature algorithms certchain recognises.
const SIGNATURE_ALGORITHMS: &[(Oid<'static>, Known)] = &[
    (oid::SHA256_WITH_RSA, Known::RsaPkcs1(Hash::Sha256)),
    (oid::SHA384_WITH_RSA, Known::RsaPkcs1(Hash::Sha384)),
    (oid::SHA512_WITH_RSA, Known::RsaPkcs1(Hash::Sha512)),
    (oid::RSASSA_PSS, Known::RsaPss),
    (
        oid::ECDSA_WITH_SHA256,
        Known::NoParams(Scheme::Ecdsa(Hash::Sha256)),
    ),
    (
        oid::ECDSA_WITH_SHA384,
        Known::NoParams(Scheme::Ecdsa(Hash::Sha384)),
    ),
    (
        oid::ECDSA_WITH_SHA512,
        Known::NoParams(Scheme::Ecdsa(Hash::Sha512)),
    ),
    (oid::ED25519, Known::NoParams(Scheme::Ed25519)),
    (
        oid::SHA1_WITH_RSA,
        Known::Weak("RSA PKCS#1 v1.5 with SHA-1"),
    ),
    (
        oid::SHA1_WITH_RSA_OIW,
        Known::Weak("RSA PKCS#1 v1.5 with SHA-1 (OIW)"),
    ),
    (oid::MD5_WITH_RSA, Known::Weak("RSA PKCS#1 v1.5 with MD5")),
    (oid::MD2_WITH_RSA, Known::Weak("RSA PKCS#1 v1.5 with MD2")),
    (oid::ECDSA_WITH_SHA1, Known::Weak("ECDSA with SHA-1")),
    (oid::DSA_WITH_SHA1, Known::Weak("DSA with SHA-1")),
    (
        oid::SHA224_WITH_RSA,
        Known::Unsupported("RSA PKCS#1 v1.5 with SHA-224"),
    ),
    (
        oid::ECDSA_WITH_SHA224,
        Known::Unsupported("ECDSA with SHA-224"),
    ),
    (oid::DSA_WITH_SHA256, Known::Unsupported("DSA with SHA-256")),
    (oid::ED448, Known::Unsupported("Ed448")),
];

/// Classify a certificate's signatureAlgorithm.
pub fn classify(alg_oid: &Oid<'_>, params: Option<&[u8]>) -> AlgorithmClass {
    use AlgorithmClass::*;
    let known = SIGNATURE_ALGORITHMS
        .iter()
        .find(|(o, _)| o == alg_oid)
        .map(|&(_, k)| k);
    match known {
        // RFC 4055 5: the parameters MUST be NULL (absent is tolerated, as most verifiers do)
        Some(Known::RsaPkcs1(h)) => match params {
            None | Some(NULL) => Supported(Scheme::RsaPkcs1(h)),
            Some(_) => Unsupported(format!(
                "{alg_oid} with parameters other than NULL (RFC 4055 5)"
            )),
        },
        Some(Known::RsaPss) => {
            let p = params.unwrap_or_default();
            for h in [Hash::Sha256, Hash::Sha384, Hash::Sha512] {
                if p == pss_params(h, true) || p == pss_params(h, false) {
                    return Supported(Scheme::RsaPss(h));
                }
            }
            Unsupported("RSA-PSS with parameters other than SHA-256/384/512, MGF1 with the same hash and a salt of the hash length".into())
        }
        Some(Known::NoParams(s)) => match params {
            None => Supported(s),
            Some(_) => Unsupported(format!(
                "{alg_oid} with parameters, which must be absent (RFC 5758 3.2, RFC 8410 3)"
            )),
        },
        Some(Known::Weak(name)) => Weak(name.into()),
        Some(Known::Unsupported(name)) => Unsupported(name.into()),
        None => Unsupported(format!("unknown signature algorithm {alg_oid}")),
    }
}

/// A readable name for a certificate's signature algorithm.
pub fn describe(cert: &Certificate) -> String {
    match classify(&cert.sig_alg_oid, cert.sig_alg_params.as_deref()) {
        AlgorithmClass::Supported(s) => s.describe(),
        AlgorithmClass::Weak(s) => s,
        AlgorithmClass::Unsupported(s) => s,
    }
}

// Weak hashes: CA/B Forum BR 7.1.3.2 (no SHA-1, no MD5). RFC 5280 4.1.1.2: an algorithm
// certchain does not verify cannot be accepted. A property of the certificate alone,
// checked before any signature (and by `inspect`'s lint, which checks no signature).
/// The scheme `cert` (at `depth`) is signed with, or the finding that says it is weak or
/// unsupported.
pub fn check_algorithm(cert: &Certificate, depth: usize) -> Result<Scheme, Box<Finding>> {
    match classify(&cert.sig_alg_oid, cert.sig_alg_params.as_deref()) {
        AlgorithmClass::Supported(s) => Ok(s),
        AlgorithmClass::Weak(name) => Err(Box::new(Finding::at(
            depth,
            Code::WeakSignatureAlgorithm,
            "CA/B BR 7.1.3.2",
            Details::WeakSignatureAlgorithm { algorithm: name },
        ))),
        AlgorithmClass::Unsupported(what) => Err(Box::new(Finding::at(
            depth,
            Code::UnsupportedSignatureAlgorithm,
            "RFC 5280 4.1.1.2",
            Details::UnsupportedSignatureAlgorithm {
                algorithm: what,
                issuer_key_bits: None,
                maximum_bits: None,
                reason: None,
            },
        ))),
    }
}

// RFC 5280 6.1.3 (a)(1): the signature verifies with the working public key (the
// issuer's), after the algorithm itself passed (`check_algorithm`).
/// Check the signature on `child` (at `depth`) with the key of `issuer`. Returns the
/// findings (empty when the signature is good) and whether crypto ran.
pub fn check_edge(
    backend: &dyn SignatureBackend,
    child: &Certificate,
    issuer: &Certificate,
    depth: usize,
) -> Vec<Finding> {
    let scheme = match check_algorithm(child, depth) {
        Ok(s) => s,
        Err(finding) => return vec![*finding],
    };
    if let KeyKind::Rsa { bits } = issuer.key {
        if bits > MAX_RSA_BITS {
            return vec![Finding::at(
                depth,
                Code::UnsupportedSignatureAlgorithm,
                "",
                Details::UnsupportedSignatureAlgorithm {
                    algorithm: scheme.describe().to_string(),
                    issuer_key_bits: Some(bits),
                    maximum_bits: Some(MAX_RSA_BITS),
                    reason: None,
                },
            )];
        }
        // A key under MIN_RSA_BITS is weak_key on its holder (checks::key, an
        // error wherever the holder is in the path); its signatures are still checked, so
        // that a good one is not reported as tampering and the path goes on to the anchor.
    }
    match backend.verify(
        scheme,
        &issuer.key,
        &issuer.public_key,
        child.tbs(),
        &child.signature,
    ) {
        Ok(()) => vec![],
        Err(SignatureError::Unsupported(why)) => vec![Finding::at(
            depth,
            Code::UnsupportedSignatureAlgorithm,
            "",
            Details::UnsupportedSignatureAlgorithm {
                algorithm: scheme.describe().to_string(),
                issuer_key_bits: None,
                maximum_bits: None,
                reason: Some(why),
            },
        )],
        Err(SignatureError::Invalid) => vec![Finding::at(
            depth,
            Code::BadSignature,
            "RFC 5280 6.1.3",
            Details::BadSignature {
                algorithm: scheme.describe().to_string(),
                issuer: issuer.short_name(),
                issuer_key: issuer.key.describe(),
            },
        )],
    }
}

/// A signature backend that remembers each check's result in a bounded [`Cache`], keyed by
/// the SHA-256 of everything the result depends on: the scheme (from the signed
/// certificate's signatureAlgorithm), the issuer's key type and public key, the signed
/// bytes (the whole tbsCertificate) and the signature. That is the (issuer key, signed
/// certificate) pair, byte for byte: a certificate that differs in any bit, or the same
/// one under another key, is another entry. Names and serial numbers are never part of it.
#[derive(Debug)]
pub(crate) struct CachedBackend {
    inner: std::sync::Arc<dyn SignatureBackend>,
    results: Cache<Result<(), SignatureError>>,
}

impl CachedBackend {
    /// `inner` with a cache of `entries` results.
    pub(crate) fn new(inner: std::sync::Arc<dyn SignatureBackend>, entries: usize) -> Self {
        CachedBackend {
            inner,
            results: Cache::new(entries),
        }
    }

    /// The cache's counters.
    pub(crate) fn stats(&self) -> CacheStats {
        self.results.stats()
    }
}

impl SignatureBackend for CachedBackend {
    fn verify(
        &self,
        scheme: Scheme,
        key: &KeyKind,
        public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), SignatureError> {
        let scheme_name = format!("{scheme:?}");
        let key_kind = format!("{key:?}");
        let k = digest_of(&[
            scheme_name.as_bytes(),
            key_kind.as_bytes(),
            public_key,
            message,
            signature,
        ]);
        self.results.get_or(k, || {
            self.inner
                .verify(scheme, key, public_key, message, signature)
        })
    }
}
