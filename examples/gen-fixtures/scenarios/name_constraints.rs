//! Name constraints (RFC 5280 4.2.1.10).

use crate::der::set_critical;
use crate::gen::{Gen, Scenario};
use crate::oids::OID_NAME_CONSTRAINTS;
use crate::templates::{client_auth, constrained, dns, rsa_path, rsa_path_for};
use rcgen::{CidrSubnet, DistinguishedName, DnType, GeneralSubtree, NameConstraints};

/// Permitted and excluded subtrees.
pub(crate) fn basics(g: &mut Gen) {
    g.begin("nc-permitted-violation");
    let c = g.path(rsa_path_for(&["evil.com"]).int(constrained(vec![dns("example.com")], vec![])));
    g.done(Scenario {
        host: Some("evil.com"),
        ..c.scenario(
            "the intermediate permits only example.com; the leaf's SAN is evil.com",
            &[(Some(0), "name_constraint_violation")],
        )
    });

    g.begin("nc-excluded-violation");
    let c = g.path(
        rsa_path_for(&["db.internal.example.com"])
            .int(constrained(vec![], vec![dns("internal.example.com")])),
    );
    g.done(Scenario {
        host: Some("db.internal.example.com"),
        ..c.scenario(
            "the intermediate excludes internal.example.com; the leaf's SAN is \
            db.internal.example.com",
            &[(Some(0), "name_constraint_violation")],
        )
    });

    g.begin("nc-permitted-ok");
    let c = g.path(rsa_path().int(constrained(
        vec![dns("example.com")],
        vec![dns("internal.example.com")],
    )));
    g.done(c.scenario(
        "the intermediate permits example.com (excluding internal.example.com); www.example.com \
        is inside: valid",
        &[],
    ));
}

/// One scenario per name-constraint rule.
pub(crate) fn rules(g: &mut Gen) {
    g.begin("nc-not-critical");
    let c = g
        .path(rsa_path().int(constrained(vec![dns("example.com")], vec![])))
        .patch_int(g, |f| set_critical(f, OID_NAME_CONSTRAINTS, false));
    g.done(c.scenario(
        "the intermediate's nameConstraints (permitting example.com, which www.example.com \
        satisfies) is not critical; RFC 5280 4.2.1.10: conforming CAs MUST mark it critical",
        &[(Some(1), "profile_violation")],
    ));

    g.begin("nc-in-leaf");
    let c = g.path(rsa_path().leaf(|p| {
        p.name_constraints = Some(NameConstraints {
            permitted_subtrees: vec![dns("example.com")],
            excluded_subtrees: vec![],
        });
    }));
    g.done(c.scenario(
        "the leaf (not a CA) carries a critical nameConstraints permitting example.com; RFC 5280 \
        4.2.1.10: the extension MUST be used only in CA certificates",
        &[(Some(0), "profile_violation")],
    ));

    g.begin("nc-malformed-leading-dot");
    let c = g.path(rsa_path().int(constrained(vec![dns(".example.com")], vec![])));
    g.done(c.scenario(
        "the intermediate permits the dNSName \".example.com\": malformed, as dNSName constraints \
        have no leading-dot form (RFC 5280 4.2.1.10); read as written, no DNS name is formed by \
        adding labels to its left, so the leaf's www.example.com is outside it",
        &[
            (Some(1), "malformed"),
            (Some(0), "name_constraint_violation"),
        ],
    ));

    g.begin("nc-ip-not-cidr");
    let mask = CidrSubnet::V4([192, 168, 0, 0], [255, 255, 0, 255]);
    let c = g.path(rsa_path().int(constrained(vec![GeneralSubtree::IpAddress(mask)], vec![])));
    g.done(c.scenario(
        "the intermediate permits the iPAddress 192.168.0.0 with the non-contiguous mask \
        255.255.0.255, not a CIDR range (RFC 5280 4.2.1.10); the leaf has no IP address for it to \
        constrain",
        &[(Some(1), "malformed")],
    ));

    for (name, permitted, email, description, findings) in [
        (
            "nc-email-literal",
            "*@example.com",
            "user@example.com",
            "the intermediate permits the rfc822Name \"*@example.com\", which is one mailbox \
            whose local part is an asterisk (RFC 5280 4.2.1.10 has no wildcards); the client \
            leaf's user@example.com is outside it",
            &[(Some(0), "name_constraint_violation")][..],
        ),
        (
            "nc-email-domain",
            "example.com",
            "foo@example.com",
            "the intermediate permits the rfc822Name \"example.com\" (every mailbox at that host, \
            RFC 5280 4.2.1.10); the client leaf's foo@example.com is inside: valid",
            &[],
        ),
    ] {
        g.begin(name);
        let subtree = GeneralSubtree::Rfc822Name(permitted.into());
        let c = g.path(
            rsa_path_for(&[email])
                .int(constrained(vec![subtree], vec![]))
                .leaf(client_auth),
        );
        g.done(Scenario {
            host: None,
            email: Some(email),
            purpose: "client",
            ..c.scenario(description, findings)
        });
    }

    g.begin("nc-excluded-dirname");
    let mut evil = DistinguishedName::new();
    evil.push(DnType::OrganizationName, "Evil Corp");
    let mut evil_leaf = evil.clone();
    evil_leaf.push(DnType::CommonName, "www.example.com");
    let c = g.path(
        rsa_path()
            .int(constrained(
                vec![],
                vec![GeneralSubtree::DirectoryName(evil)],
            ))
            .leaf(|p| p.distinguished_name = evil_leaf),
    );
    g.done(c.scenario(
        "the intermediate excludes the directoryName O=Evil Corp; the leaf's subject is O=Evil \
        Corp, CN=www.example.com, within that subtree (RFC 5280 4.2.1.10)",
        &[(Some(0), "name_constraint_violation")],
    ));

    g.begin("nc-wildcard-vs-excluded");
    let c = g.path(
        rsa_path_for(&["*.example.com"]).int(constrained(vec![], vec![dns("bar.example.com")])),
    );
    g.done(Scenario {
        host: Some("foo.example.com"),
        ..c.scenario(
            "the intermediate excludes bar.example.com; the leaf's SAN *.example.com also stands \
            for bar.example.com, so it is refused even for the host foo.example.com (the reading \
            of CVE-2025-61727)",
            &[(Some(0), "name_constraint_violation")],
        )
    });
}
