//! Names for what TLS puts on the wire: handshake messages, alerts (with what an alert
//! usually means), protocol versions, cipher suites and key exchange groups.

/// RFC 8446 4 / RFC 5246 7.4 handshake message names.
pub(super) fn handshake_name(t: u8) -> &'static str {
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
pub(super) fn alert_hint(code: u8, sni: Option<&str>) -> Option<String> {
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

pub(super) fn version_name(v: rustls::ProtocolVersion) -> String {
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
pub(super) fn suite_name(s: rustls::CipherSuite) -> String {
    match s.as_str() {
        Some(n) => n
            .strip_prefix("TLS13_")
            .map(|r| format!("TLS_{r}"))
            .unwrap_or_else(|| n.to_string()),
        None => format!("0x{:04x}", u16::from(s)),
    }
}

pub(super) fn group_name(g: rustls::NamedGroup) -> String {
    g.as_str()
        .map(str::to_string)
        .unwrap_or_else(|| format!("0x{:04x}", u16::from(g)))
}
