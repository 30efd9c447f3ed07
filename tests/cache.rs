//! `Verifier::with_cache`: a certificate that differs from a cached one in any byte (the
//! same issuer, serial and names with another key, or the same tbsCertificate with
//! another signature) never gets the cached one's result; reports are the same with and
//! without the cache (tests/fixtures.rs checks that on every scenario).

#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use certchain::{
    CheckTime, Code, ExpectedName, HostName, Policy, Report, TrustStore, Verdict, Verifier,
};
use rcgen::{
    date_time_ymd, BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa,
    Issuer, KeyIdMethod, KeyPair, KeyUsagePurpose, SanType, SerialNumber,
};

fn ca(cn: &str) -> CertificateParams {
    let mut p = CertificateParams::default();
    p.distinguished_name.push(DnType::CommonName, cn);
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    p.not_before = date_time_ymd(2025, 1, 1);
    p.not_after = date_time_ymd(2035, 1, 1);
    p.key_identifier_method = KeyIdMethod::Sha256;
    p.serial_number = Some(SerialNumber::from_slice(&[0x11; 16]));
    p
}

fn leaf() -> CertificateParams {
    let mut p = CertificateParams::default();
    p.subject_alt_names = vec![SanType::DnsName("www.example.com".try_into().unwrap())];
    p.distinguished_name
        .push(DnType::CommonName, "www.example.com");
    p.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    p.not_before = date_time_ymd(2026, 1, 1);
    p.not_after = date_time_ymd(2027, 1, 1);
    p.use_authority_key_identifier_extension = true;
    p.serial_number = Some(SerialNumber::from_slice(&[0x22; 16]));
    p
}

struct Pki {
    root_der: Vec<u8>,
    inter_der: Vec<u8>,
    leaf_der: Vec<u8>,
    /// An intermediate with the genuine one's subject, issuer name and serial number but
    /// its own key, signed by an impostor root of the genuine root's name; and a leaf
    /// under it.
    forged_inter_der: Vec<u8>,
    forged_leaf_der: Vec<u8>,
}

fn pki() -> Pki {
    let root_key = KeyPair::generate().unwrap();
    let root_params = ca("Cache Test Root");
    let root = root_params.self_signed(&root_key).unwrap();
    let root_issuer = Issuer::from_params(&root_params, &root_key);

    let mut inter_params = ca("Cache Test CA");
    inter_params.use_authority_key_identifier_extension = true;
    let inter_key = KeyPair::generate().unwrap();
    let inter = inter_params.signed_by(&inter_key, &root_issuer).unwrap();
    let leaf_der = leaf()
        .signed_by(
            &KeyPair::generate().unwrap(),
            &Issuer::from_params(&inter_params, &inter_key),
        )
        .unwrap()
        .der()
        .to_vec();

    // The impostor root: the same name, another key; the genuine root's key id is kept
    // out of it by signing with the impostor and copying nothing else.
    let impostor_key = KeyPair::generate().unwrap();
    let impostor = Issuer::from_params(&root_params, &impostor_key);
    let forged_key = KeyPair::generate().unwrap();
    let forged = inter_params.signed_by(&forged_key, &impostor).unwrap();
    let forged_leaf_der = leaf()
        .signed_by(
            &KeyPair::generate().unwrap(),
            &Issuer::from_params(&inter_params, &forged_key),
        )
        .unwrap()
        .der()
        .to_vec();

    Pki {
        root_der: root.der().to_vec(),
        inter_der: inter.der().to_vec(),
        leaf_der,
        forged_inter_der: forged.der().to_vec(),
        forged_leaf_der,
    }
}

fn verifier(root: &[u8]) -> Verifier {
    let mut store = TrustStore::new();
    store.add_der(
        root.to_vec(),
        certchain::Source {
            kind: certchain::SourceKind::RootStore,
            name: "root".into(),
            position: Some(1),
        },
    );
    let policy = Policy {
        time: CheckTime::At(1_780_000_000),
        ..Policy::default()
    };
    Verifier::new(store, policy)
}

fn host() -> ExpectedName {
    ExpectedName::Host(HostName::parse("www.example.com").unwrap())
}

fn verify(v: &Verifier, chain: &[&[u8]]) -> Report {
    v.verify_der(chain, Some(&host())).unwrap()
}

/// The genuine chain, three times, so that every entry is admitted and then hit.
fn prime(v: &Verifier, p: &Pki) {
    for _ in 0..3 {
        let r = verify(v, &[&p.leaf_der, &p.inter_der]);
        assert_eq!(r.verdict, Verdict::Valid, "{:?}", r.findings);
    }
    assert!(v.cache_stats().unwrap().hits > 0, "{:?}", v.cache_stats());
}

#[test]
fn an_intermediate_with_the_same_names_and_serial_but_another_key_never_hits() {
    let p = pki();
    let cached = verifier(&p.root_der).with_cache();
    prime(&cached, &p);
    let before = cached.cache_stats().unwrap();

    let forged = verify(&cached, &[&p.forged_leaf_der, &p.forged_inter_der]);
    let plain = verify(
        &verifier(&p.root_der),
        &[&p.forged_leaf_der, &p.forged_inter_der],
    );
    assert_eq!(forged.verdict, Verdict::Invalid);
    assert!(forged.has(Code::BadSignature), "{:?}", forged.codes());
    assert_eq!(forged.to_json(), plain.to_json());
    // Nothing of the forged chain was answered from the cache.
    assert_eq!(cached.cache_stats().unwrap().hits, before.hits);
}

#[test]
fn the_same_certificate_with_another_signature_never_hits() {
    let p = pki();
    let cached = verifier(&p.root_der).with_cache();
    prime(&cached, &p);

    // The same tbsCertificate (subject, issuer, serial, key, extensions), one bit of the
    // signature changed.
    let mut tampered = p.inter_der.clone();
    *tampered.last_mut().unwrap() ^= 0x01;
    let report = verify(&cached, &[&p.leaf_der, &tampered]);
    let plain = verify(&verifier(&p.root_der), &[&p.leaf_der, &tampered]);
    assert_eq!(report.verdict, Verdict::Invalid);
    assert_eq!(report.codes(), plain.codes());
    assert!(
        report.codes().contains(&(Some(1), Code::BadSignature)),
        "{:?}",
        report.codes()
    );
    assert_eq!(report.to_json(), plain.to_json());

    // And the other way round: a bad signature seen first does not spoil the good one.
    let cached = verifier(&p.root_der).with_cache();
    for _ in 0..3 {
        assert!(!verify(&cached, &[&p.leaf_der, &tampered]).is_valid());
    }
    assert!(verify(&cached, &[&p.leaf_der, &p.inter_der]).is_valid());
}

#[test]
fn the_caches_stay_within_their_bound() {
    let p = pki();
    let cached = verifier(&p.root_der).with_cache();
    for _ in 0..3 {
        verify(&cached, &[&p.leaf_der, &p.inter_der]);
    }
    let stats = cached.cache_stats().unwrap();
    // Two parsed-certificate and signature caches of CACHE_ENTRIES each, at most.
    assert!(stats.entries <= 2 * certchain::limits::CACHE_ENTRIES);
    // The leaf is parsed directly, the intermediate through the cache; both edges are
    // signature entries: 1 + 2.
    assert_eq!(stats.entries, 3, "{stats:?}");
}
