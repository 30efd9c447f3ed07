//! Rendering a [`Report`] as JSON: the serde form of the report types.

use crate::report::Report;

/// The report as pretty-printed JSON: the document `certchain verify --format json`
/// prints under its `report` key.
///
/// ```
/// use certchain::{Policy, TrustStore, Verifier};
///
/// let report = Verifier::new(TrustStore::new(), Policy::default()).verify(&[], &[], None);
/// let json = certchain::render_json(&report);
/// assert!(json.contains("\"verdict\": \"invalid\""));
/// ```
pub fn json(r: &Report) -> String {
    r.to_json()
}
