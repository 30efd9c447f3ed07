//! `certchain verify --emit-fullchain`: the chain a server should send, through the real
//! binary: path order, each certificate once, no root, no unused certificate, `-` for
//! stdout, and a note when no path reached a trust anchor.

#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

mod common;

use common::{fixture, verify_fixture};
use std::path::PathBuf;

/// A fresh output path under the target directory.
fn out_path(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli_fullchain");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    let _ = std::fs::remove_file(&path);
    path
}

/// `certchain verify` on a fixture at its check time with `--emit-fullchain DEST`.
fn verify(scenario: &str, dest: &str) -> std::process::Output {
    let args = [
        "--host",
        "www.example.com",
        "--color",
        "never",
        "--emit-fullchain",
        dest,
    ];
    verify_fixture(scenario, &args)
}

/// The DER of each certificate of a fixture's chain.pem, in file order.
fn presented(scenario: &str) -> Vec<Vec<u8>> {
    let text = std::fs::read_to_string(fixture(scenario, "chain.pem")).unwrap();
    pem::parse_many(text)
        .unwrap()
        .into_iter()
        .map(|p| p.into_contents())
        .collect()
}

/// PEM of these certificates, 64-character lines, LF.
fn pem_of(ders: &[&Vec<u8>]) -> String {
    ders.iter()
        .map(|d| {
            pem::encode_config(
                &pem::Pem::new("CERTIFICATE", d.to_vec()),
                pem::EncodeConfig::new().set_line_ending(pem::LineEnding::LF),
            )
        })
        .collect()
}

/// Run with a file as the destination; return what was written.
fn written(scenario: &str) -> (std::process::Output, String) {
    let path = out_path(&format!("{scenario}.pem"));
    let out = verify(scenario, path.to_str().unwrap());
    let pem = std::fs::read_to_string(&path).unwrap_or_default();
    (out, pem)
}

#[test]
fn valid_chain_is_the_leaf_and_the_intermediate_byte_for_byte() {
    let (out, pem) = written("valid-rsa");
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The fixture is leaf + intermediate with a comment above each block: the same
    // blocks, byte for byte, without the comments.
    let fixture_text = std::fs::read_to_string(fixture("valid-rsa", "chain.pem")).unwrap();
    let expected: String = fixture_text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(pem, expected);
    let certs = presented("valid-rsa");
    assert_eq!(pem, pem_of(&[&certs[0], &certs[1]]));
}

#[test]
fn out_of_order_is_written_in_path_order() {
    // Sent as leaf, intermediate 1 (below the root), intermediate 2 (issuer of the leaf).
    let (out, pem) = written("out-of-order");
    assert_eq!(out.status.code(), Some(0));
    let certs = presented("out-of-order");
    assert_eq!(certs.len(), 3);
    assert_eq!(pem, pem_of(&[&certs[0], &certs[2], &certs[1]]));
}

#[test]
fn duplicate_certificate_is_written_once() {
    let (out, pem) = written("duplicate-certificate");
    assert_eq!(out.status.code(), Some(0));
    let certs = presented("duplicate-certificate");
    assert_eq!(certs.len(), 3);
    assert_eq!(
        certs[1], certs[2],
        "the fixture sends its intermediate twice"
    );
    assert_eq!(pem, pem_of(&[&certs[0], &certs[1]]));
}

#[test]
fn included_root_is_left_out() {
    let (out, pem) = written("root-included");
    assert_eq!(out.status.code(), Some(0));
    let certs = presented("root-included");
    assert_eq!(certs.len(), 3);
    assert_eq!(pem, pem_of(&[&certs[0], &certs[1]]));
}

#[test]
fn unused_certificate_is_left_out() {
    let (out, pem) = written("unused-certificate");
    assert_eq!(out.status.code(), Some(0));
    let certs = presented("unused-certificate");
    assert_eq!(certs.len(), 3);
    assert_eq!(pem, pem_of(&[&certs[0], &certs[1]]));
}

#[test]
fn dash_writes_the_chain_to_stdout_and_the_report_to_stderr() {
    let out = verify("out-of-order", "-");
    assert_eq!(out.status.code(), Some(0));
    let certs = presented("out-of-order");
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        pem_of(&[&certs[0], &certs[2], &certs[1]]),
        "stdout is the chain, nothing else"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr
            .starts_with("Checked at 2026-06-01T00:00:00Z, purpose server, host www.example.com\n"),
        "{stderr}"
    );
    assert!(
        stderr
            .lines()
            .last()
            .unwrap()
            .starts_with("VALID: CN=www.example.com -> "),
        "{stderr}"
    );
    assert!(!std::path::Path::new("-").exists(), "no file named '-'");
}

#[test]
fn no_path_to_an_anchor_writes_nothing_and_says_why() {
    let path = out_path("untrusted-root.pem");
    let out = verify("untrusted-root", path.to_str().unwrap());
    assert_eq!(out.status.code(), Some(1));
    assert!(!path.exists(), "nothing is written");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr,
        format!(
            "note: --emit-fullchain {}: not written: no path to a trust anchor was built, so \
             the certificates to send are not known\n",
            path.display()
        )
    );
    // The report is the usual one.
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.lines().last().unwrap().ends_with("(untrusted_root)"),
        "{stdout}"
    );
}

#[test]
fn invalid_chain_that_reaches_an_anchor_is_still_written() {
    // The intermediate expired: it is still the one a server sends until it is replaced.
    let (out, pem) = written("expired-intermediate");
    assert_eq!(out.status.code(), Some(1));
    let certs = presented("expired-intermediate");
    assert_eq!(pem, pem_of(&[&certs[0], &certs[1]]));
}

#[test]
fn unwritable_file_is_an_output_error_naming_it() {
    let dir = out_path("no-such-dir");
    let dest = dir.join("fullchain.pem");
    let out = verify("valid-rsa", dest.to_str().unwrap());
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with(&format!("error: --emit-fullchain {}: ", dest.display())),
        "{stderr}"
    );
}
