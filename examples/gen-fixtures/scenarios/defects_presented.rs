//! Defects found by outside testing: revocation coverage and the presented chain.

use crate::gen::{Gen, Scenario};
use crate::templates::rsa_path;

/// Defects found by outside testing against pyca/cryptography and openssl: revocation
/// coverage (`--require-revocation`, openssl's -crl_check / -crl_check_all), a bundle
/// written in reverse, and many copies of one certificate.
pub(crate) fn all(g: &mut Gen) {
    // ---------------------------------------------------------------- revocation coverage
    for (name, scope, findings, description) in [
        (
            "crl-other-issuer-required-leaf",
            "leaf",
            &[
                (Some(0), "revocation_required"),
                (Some(1), "revocation_unknown"),
            ][..],
            "the only CRL given is from an unrelated CA, and revocation is required for the leaf \
            (--require-revocation leaf, openssl -crl_check): no CRL covers the leaf, an error; the \
            intermediate is not covered either, a warning",
        ),
        (
            "crl-other-issuer-required-all",
            "all",
            &[
                (Some(0), "revocation_required"),
                (Some(1), "revocation_required"),
            ][..],
            "the only CRL given is from an unrelated CA, and revocation is required for every \
            certificate (--require-revocation all, openssl -crl_check_all): neither the leaf nor \
            the intermediate is covered, two errors; the anchor is never checked",
        ),
    ] {
        g.begin(name);
        let c = g.path(rsa_path());
        let unrelated = g.unrelated_root();
        let crl = g.crl(
            "other.crl.pem",
            &unrelated,
            &[&c.leaf],
            (2026, 7, 1),
            "lists the leaf's serial number, but did not issue the leaf",
        );
        g.done(Scenario {
            crls: vec![crl],
            require_revocation: Some(scope),
            ..c.scenario(description, findings)
        });
    }

    for (name, scope, findings, description) in [
        (
            "crl-leaf-covered-required-leaf",
            "leaf",
            &[(Some(1), "revocation_unknown")][..],
            "the intermediate's CRL (listing another certificate) covers the leaf, as \
            --require-revocation leaf requires: valid; no CRL from the root covers the \
            intermediate, a warning",
        ),
        (
            "crl-leaf-covered-required-all",
            "all",
            &[(Some(1), "revocation_required")][..],
            "the intermediate's CRL covers the leaf, but --require-revocation all also needs a \
            CRL from the root for the intermediate, and none was given: an error at the \
            intermediate",
        ),
    ] {
        g.begin(name);
        let c = g.path(rsa_path());
        let crl = g.crl_revoking_another(&c.int, (2026, 7, 1));
        g.done(Scenario {
            crls: vec![crl],
            require_revocation: Some(scope),
            ..c.scenario(description, findings)
        });
    }

    g.begin("crl-all-covered-required-all");
    let c = g.path(rsa_path());
    let int_crl = g.crl_revoking_another(&c.int, (2026, 7, 1));
    let root_crl = g.crl(
        "root.crl.pem",
        &c.root,
        &[],
        (2026, 7, 1),
        "revokes nothing",
    );
    g.done(Scenario {
        crls: vec![int_crl, root_crl],
        require_revocation: Some("all"),
        ..c.scenario(
            "--require-revocation all with the intermediate's CRL (covering the leaf) and the \
            root's empty CRL (covering the intermediate): every certificate below the anchor is \
            covered and none is listed: valid",
            &[],
        )
    });

    // ---------------------------------------------------------------- presented chain
    g.begin("reversed-bundle");
    let c = g.path(rsa_path());
    g.done(Scenario::new(
        "the bundle is written in reverse: the intermediate first, then the leaf. The \
        intermediate is verified as the leaf (it names no host, has no serverAuth and no SAN, is a \
        CA) and a chain_out_of_order warning says certificate #1 is a CA and the end-entity \
        certificate is #2",
        &[
            (Some(0), "name_mismatch"),
            (Some(0), "eku_mismatch"),
            (Some(0), "ca_used_as_leaf"),
            (Some(0), "profile_violation"),
            (Some(0), "cn_not_in_san"),
            (None, "unused_certificate"),
            (None, "chain_out_of_order"),
        ],
        vec![c.int, c.leaf],
        vec![c.root],
    ));

    g.begin("duplicate-intermediate-many");
    let c = g.path(rsa_path());
    g.done(Scenario::new(
        "the intermediate is sent five times: valid, with one duplicate_certificate warning \
        giving the count and the positions (#2-#6), not one per copy",
        &[(None, "duplicate_certificate")],
        vec![
            c.leaf,
            c.int.clone(),
            c.int.clone(),
            c.int.clone(),
            c.int.clone(),
            c.int,
        ],
        vec![c.root],
    ));
}
