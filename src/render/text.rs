//! Rendering a [`Report`] as text for a person: the policy checked, the path as a short tree, a
//! block per certificate with a mark per family of checks, and a final one-line verdict.

use crate::model::time::{relative_validity, span};
use crate::policy::Profile;
use crate::report::details::Details;
use crate::report::finding::{Finding, Group, Severity};
use crate::report::{PathEntry, Report, RevocationStatus, Role, Verdict};
use std::fmt::Write;

/// How to render.
///
/// ```
/// use certchain::{CheckTime, Policy, SourceKind, TextOptions, TrustStore, Verifier};
///
/// let mut store = TrustStore::new();
/// store.add_pem("roots.pem", include_bytes!("../../fixtures/valid-rsa/roots.pem")).unwrap();
/// let chain = certchain::parse_certificates(
///     "chain.pem", include_bytes!("../../fixtures/valid-rsa/chain.pem"), SourceKind::Presented,
/// ).unwrap();
/// let policy = Policy { time: CheckTime::At(1_780_000_000), ..Policy::default() };
/// let report = Verifier::new(store, policy).verify(&chain, &[], None);
///
/// let opts = TextOptions { color: false, store: Some("roots.pem (1)".into()) };
/// let text = certchain::render_text(&report, &opts);
/// assert!(text.contains("\nVALID: CN=www.example.com -> "), "{text}");
/// assert!(text.contains("Trust store: roots.pem (1)"));
/// assert!(!text.contains('\x1b'));
///
/// let coloured = certchain::render_text(&report, &TextOptions { color: true, ..opts });
/// assert!(coloured.contains('\x1b'));
/// ```
#[derive(Clone, Debug, Default)]
pub struct TextOptions {
    /// Use ANSI colours.
    pub color: bool,
    /// A description of the trust store, e.g. "bundled Mozilla roots (118)".
    pub store: Option<String>,
}

/// ANSI colours, or none (shared with `inspect.rs`).
pub(super) struct Paint {
    pub(super) on: bool,
}

impl Paint {
    pub(super) fn wrap(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    pub(super) fn red(&self, s: &str) -> String {
        self.wrap("1;31", s)
    }
    pub(super) fn green(&self, s: &str) -> String {
        self.wrap("1;32", s)
    }
    pub(super) fn yellow(&self, s: &str) -> String {
        self.wrap("33", s)
    }
    pub(super) fn bold(&self, s: &str) -> String {
        self.wrap("1", s)
    }
    pub(super) fn dim(&self, s: &str) -> String {
        self.wrap("2", s)
    }
}

/// One finding: mark, code, message and clause (shared with `inspect.rs`).
pub(super) fn finding_line(p: &Paint, f: &Finding) -> String {
    let mark = match f.severity {
        Severity::Error => p.red("✗"),
        Severity::Warning => p.yellow("!"),
    };
    let clause = f
        .clause
        .map(|c| p.dim(&format!(" [{c}]")))
        .unwrap_or_default();
    format!("{mark} {}: {}{clause}", f.code, f.message)
}

/// The role the text shows: the last certificate of a path that reached an anchor is
/// shown as the trust anchor it is, even when it was checked as the leaf it was
/// presented as (a trusted leaf; see `PathView::role`).
/// Whether the certificate is where the path ends at the trust store: trusted as it is,
/// so nothing above it signed it. A trust anchor, or a leaf that is itself in the store.
fn trusted_as_is(r: &Report, e: &PathEntry) -> bool {
    r.reached_anchor && e.depth.checked_add(1) == Some(r.path.len())
}

/// The role as the block title shows it: the report's role (`PathView::role`, the one
/// definition), with a leaf that is itself in the trust store said so.
fn role_label(r: &Report, e: &PathEntry) -> &'static str {
    match e.role {
        Role::Leaf if trusted_as_is(r, e) => "leaf, in the trust store",
        Role::Leaf => "leaf",
        Role::Intermediate => "intermediate",
        Role::Anchor => "trust anchor",
    }
}

fn entry_block(out: &mut String, p: &Paint, r: &Report, e: &PathEntry) {
    let own: Vec<&Finding> = r
        .findings
        .iter()
        .filter(|f| f.depth == Some(e.depth))
        .collect();
    let failed = own.iter().any(|f| f.severity == Severity::Error);
    let role = role_label(r, e);
    let title = format!("[{}] {} ({role})", e.depth, e.cert.short_name());
    let _ = writeln!(
        out,
        "{}",
        if failed {
            p.red(&title)
        } else {
            p.bold(&title)
        }
    );
    let c = &e.cert;
    let _ = writeln!(
        out,
        "    subject   {}",
        if e.subject.is_empty() {
            "(empty)"
        } else {
            &e.subject
        }
    );
    let _ = writeln!(
        out,
        "    issuer    {}",
        if e.issuer.is_empty() {
            "(empty)"
        } else {
            &e.issuer
        }
    );
    let _ = writeln!(
        out,
        "    validity  {} .. {} ({})",
        e.not_before,
        e.not_after,
        relative_validity(c.not_before, c.not_after, r.checked_at_unix)
    );
    let _ = writeln!(
        out,
        "    key       {}; signed with {}",
        e.key, e.signature_algorithm
    );
    if !e.names.is_empty() {
        let mut names = e
            .names
            .iter()
            .take(8)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        if e.names.len() > 8 {
            let _ = write!(names, " and {} more", e.names.len().saturating_sub(8));
        }
        let _ = writeln!(out, "    names     {names}");
    }
    let _ = writeln!(out, "    serial    {}", e.serial);
    let _ = writeln!(out, "    sha256    {}", e.sha256);
    let _ = writeln!(out, "    from      {}", e.source);
    if revocation_shown(e, &own) {
        // the revocation summary: how it was checked, and what was found
        let _ = match e.revocation {
            RevocationStatus::NotChecked => writeln!(out, "    revocation not checked"),
            how => writeln!(
                out,
                "    revocation {}: {}",
                how.describe(),
                e.revocation_result.describe()
            ),
        };
    }
    let marks: Vec<String> = Group::MARKS
        .iter()
        .filter(|g| match g {
            Group::Name => e.depth == 0 && r.name_checked,
            Group::Ca => e.depth != 0,
            // an anchor is trusted as it is: nothing above it signed it
            Group::Signature => !trusted_as_is(r, e),
            // shown where a CRL covered the certificate or a finding says why none did
            Group::Revocation => revocation_shown(e, &own),
            _ => true,
        })
        .map(|&g| {
            let name = g.as_str();
            if own.iter().any(|f| f.is_error() && f.code.group() == g) {
                p.red(&format!("{name} ✗"))
            } else if g == Group::Revocation && e.revocation == RevocationStatus::NotChecked {
                p.yellow(&format!("{name} not checked"))
            } else {
                p.green(&format!("{name} ✓"))
            }
        })
        .collect();
    let _ = writeln!(out, "    checks    {}", marks.join("  "));
    for f in own {
        let _ = writeln!(out, "    {}", finding_line(p, f));
    }
}

/// Whether a certificate's block speaks of revocation: a source covered it, or a
/// finding says why none did.
fn revocation_shown(e: &PathEntry, own: &[&Finding]) -> bool {
    e.revocation != RevocationStatus::NotChecked
        || own.iter().any(|f| f.code.group() == Group::Revocation)
}

/// The one-line verdict, e.g. `INVALID: [1] CN=Example Intermediate expired ...`.
pub fn summary_line(r: &Report) -> String {
    match r.verdict {
        Verdict::Valid => {
            let first = r.first_to_expire().map(|e| {
                format!(
                    "; first to expire: [{}] {} on {} (in {})",
                    e.depth,
                    e.cert.short_name(),
                    // The date part of an RFC 3339 time; a `Report` built by hand may carry
                    // any text, which is shown whole rather than cut inside a character.
                    e.not_after.get(..10).unwrap_or(&e.not_after),
                    span(e.cert.not_after.saturating_sub(r.checked_at_unix))
                )
            });
            if let [e] = r.path.as_slice() {
                if trusted_as_is(r, e) {
                    return format!(
                        "VALID: {} is itself a trust anchor of the trust store, trusted as it is{}",
                        e.cert.short_name(),
                        first.unwrap_or_default()
                    );
                }
            }
            let route: Vec<String> = r.path.iter().map(|e| e.cert.short_name()).collect();
            format!(
                "VALID{}: {}{}",
                once_added(r),
                route.join(" -> "),
                first.unwrap_or_default()
            )
        }
        Verdict::Invalid => {
            let Some(f) = r.errors().next() else {
                return "INVALID".into();
            };
            let who = f
                .depth
                .and_then(|d| r.path.get(d))
                .map(|e| format!("[{}] {}: ", e.depth, e.cert.short_name()))
                .unwrap_or_default();
            let more = r.errors().count().saturating_sub(1);
            let more = if more > 0 {
                format!("; {more} more error{}", if more == 1 { "" } else { "s" })
            } else {
                String::new()
            };
            format!("INVALID: {who}{} ({}{more})", f.message, f.code)
        }
    }
}

/// " once the missing intermediate is added ([1] CN=..., from URL)" when the path needs
/// certificates that were fetched (`missing_intermediate_fetched`), else nothing.
fn once_added(r: &Report) -> String {
    let added: Vec<String> = r
        .findings
        .iter()
        .filter_map(|f| match (&f.details, f.depth) {
            (
                Details::MissingIntermediateFetched {
                    certificate, url, ..
                },
                Some(d),
            ) => Some(format!("[{d}] {certificate} from {url}")),
            _ => None,
        })
        .collect();
    match added.len() {
        0 => String::new(),
        1 => format!(
            " once the missing intermediate is added ({})",
            added.join("")
        ),
        _ => format!(
            " once the missing intermediates are added ({})",
            added.join(", ")
        ),
    }
}

/// The whole text report.
///
/// ```
/// use certchain::{Policy, TextOptions, TrustStore, Verifier};
///
/// let report = Verifier::new(TrustStore::new(), Policy::default()).verify(&[], &[], None);
/// let text = certchain::render_text(&report, &TextOptions::default());
/// assert!(text.contains("no certificate was presented"));
/// ```
pub fn text(r: &Report, opts: &TextOptions) -> String {
    let p = Paint { on: opts.color };
    let mut out = String::new();
    let name = match (&r.host, &r.email) {
        (Some(h), _) => format!("host {h}"),
        (_, Some(e)) => format!("e-mail {e}"),
        _ => "no name checked (pass --host or --email)".into(),
    };
    // The default Web PKI profile goes without saying; the other one is always said.
    let profile = if r.profile == Profile::default().name() {
        String::new()
    } else {
        format!(" ({} profile: CA/B Forum rules off)", r.profile)
    };
    let _ = writeln!(
        out,
        "Checked at {}, purpose {}{profile}, {}",
        r.checked_at, r.purpose, name
    );
    if let Some(s) = &opts.store {
        let _ = writeln!(out, "Trust store: {s}");
    }
    if let Some(days) = r.warn_days {
        let _ = writeln!(
            out,
            "Warning threshold: certificates expiring within {days} days"
        );
    }
    let _ = writeln!(out);
    let title = if r.is_valid() {
        "Path"
    } else if r.reached_anchor {
        "Best attempted path"
    } else {
        "Best attempted path (no trust anchor reached)"
    };
    let _ = writeln!(out, "{}:", p.bold(title));
    for e in &r.path {
        let indent = tree_indent(e.depth);
        let branch = if e.depth == 0 { "" } else { "└─ " };
        let bad = r
            .findings
            .iter()
            .any(|f| f.depth == Some(e.depth) && f.severity == Severity::Error);
        let label = format!("[{}] {}", e.depth, e.cert.short_name());
        let role = match e.role {
            Role::Anchor => " (trust anchor)",
            Role::Leaf if trusted_as_is(r, e) => " (in the trust store)",
            Role::Leaf | Role::Intermediate => "",
        };
        let _ = writeln!(
            out,
            "  {indent}{branch}{}{role}",
            if bad { p.red(&label) } else { label }
        );
    }
    if !r.reached_anchor {
        if let Some(last) = r.path.last() {
            let indent = tree_indent(last.depth.saturating_add(1));
            let _ = writeln!(out, "  {indent}└─ {}", p.red("? (no trusted issuer found)"));
        }
    }
    let _ = writeln!(out);
    for e in &r.path {
        entry_block(&mut out, &p, r, e);
        let _ = writeln!(out);
    }
    let chain_level: Vec<&Finding> = r.findings.iter().filter(|f| f.depth.is_none()).collect();
    if !chain_level.is_empty() {
        let _ = writeln!(out, "{}", p.bold("Chain:"));
        for f in chain_level {
            let _ = writeln!(out, "    {}", finding_line(&p, f));
        }
        let _ = writeln!(out);
    }
    if !r.fetches.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            p.bold(&format!("Fetched ({}):", r.fetches.len()))
        );
        for f in &r.fetches {
            let mark = if f.failed {
                p.yellow("!")
            } else {
                p.green("✓")
            };
            let _ = writeln!(out, "    {mark} {f}");
        }
        let _ = writeln!(out);
    }
    if !r.attempts.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            p.bold(&format!("Other paths tried ({}):", r.attempts.len()))
        );
        for a in r.attempts.iter().take(5) {
            let _ = writeln!(out, "    {}: {}", a.path.join(" -> "), a.abandoned_because);
        }
        if r.attempts.len() > 5 {
            let _ = writeln!(
                out,
                "    ... and {} more (see --format json)",
                r.attempts.len().saturating_sub(5)
            );
        }
        let _ = writeln!(out);
    }
    if let Some(so) = &r.second_opinion {
        let v = match so.verdict {
            Verdict::Valid => "valid".to_string(),
            Verdict::Invalid => format!(
                "invalid: {}",
                so.error.as_deref().unwrap_or("no reason given")
            ),
        };
        let _ = writeln!(out, "Second opinion ({}): {v}", so.engine);
        let _ = writeln!(out);
    }
    let line = summary_line(r);
    let _ = writeln!(
        out,
        "{}",
        if r.is_valid() {
            p.green(&line)
        } else {
            p.red(&line)
        }
    );
    out
}

/// The tree's indentation at a depth. A path is never deeper than
/// [`crate::build::MAX_PATH_CERTS`]; `Report` fields are public, and a depth beyond that
/// (`usize::MAX`) would make `repeat` panic or allocate gigabytes, so the indentation
/// stops growing there.
fn tree_indent(depth: usize) -> String {
    "   ".repeat(depth.min(crate::build::MAX_PATH_CERTS))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{parse_certificates, SourceKind};
    use crate::{CheckTime, Policy, TrustStore, Verifier};

    /// The store of fixtures/valid-rsa.
    fn valid_rsa_store() -> TrustStore {
        let mut store = TrustStore::new();
        store
            .add_pem(
                "roots.pem",
                include_bytes!("../../fixtures/valid-rsa/roots.pem"),
            )
            .unwrap();
        store
    }

    fn valid_report() -> Report {
        let store = valid_rsa_store();
        let policy = Policy {
            time: CheckTime::At(1_780_000_000),
            ..Policy::default()
        };
        let chain = include_bytes!("../../fixtures/valid-rsa/chain.pem");
        let presented = parse_certificates("chain", chain, SourceKind::Presented).unwrap();
        Verifier::new(store, policy).verify(&presented, &[], None)
    }

    /// `Report` fields are public: a hand-made notAfter text shorter than a date, or with
    /// a multi-byte character where the date ends, was byte-sliced (`&s[..10]`) and
    /// panicked. It is now shown whole.
    #[test]
    fn a_hand_made_not_after_is_shown_not_sliced_inside_a_character() {
        let mut r = valid_report();
        assert!(
            summary_line(&r).starts_with("VALID"),
            "{}",
            summary_line(&r)
        );
        for odd in ["soon", "2026-03-0\u{e9}"] {
            for e in &mut r.path {
                e.not_after = odd.into();
            }
            let line = summary_line(&r);
            assert!(line.contains(&format!(" on {odd} (in ")), "{line}");
        }
    }
    /// Check times at the ends of i64: the days before validity (not_before - now) and
    /// since expiry (now - not_after), and the messages' spans, overflowed and panicked.
    #[test]
    fn check_times_at_the_ends_of_i64_are_reported_not_a_panic() {
        let chain = crate::parse_certificates(
            "chain.pem",
            include_bytes!("../../fixtures/valid-rsa/chain.pem"),
            SourceKind::Presented,
        )
        .unwrap();
        for (at, code) in [(i64::MIN, "not_yet_valid"), (i64::MAX, "expired")] {
            let store = valid_rsa_store();
            #[allow(unused_mut)] // without the cross-check feature
            let mut policy = Policy {
                time: CheckTime::At(at),
                warn_days: Some(u32::MAX),
                ..Policy::default()
            };
            #[cfg(feature = "cross-check")]
            {
                policy.cross_check = true;
            }
            let report = Verifier::new(store, policy).verify(&chain, &[], None);
            let codes: Vec<&str> = report.findings.iter().map(|f| f.code.as_str()).collect();
            assert_eq!(codes.first().copied(), Some(code), "{codes:?}");
            let messages: Vec<&str> = report.findings.iter().map(|f| f.message.as_str()).collect();
            assert!(messages.iter().any(|m| m.contains("days")), "{messages:?}");
            let out = super::text(&report, &super::TextOptions::default());
            assert!(out.contains("INVALID"), "{out}");
        }
    }

    /// A depth no path has (`usize::MAX`): `"   ".repeat(depth)` overflowed the
    /// capacity and panicked; the indentation stops at MAX_PATH_CERTS levels.
    #[test]
    fn the_tree_survives_a_depth_no_path_has() {
        let store = valid_rsa_store();
        let chain = crate::parse_certificates(
            "chain.pem",
            include_bytes!("../../fixtures/valid-rsa/chain.pem"),
            SourceKind::Presented,
        )
        .unwrap();
        let mut report = Verifier::new(store, Policy::default()).verify(&chain[..1], &[], None);
        assert!(!report.reached_anchor);
        for e in &mut report.path {
            e.depth = usize::MAX;
        }
        let out = super::text(&report, &super::TextOptions::default());
        let deepest = " ".repeat(2 + 3 * crate::build::MAX_PATH_CERTS);
        assert!(
            out.contains(&format!("{deepest}└─ ? (no trusted issuer found)")),
            "{out}"
        );
    }
}
