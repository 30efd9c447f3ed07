//! The recording verifier: a rustls `ServerCertVerifier` that records the presented
//! chain and accepts it, so the chain is judged after the handshake, while the
//! handshake signature is still checked against the presented leaf's key.

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use std::sync::{Arc, Mutex};
use std::time::Instant;

#[derive(Debug, Default)]
pub(super) struct Seen {
    pub(super) chain: Option<Vec<Vec<u8>>>,
    /// The OCSP response the server stapled (status_request), if any.
    pub(super) staple: Option<Vec<u8>>,
    events: Vec<(Instant, String)>,
}

/// Records the presented chain and accepts it; checks the handshake signature properly.
#[derive(Debug)]
pub(super) struct Recorder {
    pub(super) provider: Arc<CryptoProvider>,
    pub(super) seen: Mutex<Seen>,
}

impl Recorder {
    fn note(&self, event: String) {
        if let Ok(mut s) = self.seen.lock() {
            s.events.push((Instant::now(), event));
        }
    }

    pub(super) fn drain(&self) -> Vec<(Instant, String)> {
        self.seen
            .lock()
            .map(|mut s| std::mem::take(&mut s.events))
            .unwrap_or_default()
    }

    fn signature(
        &self,
        what: &str,
        tls12: bool,
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
        r: Result<HandshakeSignatureValid, rustls::Error>,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        let scheme = format!(
            "signature scheme {}{}",
            scheme_name(dss.scheme),
            if tls12 { tls12_caveat(dss.scheme) } else { "" }
        );
        let key = crate::model::Certificate::from_der(cert.as_ref())
            .map(|c| format!(" ({})", c.key.describe()))
            .unwrap_or_default();
        match &r {
            Ok(_) => self.note(format!(
                "{what} signature ({scheme}) verified with the presented leaf's key{key}"
            )),
            Err(e) => self.note(format!(
                "{what} signature ({scheme}) does NOT verify with the presented leaf's key{key}: {e}"
            )),
        }
        r
    }
}

/// The IANA name of a signature scheme as rustls spells it (RFC 8446 4.2.3).
fn scheme_name(s: SignatureScheme) -> String {
    s.as_str()
        .map(str::to_string)
        .unwrap_or_else(|| format!("0x{:04x}", u16::from(s)))
}

/// RFC 8446 4.2.3: in TLS 1.2 an ECDSA scheme's name fixes only the hash, not the curve,
/// so a P-256 key may sign with ECDSA_NISTP384_SHA384. Say so, lest the name be read
/// as the key's curve.
fn tls12_caveat(s: SignatureScheme) -> &'static str {
    match s {
        SignatureScheme::ECDSA_NISTP256_SHA256 => {
            ", which in TLS 1.2 means ECDSA with SHA-256 on the key's own curve"
        }
        SignatureScheme::ECDSA_NISTP384_SHA384 => {
            ", which in TLS 1.2 means ECDSA with SHA-384 on the key's own curve"
        }
        SignatureScheme::ECDSA_NISTP521_SHA512 => {
            ", which in TLS 1.2 means ECDSA with SHA-512 on the key's own curve"
        }
        _ => "",
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
            s.staple = (!ocsp_response.is_empty()).then(|| ocsp_response.to_vec());
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
        self.signature("ServerKeyExchange", true, cert, dss, r)
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
        self.signature("CertificateVerify", false, cert, dss, r)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}
