//! `certchain batch` through the binary: JSONL lines, a directory of PEM files and stdin
//! in; one JSON result per chain out in input order; the counts on stderr; exit codes.

#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

mod common;

use common::{certchain, fixture};
use std::path::PathBuf;

/// A fresh directory for one test under cargo's per-test temp dir.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("cli_batch-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn pem(scenario: &str) -> String {
    std::fs::read_to_string(fixture(scenario, "chain.pem")).unwrap()
}

/// The roots of the scenarios used here, and the fixtures' check time.
fn roots_args() -> Vec<String> {
    vec![
        "--roots".into(),
        fixture("valid-rsa", "roots.pem"),
        "--roots".into(),
        fixture("expired-leaf", "roots.pem"),
        "--at".into(),
        "2026-06-01".into(),
    ]
}

fn line(v: serde_json::Value) -> String {
    format!("{v}\n")
}

/// The stderr lines before the timing line (which varies run to run), and that line.
fn summary_of(stderr: &[u8]) -> (Vec<String>, String) {
    let text = String::from_utf8(stderr.to_vec()).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let timing = lines.pop().unwrap();
    (lines, timing)
}

#[test]
fn jsonl_lines_give_results_in_input_order_with_codes_and_errors_named_by_line() {
    let dir = scratch("jsonl");
    let valid = pem("valid-rsa");
    let der_b64: Vec<String> = valid
        .split("-----END CERTIFICATE-----")
        .filter(|b| b.contains("BEGIN"))
        .map(|b| {
            b.lines()
                .skip_while(|l| !l.starts_with("-----BEGIN"))
                .skip(1)
                .collect::<String>()
        })
        .collect();
    let mut input = String::new();
    input += &line(serde_json::json!({"id": "ok", "pem": valid, "host": "www.example.com"}));
    input += &line(serde_json::json!({"id": "der", "chain": der_b64}));
    input += &line(serde_json::json!({"id": "expired", "pem": pem("expired-leaf")}));
    input +=
        &line(serde_json::json!({"id": "wrong-host", "pem": valid, "host": "mail.example.org"}));
    input += &line(serde_json::json!({"id": "later", "pem": valid, "at": "2031-01-01"}));
    input += &line(serde_json::json!({"id": "client", "pem": valid, "purpose": "client"}));
    input += "\n"; // a blank line is passed over
    input += "{\"id\": \"broken\", \"pem\": \n";
    input += &line(serde_json::json!({"id": "typo", "pem": valid, "hots": "x"}));
    input += &line(serde_json::json!({"id": "junk", "chain": ["MAMCAQA="]}));
    input += &format!(
        "{{\"id\": \"huge\", \"pem\": \"{}\"}}\n",
        "A".repeat(1024 * 1024)
    );
    input += &line(serde_json::json!({"id": "last", "pem": valid}));
    let path = dir.join("in.jsonl");
    std::fs::write(&path, input).unwrap();

    let out = certchain()
        .arg("batch")
        .arg(&path)
        .args(roots_args())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "an unreadable line: exit 2");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[..6],
        [
            r#"{"id":"ok","verdict":"valid","codes":[]}"#,
            r#"{"id":"der","verdict":"valid","codes":[]}"#,
            r#"{"id":"expired","verdict":"invalid","codes":[{"depth":0,"code":"expired","severity":"error"}]}"#,
            r#"{"id":"wrong-host","verdict":"invalid","codes":[{"depth":0,"code":"name_mismatch","severity":"error"}]}"#,
            r#"{"id":"later","verdict":"invalid","codes":[{"depth":0,"code":"expired","severity":"error"}]}"#,
            r#"{"id":"client","verdict":"invalid","codes":[{"depth":0,"code":"eku_mismatch","severity":"error"}]}"#,
        ]
    );
    let errors: Vec<serde_json::Value> = lines[6..10]
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let brief: Vec<(&str, &str)> = errors
        .iter()
        .map(|e| {
            (
                e["id"].as_str().unwrap(),
                e["error"]["kind"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        brief,
        [
            ("line 8", "format"),
            ("typo", "format"),
            ("junk", "certificate"),
            ("line 11", "read"),
        ]
    );
    // Each message names the file, then the line.
    let file = path.display();
    assert_eq!(
        errors[3]["error"]["message"],
        format!("{file}: line 11: longer than 1048576 bytes (MAX_LINE_BYTES)")
    );
    assert!(errors[1]["error"]["message"]
        .as_str()
        .unwrap()
        .starts_with(&format!(
            "{file}: line 9 (id typo): not a batch line: unknown field `hots`"
        )));
    assert!(errors[2]["error"]["message"]
        .as_str()
        .unwrap()
        .starts_with(&format!(
            "{file}: line 10 (id junk): certificate #1 (the leaf) of the chain cannot be parsed: "
        )));
    assert_eq!(lines[10], r#"{"id":"last","verdict":"valid","codes":[]}"#);
    assert_eq!(lines.len(), 11);

    let (summary, timing) = summary_of(&out.stderr);
    assert_eq!(
        summary[0],
        format!("error: {file}: line 8: not a batch line: EOF while parsing a value at column 24")
    );
    assert_eq!(
        summary[4..],
        [
            "11 chains: 3 valid, 4 invalid, 4 unreadable",
            "         2  expired",
            "         1  eku_mismatch",
            "         1  name_mismatch",
            "         1  unreadable: certificate",
            "         2  unreadable: format",
            "         1  unreadable: read",
        ]
    );
    assert!(timing.contains(" chains/s, "), "{timing}");
    assert!(timing.ends_with("entries"), "{timing}");
}

#[test]
fn a_directory_of_pem_files_is_verified_in_name_order_with_paths_as_ids() {
    let dir = scratch("dir");
    let chains = dir.join("chains");
    std::fs::create_dir_all(chains.join("sub")).unwrap();
    std::fs::write(chains.join("b-expired.pem"), pem("expired-leaf")).unwrap();
    std::fs::write(chains.join("a-valid.pem"), pem("valid-rsa")).unwrap();
    let out = certchain()
        .arg("batch")
        .arg(&chains)
        .args(roots_args())
        .args(["--host", "www.example.com", "--jobs", "1"])
        .output()
        .unwrap();
    let c = chains.display();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!(
            "{{\"id\":\"{c}/a-valid.pem\",\"verdict\":\"valid\",\"codes\":[]}}\n\
             {{\"id\":\"{c}/b-expired.pem\",\"verdict\":\"invalid\",\"codes\":[{{\"depth\":0,\"code\":\"expired\",\"severity\":\"error\"}}]}}\n\
             {{\"id\":\"{c}/sub\",\"error\":{{\"kind\":\"read\",\"message\":\"{c}/sub: not a regular file\"}}}}\n"
        )
    );
    assert_eq!(out.status.code(), Some(2));
    let (summary, timing) = summary_of(&out.stderr);
    assert_eq!(summary[0], format!("error: {c}/sub: not a regular file"));
    assert_eq!(summary[1], "3 chains: 1 valid, 1 invalid, 1 unreadable");
    assert!(timing.contains(", 1 thread; cache: "), "{timing}");

    // Without the unreadable entry: exit 1 for the invalid chain.
    std::fs::remove_dir(chains.join("sub")).unwrap();
    let out = certchain()
        .arg("batch")
        .arg(&chains)
        .args(roots_args())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn stdin_missing_files_and_full_reports() {
    let dir = scratch("stdin");
    let input =
        line(serde_json::json!({"id": "ok", "pem": pem("valid-rsa"), "host": "www.example.com"}));
    let missing = dir.join("missing.jsonl");
    let out = certchain()
        .args(["batch", "-"])
        .arg(&missing)
        .args(roots_args())
        .arg("--full")
        .write_stdin(input.clone())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["verdict"], "valid");
    assert_eq!(lines[0]["report"]["verdict"], "valid");
    assert_eq!(lines[0]["report"]["path"].as_array().unwrap().len(), 3);
    assert_eq!(lines[0]["report"]["host"], "www.example.com");
    assert_eq!(lines[1]["id"], missing.display().to_string());
    assert_eq!(
        lines[1]["error"]["message"],
        format!(
            "{}: No such file or directory (os error 2)",
            missing.display()
        )
    );

    // Only valid chains: exit 0; the cache and the thread count change no result.
    let mut many = String::new();
    for i in 0..50 {
        let scenario = if i % 7 == 3 {
            "expired-leaf"
        } else {
            "valid-rsa"
        };
        many += &line(serde_json::json!({"id": i.to_string(), "pem": pem(scenario)}));
    }
    let run = |extra: &[&str]| {
        certchain()
            .args(["batch", "-"])
            .args(roots_args())
            .args(extra)
            .write_stdin(many.clone())
            .output()
            .unwrap()
    };
    let one = run(&["--jobs", "1"]);
    let two = run(&["--jobs", "2"]);
    let uncached = run(&["--jobs", "2", "--no-cache"]);
    assert_eq!(one.status.code(), Some(1));
    assert_eq!(one.stdout, two.stdout);
    assert_eq!(one.stdout, uncached.stdout);
    assert_eq!(String::from_utf8_lossy(&one.stdout).lines().count(), 50);
    assert!(String::from_utf8_lossy(&uncached.stderr).ends_with("; cache: off\n"));

    let valid_only = certchain()
        .args(["batch", "-"])
        .args(roots_args())
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(valid_only.status.code(), Some(0));
}

#[test]
fn bad_options_are_usage_errors() {
    let out = certchain()
        .args(["batch", "-", "--host", "not a host"])
        .write_stdin("")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "error: --host: \"not a host\" is neither a valid DNS name nor an IP address\n"
    );
    let out = certchain().args(["batch", "-", "-"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "error: batch: stdin (`-`) can be read only once\n"
    );
}
