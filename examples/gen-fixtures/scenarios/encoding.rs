//! Encoding: serial numbers, versions and algorithm identifiers.

use crate::der::{alg_rsa_pkcs1, assemble, der, split_certificate, tbs_fields};
use crate::gen::{Gen, Scenario};
use crate::templates::rsa_path;

/// Serial numbers (RFC 5280 4.1.2.2).
pub(crate) fn serial_numbers(g: &mut Gen) {
    g.begin("serial-zero");
    let c = g.path(rsa_path()).patch_leaf(g, |f| f[1] = der(0x02, &[0]));
    g.done(c.scenario(
        "the leaf's serial number is 0; RFC 5280 4.1.2.2: it MUST be a positive integer",
        &[(Some(0), "profile_violation")],
    ));

    g.begin("serial-too-long");
    let mut long = g.serial("leaf").to_bytes();
    long.extend_from_slice(&g.serial("leaf-tail").to_bytes()[..5]);
    assert_eq!(long.len(), 21);
    let c = g
        .path(rsa_path())
        .patch_leaf(g, |f| f[1] = der(0x02, &long));
    g.done(c.scenario(
        "the leaf's serial number is 21 octets long (positive); RFC 5280 4.1.2.2: at most 20 \
        octets",
        &[(Some(0), "profile_violation")],
    ));
}

/// Versions, algorithm identifiers and other encodings.
pub(crate) fn encoding(g: &mut Gen) {
    g.begin("version-1-leaf");
    let c = g.path(rsa_path()).patch_leaf(g, |f| {
        assert_eq!(f[0][0], 0xa0, "[0] version");
        f.remove(0);
        f.retain(|e| e[0] != 0xa3);
    });
    g.done(Scenario {
        host: None,
        ..c.scenario(
            "an X.509 v1 leaf (no version field, hence no extensions), subject \
            CN=www.example.com; v3 is required (RFC 5280 4.1.2.1 as the profile expects \
            extensions, CA/B BR 7.1.1), and what v1 cannot carry is missing: the \
            authorityKeyIdentifier (RFC 5280 4.2.1.1), the serverAuth extKeyUsage (CA/B BR \
            7.1.2.7.10) and the subjectAltName (CA/B BR 7.1.2.7.12), so the CN repeats no SAN \
            value (CA/B BR 7.1.4.3, a warning). No host is checked (there is no SAN to hold one)",
            &[
                (Some(0), "profile_violation"),
                (Some(0), "profile_violation"),
                (Some(0), "profile_violation"),
                (Some(0), "eku_mismatch"),
                (Some(0), "cn_not_in_san"),
            ],
        )
    });

    g.begin("signature-algorithm-mismatch");
    let mut c = g.path(rsa_path());
    let (_, signature) = split_certificate(&c.leaf.der);
    c.leaf.der = assemble(&tbs_fields(&c.leaf.der), &alg_rsa_pkcs1(12), &signature);
    g.done(c.scenario(
        "the leaf's outer signatureAlgorithm says sha384WithRSAEncryption while \
        tbsCertificate.signature says sha256WithRSAEncryption, with which it was signed: malformed \
        (RFC 5280 4.1.1.2: the two MUST be equal), and its signature does not verify as the \
        algorithm it declares",
        &[(Some(0), "malformed"), (Some(0), "bad_signature")],
    ));
}
