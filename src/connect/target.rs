//! What to connect to: `HOST[:PORT]` parsed into a [`Target`], and how it is shown.

use super::error::ConnectError;
use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

/// The port used when the target names none: HTTPS (RFC 2818).
pub const DEFAULT_PORT: u16 = 443;

/// What to connect to: a host (DNS name or IP literal) and a port.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// The DNS name or IP address as given, without brackets.
    pub host: String,
    /// The TCP port.
    pub port: u16,
}

impl Target {
    /// A target from a host (name or IP literal, brackets allowed) and a port.
    pub fn new(host: impl Into<String>, port: u16) -> Self {
        let host = host.into();
        let host = host
            .strip_prefix('[')
            .and_then(|h| h.strip_suffix(']'))
            .map(str::to_string)
            .unwrap_or(host);
        Target { host, port }
    }

    /// The host as an IP address, when it is an IP literal.
    pub fn ip(&self) -> Option<IpAddr> {
        self.host.parse().ok()
    }
}

/// `host:port`, with brackets around an IPv6 address (`[::1]:443`).
impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.ip() {
            Some(IpAddr::V6(_)) => write!(f, "[{}]:{}", self.host, self.port),
            _ => write!(f, "{}:{}", self.host, self.port),
        }
    }
}

/// Parses `HOST`, `HOST:PORT`, `IPv4:PORT`, `[IPv6]:PORT`, `[IPv6]` or a bare IPv6
/// address (which takes the default port).
impl FromStr for Target {
    type Err = ConnectError;

    fn from_str(s: &str) -> Result<Self, ConnectError> {
        let bad = |reason: &str| ConnectError::InvalidTarget {
            input: s.to_string(),
            reason: reason.to_string(),
        };
        let port = |p: &str| {
            p.parse::<u16>()
                .ok()
                .filter(|&p| p != 0)
                .ok_or_else(|| bad("the port must be a number from 1 to 65535"))
        };
        let (host, port) = if let Some(rest) = s.strip_prefix('[') {
            let (inside, after) = rest
                .split_once(']')
                .ok_or_else(|| bad("'[' without a closing ']'"))?;
            if inside.parse::<std::net::Ipv6Addr>().is_err() {
                return Err(bad("the text in brackets is not an IPv6 address"));
            }
            let port = match after {
                "" => DEFAULT_PORT,
                _ => port(
                    after
                        .strip_prefix(':')
                        .ok_or_else(|| bad("expected ':PORT' after ']'"))?,
                )?,
            };
            (inside, port)
        } else if s.parse::<std::net::Ipv6Addr>().is_ok() {
            (s, DEFAULT_PORT)
        } else if let Some((h, p)) = s.rsplit_once(':') {
            if h.contains(':') {
                return Err(bad(
                    "an IPv6 address with a port must be written [ADDRESS]:PORT",
                ));
            }
            (h, port(p)?)
        } else {
            (s, DEFAULT_PORT)
        };
        if host.is_empty() {
            return Err(bad("no host"));
        }
        if host.parse::<IpAddr>().is_err()
            && !crate::names::is_valid_dns_name(host.trim_end_matches('.'), false)
        {
            return Err(bad("the host is neither a DNS name nor an IP address"));
        }
        Ok(Target::new(host, port))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets() {
        let t = |s: &str| s.parse::<Target>().map(|t| (t.host, t.port));
        assert_eq!(t("example.com"), Ok(("example.com".into(), 443)));
        assert_eq!(t("example.com:8443"), Ok(("example.com".into(), 8443)));
        assert_eq!(t("127.0.0.1:5"), Ok(("127.0.0.1".into(), 5)));
        assert_eq!(t("[::1]:8443"), Ok(("::1".into(), 8443)));
        assert_eq!(t("[::1]"), Ok(("::1".into(), 443)));
        assert_eq!(t("::1"), Ok(("::1".into(), 443)));
        assert!(t("example.com:0").is_err());
        assert!(t("example.com:x").is_err());
        assert!(t("::1:99999").is_err());
        assert!(t("[::1").is_err());
        assert!(t("bad host:1").is_err());
        assert_eq!("[::1]:5".parse::<Target>().unwrap().to_string(), "[::1]:5");
    }
}
