//! Generate the test fixtures: one folder per scenario under `fixtures/`, each with
//! `chain.pem` (what the server presents, leaf first), `roots.pem` (the trust anchors),
//! optionally `intermediates.pem` (extra untrusted certificates) and `expected.json`
//! (the verdict and findings `tests/fixtures.rs` requires). It also rewrites the scenario
//! table of `fixtures/README.md`.
//!
//! Run: `cargo run --example gen-fixtures`
//!
//! # Reproducibility
//!
//! * Keys are never generated here: they are the committed test keys of
//!   `fixtures/keys/` (see its README), loaded into rcgen.
//! * Serial numbers are derived from the scenario name and the certificate's label
//!   (SHA-256, truncated), and every validity date is fixed, so certificates signed
//!   with a deterministic scheme (RSA PKCS#1 v1.5, Ed25519) are byte-identical on every
//!   run.
//! * ECDSA and RSA-PSS signatures are randomised. So that a re-run does not churn the
//!   committed files, a newly made certificate whose TBSCertificate is byte-identical to
//!   one already in the scenario folder, and whose existing signature verifies with the
//!   issuer's key, keeps the existing bytes. Delete a folder to force fresh signatures.
//!
//! # What rcgen cannot do, and how it is done instead
//!
//! rcgen 0.14 on ring signs only with RSA PKCS#1 v1.5 (SHA-256/384/512), ECDSA
//! (P-256/SHA-256, P-384/SHA-384) and Ed25519, and ring refuses RSA keys under 2048 bits.
//! For the other cases the certificate is first built by rcgen, then patched:
//!
//! * RSA-PSS (`valid-rsa-pss`): the signature AlgorithmIdentifier inside the
//!   TBSCertificate is replaced by RSASSA-PSS (SHA-256, MGF1-SHA-256, salt 32) and the
//!   new TBSCertificate is signed with ring's `RSA_PSS_SHA256`.
//! * sha1WithRSAEncryption (`weak-signature-sha1`) and sha224WithRSAEncryption
//!   (`unsupported-signature-algorithm`): same patch, and the signature is made by
//!   **shelling out to the `openssl` CLI**: `openssl dgst -sha1 -sign KEY` (resp.
//!   `-sha224`) over the DER TBSCertificate on stdin. PKCS#1 v1.5 is deterministic, so
//!   these certificates are reproducible byte for byte. `openssl` must be on the PATH.
//! * An RSA-1024 subject key (`weak-key-rsa1024`, `several-errors-one-cert`): the key is
//!   only certified, never used to sign, so its public key is read from the PKCS#8 file
//!   and handed to rcgen as raw `PublicKeyData`.

use rcgen::{
    date_time_ymd, BasicConstraints, CertificateParams, CertificateRevocationListParams,
    CidrSubnet, CustomExtension, DistinguishedName, DnType, ExtendedKeyUsagePurpose,
    GeneralSubtree, IsCa, Issuer, KeyIdMethod, KeyPair, KeyUsagePurpose, NameConstraints,
    PublicKeyData, RevocationReason, RevokedCertParams, SanType, SerialNumber, SignatureAlgorithm,
};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The check time of every scenario.
const AT: &str = "2026-06-01T00:00:00Z";

// Key files in fixtures/keys (without .pem).
const RSA_ROOT: &str = "rsa2048-root";
const RSA_ROOT2: &str = "rsa2048-root2";
const RSA_INT: &str = "rsa2048-int";
const RSA_INT2: &str = "rsa2048-int2";
const RSA_LEAF: &str = "rsa2048-leaf";
const RSA_OTHER: &str = "rsa2048-other";
const RSA1024_LEAF: &str = "rsa1024-leaf";
/// ECDSA keys that are only ever certified (never used to sign): a P-192 key, and a
/// P-256 key whose PKCS#8 carries explicit curve parameters instead of the curve's OID.
const P192_LEAF: &str = "p192-leaf";
const P256_EXPLICIT_LEAF: &str = "p256-explicit-leaf";
const P256: [&str; 3] = ["p256-root", "p256-int", "p256-leaf"];
const P384: [&str; 3] = ["p384-root", "p384-int", "p384-leaf"];
const ED25519: [&str; 3] = ["ed25519-root", "ed25519-int", "ed25519-leaf"];
const RSA: [&str; 3] = [RSA_ROOT, RSA_INT, RSA_LEAF];

/// How a certificate is signed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sig {
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
enum KeyType {
    Rsa,
    P256,
    P384,
    Ed25519,
}

fn key_type(name: &str) -> KeyType {
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
struct PublicKey {
    der: Vec<u8>,
    alg: &'static SignatureAlgorithm,
}

impl PublicKeyData for PublicKey {
    fn der_bytes(&self) -> &[u8] {
        &self.der
    }

    fn algorithm(&self) -> &'static SignatureAlgorithm {
        self.alg
    }
}

/// A certificate made in this run, with what is needed to issue under it.
#[derive(Clone)]
struct Cert {
    der: Vec<u8>,
    params: CertificateParams,
    /// Its key file.
    key: &'static str,
    /// The signature scheme it issues with.
    sig: Sig,
    /// subject CN (or another readable name) and issuer's, for the PEM comments.
    name: String,
    issuer_name: String,
}

/// One scenario: what goes in each file.
struct Scenario {
    description: &'static str,
    host: Option<&'static str>,
    email: Option<&'static str>,
    purpose: &'static str,
    warn_days: Option<u32>,
    /// (depth, code), errors and warnings; the verdict is valid when all are warnings.
    findings: Vec<(Option<usize>, &'static str)>,
    chain: Vec<Cert>,
    roots: Vec<Cert>,
    intermediates: Vec<Cert>,
    /// CRLs written to the folder and listed in expected.json ("crls").
    crls: Vec<CrlFile>,
    /// `Policy::max_intermediates` ("max_depth" in expected.json).
    max_depth: Option<usize>,
    /// `Policy::profile` ("profile" in expected.json): "webpki" (the default) or "rfc5280".
    profile: &'static str,
    /// `Policy::require_revocation` ("require_revocation" in expected.json): "leaf" or "all".
    require_revocation: Option<&'static str>,
}

/// A CRL file of a scenario.
struct CrlFile {
    /// File name in the scenario folder.
    file: &'static str,
    der: Vec<u8>,
    /// The comment line written before the PEM block.
    comment: String,
}

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            description: "",
            host: Some("www.example.com"),
            email: None,
            purpose: "server",
            warn_days: None,
            findings: vec![],
            chain: vec![],
            roots: vec![],
            intermediates: vec![],
            crls: vec![],
            max_depth: None,
            profile: "webpki",
            require_revocation: None,
        }
    }
}

struct Gen {
    root: PathBuf,
    keys: BTreeMap<&'static str, String>,
    scenario: &'static str,
    /// Certificates already in the current scenario's folder (to keep randomised
    /// signatures stable across runs).
    old: Vec<Vec<u8>>,
    rows: Vec<String>,
    names: Vec<&'static str>,
}

impl Gen {
    fn new(root: PathBuf) -> Self {
        let mut keys = BTreeMap::new();
        for name in [
            RSA_ROOT,
            RSA_ROOT2,
            RSA_INT,
            RSA_INT2,
            RSA_LEAF,
            RSA_OTHER,
            RSA1024_LEAF,
            P192_LEAF,
            P256_EXPLICIT_LEAF,
        ]
        .into_iter()
        .chain(P256)
        .chain(P384)
        .chain(ED25519)
        {
            let path = root.join("keys").join(format!("{name}.pem"));
            let pem = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            keys.insert(name, pem);
        }
        Gen {
            root,
            keys,
            scenario: "",
            old: vec![],
            rows: vec![],
            names: vec![],
        }
    }

    fn key_path(&self, key: &str) -> PathBuf {
        self.root.join("keys").join(format!("{key}.pem"))
    }

    /// A signing key pair for rcgen, with the scheme `sig` (before any re-signing).
    fn pair(&self, key: &str, sig: Sig) -> KeyPair {
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
    fn public(&self, key: &str) -> PublicKey {
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

    /// Start a scenario: remember the certificates already in its folder.
    fn begin(&mut self, name: &'static str) {
        assert!(!self.names.contains(&name), "scenario {name} defined twice");
        self.scenario = name;
        self.names.push(name);
        self.old.clear();
        for file in ["chain.pem", "roots.pem", "intermediates.pem"] {
            if let Ok(text) = std::fs::read_to_string(self.root.join(name).join(file)) {
                for p in pem::parse_many(text).unwrap_or_default() {
                    self.old.push(p.into_contents());
                }
            }
        }
    }

    /// A fixed serial number: 16 bytes of SHA-256(scenario/label), positive.
    fn serial(&self, label: &str) -> SerialNumber {
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
    fn issue(
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
    fn keep_old_if_equivalent(&self, der: Vec<u8>, signer_key: &str, sig: Sig) -> Vec<u8> {
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

    /// Write one scenario's folder.
    fn done(&mut self, s: Scenario) {
        let dir = self.root.join(self.scenario);
        std::fs::create_dir_all(&dir).expect("create scenario folder");
        write_pem(&dir.join("chain.pem"), &s.chain);
        write_pem(&dir.join("roots.pem"), &s.roots);
        let extra = dir.join("intermediates.pem");
        if s.intermediates.is_empty() {
            let _ = std::fs::remove_file(&extra);
        } else {
            write_pem(&extra, &s.intermediates);
        }
        for crl in &s.crls {
            let text = format!(
                "# {}\n{}",
                crl.comment,
                pem::encode_config(
                    &pem::Pem::new("X509 CRL", crl.der.clone()),
                    pem::EncodeConfig::new().set_line_ending(pem::LineEnding::LF),
                )
            );
            std::fs::write(dir.join(crl.file), text).expect("write CRL");
        }
        let valid = s.findings.iter().all(|(_, c)| is_warning(c));
        let mut findings = s.findings.clone();
        findings.sort();
        let findings_json: Vec<String> = findings
            .iter()
            .map(|(d, c)| {
                format!(
                    "[{}, {}]",
                    d.map_or("null".into(), |d| d.to_string()),
                    json(c)
                )
            })
            .collect();
        // The optional fields are written only when set, so older scenarios keep their file.
        let mut optional = String::new();
        if !s.crls.is_empty() {
            let files: Vec<String> = s.crls.iter().map(|c| json(c.file)).collect();
            let _ = writeln!(optional, "  \"crls\": [{}],", files.join(", "));
        }
        if let Some(n) = s.max_depth {
            let _ = writeln!(optional, "  \"max_depth\": {n},");
        }
        if s.profile != "webpki" {
            let _ = writeln!(optional, "  \"profile\": {},", json(s.profile));
        }
        if let Some(scope) = s.require_revocation {
            let _ = writeln!(optional, "  \"require_revocation\": {},", json(scope));
        }
        let text = format!(
            "{{\n  \"description\": {},\n  \"at\": {},\n  \"host\": {},\n  \"email\": {},\n  \"purpose\": {},\n  \"warn_days\": {},\n{optional}  \"verdict\": {},\n  \"findings\": [{}]\n}}\n",
            json(s.description),
            json(AT),
            s.host.map_or("null".into(), json),
            s.email.map_or("null".into(), json),
            json(s.purpose),
            s.warn_days.map_or("null".into(), |d| d.to_string()),
            json(if valid { "valid" } else { "invalid" }),
            findings_json.join(", ")
        );
        std::fs::write(dir.join("expected.json"), text).expect("write expected.json");
        let shown: Vec<String> = findings
            .iter()
            .map(|(d, c)| format!("({}, {c})", d.map_or("chain".into(), |d| d.to_string())))
            .collect();
        self.rows.push(format!(
            "| `{}` | {} | {} | {} |",
            self.scenario,
            s.description,
            if valid { "valid" } else { "invalid" },
            if shown.is_empty() {
                "none".into()
            } else {
                shown.join(", ")
            }
        ));
    }
}

fn is_warning(code: &str) -> bool {
    matches!(
        code,
        "expiring_soon"
            | "chain_out_of_order"
            | "unused_certificate"
            | "duplicate_certificate"
            | "root_included"
            | "revocation_unknown"
            | "cn_not_in_san"
    )
}

fn json(s: &str) -> String {
    serde_json::to_string(s).expect("a string serialises")
}

fn write_pem(path: &Path, certs: &[Cert]) {
    let mut out = String::new();
    for c in certs {
        let _ = writeln!(out, "# {}\n#   issued by {}", c.name, c.issuer_name);
        out.push_str(&pem::encode_config(
            &pem::Pem::new("CERTIFICATE", c.der.clone()),
            pem::EncodeConfig::new().set_line_ending(pem::LineEnding::LF),
        ));
    }
    std::fs::write(path, out).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

fn cn_of(params: &CertificateParams) -> Option<String> {
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

// ---- minimal DER, enough to patch a certificate ----

/// Split one DER element off the front: (tag, contents, whole element, rest).
fn der_next(input: &[u8]) -> (u8, &[u8], &[u8], &[u8]) {
    let tag = input[0];
    let (header, len) = if input[1] < 0x80 {
        (2, input[1] as usize)
    } else {
        let n = (input[1] & 0x7f) as usize;
        (
            2 + n,
            input[2..2 + n]
                .iter()
                .fold(0usize, |a, b| (a << 8) | *b as usize),
        )
    };
    let (elem, rest) = input.split_at(header + len);
    (tag, &elem[header..], elem, rest)
}

/// The elements of a constructed value's contents.
fn der_children(mut contents: &[u8]) -> Vec<&[u8]> {
    let mut out = vec![];
    while !contents.is_empty() {
        let (_, _, elem, rest) = der_next(contents);
        out.push(elem);
        contents = rest;
    }
    out
}

fn der(tag: u8, contents: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = contents.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let bytes: Vec<u8> = n
            .to_be_bytes()
            .into_iter()
            .skip_while(|&b| b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(contents);
    out
}

/// (TBSCertificate element, signature bytes) of a certificate.
fn split_certificate(cert: &[u8]) -> (&[u8], Vec<u8>) {
    let (_, contents, _, _) = der_next(cert);
    let parts = der_children(contents);
    let (_, bits, _, _) = der_next(parts[2]);
    (parts[0], bits[1..].to_vec())
}

/// Replace the signature algorithm of a certificate (inside and outside the
/// TBSCertificate) and sign the new TBSCertificate with `sign`.
fn resign(cert: &[u8], alg_id: &[u8], sign: impl FnOnce(&[u8]) -> Vec<u8>) -> Vec<u8> {
    let (tbs, _) = split_certificate(cert);
    let (_, tbs_contents, _, _) = der_next(tbs);
    let mut fields = der_children(tbs_contents);
    assert_eq!(
        fields[0][0], 0xa0,
        "a v3 certificate starts with [0] version"
    );
    fields[2] = alg_id;
    let new_tbs = der(0x30, &fields.concat());
    let mut bits = vec![0u8];
    bits.extend(sign(&new_tbs));
    der(
        0x30,
        &[new_tbs.clone(), alg_id.to_vec(), der(0x03, &bits)].concat(),
    )
}

/// The top-level fields of a TBSCertificate or TBSCertList, owned, for patching.
type Fields = Vec<Vec<u8>>;

/// The fields of the signed part of a Certificate or CertificateList.
fn tbs_fields(signed: &[u8]) -> Fields {
    let (tbs, _) = split_certificate(signed);
    let (_, contents, _, _) = der_next(tbs);
    der_children(contents)
        .into_iter()
        .map(<[u8]>::to_vec)
        .collect()
}

/// The outer signatureAlgorithm element of a Certificate or CertificateList.
fn outer_alg(signed: &[u8]) -> Vec<u8> {
    let (_, contents, _, _) = der_next(signed);
    der_children(contents)[1].to_vec()
}

/// A Certificate or CertificateList from its parts.
fn assemble(fields: &Fields, alg_id: &[u8], signature: &[u8]) -> Vec<u8> {
    let mut bits = vec![0u8];
    bits.extend_from_slice(signature);
    der(
        0x30,
        &[
            der(0x30, &fields.concat()),
            alg_id.to_vec(),
            der(0x03, &bits),
        ]
        .concat(),
    )
}

/// An OBJECT IDENTIFIER element.
fn oid(arcs: &[u64]) -> Vec<u8> {
    let mut body = vec![(arcs[0] * 40 + arcs[1]) as u8];
    for &arc in &arcs[2..] {
        let mut chunk = vec![(arc & 0x7f) as u8];
        let mut rest = arc >> 7;
        while rest > 0 {
            chunk.push(0x80 | (rest & 0x7f) as u8);
            rest >>= 7;
        }
        chunk.reverse();
        body.extend(chunk);
    }
    der(0x06, &body)
}

const OID_AKI: &[u64] = &[2, 5, 29, 35];
const OID_SKI: &[u64] = &[2, 5, 29, 14];
const OID_SAN: &[u64] = &[2, 5, 29, 17];
const OID_EKU: &[u64] = &[2, 5, 29, 37];
const OID_BASIC_CONSTRAINTS: &[u64] = &[2, 5, 29, 19];
const OID_NAME_CONSTRAINTS: &[u64] = &[2, 5, 29, 30];
const OID_POLICY_CONSTRAINTS: &[u64] = &[2, 5, 29, 36];
const OID_CERTIFICATE_POLICIES: &[u64] = &[2, 5, 29, 32];
/// anyPolicy (RFC 5280 4.2.1.4).
const ANY_POLICY: &[u64] = &[2, 5, 29, 32, 0];
/// The CA/B Forum's domain-validated policy.
const POLICY_DV: &[u64] = &[2, 23, 140, 1, 2, 1];
/// A private-arc policy that means nothing to anyone.
const POLICY_PRIVATE: &[u64] = &[1, 3, 6, 1, 4, 1, 99999, 1];
const OID_CRL_NUMBER: &[u64] = &[2, 5, 29, 20];
const OID_AIA: &[u64] = &[1, 3, 6, 1, 5, 5, 7, 1, 1];
const OID_AD_CA_ISSUERS: &[u64] = &[1, 3, 6, 1, 5, 5, 7, 48, 2];
/// A private-arc OID no verifier knows (the project's fixture arc).
const OID_PRIVATE_EXT: &[u64] = &[1, 3, 6, 1, 4, 1, 55738, 666, 1];

/// One extension, decoded enough to edit.
#[derive(Clone)]
struct Ext {
    /// The OBJECT IDENTIFIER element.
    oid: Vec<u8>,
    critical: bool,
    /// The contents of extnValue (the DER of the extension's value).
    value: Vec<u8>,
}

impl Ext {
    fn is(&self, arcs: &[u64]) -> bool {
        self.oid == oid(arcs)
    }

    fn encode(&self) -> Vec<u8> {
        let mut body = self.oid.clone();
        if self.critical {
            body.extend([0x01, 0x01, 0xff]);
        }
        body.extend(der(0x04, &self.value));
        der(0x30, &body)
    }
}

/// Edit the extensions of a TBSCertificate (`tag` 0xa3) or TBSCertList (0xa0, the last
/// field): `f` gets them in order; an empty result removes the field.
fn edit_extensions(fields: &mut Fields, tag: u8, f: impl FnOnce(&mut Vec<Ext>)) {
    let at = fields
        .iter()
        .rposition(|e| e[0] == tag)
        .expect("the extensions field");
    let (_, wrapper, _, _) = der_next(&fields[at]);
    let (_, list, _, _) = der_next(wrapper);
    let mut exts: Vec<Ext> = der_children(list)
        .into_iter()
        .map(|e| {
            let (_, body, _, _) = der_next(e);
            let parts = der_children(body);
            let critical = parts.len() == 3 && parts[1] == [0x01, 0x01, 0xff];
            let (_, value, _, _) = der_next(parts[parts.len() - 1]);
            Ext {
                oid: parts[0].to_vec(),
                critical,
                value: value.to_vec(),
            }
        })
        .collect();
    f(&mut exts);
    if exts.is_empty() {
        fields.remove(at);
    } else {
        let list: Vec<u8> = exts.iter().flat_map(Ext::encode).collect();
        fields[at] = der(tag, &der(0x30, &list));
    }
}

/// Set the criticality of the certificate extension `arcs` (which must be present).
fn set_critical(fields: &mut Fields, arcs: &[u64], critical: bool) {
    edit_extensions(fields, 0xa3, |exts| {
        let e = exts
            .iter_mut()
            .find(|e| e.is(arcs))
            .expect("the extension to mark");
        assert_ne!(
            e.critical, critical,
            "the extension already has that criticality"
        );
        e.critical = critical;
    });
}

/// Remove the certificate extension `arcs` (which must be present).
fn remove_extension(fields: &mut Fields, arcs: &[u64]) {
    edit_extensions(fields, 0xa3, |exts| {
        let before = exts.len();
        exts.retain(|e| !e.is(arcs));
        assert_eq!(exts.len() + 1, before, "the extension to remove");
    });
}

/// A SubjectPublicKeyInfo from an EC PKCS#8 PrivateKeyInfo: its AlgorithmIdentifier (with
/// whatever parameters it has: a named curve or explicit ones) and the public key of the
/// inner ECPrivateKey ([1] publicKey, which openssl always writes).
fn ec_spki_from_pkcs8(pkcs8: &[u8]) -> Vec<u8> {
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

const OID_RSA_PKCS1_PREFIX: [u8; 8] = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01];
const OID_SHA256: [u8; 9] = [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01];
const NULL: [u8; 2] = [0x05, 0x00];

/// pkcs-1 signature AlgorithmIdentifier 1.2.840.113549.1.1.`n` with NULL parameters.
fn alg_rsa_pkcs1(n: u8) -> Vec<u8> {
    let mut oid = OID_RSA_PKCS1_PREFIX.to_vec();
    oid.push(n);
    der(0x30, &[der(0x06, &oid), NULL.to_vec()].concat())
}

/// RFC 4055: id-RSASSA-PSS with SHA-256, MGF1-SHA-256, salt length 32, trailer 1.
fn alg_rsa_pss_sha256() -> Vec<u8> {
    let sha256 = der(0x30, &[der(0x06, &OID_SHA256), NULL.to_vec()].concat());
    let mgf1 = der(
        0x30,
        &[
            der(0x06, &[&OID_RSA_PKCS1_PREFIX[..], &[8]].concat()),
            sha256.clone(),
        ]
        .concat(),
    );
    let params = der(
        0x30,
        &[
            der(0xa0, &sha256),
            der(0xa1, &mgf1),
            der(0xa2, &der(0x02, &[32])),
        ]
        .concat(),
    );
    der(
        0x30,
        &[
            der(0x06, &[&OID_RSA_PKCS1_PREFIX[..], &[10]].concat()),
            params,
        ]
        .concat(),
    )
}

/// RSAPublicKey (n, e) from an RSA PKCS#8 PrivateKeyInfo.
fn rsa_public_key_from_pkcs8(pkcs8: &[u8]) -> Vec<u8> {
    let (_, info, _, _) = der_next(pkcs8);
    let fields = der_children(info);
    let (_, octets, _, _) = der_next(fields[2]);
    let (_, rsa, _, _) = der_next(octets);
    let parts = der_children(rsa); // version, n, e, d, ...
    der(0x30, &[parts[1], parts[2]].concat())
}

/// A PKCS#1 v1.5 signature made by the openssl CLI.
fn openssl_sign(key: &Path, digest: &str, message: &[u8]) -> Vec<u8> {
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

// ---- certificate templates ----

/// A CA's subject: countryName (the ISO 3166 user-assigned code XX), organizationName
/// and commonName, as CA/B BR 7.1.2.10.2 asks of CA certificates.
fn ca_dn(cn: &str) -> DistinguishedName {
    let mut dn = DistinguishedName::new();
    dn.push(
        DnType::CountryName,
        rcgen::DnValue::PrintableString("XX".try_into().expect("printable")),
    );
    dn.push(DnType::OrganizationName, "Certchain Test");
    dn.push(DnType::CommonName, cn);
    dn
}

/// A leaf's subject, shaped like a domain-validated certificate (CA/B BR 7.1.2.7.2): the
/// commonName only, or an empty subject (rcgen then marks the SAN critical, as RFC 5280
/// 4.2.1.6 requires).
fn leaf_dn(cn: Option<&str>) -> DistinguishedName {
    let mut dn = DistinguishedName::new();
    if let Some(cn) = cn {
        dn.push(DnType::CommonName, cn);
    }
    dn
}

/// A CA: critical basicConstraints cA=TRUE, keyUsage keyCertSign + cRLSign, SKI
/// (rcgen adds it to CA certificates), 2025-01-01..2035-01-01.
fn ca_params(cn: &str) -> CertificateParams {
    let mut p = CertificateParams::default();
    p.distinguished_name = ca_dn(cn);
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    p.not_before = date_time_ymd(2025, 1, 1);
    p.not_after = date_time_ymd(2035, 1, 1);
    p.key_identifier_method = KeyIdMethod::Sha256;
    p
}

/// A leaf for `names` (DNS names, IP literals, e-mail addresses): SAN, subject CN = the
/// first DNS name (an empty subject without one), EKU serverAuth, keyUsage digitalSignature
/// (+ keyEncipherment for RSA), 2026-01-01..2027-01-01.
fn leaf_params(key: &str, names: &[&str]) -> CertificateParams {
    let mut p = CertificateParams::default();
    p.subject_alt_names = names
        .iter()
        .map(|n| {
            if let Ok(ip) = n.parse::<IpAddr>() {
                SanType::IpAddress(ip)
            } else if n.contains('@') {
                SanType::Rfc822Name((*n).try_into().expect("IA5 e-mail"))
            } else {
                SanType::DnsName((*n).try_into().expect("IA5 DNS name"))
            }
        })
        .collect();
    let cn = names
        .iter()
        .find(|n| n.parse::<IpAddr>().is_err() && !n.contains('@'))
        .copied();
    p.distinguished_name = leaf_dn(cn);
    p.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    if key_type(key) == KeyType::Rsa {
        p.key_usages.push(KeyUsagePurpose::KeyEncipherment);
    }
    p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    p.not_before = date_time_ymd(2026, 1, 1);
    p.not_after = date_time_ymd(2027, 1, 1);
    p
}

fn with<T>(mut v: T, f: impl FnOnce(&mut T)) -> T {
    f(&mut v);
    v
}

fn dns(name: &str) -> GeneralSubtree {
    GeneralSubtree::DnsName(name.to_string())
}

/// The SAN of most leaves.
const WWW: &[&str] = &["www.example.com"];

// ---- tweaks of certificate parameters ----

/// Valid from `from` to `to`, each (y, m, d).
fn validity(from: (i32, u8, u8), to: (i32, u8, u8)) -> impl FnOnce(&mut CertificateParams) {
    move |p| {
        p.not_before = date_time_ymd(from.0, from.1, from.2);
        p.not_after = date_time_ymd(to.0, to.1, to.2);
    }
}

/// extendedKeyUsage clientAuth only.
fn client_auth(p: &mut CertificateParams) {
    p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
}

/// A leaf subject of the commonName `cn` alone, whatever the SAN says.
fn leaf_cn(cn: &'static str) -> impl FnOnce(&mut CertificateParams) {
    move |p| p.distinguished_name = leaf_dn(Some(cn))
}

/// Critical nameConstraints, on an intermediate named for them.
fn constrained(
    permitted: Vec<GeneralSubtree>,
    excluded: Vec<GeneralSubtree>,
) -> impl FnOnce(&mut CertificateParams) {
    move |p| {
        p.distinguished_name = ca_dn("Certchain Test Constrained Intermediate CA");
        p.name_constraints = Some(NameConstraints {
            permitted_subtrees: permitted,
            excluded_subtrees: excluded,
        });
    }
}

/// A critical extension rcgen has no type for: `value` is the DER inside extnValue.
fn critical_ext(arcs: &[u64], value: Vec<u8>) -> CustomExtension {
    let mut ext = CustomExtension::from_oid_content(arcs, value);
    ext.set_criticality(true);
    ext
}

/// The critical private extension 1.3.6.1.4.1.55738.666.1 (NULL) that no verifier knows.
fn unknown_critical_ext() -> CustomExtension {
    critical_ext(OID_PRIVATE_EXT, NULL.to_vec())
}

/// certificatePolicies (not critical) listing `policy`, without qualifiers:
/// SEQUENCE OF PolicyInformation ::= SEQUENCE { policyIdentifier }.
fn certificate_policies(policy: &[u64]) -> CustomExtension {
    let info = der(0x30, &oid(policy));
    CustomExtension::from_oid_content(OID_CERTIFICATE_POLICIES, der(0x30, &info))
}

/// The certificatePolicies {`policy`}.
fn asserting(policy: &'static [u64]) -> impl FnOnce(&mut CertificateParams) {
    move |p| p.custom_extensions = vec![certificate_policies(policy)]
}

/// A CA that asserts the certificatePolicies {`policy`} and requires an explicit policy
/// from here on: a critical policyConstraints with requireExplicitPolicy 0,
/// SEQUENCE { [0] IMPLICIT INTEGER 0 }.
fn requiring_explicit_policy(policy: &'static [u64]) -> impl FnOnce(&mut CertificateParams) {
    move |p| {
        p.custom_extensions = vec![
            certificate_policies(policy),
            critical_ext(OID_POLICY_CONSTRAINTS, der(0x30, &der(0x80, &[0]))),
        ]
    }
}

// ---- the usual path ----

/// The usual path root -> intermediate -> leaf, as the parameters of its three
/// certificates: tweak them with `root`, `int` and `leaf`, then `Gen::path` issues them
/// with the labels "root", "int" and "leaf".
struct PathSpec {
    /// The key files of the root, the intermediate and the leaf.
    keys: [&'static str; 3],
    /// The scheme the root and the intermediate sign with.
    sig: Sig,
    root: CertificateParams,
    int: CertificateParams,
    leaf: CertificateParams,
    /// A key and scheme that sign the leaf instead of the intermediate's, though the leaf
    /// names the intermediate as its issuer (name and authorityKeyIdentifier).
    leaf_signer: Option<(&'static str, Sig)>,
}

impl PathSpec {
    /// CAs named "Certchain Test {tag}Root CA" and "Certchain Test {tag}Intermediate CA",
    /// and a leaf for `names`.
    fn new(keys: [&'static str; 3], sig: Sig, tag: &str, names: &[&str]) -> Self {
        PathSpec {
            keys,
            sig,
            root: ca_params(&format!("Certchain Test {tag}Root CA")),
            int: ca_params(&format!("Certchain Test {tag}Intermediate CA")),
            leaf: leaf_params(keys[2], names),
            leaf_signer: None,
        }
    }

    fn root(mut self, f: impl FnOnce(&mut CertificateParams)) -> Self {
        f(&mut self.root);
        self
    }

    fn int(mut self, f: impl FnOnce(&mut CertificateParams)) -> Self {
        f(&mut self.int);
        self
    }

    fn leaf(mut self, f: impl FnOnce(&mut CertificateParams)) -> Self {
        f(&mut self.leaf);
        self
    }

    /// Another key of the same type for the leaf.
    fn leaf_key(mut self, key: &'static str) -> Self {
        assert_eq!(
            key_type(key),
            key_type(self.keys[2]),
            "{key}: same key type"
        );
        self.keys[2] = key;
        self
    }

    fn leaf_signer(mut self, key: &'static str, sig: Sig) -> Self {
        self.leaf_signer = Some((key, sig));
        self
    }
}

/// The usual RSA path (SHA-256) for a www.example.com leaf.
fn rsa_path() -> PathSpec {
    rsa_path_for(WWW)
}

/// The usual RSA path (SHA-256) for a leaf with the SAN `names`.
fn rsa_path_for(names: &[&str]) -> PathSpec {
    PathSpec::new(RSA, Sig::Default, "", names)
}

/// The certificates of a `PathSpec`, issued.
struct Chain {
    root: Cert,
    int: Cert,
    leaf: Cert,
}

impl Chain {
    /// The usual scenario: the server sends the leaf and the intermediate, and the root is
    /// the trust anchor.
    fn scenario(
        self,
        description: &'static str,
        findings: &[(Option<usize>, &'static str)],
    ) -> Scenario {
        Scenario::new(
            description,
            findings,
            vec![self.leaf, self.int],
            vec![self.root],
        )
    }

    /// The leaf with its TBSCertificate patched and signed again by the intermediate.
    fn patch_leaf(self, g: &Gen, patch: impl FnOnce(&mut Fields)) -> Self {
        let leaf = g.patched(self.leaf, &self.int, patch);
        Chain { leaf, ..self }
    }

    /// The intermediate patched and signed again by the root.
    fn patch_int(self, g: &Gen, patch: impl FnOnce(&mut Fields)) -> Self {
        let int = g.patched(self.int, &self.root, patch);
        Chain { int, ..self }
    }

    /// The root patched and signed again by itself.
    fn patch_root(self, g: &Gen, patch: impl FnOnce(&mut Fields)) -> Self {
        let root = g.patched(self.root.clone(), &self.root, patch);
        Chain { root, ..self }
    }
}

impl Scenario {
    fn new(
        description: &'static str,
        findings: &[(Option<usize>, &'static str)],
        chain: Vec<Cert>,
        roots: Vec<Cert>,
    ) -> Self {
        Scenario {
            description,
            findings: findings.to_vec(),
            chain,
            roots,
            ..Scenario::default()
        }
    }
}

impl Gen {
    /// Issue the certificates of `spec`.
    fn path(&self, spec: PathSpec) -> Chain {
        let [root_key, int_key, leaf_key] = spec.keys;
        let root = self.issue("root", spec.root, root_key, None, spec.sig);
        let int = self.issue("int", spec.int, int_key, Some(&root), spec.sig);
        let signer = match spec.leaf_signer {
            None => int.clone(),
            Some((key, sig)) if key == int.key => Cert { sig, ..int.clone() },
            Some((key, sig)) => {
                // the intermediate's name and key identifier, with another key
                let ski = int.params.key_identifier(&self.public(int.key));
                Cert {
                    params: with(int.params.clone(), |p| {
                        p.key_identifier_method = KeyIdMethod::PreSpecified(ski)
                    }),
                    key,
                    sig,
                    ..int.clone()
                }
            }
        };
        let leaf = self.issue("leaf", spec.leaf, leaf_key, Some(&signer), Sig::Default);
        Chain { root, int, leaf }
    }

    /// A CA certificate signed with the default scheme.
    fn ca(
        &self,
        label: &str,
        params: CertificateParams,
        key: &'static str,
        issuer: Option<&Cert>,
    ) -> Cert {
        self.issue(label, params, key, issuer, Sig::Default)
    }

    /// The usual RSA root.
    fn rsa_root(&self) -> Cert {
        self.ca("root", ca_params("Certchain Test Root CA"), RSA_ROOT, None)
    }

    /// A self-signed root that has nothing to do with the scenario's path.
    fn unrelated_root(&self) -> Cert {
        let params = ca_params("Certchain Unrelated Root CA");
        self.ca("other-root", params, RSA_OTHER, None)
    }

    /// A leaf with the default RSA leaf key for `names`, tweaked by `f`.
    fn rsa_leaf(&self, int: &Cert, names: &[&str], f: impl FnOnce(&mut CertificateParams)) -> Cert {
        self.issue(
            "leaf",
            with(leaf_params(RSA_LEAF, names), f),
            RSA_LEAF,
            Some(int),
            Sig::Default,
        )
    }

    /// root -> intermediate 1 (tweaked by `int1`) -> intermediate 2 -> www.example.com
    /// leaf: (root, int1, int2, leaf).
    fn two_intermediates(&self, int1: impl FnOnce(&mut CertificateParams)) -> [Cert; 4] {
        let root = self.rsa_root();
        let int1_params = with(ca_params("Certchain Test Intermediate CA 1"), int1);
        let int1 = self.ca("int1", int1_params, RSA_INT, Some(&root));
        let int2_params = ca_params("Certchain Test Intermediate CA 2");
        let int2 = self.ca("int2", int2_params, RSA_INT2, Some(&int1));
        let leaf = self.rsa_leaf(&int2, WWW, |_| {});
        [root, int1, int2, leaf]
    }

    /// A CRL from `int` (thisUpdate 2026-05-01, nextUpdate `next_update`) that revokes
    /// another leaf it issued, old.example.com, and not the scenario's leaf.
    fn crl_revoking_another(&self, int: &Cert, next_update: (i32, u8, u8)) -> CrlFile {
        let other = self.rsa_leaf(int, &["old.example.com"], |p| {
            p.serial_number = Some(self.serial("other-leaf"))
        });
        self.crl(
            "int.crl.pem",
            int,
            &[&other],
            next_update,
            "revokes another certificate, not the leaf",
        )
    }
}
impl Gen {
    /// An RSA PKCS#1 v1.5 SHA-256 signature (deterministic) with the key file `key`.
    fn rsa_sha256_sign(&self, key: &str, message: &[u8]) -> Vec<u8> {
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

    /// What rcgen cannot write: `patch` edits the fields of a certificate's (or CRL's)
    /// signed part, which is then signed again with the key file `signer`. Only for
    /// sha256WithRSAEncryption, whose signatures are deterministic.
    fn repatch(&self, signed: &[u8], signer: &str, patch: impl FnOnce(&mut Fields)) -> Vec<u8> {
        let alg = outer_alg(signed);
        assert_eq!(
            alg,
            alg_rsa_pkcs1(11),
            "repatch only re-signs sha256WithRSAEncryption"
        );
        let mut fields = tbs_fields(signed);
        patch(&mut fields);
        let signature = self.rsa_sha256_sign(signer, &der(0x30, &fields.concat()));
        assemble(&fields, &alg, &signature)
    }

    /// `cert`, issued by `signer`, with its TBSCertificate patched and signed again.
    fn patched(&self, cert: Cert, signer: &Cert, patch: impl FnOnce(&mut Fields)) -> Cert {
        let der = self.repatch(&cert.der, signer.key, patch);
        Cert { der, ..cert }
    }

    /// The SubjectPublicKeyInfo of an EC key file that ring cannot load.
    fn ec_spki(&self, key: &str) -> Vec<u8> {
        ec_spki_from_pkcs8(
            &pem::parse(&self.keys[key])
                .expect("PEM key")
                .into_contents(),
        )
    }

    /// A CRL from `issuer` (an RSA CA): thisUpdate 2026-05-01, nextUpdate `next_update`
    /// (y, m, d), cRLNumber 1, listing the certificates `revoked` as revoked on 2026-04-01
    /// for keyCompromise. `what` says in the PEM comment what it lists.
    fn crl(
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

fn scenarios(g: &mut Gen) {
    // ---------------------------------------------------------------- valid paths
    for (name, keys, sig, tag, description) in [
        (
            "valid-rsa",
            RSA,
            Sig::Default,
            "",
            "RSA-2048 root, intermediate and leaf, SHA-256: a valid server chain",
        ),
        (
            "valid-ecdsa-p256",
            P256,
            Sig::Default,
            "P-256 ",
            "ECDSA P-256 root, intermediate and leaf, ecdsa-with-SHA256: valid",
        ),
        (
            "valid-ecdsa-p384",
            P384,
            Sig::Default,
            "P-384 ",
            "ECDSA P-384 root, intermediate and leaf, ecdsa-with-SHA384: valid",
        ),
        (
            "valid-ed25519",
            ED25519,
            Sig::Default,
            "Ed25519 ",
            "Ed25519 root, intermediate and leaf (RFC 8410): valid",
        ),
        (
            "valid-rsa-pss",
            RSA,
            Sig::RsaPss,
            "RSA-PSS ",
            "RSA-2048 keys, every certificate signed with RSASSA-PSS SHA-256 (MGF1-SHA-256, salt 32): valid",
        ),
        (
            "valid-rsa-sha512",
            RSA,
            Sig::RsaSha512,
            "SHA-512 ",
            "RSA-2048 keys, every certificate signed with sha512WithRSAEncryption: valid",
        ),
    ] {
        g.begin(name);
        let c = g.path(PathSpec::new(keys, sig, tag, WWW));
        g.done(c.scenario(description, &[]));
    }

    // ---------------------------------------------------------------- validity
    g.begin("expired-leaf");
    let c = g.path(rsa_path().leaf(validity((2025, 3, 1), (2026, 3, 1))));
    g.done(c.scenario(
        "the leaf expired on 2026-03-01, three months before the check time",
        &[(Some(0), "expired")],
    ));

    g.begin("expired-intermediate");
    let c = g.path(
        rsa_path()
            .int(|p| p.not_after = date_time_ymd(2026, 3, 1))
            .leaf(validity((2025, 9, 1), (2026, 9, 1))),
    );
    g.done(c.scenario(
        "the intermediate expired on 2026-03-01; the leaf itself is within its validity",
        &[(Some(1), "expired")],
    ));

    g.begin("not-yet-valid-leaf");
    // 184 days: issued after 2026-03-15, so within CA/B BR 6.3.2's 200-day limit
    let c = g.path(rsa_path().leaf(validity((2026, 7, 1), (2027, 1, 1))));
    g.done(c.scenario(
        "the leaf is valid only from 2026-07-01, a month after the check time",
        &[(Some(0), "not_yet_valid")],
    ));

    g.begin("expiring-soon");
    let c = g.path(rsa_path().leaf(validity((2025, 6, 15), (2026, 6, 15))));
    g.done(Scenario {
        warn_days: Some(30),
        ..c.scenario(
            "valid, but the leaf expires on 2026-06-15, within the 30-day warning threshold",
            &[(Some(0), "expiring_soon")],
        )
    });

    // ---------------------------------------------------------------- signatures and keys
    g.begin("bad-signature");
    let c = g.path(rsa_path().leaf_signer(RSA_OTHER, Sig::Default));
    g.done(c.scenario(
        "the leaf names the intermediate as issuer (name and AKI) but was signed by another key",
        &[(Some(0), "bad_signature")],
    ));

    g.begin("weak-signature-sha1");
    let c = g.path(rsa_path().leaf_signer(RSA_INT, Sig::RsaSha1));
    g.done(c.scenario(
        "the leaf is signed with sha1WithRSAEncryption (made with openssl), forbidden by CA/B BR 7.1.3.2",
        &[(Some(0), "weak_signature_algorithm")],
    ));

    g.begin("weak-key-rsa1024");
    let c = g.path(rsa_path().leaf_key(RSA1024_LEAF));
    g.done(c.scenario(
        "the leaf certifies an RSA-1024 key, below the 2048 bits of CA/B BR 6.1.5",
        &[(Some(0), "weak_key")],
    ));

    g.begin("unsupported-signature-algorithm");
    let c = g.path(rsa_path().leaf_signer(RSA_INT, Sig::RsaSha224));
    g.done(c.scenario(
        "the leaf is signed with sha224WithRSAEncryption (made with openssl), which the Web PKI and certchain do not accept",
        &[(Some(0), "unsupported_signature_algorithm")],
    ));

    // ---------------------------------------------------------------- trust
    g.begin("issuer-not-found");
    let c = g.path(rsa_path());
    g.done(Scenario::new(
        "the server sends only its leaf; the intermediate is nowhere to be found",
        &[(Some(0), "issuer_not_found")],
        vec![c.leaf],
        vec![c.root],
    ));

    g.begin("untrusted-root");
    let c = g.path(rsa_path());
    let other = g.unrelated_root();
    g.done(Scenario::new(
        "the chain ends at a self-signed root that is not among the trust anchors (an unrelated root is)",
        &[(Some(2), "untrusted_root")],
        vec![c.leaf, c.int, c.root],
        vec![other],
    ));

    g.begin("trust-intermediate-directly");
    let c = g.path(rsa_path());
    g.done(Scenario::new(
        "the intermediate itself is the only trust anchor: valid; since the server sends it, it is flagged as a sent anchor",
        &[(None, "root_included")],
        vec![c.leaf, c.int.clone()],
        vec![c.int],
    ));

    g.begin("cross-signed-backtracking");
    let root_a = g.ca(
        "root-a",
        ca_params("Certchain Test Root CA A"),
        RSA_ROOT,
        None,
    );
    let root_b = g.ca(
        "root-b",
        ca_params("Certchain Test Root CA B"),
        RSA_ROOT2,
        None,
    );
    let int_params = ca_params("Certchain Test Intermediate CA");
    let expired = with(int_params.clone(), |p| {
        p.not_after = date_time_ymd(2026, 1, 1)
    });
    let int_by_a = g.ca("int-by-a", expired, RSA_INT, Some(&root_a));
    let int_by_b = g.ca("int-by-b", int_params, RSA_INT, Some(&root_b));
    let leaf = g.rsa_leaf(&int_by_b, WWW, |_| {});
    g.done(Scenario::new(
        "the intermediate comes twice (same name and key): an expired cross-sign from root A, presented first, and a valid one from root B; both roots are trusted, so the builder must back out of the expired path: valid through B",
        &[(None, "unused_certificate")],
        vec![leaf, int_by_a, int_by_b],
        vec![root_a, root_b],
    ));

    g.begin("cross-signed-root-expired");
    let root_a = g.ca(
        "root-a",
        ca_params("Certchain Test Old Root CA"),
        RSA_ROOT,
        None,
    );
    let new_root = ca_params("Certchain Test New Root CA");
    let root_b = g.ca("root-b", new_root.clone(), RSA_ROOT2, None);
    let expired = with(new_root, |p| p.not_after = date_time_ymd(2026, 1, 1));
    let root_b_cross = g.ca("root-b-cross", expired, RSA_ROOT2, Some(&root_a));
    let int_params = ca_params("Certchain Test Intermediate CA");
    let int = g.ca("int", int_params, RSA_INT, Some(&root_b));
    let leaf = g.rsa_leaf(&int, WWW, |_| {});
    g.done(Scenario::new(
        "the server still sends the new root cross-signed by the old root (expired, as in the 2021 Let's Encrypt chain); the client trusts the new root itself: valid, the cross-sign unused",
        &[(None, "unused_certificate")],
        vec![leaf, int, root_b_cross],
        vec![root_a, root_b],
    ));

    // ---------------------------------------------------------------- CA rules
    g.begin("not-a-ca");
    let c = g.path(rsa_path().int(|p| p.is_ca = IsCa::ExplicitNoCa));
    g.done(c.scenario(
        "the intermediate has basicConstraints cA=FALSE (still with keyUsage keyCertSign, itself a MUST NOT of RFC 5280 4.2.1.9)",
        &[(Some(1), "not_a_ca"), (Some(1), "profile_violation")],
    ));

    g.begin("intermediate-missing-basic-constraints");
    let int_key_id = ca_params("x").key_identifier(&g.public(RSA_INT));
    let c = g.path(rsa_path().int(|p| {
        p.is_ca = IsCa::NoCa; // rcgen then writes neither basicConstraints nor SKI
        p.custom_extensions = vec![CustomExtension::from_oid_content(
            OID_SKI,
            der(0x04, &int_key_id),
        )];
    }));
    g.done(c.scenario(
        "the intermediate has no basicConstraints at all (but keyUsage keyCertSign, which RFC 5280 4.2.1.3 allows only with cA)",
        &[(Some(1), "not_a_ca"), (Some(1), "profile_violation")],
    ));

    g.begin("path-len-exceeded");
    let [root, int1, int2, leaf] =
        g.two_intermediates(|p| p.is_ca = IsCa::Ca(BasicConstraints::Constrained(0)));
    g.done(Scenario::new(
        "root -> intermediate 1 (pathLenConstraint 0) -> intermediate 2 -> leaf: one CA too many below intermediate 1",
        &[(Some(2), "path_len_exceeded")],
        vec![leaf, int2, int1],
        vec![root],
    ));

    g.begin("missing-key-cert-sign");
    let c = g.path(rsa_path().int(|p| p.key_usages = vec![KeyUsagePurpose::DigitalSignature]));
    g.done(c.scenario(
        "the intermediate is a CA (cA=TRUE) but its keyUsage is digitalSignature only, without keyCertSign",
        &[(Some(1), "missing_key_cert_sign")],
    ));

    // ---------------------------------------------------------------- purpose
    g.begin("eku-mismatch");
    let c = g.path(rsa_path().leaf(client_auth));
    g.done(c.scenario(
        "the leaf's extendedKeyUsage is clientAuth only; a server certificate is asked for",
        &[(Some(0), "eku_mismatch")],
    ));

    g.begin("client-cert");
    let c = g.path(rsa_path_for(&["alice@example.com"]).leaf(client_auth));
    g.done(Scenario {
        host: None,
        email: Some("alice@example.com"),
        purpose: "client",
        ..c.scenario(
            "a TLS client certificate: EKU clientAuth, an rfc822Name SAN, checked for purpose client and the e-mail address: valid",
            &[],
        )
    });

    g.begin("eku-intermediate-restricts");
    let c = g.path(rsa_path().int(|p| {
        p.distinguished_name = ca_dn("Certchain Test Client CA");
        client_auth(p);
    }));
    g.done(c.scenario(
        "the intermediate's extendedKeyUsage is clientAuth only, so it cannot vouch for the serverAuth leaf",
        &[(Some(1), "eku_mismatch")],
    ));

    // ---------------------------------------------------------------- names
    for (name, names, host, description, findings) in [
        (
            "name-mismatch",
            &["www.example.com", "example.com"][..],
            "api.example.net",
            "the leaf names www.example.com and example.com; api.example.net is asked for",
            &[(Some(0), "name_mismatch")][..],
        ),
        (
            "wildcard-match",
            &["*.example.com"],
            "foo.example.com",
            "SAN *.example.com matches foo.example.com (RFC 6125 6.4.3): valid",
            &[],
        ),
        (
            "wildcard-too-deep",
            &["*.example.com"],
            "a.b.example.com",
            "SAN *.example.com does not match a.b.example.com: a wildcard stands for exactly one label",
            &[(Some(0), "name_mismatch")],
        ),
        (
            "ip-san",
            &["192.0.2.10"],
            "192.0.2.10",
            "an iPAddress SAN 192.0.2.10 (empty subject, critical SAN) matches the IPv4 host 192.0.2.10: valid",
            &[],
        ),
        (
            "ipv6-san",
            &["2001:db8::10"],
            "2001:db8::10",
            "an iPAddress SAN 2001:db8::10 (16 octets, empty subject) matches the IPv6 host 2001:db8::10: valid",
            &[],
        ),
    ] {
        g.begin(name);
        let c = g.path(rsa_path_for(names));
        g.done(Scenario {
            host: Some(host),
            ..c.scenario(description, findings)
        });
    }

    g.begin("cn-only-no-san-fallback");
    let c = g.path(rsa_path_for(&["other.example.com"]).leaf(leaf_cn("www.example.com")));
    g.done(c.scenario(
        "CN=www.example.com but SAN other.example.com only: no fallback to the CN (RFC 6125 6.4.4), and the message says the CN would have matched; the CN does not repeat a SAN value either (CA/B BR 7.1.4.3, a warning)",
        &[(Some(0), "name_mismatch"), (Some(0), "cn_not_in_san")],
    ));

    // ---------------------------------------------------------------- name constraints
    g.begin("nc-permitted-violation");
    let c = g.path(rsa_path_for(&["evil.com"]).int(constrained(vec![dns("example.com")], vec![])));
    g.done(Scenario {
        host: Some("evil.com"),
        ..c.scenario(
            "the intermediate permits only example.com; the leaf's SAN is evil.com",
            &[(Some(0), "name_constraint_violation")],
        )
    });

    g.begin("nc-excluded-violation");
    let c = g.path(
        rsa_path_for(&["db.internal.example.com"])
            .int(constrained(vec![], vec![dns("internal.example.com")])),
    );
    g.done(Scenario {
        host: Some("db.internal.example.com"),
        ..c.scenario(
            "the intermediate excludes internal.example.com; the leaf's SAN is db.internal.example.com",
            &[(Some(0), "name_constraint_violation")],
        )
    });

    g.begin("nc-permitted-ok");
    let c = g.path(rsa_path().int(constrained(
        vec![dns("example.com")],
        vec![dns("internal.example.com")],
    )));
    g.done(c.scenario(
        "the intermediate permits example.com (excluding internal.example.com); www.example.com is inside: valid",
        &[],
    ));

    // ---------------------------------------------------------------- extensions
    g.begin("unknown-critical-extension");
    let c = g.path(rsa_path().leaf(|p| p.custom_extensions = vec![unknown_critical_ext()]));
    g.done(c.scenario(
        "the leaf carries a critical private extension 1.3.6.1.4.1.55738.666.1 that no verifier knows (RFC 5280 4.2)",
        &[(Some(0), "unknown_critical_extension")],
    ));

    // ---------------------------------------------------------------- presented chain
    g.begin("out-of-order");
    let [root, int1, int2, leaf] = g.two_intermediates(|_| {});
    g.done(Scenario::new(
        "two intermediates sent root side first (leaf, intermediate 1, intermediate 2): valid, with a warning",
        &[(None, "chain_out_of_order")],
        vec![leaf, int1, int2],
        vec![root],
    ));

    g.begin("unused-certificate");
    let c = g.path(rsa_path());
    let other_root = g.unrelated_root();
    let other_int_params = ca_params("Certchain Unrelated Intermediate CA");
    let other_int = g.ca("other-int", other_int_params, RSA_INT2, Some(&other_root));
    g.done(Scenario::new(
        "the server also sends an unrelated CA certificate that is not on the path: valid, with a warning",
        &[(None, "unused_certificate")],
        vec![c.leaf, c.int, other_int],
        vec![c.root],
    ));

    g.begin("duplicate-certificate");
    let c = g.path(rsa_path());
    g.done(Scenario::new(
        "the intermediate is sent twice: valid, with a warning",
        &[(None, "duplicate_certificate")],
        vec![c.leaf, c.int.clone(), c.int],
        vec![c.root],
    ));

    g.begin("root-included");
    let c = g.path(rsa_path());
    g.done(Scenario::new(
        "the server sends the trusted root at the end of its chain: valid, with a warning",
        &[(None, "root_included")],
        vec![c.leaf, c.int, c.root.clone()],
        vec![c.root],
    ));

    // ---------------------------------------------------------------- several problems
    g.begin("expired-and-wrong-host");
    let c = g.path(rsa_path().leaf(validity((2025, 3, 1), (2026, 3, 1))));
    g.done(Scenario {
        host: Some("mail.example.com"),
        ..c.scenario(
            "the leaf is expired and does not name the host: both are reported",
            &[(Some(0), "expired"), (Some(0), "name_mismatch")],
        )
    });

    g.begin("several-errors-one-cert");
    let c = g.path(rsa_path().leaf_key(RSA1024_LEAF).leaf(|p| {
        validity((2025, 3, 1), (2026, 3, 1))(p);
        client_auth(p);
    }));
    g.done(Scenario {
        host: Some("shop.example.net"),
        ..c.scenario(
            "one leaf, four errors: expired, an RSA-1024 key, EKU clientAuth only, and another host's name",
            &[
                (Some(0), "expired"),
                (Some(0), "weak_key"),
                (Some(0), "eku_mismatch"),
                (Some(0), "name_mismatch"),
            ],
        )
    });
    rule_scenarios(g);
    policy_scenarios(g);
    defects_presented_scenarios(g);
    defects_builder_scenarios(g);
    defects_engine_scenarios(g);
}
const TABLE_BEGIN: &str = "<!-- scenarios:begin (generated by examples/gen-fixtures.rs) -->";
const TABLE_END: &str = "<!-- scenarios:end -->";

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut g = Gen::new(root.clone());
    scenarios(&mut g);

    // Folders with an expected.json that no scenario wrote any more.
    for entry in std::fs::read_dir(&root).expect("read fixtures/").flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if entry.path().join("expected.json").exists() && !g.names.iter().any(|n| *n == name) {
            eprintln!("warning: fixtures/{name} is not a scenario of this generator; delete it or add it back");
        }
    }

    // The scenario table of fixtures/README.md.
    let readme = root.join("README.md");
    let text = std::fs::read_to_string(&readme)
        .unwrap_or_else(|_| format!("# Fixtures\n\n{TABLE_BEGIN}\n{TABLE_END}\n"));
    let (head, rest) = text
        .split_once(TABLE_BEGIN)
        .expect("README.md has the scenario table markers");
    let (_, tail) = rest
        .split_once(TABLE_END)
        .expect("README.md has the end marker");
    let table = format!(
        "{TABLE_BEGIN}\n| scenario | what it shows | verdict | findings (depth, code) |\n| --- | --- | --- | --- |\n{}\n{TABLE_END}",
        g.rows.join("\n")
    );
    std::fs::write(&readme, format!("{head}{table}{tail}")).expect("write fixtures/README.md");
    println!("wrote {} scenarios under {}", g.names.len(), root.display());
}

/// One scenario per rule certchain enforces to pass the x509-limbo suite, each with a
/// single defect (and what it necessarily implies), so that `cargo test` guards the rule
/// without the suite.
fn rule_scenarios(g: &mut Gen) {
    // ---------------------------------------------------------------- subscriber EKU
    g.begin("leaf-without-eku");
    let c = g.path(rsa_path().leaf(|p| p.extended_key_usages.clear()));
    g.done(c.scenario(
        "the server leaf has no extendedKeyUsage: RFC 5280 4.2.1.12 would allow any purpose, but a TLS server certificate MUST list serverAuth (CA/B BR 7.1.2.7.10)",
        &[(Some(0), "eku_mismatch")],
    ));

    g.begin("leaf-without-eku-purpose-any");
    let c = g.path(rsa_path().leaf(|p| p.extended_key_usages.clear()));
    g.done(Scenario {
        purpose: "any",
        ..c.scenario(
            "the same leaf without extendedKeyUsage, checked for purpose any: the CA/B server profile does not apply and RFC 5280 4.2.1.12 allows any purpose: valid",
            &[],
        )
    });

    // ---------------------------------------------------------------- profiles
    // A private PKI's leaf, as internal CAs often issue it: the CN is a label, not one of
    // the SAN names, and there is no extKeyUsage. Both break only CA/B Forum rules.
    let private_leaf = |p: &mut CertificateParams| {
        leaf_cn("Internal API Server")(p);
        p.extended_key_usages.clear();
    };
    g.begin("private-pki-webpki-profile");
    let c = g.path(rsa_path().leaf(private_leaf));
    g.done(c.scenario(
        "a private PKI's leaf whose CN \"Internal API Server\" is not a SAN value and which has no extendedKeyUsage, under the default Web PKI profile: CA/B BR 7.1.2.7.10 rejects it; the CN outside the SAN is a warning (CA/B BR 7.1.4.3)",
        &[(Some(0), "cn_not_in_san"), (Some(0), "eku_mismatch")],
    ));

    g.begin("private-pki-rfc5280-profile");
    let c = g.path(rsa_path().leaf(private_leaf));
    g.done(Scenario {
        profile: "rfc5280",
        ..c.scenario(
            "the same private-PKI leaf under --profile rfc5280: the CA/B Forum rules are off, RFC 5280 4.2.1.12 lets a leaf without extendedKeyUsage serve any purpose and the CN is not used for names: valid, with the cn_not_in_san warning (every profile)",
            &[(Some(0), "cn_not_in_san")],
        )
    });

    g.begin("leaf-eku-critical");
    let c = g
        .path(rsa_path())
        .patch_leaf(g, |f| set_critical(f, OID_EKU, true));
    g.done(c.scenario(
        "the leaf's extendedKeyUsage (serverAuth) is marked critical, which CA/B BR 7.1.2.7.6 forbids in a subscriber certificate",
        &[(Some(0), "profile_violation")],
    ));

    g.begin("leaf-eku-any");
    let c = g.path(rsa_path().leaf(|p| {
        p.extended_key_usages = vec![
            ExtendedKeyUsagePurpose::ServerAuth,
            ExtendedKeyUsagePurpose::Any,
        ];
    }));
    g.done(c.scenario(
        "the leaf's extendedKeyUsage lists serverAuth and anyExtendedKeyUsage; CA/B BR 7.1.2.7.10: anyExtendedKeyUsage MUST NOT be present",
        &[(Some(0), "eku_mismatch")],
    ));

    g.begin("root-with-eku");
    let c = g.path(
        rsa_path().root(|p| p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth]),
    );
    g.done(c.scenario(
        "the self-signed trust anchor carries extendedKeyUsage serverAuth; CA/B BR 7.1.2.1.2: a root CA certificate MUST NOT have one",
        &[(Some(2), "profile_violation")],
    ));

    // ---------------------------------------------------------------- subject commonName
    g.begin("cn-ip-not-canonical");
    let c = g.path(rsa_path_for(&["192.168.1.1"]).leaf(leaf_cn("192.168.001.001")));
    g.done(Scenario {
        host: Some("192.168.1.1"),
        ..c.scenario(
            "the leaf's CN is \"192.168.001.001\" for its iPAddress SAN 192.168.1.1; CA/B BR 7.1.4.3: an IPv4 CN is the address in its canonical dotted-decimal form (RFC 3986 3.2.2)",
            &[(Some(0), "profile_violation")],
        )
    });

    g.begin("cn-case-differs");
    let c = g.path(rsa_path().leaf(leaf_cn("Www.Example.com")));
    g.done(c.scenario(
        "the leaf's CN is Www.Example.com, its SAN www.example.com; CA/B BR 7.1.4.3: the CN is a character-for-character copy of a SAN entry",
        &[(Some(0), "profile_violation")],
    ));

    g.begin("cn-not-in-san");
    let c = g.path(
        rsa_path_for(&["valid.example.com", "another.example.com"])
            .leaf(leaf_cn("notinsan.example.com")),
    );
    g.done(Scenario {
        host: Some("valid.example.com"),
        ..c.scenario(
            "the leaf's CN is notinsan.example.com, its SANs valid.example.com and another.example.com; the host asked for is in the SAN. CA/B BR 7.1.4.3 requires the CN to repeat a SAN value, but certchain never matches the CN, so this is a warning: valid",
            &[(Some(0), "cn_not_in_san")],
        )
    });

    g.begin("cn-ip-not-in-san");
    let c = g.path(rsa_path_for(&["192.0.2.1"]).leaf(leaf_cn("192.0.2.2")));
    g.done(Scenario {
        host: Some("192.0.2.1"),
        ..c.scenario(
            "the leaf's CN is the canonical address 192.0.2.2, its iPAddress SAN 192.0.2.1; CA/B BR 7.1.4.3: an IP CN repeats an iPAddress SAN (a warning, as for a DNS CN): valid",
            &[(Some(0), "cn_not_in_san")],
        )
    });

    g.begin("cn-twice");
    let c = g
        .path(rsa_path_for(&["www.example.com", "example.com"]))
        .patch_leaf(g, |f| {
            let cn = |v: &str| {
                der(
                    0x31,
                    &der(
                        0x30,
                        &[oid(&[2, 5, 4, 3]), der(0x0c, v.as_bytes())].concat(),
                    ),
                )
            };
            assert_eq!(f[5][0], 0x30, "the subject Name");
            f[5] = der(0x30, &[cn("www.example.com"), cn("example.com")].concat());
        });
    g.done(c.scenario(
        "the leaf's subject has two commonName attributes, www.example.com and example.com, both SAN values; CA/B BR 7.1.4.3: the commonName, if present, holds exactly one entry",
        &[(Some(0), "profile_violation")],
    ));

    g.begin("cn-ip-in-san");
    let c = g.path(rsa_path_for(&["192.0.2.1", "www.example.com"]).leaf(leaf_cn("192.0.2.1")));
    g.done(Scenario {
        host: Some("www.example.com"),
        ..c.scenario(
            "the leaf's CN is the address 192.0.2.1, repeated as an iPAddress SAN beside DNS:www.example.com; the CN is compared with the SAN as an address (CA/B BR 7.1.4.3) and the host matches the DNS SAN: valid",
            &[],
        )
    });

    g.begin("cn-unicode");
    let c =
        g.path(rsa_path_for(&["xn--bcher-kva.example.com"]).leaf(leaf_cn("bücher.example.com")));
    g.done(Scenario {
        host: Some("xn--bcher-kva.example.com"),
        ..c.scenario(
            "the leaf's CN is the UTF8String bücher.example.com, its SAN xn--bcher-kva.example.com; CA/B BR 7.1.4.3: a domain name CN is in its ASCII (A-label) form, as in the SAN",
            &[(Some(0), "profile_violation")],
        )
    });

    // ---------------------------------------------------------------- name constraints
    g.begin("nc-not-critical");
    let c = g
        .path(rsa_path().int(constrained(vec![dns("example.com")], vec![])))
        .patch_int(g, |f| set_critical(f, OID_NAME_CONSTRAINTS, false));
    g.done(c.scenario(
        "the intermediate's nameConstraints (permitting example.com, which www.example.com satisfies) is not critical; RFC 5280 4.2.1.10: conforming CAs MUST mark it critical",
        &[(Some(1), "profile_violation")],
    ));

    g.begin("nc-in-leaf");
    let c = g.path(rsa_path().leaf(|p| {
        p.name_constraints = Some(NameConstraints {
            permitted_subtrees: vec![dns("example.com")],
            excluded_subtrees: vec![],
        });
    }));
    g.done(c.scenario(
        "the leaf (not a CA) carries a critical nameConstraints permitting example.com; RFC 5280 4.2.1.10: the extension MUST be used only in CA certificates",
        &[(Some(0), "profile_violation")],
    ));

    g.begin("nc-malformed-leading-dot");
    let c = g.path(rsa_path().int(constrained(vec![dns(".example.com")], vec![])));
    g.done(c.scenario(
        "the intermediate permits the dNSName \".example.com\": malformed, as dNSName constraints have no leading-dot form (RFC 5280 4.2.1.10); read as written, no DNS name is formed by adding labels to its left, so the leaf's www.example.com is outside it",
        &[(Some(1), "malformed"), (Some(0), "name_constraint_violation")],
    ));

    g.begin("nc-ip-not-cidr");
    let mask = CidrSubnet::V4([192, 168, 0, 0], [255, 255, 0, 255]);
    let c = g.path(rsa_path().int(constrained(vec![GeneralSubtree::IpAddress(mask)], vec![])));
    g.done(c.scenario(
        "the intermediate permits the iPAddress 192.168.0.0 with the non-contiguous mask 255.255.0.255, not a CIDR range (RFC 5280 4.2.1.10); the leaf has no IP address for it to constrain",
        &[(Some(1), "malformed")],
    ));

    for (name, permitted, email, description, findings) in [
        (
            "nc-email-literal",
            "*@example.com",
            "user@example.com",
            "the intermediate permits the rfc822Name \"*@example.com\", which is one mailbox whose local part is an asterisk (RFC 5280 4.2.1.10 has no wildcards); the client leaf's user@example.com is outside it",
            &[(Some(0), "name_constraint_violation")][..],
        ),
        (
            "nc-email-domain",
            "example.com",
            "foo@example.com",
            "the intermediate permits the rfc822Name \"example.com\" (every mailbox at that host, RFC 5280 4.2.1.10); the client leaf's foo@example.com is inside: valid",
            &[],
        ),
    ] {
        g.begin(name);
        let subtree = GeneralSubtree::Rfc822Name(permitted.into());
        let c = g.path(
            rsa_path_for(&[email])
                .int(constrained(vec![subtree], vec![]))
                .leaf(client_auth),
        );
        g.done(Scenario {
            host: None,
            email: Some(email),
            purpose: "client",
            ..c.scenario(description, findings)
        });
    }

    g.begin("nc-excluded-dirname");
    let mut evil = DistinguishedName::new();
    evil.push(DnType::OrganizationName, "Evil Corp");
    let mut evil_leaf = evil.clone();
    evil_leaf.push(DnType::CommonName, "www.example.com");
    let c = g.path(
        rsa_path()
            .int(constrained(
                vec![],
                vec![GeneralSubtree::DirectoryName(evil)],
            ))
            .leaf(|p| p.distinguished_name = evil_leaf),
    );
    g.done(c.scenario(
        "the intermediate excludes the directoryName O=Evil Corp; the leaf's subject is O=Evil Corp, CN=www.example.com, within that subtree (RFC 5280 4.2.1.10)",
        &[(Some(0), "name_constraint_violation")],
    ));

    g.begin("nc-wildcard-vs-excluded");
    let c = g.path(
        rsa_path_for(&["*.example.com"]).int(constrained(vec![], vec![dns("bar.example.com")])),
    );
    g.done(Scenario {
        host: Some("foo.example.com"),
        ..c.scenario(
            "the intermediate excludes bar.example.com; the leaf's SAN *.example.com also stands for bar.example.com, so it is refused even for the host foo.example.com (the reading of CVE-2025-61727)",
            &[(Some(0), "name_constraint_violation")],
        )
    });

    // ---------------------------------------------------------------- key identifiers, AIA
    g.begin("leaf-missing-aki");
    let c = g
        .path(rsa_path())
        .patch_leaf(g, |f| remove_extension(f, OID_AKI));
    g.done(c.scenario(
        "the leaf has no authorityKeyIdentifier; RFC 5280 4.2.1.1: it MUST be present in every certificate that is not self-signed",
        &[(Some(0), "profile_violation")],
    ));

    g.begin("intermediate-missing-ski");
    let c = g
        .path(rsa_path())
        .patch_int(g, |f| remove_extension(f, OID_SKI));
    g.done(c.scenario(
        "the intermediate has no subjectKeyIdentifier; RFC 5280 4.2.1.2: it MUST appear in CA certificates (the leaf's authorityKeyIdentifier still names the key)",
        &[(Some(1), "profile_violation")],
    ));

    g.begin("aki-critical");
    let c = g
        .path(rsa_path())
        .patch_leaf(g, |f| set_critical(f, OID_AKI, true));
    g.done(c.scenario(
        "the leaf's authorityKeyIdentifier is marked critical; RFC 5280 4.2.1.1: conforming CAs MUST mark it non-critical",
        &[(Some(0), "profile_violation")],
    ));

    g.begin("aia-critical");
    let access = [
        oid(OID_AD_CA_ISSUERS),
        der(0x86, b"http://ca.example.com/int.der"),
    ]
    .concat();
    let aia = critical_ext(OID_AIA, der(0x30, &der(0x30, &access)));
    let c = g.path(rsa_path().leaf(|p| p.custom_extensions = vec![aia]));
    g.done(c.scenario(
        "the leaf's authorityInfoAccess (caIssuers http://ca.example.com/int.der) is marked critical; RFC 5280 4.2.2.1: conforming CAs MUST mark it non-critical",
        &[(Some(0), "profile_violation")],
    ));

    // ---------------------------------------------------------------- serial numbers
    g.begin("serial-zero");
    let c = g.path(rsa_path()).patch_leaf(g, |f| f[1] = der(0x02, &[0]));
    g.done(c.scenario(
        "the leaf's serial number is 0; RFC 5280 4.1.2.2: it MUST be a positive integer",
        &[(Some(0), "profile_violation")],
    ));

    g.begin("serial-too-long");
    let mut long = g.serial("leaf").to_bytes();
    long.extend_from_slice(&g.serial("leaf-tail").to_bytes()[..5]);
    assert_eq!(long.len(), 21);
    let c = g
        .path(rsa_path())
        .patch_leaf(g, |f| f[1] = der(0x02, &long));
    g.done(c.scenario(
        "the leaf's serial number is 21 octets long (positive); RFC 5280 4.1.2.2: at most 20 octets",
        &[(Some(0), "profile_violation")],
    ));

    // ---------------------------------------------------------------- extension table
    g.begin("duplicate-extension");
    let c = g.path(rsa_path()).patch_leaf(g, |f| {
        edit_extensions(f, 0xa3, |exts| {
            let i = exts.iter().position(|e| e.is(OID_SAN)).expect("SAN");
            let copy = exts[i].clone();
            exts.insert(i + 1, copy);
        })
    });
    g.done(c.scenario(
        "the leaf carries its subjectAltName (www.example.com) twice, byte for byte; RFC 5280 4.2: a certificate MUST NOT include more than one instance of an extension",
        &[(Some(0), "malformed")],
    ));

    g.begin("san-critical-with-subject");
    let c = g
        .path(rsa_path())
        .patch_leaf(g, |f| set_critical(f, OID_SAN, true));
    g.done(c.scenario(
        "the leaf has the subject CN=www.example.com and a critical subjectAltName; CA/B BR 7.1.2.7.12: the SAN is critical only when the subject is empty",
        &[(Some(0), "profile_violation")],
    ));

    g.begin("empty-subject-san-not-critical");
    let c = g
        .path(rsa_path().leaf(|p| p.distinguished_name = leaf_dn(None)))
        .patch_leaf(g, |f| set_critical(f, OID_SAN, false));
    g.done(c.scenario(
        "the leaf's subject is empty and its subjectAltName is not critical; RFC 5280 4.2.1.6: with an empty subject the SAN MUST be critical",
        &[(Some(0), "profile_violation")],
    ));

    // ---------------------------------------------------------------- cA and keyCertSign
    g.begin("leaf-ca-without-keycertsign");
    let c = g.path(rsa_path().leaf(|p| {
        p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        p.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        p.key_identifier_method = KeyIdMethod::Sha256;
    }));
    g.done(c.scenario(
        "the leaf asserts basicConstraints cA=TRUE but its keyUsage is digitalSignature only: a CA key that may not sign certificates (RFC 5280 4.2.1.9 with 4.2.1.3), and a CA certificate is no server leaf (CA/B BR 7.1.2.7.8)",
        &[(Some(0), "profile_violation"), (Some(0), "ca_used_as_leaf")],
    ));

    g.begin("leaf-keycertsign-without-ca");
    let c = g.path(rsa_path().leaf(|p| {
        p.key_usages = vec![
            KeyUsagePurpose::DigitalSignature,
            KeyUsagePurpose::KeyCertSign,
        ];
    }));
    g.done(c.scenario(
        "the leaf (no basicConstraints) asserts keyUsage keyCertSign + digitalSignature; RFC 5280 4.2.1.9: keyCertSign MUST NOT be asserted without cA",
        &[(Some(0), "profile_violation")],
    ));

    // ---------------------------------------------------------------- trust anchors
    g.begin("root-bc-not-critical");
    let c = g
        .path(rsa_path())
        .patch_root(g, |f| set_critical(f, OID_BASIC_CONSTRAINTS, false));
    g.done(c.scenario(
        "the self-signed root's basicConstraints (cA=TRUE) is not critical; RFC 5280 4.2.1.9: CA certificates MUST mark it critical",
        &[(Some(2), "profile_violation")],
    ));

    g.begin("expired-root");
    let c = g.path(rsa_path().root(validity((2016, 3, 1), (2026, 3, 1))));
    g.done(c.scenario(
        "the trust anchor, a self-signed root, expired on 2026-03-01; its intermediate and the leaf are within their validity",
        &[(Some(2), "expired")],
    ));

    g.begin("root-unknown-critical-extension");
    let c = g.path(rsa_path().root(|p| p.custom_extensions = vec![unknown_critical_ext()]));
    g.done(c.scenario(
        "the self-signed root carries the critical private extension 1.3.6.1.4.1.55738.666.1, which no verifier knows (RFC 5280 4.2)",
        &[(Some(2), "unknown_critical_extension")],
    ));

    // ---------------------------------------------------------------- policy constraints
    g.begin("policy-constraints-not-critical");
    // inhibitPolicyMapping 0: harmless here, as no certificate maps policies
    let constraints =
        CustomExtension::from_oid_content(OID_POLICY_CONSTRAINTS, der(0x30, &der(0x81, &[0])));
    let c = g.path(rsa_path().int(|p| p.custom_extensions = vec![constraints]));
    g.done(c.scenario(
        "the intermediate's policyConstraints (inhibitPolicyMapping 0, with no policy mapping anywhere) is not critical; RFC 5280 4.2.1.11: conforming CAs MUST mark it critical",
        &[(Some(1), "profile_violation")],
    ));

    // ---------------------------------------------------------------- path length and depth
    g.begin("pathlen-self-issued-not-counted");
    let root = g.rsa_root();
    let ica_params = with(ca_params("Certchain Test Intermediate CA"), |p| {
        p.is_ca = IsCa::Ca(BasicConstraints::Constrained(1))
    });
    let ica_old = g.ca("int-old-key", ica_params.clone(), RSA_INT, Some(&root));
    let ica_new = g.ca("int-new-key", ica_params, RSA_INT2, Some(&ica_old));
    let ica_new = Cert {
        name: format!("{} (new key, self-issued)", ica_new.name),
        ..ica_new
    };
    let issuing_params = with(ca_params("Certchain Test Issuing CA"), |p| {
        p.is_ca = IsCa::Ca(BasicConstraints::Constrained(0))
    });
    let issuing = g.ca("issuing", issuing_params, RSA_OTHER, Some(&ica_new));
    let leaf = g.rsa_leaf(&issuing, WWW, |_| {});
    g.done(Scenario::new(
        "root -> intermediate (pathLen 1) -> the same intermediate with a new key (self-issued, pathLen 1) -> issuing CA (pathLen 0) -> leaf: the self-issued certificate does not count towards path lengths (RFC 5280 6.1.4 (l)): valid",
        &[],
        vec![leaf, issuing, ica_new, ica_old],
        vec![root],
    ));

    for (name, max, findings, description) in [
        (
            "max-depth-exceeded",
            1,
            &[(Some(2), "depth_exceeded")][..],
            "root -> intermediate 1 -> intermediate 2 -> leaf, checked with a maximum chain depth of 1 intermediate: intermediate 1, the second from the leaf, is one too many",
        ),
        (
            "max-depth-ok",
            2,
            &[],
            "root -> intermediate 1 -> intermediate 2 -> leaf, checked with a maximum chain depth of 2 intermediates: valid",
        ),
    ] {
        g.begin(name);
        let [root, int1, int2, leaf] = g.two_intermediates(|_| {});
        g.done(Scenario {
            max_depth: Some(max),
            ..Scenario::new(description, findings, vec![leaf, int2, int1], vec![root])
        });
    }

    // ---------------------------------------------------------------- encoding
    g.begin("version-1-leaf");
    let c = g.path(rsa_path()).patch_leaf(g, |f| {
        assert_eq!(f[0][0], 0xa0, "[0] version");
        f.remove(0);
        f.retain(|e| e[0] != 0xa3);
    });
    g.done(Scenario {
        host: None,
        ..c.scenario(
            "an X.509 v1 leaf (no version field, hence no extensions), subject CN=www.example.com; v3 is required (RFC 5280 4.1.2.1 as the profile expects extensions, CA/B BR 7.1.1), and what v1 cannot carry is missing: the authorityKeyIdentifier (RFC 5280 4.2.1.1), the serverAuth extKeyUsage (CA/B BR 7.1.2.7.10) and the subjectAltName (CA/B BR 7.1.2.7.12), so the CN repeats no SAN value (CA/B BR 7.1.4.3, a warning). No host is checked (there is no SAN to hold one)",
            &[
                (Some(0), "profile_violation"),
                (Some(0), "profile_violation"),
                (Some(0), "profile_violation"),
                (Some(0), "eku_mismatch"),
                (Some(0), "cn_not_in_san"),
            ],
        )
    });

    g.begin("signature-algorithm-mismatch");
    let mut c = g.path(rsa_path());
    let (_, signature) = split_certificate(&c.leaf.der);
    c.leaf.der = assemble(&tbs_fields(&c.leaf.der), &alg_rsa_pkcs1(12), &signature);
    g.done(c.scenario(
        "the leaf's outer signatureAlgorithm says sha384WithRSAEncryption while tbsCertificate.signature says sha256WithRSAEncryption, with which it was signed: malformed (RFC 5280 4.1.1.2: the two MUST be equal), and its signature does not verify as the algorithm it declares",
        &[(Some(0), "malformed"), (Some(0), "bad_signature")],
    ));

    // ---------------------------------------------------------------- weak keys
    for (name, key, description) in [
        (
            "weak-key-p192",
            P192_LEAF,
            "the leaf certifies an ECDSA key on P-192 (secp192r1); CA/B BR 6.1.5 permits only P-256, P-384 and P-521",
        ),
        (
            "explicit-curve-key",
            P256_EXPLICIT_LEAF,
            "the leaf certifies a P-256 key whose SubjectPublicKeyInfo spells the curve out as explicit parameters (openssl ec_param_enc:explicit); CA/B BR 7.1.3.1.2 and RFC 5480 2.1.1 require the namedCurve OID",
        ),
    ] {
        g.begin(name);
        // ring cannot load the key: the leaf is made for a P-256 key, then its
        // SubjectPublicKeyInfo is replaced (the key is only certified, never used to sign)
        let spki = g.ec_spki(key);
        let spec = PathSpec::new([RSA_ROOT, RSA_INT, P256[2]], Sig::Default, "", WWW);
        let c = g.path(spec).patch_leaf(g, |f| {
            assert_eq!(f[0][0], 0xa0, "v3: the key is the 7th field");
            f[6] = spki;
        });
        g.done(c.scenario(description, &[(Some(0), "weak_key")]));
    }

    // ---------------------------------------------------------------- revocation (CRLs)
    g.begin("crl-revoked");
    let c = g.path(rsa_path());
    let crl = g.crl(
        "int.crl.pem",
        &c.int,
        &[&c.leaf],
        (2026, 7, 1),
        "revokes the leaf",
    );
    g.done(Scenario {
        crls: vec![crl],
        ..c.scenario(
            "a valid CRL from the intermediate (thisUpdate 2026-05-01, nextUpdate 2026-07-01, cRLNumber 1) lists the leaf's serial number as revoked (RFC 5280 6.3.3 (i)); no CRL from the root covers the intermediate",
            &[(Some(0), "revoked"), (Some(1), "revocation_unknown")],
        )
    });

    g.begin("crl-not-revoked");
    let c = g.path(rsa_path());
    let crl = g.crl_revoking_another(&c.int, (2026, 7, 1));
    g.done(Scenario {
        crls: vec![crl],
        ..c.scenario(
            "a valid CRL from the intermediate lists another certificate's serial number, not the leaf's: valid; no CRL from the root covers the intermediate, a warning",
            &[(Some(1), "revocation_unknown")],
        )
    });

    for (name, description) in [
        (
            "crl-missing-crl-number",
            "the intermediate's CRL (listing another certificate, not the leaf) has no cRLNumber extension, which RFC 5280 5.2.3 requires in every CRL: it cannot be used",
        ),
        (
            "crl-issuer-lacks-crlsign",
            "the intermediate's keyUsage is keyCertSign only, without cRLSign, yet it signed the CRL (listing another certificate): RFC 5280 6.3.3 (f), the CRL cannot be used",
        ),
        (
            "crl-stale",
            "the intermediate's CRL (listing another certificate) has nextUpdate 2026-05-15, before the check time: stale (RFC 5280 6.3.3 (a)), it cannot be used",
        ),
    ] {
        g.begin(name);
        let c = g.path(rsa_path().int(|p| {
            if name == "crl-issuer-lacks-crlsign" {
                p.key_usages = vec![KeyUsagePurpose::KeyCertSign];
            }
        }));
        let next = if name == "crl-stale" {
            (2026, 5, 15)
        } else {
            (2026, 7, 1)
        };
        let mut crl = g.crl_revoking_another(&c.int, next);
        if name == "crl-missing-crl-number" {
            crl.der = g.repatch(&crl.der, c.int.key, |f| {
                edit_extensions(f, 0xa0, |exts| {
                    let before = exts.len();
                    exts.retain(|e| !e.is(OID_CRL_NUMBER));
                    assert_eq!(exts.len() + 1, before, "cRLNumber");
                })
            });
            crl.comment.push_str("; cRLNumber removed");
        }
        g.done(Scenario {
            crls: vec![crl],
            ..c.scenario(
                description,
                &[
                    (Some(0), "crl_invalid"),
                    (Some(0), "revocation_unknown"),
                    (Some(1), "revocation_unknown"),
                ],
            )
        });
    }

    g.begin("crl-other-issuer");
    let c = g.path(rsa_path());
    let unrelated = g.unrelated_root();
    let crl = g.crl(
        "other.crl.pem",
        &unrelated,
        &[&c.leaf],
        (2026, 7, 1),
        "lists the leaf's serial number, but did not issue the leaf",
    );
    g.done(Scenario {
        crls: vec![crl],
        ..c.scenario(
            "a valid CRL from an unrelated CA lists the leaf's serial number; only the leaf's issuer can revoke it (RFC 5280 6.3.3 (b)): valid, but no certificate's revocation was checked (a warning for the leaf and the intermediate; openssl -crl_check: unable to get certificate CRL)",
            &[(Some(0), "revocation_unknown"), (Some(1), "revocation_unknown")],
        )
    });
}

/// Certificate policies (RFC 5280 6.1, with certchain's inputs: user-initial-policy-set
/// {anyPolicy}, no initial-* flag): a path fails only when a CA requires an explicit
/// policy that the path does not carry.
fn policy_scenarios(g: &mut Gen) {
    g.begin("policy-required-missing");
    let c = g.path(rsa_path().int(requiring_explicit_policy(POLICY_DV)));
    g.done(c.scenario(
        "the intermediate asserts the policy 2.23.140.1.2.1 and requires an explicit policy (critical policyConstraints, requireExplicitPolicy 0); the leaf has no certificatePolicies, so no policy is valid for the path (RFC 5280 6.1.3 (d), (f))",
        &[(Some(0), "policy_required")],
    ));

    g.begin("policy-required-met");
    let c = g.path(
        rsa_path()
            .int(requiring_explicit_policy(POLICY_DV))
            .leaf(asserting(POLICY_DV)),
    );
    g.done(c.scenario(
        "the same intermediate (policy 2.23.140.1.2.1, requireExplicitPolicy 0); the leaf asserts 2.23.140.1.2.1 too, a policy valid for the path (RFC 5280 6.1.3 (d)): valid",
        &[],
    ));

    g.begin("policy-any-policy-ca");
    let c = g.path(
        rsa_path()
            .int(requiring_explicit_policy(ANY_POLICY))
            .leaf(asserting(POLICY_PRIVATE)),
    );
    g.done(c.scenario(
        "the intermediate asserts anyPolicy (2.5.29.32.0) and requires an explicit policy (requireExplicitPolicy 0); the leaf asserts the private policy 1.3.6.1.4.1.99999.1, which anyPolicy admits (RFC 5280 6.1.3 (d) (1) (ii)): valid",
        &[],
    ));
}

/// Defects found by outside testing against pyca/cryptography and openssl: revocation
/// coverage (`--require-revocation`, openssl's -crl_check / -crl_check_all), a bundle
/// written in reverse, and many copies of one certificate.
fn defects_presented_scenarios(g: &mut Gen) {
    // ---------------------------------------------------------------- revocation coverage
    for (name, scope, findings, description) in [
        (
            "crl-other-issuer-required-leaf",
            "leaf",
            &[(Some(0), "revocation_required"), (Some(1), "revocation_unknown")][..],
            "the only CRL given is from an unrelated CA, and revocation is required for the leaf (--require-revocation leaf, openssl -crl_check): no CRL covers the leaf, an error; the intermediate is not covered either, a warning",
        ),
        (
            "crl-other-issuer-required-all",
            "all",
            &[(Some(0), "revocation_required"), (Some(1), "revocation_required")][..],
            "the only CRL given is from an unrelated CA, and revocation is required for every certificate (--require-revocation all, openssl -crl_check_all): neither the leaf nor the intermediate is covered, two errors; the anchor is never checked",
        ),
    ] {
        g.begin(name);
        let c = g.path(rsa_path());
        let unrelated = g.unrelated_root();
        let crl = g.crl(
            "other.crl.pem",
            &unrelated,
            &[&c.leaf],
            (2026, 7, 1),
            "lists the leaf's serial number, but did not issue the leaf",
        );
        g.done(Scenario {
            crls: vec![crl],
            require_revocation: Some(scope),
            ..c.scenario(description, findings)
        });
    }

    for (name, scope, findings, description) in [
        (
            "crl-leaf-covered-required-leaf",
            "leaf",
            &[(Some(1), "revocation_unknown")][..],
            "the intermediate's CRL (listing another certificate) covers the leaf, as --require-revocation leaf requires: valid; no CRL from the root covers the intermediate, a warning",
        ),
        (
            "crl-leaf-covered-required-all",
            "all",
            &[(Some(1), "revocation_required")][..],
            "the intermediate's CRL covers the leaf, but --require-revocation all also needs a CRL from the root for the intermediate, and none was given: an error at the intermediate",
        ),
    ] {
        g.begin(name);
        let c = g.path(rsa_path());
        let crl = g.crl_revoking_another(&c.int, (2026, 7, 1));
        g.done(Scenario {
            crls: vec![crl],
            require_revocation: Some(scope),
            ..c.scenario(description, findings)
        });
    }

    g.begin("crl-all-covered-required-all");
    let c = g.path(rsa_path());
    let int_crl = g.crl_revoking_another(&c.int, (2026, 7, 1));
    let root_crl = g.crl(
        "root.crl.pem",
        &c.root,
        &[],
        (2026, 7, 1),
        "revokes nothing",
    );
    g.done(Scenario {
        crls: vec![int_crl, root_crl],
        require_revocation: Some("all"),
        ..c.scenario(
            "--require-revocation all with the intermediate's CRL (covering the leaf) and the root's empty CRL (covering the intermediate): every certificate below the anchor is covered and none is listed: valid",
            &[],
        )
    });

    // ---------------------------------------------------------------- presented chain
    g.begin("reversed-bundle");
    let c = g.path(rsa_path());
    g.done(Scenario::new(
        "the bundle is written in reverse: the intermediate first, then the leaf. The intermediate is verified as the leaf (it names no host, has no serverAuth and no SAN, is a CA) and a chain_out_of_order warning says certificate #1 is a CA and the end-entity certificate is #2",
        &[
            (Some(0), "name_mismatch"),
            (Some(0), "eku_mismatch"),
            (Some(0), "ca_used_as_leaf"),
            (Some(0), "profile_violation"),
            (Some(0), "cn_not_in_san"),
            (None, "unused_certificate"),
            (None, "chain_out_of_order"),
        ],
        vec![c.int, c.leaf],
        vec![c.root],
    ));

    g.begin("duplicate-intermediate-many");
    let c = g.path(rsa_path());
    g.done(Scenario::new(
        "the intermediate is sent five times: valid, with one duplicate_certificate warning giving the count and the positions (#2-#6), not one per copy",
        &[(None, "duplicate_certificate")],
        vec![
            c.leaf,
            c.int.clone(),
            c.int.clone(),
            c.int.clone(),
            c.int.clone(),
            c.int,
        ],
        vec![c.root],
    ));
}

impl Gen {
    /// root -> intermediate with the RSA-1024 key -> www.example.com leaf. The leaf is
    /// first made by rcgen under a stand-in key (ring cannot sign with RSA-1024), then,
    /// when `sign_with_weak_key`, its TBSCertificate is signed again with the RSA-1024 key
    /// by `openssl dgst -sha256` (deterministic PKCS#1 v1.5); otherwise the stand-in
    /// key's signature stays, which does not verify with the intermediate's key.
    fn rsa1024_intermediate(&self, sign_with_weak_key: bool) -> Chain {
        let root = self.rsa_root();
        let int = self.ca(
            "int",
            ca_params("Certchain Test Intermediate CA"),
            RSA1024_LEAF,
            Some(&root),
        );
        let ski = int.params.key_identifier(&self.public(int.key));
        let stand_in = Cert {
            params: with(int.params.clone(), |p| {
                p.key_identifier_method = KeyIdMethod::PreSpecified(ski)
            }),
            key: RSA_OTHER,
            ..int.clone()
        };
        let mut leaf = self.rsa_leaf(&stand_in, WWW, |_| {});
        if sign_with_weak_key {
            leaf.der = resign(&leaf.der, &alg_rsa_pkcs1(11), |tbs| {
                openssl_sign(&self.key_path(RSA1024_LEAF), "sha256", tbs)
            });
        }
        Chain { root, int, leaf }
    }

    /// root -> `n` intermediates ("Certchain Test Intermediate CA 1" under the root, down
    /// to "... CA n") -> www.example.com leaf: (root, intermediates top first, leaf). The
    /// intermediates take turns with two keys; their names differ, so no two are the same
    /// subject and key.
    fn deep_chain(&self, n: usize) -> (Cert, Vec<Cert>, Cert) {
        let root = self.rsa_root();
        let mut ints: Vec<Cert> = Vec::new();
        for i in 1..=n {
            let key = if i % 2 == 1 { RSA_INT } else { RSA_INT2 };
            let params = ca_params(&format!("Certchain Test Intermediate CA {i}"));
            let issuer = ints.last().unwrap_or(&root).clone();
            ints.push(self.ca(&format!("int{i}"), params, key, Some(&issuer)));
        }
        let leaf = self.rsa_leaf(ints.last().expect("n > 0"), WWW, |_| {});
        (root, ints, leaf)
    }
}

/// Path building and its explanations (issue 8, items 4, 7, 8, 10 and 11): weak issuer
/// keys, missing issuers told apart, self-signed roots with a SHA-1 self-signature, a
/// trust anchor verified on its own, and deep chains under `--max-depth`.
fn defects_builder_scenarios(g: &mut Gen) {
    // ---------------------------------------------------------------- weak issuer key
    g.begin("weak-key-rsa1024-intermediate");
    let c = g.rsa1024_intermediate(true);
    g.done(c.scenario(
        "the intermediate certifies an RSA-1024 key and signs the leaf with it (openssl, SHA-256); the signature is good, so the weak key is reported at the intermediate only (CA/B BR 6.1.5) and the path still reaches the root",
        &[(Some(1), "weak_key")],
    ));

    g.begin("weak-key-rsa1024-bad-signature");
    let c = g.rsa1024_intermediate(false);
    g.done(c.scenario(
        "the same RSA-1024 intermediate, but the leaf was signed by another key: the leaf's signature is bad (RFC 5280 6.1.3), whatever the weak key",
        &[(Some(0), "bad_signature"), (Some(1), "weak_key")],
    ));

    // ---------------------------------------------------------------- missing issuers
    g.begin("root-missing-from-store");
    let c = g.path(rsa_path());
    let other = g.unrelated_root();
    g.done(Scenario::new(
        "the server sends its leaf and intermediate; the intermediate's issuer, the test root, is not in the trust store (an unrelated root is): the store lacks the root, the server sent all it should",
        &[(Some(1), "issuer_not_found")],
        vec![c.leaf, c.int],
        vec![other],
    ));

    g.begin("intermediate-level-missing");
    let [root, _int1, int2, leaf] = g.two_intermediates(|_| {});
    g.done(Scenario::new(
        "root -> intermediate 1 -> intermediate 2 -> leaf; the server sends the leaf and intermediate 2 only, and the store has the root: a level of the chain is missing",
        &[(Some(1), "issuer_not_found")],
        vec![leaf, int2],
        vec![root],
    ));

    g.begin("untrusted-root-sha1");
    let root = g.issue(
        "root",
        ca_params("Certchain Test Root CA"),
        RSA_ROOT,
        None,
        Sig::RsaSha1,
    );
    // The root's self-signature is SHA-1; it issues with SHA-256.
    let root = Cert {
        sig: Sig::Default,
        ..root
    };
    let int = g.ca(
        "int",
        ca_params("Certchain Test Intermediate CA"),
        RSA_INT,
        Some(&root),
    );
    let leaf = g.rsa_leaf(&int, WWW, |_| {});
    let other = g.unrelated_root();
    g.done(Scenario::new(
        "the chain ends at a self-signed root whose self-signature is sha1WithRSAEncryption (as old roots are), not in the trust store: it is an untrusted root, however it signed itself",
        &[(Some(2), "untrusted_root")],
        vec![leaf, int, root],
        vec![other],
    ));

    // ---------------------------------------------------------------- a trust anchor on its own
    g.begin("leaf-is-trust-anchor");
    let root = g.rsa_root();
    // Serial number 0, as some long-trusted roots have (GoDaddy Root G2, Starfield Root G2).
    let root = g.patched(root.clone(), &root, |f| f[1] = der(0x02, &[0]));
    g.done(Scenario {
        host: None,
        purpose: "any",
        ..Scenario::new(
            "the root itself is verified, and it is in the trust store (serial number 0, like GoDaddy Root G2): a trust anchor is trusted as it is, without the leaf rules",
            &[],
            vec![root.clone()],
            vec![root],
        )
    });

    g.begin("leaf-is-trust-anchor-wrong-host");
    let root = g.rsa_root();
    let root = g.patched(root.clone(), &root, |f| f[1] = der(0x02, &[0]));
    g.done(Scenario {
        purpose: "any",
        ..Scenario::new(
            "the same root verified on its own, for the host www.example.com, which it does not name: trusting the certificate does not make it valid for a name it lacks",
            &[(Some(0), "name_mismatch")],
            vec![root.clone()],
            vec![root],
        )
    });

    // ---------------------------------------------------------------- deep chains
    for (name, max, findings, description) in [
        (
            "deep-chain-max-depth-20",
            Some(20),
            &[][..],
            "root -> 11 intermediates -> leaf, checked with --max-depth 20: valid (RFC 5280 sets no limit; the one in force is the policy's)",
        ),
        (
            "deep-chain-default-depth",
            None,
            &[(Some(11), "depth_exceeded")][..],
            "root -> 11 intermediates -> leaf, checked with the default maximum chain depth of 10: the 11th intermediate from the leaf (the one the root issued) is one too many",
        ),
        (
            "deep-chain-max-depth-5",
            Some(5),
            &[(Some(6), "depth_exceeded")][..],
            "root -> 11 intermediates -> leaf, checked with --max-depth 5: the path to the root is found, and the 6th intermediate from the leaf, the first over the limit, is blamed",
        ),
    ] {
        g.begin(name);
        let (root, mut ints, leaf) = g.deep_chain(11);
        ints.reverse();
        let mut chain = vec![leaf];
        chain.extend(ints);
        g.done(Scenario {
            max_depth: max,
            ..Scenario::new(description, findings, chain, vec![root])
        });
    }
}

/// The engine's rule defects found by outside testing against pyca/cryptography and
/// OpenSSL (issue 8, items 1, 2, 3, 5, 16): each scenario was judged wrongly before.
fn defects_engine_scenarios(g: &mut Gen) {
    // ---------------------------------------------------------------- a CA as the leaf
    let ca_leaf = |key_usages: Vec<KeyUsagePurpose>| {
        move |p: &mut CertificateParams| {
            p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
            p.key_usages = key_usages;
            p.key_identifier_method = KeyIdMethod::Sha256;
        }
    };
    g.begin("ca-as-leaf");
    let c = g.path(rsa_path().leaf(ca_leaf(vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyCertSign,
    ])));
    g.done(c.scenario(
        "the leaf is a CA certificate (basicConstraints cA=TRUE, keyUsage digitalSignature + keyCertSign) with EKU serverAuth and the SAN www.example.com; CA/B BR 7.1.2.7.8: a subscriber certificate is not a CA",
        &[(Some(0), "ca_used_as_leaf")],
    ));

    g.begin("ca-as-leaf-without-key-usage");
    let c = g.path(rsa_path().leaf(ca_leaf(vec![])));
    g.done(c.scenario(
        "the same CA leaf without any keyUsage extension: still a CA used as a server leaf (CA/B BR 7.1.2.7.8)",
        &[(Some(0), "ca_used_as_leaf")],
    ));

    g.begin("ca-as-leaf-rfc5280");
    let c = g.path(rsa_path().leaf(ca_leaf(vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyCertSign,
    ])));
    g.done(Scenario {
        profile: "rfc5280",
        ..c.scenario(
            "the CA leaf under --profile rfc5280: RFC 5280 does not forbid using a CA's own certificate as the end entity (x509-limbo rfc5280::ca-as-leaf): valid",
            &[],
        )
    });

    // ---------------------------------------------------------------- CAs without keyUsage
    g.begin("intermediate-without-key-usage");
    let c = g.path(rsa_path().int(|p| p.key_usages.clear()));
    g.done(c.scenario(
        "the intermediate has no keyUsage extension; RFC 5280 4.2.1.3 and CA/B BR 7.1.2.10.7: a CA certificate carries one asserting keyCertSign",
        &[(Some(1), "missing_key_cert_sign")],
    ));

    g.begin("root-without-key-usage");
    let c = g.path(rsa_path().root(|p| p.key_usages.clear()));
    g.done(c.scenario(
        "the trust anchor has no keyUsage extension; RFC 5280 4.2.1.3 and CA/B BR 7.1.2.1.2 (root CA keyUsage): a CA certificate carries one asserting keyCertSign",
        &[(Some(2), "missing_key_cert_sign")],
    ));

    g.begin("intermediate-without-key-usage-rfc5280");
    let c = g.path(rsa_path().int(|p| p.key_usages.clear()));
    g.done(Scenario {
        profile: "rfc5280",
        ..c.scenario(
            "the intermediate without keyUsage under --profile rfc5280: path validation checks keyCertSign only when the extension is present (RFC 5280 6.1.4 (n)): valid",
            &[],
        )
    });

    // ---------------------------------------------------------------- SAN syntax
    g.begin("san-dns-trailing-dot");
    let c = g.path(rsa_path_for(&["www.example.com."]));
    g.done(c.scenario(
        "the leaf's SAN dNSName is www.example.com. (trailing dot): outside the preferred name syntax of RFC 5280 4.2.1.6, so it is malformed and names no host",
        &[(Some(0), "malformed"), (Some(0), "name_mismatch")],
    ));

    // ---------------------------------------------------------------- leaf keyUsage
    g.begin("leaf-key-usage-keycertsign-only");
    let c = g.path(rsa_path().leaf(|p| p.key_usages = vec![KeyUsagePurpose::KeyCertSign]));
    g.done(c.scenario(
        "the leaf (not a CA) has keyUsage keyCertSign only: none of digitalSignature, keyEncipherment, keyAgreement that TLS needs (RFC 5280 4.2.1.3), and keyCertSign without cA (RFC 5280 4.2.1.9)",
        &[(Some(0), "key_usage_mismatch"), (Some(0), "profile_violation")],
    ));

    // ---------------------------------------------------------------- CN outside the SAN
    g.begin("cn-label-not-in-san");
    let c = g.path(
        rsa_path_for(&["kubernetes", "kubernetes.default.svc"]).leaf(leaf_cn("kube-apiserver")),
    );
    g.done(Scenario {
        host: Some("kubernetes.default.svc"),
        ..c.scenario(
            "a private PKI's server leaf as Kubernetes issues it: CN=kube-apiserver, SAN kubernetes and kubernetes.default.svc, checked for kubernetes.default.svc; the CN repeats no SAN value (CA/B BR 7.1.4.3), a warning since certchain never matches the CN: valid",
            &[(Some(0), "cn_not_in_san")],
        )
    });
}
