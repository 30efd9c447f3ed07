//! Purpose: extendedKeyUsage (RFC 5280 4.2.1.12, CA/B BR 7.1.2.7.10).

use crate::gen::{Gen, Scenario};
use crate::templates::{ca_dn, client_auth, rsa_path, rsa_path_for};

/// extendedKeyUsage against the purpose asked for.
pub(crate) fn basics(g: &mut Gen) {
    g.begin("eku-mismatch");
    let c = g.path(rsa_path().leaf(client_auth));
    g.done(c.scenario(
        "the leaf's extendedKeyUsage is clientAuth only; a server certificate is asked for",
        &[(Some(0), "eku_mismatch")],
    ));

    g.begin("client-cert");
    let c = g.path(rsa_path_for(&["alice@example.com"]).leaf(client_auth));
    g.done(Scenario {
        host: None,
        email: Some("alice@example.com"),
        purpose: "client",
        ..c.scenario(
            "a TLS client certificate: EKU clientAuth, an rfc822Name SAN, checked for purpose \
            client and the e-mail address: valid",
            &[],
        )
    });

    g.begin("eku-intermediate-restricts");
    let c = g.path(rsa_path().int(|p| {
        p.distinguished_name = ca_dn("Certchain Test Client CA");
        client_auth(p);
    }));
    g.done(c.scenario(
        "the intermediate's extendedKeyUsage is clientAuth only, so it cannot vouch for the \
        serverAuth leaf",
        &[(Some(1), "eku_mismatch")],
    ));
}

/// The subscriber EKU rule (CA/B BR 7.1.2.7.10).
pub(crate) fn subscriber_eku(g: &mut Gen) {
    g.begin("leaf-without-eku");
    let c = g.path(rsa_path().leaf(|p| p.extended_key_usages.clear()));
    g.done(c.scenario(
        "the server leaf has no extendedKeyUsage: RFC 5280 4.2.1.12 would allow any purpose, but \
        a TLS server certificate MUST list serverAuth (CA/B BR 7.1.2.7.10)",
        &[(Some(0), "eku_mismatch")],
    ));

    g.begin("leaf-without-eku-purpose-any");
    let c = g.path(rsa_path().leaf(|p| p.extended_key_usages.clear()));
    g.done(Scenario {
        purpose: "any",
        ..c.scenario(
            "the same leaf without extendedKeyUsage, checked for purpose any: the CA/B server \
            profile does not apply and RFC 5280 4.2.1.12 allows any purpose: valid",
            &[],
        )
    });
}
