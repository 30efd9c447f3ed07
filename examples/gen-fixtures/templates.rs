//! Certificate templates, tweaks of their parameters, and the usual path (`PathSpec`).

use crate::der::{der, oid, Fields, NULL};
use crate::gen::{CrlFile, Gen, Scenario};
use crate::issue::Cert;
use crate::keys::{key_type, KeyType, Sig, RSA, RSA_INT, RSA_INT2, RSA_LEAF, RSA_OTHER, RSA_ROOT};
use crate::oids::{OID_CERTIFICATE_POLICIES, OID_POLICY_CONSTRAINTS, OID_PRIVATE_EXT};
use rcgen::{
    date_time_ymd, BasicConstraints, CertificateParams, CustomExtension, DistinguishedName, DnType,
    ExtendedKeyUsagePurpose, GeneralSubtree, IsCa, KeyIdMethod, KeyUsagePurpose, NameConstraints,
    SanType,
};
use std::net::IpAddr;

/// A CA's subject: countryName (the ISO 3166 user-assigned code XX), organizationName
/// and commonName, as CA/B BR 7.1.2.10.2 asks of CA certificates.
pub(crate) fn ca_dn(cn: &str) -> DistinguishedName {
    let mut dn = DistinguishedName::new();
    dn.push(
        DnType::CountryName,
        rcgen::DnValue::PrintableString("XX".try_into().expect("printable")),
    );
    dn.push(DnType::OrganizationName, "Certchain Test");
    dn.push(DnType::CommonName, cn);
    dn
}

/// A leaf's subject, shaped like a domain-validated certificate (CA/B BR 7.1.2.7.2): the
/// commonName only, or an empty subject (rcgen then marks the SAN critical, as RFC 5280
/// 4.2.1.6 requires).
pub(crate) fn leaf_dn(cn: Option<&str>) -> DistinguishedName {
    let mut dn = DistinguishedName::new();
    if let Some(cn) = cn {
        dn.push(DnType::CommonName, cn);
    }
    dn
}

/// A CA: critical basicConstraints cA=TRUE, keyUsage keyCertSign + cRLSign, SKI
/// (rcgen adds it to CA certificates), 2025-01-01..2035-01-01.
pub(crate) fn ca_params(cn: &str) -> CertificateParams {
    let mut p = CertificateParams::default();
    p.distinguished_name = ca_dn(cn);
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    p.not_before = date_time_ymd(2025, 1, 1);
    p.not_after = date_time_ymd(2035, 1, 1);
    p.key_identifier_method = KeyIdMethod::Sha256;
    p
}

/// A leaf for `names` (DNS names, IP literals, e-mail addresses): SAN, subject CN = the
/// first DNS name (an empty subject without one), EKU serverAuth, keyUsage digitalSignature
/// (+ keyEncipherment for RSA), 2026-01-01..2027-01-01.
pub(crate) fn leaf_params(key: &str, names: &[&str]) -> CertificateParams {
    let mut p = CertificateParams::default();
    p.subject_alt_names = names
        .iter()
        .map(|n| {
            if let Ok(ip) = n.parse::<IpAddr>() {
                SanType::IpAddress(ip)
            } else if n.contains('@') {
                SanType::Rfc822Name((*n).try_into().expect("IA5 e-mail"))
            } else {
                SanType::DnsName((*n).try_into().expect("IA5 DNS name"))
            }
        })
        .collect();
    let cn = names
        .iter()
        .find(|n| n.parse::<IpAddr>().is_err() && !n.contains('@'))
        .copied();
    p.distinguished_name = leaf_dn(cn);
    p.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    if key_type(key) == KeyType::Rsa {
        p.key_usages.push(KeyUsagePurpose::KeyEncipherment);
    }
    p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    p.not_before = date_time_ymd(2026, 1, 1);
    p.not_after = date_time_ymd(2027, 1, 1);
    p
}

pub(crate) fn with<T>(mut v: T, f: impl FnOnce(&mut T)) -> T {
    f(&mut v);
    v
}

pub(crate) fn dns(name: &str) -> GeneralSubtree {
    GeneralSubtree::DnsName(name.to_string())
}

/// The SAN of most leaves.
pub(crate) const WWW: &[&str] = &["www.example.com"];

// ---- tweaks of certificate parameters ----

/// Valid from `from` to `to`, each (y, m, d).
pub(crate) fn validity(
    from: (i32, u8, u8),
    to: (i32, u8, u8),
) -> impl FnOnce(&mut CertificateParams) {
    move |p| {
        p.not_before = date_time_ymd(from.0, from.1, from.2);
        p.not_after = date_time_ymd(to.0, to.1, to.2);
    }
}

/// extendedKeyUsage clientAuth only.
pub(crate) fn client_auth(p: &mut CertificateParams) {
    p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
}

/// A leaf subject of the commonName `cn` alone, whatever the SAN says.
pub(crate) fn leaf_cn(cn: &'static str) -> impl FnOnce(&mut CertificateParams) {
    move |p| p.distinguished_name = leaf_dn(Some(cn))
}

/// Critical nameConstraints, on an intermediate named for them.
pub(crate) fn constrained(
    permitted: Vec<GeneralSubtree>,
    excluded: Vec<GeneralSubtree>,
) -> impl FnOnce(&mut CertificateParams) {
    move |p| {
        p.distinguished_name = ca_dn("Certchain Test Constrained Intermediate CA");
        p.name_constraints = Some(NameConstraints {
            permitted_subtrees: permitted,
            excluded_subtrees: excluded,
        });
    }
}

/// A critical extension rcgen has no type for: `value` is the DER inside extnValue.
pub(crate) fn critical_ext(arcs: &[u64], value: Vec<u8>) -> CustomExtension {
    let mut ext = CustomExtension::from_oid_content(arcs, value);
    ext.set_criticality(true);
    ext
}

/// The critical private extension 1.3.6.1.4.1.55738.666.1 (NULL) that no verifier knows.
pub(crate) fn unknown_critical_ext() -> CustomExtension {
    critical_ext(OID_PRIVATE_EXT, NULL.to_vec())
}

/// certificatePolicies (not critical) listing `policy`, without qualifiers:
/// SEQUENCE OF PolicyInformation ::= SEQUENCE { policyIdentifier }.
pub(crate) fn certificate_policies(policy: &[u64]) -> CustomExtension {
    let info = der(0x30, &oid(policy));
    CustomExtension::from_oid_content(OID_CERTIFICATE_POLICIES, der(0x30, &info))
}

/// The certificatePolicies {`policy`}.
pub(crate) fn asserting(policy: &'static [u64]) -> impl FnOnce(&mut CertificateParams) {
    move |p| p.custom_extensions = vec![certificate_policies(policy)]
}

/// A CA that asserts the certificatePolicies {`policy`} and requires an explicit policy
/// from here on: a critical policyConstraints with requireExplicitPolicy 0,
/// SEQUENCE { [0] IMPLICIT INTEGER 0 }.
pub(crate) fn requiring_explicit_policy(
    policy: &'static [u64],
) -> impl FnOnce(&mut CertificateParams) {
    move |p| {
        p.custom_extensions = vec![
            certificate_policies(policy),
            critical_ext(OID_POLICY_CONSTRAINTS, der(0x30, &der(0x80, &[0]))),
        ]
    }
}

// ---- the usual path ----

/// The usual path root -> intermediate -> leaf, as the parameters of its three
/// certificates: tweak them with `root`, `int` and `leaf`, then `Gen::path` issues them
/// with the labels "root", "int" and "leaf".
pub(crate) struct PathSpec {
    /// The key files of the root, the intermediate and the leaf.
    pub(crate) keys: [&'static str; 3],
    /// The scheme the root and the intermediate sign with.
    pub(crate) sig: Sig,
    pub(crate) root: CertificateParams,
    pub(crate) int: CertificateParams,
    pub(crate) leaf: CertificateParams,
    /// A key and scheme that sign the leaf instead of the intermediate's, though the leaf
    /// names the intermediate as its issuer (name and authorityKeyIdentifier).
    pub(crate) leaf_signer: Option<(&'static str, Sig)>,
}

impl PathSpec {
    /// CAs named "Certchain Test {tag}Root CA" and "Certchain Test {tag}Intermediate CA",
    /// and a leaf for `names`.
    pub(crate) fn new(keys: [&'static str; 3], sig: Sig, tag: &str, names: &[&str]) -> Self {
        PathSpec {
            keys,
            sig,
            root: ca_params(&format!("Certchain Test {tag}Root CA")),
            int: ca_params(&format!("Certchain Test {tag}Intermediate CA")),
            leaf: leaf_params(keys[2], names),
            leaf_signer: None,
        }
    }

    pub(crate) fn root(mut self, f: impl FnOnce(&mut CertificateParams)) -> Self {
        f(&mut self.root);
        self
    }

    pub(crate) fn int(mut self, f: impl FnOnce(&mut CertificateParams)) -> Self {
        f(&mut self.int);
        self
    }

    pub(crate) fn leaf(mut self, f: impl FnOnce(&mut CertificateParams)) -> Self {
        f(&mut self.leaf);
        self
    }

    /// Another key of the same type for the leaf.
    pub(crate) fn leaf_key(mut self, key: &'static str) -> Self {
        assert_eq!(
            key_type(key),
            key_type(self.keys[2]),
            "{key}: same key type"
        );
        self.keys[2] = key;
        self
    }

    pub(crate) fn leaf_signer(mut self, key: &'static str, sig: Sig) -> Self {
        self.leaf_signer = Some((key, sig));
        self
    }
}

/// The usual RSA path (SHA-256) for a www.example.com leaf.
pub(crate) fn rsa_path() -> PathSpec {
    rsa_path_for(WWW)
}

/// The usual RSA path (SHA-256) for a leaf with the SAN `names`.
pub(crate) fn rsa_path_for(names: &[&str]) -> PathSpec {
    PathSpec::new(RSA, Sig::Default, "", names)
}

/// The certificates of a `PathSpec`, issued.
pub(crate) struct Chain {
    pub(crate) root: Cert,
    pub(crate) int: Cert,
    pub(crate) leaf: Cert,
}

impl Chain {
    /// The usual scenario: the server sends the leaf and the intermediate, and the root is
    /// the trust anchor.
    pub(crate) fn scenario(
        self,
        description: &'static str,
        findings: &[(Option<usize>, &'static str)],
    ) -> Scenario {
        Scenario::new(
            description,
            findings,
            vec![self.leaf, self.int],
            vec![self.root],
        )
    }

    /// The leaf with its TBSCertificate patched and signed again by the intermediate.
    pub(crate) fn patch_leaf(self, g: &Gen, patch: impl FnOnce(&mut Fields)) -> Self {
        let leaf = g.patched(self.leaf, &self.int, patch);
        Chain { leaf, ..self }
    }

    /// The intermediate patched and signed again by the root.
    pub(crate) fn patch_int(self, g: &Gen, patch: impl FnOnce(&mut Fields)) -> Self {
        let int = g.patched(self.int, &self.root, patch);
        Chain { int, ..self }
    }

    /// The root patched and signed again by itself.
    pub(crate) fn patch_root(self, g: &Gen, patch: impl FnOnce(&mut Fields)) -> Self {
        let root = g.patched(self.root.clone(), &self.root, patch);
        Chain { root, ..self }
    }
}

impl Gen {
    /// Issue the certificates of `spec`.
    pub(crate) fn path(&self, spec: PathSpec) -> Chain {
        let [root_key, int_key, leaf_key] = spec.keys;
        let root = self.issue("root", spec.root, root_key, None, spec.sig);
        let int = self.issue("int", spec.int, int_key, Some(&root), spec.sig);
        let signer = match spec.leaf_signer {
            None => int.clone(),
            Some((key, sig)) if key == int.key => Cert { sig, ..int.clone() },
            Some((key, sig)) => {
                // the intermediate's name and key identifier, with another key
                let ski = int.params.key_identifier(&self.public(int.key));
                Cert {
                    params: with(int.params.clone(), |p| {
                        p.key_identifier_method = KeyIdMethod::PreSpecified(ski)
                    }),
                    key,
                    sig,
                    ..int.clone()
                }
            }
        };
        let leaf = self.issue("leaf", spec.leaf, leaf_key, Some(&signer), Sig::Default);
        Chain { root, int, leaf }
    }

    /// A CA certificate signed with the default scheme.
    pub(crate) fn ca(
        &self,
        label: &str,
        params: CertificateParams,
        key: &'static str,
        issuer: Option<&Cert>,
    ) -> Cert {
        self.issue(label, params, key, issuer, Sig::Default)
    }

    /// The usual RSA root.
    pub(crate) fn rsa_root(&self) -> Cert {
        self.ca("root", ca_params("Certchain Test Root CA"), RSA_ROOT, None)
    }

    /// A self-signed root that has nothing to do with the scenario's path.
    pub(crate) fn unrelated_root(&self) -> Cert {
        let params = ca_params("Certchain Unrelated Root CA");
        self.ca("other-root", params, RSA_OTHER, None)
    }

    /// A leaf with the default RSA leaf key for `names`, tweaked by `f`.
    pub(crate) fn rsa_leaf(
        &self,
        int: &Cert,
        names: &[&str],
        f: impl FnOnce(&mut CertificateParams),
    ) -> Cert {
        self.issue(
            "leaf",
            with(leaf_params(RSA_LEAF, names), f),
            RSA_LEAF,
            Some(int),
            Sig::Default,
        )
    }

    /// root -> intermediate 1 (tweaked by `int1`) -> intermediate 2 -> www.example.com
    /// leaf: (root, int1, int2, leaf).
    pub(crate) fn two_intermediates(&self, int1: impl FnOnce(&mut CertificateParams)) -> [Cert; 4] {
        let root = self.rsa_root();
        let int1_params = with(ca_params("Certchain Test Intermediate CA 1"), int1);
        let int1 = self.ca("int1", int1_params, RSA_INT, Some(&root));
        let int2_params = ca_params("Certchain Test Intermediate CA 2");
        let int2 = self.ca("int2", int2_params, RSA_INT2, Some(&int1));
        let leaf = self.rsa_leaf(&int2, WWW, |_| {});
        [root, int1, int2, leaf]
    }

    /// A CRL from `int` (thisUpdate 2026-05-01, nextUpdate `next_update`) that revokes
    /// another leaf it issued, old.example.com, and not the scenario's leaf.
    pub(crate) fn crl_revoking_another(&self, int: &Cert, next_update: (i32, u8, u8)) -> CrlFile {
        let other = self.rsa_leaf(int, &["old.example.com"], |p| {
            p.serial_number = Some(self.serial("other-leaf"))
        });
        self.crl(
            "int.crl.pem",
            int,
            &[&other],
            next_update,
            "revokes another certificate, not the leaf",
        )
    }
}
