//! Validity periods (RFC 5280 4.1.2.5, 6.1.3 (a)(2)).

pub(crate) use crate::model::time::rfc3339;
use crate::model::Certificate;
use crate::report::details::Details;
use crate::report::finding::{Code, Findings};

/// Seconds in a day, for the whole `days` of validity details.
pub const SECONDS_PER_DAY: i64 = 86_400;

// RFC 5280 4.1.2.5: the validity period is the interval from notBefore through notAfter,
// both inclusive; 6.1.3 (a)(2): the certificate must be valid at the check time.
/// Expired or not yet valid, on every certificate of the path (the anchor too).
pub fn check_period(cert: &Certificate, depth: usize, now: i64, out: &mut Findings) {
    if now < cert.not_before {
        out.push(
            depth,
            Code::NotYetValid,
            "RFC 5280 4.1.2.5",
            Details::NotYetValid {
                not_before: rfc3339(cert.not_before),
                not_before_unix: cert.not_before,
                checked_at: rfc3339(now),
                checked_at_unix: now,
                days: cert.not_before.saturating_sub(now) / SECONDS_PER_DAY,
            },
        );
    }
    if now > cert.not_after {
        out.push(
            depth,
            Code::Expired,
            "RFC 5280 4.1.2.5",
            Details::Expired {
                not_after: rfc3339(cert.not_after),
                not_after_unix: cert.not_after,
                checked_at: rfc3339(now),
                checked_at_unix: now,
                days: now.saturating_sub(cert.not_after) / SECONDS_PER_DAY,
            },
        );
    }
}
