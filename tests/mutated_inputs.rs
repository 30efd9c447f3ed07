//! Corrupted certificates never panic the parser or the verifier: every fixture
//! certificate is mutated many ways (byte flips, truncations, length-byte changes) with a
//! fixed-seed generator, and each mutant is either rejected as input or verified to a
//! report. The loop is bounded, so the test takes the same time on every run.

#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use certchain::{Certificate, CheckTime, Policy, TrustStore, Verifier};
use certchain::{Source, SourceKind, SourcedCert};
use std::sync::Arc;

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Mutants per fixture certificate: enough to reach every field's length bytes often.
const MUTANTS_PER_CERT: usize = 150;

fn fixture_ders() -> Vec<Vec<u8>> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");
    let mut out = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .collect();
    names.sort();
    for p in names {
        let chain = p.join("chain.pem");
        if let Ok(text) = std::fs::read_to_string(&chain) {
            out.extend(
                pem::parse_many(text)
                    .unwrap()
                    .into_iter()
                    .map(|p| p.into_contents()),
            );
        }
    }
    out
}

fn mutate(rng: &mut Rng, der: &[u8]) -> Vec<u8> {
    let mut m = der.to_vec();
    match rng.below(4) {
        0 => {
            let i = rng.below(m.len());
            m[i] ^= 1 << rng.below(8);
        }
        1 => m.truncate(rng.below(m.len())),
        2 => {
            // a length or tag byte near the start of some element
            let i = rng.below(m.len().min(400));
            m[i] = rng.next() as u8;
        }
        _ => {
            for _ in 0..8 {
                let i = rng.below(m.len());
                m[i] = rng.next() as u8;
            }
        }
    }
    m
}

#[test]
fn mutated_certificates_never_panic() {
    let ders = fixture_ders();
    assert!(ders.len() >= 40, "fixtures are present");
    let mut store = TrustStore::new();
    let roots = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/valid-rsa/roots.pem"
    ))
    .unwrap();
    store.add_pem("roots.pem", &roots).unwrap();
    let verifier = Verifier::new(
        store,
        Policy {
            time: CheckTime::At(1_780_000_000),
            ..Policy::default()
        },
    );
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut parsed, mut rejected) = (0, 0);
    for der in &ders {
        for _ in 0..MUTANTS_PER_CERT {
            let m = mutate(&mut rng, der);
            match Certificate::from_der(&m) {
                Err(_) => rejected += 1,
                Ok(c) => {
                    parsed += 1;
                    let sc = SourcedCert {
                        cert: Arc::new(c),
                        source: Source {
                            kind: SourceKind::Presented,
                            name: "mutant".into(),
                            position: Some(1),
                        },
                    };
                    let report = verifier.verify(&[sc], &[], None);
                    // every byte of a certificate is signed or is the signature: no
                    // mutant may verify (a leaf alone, or an intermediate as a leaf)
                    assert!(
                        !report.is_valid(),
                        "a mutant verified: {:?}",
                        report.codes()
                    );
                    assert!(report.to_json().starts_with('{'));
                }
            }
        }
    }
    assert!(
        parsed > 0 && rejected > 0,
        "parsed {parsed}, rejected {rejected}"
    );
}

#[test]
fn mutated_pem_bundles_are_input_errors_or_reports() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/valid-rsa/chain.pem"
    ))
    .unwrap();
    let mut rng = Rng(7);
    for _ in 0..500 {
        let mut b = text.clone().into_bytes();
        let i = rng.below(b.len());
        let alphabet = b"A-=\n \x00/+Z";
        b[i] = alphabet[rng.below(alphabet.len())];
        if rng.below(3) == 0 {
            b.truncate(rng.below(b.len()));
        }
        // either an input error naming the place or certificates: never a panic
        if let Err(e) = certchain::parse_certificates("mutant.pem", &b, SourceKind::Presented) {
            assert!(e.to_string().starts_with("mutant.pem: "), "{e}");
        }
    }
}
