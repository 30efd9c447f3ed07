//! PKCS#12 archives (RFC 7292; `.p12`, `.pfx`, `openssl pkcs12 -export`): their
//! certificates only. The MAC is checked with the password (OpenSSL 3 writes
//! HMAC-SHA256; older files HMAC-SHA1), the certificate bags are decrypted (OpenSSL 3:
//! PBES2 with PBKDF2 and AES-256-CBC), and every private key bag is passed over: never
//! decrypted, decoded, shown or written. Needs the `formats` feature.
//!
//! RustCrypto's `pkcs12` (structures and the RFC 7292 B.2 key derivation), `cms`
//! (EncryptedData) and `pkcs5` (PBES2) do the work; ring checks the MAC. The
//! `p12-keystore` crate was not used: it decrypts every key bag it reads.

use cms::cert::x509::spki as spki_alg;
use der::asn1::{ContextSpecific, ObjectIdentifier, OctetString};
use der::{AnyRef, Decode, Encode};
use pkcs12::kdf::{derive_key, Pkcs12KeyType};

/// Most PBKDF2 and PKCS#12 KDF iterations opening one archive may spend, all key
/// derivations together (the MAC, once per password tried, and each encrypted
/// SafeContents). OpenSSL writes 2,048 per derivation and Java 10,000 to 100,000; a
/// million keeps a hostile file, however many derivations it asks for, to about a
/// second of work.
pub const MAX_PKCS12_ITERATIONS: u32 = 1_000_000;

/// What is left of an archive's [`MAX_PKCS12_ITERATIONS`].
struct Budget(u32);

impl Budget {
    /// Take `rounds` iterations of a derivation (`what`) from the budget.
    fn spend(&mut self, what: &str, rounds: i64) -> Result<(), Pkcs12Error> {
        let r = u32::try_from(rounds)
            .ok()
            .filter(|&r| r > 0)
            .ok_or_else(|| {
                Pkcs12Error::Corrupt(format!("{what} iteration count {rounds} is not positive"))
            })?;
        self.0 = self.0.checked_sub(r).ok_or_else(|| {
            Pkcs12Error::Corrupt(format!(
                "{what}: more than {MAX_PKCS12_ITERATIONS} key derivation iterations in one \
                 archive"
            ))
        })?;
        Ok(())
    }
}

const ID_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
const ID_ENCRYPTED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.6");
const ID_SHA1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.14.3.2.26");
const ID_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
const ID_SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.2");
const ID_SHA512: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.3");

/// What opening an archive found.
#[derive(Debug, Default)]
pub struct Archive {
    /// The DER of each X.509 certificate bag, in order.
    pub certs: Vec<Vec<u8>>,
    /// The 1-based numbers (in archive order) of the bags passed over, with their kind.
    pub skipped: Vec<(usize, &'static str)>,
}

/// Why an archive did not open.
#[derive(Debug, PartialEq, Eq)]
pub enum Pkcs12Error {
    /// The MAC does not verify (or nothing decrypts) with the password tried.
    WrongPassword,
    /// Broken or unsupported: what and where.
    Corrupt(String),
}

/// A password as each algorithm takes it: RFC 7292 B.1 BMPString with its two-byte NUL
/// for the PKCS#12 KDF, UTF-8 for PBKDF2 (RFC 8018, as OpenSSL 3 does).
struct Secret {
    bmp: Vec<u8>,
    utf8: Vec<u8>,
}

impl Secret {
    fn new(password: &str) -> Self {
        let mut bmp: Vec<u8> = password.encode_utf16().flat_map(u16::to_be_bytes).collect();
        bmp.extend([0, 0]);
        Secret {
            bmp,
            utf8: password.as_bytes().to_vec(),
        }
    }

    /// The absent password: OpenSSL tries it (empty, no NUL) before the empty one.
    fn none() -> Self {
        Secret {
            bmp: Vec::new(),
            utf8: Vec::new(),
        }
    }
}

/// Open an archive: with `password`, or without one the absent and the empty password,
/// as `openssl pkcs12` does.
pub fn open(bytes: &[u8], password: Option<&str>) -> Result<Archive, Pkcs12Error> {
    let corrupt = |what: String| Pkcs12Error::Corrupt(format!("corrupt PKCS#12: {what}"));
    let pfx = pkcs12::pfx::Pfx::from_der(bytes).map_err(|e| corrupt(format!("PFX: {e}")))?;
    if pfx.auth_safe.content_type != ID_DATA {
        return Err(corrupt(format!(
            "authSafe is {} content, not data (public-key integrity mode is not supported)",
            pfx.auth_safe.content_type
        )));
    }
    let auth_safe =
        octets(&pfx.auth_safe.content).map_err(|e| corrupt(format!("authSafe: {e}")))?;
    let candidates = match password {
        Some(p) => vec![Secret::new(p)],
        None => vec![Secret::none(), Secret::new("")],
    };
    let mut budget = Budget(MAX_PKCS12_ITERATIONS);
    let secret = match &pfx.mac_data {
        Some(mac) => {
            let mut found = None;
            for s in candidates {
                let verified =
                    mac_verifies(mac, &s, &auth_safe, &mut budget).map_err(|e| match e {
                        Pkcs12Error::Corrupt(m) => corrupt(m),
                        other => other,
                    })?;
                if verified {
                    found = Some(s);
                    break;
                }
            }
            found.ok_or(Pkcs12Error::WrongPassword)?
        }
        // No MAC (`-nomac`): nothing to check the password against before decrypting.
        None => candidates
            .into_iter()
            .next_back()
            .ok_or(Pkcs12Error::WrongPassword)?,
    };
    let safes = Vec::<cms::content_info::ContentInfo>::from_der(&auth_safe)
        .map_err(|e| corrupt(format!("AuthenticatedSafe: {e}")))?;
    let mut archive = Archive::default();
    let mut bag_number = 0usize;
    for (i, safe) in safes.iter().enumerate() {
        let where_ = format!("SafeContents {}", i.saturating_add(1));
        let contents = if safe.content_type == ID_DATA {
            octets(&safe.content).map_err(|e| corrupt(format!("{where_}: {e}")))?
        } else if safe.content_type == ID_ENCRYPTED_DATA {
            decrypt_safe(&safe.content, &secret, pfx.mac_data.is_some(), &mut budget).map_err(
                |e| match e {
                    Pkcs12Error::Corrupt(m) => corrupt(format!("{where_}: {m}")),
                    other => other,
                },
            )?
        } else {
            return Err(corrupt(format!(
                "{where_} is {} content (public-key encrypted bags are not supported)",
                safe.content_type
            )));
        };
        let bags = pkcs12::safe_bag::SafeContents::from_der(&contents)
            .map_err(|e| corrupt(format!("{where_}: {e}")))?;
        for bag in bags {
            bag_number = bag_number.saturating_add(1);
            let kind = match bag.bag_id {
                pkcs12::PKCS_12_CERT_BAG_OID => {
                    let cert =
                        ContextSpecific::<pkcs12::cert_type::CertBag>::from_der(&bag.bag_value)
                            .map_err(|e| corrupt(format!("bag {bag_number}: {e}")))?
                            .value;
                    if cert.cert_id != pkcs12::PKCS_12_X509_CERT_OID {
                        return Err(corrupt(format!(
                            "bag {bag_number} holds a {} certificate, not X.509",
                            cert.cert_id
                        )));
                    }
                    if archive.certs.len() >= super::MAX_CERTS_PER_INPUT {
                        return Err(corrupt(format!(
                            "more than {} certificates in one input",
                            super::MAX_CERTS_PER_INPUT
                        )));
                    }
                    archive.certs.push(cert.cert_value.into_bytes());
                    continue;
                }
                // Keys are passed over whole: the shrouded one is not even decrypted.
                pkcs12::PKCS_12_KEY_BAG_OID => "PKCS#12 private key",
                pkcs12::PKCS_12_PKCS8_KEY_BAG_OID => "PKCS#12 encrypted private key",
                pkcs12::PKCS_12_CRL_BAG_OID => "PKCS#12 CRL",
                pkcs12::PKCS_12_SECRET_BAG_OID => "PKCS#12 secret",
                pkcs12::PKCS_12_SAFE_CONTENTS_BAG_OID => {
                    return Err(corrupt(format!(
                        "bag {bag_number} nests SafeContents, which certchain does not read"
                    )));
                }
                _ => "PKCS#12 unknown bag",
            };
            archive.skipped.push((bag_number, kind));
        }
    }
    Ok(archive)
}

/// The bytes of an `OCTET STRING` held in an ANY (a ContentInfo's data content).
fn octets(any: &der::Any) -> Result<Vec<u8>, der::Error> {
    Ok(OctetString::from_der(&any.to_der()?)?.into_bytes())
}

/// RFC 7292 5.1 / B.4: HMAC over the AuthenticatedSafe with a key from the B.2 KDF.
fn mac_verifies(
    mac: &pkcs12::mac_data::MacData,
    secret: &Secret,
    data: &[u8],
    budget: &mut Budget,
) -> Result<bool, Pkcs12Error> {
    let rounds = mac.iterations;
    budget.spend("MAC", i64::from(rounds))?;
    let salt = mac.mac_salt.as_bytes();
    let alg = mac.mac.algorithm.oid;
    let (key, hmac) = if alg == ID_SHA256 {
        (
            derive_key::<sha2::Sha256>(&secret.bmp, salt, Pkcs12KeyType::Mac, rounds, 32),
            ring::hmac::HMAC_SHA256,
        )
    } else if alg == ID_SHA1 {
        (
            derive_key::<sha1::Sha1>(&secret.bmp, salt, Pkcs12KeyType::Mac, rounds, 20),
            ring::hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY,
        )
    } else if alg == ID_SHA384 {
        (
            derive_key::<sha2::Sha384>(&secret.bmp, salt, Pkcs12KeyType::Mac, rounds, 48),
            ring::hmac::HMAC_SHA384,
        )
    } else if alg == ID_SHA512 {
        (
            derive_key::<sha2::Sha512>(&secret.bmp, salt, Pkcs12KeyType::Mac, rounds, 64),
            ring::hmac::HMAC_SHA512,
        )
    } else {
        return Err(Pkcs12Error::Corrupt(format!(
            "unsupported MAC digest {alg}"
        )));
    };
    let key = ring::hmac::Key::new(hmac, &key);
    Ok(ring::hmac::verify(&key, data, mac.mac.digest.as_bytes()).is_ok())
}

/// Decrypt an EncryptedData SafeContents (RFC 7292 5.1 step 2, RFC 5652 8).
fn decrypt_safe(
    content: &der::Any,
    secret: &Secret,
    mac_checked: bool,
    budget: &mut Budget,
) -> Result<Vec<u8>, Pkcs12Error> {
    let corrupt = |what: String| Pkcs12Error::Corrupt(what);
    let data = cms::encrypted_data::EncryptedData::from_der(
        &content.to_der().map_err(|e| corrupt(e.to_string()))?,
    )
    .map_err(|e| corrupt(format!("EncryptedData: {e}")))?;
    let info = data.enc_content_info;
    let Some(ciphertext) = info.encrypted_content else {
        return Ok(Vec::new());
    };
    let alg = info.content_enc_alg;
    if alg.oid == pkcs12::PKCS_12_PBEWITH_SHAAND40_BIT_RC2_CBC
        || alg.oid == pkcs12::PKCS_12_PBE_WITH_SHAAND3_KEY_TRIPLE_DES_CBC
    {
        return decrypt_legacy(&alg, secret, ciphertext.as_bytes(), mac_checked, budget);
    }
    if alg.oid != pkcs5::pbes2::PBES2_OID {
        return Err(corrupt(format!(
            "certificates encrypted with {}, which certchain does not decrypt (it reads \
             PBES2, RC2-40 and 3DES)",
            alg.oid
        )));
    }
    let params = alg
        .parameters
        .as_ref()
        .ok_or_else(|| corrupt("PBES2 without parameters".into()))?;
    let params = pkcs5::pbes2::Parameters::try_from(AnyRef::from(params))
        .map_err(|e| corrupt(format!("PBES2 parameters: {e}")))?;
    match &params.kdf {
        pkcs5::pbes2::Kdf::Pbkdf2(p) => budget.spend("PBKDF2", i64::from(p.iteration_count))?,
        _ => {
            return Err(corrupt(
                "only PBKDF2 key derivation is supported (not scrypt)".into(),
            ))
        }
    }
    params
        .decrypt(&secret.utf8, ciphertext.as_bytes())
        .map_err(|e| {
            // With a verified MAC the password is right: the encryption is what is wrong.
            if mac_checked {
                corrupt(format!("the certificates do not decrypt: {e}"))
            } else {
                Pkcs12Error::WrongPassword
            }
        })
}

/// The legacy PKCS#12 encryption (RFC 7292 Appendix C, B.2 key derivation with SHA-1):
/// pbeWithSHAAnd40BitRC2-CBC, as `openssl pkcs12 -legacy` and OpenSSL 1.x encrypt the
/// certificates, and pbeWithSHAAnd3-KeyTripleDES-CBC.
fn decrypt_legacy(
    alg: &spki_alg::AlgorithmIdentifierOwned,
    secret: &Secret,
    ciphertext: &[u8],
    mac_checked: bool,
    budget: &mut Budget,
) -> Result<Vec<u8>, Pkcs12Error> {
    use cbc::cipher::{block_padding::Pkcs7, BlockDecryptMut, InnerIvInit, KeyInit};
    let params = alg
        .parameters
        .as_ref()
        .ok_or_else(|| Pkcs12Error::Corrupt("PBE without parameters".into()))?;
    let params = pkcs12::pbe_params::Pkcs12PbeParams::from_der(
        &params
            .to_der()
            .map_err(|e| Pkcs12Error::Corrupt(e.to_string()))?,
    )
    .map_err(|e| Pkcs12Error::Corrupt(format!("PBE parameters: {e}")))?;
    let rounds = params.iterations;
    // Two derivations: the key and the IV.
    budget.spend("PBE key", i64::from(rounds))?;
    budget.spend("PBE IV", i64::from(rounds))?;
    let salt = params.salt.as_bytes();
    let derive = |id, len| derive_key::<sha1::Sha1>(&secret.bmp, salt, id, rounds, len);
    let iv = derive(Pkcs12KeyType::Iv, 8);
    let plain = if alg.oid == pkcs12::PKCS_12_PBEWITH_SHAAND40_BIT_RC2_CBC {
        let key = derive(Pkcs12KeyType::EncryptionKey, 5);
        let cipher = rc2::Rc2::new_with_eff_key_len(&key, 40);
        cbc::Decryptor::<rc2::Rc2>::inner_iv_slice_init(cipher, &iv)
            .map_err(|e| Pkcs12Error::Corrupt(e.to_string()))?
            .decrypt_padded_vec_mut::<Pkcs7>(ciphertext)
    } else {
        let key = derive(Pkcs12KeyType::EncryptionKey, 24);
        let cipher =
            des::TdesEde3::new_from_slice(&key).map_err(|e| Pkcs12Error::Corrupt(e.to_string()))?;
        cbc::Decryptor::<des::TdesEde3>::inner_iv_slice_init(cipher, &iv)
            .map_err(|e| Pkcs12Error::Corrupt(e.to_string()))?
            .decrypt_padded_vec_mut::<Pkcs7>(ciphertext)
    };
    plain.map_err(|_| {
        if mac_checked {
            Pkcs12Error::Corrupt("the certificates do not decrypt (bad padding)".into())
        } else {
            Pkcs12Error::WrongPassword
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_iteration_budget_is_for_the_whole_archive() {
        let mut budget = Budget(MAX_PKCS12_ITERATIONS);
        assert!(budget.spend("MAC", 600_000).is_ok());
        assert_eq!(
            budget.spend("PBKDF2", 600_000),
            Err(Pkcs12Error::Corrupt(
                "PBKDF2: more than 1000000 key derivation iterations in one archive".into()
            ))
        );
        assert!(budget.spend("MAC", 0).is_err());
        assert!(budget.spend("MAC", -5).is_err());
        assert!(budget.spend("MAC", 400_000).is_ok());
    }

    #[test]
    fn garbage_is_corrupt_not_a_password_problem() {
        assert!(matches!(
            open(b"\x30\x03\x02\x01\x03", None),
            Err(Pkcs12Error::Corrupt(_))
        ));
    }
}
