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
//! let presented = certchain::load::parse_certificates(
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
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod builder;
pub mod cert;
pub mod checks;
pub mod connect;
pub mod crl;
pub mod cross_check;
pub mod crypto;
pub mod details;
pub mod findings;
pub mod load;
pub mod names;
pub mod policy;
pub mod render;
pub mod report;
pub mod store;
pub mod verifier;
mod wording;

pub use cert::Certificate;
pub use details::{Details, Rule};
pub use findings::{Code, Finding, Group, Severity};
pub use load::{InputError, Source, SourceKind, SourcedCert};
pub use names::HostName;
pub use policy::{CheckTime, ExpectedName, Policy, Profile, Purpose, RevocationScope};
pub use report::{Report, Role, Verdict};
pub use store::TrustStore;
pub use verifier::{DerError, Verifier};

/// Every Rust snippet of README.md, compiled and run as a doctest so the README cannot
/// drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
