//! Expiry warnings: certificates of the chosen path that are still valid but expire
//! within the policy's threshold. A warning, never a change of verdict.

use super::validity::{self, rfc3339};
use crate::model::Certificate;
use crate::report::details::Details;
use crate::report::finding::{Code, Finding};

/// expiring_soon for each certificate of `path` (leaf first) that is still valid but
/// expires within `days`; the message of the first to expire says so.
pub(crate) fn expiring_soon(path: &[&Certificate], now: i64, days: u32) -> Vec<Finding> {
    let limit = now.saturating_add(i64::from(days).saturating_mul(validity::SECONDS_PER_DAY));
    let mut soon: Vec<(usize, &Certificate)> = path
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, c)| c.not_after >= now && c.not_after <= limit)
        .collect();
    soon.sort_by_key(|(_, c)| c.not_after);
    soon.iter()
        .enumerate()
        .map(|(i, &(depth, c))| {
            Finding::at(
                depth,
                Code::ExpiringSoon,
                "",
                Details::ExpiringSoon {
                    not_after: rfc3339(c.not_after),
                    not_after_unix: c.not_after,
                    checked_at_unix: now,
                    days_left: c.not_after.saturating_sub(now) / validity::SECONDS_PER_DAY,
                    threshold_days: days,
                    first_to_expire: i == 0,
                },
            )
        })
        .collect()
}
