//! # certchain
//!
//! Certificate chain verification that says exactly which certificate failed and why.
//!
//! certchain takes the chain a TLS server presents (its leaf, then intermediates), builds
//! a path to a trusted root, checks every signature, validity period, constraint and
//! name on the way, and returns a [`Report`]: a verdict, the path, and findings with
//! stable codes, the depth of the certificate they concern, a message and the RFC 5280
//! or CA/Browser Forum clause they enforce.
//!
//! ```
//! use certchain::{ExpectedName, HostName, Policy, CheckTime, TrustStore, Verifier};
//!
//! let chain = include_str!("../fixtures/valid-rsa/chain.pem");
//! let roots = include_str!("../fixtures/valid-rsa/roots.pem");
//! let mut store = TrustStore::new();
//! store.add_pem("roots.pem", roots.as_bytes()).unwrap();
//! let policy = Policy { time: CheckTime::At(1_780_000_000), ..Policy::default() };
//! let verifier = Verifier::new(store, policy);
//!
//! let presented = certchain::parse_certificates(
//!     "chain.pem", chain.as_bytes(), certchain::SourceKind::Presented).unwrap();
//! let host = ExpectedName::Host(HostName::Dns("www.example.com".into()));
//! let report = verifier.verify(&presented, &[], Some(&host));
//! assert!(report.is_valid(), "{:?}", report.findings);
//! assert_eq!(report.path.len(), 3);
//! ```
//!
//! DER certificates as a TLS library hands them over (`Vec<u8>`, `&[u8]` or rustls's
//! `CertificateDer`) go to [`Verifier::verify_der`], whose [`DerError`] says which
//! certificate could not be parsed and why:
//!
//! ```
//! use certchain::{Policy, TrustStore, Verifier};
//!
//! let verifier = Verifier::new(TrustStore::new(), Policy::default());
//! let chain: Vec<Vec<u8>> = vec![vec![0x30, 0x03, 0x02, 0x01, 0x00]];
//! let err = verifier.verify_der(&chain, None).unwrap_err();
//! assert_eq!(err.position, 1);
//! assert_eq!(
//!     err.to_string(),
//!     "certificate #1 (the leaf) of the chain cannot be parsed: \
//!      not a DER X.509 certificate: expected a SEQUENCE, found an INTEGER"
//! );
//! let _: &dyn std::error::Error = &err;
//! ```
//!
//! Cargo features, all on by default: `cli` (the `certchain` binary), `connect`
//! ([`connect`], rustls), `cross-check` (`Policy::cross_check`, rustls-webpki),
//! `system-roots` (`TrustStore::system`, rustls-native-certs), `formats` (PKCS#12
//! archives, RustCrypto's pkcs12) and `batch` ([`batch`]: many chains from JSONL in
//! parallel, rayon; on with `cli`).
//! Without them the library compiles none of those crates. Off by default: `aws-lc`, a
//! second signature backend (aws-lc-rs, `Backend::AwsLc`, chosen with
//! [`Verifier::with_signature_backend`]).
#![forbid(unsafe_code)]
#![deny(missing_docs)]

// The modules, lowest layer first (tests/architecture.rs keeps every import pointing
// down this list): bytes become certificates (input, model, names), a trust store and
// a policy say what to trust and check, the builder proposes paths and asks the
// evaluator (checks) about each, the report builder (report) makes the report, the
// verifier wires them together, render writes it.
#[cfg(feature = "batch")]
pub mod batch;
mod build;
mod cache;
mod checks;
#[cfg(feature = "connect")]
pub mod connect;
mod crypto;
mod input;
mod inspect;
/// The typed data of a finding ([`Finding::details`], JSON `details`) and the kinds its
/// fields use; each message is rendered from these in one place.
pub mod details {
    pub use crate::report::details::{
        BudgetResource, ConstraintViolation, CrlProblem, Details, EkuScope, FirstError, IssuerHint,
        OcspProblem, RequiredFor, Rule, Uncovered, UnparsedAnchor, WeakKeyReason,
    };
}
pub mod limits;
mod model;
mod names;
#[cfg(feature = "online")]
pub mod online;
mod policy;
mod render;
mod report;
#[cfg(feature = "serve")]
pub mod serve;
mod store;
mod verifier;
mod wording;

pub use cache::CacheStats;
pub use crypto::Backend;
pub use input::{
    load_all, load_certificates, parse_certificates, read_certificates, InputError, Loaded,
    SkippedBlock, Source, SourceKind, SourcedCert,
};
pub use input::{load_all_with, read_certificates_with, LoadOptions, TrustSettings};
pub use inspect::{
    AccessInfo, BasicConstraintsInfo, CertificateInfo, ExtensionInfo, ImpliedRole, Inspection,
    KeyInfo, NameConstraintsInfo,
};
pub use model::crl::{Crl, CrlOrigin};
pub use model::ocsp::{OcspOrigin, OcspResponse};
pub use model::{Certificate, ParseError};
pub use names::HostName;
pub use policy::{CheckTime, ExpectedName, Policy, Profile, Purpose, RevocationScope};
pub use render::{
    inspection as render_inspection, inspection_short as render_inspection_short,
    json as render_json, text as render_text, TextOptions,
};
pub use report::details::Details;
pub use report::fetch::{Fetch, FetchKind};
pub use report::finding::{Code, Finding, Group, Severity};
pub use report::{
    Attempt, PathEntry, Report, RevocationResult, RevocationStatus, Role, SecondOpinion, Verdict,
};
pub use store::{StoreEntry, TrustStore};
pub use verifier::{DerError, Verifier};

/// Every Rust snippet of README.md, compiled and run as a doctest so the README cannot
/// drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
