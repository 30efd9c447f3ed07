//! The certificate model: what a parsed certificate and a parsed CRL hold, and how
//! certchain writes times. Everything above the input layer reads these types; nothing
//! here reads files or knows about paths, checks or reports.

mod certificate;
pub(crate) mod crl;
pub(crate) mod time;

pub use certificate::*;
