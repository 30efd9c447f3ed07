//! The text block `certchain connect` prints about the connection.

use super::capture::Capture;
use std::fmt::Write as _;

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
    let _ = match c.staple() {
        Some(r) => writeln!(
            out,
            "OCSP:       stapled, {} bytes, {}{}",
            c.stapled_ocsp.as_ref().map_or(0, Vec::len),
            r.status(),
            r.produced_at()
                .map(|t| format!(", produced at {}", crate::model::time::rfc3339(t)))
                .unwrap_or_default()
        ),
        None => writeln!(out, "OCSP:       no response stapled"),
    };
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
        let _ = writeln!(
            out,
            "  #{} {:>5} bytes  {subject}",
            i.saturating_add(1),
            p.cert.der.len()
        );
        let _ = writeln!(out, "     issued by    {issuer}");
    }
    out
}
