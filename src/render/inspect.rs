//! Rendering an [`Inspection`] as text for a person: a block per certificate with every
//! field `openssl x509 -text` shows (without its noise) and the lint findings, or one line
//! per certificate (`--short`).

use super::text::{finding_line, Paint, TextOptions};
use crate::inspect::{CertificateInfo, Inspection};
use crate::report::finding::Severity;
use std::fmt::Write;

/// The width of the field labels of a certificate block.
const LABEL_WIDTH: usize = 17;

/// How many hex digits of the SHA-256 `--short` shows: 64 bits, enough to tell the
/// certificates of one input apart and to find one in a longer listing.
const SHORT_SHA256_DIGITS: usize = 16;

/// Names of the certificate policies people meet: anyPolicy and the CA/B Forum's.
const POLICY_NAMES: &[(&str, &str)] = &[
    ("2.5.29.32.0", "anyPolicy"),
    ("2.23.140.1.1", "CA/B extended validation"),
    ("2.23.140.1.2.1", "CA/B domain validated"),
    ("2.23.140.1.2.2", "CA/B organization validated"),
    ("2.23.140.1.2.3", "CA/B individual validated"),
];

fn policy_label(oid: &str) -> String {
    match POLICY_NAMES.iter().find(|(o, _)| *o == oid) {
        Some((_, name)) => format!("{oid} ({name})"),
        None => oid.to_string(),
    }
}

/// "1 error" / "2 warnings".
fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

fn warnings(c: &CertificateInfo) -> usize {
    c.findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .count()
}

/// " (critical)" when the extension of `oid` is marked critical.
fn crit(c: &CertificateInfo, oid: &str) -> &'static str {
    if c.is_critical(oid) {
        " (critical)"
    } else {
        ""
    }
}

fn field(out: &mut String, label: &str, value: &str) {
    let _ = writeln!(out, "    {label:<LABEL_WIDTH$}{value}");
}

fn block(out: &mut String, p: &Paint, c: &CertificateInfo) {
    let title = format!("#{} {} ({})", c.index, c.cert.short_name(), c.role.as_str());
    let _ = writeln!(out, "{}", p.bold(&title));
    field(out, "subject", &c.subject);
    field(out, "issuer", &c.issuer);
    field(out, "serial", &c.serial);
    field(
        out,
        "validity",
        &format!("{} .. {} ({})", c.not_before, c.not_after, c.validity),
    );
    field(out, "key", &c.key.description);
    field(out, "signature", &c.signature_algorithm);
    if c.version != 3 {
        field(out, "version", &format!("v{}", c.version));
    }
    if !c.subject_alt_names.is_empty() {
        let value = format!("{}{}", c.subject_alt_names.join(", "), crit(c, "2.5.29.17"));
        field(out, "subjectAltName", &value);
    }
    if let Some(ku) = &c.key_usage {
        field(
            out,
            "keyUsage",
            &format!("{}{}", ku.join(", "), crit(c, "2.5.29.15")),
        );
    }
    if let Some(eku) = &c.ext_key_usage {
        let value = format!("{}{}", eku.join(", "), crit(c, "2.5.29.37"));
        field(out, "extKeyUsage", &value);
    }
    if let Some(bc) = &c.basic_constraints {
        let mut value = format!("CA:{}", if bc.ca { "TRUE" } else { "FALSE" });
        if let Some(n) = bc.path_len {
            let _ = write!(value, ", pathlen:{n}");
        }
        if bc.critical {
            value.push_str(" (critical)");
        }
        field(out, "basicConstraints", &value);
    }
    if let Some(nc) = &c.name_constraints {
        let mut parts = Vec::new();
        if !nc.permitted.is_empty() {
            parts.push(format!("permitted {}", nc.permitted.join(", ")));
        }
        if !nc.excluded.is_empty() {
            parts.push(format!("excluded {}", nc.excluded.join(", ")));
        }
        let critical = if nc.critical { " (critical)" } else { "" };
        field(
            out,
            "nameConstraints",
            &format!("{}{critical}", parts.join("; ")),
        );
    }
    if let Some(policies) = &c.certificate_policies {
        let listed: Vec<String> = policies.iter().map(|o| policy_label(o)).collect();
        let value = format!("{}{}", listed.join(", "), crit(c, "2.5.29.32"));
        field(out, "policies", &value);
    }
    if let Some(aia) = &c.authority_info_access {
        let critical = if aia.critical { " (critical)" } else { "" };
        if aia.ocsp.is_empty() && aia.ca_issuers.is_empty() {
            field(out, "AIA", &format!("no OCSP or caIssuers URL{critical}"));
        }
        for url in &aia.ocsp {
            field(out, "OCSP", &format!("{url}{critical}"));
        }
        for url in &aia.ca_issuers {
            field(out, "caIssuers", &format!("{url}{critical}"));
        }
    }
    if let Some(dps) = &c.crl_distribution_points {
        let value = format!("{}{}", dps.join(", "), crit(c, "2.5.29.31"));
        field(out, "CRL", &value);
    }
    if let Some(ski) = &c.subject_key_id {
        field(out, "SKI", ski);
    }
    if let Some(aki) = &c.authority_key_id {
        field(out, "AKI", aki);
    }
    if let Some(n) = c.sct_count {
        field(out, "SCTs", &n.to_string());
    }
    for e in &c.unknown_extensions {
        let critical = if e.critical {
            "critical"
        } else {
            "not critical"
        };
        field(out, "unknown ext.", &format!("{} ({critical})", e.oid));
    }
    field(out, "sha256", &c.sha256);
    field(out, "sha1", &c.sha1);
    field(out, "from", &c.source.to_string());
    let (errors, warnings) = (c.errors(), warnings(c));
    let lint = match (errors, warnings) {
        (0, 0) => p.green("✓ no findings"),
        (0, w) => p.yellow(&count(w, "warning")),
        (e, 0) => p.red(&count(e, "error")),
        (e, w) => p.red(&format!("{}, {}", count(e, "error"), count(w, "warning"))),
    };
    field(out, "lint", &lint);
    for f in &c.findings {
        let _ = writeln!(out, "    {}", finding_line(p, f));
    }
}

/// The last line: how many certificates, and which have lint errors.
fn summary(p: &Paint, i: &Inspection) -> String {
    let failed: Vec<String> = i
        .certificates
        .iter()
        .filter(|c| c.errors() > 0)
        .map(|c| format!("#{} {}", c.index, c.cert.short_name()))
        .collect();
    let n = count(i.certificates.len(), "certificate");
    if failed.is_empty() {
        format!("{n}; {}\n", p.green("no lint errors"))
    } else {
        format!("{n}; {}: {}\n", p.red("lint errors in"), failed.join(", "))
    }
}

/// An inspection as text: the check time and lint policy, a block per certificate (its
/// fields, then its lint findings with their codes and clauses), and a summary line.
///
/// ```
/// use certchain::{CheckTime, Inspection, Policy, TextOptions};
///
/// let chain = certchain::load_certificates(
///     "fixtures/expired-intermediate/chain.pem", certchain::SourceKind::Presented).unwrap();
/// let policy = Policy { time: CheckTime::At(1_780_272_000), ..Policy::default() };
/// let text = certchain::render_inspection(&Inspection::new(&chain, &policy), &TextOptions::default());
/// assert!(text.contains("#2 CN=Certchain Test Intermediate CA (intermediate)\n"), "{text}");
/// assert!(text.contains("    ✗ expired: expired 2026-03-01T00:00:00Z (92 days before the check time) [RFC 5280 4.1.2.5]\n"));
/// assert!(text.ends_with("2 certificates; lint errors in: #2 CN=Certchain Test Intermediate CA\n"));
/// ```
pub fn text(i: &Inspection, opts: &TextOptions) -> String {
    let p = Paint { on: opts.color };
    let mut out = format!(
        "Inspected at {}; lint: profile {}, purpose {}\n\n",
        i.checked_at, i.profile, i.purpose
    );
    for c in &i.certificates {
        block(&mut out, &p, c);
        out.push('\n');
    }
    out.push_str(&summary(&p, i));
    out
}

/// An inspection as one line per certificate: position, role, subject CN (or subject),
/// key, notAfter with the time left, the first hex digits of the SHA-256, and the
/// number of lint errors.
///
/// ```
/// use certchain::{CheckTime, Inspection, Policy, TextOptions};
///
/// let chain = certchain::load_certificates(
///     "fixtures/valid-rsa/chain.pem", certchain::SourceKind::Presented).unwrap();
/// let policy = Policy { time: CheckTime::At(1_780_272_000), ..Policy::default() };
/// let text = certchain::render_inspection_short(&Inspection::new(&chain, &policy), &TextOptions::default());
/// assert_eq!(text.lines().next().unwrap(),
///     "#1 leaf         CN=www.example.com  RSA 2048  until 2027-01-01T00:00:00Z (expires in 214 days)  sha256 ed76e37e6de73882  0 errors");
/// ```
pub fn short(i: &Inspection, opts: &TextOptions) -> String {
    let p = Paint { on: opts.color };
    let mut out = String::new();
    for c in &i.certificates {
        let errors = count(c.errors(), "error");
        let errors = if c.errors() > 0 {
            p.red(&errors)
        } else {
            errors
        };
        let _ = writeln!(
            out,
            "#{} {:<12} {}  {}  until {} ({})  sha256 {}  {errors}",
            c.index,
            c.role.as_str(),
            c.cert.short_name(),
            c.key.description,
            c.not_after,
            c.validity,
            c.sha256.get(..SHORT_SHA256_DIGITS).unwrap_or(&c.sha256),
        );
    }
    out
}
