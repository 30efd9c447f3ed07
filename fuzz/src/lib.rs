//! Helpers shared by the fuzz targets: a fixed trust store made of the repository's
//! fixtures, a fixed check time, a splitter of concatenated DER certificates, and two
//! CAs made once with rcgen (one plain, one with name constraints) that sign leaves
//! carrying fuzzed subjectAltNames.

use certchain::{CheckTime, Policy, TrustStore, Verifier};
use rcgen::{
    BasicConstraints, CertificateParams, CidrSubnet, DnType, ExtendedKeyUsagePurpose,
    GeneralSubtree, IsCa, Issuer, KeyPair, KeyUsagePurpose, NameConstraints, SanType,
};
use std::sync::OnceLock;

/// The check time of every target: 2026-05-28, inside the validity of the fixtures and of
/// the generated certificates.
pub const AT: i64 = 1_780_000_000;

/// The repository's fixtures/ directory.
pub const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures");

/// The policy of every target: the defaults at [`AT`].
pub fn policy() -> Policy {
    Policy {
        time: CheckTime::At(AT),
        ..Policy::default()
    }
}

/// Every `fixtures/*/roots.pem`, one store.
pub fn fixture_store() -> TrustStore {
    {
        let mut store = TrustStore::new();
        let mut dirs: Vec<_> = std::fs::read_dir(FIXTURES)
            .map(|d| d.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        dirs.sort();
        for dir in dirs {
            let roots = dir.join("roots.pem");
            if let Ok(bytes) = std::fs::read(&roots) {
                // A fixture whose roots do not load is left out, not fatal.
                let _ = store.add_pem(&roots.to_string_lossy(), &bytes);
            }
        }
        assert!(
            !store.is_empty(),
            "no fixtures/*/roots.pem under {FIXTURES}"
        );
        store
    }
}

/// A verifier over [`fixture_store`] with [`policy`], made once (`with_policy` shares
/// its store).
pub fn fixture_verifier() -> &'static Verifier {
    static VERIFIER: OnceLock<Verifier> = OnceLock::new();
    VERIFIER.get_or_init(|| Verifier::new(fixture_store(), policy()))
}

/// Split concatenated DER elements (tag, length, value); what is left after the last
/// whole element (or the whole input if it does not start with one) is the last chunk.
pub fn split_der(mut data: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    while !data.is_empty() && out.len() < 64 {
        match element_len(data) {
            Some(n) if n <= data.len() => {
                let (head, rest) = data.split_at(n);
                out.push(head);
                data = rest;
            }
            _ => {
                out.push(data);
                break;
            }
        }
    }
    out
}

/// The whole length (header included) of the DER element at the start of `data`.
fn element_len(data: &[u8]) -> Option<usize> {
    let first = usize::from(*data.get(1)?);
    if first < 0x80 {
        return Some(2 + first);
    }
    let count = first - 0x80;
    if count == 0 || count > 4 {
        return None;
    }
    let bytes = data.get(2..2 + count)?;
    let len = bytes
        .iter()
        .fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
    Some(2 + count + len)
}

/// A CA made once: its certificate (DER) and what signs leaves under it.
pub struct Ca {
    /// The CA certificate, DER.
    pub der: Vec<u8>,
    issuer: Issuer<'static, KeyPair>,
    leaf_key: KeyPair,
}

impl Ca {
    fn new(name: &str, constraints: Option<NameConstraints>) -> Ca {
        let key = KeyPair::generate().expect("CA key");
        let mut params = CertificateParams::new(Vec::<String>::new()).expect("CA params");
        params.distinguished_name.push(DnType::CommonName, name);
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        params.name_constraints = constraints;
        params.not_before = rcgen::date_time_ymd(2025, 1, 1);
        params.not_after = rcgen::date_time_ymd(2035, 1, 1);
        let cert = params.self_signed(&key).expect("CA certificate");
        Ca {
            der: cert.der().to_vec(),
            issuer: Issuer::new(params, key),
            leaf_key: KeyPair::generate().expect("leaf key"),
        }
    }

    /// A TLS server leaf with these subjectAltNames (and CN `cn` if given), DER.
    pub fn leaf(&self, sans: Vec<SanType>, cn: Option<&str>) -> Option<Vec<u8>> {
        let mut params = CertificateParams::new(Vec::<String>::new()).ok()?;
        params.subject_alt_names = sans;
        if let Some(cn) = cn {
            params.distinguished_name.push(DnType::CommonName, cn);
        }
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        params.not_before = rcgen::date_time_ymd(2026, 1, 1);
        params.not_after = rcgen::date_time_ymd(2026, 12, 1);
        params.use_authority_key_identifier_extension = true;
        let cert = params.signed_by(&self.leaf_key, &self.issuer).ok()?;
        Some(cert.der().to_vec())
    }

    /// A verifier trusting this CA only, at [`AT`].
    pub fn verifier(&self) -> Verifier {
        let mut store = TrustStore::new();
        store.add_der(
            self.der.clone(),
            certchain::Source {
                kind: certchain::SourceKind::RootStore,
                name: "fuzz-ca".into(),
                position: None,
            },
        );
        Verifier::new(store, policy())
    }
}

/// A plain CA (no name constraints) and its verifier.
pub fn plain_ca() -> &'static (Ca, Verifier) {
    static CA: OnceLock<(Ca, Verifier)> = OnceLock::new();
    CA.get_or_init(|| {
        let ca = Ca::new("certchain fuzz CA", None);
        let verifier = ca.verifier();
        (ca, verifier)
    })
}

/// A CA with name constraints of every kind the verifier checks, and its verifier.
pub fn constrained_ca() -> &'static (Ca, Verifier) {
    static CA: OnceLock<(Ca, Verifier)> = OnceLock::new();
    CA.get_or_init(|| {
        let constraints = NameConstraints {
            permitted_subtrees: vec![
                GeneralSubtree::DnsName("example.com".into()),
                GeneralSubtree::DnsName(".example.org".into()),
                GeneralSubtree::Rfc822Name("example.com".into()),
                GeneralSubtree::Rfc822Name("user@example.net".into()),
                GeneralSubtree::IpAddress(CidrSubnet::from_v4_prefix([10, 0, 0, 0], 8)),
                GeneralSubtree::IpAddress(CidrSubnet::from_v6_prefix(
                    [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
                    32,
                )),
            ],
            excluded_subtrees: vec![
                GeneralSubtree::DnsName("bad.example.com".into()),
                GeneralSubtree::Rfc822Name(".bad.example.com".into()),
                GeneralSubtree::IpAddress(CidrSubnet::from_v4_prefix([10, 66, 0, 0], 16)),
            ],
        };
        let ca = Ca::new("certchain fuzz constrained CA", Some(constraints));
        let verifier = ca.verifier();
        (ca, verifier)
    })
}

/// One subjectAltName from one fuzzed line: `d:` DNS, `e:` email, `u:` URI, `i:` IP
/// (text), anything else a DNS name. None when rcgen cannot encode it (not IA5).
pub fn san_from_line(line: &str) -> Option<SanType> {
    let (kind, value) = match line.split_once(':') {
        Some((k, v)) if k.len() == 1 => (k, v),
        _ => ("d", line),
    };
    let ia5 = || rcgen::string::Ia5String::try_from(value.to_string()).ok();
    match kind {
        "e" => Some(SanType::Rfc822Name(ia5()?)),
        "u" => Some(SanType::URI(ia5()?)),
        "i" => Some(SanType::IpAddress(
            value.trim_matches(|c| c == '[' || c == ']').parse().ok()?,
        )),
        _ => Some(SanType::DnsName(ia5()?)),
    }
}

pub mod differential;
