//! Pathological inputs (issue 14): each is bounded by a named limit of
//! `certchain::limits`, and each test asserts the outcome a user relies on (verdict,
//! codes with depths, the message naming the bound, the exit code), not its time.
//! Inputs are generated here with rcgen (the shapes of x509-limbo's `pathological::`
//! cases and of CVE-2023-0464), never read from x509-limbo.

#![allow(
    clippy::arithmetic_side_effects,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

mod common;

use certchain::limits;
use certchain::{
    details::BudgetResource, CheckTime, Code, Details, ExpectedName, HostName, Policy, Profile,
    Purpose, Report, SourceKind, SourcedCert, Verifier,
};
use common::{ca_params, certchain, root_store, server_leaf_params, sourced};
use rcgen::{
    CertificateParams, CustomExtension, GeneralSubtree, Issuer, KeyPair, NameConstraints,
    SerialNumber,
};

const AT: i64 = 1_780_000_000;

fn verifier(roots: &[&[u8]], profile: Profile) -> Verifier {
    Verifier::new(
        root_store(roots),
        Policy {
            time: CheckTime::At(AT),
            purpose: Purpose::ServerAuth,
            profile,
            ..Policy::default()
        },
    )
}

fn host(name: &str) -> ExpectedName {
    ExpectedName::Host(HostName::Dns(name.into()))
}

fn errors(report: &Report) -> Vec<(Option<usize>, Code)> {
    report.errors().map(|f| (f.depth, f.code)).collect()
}

fn budget(report: &Report) -> &certchain::Finding {
    report
        .findings
        .iter()
        .find(|f| f.code == Code::BudgetExhausted)
        .unwrap_or_else(|| panic!("no budget finding: {:?}", report.codes()))
}

/// DER: a tag and its content, with the definite length in short or long form.
fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    out.extend(len_bytes(content.len()));
    out.extend_from_slice(content);
    out
}

fn len_bytes(n: usize) -> Vec<u8> {
    if n < 0x80 {
        return vec![n as u8];
    }
    let be: Vec<u8> = n
        .to_be_bytes()
        .into_iter()
        .skip_while(|b| *b == 0)
        .collect();
    let mut out = vec![0x80 | be.len() as u8];
    out.extend(be);
    out
}

/// The DER of an OID 1.3.6.1.4.1.55555.{a}.{b} (a, b < 128).
fn policy_oid(a: u8, b: u8) -> Vec<u8> {
    tlv(
        0x06,
        &[0x2b, 0x06, 0x01, 0x04, 0x01, 0x83, 0xb2, 0x03, a, b],
    )
}

/// certificatePolicies (RFC 5280 4.2.1.4): one PolicyInformation per OID, no qualifiers.
fn certificate_policies(oids: &[Vec<u8>]) -> CustomExtension {
    let infos: Vec<u8> = oids.iter().flat_map(|o| tlv(0x30, o)).collect();
    CustomExtension::from_oid_content(&[2, 5, 29, 32], tlv(0x30, &infos))
}

/// policyMappings (RFC 5280 4.2.1.5), critical as the RFC recommends.
fn policy_mappings(pairs: &[(Vec<u8>, Vec<u8>)]) -> CustomExtension {
    let body: Vec<u8> = pairs
        .iter()
        .flat_map(|(a, b)| tlv(0x30, &[a.clone(), b.clone()].concat()))
        .collect();
    let mut e = CustomExtension::from_oid_content(&[2, 5, 29, 33], tlv(0x30, &body));
    e.set_criticality(true);
    e
}

fn write_tmp(name: &str, bytes: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!("certchain-pathological-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_str().unwrap().to_string()
}

/// A root and a www.example.com leaf it signed, as PEM.
fn root_and_leaf() -> (String, String) {
    let root_key = KeyPair::generate().unwrap();
    let root_params = ca_params("Pathological Root");
    let root = root_params.self_signed(&root_key).unwrap();
    let leaf = server_leaf_params()
        .signed_by(
            &KeyPair::generate().unwrap(),
            &Issuer::from_params(&root_params, &root_key),
        )
        .unwrap();
    (root.pem(), leaf.pem())
}

#[test]
fn bundle_of_10000_certificates_is_read_and_one_more_is_refused_with_the_limit() {
    let (root, leaf) = root_and_leaf();
    let roots = write_tmp("bundle-roots.pem", root.as_bytes());
    let junk = ca_params("Unrelated CA")
        .self_signed(&KeyPair::generate().unwrap())
        .unwrap()
        .pem();
    // the leaf and 9,999 copies of an unrelated CA: exactly the limit
    let at_limit = format!("{leaf}{}", junk.repeat(limits::MAX_CERTS_PER_INPUT - 1));
    let p = write_tmp("bundle-10000.pem", at_limit.as_bytes());
    let out = certchain()
        .args(["verify", &p, "--roots", &roots, "--host", "www.example.com"])
        .args(["--at", "2026-06-01", "--format", "json"])
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap();
    let json = common::stdout_json(&out);
    assert_eq!(out.status.code(), Some(0), "{json}");
    assert_eq!(json["verdict"], "valid", "{json}");
    assert_eq!(json["path"].as_array().unwrap().len(), 2);

    // one certificate more: a one-line error naming the file, the block and the limit
    let over = format!("{at_limit}{junk}");
    let p = write_tmp("bundle-10001.pem", over.as_bytes());
    let out = certchain()
        .args(["verify", &p, "--roots", &roots, "--at", "2026-06-01"])
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains(&p)
            && err.ends_with(&format!(
                "more than {} blocks in one input\n",
                limits::MAX_CERTS_PER_INPUT
            )),
        "{err}"
    );
}

#[test]
fn dense_graph_of_100_cross_signed_intermediates_ends_in_an_explained_rejection() {
    // Go's TestPathological worst case: 100 CAs sharing one subject and one key, so every
    // one verifies as the issuer of every other, and no trusted root above them.
    let key = KeyPair::generate().unwrap();
    let mut params = ca_params("Cross CA");
    let mut bundle = Vec::new();
    let leaf = server_leaf_params()
        .signed_by(
            &KeyPair::generate().unwrap(),
            &Issuer::from_params(&params, &key),
        )
        .unwrap();
    bundle.push(sourced(leaf.der(), 1));
    for i in 0..100u64 {
        params.serial_number = Some(SerialNumber::from(i + 1));
        let c = params
            .signed_by(&key, &Issuer::from_params(&params, &key))
            .unwrap();
        bundle.push(sourced(c.der(), bundle.len() + 1));
    }
    let unrelated = ca_params("Unrelated Root")
        .self_signed(&KeyPair::generate().unwrap())
        .unwrap();
    let v = verifier(&[unrelated.der()], Profile::WebPki);
    let report = v.verify(&bundle, &[], Some(&host("www.example.com")));
    // rejected: the first twin reported as the untrusted root it is, the search cut off
    // by the signature budget (each twin costs two checks: the leaf's and its own)
    assert!(!report.is_valid());
    // the reported path ends at the untrusted twin; the budget that cut the search
    // short is said too, for the search as a whole (no depth)
    assert_eq!(
        errors(&report),
        [
            (Some(1), Code::UntrustedRoot),
            (None, Code::BudgetExhausted)
        ]
    );
    assert_eq!(report.path.len(), 2);
    assert!(report.attempts.len() <= limits::MAX_RECORDED_ATTEMPTS);
    assert!(signature_budget_hit(&report), "{:?}", report.codes());

    // the same graph with one more twin, signed by a trusted root, last in the bundle:
    // the builder tries first the candidate a trust anchor can issue (RFC 4158 3.5), so
    // the hundred look-alikes cannot spend the budget ahead of it
    let root_key = KeyPair::generate().unwrap();
    let root_params = ca_params("Cross Root");
    let root = root_params.self_signed(&root_key).unwrap();
    params.serial_number = Some(SerialNumber::from(1000u64));
    let bridged = params
        .signed_by(&key, &Issuer::from_params(&root_params, &root_key))
        .unwrap();
    bundle.push(sourced(bridged.der(), bundle.len() + 1));
    let v = verifier(&[root.der()], Profile::WebPki);
    let report = v.verify(&bundle, &[], Some(&host("www.example.com")));
    assert!(report.is_valid(), "{:?}", report.codes());
    assert_eq!(report.path.len(), 3);
    assert_eq!(
        report.path[1].source.position,
        Some(102),
        "the bridged twin"
    );
    assert!(!signature_budget_hit(&report), "{:?}", report.codes());
}

/// Whether an attempt of the search stopped at the signature-check budget.
fn signature_budget_hit(report: &Report) -> bool {
    report.attempts.iter().flat_map(|a| &a.findings).any(|f| {
        matches!(
            f.details,
            Details::BudgetExhausted {
                resource: BudgetResource::SignatureChecks,
                limit: Some(limits::MAX_SIGNATURE_CHECKS),
                ..
            }
        )
    })
}

#[test]
fn dns_name_of_10000_labels_is_refused_by_the_name_length_limit() {
    let name = format!("{}com", "a.".repeat(9_999));
    assert!(name.len() > limits::MAX_DNS_NAME_LEN);
    // as a host to check: refused before any certificate is read
    let e = HostName::parse(&name).unwrap_err();
    assert!(matches!(e, certchain::InputError::NotAHost(_)));
    assert!(e
        .to_string()
        .ends_with(".a.com\" is neither a valid DNS name nor an IP address"));

    // in a leaf's SAN: the leaf is rejected, never matched label by label
    let root_key = KeyPair::generate().unwrap();
    let root_params = ca_params("Label Root");
    let root = root_params.self_signed(&root_key).unwrap();
    let mut leaf_params = server_leaf_params();
    leaf_params
        .subject_alt_names
        .push(rcgen::SanType::DnsName(name.clone().try_into().unwrap()));
    let leaf = leaf_params
        .signed_by(
            &KeyPair::generate().unwrap(),
            &Issuer::from_params(&root_params, &root_key),
        )
        .unwrap();
    let v = verifier(&[root.der()], Profile::WebPki);
    let report = v.verify(
        &[sourced(leaf.der(), 1)],
        &[],
        Some(&host("www.example.com")),
    );
    assert!(!report.is_valid());
    assert_eq!(errors(&report), [(Some(0), Code::Malformed)]);
    let m = &report.errors().next().unwrap().message;
    assert!(m.starts_with("subjectAltName dNSName \"a.a.a."));
    assert!(m.ends_with(".a.com\" is not a valid DNS name"));
}

/// A leaf for `names`, issued by a CA with `constraints` permitted DNS subtrees (none when
/// empty), under a root; returns the verifier and the chain.
fn constrained_chain(names: Vec<String>, constraints: Vec<String>) -> (Verifier, Vec<SourcedCert>) {
    let root_key = KeyPair::generate().unwrap();
    let root_params = ca_params("Many Root");
    let root = root_params.self_signed(&root_key).unwrap();
    let int_key = KeyPair::generate().unwrap();
    let mut int_params = ca_params("Many Intermediate");
    if !constraints.is_empty() {
        int_params.name_constraints = Some(NameConstraints {
            permitted_subtrees: constraints
                .into_iter()
                .map(GeneralSubtree::DnsName)
                .collect(),
            excluded_subtrees: vec![],
        });
    }
    let int = int_params
        .signed_by(&int_key, &Issuer::from_params(&root_params, &root_key))
        .unwrap();
    let mut leaf_params = CertificateParams::new(names).unwrap();
    leaf_params.key_usages = vec![rcgen::KeyUsagePurpose::DigitalSignature];
    leaf_params.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::ServerAuth];
    leaf_params.use_authority_key_identifier_extension = true;
    leaf_params.distinguished_name = rcgen::DistinguishedName::new();
    let leaf = leaf_params
        .signed_by(
            &KeyPair::generate().unwrap(),
            &Issuer::from_params(&int_params, &int_key),
        )
        .unwrap();
    (
        verifier(&[root.der()], Profile::WebPki),
        vec![sourced(leaf.der(), 1), sourced(int.der(), 2)],
    )
}

fn many_names(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("h{i}.example.com")).collect()
}

#[test]
fn san_with_10000_entries_is_matched_in_linear_work() {
    let mut names = many_names(9_999);
    names.push("www.example.com".into());
    let (v, chain) = constrained_chain(names, vec![]);
    let report = v.verify(&chain, &[], Some(&host("www.example.com")));
    assert!(report.is_valid(), "{:?}", report.codes());
    assert_eq!(report.path.len(), 3);
    let report = v.verify(&chain, &[], Some(&host("other.example.net")));
    assert_eq!(errors(&report), [(Some(0), Code::NameMismatch)]);
    // the message lists MAX_LISTED_NAMES of them and counts the rest
    assert_eq!(
        report.errors().next().unwrap().message,
        format!(
            "other.example.net is not among the names {}, and {} more",
            (0..limits::MAX_LISTED_NAMES)
                .map(|i| format!("DNS:h{i}.example.com"))
                .collect::<Vec<_>>()
                .join(", "),
            10_000 - limits::MAX_LISTED_NAMES
        )
    );
}

#[test]
fn name_constraints_10000_subtrees_against_10000_san_names_stop_at_the_comparison_budget() {
    let constraints: Vec<String> = (0..10_000).map(|i| format!("c{i}.example.com")).collect();
    let (v, chain) = constrained_chain(many_names(10_000), constraints);
    let report = v.verify(&chain, &[], Some(&host("h0.example.com")));
    assert!(!report.is_valid());
    // the names checked before the budget ran out are reported, then the budget finding
    let errs = errors(&report);
    assert_eq!(errs.last(), Some(&(Some(0), Code::BudgetExhausted)));
    assert!(errs[..errs.len() - 1]
        .iter()
        .all(|e| *e == (Some(0), Code::NameConstraintViolation)));
    assert!(errs.len() <= limits::MAX_NAME_COMPARISONS / 10_000 + 1);
    let b = budget(&report);
    assert_eq!(
        b.message,
        format!(
            "name-constraint checking stopped after {} comparisons (the CA at depth 1 has too many subtrees for this many names)",
            limits::MAX_NAME_COMPARISONS
        )
    );
    assert_eq!(b.depth, Some(0));
    assert!(matches!(
        b.details,
        Details::BudgetExhausted {
            resource: BudgetResource::NameComparisons,
            limit: Some(limits::MAX_NAME_COMPARISONS),
            ca_depth: Some(1),
        }
    ));
}

/// `levels` SEQUENCEs, each holding the next, the innermost empty.
fn nested_sequences(levels: usize) -> Vec<u8> {
    let mut sizes = vec![0usize; levels + 1];
    for k in 1..=levels {
        sizes[k] = 1 + len_bytes(sizes[k - 1]).len() + sizes[k - 1];
    }
    let mut out = Vec::with_capacity(sizes[levels]);
    for k in (1..=levels).rev() {
        out.push(0x30);
        out.extend(len_bytes(sizes[k - 1]));
    }
    assert_eq!(out.len(), sizes[levels]);
    out
}

#[test]
fn deeply_nested_der_is_an_input_error_not_a_stack_overflow() {
    let der = nested_sequences(100_000);
    let p = write_tmp("nested.der", &der);
    let out = certchain()
        .args(["verify", &p, "--at", "2026-06-01"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        format!("error: {p}: not a DER X.509 certificate: invalid serial\n")
    );
    let e = certchain::read_certificates("nested.der", &der, SourceKind::Presented).unwrap_err();
    assert_eq!(
        e.to_string(),
        "nested.der: not a DER X.509 certificate: invalid serial"
    );

    // the same nesting inside a signed certificate's non-critical extension
    let root_key = KeyPair::generate().unwrap();
    let root_params = ca_params("Nested Root");
    let root = root_params.self_signed(&root_key).unwrap();
    let mut leaf_params = server_leaf_params();
    leaf_params
        .custom_extensions
        .push(CustomExtension::from_oid_content(
            &[1, 3, 6, 1, 4, 1, 55555, 9],
            nested_sequences(10_000),
        ));
    let leaf = leaf_params
        .signed_by(
            &KeyPair::generate().unwrap(),
            &Issuer::from_params(&root_params, &root_key),
        )
        .unwrap();
    let v = verifier(&[root.der()], Profile::WebPki);
    let report = v.verify(
        &[sourced(leaf.der(), 1)],
        &[],
        Some(&host("www.example.com")),
    );
    // an unknown non-critical extension is never descended into: the chain is valid
    assert!(report.is_valid(), "{:?}", report.codes());
}

#[test]
fn input_of_16_mib_is_read_and_one_byte_more_is_refused() {
    let (root, leaf) = root_and_leaf();
    let roots = write_tmp("big-roots.pem", root.as_bytes());
    // the chain padded with text (passed over, as around a fullchain.pem's blocks) to
    // exactly the limit
    let limit = usize::try_from(limits::MAX_INPUT_BYTES).unwrap();
    let mut text = leaf.clone().into_bytes();
    let line = b"padding text around the blocks, ignored\n";
    while text.len() + line.len() <= limit {
        text.extend_from_slice(line);
    }
    text.resize(limit, b'\n');
    let p = write_tmp("exactly-16-mib.pem", &text);
    let out = certchain()
        .args(["verify", &p, "--roots", &roots, "--host", "www.example.com"])
        .args(["--at", "2026-06-01", "--format", "json"])
        .output()
        .unwrap();
    let json = common::stdout_json(&out);
    assert_eq!(out.status.code(), Some(0), "{json}");
    assert_eq!(json["verdict"], "valid");

    text.push(b'\n');
    let p = write_tmp("over-16-mib.pem", &text);
    let out = certchain()
        .args(["verify", &p, "--roots", &roots, "--at", "2026-06-01"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        format!(
            "error: {p}: larger than {} MiB; not a certificate file\n",
            limits::MAX_INPUT_BYTES >> 20
        )
    );
}

#[test]
fn certificate_policy_tree_explosion_fails_closed_at_the_policy_budget() {
    // CVE-2023-0464's shape: a CA maps each of 40 policies to each of 40 others (1,600
    // mappings), and one lists 1,001 policies; each is over its bound.
    let root_key = KeyPair::generate().unwrap();
    let root_params = ca_params("Policy Root");
    let root = root_params.self_signed(&root_key).unwrap();
    let run = |exts: Vec<CustomExtension>| {
        let int_key = KeyPair::generate().unwrap();
        let mut int_params = ca_params("Policy Intermediate");
        int_params.custom_extensions = exts;
        let int = int_params
            .signed_by(&int_key, &Issuer::from_params(&root_params, &root_key))
            .unwrap();
        let leaf = server_leaf_params()
            .signed_by(
                &KeyPair::generate().unwrap(),
                &Issuer::from_params(&int_params, &int_key),
            )
            .unwrap();
        let v = verifier(&[root.der()], Profile::Rfc5280);
        v.verify(
            &[sourced(leaf.der(), 1), sourced(int.der(), 2)],
            &[],
            Some(&host("www.example.com")),
        )
    };
    let issuer_side: Vec<Vec<u8>> = (0..40).map(|b| policy_oid(1, b)).collect();
    let pairs: Vec<(Vec<u8>, Vec<u8>)> = issuer_side
        .iter()
        .flat_map(|a| (0..40).map(move |b| (a.clone(), policy_oid(2, b))))
        .collect();
    assert!(pairs.len() > limits::MAX_POLICY_MAPPINGS);
    let report = run(vec![
        certificate_policies(&issuer_side),
        policy_mappings(&pairs),
    ]);
    let expected = format!(
        "the certificate policy tree grew past {} nodes",
        limits::MAX_POLICY_NODES
    );
    assert!(!report.is_valid());
    assert_eq!(errors(&report), [(Some(1), Code::BudgetExhausted)]);
    assert_eq!(budget(&report).message, expected);

    let many: Vec<Vec<u8>> = (0..=limits::MAX_POLICY_NODES)
        .map(|i| policy_oid(3 + (i / 128) as u8, (i % 128) as u8))
        .collect();
    let report = run(vec![certificate_policies(&many)]);
    assert!(!report.is_valid());
    assert_eq!(errors(&report), [(Some(1), Code::BudgetExhausted)]);
    assert_eq!(budget(&report).message, expected);

    // the same shape within the bounds (40 policies mapped one to one) is processed
    let one_to_one: Vec<(Vec<u8>, Vec<u8>)> = (0..40)
        .map(|b| (policy_oid(1, b), policy_oid(2, b)))
        .collect();
    let report = run(vec![
        certificate_policies(&issuer_side),
        policy_mappings(&one_to_one),
    ]);
    assert!(report.is_valid(), "{:?}", report.codes());
}

#[test]
fn dense_graph_of_100_distinct_cross_signed_cas_says_the_budget_cut_the_search_short() {
    // 100 CAs with distinct subjects and keys, CA i cross-signed by CAs i+1 .. i+20
    // (mod 100), 2,000 certificates: every step branches 20 ways. The depth-first search
    // follows CA 0 -> CA 1 -> ... -> CA 99 and the signature budget runs out long before
    // the branches are all tried.
    const CAS: usize = 100;
    const SIGNERS: usize = 20;
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
    let mut bundle = vec![sourced(leaf.der(), 1)];
    for (i, (params, key)) in cas.iter().enumerate() {
        for step in 1..=SIGNERS {
            let (sp, sk) = &cas[(i + step) % CAS];
            let c = params.signed_by(key, &Issuer::from_params(sp, sk)).unwrap();
            bundle.push(sourced(c.der(), bundle.len() + 1));
        }
    }
    let root_key = KeyPair::generate().unwrap();
    let root_params = ca_params("Graph Root");
    let root = root_params.self_signed(&root_key).unwrap();
    let v = verifier(&[root.der()], Profile::WebPki);
    let name = host("www.example.com");
    let check = |bundle: &[SourcedCert]| {
        let report = v.verify(bundle, &[], Some(&name));
        assert!(!report.is_valid());
        assert!(!report.reached_anchor);
        // the path reported: CA 0 .. CA 99, looping back to CA 0 at depth 100, over the
        // policy's depth of 10 at 11; and the budget, for the search as a whole
        assert_eq!(
            errors(&report),
            [
                (Some(11), Code::DepthExceeded),
                (Some(100), Code::IssuerNotFound),
                (None, Code::BudgetExhausted),
            ]
        );
        assert_eq!(
            budget(&report).message,
            format!(
                "path building stopped after {} signature checks",
                limits::MAX_SIGNATURE_CHECKS
            )
        );
        assert_eq!(report.path.len(), CAS + 1);
        assert!(report.path.len() <= limits::MAX_PATH_CERTS);
        assert!(report.attempts.len() <= limits::MAX_RECORDED_ATTEMPTS);
    };
    check(&bundle);

    // CA 50 also signed by the root: a path of 4 intermediates (CA 0, 20, 40, 50) exists,
    // but the depth-first search spends the budget on the deep branch first
    let c = cas[50]
        .0
        .signed_by(&cas[50].1, &Issuer::from_params(&root_params, &root_key))
        .unwrap();
    bundle.push(sourced(c.der(), bundle.len() + 1));
    let report = v.verify(&bundle, &[], Some(&name));
    // the first path to the root found is CA 0 .. CA 50 (51 intermediates, over the
    // depth of 10); the budget runs out before the short one is tried: rejected, with
    // both said (a reject, never an accept on a partial search)
    assert!(!report.is_valid());
    assert!(report.reached_anchor);
    assert_eq!(report.path.len(), 53);
    assert_eq!(
        errors(&report),
        [
            (Some(11), Code::DepthExceeded),
            (None, Code::BudgetExhausted)
        ]
    );
}

#[test]
fn names_of_another_type_than_10000_subtrees_still_stop_at_the_comparison_budget() {
    // 10,000 dNSName subtrees over a leaf with 10,000 iPAddress names: no subtree is of
    // the names' type, but each name still scans all 10,000; that scan counts too (as in
    // rustls-webpki), so it ends at the budget instead of 10^8 unbounded type tests.
    let root_key = KeyPair::generate().unwrap();
    let root_params = ca_params("Type Root");
    let root = root_params.self_signed(&root_key).unwrap();
    let int_key = KeyPair::generate().unwrap();
    let mut int_params = ca_params("Type Intermediate");
    int_params.name_constraints = Some(NameConstraints {
        permitted_subtrees: (0..10_000)
            .map(|i| GeneralSubtree::DnsName(format!("c{i}.example.com")))
            .collect(),
        excluded_subtrees: vec![],
    });
    let int = int_params
        .signed_by(&int_key, &Issuer::from_params(&root_params, &root_key))
        .unwrap();
    let mut leaf_params = server_leaf_params();
    leaf_params.subject_alt_names = (0..10_000u32)
        .map(|i| rcgen::SanType::IpAddress(std::net::Ipv4Addr::from(0x0a00_0000 + i).into()))
        .collect();
    let leaf = leaf_params
        .signed_by(
            &KeyPair::generate().unwrap(),
            &Issuer::from_params(&int_params, &int_key),
        )
        .unwrap();
    let v = verifier(&[root.der()], Profile::WebPki);
    let report = v.verify(&[sourced(leaf.der(), 1), sourced(int.der(), 2)], &[], None);
    assert!(!report.is_valid());
    assert_eq!(errors(&report), [(Some(0), Code::BudgetExhausted)]);
    assert!(matches!(
        budget(&report).details,
        Details::BudgetExhausted {
            resource: BudgetResource::NameComparisons,
            limit: Some(limits::MAX_NAME_COMPARISONS),
            ca_depth: Some(1),
        }
    ));
}

#[test]
fn dns_name_of_10000_labels_is_not_compared_to_a_name_constraint() {
    // Under the rfc5280 profile, inside a permitted subtree by its last labels: a name
    // past MAX_DNS_NAME_LEN is no DNS name, so no subtree admits it (each comparison
    // would also cost its 20,000 octets).
    let long = format!("{}example.com", "a.".repeat(9_998));
    let root_key = KeyPair::generate().unwrap();
    let mut root_params = ca_params("Long Root");
    root_params.name_constraints = Some(NameConstraints {
        permitted_subtrees: vec![GeneralSubtree::DnsName("example.com".into())],
        excluded_subtrees: vec![],
    });
    let root = root_params.self_signed(&root_key).unwrap();
    let mut leaf_params = server_leaf_params();
    leaf_params.subject_alt_names = vec![rcgen::SanType::DnsName(long.try_into().unwrap())];
    let leaf = leaf_params
        .signed_by(
            &KeyPair::generate().unwrap(),
            &Issuer::from_params(&root_params, &root_key),
        )
        .unwrap();
    let v = verifier(&[root.der()], Profile::Rfc5280);
    let report = v.verify(&[sourced(leaf.der(), 1)], &[], None);
    assert!(!report.is_valid());
    assert!(
        errors(&report).contains(&(Some(0), Code::NameConstraintViolation)),
        "{:?}",
        report.codes()
    );
}
