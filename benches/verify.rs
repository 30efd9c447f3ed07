//! Verification speed, certchain against rustls-webpki on the same inputs in the same
//! run, so the figure that matters is the ratio. Run: `cargo bench --bench verify`.
//!
//! Both engines start from DER (certchain parses into its owned model; webpki parses
//! lazily), verify a 3-certificate chain (leaf, intermediate, root anchor) at a fixed time
//! for host www.example.com, and check the same things they both check: signatures,
//! validity, CA constraints, EKU serverAuth and the name.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use certchain::{Certificate, CheckTime, ExpectedName, HostName, Policy, TrustStore, Verifier};
use certchain::{Source, SourceKind, SourcedCert};
use criterion::{criterion_group, criterion_main, Criterion};
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose};
use rustls_pki_types::{CertificateDer, ServerName, UnixTime};
use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

const AT: i64 = 1_780_000_000;

struct Chain {
    leaf: Vec<u8>,
    intermediate: Vec<u8>,
    root: Vec<u8>,
}

fn ca(cn: &str) -> CertificateParams {
    let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
    p.distinguished_name.push(DnType::CommonName, cn);
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    p.use_authority_key_identifier_extension = true;
    p
}

fn chain(alg: &'static rcgen::SignatureAlgorithm) -> Chain {
    let root_key = KeyPair::generate_for(alg).unwrap();
    let root_params = ca("Bench Root");
    let root = root_params.self_signed(&root_key).unwrap();
    let int_key = KeyPair::generate_for(alg).unwrap();
    let int_params = ca("Bench Intermediate");
    let int = int_params
        .signed_by(&int_key, &Issuer::from_params(&root_params, &root_key))
        .unwrap();
    let mut leaf_params = CertificateParams::new(vec!["www.example.com".to_string()]).unwrap();
    // The CN repeats the SAN value (CA/B BR 7.1.4.3); rcgen's default CN would not.
    leaf_params
        .distinguished_name
        .push(DnType::CommonName, "www.example.com");
    leaf_params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    leaf_params.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::ServerAuth];
    leaf_params.use_authority_key_identifier_extension = true;
    let leaf = leaf_params
        .signed_by(
            &KeyPair::generate_for(alg).unwrap(),
            &Issuer::from_params(&int_params, &int_key),
        )
        .unwrap();
    Chain {
        leaf: leaf.der().to_vec(),
        intermediate: int.der().to_vec(),
        root: root.der().to_vec(),
    }
}

fn certchain_verifier(c: &Chain) -> Verifier {
    let mut store = TrustStore::new();
    store.add_der(
        c.root.clone(),
        Source {
            kind: SourceKind::RootStore,
            name: "bench".into(),
            position: Some(1),
        },
    );
    Verifier::new(
        store,
        Policy {
            time: CheckTime::At(AT),
            ..Policy::default()
        },
    )
}

fn certchain_verify(v: &Verifier, c: &Chain, name: &ExpectedName) -> bool {
    let presented: Vec<SourcedCert> = [&c.leaf, &c.intermediate]
        .iter()
        .enumerate()
        .map(|(i, der)| SourcedCert {
            cert: Arc::new(Certificate::from_der(der).unwrap()),
            source: Source {
                kind: SourceKind::Presented,
                name: "bench".into(),
                position: Some(i + 1),
            },
        })
        .collect();
    v.verify(&presented, &[], Some(name)).is_valid()
}

fn webpki_verify(anchors: &[rustls_pki_types::TrustAnchor<'_>], c: &Chain) -> bool {
    let leaf = CertificateDer::from(c.leaf.as_slice());
    let ee = webpki::EndEntityCert::try_from(&leaf).unwrap();
    let inter = [CertificateDer::from(c.intermediate.as_slice())];
    let time = UnixTime::since_unix_epoch(Duration::from_secs(AT as u64));
    let ok = ee
        .verify_for_usage(
            webpki::ALL_VERIFICATION_ALGS,
            anchors,
            &inter,
            time,
            webpki::KeyUsage::server_auth(),
            None,
            None,
        )
        .is_ok();
    let name = ServerName::try_from("www.example.com").unwrap();
    ok && ee.verify_is_valid_for_subject_name(&name).is_ok()
}

fn bench(cr: &mut Criterion) {
    let name = ExpectedName::Host(HostName::Dns("www.example.com".into()));
    for (label, alg) in [
        ("ecdsa-p256", &rcgen::PKCS_ECDSA_P256_SHA256),
        ("ed25519", &rcgen::PKCS_ED25519),
    ] {
        let c = chain(alg);
        let v = certchain_verifier(&c);
        let root_der = CertificateDer::from(c.root.as_slice());
        let anchors = [webpki::anchor_from_trusted_cert(&root_der).unwrap()];
        assert!(
            certchain_verify(&v, &c, &name),
            "certchain accepts the bench chain"
        );
        assert!(
            webpki_verify(&anchors, &c),
            "webpki accepts the bench chain"
        );
        let mut g = cr.benchmark_group(format!("verify-3-cert-chain/{label}"));
        g.bench_function("certchain", |b| {
            b.iter(|| black_box(certchain_verify(&v, &c, &name)))
        });
        g.bench_function("rustls-webpki", |b| {
            b.iter(|| black_box(webpki_verify(&anchors, &c)))
        });
        g.finish();
    }
    cr.bench_function("load-bundled-root-store", |b| {
        b.iter(|| black_box(TrustStore::bundled().len()))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
