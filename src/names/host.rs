//! The host a leaf is checked against. `HostName::parse` (what a user typed) lives in
//! the input layer, beside the error it returns.

use std::net::IpAddr;

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
