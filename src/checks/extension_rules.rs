//! Extension rules as data: for each role (leaf, intermediate, anchor) and each
//! extension, whether it must be present, may be, or must be absent, whether it must be
//! critical, under which profile, and the clause. One row per requirement in [`RULES`],
//! read by one small loop ([`check`]); pyca's per-extension policy tables.
//!
//! Rules about an extension's *values* stay small functions beside the family they belong
//! to: cA and pathLenConstraint in `ca.rs`, the extKeyUsage purposes in `purpose.rs`, the
//! commonName and SAN syntax in `extensions.rs`.
//!
//! An extension counts as present when it is in the certificate and its value decodes
//! (one that does not decode is reported once as `malformed` and is otherwise absent);
//! its criticality is read as encoded.
//!
//! # Adding a rule
//! 1. Add one row to [`RULES`]: the extension (a typed constant of `model::oid`), the
//!    roles, the profile ([`BOTH`] or [`WEBPKI`]), any conditions ([`When`]), the presence,
//!    the criticality, the clause, and what it says ([`Says`]). `Says::Generic` reports
//!    `profile_violation` with a message naming the extension.
//! 2. Only when the generic message does not fit: a `Rule` variant in
//!    src/report/details.rs (its message is rendered there) and `Says::Rule` in the row.
//! 3. Add its scenario to `table` in examples/gen-fixtures/scenarios/extensions.rs (a
//!    certificate breaking the row, with its expected finding), run
//!    `cargo run --example gen-fixtures` and `cargo test --test fixtures`.
//!
//! A rule that reads a value (a bit, a field, a list) is a small function instead, beside
//! its family, with its clause on the line above.

use super::Ctx;
use crate::model::{extension_name, oid, Certificate, RawExtension};
use crate::policy::{Profile, Purpose};
use crate::report::details::{Details, EkuScope, Rule};
use crate::report::finding::{Code, Findings};
use crate::report::Role;
use x509_parser::asn1_rs::Oid;

/// Whether an extension must be present.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Presence {
    /// It must be present (and decode).
    Required,
    /// It may be present.
    Optional,
    /// It must be absent.
    Forbidden,
}

/// Whether an extension, when present, must be critical.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Criticality {
    /// It must be marked critical.
    Critical,
    /// It must not be marked critical.
    NonCritical,
    /// Either.
    Either,
}

impl Criticality {
    fn allows(self, critical: bool) -> bool {
        match self {
            Criticality::Critical => critical,
            Criticality::NonCritical => !critical,
            Criticality::Either => true,
        }
    }
}

/// The roles a row applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Roles {
    leaf: bool,
    intermediate: bool,
    anchor: bool,
}

/// Every certificate.
pub(crate) const ALL: Roles = Roles {
    leaf: true,
    intermediate: true,
    anchor: true,
};
/// The end-entity certificate verified.
pub(crate) const LEAF: Roles = Roles {
    leaf: true,
    intermediate: false,
    anchor: false,
};
/// Intermediates and the trust anchor.
pub(crate) const CA: Roles = Roles {
    leaf: false,
    intermediate: true,
    anchor: true,
};
/// The trust anchor.
pub(crate) const ANCHOR: Roles = Roles {
    leaf: false,
    intermediate: false,
    anchor: true,
};

impl Roles {
    fn contains(self, role: Role) -> bool {
        match role {
            Role::Leaf => self.leaf,
            Role::Intermediate => self.intermediate,
            Role::Anchor => self.anchor,
        }
    }
}

/// Under every profile.
pub(crate) const BOTH: Option<Profile> = None;
/// Under the Web PKI profile (CA/B Forum Baseline Requirements) only.
pub(crate) const WEBPKI: Option<Profile> = Some(Profile::WebPki);

/// A fact a row needs besides the role and the profile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum When {
    /// The certificate issued the one below it in this path (a trust anchor verified as
    /// itself issued nothing).
    Issuer,
    /// basicConstraints asserts cA.
    Ca,
    /// basicConstraints is absent or does not assert cA.
    NotCa,
    /// Subject and issuer are the same name (RFC 5280 6.1).
    SelfIssued,
    /// Subject and issuer differ.
    NotSelfIssued,
    /// The subject name is empty.
    SubjectEmpty,
    /// The subject name is not empty.
    SubjectNotEmpty,
    /// The verification is for a TLS server (the CA/B Forum profile of subscriber and
    /// root certificates is a TLS server profile).
    TlsServer,
}

/// What a row reports when a certificate breaks it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Says {
    /// `profile_violation` naming the extension: `Rule::Criticality`,
    /// `Rule::ExtensionMissing` or `Rule::ExtensionForbidden`.
    Generic,
    /// `profile_violation` with a message of its own.
    Rule(Rule),
    /// `eku_mismatch`: a TLS server leaf without extKeyUsage.
    EkuMissing,
    /// `missing_key_cert_sign`: a CA certificate without keyUsage.
    KeyUsageMissing,
}

/// One requirement on one extension.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ExtensionRule {
    /// The extension.
    pub extension: Oid<'static>,
    /// The roles the row applies to.
    pub roles: Roles,
    /// The profile it applies under (`None`: every profile).
    pub profile: Option<Profile>,
    /// Further facts it needs, all of them.
    pub when: &'static [When],
    /// Whether the extension must be present.
    pub presence: Presence,
    /// Whether it must be critical when present.
    pub criticality: Criticality,
    /// The clause, shown with the finding.
    pub clause: &'static str,
    /// What a violation reports.
    pub says: Says,
}

/// The extension rules, one requirement per row, in the order findings are reported.
pub(crate) const RULES: &[ExtensionRule] = &[
    // RFC 5280 4.2.1.1: keyIdentifier MUST be present except in self-signed certificates
    // (its contents are checked in extensions.rs); the extension MUST be non-critical.
    ExtensionRule {
        extension: oid::AKI,
        roles: ALL,
        profile: BOTH,
        when: &[When::NotSelfIssued],
        presence: Presence::Required,
        criticality: Criticality::Either,
        clause: "RFC 5280 4.2.1.1",
        says: Says::Rule(Rule::AkiMissing),
    },
    ExtensionRule {
        extension: oid::AKI,
        roles: ALL,
        profile: BOTH,
        when: &[],
        presence: Presence::Optional,
        criticality: Criticality::NonCritical,
        clause: "RFC 5280 4.2.1.1",
        says: Says::Generic,
    },
    // RFC 5280 4.2.1.2: subjectKeyIdentifier MUST appear in CA certificates, non-critical.
    ExtensionRule {
        extension: oid::SKI,
        roles: CA,
        profile: BOTH,
        when: &[],
        presence: Presence::Required,
        criticality: Criticality::Either,
        clause: "RFC 5280 4.2.1.2",
        says: Says::Rule(Rule::SkiMissing),
    },
    ExtensionRule {
        extension: oid::SKI,
        roles: ALL,
        profile: BOTH,
        when: &[],
        presence: Presence::Optional,
        criticality: Criticality::NonCritical,
        clause: "RFC 5280 4.2.1.2",
        says: Says::Generic,
    },
    // RFC 5280 4.2.1.3: "Conforming CAs MUST include this extension in certificates that
    // contain public keys that are used to validate digital signatures on other public
    // key certificates"; CA/B BR 7.1.2.10.7 (and 7.1.2.1.2 for roots): a CA certificate's
    // keyUsage is present. Path validation (RFC 5280 6.1.4 (n)) only looks at keyCertSign
    // when the extension is present, so `--profile rfc5280` accepts its absence.
    ExtensionRule {
        extension: oid::KEY_USAGE,
        roles: CA,
        profile: WEBPKI,
        when: &[When::Issuer],
        presence: Presence::Required,
        criticality: Criticality::Either,
        clause: "CA/B BR 7.1.2.10.7",
        says: Says::KeyUsageMissing,
    },
    // RFC 5280 4.2.1.9: in CA certificates basicConstraints MUST be critical (an issuer
    // without it, or without cA, is not_a_ca: ca.rs).
    ExtensionRule {
        extension: oid::BASIC_CONSTRAINTS,
        roles: CA,
        profile: BOTH,
        when: &[When::Issuer, When::Ca],
        presence: Presence::Optional,
        criticality: Criticality::Critical,
        clause: "RFC 5280 4.2.1.9",
        says: Says::Rule(Rule::BasicConstraintsNotCritical),
    },
    // RFC 5280 4.1.2.6: a certificate whose subject is empty names its subject in
    // subjectAltName; 4.2.1.6: which is then critical (a CA's subject is never empty:
    // extensions.rs).
    ExtensionRule {
        extension: oid::SAN,
        roles: LEAF,
        profile: BOTH,
        when: &[When::SubjectEmpty],
        presence: Presence::Required,
        criticality: Criticality::Either,
        clause: "RFC 5280 4.1.2.6",
        says: Says::Rule(Rule::EmptySubjectNoSan),
    },
    ExtensionRule {
        extension: oid::SAN,
        roles: LEAF,
        profile: BOTH,
        when: &[When::SubjectEmpty],
        presence: Presence::Optional,
        criticality: Criticality::Critical,
        clause: "RFC 5280 4.2.1.6",
        says: Says::Rule(Rule::EmptySubjectSanNotCritical),
    },
    // CA/B BR 7.1.2.7.12: a subscriber certificate carries subjectAltName, non-critical
    // when the subject is not empty.
    ExtensionRule {
        extension: oid::SAN,
        roles: LEAF,
        profile: WEBPKI,
        when: &[When::TlsServer],
        presence: Presence::Required,
        criticality: Criticality::Either,
        clause: "CA/B BR 7.1.2.7.12",
        says: Says::Rule(Rule::SanMissing),
    },
    ExtensionRule {
        extension: oid::SAN,
        roles: LEAF,
        profile: WEBPKI,
        when: &[When::TlsServer, When::SubjectNotEmpty],
        presence: Presence::Optional,
        criticality: Criticality::NonCritical,
        clause: "CA/B BR 7.1.2.7.12",
        says: Says::Rule(Rule::SanCritical),
    },
    // CA/B BR 7.1.2.7.10: a subscriber certificate carries extKeyUsage (its purposes are
    // checked in extensions.rs and purpose.rs); 7.1.2.7.6: non-critical.
    ExtensionRule {
        extension: oid::EKU,
        roles: LEAF,
        profile: WEBPKI,
        when: &[When::TlsServer],
        presence: Presence::Required,
        criticality: Criticality::Either,
        clause: "CA/B BR 7.1.2.7.10",
        says: Says::EkuMissing,
    },
    ExtensionRule {
        extension: oid::EKU,
        roles: LEAF,
        profile: WEBPKI,
        when: &[When::TlsServer],
        presence: Presence::Optional,
        criticality: Criticality::NonCritical,
        clause: "CA/B BR 7.1.2.7.6",
        says: Says::Rule(Rule::EkuCritical),
    },
    // CA/B BR 7.1.2.1.2: a root CA certificate MUST NOT carry extKeyUsage.
    ExtensionRule {
        extension: oid::EKU,
        roles: ANCHOR,
        profile: WEBPKI,
        when: &[When::TlsServer, When::SelfIssued],
        presence: Presence::Forbidden,
        criticality: Criticality::Either,
        clause: "CA/B BR 7.1.2.1.2",
        says: Says::Rule(Rule::RootEku),
    },
    // RFC 5280 4.2.1.5: policyMappings SHOULD be critical; certchain holds CAs to it.
    ExtensionRule {
        extension: oid::POLICY_MAPPINGS,
        roles: ALL,
        profile: BOTH,
        when: &[],
        presence: Presence::Optional,
        criticality: Criticality::Critical,
        clause: "RFC 5280 4.2.1.5",
        says: Says::Generic,
    },
    // RFC 5280 4.2.1.11: policyConstraints MUST be critical.
    ExtensionRule {
        extension: oid::POLICY_CONSTRAINTS,
        roles: ALL,
        profile: BOTH,
        when: &[],
        presence: Presence::Optional,
        criticality: Criticality::Critical,
        clause: "RFC 5280 4.2.1.11",
        says: Says::Generic,
    },
    // RFC 5280 4.2.1.14: inhibitAnyPolicy MUST be critical.
    ExtensionRule {
        extension: oid::INHIBIT_ANY_POLICY,
        roles: ALL,
        profile: BOTH,
        when: &[],
        presence: Presence::Optional,
        criticality: Criticality::Critical,
        clause: "RFC 5280 4.2.1.14",
        says: Says::Generic,
    },
    // RFC 5280 4.2.2.1: authorityInfoAccess MUST be non-critical.
    ExtensionRule {
        extension: oid::AIA,
        roles: ALL,
        profile: BOTH,
        when: &[],
        presence: Presence::Optional,
        criticality: Criticality::NonCritical,
        clause: "RFC 5280 4.2.2.1",
        says: Says::Generic,
    },
    // RFC 5280 4.2.2.2: subjectInfoAccess MUST be non-critical.
    ExtensionRule {
        extension: oid::SIA,
        roles: ALL,
        profile: BOTH,
        when: &[],
        presence: Presence::Optional,
        criticality: Criticality::NonCritical,
        clause: "RFC 5280 4.2.2.2",
        says: Says::Generic,
    },
    // RFC 5280 4.2.1.13: cRLDistributionPoints SHOULD be non-critical: either is accepted.
    ExtensionRule {
        extension: oid::CRL_DP,
        roles: ALL,
        profile: BOTH,
        when: &[],
        presence: Presence::Optional,
        criticality: Criticality::Either,
        clause: "RFC 5280 4.2.1.13",
        says: Says::Generic,
    },
    // RFC 5280 4.2.1.10: nameConstraints "MUST be used only in a CA certificate" (a CA
    // certificate verified as the leaf may carry it), and MUST be critical (its contents:
    // extensions.rs).
    ExtensionRule {
        extension: oid::NAME_CONSTRAINTS,
        roles: LEAF,
        profile: BOTH,
        when: &[When::NotCa],
        presence: Presence::Forbidden,
        criticality: Criticality::Either,
        clause: "RFC 5280 4.2.1.10",
        says: Says::Rule(Rule::NameConstraintsInLeaf),
    },
    ExtensionRule {
        extension: oid::NAME_CONSTRAINTS,
        roles: ALL,
        profile: BOTH,
        when: &[],
        presence: Presence::Optional,
        criticality: Criticality::Critical,
        clause: "RFC 5280 4.2.1.10",
        says: Says::Generic,
    },
];

/// How a certificate breaks a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Violation {
    /// A required extension is absent.
    Missing,
    /// A forbidden extension is present.
    Present,
    /// The extension has the wrong criticality (the value: whether it is critical).
    Criticality(bool),
}

impl ExtensionRule {
    /// Whether the row applies to this certificate in this role, under this policy.
    fn applies(&self, cert: &Certificate, role: Role, issuer: bool, ctx: &Ctx<'_>) -> bool {
        self.roles.contains(role)
            && self.profile.is_none_or(|p| p == ctx.policy.profile)
            && self.when.iter().all(|w| match w {
                When::Issuer => issuer,
                When::Ca => cert.is_ca(),
                When::NotCa => !cert.is_ca(),
                When::SelfIssued => cert.is_self_issued(),
                When::NotSelfIssued => !cert.is_self_issued(),
                When::SubjectEmpty => cert.subject.is_empty(),
                When::SubjectNotEmpty => !cert.subject.is_empty(),
                When::TlsServer => ctx.policy.purpose == Purpose::ServerAuth,
            })
    }

    /// How the certificate breaks the row, if it does.
    fn violation(&self, cert: &Certificate) -> Option<Violation> {
        let ext: Option<&RawExtension> = cert.extension(&self.extension);
        let decoded = ext.is_some_and(|e| e.decoded);
        match self.presence {
            Presence::Required if !decoded => return Some(Violation::Missing),
            Presence::Forbidden if decoded => return Some(Violation::Present),
            _ => {}
        }
        ext.filter(|e| !self.criticality.allows(e.critical))
            .map(|e| Violation::Criticality(e.critical))
    }

    /// The finding a violation reports.
    fn finding(&self, violation: Violation) -> (Code, Details) {
        let extension = || extension_name(&self.extension);
        match (&self.says, violation) {
            (Says::Rule(rule), _) => (Code::ProfileViolation, Details::Rule(rule.clone())),
            (Says::EkuMissing, _) => (
                Code::EkuMismatch,
                Details::EkuMismatch {
                    purpose: Purpose::ServerAuth.name(),
                    required: "serverAuth".into(),
                    allowed: None,
                    scope: EkuScope::Missing,
                },
            ),
            (Says::KeyUsageMissing, _) => (
                Code::MissingKeyCertSign,
                Details::MissingKeyCertSign { key_usage: None },
            ),
            (Says::Generic, Violation::Missing) => (
                Code::ProfileViolation,
                Details::Rule(Rule::ExtensionMissing {
                    extension: extension(),
                }),
            ),
            (Says::Generic, Violation::Present) => (
                Code::ProfileViolation,
                Details::Rule(Rule::ExtensionForbidden {
                    extension: extension(),
                }),
            ),
            (Says::Generic, Violation::Criticality(critical)) => (
                Code::ProfileViolation,
                Details::Rule(Rule::Criticality {
                    extension: extension(),
                    critical,
                }),
            ),
        }
    }
}

/// Every row of [`RULES`] that applies to the certificate at `depth` in `role`.
pub(crate) fn check(
    cert: &Certificate,
    depth: usize,
    role: Role,
    ctx: &Ctx<'_>,
    out: &mut Findings,
) {
    // Only a certificate above the leaf issued one in this path; a trust anchor verified
    // as itself (depth 0) issued nothing.
    let issuer = depth > 0;
    for rule in RULES {
        if !rule.applies(cert, role, issuer, ctx) {
            continue;
        }
        if let Some(v) = rule.violation(cert) {
            let (code, details) = rule.finding(v);
            out.push(depth, code, rule.clause, details);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{parse_certificates, SourceKind};

    #[test]
    fn every_row_has_a_clause_and_checks_something() {
        for r in RULES {
            assert!(
                r.clause.starts_with("RFC 5280 ") || r.clause.starts_with("CA/B BR "),
                "{r:?}"
            );
            assert!(
                r.roles
                    != Roles {
                        leaf: false,
                        intermediate: false,
                        anchor: false
                    }
            );
        }
    }

    #[test]
    fn a_row_checks_presence_or_criticality_not_both() {
        // One requirement per row, so each finding has one clause and one message.
        for r in RULES {
            assert!(
                r.presence == Presence::Optional || r.criticality == Criticality::Either,
                "{r:?}"
            );
        }
    }

    /// The issuer checks of ca.rs and this table for `cert` as the anchor at depth 1.
    fn issuer_findings(cert: &Certificate, profile: Profile) -> Vec<(Code, String)> {
        let policy = crate::policy::Policy {
            profile,
            ..Default::default()
        };
        let ctx = Ctx {
            now: 0,
            policy: &policy,
            name: None,
            backend: &crate::crypto::RingBackend,
        };
        let mut out = Findings::default();
        super::super::ca::check_issuer(cert, 1, &mut out);
        check(cert, 1, Role::Anchor, &ctx, &mut out);
        out.0.into_iter().map(|f| (f.code, f.message)).collect()
    }

    #[test]
    fn every_bundled_mozilla_root_passes_the_issuer_checks_under_webpki() {
        // CA/B BR 7.1.2.10.7 keyUsage presence must not turn a root of the bundled store
        // into an invalid anchor or issuer (old roots may break other profile rows, e.g.
        // no subjectKeyIdentifier: those are reported, not asserted here).
        let pem = include_bytes!("../../roots/mozilla-roots.pem");
        let roots = parse_certificates("mozilla-roots.pem", pem, SourceKind::RootStore).unwrap();
        assert!(roots.len() > 100, "{} roots", roots.len());
        for r in &roots {
            let found: Vec<_> = issuer_findings(&r.cert, Profile::WebPki)
                .into_iter()
                .filter(|(c, _)| matches!(c, Code::MissingKeyCertSign | Code::NotACa))
                .collect();
            assert_eq!(found, vec![], "{}", r.cert.short_name());
        }
    }

    #[test]
    fn a_ca_without_key_usage_is_missing_key_cert_sign_under_webpki_only() {
        let pem = include_bytes!("../../fixtures/root-without-key-usage/roots.pem");
        let root = &parse_certificates("roots.pem", pem, SourceKind::RootStore).unwrap()[0];
        assert!(root.cert.key_usage.is_none());
        let found = issuer_findings(&root.cert, Profile::WebPki);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, Code::MissingKeyCertSign);
        assert!(found[0].1.starts_with(
            "has no keyUsage extension; a CA certificate must carry one asserting keyCertSign"
        ));
        assert_eq!(issuer_findings(&root.cert, Profile::Rfc5280), vec![]);
    }

    #[test]
    fn a_generic_row_names_the_extension() {
        let pem = include_bytes!("../../fixtures/valid-rsa/chain.pem");
        let leaf = &parse_certificates("chain.pem", pem, SourceKind::Presented).unwrap()[0];
        let policy = crate::policy::Policy::default();
        let ctx = Ctx {
            now: 0,
            policy: &policy,
            name: None,
            backend: &crate::crypto::RingBackend,
        };
        let row = |presence| ExtensionRule {
            extension: if presence == Presence::Required {
                oid::NAME_CONSTRAINTS
            } else {
                oid::SAN
            },
            roles: LEAF,
            profile: BOTH,
            when: &[],
            presence,
            criticality: Criticality::Either,
            clause: "RFC 5280 4.2",
            says: Says::Generic,
        };
        assert!(row(Presence::Optional).applies(&leaf.cert, Role::Leaf, false, &ctx));
        assert!(!row(Presence::Optional).applies(&leaf.cert, Role::Anchor, true, &ctx));
        let missing = row(Presence::Required);
        let v = missing.violation(&leaf.cert).unwrap();
        assert_eq!(
            missing.finding(v).1.message(),
            "no nameConstraints (2.5.29.30); it MUST be present in this certificate"
        );
        let forbidden = row(Presence::Forbidden);
        let v = forbidden.violation(&leaf.cert).unwrap();
        assert_eq!(
            forbidden.finding(v).1.message(),
            "carries subjectAltName (2.5.29.17), which MUST be absent in this certificate"
        );
    }
}
