//! Names: distinguished names, DNS names, IP addresses and e-mail addresses, and the
//! rules for matching a presented identifier against them (RFC 6125, RFC 5280 4.2.1.6,
//! CA/Browser Forum BR 3.2.2.6 and 7.1.4.2).

use std::net::IpAddr;
use x509_parser::x509::X509Name;

/// A distinguished name: its DER, a one-line rendering, and its attributes per RDN in a
/// normalised form for comparison (RFC 5280 7.1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DistinguishedName {
    /// The DER encoding of the Name.
    pub raw: Vec<u8>,
    /// A one-line rendering, RFC 4514 order reversed as tools usually print it.
    pub text: String,
    /// RDNs in encoded order, each a list of (attribute OID, normalised value).
    pub rdns: Vec<Vec<(String, String)>>,
    /// Every attribute in encoded order as (OID, value as encoded).
    pub values: Vec<(String, String)>,
    /// The normalised form used to compare names (RFC 5280 7.1): RDNs in order, the
    /// attributes of each sorted, values case-folded with white space collapsed.
    pub norm: String,
}

/// id-at-commonName
pub const OID_CN: &str = "2.5.4.3";
/// emailAddress (PKCS#9), which RFC 5280 4.2.1.10 says to check against rfc822Name constraints
pub const OID_EMAIL_ADDRESS: &str = "1.2.840.113549.1.9.1";

impl DistinguishedName {
    /// Read an x509-parser name.
    pub fn from_x509(name: &X509Name<'_>) -> Self {
        let mut rdns = Vec::new();
        let mut raw_values = Vec::new();
        for rdn in name.iter_rdn() {
            let mut attrs = Vec::new();
            for atv in rdn.iter() {
                let oid = atv.attr_type().to_id_string();
                let value = match atv.as_str() {
                    Ok(s) => s.to_string(),
                    Err(_) => match atv.attr_value().as_bmpstring() {
                        Ok(b) => b.string(),
                        Err(_) => hex_value(atv.as_slice()),
                    },
                };
                raw_values.push((oid.clone(), value.clone()));
                attrs.push((oid, normalise(&value)));
            }
            rdns.push(attrs);
        }
        let text = raw_values
            .iter()
            .map(|(oid, v)| format!("{}={}", attr_short_name(oid), v))
            .collect::<Vec<_>>()
            .join(", ");
        let norm = rdns
            .iter()
            .map(|rdn| {
                let mut attrs: Vec<String> = rdn
                    .iter()
                    .map(|(o, v)| format!("{o}={}", escape_norm(v)))
                    .collect();
                attrs.sort();
                attrs.join("+")
            })
            .collect::<Vec<_>>()
            .join(",");
        DistinguishedName {
            raw: name.as_raw().to_vec(),
            text,
            rdns,
            values: raw_values,
            norm,
        }
    }

    /// Whether the name has no RDN.
    pub fn is_empty(&self) -> bool {
        self.rdns.is_empty()
    }

    /// The values of the commonName attributes, as compared (normalised) text.
    pub fn common_names(&self) -> impl Iterator<Item = &str> {
        self.attribute(OID_CN)
    }

    /// The commonName values as encoded (not normalised).
    pub fn raw_common_names(&self) -> impl Iterator<Item = &str> {
        self.values
            .iter()
            .filter(|(o, _)| o == OID_CN)
            .map(|(_, v)| v.as_str())
    }

    /// The normalised values of an attribute type.
    pub fn attribute<'a>(&'a self, oid: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.rdns
            .iter()
            .flatten()
            .filter(move |(o, _)| o == oid)
            .map(|(_, v)| v.as_str())
    }

    /// RFC 5280 4.2.1.10: a directoryName constraint matches every name whose RDN sequence
    /// starts with the constraint's RDNs (compared per RFC 5280 7.1).
    pub fn is_within(&self, base: &DistinguishedName) -> bool {
        base.rdns.len() <= self.rdns.len()
            && base.rdns.iter().zip(&self.rdns).all(|(b, s)| {
                let mut b = b.clone();
                let mut s = s.clone();
                b.sort();
                s.sort();
                b == s
            })
    }
}

/// Escape the separators of the normalised form so distinct names never collide.
fn escape_norm(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for c in v.chars() {
        if matches!(c, '\\' | ',' | '+' | '=') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn hex_value(bytes: &[u8]) -> String {
    format!("#{}", crate::wording::hex(bytes))
}

/// RFC 5280 7.1 (via RFC 4518): compare case-insensitively with white space folded.
fn normalise(value: &str) -> String {
    value
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn attr_short_name(oid: &str) -> &str {
    match oid {
        OID_CN => "CN",
        "2.5.4.6" => "C",
        "2.5.4.7" => "L",
        "2.5.4.8" => "ST",
        "2.5.4.10" => "O",
        "2.5.4.11" => "OU",
        "2.5.4.5" => "serialNumber",
        "2.5.4.9" => "street",
        "2.5.4.17" => "postalCode",
        "0.9.2342.19200300.100.1.25" => "DC",
        "0.9.2342.19200300.100.1.1" => "UID",
        OID_EMAIL_ADDRESS => "emailAddress",
        other => other,
    }
}

/// Render an iPAddress value: 4 or 16 bytes as an address, 8 or 32 as `address/prefix`.
pub fn format_ip_or_cidr(b: &[u8]) -> String {
    match b.len() {
        4 | 16 => ip_from_bytes(b)
            .map(|ip| ip.to_string())
            .unwrap_or_default(),
        8 | 32 => {
            let (addr, mask) = b.split_at(b.len() / 2);
            let ip = ip_from_bytes(addr)
                .map(|ip| ip.to_string())
                .unwrap_or_default();
            match prefix_len(mask) {
                Some(p) => format!("{ip}/{p}"),
                None => format!(
                    "{ip} mask {}",
                    ip_from_bytes(mask)
                        .map(|m| m.to_string())
                        .unwrap_or_default()
                ),
            }
        }
        n => format!("<{n} bytes>"),
    }
}

/// An address from 4 or 16 bytes.
pub fn ip_from_bytes(b: &[u8]) -> Option<IpAddr> {
    match b.len() {
        4 => Some(IpAddr::from(<[u8; 4]>::try_from(b).ok()?)),
        16 => Some(IpAddr::from(<[u8; 16]>::try_from(b).ok()?)),
        _ => None,
    }
}

/// The prefix length of a contiguous netmask, `None` when the mask has holes.
pub fn prefix_len(mask: &[u8]) -> Option<u32> {
    let ones: u32 = mask.iter().map(|b| b.count_ones()).sum();
    let full = ones as usize / 8;
    let ok = mask.iter().enumerate().all(|(i, &b)| {
        if i < full {
            b == 0xff
        } else if i == full {
            b == (0xffu16 << (8 - (ones % 8))) as u8
        } else {
            b == 0
        }
    });
    ok.then_some(ones)
}

/// The bytes of an IP address, as they appear in an iPAddress general name.
pub fn ip_bytes(ip: &IpAddr) -> Vec<u8> {
    match ip {
        IpAddr::V4(v4) => v4.octets().to_vec(),
        IpAddr::V6(v6) => v6.octets().to_vec(),
    }
}

/// RFC 1034 3.5 / RFC 5280 4.2.1.6 "preferred name syntax": labels of letters, digits and
/// hyphens, 1 to 63 characters, not starting or ending with a hyphen; the whole name at
/// most 253 characters. With `allow_wildcard`, the left-most label may be exactly `*`.
/// A trailing dot is an empty last label, so `www.example.com.` is not in the syntax: a
/// caller that accepts an absolute name (a `--host`) strips the dot first.
pub fn is_valid_dns_name(name: &str, allow_wildcard: bool) -> bool {
    if name.is_empty() || name.len() > 253 {
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

/// Read text as an IP address the way permissive resolvers do (inet_aton: hex, octal and
/// fewer than four parts for IPv4; any letter case and zero padding for IPv6), so a
/// certificate field in an unusual notation is still recognised as an address.
pub fn parse_ip_leniently(s: &str) -> Option<IpAddr> {
    if s.contains(':') {
        return s.parse::<std::net::Ipv6Addr>().ok().map(IpAddr::V6);
    }
    let parts: Vec<&str> = s.split('.').collect();
    if parts.is_empty() || parts.len() > 4 {
        return None;
    }
    let mut nums = Vec::with_capacity(parts.len());
    for p in &parts {
        let v = if let Some(h) = p.strip_prefix("0x").or_else(|| p.strip_prefix("0X")) {
            u32::from_str_radix(h, 16).ok()?
        } else if p.len() > 1 && p.starts_with('0') {
            u32::from_str_radix(p, 8).ok()?
        } else {
            p.parse::<u32>().ok()?
        };
        nums.push(v);
    }
    let (last, head) = nums.split_last()?;
    // the last part fills the bytes the others left: 32, 24, 16 or 8 bits
    let last_bits = 8 * (4 - head.len() as u32);
    if head.iter().any(|&n| n > 255) || (last_bits < 32 && last >> last_bits != 0) {
        return None;
    }
    let mut addr: u32 = 0;
    for (i, &n) in head.iter().enumerate() {
        addr |= n << (24 - 8 * i);
    }
    addr |= last;
    Some(IpAddr::V4(std::net::Ipv4Addr::from(addr)))
}

/// A host to check the leaf against.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HostName {
    /// a DNS name (lower-case, no trailing dot)
    Dns(String),
    /// an IP address
    Ip(IpAddr),
}

impl std::fmt::Display for HostName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HostName::Dns(d) => f.write_str(d),
            HostName::Ip(ip) => write!(f, "{ip}"),
        }
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_names_match_case_insensitively() {
        assert!(dns_name_matches("example.com", "example.com"));
        assert!(dns_name_matches("Example.COM", "example.com"));
        assert!(dns_name_matches("example.com.", "example.com"));
        assert!(!dns_name_matches("example2.com", "example.com"));
        assert!(!dns_name_matches("abc.example.com", "example.com"));
        assert!(!dns_name_matches("example.com", "abc.example.com"));
    }

    #[test]
    fn a_trailing_dot_is_outside_the_preferred_name_syntax_but_a_host_may_be_absolute() {
        // RFC 5280 4.2.1.6: a presented dNSName with a trailing dot is not valid and
        // matches nothing; a reference name (--host) with one is the absolute form.
        assert!(!is_valid_dns_name("www.example.test.", true));
        assert!(!is_valid_dns_name("www.example.test.", false));
        assert!(is_valid_dns_name("www.example.test", false));
        assert!(!dns_name_matches("www.example.test", "www.example.test."));
        assert!(dns_name_matches("www.example.test.", "www.example.test"));
        assert_eq!(
            HostName::parse("www.example.test."),
            Ok(HostName::Dns("www.example.test".into()))
        );
        assert!(HostName::parse("www.example.test..").is_err());
    }

    #[test]
    fn wildcard_is_the_whole_leftmost_label_and_one_label_only() {
        assert!(dns_name_matches("foo.example.com", "*.example.com"));
        assert!(!dns_name_matches("example.com", "*.example.com"));
        assert!(!dns_name_matches("foo.bar.example.com", "*.example.com"));
        assert!(!dns_name_matches("baz.example.com", "ba*.example.com"));
        assert!(!dns_name_matches(
            "foo.bar.example.com",
            "foo.*.example.com"
        ));
        assert!(!dns_name_matches(
            "xn--bliss-1b3c148a.example.com",
            "xn--*-1b3c148a.example.com"
        ));
    }

    #[test]
    fn wildcard_never_covers_a_public_suffix() {
        assert!(!dns_name_matches("com", "*"));
        assert!(!dns_name_matches("example.com", "*"));
        assert!(!dns_name_matches("example.com", "*.com"));
        assert!(!dns_name_matches("example.co.uk", "*.co.uk"));
        assert!(!dns_name_matches(
            "example.s3.amazonaws.com",
            "*.s3.amazonaws.com"
        ));
    }

    #[test]
    fn public_suffixes_come_from_the_list() {
        assert!(is_public_suffix("com"));
        assert!(is_public_suffix("co.uk"));
        assert!(is_public_suffix("s3.amazonaws.com"));
        assert!(!is_public_suffix("example.com"));
        assert!(!is_public_suffix("example.co.uk"));
        assert!(dns_name_matches("www.example.co.uk", "*.example.co.uk"));
    }

    #[test]
    fn invalid_names_never_match() {
        assert!(!dns_name_matches(
            "foo_bar.example.com",
            "foo_bar.example.com"
        ));
        assert!(!dns_name_matches("foo.example.com", ".example.com"));
        assert!(!is_valid_dns_name("-a.example.com", false));
        assert!(is_valid_dns_name("a-b.example.com", false));
    }

    #[test]
    fn email_local_part_is_exact() {
        assert!(email_matches("foo@example.com", "foo@EXAMPLE.com"));
        assert!(!email_matches("Foo@example.com", "foo@example.com"));
        assert!(is_valid_email("foo@example.com"));
        assert!(!is_valid_email("invalid@address@example.com"));
    }

    #[test]
    fn netmasks() {
        assert_eq!(prefix_len(&[255, 255, 255, 0]), Some(24));
        assert_eq!(prefix_len(&[255, 0, 255, 0]), None);
        assert_eq!(prefix_len(&[0xff; 16]), Some(128));
        assert_eq!(
            format_ip_or_cidr(&[192, 0, 2, 0, 255, 255, 255, 0]),
            "192.0.2.0/24"
        );
    }

    /// A Name with one CN attribute of the given string tag.
    fn name_der(tag: u8, value: &str) -> Vec<u8> {
        let v = value.as_bytes();
        let atv = [
            &[
                0x30,
                (5 + 2 + v.len()) as u8,
                0x06,
                0x03,
                0x55,
                0x04,
                0x03,
                tag,
                v.len() as u8,
            ][..],
            v,
        ]
        .concat();
        let set = [&[0x31, atv.len() as u8][..], &atv].concat();
        [&[0x30, set.len() as u8][..], &set].concat()
    }

    fn dn(der: &[u8]) -> DistinguishedName {
        use x509_parser::prelude::FromDer;
        DistinguishedName::from_x509(&X509Name::from_der(der).unwrap().1)
    }

    #[test]
    fn names_compare_across_string_types_case_and_spaces() {
        let printable = dn(&name_der(0x13, "Example CA"));
        let utf8 = dn(&name_der(0x0c, "example   CA"));
        assert_ne!(printable.raw, utf8.raw);
        assert_eq!(printable.norm, utf8.norm);
        assert_ne!(printable.norm, dn(&name_der(0x0c, "Example CB")).norm);
        assert_ne!(
            dn(&name_der(0x0c, "a,b")).norm,
            dn(&name_der(0x0c, "a\\,b")).norm
        );
    }

    #[test]
    fn lenient_ip_reading() {
        assert_eq!(
            parse_ip_leniently("0xC0A80101"),
            Some("192.168.1.1".parse().unwrap())
        );
        assert_eq!(
            parse_ip_leniently("192.168.001.001"),
            Some("192.168.1.1".parse().unwrap())
        );
        assert_eq!(
            parse_ip_leniently("2001:DB8::1"),
            Some("2001:db8::1".parse().unwrap())
        );
        assert_eq!(parse_ip_leniently("example.com"), None);
        assert_eq!(
            parse_ip_leniently("1.1.1.1"),
            Some("1.1.1.1".parse().unwrap())
        );
    }

    #[test]
    fn hosts_parse() {
        assert_eq!(
            HostName::parse("Example.com").unwrap(),
            HostName::Dns("example.com".into())
        );
        assert_eq!(
            HostName::parse("[::1]").unwrap(),
            HostName::Ip("::1".parse().unwrap())
        );
        assert!(HostName::parse("exa mple").is_err());
    }
}
