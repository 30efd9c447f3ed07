//! The host a leaf is checked against. `HostName::parse` (what a user typed) lives in
//! the input layer, beside the error it returns.

use std::net::IpAddr;

/// A host to check the leaf against, usually from [`HostName::parse`].
///
/// ```
/// use certchain::{ExpectedName, HostName};
/// use std::net::{IpAddr, Ipv4Addr};
///
/// assert_eq!(HostName::parse("192.0.2.1").unwrap(), HostName::Ip(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1))));
/// let host: HostName = "Example.COM.".parse().unwrap();
/// assert_eq!(host.to_string(), "example.com");
/// let name = ExpectedName::Host(host);
/// # let _ = name;
/// ```
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
