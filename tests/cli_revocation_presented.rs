//! `certchain verify` through the real binary on what outside testing against openssl and
//! pyca/cryptography found: revocation that was not checked must not look checked
//! (`--crl`, `--require-revocation`), a bundle written in reverse, many copies of one
//! certificate, rustls-webpki's second opinion in words, and CRL input errors.

#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

mod common;

use common::{certchain, fixture, stdout_json, verify_fixture};
use serde_json::Value;

/// `certchain verify` on a fixture scenario's chain and roots at its check time.
fn verify(scenario: &str, extra: &[&str]) -> std::process::Output {
    let fixed = ["--host", "www.example.com", "--color", "never"];
    verify_fixture(scenario, &[&fixed[..], extra].concat())
}

fn text(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn json(out: &std::process::Output) -> Value {
    stdout_json(out)
}

/// The `checks` line of the certificate block titled `[depth] ...`.
fn checks_line(text: &str, depth: usize) -> String {
    let title = format!("[{depth}] ");
    let block: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with(&title))
        .take_while(|l| !l.is_empty())
        .collect();
    block
        .iter()
        .find(|l| l.trim_start().starts_with("checks"))
        .unwrap_or_else(|| panic!("no checks line for [{depth}] in\n{text}"))
        .to_string()
}

const INT: &str = "\"C=XX, O=Certchain Test, CN=Certchain Test Intermediate CA\"";
const ROOT: &str = "\"C=XX, O=Certchain Test, CN=Certchain Test Root CA\"";
const UNRELATED: &str = "\"C=XX, O=Certchain Test, CN=Certchain Unrelated Root CA\"";

#[test]
fn a_crl_from_an_unrelated_ca_checks_nothing_and_says_so() {
    let crl = fixture("crl-other-issuer", "other.crl.pem");
    let out = verify("crl-other-issuer", &["--crl", &crl]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(0), "a warning only:\n{t}");
    assert!(!t.contains("revocation ✓"), "nothing was checked:\n{t}");
    for depth in [0, 1] {
        assert!(
            checks_line(&t, depth).ends_with("revocation not checked  trust ✓"),
            "[{depth}]: {t}"
        );
    }
    assert!(
        !checks_line(&t, 2).contains("revocation"),
        "the anchor is not checked:\n{t}"
    );
    assert!(t.contains(&format!(
        "    ! revocation_unknown: revocation not checked: the only CRL given is from {UNRELATED}, not from its issuer {INT} [RFC 5280 6.3.3]\n"
    )), "{t}");
    assert!(t.contains(&format!(
        "    ! revocation_unknown: revocation not checked: the only CRL given is from {UNRELATED}, not from its issuer {ROOT} [RFC 5280 6.3.3]\n"
    )), "{t}");

    let out = verify("crl-other-issuer", &["--crl", &crl, "--format", "json"]);
    let j = json(&out);
    assert_eq!(j["revocation_checked"], false, "no CRL covered anything");
    let statuses: Vec<&str> = j["path"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["revocation"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["not_checked", "not_checked", "not_checked"]);
    let codes: Vec<(Value, &str)> = j["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["depth"].clone(), f["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        codes,
        [
            (Value::from(0), "revocation_unknown"),
            (Value::from(1), "revocation_unknown")
        ]
    );
    assert_eq!(j["findings"][0]["severity"], "warning");
}

#[test]
fn require_revocation_makes_an_uncovered_certificate_an_error() {
    let crl = fixture("crl-other-issuer", "other.crl.pem");
    let out = verify(
        "crl-other-issuer",
        &["--crl", &crl, "--require-revocation", "leaf"],
    );
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert_eq!(
        t.lines().last().unwrap(),
        format!("INVALID: [0] CN=www.example.com: revocation not checked, and it is required for the leaf: the only CRL given is from {UNRELATED}, not from its issuer {INT} (revocation_required)")
    );
    assert!(checks_line(&t, 0).contains("revocation ✗"), "{t}");
    assert!(checks_line(&t, 1).contains("revocation not checked"), "{t}");

    let out = verify(
        "crl-other-issuer",
        &["--crl", &crl, "--require-revocation", "all"],
    );
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(
        t.lines()
            .last()
            .unwrap()
            .ends_with("(revocation_required; 1 more error)"),
        "{t}"
    );
    assert!(t.contains(&format!("    ✗ revocation_required: revocation not checked, and it is required for every certificate below the anchor: the only CRL given is from {UNRELATED}, not from its issuer {ROOT} [RFC 5280 6.3.3]\n")), "{t}");
}

#[test]
fn require_revocation_without_any_crl_fails_and_says_none_was_given() {
    let out = verify("valid-rsa", &["--require-revocation", "leaf"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out).lines().last().unwrap(),
        "INVALID: [0] CN=www.example.com: revocation not checked, and it is required for the leaf: no CRL was given (revocation_required)"
    );
}

#[test]
fn a_covering_crl_is_reported_per_certificate() {
    let crl = fixture("crl-not-revoked", "int.crl.pem");
    let out = verify("crl-not-revoked", &["--crl", &crl, "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let j = json(&out);
    assert_eq!(j["revocation_checked"], true);
    let statuses: Vec<&str> = j["path"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["revocation"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["crl", "not_checked", "not_checked"]);

    let out = verify("crl-not-revoked", &["--crl", &crl]);
    let t = text(&out);
    assert!(checks_line(&t, 0).contains("revocation ✓"), "{t}");
    assert!(checks_line(&t, 1).contains("revocation not checked"), "{t}");

    // The leaf is covered: requiring it for the leaf passes; for all, the intermediate fails.
    let out = verify(
        "crl-not-revoked",
        &["--crl", &crl, "--require-revocation", "leaf"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let out = verify(
        "crl-not-revoked",
        &["--crl", &crl, "--require-revocation", "all"],
    );
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(
        t.lines()
            .last()
            .unwrap()
            .starts_with("INVALID: [1] CN=Certchain Test Intermediate CA: revocation not checked"),
        "{t}"
    );
}

#[test]
fn without_crls_revocation_is_not_mentioned() {
    let out = verify("valid-rsa", &[]);
    assert_eq!(out.status.code(), Some(0));
    assert!(!text(&out).contains("revocation"), "{}", text(&out));
    let j = json(&verify("valid-rsa", &["--format", "json"]));
    assert_eq!(j["revocation_checked"], false);
    assert_eq!(j["findings"], Value::Array(vec![]));
    assert_eq!(j["path"][0]["revocation"], "not_checked");
}

#[test]
fn an_unknown_require_revocation_scope_is_a_usage_error() {
    let out = verify("valid-rsa", &["--require-revocation", "intermediates"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("--require-revocation") && err.contains("use leaf or all"),
        "{err}"
    );
}

#[test]
fn a_reversed_bundle_names_the_probable_leaf() {
    let out = verify("reversed-bundle", &[]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(t.contains(
        "    ! chain_out_of_order: certificate #1 (CN=Certchain Test Intermediate CA) is a CA certificate (basicConstraints cA TRUE), yet it is verified as the leaf because it comes first; the end-entity certificate #2 (CN=www.example.com) appears later in the file: put the leaf first, then its issuer, and so on up [RFC 8446 4.4.2]\n"
    ), "{t}");
    // A correctly ordered bundle says nothing of the kind.
    assert!(!text(&verify("valid-rsa", &[])).contains("chain_out_of_order"));
}

#[test]
fn a_thousand_copies_of_one_intermediate_give_one_line() {
    let chain = std::fs::read_to_string(fixture("valid-rsa", "chain.pem")).unwrap();
    let blocks: Vec<&str> = chain
        .split_inclusive("-----END CERTIFICATE-----\n")
        .filter(|b| b.contains("BEGIN CERTIFICATE"))
        .collect();
    assert_eq!(
        blocks.len(),
        2,
        "valid-rsa sends the leaf and the intermediate"
    );
    let mut bundle = blocks[0].to_string();
    for _ in 0..999 {
        bundle.push_str(blocks[1]);
    }
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("intermediate-999-times.pem");
    std::fs::write(&path, bundle).unwrap();
    let out = certchain()
        .args([
            "verify",
            path.to_str().unwrap(),
            "--roots",
            &fixture("valid-rsa", "roots.pem"),
            "--at",
            "2026-06-01",
            "--host",
            "www.example.com",
            "--color",
            "never",
        ])
        .output()
        .unwrap();
    let t = text(&out);
    assert_eq!(out.status.code(), Some(0), "{t}");
    let lines: Vec<&str> = t
        .lines()
        .filter(|l| l.contains("duplicate_certificate"))
        .collect();
    assert_eq!(
        lines,
        ["    ! duplicate_certificate: certificate #2 (CN=Certchain Test Intermediate CA) is sent 999 times, as #2-#1000 [RFC 8446 4.4.2]"]
    );
}

#[test]
fn the_second_opinion_is_in_words_with_dates() {
    let out = verify("expired-leaf", &["--cross-check"]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(t.contains(
        "Second opinion (rustls-webpki 0.103): invalid: a certificate of the path expired 2026-03-01T00:00:00Z, 92 days before the check time 2026-06-01T00:00:00Z [webpki CertExpired]\n"
    ), "{t}");
    assert!(!t.contains("UnixTime"), "{t}");

    let out = certchain()
        .args([
            "verify",
            &fixture("name-mismatch", "chain.pem"),
            "--roots",
            &fixture("name-mismatch", "roots.pem"),
            "--at",
            "2026-06-01",
            "--host",
            "api.example.net",
            "--cross-check",
        ])
        .output()
        .unwrap();
    let t = text(&out);
    assert!(t.contains(
        "Second opinion (rustls-webpki 0.103): invalid: the leaf is not valid for api.example.net: its names are DNS:www.example.com, DNS:example.com [webpki CertNotValidForName]\n"
    ), "{t}");
}

#[test]
fn a_certificate_given_as_a_crl_is_named_with_the_right_article() {
    let chain = fixture("valid-rsa", "chain.pem");
    let out = verify("valid-rsa", &["--crl", &chain]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        format!("error: {chain}: PEM block 1 (line 3): a CERTIFICATE block where an X.509 CRL (BEGIN X509 CRL) was expected\n")
    );
}
