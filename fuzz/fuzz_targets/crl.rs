//! CRL reading (`Crl::parse_all`: PEM or DER, one or many), then each CRL read given to
//! a verification of the crl-revoked fixture so the revocation checks see it.
#![no_main]

use certchain::{RevocationScope, SourceKind};
use certchain_fuzz::{fixture_verifier, policy, FIXTURES};
use libfuzzer_sys::fuzz_target;
use std::sync::{Arc, OnceLock};

fn chain() -> &'static Vec<certchain::SourcedCert> {
    static CHAIN: OnceLock<Vec<certchain::SourcedCert>> = OnceLock::new();
    CHAIN.get_or_init(|| {
        let path = format!("{FIXTURES}/crl-revoked/chain.pem");
        let bytes = std::fs::read(&path).expect("crl-revoked/chain.pem");
        certchain::parse_certificates(&path, &bytes, SourceKind::Presented).expect("chain")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(crls) = certchain::Crl::parse_all("input.crl", data) else {
        return;
    };
    let mut policy = policy();
    policy.crls = crls.into_iter().map(Arc::new).collect();
    policy.require_revocation = Some(RevocationScope::All);
    let verifier = fixture_verifier().with_policy(policy);
    let _ = verifier.verify(chain(), &[], None);
});
