//! Hostile bundles: path building is bounded (depth, signature checks, steps) so a crafted
//! chain ends quickly with an explained rejection, and piles of unrelated certificates
//! do not hide a valid path.

#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use certchain::{CheckTime, Code, Policy, Purpose, Verifier};
mod common;

use common::{ca_params, root_store, server_leaf_params, sourced};
use rcgen::{Issuer, KeyPair};

fn verifier(roots: &[&[u8]]) -> Verifier {
    Verifier::new(
        root_store(roots),
        Policy {
            time: CheckTime::At(1_780_000_000),
            purpose: Purpose::ServerAuth,
            ..Policy::default()
        },
    )
}

#[test]
fn same_subject_ring_of_cas_is_cut_off_by_the_budget() {
    // More CA certificates than the signature budget, all sharing one subject;
    // certificate i carries key i and is signed by key i+1 (mod N): every one is a
    // candidate issuer of every other, and the ring is longer than any depth limit.
    const N: usize = certchain::limits::MAX_SIGNATURE_CHECKS + 20;
    let keys: Vec<KeyPair> = (0..N).map(|_| KeyPair::generate().unwrap()).collect();
    let params = ca_params("Loop CA");
    let mut bundle = Vec::new();
    let leaf = server_leaf_params()
        .signed_by(
            &KeyPair::generate().unwrap(),
            &Issuer::from_params(&params, &keys[0]),
        )
        .unwrap();
    bundle.push(sourced(leaf.der(), 1));
    for i in 0..N {
        let issuer = Issuer::from_params(&params, &keys[(i + 1) % N]);
        let c = params.signed_by(&keys[i], &issuer).unwrap();
        bundle.push(sourced(c.der(), i + 2));
    }
    let unrelated = ca_params("Unrelated Root")
        .self_signed(&KeyPair::generate().unwrap())
        .unwrap();
    let report = verifier(&[unrelated.der()]).verify(&bundle, &[], None);
    assert!(!report.is_valid());
    assert!(
        report.has(Code::BudgetExhausted),
        "the search must stop on the budget: {:?}",
        report.codes()
    );
    assert!(report.attempts.len() <= certchain::limits::MAX_RECORDED_ATTEMPTS);
    assert!(report.path.len() <= certchain::limits::MAX_PATH_CERTS);
}

#[test]
fn thousands_of_unrelated_certificates_do_not_hide_the_valid_path() {
    let root_key = KeyPair::generate().unwrap();
    let root_params = ca_params("Real Root");
    let root = root_params.self_signed(&root_key).unwrap();
    let leaf = server_leaf_params()
        .signed_by(
            &KeyPair::generate().unwrap(),
            &Issuer::from_params(&root_params, &root_key),
        )
        .unwrap();
    let junk_key = KeyPair::generate().unwrap();
    let mut bundle = vec![sourced(leaf.der(), 1)];
    for i in 0..1500 {
        let junk = ca_params(&format!("Junk CA {i}"))
            .self_signed(&junk_key)
            .unwrap();
        bundle.push(sourced(junk.der(), i + 2));
    }
    let name = certchain::ExpectedName::Host(certchain::HostName::Dns("www.example.com".into()));
    let report = verifier(&[root.der()]).verify(&bundle, &[], Some(&name));
    assert!(report.is_valid(), "{:?}", report.codes());
    assert_eq!(report.path.len(), 2);
    assert_eq!(
        report
            .warnings()
            .filter(|f| f.code == Code::UnusedCertificate)
            .count(),
        1500
    );
}

#[test]
fn fifty_copies_of_the_intermediate_are_one_finding_with_the_count() {
    let root_key = KeyPair::generate().unwrap();
    let root_params = ca_params("Dup Root");
    let root = root_params.self_signed(&root_key).unwrap();
    let int_key = KeyPair::generate().unwrap();
    let int_params = ca_params("Dup Intermediate");
    let int = int_params
        .signed_by(&int_key, &Issuer::from_params(&root_params, &root_key))
        .unwrap();
    let leaf = server_leaf_params()
        .signed_by(
            &KeyPair::generate().unwrap(),
            &Issuer::from_params(&int_params, &int_key),
        )
        .unwrap();
    let mut bundle = vec![sourced(leaf.der(), 1)];
    for i in 0..50 {
        bundle.push(sourced(int.der(), i + 2));
    }
    let report = verifier(&[root.der()]).verify(&bundle, &[], None);
    assert!(report.is_valid(), "{:?}", report.codes());
    let duplicates: Vec<&str> = report
        .warnings()
        .filter(|f| f.code == Code::DuplicateCertificate)
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(
        duplicates,
        ["certificate #2 (CN=Dup Intermediate) is sent 50 times, as #2-#51"]
    );
}

#[test]
fn a_ring_of_cas_shorter_than_the_budget_is_explained_as_a_loop() {
    // Three CA certificates sharing one subject, each signed by the next one's key: the
    // path climbs the whole ring and finds every candidate issuer already on it.
    const N: usize = 3;
    let keys: Vec<KeyPair> = (0..N).map(|_| KeyPair::generate().unwrap()).collect();
    let params = ca_params("Loop CA");
    let leaf = server_leaf_params()
        .signed_by(
            &KeyPair::generate().unwrap(),
            &Issuer::from_params(&params, &keys[0]),
        )
        .unwrap();
    let mut bundle = vec![sourced(leaf.der(), 1)];
    for i in 0..N {
        let issuer = Issuer::from_params(&params, &keys[(i + 1) % N]);
        let c = params.signed_by(&keys[i], &issuer).unwrap();
        bundle.push(sourced(c.der(), i + 2));
    }
    let unrelated = ca_params("Unrelated Root")
        .self_signed(&KeyPair::generate().unwrap())
        .unwrap();
    let report = verifier(&[unrelated.der()]).verify(&bundle, &[], None);
    assert!(!report.is_valid());
    assert_eq!(report.path.len(), N + 1);
    let f = report
        .errors()
        .find(|f| f.code == Code::IssuerNotFound)
        .expect("issuer_not_found");
    assert_eq!(f.depth, Some(N));
    assert_eq!(
        f.message,
        "the certificates named \"CN=Loop CA\" that could have issued it are all already on the path below it: the certificates loop, and no trust anchor issued any of them"
    );
}
