//! Defects of path building and its explanations (issue 8).

use crate::der::{alg_rsa_pkcs1, der, resign};
use crate::gen::{Gen, Scenario};
use crate::issue::Cert;
use crate::keys::{openssl_sign, Sig, RSA1024_LEAF, RSA_INT, RSA_INT2, RSA_OTHER, RSA_ROOT};
use crate::templates::{ca_params, rsa_path, with, Chain, WWW};
use rcgen::KeyIdMethod;

/// Path building and its explanations (issue 8, items 4, 7, 8, 10 and 11): weak issuer
/// keys, missing issuers told apart, self-signed roots with a SHA-1 self-signature, a
/// trust anchor verified on its own, and deep chains under `--max-depth`.
pub(crate) fn all(g: &mut Gen) {
    // ---------------------------------------------------------------- weak issuer key
    g.begin("weak-key-rsa1024-intermediate");
    let c = g.rsa1024_intermediate(true);
    g.done(c.scenario(
        "the intermediate certifies an RSA-1024 key and signs the leaf with it (openssl, \
        SHA-256); the signature is good, so the weak key is reported at the intermediate only \
        (CA/B BR 6.1.5) and the path still reaches the root",
        &[(Some(1), "weak_key")],
    ));

    g.begin("weak-key-rsa1024-bad-signature");
    let c = g.rsa1024_intermediate(false);
    g.done(c.scenario(
        "the same RSA-1024 intermediate, but the leaf was signed by another key: the leaf's \
        signature is bad (RFC 5280 6.1.3), whatever the weak key",
        &[(Some(0), "bad_signature"), (Some(1), "weak_key")],
    ));

    // ---------------------------------------------------------------- missing issuers
    g.begin("root-missing-from-store");
    let c = g.path(rsa_path());
    let other = g.unrelated_root();
    g.done(Scenario::new(
        "the server sends its leaf and intermediate; the intermediate's issuer, the test root, is \
        not in the trust store (an unrelated root is): the store lacks the root, the server sent \
        all it should",
        &[(Some(1), "issuer_not_found")],
        vec![c.leaf, c.int],
        vec![other],
    ));

    g.begin("intermediate-level-missing");
    let [root, _int1, int2, leaf] = g.two_intermediates(|_| {});
    g.done(Scenario::new(
        "root -> intermediate 1 -> intermediate 2 -> leaf; the server sends the leaf and \
        intermediate 2 only, and the store has the root: a level of the chain is missing",
        &[(Some(1), "issuer_not_found")],
        vec![leaf, int2],
        vec![root],
    ));

    g.begin("untrusted-root-sha1");
    let root = g.issue(
        "root",
        ca_params("Certchain Test Root CA"),
        RSA_ROOT,
        None,
        Sig::RsaSha1,
    );
    // The root's self-signature is SHA-1; it issues with SHA-256.
    let root = Cert {
        sig: Sig::Default,
        ..root
    };
    let int = g.ca(
        "int",
        ca_params("Certchain Test Intermediate CA"),
        RSA_INT,
        Some(&root),
    );
    let leaf = g.rsa_leaf(&int, WWW, |_| {});
    let other = g.unrelated_root();
    g.done(Scenario::new(
        "the chain ends at a self-signed root whose self-signature is sha1WithRSAEncryption (as \
        old roots are), not in the trust store: it is an untrusted root, however it signed itself",
        &[(Some(2), "untrusted_root")],
        vec![leaf, int, root],
        vec![other],
    ));

    // ---------------------------------------------------------------- a trust anchor on its own
    g.begin("leaf-is-trust-anchor");
    let root = g.rsa_root();
    // Serial number 0, as some long-trusted roots have (GoDaddy Root G2, Starfield Root G2).
    let root = g.patched(root.clone(), &root, |f| f[1] = der(0x02, &[0]));
    g.done(Scenario {
        host: None,
        purpose: "any",
        ..Scenario::new(
            "the root itself is verified, and it is in the trust store (serial number 0, like \
            GoDaddy Root G2): a trust anchor is trusted as it is, without the leaf rules",
            &[],
            vec![root.clone()],
            vec![root],
        )
    });

    g.begin("leaf-is-trust-anchor-wrong-host");
    let root = g.rsa_root();
    let root = g.patched(root.clone(), &root, |f| f[1] = der(0x02, &[0]));
    g.done(Scenario {
        purpose: "any",
        ..Scenario::new(
            "the same root verified on its own, for the host www.example.com, which it does not \
            name: trusting the certificate does not make it valid for a name it lacks",
            &[(Some(0), "name_mismatch")],
            vec![root.clone()],
            vec![root],
        )
    });

    // ---------------------------------------------------------------- deep chains
    for (name, max, findings, description) in [
        (
            "deep-chain-max-depth-20",
            Some(20),
            &[][..],
            "root -> 11 intermediates -> leaf, checked with --max-depth 20: valid (RFC 5280 sets \
            no limit; the one in force is the policy's)",
        ),
        (
            "deep-chain-default-depth",
            None,
            &[(Some(11), "depth_exceeded")][..],
            "root -> 11 intermediates -> leaf, checked with the default maximum chain depth of \
            10: the 11th intermediate from the leaf (the one the root issued) is one too many",
        ),
        (
            "deep-chain-max-depth-5",
            Some(5),
            &[(Some(6), "depth_exceeded")][..],
            "root -> 11 intermediates -> leaf, checked with --max-depth 5: the path to the root \
            is found, and the 6th intermediate from the leaf, the first over the limit, is blamed",
        ),
    ] {
        g.begin(name);
        let (root, mut ints, leaf) = g.deep_chain(11);
        ints.reverse();
        let mut chain = vec![leaf];
        chain.extend(ints);
        g.done(Scenario {
            max_depth: max,
            ..Scenario::new(description, findings, chain, vec![root])
        });
    }
}

impl Gen {
    /// root -> intermediate with the RSA-1024 key -> www.example.com leaf. The leaf is
    /// first made by rcgen under a stand-in key (ring cannot sign with RSA-1024), then,
    /// when `sign_with_weak_key`, its TBSCertificate is signed again with the RSA-1024 key
    /// by `openssl dgst -sha256` (deterministic PKCS#1 v1.5); otherwise the stand-in
    /// key's signature stays, which does not verify with the intermediate's key.
    pub(crate) fn rsa1024_intermediate(&self, sign_with_weak_key: bool) -> Chain {
        let root = self.rsa_root();
        let int = self.ca(
            "int",
            ca_params("Certchain Test Intermediate CA"),
            RSA1024_LEAF,
            Some(&root),
        );
        let ski = int.params.key_identifier(&self.public(int.key));
        let stand_in = Cert {
            params: with(int.params.clone(), |p| {
                p.key_identifier_method = KeyIdMethod::PreSpecified(ski)
            }),
            key: RSA_OTHER,
            ..int.clone()
        };
        let mut leaf = self.rsa_leaf(&stand_in, WWW, |_| {});
        if sign_with_weak_key {
            leaf.der = resign(&leaf.der, &alg_rsa_pkcs1(11), |tbs| {
                openssl_sign(&self.key_path(RSA1024_LEAF), "sha256", tbs)
            });
        }
        Chain { root, int, leaf }
    }

    /// root -> `n` intermediates ("Certchain Test Intermediate CA 1" under the root, down
    /// to "... CA n") -> www.example.com leaf: (root, intermediates top first, leaf). The
    /// intermediates take turns with two keys; their names differ, so no two are the same
    /// subject and key.
    pub(crate) fn deep_chain(&self, n: usize) -> (Cert, Vec<Cert>, Cert) {
        let root = self.rsa_root();
        let mut ints: Vec<Cert> = Vec::new();
        for i in 1..=n {
            let key = if i % 2 == 1 { RSA_INT } else { RSA_INT2 };
            let params = ca_params(&format!("Certchain Test Intermediate CA {i}"));
            let issuer = ints.last().unwrap_or(&root).clone();
            ints.push(self.ca(&format!("int{i}"), params, key, Some(&issuer)));
        }
        let leaf = self.rsa_leaf(ints.last().expect("n > 0"), WWW, |_| {});
        (root, ints, leaf)
    }
}
