//! Property tests of subtree matching (issue 14): RFC 5280 4.2.1.10 subtrees are
//! monotone. A name within a subtree is within every wider subtree; an excluded subtree
//! more never accepts what was rejected; a permitted subtree more (of the name's type)
//! never rejects what was accepted.
#![allow(clippy::arithmetic_side_effects)] // test code: overflow would be a failing test

use super::*;
use proptest::prelude::*;

fn label() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9]([a-zA-Z0-9-]{0,8}[a-zA-Z0-9])?",
        "xn--[a-z0-9]{1,8}",
    ]
}

fn labels(min: usize, max: usize) -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(label(), min..max)
}

/// Every suffix-ancestor of a dotted name, from itself down to the empty constraint.
fn dns_ancestors(base: &str) -> Vec<String> {
    let parts: Vec<&str> = base.split('.').collect();
    (0..=parts.len()).map(|i| parts[i..].join(".")).collect()
}

/// An iPAddress constraint: the network of `addr` with a prefix of `prefix` bits.
fn ip_subtree(addr: &[u8], prefix: usize) -> Vec<u8> {
    let mask: Vec<u8> = (0..addr.len())
        .map(|i| {
            let bits = u32::try_from(prefix.saturating_sub(i * 8).min(8)).unwrap();
            u8::try_from((0xffu16 << (8 - bits)) & 0xff).unwrap()
        })
        .collect();
    let net: Vec<u8> = addr.iter().zip(&mask).map(|(a, m)| a & m).collect();
    [net, mask].concat()
}

/// A name of one type and subtrees of that type, near it so that some contain it.
fn dns_case() -> impl Strategy<Value = (GeneralName, Vec<GeneralName>)> {
    (
        labels(1, 5),
        any::<bool>(),
        prop::collection::vec((0..6usize, labels(0, 2)), 0..4),
    )
        .prop_map(|(name, wildcard, subtrees)| {
            let text = name.join(".");
            let n = if wildcard { format!("*.{text}") } else { text };
            let bases = subtrees
                .into_iter()
                .map(|(drop, extra)| {
                    // an ancestor of the name, or a sibling of one
                    let tail = name.iter().skip(drop.min(name.len())).cloned();
                    GeneralName::Dns(extra.into_iter().chain(tail).collect::<Vec<_>>().join("."))
                })
                .collect();
            (GeneralName::Dns(n), bases)
        })
}

fn ip_case() -> impl Strategy<Value = (GeneralName, Vec<GeneralName>)> {
    (
        any::<bool>(),
        any::<[u8; 16]>(),
        prop::collection::vec((any::<[u8; 16]>(), 0..129usize, any::<bool>()), 0..4),
    )
        .prop_map(|(v6, a, subtrees)| {
            let len = if v6 { 16 } else { 4 };
            let addr = a[..len].to_vec();
            let bases = subtrees
                .into_iter()
                .map(|(other, prefix, near)| {
                    let around = if near {
                        addr.clone()
                    } else {
                        other[..len].to_vec()
                    };
                    GeneralName::Ip(ip_subtree(&around, prefix.min(len * 8)))
                })
                .collect();
            (GeneralName::Ip(addr), bases)
        })
}

fn email_case() -> impl Strategy<Value = (GeneralName, Vec<GeneralName>)> {
    (
        "[a-zA-Z0-9.+*]{1,6}",
        labels(1, 4),
        prop::collection::vec((0..3u8, 0..4usize), 0..4),
    )
        .prop_map(|(local, domain, subtrees)| {
            let host = domain.join(".");
            let bases = subtrees
                .into_iter()
                .map(|(kind, drop)| {
                    let tail = domain
                        .iter()
                        .skip(drop.min(domain.len()))
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(".");
                    GeneralName::Email(match kind {
                        0 => format!("{local}@{host}"),
                        1 => tail,
                        _ => format!(".{tail}"),
                    })
                })
                .collect();
            (GeneralName::Email(format!("{local}@{host}")), bases)
        })
}

fn any_case() -> impl Strategy<Value = (GeneralName, Vec<GeneralName>)> {
    prop_oneof![dns_case(), ip_case(), email_case()]
}

/// Whether `name` passes constraints with these permitted and excluded subtrees.
fn accepted(
    name: &GeneralName,
    permitted: Option<&[GeneralName]>,
    excluded: &[GeneralName],
) -> bool {
    let nc = NameConstraints {
        critical: true,
        permitted: permitted.map(<[GeneralName]>::to_vec),
        excluded: Some(excluded.to_vec()),
    };
    let mut left = MAX_NAME_COMPARISONS;
    matches!(check_name(name, &nc, &mut left), Ok(None))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    // RFC 5280 4.2.1.10: a dNSName constraint covers itself and every name with labels
    // added to its left, so a name within `a.example.com` is within `example.com`,
    // `com` and the empty constraint.
    #[test]
    fn dns_within_a_subtree_is_within_every_ancestor((name, bases) in dns_case(), flips in any::<u64>()) {
        for base in &bases {
            let (GeneralName::Dns(n), GeneralName::Dns(b)) = (&name, base) else { unreachable!() };
            if dns_relation(n, b) == Relation::Within {
                for ancestor in dns_ancestors(b) {
                    prop_assert_eq!(dns_relation(n, &ancestor), Relation::Within, "{} in {} but not in {}", n, b, ancestor);
                }
                // and the subtree's case does not matter
                let flipped: String = b.chars().enumerate().map(|(i, c)| if flips >> (i % 64) & 1 == 1 { c.to_ascii_uppercase() } else { c }).collect();
                prop_assert_eq!(dns_relation(n, &flipped), Relation::Within);
            }
        }
    }

    // RFC 5280 4.2.1.10: an iPAddress constraint is a network; a shorter prefix of the
    // same network contains it.
    #[test]
    fn ip_within_a_prefix_is_within_every_shorter_prefix((name, _) in ip_case(), prefix in 0..129usize) {
        let GeneralName::Ip(addr) = &name else { unreachable!() };
        let prefix = prefix.min(addr.len() * 8);
        prop_assert_eq!(ip_relation(addr, &ip_subtree(addr, prefix)), Relation::Within);
        for shorter in 0..=prefix {
            prop_assert_eq!(ip_relation(addr, &ip_subtree(addr, shorter)), Relation::Within, "/{}", shorter);
        }
        // and an address of the other family is never within
        let other = vec![0u8; if addr.len() == 4 { 16 } else { 4 }];
        prop_assert_eq!(ip_relation(&other, &ip_subtree(addr, prefix)), Relation::Outside);
    }

    // RFC 5280 4.2.1.10: a mailbox constraint is within its host's constraint, which is
    // within every `.parent` domain constraint above it.
    #[test]
    fn email_mailbox_within_host_within_parent_domains((name, _) in email_case()) {
        let GeneralName::Email(addr) = &name else { unreachable!() };
        let (_, host) = addr.rsplit_once('@').unwrap();
        prop_assert_eq!(email_relation(addr, addr), Relation::Within);
        prop_assert_eq!(email_relation(addr, host), Relation::Within);
        prop_assert_eq!(email_relation(addr, &host.to_ascii_uppercase()), Relation::Within);
        for parent in dns_ancestors(host).iter().skip(1).filter(|p| !p.is_empty()) {
            let dotted = format!(".{parent}");
            prop_assert_eq!(email_relation(addr, &dotted), Relation::Within, "{} not in {}", addr, dotted);
        }
        // a `.domain` constraint is for subdomains only, not the host itself
        let own = format!(".{host}");
        prop_assert_eq!(email_relation(addr, &own), Relation::Outside);
    }

    // RFC 5280 4.2.1.10 and 6.1.4 (g): adding an excluded subtree never turns a rejection
    // into acceptance.
    #[test]
    fn an_excluded_subtree_more_never_accepts((name, bases) in any_case(), split in 0..5usize, extra in any_case()) {
        let (permitted, excluded) = bases.split_at(split.min(bases.len()));
        let permitted = (!permitted.is_empty()).then_some(permitted);
        if !accepted(&name, permitted, excluded) {
            for more in extra.1.iter().chain(&bases) {
                let excluded_more: Vec<GeneralName> = excluded.iter().chain([more]).cloned().collect();
                prop_assert!(!accepted(&name, permitted, &excluded_more), "{:?} accepted after excluding {:?}", name, more);
            }
        }
    }

    // ... and adding a permitted subtree of the name's type, where that type is already
    // constrained, never turns an acceptance into rejection.
    #[test]
    fn a_permitted_subtree_more_never_rejects((name, bases) in any_case(), extra in any_case(), excluded_too in any::<bool>()) {
        prop_assume!(!bases.is_empty());
        let excluded: Vec<GeneralName> = if excluded_too { extra.1.clone() } else { Vec::new() };
        if accepted(&name, Some(&bases), &excluded) {
            for more in extra.1.iter().chain([&extra.0]).filter(|m| same_type(m, &name)) {
                let permitted_more: Vec<GeneralName> = bases.iter().chain([more]).cloned().collect();
                prop_assert!(accepted(&name, Some(&permitted_more), &excluded), "{:?} rejected after permitting {:?}", name, more);
            }
        }
    }
}
