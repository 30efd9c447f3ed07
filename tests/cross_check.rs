//! The rustls-webpki cross-check: every fixture scenario either gets the same verdict from
//! both engines or is listed below with the reason webpki differs, so a new disagreement
//! fails this test; and the verifier hook sets the second opinion and fails closed.

#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use certchain::Report;
use certchain::{parse_certificates, Source, SourceKind, SourcedCert};
use certchain::{
    Certificate, CheckTime, Code, ExpectedName, Policy, Profile, Purpose, TrustStore, Verdict,
    Verifier,
};
use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose, SanType,
};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Fixture scenarios on which webpki is known to answer differently from certchain, with
/// the reason (see docs/cross-check.md). Keep it small and explicit: a scenario that
/// disagrees and is not here fails the test, and so does one listed here that agrees.
const KNOWN_DISAGREEMENTS: &[(&str, &str)] = &[
    (
        "deep-chain-max-depth-20",
        "webpki caps a path at 6 intermediates whatever the policy allows (MaximumPathDepthExceeded); \
         certchain's limit is --max-depth, 20 here, and RFC 5280 sets none",
    ),
    (
        "leaf-is-trust-anchor",
        "webpki does not accept a trust anchor as the end-entity certificate (CaUsedAsEndEntity); \
         certchain, like openssl, trusts a certificate of the store as it is (RFC 5280 6.1.1 (d))",
    ),
    (
        "missing-key-cert-sign",
        "webpki ignores keyUsage on every certificate (basicConstraints cA alone makes an issuer), \
         so an intermediate without keyCertSign passes",
    ),
    (
        "intermediate-without-key-usage",
        "webpki ignores keyUsage on every certificate, so an intermediate without the extension (RFC 5280 4.2.1.3, CA/B BR 7.1.2.10.7) passes",
    ),
    (
        "root-without-key-usage",
        "webpki takes a trust anchor as a name and a key and never looks at the anchor's extensions, so a root without keyUsage (CA/B BR 7.1.2.1.2) passes",
    ),
    (
        "leaf-key-usage-keycertsign-only",
        "webpki ignores keyUsage on every certificate, so a leaf whose keyUsage allows no TLS signature or key exchange (RFC 5280 4.2.1.3) passes",
    ),
    (
        "ca-as-leaf-rfc5280",
        "webpki always rejects a CA certificate as the end entity (CaUsedAsEndEntity), the CA/B BR 7.1.2.7.8 rule; under --profile rfc5280 certchain accepts it, as RFC 5280 and x509-limbo's rfc5280::ca-as-leaf do",
    ),
    (
        "weak-key-rsa1024",
        "webpki never judges the leaf's own key: it only verifies signatures made by issuers' keys, \
         and the leaf's key signs nothing in the path",
    ),
    (
        "cn-case-differs",
        "webpki never reads the subject commonName (names come from the SAN only), so the CA/B BR 7.1.4.3 form of the CN is not checked",
    ),
    (
        "cn-ip-not-canonical",
        "webpki never reads the subject commonName, so a CN that is an IP address in non-canonical form (CA/B BR 7.1.4.3) passes",
    ),
    (
        "cn-unicode",
        "webpki never reads the subject commonName, so a Unicode (non-A-label) CN (CA/B BR 7.1.4.3) passes",
    ),
    (
        "cn-twice",
        "webpki never reads the subject commonName, so a subject with two CNs (CA/B BR 7.1.4.3: exactly one) passes",
    ),
    (
        "private-pki-webpki-profile",
        "webpki applies no CA/B Forum profile: it never reads the CN and accepts a server leaf without extKeyUsage (BR 7.1.4.3, 7.1.2.7.10)",
    ),
    (
        "empty-subject-san-not-critical",
        "webpki does not check that subjectAltName is critical when the subject is empty (RFC 5280 4.2.1.6)",
    ),
    (
        "expired-root",
        "webpki takes a trust anchor as a name and a key (RFC 5280 6.1.1 (d)) and never checks the anchor's validity period",
    ),
    (
        "explicit-curve-key",
        "webpki never judges the leaf's own key (as for weak-key-rsa1024), so explicit curve parameters in a key that signs nothing pass",
    ),
    (
        "intermediate-missing-ski",
        "webpki builds paths by name and signature and ignores key identifiers, so a CA without subjectKeyIdentifier (RFC 5280 4.2.1.2) passes",
    ),
    (
        "leaf-eku-any",
        "webpki only needs serverAuth in the leaf's extKeyUsage and does not apply the CA/B BR 7.1.2.7.10 ban on anyExtendedKeyUsage",
    ),
    (
        "leaf-eku-critical",
        "webpki does not check the criticality of extKeyUsage (CA/B BR 7.1.2.7.6)",
    ),
    (
        "leaf-keycertsign-without-ca",
        "webpki ignores keyUsage on every certificate, so keyCertSign without cA (RFC 5280 4.2.1.9) passes",
    ),
    (
        "leaf-missing-aki",
        "webpki ignores key identifiers, so a leaf without authorityKeyIdentifier (RFC 5280 4.2.1.1) passes",
    ),
    (
        "leaf-without-eku",
        "webpki accepts a leaf without extKeyUsage for serverAuth (absent means any purpose, RFC 5280 4.2.1.12); the CA/B BR 7.1.2.7.10 requirement is certchain's",
    ),
    (
        "nc-email-domain",
        "webpki does not implement rfc822Name constraints: any rfc822Name under an rfc822Name subtree is refused (an unsupported name form), even a mailbox at the permitted host",
    ),
    (
        "nc-in-leaf",
        "webpki ignores nameConstraints in an end-entity certificate instead of rejecting it (RFC 5280 4.2.1.10)",
    ),
    (
        "nc-ip-not-cidr",
        "webpki only reads an iPAddress constraint when a certificate below has an IP address (this leaf has none), so the non-contiguous mask is never looked at",
    ),
    (
        "nc-malformed-leading-dot",
        "webpki reads the dNSName constraint .example.com (leading dot) as any subdomain of example.com and accepts www.example.com; certchain reads it as written, since RFC 5280 4.2.1.10 has no leading-dot form for dNSName",
    ),
    (
        "nc-not-critical",
        "webpki enforces name constraints whether or not they are critical and does not check the criticality (RFC 5280 4.2.1.10)",
    ),
    (
        "pathlen-self-issued-not-counted",
        "webpki counts self-issued intermediates towards pathLenConstraint (RFC 5280 6.1.4 (l) exempts them), so it rejects the key-rollover path",
    ),
    (
        "policy-any-policy-ca",
        "webpki does not process certificate policies and rejects any critical extension it does not know, so the intermediate's critical policyConstraints (RFC 5280 4.2.1.11 asks for it to be critical) fails the path with UnsupportedCriticalExtension",
    ),
    (
        "policy-constraints-not-critical",
        "webpki does not process certificate policies; a non-critical policyConstraints is skipped like any unknown non-critical extension",
    ),
    (
        "policy-required-met",
        "webpki does not process certificate policies and rejects any critical extension it does not know, so the intermediate's critical policyConstraints fails the path with UnsupportedCriticalExtension even though the leaf carries the required policy",
    ),
    (
        "root-bc-not-critical",
        "webpki takes a trust anchor as a name and a key and never looks at the anchor's extensions (RFC 5280 4.2.1.9)",
    ),
    (
        "root-unknown-critical-extension",
        "webpki takes a trust anchor as a name and a key and never looks at the anchor's extensions (RFC 5280 4.2)",
    ),
    (
        "root-with-eku",
        "webpki takes a trust anchor as a name and a key and never looks at the anchor's extensions (CA/B BR 7.1.2.1.2)",
    ),
    (
        "san-critical-with-subject",
        "webpki does not apply the CA/B BR 7.1.2.7.12 rule on subjectAltName criticality",
    ),
    (
        "serial-too-long",
        "webpki reads the serial number without checking its length (RFC 5280 4.1.2.2)",
    ),
    (
        "serial-zero",
        "webpki reads the serial number without checking that it is positive (RFC 5280 4.1.2.2)",
    ),
    (
        "weak-key-p192",
        "webpki never judges the leaf's own key (as for weak-key-rsa1024), so a P-192 key that signs nothing passes",
    ),
];

// ---------------------------------------------------------------- fixture scenarios

/// What a fixture's expected.json says about how to run it.
struct Scenario {
    name: String,
    dir: PathBuf,
    at: Option<i64>,
    name_to_check: Option<ExpectedName>,
    purpose: Purpose,
    profile: Profile,
    warn_days: Option<u32>,
    /// `Policy::max_intermediates` ("max_depth").
    max_depth: Option<usize>,
}

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Every folder of fixtures/ with a chain.pem, sorted by name.
fn scenarios() -> Vec<Scenario> {
    let Ok(entries) = std::fs::read_dir(fixtures_dir()) else {
        return Vec::new();
    };
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("chain.pem").is_file())
        .collect();
    dirs.sort();
    dirs.into_iter().map(scenario).collect()
}

fn scenario(dir: PathBuf) -> Scenario {
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    let text = std::fs::read_to_string(dir.join("expected.json"))
        .unwrap_or_else(|e| panic!("{name}/expected.json: {e}"));
    let v: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}/expected.json: {e}"));
    let at = match &v["at"] {
        serde_json::Value::Number(n) => Some(
            n.as_i64()
                .unwrap_or_else(|| panic!("{name}: at {n} is not seconds")),
        ),
        serde_json::Value::String(s) => Some(s.parse::<i64>().ok().unwrap_or_else(|| {
            chrono::DateTime::parse_from_rfc3339(s)
                .unwrap_or_else(|e| panic!("{name}: at {s:?}: {e}"))
                .timestamp()
        })),
        _ => None,
    };
    let host = v["host"].as_str().map(|h| {
        ExpectedName::Host(
            certchain::HostName::parse(h).unwrap_or_else(|e| panic!("{name}: host {h:?}: {e}")),
        )
    });
    let email = v["email"]
        .as_str()
        .map(|e| ExpectedName::Email(e.to_string()));
    let purpose = match v["purpose"].as_str() {
        Some(p) => Purpose::parse(p).unwrap_or_else(|e| panic!("{name}: {e}")),
        None => Purpose::ServerAuth,
    };
    let warn_days = v["warn_days"].as_u64().map(|d| u32::try_from(d).unwrap());
    let profile = Profile::parse(v["profile"].as_str().unwrap_or("webpki"))
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let max_depth = v["max_depth"].as_u64().map(|d| usize::try_from(d).unwrap());
    Scenario {
        name,
        dir,
        at,
        name_to_check: host.or(email),
        purpose,
        profile,
        warn_days,
        max_depth,
    }
}

fn read_certs(path: &Path, kind: SourceKind) -> Vec<SourcedCert> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    parse_certificates(&path.display().to_string(), &bytes, kind).unwrap_or_else(|e| panic!("{e}"))
}

/// Verify a scenario with the cross-check on.
fn run(s: &Scenario) -> Report {
    let mut store = TrustStore::new();
    for c in read_certs(&s.dir.join("roots.pem"), SourceKind::RootStore) {
        store.add_parsed(c);
    }
    let presented = read_certs(&s.dir.join("chain.pem"), SourceKind::Presented);
    let intermediates = s.dir.join("intermediates.pem");
    let extra = if intermediates.is_file() {
        read_certs(&intermediates, SourceKind::Intermediates)
    } else {
        Vec::new()
    };
    let policy = Policy {
        time: s.at.map_or(CheckTime::Now, CheckTime::At),
        purpose: s.purpose.clone(),
        profile: s.profile,
        warn_days: s.warn_days,
        max_intermediates: s.max_depth,
        cross_check: true,
        ..Policy::default()
    };
    Verifier::new(store, policy).verify(&presented, &extra, s.name_to_check.as_ref())
}

#[test]
fn every_fixture_agrees_or_is_a_known_disagreement() {
    let all = scenarios();
    assert!(
        !all.is_empty(),
        "no fixture scenario (a folder with chain.pem) under {}",
        fixtures_dir().display()
    );
    let mut problems = Vec::new();
    for s in &all {
        let report = run(s);
        let opinion = report
            .second_opinion
            .as_ref()
            .unwrap_or_else(|| panic!("{}: no second opinion", s.name));
        assert_eq!(opinion.engine, "rustls-webpki 0.103");
        let disagreement = report
            .findings
            .iter()
            .find(|f| f.code == Code::EngineDisagreement);
        let known = KNOWN_DISAGREEMENTS.iter().find(|(n, _)| *n == s.name);
        match (disagreement, known) {
            (Some(f), None) => {
                problems.push(format!("{}: new disagreement: {}", s.name, f.message))
            }
            (None, Some((_, why))) => problems.push(format!(
                "{}: listed as a disagreement ({why}) but the engines now agree",
                s.name
            )),
            (Some(_), Some(_)) => assert_eq!(
                report.verdict,
                Verdict::Invalid,
                "{}: a disagreement must fail closed",
                s.name
            ),
            (None, None) => {}
        }
    }
    for (n, _) in KNOWN_DISAGREEMENTS {
        assert!(
            all.iter().any(|s| s.name == *n),
            "KNOWN_DISAGREEMENTS lists {n}, which is not a fixture"
        );
    }
    assert!(
        problems.is_empty(),
        "{} of {} scenarios:\n{}",
        problems.len(),
        all.len(),
        problems.join("\n")
    );
}

#[test]
fn the_hook_on_a_valid_fixture_sets_a_valid_second_opinion() {
    let valid: Vec<Scenario> = scenarios()
        .into_iter()
        .filter(|s| {
            let text = std::fs::read_to_string(s.dir.join("expected.json")).unwrap();
            let v: serde_json::Value = serde_json::from_str(&text).unwrap();
            v["verdict"] == "valid" && !KNOWN_DISAGREEMENTS.iter().any(|(n, _)| *n == s.name)
        })
        .collect();
    assert!(
        !valid.is_empty(),
        "no valid fixture scenario under {}",
        fixtures_dir().display()
    );
    for s in &valid {
        let report = run(s);
        let opinion = report
            .second_opinion
            .as_ref()
            .expect("cross_check on sets second_opinion");
        assert_eq!(
            opinion.verdict,
            Verdict::Valid,
            "{}: {:?}",
            s.name,
            opinion.error
        );
        assert!(
            !report.has(Code::EngineDisagreement),
            "{}: {:?}",
            s.name,
            report.codes()
        );
        assert!(report.is_valid(), "{}: {:?}", s.name, report.codes());
    }
}

// ---------------------------------------------------------------- generated chains

const AT: i64 = 1_780_000_000;

fn ca_params(cn: &str) -> CertificateParams {
    let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
    p.distinguished_name.push(DnType::CommonName, cn);
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    p.use_authority_key_identifier_extension = true;
    p
}

fn leaf_params(eku: ExtendedKeyUsagePurpose) -> CertificateParams {
    let mut p = CertificateParams::new(vec!["www.example.com".to_string()]).unwrap();
    // CA/B BR 7.1.4.3: the CN repeats a SAN value (rcgen's default CN would not).
    p.distinguished_name
        .push(DnType::CommonName, "www.example.com");
    p.subject_alt_names
        .push(SanType::Rfc822Name("admin@example.com".try_into().unwrap()));
    p.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    p.extended_key_usages = vec![eku];
    p.use_authority_key_identifier_extension = true;
    p
}

fn sourced(der: &[u8], kind: SourceKind) -> SourcedCert {
    SourcedCert {
        cert: Arc::new(Certificate::from_der(der).unwrap()),
        source: Source {
            kind,
            name: "generated".into(),
            position: None,
        },
    }
}

/// A root, `n` intermediates and a leaf with the given EKU: (root DER, [leaf, intermediates
/// from the leaf up]).
fn chain(n: usize, eku: ExtendedKeyUsagePurpose) -> (Vec<u8>, Vec<SourcedCert>) {
    let root_key = KeyPair::generate().unwrap();
    let root_params = ca_params("Cross Root");
    let root = root_params.self_signed(&root_key).unwrap();
    let mut issuer = Issuer::new(root_params, root_key);
    let mut cas = Vec::new();
    for i in 0..n {
        let key = KeyPair::generate().unwrap();
        let params = ca_params(&format!("Cross Intermediate {i}"));
        cas.push(params.signed_by(&key, &issuer).unwrap());
        issuer = Issuer::new(params, key);
    }
    let leaf = leaf_params(eku)
        .signed_by(&KeyPair::generate().unwrap(), &issuer)
        .unwrap();
    let mut presented = vec![sourced(leaf.der(), SourceKind::Presented)];
    presented.extend(
        cas.iter()
            .rev()
            .map(|c| sourced(c.der(), SourceKind::Presented)),
    );
    (root.der().to_vec(), presented)
}

fn verify(
    root: &[u8],
    presented: &[SourcedCert],
    policy: Policy,
    name: Option<&ExpectedName>,
) -> Report {
    let mut store = TrustStore::new();
    store.add_parsed(sourced(root, SourceKind::RootStore));
    Verifier::new(
        store,
        Policy {
            time: CheckTime::At(AT),
            cross_check: true,
            ..policy
        },
    )
    .verify(presented, &[], name)
}

fn host() -> ExpectedName {
    ExpectedName::Host(certchain::HostName::parse("www.example.com").unwrap())
}

#[test]
fn both_engines_accept_a_good_chain() {
    let (root, presented) = chain(1, ExtendedKeyUsagePurpose::ServerAuth);
    let report = verify(&root, &presented, Policy::default(), Some(&host()));
    let opinion = report.second_opinion.as_ref().unwrap();
    assert_eq!((opinion.verdict, &opinion.error), (Verdict::Valid, &None));
    assert!(report.is_valid(), "{:?}", report.findings);
    assert!(!report.has(Code::EngineDisagreement));
}

#[test]
fn cross_check_off_leaves_no_second_opinion() {
    let (root, presented) = chain(1, ExtendedKeyUsagePurpose::ServerAuth);
    let mut store = TrustStore::new();
    store.add_parsed(sourced(&root, SourceKind::RootStore));
    let report = Verifier::new(
        store,
        Policy {
            time: CheckTime::At(AT),
            ..Policy::default()
        },
    )
    .verify(&presented, &[], None);
    assert!(report.is_valid());
    assert!(report.second_opinion.is_none());
}

#[test]
fn both_engines_reject_a_wrong_host_without_disagreeing() {
    let (root, presented) = chain(1, ExtendedKeyUsagePurpose::ServerAuth);
    let other = ExpectedName::Host(certchain::HostName::parse("mail.example.org").unwrap());
    let report = verify(&root, &presented, Policy::default(), Some(&other));
    let opinion = report.second_opinion.as_ref().unwrap();
    assert_eq!(opinion.verdict, Verdict::Invalid);
    assert!(
        opinion
            .error
            .as_deref()
            .unwrap()
            .contains("CertNotValidForName"),
        "{:?}",
        opinion.error
    );
    assert!(report.has(Code::NameMismatch));
    assert!(!report.has(Code::EngineDisagreement));
}

#[test]
fn a_webpki_rejection_fails_closed() {
    // Seven intermediates: certchain builds up to twelve certificates, webpki stops at six
    // intermediates. certchain accepts, webpki does not: the report must be invalid.
    let (root, presented) = chain(7, ExtendedKeyUsagePurpose::ServerAuth);
    let report = verify(&root, &presented, Policy::default(), Some(&host()));
    assert_eq!(
        report.second_opinion.as_ref().unwrap().verdict,
        Verdict::Invalid
    );
    assert!(!report.is_valid());
    let f = report
        .findings
        .iter()
        .find(|f| f.code == Code::EngineDisagreement)
        .expect("a disagreement finding");
    assert_eq!(f.depth, None);
    assert!(f.message.contains("certchain says valid"), "{}", f.message);
    assert!(
        f.message.contains("MaximumPathDepthExceeded"),
        "{}",
        f.message
    );
}

#[test]
fn the_depth_limit_reaches_webpki() {
    let (root, presented) = chain(2, ExtendedKeyUsagePurpose::ServerAuth);
    let policy = Policy {
        max_intermediates: Some(1),
        ..Policy::default()
    };
    let report = verify(&root, &presented, policy, None);
    assert!(report.has(Code::DepthExceeded), "{:?}", report.codes());
    let opinion = report.second_opinion.as_ref().unwrap();
    assert_eq!(opinion.verdict, Verdict::Invalid);
    assert!(
        opinion
            .error
            .as_deref()
            .unwrap()
            .contains("MaximumPathDepthExceeded"),
        "{:?}",
        opinion.error
    );
    assert!(!report.has(Code::EngineDisagreement));

    let policy = Policy {
        max_intermediates: Some(2),
        ..Policy::default()
    };
    let report = verify(&root, &presented, policy, None);
    assert!(report.is_valid(), "{:?}", report.findings);
}

#[test]
fn an_email_name_is_left_to_certchain_and_said_so() {
    let (root, presented) = chain(1, ExtendedKeyUsagePurpose::ServerAuth);
    let right = ExpectedName::Email("admin@example.com".into());
    let report = verify(&root, &presented, Policy::default(), Some(&right));
    assert!(report.is_valid(), "{:?}", report.findings);
    let opinion = report.second_opinion.as_ref().unwrap();
    assert_eq!(opinion.verdict, Verdict::Valid);
    assert!(
        opinion
            .error
            .as_deref()
            .unwrap()
            .contains("was not checked"),
        "{:?}",
        opinion.error
    );

    // certchain's name_mismatch is outside what webpki was asked: no disagreement.
    let wrong = ExpectedName::Email("root@example.com".into());
    let report = verify(&root, &presented, Policy::default(), Some(&wrong));
    assert!(!report.is_valid());
    assert!(report.has(Code::NameMismatch));
    assert_eq!(
        report.second_opinion.as_ref().unwrap().verdict,
        Verdict::Valid
    );
    assert!(
        !report.has(Code::EngineDisagreement),
        "{:?}",
        report.findings
    );
}

#[test]
fn purposes_map_to_webpki_usages() {
    let (root, presented) = chain(1, ExtendedKeyUsagePurpose::ClientAuth);
    let client = verify(
        &root,
        &presented,
        Policy {
            purpose: Purpose::ClientAuth,
            ..Policy::default()
        },
        None,
    );
    assert!(client.is_valid(), "{:?}", client.findings);
    assert_eq!(
        client.second_opinion.as_ref().unwrap().verdict,
        Verdict::Valid
    );

    // A client-only leaf is fine for `any`: webpki is not asked for serverAuth.
    let any = verify(
        &root,
        &presented,
        Policy {
            purpose: Purpose::Any,
            ..Policy::default()
        },
        None,
    );
    assert!(any.is_valid(), "{:?}", any.findings);
    assert_eq!(any.second_opinion.as_ref().unwrap().verdict, Verdict::Valid);

    // Both engines refuse it for server authentication.
    let server = verify(&root, &presented, Policy::default(), None);
    assert_eq!(
        server.second_opinion.as_ref().unwrap().verdict,
        Verdict::Invalid
    );
    assert!(server.has(Code::EkuMismatch));
    assert!(
        !server.has(Code::EngineDisagreement),
        "{:?}",
        server.findings
    );

    // A dotted OID: listed → both accept; not listed → both refuse.
    let code_signing = Purpose::Other("1.3.6.1.5.5.7.3.3".into());
    let report = verify(
        &root,
        &presented,
        Policy {
            purpose: code_signing,
            ..Policy::default()
        },
        None,
    );
    assert_eq!(
        report.second_opinion.as_ref().unwrap().verdict,
        Verdict::Invalid
    );
    assert!(
        !report.has(Code::EngineDisagreement),
        "{:?}",
        report.findings
    );
    let client_oid = Purpose::Other("1.3.6.1.5.5.7.3.2".into());
    let report = verify(
        &root,
        &presented,
        Policy {
            purpose: client_oid,
            ..Policy::default()
        },
        None,
    );
    assert_eq!(
        report.second_opinion.as_ref().unwrap().verdict,
        Verdict::Valid,
        "{:?}",
        report.second_opinion
    );
    assert!(
        !report.has(Code::EngineDisagreement),
        "{:?}",
        report.findings
    );
}

#[test]
fn webpki_sees_the_same_time() {
    let (root, presented) = chain(1, ExtendedKeyUsagePurpose::ServerAuth);
    // rcgen's default validity starts in 1975: both engines reject a check time in 1970.
    let policy = Policy {
        time: CheckTime::At(0),
        cross_check: true,
        ..Policy::default()
    };
    let mut store = TrustStore::new();
    store.add_parsed(sourced(&root, SourceKind::RootStore));
    let report = Verifier::new(store, policy).verify(&presented, &[], None);
    assert!(report.has(Code::NotYetValid), "{:?}", report.codes());
    let opinion = report.second_opinion.as_ref().unwrap();
    assert!(
        opinion
            .error
            .as_deref()
            .unwrap()
            .contains("CertNotValidYet"),
        "{:?}",
        opinion.error
    );
    assert!(!report.has(Code::EngineDisagreement));
}
