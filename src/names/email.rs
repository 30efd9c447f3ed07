//! E-mail addresses (rfc822Name, RFC 5280 4.2.1.6 and 7.5).

use super::dns::is_valid_dns_name;

/// RFC 5321 4.1.2 / RFC 5280 4.2.1.6: a mailbox `local@domain` with exactly one `@`,
/// a non-empty local part and a valid domain.
pub fn is_valid_email(addr: &str) -> bool {
    match addr.rsplit_once('@') {
        Some((local, domain)) => {
            !local.is_empty() && !local.contains('@') && is_valid_dns_name(domain, false)
        }
        None => false,
    }
}

/// Match a reference e-mail address against a presented rfc822Name: the local part
/// exactly, the domain case-insensitively (RFC 5280 4.2.1.6, 7.5).
pub fn email_matches(reference: &str, presented: &str) -> bool {
    match (reference.rsplit_once('@'), presented.rsplit_once('@')) {
        (Some((rl, rd)), Some((pl, pd))) => rl == pl && rd.eq_ignore_ascii_case(pd),
        _ => false,
    }
}
