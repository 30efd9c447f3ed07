//! OCSP responses (`OcspResponse::parse`, DER as `openssl ocsp -respout` writes), then
//! the response given to a verification of the valid-rsa fixture (status matching,
//! responder and signature checks).
#![no_main]

use certchain::{RevocationScope, SourceKind};
use certchain_fuzz::{fixture_verifier, policy, FIXTURES};
use libfuzzer_sys::fuzz_target;
use std::sync::{Arc, OnceLock};

fn chain() -> &'static Vec<certchain::SourcedCert> {
    static CHAIN: OnceLock<Vec<certchain::SourcedCert>> = OnceLock::new();
    CHAIN.get_or_init(|| {
        let path = format!("{FIXTURES}/valid-rsa/chain.pem");
        let bytes = std::fs::read(&path).expect("valid-rsa/chain.pem");
        certchain::parse_certificates(&path, &bytes, SourceKind::Presented).expect("chain")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(response) = certchain::OcspResponse::parse("input.der", data) else {
        return;
    };
    let mut policy = policy();
    policy.ocsp_responses = vec![Arc::new(response)];
    policy.require_revocation = Some(RevocationScope::Leaf);
    let verifier = fixture_verifier().with_policy(policy);
    let _ = verifier.verify(chain(), &[], None);
});
