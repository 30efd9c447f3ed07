//! `certchain inspect` through the binary: the text, short, JSON and PEM outputs, the lint
//! findings of fixtures that break a rule (codes, clauses, messages, exit codes) and that
//! they are verify's own, stdin, bad input, and a live server's chain (`openssl s_server`
//! on 127.0.0.1, port chosen by the OS).

#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

mod common;

use common::{certchain, fixture, openssl_available, pem_blocks, stdout_json, verify_fixture};
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// `certchain inspect` run from the package root (so the paths in the output are the
/// short ones the README shows), at the fixtures' check time.
fn inspect(args: &[&str]) -> std::process::Output {
    inspect_at("2026-06-01", args)
}

/// `certchain inspect` at another time.
fn inspect_at(at: &str, args: &[&str]) -> std::process::Output {
    certchain()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("inspect")
        .args(args)
        .args(["--at", at])
        .output()
        .unwrap()
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

#[test]
fn the_text_shows_each_certificate_and_its_lint_findings() {
    let out = inspect(&[
        "fixtures/expired-intermediate/chain.pem",
        "--color",
        "never",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "\
Inspected at 2026-06-01T00:00:00Z; lint: profile webpki, purpose server

#1 CN=www.example.com (leaf)
    subject          CN=www.example.com
    issuer           C=XX, O=Certchain Test, CN=Certchain Test Intermediate CA
    serial           56:D7:EB:0C:FC:A4:BD:A7:53:18:8F:62:6A:CC:58:33
    validity         2025-09-01T00:00:00Z .. 2026-09-01T00:00:00Z (expires in 92 days)
    key              RSA 2048
    signature        RSA PKCS#1 v1.5 with SHA-256
    subjectAltName   DNS:www.example.com
    keyUsage         digitalSignature, keyEncipherment (critical)
    extKeyUsage      serverAuth
    AKI              60:C4:EB:A7:BB:90:C0:30:2B:74:72:E0:72:E4:CB:A5:B7:18:E4:9C
    sha256           669a3df3aa51c88a1b5e2fa9ea203f293dbc6c82f84b41636e696ed26ea2f8eb
    sha1             e24b30a3951ea3b8e8d3e795fb37cbfef4fdc997
    from             fixtures/expired-intermediate/chain.pem #1
    lint             ✓ no findings

#2 CN=Certchain Test Intermediate CA (intermediate)
    subject          C=XX, O=Certchain Test, CN=Certchain Test Intermediate CA
    issuer           C=XX, O=Certchain Test, CN=Certchain Test Root CA
    serial           59:B6:5E:B1:C8:3C:07:C9:96:83:31:7B:8E:E4:76:B5
    validity         2025-01-01T00:00:00Z .. 2026-03-01T00:00:00Z (expired 92 days ago)
    key              RSA 2048
    signature        RSA PKCS#1 v1.5 with SHA-256
    keyUsage         keyCertSign, cRLSign (critical)
    basicConstraints CA:TRUE (critical)
    SKI              60:C4:EB:A7:BB:90:C0:30:2B:74:72:E0:72:E4:CB:A5:B7:18:E4:9C
    AKI              C8:DB:E2:DB:64:81:81:D0:C6:FF:70:CC:72:FF:26:21:97:1A:C6:BD
    sha256           9146c71cd42068bac6c0adf6246f8ed6bd3c3b42f88c34431d4cefce5c821961
    sha1             c2e2e5dddbe7a3a68afacc683cce66fc792f141b
    from             fixtures/expired-intermediate/chain.pem #2
    lint             1 error
    ✗ expired: expired 2026-03-01T00:00:00Z (92 days before the check time) [RFC 5280 4.1.2.5]

2 certificates; lint errors in: #2 CN=Certchain Test Intermediate CA
"
    );
}

#[test]
fn the_text_shows_every_extension_inspect_knows() {
    // Made on 2026-11-26 (tests/data/inspect/make.sh).
    let out = inspect_at(
        "2027-01-01",
        &["tests/data/inspect/rich.pem", "--color", "never"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    for line in [
        "    subjectAltName   DNS:www.example.com, DNS:example.com, IP:10.0.0.1, IP:2001:db8::1, email:admin@example.com, URI:https://www.example.com/\n",
        "    extKeyUsage      serverAuth, clientAuth, 1.3.6.1.4.1.55738.1.1\n",
        "    policies         2.23.140.1.2.1 (CA/B domain validated), 1.3.6.1.4.1.55738.2.1\n",
        "    OCSP             http://ocsp.example.com\n",
        "    caIssuers        http://ca.example.com/ca.crt\n",
        "    CRL              URI:http://crl.example.com/ca.crl\n",
        "    SCTs             2\n",
        "    unknown ext.     1.3.6.1.4.1.55738.3.1 (not critical)\n",
        "    basicConstraints CA:TRUE, pathlen:0 (critical)\n",
        "    nameConstraints  permitted DNS:example.com, IP:10.0.0.0/8, IP:2001:db8::/32; excluded email:.bad.example (critical)\n",
        "#2 CN=Certchain Inspect CA (root)\n",
    ] {
        assert!(text.contains(line), "no {line:?} in\n{text}");
    }
}

#[test]
fn short_prints_one_line_per_certificate() {
    let out = inspect(&["fixtures/valid-rsa/chain.pem", "--short"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "\
#1 leaf         CN=www.example.com  RSA 2048  until 2027-01-01T00:00:00Z (expires in 214 days)  sha256 ed76e37e6de73882  0 errors
#2 intermediate CN=Certchain Test Intermediate CA  RSA 2048  until 2035-01-01T00:00:00Z (expires in 3136 days)  sha256 2ac801d02bd32581  0 errors
"
    );
    let out = inspect(&["fixtures/weak-key-rsa1024/chain.pem", "--short"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).starts_with("#1 leaf         CN=www.example.com  RSA 1024  "),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).lines().next().unwrap().ends_with("  1 error"));
}

/// A lint finding as the JSON shows it: (index of the certificate, code, severity,
/// clause, message).
type Lint = (u64, String, String, String, String);

fn lint_of(doc: &Value) -> Vec<Lint> {
    let mut out = Vec::new();
    for c in doc["certificates"].as_array().unwrap() {
        for f in c["findings"].as_array().unwrap() {
            // A finding's depth is the certificate's 0-based position.
            assert_eq!(
                f["depth"].as_u64().unwrap() + 1,
                c["index"].as_u64().unwrap()
            );
            out.push((
                c["index"].as_u64().unwrap(),
                f["code"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
                f["clause"].as_str().unwrap_or_default().to_string(),
                f["message"].as_str().unwrap().to_string(),
            ));
        }
    }
    out
}

#[test]
fn lint_reports_each_broken_rule_with_code_clause_and_message() {
    let e = |i: u64, code: &str, clause: &str, message: &str| -> Lint {
        (
            i,
            code.into(),
            "error".into(),
            clause.into(),
            message.into(),
        )
    };
    let cases: Vec<(&str, &[&str], i32, Vec<Lint>)> = vec![
        ("weak-signature-sha1/chain.pem", &[], 1, vec![e(1, "weak_signature_algorithm", "CA/B BR 7.1.3.2",
            "signed with RSA PKCS#1 v1.5 with SHA-1, which is no longer accepted")]),
        ("unknown-critical-extension/chain.pem", &[], 1, vec![e(1, "unknown_critical_extension", "RFC 5280 4.2",
            "critical extension 1.3.6.1.4.1.55738.666.1 is not recognised")]),
        ("weak-key-rsa1024/chain.pem", &[], 1, vec![e(1, "weak_key", "CA/B BR 6.1.5",
            "RSA key of 1024 bits; at least 2048 required")]),
        ("not-yet-valid-leaf/chain.pem", &[], 1, vec![e(1, "not_yet_valid", "RFC 5280 4.1.2.5",
            "not valid before 2026-07-01T00:00:00Z (30 days after the check time)")]),
        ("leaf-missing-aki/chain.pem", &[], 1, vec![e(1, "profile_violation", "RFC 5280 4.2.1.1",
            "no authorityKeyIdentifier; it MUST be present in certificates that are not self-signed")]),
        ("serial-zero/chain.pem", &[], 1, vec![e(1, "profile_violation", "RFC 5280 4.1.2.2",
            "the serial number is zero")]),
        ("nc-in-leaf/chain.pem", &[], 1, vec![e(1, "profile_violation", "RFC 5280 4.2.1.10",
            "nameConstraints in an end-entity certificate; it MUST be used only in CA certificates")]),
        // A root is linted as a root: its profile rows apply, and --profile rfc5280
        // turns the CA/B ones off.
        ("root-with-eku/roots.pem", &[], 1, vec![e(1, "profile_violation", "CA/B BR 7.1.2.1.2",
            "a root CA certificate carries extKeyUsage, which MUST be absent")]),
        ("root-with-eku/roots.pem", &["--profile", "rfc5280"], 0, vec![]),
        // An intermediate is linted as an issuer.
        ("intermediate-without-key-usage/chain.pem", &[], 1, vec![e(2, "missing_key_cert_sign", "CA/B BR 7.1.2.10.7",
            "has no keyUsage extension; a CA certificate must carry one asserting keyCertSign (RFC 5280 4.2.1.3; \
             the rfc5280 profile follows 6.1.4 (n), which checks keyCertSign only when the extension is present)")]),
        ("intermediate-without-key-usage/chain.pem", &["--profile", "rfc5280"], 0, vec![]),
        // --purpose applies to leaves.
        ("client-cert/chain.pem", &[], 1, vec![e(1, "eku_mismatch", "RFC 5280 4.2.1.12",
            "extendedKeyUsage allows clientAuth but not serverAuth (needed for purpose server)")]),
        ("client-cert/chain.pem", &["--purpose", "client"], 0, vec![]),
        // A warning alone is exit 0.
        ("cn-not-in-san/chain.pem", &[], 0, vec![(1, "cn_not_in_san".into(), "warning".into(), "CA/B BR 7.1.4.3".into(),
            "the subject commonName \"notinsan.example.com\" is not one of the subjectAltName values \
             (DNS:valid.example.com, DNS:another.example.com); a client that falls back to the CN would \
             accept it for a name the SAN does not list (certchain never matches names against the CN)".into())]),
        ("valid-ecdsa-p384/chain.pem", &[], 0, vec![]),
    ];
    let mut wrong = Vec::new();
    for (file, args, exit, expected) in cases {
        let path = format!("fixtures/{file}");
        let mut all = vec![path.as_str(), "--format", "json"];
        all.extend(args);
        let out = inspect(&all);
        let found = lint_of(&stdout_json(&out));
        if out.status.code() != Some(exit) || found != expected {
            wrong.push(format!(
                "{file} {args:?}: exit {:?} (expected {exit}), findings {found:#?}\nexpected {expected:#?}",
                out.status.code()
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
}

#[test]
fn lint_findings_are_the_ones_verify_reports_for_that_certificate() {
    // The same rules, not copies: for a chain in order, each lint finding of the
    // certificate at position N is a finding `verify` reports at depth N-1, with the
    // same code, clause and message.
    for scenario in [
        "weak-signature-sha1",
        "unknown-critical-extension",
        "weak-key-rsa1024",
        "leaf-missing-aki",
        "serial-zero",
        "nc-in-leaf",
        "client-cert",
        "cn-not-in-san",
        "intermediate-without-key-usage",
        "expired-intermediate",
        "leaf-eku-critical",
        "san-dns-trailing-dot",
    ] {
        let lint = inspect(&[&fixture(scenario, "chain.pem"), "--format", "json"]);
        let lint = stdout_json(&lint);
        let verify = stdout_json(&verify_fixture(scenario, &["--format", "json"]));
        let verified: Vec<(u64, &Value, &Value, &Value)> = verify["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|f| {
                Some((
                    f["depth"].as_u64()?,
                    &f["code"],
                    &f["clause"],
                    &f["message"],
                ))
            })
            .collect();
        let mut count = 0;
        for c in lint["certificates"].as_array().unwrap() {
            for f in c["findings"].as_array().unwrap() {
                let key = (
                    f["depth"].as_u64().unwrap(),
                    &f["code"],
                    &f["clause"],
                    &f["message"],
                );
                assert!(
                    verified.contains(&key),
                    "{scenario}: lint {key:?} is not among verify's {verified:#?}"
                );
                count += 1;
            }
        }
        assert!(count > 0, "{scenario}: no lint finding");
    }
}

#[test]
fn pem_prints_the_certificates_and_exits_0() {
    let out = inspect(&["fixtures/expired-intermediate/chain.pem", "--format", "pem"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let input = std::fs::read_to_string(fixture("expired-intermediate", "chain.pem")).unwrap();
    let der = |text: &str| -> Vec<Vec<u8>> {
        pem_blocks(text)
            .iter()
            .map(|b| pem::parse(b).unwrap().into_contents())
            .collect()
    };
    assert_eq!(der(&stdout(&out)), der(&input));
    assert_eq!(der(&stdout(&out)).len(), 2);
    assert!(stdout(&out).starts_with("-----BEGIN CERTIFICATE-----\n"));
}

#[test]
fn stdin_is_read_with_a_dash() {
    let chain = std::fs::read(fixture("valid-rsa", "chain.pem")).unwrap();
    let out = certchain()
        .args(["inspect", "-", "--format", "json", "--at", "2026-06-01"])
        .write_stdin(chain)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc = stdout_json(&out);
    let certs = doc["certificates"].as_array().unwrap();
    assert_eq!(certs.len(), 2);
    assert_eq!(certs[0]["source"]["name"], "-");
    assert_eq!(certs[0]["role"], "leaf");
    assert_eq!(certs[1]["role"], "intermediate");
    assert_eq!(doc["checked_at"], "2026-06-01T00:00:00Z");
    assert_eq!(certs[0]["validity"], "expires in 214 days");
}

#[test]
fn bad_input_is_one_line_and_exit_2() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let garbage = dir.join(format!("inspect-garbage-{}.der", std::process::id()));
    std::fs::write(&garbage, b"garbage").unwrap();
    let garbage = garbage.to_str().unwrap();
    let cases: Vec<(Vec<&str>, String)> = vec![
        (vec!["no/such/chain.pem"], "error: no/such/chain.pem: no such file\n".into()),
        // A name that is no file and ends like one is a missing file, not a host.
        (vec!["missing.pem"], "error: missing.pem: no such file\n".into()),
        (
            vec![garbage],
            format!("error: {garbage}: not a certificate file (tried PEM, DER, PKCS#7, PKCS#12)\n"),
        ),
        (
            vec!["fixtures/valid-rsa/chain.pem", "--short", "--format", "json"],
            "error: --short is a text format: it cannot be combined with --format json or pem\n"
                .into(),
        ),
        (
            vec!["fixtures/valid-rsa/chain.pem", "--at", "yesterday"],
            "error: --at \"yesterday\": not an RFC 3339 time (2026-06-01T12:00:00Z) or a date (2026-06-01)\n".into(),
        ),
        (
            vec!["host:notaport"],
            "error: host:notaport: no such file, and not a HOST[:PORT]: \"host:notaport\": not HOST[:PORT] (the port must be a number from 1 to 65535)\n".into(),
        ),
    ];
    for (args, expected) in cases {
        let out = certchain()
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .arg("inspect")
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr(&out), expected, "{args:?}");
        if !args.contains(&"json") {
            assert_eq!(stdout(&out), "", "{args:?}");
        }
    }
    // With --format json, stdout holds the error object.
    let out = certchain()
        .args(["inspect", "no/such/chain.pem", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let doc = stdout_json(&out);
    assert_eq!(doc["error"]["kind"], "input");
    assert_eq!(doc["error"]["message"], "no/such/chain.pem: no such file");
}

#[test]
fn inspect_is_in_the_help() {
    let out = certchain().arg("--help").output().unwrap();
    assert!(stdout(&out).contains(
        "\n  inspect      Show every certificate of a file, stdin or a server's chain, and lint each alone\n"
    ));
    let out = certchain().args(["inspect", "--help"]).output().unwrap();
    let help = stdout(&out);
    for want in [
        "Usage: certchain inspect [OPTIONS] <FILE|-|HOST[:PORT]>",
        "--format <FORMAT>",
        "--short",
        "--profile <PROFILE>",
        "Exit codes:\n  0  no certificate has a lint error",
    ] {
        assert!(help.contains(want), "no {want:?} in\n{help}");
    }
}

// ------------------------------------------------------------------ a live server

/// `openssl s_server` on 127.0.0.1 (port chosen by the OS) serving the valid-ecdsa-p256
/// fixture's chain for one connection; killed when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn server() -> Server {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let blocks =
        pem_blocks(&std::fs::read_to_string(fixture("valid-ecdsa-p256", "chain.pem")).unwrap());
    let leaf = dir.join(format!("inspect-leaf-{}.pem", std::process::id()));
    let int = dir.join(format!("inspect-int-{}.pem", std::process::id()));
    std::fs::write(&leaf, &blocks[0]).unwrap();
    std::fs::write(&int, &blocks[1]).unwrap();
    let key = format!("{}/fixtures/keys/p256-leaf.pem", env!("CARGO_MANIFEST_DIR"));
    let mut child = std::process::Command::new("openssl")
        .args(["s_server", "-accept", "127.0.0.1:0", "-naccept", "1"])
        .arg("-cert")
        .arg(&leaf)
        .arg("-key")
        .arg(&key)
        .arg("-cert_chain")
        .arg(&int)
        // s_server quits when its stdin closes: keep the pipe open until it is killed.
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("openssl s_server starts");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if let Some(port) = line
                .trim()
                .strip_prefix("ACCEPT 127.0.0.1:")
                .and_then(|p| p.parse::<u16>().ok())
            {
                let _ = tx.send(port);
            }
        }
    });
    let port = rx
        .recv_timeout(Duration::from_secs(10))
        .expect("openssl s_server listens within 10 s and prints ACCEPT 127.0.0.1:PORT");
    Server { child, port }
}

#[test]
fn a_servers_chain_is_inspected_as_sent() {
    if !openssl_available("a_servers_chain_is_inspected_as_sent") {
        return;
    }
    let chain = std::fs::read_to_string(fixture("valid-ecdsa-p256", "chain.pem")).unwrap();
    let expected: Vec<Value> = stdout_json(&inspect(&[
        &fixture("valid-ecdsa-p256", "chain.pem"),
        "--format",
        "json",
    ]))["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["sha256"].clone())
        .collect();

    // JSON: the certificates as sent, and the connection.
    let s = server();
    let target = format!("127.0.0.1:{}", s.port);
    let out = inspect(&[&target, "--format", "json", "--timeout", "10"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc = stdout_json(&out);
    let certs = doc["certificates"].as_array().unwrap();
    let got: Vec<Value> = certs.iter().map(|c| c["sha256"].clone()).collect();
    assert_eq!(got, expected);
    assert_eq!(certs[0]["source"]["name"], target.as_str());
    assert_eq!(certs[0]["source"]["position"], 1);
    assert_eq!(doc["connection"]["target"], target.as_str());
    assert_eq!(doc["connection"]["presented"].as_array().unwrap().len(), 2);
    drop(s);

    // Text: the connection summary, then the blocks.
    let s = server();
    let target = format!("127.0.0.1:{}", s.port);
    let out = inspect(&[&target, "--color", "never"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains(&format!(
            "Connected to 127.0.0.1:{0} (127.0.0.1:{0})\n",
            s.port
        )),
        "{text}"
    );
    assert!(text.contains("Presented chain: 2 certificates"), "{text}");
    assert!(text.contains("\n#1 CN=www.example.com (leaf)\n"), "{text}");
    assert!(
        text.contains(&format!("    from             {target} #2\n")),
        "{text}"
    );
    assert!(text.ends_with("2 certificates; no lint errors\n"), "{text}");
    drop(s);

    // PEM: the chain as sent, to save.
    let s = server();
    let out = inspect(&[&format!("127.0.0.1:{}", s.port), "--format", "pem"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let der = |text: &str| -> Vec<Vec<u8>> {
        pem_blocks(text)
            .iter()
            .map(|b| pem::parse(b).unwrap().into_contents())
            .collect()
    };
    assert_eq!(der(&stdout(&out)), der(&chain));
}

#[test]
fn a_server_that_is_not_there_is_exit_2() {
    // A port just released by the OS: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = inspect(&[
        &format!("127.0.0.1:{port}"),
        "--timeout",
        "5",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(stdout_json(&out)["error"]["kind"], "connection");
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
}
