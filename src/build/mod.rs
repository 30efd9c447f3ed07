//! The path builder: proposes issuers for each certificate, checks each edge's
//! signature, detects loops and keeps to the work budget. Whether a complete path is
//! acceptable is asked of a [`PathJudge`] (the evaluator, wired in by the verifier): the
//! builder imports no rule.

mod budget;
mod builder;
mod path;
pub(crate) mod signature;

pub use budget::{MAX_BUILD_STEPS, MAX_SIGNATURE_CHECKS};
pub(crate) use builder::Builder;
pub use builder::{MAX_PATH_CERTS, MAX_RECORDED_ATTEMPTS};
pub(crate) use path::{PathJudge, PathView};
