//! Validity periods (RFC 5280 4.1.2.5).

use crate::gen::{Gen, Scenario};
use crate::templates::{rsa_path, validity};
use rcgen::date_time_ymd;

/// Expired and not-yet-valid certificates, expiry warnings.
pub(crate) fn basics(g: &mut Gen) {
    g.begin("expired-leaf");
    let c = g.path(rsa_path().leaf(validity((2025, 3, 1), (2026, 3, 1))));
    g.done(c.scenario(
        "the leaf expired on 2026-03-01, three months before the check time",
        &[(Some(0), "expired")],
    ));

    g.begin("expired-intermediate");
    let c = g.path(
        rsa_path()
            .int(|p| p.not_after = date_time_ymd(2026, 3, 1))
            .leaf(validity((2025, 9, 1), (2026, 9, 1))),
    );
    g.done(c.scenario(
        "the intermediate expired on 2026-03-01; the leaf itself is within its validity",
        &[(Some(1), "expired")],
    ));

    g.begin("not-yet-valid-leaf");
    // 184 days: issued after 2026-03-15, so within CA/B BR 6.3.2's 200-day limit
    let c = g.path(rsa_path().leaf(validity((2026, 7, 1), (2027, 1, 1))));
    g.done(c.scenario(
        "the leaf is valid only from 2026-07-01, a month after the check time",
        &[(Some(0), "not_yet_valid")],
    ));

    g.begin("expiring-soon");
    let c = g.path(rsa_path().leaf(validity((2025, 6, 15), (2026, 6, 15))));
    g.done(Scenario {
        warn_days: Some(30),
        ..c.scenario(
            "valid, but the leaf expires on 2026-06-15, within the 30-day warning threshold",
            &[(Some(0), "expiring_soon")],
        )
    });
}
