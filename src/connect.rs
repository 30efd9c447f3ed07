//! Fetching the chain a TLS server presents: resolve, connect over TCP, optionally
//! upgrade with STARTTLS, and run a TLS 1.2/1.3 handshake (rustls with the ring
//! provider) whose certificate verifier only *records* the chain. The handshake
//! signature is still verified against the presented leaf's key, so the key exchange is
//! authentic for the certificate captured; judging the chain is left to
//! [`Verifier::verify`](crate::Verifier::verify), so a bad chain is captured and
//! explained rather than refused. No application data is ever sent: after the handshake
//! the connection is closed with a close_notify alert.
//!
//! ```no_run
//! use certchain::connect::{fetch_chain, ConnectOptions, Target};
//! use certchain::{ExpectedName, HostName, Policy, TrustStore, Verifier};
//!
//! let target: Target = "example.com".parse().unwrap();
//! let capture = fetch_chain(&target, &ConnectOptions::default()).unwrap();
//! let verifier = Verifier::new(TrustStore::bundled(), Policy::default());
//! let name = ExpectedName::Host(HostName::Dns("example.com".into()));
//! let report = verifier.verify(&capture.presented, &[], Some(&name));
//! println!("{} via {}: {:?}", capture.version, capture.address, report.verdict);
//! ```

use crate::cert::Certificate;
use crate::load::{Source, SourceKind, SourcedCert};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, ClientConnection, DigitallySignedStruct, SignatureScheme};
use serde::{Serialize, Serializer};
use std::fmt::{self, Write as _};
use std::io::{self, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpStream, ToSocketAddrs};
use std::str::FromStr;
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

/// The port used when the target names none: HTTPS (RFC 2818).
pub const DEFAULT_PORT: u16 = 443;

/// How long name resolution, TCP connect, STARTTLS and the handshake may take together
/// by default. Ten seconds is what curl-like tools wait for a slow server to start
/// talking; a healthy handshake takes well under one.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// Read buffer for the handshake. A TLS record is at most 2^14 + 2048 bytes of
/// ciphertext plus a 5-byte header (RFC 5246 6.2.3), so one read holds a whole record.
const READ_CHUNK: usize = 18_437;

/// Bytes of the peer's first answer kept to show what a non-TLS peer said.
const PREVIEW_BYTES: usize = 64;

/// Longest STARTTLS protocol line read before giving up: RFC 5321 4.5.3.1.5 caps an
/// SMTP reply line at 512 octets; IMAP lines are unbounded, so allow 8 KiB.
const MAX_STARTTLS_LINE: usize = 8192;

/// Most STARTTLS reply lines read in one exchange (an EHLO answer lists a few dozen
/// extensions at most), so a peer that streams lines forever cannot keep us busy.
const MAX_STARTTLS_LINES: usize = 256;

/// ALPN protocols offered by default (RFC 7301): HTTP/2 and HTTP/1.1.
pub const DEFAULT_ALPN: [&str; 2] = ["h2", "http/1.1"];

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
    /// Record the handshake steps in [`Capture::trace`].
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

/// How long each phase took, in milliseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Timings {
    /// Name resolution (0 for an IP literal).
    #[serde(serialize_with = "ms")]
    pub resolve_ms: f64,
    /// TCP connect, every address tried.
    #[serde(serialize_with = "ms")]
    pub connect_ms: f64,
    /// The STARTTLS exchange, when one was made.
    #[serde(serialize_with = "opt_ms", skip_serializing_if = "Option::is_none")]
    pub starttls_ms: Option<f64>,
    /// The TLS handshake, from the ClientHello to the client's Finished.
    #[serde(serialize_with = "ms")]
    pub handshake_ms: f64,
    /// From the start of resolution to the end of the handshake.
    #[serde(serialize_with = "ms")]
    pub total_ms: f64,
}

fn round_ms(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

fn ms<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(round_ms(*v))
}

fn opt_ms<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => s.serialize_f64(round_ms(*v)),
        None => s.serialize_none(),
    }
}

/// One observed step of the connection, with the time since the start.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TraceEvent {
    /// Milliseconds since resolution started.
    #[serde(serialize_with = "ms")]
    pub at_ms: f64,
    /// What was observed.
    pub event: String,
}

impl fmt::Display for TraceEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{:>9.3} ms] {}", self.at_ms, self.event)
    }
}

/// Everything learned from one connection.
#[derive(Clone, Debug, Serialize)]
pub struct Capture {
    /// The target as given, `host:port`.
    pub target: String,
    /// Every address the name resolved to, in the order tried.
    pub resolved: Vec<SocketAddr>,
    /// The address the TLS connection was made to.
    pub address: SocketAddr,
    /// The STARTTLS protocol spoken first, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub starttls: Option<Starttls>,
    /// The name sent in SNI, if any.
    pub sni: Option<String>,
    /// How long each phase took.
    pub timings: Timings,
    /// The negotiated protocol version, e.g. `TLSv1.3`.
    pub version: String,
    /// The negotiated cipher suite, by its IANA name.
    pub cipher_suite: String,
    /// The key exchange group, e.g. `X25519`, when known.
    pub kx_group: Option<String>,
    /// The ALPN protocol the server selected, if any.
    pub alpn: Option<String>,
    /// The chain as presented, in the order sent (the leaf first). Each certificate's
    /// source is `Presented`, named `host:port`, with its 1-based position.
    #[serde(serialize_with = "presented_summary")]
    pub presented: Vec<SourcedCert>,
    /// The observed handshake steps, when [`ConnectOptions::trace`] was set.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub trace: Vec<TraceEvent>,
}

#[derive(Serialize)]
struct PresentedEntry<'a> {
    position: usize,
    size: usize,
    subject: &'a str,
    issuer: &'a str,
    sha256: &'a str,
}

fn presented_summary<S: Serializer>(v: &[SourcedCert], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(v.iter().enumerate().map(|(i, c)| PresentedEntry {
        position: i + 1,
        size: c.cert.der.len(),
        subject: &c.cert.subject.text,
        issuer: &c.cert.issuer.text,
        sha256: &c.cert.sha256,
    }))
}

impl Capture {
    /// The presented chain as a PEM bundle, in the order sent.
    pub fn presented_pem(&self) -> String {
        self.presented
            .iter()
            .map(|c| {
                pem::encode_config(
                    &pem::Pem::new("CERTIFICATE", c.cert.der.clone()),
                    pem::EncodeConfig::new().set_line_ending(pem::LineEnding::LF),
                )
            })
            .collect()
    }
}

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

/// Connect, handshake and return the presented chain. See [`fetch_chain_with`] to
/// watch the steps as they happen.
pub fn fetch_chain(target: &Target, opts: &ConnectOptions) -> Result<Capture, ConnectError> {
    fetch_chain_with(target, opts, &mut |_| {})
}

/// [`fetch_chain`], calling `on_event` with each step as it is observed (when
/// [`ConnectOptions::trace`] is set), so a failed or stuck connection still shows how
/// far it got.
pub fn fetch_chain_with(
    target: &Target,
    opts: &ConnectOptions,
    on_event: &mut dyn FnMut(&TraceEvent),
) -> Result<Capture, ConnectError> {
    let start = Instant::now();
    let deadline = start + opts.timeout;
    let name = target.to_string();
    let mut trace = Tracer {
        start,
        enabled: opts.trace,
        events: Vec::new(),
        sink: on_event,
    };

    let server_name = server_name(target, opts)?;
    let sni = match (&opts.sni, &server_name) {
        (Sni::Off, _) => None,
        (_, ServerName::DnsName(d)) => Some(d.as_ref().to_string()),
        _ => None,
    };

    // Name resolution.
    let resolved = resolve(target, &name, deadline, opts.timeout)?;
    let resolved_at = Instant::now();
    if target.ip().is_none() {
        let list: Vec<String> = resolved.iter().map(|a| a.ip().to_string()).collect();
        trace.at(
            resolved_at,
            format!("resolved {} to {}", target.host, list.join(", ")),
        );
    }

    // TCP connect: each address in turn until one accepts.
    let (mut sock, address) = tcp_connect(&resolved, &name, deadline, opts.timeout, &mut trace)?;
    let connected_at = Instant::now();
    trace.at(connected_at, format!("TCP connected to {address}"));
    let _ = sock.set_nodelay(true);

    let starttls_ms = match opts.starttls {
        Some(proto) => {
            starttls(&mut sock, proto, &name, deadline, opts.timeout, &mut trace)?;
            Some(ms_between(connected_at, Instant::now()))
        }
        None => None,
    };
    let hs_start = Instant::now();

    // The handshake.
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let recorder = Arc::new(Recorder {
        provider: Arc::clone(&provider),
        seen: Mutex::default(),
    });
    let mut config = ClientConfig::builder_with_provider(provider)
        .with_protocol_versions(&[&rustls::version::TLS13, &rustls::version::TLS12])
        .map_err(|e| ConnectError::Tls {
            target: name.clone(),
            reason: e.to_string(),
        })?
        .dangerous()
        .with_custom_certificate_verifier(recorder.clone())
        .with_no_client_auth();
    config.alpn_protocols = opts.alpn.clone();
    config.enable_sni = opts.sni != Sni::Off;
    config.resumption = rustls::client::Resumption::disabled();
    let mut conn =
        ClientConnection::new(Arc::new(config), server_name).map_err(|e| ConnectError::Tls {
            target: name.clone(),
            reason: e.to_string(),
        })?;

    let mut hs = Handshake {
        sock: &mut sock,
        conn: &mut conn,
        recorder: &recorder,
        trace: &mut trace,
        target: &name,
        address,
        sni: sni.as_deref(),
        deadline,
        limit: opts.timeout,
        received: 0,
        preview: Vec::new(),
        rx: RecordTracker::default(),
        tx: RecordTracker::default(),
        negotiated_seen: false,
    };
    hs.run()?;
    let done = Instant::now();

    // The chain is judged by the caller; send no application data, only close_notify.
    conn.send_close_notify();
    let mut out = Vec::new();
    let _ = conn.write_tls(&mut out);
    sock.set_write_timeout(Some(Duration::from_millis(200)))
        .ok();
    if sock.write_all(&out).is_ok() {
        trace.now("close_notify sent; no application data was sent".to_string());
    }
    let _ = sock.shutdown(std::net::Shutdown::Both);

    let ders = recorder
        .seen
        .lock()
        .map(|s| s.chain.clone())
        .unwrap_or_default()
        .unwrap_or_default();
    if ders.is_empty() {
        return Err(ConnectError::NoCertificate { target: name });
    }
    let presented = ders
        .iter()
        .enumerate()
        .map(|(i, der)| {
            let cert = Certificate::from_der(der).map_err(|e| ConnectError::BadCertificate {
                target: name.clone(),
                position: i + 1,
                reason: e.0,
            })?;
            Ok(SourcedCert {
                cert: Arc::new(cert),
                source: Source {
                    kind: SourceKind::Presented,
                    name: name.clone(),
                    position: Some(i + 1),
                },
            })
        })
        .collect::<Result<Vec<_>, ConnectError>>()?;

    Ok(Capture {
        target: name,
        resolved,
        address,
        starttls: opts.starttls,
        sni,
        timings: Timings {
            resolve_ms: ms_between(start, resolved_at),
            connect_ms: ms_between(resolved_at, connected_at),
            starttls_ms,
            handshake_ms: ms_between(hs_start, done),
            total_ms: ms_between(start, done),
        },
        version: conn
            .protocol_version()
            .map(version_name)
            .unwrap_or_else(|| "unknown".into()),
        cipher_suite: conn
            .negotiated_cipher_suite()
            .map(|s| suite_name(s.suite()))
            .unwrap_or_else(|| "unknown".into()),
        kx_group: conn
            .negotiated_key_exchange_group()
            .map(|g| group_name(g.name())),
        alpn: conn
            .alpn_protocol()
            .map(|p| String::from_utf8_lossy(p).into_owned()),
        presented,
        trace: trace.events,
    })
}

fn ms_between(a: Instant, b: Instant) -> f64 {
    b.saturating_duration_since(a).as_secs_f64() * 1000.0
}

fn server_name(
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

// ---------------------------------------------------------------- resolution, TCP

fn resolve(
    target: &Target,
    name: &str,
    deadline: Instant,
    limit: Duration,
) -> Result<Vec<SocketAddr>, ConnectError> {
    if let Some(ip) = target.ip() {
        return Ok(vec![SocketAddr::new(ip, target.port)]);
    }
    // getaddrinfo cannot be interrupted; run it on its own thread so the deadline holds.
    let (tx, rx) = mpsc::channel();
    let (host, port) = (target.host.clone(), target.port);
    std::thread::spawn(move || {
        let _ = tx.send(
            (host.as_str(), port)
                .to_socket_addrs()
                .map(|a| a.collect::<Vec<_>>()),
        );
    });
    let timeout = || ConnectError::Timeout {
        target: name.into(),
        phase: "name resolution".into(),
        limit,
        detail: None,
    };
    let remaining = deadline
        .checked_duration_since(Instant::now())
        .ok_or_else(timeout)?;
    match rx.recv_timeout(remaining) {
        Err(_) => Err(timeout()),
        Ok(Err(e)) => Err(ConnectError::Resolve {
            target: name.into(),
            host: target.host.clone(),
            reason: e.to_string(),
        }),
        Ok(Ok(addrs)) if addrs.is_empty() => Err(ConnectError::NoAddress {
            target: name.into(),
            host: target.host.clone(),
        }),
        Ok(Ok(addrs)) => Ok(addrs),
    }
}

fn tcp_connect(
    addrs: &[SocketAddr],
    name: &str,
    deadline: Instant,
    limit: Duration,
    trace: &mut Tracer<'_>,
) -> Result<(TcpStream, SocketAddr), ConnectError> {
    let mut refused = None;
    let mut last_err = None;
    let mut timed_out = None;
    for &addr in addrs {
        let Some(remaining) = deadline
            .checked_duration_since(Instant::now())
            .filter(|d| !d.is_zero())
        else {
            timed_out.get_or_insert(addr);
            break;
        };
        match TcpStream::connect_timeout(&addr, remaining) {
            Ok(s) => return Ok((s, addr)),
            Err(e) => {
                trace.now(format!("TCP connect to {addr} failed: {e}"));
                match e.kind() {
                    io::ErrorKind::ConnectionRefused => {
                        refused.get_or_insert(addr);
                    }
                    io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => {
                        timed_out.get_or_insert(addr);
                    }
                    _ => last_err = Some((addr, e.to_string())),
                }
            }
        }
    }
    if let Some(address) = refused {
        return Err(ConnectError::Refused {
            target: name.into(),
            address,
        });
    }
    if let Some((address, reason)) = last_err {
        return Err(ConnectError::Connect {
            target: name.into(),
            address,
            reason,
        });
    }
    Err(ConnectError::Timeout {
        target: name.into(),
        phase: "TCP connect".into(),
        limit,
        detail: timed_out.map(|a| format!("to {a}")),
    })
}

// ---------------------------------------------------------------- tracing

struct Tracer<'a> {
    start: Instant,
    enabled: bool,
    events: Vec<TraceEvent>,
    sink: &'a mut dyn FnMut(&TraceEvent),
}

impl Tracer<'_> {
    fn at(&mut self, when: Instant, event: String) {
        if self.enabled {
            let e = TraceEvent {
                at_ms: ms_between(self.start, when),
                event,
            };
            (self.sink)(&e);
            self.events.push(e);
        }
    }

    fn now(&mut self, event: String) {
        self.at(Instant::now(), event);
    }
}

/// Follows the TLS record layer in one direction (RFC 8446 5.1, RFC 5246 6.2.1) to name
/// what crossed the wire: record types, and the handshake messages of records sent in
/// the clear. After a ChangeCipherSpec everything is encrypted and only sizes are shown.
#[derive(Default)]
struct RecordTracker {
    pending: Vec<u8>,
    hs: Vec<u8>,
    encrypted: bool,
    lost: bool,
}

/// Longest TLS record: 2^14 + 2048 bytes of ciphertext (RFC 5246 6.2.3).
const MAX_RECORD: usize = (1 << 14) + 2048;

/// Handshake messages larger than this are not buffered for naming (a certificate
/// chain in one message is at most 2^24 bytes; the tracker only needs its header).
const MAX_TRACKED_MESSAGE: usize = 1 << 20;

/// The random of a HelloRetryRequest: SHA-256 of "HelloRetryRequest" (RFC 8446 4.1.3).
const HRR_RANDOM: [u8; 32] = [
    0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
    0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
];

impl RecordTracker {
    /// Take newly transferred bytes; returns a description of the complete records.
    fn feed(&mut self, bytes: &[u8]) -> String {
        if self.lost {
            return String::new();
        }
        self.pending.extend_from_slice(bytes);
        let mut parts: Vec<String> = Vec::new();
        let mut encrypted_run = (0usize, 0usize);
        let flush_run = |parts: &mut Vec<String>, run: &mut (usize, usize)| {
            match run.0 {
                0 => {}
                1 => parts.push(format!("encrypted record ({} B)", run.1)),
                n => parts.push(format!("{n} encrypted records ({} B)", run.1)),
            }
            *run = (0, 0);
        };
        let mut off = 0;
        while self.pending.len() - off >= 5 {
            let ct = self.pending[off];
            let len = usize::from(u16::from_be_bytes([
                self.pending[off + 3],
                self.pending[off + 4],
            ]));
            if len > MAX_RECORD {
                self.lost = true;
                parts.push(format!(
                    "a record header claiming {len} bytes (not tracked further)"
                ));
                break;
            }
            if self.pending.len() - off < 5 + len {
                break;
            }
            let body = self.pending[off + 5..off + 5 + len].to_vec();
            off += 5 + len;
            let plain = !self.encrypted;
            match ct {
                20 => {
                    flush_run(&mut parts, &mut encrypted_run);
                    parts.push("change_cipher_spec".into());
                    self.encrypted = true;
                }
                21 if plain && body.len() == 2 => {
                    flush_run(&mut parts, &mut encrypted_run);
                    let level = if body[0] == 2 { "fatal" } else { "warning" };
                    parts.push(format!("alert ({level} {})", alert_name(body[1])));
                }
                22 if plain => {
                    flush_run(&mut parts, &mut encrypted_run);
                    self.hs.extend_from_slice(&body);
                    let names = self.handshake_messages();
                    parts.push(if names.is_empty() {
                        format!("handshake record ({len} B, a message continues)")
                    } else {
                        names.join(", ")
                    });
                }
                21..=23 => {
                    encrypted_run.0 += 1;
                    encrypted_run.1 += len;
                }
                other => {
                    flush_run(&mut parts, &mut encrypted_run);
                    parts.push(format!("record of unknown type {other} ({len} B)"));
                }
            }
        }
        flush_run(&mut parts, &mut encrypted_run);
        self.pending.drain(..off);
        if !self.pending.is_empty() && !self.lost {
            parts.push(format!(
                "{} B of a record still arriving",
                self.pending.len()
            ));
        }
        parts.join(", ")
    }

    /// Name the complete handshake messages buffered so far (RFC 8446 4: a 1-byte type
    /// and a 3-byte length).
    fn handshake_messages(&mut self) -> Vec<String> {
        let mut names = Vec::new();
        while self.hs.len() >= 4 {
            let len = (usize::from(self.hs[1]) << 16)
                | (usize::from(self.hs[2]) << 8)
                | usize::from(self.hs[3]);
            if len > MAX_TRACKED_MESSAGE {
                names.push(format!(
                    "{} ({len} B, not tracked further)",
                    handshake_name(self.hs[0])
                ));
                self.hs.clear();
                self.lost = true;
                break;
            }
            if self.hs.len() < 4 + len {
                break;
            }
            let mut name = handshake_name(self.hs[0]).to_string();
            // A ServerHello whose random is the special value is a HelloRetryRequest.
            if self.hs[0] == 2 && len >= 34 && self.hs[6..38] == HRR_RANDOM {
                name = "HelloRetryRequest".into();
            }
            names.push(format!("{name} ({len} B)"));
            self.hs.drain(..4 + len);
        }
        names
    }
}

/// RFC 8446 4 / RFC 5246 7.4 handshake message names.
fn handshake_name(t: u8) -> &'static str {
    match t {
        0 => "HelloRequest",
        1 => "ClientHello",
        2 => "ServerHello",
        4 => "NewSessionTicket",
        5 => "EndOfEarlyData",
        8 => "EncryptedExtensions",
        11 => "Certificate",
        12 => "ServerKeyExchange",
        13 => "CertificateRequest",
        14 => "ServerHelloDone",
        15 => "CertificateVerify",
        16 => "ClientKeyExchange",
        20 => "Finished",
        22 => "CertificateStatus",
        24 => "KeyUpdate",
        _ => "unknown handshake message",
    }
}

/// RFC 8446 6 / IANA TLS Alert Registry names.
pub fn alert_name(code: u8) -> String {
    let name = match code {
        0 => "close_notify",
        10 => "unexpected_message",
        20 => "bad_record_mac",
        21 => "decryption_failed",
        22 => "record_overflow",
        30 => "decompression_failure",
        40 => "handshake_failure",
        41 => "no_certificate",
        42 => "bad_certificate",
        43 => "unsupported_certificate",
        44 => "certificate_revoked",
        45 => "certificate_expired",
        46 => "certificate_unknown",
        47 => "illegal_parameter",
        48 => "unknown_ca",
        49 => "access_denied",
        50 => "decode_error",
        51 => "decrypt_error",
        60 => "export_restriction",
        70 => "protocol_version",
        71 => "insufficient_security",
        80 => "internal_error",
        86 => "inappropriate_fallback",
        90 => "user_canceled",
        100 => "no_renegotiation",
        109 => "missing_extension",
        110 => "unsupported_extension",
        111 => "certificate_unobtainable",
        112 => "unrecognized_name",
        113 => "bad_certificate_status_response",
        114 => "bad_certificate_hash_value",
        115 => "unknown_psk_identity",
        116 => "certificate_required",
        120 => "no_application_protocol",
        121 => "ech_required",
        other => return format!("unknown_alert_{other}"),
    };
    name.to_string()
}

/// What an alert from a server during the handshake usually means.
fn alert_hint(code: u8, sni: Option<&str>) -> Option<String> {
    Some(match code {
        40 => "usually no cipher suite, key exchange group or signature scheme in common (certchain offers ECDHE with AES-GCM or ChaCha20-Poly1305)".into(),
        70 => "no TLS version in common: the server accepts none of TLS 1.2 and TLS 1.3".into(),
        71 => "the server requires stronger parameters than offered".into(),
        112 => match sni {
            Some(n) => format!("the server does not serve the name sent in SNI ({n}); try --sni NAME"),
            None => "the server needs a name in SNI and none was sent; try --sni NAME".into(),
        },
        116 => "the server requires a client certificate".into(),
        120 => "no application protocol in common (ALPN offered: h2, http/1.1)".into(),
        109 => "the server requires a TLS extension that was not sent".into(),
        _ => return None,
    })
}

fn version_name(v: rustls::ProtocolVersion) -> String {
    match v {
        rustls::ProtocolVersion::TLSv1_3 => "TLSv1.3".into(),
        rustls::ProtocolVersion::TLSv1_2 => "TLSv1.2".into(),
        rustls::ProtocolVersion::TLSv1_1 => "TLSv1.1".into(),
        rustls::ProtocolVersion::TLSv1_0 => "TLSv1.0".into(),
        rustls::ProtocolVersion::SSLv3 => "SSLv3".into(),
        other => format!("0x{:04x}", u16::from(other)),
    }
}

/// The IANA name of a cipher suite (rustls spells TLS 1.3 suites `TLS13_...`).
fn suite_name(s: rustls::CipherSuite) -> String {
    match s.as_str() {
        Some(n) => n
            .strip_prefix("TLS13_")
            .map(|r| format!("TLS_{r}"))
            .unwrap_or_else(|| n.to_string()),
        None => format!("0x{:04x}", u16::from(s)),
    }
}

fn group_name(g: rustls::NamedGroup) -> String {
    g.as_str()
        .map(str::to_string)
        .unwrap_or_else(|| format!("0x{:04x}", u16::from(g)))
}

// ---------------------------------------------------------------- the recording verifier

#[derive(Debug, Default)]
struct Seen {
    chain: Option<Vec<Vec<u8>>>,
    events: Vec<(Instant, String)>,
}

/// Records the presented chain and accepts it; checks the handshake signature properly.
#[derive(Debug)]
struct Recorder {
    provider: Arc<CryptoProvider>,
    seen: Mutex<Seen>,
}

impl Recorder {
    fn note(&self, event: String) {
        if let Ok(mut s) = self.seen.lock() {
            s.events.push((Instant::now(), event));
        }
    }

    fn drain(&self) -> Vec<(Instant, String)> {
        self.seen
            .lock()
            .map(|mut s| std::mem::take(&mut s.events))
            .unwrap_or_default()
    }

    fn signature(
        &self,
        what: &str,
        dss: &DigitallySignedStruct,
        r: Result<HandshakeSignatureValid, rustls::Error>,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        let scheme = dss
            .scheme
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| format!("{:?}", dss.scheme));
        match &r {
            Ok(_) => self.note(format!(
                "{what} signature ({scheme}) verified with the presented leaf's key"
            )),
            Err(e) => self.note(format!(
                "{what} signature ({scheme}) does NOT verify with the presented leaf's key: {e}"
            )),
        }
        r
    }
}

impl ServerCertVerifier for Recorder {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let chain: Vec<Vec<u8>> = std::iter::once(end_entity)
            .chain(intermediates)
            .map(|c| c.as_ref().to_vec())
            .collect();
        let bytes: usize = chain.iter().map(Vec::len).sum();
        let ocsp = if ocsp_response.is_empty() {
            String::new()
        } else {
            format!(", with a stapled OCSP response ({} B)", ocsp_response.len())
        };
        let n = chain.len();
        self.note(format!("server certificate chain received: {n} certificate{} ({bytes} B){ocsp}; recorded for verification after the handshake", if n == 1 { "" } else { "s" }));
        if let Ok(mut s) = self.seen.lock() {
            s.chain = Some(chain);
        }
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        let r = rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        );
        self.signature("ServerKeyExchange", dss, r)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        let r = rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        );
        self.signature("CertificateVerify", dss, r)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

// ---------------------------------------------------------------- the handshake

struct Handshake<'a, 't> {
    sock: &'a mut TcpStream,
    conn: &'a mut ClientConnection,
    recorder: &'a Recorder,
    trace: &'a mut Tracer<'t>,
    target: &'a str,
    address: SocketAddr,
    sni: Option<&'a str>,
    deadline: Instant,
    limit: Duration,
    received: usize,
    preview: Vec<u8>,
    rx: RecordTracker,
    tx: RecordTracker,
    negotiated_seen: bool,
}

impl Handshake<'_, '_> {
    fn remaining(&self) -> Result<Duration, ConnectError> {
        self.deadline
            .checked_duration_since(Instant::now())
            .filter(|d| !d.is_zero())
            .ok_or_else(|| self.timeout())
    }

    fn timeout(&self) -> ConnectError {
        let detail = if self.received == 0 {
            format!(
                "connected to {}, no answer to the ClientHello",
                self.address
            )
        } else {
            format!(
                "connected to {}, {} bytes received, handshake incomplete",
                self.address, self.received
            )
        };
        ConnectError::Timeout {
            target: self.target.into(),
            phase: "the TLS handshake".into(),
            limit: self.limit,
            detail: Some(detail),
        }
    }

    fn io(&self, during: &str, e: &io::Error) -> ConnectError {
        match e.kind() {
            io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => self.timeout(),
            io::ErrorKind::ConnectionReset => ConnectError::Io {
                target: self.target.into(),
                during: during.into(),
                reason: format!("connection reset by the peer at {}", self.address),
            },
            _ => ConnectError::Io {
                target: self.target.into(),
                during: during.into(),
                reason: e.to_string(),
            },
        }
    }

    fn run(&mut self) -> Result<(), ConnectError> {
        let mut buf = vec![0u8; READ_CHUNK];
        loop {
            self.flush()?;
            if !self.conn.is_handshaking() {
                let what = match (
                    self.conn.protocol_version(),
                    self.conn.negotiated_cipher_suite(),
                ) {
                    (Some(v), Some(s)) => {
                        format!(": {}, {}", version_name(v), suite_name(s.suite()))
                    }
                    _ => String::new(),
                };
                self.trace.now(format!("handshake complete{what}"));
                return Ok(());
            }
            let remaining = self.remaining()?;
            self.sock
                .set_read_timeout(Some(remaining))
                .map_err(|e| self.io("setting the read timeout", &e))?;
            let n = match self.sock.read(&mut buf) {
                Ok(0) => {
                    self.trace.now("the peer closed the connection".into());
                    return Err(ConnectError::Closed {
                        target: self.target.into(),
                        address: self.address,
                        received: self.received,
                    });
                }
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(self.io("reading the handshake", &e)),
            };
            self.check_tls(&buf[..n])?;
            self.received += n;
            let desc = self.rx.feed(&buf[..n]);
            self.trace.now(format!("received {n} B: {desc}"));
            let mut rd = &buf[..n];
            while !rd.is_empty() {
                if let Err(e) = self.conn.read_tls(&mut rd) {
                    return Err(ConnectError::Tls {
                        target: self.target.into(),
                        reason: e.to_string(),
                    });
                }
                let r = self.conn.process_new_packets();
                self.drain_recorder();
                if let Err(e) = r {
                    // Tell the peer why (rustls queued an alert), best effort.
                    let mut out = Vec::new();
                    let _ = self.conn.write_tls(&mut out);
                    let _ = self.sock.write_all(&out);
                    return Err(self.tls_error(e));
                }
            }
            self.note_negotiated();
        }
    }

    /// Write what rustls has queued, naming the records.
    fn flush(&mut self) -> Result<(), ConnectError> {
        while self.conn.wants_write() {
            let mut out = Vec::new();
            self.conn
                .write_tls(&mut out)
                .map_err(|e| self.io("preparing the handshake", &e))?;
            let remaining = self.remaining()?;
            self.sock
                .set_write_timeout(Some(remaining))
                .map_err(|e| self.io("setting the write timeout", &e))?;
            self.sock
                .write_all(&out)
                .map_err(|e| self.io("sending the handshake", &e))?;
            let desc = self.tx.feed(&out);
            self.trace.now(format!("sent {} B: {desc}", out.len()));
        }
        Ok(())
    }

    fn drain_recorder(&mut self) {
        for (t, e) in self.recorder.drain() {
            self.trace.at(t, e);
        }
    }

    fn note_negotiated(&mut self) {
        if self.negotiated_seen {
            return;
        }
        if let (Some(v), Some(s)) = (
            self.conn.protocol_version(),
            self.conn.negotiated_cipher_suite(),
        ) {
            self.negotiated_seen = true;
            let group = self
                .conn
                .negotiated_key_exchange_group()
                .map(|g| format!(", key exchange {}", group_name(g.name())))
                .unwrap_or_default();
            self.trace.now(format!(
                "negotiated {}, {}{group}",
                version_name(v),
                suite_name(s.suite())
            ));
        }
    }

    /// The first bytes of a TLS answer are a record header: a content type from 20 to 24
    /// and a major version of 3 (RFC 8446 5.1, RFC 5246 6.2.1).
    fn check_tls(&mut self, bytes: &[u8]) -> Result<(), ConnectError> {
        if self.preview.len() >= PREVIEW_BYTES || self.received >= 2 {
            return Ok(());
        }
        let take = (PREVIEW_BYTES - self.preview.len()).min(bytes.len());
        self.preview.extend_from_slice(&bytes[..take]);
        let p = &self.preview;
        let ok = (20..=24).contains(&p[0]) && p.get(1).is_none_or(|&b| b == 3);
        if ok {
            return Ok(());
        }
        Err(ConnectError::NotTls {
            target: self.target.into(),
            address: self.address,
            received: describe_bytes(&self.preview),
        })
    }

    fn tls_error(&self, e: rustls::Error) -> ConnectError {
        use rustls::{Error as E, PeerIncompatible as PI, PeerMisbehaved as PM};
        let target = self.target.to_string();
        let params = |what: &str, detail: String| ConnectError::NoCommonParameters {
            what: what.into(),
            target: target.clone(),
            detail,
        };
        match e {
            E::AlertReceived(a) => {
                let code = u8::from(a);
                ConnectError::Alert {
                    target,
                    alert: alert_name(code),
                    code,
                    hint: alert_hint(code, self.sni),
                }
            }
            E::PeerIncompatible(
                PI::ServerDoesNotSupportTls12Or13
                | PI::ServerTlsVersionIsDisabledByOurConfig
                | PI::SupportedVersionsExtensionRequired,
            ) => {
                let detail = match self.preview_version() {
                    Some(v) => format!("the peer answered with {v}"),
                    None => "the peer chose a version before TLS 1.2".into(),
                };
                ConnectError::NoCommonVersion { target, detail }
            }
            E::PeerMisbehaved(
                PM::SelectedUnofferedCipherSuite | PM::SelectedUnusableCipherSuiteForVersion,
            ) => params(
                "cipher suite",
                "the peer chose a cipher suite that was not offered".into(),
            ),
            E::PeerMisbehaved(PM::SelectedUnofferedKxGroup) => params(
                "key exchange group",
                "the peer chose a group that was not offered".into(),
            ),
            E::PeerIncompatible(PI::NoKxGroupsInCommon) => params(
                "key exchange group",
                "none of the offered groups is acceptable to the peer".into(),
            ),
            E::PeerIncompatible(PI::NoSignatureSchemesInCommon) => params(
                "signature scheme",
                "none of the offered signature schemes is acceptable".into(),
            ),
            E::PeerIncompatible(PI::NoCipherSuitesInCommon) => params(
                "cipher suite",
                "none of the offered cipher suites is acceptable".into(),
            ),
            E::InvalidMessage(m) => ConnectError::Tls {
                target,
                reason: format!("the peer sent a malformed TLS message ({m:?})"),
            },
            other => ConnectError::Tls {
                target,
                reason: other.to_string(),
            },
        }
    }

    /// The version in the peer's ServerHello, read from the first bytes it sent.
    fn preview_version(&self) -> Option<String> {
        // record header (5) + handshake header (4) + legacy_version (2)
        let p = &self.preview;
        (p.len() >= 11 && p[0] == 22 && p[5] == 2).then(|| {
            version_name(rustls::ProtocolVersion::from(u16::from_be_bytes([
                p[9], p[10],
            ])))
        })
    }
}

/// Quote the first line of what a peer sent when it is text, else show its bytes in hex.
fn describe_bytes(b: &[u8]) -> String {
    let line_end = b
        .iter()
        .position(|&c| c == b'\r' || c == b'\n')
        .unwrap_or(b.len());
    let line = &b[..line_end];
    if !line.is_empty()
        && line
            .iter()
            .all(|&c| (0x20..0x7f).contains(&c) || c == b'\t')
    {
        let text = String::from_utf8_lossy(line);
        let cut = if text.chars().count() > 48 {
            format!("{}…", text.chars().take(48).collect::<String>())
        } else {
            text.into_owned()
        };
        format!("'{cut}'")
    } else {
        let hex: String = b.iter().take(16).map(|c| format!("{c:02x}")).collect();
        format!("bytes 0x{hex}{}", if b.len() > 16 { "…" } else { "" })
    }
}

// ---------------------------------------------------------------- STARTTLS

struct Plain<'a> {
    sock: &'a mut TcpStream,
    buf: Vec<u8>,
    deadline: Instant,
    limit: Duration,
    target: &'a str,
    proto: Starttls,
}

impl Plain<'_> {
    fn fail(&self, reason: impl Into<String>) -> ConnectError {
        ConnectError::Starttls {
            target: self.target.into(),
            protocol: self.proto.name().into(),
            reason: reason.into(),
        }
    }

    fn io(&self, e: &io::Error) -> ConnectError {
        match e.kind() {
            io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => self.timeout(),
            _ => self.fail(e.to_string()),
        }
    }

    fn timeout(&self) -> ConnectError {
        ConnectError::Timeout {
            target: self.target.into(),
            phase: format!("STARTTLS ({})", self.proto.name()),
            limit: self.limit,
            detail: None,
        }
    }

    fn arm(&mut self) -> Result<(), ConnectError> {
        let remaining = self
            .deadline
            .checked_duration_since(Instant::now())
            .filter(|d| !d.is_zero())
            .ok_or_else(|| self.timeout())?;
        self.sock
            .set_read_timeout(Some(remaining))
            .map_err(|e| self.io(&e))?;
        self.sock
            .set_write_timeout(Some(remaining))
            .map_err(|e| self.io(&e))
    }

    fn send(&mut self, bytes: &[u8]) -> Result<(), ConnectError> {
        self.arm()?;
        self.sock.write_all(bytes).map_err(|e| self.io(&e))
    }

    /// One byte, without reading ahead (the TLS handshake follows directly).
    fn byte(&mut self) -> Result<u8, ConnectError> {
        self.arm()?;
        let mut b = [0u8; 1];
        loop {
            match self.sock.read(&mut b) {
                Ok(0) => return Err(self.fail("the server closed the connection")),
                Ok(_) => return Ok(b[0]),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(self.io(&e)),
            }
        }
    }

    /// One CRLF-terminated line, read byte by byte so nothing after it is consumed.
    fn line(&mut self) -> Result<String, ConnectError> {
        self.buf.clear();
        loop {
            let b = self.byte()?;
            if b == b'\n' {
                break;
            }
            self.buf.push(b);
            if self.buf.len() > MAX_STARTTLS_LINE {
                return Err(self.fail(format!("a line longer than {MAX_STARTTLS_LINE} bytes")));
            }
        }
        if self.buf.last() == Some(&b'\r') {
            self.buf.pop();
        }
        Ok(String::from_utf8_lossy(&self.buf).into_owned())
    }

    /// An SMTP reply (RFC 5321 4.2): lines `NNN-text` ending with `NNN text`.
    fn smtp_reply(&mut self) -> Result<(u16, Vec<String>), ConnectError> {
        let mut lines = Vec::new();
        for _ in 0..MAX_STARTTLS_LINES {
            let l = self.line()?;
            let code = l
                .get(..3)
                .and_then(|c| c.parse::<u16>().ok())
                .ok_or_else(|| {
                    self.fail(format!(
                        "not an SMTP reply: {}",
                        describe_bytes(l.as_bytes())
                    ))
                })?;
            let last = l.as_bytes().get(3) != Some(&b'-');
            lines.push(l);
            if last {
                return Ok((code, lines));
            }
        }
        Err(self.fail(format!("more than {MAX_STARTTLS_LINES} reply lines")))
    }
}

fn starttls(
    sock: &mut TcpStream,
    proto: Starttls,
    name: &str,
    deadline: Instant,
    limit: Duration,
    trace: &mut Tracer<'_>,
) -> Result<(), ConnectError> {
    let mut p = Plain {
        sock,
        buf: Vec::new(),
        deadline,
        limit,
        target: name,
        proto,
    };
    match proto {
        Starttls::Smtp => {
            let (code, lines) = p.smtp_reply()?;
            trace.now(format!("SMTP greeting: {}", lines[0]));
            if code != 220 {
                return Err(p.fail(format!("the greeting is not 220: {}", lines.join(" / "))));
            }
            // RFC 5321 4.1.1.1: the EHLO argument names the client; certchain has no
            // name of its own to give, so it uses a reserved one (RFC 2606).
            p.send(b"EHLO certchain.invalid\r\n")?;
            trace.now("sent EHLO certchain.invalid".into());
            let (code, lines) = p.smtp_reply()?;
            if code != 250 {
                return Err(p.fail(format!("EHLO refused: {}", lines.join(" / "))));
            }
            if !lines.iter().any(|l| {
                l.get(4..)
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("STARTTLS"))
            }) {
                trace.now("the EHLO reply does not list STARTTLS; trying anyway".into());
            }
            p.send(b"STARTTLS\r\n")?;
            trace.now("sent STARTTLS".into());
            let (code, lines) = p.smtp_reply()?;
            trace.now(format!("SMTP reply: {}", lines.join(" / ")));
            if code != 220 {
                return Err(p.fail(format!("STARTTLS refused: {}", lines.join(" / "))));
            }
        }
        Starttls::Imap => {
            let greeting = p.line()?;
            trace.now(format!("IMAP greeting: {greeting}"));
            if !greeting.starts_with("* OK") {
                return Err(p.fail(format!(
                    "the greeting is not '* OK': {}",
                    describe_bytes(greeting.as_bytes())
                )));
            }
            p.send(b"a1 STARTTLS\r\n")?;
            trace.now("sent a1 STARTTLS".into());
            for _ in 0..MAX_STARTTLS_LINES {
                let l = p.line()?;
                if let Some(rest) = l.strip_prefix("a1 ") {
                    trace.now(format!("IMAP reply: {l}"));
                    if rest.starts_with("OK") {
                        return Ok(());
                    }
                    return Err(p.fail(format!("STARTTLS refused: {l}")));
                }
            }
            return Err(p.fail(format!("no tagged reply in {MAX_STARTTLS_LINES} lines")));
        }
        Starttls::Postgres => {
            // SSLRequest: length 8, code 80877103 (PostgreSQL protocol 55.2.10).
            let mut req = Vec::with_capacity(8);
            req.extend_from_slice(&8u32.to_be_bytes());
            req.extend_from_slice(&80_877_103u32.to_be_bytes());
            p.send(&req)?;
            trace.now("sent SSLRequest".into());
            match p.byte()? {
                b'S' => trace.now("the server accepted SSLRequest ('S')".into()),
                b'N' => return Err(p.fail(
                    "the server does not accept TLS connections (it answered 'N' to SSLRequest)",
                )),
                b'E' => return Err(p.fail("the server answered SSLRequest with an error message")),
                other => {
                    return Err(p.fail(format!("unexpected answer to SSLRequest: 0x{other:02x}")))
                }
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------- rendering

/// The connection block of `certchain connect`: address, timings, negotiated
/// parameters and the presented chain; `color` makes the headings bold (ANSI).
pub fn render_connection(c: &Capture, color: bool) -> String {
    let bold = |s: &str| {
        if color {
            format!("\x1b[1m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };
    let mut out = String::new();
    let via = match (&c.starttls, &c.sni) {
        (Some(p), _) => format!(" after STARTTLS ({})", p.name()),
        _ => String::new(),
    };
    let _ = writeln!(
        out,
        "{}",
        bold(&format!("Connected to {} ({}){via}", c.address, c.target))
    );
    let _ = writeln!(
        out,
        "SNI:        {}",
        c.sni.as_deref().unwrap_or("(none sent)")
    );
    let t = &c.timings;
    let starttls = t
        .starttls_ms
        .map(|v| format!(", STARTTLS {v:.1} ms"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "Timings:    name resolution {:.1} ms, TCP connect {:.1} ms{starttls}, TLS handshake {:.1} ms, total {:.1} ms",
        t.resolve_ms, t.connect_ms, t.handshake_ms, t.total_ms
    );
    let _ = writeln!(out, "Protocol:   {}", c.version);
    let _ = writeln!(out, "Cipher:     {}", c.cipher_suite);
    let _ = writeln!(
        out,
        "Key group:  {}",
        c.kx_group.as_deref().unwrap_or("unknown")
    );
    let _ = writeln!(
        out,
        "ALPN:       {}",
        c.alpn.as_deref().unwrap_or("(none selected)")
    );
    let n = c.presented.len();
    let bytes: usize = c.presented.iter().map(|p| p.cert.der.len()).sum();
    let _ = writeln!(
        out,
        "{}",
        bold(&format!(
            "Presented chain: {n} certificate{} ({bytes} bytes), in the order sent:",
            if n == 1 { "" } else { "s" }
        ))
    );
    for (i, p) in c.presented.iter().enumerate() {
        let subject = if p.cert.subject.text.is_empty() {
            "(empty subject)"
        } else {
            &p.cert.subject.text
        };
        let issuer = if p.cert.issuer.text.is_empty() {
            "(empty issuer)"
        } else {
            &p.cert.issuer.text
        };
        let _ = writeln!(out, "  #{} {:>5} bytes  {subject}", i + 1, p.cert.der.len());
        let _ = writeln!(out, "     issued by    {issuer}");
    }
    out
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

    #[test]
    fn tracks_records() {
        let mut t = RecordTracker::default();
        // A handshake record holding a ServerHello header and 2 body bytes, split in two.
        let rec = [22, 3, 3, 0, 6, 2, 0, 0, 2, 3, 3];
        assert_eq!(t.feed(&rec[..3]), "3 B of a record still arriving");
        assert_eq!(t.feed(&rec[3..]), "ServerHello (2 B)");
        assert_eq!(
            t.feed(&[20, 3, 3, 0, 1, 1, 23, 3, 3, 0, 2, 0, 0, 23, 3, 3, 0, 1, 0]),
            "change_cipher_spec, 2 encrypted records (3 B)"
        );
        let mut t = RecordTracker::default();
        assert_eq!(
            t.feed(&[21, 3, 3, 0, 2, 2, 40]),
            "alert (fatal handshake_failure)"
        );
    }

    #[test]
    fn describes_non_tls() {
        assert_eq!(
            describe_bytes(b"HTTP/1.1 400 Bad Request\r\n\r\n"),
            "'HTTP/1.1 400 Bad Request'"
        );
        assert_eq!(describe_bytes(&[0, 1, 0xff]), "bytes 0x0001ff");
    }
}
