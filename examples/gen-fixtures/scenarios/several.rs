//! Several problems in one path: every one is reported.

use crate::gen::{Gen, Scenario};
use crate::keys::RSA1024_LEAF;
use crate::templates::{client_auth, rsa_path, validity};

/// Several problems at once: each is reported.
pub(crate) fn all(g: &mut Gen) {
    g.begin("expired-and-wrong-host");
    let c = g.path(rsa_path().leaf(validity((2025, 3, 1), (2026, 3, 1))));
    g.done(Scenario {
        host: Some("mail.example.com"),
        ..c.scenario(
            "the leaf is expired and does not name the host: both are reported",
            &[(Some(0), "expired"), (Some(0), "name_mismatch")],
        )
    });

    g.begin("several-errors-one-cert");
    let c = g.path(rsa_path().leaf_key(RSA1024_LEAF).leaf(|p| {
        validity((2025, 3, 1), (2026, 3, 1))(p);
        client_auth(p);
    }));
    g.done(Scenario {
        host: Some("shop.example.net"),
        ..c.scenario(
            "one leaf, four errors: expired, an RSA-1024 key, EKU clientAuth only, and another \
            host's name",
            &[
                (Some(0), "expired"),
                (Some(0), "weak_key"),
                (Some(0), "eku_mismatch"),
                (Some(0), "name_mismatch"),
            ],
        )
    });
}
