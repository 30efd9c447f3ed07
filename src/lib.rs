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
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod builder;
pub mod cert;
pub mod checks;
pub mod connect;
pub mod crl;
pub mod cross_check;
pub mod crypto;
pub mod findings;
pub mod load;
pub mod names;
pub mod policy;
pub mod render;
pub mod report;
pub mod store;
pub mod verifier;

pub use cert::Certificate;
pub use findings::{Code, Finding, Severity};
pub use load::{InputError, Source, SourceKind, SourcedCert};
pub use names::HostName;
pub use policy::{CheckTime, ExpectedName, Policy, Profile, Purpose, RevocationScope};
pub use report::{Report, Role, Verdict};
pub use store::TrustStore;
pub use verifier::Verifier;
