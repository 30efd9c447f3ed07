//! Validity periods (RFC 5280 4.1.2.5, 6.1.3 (a)(2)).

use crate::cert::Certificate;
use crate::findings::{Code, Findings};
use chrono::DateTime;

/// Format seconds since the epoch as RFC 3339 (UTC).
pub fn rfc3339(t: i64) -> String {
    DateTime::from_timestamp(t, 0)
        .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_else(|| format!("{t} (out of range)"))
}

/// "12 days", "3 hours", "40 seconds".
pub fn span(seconds: i64) -> String {
    let s = seconds.unsigned_abs();
    let (n, unit) = if s >= 2 * 86_400 {
        (s / 86_400, "day")
    } else if s >= 2 * 3600 {
        (s / 3600, "hour")
    } else if s >= 2 * 60 {
        (s / 60, "minute")
    } else {
        (s, "second")
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

// RFC 5280 4.1.2.5: the validity period is the interval from notBefore through notAfter,
// both inclusive; 6.1.3 (a)(2): the certificate must be valid at the check time.
/// Expired or not yet valid, on every certificate of the path (the anchor too).
pub fn check_period(cert: &Certificate, depth: usize, now: i64, out: &mut Findings) {
    if now < cert.not_before {
        out.push(
            depth,
            Code::NotYetValid,
            "RFC 5280 4.1.2.5",
            format!(
                "not valid before {} ({} after the check time)",
                rfc3339(cert.not_before),
                span(cert.not_before - now)
            ),
        );
    }
    if now > cert.not_after {
        out.push(
            depth,
            Code::Expired,
            "RFC 5280 4.1.2.5",
            format!(
                "expired {} ({} before the check time)",
                rfc3339(cert.not_after),
                span(now - cert.not_after)
            ),
        );
    }
}
