//! Profiles: the same certificates under the WebPKI (CA/B) and the RFC 5280 profile.

use crate::der::set_critical;
use crate::gen::{Gen, Scenario};
use crate::oids::OID_EKU;
use crate::templates::{leaf_cn, rsa_path};
use rcgen::{CertificateParams, ExtendedKeyUsagePurpose};

/// A private PKI's leaf under each profile, and the CA/B rules on extKeyUsage that the
/// RFC 5280 profile does not have (CA/B BR 7.1.2.7.10, 7.1.2.1.2).
pub(crate) fn private_pki(g: &mut Gen) {
    // A private PKI's leaf, as internal CAs often issue it: the CN is a label, not one of
    // the SAN names, and there is no extKeyUsage. Both break only CA/B Forum rules.
    let private_leaf = |p: &mut CertificateParams| {
        leaf_cn("Internal API Server")(p);
        p.extended_key_usages.clear();
    };
    g.begin("private-pki-webpki-profile");
    let c = g.path(rsa_path().leaf(private_leaf));
    g.done(c.scenario(
        "a private PKI's leaf whose CN \"Internal API Server\" is not a SAN value and which has \
        no extendedKeyUsage, under the default Web PKI profile: CA/B BR 7.1.2.7.10 rejects it; the \
        CN outside the SAN is a warning (CA/B BR 7.1.4.3)",
        &[(Some(0), "cn_not_in_san"), (Some(0), "eku_mismatch")],
    ));

    g.begin("private-pki-rfc5280-profile");
    let c = g.path(rsa_path().leaf(private_leaf));
    g.done(Scenario {
        profile: "rfc5280",
        ..c.scenario(
            "the same private-PKI leaf under --profile rfc5280: the CA/B Forum rules are off, RFC \
            5280 4.2.1.12 lets a leaf without extendedKeyUsage serve any purpose and the CN is not \
            used for names: valid, with the cn_not_in_san warning (every profile)",
            &[(Some(0), "cn_not_in_san")],
        )
    });

    g.begin("leaf-eku-critical");
    let c = g
        .path(rsa_path())
        .patch_leaf(g, |f| set_critical(f, OID_EKU, true));
    g.done(c.scenario(
        "the leaf's extendedKeyUsage (serverAuth) is marked critical, which CA/B BR 7.1.2.7.6 \
        forbids in a subscriber certificate",
        &[(Some(0), "profile_violation")],
    ));

    g.begin("leaf-eku-any");
    let c = g.path(rsa_path().leaf(|p| {
        p.extended_key_usages = vec![
            ExtendedKeyUsagePurpose::ServerAuth,
            ExtendedKeyUsagePurpose::Any,
        ];
    }));
    g.done(c.scenario(
        "the leaf's extendedKeyUsage lists serverAuth and anyExtendedKeyUsage; CA/B BR \
        7.1.2.7.10: anyExtendedKeyUsage MUST NOT be present",
        &[(Some(0), "eku_mismatch")],
    ));

    g.begin("root-with-eku");
    let c = g.path(
        rsa_path().root(|p| p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth]),
    );
    g.done(c.scenario(
        "the self-signed trust anchor carries extendedKeyUsage serverAuth; CA/B BR 7.1.2.1.2: a \
        root CA certificate MUST NOT have one",
        &[(Some(2), "profile_violation")],
    ));
}
