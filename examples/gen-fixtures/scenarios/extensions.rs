//! Extensions: unknown critical ones, key identifiers, AIA and the per-role extension table.

use crate::der::{der, edit_extensions, oid, remove_extension, set_critical};
use crate::gen::Gen;
use crate::oids::{OID_AD_CA_ISSUERS, OID_AIA, OID_AKI, OID_SAN, OID_SKI};
use crate::templates::{critical_ext, leaf_dn, rsa_path, unknown_critical_ext};

/// Unknown critical extensions.
pub(crate) fn basics(g: &mut Gen) {
    g.begin("unknown-critical-extension");
    let c = g.path(rsa_path().leaf(|p| p.custom_extensions = vec![unknown_critical_ext()]));
    g.done(c.scenario(
        "the leaf carries a critical private extension 1.3.6.1.4.1.55738.666.1 that no verifier \
        knows (RFC 5280 4.2)",
        &[(Some(0), "unknown_critical_extension")],
    ));
}

/// Key identifiers and AIA (RFC 5280 4.2.1.1, 4.2.1.2, 4.2.2.1).
pub(crate) fn key_identifiers(g: &mut Gen) {
    g.begin("leaf-missing-aki");
    let c = g
        .path(rsa_path())
        .patch_leaf(g, |f| remove_extension(f, OID_AKI));
    g.done(c.scenario(
        "the leaf has no authorityKeyIdentifier; RFC 5280 4.2.1.1: it MUST be present in every \
        certificate that is not self-signed",
        &[(Some(0), "profile_violation")],
    ));

    g.begin("intermediate-missing-ski");
    let c = g
        .path(rsa_path())
        .patch_int(g, |f| remove_extension(f, OID_SKI));
    g.done(c.scenario(
        "the intermediate has no subjectKeyIdentifier; RFC 5280 4.2.1.2: it MUST appear in CA \
        certificates (the leaf's authorityKeyIdentifier still names the key)",
        &[(Some(1), "profile_violation")],
    ));

    g.begin("aki-critical");
    let c = g
        .path(rsa_path())
        .patch_leaf(g, |f| set_critical(f, OID_AKI, true));
    g.done(c.scenario(
        "the leaf's authorityKeyIdentifier is marked critical; RFC 5280 4.2.1.1: conforming CAs \
        MUST mark it non-critical",
        &[(Some(0), "profile_violation")],
    ));

    g.begin("aia-critical");
    let access = [
        oid(OID_AD_CA_ISSUERS),
        der(0x86, b"http://ca.example.com/int.der"),
    ]
    .concat();
    let aia = critical_ext(OID_AIA, der(0x30, &der(0x30, &access)));
    let c = g.path(rsa_path().leaf(|p| p.custom_extensions = vec![aia]));
    g.done(c.scenario(
        "the leaf's authorityInfoAccess (caIssuers http://ca.example.com/int.der) is marked \
        critical; RFC 5280 4.2.2.1: conforming CAs MUST mark it non-critical",
        &[(Some(0), "profile_violation")],
    ));
}

/// The per-role extension table: presence and criticality.
pub(crate) fn table(g: &mut Gen) {
    g.begin("duplicate-extension");
    let c = g.path(rsa_path()).patch_leaf(g, |f| {
        edit_extensions(f, 0xa3, |exts| {
            let i = exts.iter().position(|e| e.is(OID_SAN)).expect("SAN");
            let copy = exts[i].clone();
            exts.insert(i + 1, copy);
        })
    });
    g.done(c.scenario(
        "the leaf carries its subjectAltName (www.example.com) twice, byte for byte; RFC 5280 \
        4.2: a certificate MUST NOT include more than one instance of an extension",
        &[(Some(0), "malformed")],
    ));

    g.begin("san-critical-with-subject");
    let c = g
        .path(rsa_path())
        .patch_leaf(g, |f| set_critical(f, OID_SAN, true));
    g.done(c.scenario(
        "the leaf has the subject CN=www.example.com and a critical subjectAltName; CA/B BR \
        7.1.2.7.12: the SAN is critical only when the subject is empty",
        &[(Some(0), "profile_violation")],
    ));

    g.begin("empty-subject-san-not-critical");
    let c = g
        .path(rsa_path().leaf(|p| p.distinguished_name = leaf_dn(None)))
        .patch_leaf(g, |f| set_critical(f, OID_SAN, false));
    g.done(c.scenario(
        "the leaf's subject is empty and its subjectAltName is not critical; RFC 5280 4.2.1.6: \
        with an empty subject the SAN MUST be critical",
        &[(Some(0), "profile_violation")],
    ));
}
