//! What a user typed as a host, parsed into a [`HostName`].

use super::InputError;
use crate::names::{is_valid_dns_name, parse_ip_leniently, HostName};
use std::net::IpAddr;
use std::str::FromStr;

impl HostName {
    /// Parse what a user typed as a host: an IPv4/IPv6 literal (brackets allowed) or a
    /// DNS name (lower-cased, one trailing dot dropped).
    ///
    /// ```
    /// use certchain::HostName;
    ///
    /// assert_eq!(HostName::parse("WWW.Example.com.").unwrap(), HostName::Dns("www.example.com".into()));
    /// assert!(matches!(HostName::parse("[::1]"), Ok(HostName::Ip(_))));
    /// assert!(HostName::parse("not a host").is_err());
    /// // a name ending in a number is an IPv4 address, as resolvers read it
    /// assert_eq!(HostName::parse("127.1").unwrap().to_string(), "127.0.0.1");
    /// ```
    pub fn parse(host: &str) -> Result<HostName, InputError> {
        let trimmed = host.trim_start_matches('[').trim_end_matches(']');
        if let Ok(ip) = trimmed.parse::<IpAddr>() {
            return Ok(HostName::Ip(ip));
        }
        // An absolute name (`www.example.com.`) is the same host as the relative one.
        let bare = host.strip_suffix('.').unwrap_or(host);
        // RFC 1123 2.1: a top-level label is never numeric, so a name ending in a number
        // is an IPv4 address in the notation resolvers read (inet_aton: `010.0.0.1`,
        // `0xC0A80101`, `127.1`), as browsers read it (WHATWG URL, "ends in a number");
        // it is compared with iPAddress SANs, never with dNSNames.
        if ends_in_a_number(bare) {
            return parse_ip_leniently(bare)
                .map(HostName::Ip)
                .ok_or_else(|| InputError::NotAHost(host.to_string()));
        }
        if is_valid_dns_name(bare, false) {
            return Ok(HostName::Dns(bare.to_ascii_lowercase()));
        }
        Err(InputError::NotAHost(host.to_string()))
    }
}

/// Whether the last label is a decimal number or `0x` and hex digits (WHATWG URL
/// Standard, "ends in a number checker").
fn ends_in_a_number(name: &str) -> bool {
    let last = name.rsplit('.').next().unwrap_or(name);
    let digits = |s: &str, radix: u32| s.chars().all(|c| c.is_digit(radix));
    match last.strip_prefix("0x").or_else(|| last.strip_prefix("0X")) {
        Some(hex) => digits(hex, 16),
        None => !last.is_empty() && digits(last, 10),
    }
}

impl FromStr for HostName {
    type Err = InputError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        HostName::parse(s)
    }
}
