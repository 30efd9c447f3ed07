//! The committed key files, their types, and signing outside rcgen (ring, openssl).

use crate::der::{der, der_children, der_next};
use crate::gen::Gen;
use rcgen::{KeyPair, PublicKeyData, SignatureAlgorithm};
use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

// Key files in fixtures/keys (without .pem).
pub(crate) const RSA_ROOT: &str = "rsa2048-root";
pub(crate) const RSA_ROOT2: &str = "rsa2048-root2";
pub(crate) const RSA_INT: &str = "rsa2048-int";
pub(crate) const RSA_INT2: &str = "rsa2048-int2";
pub(crate) const RSA_LEAF: &str = "rsa2048-leaf";
pub(crate) const RSA_OTHER: &str = "rsa2048-other";
pub(crate) const RSA1024_LEAF: &str = "rsa1024-leaf";
/// ECDSA keys that are only ever certified (never used to sign): a P-192 key, and a
/// P-256 key whose PKCS#8 carries explicit curve parameters instead of the curve's OID.
pub(crate) const P192_LEAF: &str = "p192-leaf";
pub(crate) const P256_EXPLICIT_LEAF: &str = "p256-explicit-leaf";
pub(crate) const P256: [&str; 3] = ["p256-root", "p256-int", "p256-leaf"];
pub(crate) const P384: [&str; 3] = ["p384-root", "p384-int", "p384-leaf"];
pub(crate) const ED25519: [&str; 3] = ["ed25519-root", "ed25519-int", "ed25519-leaf"];
pub(crate) const RSA: [&str; 3] = [RSA_ROOT, RSA_INT, RSA_LEAF];

/// Every key file the scenarios use.
const ALL_KEYS: [&str; 18] = [
    RSA_ROOT,
    RSA_ROOT2,
    RSA_INT,
    RSA_INT2,
    RSA_LEAF,
    RSA_OTHER,
    RSA1024_LEAF,
    P192_LEAF,
    P256_EXPLICIT_LEAF,
    P256[0],
    P256[1],
    P256[2],
    P384[0],
    P384[1],
    P384[2],
    ED25519[0],
    ED25519[1],
    ED25519[2],
];

/// The PEM text of every key file in `dir`, by name.
pub(crate) fn load_keys(dir: &Path) -> BTreeMap<&'static str, String> {
    ALL_KEYS
        .into_iter()
        .map(|name| {
            let path = dir.join(format!("{name}.pem"));
            let pem = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (name, pem)
        })
        .collect()
}

/// How a certificate is signed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Sig {
    /// The signer key's natural rcgen scheme: RSA PKCS#1 v1.5 SHA-256, ECDSA P-256 with
    /// SHA-256, ECDSA P-384 with SHA-384, Ed25519.
    Default,
    /// RSA PKCS#1 v1.5 with SHA-512 (rcgen).
    RsaSha512,
    /// RSASSA-PSS SHA-256 (rcgen, re-signed with ring).
    RsaPss,
    /// sha1WithRSAEncryption (rcgen, re-signed with `openssl dgst -sha1`).
    RsaSha1,
    /// sha224WithRSAEncryption (rcgen, re-signed with `openssl dgst -sha224`).
    RsaSha224,
}

/// A key type, from the key file's name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum KeyType {
    Rsa,
    P256,
    P384,
    Ed25519,
}

/// The type of the key file `name`, read from its name.
pub(crate) fn key_type(name: &str) -> KeyType {
    if name.starts_with("rsa") {
        KeyType::Rsa
    } else if name.starts_with("p256") {
        KeyType::P256
    } else if name.starts_with("p384") {
        KeyType::P384
    } else if name.starts_with("ed25519") {
        KeyType::Ed25519
    } else {
        panic!("unknown key type for {name}")
    }
}

/// A subject public key for rcgen, taken from a key file (works for RSA keys ring refuses).
pub(crate) struct PublicKey {
    pub(crate) der: Vec<u8>,
    pub(crate) alg: &'static SignatureAlgorithm,
}

impl PublicKeyData for PublicKey {
    fn der_bytes(&self) -> &[u8] {
        &self.der
    }

    fn algorithm(&self) -> &'static SignatureAlgorithm {
        self.alg
    }
}

/// A SubjectPublicKeyInfo from an EC PKCS#8 PrivateKeyInfo: its AlgorithmIdentifier (with
/// whatever parameters it has: a named curve or explicit ones) and the public key of the
/// inner ECPrivateKey ([1] publicKey, which openssl always writes).
pub(crate) fn ec_spki_from_pkcs8(pkcs8: &[u8]) -> Vec<u8> {
    let (_, info, _, _) = der_next(pkcs8);
    let fields = der_children(info); // version, AlgorithmIdentifier, privateKey
    let (_, octets, _, _) = der_next(fields[2]);
    let (_, ec_key, _, _) = der_next(octets);
    let public = der_children(ec_key)
        .into_iter()
        .find(|e| e[0] == 0xa1)
        .expect("ECPrivateKey [1] publicKey");
    let (_, bit_string, _, _) = der_next(public);
    der(0x30, &[fields[1], bit_string].concat())
}

/// RSAPublicKey (n, e) from an RSA PKCS#8 PrivateKeyInfo.
pub(crate) fn rsa_public_key_from_pkcs8(pkcs8: &[u8]) -> Vec<u8> {
    let (_, info, _, _) = der_next(pkcs8);
    let fields = der_children(info);
    let (_, octets, _, _) = der_next(fields[2]);
    let (_, rsa, _, _) = der_next(octets);
    let parts = der_children(rsa); // version, n, e, d, ...
    der(0x30, &[parts[1], parts[2]].concat())
}

/// A PKCS#1 v1.5 signature made by the openssl CLI.
pub(crate) fn openssl_sign(key: &Path, digest: &str, message: &[u8]) -> Vec<u8> {
    let mut child = Command::new("openssl")
        .args(["dgst", &format!("-{digest}"), "-sign"])
        .arg(key)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("run openssl (it must be on the PATH to make the SHA-1 and SHA-224 fixtures)");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(message)
        .expect("write to openssl");
    let out = child.wait_with_output().expect("openssl");
    assert!(
        out.status.success() && !out.stdout.is_empty(),
        "openssl dgst -{digest} -sign failed"
    );
    out.stdout
}

impl Gen {
    pub(crate) fn key_path(&self, key: &str) -> PathBuf {
        self.root.join("keys").join(format!("{key}.pem"))
    }

    /// A signing key pair for rcgen, with the scheme `sig` (before any re-signing).
    pub(crate) fn pair(&self, key: &str, sig: Sig) -> KeyPair {
        let pem = &self.keys[key];
        let alg: &'static SignatureAlgorithm = match (key_type(key), sig) {
            (KeyType::Rsa, Sig::RsaSha512) => &rcgen::PKCS_RSA_SHA512,
            (KeyType::Rsa, _) => &rcgen::PKCS_RSA_SHA256,
            (KeyType::P256, Sig::Default) => &rcgen::PKCS_ECDSA_P256_SHA256,
            (KeyType::P384, Sig::Default) => &rcgen::PKCS_ECDSA_P384_SHA384,
            (KeyType::Ed25519, Sig::Default) => &rcgen::PKCS_ED25519,
            (t, s) => panic!("{key}: a {t:?} key cannot sign with {s:?}"),
        };
        KeyPair::from_pem_and_sign_algo(pem, alg).unwrap_or_else(|e| panic!("{key}: {e}"))
    }

    /// The public key of a key file, as rcgen's subject key.
    pub(crate) fn public(&self, key: &str) -> PublicKey {
        let pem = &self.keys[key];
        if key == RSA1024_LEAF {
            // ring refuses RSA keys under 2048 bits: read n and e from the PKCS#8 directly.
            let der = pem::parse(pem).expect("PEM key").into_contents();
            return PublicKey {
                der: rsa_public_key_from_pkcs8(&der),
                alg: &rcgen::PKCS_RSA_SHA256,
            };
        }
        let kp = KeyPair::from_pem(pem).unwrap_or_else(|e| panic!("{key}: {e}"));
        PublicKey {
            der: kp.der_bytes().to_vec(),
            alg: kp.algorithm(),
        }
    }

    /// An RSA PKCS#1 v1.5 SHA-256 signature (deterministic) with the key file `key`.
    pub(crate) fn rsa_sha256_sign(&self, key: &str, message: &[u8]) -> Vec<u8> {
        let pkcs8 = pem::parse(&self.keys[key])
            .expect("PEM key")
            .into_contents();
        let kp = ring::signature::RsaKeyPair::from_pkcs8(&pkcs8).expect("RSA key");
        let mut sig = vec![0; kp.public().modulus_len()];
        kp.sign(
            &ring::signature::RSA_PKCS1_SHA256,
            &ring::rand::SystemRandom::new(),
            message,
            &mut sig,
        )
        .expect("RSA signing");
        sig
    }

    /// The SubjectPublicKeyInfo of an EC key file that ring cannot load.
    pub(crate) fn ec_spki(&self, key: &str) -> Vec<u8> {
        ec_spki_from_pkcs8(
            &pem::parse(&self.keys[key])
                .expect("PEM key")
                .into_contents(),
        )
    }
}
