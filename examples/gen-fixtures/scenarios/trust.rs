//! Trust: anchors, missing issuers, cross-signed paths.

use crate::der::set_critical;
use crate::gen::{Gen, Scenario};
use crate::keys::{RSA_INT, RSA_ROOT, RSA_ROOT2};
use crate::oids::OID_BASIC_CONSTRAINTS;
use crate::templates::{ca_params, rsa_path, unknown_critical_ext, validity, with, WWW};
use rcgen::date_time_ymd;

/// Untrusted roots, missing intermediates, cross-signing.
pub(crate) fn basics(g: &mut Gen) {
    g.begin("issuer-not-found");
    let c = g.path(rsa_path());
    g.done(Scenario::new(
        "the server sends only its leaf; the intermediate is nowhere to be found",
        &[(Some(0), "issuer_not_found")],
        vec![c.leaf],
        vec![c.root],
    ));

    g.begin("untrusted-root");
    let c = g.path(rsa_path());
    let other = g.unrelated_root();
    g.done(Scenario::new(
        "the chain ends at a self-signed root that is not among the trust anchors (an unrelated \
        root is)",
        &[(Some(2), "untrusted_root")],
        vec![c.leaf, c.int, c.root],
        vec![other],
    ));

    g.begin("trust-intermediate-directly");
    let c = g.path(rsa_path());
    g.done(Scenario::new(
        "the intermediate itself is the only trust anchor: valid; since the server sends it, it \
        is flagged as a sent anchor",
        &[(None, "root_included")],
        vec![c.leaf, c.int.clone()],
        vec![c.int],
    ));

    g.begin("cross-signed-backtracking");
    let root_a = g.ca(
        "root-a",
        ca_params("Certchain Test Root CA A"),
        RSA_ROOT,
        None,
    );
    let root_b = g.ca(
        "root-b",
        ca_params("Certchain Test Root CA B"),
        RSA_ROOT2,
        None,
    );
    let int_params = ca_params("Certchain Test Intermediate CA");
    let expired = with(int_params.clone(), |p| {
        p.not_after = date_time_ymd(2026, 1, 1)
    });
    let int_by_a = g.ca("int-by-a", expired, RSA_INT, Some(&root_a));
    let int_by_b = g.ca("int-by-b", int_params, RSA_INT, Some(&root_b));
    let leaf = g.rsa_leaf(&int_by_b, WWW, |_| {});
    g.done(Scenario::new(
        "the intermediate comes twice (same name and key): an expired cross-sign from root A, \
        presented first, and a valid one from root B; both roots are trusted, so the builder must \
        back out of the expired path: valid through B",
        &[(None, "unused_certificate")],
        vec![leaf, int_by_a, int_by_b],
        vec![root_a, root_b],
    ));

    g.begin("cross-signed-root-expired");
    let root_a = g.ca(
        "root-a",
        ca_params("Certchain Test Old Root CA"),
        RSA_ROOT,
        None,
    );
    let new_root = ca_params("Certchain Test New Root CA");
    let root_b = g.ca("root-b", new_root.clone(), RSA_ROOT2, None);
    let expired = with(new_root, |p| p.not_after = date_time_ymd(2026, 1, 1));
    let root_b_cross = g.ca("root-b-cross", expired, RSA_ROOT2, Some(&root_a));
    let int_params = ca_params("Certchain Test Intermediate CA");
    let int = g.ca("int", int_params, RSA_INT, Some(&root_b));
    let leaf = g.rsa_leaf(&int, WWW, |_| {});
    g.done(Scenario::new(
        "the server still sends the new root cross-signed by the old root (expired, as in the \
        2021 Let's Encrypt chain); the client trusts the new root itself: valid, the cross-sign \
        unused",
        &[(None, "unused_certificate")],
        vec![leaf, int, root_b_cross],
        vec![root_a, root_b],
    ));
}

/// Trust anchors (RFC 5280 6.1.1).
pub(crate) fn anchors(g: &mut Gen) {
    g.begin("root-bc-not-critical");
    let c = g
        .path(rsa_path())
        .patch_root(g, |f| set_critical(f, OID_BASIC_CONSTRAINTS, false));
    g.done(c.scenario(
        "the self-signed root's basicConstraints (cA=TRUE) is not critical; RFC 5280 4.2.1.9: CA \
        certificates MUST mark it critical",
        &[(Some(2), "profile_violation")],
    ));

    g.begin("expired-root");
    let c = g.path(rsa_path().root(validity((2016, 3, 1), (2026, 3, 1))));
    g.done(c.scenario(
        "the trust anchor, a self-signed root, expired on 2026-03-01; its intermediate and the \
        leaf are within their validity",
        &[(Some(2), "expired")],
    ));

    g.begin("root-unknown-critical-extension");
    let c = g.path(rsa_path().root(|p| p.custom_extensions = vec![unknown_critical_ext()]));
    g.done(c.scenario(
        "the self-signed root carries the critical private extension 1.3.6.1.4.1.55738.666.1, \
        which no verifier knows (RFC 5280 4.2)",
        &[(Some(2), "unknown_critical_extension")],
    ));
}
