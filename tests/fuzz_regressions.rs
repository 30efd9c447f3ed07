//! Every input a fuzz target found a bug with (fuzz/regressions/TARGET/NAME), replayed
//! through the library and the binary, asserting what a user gets now. A file there
//! without a test here fails `every_regression_input_has_a_test`.
#![allow(
    clippy::arithmetic_side_effects,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

mod common;

use certchain::serve::{answer_body, Defaults};
use certchain::{
    CheckTime, Code, ExpectedName, HostName, Policy, Source, SourceKind, TrustStore, Verdict,
    Verifier,
};
use std::path::Path;

const REGRESSIONS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/regressions");

/// The regression inputs with a test below, as TARGET/NAME.
const COVERED: [&str; 7] = [
    "differential/anchor-name-differs-in-case",
    "differential/anchor-oid-with-application-class",
    "differential/unparsed-anchor-beside-presented-root",
    "differential/unparsed-anchor-named-as-issuer",
    "differential/unparsed-anchor-named-as-issuer-below",
    "serve_request/end-marker-inside-base64-line",
    "serve_request/unknown-field-with-line-breaks",
];

fn input(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(REGRESSIONS).join(name)).unwrap()
}

#[test]
fn every_regression_input_has_a_test() {
    let mut found = Vec::new();
    for target in std::fs::read_dir(REGRESSIONS).unwrap() {
        let target = target.unwrap().path();
        for file in std::fs::read_dir(&target).unwrap() {
            let file = file.unwrap().path();
            found.push(format!(
                "{}/{}",
                target.file_name().unwrap().to_string_lossy(),
                file.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    found.sort();
    assert_eq!(
        found, COVERED,
        "fuzz/regressions and this file's tests differ"
    );
}

/// DER elements of a `differential` input: (tag, content), the whole element.
fn elements(mut data: &[u8]) -> Vec<(u8, &[u8], &[u8])> {
    let mut out = Vec::new();
    while data.len() >= 2 {
        let (header, len) = match data[1] {
            n if n < 0x80 => (2, usize::from(n)),
            n => {
                let k = usize::from(n - 0x80);
                let len = data[2..2 + k]
                    .iter()
                    .fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
                (2 + k, len)
            }
        };
        let (whole, rest) = data.split_at(header + len);
        out.push((whole[0], &whole[header..], whole));
        data = rest;
    }
    out
}

/// Found by `differential` (2026-11-26): a trust anchor whose validity field is garbage.
/// webpki reads only an anchor's subject and key and accepted the chain; certchain cannot
/// parse the anchor, so it is never a trust anchor, and it rejected the chain saying the
/// trust store *lacks* the root, which was wrong. Now the finding names the unparsable
/// entry and its parse error; the verdict stays invalid (fail closed), and the
/// cross-check reports the disagreement.
/// A `differential` input verified as the target verifies it: the last certificate the
/// only anchor (`anchor.der`), the host name if given, at 2026-05-28, cross-checked.
fn verify_differential(name: &str) -> certchain::Report {
    let data = input(name);
    let e = elements(&data);
    let host = e
        .iter()
        .find(|(tag, ..)| *tag == 0x16)
        .map(|(_, content, _)| HostName::parse(std::str::from_utf8(content).unwrap()).unwrap());
    let certs: Vec<&[u8]> = e
        .iter()
        .filter(|(tag, ..)| *tag == 0x30)
        .map(|e| e.2)
        .collect();
    let (anchor, chain) = certs.split_last().unwrap();
    let mut store = TrustStore::new();
    store.add_der(
        anchor.to_vec(),
        Source {
            kind: SourceKind::RootStore,
            name: "anchor.der".into(),
            position: None,
        },
    );
    let policy = Policy {
        time: CheckTime::At(1_780_000_000),
        cross_check: true,
        ..Policy::default()
    };
    let name = host.map(ExpectedName::Host);
    Verifier::new(store, policy)
        .verify_der(chain, name.as_ref())
        .unwrap()
}

/// The one `code` finding of a report, and webpki's verdict.
fn only_finding(report: &certchain::Report, code: Code) -> &certchain::Finding {
    assert_eq!(report.verdict, Verdict::Invalid);
    assert_eq!(
        report.second_opinion.as_ref().unwrap().verdict,
        Verdict::Valid,
        "webpki accepts: it reads only the anchor's subject and key"
    );
    assert!(report
        .findings
        .iter()
        .any(|f| f.code == Code::EngineDisagreement));
    let found: Vec<_> = report.findings.iter().filter(|f| f.code == code).collect();
    assert_eq!(found.len(), 1, "{:?}", report.findings);
    found[0]
}

#[test]
fn an_unparsable_anchor_named_as_the_issuer_is_named_in_the_finding() {
    let report = verify_differential("differential/unparsed-anchor-named-as-issuer");
    let f = only_finding(&report, Code::IssuerNotFound);
    assert_eq!(f.depth, Some(0));
    assert_eq!(
        f.message,
        "no certificate in the inputs or the root store is the issuer \"CN=x509-limbo-root\" \
         with key identifier 02:DA:1E:90:B5:78:2B:74:01:8C:91:8F:A4:AC:46:0A:31:03:36:6E; \
         the trust store has a certificate named \"CN=x509-limbo-root\" but it does not \
         parse, so it cannot be a trust anchor (root store anchor.der: not a DER X.509 \
         certificate: invalid date)"
    );
    assert!(!f.message.contains("lacks"), "{}", f.message);
}

/// Found by `differential` (2026-11-26), after the fix above: the unparsable anchor is a
/// mangled copy of the intermediate (bad notAfter), so it is named as the issuer of the
/// leaf, while the path dead-ends one level up, at the intermediate's missing root. The
/// finding at the dead end now also names the unusable entry below it.
#[test]
fn an_unparsable_anchor_named_as_an_issuer_below_the_dead_end_is_named_too() {
    let report = verify_differential("differential/unparsed-anchor-named-as-issuer-below");
    let f = only_finding(&report, Code::IssuerNotFound);
    assert_eq!(f.depth, Some(1));
    assert_eq!(
        f.message,
        "no certificate in the inputs or the root store is the issuer \"C=XX, O=Certchain \
         Test, CN=Certchain Test Root CA\" with key identifier \
         C8:DB:E2:DB:64:81:81:D0:C6:FF:70:CC:72:FF:26:21:97:1A:C6:BD; the server sent this \
         intermediate, and its issuer is a root CA by name: your trust store lacks the root \
         \"C=XX, O=Certchain Test, CN=Certchain Test Root CA\" (add it to the trust store if \
         you trust it); also, the trust store's certificate \"C=XX, O=Certchain Test, \
         CN=Certchain Test Intermediate CA\", the issuer of [0], does not parse, so it cannot \
         be a trust anchor (root store anchor.der: not a DER X.509 certificate: invalid date)"
    );
}

const MIDLINE_END: &str = "PEM block 2 (line 18): line 36: \"-----\" inside the base64 text \
                           (a BEGIN or END line run into another line?)";

/// Found by `serve_request` (2026-11-26): a PEM body line with `-----END ` in its middle.
/// The pem crate's error quoted the text after it, line breaks included, so the service's
/// error message and the CLI's error were three lines. Now the reader stops at that line
/// and says so in one line, and any error text quoted from a library is escaped.
#[test]
fn an_end_marker_inside_a_base64_line_is_a_one_line_error() {
    let body = input("serve_request/end-marker-inside-base64-line");
    let store = TrustStore::new();
    let defaults = Defaults::new(Verifier::new(store, Policy::default()), "empty");
    let (status, kind, message) = answer_body(&defaults, &body, false, 50).unwrap_err();
    assert_eq!((status, kind), (400, "bad_certificate"));
    assert_eq!(message, format!("pem: {MIDLINE_END}"));

    // The same text as a file, through the binary.
    let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let dir =
        std::env::temp_dir().join(format!("certchain-fuzz-regressions-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("midline.pem");
    std::fs::write(&file, json["pem"].as_str().unwrap()).unwrap();
    let out = common::certchain()
        .arg("verify")
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr,
        format!("error: {}: {MIDLINE_END}\n", file.display())
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Found by `differential` (2026-11-26), after the two fixes above: the server sends the
/// root itself and the trust store's copy of it does not parse. The path ends at the
/// presented root, `untrusted_root`, whose message now names the unusable store entry.
#[test]
fn an_unparsable_anchor_beside_the_presented_root_is_named_in_untrusted_root() {
    let report = verify_differential("differential/unparsed-anchor-beside-presented-root");
    let f = only_finding(&report, Code::UntrustedRoot);
    assert_eq!(f.depth, Some(2));
    assert_eq!(
        f.message,
        "CN=Certchain Test Root CA is self-signed but not in the root store; the trust store \
         has a certificate named \"C=XX, O=Certchain Test, CN=Certchain Test Root CA\" but it \
         does not parse, so it cannot be a trust anchor (root store anchor.der: not a DER \
         X.509 certificate: invalid date)"
    );
}

/// Found by `differential` (2026-11-26): a trust anchor whose tbsCertificate.signature
/// OID is tagged `[APPLICATION 6]` (0x46), not OBJECT IDENTIFIER (0x06). x509-parser
/// reads a tag by its number and let it pass, so certchain accepted the chain, while
/// webpki (and openssl) cannot read the anchor. DER has one encoding: the skeleton's tags
/// are now checked byte for byte, and the anchor is `malformed`.
#[test]
fn a_tag_with_the_wrong_class_is_malformed() {
    let report = verify_differential("differential/anchor-oid-with-application-class");
    assert_eq!(report.verdict, Verdict::Invalid);
    let errors: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.severity == certchain::Severity::Error && f.code != Code::EngineDisagreement)
        .map(|f| (f.depth, f.code, f.message.as_str()))
        .collect();
    assert_eq!(
        errors,
        [(
            Some(1),
            Code::Malformed,
            "tbsCertificate.signature: the algorithm has tag 0x46, not 0x06 (X.690 8.1.2: DER \
             has one encoding)"
        )]
    );
    assert_eq!(
        report.second_opinion.as_ref().unwrap().verdict,
        Verdict::Invalid,
        "webpki could not read the anchor"
    );
}

/// Found by `serve_request` (2026-11-26), after the PEM fix: a body whose unknown key
/// holds line breaks (`"chainwQ...\nRDC...": ...`). serde quotes the key in its error,
/// and the API message was several lines. Every API error message is now one line, its
/// field name escaped and short, the whole cut at `MAX_MESSAGE_CHARS`.
#[test]
fn an_unknown_field_with_line_breaks_is_a_one_line_error() {
    let body = input("serve_request/unknown-field-with-line-breaks");
    let defaults = Defaults::new(Verifier::new(TrustStore::new(), Policy::default()), "empty");
    let (status, kind, message) = answer_body(&defaults, &body, false, 50).unwrap_err();
    assert_eq!((status, kind), (400, "bad_field"));
    assert!(!message.contains('\n'), "{message:?}");
    assert!(
        message.starts_with("chainwQEAwIBBjAdBgNVHQ4EFgQUeNHT99ZlrwJ5VJCt\\nRDCZ"),
        "{message}"
    );
    assert!(
        message.contains(": unknown field `chainwQEAwIBBjAdBgNVHQ4EFgQUeNHT99ZlrwJ5VJCt\\n"),
        "{message}"
    );
    assert!(message.chars().count() <= 1001, "{}", message.len());
}

/// Found by `differential` (2026-11-26), not a bug: the anchor's subject says
/// `O=DigiCert INc` where the intermediate names its issuer `O=DigiCert Inc`. RFC 5280 7.1
/// compares names after case folding (RFC 4518), so certchain finds the anchor, whose key
/// verifies the intermediate; webpki compares the names' bytes and finds no issuer. The
/// disagreement is in docs/cross-check.md's table, and the verdict with the cross-check
/// on is invalid (both engines must accept).
#[test]
fn names_equal_under_rfc5280_case_folding_link_the_path() {
    let report = verify_differential("differential/anchor-name-differs-in-case");
    let own: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.severity == certchain::Severity::Error && f.code != Code::EngineDisagreement)
        .collect();
    assert!(own.is_empty(), "{own:?}");
    assert_eq!(report.path.len(), 3);
    assert!(report.reached_anchor);
    let second = report.second_opinion.as_ref().unwrap();
    assert_eq!(second.verdict, Verdict::Invalid);
    assert!(second
        .error
        .as_deref()
        .unwrap()
        .ends_with("[webpki UnknownIssuer]"));
    assert_eq!(
        report.verdict,
        Verdict::Invalid,
        "fail closed on disagreement"
    );
}
