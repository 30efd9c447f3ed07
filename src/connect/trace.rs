//! Tracing: the [`Tracer`] that timestamps each observed step, and the record-layer
//! [`RecordTracker`] that names what crossed the wire.

use super::capture::{ms_between, TraceEvent};
use super::tls_names::{alert_name, handshake_name};
use std::time::Instant;

pub(super) struct Tracer<'a> {
    pub(super) start: Instant,
    pub(super) enabled: bool,
    pub(super) events: Vec<TraceEvent>,
    pub(super) sink: &'a mut dyn FnMut(&TraceEvent),
}

impl Tracer<'_> {
    pub(super) fn at(&mut self, when: Instant, event: String) {
        if self.enabled {
            let e = TraceEvent {
                at_ms: ms_between(self.start, when),
                event,
            };
            (self.sink)(&e);
            self.events.push(e);
        }
    }

    pub(super) fn now(&mut self, event: String) {
        self.at(Instant::now(), event);
    }
}

/// Follows the TLS record layer in one direction (RFC 8446 5.1, RFC 5246 6.2.1) to name
/// what crossed the wire: record types, and the handshake messages of records sent in
/// the clear. After a ChangeCipherSpec everything is encrypted and only sizes are shown.
#[derive(Default)]
pub(super) struct RecordTracker {
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
    pub(super) fn feed(&mut self, bytes: &[u8]) -> String {
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
        // A record header: type, 2 bytes of version, 2 bytes of length.
        while let Some(&[ct, _, _, len_hi, len_lo, ref rest @ ..]) = self.pending.get(off..) {
            let len = usize::from(u16::from_be_bytes([len_hi, len_lo]));
            if len > MAX_RECORD {
                self.lost = true;
                parts.push(format!(
                    "a record header claiming {len} bytes (not tracked further)"
                ));
                break;
            }
            let Some(body) = rest.get(..len) else {
                break;
            };
            let body = body.to_vec();
            // The body was there, so the sum is within `pending`; a sum past usize ends
            // the walk rather than wrapping the offset.
            let Some(next) = off.checked_add(5).and_then(|o| o.checked_add(len)) else {
                break;
            };
            off = next;
            let plain = !self.encrypted;
            match (ct, body.as_slice()) {
                (20, _) => {
                    flush_run(&mut parts, &mut encrypted_run);
                    parts.push("change_cipher_spec".into());
                    self.encrypted = true;
                }
                (21, &[level, description]) if plain => {
                    flush_run(&mut parts, &mut encrypted_run);
                    let level = if level == 2 { "fatal" } else { "warning" };
                    parts.push(format!("alert ({level} {})", alert_name(description)));
                }
                (22, _) if plain => {
                    flush_run(&mut parts, &mut encrypted_run);
                    self.hs.extend_from_slice(&body);
                    let names = self.handshake_messages();
                    parts.push(if names.is_empty() {
                        format!("handshake record ({len} B, a message continues)")
                    } else {
                        names.join(", ")
                    });
                }
                (21..=23, _) => {
                    encrypted_run.0 = encrypted_run.0.saturating_add(1);
                    encrypted_run.1 = encrypted_run.1.saturating_add(len);
                }
                (other, _) => {
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
        // A handshake message header: type, then a 3-byte length.
        while let &[kind, len_0, len_1, len_2, ref body @ ..] = self.hs.as_slice() {
            let len = (usize::from(len_0) << 16) | (usize::from(len_1) << 8) | usize::from(len_2);
            if len > MAX_TRACKED_MESSAGE {
                names.push(format!(
                    "{} ({len} B, not tracked further)",
                    handshake_name(kind)
                ));
                self.hs.clear();
                self.lost = true;
                break;
            }
            if body.len() < len {
                break;
            }
            // A ServerHello whose random (after the 2-byte version) is the special value
            // is a HelloRetryRequest.
            let name = if kind == 2 && len >= 34 && body.get(2..34) == Some(&HRR_RANDOM[..]) {
                "HelloRetryRequest"
            } else {
                handshake_name(kind)
            };
            names.push(format!("{name} ({len} B)"));
            // Header and body are both in `hs` (checked above); `min` keeps drain in range.
            let end = len.saturating_add(4).min(self.hs.len());
            self.hs.drain(..end);
        }
        names
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
