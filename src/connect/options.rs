//! How to connect: the SNI to send, the time limit, the ALPN offer, STARTTLS and
//! tracing, with their defaults.

use super::error::ConnectError;
use super::target::Target;
use rustls::pki_types::ServerName;
use serde::Serialize;
use std::time::Duration;

/// How long name resolution, TCP connect, STARTTLS and the handshake may take together
/// by default. Ten seconds is what curl-like tools wait for a slow server to start
/// talking; a healthy handshake takes well under one.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// ALPN protocols offered by default (RFC 7301): HTTP/2 and HTTP/1.1.
pub const DEFAULT_ALPN: [&str; 2] = ["h2", "http/1.1"];

/// What to send in the server_name extension (SNI, RFC 6066 3).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Sni {
    /// The target's host when it is a DNS name; nothing for an IP address (RFC 6066 3
    /// forbids literal addresses in SNI).
    #[default]
    FromHost,
    /// This DNS name instead.
    Name(String),
    /// No SNI at all.
    Off,
}

/// How to connect.
#[derive(Clone, Debug)]
pub struct ConnectOptions {
    /// The SNI to send.
    pub sni: Sni,
    /// Limit for everything: resolution, TCP connect, STARTTLS and the handshake.
    pub timeout: Duration,
    /// ALPN protocols to offer, in order of preference.
    pub alpn: Vec<Vec<u8>>,
    /// Upgrade a plain-text protocol first.
    pub starttls: Option<Starttls>,
    /// Record the handshake steps in [`Capture::trace`](super::Capture::trace).
    pub trace: bool,
}

impl Default for ConnectOptions {
    fn default() -> Self {
        ConnectOptions {
            sni: Sni::FromHost,
            timeout: DEFAULT_TIMEOUT,
            alpn: DEFAULT_ALPN.iter().map(|p| p.as_bytes().to_vec()).collect(),
            starttls: None,
            trace: false,
        }
    }
}

pub(super) fn server_name(
    target: &Target,
    opts: &ConnectOptions,
) -> Result<ServerName<'static>, ConnectError> {
    let dns = |n: &str| {
        ServerName::try_from(n.trim_end_matches('.').to_string()).map_err(|_| {
            ConnectError::InvalidSni {
                target: target.to_string(),
                name: n.to_string(),
            }
        })
    };
    match (&opts.sni, target.ip()) {
        (Sni::Name(n), _) => dns(n),
        (_, Some(ip)) => Ok(ServerName::IpAddress(ip.into())),
        (_, None) => dns(&target.host).map_err(|_| ConnectError::InvalidTarget {
            input: target.to_string(),
            reason: "the host is not a DNS name TLS can use".into(),
        }),
    }
}

/// A protocol to speak in the clear before upgrading the connection to TLS.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Starttls {
    /// SMTP (RFC 3207): greeting, EHLO, STARTTLS.
    Smtp,
    /// IMAP (RFC 9051 6.2.1): greeting, STARTTLS.
    Imap,
    /// PostgreSQL: the SSLRequest message, answered by `S`.
    Postgres,
}

impl Starttls {
    /// The protocol's name, as on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Starttls::Smtp => "smtp",
            Starttls::Imap => "imap",
            Starttls::Postgres => "postgres",
        }
    }
}
