//! CA rules: basicConstraints, keyCertSign, pathLenConstraint and depth.

use crate::der::der;
use crate::gen::{Gen, Scenario};
use crate::issue::Cert;
use crate::keys::{RSA_INT, RSA_INT2, RSA_OTHER};
use crate::oids::OID_SKI;
use crate::templates::{ca_params, rsa_path, with, WWW};
use rcgen::{BasicConstraints, CustomExtension, IsCa, KeyIdMethod, KeyUsagePurpose};

/// basicConstraints, pathLenConstraint and keyCertSign on intermediates (RFC 5280
/// 4.2.1.3, 4.2.1.9).
pub(crate) fn basics(g: &mut Gen) {
    g.begin("not-a-ca");
    let c = g.path(rsa_path().int(|p| p.is_ca = IsCa::ExplicitNoCa));
    g.done(c.scenario(
        "the intermediate has basicConstraints cA=FALSE (still with keyUsage keyCertSign, itself \
        a MUST NOT of RFC 5280 4.2.1.9)",
        &[(Some(1), "not_a_ca"), (Some(1), "profile_violation")],
    ));

    g.begin("intermediate-missing-basic-constraints");
    let int_key_id = ca_params("x").key_identifier(&g.public(RSA_INT));
    let c = g.path(rsa_path().int(|p| {
        p.is_ca = IsCa::NoCa; // rcgen then writes neither basicConstraints nor SKI
        p.custom_extensions = vec![CustomExtension::from_oid_content(
            OID_SKI,
            der(0x04, &int_key_id),
        )];
    }));
    g.done(c.scenario(
        "the intermediate has no basicConstraints at all (but keyUsage keyCertSign, which RFC \
        5280 4.2.1.3 allows only with cA)",
        &[(Some(1), "not_a_ca"), (Some(1), "profile_violation")],
    ));

    g.begin("path-len-exceeded");
    let [root, int1, int2, leaf] =
        g.two_intermediates(|p| p.is_ca = IsCa::Ca(BasicConstraints::Constrained(0)));
    g.done(Scenario::new(
        "root -> intermediate 1 (pathLenConstraint 0) -> intermediate 2 -> leaf: one CA too many \
        below intermediate 1",
        &[(Some(2), "path_len_exceeded")],
        vec![leaf, int2, int1],
        vec![root],
    ));

    g.begin("missing-key-cert-sign");
    let c = g.path(rsa_path().int(|p| p.key_usages = vec![KeyUsagePurpose::DigitalSignature]));
    g.done(c.scenario(
        "the intermediate is a CA (cA=TRUE) but its keyUsage is digitalSignature only, without \
        keyCertSign",
        &[(Some(1), "missing_key_cert_sign")],
    ));
}

/// cA and keyCertSign (RFC 5280 4.2.1.3, 4.2.1.9).
pub(crate) fn key_cert_sign(g: &mut Gen) {
    g.begin("leaf-ca-without-keycertsign");
    let c = g.path(rsa_path().leaf(|p| {
        p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        p.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        p.key_identifier_method = KeyIdMethod::Sha256;
    }));
    g.done(c.scenario(
        "the leaf asserts basicConstraints cA=TRUE but its keyUsage is digitalSignature only: a \
        CA key that may not sign certificates (RFC 5280 4.2.1.9 with 4.2.1.3), and a CA \
        certificate is no server leaf (CA/B BR 7.1.2.7.8)",
        &[(Some(0), "profile_violation"), (Some(0), "ca_used_as_leaf")],
    ));

    g.begin("leaf-keycertsign-without-ca");
    let c = g.path(rsa_path().leaf(|p| {
        p.key_usages = vec![
            KeyUsagePurpose::DigitalSignature,
            KeyUsagePurpose::KeyCertSign,
        ];
    }));
    g.done(c.scenario(
        "the leaf (no basicConstraints) asserts keyUsage keyCertSign + digitalSignature; RFC 5280 \
        4.2.1.9: keyCertSign MUST NOT be asserted without cA",
        &[(Some(0), "profile_violation")],
    ));
}

/// Path length and depth (RFC 5280 4.2.1.9, `--max-depth`).
pub(crate) fn path_length(g: &mut Gen) {
    g.begin("pathlen-self-issued-not-counted");
    let root = g.rsa_root();
    let ica_params = with(ca_params("Certchain Test Intermediate CA"), |p| {
        p.is_ca = IsCa::Ca(BasicConstraints::Constrained(1))
    });
    let ica_old = g.ca("int-old-key", ica_params.clone(), RSA_INT, Some(&root));
    let ica_new = g.ca("int-new-key", ica_params, RSA_INT2, Some(&ica_old));
    let ica_new = Cert {
        name: format!("{} (new key, self-issued)", ica_new.name),
        ..ica_new
    };
    let issuing_params = with(ca_params("Certchain Test Issuing CA"), |p| {
        p.is_ca = IsCa::Ca(BasicConstraints::Constrained(0))
    });
    let issuing = g.ca("issuing", issuing_params, RSA_OTHER, Some(&ica_new));
    let leaf = g.rsa_leaf(&issuing, WWW, |_| {});
    g.done(Scenario::new(
        "root -> intermediate (pathLen 1) -> the same intermediate with a new key (self-issued, \
        pathLen 1) -> issuing CA (pathLen 0) -> leaf: the self-issued certificate does not count \
        towards path lengths (RFC 5280 6.1.4 (l)): valid",
        &[],
        vec![leaf, issuing, ica_new, ica_old],
        vec![root],
    ));

    for (name, max, findings, description) in [
        (
            "max-depth-exceeded",
            1,
            &[(Some(2), "depth_exceeded")][..],
            "root -> intermediate 1 -> intermediate 2 -> leaf, checked with a maximum chain depth \
            of 1 intermediate: intermediate 1, the second from the leaf, is one too many",
        ),
        (
            "max-depth-ok",
            2,
            &[],
            "root -> intermediate 1 -> intermediate 2 -> leaf, checked with a maximum chain depth \
            of 2 intermediates: valid",
        ),
    ] {
        g.begin(name);
        let [root, int1, int2, leaf] = g.two_intermediates(|_| {});
        g.done(Scenario {
            max_depth: Some(max),
            ..Scenario::new(description, findings, vec![leaf, int2, int1], vec![root])
        });
    }
}
