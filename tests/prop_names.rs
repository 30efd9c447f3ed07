//! Property tests of name matching through the public API (issue 14): a leaf with
//! generated subjectAltNames, signed by a CA made once, verified with
//! `Verifier::verify_der` against `ExpectedName::Host(HostName::parse(..))`. The
//! crate-internal properties are in src/names/prop_tests.rs and
//! src/checks/name_constraints/prop_tests.rs; these check that the verifier wires them
//! the same way. 64 cases a property keeps this to seconds in a debug build.
#![allow(
    clippy::arithmetic_side_effects,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use certchain::{
    CheckTime, Code, ExpectedName, HostName, Policy, Source, SourceKind, TrustStore, Verifier,
};
use proptest::prelude::*;
use rcgen::{
    date_time_ymd, BasicConstraints, CertificateParams, CidrSubnet, DnType,
    ExtendedKeyUsagePurpose, GeneralSubtree, IsCa, Issuer, KeyIdMethod, KeyPair, KeyUsagePurpose,
    NameConstraints, SanType, SerialNumber,
};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::LazyLock;

/// One CA key and one leaf key for every case: keys are the slow part.
struct Keys {
    ca: KeyPair,
    leaf: KeyPair,
}

static KEYS: LazyLock<Keys> = LazyLock::new(|| Keys {
    ca: KeyPair::generate().unwrap(),
    leaf: KeyPair::generate().unwrap(),
});

fn ca_params(constraints: Option<NameConstraints>) -> CertificateParams {
    let mut p = CertificateParams::default();
    p.distinguished_name
        .push(DnType::CommonName, "Prop Names CA");
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    p.not_before = date_time_ymd(2025, 1, 1);
    p.not_after = date_time_ymd(2035, 1, 1);
    p.key_identifier_method = KeyIdMethod::Sha256;
    p.serial_number = Some(SerialNumber::from_slice(&[0x11; 16]));
    p.name_constraints = constraints;
    p
}

/// The CA made once, unconstrained: its DER.
static CA_DER: LazyLock<Vec<u8>> = LazyLock::new(|| {
    ca_params(None)
        .self_signed(&KEYS.ca)
        .unwrap()
        .der()
        .to_vec()
});

/// A TLS server leaf with these SANs (and no CN: names come from the SAN only), signed by
/// a CA with these constraints; returns (leaf DER, CA DER).
fn leaf_under(sans: Vec<SanType>, constraints: Option<NameConstraints>) -> (Vec<u8>, Vec<u8>) {
    let ca = ca_params(constraints.clone());
    let ca_der = match constraints {
        None => CA_DER.clone(),
        Some(_) => ca.self_signed(&KEYS.ca).unwrap().der().to_vec(),
    };
    let mut p = CertificateParams::default();
    p.subject_alt_names = sans;
    p.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    p.not_before = date_time_ymd(2026, 1, 1);
    p.not_after = date_time_ymd(2027, 1, 1);
    p.use_authority_key_identifier_extension = true;
    p.serial_number = Some(SerialNumber::from_slice(&[0x22; 16]));
    let leaf = p
        .signed_by(&KEYS.leaf, &Issuer::from_params(&ca, &KEYS.ca))
        .unwrap();
    (leaf.der().to_vec(), ca_der)
}

fn dns(name: &str) -> SanType {
    SanType::DnsName(name.try_into().unwrap())
}

/// The codes of verifying `leaf` (under the root `ca`) for `host`, at 2026-06-01.
fn codes(leaf: &[u8], ca: &[u8], host: &str) -> Vec<Code> {
    let mut store = TrustStore::new();
    store.add_der(
        ca.to_vec(),
        Source {
            kind: SourceKind::RootStore,
            name: "prop-ca".into(),
            position: Some(1),
        },
    );
    let policy = Policy {
        time: CheckTime::At(1_780_272_000),
        ..Policy::default()
    };
    let expected = ExpectedName::Host(HostName::parse(host).unwrap());
    let report = Verifier::new(store, policy)
        .verify_der(&[leaf], Some(&expected))
        .unwrap();
    report.codes().into_iter().map(|(_, c)| c).collect()
}

fn name_matches(leaf: &[u8], ca: &[u8], host: &str) -> bool {
    !codes(leaf, ca, host).contains(&Code::NameMismatch)
}

fn label() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?",
        "xn--[a-z0-9]{1,10}",
        "[a-z]{63}",
    ]
}

/// Two to three labels under a TLD no public suffix list has.
fn base() -> impl Strategy<Value = String> {
    (prop::collection::vec(label(), 1..3), "(test|example)")
        .prop_map(|(l, tld)| format!("{}.{tld}", l.join(".")))
}

fn flip(s: &str, mask: u64) -> String {
    s.chars()
        .enumerate()
        .map(|(i, c)| {
            if mask >> (i % 64) & 1 == 1 {
                c.to_ascii_uppercase()
            } else {
                c
            }
        })
        .collect()
}

fn ip_literal() -> impl Strategy<Value = (IpAddr, String)> {
    prop_oneof![
        any::<[u8; 4]>().prop_map(|o| (IpAddr::from(o), Ipv4Addr::from(o).to_string())),
        (any::<[u8; 16]>(), any::<bool>()).prop_map(|(o, upper)| {
            let ip = Ipv6Addr::from(o);
            let text = if upper {
                ip.to_string().to_ascii_uppercase()
            } else {
                ip.to_string()
            };
            (IpAddr::V6(ip), text)
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    // RFC 6125 6.4.3: `*.rest` covers one non-empty label over rest, not rest itself nor
    // two labels.
    #[test]
    fn a_wildcard_san_covers_exactly_one_label(rest in base(), a in label(), b in label()) {
        let (leaf, ca) = leaf_under(vec![dns(&format!("*.{rest}"))], None);
        let one = format!("{a}.{rest}");
        prop_assert_eq!(name_matches(&leaf, &ca, &one), one.len() <= 253, "{}", one);
        prop_assert!(!name_matches(&leaf, &ca, &rest));
        let two = format!("{a}.{b}.{rest}");
        if HostName::parse(&two).is_ok() {
            prop_assert!(!name_matches(&leaf, &ca, &two));
        }
    }

    // RFC 6125 6.4.1: either side's ASCII case does not matter.
    #[test]
    fn san_and_host_case_do_not_matter(name in base(), san_mask in any::<u64>(), host_mask in any::<u64>()) {
        let (leaf, ca) = leaf_under(vec![dns(&flip(&name, san_mask))], None);
        prop_assert!(name_matches(&leaf, &ca, &flip(&name, host_mask)));
        let other = format!("x.{name}");
        prop_assert!(!name_matches(&leaf, &ca, &flip(&other, host_mask)));
    }

    // RFC 6125 6.2.1 / RFC 5280 4.2.1.6: an IP host is compared with iPAddress SANs only:
    // a dNSName of the same text, or a wildcard over it, never matches it; an iPAddress
    // SAN never matches a DNS host.
    #[test]
    fn an_ip_host_never_matches_a_dns_san((ip, text) in ip_literal(), host in base()) {
        let (leaf, ca) = leaf_under(vec![dns(&text), dns(&format!("*.{text}")), dns(&host)], None);
        prop_assert!(!name_matches(&leaf, &ca, &text), "{}", text);
        let (leaf, ca) = leaf_under(vec![SanType::IpAddress(ip)], None);
        prop_assert!(name_matches(&leaf, &ca, &text), "{}", text);
        prop_assert!(!name_matches(&leaf, &ca, &host));
    }

    // RFC 5280 4.2.1.10: a leaf within a permitted dNSName subtree `a.base` is within
    // `base` too; excluding `a.base` more never accepts it.
    #[test]
    fn a_permitted_dns_subtree_is_monotone(rest in base(), a in label(), first in label()) {
        let sub = format!("{a}.{rest}");
        let name = format!("{first}.{sub}");
        prop_assume!(name.len() <= 253);
        let permit = |bases: &[&str], excluded: &[&str]| {
            let nc = NameConstraints {
                permitted_subtrees: bases.iter().map(|b| GeneralSubtree::DnsName(b.to_string())).collect(),
                excluded_subtrees: excluded.iter().map(|b| GeneralSubtree::DnsName(b.to_string())).collect(),
            };
            let (leaf, ca) = leaf_under(vec![dns(&name)], Some(nc));
            !codes(&leaf, &ca, &name).contains(&Code::NameConstraintViolation)
        };
        prop_assert!(permit(&[&sub], &[]));
        prop_assert!(permit(&[&rest], &[]));
        let other = format!("other.{rest}");
        prop_assert!(permit(&[&other, &sub], &[]));
        prop_assert!(!permit(&[&other], &[]));
        prop_assert!(!permit(&[&rest], &[&sub]));
    }

    // ... and an iPAddress subtree: a shorter prefix of the same network permits what a
    // longer one does.
    #[test]
    fn a_permitted_ip_subtree_is_monotone(o in any::<[u8; 4]>(), long in 8..33u32, short in 0..8u32) {
        let ip = IpAddr::from(o);
        let net = |prefix: u32| CidrSubnet::from_addr_prefix(ip, u8::try_from(prefix).unwrap());
        let permit = |prefix: u32| {
            let nc = NameConstraints { permitted_subtrees: vec![GeneralSubtree::IpAddress(net(prefix))], excluded_subtrees: vec![] };
            let (leaf, ca) = leaf_under(vec![SanType::IpAddress(ip)], Some(nc));
            !codes(&leaf, &ca, &ip.to_string()).contains(&Code::NameConstraintViolation)
        };
        prop_assert!(permit(long));
        prop_assert!(permit(short));
    }
}
