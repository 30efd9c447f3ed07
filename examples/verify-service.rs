//! Using certchain from a service: build one `Verifier`, share it across threads, and act
//! on the typed report. Run: `cargo run --example verify-service`.

#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use certchain::{parse_certificates, SourceKind};
use certchain::{CheckTime, Code, ExpectedName, HostName, Policy, TrustStore, Verifier};
use std::sync::Arc;

fn main() {
    // The trust store and policy are built once...
    let mut store = TrustStore::new();
    store
        .add_pem(
            "roots.pem",
            include_bytes!("../fixtures/valid-rsa/roots.pem"),
        )
        .expect("fixture roots parse");
    let policy = Policy {
        time: CheckTime::At(1_780_000_000),
        warn_days: Some(365),
        ..Policy::default()
    };
    let verifier = Arc::new(Verifier::new(store, policy));

    // ...and shared by every request handler.
    let chains = [
        (
            "valid-rsa",
            &include_bytes!("../fixtures/valid-rsa/chain.pem")[..],
            "www.example.com",
        ),
        (
            "valid-rsa, wrong host",
            &include_bytes!("../fixtures/valid-rsa/chain.pem")[..],
            "mail.example.org",
        ),
    ];
    let handles: Vec<_> = chains
        .into_iter()
        .map(|(label, pem, host)| {
            let verifier = Arc::clone(&verifier);
            std::thread::spawn(move || {
                let presented = parse_certificates(label, pem, SourceKind::Presented)
                    .expect("fixture chain parses");
                let name = ExpectedName::Host(HostName::Dns(host.into()));
                let report = verifier.verify(&presented, &[], Some(&name));
                (label, report)
            })
        })
        .collect();

    for h in handles {
        let (label, report) = h.join().expect("verification never panics");
        println!("{label}: {:?}", report.verdict);
        for f in report.errors() {
            // Stable codes a program can act on; depth says which certificate.
            let action = match f.code {
                Code::NameMismatch => "route to the certificate owner: wrong host",
                Code::Expired | Code::NotYetValid => "renew",
                Code::IssuerNotFound => "install the intermediate",
                _ => "investigate",
            };
            println!(
                "  [{}] {}: {} -> {action}",
                f.depth.map_or("-".into(), |d| d.to_string()),
                f.code,
                f.message
            );
        }
        if let Some(first) = report.first_to_expire() {
            println!(
                "  first to expire: [{}] {} on {}",
                first.depth, first.subject, first.not_after
            );
        }
    }
}
