//! Expiry warnings: certificates of the chosen path that are still valid but expire
//! within the policy's threshold. A warning, never a change of verdict.

use super::validity;
use crate::report::details::Details;
use crate::report::finding::{Code, Finding};
use crate::report::PathEntry;

/// expiring_soon for each path certificate that is still valid but expires within
/// `days`; the message of the first to expire says so.
pub(crate) fn expiring_soon(path: &[PathEntry], now: i64, days: u32) -> Vec<Finding> {
    let limit = now + i64::from(days) * 86_400;
    let mut soon: Vec<&PathEntry> = path
        .iter()
        .filter(|e| e.cert.not_after >= now && e.cert.not_after <= limit)
        .collect();
    soon.sort_by_key(|e| e.cert.not_after);
    soon.iter()
        .enumerate()
        .map(|(i, e)| {
            Finding::at(
                e.depth,
                Code::ExpiringSoon,
                "",
                Details::ExpiringSoon {
                    not_after: e.not_after.clone(),
                    not_after_unix: e.cert.not_after,
                    checked_at_unix: now,
                    days_left: (e.cert.not_after - now) / validity::SECONDS_PER_DAY,
                    threshold_days: days,
                    first_to_expire: i == 0,
                },
            )
        })
        .collect()
}
