//! Issuing certificates and CRLs: rcgen, then re-signing what rcgen cannot sign.

use crate::der::{alg_rsa_pkcs1, alg_rsa_pss_sha256, resign, split_certificate};
use crate::gen::{CrlFile, Gen};
use crate::keys::{key_type, openssl_sign, KeyType, Sig};
use crate::templates::with;
use rcgen::{
    date_time_ymd, CertificateParams, CertificateRevocationListParams, DnType, Issuer, KeyIdMethod,
    RevocationReason, RevokedCertParams, SerialNumber,
};

/// A certificate made in this run, with what is needed to issue under it.
#[derive(Clone)]
pub(crate) struct Cert {
    pub(crate) der: Vec<u8>,
    pub(crate) params: CertificateParams,
    /// Its key file.
    pub(crate) key: &'static str,
    /// The signature scheme it issues with.
    pub(crate) sig: Sig,
    /// subject CN (or another readable name) and issuer's, for the PEM comments.
    pub(crate) name: String,
    pub(crate) issuer_name: String,
}

pub(crate) fn cn_of(params: &CertificateParams) -> Option<String> {
    params
        .distinguished_name
        .iter()
        .find_map(|(t, v)| match (t, v) {
            (DnType::CommonName, rcgen::DnValue::Utf8String(s)) => Some(s.clone()),
            (DnType::CommonName, rcgen::DnValue::PrintableString(s)) => {
                Some(s.as_str().to_string())
            }
            _ => None,
        })
}

impl Gen {
    /// A fixed serial number: 16 bytes of SHA-256(scenario/label), positive.
    pub(crate) fn serial(&self, label: &str) -> SerialNumber {
        let h = ring::digest::digest(
            &ring::digest::SHA256,
            format!("certchain-fixture/{}/{label}", self.scenario).as_bytes(),
        );
        let mut s = h.as_ref()[..16].to_vec();
        s[0] = (s[0] & 0x3f) | 0x40;
        SerialNumber::from_slice(&s)
    }

    /// Issue a certificate for `params` and the key `key`, signed by `issuer` with the
    /// issuer's scheme (None: self-signed with `sig`). `sig` is also the scheme the new
    /// certificate issues with.
    pub(crate) fn issue(
        &self,
        label: &str,
        mut params: CertificateParams,
        key: &'static str,
        issuer: Option<&Cert>,
        sig: Sig,
    ) -> Cert {
        if params.serial_number.is_none() {
            params.serial_number = Some(self.serial(label));
        }
        params.use_authority_key_identifier_extension = issuer.is_some();
        let subject = self.public(key);
        let (signer_key, signer_sig, signer_params) = match issuer {
            Some(i) => (i.key, i.sig, &i.params),
            None => (key, sig, &params),
        };
        let kp = self.pair(signer_key, signer_sig);
        let rc_issuer = Issuer::from_params(signer_params, &kp);
        let der = params
            .signed_by(&subject, &rc_issuer)
            .unwrap_or_else(|e| panic!("{}/{label}: {e}", self.scenario))
            .der()
            .to_vec();
        let der = match signer_sig {
            Sig::Default | Sig::RsaSha512 => der,
            Sig::RsaPss => resign(&der, &alg_rsa_pss_sha256(), |tbs| {
                let pkcs8 = pem::parse(&self.keys[signer_key])
                    .expect("PEM key")
                    .into_contents();
                let kp = ring::signature::RsaKeyPair::from_pkcs8(&pkcs8).expect("RSA key");
                let mut sig = vec![0; kp.public().modulus_len()];
                kp.sign(
                    &ring::signature::RSA_PSS_SHA256,
                    &ring::rand::SystemRandom::new(),
                    tbs,
                    &mut sig,
                )
                .expect("RSA-PSS signing");
                sig
            }),
            Sig::RsaSha1 => resign(&der, &alg_rsa_pkcs1(5), |tbs| {
                openssl_sign(&self.key_path(signer_key), "sha1", tbs)
            }),
            Sig::RsaSha224 => resign(&der, &alg_rsa_pkcs1(14), |tbs| {
                openssl_sign(&self.key_path(signer_key), "sha224", tbs)
            }),
        };
        let der = self.keep_old_if_equivalent(der, signer_key, signer_sig);
        let name = cn_of(&params).unwrap_or_else(|| label.to_string());
        let issuer_name = match issuer {
            Some(i) => i.name.clone(),
            None => "itself".into(),
        };
        Cert {
            der,
            params,
            key,
            sig,
            name,
            issuer_name,
        }
    }

    /// For randomised signatures: an existing certificate with the same TBSCertificate
    /// whose signature verifies with the signer's key is kept as it is.
    pub(crate) fn keep_old_if_equivalent(
        &self,
        der: Vec<u8>,
        signer_key: &str,
        sig: Sig,
    ) -> Vec<u8> {
        let alg: &dyn ring::signature::VerificationAlgorithm = match (key_type(signer_key), sig) {
            (KeyType::P256, _) => &ring::signature::ECDSA_P256_SHA256_ASN1,
            (KeyType::P384, _) => &ring::signature::ECDSA_P384_SHA384_ASN1,
            (KeyType::Rsa, Sig::RsaPss) => &ring::signature::RSA_PSS_2048_8192_SHA256,
            _ => return der, // deterministic: a re-run gives the same bytes anyway
        };
        let (new_tbs, _) = split_certificate(&der);
        let public = self.public(signer_key);
        for old in &self.old {
            let (tbs, signature) = split_certificate(old);
            if tbs == new_tbs
                && ring::signature::UnparsedPublicKey::new(alg, &public.der)
                    .verify(tbs, &signature)
                    .is_ok()
            {
                return old.clone();
            }
        }
        der
    }

    /// A CRL from `issuer` (an RSA CA): thisUpdate 2026-05-01, nextUpdate `next_update`
    /// (y, m, d), cRLNumber 1, listing the certificates `revoked` as revoked on 2026-04-01
    /// for keyCompromise. `what` says in the PEM comment what it lists.
    pub(crate) fn crl(
        &self,
        file: &'static str,
        issuer: &Cert,
        revoked: &[&Cert],
        next_update: (i32, u8, u8),
        what: &str,
    ) -> CrlFile {
        let params = CertificateRevocationListParams {
            this_update: date_time_ymd(2026, 5, 1),
            next_update: date_time_ymd(next_update.0, next_update.1, next_update.2),
            crl_number: SerialNumber::from(1),
            issuing_distribution_point: None,
            revoked_certs: revoked
                .iter()
                .map(|c| RevokedCertParams {
                    serial_number: c.params.serial_number.clone().expect("issued"),
                    revocation_time: date_time_ymd(2026, 4, 1),
                    reason_code: Some(RevocationReason::KeyCompromise),
                    invalidity_date: None,
                })
                .collect(),
            key_identifier_method: KeyIdMethod::Sha256,
        };
        // rcgen refuses an issuer whose keyUsage lacks cRLSign; that is a scenario here, and
        // the issuer's keyUsage does not enter the CRL, so it is not shown to rcgen.
        let issuer_params = with(issuer.params.clone(), |p| p.key_usages.clear());
        let kp = self.pair(issuer.key, issuer.sig);
        let der = params
            .signed_by(&Issuer::from_params(&issuer_params, &kp))
            .unwrap_or_else(|e| panic!("{}/{file}: {e}", self.scenario))
            .der()
            .to_vec();
        CrlFile {
            file,
            der,
            comment: format!("CRL from {}: {what}", issuer.name),
        }
    }
}
