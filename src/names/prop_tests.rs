//! Property tests of name matching (issue 14): a wildcard covers exactly one non-empty
//! label, matching ignores ASCII case only, and an IP literal is never a DNS name.
//! The subtree properties live beside the subtree code (`checks/name_constraints`).
#![allow(clippy::arithmetic_side_effects)] // test code: overflow would be a failing test

use super::*;
use proptest::prelude::*;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// A realistic label: letters (either case), digits and inner hyphens, or an IDNA
/// A-label (`xn--...`), 1 to 63 characters.
fn label() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9]([a-zA-Z0-9-]{0,10}[a-zA-Z0-9])?",
        "[xX][nN]--[a-z0-9]{1,12}",
        // the longest label the syntax allows
        "[a-z]{63}",
    ]
}

/// A hostile label: empty, too long, leading/trailing hyphens, `*` in odd places,
/// underscores, spaces, non-ASCII letters.
fn hostile_label() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[a-z]{64,70}",
        "-[a-z]{0,3}",
        "[a-z]{0,3}-",
        "[a-z*]{0,3}\\*[a-z*]{0,3}",
        "[a-z_ ]{1,5}",
        "[a-zéÉöÖ]{1,5}",
        label(),
    ]
}

/// `rest` for a wildcard: two to four realistic labels under a TLD that is on no public
/// suffix list (`*.rest` is then allowed by CA/B BR 3.2.2.6).
fn wildcard_base() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(label(), 1..4),
        "(test|example|invalid)",
    )
        .prop_map(|(labels, tld)| format!("{}.{tld}", labels.join(".")))
}

/// Any name built from realistic and hostile labels, maybe with a trailing dot.
fn any_name() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(prop_oneof![3 => label(), 1 => hostile_label()], 1..6),
        any::<bool>(),
    )
        .prop_map(|(labels, dot)| format!("{}{}", labels.join("."), if dot { "." } else { "" }))
}

/// `s` with the ASCII letters at the positions `flips` picks swapped in case.
fn flip_ascii_case(s: &str, flips: &[bool]) -> String {
    s.chars()
        .zip(flips.iter().chain(std::iter::repeat(&false)))
        .map(
            |(c, &flip)| match (flip, c.is_ascii_lowercase(), c.is_ascii_uppercase()) {
                (true, true, _) => c.to_ascii_uppercase(),
                (true, _, true) => c.to_ascii_lowercase(),
                _ => c,
            },
        )
        .collect()
}

/// An address written in one of its standard notations.
fn ip_literal() -> impl Strategy<Value = (IpAddr, String)> {
    prop_oneof![
        any::<[u8; 4]>().prop_map(|o| {
            let ip = Ipv4Addr::from(o);
            (IpAddr::V4(ip), ip.to_string())
        }),
        (any::<[u8; 16]>(), 0..5u8).prop_map(|(o, form)| {
            let ip = Ipv6Addr::from(o);
            let text = match form {
                0 => ip.to_string(),
                1 => ip.to_string().to_ascii_uppercase(),
                2 => format!("[{ip}]"),
                // every group written out, zero-padded
                3 => ip
                    .segments()
                    .iter()
                    .map(|s| format!("{s:04x}"))
                    .collect::<Vec<_>>()
                    .join(":"),
                // the IPv4-mapped form with a dotted quad tail
                _ => {
                    let tail = Ipv4Addr::new(o[12], o[13], o[14], o[15]);
                    let mapped = tail.to_ipv6_mapped();
                    return (IpAddr::V6(mapped), format!("::ffff:{tail}"));
                }
            };
            (IpAddr::V6(ip), text)
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    // Property 1. RFC 6125 6.4.3, CA/B BR 7.1.4.2: `*.rest` covers exactly one more
    // non-empty label in front of rest.
    #[test]
    fn wildcard_matches_exactly_one_nonempty_label_over_rest(rest in wildcard_base(), first in label()) {
        let presented = format!("*.{rest}");
        let host = format!("{first}.{rest}");
        // RFC 1034 3.1: a name is at most 253 characters (255 octets on the wire)
        let fits = host.len() <= 253;
        prop_assert_eq!(dns_name_matches(&host, &presented), fits);
        prop_assert_eq!(dns_name_matches(&format!("{host}."), &presented), fits);
        prop_assert!(!dns_name_matches(&rest, &presented));
        prop_assert!(!dns_name_matches(&format!(".{rest}"), &presented), "line {}", line!());
    }

    #[test]
    fn wildcard_never_matches_two_labels_nor_across_a_dot(rest in wildcard_base(), a in label(), b in label()) {
        let presented = format!("*.{rest}");
        prop_assert!(!dns_name_matches(&format!("{a}.{b}.{rest}"), &presented), "line {}", line!());
        // `*` would have to cover `a.b`, which contains a dot
        prop_assert!(!dns_name_matches(&format!("{a}.{b}.{rest}"), &format!("*{b}.{rest}")), "line {}", line!());
        prop_assert!(!dns_name_matches(&format!("{a}.{rest}"), &format!("*.{b}.{rest}")), "line {}", line!());
    }

    // Whatever the two sides are, a match by a wildcard means: the reference has exactly
    // one label more than rest, that label is non-empty, and the rest is equal.
    #[test]
    fn any_wildcard_match_is_one_label_over_rest(
        rest in any_name(),
        first in prop_oneof![label(), hostile_label()],
        other in any_name(),
        pick in 0..3u8,
        flips in prop::collection::vec(any::<bool>(), 0..80),
    ) {
        let presented = format!("*.{rest}");
        let reference = match pick {
            0 => flip_ascii_case(&format!("{first}.{rest}"), &flips),
            1 => format!("{other}.{rest}"),
            _ => other,
        };
        if dns_name_matches(&reference, &presented) {
            let reference = reference.strip_suffix('.').unwrap_or(&reference).to_ascii_lowercase();
            let (first, tail) = reference.split_once('.').unwrap();
            prop_assert!(!first.is_empty() && first != "*");
            prop_assert_eq!(tail, rest.to_ascii_lowercase());
            prop_assert_eq!(reference.split('.').count(), rest.split('.').count() + 1);
        }
    }

    // Policy: partial-label wildcards (`f*.rest`, `*f.rest`, `xn--*.rest`), wildcards in
    // any label but the left-most, and `**` never match (RFC 6125 6.4.3 allows partial
    // ones as an option; certchain takes the stricter CA/B BR 7.1.4.2 reading).
    #[test]
    fn partial_and_inner_wildcards_never_match(
        rest in wildcard_base(),
        first in label(),
        star_at in 0..20usize,
        inner in label(),
    ) {
        let at = star_at.min(first.len());
        let partial = format!("{}*{}.{rest}", &first[..at], &first[at..]);
        for reference in [format!("{first}.{rest}"), format!("{}{}.{rest}", &first[..at], &first[at..]), format!("x{first}.{rest}")] {
            prop_assert!(!dns_name_matches(&reference, &partial), "{} matched {}", reference, partial);
            prop_assert!(!dns_name_matches(&reference, &format!("{first}.*.{rest}")), "line {}", line!());
            prop_assert!(!dns_name_matches(&reference, &format!("**.{rest}")), "line {}", line!());
        }
        prop_assert!(!dns_name_matches(&format!("{inner}.{first}.{rest}"), &format!("{inner}.*.{rest}")), "line {}", line!());
        prop_assert!(!dns_name_matches(&format!("{first}.{rest}"), "*"), "line {}", line!());
    }

    // Property 2. RFC 6125 6.4.1 / RFC 4343: DNS comparison ignores ASCII case on either
    // side.
    #[test]
    fn matching_ignores_ascii_case_on_either_side(
        reference in any_name(),
        presented in prop_oneof![any_name(), any_name().prop_map(|n| format!("*.{n}"))],
        flips_r in prop::collection::vec(any::<bool>(), 0..80),
        flips_p in prop::collection::vec(any::<bool>(), 0..80),
    ) {
        let base = dns_name_matches(&reference, &presented);
        prop_assert_eq!(base, dns_name_matches(&flip_ascii_case(&reference, &flips_r), &presented));
        prop_assert_eq!(base, dns_name_matches(&reference, &flip_ascii_case(&presented, &flips_p)));
        prop_assert_eq!(
            base,
            dns_name_matches(&flip_ascii_case(&reference, &flips_r), &flip_ascii_case(&presented, &flips_p))
        );
        // the same name with its case flipped always matches itself
        if is_valid_dns_name(&presented, false) {
            prop_assert!(dns_name_matches(&flip_ascii_case(&presented, &flips_r), &presented));
        }
        // and parses to the same host
        prop_assert_eq!(
            HostName::parse(&reference).ok(),
            HostName::parse(&flip_ascii_case(&reference, &flips_r)).ok()
        );
    }

    // ... but a non-ASCII letter is not folded: `é` and `É` differ (RFC 6125 6.4.2: an
    // internationalized name is compared as its A-label, never by Unicode case folding).
    #[test]
    fn non_ascii_letters_are_not_case_folded(
        head in "[a-z]{0,4}",
        tail in "[a-z]{0,4}",
        accent in prop::sample::select(vec![('é', 'É'), ('ö', 'Ö'), ('ñ', 'Ñ'), ('ж', 'Ж')]),
        rest in wildcard_base(),
    ) {
        let lower = format!("{head}{}{tail}.{rest}", accent.0);
        let upper = format!("{head}{}{tail}.{rest}", accent.1);
        prop_assert!(!dns_name_matches(&lower, &upper));
        prop_assert!(!dns_name_matches(&upper, &lower));
        prop_assert!(HostName::parse(&lower).is_err());
        // rfc822Name domains compare ASCII case-insensitively, and nothing more
        prop_assert!(!email_matches(&format!("me@{lower}"), &format!("me@{upper}")), "line {}", line!());
        prop_assert!(email_matches(&format!("me@{lower}"), &format!("me@{}", lower.to_ascii_uppercase())), "line {}", line!());
    }

    // Property 3. RFC 6125 6.2.1 / RFC 5280 4.2.1.6: an IP literal is an IP reference
    // identifier, compared with iPAddress SANs only; it never becomes a DNS name.
    #[test]
    fn an_ip_literal_is_never_a_dns_host((ip, text) in ip_literal()) {
        prop_assert_eq!(HostName::parse(&text).ok(), Some(HostName::Ip(ip)));
        if ip.is_ipv6() {
            // no notation of an IPv6 address is even in the DNS syntax
            prop_assert!(!is_valid_dns_name(&text, true));
            prop_assert!(!dns_name_matches(&text, &text));
            prop_assert!(!dns_name_matches(&text, &format!("*.{text}")), "line {}", line!());
        }
    }

    // A host whose last label is a number is an IPv4 address in the notation resolvers
    // accept (inet_aton: zero-padded, octal, hex, fewer than four parts), as a browser
    // reads it (WHATWG URL host parsing); never a DNS name, whose top-level label is not
    // numeric (RFC 1123 2.1).
    #[test]
    fn an_ipv4_address_in_inet_aton_notation_is_never_a_dns_host(o in any::<[u8; 4]>(), form in 0..4u8) {
        let ip = Ipv4Addr::from(o);
        let text = match form {
            0 => o.iter().map(|b| format!("{b:03}")).collect::<Vec<_>>().join("."),
            1 => format!("0x{:08X}", u32::from(ip)),
            2 => o.iter().map(|b| format!("0{b:o}")).collect::<Vec<_>>().join("."),
            _ => format!("{}.{}", o[0], u32::from(ip) & 0x00ff_ffff),
        };
        // zero-padded parts are octal to inet_aton (`010` is 8, `009` is no number)
        let expected = if form == 0 { parse_ip_leniently(&text) } else { Some(IpAddr::V4(ip)) };
        prop_assert_eq!(HostName::parse(&text).ok(), expected.map(HostName::Ip), "{}", text);
    }

    // ... and a DNS host never parses as an address.
    #[test]
    fn a_dns_host_is_never_an_ip(name in (prop::collection::vec(label(), 1..4), "[a-z][a-z0-9]{1,5}").prop_map(|(l, tld)| format!("{}.{tld}", l.join(".")))) {
        prop_assert!(matches!(HostName::parse(&name), Ok(HostName::Dns(_))));
    }
}
