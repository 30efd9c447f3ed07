//! `certchain roots list|find|export` through the real binary: what the bundled store and
//! given files hold, searches by name and fingerprint, PEM export, and the exit codes.

#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

mod common;

use common::{certchain, fixture};

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = certchain()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The line of the valid-rsa root.
const TEST_ROOT: &str = "2035-01-01  RSA 2048     \
    d8375e17e2b280f203583e3fb7f78cc2810756ee2c61b3887badf28601312a79  \
    C=XX, O=Certchain Test, CN=Certchain Test Root CA";

const ISRG_X1: &str = "2035-06-04  RSA 4096     \
    96bcec06264976f37460779acf28c5a7cfe8a3c0aae11a8ffcee05c0bddf08c6  \
    C=US, O=Internet Security Research Group, CN=ISRG Root X1";

#[test]
fn list_the_bundled_store_one_sorted_line_per_root() {
    let (code, out, err) = run(&["roots", "list"]);
    assert_eq!(code, Some(0), "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), certchain::TrustStore::bundled().len());
    assert!(lines.contains(&ISRG_X1), "{out}");
    // The subject follows the 64 hex digits of the fingerprint and two spaces.
    let subjects: Vec<&str> = lines
        .iter()
        .map(|l| {
            let sha = l.split_whitespace().find(|w| w.len() == 64).unwrap();
            &l[l.find(sha).unwrap() + 66..]
        })
        .collect();
    let mut sorted = subjects.clone();
    sorted.sort();
    assert_eq!(subjects, sorted, "sorted by subject");
    for l in &lines {
        // date, key, 64 hex digits, subject
        let date = &l[..10];
        assert!(
            chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok(),
            "{l}"
        );
        let sha = l.split_whitespace().find(|w| w.len() == 64).unwrap();
        assert!(sha.chars().all(|c| c.is_ascii_hexdigit()), "{l}");
    }
}

#[test]
fn list_a_file_as_json() {
    let roots = fixture("valid-rsa", "roots.pem");
    let (code, out, _) = run(&["roots", "list", "--roots", &roots, "--format", "json"]);
    assert_eq!(code, Some(0));
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["store"], format!("{roots} (1)"));
    assert_eq!(
        doc["roots"],
        serde_json::json!([{
            "subject": "C=XX, O=Certchain Test, CN=Certchain Test Root CA",
            "key": "RSA 2048",
            "not_before": "2025-01-01T00:00:00Z",
            "not_after": "2035-01-01T00:00:00Z",
            "sha256": "d8375e17e2b280f203583e3fb7f78cc2810756ee2c61b3887badf28601312a79",
            "sha1": "2ed0a60c1a451096ba4e2523a2e3ef24678812d5",
            "source": format!("root store {roots} #1"),
        }])
    );
}

#[test]
fn expiring_lists_only_the_roots_expiring_within_the_days() {
    let roots = fixture("valid-rsa", "roots.pem");
    let base = ["roots", "list", "--roots", &roots, "--at", "2034-06-01"];
    let (code, out, _) = run(&[&base[..], &["--expiring", "365"]].concat());
    assert_eq!(code, Some(0));
    assert_eq!(
        out,
        format!(
            "{}\n",
            TEST_ROOT.replacen("2035-01-01", "2035-01-01 (in 214 days)", 1)
        )
    );
    // Nothing within 30 days: nothing on stdout, a note on stderr, exit 1.
    let (code, out, err) = run(&[&base[..], &["--expiring", "30"]].concat());
    assert_eq!((code, out.as_str()), (Some(1), ""));
    assert!(
        err.starts_with("note: no root of ") && err.ends_with(" expires within 30 days\n"),
        "{err}"
    );
    // Already expired counts as expiring.
    let (code, out, _) = run(&[
        "roots",
        "list",
        "--roots",
        &roots,
        "--at",
        "2035-03-01",
        "--expiring",
        "1",
    ]);
    assert_eq!(code, Some(0));
    assert!(
        out.starts_with("2035-01-01 (expired 59 days ago)  RSA 2048"),
        "{out}"
    );
    // Without --at: counted from now; the bundled roots expiring within a century are
    // all of them.
    let (code, out, _) = run(&["roots", "list", "--expiring", "36500"]);
    assert_eq!(code, Some(0));
    assert_eq!(out.lines().count(), certchain::TrustStore::bundled().len());
}

#[test]
fn find_by_name_or_fingerprint() {
    for query in [
        "isrg root x1",
        "96bcec0626",
        "96:BC:EC:06:26",
        // SHA-1 of ISRG Root X1
        "cabd2a79a1076a31f21d253635cb039d4329a5e8",
    ] {
        let (code, out, _) = run(&["roots", "find", query]);
        assert_eq!(code, Some(0), "{query}");
        assert_eq!(out, format!("{ISRG_X1}\n"), "{query}");
    }
    let (code, out, _) = run(&["roots", "find", "ISRG"]);
    assert_eq!((code, out.lines().count()), (Some(0), 2), "{out}");
    let (code, out, _) = run(&["roots", "find", "no such root anywhere"]);
    assert_eq!((code, out.as_str()), (Some(1), ""));
    // A too-short hex prefix is a name, and no subject holds "96bc".
    let (code, _, _) = run(&["roots", "find", "96b"]);
    assert_eq!(code, Some(1));
    let (code, out, _) = run(&["roots", "find", "isrg root x1", "--format", "json"]);
    assert_eq!(code, Some(0));
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        doc["roots"][0]["subject"],
        "C=US, O=Internet Security Research Group, CN=ISRG Root X1"
    );
}

#[test]
fn export_writes_a_pem_bundle_that_reads_back() {
    let (code, out, _) = run(&["roots", "export", "ISRG Root X1"]);
    assert_eq!(code, Some(0));
    assert!(out.starts_with(
        "# C=US, O=Internet Security Research Group, CN=ISRG Root X1\n-----BEGIN CERTIFICATE-----\n"
    ));
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-roots");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("isrg.pem");
    std::fs::write(&file, &out).unwrap();
    let (code, listed, _) = run(&["roots", "list", "--roots", file.to_str().unwrap()]);
    assert_eq!((code, listed), (Some(0), format!("{ISRG_X1}\n")));

    // Everything: one block per bundled root.
    let (code, all, _) = run(&["roots", "export"]);
    assert_eq!(code, Some(0));
    assert_eq!(
        all.matches("-----BEGIN CERTIFICATE-----").count(),
        certchain::TrustStore::bundled().len()
    );
    let (code, out, _) = run(&["roots", "export", "no such root anywhere"]);
    assert_eq!((code, out.as_str()), (Some(1), ""));
}

#[test]
fn bad_sources_are_input_errors() {
    let (code, out, err) = run(&["roots", "list", "--roots", "no/such/roots.pem"]);
    assert_eq!((code, out.as_str()), (Some(2), ""));
    assert_eq!(err, "error: no/such/roots.pem: no such file or directory\n");
    let (code, out, _) = run(&[
        "roots",
        "find",
        "x",
        "--roots",
        "no/such/roots.pem",
        "--format",
        "json",
    ]);
    assert_eq!(code, Some(2));
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["error"]["kind"], "input");
    let (code, _, err) = run(&["roots", "list", "--expiring", "soon"]);
    assert_eq!(code, Some(2), "{err}");
}
