//! Bad input of every kind ends with exit code 2 and one line on stderr naming the file
//! and, in a bundle, the block: never a panic, never a silently skipped block.

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
        e.contains("notes.txt: no PEM CERTIFICATE block and not DER"),
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
fn private_key_block_is_refused_not_skipped() {
    let cert = one_pem_cert();
    let text = format!("{cert}-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n");
    let p = tmp("withkey.pem", text.as_bytes());
    let e = verify_fails(&[p.to_str().unwrap()]);
    assert!(
        e.contains("PEM block 2")
            && e.contains("a PRIVATE KEY block where a CERTIFICATE was expected"),
        "{e}"
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
