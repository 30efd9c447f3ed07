//! Pathological inputs (issue 14): each is bounded by a named limit in
//! `certchain::limits`, and each test asserts the outcome a user relies on (the verdict,
//! the finding codes with their depths, the message naming the bound, the exit code),
//! never the time taken. The shapes follow x509-limbo's `pathological::` cases and the
//! policy-tree explosion of CVE-2023-0464, generated here with rcgen (ECDSA P-256).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions,
    clippy::arithmetic_side_effects
)]

mod common;

use certchain::limits;
use certchain::{
    Certificate, CheckTime, Code, ExpectedName, HostName, Policy, Purpose, Report, Source,
    SourceKind, SourcedCert, TrustStore, Verifier,
};
use common::{ca_params, certchain, server_leaf_params};
use rcgen::{
    CertificateParams, CustomExtension, GeneralSubtree, Issuer, KeyPair, NameConstraints, SanType,
};
use std::path::PathBuf;
use std::sync::Arc;

/// 2026-05-28, inside rcgen's default validity.
const AT: i64 = 1_780_000_000;

fn tmp(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("pathological");
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn sourced(der: &[u8], kind: SourceKind, pos: usize) -> SourcedCert {
    SourcedCert {
        cert: Arc::new(Certificate::from_der(der).unwrap()),
        source: Source {
            kind,
            name: "bundle".into(),
            position: Some(pos),
        },
    }
}

fn verifier(root: &[u8]) -> Verifier {
    let mut store = TrustStore::new();
    store.add_parsed(sourced(root, SourceKind::RootStore, 1));
    Verifier::new(
        store,
        Policy {
            time: CheckTime::At(AT),
            purpose: Purpose::ServerAuth,
            ..Policy::default()
        },
    )
}

fn host(name: &str) -> ExpectedName {
    ExpectedName::Host(HostName::Dns(name.into()))
}

/// The error findings as (depth, code, message).
fn errors(report: &Report) -> Vec<(Option<usize>, Code, String)> {
    report
        .errors()
        .map(|f| (f.depth, f.code, f.message.clone()))
        .collect()
}

/// A root CA: its parameters, key and DER.
struct Ca {
    params: CertificateParams,
    key: KeyPair,
    der: Vec<u8>,
}

impl Ca {
    fn root(cn: &str, edit: impl FnOnce(&mut CertificateParams)) -> Ca {
        let mut params = ca_params(cn);
        edit(&mut params);
        let key = KeyPair::generate().unwrap();
        let der = params.self_signed(&key).unwrap().der().to_vec();
        Ca { params, key, der }
    }

    fn issuer(&self) -> Issuer<'_, &KeyPair> {
        Issuer::from_params(&self.params, &self.key)
    }

    /// A certificate for `params` and a fresh key, signed by this CA.
    fn sign(&self, params: &CertificateParams) -> (Vec<u8>, KeyPair) {
        let key = KeyPair::generate().unwrap();
        let der = params
            .signed_by(&key, &self.issuer())
            .unwrap()
            .der()
            .to_vec();
        (der, key)
    }
}

// --- a little DER, for the extensions rcgen has no API for ---------------------------

fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = header(tag, content.len());
    out.extend_from_slice(content);
    out
}

/// A tag and a DER length.
fn header(tag: u8, len: usize) -> Vec<u8> {
    let mut out = vec![tag];
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|b| *b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out
}

fn seq(parts: &[Vec<u8>]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

/// The DER of an OBJECT IDENTIFIER from its arcs.
fn oid(arcs: &[u64]) -> Vec<u8> {
    let mut body = vec![(arcs[0] * 40 + arcs[1]) as u8];
    for &arc in &arcs[2..] {
        let mut groups = vec![(arc & 0x7f) as u8];
        let mut rest = arc >> 7;
        while rest > 0 {
            groups.push(0x80 | (rest & 0x7f) as u8);
            rest >>= 7;
        }
        groups.reverse();
        body.extend(groups);
    }
    tlv(0x06, &body)
}

/// A private policy OID, 1.3.6.1.4.1.55555.1.`n`.
fn policy(n: u64) -> Vec<u8> {
    oid(&[1, 3, 6, 1, 4, 1, 55555, 1, n])
}

/// certificatePolicies (RFC 5280 4.2.1.4) listing `policies`, no qualifiers.
fn certificate_policies(policies: &[Vec<u8>]) -> CustomExtension {
    let infos: Vec<Vec<u8>> = policies
        .iter()
        .map(|p| seq(std::slice::from_ref(p)))
        .collect();
    CustomExtension::from_oid_content(&[2, 5, 29, 32], seq(&infos))
}

/// policyMappings (RFC 5280 4.2.1.5), critical.
fn policy_mappings(pairs: &[(u64, u64)]) -> CustomExtension {
    let maps: Vec<Vec<u8>> = pairs
        .iter()
        .map(|&(a, b)| seq(&[policy(a), policy(b)]))
        .collect();
    let mut ext = CustomExtension::from_oid_content(&[2, 5, 29, 33], seq(&maps));
    ext.set_criticality(true);
    ext
}

/// policyConstraints (RFC 5280 4.2.1.11) with requireExplicitPolicy 0, critical.
fn require_explicit_policy() -> CustomExtension {
    let mut ext = CustomExtension::from_oid_content(&[2, 5, 29, 36], seq(&[tlv(0x80, &[0])]));
    ext.set_criticality(true);
    ext
}

fn dns_sans(names: impl IntoIterator<Item = String>) -> Vec<SanType> {
    names
        .into_iter()
        .map(|n| SanType::DnsName(n.try_into().unwrap()))
        .collect()
}

// --- the inputs ----------------------------------------------------------------------

#[test]
fn bundle_of_10000_certificates_is_read_and_one_more_is_refused_naming_the_limit() {
    let root = Ca::root("Bundle Root", |_| {});
    let (leaf, _) = root.sign(&server_leaf_params());
    let mut pem = String::new();
    pem.push_str(&pem::encode(&pem::Pem::new("CERTIFICATE", leaf)));
    // The rest: distinct self-signed CAs (one key), none on the path.
    let junk_key = KeyPair::generate().unwrap();
    for i in 1..=limits::MAX_CERTS_PER_INPUT {
        let junk = ca_params(&format!("Junk {i}"))
            .self_signed(&junk_key)
            .unwrap();
        pem.push_str(&junk.pem());
    }
    let (last, rest) = pem.rsplit_once("-----BEGIN CERTIFICATE-----").unwrap();
    let exactly = last.to_string();
    let over = format!("{last}-----BEGIN CERTIFICATE-----{rest}");
    let roots = tmp(
        "bundle-roots.pem",
        pem::encode(&pem::Pem::new("CERTIFICATE", root.der.clone())).as_bytes(),
    );

    // MAX_CERTS_PER_INPUT certificates: read, the path found, every other one reported.
    let path = tmp("bundle-10000.pem", exactly.as_bytes());
    let out = certchain()
        .args(["verify", path.to_str().unwrap(), "--roots"])
        .arg(&roots)
        .args(["--at", "2026-05-28", "--host", "www.example.com"])
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json = common::stdout_json(&out);
    assert_eq!(json["verdict"], "valid");
    assert_eq!(json["path"].as_array().unwrap().len(), 2);
    let findings = json["findings"].as_array().unwrap();
    let unused = findings
        .iter()
        .filter(|f| f["code"] == "unused_certificate")
        .count();
    assert_eq!(unused, limits::MAX_CERTS_PER_INPUT - 1);

    // One more: one line naming the file, the block and the limit; exit 2.
    let path = tmp("bundle-10001.pem", over.as_bytes());
    let out = certchain()
        .args(["verify", path.to_str().unwrap(), "--roots"])
        .arg(&roots)
        .args(["--at", "2026-05-28"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(out.stdout.is_empty());
    let line = format!(
        "PEM block {} (line {}): more than {} blocks in one input\n",
        limits::MAX_CERTS_PER_INPUT + 1,
        exactly.lines().count() + 1,
        limits::MAX_CERTS_PER_INPUT
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(stderr.contains("bundle-10001.pem"), "{stderr}");
    assert!(stderr.ends_with(&line), "{stderr}");
}

#[test]
fn dense_graph_of_100_cross_signed_intermediates_stops_on_the_budget_and_rejects() {
    // x509-limbo pathological-chain-*, denser: 100 CAs with distinct subjects and keys,
    // CA i cross-signed by CAs i+1 .. i+20 (mod 100), 2,000 certificates in all; every
    // step branches 20 ways. The depth-first search follows CA 0 -> CA 1 -> ... and
    // the signature budget runs out long before the branches are all tried.
    const CAS: usize = 100;
    const SIGNERS: usize = 20;
    let root = Ca::root("Graph Root", |_| {});
    let cas: Vec<(CertificateParams, KeyPair)> = (0..CAS)
        .map(|i| {
            (
                ca_params(&format!("Graph CA {i}")),
                KeyPair::generate().unwrap(),
            )
        })
        .collect();
    let leaf = server_leaf_params()
        .signed_by(
            &KeyPair::generate().unwrap(),
            &Issuer::from_params(&cas[0].0, &cas[0].1),
        )
        .unwrap();
    let mut bundle = vec![sourced(leaf.der(), SourceKind::Presented, 1)];
    for (i, (params, key)) in cas.iter().enumerate() {
        for step in 1..=SIGNERS {
            let (sp, sk) = &cas[(i + step) % CAS];
            let c = params.signed_by(key, &Issuer::from_params(sp, sk)).unwrap();
            let pos = bundle.len() + 1;
            bundle.push(sourced(c.der(), SourceKind::Presented, pos));
        }
    }
    let budget = format!(
        "path building stopped after {} signature checks",
        limits::MAX_SIGNATURE_CHECKS
    );
    let v = verifier(&root.der);
    let name = host("www.example.com");
    let check = |bundle: &[SourcedCert]| {
        let report = v.verify(bundle, &[], Some(&name));
        assert!(!report.is_valid());
        assert!(!report.reached_anchor);
        let errs = errors(&report);
        // The path reported: CA 0 .. CA 99, a loop back to CA 0 at depth 100 and the
        // policy's depth of 10 passed at 11; and the budget that cut the search short,
        // for the search as a whole (no depth).
        let codes: Vec<(Option<usize>, Code)> = errs.iter().map(|e| (e.0, e.1)).collect();
        assert_eq!(
            codes,
            [
                (Some(11), Code::DepthExceeded),
                (Some(100), Code::IssuerNotFound),
                (None, Code::BudgetExhausted),
            ]
        );
        assert_eq!(errs[2].2, budget);
        assert_eq!(report.path.len(), CAS + 1);
        assert!(report.path.len() <= limits::MAX_PATH_CERTS);
        assert!(report.attempts.len() <= limits::MAX_RECORDED_ATTEMPTS);
    };
    check(&bundle);

    // CA 50 also signed by the root: a 4-intermediate path (leaf, CA 0, CA 20, CA 40,
    // CA 50, root) exists, but the search spends its budget on the deep branch first.
    // certchain rejects it and says the budget ran out: a reject, never a false accept.
    let c = cas[50].0.signed_by(&cas[50].1, &root.issuer()).unwrap();
    let pos = bundle.len() + 1;
    bundle.push(sourced(c.der(), SourceKind::Presented, pos));
    check(&bundle);
}

#[test]
fn dns_name_of_10000_labels_matches_nothing_and_is_not_compared_to_constraints() {
    // 10,000 labels (20,009 octets), far past RFC 1035's 253.
    let long = format!("{}example.com", "a.".repeat(9_998));
    assert!(long.len() > limits::MAX_DNS_NAME_LEN);

    // As a presented name: it matches nothing, not even itself.
    let root = Ca::root("Long Name Root", |_| {});
    let mut params = server_leaf_params();
    params.subject_alt_names = dns_sans([long.clone()]);
    let (leaf, _) = root.sign(&params);
    let report = verifier(&root.der)
        .verify_der(&[&leaf], Some(&host(&long)))
        .unwrap();
    assert!(!report.is_valid());
    assert!(report.has(Code::NameMismatch), "{:?}", report.codes());
    assert!(report
        .codes()
        .iter()
        .all(|(d, _)| *d == Some(0) || d.is_none()));

    // Under a CA with a dNSName constraint: not compared, so not let through.
    let constrained = Ca::root("Constrained Root", |p| {
        p.name_constraints = Some(NameConstraints {
            permitted_subtrees: vec![GeneralSubtree::DnsName("example.com".into())],
            excluded_subtrees: vec![],
        });
    });
    let (leaf, _) = constrained.sign(&params);
    let report = verifier(&constrained.der)
        .verify_der(&[&leaf], None)
        .unwrap();
    assert!(!report.is_valid());
    let nc: Vec<(Option<usize>, Code, String)> = errors(&report)
        .into_iter()
        .filter(|(_, c, _)| *c == Code::NameConstraintViolation)
        .collect();
    assert_eq!(nc.len(), 1, "{:?}", report.codes());
    assert_eq!(nc[0].0, Some(0));

    // As the name asked for: refused as a host name.
    assert!(HostName::parse(&long).is_err());
}

#[test]
fn san_with_10000_entries_is_matched_and_a_mismatch_lists_only_the_first_names() {
    const NAMES: usize = 10_000;
    let root = Ca::root("Many Names Root", |_| {});
    let mut params = server_leaf_params();
    params.subject_alt_names = dns_sans((0..NAMES).map(|i| format!("h{i}.example.com")));
    let (leaf, _) = root.sign(&params);
    let v = verifier(&root.der);

    let report = v
        .verify_der(
            &[&leaf],
            Some(&host(&format!("h{}.example.com", NAMES - 1))),
        )
        .unwrap();
    assert!(report.is_valid(), "{:?}", report.codes());

    let report = v
        .verify_der(&[&leaf], Some(&host("www.example.com")))
        .unwrap();
    assert!(!report.is_valid());
    let errs = errors(&report);
    assert_eq!(errs.len(), 1, "{:?}", report.codes());
    assert_eq!((errs[0].0, errs[0].1), (Some(0), Code::NameMismatch));
    let listed: Vec<String> = (0..limits::MAX_LISTED_NAMES)
        .map(|i| format!("DNS:h{i}.example.com"))
        .collect();
    assert!(
        errs[0].2.contains(&format!(
            "{}, and {} more",
            listed.join(", "),
            NAMES - limits::MAX_LISTED_NAMES
        )),
        "{}",
        errs[0].2
    );
}

fn nc_root(subtrees: usize) -> Ca {
    Ca::root("NC DoS Root", |p| {
        p.name_constraints = Some(NameConstraints {
            permitted_subtrees: (0..subtrees)
                .map(|i| GeneralSubtree::DnsName(format!("p{i}.example.net")))
                .collect(),
            excluded_subtrees: vec![],
        });
    })
}

fn budget_finding(report: &Report) -> Vec<(Option<usize>, Code, String)> {
    errors(report)
        .into_iter()
        .filter(|(_, c, _)| *c == Code::BudgetExhausted)
        .collect()
}

#[test]
fn name_constraints_with_10000_subtrees_against_10000_names_stop_on_the_comparison_budget() {
    // x509-limbo nc-dos-*: 10,000 x 10,000 comparisons, cut at MAX_NAME_COMPARISONS.
    const N: usize = 10_000;
    let root = nc_root(N);
    let v = verifier(&root.der);
    let expected = vec![(
        Some(0),
        Code::BudgetExhausted,
        format!(
            "name-constraint checking stopped after {} comparisons (the CA at depth 1 has too many subtrees for this many names)",
            limits::MAX_NAME_COMPARISONS
        ),
    )];

    let mut params = server_leaf_params();
    params.subject_alt_names = dns_sans((0..N).map(|i| format!("h{i}.example.com")));
    let (leaf, _) = root.sign(&params);
    let report = v.verify_der(&[&leaf], None).unwrap();
    assert!(!report.is_valid());
    assert_eq!(budget_finding(&report), expected, "{:?}", report.codes());

    // Names of another type than every subtree: each name still scans the subtrees,
    // and that scan counts toward the budget too (rustls-webpki counts it the same way).
    let mut params = server_leaf_params();
    params.subject_alt_names = (0..N)
        .map(|i| {
            SanType::IpAddress(std::net::IpAddr::V4(std::net::Ipv4Addr::from(
                0x0a00_0000 + i as u32,
            )))
        })
        .collect();
    let (leaf, _) = root.sign(&params);
    let report = v.verify_der(&[&leaf], None).unwrap();
    assert!(!report.is_valid());
    assert_eq!(budget_finding(&report), expected, "{:?}", report.codes());
}

/// DER nested `depth` SEQUENCEs deep around an empty one.
fn nested(depth: usize) -> Vec<u8> {
    // headers from the inside out (each over what it wraps), then written outside in
    let mut len = 2;
    let mut headers = Vec::with_capacity(depth);
    for _ in 0..depth {
        let h = header(0x30, len);
        len += h.len();
        headers.push(h);
    }
    let mut v: Vec<u8> = headers.into_iter().rev().flatten().collect();
    v.extend([0x30, 0x00]);
    v
}

#[test]
fn deeply_nested_der_is_an_error_or_an_opaque_extension_never_a_crash() {
    // The whole input: 100,000 nested SEQUENCEs is not a certificate.
    let err = Certificate::from_der(&nested(100_000)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "not a DER X.509 certificate: invalid serial"
    );
    // and through the binary: one line naming the file, exit 2
    let path = tmp("nested.der", &nested(100_000));
    let out = certchain()
        .args(["verify", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        format!(
            "error: {}: not a DER X.509 certificate: invalid serial\n",
            path.display()
        )
    );

    // Inside a certificate: a non-critical private extension 10,000 levels deep is
    // carried, unread; a critical one is refused as unsupported.
    let root = Ca::root("Nested Root", |_| {});
    let v = verifier(&root.der);
    let mut params = server_leaf_params();
    params.custom_extensions = vec![CustomExtension::from_oid_content(
        &[1, 3, 6, 1, 4, 1, 55555, 2],
        nested(10_000),
    )];
    let (leaf, _) = root.sign(&params);
    let report = v
        .verify_der(&[&leaf], Some(&host("www.example.com")))
        .unwrap();
    assert!(report.is_valid(), "{:?}", report.codes());

    params.custom_extensions[0].set_criticality(true);
    let (leaf, _) = root.sign(&params);
    let report = v
        .verify_der(&[&leaf], Some(&host("www.example.com")))
        .unwrap();
    assert!(!report.is_valid());
    assert_eq!(
        report.codes(),
        [(Some(0), Code::UnknownCriticalExtension)],
        "{:?}",
        report.codes()
    );
}

#[test]
fn input_of_16_mib_is_read_and_one_byte_more_is_refused_naming_the_limit() {
    let root = Ca::root("Size Root", |_| {});
    let (leaf, _) = root.sign(&server_leaf_params());
    let roots = tmp(
        "size-roots.pem",
        pem::encode(&pem::Pem::new("CERTIFICATE", root.der.clone())).as_bytes(),
    );
    let max = usize::try_from(limits::MAX_INPUT_BYTES).unwrap();
    // The certificate, then explanatory text (allowed around PEM blocks, RFC 7468 5.2)
    // up to exactly MAX_INPUT_BYTES.
    let mut text = pem::encode(&pem::Pem::new("CERTIFICATE", leaf));
    let line = format!("{}\n", "x".repeat(63));
    while text.len() + line.len() <= max {
        text.push_str(&line);
    }
    text.push_str(&"\n".repeat(max - text.len()));
    assert_eq!(text.len(), max);

    let run = |name: &str, bytes: &[u8]| {
        let path = tmp(name, bytes);
        let out = certchain()
            .args(["verify", path.to_str().unwrap(), "--roots"])
            .arg(&roots)
            .args(["--at", "2026-05-28", "--host", "www.example.com"])
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let (code, stdout, stderr) = run("16mib.pem", text.as_bytes());
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout
            .lines()
            .last()
            .unwrap()
            .starts_with("VALID: CN=www.example.com -> CN=Size Root;"),
        "{stdout}"
    );

    text.push('\n');
    let (code, stdout, stderr) = run("16mib-and-1.pem", text.as_bytes());
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stdout.is_empty());
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(
        stderr.ends_with(&format!(
            "16mib-and-1.pem: larger than {} MiB; not a certificate file\n",
            limits::MAX_INPUT_BYTES >> 20
        )),
        "{stderr}"
    );
}

/// A chain root -> `cas` intermediates -> leaf, the intermediates carrying the
/// extensions `ca_ext(i)` and the leaf `leaf_ext`; returns the DERs leaf first and the root.
fn policy_chain(
    cas: usize,
    ca_ext: impl Fn(usize) -> Vec<CustomExtension>,
    leaf_ext: Vec<CustomExtension>,
) -> (Vec<Vec<u8>>, Vec<u8>) {
    let root = Ca::root("Policy Root", |_| {});
    let mut chain = Vec::new();
    let mut cas_made: Vec<(CertificateParams, KeyPair)> = Vec::new();
    for i in 1..=cas {
        let mut p = ca_params(&format!("Policy CA {i}"));
        p.custom_extensions = ca_ext(i);
        let key = KeyPair::generate().unwrap();
        let der = match cas_made.last() {
            None => p.signed_by(&key, &root.issuer()),
            Some((ip, ik)) => p.signed_by(&key, &Issuer::from_params(ip, ik)),
        }
        .unwrap()
        .der()
        .to_vec();
        chain.push(der);
        cas_made.push((p, key));
    }
    let mut leaf = server_leaf_params();
    leaf.custom_extensions = leaf_ext;
    let leaf_key = KeyPair::generate().unwrap();
    let der = match cas_made.last() {
        None => leaf.signed_by(&leaf_key, &root.issuer()),
        Some((ip, ik)) => leaf.signed_by(&leaf_key, &Issuer::from_params(ip, ik)),
    }
    .unwrap()
    .der()
    .to_vec();
    chain.push(der);
    chain.reverse();
    (chain, root.der)
}

#[test]
fn certificate_policy_tree_that_explodes_stays_one_node_per_policy_and_too_many_is_rejected() {
    // CVE-2023-0464's shape: five CAs, each with 10 policies and all 100 mappings
    // between them; RFC 5280's tree would hold 10^5 nodes at the leaf's level.
    const P: u64 = 10;
    let all: Vec<Vec<u8>> = (0..P).map(policy).collect();
    let pairs: Vec<(u64, u64)> = (0..P).flat_map(|a| (0..P).map(move |b| (a, b))).collect();
    let (chain, root) = policy_chain(
        5,
        |i| {
            let mut e = vec![certificate_policies(&all), policy_mappings(&pairs)];
            if i == 1 {
                e.push(require_explicit_policy());
            }
            e
        },
        vec![certificate_policies(&[policy(0)])],
    );
    let report = verifier(&root).verify_der(&chain, None).unwrap();
    assert!(report.is_valid(), "{:?}", report.codes());
    assert!(!report.has(Code::BudgetExhausted));

    // A CA listing more policies than MAX_POLICY_NODES: the tree is cut, the path refused.
    let many: Vec<Vec<u8>> = (0..=limits::MAX_POLICY_NODES as u64).map(policy).collect();
    let (chain, root) = policy_chain(
        2,
        |i| {
            if i == 2 {
                vec![certificate_policies(&many)]
            } else {
                vec![certificate_policies(&[policy(0)])]
            }
        },
        vec![certificate_policies(&[policy(0)])],
    );
    let report = verifier(&root).verify_der(&chain, None).unwrap();
    assert!(!report.is_valid());
    assert_eq!(
        budget_finding(&report),
        [(
            Some(1),
            Code::BudgetExhausted,
            format!(
                "the certificate policy tree grew past {} nodes",
                limits::MAX_POLICY_NODES
            )
        )],
        "{:?}",
        report.codes()
    );

    // A CA with more mappings than MAX_POLICY_NODES: refused the same way.
    let pairs: Vec<(u64, u64)> = (0..=limits::MAX_POLICY_NODES as u64)
        .map(|n| (n, n + 1))
        .collect();
    let (chain, root) = policy_chain(
        2,
        |i| {
            let mut e = vec![certificate_policies(&[policy(0)])];
            if i == 2 {
                e.push(policy_mappings(&pairs));
            }
            e
        },
        vec![certificate_policies(&[policy(0)])],
    );
    let report = verifier(&root).verify_der(&chain, None).unwrap();
    assert!(!report.is_valid());
    assert_eq!(
        budget_finding(&report),
        [(
            Some(1),
            Code::BudgetExhausted,
            format!(
                "the certificate policy tree grew past {} nodes",
                limits::MAX_POLICY_NODES
            )
        )],
        "{:?}",
        report.codes()
    );
}
