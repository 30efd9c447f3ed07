//! Bad input of every kind ends with exit code 2 and one line on stderr naming the file
//! and, in a bundle, the block: never a panic, never a silently skipped block.

#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

mod common;

use common::certchain;
use std::path::PathBuf;

fn tmp(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-input-errors");
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// A real certificate in PEM, from the bundled root store.
fn one_pem_cert() -> String {
    let roots = include_str!("../roots/mozilla-roots.pem").replace("\r\n", "\n");
    let start = roots.find("-----BEGIN CERTIFICATE-----").unwrap();
    let end =
        roots.find("-----END CERTIFICATE-----").unwrap() + "-----END CERTIFICATE-----\n".len();
    roots[start..end].to_string()
}

/// Run `certchain verify FILE` and return stderr, asserting exit code 2 and one line.
fn verify_fails(args: &[&str]) -> String {
    let out = certchain().arg("verify").args(args).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "args {args:?}: stderr {stderr}");
    assert!(out.stdout.is_empty(), "nothing on stdout for bad input");
    assert_eq!(stderr.lines().count(), 1, "exactly one line: {stderr:?}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

#[test]
fn missing_file() {
    let e = verify_fails(&["does-not-exist.pem"]);
    assert_eq!(e, "error: does-not-exist.pem: no such file\n");
}

#[test]
fn directory_instead_of_file() {
    let dir = env!("CARGO_TARGET_TMPDIR");
    let e = verify_fails(&[dir]);
    assert!(e.contains("is a directory"), "{e}");
}

#[test]
fn empty_file() {
    let p = tmp("empty.pem", b"");
    let e = verify_fails(&[p.to_str().unwrap()]);
    assert!(e.ends_with("empty.pem: the file is empty\n"), "{e}");
}

#[test]
fn no_certificate_in_text() {
    let p = tmp("notes.txt", b"just some notes\n");
    let e = verify_fails(&[p.to_str().unwrap()]);
    assert!(
        e.ends_with("notes.txt: not a certificate file (tried PEM, DER, PKCS#7, PKCS#12)\n"),
        "{e}"
    );
}

#[test]
fn truncated_pem_block() {
    let cert = one_pem_cert();
    let cut = &cert[..cert.len() / 2];
    let p = tmp("truncated.pem", cut.as_bytes());
    let e = verify_fails(&[p.to_str().unwrap()]);
    assert!(
        e.contains("truncated.pem: PEM block 1 (line 1): no END line"),
        "{e}"
    );
}

#[test]
fn bad_base64_names_the_block_and_line() {
    let cert = one_pem_cert();
    let lines = cert.lines().count();
    let text = format!("# fullchain\n{cert}-----BEGIN CERTIFICATE-----\nMIIB!!not*base64\n-----END CERTIFICATE-----\n");
    let p = tmp("badbase64.pem", text.as_bytes());
    let e = verify_fails(&[p.to_str().unwrap()]);
    assert_eq!(
        e,
        format!(
            "error: {}: PEM block 2 (line {}): invalid base64\n",
            p.display(),
            lines + 2
        )
    );
}

#[test]
fn der_that_does_not_parse() {
    let p = tmp("garbage.der", b"\x30\x82\x01\x00garbage");
    let e = verify_fails(&[p.to_str().unwrap()]);
    assert!(
        e.contains("garbage.der: truncated or not a certificate"),
        "{e}"
    );
}

#[test]
fn pem_block_that_is_not_a_certificate() {
    let p = tmp(
        "hello.pem",
        b"-----BEGIN CERTIFICATE-----\naGVsbG8gd29ybGQ=\n-----END CERTIFICATE-----\n",
    );
    let e = verify_fails(&[p.to_str().unwrap()]);
    assert!(
        e.contains("hello.pem: PEM block 1 (line 1): truncated or not a certificate"),
        "{e}"
    );
}

#[test]
fn der_with_the_wrong_element_says_what_was_expected_in_words() {
    // A SEQUENCE holding an INTEGER where the tbsCertificate SEQUENCE belongs.
    let p = tmp("wrong-tag.der", b"\x30\x03\x02\x01\x00");
    let e = verify_fails(&[p.to_str().unwrap()]);
    assert_eq!(
        e,
        format!(
            "error: {}: not a DER X.509 certificate: expected a SEQUENCE, found an INTEGER\n",
            p.display()
        )
    );
}

/// The valid-rsa fixture with the options that make it valid.
const VALID_RSA: [&str; 6] = [
    "--roots",
    "fixtures/valid-rsa/roots.pem",
    "--host",
    "www.example.com",
    "--at",
    "2026-06-01",
];

fn valid_rsa_chain() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/valid-rsa/chain.pem"
    ))
    .unwrap()
}

/// Run `certchain verify` from the crate root; (exit code, stdout, stderr).
fn verify_run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = certchain()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("verify")
        .args(args)
        .args(["--color", "never"])
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn the_old_openssl_x509_certificate_label_is_read() {
    let text = valid_rsa_chain()
        .replace("BEGIN CERTIFICATE", "BEGIN X509 CERTIFICATE")
        .replace("END CERTIFICATE", "END X509 CERTIFICATE");
    let p = tmp("x509-label.pem", text.as_bytes());
    let mut args = vec![p.to_str().unwrap()];
    args.extend(VALID_RSA);
    let (code, out, err) = verify_run(&args);
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(out.lines().last().unwrap().starts_with("VALID: "), "{out}");
    // BEGIN and END must still agree.
    let text = valid_rsa_chain().replacen("END CERTIFICATE", "END X509 CERTIFICATE", 1);
    let p = tmp("x509-label-mismatch.pem", text.as_bytes());
    let e = verify_fails(&[p.to_str().unwrap()]);
    assert!(
        e.ends_with(
            "PEM block 1 (line 3): mismatched END line \"-----END X509 CERTIFICATE-----\"\n"
        ),
        "{e}"
    );
}

/// A private key block whose body must never appear in any output.
const KEY_BODY: &str = "MC4CAQAwBQYDK2VwBCIEIKeyMaterialMustNeverBePrinted0000000000000";

#[test]
fn a_combined_certificate_and_key_file_is_read_and_the_key_skipped() {
    let chain = valid_rsa_chain();
    let key_line = chain.lines().count() + 1;
    let text = format!(
        "{chain}-----BEGIN PRIVATE KEY-----\n{KEY_BODY}\n-----END PRIVATE KEY-----\n\
         -----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
    );
    let p = tmp("combined.pem", text.as_bytes());
    let file = p.to_str().unwrap();
    let mut args = vec![file];
    args.extend(VALID_RSA);
    let (code, out, err) = verify_run(&args);
    assert_eq!(code, Some(0), "{out}{err}");
    assert_eq!(
        out.lines().next().unwrap(),
        format!(
            "Skipped 2 non-certificate blocks in {file}: PRIVATE KEY (block 3, line {key_line}), \
             EC PARAMETERS (block 4, line {}); contents neither read nor shown",
            key_line + 3
        )
    );
    assert!(out.lines().last().unwrap().starts_with("VALID: "), "{out}");
    assert!(
        !out.contains(KEY_BODY) && !err.contains(KEY_BODY),
        "{out}{err}"
    );

    args.extend(["--format", "json"]);
    let (code, out, err) = verify_run(&args);
    assert_eq!(code, Some(0), "{out}{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["verdict"], "valid");
    assert_eq!(
        doc["skipped_blocks"],
        serde_json::json!([
            {"file": file, "block": 3, "line": key_line, "type": "PRIVATE KEY"},
            {"file": file, "block": 4, "line": key_line + 3, "type": "EC PARAMETERS"},
        ])
    );
    assert!(!out.contains(KEY_BODY), "{out}");
}

#[test]
fn intermediates_from_a_combined_file_are_read_too() {
    let chain = valid_rsa_chain();
    let second = chain
        .match_indices("-----BEGIN CERTIFICATE-----")
        .nth(1)
        .unwrap()
        .0;
    let leaf = tmp("leaf-only.pem", &chain.as_bytes()[..second]);
    let int = format!(
        "{}-----BEGIN RSA PRIVATE KEY-----\n{KEY_BODY}\n-----END RSA PRIVATE KEY-----\n",
        &chain[second..]
    );
    let int = tmp("int-and-key.pem", int.as_bytes());
    let int_file = int.to_str().unwrap();
    let mut args = vec![leaf.to_str().unwrap(), "--intermediates", int_file];
    args.extend(VALID_RSA);
    let (code, out, err) = verify_run(&args);
    assert_eq!(code, Some(0), "{out}{err}");
    assert_eq!(
        out.lines().next().unwrap(),
        format!(
            "Skipped 1 non-certificate block in {int_file}: RSA PRIVATE KEY (block 2, line 22); \
             contents neither read nor shown"
        )
    );
}

#[test]
fn skipped_blocks_count_toward_the_block_limit() {
    let key = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
    let text = format!(
        "{}{}",
        one_pem_cert(),
        key.repeat(certchain::limits::MAX_CERTS_PER_INPUT)
    );
    let p = tmp("many-keys.pem", text.as_bytes());
    let e = verify_fails(&[p.to_str().unwrap()]);
    assert!(
        e.ends_with(&format!(
            "PEM block {} (line {}): more than {} blocks in one input\n",
            certchain::limits::MAX_CERTS_PER_INPUT + 1,
            one_pem_cert().lines().count() + 3 * (certchain::limits::MAX_CERTS_PER_INPUT - 1) + 1,
            certchain::limits::MAX_CERTS_PER_INPUT
        )),
        "{e}"
    );
}

#[test]
fn a_file_with_only_a_key_or_an_unknown_block_is_still_refused() {
    let p = tmp(
        "only-key.pem",
        format!("-----BEGIN PRIVATE KEY-----\n{KEY_BODY}\n-----END PRIVATE KEY-----\n").as_bytes(),
    );
    let e = verify_fails(&[p.to_str().unwrap()]);
    assert_eq!(
        e,
        format!(
            "error: {}: no CERTIFICATE block found (only a PRIVATE KEY block)\n",
            p.display()
        )
    );
    assert!(!e.contains(KEY_BODY));
    // A block that may hold certificates is never passed over: a PKCS7 block is read
    // (here a broken one), an unknown label refused.
    let text = format!(
        "{}-----BEGIN PKCS7-----\nMIIB\n-----END PKCS7-----\n",
        one_pem_cert()
    );
    let p = tmp("with-pkcs7.pem", text.as_bytes());
    let e = verify_fails(&[p.to_str().unwrap()]);
    assert!(
        e.contains("PEM block 2") && e.contains("corrupt PKCS#7"),
        "{e}"
    );
    let text = format!(
        "{}-----BEGIN CMS-----\nMIIB\n-----END CMS-----\n",
        one_pem_cert()
    );
    let p = tmp("with-cms.pem", text.as_bytes());
    let e = verify_fails(&[p.to_str().unwrap()]);
    assert!(
        e.contains("PEM block 2") && e.contains("a CMS block where a CERTIFICATE was expected"),
        "{e}"
    );
    // A key block cut short is an error that shows none of it.
    let text = format!(
        "{}-----BEGIN PRIVATE KEY-----\n{KEY_BODY}\n",
        one_pem_cert()
    );
    let p = tmp("cut-key.pem", text.as_bytes());
    let e = verify_fails(&[p.to_str().unwrap()]);
    assert!(
        e.contains("PEM block 2") && e.contains("no END line"),
        "{e}"
    );
    assert!(!e.contains(KEY_BODY));
}

#[test]
fn article_before_a_label_that_starts_with_a_vowel_sound() {
    // A certificate given as a CRL.
    let (code, _, err) = verify_run(&[
        "fixtures/valid-rsa/chain.pem",
        "--crl",
        "fixtures/valid-rsa/chain.pem",
    ]);
    assert_eq!(code, Some(2));
    assert_eq!(
        err,
        "error: fixtures/valid-rsa/chain.pem: PEM block 1 (line 3): \
         a CERTIFICATE block where an X.509 CRL (BEGIN X509 CRL) was expected\n"
    );
}

/// Run with `--format json` expecting exit 2: the one JSON object on stdout.
fn json_error(args: &[&str]) -> serde_json::Value {
    let out = certchain()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stdout}{stderr}");
    assert!(
        stderr.starts_with("error: "),
        "the error line stays: {stderr}"
    );
    serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{args:?}: one JSON object on stdout ({e}): {stdout:?}"))
}

#[test]
fn json_errors_are_one_object_on_stdout() {
    assert_eq!(
        json_error(&["verify", "does-not-exist.pem", "--format", "json"]),
        serde_json::json!({"error": {"kind": "input", "message": "does-not-exist.pem: no such file"}})
    );
    assert_eq!(
        json_error(&[
            "verify",
            "fixtures/valid-rsa/chain.pem",
            "--at",
            "soon",
            "--format=json"
        ]),
        serde_json::json!({"error": {"kind": "usage", "message":
            "--at \"soon\": not an RFC 3339 time (2026-06-01T12:00:00Z) or a date (2026-06-01)"}})
    );
    assert_eq!(
        json_error(&["verify", "--format", "json"]),
        serde_json::json!({"error": {"kind": "usage", "message":
            "the following required arguments were not provided: <CHAIN>"}})
    );
    let doc = json_error(&["connect", "localhost:99999", "--format", "json"]);
    assert_eq!(doc["error"]["kind"], "usage");
    assert!(
        doc["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("\"localhost:99999\": not HOST[:PORT]"),
        "{doc}"
    );
}

#[test]
fn bad_roots_and_times_and_hosts() {
    let p = tmp("one.pem", one_pem_cert().as_bytes());
    let f = p.to_str().unwrap();
    assert!(verify_fails(&[f, "--roots", "/no/such/roots.pem"])
        .contains("/no/such/roots.pem: no such file"));
    assert!(verify_fails(&[f, "--at", "yesterday"]).contains("--at \"yesterday\""));
    assert!(verify_fails(&[f, "--host", "exa mple.com"]).contains("--host"));
    assert!(verify_fails(&[f, "--purpose", "toaster"]).contains("--purpose"));
    assert!(verify_fails(&[f, "--crl", "/no/such.crl"]).contains("/no/such.crl: no such file"));
}

#[test]
fn usage_error_exits_2() {
    let out = certchain().arg("verify").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}
