//! Signatures and keys: bad, weak and unsupported signatures, weak keys.

use crate::gen::Gen;
use crate::keys::{
    Sig, P192_LEAF, P256, P256_EXPLICIT_LEAF, RSA1024_LEAF, RSA_INT, RSA_OTHER, RSA_ROOT,
};
use crate::templates::{rsa_path, PathSpec, WWW};

/// Bad, weak and unsupported signatures and keys.
pub(crate) fn basics(g: &mut Gen) {
    g.begin("bad-signature");
    let c = g.path(rsa_path().leaf_signer(RSA_OTHER, Sig::Default));
    g.done(c.scenario(
        "the leaf names the intermediate as issuer (name and AKI) but was signed by another key",
        &[(Some(0), "bad_signature")],
    ));

    g.begin("weak-signature-sha1");
    let c = g.path(rsa_path().leaf_signer(RSA_INT, Sig::RsaSha1));
    g.done(c.scenario(
        "the leaf is signed with sha1WithRSAEncryption (made with openssl), forbidden by CA/B BR \
        7.1.3.2",
        &[(Some(0), "weak_signature_algorithm")],
    ));

    g.begin("weak-key-rsa1024");
    let c = g.path(rsa_path().leaf_key(RSA1024_LEAF));
    g.done(c.scenario(
        "the leaf certifies an RSA-1024 key, below the 2048 bits of CA/B BR 6.1.5",
        &[(Some(0), "weak_key")],
    ));

    g.begin("unsupported-signature-algorithm");
    let c = g.path(rsa_path().leaf_signer(RSA_INT, Sig::RsaSha224));
    g.done(c.scenario(
        "the leaf is signed with sha224WithRSAEncryption (made with openssl), which the Web PKI \
        and certchain do not accept",
        &[(Some(0), "unsupported_signature_algorithm")],
    ));
}

/// Weak keys (CA/B BR 6.1.5).
pub(crate) fn weak_keys(g: &mut Gen) {
    for (name, key, description) in [
        (
            "weak-key-p192",
            P192_LEAF,
            "the leaf certifies an ECDSA key on P-192 (secp192r1); CA/B BR 6.1.5 permits only \
            P-256, P-384 and P-521",
        ),
        (
            "explicit-curve-key",
            P256_EXPLICIT_LEAF,
            "the leaf certifies a P-256 key whose SubjectPublicKeyInfo spells the curve out as \
            explicit parameters (openssl ec_param_enc:explicit); CA/B BR 7.1.3.1.2 and RFC 5480 \
            2.1.1 require the namedCurve OID",
        ),
    ] {
        g.begin(name);
        // ring cannot load the key: the leaf is made for a P-256 key, then its
        // SubjectPublicKeyInfo is replaced (the key is only certified, never used to sign)
        let spki = g.ec_spki(key);
        let spec = PathSpec::new([RSA_ROOT, RSA_INT, P256[2]], Sig::Default, "", WWW);
        let c = g.path(spec).patch_leaf(g, |f| {
            assert_eq!(f[0][0], 0xa0, "v3: the key is the 7th field");
            f[6] = spki;
        });
        g.done(c.scenario(description, &[(Some(0), "weak_key")]));
    }
}
