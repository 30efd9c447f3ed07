//! What a user typed as a host, parsed into a [`HostName`].

use super::InputError;
use crate::names::{is_valid_dns_name, HostName};
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
    /// ```
    pub fn parse(host: &str) -> Result<HostName, InputError> {
        let trimmed = host.trim_start_matches('[').trim_end_matches(']');
        if let Ok(ip) = trimmed.parse::<IpAddr>() {
            return Ok(HostName::Ip(ip));
        }
        // An absolute name (`www.example.com.`) is the same host as the relative one.
        let bare = host.strip_suffix('.').unwrap_or(host);
        if is_valid_dns_name(bare, false) {
            return Ok(HostName::Dns(bare.to_ascii_lowercase()));
        }
        Err(InputError::NotAHost(host.to_string()))
    }
}

impl FromStr for HostName {
    type Err = InputError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        HostName::parse(s)
    }
}
