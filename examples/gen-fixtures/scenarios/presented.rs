//! The presented chain: order, extra, duplicate and included-root certificates.

use crate::gen::{Gen, Scenario};
use crate::keys::RSA_INT2;
use crate::templates::{ca_params, rsa_path};

/// The order and contents of what the server sends.
pub(crate) fn basics(g: &mut Gen) {
    g.begin("out-of-order");
    let [root, int1, int2, leaf] = g.two_intermediates(|_| {});
    g.done(Scenario::new(
        "two intermediates sent root side first (leaf, intermediate 1, intermediate 2): valid, \
        with a warning",
        &[(None, "chain_out_of_order")],
        vec![leaf, int1, int2],
        vec![root],
    ));

    g.begin("unused-certificate");
    let c = g.path(rsa_path());
    let other_root = g.unrelated_root();
    let other_int_params = ca_params("Certchain Unrelated Intermediate CA");
    let other_int = g.ca("other-int", other_int_params, RSA_INT2, Some(&other_root));
    g.done(Scenario::new(
        "the server also sends an unrelated CA certificate that is not on the path: valid, with a \
        warning",
        &[(None, "unused_certificate")],
        vec![c.leaf, c.int, other_int],
        vec![c.root],
    ));

    g.begin("duplicate-certificate");
    let c = g.path(rsa_path());
    g.done(Scenario::new(
        "the intermediate is sent twice: valid, with a warning",
        &[(None, "duplicate_certificate")],
        vec![c.leaf, c.int.clone(), c.int],
        vec![c.root],
    ));

    g.begin("root-included");
    let c = g.path(rsa_path());
    g.done(Scenario::new(
        "the server sends the trusted root at the end of its chain: valid, with a warning",
        &[(None, "root_included")],
        vec![c.leaf, c.int, c.root.clone()],
        vec![c.root],
    ));
}
