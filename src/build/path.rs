//! A candidate path as the builder hands it to its judge, and the one definition of a
//! certificate's role in it.

use crate::model::Certificate;
use crate::report::finding::Finding;
use crate::report::Role;

/// One path under evaluation, leaf first.
pub(crate) struct PathView<'a> {
    /// The certificates, leaf first.
    pub certs: Vec<&'a Certificate>,
    /// Whether the last certificate is a trust anchor.
    pub reached_anchor: bool,
}

impl PathView<'_> {
    /// The role of the certificate at `depth`: the one definition, used by the checks and
    /// by the report. A path that is a trust anchor alone (the certificate verified is
    /// itself in the trust store) checks a root (a self-issued CA certificate, which can
    /// only ever be an anchor) as the anchor it is; any other certificate is checked as
    /// the leaf it was presented as, though the store trusts it.
    pub fn role(&self, depth: usize) -> Role {
        let root = |c: &Certificate| c.is_ca() && c.is_self_issued();
        let last = depth.checked_add(1) == Some(self.certs.len());
        let lone_root = depth == 0 && self.certs.first().is_some_and(|c| root(c));
        if self.reached_anchor && last && (depth > 0 || lone_root) {
            Role::Anchor
        } else if depth == 0 {
            Role::Leaf
        } else {
            Role::Intermediate
        }
    }

    /// Whether the certificate at `depth` acts as a CA in this path (it issued the one
    /// below it, or it is the anchor).
    pub fn is_issuer(&self, depth: usize) -> bool {
        depth > 0
    }
}

/// The judge of the paths the builder proposes: the evaluator, seen from the builder,
/// which knows nothing of the rules. The builder checks each edge's signature itself;
/// the judge runs every other rule over a path and returns its findings. A complete path
/// (reaching an anchor) whose findings, with its edges', hold no error ends the search.
pub(crate) trait PathJudge {
    /// The findings of every rule over `path`, in any order.
    fn judge(&mut self, path: &PathView<'_>) -> Vec<Finding>;
}
