//! Validity periods (RFC 5280 4.1.2.5, 6.1.3 (a)(2)).

pub(crate) use crate::model::time::{rfc3339, span};
use crate::model::Certificate;
use crate::report::finding::{Code, Findings};

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
