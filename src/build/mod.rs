//! The path builder: proposes issuers for each certificate, checks each edge's
//! signature, detects loops and keeps to the work budget.

mod builder;

pub(crate) use builder::*;
pub use builder::{MAX_PATH_CERTS, MAX_RECORDED_ATTEMPTS};
