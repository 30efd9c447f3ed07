//! `--backend ring|aws-lc` through the real binary: the P-521 and ECDSA-with-SHA-512
//! chains of fixtures/backends/ (made by its make.sh with openssl) are refused as
//! unsupported by ring and verify with aws-lc; on the fixture scenarios both backends
//! give the same verdict and codes; a backend that is not compiled in is a usage error.

#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

mod common;

#[cfg(feature = "aws-lc")]
use common::verify_fixture;
use common::{certchain, stdout_json};

/// `certchain verify` on a chain of fixtures/backends/ at a time inside its validity.
fn verify_backend_chain(chain: &str, backend: &str) -> std::process::Output {
    let dir = format!("{}/fixtures/backends/{chain}", env!("CARGO_MANIFEST_DIR"));
    certchain()
        .args([
            "verify",
            &format!("{dir}/chain.pem"),
            "--roots",
            &format!("{dir}/roots.pem"),
            "--host",
            "www.example.com",
            "--at",
            "2027-06-01",
            "--color",
            "never",
            "--backend",
            backend,
        ])
        .output()
        .unwrap()
}

fn last_line(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .last()
        .unwrap()
        .to_string()
}

/// (depth, code) of every finding of a JSON report.
fn codes(out: &std::process::Output) -> Vec<(Option<u64>, String)> {
    stdout_json(out)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["depth"].as_u64(), f["code"].as_str().unwrap().to_string()))
        .collect()
}

#[test]
fn ring_refuses_p521_and_ecdsa_sha512_as_unsupported() {
    let out = verify_backend_chain("p521", "ring");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        last_line(&out),
        "INVALID: [0] CN=www.example.com: ECDSA with SHA-512 with an ECDSA P-521 key is not supported by the ring backend (unsupported_signature_algorithm; 1 more error)"
    );
    let out = verify_backend_chain("ecdsa-sha512", "ring");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    assert!(text.contains("    ✗ unsupported_signature_algorithm: ECDSA with SHA-512 with an ECDSA P-256 key is not supported by the ring backend\n"), "{text}");
    assert!(text.contains("    ✗ unsupported_signature_algorithm: ECDSA with SHA-512 with an ECDSA P-384 key is not supported by the ring backend\n"), "{text}");
    let json = certchain()
        .args([
            "verify",
            &format!(
                "{}/fixtures/backends/ecdsa-sha512/chain.pem",
                env!("CARGO_MANIFEST_DIR")
            ),
            "--roots",
            &format!(
                "{}/fixtures/backends/ecdsa-sha512/roots.pem",
                env!("CARGO_MANIFEST_DIR")
            ),
            "--at",
            "2027-06-01",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(
        codes(&json),
        vec![
            (Some(0), "unsupported_signature_algorithm".to_string()),
            (Some(1), "unsupported_signature_algorithm".to_string()),
        ]
    );
}

#[cfg(feature = "aws-lc")]
#[test]
fn aws_lc_verifies_p521_and_ecdsa_sha512() {
    let out = verify_backend_chain("p521", "aws-lc");
    assert_eq!(out.status.code(), Some(0), "{}", last_line(&out));
    assert!(last_line(&out).starts_with(
        "VALID: CN=www.example.com -> CN=Certchain P-521 Intermediate CA -> CN=Certchain P-521 Root CA; "
    ));
    let out = verify_backend_chain("ecdsa-sha512", "aws-lc");
    assert_eq!(out.status.code(), Some(0), "{}", last_line(&out));
    assert!(last_line(&out).starts_with(
        "VALID: CN=www.example.com -> CN=Certchain ECDSA-SHA512 Intermediate CA -> CN=Certchain ECDSA-SHA512 Root CA; "
    ));
}

/// Scenarios with every kind of signature and key the backends share, good and bad
/// signatures, and keys too weak or of a kind neither verifies.
#[cfg(feature = "aws-lc")]
const SHARED: &[&str] = &[
    "valid-rsa",
    "valid-rsa-pss",
    "valid-rsa-sha512",
    "valid-ecdsa-p256",
    "valid-ecdsa-p384",
    "valid-ed25519",
    "bad-signature",
    "weak-key-rsa1024",
    "weak-key-rsa1024-bad-signature",
    "weak-key-p192",
    "weak-signature-sha1",
    "unsupported-signature-algorithm",
    "signature-algorithm-mismatch",
    "cross-signed-backtracking",
    "expired-intermediate",
];

#[cfg(feature = "aws-lc")]
#[test]
fn both_backends_give_the_same_verdict_and_codes_on_the_shared_algorithms() {
    for scenario in SHARED {
        let run = |backend: &str| {
            verify_fixture(
                scenario,
                &[
                    "--host",
                    "www.example.com",
                    "--format",
                    "json",
                    "--backend",
                    backend,
                ],
            )
        };
        let (ring, aws_lc) = (run("ring"), run("aws-lc"));
        assert_eq!(ring.status.code(), aws_lc.status.code(), "{scenario}");
        assert_eq!(codes(&ring), codes(&aws_lc), "{scenario}");
        assert_eq!(
            stdout_json(&ring)["verdict"],
            stdout_json(&aws_lc)["verdict"],
            "{scenario}"
        );
    }
}

#[cfg(not(feature = "aws-lc"))]
#[test]
fn aws_lc_without_the_feature_is_a_usage_error() {
    let out = verify_backend_chain("p521", "aws-lc");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    // clap's usage error: the one line that says what is wrong, then its --help hint.
    assert_eq!(
        err.lines().next().unwrap(),
        "error: invalid value 'aws-lc' for '--backend <BACKEND>': unknown signature backend \"aws-lc\": use ring (this certchain was built without the aws-lc feature)",
        "{err}"
    );
}

#[test]
fn an_unknown_backend_is_a_usage_error() {
    let out = verify_backend_chain("p521", "openssl");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("unknown signature backend \"openssl\""),
        "{err}"
    );
}
