//! Certificate policies and policy constraints (RFC 5280 4.2.1.4, 4.2.1.11, 6.1).

use crate::der::der;
use crate::gen::Gen;
use crate::oids::{ANY_POLICY, OID_POLICY_CONSTRAINTS, POLICY_DV, POLICY_PRIVATE};
use crate::templates::{asserting, requiring_explicit_policy, rsa_path};
use rcgen::CustomExtension;

/// policyConstraints (RFC 5280 4.2.1.11).
pub(crate) fn constraints(g: &mut Gen) {
    g.begin("policy-constraints-not-critical");
    // inhibitPolicyMapping 0: harmless here, as no certificate maps policies
    let constraints =
        CustomExtension::from_oid_content(OID_POLICY_CONSTRAINTS, der(0x30, &der(0x81, &[0])));
    let c = g.path(rsa_path().int(|p| p.custom_extensions = vec![constraints]));
    g.done(c.scenario(
        "the intermediate's policyConstraints (inhibitPolicyMapping 0, with no policy mapping \
        anywhere) is not critical; RFC 5280 4.2.1.11: conforming CAs MUST mark it critical",
        &[(Some(1), "profile_violation")],
    ));
}

/// Certificate policies (RFC 5280 6.1, with certchain's inputs: user-initial-policy-set
/// {anyPolicy}, no initial-* flag): a path fails only when a CA requires an explicit
/// policy that the path does not carry.
pub(crate) fn explicit(g: &mut Gen) {
    g.begin("policy-required-missing");
    let c = g.path(rsa_path().int(requiring_explicit_policy(POLICY_DV)));
    g.done(c.scenario(
        "the intermediate asserts the policy 2.23.140.1.2.1 and requires an explicit policy \
        (critical policyConstraints, requireExplicitPolicy 0); the leaf has no \
        certificatePolicies, so no policy is valid for the path (RFC 5280 6.1.3 (d), (f))",
        &[(Some(0), "policy_required")],
    ));

    g.begin("policy-required-met");
    let c = g.path(
        rsa_path()
            .int(requiring_explicit_policy(POLICY_DV))
            .leaf(asserting(POLICY_DV)),
    );
    g.done(c.scenario(
        "the same intermediate (policy 2.23.140.1.2.1, requireExplicitPolicy 0); the leaf asserts \
        2.23.140.1.2.1 too, a policy valid for the path (RFC 5280 6.1.3 (d)): valid",
        &[],
    ));

    g.begin("policy-any-policy-ca");
    let c = g.path(
        rsa_path()
            .int(requiring_explicit_policy(ANY_POLICY))
            .leaf(asserting(POLICY_PRIVATE)),
    );
    g.done(c.scenario(
        "the intermediate asserts anyPolicy (2.5.29.32.0) and requires an explicit policy \
        (requireExplicitPolicy 0); the leaf asserts the private policy 1.3.6.1.4.1.99999.1, which \
        anyPolicy admits (RFC 5280 6.1.3 (d) (1) (ii)): valid",
        &[],
    ));
}
