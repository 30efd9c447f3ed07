//! OCSP through the binary: responses made at test time by `openssl ocsp` from an index
//! (good, revoked with a reason, unknown), signed by the issuer, by a delegated responder
//! with id-kp-OCSPSigning, by one without it, and by the wrong key; a stale one, one for
//! another certificate; `openssl ocsp -port` as a live responder for `--ocsp`, and
//! `openssl s_server -status_file` for a stapled response under `connect`, with an OCSP
//! Must-Staple leaf. Every server is on the loopback, serves a bounded number of
//! requests and is killed when its test ends; every run of the binary has a time limit.
//!
//! The certificates are made here with openssl, valid from yesterday for 30 days, so
//! the responses (whose thisUpdate is the clock's) are checked at the current time.

#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

mod common;

use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// Whether this is a CI run (`CI=true`), where a missing tool is a failure.
fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// Whether openssl is here; under CI its absence fails the test.
fn have_openssl(test: &str) -> bool {
    if Command::new("openssl").arg("version").output().is_ok() {
        return true;
    }
    assert!(
        !in_ci(),
        "{test}: the openssl binary is not installed; CI must provide it"
    );
    eprintln!("SKIPPED {test}: the openssl binary is not installed");
    false
}

/// Run openssl in `dir`, asserting success.
fn openssl(dir: &PathBuf, args: &[&str]) {
    let out = Command::new("openssl")
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

const EXTENSIONS: &str = "\
[leaf]
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=DNS:www.example.com
authorityKeyIdentifier=keyid
authorityInfoAccess=OCSP;URI:http://127.0.0.1:PORT/
[staple]
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=DNS:www.example.com
authorityKeyIdentifier=keyid
tlsfeature=status_request
[responder]
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=OCSPSigning
authorityKeyIdentifier=keyid
[noeku]
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
authorityKeyIdentifier=keyid
";

/// A root, a leaf (serial 1001) it issued naming an OCSP responder on 127.0.0.1:`port`,
/// another leaf (1002), responders, and a key that is not the root's under the root's
/// name; in a directory of its own.
struct Pki {
    dir: PathBuf,
}

impl Pki {
    fn new(test: &str, port: u16) -> Pki {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join("ocsp")
            .join(format!("{test}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("ext.cnf"),
            EXTENSIONS.replace("PORT", &port.to_string()),
        )
        .unwrap();
        let ec = [
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
        ];
        let root = |name: &str| {
            let mut a = vec!["req", "-x509"];
            a.extend(ec);
            let key = format!("{name}.key");
            let pem = format!("{name}.pem");
            a.extend([
                "-keyout",
                &key,
                "-out",
                &pem,
                "-subj",
                "/CN=OCSP Test Root",
                "-days",
                "3650",
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign",
            ]);
            openssl(&dir, &a);
        };
        root("root");
        root("fake"); // the root's name, another key
        for (name, serial, section, cn) in [
            ("leaf", "0x1001", "leaf", "www.example.com"),
            ("other", "0x1002", "leaf", "www.example.com"),
            ("staple", "0x1003", "staple", "www.example.com"),
            ("responder", "0x2001", "responder", "OCSP Responder"),
            ("noeku", "0x2002", "noeku", "OCSP Responder Without EKU"),
        ] {
            let mut a = vec!["req"];
            a.extend(ec);
            let key = format!("{name}.key");
            let csr = format!("{name}.csr");
            let subj = format!("/CN={cn}");
            a.extend(["-keyout", &key, "-out", &csr, "-subj", &subj]);
            openssl(&dir, &a);
            let pem = format!("{name}.pem");
            openssl(
                &dir,
                &[
                    "x509",
                    "-req",
                    "-in",
                    &csr,
                    "-CA",
                    "root.pem",
                    "-CAkey",
                    "root.key",
                    "-set_serial",
                    serial,
                    "-days",
                    "30",
                    "-extfile",
                    "ext.cnf",
                    "-extensions",
                    section,
                    "-out",
                    &pem,
                ],
            );
        }
        // A responder certificate with the OCSPSigning EKU under the root's name, signed
        // by the other key: a forged delegation.
        openssl(
            &dir,
            &[
                "x509",
                "-req",
                "-in",
                "responder.csr",
                "-CA",
                "fake.pem",
                "-CAkey",
                "fake.key",
                "-set_serial",
                "0x2003",
                "-days",
                "30",
                "-extfile",
                "ext.cnf",
                "-extensions",
                "responder",
                "-out",
                "forged.pem",
            ],
        );
        std::fs::copy(dir.join("responder.key"), dir.join("forged.key")).unwrap();
        // openssl's index: status, expiry, revocation time[,reason], serial, file, name
        let write = |name: &str, text: &str| std::fs::write(dir.join(name), text).unwrap();
        write(
            "good.idx",
            "V\t301231000000Z\t\t1001\tunknown\t/CN=www.example.com\n\
             V\t301231000000Z\t\t1002\tunknown\t/CN=www.example.com\n\
             V\t301231000000Z\t\t1003\tunknown\t/CN=www.example.com\n",
        );
        write(
            "revoked.idx",
            "R\t301231000000Z\t250601000000Z,keyCompromise\t1001\tunknown\t/CN=www.example.com\n",
        );
        write("unknown.idx", "");
        for idx in ["good.idx", "revoked.idx", "unknown.idx"] {
            // the three leaves share a subject
            write(&format!("{idx}.attr"), "unique_subject = no\n");
        }
        for cert in ["leaf", "other", "staple"] {
            let req = format!("{cert}.req");
            openssl(
                &dir,
                &[
                    "ocsp",
                    "-issuer",
                    "root.pem",
                    "-cert",
                    &format!("{cert}.pem"),
                    "-no_nonce",
                    "-reqout",
                    &req,
                ],
            );
        }
        Pki { dir }
    }

    fn path(&self, name: &str) -> String {
        self.dir.join(name).to_string_lossy().into_owned()
    }

    /// `openssl ocsp` answers `req` from `index`, signed by `signer` (its .pem and .key),
    /// valid for `days`; the DER response's path.
    fn respond(&self, out: &str, req: &str, index: &str, signer: &str) -> String {
        let (pem, key) = (format!("{signer}.pem"), format!("{signer}.key"));
        openssl(
            &self.dir,
            &[
                "ocsp", "-reqin", req, "-index", index, "-rsigner", &pem, "-rkey", &key, "-CA",
                "root.pem", "-ndays", "1", "-respout", out,
            ],
        );
        self.path(out)
    }
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let out = common::certchain()
        .args(args)
        .args(["--color", "never"])
        .output()
        .unwrap();
    Run {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// `certchain verify` of `cert` (the leaf alone) under the root, with `extra`.
fn verify(pki: &Pki, cert: &str, extra: &[&str]) -> Run {
    let leaf = pki.path(&format!("{cert}.pem"));
    let roots = pki.path("root.pem");
    let mut args = vec![
        "verify",
        &leaf,
        "--roots",
        &roots,
        "--host",
        "www.example.com",
    ];
    args.extend(extra);
    run(&args)
}

fn json(r: &Run) -> Value {
    serde_json::from_str(&r.stdout)
        .unwrap_or_else(|e| panic!("one JSON object ({e}): {}\n{}", r.stdout, r.stderr))
}

/// (depth, code) of every finding.
fn codes(doc: &Value) -> Vec<(Option<u64>, String)> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["depth"].as_u64(), f["code"].as_str().unwrap().to_string()))
        .collect()
}

fn finding<'a>(doc: &'a Value, code: &str) -> &'a Value {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == code)
        .unwrap_or_else(|| panic!("a {code} finding in {doc:#}"))
}

fn revocation(doc: &Value, depth: usize) -> (String, String) {
    let e = &doc["path"][depth];
    (
        e["revocation"].as_str().unwrap().into(),
        e["revocation_result"].as_str().unwrap().into(),
    )
}

fn owned(v: &[(Option<u64>, &str)]) -> Vec<(Option<u64>, String)> {
    v.iter().map(|(d, c)| (*d, (*c).to_string())).collect()
}

// ------------------------------------------------------------------ saved responses

#[test]
fn a_good_response_signed_by_the_issuer_checks_the_leaf() {
    if !have_openssl("a_good_response_signed_by_the_issuer_checks_the_leaf") {
        return;
    }
    let pki = Pki::new("good", 9);
    let resp = pki.respond("good.der", "leaf.req", "good.idx", "root");
    let r = verify(
        &pki,
        "leaf",
        &["--ocsp-response", &resp, "--require-revocation", "leaf"],
    );
    assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("\n    revocation OCSP file: good\n"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("revocation ✓"), "{}", r.stdout);
    let doc = json(&verify(
        &pki,
        "leaf",
        &["--ocsp-response", &resp, "--format", "json"],
    ));
    assert_eq!(codes(&doc), []);
    assert_eq!(revocation(&doc, 0), ("ocsp_file".into(), "good".into()));
    assert_eq!(
        revocation(&doc, 1),
        ("not_checked".into(), "not_checked".into())
    );
    assert_eq!(doc["revocation_checked"], true);
}

#[test]
fn a_revoked_leaf_is_an_error_with_date_reason_and_source() {
    if !have_openssl("a_revoked_leaf_is_an_error_with_date_reason_and_source") {
        return;
    }
    let pki = Pki::new("revoked", 9);
    let resp = pki.respond("revoked.der", "leaf.req", "revoked.idx", "root");
    let r = verify(&pki, "leaf", &["--ocsp-response", &resp]);
    assert_eq!(r.code, Some(1), "{}{}", r.stdout, r.stderr);
    let line = format!(
        "    ✗ revoked: revoked on 2025-06-01T00:00:00Z (reason: keyCompromise) according to the OCSP response {resp} [RFC 6960 2.2]\n"
    );
    assert!(r.stdout.contains(&line), "{line}\nin\n{}", r.stdout);
    assert!(
        r.stdout.contains("\n    revocation OCSP file: revoked\n"),
        "{}",
        r.stdout
    );
    let doc = json(&verify(
        &pki,
        "leaf",
        &["--ocsp-response", &resp, "--format", "json"],
    ));
    assert_eq!(codes(&doc), owned(&[(Some(0), "revoked")]));
    let d = &finding(&doc, "revoked")["details"];
    assert_eq!(d["reason"], "keyCompromise");
    assert_eq!(d["date_unix"], 1_748_736_000);
    assert_eq!(d["origin"], "file");
    assert_eq!(d["response"], resp.as_str());
    assert_eq!(revocation(&doc, 0), ("ocsp_file".into(), "revoked".into()));
}

#[test]
fn an_unknown_certificate_is_a_warning_and_leaves_it_unchecked() {
    if !have_openssl("an_unknown_certificate_is_a_warning_and_leaves_it_unchecked") {
        return;
    }
    let pki = Pki::new("unknown", 9);
    let resp = pki.respond("unknown.der", "leaf.req", "unknown.idx", "root");
    let doc = json(&verify(
        &pki,
        "leaf",
        &["--ocsp-response", &resp, "--format", "json"],
    ));
    assert_eq!(doc["verdict"], "valid");
    assert_eq!(
        codes(&doc),
        owned(&[(Some(0), "revocation_unknown"), (Some(0), "ocsp_unknown")])
    );
    assert_eq!(
        finding(&doc, "ocsp_unknown")["message"],
        format!("the OCSP response {resp} says the responder does not know this certificate (status unknown)")
    );
    assert_eq!(
        revocation(&doc, 0),
        ("not_checked".into(), "not_checked".into())
    );
    // Required, the unknown status is not a check.
    let r = verify(
        &pki,
        "leaf",
        &["--ocsp-response", &resp, "--require-revocation", "leaf"],
    );
    assert_eq!(r.code, Some(1), "{}", r.stdout);
    assert!(r.stdout.contains("(revocation_required)"), "{}", r.stdout);
}

#[test]
fn a_delegated_responder_needs_the_ocsp_signing_eku() {
    if !have_openssl("a_delegated_responder_needs_the_ocsp_signing_eku") {
        return;
    }
    let pki = Pki::new("delegated", 9);
    let good = pki.respond("delegated.der", "leaf.req", "good.idx", "responder");
    let doc = json(&verify(
        &pki,
        "leaf",
        &["--ocsp-response", &good, "--format", "json"],
    ));
    assert_eq!(codes(&doc), []);
    assert_eq!(revocation(&doc, 0), ("ocsp_file".into(), "good".into()));

    let noeku = pki.respond("noeku.der", "leaf.req", "good.idx", "noeku");
    let doc = json(&verify(
        &pki,
        "leaf",
        &["--ocsp-response", &noeku, "--format", "json"],
    ));
    assert_eq!(
        codes(&doc),
        owned(&[
            (Some(0), "revocation_unknown"),
            (Some(0), "ocsp_bad_response")
        ])
    );
    let f = finding(&doc, "ocsp_bad_response");
    assert_eq!(f["details"]["problem"], "unauthorized_responder");
    assert_eq!(
        f["message"],
        format!("the OCSP response {noeku} is not used: it is signed by the responder CN=OCSP Responder Without EKU, which is not authorised: its certificate lacks extKeyUsage id-kp-OCSPSigning")
    );
    assert_eq!(
        revocation(&doc, 0),
        ("not_checked".into(), "not_checked".into())
    );

    // A responder certificate under the issuer's name that the issuer did not sign.
    let forged = pki.respond("forged.der", "leaf.req", "good.idx", "forged");
    let doc = json(&verify(
        &pki,
        "leaf",
        &["--ocsp-response", &forged, "--format", "json"],
    ));
    let f = finding(&doc, "ocsp_bad_response");
    assert_eq!(
        f["details"]["why"],
        "its certificate's signature does not verify with the key of CN=OCSP Test Root"
    );
    assert_eq!(
        revocation(&doc, 0),
        ("not_checked".into(), "not_checked".into())
    );
}

#[test]
fn mutated_responses_never_panic_nor_count_as_a_check() {
    if !have_openssl("mutated_responses_never_panic_nor_count_as_a_check") {
        return;
    }
    use certchain::{CheckTime, Policy, RevocationScope, SourceKind, TrustStore, Verifier};
    let pki = Pki::new("mutated", 9);
    // Without the signer's certificate (-resp_no_certs): every byte is then signed, the
    // signature, or its algorithm. (The certs field is not signed: a flipped bit in a
    // copy of the issuer's certificate there changes nothing, as the issuer of the path
    // is the one used.)
    openssl(
        &pki.dir,
        &[
            "ocsp",
            "-reqin",
            "leaf.req",
            "-index",
            "good.idx",
            "-rsigner",
            "root.pem",
            "-rkey",
            "root.key",
            "-CA",
            "root.pem",
            "-ndays",
            "1",
            "-resp_no_certs",
            "-respout",
            "nocerts.der",
        ],
    );
    let good = std::fs::read(pki.path("nocerts.der")).unwrap();
    let mut store = TrustStore::new();
    store.add_path(&pki.path("root.pem")).unwrap();
    let chain = certchain::load_certificates(&pki.path("leaf.pem"), SourceKind::Presented).unwrap();
    let verifier = Verifier::new(
        store,
        Policy {
            time: CheckTime::Now,
            require_revocation: Some(RevocationScope::Leaf),
            ..Policy::default()
        },
    );
    let check = |der: &[u8]| {
        let resp = certchain::OcspResponse::parse("m.der", der).ok()?;
        let mut policy = verifier.policy().clone();
        policy.ocsp_responses.push(std::sync::Arc::new(resp));
        Some(verifier.with_policy(policy).verify(&chain, &[], None))
    };
    assert!(check(&good).unwrap().is_valid());
    // Every truncation, and every byte with its low bit flipped.
    let mut inputs: Vec<Vec<u8>> = (0..good.len()).map(|n| good[..n].to_vec()).collect();
    for i in 0..good.len() {
        let mut m = good.clone();
        m[i] ^= 1;
        inputs.push(m);
    }
    let (mut parsed, mut accepted) = (0, 0);
    for m in &inputs {
        if let Some(report) = check(m) {
            parsed += 1;
            accepted += usize::from(report.is_valid());
        }
    }
    // No mutation of the signed data, the signature or its algorithm is ever a check.
    assert!(parsed > 0);
    assert_eq!(
        accepted, 0,
        "{accepted} of {parsed} mutated responses were accepted"
    );
}

#[test]
fn a_response_signed_by_the_wrong_key_is_not_used() {
    if !have_openssl("a_response_signed_by_the_wrong_key_is_not_used") {
        return;
    }
    let pki = Pki::new("wrongkey", 9);
    // Signed under the root's name with another key: the ResponderID names the issuer.
    let resp = pki.respond("wrongkey.der", "leaf.req", "revoked.idx", "fake");
    let r = verify(
        &pki,
        "leaf",
        &["--ocsp-response", &resp, "--require-revocation", "leaf"],
    );
    // A revoked answer that does not verify is not believed either way: unchecked.
    assert_eq!(r.code, Some(1), "{}", r.stdout);
    assert!(r.stdout.contains(&format!(
        "    ! ocsp_bad_response: the OCSP response {resp} is not used: it has a signature that does not verify with the key of CN=OCSP Test Root [RFC 6960 3.2 (2)]\n"
    )), "{}", r.stdout);
    assert!(!r.stdout.contains("✗ revoked"), "{}", r.stdout);
    assert!(r.stdout.contains("(revocation_required)"), "{}", r.stdout);
}

#[test]
fn a_stale_response_is_not_used() {
    if !have_openssl("a_stale_response_is_not_used") {
        return;
    }
    let pki = Pki::new("stale", 9);
    let resp = pki.respond("good.der", "leaf.req", "good.idx", "root");
    // -ndays 1: three days later its nextUpdate has passed (the leaf is still valid).
    let later = (chrono::Utc::now() + chrono::Duration::days(3))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let doc = json(&verify(
        &pki,
        "leaf",
        &["--ocsp-response", &resp, "--at", &later, "--format", "json"],
    ));
    assert_eq!(
        codes(&doc),
        owned(&[(Some(0), "revocation_unknown"), (Some(0), "ocsp_stale")])
    );
    let f = finding(&doc, "ocsp_stale");
    assert_eq!(f["details"]["stale"], "expired");
    assert_eq!(f["details"]["skew_seconds"], 300);
    let msg = f["message"].as_str().unwrap();
    assert!(
        msg.starts_with(&format!(
            "the OCSP response {resp} is stale and not used: its nextUpdate "
        )) && msg.ends_with(&format!(
            " is before the check time {later} (clock skew allowed: 5 minutes)"
        )),
        "{msg}"
    );
    // Checked before its thisUpdate (a day earlier), it is not yet valid.
    let earlier = (chrono::Utc::now() - chrono::Duration::hours(12))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let doc = json(&verify(
        &pki,
        "leaf",
        &[
            "--ocsp-response",
            &resp,
            "--at",
            &earlier,
            "--format",
            "json",
        ],
    ));
    assert_eq!(
        finding(&doc, "ocsp_stale")["details"]["stale"],
        "not_yet_valid"
    );
}

#[test]
fn a_response_for_another_certificate_names_none_of_the_path() {
    if !have_openssl("a_response_for_another_certificate_names_none_of_the_path") {
        return;
    }
    let pki = Pki::new("other", 9);
    let resp = pki.respond("other.der", "other.req", "good.idx", "root");
    let doc = json(&verify(
        &pki,
        "leaf",
        &["--ocsp-response", &resp, "--format", "json"],
    ));
    assert_eq!(
        codes(&doc),
        owned(&[(Some(0), "revocation_unknown"), (None, "ocsp_bad_response")])
    );
    assert_eq!(
        finding(&doc, "ocsp_bad_response")["message"],
        format!("the OCSP response {resp} is not used: it names none of the path's certificates (no CertID matches)")
    );
}

#[test]
fn a_file_that_is_not_an_ocsp_response_is_an_input_error() {
    if !have_openssl("a_file_that_is_not_an_ocsp_response_is_an_input_error") {
        return;
    }
    let pki = Pki::new("garbage", 9);
    let junk = pki.path("junk.der");
    std::fs::write(&junk, b"\x30\x03garbage").unwrap();
    let r = verify(&pki, "leaf", &["--ocsp-response", &junk]);
    assert_eq!(r.code, Some(2), "{}{}", r.stdout, r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(
        r.stderr.starts_with(&format!(
            "error: {junk}: not an OCSP response (RFC 6960 4.2.1): "
        )),
        "{}",
        r.stderr
    );
    let missing = pki.path("missing.der");
    let r = verify(&pki, "leaf", &["--ocsp-response", &missing]);
    assert_eq!(r.code, Some(2));
    assert!(r.stderr.contains(&missing), "{}", r.stderr);
}

// ------------------------------------------------------------------ a live responder

/// A child process killed when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A port the OS gave free a moment ago on 127.0.0.1.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `openssl ocsp -port` answering `requests` requests from `index`, signed by the root,
/// on `port`; None when it cannot listen there (the port was taken meanwhile).
fn responder(pki: &Pki, index: &str, port: u16, requests: u32) -> Option<Server> {
    let mut child = Command::new("openssl")
        .current_dir(&pki.dir)
        .args([
            "ocsp", "-index", index, "-rsigner", "root.pem", "-rkey", "root.key",
        ])
        .args(["-CA", "root.pem", "-ndays", "1", "-port", &port.to_string()])
        .args(["-nrequest", &requests.to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // It says on one of its outputs that it listens ("ACCEPT ...", "waiting for OCSP
    // client connections"), or exits when it cannot.
    let (tx, rx) = mpsc::channel();
    let out: Box<dyn std::io::Read + Send> = Box::new(child.stdout.take().unwrap());
    let err: Box<dyn std::io::Read + Send> = Box::new(child.stderr.take().unwrap());
    for stream in [out, err] {
        let tx = tx.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines() {
                let Ok(line) = line else { break };
                if line.contains("waiting for OCSP client connections") {
                    let _ = tx.send(true);
                }
            }
            let _ = tx.send(false);
        });
    }
    let server = Server(child);
    match rx.recv_timeout(Duration::from_secs(10)) {
        Ok(true) => Some(server),
        _ => None,
    }
}

/// A PKI whose leaf names a live responder answering from `index`.
fn live(test: &str, index: &str, requests: u32) -> (Pki, Server) {
    for _ in 0..5 {
        let port = free_port();
        let pki = Pki::new(test, port);
        if let Some(s) = responder(&pki, index, port, requests) {
            return (pki, s);
        }
    }
    panic!("openssl ocsp could not listen on a free port in 5 tries");
}

#[test]
fn ocsp_asks_the_responder_the_leaf_names() {
    if !have_openssl("ocsp_asks_the_responder_the_leaf_names") {
        return;
    }
    // The path is the leaf and the anchor, which is never checked.
    for (index, result, expect) in [
        ("good.idx", "good", vec![]),
        ("revoked.idx", "revoked", vec![(Some(0), "revoked")]),
        (
            "unknown.idx",
            "not_checked",
            vec![(Some(0), "revocation_unknown"), (Some(0), "ocsp_unknown")],
        ),
    ] {
        let (pki, _server) = live(&format!("live-{result}"), index, 1);
        let leaf = pki.path("leaf.pem");
        let root = pki.path("root.pem");
        let r = run(&[
            "verify",
            &leaf,
            "--roots",
            &root,
            "--host",
            "www.example.com",
            "--ocsp",
            "--format",
            "json",
        ]);
        let doc = json(&r);
        assert_eq!(codes(&doc), owned(&expect), "{index}: {doc:#}");
        let how = if result == "not_checked" {
            "not_checked"
        } else {
            "ocsp_fetched"
        };
        assert_eq!(revocation(&doc, 0), (how.into(), result.into()), "{index}");
        let fetches = doc["fetches"].as_array().unwrap();
        assert_eq!(fetches.len(), 1, "{doc:#}");
        let f = &fetches[0];
        let port = pki_port(&pki);
        assert_eq!(f["kind"], "ocsp");
        assert_eq!(f["depth"], 0);
        assert_eq!(f["url"], format!("http://127.0.0.1:{port}/"));
        assert_eq!(f["status"], 200);
        assert_eq!(f["failed"], false);
        assert_eq!(f["outcome"], "GET: an OCSP response (judged in the report)");
        if result == "revoked" {
            assert_eq!(r.code, Some(1));
            let d = &finding(&doc, "revoked")["details"];
            assert_eq!(
                (d["origin"].as_str(), d["reason"].as_str()),
                (Some("fetched"), Some("keyCompromise"))
            );
        } else {
            assert_eq!(r.code, Some(0), "{}", r.stdout);
        }
    }
}

/// The responder port a PKI's leaf names.
fn pki_port(pki: &Pki) -> u16 {
    let ext = std::fs::read_to_string(pki.dir.join("ext.cnf")).unwrap();
    let at = ext.find("http://127.0.0.1:").unwrap() + "http://127.0.0.1:".len();
    ext[at..].split('/').next().unwrap().parse().unwrap()
}

#[test]
fn a_responder_that_does_not_answer_is_a_responder_error_and_the_report_goes_on() {
    if !have_openssl("a_responder_that_does_not_answer_is_a_responder_error_and_the_report_goes_on")
    {
        return;
    }
    // Nothing listens on the port the leaf names.
    let port = free_port();
    let pki = Pki::new("down", port);
    let r = verify(&pki, "leaf", &["--ocsp", "--format", "json"]);
    let doc = json(&r);
    assert_eq!(r.code, Some(0), "{}", r.stdout);
    assert_eq!(
        codes(&doc),
        owned(&[
            (Some(0), "revocation_unknown"),
            (Some(0), "ocsp_responder_error")
        ])
    );
    let msg = finding(&doc, "ocsp_responder_error")["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        msg.starts_with(&format!(
            "the OCSP responder http://127.0.0.1:{port}/ gave no OCSP answer: cannot connect"
        )),
        "{msg}"
    );
    let f = &doc["fetches"][0];
    assert_eq!(
        (f["status"].is_null(), f["failed"].as_bool()),
        (true, Some(true))
    );
    // Text: the rest of the report is intact.
    let r = verify(&pki, "leaf", &["--ocsp"]);
    assert!(
        r.stdout
            .contains("\nVALID: CN=www.example.com -> CN=OCSP Test Root"),
        "{}",
        r.stdout
    );
}

// ------------------------------------------------------------------ stapled responses

/// `openssl s_server` on 127.0.0.1:0 serving `cert` for one connection, with `extra`
/// arguments; it prints the port it got.
fn s_server(pki: &Pki, cert: &str, extra: &[&str]) -> (Server, u16) {
    let mut child = Command::new("openssl")
        .current_dir(&pki.dir)
        .args(["s_server", "-accept", "127.0.0.1:0", "-naccept", "1"])
        .args([
            "-cert",
            &format!("{cert}.pem"),
            "-key",
            &format!("{cert}.key"),
        ])
        .args(extra)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if let Some(p) = line.trim().strip_prefix("ACCEPT 127.0.0.1:") {
                let _ = tx.send(p.parse::<u16>().unwrap());
            }
        }
    });
    let server = Server(child);
    let port = rx
        .recv_timeout(Duration::from_secs(10))
        .expect("s_server prints ACCEPT 127.0.0.1:PORT");
    (server, port)
}

fn connect(pki: &Pki, port: u16, extra: &[&str]) -> Run {
    let target = format!("127.0.0.1:{port}");
    let roots = pki.path("root.pem");
    let mut args = vec![
        "connect",
        &target,
        "--roots",
        &roots,
        "--host",
        "www.example.com",
    ];
    args.extend(extra);
    run(&args)
}

#[test]
fn connect_shows_and_judges_the_stapled_response() {
    if !have_openssl("connect_shows_and_judges_the_stapled_response") {
        return;
    }
    let pki = Pki::new("staple", 9);
    let resp = pki.respond("staple-good.der", "staple.req", "good.idx", "root");
    let size = std::fs::metadata(&resp).unwrap().len();
    let (_server, port) = s_server(&pki, "staple", &["-status_file", &resp]);
    let r = connect(&pki, port, &[]);
    assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains(&format!(
            "\nOCSP:       stapled, {size} bytes, successful, produced at "
        )),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("\n    revocation OCSP stapled: good\n"),
        "{}",
        r.stdout
    );

    let (_server, port) = s_server(&pki, "staple", &["-status_file", &resp]);
    let doc = json(&connect(&pki, port, &["--format", "json"]));
    assert_eq!(doc["connection"]["stapled_ocsp"]["bytes"], size);
    assert_eq!(doc["connection"]["stapled_ocsp"]["status"], "successful");
    assert_eq!(codes(&doc["report"]), []);
    assert_eq!(
        revocation(&doc["report"], 0),
        ("ocsp_stapled".into(), "good".into())
    );
}

#[test]
fn a_must_staple_leaf_served_without_a_staple_is_an_error() {
    if !have_openssl("a_must_staple_leaf_served_without_a_staple_is_an_error") {
        return;
    }
    let pki = Pki::new("muststaple", 9);
    let (_server, port) = s_server(&pki, "staple", &[]);
    let r = connect(&pki, port, &[]);
    assert_eq!(r.code, Some(1), "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("\nOCSP:       no response stapled\n"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains(
        "    ✗ must_staple_missing: the certificate requires a stapled OCSP response (TLS Feature status_request, OCSP Must-Staple, RFC 7633) and the server stapled none [RFC 7633]\n"
    ), "{}", r.stdout);

    // A staple that is for another certificate is not one.
    let other = pki.respond("staple-other.der", "other.req", "good.idx", "root");
    let (_server, port) = s_server(&pki, "staple", &["-status_file", &other]);
    let doc = json(&connect(&pki, port, &["--format", "json"]));
    assert_eq!(
        codes(&doc["report"]),
        owned(&[
            (Some(0), "must_staple_missing"),
            (Some(0), "ocsp_bad_response")
        ])
    );
    assert_eq!(
        finding(&doc["report"], "must_staple_missing")["details"]["staple"],
        "unusable"
    );
    assert_eq!(
        finding(&doc["report"], "ocsp_bad_response")["details"]["problem"],
        "other_certificate"
    );

    // The same leaf given to verify (no server asked) is not held to it.
    let r = verify(&pki, "staple", &[]);
    assert_eq!(r.code, Some(0), "{}", r.stdout);
}

// ------------------------------------------------------------------ misbehaving responders

/// An HTTP server on 127.0.0.1:`listener` answering each of `answers` connections in
/// turn, after `delay`, with a status and a body; it stops after the last.
fn misbehaving(
    listener: std::net::TcpListener,
    answers: Vec<(u16, Vec<u8>)>,
    delay: Duration,
) -> std::thread::JoinHandle<()> {
    use std::io::{Read, Write};
    std::thread::spawn(move || {
        for (status, body) in answers {
            let Ok((mut s, _)) = listener.accept() else {
                return;
            };
            let _ = s.set_read_timeout(Some(Duration::from_secs(10)));
            let mut seen = Vec::new();
            let mut buf = [0u8; 4096];
            while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                match s.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => seen.extend_from_slice(&buf[..n]),
                }
            }
            std::thread::sleep(delay);
            let head = format!(
                "HTTP/1.1 {status} X\r\nContent-Type: application/ocsp-response\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = s.write_all(head.as_bytes());
            let _ = s.write_all(&body);
        }
    })
}

#[test]
fn error_statuses_garbage_and_http_errors_from_a_responder_are_reported() {
    if !have_openssl("error_statuses_garbage_and_http_errors_from_a_responder_are_reported") {
        return;
    }
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let pki = Pki::new("misbehaving", port);
    let url = format!("http://127.0.0.1:{port}/");
    // OCSPResponse { responseStatus tryLater }, then bytes that are none, then a 500.
    let server = misbehaving(
        listener,
        vec![
            (200, vec![0x30, 0x03, 0x0a, 0x01, 0x03]),
            (200, b"<html>not OCSP</html>".to_vec()),
            (500, b"oops".to_vec()),
        ],
        Duration::ZERO,
    );
    let expect = [
        (
            "ocsp_responder_error",
            format!("the OCSP response from {url} is the error tryLater instead of a certificate status"),
        ),
        (
            "ocsp_bad_response",
            format!("the OCSP response from {url} is not used: it cannot be read: not an OCSP response (RFC 6960 4.2.1): "),
        ),
        (
            "ocsp_responder_error",
            format!("the OCSP responder {url} gave no OCSP answer: HTTP status 500"),
        ),
    ];
    for (code, message) in expect {
        let r = verify(
            &pki,
            "leaf",
            &["--ocsp", "--require-revocation", "leaf", "--format", "json"],
        );
        assert_eq!(r.code, Some(1), "{}", r.stdout);
        let doc = json(&r);
        assert_eq!(
            codes(&doc),
            owned(&[(Some(0), "revocation_required"), (Some(0), code)])
        );
        let got = finding(&doc, code)["message"].as_str().unwrap().to_string();
        assert!(got.starts_with(&message), "{got}\nexpected {message}");
        assert_eq!(doc["fetches"].as_array().unwrap().len(), 1);
        assert_eq!(doc["fetches"][0]["failed"], true);
    }
    server.join().unwrap();
}

#[test]
fn a_slow_responder_is_cut_off_at_the_fetch_timeout() {
    if !have_openssl("a_slow_responder_is_cut_off_at_the_fetch_timeout") {
        return;
    }
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let pki = Pki::new("slow", port);
    let _server = misbehaving(listener, vec![(200, Vec::new())], Duration::from_secs(5));
    let start = std::time::Instant::now();
    let r = verify(
        &pki,
        "leaf",
        &["--ocsp", "--fetch-timeout", "1", "--format", "json"],
    );
    let took = start.elapsed();
    assert!(took < Duration::from_secs(4), "took {took:?}");
    assert_eq!(r.code, Some(0), "{}", r.stdout);
    let doc = json(&r);
    let msg = finding(&doc, "ocsp_responder_error")["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(msg.contains("timed out"), "{msg}");
    assert_eq!(doc["verdict"], "valid");
}

#[test]
fn connect_with_ocsp_asks_the_responder_when_nothing_is_stapled() {
    if !have_openssl("connect_with_ocsp_asks_the_responder_when_nothing_is_stapled") {
        return;
    }
    let (pki, _responder) = live("connect-live", "revoked.idx", 1);
    let (_server, port) = s_server(&pki, "leaf", &[]);
    let r = connect(&pki, port, &["--ocsp"]);
    assert_eq!(r.code, Some(1), "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("\nOCSP:       no response stapled\n"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("\n    revocation OCSP fetched: revoked\n"),
        "{}",
        r.stdout
    );
    let responder = format!("http://127.0.0.1:{}/", pki_port(&pki));
    assert!(
        r.stdout.contains(&format!(
            "✗ revoked: revoked on 2025-06-01T00:00:00Z (reason: keyCompromise) according to the OCSP response from {responder} [RFC 6960 2.2]"
        )),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains(&format!("✓ OCSP of [0] {responder}: HTTP 200, ")),
        "{}",
        r.stdout
    );
}
