//! DNS names: the preferred name syntax, wildcard matching (RFC 6125 6.4.3, CA/B BR
//! 7.1.4.2) and public suffixes (CA/B BR 3.2.2.6).

/// Longest DNS name accepted, in characters: RFC 1035 2.3.4 allows 255 octets on the wire,
/// which is 253 characters in dotted text. It also bounds the labels of a name (at most
/// 127), so a name of 10,000 labels is refused before any label is compared.
pub const MAX_DNS_NAME_LEN: usize = 253;

/// RFC 1034 3.5 / RFC 5280 4.2.1.6 "preferred name syntax": labels of letters, digits and
/// hyphens, 1 to 63 characters, not starting or ending with a hyphen; the whole name at
/// most [`MAX_DNS_NAME_LEN`] characters. With `allow_wildcard`, the left-most label may be exactly `*`.
/// A trailing dot is an empty last label, so `www.example.com.` is not in the syntax: a
/// caller that accepts an absolute name (a `--host`) strips the dot first.
pub fn is_valid_dns_name(name: &str, allow_wildcard: bool) -> bool {
    if name.is_empty() || name.len() > MAX_DNS_NAME_LEN {
        return false;
    }
    name.split('.').enumerate().all(|(i, label)| {
        (allow_wildcard && i == 0 && label == "*")
            || (!label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|c| c.is_ascii_alphanumeric() || c == b'-'))
    })
}

/// Match a reference DNS name (what the client asked for) against a presented dNSName.
///
/// RFC 6125 6.4.1: case-insensitive, label by label. RFC 6125 6.4.3 and CA/B BR 3.2.2.6:
/// a wildcard is allowed only as the whole left-most label and matches exactly one
/// label; `*` alone, a wildcard over a single remaining label (`*.com`), partial-label
/// wildcards (`ba*.example.com`) and wildcards in other labels never match.
pub fn dns_name_matches(reference: &str, presented: &str) -> bool {
    let reference = reference
        .strip_suffix('.')
        .unwrap_or(reference)
        .to_ascii_lowercase();
    // A presented dNSName with a trailing dot is outside the preferred name syntax
    // (RFC 5280 4.2.1.6) and matches nothing.
    let presented = presented.to_ascii_lowercase();
    if !is_valid_dns_name(&reference, false) || !is_valid_dns_name(&presented, true) {
        return false;
    }
    match presented.strip_prefix("*.") {
        None => reference == presented,
        Some(suffix) => {
            // at least two labels after the wildcard (BR 3.2.2.6: no wildcard directly
            // over a public suffix; *.com, and * alone, never match)
            suffix.contains('.')
                && !crate::names::is_public_suffix(suffix)
                && match reference.split_once('.') {
                    Some((first, rest)) => !first.is_empty() && rest == suffix,
                    None => false,
                }
        }
    }
}

/// Whether `suffix` is itself a public suffix on Mozilla's Public Suffix List (ICANN
/// and private sections, via the `psl` crate), e.g. `co.uk` or `s3.amazonaws.com`.
/// CA/B BR 3.2.2.6: a wildcard directly over a public suffix is never acceptable.
pub fn is_public_suffix(suffix: &str) -> bool {
    psl::suffix(suffix.as_bytes())
        .is_some_and(|s| s.is_known() && s.as_bytes() == suffix.as_bytes())
}
