//! The TLS handshake driver: feeds the socket to rustls until the handshake completes
//! or the deadline passes, traces each record, and turns rustls errors into
//! [`ConnectError`]s that say what the peer did.

use super::error::ConnectError;
use super::recorder::Recorder;
use super::tls_names::{alert_hint, alert_name, group_name, suite_name, version_name};
use super::trace::{RecordTracker, Tracer};
use rustls::ClientConnection;
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

/// Read buffer for the handshake. A TLS record is at most 2^14 + 2048 bytes of
/// ciphertext plus a 5-byte header (RFC 5246 6.2.3), so one read holds a whole record.
const READ_CHUNK: usize = 18_437;

/// Bytes of the peer's first answer kept to show what a non-TLS peer said.
const PREVIEW_BYTES: usize = 64;

pub(super) struct Handshake<'a, 't> {
    pub(super) sock: &'a mut TcpStream,
    pub(super) conn: &'a mut ClientConnection,
    pub(super) recorder: &'a Recorder,
    pub(super) trace: &'a mut Tracer<'t>,
    pub(super) target: &'a str,
    pub(super) address: SocketAddr,
    pub(super) sni: Option<&'a str>,
    pub(super) deadline: Instant,
    pub(super) limit: Duration,
    pub(super) received: usize,
    pub(super) preview: Vec<u8>,
    pub(super) rx: RecordTracker,
    pub(super) tx: RecordTracker,
    pub(super) negotiated_seen: bool,
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

    pub(super) fn run(&mut self) -> Result<(), ConnectError> {
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
            // `Read::read` returns at most the buffer's length.
            let got = buf.get(..n).unwrap_or_default();
            self.check_tls(got)?;
            self.received = self.received.saturating_add(n);
            let desc = self.rx.feed(got);
            self.trace.now(format!("received {n} B: {desc}"));
            let mut rd = got;
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
        let room = PREVIEW_BYTES.saturating_sub(self.preview.len());
        self.preview.extend(bytes.iter().take(room));
        let ok = match self.preview.as_slice() {
            [] => true,
            [content_type, rest @ ..] => {
                (20..=24).contains(content_type) && rest.first().is_none_or(|&b| b == 3)
            }
        };
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
        match self.preview.as_slice() {
            [22, _, _, _, _, 2, _, _, _, hi, lo, ..] => Some(version_name(
                rustls::ProtocolVersion::from(u16::from_be_bytes([*hi, *lo])),
            )),
            _ => None,
        }
    }
}

/// Quote the first line of what a peer sent when it is text, else show its bytes in hex.
pub(super) fn describe_bytes(b: &[u8]) -> String {
    let line = b.split(|&c| c == b'\r' || c == b'\n').next().unwrap_or(b);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_non_tls() {
        assert_eq!(
            describe_bytes(b"HTTP/1.1 400 Bad Request\r\n\r\n"),
            "'HTTP/1.1 400 Bad Request'"
        );
        assert_eq!(describe_bytes(&[0, 1, 0xff]), "bytes 0x0001ff");
    }
}
