//! Valid paths: every key type and signature scheme on the usual shape.

use crate::gen::Gen;
use crate::keys::{Sig, ED25519, P256, P384, RSA};
use crate::templates::{PathSpec, WWW};

/// Valid paths with each key type and signature scheme.
pub(crate) fn paths(g: &mut Gen) {
    for (name, keys, sig, tag, description) in [
        (
            "valid-rsa",
            RSA,
            Sig::Default,
            "",
            "RSA-2048 root, intermediate and leaf, SHA-256: a valid server chain",
        ),
        (
            "valid-ecdsa-p256",
            P256,
            Sig::Default,
            "P-256 ",
            "ECDSA P-256 root, intermediate and leaf, ecdsa-with-SHA256: valid",
        ),
        (
            "valid-ecdsa-p384",
            P384,
            Sig::Default,
            "P-384 ",
            "ECDSA P-384 root, intermediate and leaf, ecdsa-with-SHA384: valid",
        ),
        (
            "valid-ed25519",
            ED25519,
            Sig::Default,
            "Ed25519 ",
            "Ed25519 root, intermediate and leaf (RFC 8410): valid",
        ),
        (
            "valid-rsa-pss",
            RSA,
            Sig::RsaPss,
            "RSA-PSS ",
            "RSA-2048 keys, every certificate signed with RSASSA-PSS SHA-256 (MGF1-SHA-256, salt \
            32): valid",
        ),
        (
            "valid-rsa-sha512",
            RSA,
            Sig::RsaSha512,
            "SHA-512 ",
            "RSA-2048 keys, every certificate signed with sha512WithRSAEncryption: valid",
        ),
    ] {
        g.begin(name);
        let c = g.path(PathSpec::new(keys, sig, tag, WWW));
        g.done(c.scenario(description, &[]));
    }
}
