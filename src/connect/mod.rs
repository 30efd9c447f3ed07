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

mod capture;
mod error;
mod handshake;
mod options;
mod recorder;
mod render;
mod starttls;
mod target;
mod tcp;
mod tls_names;
mod trace;

pub use capture::{Capture, Timings, TraceEvent};
pub use error::{ConnectError, FailureKind};
pub use options::{ConnectOptions, Sni, Starttls, DEFAULT_ALPN, DEFAULT_TIMEOUT};
pub use render::render_connection;

pub use target::{Target, DEFAULT_PORT};
pub use tls_names::alert_name;

use crate::input::{Source, SourceKind, SourcedCert};
use crate::model::Certificate;
use capture::ms_between;
use handshake::Handshake;
use options::server_name;
use recorder::Recorder;
use rustls::pki_types::ServerName;
use rustls::{ClientConfig, ClientConnection};
use starttls::starttls;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tcp::{resolve, tcp_connect};
use tls_names::{group_name, suite_name, version_name};
use trace::{RecordTracker, Tracer};

/// What the connection trace says of bytes received from a server, fed in these chunks
/// (one line per chunk, as `connect --trace` prints them): the TLS record layer and the
/// handshake messages sent in the clear. For the fuzz target `tls_records` (fuzz/); not
/// part of the stable API.
///
/// ```
/// let lines = certchain::connect::describe_records(&[&[21, 3, 3, 0, 2, 2, 40]]);
/// assert_eq!(lines, ["alert (fatal handshake_failure)"]);
/// ```
#[doc(hidden)]
pub fn describe_records(chunks: &[&[u8]]) -> Vec<String> {
    let mut tracker = RecordTracker::default();
    chunks.iter().map(|c| tracker.feed(c)).collect()
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
    let name = target.to_string();
    // `Instant + Duration` panics past the clock's range: a library caller's timeout
    // (the CLI bounds its own) is refused instead.
    let Some(deadline) = start.checked_add(opts.timeout) else {
        return Err(ConnectError::InvalidTimeout {
            target: name,
            timeout: opts.timeout,
        });
    };
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

    let (ders, staple) = recorder
        .seen
        .lock()
        .map(|s| (s.chain.clone().unwrap_or_default(), s.staple.clone()))
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
                position: i.saturating_add(1),
                reason: e.0,
            })?;
            Ok(SourcedCert {
                cert: Arc::new(cert),
                source: Source {
                    kind: SourceKind::Presented,
                    name: name.clone(),
                    position: Some(i.saturating_add(1)),
                },
            })
        })
        .collect::<Result<Vec<_>, ConnectError>>()?;

    Ok(Capture {
        stapled_ocsp: staple,
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

#[cfg(test)]
mod tests {
    use super::*;

    /// `Instant + Duration::MAX` panicked before any connection was tried; a timeout the
    /// clock cannot hold is now a usage error (no network: it fails first).
    #[test]
    fn a_timeout_past_the_clock_is_refused_not_a_panic() {
        let target: Target = "127.0.0.1:9".parse().unwrap();
        let opts = ConnectOptions {
            timeout: std::time::Duration::MAX,
            ..ConnectOptions::default()
        };
        let e = fetch_chain(&target, &opts).unwrap_err();
        assert!(matches!(e, ConnectError::InvalidTimeout { .. }), "{e}");
        assert_eq!(e.kind(), FailureKind::Usage);
        assert!(
            e.to_string().starts_with("127.0.0.1:9: a timeout of "),
            "{e}"
        );
    }
}
