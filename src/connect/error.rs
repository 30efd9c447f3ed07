//! Why no chain could be fetched: [`ConnectError`], one variant per way a connection
//! fails, each carrying the target and what was learned.

use std::net::SocketAddr;
use std::time::Duration;

/// Why no chain could be fetched. Every message starts with the target, `host:port`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConnectError {
    /// The target text is not `HOST[:PORT]`.
    #[error("{input:?}: not HOST[:PORT] ({reason})")]
    InvalidTarget {
        /// what was given
        input: String,
        /// what is wrong with it
        reason: String,
    },
    /// The name given for SNI is not a DNS name.
    #[error("{target}: --sni {name:?} is not a valid DNS name")]
    InvalidSni {
        /// host:port
        target: String,
        /// the name
        name: String,
    },
    /// The timeout is too long for the clock to hold a deadline that far ahead.
    #[error("{target}: a timeout of {timeout:?} is too long to set a deadline")]
    InvalidTimeout {
        /// host:port
        target: String,
        /// the timeout given
        timeout: std::time::Duration,
    },
    /// Name resolution failed.
    #[error("{target}: name resolution failed for {host}: {reason}")]
    Resolve {
        /// host:port
        target: String,
        /// the name
        host: String,
        /// the resolver's answer
        reason: String,
    },
    /// The name resolved to no address.
    #[error("{target}: name resolution for {host} returned no address")]
    NoAddress {
        /// host:port
        target: String,
        /// the name
        host: String,
    },
    /// Every address refused the TCP connection (nothing listens on the port).
    #[error("{target}: connection refused{}", by(target, address))]
    Refused {
        /// host:port
        target: String,
        /// the (first) address that refused
        address: SocketAddr,
    },
    /// The TCP connection failed for another reason (unreachable network, ...).
    #[error("{target}: TCP connect to {address} failed: {reason}")]
    Connect {
        /// host:port
        target: String,
        /// the address tried last
        address: SocketAddr,
        /// the system's error
        reason: String,
    },
    /// The time limit ran out.
    #[error("{target}: timeout: no answer within {} s during {phase}{}", secs(limit), detail.as_deref().map(|d| format!(" ({d})")).unwrap_or_default())]
    Timeout {
        /// host:port
        target: String,
        /// the phase that was running: name resolution, TCP connect, STARTTLS, TLS handshake
        phase: String,
        /// the limit that was exceeded
        limit: Duration,
        /// what had happened so far
        detail: Option<String>,
    },
    /// The peer's first bytes are not a TLS record.
    #[error("{target}: the peer at {address} did not answer with TLS (received {received})")]
    NotTls {
        /// host:port
        target: String,
        /// the address connected to
        address: SocketAddr,
        /// what it sent instead: quoted text or hex bytes
        received: String,
    },
    /// The peer closed the connection before the handshake was complete.
    #[error("{target}: the peer at {address} closed the connection during the TLS handshake ({})", if *received == 0 { "before answering the ClientHello".to_string() } else { format!("after sending {received} bytes") })]
    Closed {
        /// host:port
        target: String,
        /// the address connected to
        address: SocketAddr,
        /// how many bytes it had sent
        received: usize,
    },
    /// The peer sent a fatal TLS alert.
    #[error("{target}: the peer sent TLS alert {alert} ({code}){}", hint.as_deref().map(|h| format!(": {h}")).unwrap_or_default())]
    Alert {
        /// host:port
        target: String,
        /// the alert's RFC 8446 6 name, e.g. `handshake_failure`
        alert: String,
        /// its code
        code: u8,
        /// what usually causes it
        hint: Option<String>,
    },
    /// The peer chose a protocol version certchain does not speak (before TLS 1.2).
    #[error("{target}: no TLS version in common: {detail} (certchain speaks TLS 1.2 and TLS 1.3)")]
    NoCommonVersion {
        /// host:port
        target: String,
        /// what the peer did
        detail: String,
    },
    /// The peer chose parameters that were not offered: a cipher suite, key exchange
    /// group or extension certchain does not support.
    #[error("{target}: no {what} in common: {detail}")]
    NoCommonParameters {
        /// what is missing: "cipher suite", "key exchange group", ...
        what: String,
        /// host:port
        target: String,
        /// rustls's description
        detail: String,
    },
    /// Another TLS protocol error (malformed message, bad handshake signature, ...).
    #[error("{target}: TLS handshake failed: {reason}")]
    Tls {
        /// host:port
        target: String,
        /// rustls's error
        reason: String,
    },
    /// Reading or writing the socket failed (connection reset, ...).
    #[error("{target}: {during}: {reason}")]
    Io {
        /// host:port
        target: String,
        /// what was being done
        during: String,
        /// the system's error
        reason: String,
    },
    /// The STARTTLS exchange did not end in an upgrade.
    #[error("{target}: STARTTLS ({protocol}) failed: {reason}")]
    Starttls {
        /// host:port
        target: String,
        /// smtp, imap, postgres
        protocol: String,
        /// what the server said or did
        reason: String,
    },
    /// The handshake finished without a server certificate.
    #[error("{target}: the handshake completed but no certificate was presented")]
    NoCertificate {
        /// host:port
        target: String,
    },
    /// A presented certificate could not be parsed.
    #[error("{target}: presented certificate #{position} cannot be parsed: {reason}")]
    BadCertificate {
        /// host:port
        target: String,
        /// 1-based position in the presented chain
        position: usize,
        /// the parser's error
        reason: String,
    },
}

/// The broad kind of a [`ConnectError`], stable for programs (the CLI's JSON
/// `error.kind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailureKind {
    /// The request itself is wrong: the target or the SNI name.
    Usage,
    /// No TCP connection, or no TLS answer on it: resolution, refused, unreachable,
    /// timeout, a peer that does not speak TLS or hangs up, a failed STARTTLS.
    Connection,
    /// The TLS handshake failed (an alert, nothing in common, a protocol error) or gave
    /// no usable certificate.
    Tls,
}

impl ConnectError {
    /// Which broad kind of failure this is.
    pub fn kind(&self) -> FailureKind {
        match self {
            ConnectError::InvalidTarget { .. }
            | ConnectError::InvalidSni { .. }
            | ConnectError::InvalidTimeout { .. } => FailureKind::Usage,
            ConnectError::Resolve { .. }
            | ConnectError::NoAddress { .. }
            | ConnectError::Refused { .. }
            | ConnectError::Connect { .. }
            | ConnectError::Timeout { .. }
            | ConnectError::NotTls { .. }
            | ConnectError::Closed { .. }
            | ConnectError::Io { .. }
            | ConnectError::Starttls { .. } => FailureKind::Connection,
            ConnectError::Alert { .. }
            | ConnectError::NoCommonVersion { .. }
            | ConnectError::NoCommonParameters { .. }
            | ConnectError::Tls { .. }
            | ConnectError::NoCertificate { .. }
            | ConnectError::BadCertificate { .. } => FailureKind::Tls,
        }
    }
}

fn by(target: &str, address: &SocketAddr) -> String {
    if target == address.to_string() {
        String::new()
    } else {
        format!(" by {address}")
    }
}

fn secs(d: &Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.0}")
    } else {
        format!("{s}")
    }
}
