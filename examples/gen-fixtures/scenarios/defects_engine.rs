//! Defects of the engine's rules (issue 8).

use crate::gen::{Gen, Scenario};
use crate::templates::{leaf_cn, rsa_path, rsa_path_for};
use rcgen::{BasicConstraints, CertificateParams, IsCa, KeyIdMethod, KeyUsagePurpose};

/// The engine's rule defects found by outside testing against pyca/cryptography and
/// OpenSSL (issue 8, items 1, 2, 3, 5, 16): each scenario was judged wrongly before.
pub(crate) fn all(g: &mut Gen) {
    // ---------------------------------------------------------------- a CA as the leaf
    let ca_leaf = |key_usages: Vec<KeyUsagePurpose>| {
        move |p: &mut CertificateParams| {
            p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
            p.key_usages = key_usages;
            p.key_identifier_method = KeyIdMethod::Sha256;
        }
    };
    g.begin("ca-as-leaf");
    let c = g.path(rsa_path().leaf(ca_leaf(vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyCertSign,
    ])));
    g.done(c.scenario(
        "the leaf is a CA certificate (basicConstraints cA=TRUE, keyUsage digitalSignature + \
        keyCertSign) with EKU serverAuth and the SAN www.example.com; CA/B BR 7.1.2.7.8: a \
        subscriber certificate is not a CA",
        &[(Some(0), "ca_used_as_leaf")],
    ));

    g.begin("ca-as-leaf-without-key-usage");
    let c = g.path(rsa_path().leaf(ca_leaf(vec![])));
    g.done(c.scenario(
        "the same CA leaf without any keyUsage extension: still a CA used as a server leaf (CA/B \
        BR 7.1.2.7.8)",
        &[(Some(0), "ca_used_as_leaf")],
    ));

    g.begin("ca-as-leaf-rfc5280");
    let c = g.path(rsa_path().leaf(ca_leaf(vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyCertSign,
    ])));
    g.done(Scenario {
        profile: "rfc5280",
        ..c.scenario(
            "the CA leaf under --profile rfc5280: RFC 5280 does not forbid using a CA's own \
            certificate as the end entity (x509-limbo rfc5280::ca-as-leaf): valid",
            &[],
        )
    });

    // ---------------------------------------------------------------- CAs without keyUsage
    g.begin("intermediate-without-key-usage");
    let c = g.path(rsa_path().int(|p| p.key_usages.clear()));
    g.done(c.scenario(
        "the intermediate has no keyUsage extension; RFC 5280 4.2.1.3 and CA/B BR 7.1.2.10.7: a \
        CA certificate carries one asserting keyCertSign",
        &[(Some(1), "missing_key_cert_sign")],
    ));

    g.begin("root-without-key-usage");
    let c = g.path(rsa_path().root(|p| p.key_usages.clear()));
    g.done(c.scenario(
        "the trust anchor has no keyUsage extension; RFC 5280 4.2.1.3 and CA/B BR 7.1.2.1.2 (root \
        CA keyUsage): a CA certificate carries one asserting keyCertSign",
        &[(Some(2), "missing_key_cert_sign")],
    ));

    g.begin("intermediate-without-key-usage-rfc5280");
    let c = g.path(rsa_path().int(|p| p.key_usages.clear()));
    g.done(Scenario {
        profile: "rfc5280",
        ..c.scenario(
            "the intermediate without keyUsage under --profile rfc5280: path validation checks \
            keyCertSign only when the extension is present (RFC 5280 6.1.4 (n)): valid",
            &[],
        )
    });

    // ---------------------------------------------------------------- SAN syntax
    g.begin("san-dns-trailing-dot");
    let c = g.path(rsa_path_for(&["www.example.com."]));
    g.done(c.scenario(
        "the leaf's SAN dNSName is www.example.com. (trailing dot): outside the preferred name \
        syntax of RFC 5280 4.2.1.6, so it is malformed and names no host",
        &[(Some(0), "malformed"), (Some(0), "name_mismatch")],
    ));

    // ---------------------------------------------------------------- leaf keyUsage
    g.begin("leaf-key-usage-keycertsign-only");
    let c = g.path(rsa_path().leaf(|p| p.key_usages = vec![KeyUsagePurpose::KeyCertSign]));
    g.done(c.scenario(
        "the leaf (not a CA) has keyUsage keyCertSign only: none of digitalSignature, \
        keyEncipherment, keyAgreement that TLS needs (RFC 5280 4.2.1.3), and keyCertSign without \
        cA (RFC 5280 4.2.1.9)",
        &[
            (Some(0), "key_usage_mismatch"),
            (Some(0), "profile_violation"),
        ],
    ));

    // ---------------------------------------------------------------- CN outside the SAN
    g.begin("cn-label-not-in-san");
    let c = g.path(
        rsa_path_for(&["kubernetes", "kubernetes.default.svc"]).leaf(leaf_cn("kube-apiserver")),
    );
    g.done(Scenario {
        host: Some("kubernetes.default.svc"),
        ..c.scenario(
            "a private PKI's server leaf as Kubernetes issues it: CN=kube-apiserver, SAN \
            kubernetes and kubernetes.default.svc, checked for kubernetes.default.svc; the CN \
            repeats no SAN value (CA/B BR 7.1.4.3), a warning since certchain never matches the \
            CN: valid",
            &[(Some(0), "cn_not_in_san")],
        )
    });
}
