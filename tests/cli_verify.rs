//! `certchain verify` through the real binary: exit codes, the JSON shape, the text
//! report's key lines, colour control.

#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

mod common;

use common::{certchain, stdout_json, verify_fixture};
use serde_json::Value;

/// `certchain verify` on a fixture scenario at its check time.
fn verify(scenario: &str, extra: &[&str]) -> std::process::Output {
    verify_fixture(scenario, extra)
}

fn json(out: &std::process::Output) -> Value {
    stdout_json(out)
}

#[test]
fn valid_chain_exits_0_and_names_the_path() {
    let out = verify(
        "valid-rsa",
        &["--host", "www.example.com", "--color", "never"],
    );
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("Checked at 2026-06-01T00:00:00Z, purpose server, host www.example.com\n"),
        "{text}"
    );
    let last = text.lines().last().unwrap();
    assert!(last.starts_with("VALID: CN=www.example.com -> CN=Certchain Test Intermediate CA -> CN=Certchain Test Root CA"), "{last}");
    assert!(!text.contains('\x1b'), "--color never: no escape codes");
}

#[test]
fn invalid_chain_exits_1_and_the_last_line_names_the_certificate() {
    let out = verify(
        "expired-intermediate",
        &["--host", "www.example.com", "--color", "never"],
    );
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text.lines().last().unwrap(),
        "INVALID: [1] CN=Certchain Test Intermediate CA: expired 2026-03-01T00:00:00Z (92 days before the check time) (expired)"
    );
    assert!(
        text.contains(
            "validity  2025-01-01T00:00:00Z .. 2026-03-01T00:00:00Z (expired 92 days ago)"
        ),
        "{text}"
    );
}

#[test]
fn warn_days_hit_exits_3_and_names_the_first_to_expire() {
    let out = verify(
        "valid-rsa",
        &[
            "--host",
            "www.example.com",
            "--warn-days",
            "365",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(3));
    let v = json(&out);
    assert_eq!(v["verdict"], "valid");
    let warnings: Vec<&Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "expiring_soon")
        .collect();
    assert!(!warnings.is_empty());
    assert_eq!(warnings[0]["depth"], 0);
    assert!(warnings[0]["message"]
        .as_str()
        .unwrap()
        .contains("the first certificate of the path to expire"));
    // the same chain without the threshold is plainly valid
    assert_eq!(
        verify("valid-rsa", &["--host", "www.example.com"])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn json_report_has_the_documented_shape() {
    let out = verify(
        "expired-and-wrong-host",
        &["--host", "mail.example.org", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert_eq!(v["verdict"], "invalid");
    assert_eq!(v["checked_at"], "2026-06-01T00:00:00Z");
    assert_eq!(v["host"], "mail.example.org");
    assert_eq!(v["purpose"], "server");
    assert_eq!(v["profile"], "webpki");
    assert_eq!(v["name_checked"], true);
    let path = v["path"].as_array().unwrap();
    assert_eq!(path.len(), 3);
    for (depth, role) in [(0, "leaf"), (1, "intermediate"), (2, "anchor")] {
        let e = &path[depth];
        assert_eq!(e["depth"], depth);
        assert_eq!(e["role"], role);
        for key in [
            "subject",
            "issuer",
            "serial",
            "not_before",
            "not_after",
            "sha256",
            "key",
            "signature_algorithm",
        ] {
            assert!(e[key].is_string(), "path[{depth}].{key}");
        }
        assert!(e["source"]["kind"].is_string() && e["source"]["name"].is_string());
    }
    let codes: Vec<(Value, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["depth"].clone(), f["code"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(
        codes,
        vec![
            (Value::from(0), "expired".to_string()),
            (Value::from(0), "name_mismatch".to_string())
        ]
    );
    let expired = &v["findings"][0];
    assert_eq!(expired["severity"], "error");
    assert_eq!(expired["clause"], "RFC 5280 4.1.2.5");
    assert_eq!(
        expired["message"],
        "expired 2026-03-01T00:00:00Z (92 days before the check time)"
    );
    assert!(v["attempts"].is_array());
}

#[test]
fn a_private_pki_leaf_fails_the_webpki_profile_and_passes_rfc5280() {
    // CN "Internal API Server" outside the SAN, no extKeyUsage: only CA/B Forum rules break
    // (the CN is a warning under every profile, the missing extKeyUsage an error).
    let host = ["--host", "www.example.com", "--color", "never"];
    let out = verify("private-pki-webpki-profile", &host);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(
        "! cn_not_in_san: the subject commonName \"Internal API Server\" is not one of the subjectAltName values (DNS:www.example.com)"
    ), "{text}");
    assert!(text.contains("[CA/B BR 7.1.4.3]"), "{text}");
    assert!(text.contains("✗ eku_mismatch: no extKeyUsage"), "{text}");

    let out = verify(
        "private-pki-rfc5280-profile",
        &[&host[..], &["--profile", "rfc5280"]].concat(),
    );
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("Checked at 2026-06-01T00:00:00Z, purpose server (rfc5280 profile: CA/B Forum rules off), host www.example.com\n"),
        "{text}"
    );

    let out = verify(
        "private-pki-rfc5280-profile",
        &["--profile", "rfc5280", "--format", "json"],
    );
    assert_eq!(json(&out)["profile"], "rfc5280");

    let out = verify("valid-rsa", &["--profile", "x509"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("invalid value 'x509' for '--profile <PROFILE>'"),
        "{err}"
    );
}

#[test]
fn without_a_name_the_report_says_none_was_checked() {
    let out = verify("valid-rsa", &["--color", "never"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("no name checked (pass --host or --email)"),
        "{text}"
    );
    let j = json(&verify("valid-rsa", &["--format", "json"]));
    assert_eq!(j["name_checked"], false);
    assert_eq!(j["host"], Value::Null);
}

#[test]
fn missing_intermediate_is_named_and_an_intermediates_file_completes_the_path() {
    let missing = verify(
        "issuer-not-found",
        &["--host", "www.example.com", "--format", "json"],
    );
    assert_eq!(missing.status.code(), Some(1));
    let v = json(&missing);
    assert_eq!(v["findings"][0]["code"], "issuer_not_found");
    assert_eq!(v["findings"][0]["depth"], 0);
    assert!(v["findings"][0]["message"]
        .as_str()
        .unwrap()
        .contains("CN=Certchain Test Intermediate CA"));

    // valid-rsa's leaf alone fails the same way; with its chain file given as
    // --intermediates, the builder finds the intermediate there.
    let dir = format!("{}/fixtures/valid-rsa", env!("CARGO_MANIFEST_DIR"));
    let chain = std::fs::read_to_string(format!("{dir}/chain.pem")).unwrap();
    let end =
        chain.find("-----END CERTIFICATE-----").unwrap() + "-----END CERTIFICATE-----\n".len();
    let leaf_only =
        std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("valid-rsa-leaf-only.pem");
    std::fs::write(&leaf_only, &chain[..end]).unwrap();
    let run = |extra: &[&str]| {
        certchain()
            .args([
                "verify",
                leaf_only.to_str().unwrap(),
                "--roots",
                &format!("{dir}/roots.pem"),
                "--at",
                "2026-06-01",
            ])
            .args(extra)
            .output()
            .unwrap()
    };
    assert_eq!(run(&[]).status.code(), Some(1));
    let with_file = run(&[
        "--intermediates",
        &format!("{dir}/chain.pem"),
        "--format",
        "json",
    ]);
    assert_eq!(with_file.status.code(), Some(0));
    let v = json(&with_file);
    assert_eq!(v["path"][1]["source"]["kind"], "intermediates");
}

#[test]
fn stdin_and_colour() {
    let dir = format!("{}/fixtures/valid-rsa", env!("CARGO_MANIFEST_DIR"));
    let chain = std::fs::read(format!("{dir}/chain.pem")).unwrap();
    let out = certchain()
        .args([
            "verify",
            "-",
            "--roots",
            &format!("{dir}/roots.pem"),
            "--at",
            "2026-06-01",
            "--color",
            "always",
        ])
        .write_stdin(chain.clone())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .contains("\x1b[1;32mVALID"));
    let out = certchain()
        .env("NO_COLOR", "1")
        .args([
            "verify",
            "-",
            "--roots",
            &format!("{dir}/roots.pem"),
            "--at",
            "2026-06-01",
        ])
        .write_stdin(chain)
        .output()
        .unwrap();
    assert!(!String::from_utf8(out.stdout).unwrap().contains('\x1b'));
}

#[test]
fn help_documents_the_exit_codes() {
    let out = certchain().args(["verify", "--help"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for line in [
        "0  the chain is valid",
        "1  the chain is invalid",
        "2  usage or input error",
        "3  valid, but a certificate expires within --warn-days",
    ] {
        assert!(text.contains(line), "--help lacks {line:?}");
    }
}

/// The last line of a text report for a fixture scenario, and the exit code.
fn last_line(scenario: &str, extra: &[&str]) -> (Option<i32>, String) {
    let out = verify(scenario, &[&["--color", "never"], extra].concat());
    let text = String::from_utf8(out.stdout).unwrap();
    (
        out.status.code(),
        text.lines().last().unwrap_or_default().to_string(),
    )
}

#[test]
fn a_weak_issuer_key_is_weak_key_at_its_holder_not_a_bad_signature() {
    // The RSA-1024 intermediate signed the leaf (a good signature): the weak key is the
    // intermediate's error, and the path still reaches the root.
    let out = verify(
        "weak-key-rsa1024-intermediate",
        &["--host", "www.example.com", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert_eq!(v["reached_anchor"], true);
    assert_eq!(v["path"].as_array().unwrap().len(), 3, "{v}");
    assert_eq!(v["path"][2]["role"], "anchor");
    let codes: Vec<(Value, Value)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["depth"].clone(), f["code"].clone()))
        .collect();
    assert_eq!(codes, vec![(Value::from(1), Value::from("weak_key"))]);
    let (code, last) = last_line(
        "weak-key-rsa1024-intermediate",
        &["--host", "www.example.com"],
    );
    assert_eq!(code, Some(1));
    assert_eq!(
        last,
        "INVALID: [1] CN=Certchain Test Intermediate CA: RSA key of 1024 bits; at least 2048 required (weak_key)"
    );

    // A signature under the same weak key that does not verify is still bad_signature.
    let (code, last) = last_line(
        "weak-key-rsa1024-bad-signature",
        &["--host", "www.example.com"],
    );
    assert_eq!(code, Some(1));
    assert_eq!(
        last,
        "INVALID: [0] CN=www.example.com: the RSA PKCS#1 v1.5 with SHA-256 signature does not verify with the key of CN=Certchain Test Intermediate CA (RSA 1024) (bad_signature; 1 more error)"
    );
}

#[test]
fn a_missing_issuer_is_explained_by_what_is_missing() {
    // The intermediate was sent and names a root: the trust store lacks that root.
    let (code, last) = last_line("root-missing-from-store", &["--host", "www.example.com"]);
    assert_eq!(code, Some(1));
    assert!(
        last.starts_with("INVALID: [1] CN=Certchain Test Intermediate CA: no certificate in the inputs or the root store is the issuer \"C=XX, O=Certchain Test, CN=Certchain Test Root CA\""),
        "{last}"
    );
    assert!(
        last.ends_with("; the server sent this intermediate, and its issuer is a root CA by name: your trust store lacks the root \"C=XX, O=Certchain Test, CN=Certchain Test Root CA\" (add it to the trust store if you trust it) (issuer_not_found)"),
        "{last}"
    );
    assert!(!last.contains("did not send"), "{last}");

    // The intermediate was sent, but its issuer is another intermediate: a missing level.
    let (code, last) = last_line("intermediate-level-missing", &["--host", "www.example.com"]);
    assert_eq!(code, Some(1));
    assert!(
        last.ends_with("; the server sent this intermediate but not the one above it: a level of the chain is missing (or, if \"C=XX, O=Certchain Test, CN=Certchain Test Intermediate CA 1\" is a root, your trust store lacks it) (issuer_not_found)"),
        "{last}"
    );

    // Only the leaf was sent, and its issuer is an intermediate: the server left it out.
    let (code, last) = last_line("issuer-not-found", &["--host", "www.example.com"]);
    assert_eq!(code, Some(1));
    assert!(
        last.ends_with("; the server did not send its intermediate certificate (issuer_not_found)"),
        "{last}"
    );
}

#[test]
fn a_self_signed_root_with_a_sha1_self_signature_is_an_untrusted_root() {
    let (code, last) = last_line("untrusted-root-sha1", &["--host", "www.example.com"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        last,
        "INVALID: [2] CN=Certchain Test Root CA: CN=Certchain Test Root CA is self-signed but not in the root store (its own signature was not checked: signed with RSA PKCS#1 v1.5 with SHA-1, which is no longer accepted) (untrusted_root)"
    );
}

/// The PEM block of the bundled root whose comment line ends with `cn`.
fn bundled_root(cn: &str) -> String {
    let pem = std::fs::read_to_string(format!(
        "{}/roots/mozilla-roots.pem",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let start = pem
        .find(&format!("CN={cn}\n"))
        .unwrap_or_else(|| panic!("{cn} is in roots/mozilla-roots.pem"));
    let block = &pem[start..];
    let begin = block.find("-----BEGIN CERTIFICATE-----").unwrap();
    let end =
        block.find("-----END CERTIFICATE-----").unwrap() + "-----END CERTIFICATE-----\n".len();
    block[begin..end].to_string()
}

#[test]
fn a_certificate_of_the_trust_store_verifies_as_a_trust_anchor() {
    // GoDaddy Root G2 (serial number 0) verified on its own against the bundled roots,
    // which hold it: a trust anchor, not a leaf with a zero serial.
    let file = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("godaddy-root-g2.pem");
    std::fs::write(
        &file,
        bundled_root("Go Daddy Root Certificate Authority - G2"),
    )
    .unwrap();
    let run = |extra: &[&str]| {
        certchain()
            .args([
                "verify",
                file.to_str().unwrap(),
                "--roots",
                "bundled",
                "--at",
                "2026-06-01",
                "--color",
                "never",
            ])
            .args(extra)
            .output()
            .unwrap()
    };
    let out = run(&["--purpose", "any"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.lines().last().unwrap().starts_with(
            "VALID: CN=Go Daddy Root Certificate Authority - G2 is itself a trust anchor of the trust store, trusted as it is"
        ),
        "{text}"
    );
    assert!(!text.contains("serial number is zero"), "{text}");
    assert!(!text.contains("not in the root store"), "{text}");
    assert!(!text.contains("Other paths tried"), "{text}");
    let v = json(&run(&["--purpose", "any", "--format", "json"]));
    assert_eq!(v["verdict"], "valid");
    assert_eq!(v["reached_anchor"], true);
    assert_eq!(v["path"][0]["role"], "anchor");

    // Trusting the certificate does not make it valid for a name it does not carry.
    let (code, last) = last_line(
        "leaf-is-trust-anchor-wrong-host",
        &["--purpose", "any", "--host", "www.example.com"],
    );
    assert_eq!(code, Some(1));
    assert_eq!(
        last,
        "INVALID: [0] CN=Certchain Test Root CA: www.example.com is not named: the certificate has no subjectAltName (name_mismatch)"
    );
}

#[test]
fn max_depth_is_the_limit_in_force_and_blames_the_first_intermediate_over_it() {
    // 11 intermediates: valid under --max-depth 20 (RFC 5280 sets no limit).
    let (code, last) = last_line(
        "deep-chain-max-depth-20",
        &["--host", "www.example.com", "--max-depth", "20"],
    );
    assert_eq!(code, Some(0), "{last}");
    assert!(
        last.starts_with("VALID: CN=www.example.com -> CN=Certchain Test Intermediate CA 11 -> "),
        "{last}"
    );
    assert!(
        last.contains(" -> CN=Certchain Test Intermediate CA 1 -> CN=Certchain Test Root CA"),
        "{last}"
    );

    // The same chain under the documented default of 10.
    let (code, last) = last_line("deep-chain-default-depth", &["--host", "www.example.com"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        last,
        "INVALID: [11] CN=Certchain Test Intermediate CA 1: intermediate number 11 from the leaf is over the maximum chain depth of 10 (the default; the policy's maximum depth changes it); the path to the trust anchor has 11 intermediate certificates (self-issued ones not counted) (depth_exceeded)"
    );

    // Under --max-depth 5 the path is still found, and the 6th intermediate is blamed.
    let (code, last) = last_line(
        "deep-chain-max-depth-5",
        &["--host", "www.example.com", "--max-depth", "5"],
    );
    assert_eq!(code, Some(1));
    assert_eq!(
        last,
        "INVALID: [6] CN=Certchain Test Intermediate CA 6: intermediate number 6 from the leaf is over the maximum chain depth of 5 (the policy's maximum depth); the path to the trust anchor has 11 intermediate certificates (self-issued ones not counted) (depth_exceeded)"
    );

    // One intermediate is "1 intermediate certificate".
    let (code, last) = last_line(
        "valid-rsa",
        &["--host", "www.example.com", "--max-depth", "0"],
    );
    assert_eq!(code, Some(1));
    assert_eq!(
        last,
        "INVALID: [1] CN=Certchain Test Intermediate CA: intermediate number 1 from the leaf is over the maximum chain depth of 0 (the policy's maximum depth); the path to the trust anchor has 1 intermediate certificate (self-issued ones not counted) (depth_exceeded)"
    );
}

#[test]
fn a_ca_certificate_as_the_server_leaf_is_an_error_under_webpki_only() {
    // Issue 8 item 1: cA TRUE, keyUsage digitalSignature + keyCertSign, EKU serverAuth and
    // the right SAN was VALID before.
    let args = ["--host", "www.example.com", "--color", "never"];
    let out = verify("ca-as-leaf", &args);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("    ✗ ca_used_as_leaf: basicConstraints asserts cA TRUE: a CA certificate is used as the TLS server certificate, and a subscriber certificate is not a CA (the rfc5280 profile accepts it) [CA/B BR 7.1.2.7.8]\n"),
        "{text}"
    );
    assert!(
        text.lines()
            .last()
            .unwrap()
            .starts_with("INVALID: [0] CN=www.example.com: basicConstraints asserts cA TRUE")
            && text.trim_end().ends_with("(ca_used_as_leaf)"),
        "{text}"
    );
    // Without any keyUsage it is the same error.
    let out = verify("ca-as-leaf-without-key-usage", &args);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&verify(
        "ca-as-leaf-without-key-usage",
        &["--host", "www.example.com", "--format", "json"],
    ));
    assert_eq!(v["verdict"], "invalid");
    assert_eq!(v["findings"][0]["depth"], 0);
    assert_eq!(v["findings"][0]["code"], "ca_used_as_leaf");
    assert_eq!(v["findings"][0]["severity"], "error");
    // RFC 5280 alone does not forbid it.
    let out = verify(
        "ca-as-leaf",
        &[&args[..], &["--profile", "rfc5280"]].concat(),
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_cn_outside_the_san_is_a_warning_and_the_chain_is_valid() {
    // Issue 8 item 16: INVALID (malformed) before.
    let out = verify(
        "cn-not-in-san",
        &["--host", "valid.example.com", "--color", "never"],
    );
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("    ! cn_not_in_san: the subject commonName \"notinsan.example.com\" is not one of the subjectAltName values (DNS:valid.example.com, DNS:another.example.com); a client that falls back to the CN would accept it for a name the SAN does not list (certchain never matches names against the CN) [CA/B BR 7.1.4.3]\n"),
        "{text}"
    );
    assert!(
        text.contains("    checks    signature ✓  key ✓  validity ✓  usage ✓  name ✓  constraints ✓  structure ✓  trust ✓\n"),
        "{text}"
    );
    assert!(
        text.lines().last().unwrap().starts_with("VALID: "),
        "{text}"
    );
    // The CN is never matched: asking for it is still a name mismatch.
    let out = verify(
        "cn-not-in-san",
        &["--host", "notinsan.example.com", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    let codes: Vec<(Value, Value)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["code"].clone(), f["severity"].clone()))
        .collect();
    assert!(
        codes.contains(&("name_mismatch".into(), "error".into())),
        "{v}"
    );
    assert!(
        codes.contains(&("cn_not_in_san".into(), "warning".into())),
        "{v}"
    );
    // The same warning under --profile rfc5280.
    let out = verify(
        "cn-not-in-san",
        &[
            "--host",
            "valid.example.com",
            "--profile",
            "rfc5280",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json(&out)["findings"][0]["code"], "cn_not_in_san");
}

#[test]
fn a_host_with_a_trailing_dot_is_an_absolute_name_but_a_san_with_one_is_malformed() {
    let out = verify(
        "valid-rsa",
        &["--host", "www.example.com.", "--color", "never"],
    );
    assert_eq!(out.status.code(), Some(0));
    // Issue 8 item 3: the SAN www.example.com. passed the syntax check and matched before.
    let out = verify(
        "san-dns-trailing-dot",
        &["--host", "www.example.com", "--color", "never"],
    );
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("    ✗ malformed: subjectAltName dNSName \"www.example.com.\" is not a valid DNS name [RFC 5280 4.2.1.6]\n"),
        "{text}"
    );
}

#[test]
fn a_leaf_that_is_itself_in_the_trust_store_is_shown_as_a_leaf_in_the_store() {
    // One definition of the role: JSON and text agree that it is the leaf (leaf rules
    // apply), and the text says it is in the store; no signature mark, nothing signed it.
    let dir = format!("{}/fixtures/valid-rsa", env!("CARGO_MANIFEST_DIR"));
    let run = |format: &str| {
        certchain()
            .args(["verify", &format!("{dir}/chain.pem"), "--roots"])
            .arg(format!("{dir}/chain.pem"))
            .args(["--host", "www.example.com", "--at", "2026-06-01"])
            .args(["--color", "never", "--format", format])
            .output()
            .unwrap()
    };
    let out = run("text");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("  [0] CN=www.example.com (in the trust store)\n"),
        "{text}"
    );
    assert!(
        text.contains("[0] CN=www.example.com (leaf, in the trust store)\n"),
        "{text}"
    );
    assert!(text.contains("    checks    key ✓  validity ✓"), "{text}");
    let v = json(&run("json"));
    assert_eq!(v["path"][0]["role"], "leaf");
    assert_eq!(v["reached_anchor"], true);
}
