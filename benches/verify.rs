//! Verification speed, certchain against rustls-webpki and against the signatures alone,
//! on the same inputs in the same run, so the figures that matter are the ratios.
//! Run: `cargo bench --bench verify` (add `--features aws-lc` for the aws-lc-rs backend);
//! `tools/compare/run` runs it with openssl and pyca/cryptography beside it and prints
//! one table.
//!
//! Every engine starts from DER (certchain parses into its owned model; webpki parses
//! lazily) and verifies a 3-certificate chain (leaf, intermediate, root anchor) at a
//! fixed time for host www.example.com, checking what they both check: signatures,
//! validity, CA constraints, EKU serverAuth and the name. `signature-floor` is the two
//! signature verifications alone (leaf by intermediate, intermediate by root) with the
//! same library, from already located bytes: what no verifier can go below.
//!
//! Times are the CPU time of the bench thread (`ThreadCpu`), not the wall clock: on a
//! machine shared with other work the wall clock also counts the time the thread waits
//! for a core, which says nothing about the engines.
//!
//! With `CERTCHAIN_COMPARE_CORPUS=DIR` the chains are also written there as PEM
//! (`DIR/CHAIN/{leaf,intermediate,root}.pem`) for the other engines of the comparison.

#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use certchain::{Certificate, CheckTime, ExpectedName, HostName, Policy, TrustStore, Verifier};
use certchain::{Source, SourceKind, SourcedCert};
use criterion::measurement::{Measurement, ValueFormatter, WallTime};
use criterion::{criterion_group, criterion_main, Criterion};
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose};
use rustls_pki_types::{CertificateDer, ServerName, UnixTime};
use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

/// Criterion measurement: CPU time of the current thread (CLOCK_THREAD_CPUTIME_ID),
/// shown and stored like wall-clock durations (nanoseconds).
struct ThreadCpu;

/// The wall-clock measurement, only for its duration formatter.
static WALL_TIME: WallTime = WallTime;

impl Measurement for ThreadCpu {
    type Intermediate = cpu_time::ThreadTime;
    type Value = Duration;
    fn start(&self) -> Self::Intermediate {
        cpu_time::ThreadTime::now()
    }
    fn end(&self, i: Self::Intermediate) -> Self::Value {
        i.elapsed()
    }
    fn add(&self, v1: &Self::Value, v2: &Self::Value) -> Self::Value {
        *v1 + *v2
    }
    fn zero(&self) -> Self::Value {
        Duration::ZERO
    }
    fn to_f64(&self, value: &Self::Value) -> f64 {
        value.as_nanos() as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        WALL_TIME.formatter()
    }
}

/// The check time: 2026-05-28, inside every bench certificate's validity.
const AT: i64 = 1_780_000_000;

/// The bench chains: (name, leaf key, intermediate key, root key). The first three are
/// the chains A, B and C of the performance issue.
const CHAINS: &[(&str, Key, Key, Key)] = &[
    (
        "A-p256-rsa2048-rsa2048",
        Key::P256,
        Key::Rsa2048Int,
        Key::Rsa2048Root,
    ),
    (
        "B-p256-rsa2048-rsa4096",
        Key::P256,
        Key::Rsa2048Int,
        Key::Rsa4096Root,
    ),
    ("C-p256-p384-p384", Key::P256, Key::P384, Key::P384),
    ("rsa4096", Key::P256, Key::Rsa4096Int, Key::Rsa4096Root),
    ("p256", Key::P256, Key::P256, Key::P256),
    ("ed25519", Key::Ed25519, Key::Ed25519, Key::Ed25519),
];

#[derive(Clone, Copy, Debug)]
enum Key {
    P256,
    P384,
    Ed25519,
    Rsa2048Int,
    Rsa2048Root,
    Rsa4096Int,
    Rsa4096Root,
}

impl Key {
    fn pair(self) -> KeyPair {
        let pem = |p: &str| {
            std::fs::read_to_string(format!("{}/{p}", env!("CARGO_MANIFEST_DIR"))).unwrap()
        };
        match self {
            Key::P256 => KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap(),
            Key::P384 => KeyPair::generate_for(&rcgen::PKCS_ECDSA_P384_SHA384).unwrap(),
            Key::Ed25519 => KeyPair::generate_for(&rcgen::PKCS_ED25519).unwrap(),
            Key::Rsa2048Int => KeyPair::from_pem(&pem("fixtures/keys/rsa2048-int.pem")).unwrap(),
            Key::Rsa2048Root => KeyPair::from_pem(&pem("fixtures/keys/rsa2048-root.pem")).unwrap(),
            Key::Rsa4096Int => KeyPair::from_pem(&pem("benches/keys/rsa4096-int.pem")).unwrap(),
            Key::Rsa4096Root => KeyPair::from_pem(&pem("benches/keys/rsa4096-root.pem")).unwrap(),
        }
    }

    /// ring's algorithm for a signature this key makes (rcgen's default scheme per key).
    fn ring_alg(self) -> &'static dyn ring::signature::VerificationAlgorithm {
        use ring::signature as rs;
        match self {
            Key::P256 => &rs::ECDSA_P256_SHA256_ASN1,
            Key::P384 => &rs::ECDSA_P384_SHA384_ASN1,
            Key::Ed25519 => &rs::ED25519,
            _ => &rs::RSA_PKCS1_2048_8192_SHA256,
        }
    }

    #[cfg(feature = "aws-lc")]
    fn aws_lc_alg(self) -> &'static dyn aws_lc_rs::signature::VerificationAlgorithm {
        use aws_lc_rs::signature as als;
        match self {
            Key::P256 => &als::ECDSA_P256_SHA256_ASN1,
            Key::P384 => &als::ECDSA_P384_SHA384_ASN1,
            Key::Ed25519 => &als::ED25519,
            _ => &als::RSA_PKCS1_2048_8192_SHA256,
        }
    }
}

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

fn chain(leaf_key: Key, int_key: Key, root_key: Key) -> Chain {
    let root_key = root_key.pair();
    let root_params = ca("Bench Root");
    let root = root_params.self_signed(&root_key).unwrap();
    let int_key = int_key.pair();
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
            &leaf_key.pair(),
            &Issuer::from_params(&int_params, &int_key),
        )
        .unwrap();
    Chain {
        leaf: leaf.der().to_vec(),
        intermediate: int.der().to_vec(),
        root: root.der().to_vec(),
    }
}

/// Write a chain as PEM for the engines outside this process.
fn export(dir: &std::path::Path, name: &str, c: &Chain) {
    let d = dir.join(name);
    std::fs::create_dir_all(&d).unwrap();
    for (file, der) in [
        ("leaf.pem", &c.leaf),
        ("intermediate.pem", &c.intermediate),
        ("root.pem", &c.root),
    ] {
        let pem = pem::encode(&pem::Pem::new("CERTIFICATE", der.clone()));
        std::fs::write(d.join(file), pem).unwrap();
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

/// The signed bytes, the signature and the signer's public key of one edge.
struct Edge {
    tbs: Vec<u8>,
    signature: Vec<u8>,
    signer_key: Vec<u8>,
    signer: Key,
}

fn edge(child: &[u8], issuer: &[u8], signer: Key) -> Edge {
    use x509_parser::prelude::{FromDer, X509Certificate};
    let (_, c) = X509Certificate::from_der(child).unwrap();
    let (_, i) = X509Certificate::from_der(issuer).unwrap();
    Edge {
        tbs: c.tbs_certificate.as_ref().to_vec(),
        signature: c.signature_value.data.to_vec(),
        signer_key: i
            .tbs_certificate
            .subject_pki
            .subject_public_key
            .data
            .to_vec(),
        signer,
    }
}

fn ring_floor(edges: &[Edge]) -> bool {
    edges.iter().all(|e| {
        ring::signature::UnparsedPublicKey::new(e.signer.ring_alg(), &e.signer_key)
            .verify(&e.tbs, &e.signature)
            .is_ok()
    })
}

#[cfg(feature = "aws-lc")]
fn aws_lc_floor(edges: &[Edge]) -> bool {
    edges.iter().all(|e| {
        aws_lc_rs::signature::UnparsedPublicKey::new(e.signer.aws_lc_alg(), &e.signer_key)
            .verify(&e.tbs, &e.signature)
            .is_ok()
    })
}

fn bench(cr: &mut Criterion<ThreadCpu>) {
    let name = ExpectedName::Host(HostName::Dns("www.example.com".into()));
    let corpus = std::env::var_os("CERTCHAIN_COMPARE_CORPUS").map(std::path::PathBuf::from);
    for &(label, leaf_key, int_key, root_key) in CHAINS {
        let c = chain(leaf_key, int_key, root_key);
        if let Some(dir) = &corpus {
            export(dir, label, &c);
        }
        let v = certchain_verifier(&c);
        let root_der = CertificateDer::from(c.root.as_slice());
        let anchors = [webpki::anchor_from_trusted_cert(&root_der).unwrap()];
        let edges = [
            edge(&c.leaf, &c.intermediate, int_key),
            edge(&c.intermediate, &c.root, root_key),
        ];
        assert!(
            certchain_verify(&v, &c, &name),
            "certchain accepts the bench chain {label}"
        );
        assert!(
            webpki_verify(&anchors, &c),
            "webpki accepts the bench chain {label}"
        );
        assert!(
            ring_floor(&edges),
            "ring verifies the signatures of {label}"
        );
        let mut g = cr.benchmark_group(format!("verify-3-cert-chain/{label}"));
        g.bench_function("signature-floor", |b| {
            b.iter(|| black_box(ring_floor(&edges)))
        });
        g.bench_function("certchain", |b| {
            b.iter(|| black_box(certchain_verify(&v, &c, &name)))
        });
        g.bench_function("rustls-webpki", |b| {
            b.iter(|| black_box(webpki_verify(&anchors, &c)))
        });
        #[cfg(feature = "aws-lc")]
        {
            let v = certchain_verifier(&c).with_signature_backend(certchain::Backend::AwsLc);
            assert!(
                certchain_verify(&v, &c, &name),
                "certchain (aws-lc) accepts the bench chain {label}"
            );
            assert!(
                aws_lc_floor(&edges),
                "aws-lc verifies the signatures of {label}"
            );
            g.bench_function("signature-floor-aws-lc", |b| {
                b.iter(|| black_box(aws_lc_floor(&edges)))
            });
            g.bench_function("certchain-aws-lc", |b| {
                b.iter(|| black_box(certchain_verify(&v, &c, &name)))
            });
        }
        g.finish();
    }
    cr.bench_function("load-bundled-root-store", |b| {
        b.iter(|| black_box(TrustStore::bundled().len()))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().with_measurement(ThreadCpu);
    targets = bench
}
criterion_main!(benches);
