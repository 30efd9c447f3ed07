//! The certificate model: what a parsed certificate and a parsed CRL hold, the OIDs
//! certchain knows, and how it writes times. Everything above reads these types; nothing
//! here reads files or knows about paths, checks or reports.

mod certificate;
pub(crate) mod crl;
mod der_shape;
mod general_name;
mod name;
pub(crate) mod ocsp;
pub(crate) mod oid;
mod parse;
pub(crate) mod time;

pub use certificate::*;
pub use general_name::GeneralName;
pub use name::DistinguishedName;
pub(crate) use oid::extension_name;
pub use parse::ParseError;
