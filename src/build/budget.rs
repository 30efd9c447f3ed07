//! The work bounds of one path search: signature checks and building steps. Every number
//! says where it came from.

/// Signature verifications allowed per verification. A real path needs one per edge
/// (under 10); rustls-webpki allows 100, which also covers generous cross-signing
/// graphs, and bounds a hostile bundle to well under 100 ms of ECDSA/RSA work.
pub const MAX_SIGNATURE_CHECKS: usize = 100;

/// Path-building steps (candidate issuers considered) per verification. Same order as
/// rustls-webpki's 200,000 build-chain calls budget; each step is cheap (no crypto).
pub const MAX_BUILD_STEPS: usize = 200_000;

/// What is left of the search's work bounds.
#[derive(Debug)]
pub(crate) struct Budget {
    /// Signature verifications left.
    pub signatures: usize,
    /// Path-building steps left.
    pub steps: usize,
}

impl Default for Budget {
    fn default() -> Self {
        Budget {
            signatures: MAX_SIGNATURE_CHECKS,
            steps: MAX_BUILD_STEPS,
        }
    }
}
