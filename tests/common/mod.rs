//! Helpers shared by the integration tests.
#![allow(dead_code)] // each test crate uses its own subset

use assert_cmd::Command;
use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, KeyUsagePurpose,
};

/// The real `certchain` binary with the environment cleared of what changes its output,
/// and a time limit so no test can hang.
pub fn certchain() -> Command {
    let mut c = Command::cargo_bin("certchain").expect("the certchain binary is built");
    c.env_remove("RUST_BACKTRACE")
        .env_remove("NO_COLOR")
        .timeout(std::time::Duration::from_secs(30));
    c
}

/// A CA certificate's parameters: cA=TRUE, keyCertSign + cRLSign, AKI.
pub fn ca_params(cn: &str) -> CertificateParams {
    let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
    p.distinguished_name.push(DnType::CommonName, cn);
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    p.use_authority_key_identifier_extension = true;
    p
}

/// A TLS server leaf for www.example.com (CN and SAN): digitalSignature, serverAuth, AKI.
pub fn server_leaf_params() -> CertificateParams {
    let mut p = CertificateParams::new(vec!["www.example.com".to_string()]).unwrap();
    // CA/B BR 7.1.4.3: the CN repeats a SAN value (rcgen's default CN would not).
    p.distinguished_name
        .push(DnType::CommonName, "www.example.com");
    p.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    p.use_authority_key_identifier_extension = true;
    p
}

/// A file of a fixture scenario: `fixtures/{scenario}/{file}`.
pub fn fixture(scenario: &str, file: &str) -> String {
    format!("{}/fixtures/{scenario}/{file}", env!("CARGO_MANIFEST_DIR"))
}

/// `certchain verify` on a fixture scenario's chain and roots at the fixtures' check
/// time (2026-06-01), with `extra` arguments.
pub fn verify_fixture(scenario: &str, extra: &[&str]) -> std::process::Output {
    certchain()
        .args([
            "verify",
            &fixture(scenario, "chain.pem"),
            "--roots",
            &fixture(scenario, "roots.pem"),
            "--at",
            "2026-06-01",
        ])
        .args(extra)
        .output()
        .unwrap()
}

/// The one JSON object `--format json` prints on stdout.
pub fn stdout_json(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).expect("--format json prints one JSON object")
}

/// Whether this is a CI run (`CI=true`, as CI services set it).
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// Whether the openssl binary runs here. When it does not, a test that needs it fails
/// under CI (`.ci/run` installs it) and elsewhere says on stderr that it is skipped.
pub fn openssl_available(test: &str) -> bool {
    if std::process::Command::new("openssl")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        return true;
    }
    assert!(
        !in_ci(),
        "{test}: the openssl binary is not installed; CI must provide it (.ci/run installs it)"
    );
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "SKIPPED {test}: no openssl binary");
    false
}

/// The PEM blocks of a file, each `-----BEGIN CERTIFICATE-----` .. `-----END ...-----`
/// with its line ending, in order.
pub fn pem_blocks(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN CERTIFICATE-----") {
        let from = &rest[start..];
        let end =
            from.find("-----END CERTIFICATE-----").unwrap() + "-----END CERTIFICATE-----".len();
        out.push(format!("{}\n", &from[..end]));
        rest = &from[end..];
    }
    out
}

/// A certificate of a presented bundle, at 1-based `pos`.
pub fn sourced(der: &[u8], pos: usize) -> certchain::SourcedCert {
    certchain::SourcedCert {
        cert: std::sync::Arc::new(certchain::Certificate::from_der(der).unwrap()),
        source: certchain::Source {
            kind: certchain::SourceKind::Presented,
            name: "bundle".into(),
            position: Some(pos),
        },
    }
}

/// A trust store of these DER roots, named `roots` at their 1-based positions.
pub fn root_store(roots: &[&[u8]]) -> certchain::TrustStore {
    let mut store = certchain::TrustStore::new();
    for (i, r) in roots.iter().enumerate() {
        store.add_parsed(certchain::SourcedCert {
            cert: std::sync::Arc::new(certchain::Certificate::from_der(r).unwrap()),
            source: certchain::Source {
                kind: certchain::SourceKind::RootStore,
                name: "roots".into(),
                position: Some(i + 1),
            },
        });
    }
    store
}
