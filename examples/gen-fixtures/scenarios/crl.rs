//! Revocation: CRLs (RFC 5280 5, 6.3).

use crate::der::edit_extensions;
use crate::gen::{Gen, Scenario};
use crate::oids::OID_CRL_NUMBER;
use crate::templates::rsa_path;
use rcgen::KeyUsagePurpose;

/// One scenario per CRL rule (RFC 5280 5, 6.3).
pub(crate) fn rules(g: &mut Gen) {
    g.begin("crl-revoked");
    let c = g.path(rsa_path());
    let crl = g.crl(
        "int.crl.pem",
        &c.int,
        &[&c.leaf],
        (2026, 7, 1),
        "revokes the leaf",
    );
    g.done(Scenario {
        crls: vec![crl],
        ..c.scenario(
            "a valid CRL from the intermediate (thisUpdate 2026-05-01, nextUpdate 2026-07-01, \
            cRLNumber 1) lists the leaf's serial number as revoked (RFC 5280 6.3.3 (i)); no CRL \
            from the root covers the intermediate",
            &[(Some(0), "revoked"), (Some(1), "revocation_unknown")],
        )
    });

    g.begin("crl-not-revoked");
    let c = g.path(rsa_path());
    let crl = g.crl_revoking_another(&c.int, (2026, 7, 1));
    g.done(Scenario {
        crls: vec![crl],
        ..c.scenario(
            "a valid CRL from the intermediate lists another certificate's serial number, not the \
            leaf's: valid; no CRL from the root covers the intermediate, a warning",
            &[(Some(1), "revocation_unknown")],
        )
    });

    for (name, description) in [
        (
            "crl-missing-crl-number",
            "the intermediate's CRL (listing another certificate, not the leaf) has no cRLNumber \
            extension, which RFC 5280 5.2.3 requires in every CRL: it cannot be used",
        ),
        (
            "crl-issuer-lacks-crlsign",
            "the intermediate's keyUsage is keyCertSign only, without cRLSign, yet it signed the \
            CRL (listing another certificate): RFC 5280 6.3.3 (f), the CRL cannot be used",
        ),
        (
            "crl-stale",
            "the intermediate's CRL (listing another certificate) has nextUpdate 2026-05-15, \
            before the check time: stale (RFC 5280 6.3.3 (a)), it cannot be used",
        ),
    ] {
        g.begin(name);
        let c = g.path(rsa_path().int(|p| {
            if name == "crl-issuer-lacks-crlsign" {
                p.key_usages = vec![KeyUsagePurpose::KeyCertSign];
            }
        }));
        let next = if name == "crl-stale" {
            (2026, 5, 15)
        } else {
            (2026, 7, 1)
        };
        let mut crl = g.crl_revoking_another(&c.int, next);
        if name == "crl-missing-crl-number" {
            crl.der = g.repatch(&crl.der, c.int.key, |f| {
                edit_extensions(f, 0xa0, |exts| {
                    let before = exts.len();
                    exts.retain(|e| !e.is(OID_CRL_NUMBER));
                    assert_eq!(exts.len() + 1, before, "cRLNumber");
                })
            });
            crl.comment.push_str("; cRLNumber removed");
        }
        g.done(Scenario {
            crls: vec![crl],
            ..c.scenario(
                description,
                &[
                    (Some(0), "crl_invalid"),
                    (Some(0), "revocation_unknown"),
                    (Some(1), "revocation_unknown"),
                ],
            )
        });
    }

    g.begin("crl-other-issuer");
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
        ..c.scenario(
            "a valid CRL from an unrelated CA lists the leaf's serial number; only the leaf's \
            issuer can revoke it (RFC 5280 6.3.3 (b)): valid, but no certificate's revocation was \
            checked (a warning for the leaf and the intermediate; openssl -crl_check: unable to \
            get certificate CRL)",
            &[
                (Some(0), "revocation_unknown"),
                (Some(1), "revocation_unknown"),
            ],
        )
    });
}
