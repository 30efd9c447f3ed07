//! The leaf names the host or mailbox asked for: subjectAltName only (RFC 6125 6.4.4 and
//! CA/B BR 7.1.4.3: no fallback to the subject commonName).

use crate::model::{Certificate, GeneralName};
use crate::names::{dns_name_matches, email_matches, ip_bytes, HostName};
use crate::policy::ExpectedName;
use crate::report::details::Details;
use crate::report::finding::{Code, Findings};

// RFC 6125 6.4 (DNS), 6.4.4 (no CN when a SAN exists; certchain never falls back),
// RFC 5280 4.2.1.6 (iPAddress octets, rfc822Name).
/// Whether the leaf carries the expected name.
pub fn check_leaf_name(leaf: &Certificate, expected: &ExpectedName, out: &mut Findings) {
    let matched = leaf.san_names().any(|n| match (expected, n) {
        (ExpectedName::Host(HostName::Dns(h)), GeneralName::Dns(p)) => dns_name_matches(h, p),
        (ExpectedName::Host(HostName::Ip(ip)), GeneralName::Ip(b)) => *b == ip_bytes(ip),
        (ExpectedName::Email(e), GeneralName::Email(p)) => email_matches(e, p),
        _ => false,
    });
    if matched {
        return;
    }
    let presented: Vec<String> = leaf
        .san_names()
        .filter(|n| {
            matches!(
                n,
                GeneralName::Dns(_) | GeneralName::Ip(_) | GeneralName::Email(_)
            )
        })
        .map(GeneralName::describe)
        .collect();
    let cn_would_match = leaf.subject.raw_common_names().any(|cn| match expected {
        ExpectedName::Host(HostName::Dns(h)) => dns_name_matches(h, cn),
        ExpectedName::Host(HostName::Ip(ip)) => cn == ip.to_string(),
        ExpectedName::Email(e) => email_matches(e, cn),
    });
    let details = Details::NameMismatch {
        expected: expected.to_string(),
        presented,
        has_subject_alt_name: leaf.san.is_some(),
        cn_would_match,
    };
    out.push(0, Code::NameMismatch, "RFC 6125 6.4", details);
}
