//! Every scenario, one file per family. [`all`] writes them in the order of the README
//! table. Each scenario is one `g.begin(name)` ... `g.done(...)` block: its description
//! and expected findings are written there and nowhere else.

mod ca;
mod crl;
mod defects_builder;
mod defects_engine;
mod defects_presented;
mod encoding;
mod extensions;
mod name_constraints;
mod names;
mod policy;
mod presented;
mod profiles;
mod purpose;
mod several;
mod signatures;
mod trust;
mod valid;
mod validity;

use crate::gen::Gen;

/// Write every scenario, in order.
pub(crate) fn all(g: &mut Gen) {
    valid::paths(g);
    validity::basics(g);
    signatures::basics(g);
    trust::basics(g);
    ca::basics(g);
    purpose::basics(g);
    names::basics(g);
    name_constraints::basics(g);
    extensions::basics(g);
    presented::basics(g);
    several::all(g);
    // One scenario per rule certchain enforces to pass the x509-limbo suite, each with a
    // single defect (and what it necessarily implies), so that `cargo test` guards the
    // rule without the suite: from leaf-without-eku to crl-other-issuer.
    purpose::subscriber_eku(g);
    profiles::private_pki(g);
    names::common_name(g);
    name_constraints::rules(g);
    extensions::key_identifiers(g);
    encoding::serial_numbers(g);
    extensions::table(g);
    ca::key_cert_sign(g);
    trust::anchors(g);
    policy::constraints(g);
    ca::path_length(g);
    encoding::encoding(g);
    signatures::weak_keys(g);
    crl::rules(g);
    policy::explicit(g);
    defects_presented::all(g);
    defects_builder::all(g);
    defects_engine::all(g);
}
