//! Typed finding details through the real binary: `certchain verify --format json` on
//! existing fixture scenarios, each finding's `details` holding the data its message
//! is rendered from.

#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

mod common;

use common::{stdout_json, verify_fixture};
use serde_json::{json, Value};

/// `certchain verify --format json` on a fixture scenario at its check time.
fn verify_json(scenario: &str, extra: &[&str]) -> Value {
    stdout_json(&verify_fixture(
        scenario,
        &[&["--format", "json"][..], extra].concat(),
    ))
}

/// The one finding of `code` in the report.
fn finding<'a>(report: &'a Value, code: &str) -> &'a Value {
    let all: Vec<&Value> = report["findings"]
        .as_array()
        .expect("findings is an array")
        .iter()
        .filter(|f| f["code"] == code)
        .collect();
    assert_eq!(all.len(), 1, "one {code} finding in {report:#}");
    all[0]
}

#[test]
fn expired_carries_not_after_and_the_check_time() {
    let r = verify_json("expired-leaf", &["--host", "www.example.com"]);
    let f = finding(&r, "expired");
    let d = &f["details"];
    assert_eq!(d["checked_at"], "2026-06-01T00:00:00Z");
    assert_eq!(d["checked_at_unix"], 1_780_272_000);
    let not_after = d["not_after"].as_str().unwrap();
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .starts_with(&format!("expired {not_after} (")),
        "{f:#}"
    );
    let not_after_unix = d["not_after_unix"].as_i64().unwrap();
    assert!(not_after_unix < 1_780_272_000);
    assert_eq!(
        d["days"].as_i64().unwrap(),
        (1_780_272_000 - not_after_unix) / 86_400
    );
}

#[test]
fn name_mismatch_carries_the_expected_and_the_presented_names() {
    let r = verify_json("name-mismatch", &["--host", "api.example.net"]);
    let d = &finding(&r, "name_mismatch")["details"];
    assert_eq!(d["expected"], "api.example.net");
    let presented = d["presented"].as_array().unwrap();
    assert!(!presented.is_empty(), "{d:#}");
    assert!(presented
        .iter()
        .all(|n| n.as_str().unwrap().starts_with("DNS:")));
    assert_eq!(d["has_subject_alt_name"], true);
    assert_eq!(d["cn_would_match"], false);
}

#[test]
fn weak_key_carries_the_algorithm_the_size_and_the_minimum() {
    let r = verify_json("weak-key-rsa1024", &["--host", "www.example.com"]);
    let f = finding(&r, "weak_key");
    assert_eq!(
        f["details"],
        json!({"algorithm": "RSA", "bits": 1024, "minimum": 2048, "reason": "too_small"})
    );
    assert_eq!(f["message"], "RSA key of 1024 bits; at least 2048 required");
}

#[test]
fn revoked_carries_serial_date_reason_and_crl() {
    let dir = format!("{}/fixtures/crl-revoked", env!("CARGO_MANIFEST_DIR"));
    let crl = format!("{dir}/int.crl.pem");
    let r = verify_json("crl-revoked", &["--host", "www.example.com", "--crl", &crl]);
    let f = finding(&r, "revoked");
    let d = &f["details"];
    let source = d["crl"].as_str().unwrap();
    assert!(source.starts_with(&crl), "{source}");
    assert_eq!(d["serial"], r["path"][0]["serial"], "{d:#}");
    let date = d["date"].as_str().unwrap();
    assert!(date.ends_with('Z'), "{date}");
    assert!(d["date_unix"].is_i64());
    let reason = d["reason"].as_str().unwrap_or("not given");
    assert_eq!(
        f["message"],
        format!("revoked on {date} (reason: {reason}) according to the CRL {source}")
    );
    // the intermediate is not covered: revocation_unknown without a scope
    let u = &finding(&r, "revocation_unknown")["details"];
    assert!(u.get("scope").is_none(), "{u:#}");
    assert_eq!(u["reason"], "other_issuers", "{u:#}");
    assert_eq!(u["crl_count"], 1, "{u:#}");
}

#[test]
fn duplicate_certificate_carries_the_count_and_the_positions() {
    let r = verify_json("duplicate-certificate", &["--host", "www.example.com"]);
    let f = finding(&r, "duplicate_certificate");
    let d = &f["details"];
    assert_eq!(d["count"], 2);
    assert_eq!(d["position"], 2);
    assert_eq!(d["positions"].as_array().unwrap().len(), 2);
    assert_eq!(d["positions"][0], 2);
    assert!(f["message"]
        .as_str()
        .unwrap()
        .starts_with("certificate #2 ("));
}

#[test]
fn a_rule_of_the_profile_is_named_by_a_stable_identifier() {
    let r = verify_json("serial-zero", &["--host", "www.example.com"]);
    let f = finding(&r, "profile_violation");
    assert_eq!(f["details"], json!({"rule": "serial_zero"}));
    assert_eq!(f["message"], "the serial number is zero");
}

#[test]
fn every_finding_and_every_attempt_finding_has_a_details_object() {
    let r = verify_json("name-mismatch", &["--host", "api.example.net"]);
    for f in r["findings"].as_array().unwrap() {
        assert!(f["details"].is_object(), "{f:#}");
    }
    for a in r["attempts"].as_array().into_iter().flatten() {
        for f in a["findings"].as_array().unwrap() {
            assert!(f["details"].is_object(), "{f:#}");
        }
    }
}
