//! The report builder: the one place a [`Report`] is made, from the chosen path, the
//! other paths tried and the evaluator's findings. It decides the verdict, failing
//! closed: the verdict is valid only when the chosen path was accepted, no error finding
//! stands, and the second engine (when asked) accepts too. Nothing edits a report after
//! it.

use super::fetch::Fetch;
use super::finding::Finding;
use super::{
    Attempt, PathEntry, Report, RevocationResult, RevocationStatus, Role, SecondOpinion, Verdict,
};
use crate::input::SourcedCert;
use crate::model::time::rfc3339;
use crate::policy::{ExpectedName, Policy};
use std::sync::Arc;

/// Errors of an attempt quoted in its `abandoned_because`: enough to say why, short
/// enough for one line of the text report.
const QUOTED_ERRORS: usize = 3;

/// One certificate of the path to report, as the evaluator saw it.
pub(crate) struct PathCert<'a> {
    /// The certificate and its origin.
    pub sc: &'a SourcedCert,
    /// Its role in the path (`PathView::role`, the one definition).
    pub role: Role,
    /// How its revocation was checked.
    pub revocation: RevocationStatus,
    /// What that check found.
    pub revocation_result: RevocationResult,
    /// Its signature algorithm, by name.
    pub signature_algorithm: String,
}

/// The path to report: the accepted one, else the best attempt.
pub(crate) struct Chosen<'a> {
    /// Its certificates, leaf first.
    pub certs: Vec<PathCert<'a>>,
    /// Whether it ends at a trust anchor.
    pub reached_anchor: bool,
    /// Whether the path builder's judge accepted it.
    pub accepted: bool,
}

/// Another path that was tried.
pub(crate) struct Tried<'a> {
    /// Its certificates, leaf first.
    pub certs: Vec<&'a SourcedCert>,
    /// Whether it reached a trust anchor.
    pub reached_anchor: bool,
    /// Its findings.
    pub findings: &'a [Finding],
}

/// Everything a report is made of.
pub(crate) struct Assembly<'a> {
    /// The check time, seconds since the Unix epoch.
    pub now: i64,
    /// The policy held to.
    pub policy: &'a Policy,
    /// The name checked against the leaf, if any.
    pub name: Option<&'a ExpectedName>,
    /// The path to report, if any was tried.
    pub chosen: Option<Chosen<'a>>,
    /// Every finding of the verification: the chosen path's, then those about the whole
    /// chain and the second opinion's.
    pub findings: Vec<Finding>,
    /// The other paths tried, in order.
    pub attempts: Vec<Tried<'a>>,
    /// The second engine's answer, when it was asked.
    pub second_opinion: Option<SecondOpinion>,
    /// The network requests made for this verification, in order.
    pub fetches: Vec<Fetch>,
}

/// Build the report.
pub(crate) fn assemble(a: Assembly<'_>) -> Report {
    let (path, reached_anchor, accepted) = match a.chosen {
        Some(c) => (
            c.certs
                .into_iter()
                .enumerate()
                .map(|(depth, pc)| path_entry(depth, pc))
                .collect(),
            c.reached_anchor,
            c.accepted,
        ),
        None => (Vec::new(), false, false),
    };
    let second_accepts = a
        .second_opinion
        .as_ref()
        .is_none_or(|o| o.verdict == Verdict::Valid);
    // Fail closed: no error may stand in a valid report, and with a second engine asked,
    // a chain is valid only when both accept it.
    let verdict = if accepted && second_accepts && !a.findings.iter().any(Finding::is_error) {
        Verdict::Valid
    } else {
        Verdict::Invalid
    };
    let revocation_checked = path
        .iter()
        .any(|e: &PathEntry| e.revocation != RevocationStatus::NotChecked);
    Report {
        verdict,
        checked_at: rfc3339(a.now),
        checked_at_unix: a.now,
        host: match a.name {
            Some(ExpectedName::Host(h)) => Some(h.to_string()),
            _ => None,
        },
        email: match a.name {
            Some(ExpectedName::Email(e)) => Some(e.clone()),
            _ => None,
        },
        name_checked: a.name.is_some(),
        purpose: a.policy.purpose.name(),
        profile: a.policy.profile.name(),
        revocation_checked,
        warn_days: a.policy.warn_days,
        path,
        reached_anchor,
        findings: a.findings,
        attempts: a.attempts.into_iter().map(attempt).collect(),
        second_opinion: a.second_opinion,
        fetches: a.fetches,
    }
}

fn path_entry(depth: usize, pc: PathCert<'_>) -> PathEntry {
    let c = &pc.sc.cert;
    PathEntry {
        depth,
        role: pc.role,
        subject: c.subject.text.clone(),
        issuer: c.issuer.text.clone(),
        serial: c.serial.clone(),
        not_before: rfc3339(c.not_before),
        not_after: rfc3339(c.not_after),
        sha256: c.sha256.clone(),
        key: c.key.describe(),
        signature_algorithm: pc.signature_algorithm,
        names: c.san_names().map(|n| n.describe()).collect(),
        source: pc.sc.source.clone(),
        revocation: pc.revocation,
        revocation_result: pc.revocation_result,
        cert: Arc::clone(c),
    }
}

fn attempt(t: Tried<'_>) -> Attempt {
    let errors = || t.findings.iter().filter(|f| f.is_error());
    Attempt {
        path: t.certs.iter().map(|sc| sc.cert.short_name()).collect(),
        reached_anchor: t.reached_anchor,
        abandoned_because: errors()
            .take(QUOTED_ERRORS)
            .map(|f| match f.depth {
                Some(d) => format!("[{d}] {}: {}", f.code, f.message),
                None => format!("{}: {}", f.code, f.message),
            })
            .collect::<Vec<_>>()
            .join("; "),
        findings: errors().cloned().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{parse_certificates, SourceKind};
    use crate::report::details::{Details, Rule};
    use crate::report::finding::Code;

    fn report(findings: Vec<Finding>, second: Option<Verdict>) -> Report {
        let chain = parse_certificates(
            "chain",
            include_bytes!("../../fixtures/valid-rsa/chain.pem"),
            SourceKind::Presented,
        )
        .unwrap();
        let policy = Policy::default();
        assemble(Assembly {
            now: 0,
            policy: &policy,
            name: None,
            chosen: Some(Chosen {
                certs: chain
                    .iter()
                    .map(|sc| PathCert {
                        sc,
                        role: Role::Leaf,
                        revocation: RevocationStatus::NotChecked,
                        revocation_result: RevocationResult::NotChecked,
                        signature_algorithm: String::new(),
                    })
                    .collect(),
                reached_anchor: true,
                accepted: true,
            }),
            findings,
            attempts: Vec::new(),
            second_opinion: second.map(|verdict| SecondOpinion {
                engine: "other".into(),
                verdict,
                error: None,
            }),
            fetches: Vec::new(),
        })
    }

    #[test]
    fn an_accepted_path_is_valid_only_without_errors_and_with_the_second_engine() {
        assert!(report(Vec::new(), None).is_valid());
        assert!(report(Vec::new(), Some(Verdict::Valid)).is_valid());
        // Fail closed: an error finding, or the second engine's rejection, makes it invalid.
        let error = Finding::chain(Code::Malformed, "", Details::Rule(Rule::EmptyChain));
        assert!(!report(vec![error], None).is_valid());
        assert!(!report(Vec::new(), Some(Verdict::Invalid)).is_valid());
    }
}
