//! Time as certchain writes it, shared by the checks (messages) and the renderers.

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

/// "expires in 3 days" / "expired 12 days ago" / "not valid for another 2 days": a
/// validity period seen from `now` (all in seconds since the epoch).
pub fn relative_validity(not_before: i64, not_after: i64, now: i64) -> String {
    if now < not_before {
        format!(
            "not valid for another {}",
            span(not_before.saturating_sub(now))
        )
    } else if now > not_after {
        format!("expired {} ago", span(now.saturating_sub(not_after)))
    } else {
        format!("expires in {}", span(not_after.saturating_sub(now)))
    }
}
