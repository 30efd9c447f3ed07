//! What one connection yields: the [`Capture`] (address, negotiated parameters, the
//! presented chain), its [`Timings`] and the [`TraceEvent`]s observed on the way.

use super::options::Starttls;
use crate::input::SourcedCert;
use crate::model::ocsp::{OcspOrigin, OcspResponse};
use crate::model::time::rfc3339;
use serde::{Serialize, Serializer};
use std::fmt;
use std::net::SocketAddr;
use std::time::Instant;

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
    /// The OCSP response the server stapled (it is always asked for: status_request,
    /// RFC 6066 8), DER; in JSON its size and status (`stapled_ocsp`).
    #[serde(serialize_with = "staple_summary")]
    pub stapled_ocsp: Option<Vec<u8>>,
    /// The observed handshake steps, when [`ConnectOptions::trace`](super::ConnectOptions::trace) was set.
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
        position: i.saturating_add(1),
        size: c.cert.der.len(),
        subject: &c.cert.subject.text,
        issuer: &c.cert.issuer.text,
        sha256: &c.cert.sha256,
    }))
}

#[derive(Serialize)]
struct StapleEntry {
    bytes: usize,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    produced_at: Option<String>,
}

fn staple_summary<S: Serializer>(v: &Option<Vec<u8>>, s: S) -> Result<S::Ok, S::Error> {
    v.as_ref()
        .map(|der| {
            let r = OcspResponse::received("", OcspOrigin::Stapled, der, None, None);
            StapleEntry {
                bytes: der.len(),
                status: r.status(),
                produced_at: r.produced_at().map(rfc3339),
            }
        })
        .serialize(s)
}

impl Capture {
    /// The stapled OCSP response as a verification takes it
    /// ([`Policy::ocsp_responses`](crate::Policy::ocsp_responses)): about the leaf,
    /// from this server.
    pub fn staple(&self) -> Option<OcspResponse> {
        let der = self.stapled_ocsp.as_ref()?;
        let leaf = self.presented.first().map(|c| c.cert.sha256.as_str());
        Some(OcspResponse::received(
            &self.target,
            OcspOrigin::Stapled,
            der,
            leaf,
            None,
        ))
    }

    /// The presented chain as a PEM bundle, in the order sent.
    pub fn presented_pem(&self) -> String {
        self.presented.iter().map(|c| c.cert.to_pem()).collect()
    }
}

pub(super) fn ms_between(a: Instant, b: Instant) -> f64 {
    b.saturating_duration_since(a).as_secs_f64() * 1000.0
}
