//! The shape of each certificate: encoding problems met while parsing, the version,
//! serial number and names, and the values of extensions (key identifiers, SAN entries,
//! name constraints, the CA/B commonName rules). Which extensions must, may or must not
//! be present in each role, and with which criticality, is the table of
//! `extension_rules.rs`, run from here. Unknown critical extensions are rejected here,
//! in one place.

use super::Ctx;
use crate::model::{extension_name, oid, Certificate, GeneralName};
use crate::names::{is_valid_dns_name, is_valid_email};
use crate::policy::Purpose;
use crate::report::details::{Details, EkuScope, Rule};
use crate::report::finding::{Code, Findings};
use crate::report::Role;

/// Every per-certificate shape check.
pub fn check_certificate(
    cert: &Certificate,
    depth: usize,
    role: Role,
    ctx: &Ctx<'_>,
    out: &mut Findings,
) {
    check_problems(cert, depth, out);
    check_version(cert, depth, out);
    if role != Role::Anchor {
        // A trust anchor is a name and a key the user chose to trust (RFC 5280 6.1.1 (d));
        // old roots with non-conforming serials stay usable.
        check_serial(cert, depth, out);
    }
    check_names_present(cert, depth, role, out);
    check_unknown_critical(cert, depth, out);
    super::extension_rules::check(cert, depth, role, ctx, out);
    check_key_identifiers(cert, depth, role, ctx.policy.profile.cabf(), out);
    check_san_entries(cert, depth, out);
    check_name_constraints_shape(cert, depth, out);
    // The subject commonName of a TLS server leaf: its form under the CA/B Forum profile,
    // and whether it repeats a SAN value (a warning under every profile).
    if ctx.policy.purpose == Purpose::ServerAuth && role == Role::Leaf {
        check_common_names(cert, depth, ctx.policy.profile.cabf(), out);
    }
    // The CA/B Forum profile of TLS server certificates (not for --profile rfc5280).
    if ctx.policy.purpose == Purpose::ServerAuth && ctx.policy.profile.cabf() && role == Role::Leaf
    {
        check_subscriber_eku(cert, depth, out);
    }
}

/// Encoding problems found while parsing (duplicate extensions, undecodable values...).
fn check_problems(cert: &Certificate, depth: usize, out: &mut Findings) {
    for p in &cert.problems {
        let details = Details::Rule(Rule::Decoding {
            problem: p.message.clone(),
        });
        out.push(depth, Code::Malformed, p.clause, details);
    }
}

// RFC 5280 4.1.2.1: extensions require v3; CA/B BR 7.1.1: certificates MUST be v3.
// A version X.509 does not define (above v3) is an encoding error; v1 and v2 are
// well-formed but break the profile.
fn check_version(cert: &Certificate, depth: usize, out: &mut Findings) {
    if cert.version != 2 {
        out.push(
            depth,
            if cert.version > 2 {
                Code::Malformed
            } else {
                Code::ProfileViolation
            },
            "RFC 5280 4.1.2.1",
            Details::Rule(Rule::Version {
                version: cert.version.saturating_add(1),
                encoded: cert.version,
            }),
        );
    }
}

// RFC 5280 4.1.2.2: the serial number MUST be a positive integer of at most 20 octets.
fn check_serial(cert: &Certificate, depth: usize, out: &mut Findings) {
    let s = &cert.serial_raw;
    let problem = if s.is_empty() {
        Some(Rule::SerialEmpty)
    } else if s.first().is_some_and(|b| b & 0x80 != 0) {
        Some(Rule::SerialNegative)
    } else if s.iter().all(|&b| b == 0) {
        Some(Rule::SerialZero)
    } else if s.len() > 20 {
        Some(Rule::SerialTooLong { octets: s.len() })
    } else {
        None
    };
    if let Some(p) = problem {
        // An empty INTEGER is not DER (X.690 8.3.1); the other values are well-formed
        // integers that the profile forbids.
        let code = if s.is_empty() {
            Code::Malformed
        } else {
            Code::ProfileViolation
        };
        out.push(depth, code, "RFC 5280 4.1.2.2", Details::Rule(p));
    }
}

// RFC 5280 4.1.2.4: the issuer MUST be a non-empty name. 4.1.2.6: a CA's subject MUST be
// non-empty (a leaf's empty subject requires a critical subjectAltName: rows of
// extension_rules.rs).
fn check_names_present(cert: &Certificate, depth: usize, role: Role, out: &mut Findings) {
    if cert.issuer.is_empty() {
        out.push(
            depth,
            Code::ProfileViolation,
            "RFC 5280 4.1.2.4",
            Details::Rule(Rule::IssuerEmpty),
        );
    }
    if cert.subject.is_empty() && role != Role::Leaf {
        out.push(
            depth,
            Code::ProfileViolation,
            "RFC 5280 4.1.2.6",
            Details::Rule(Rule::CaSubjectEmpty),
        );
    }
}

// RFC 5280 4.2: "A certificate-using system MUST reject the certificate if it encounters
// a critical extension it does not recognize".
fn check_unknown_critical(cert: &Certificate, depth: usize, out: &mut Findings) {
    for e in cert.extensions.iter().filter(|e| e.critical && !e.known) {
        out.push(
            depth,
            Code::UnknownCriticalExtension,
            "RFC 5280 4.2",
            Details::UnknownCriticalExtension {
                oid: e.oid.to_string(),
                name: extension_name(&e.oid).to_string(),
            },
        );
    }
}

// RFC 5280 4.2.1.1: authorityKeyIdentifier carries keyIdentifier (where the extension
// must be present: extension_rules.rs). CA/B BR 7.1.2.1.3, 7.1.2.11.1: when present, the
// AKI carries only a keyIdentifier, and in a self-signed root it equals the SKI (`cabf`:
// Web PKI profile only).
fn check_key_identifiers(
    cert: &Certificate,
    depth: usize,
    role: Role,
    cabf: bool,
    out: &mut Findings,
) {
    let self_issued = cert.is_self_issued();
    match &cert.aki {
        None => {}
        Some(aki) => {
            if aki.key_id.is_none() {
                out.push(
                    depth,
                    Code::ProfileViolation,
                    "RFC 5280 4.2.1.1",
                    Details::Rule(Rule::AkiNoKeyId),
                );
            }
            if cabf && (aki.has_cert_issuer || aki.has_cert_serial) {
                out.push(
                    depth,
                    Code::ProfileViolation,
                    "CA/B BR 7.1.2.11.1",
                    Details::Rule(Rule::AkiExtraFields),
                );
            }
            if cabf && self_issued && role == Role::Anchor {
                if let (Some(k), Some(s)) = (&aki.key_id, &cert.ski) {
                    if k != s {
                        out.push(
                            depth,
                            Code::ProfileViolation,
                            "CA/B BR 7.1.2.1.3",
                            Details::Rule(Rule::RootAkiNotSki),
                        );
                    }
                }
            }
        }
    }
}

// RFC 5280 4.2.1.6: dNSName in the preferred name syntax, iPAddress of 4 or 16 octets,
// rfc822Name a mailbox. A name that breaks the syntax cannot be checked or constrained.
fn check_san_entries(cert: &Certificate, depth: usize, out: &mut Findings) {
    for n in cert.san_names() {
        let problem = match n {
            GeneralName::Dns(d) if !is_valid_dns_name(d, true) => {
                Some(Rule::SanDnsName { name: d.clone() })
            }
            GeneralName::Ip(b) if b.len() != 4 && b.len() != 16 => {
                Some(Rule::SanIpLength { octets: b.len() })
            }
            GeneralName::Email(e) if !is_valid_email(e) => Some(Rule::SanEmail { name: e.clone() }),
            GeneralName::Invalid(why) => Some(Rule::SanEntry {
                problem: why.to_string(),
            }),
            _ => None,
        };
        if let Some(p) = problem {
            out.push(depth, Code::Malformed, "RFC 5280 4.2.1.6", Details::Rule(p));
        }
    }
}

// RFC 5280 4.2.1.10: nameConstraints MUST NOT be an empty sequence; each subtree base must
// be a well-formed name of its type (that it appears only in CA certificates, and is
// critical: rows of extension_rules.rs).
fn check_name_constraints_shape(cert: &Certificate, depth: usize, out: &mut Findings) {
    let Some(nc) = &cert.name_constraints else {
        return;
    };
    const CLAUSE: &str = "RFC 5280 4.2.1.10";
    let empty = |v: &Option<Vec<GeneralName>>| v.as_ref().is_none_or(|v| v.is_empty());
    if empty(&nc.permitted) && empty(&nc.excluded) {
        out.push(
            depth,
            Code::Malformed,
            CLAUSE,
            Details::Rule(Rule::NameConstraintsEmpty),
        );
    }
    for base in nc.permitted.iter().chain(nc.excluded.iter()).flatten() {
        let problem = match base {
            GeneralName::Dns(d) if !d.is_empty() && !is_valid_dns_name(d, false) => {
                Some(Rule::ConstraintDnsName { name: d.clone() })
            }
            GeneralName::Ip(b) if b.len() != 8 && b.len() != 32 => {
                Some(Rule::ConstraintIpLength { octets: b.len() })
            }
            GeneralName::Ip(b)
                if b.get(b.len() / 2..)
                    .and_then(crate::names::prefix_len)
                    .is_none() =>
            {
                Some(Rule::ConstraintIpNotCidr {
                    constraint: crate::names::format_ip_or_cidr(b),
                })
            }
            GeneralName::Email(e) if !email_constraint_ok(e) => {
                Some(Rule::ConstraintEmail { name: e.clone() })
            }
            GeneralName::Invalid(why) => Some(Rule::ConstraintEntry {
                problem: why.to_string(),
            }),
            _ => None,
        };
        if let Some(p) = problem {
            out.push(depth, Code::Malformed, CLAUSE, Details::Rule(p));
        }
    }
}

fn email_constraint_ok(e: &str) -> bool {
    if e.contains('@') {
        is_valid_email(e)
    } else {
        is_valid_dns_name(e.strip_prefix('.').unwrap_or(e), false)
    }
}

// CA/B Forum BR 7.1.2.7.10: a subscriber certificate's extKeyUsage never lists
// anyExtendedKeyUsage (its presence and criticality: extension_rules.rs).
fn check_subscriber_eku(cert: &Certificate, depth: usize, out: &mut Findings) {
    let Some(eku) = &cert.ext_key_usage else {
        return;
    };
    if eku.purposes.contains(&oid::KP_ANY) {
        out.push(
            depth,
            Code::EkuMismatch,
            "CA/B BR 7.1.2.7.10",
            Details::EkuMismatch {
                purpose: Purpose::ServerAuth.name(),
                required: "serverAuth".into(),
                allowed: Some(crate::checks::purpose::eku_names(&eku.purposes)),
                scope: EkuScope::AnyExtendedKeyUsage,
            },
        );
    }
}

// CA/B Forum BR 7.1.4.3: a subject commonName, when present, "MUST contain exactly one
// entry that is one of the values contained in the Certificate's subjectAltName", as a
// character-for-character copy: an IP address in its canonical text (RFC 3986 3.2.2 for
// IPv4, RFC 5952 for IPv6), a DNS name in ASCII (A-labels) and the same letter case.
// A CN that repeats a SAN value in another form (letter case, IP notation, Unicode) or a
// second CN breaks that MUST: `profile_violation`, under `webpki` (`cabf`) only. A CN that
// repeats no SAN value at all is only the warning `cn_not_in_san`, under every profile:
// certchain never matches the host against the CN, so such a leaf is never accepted for
// a name its SAN does not list, and private PKIs commonly issue a label as the CN
// (CN=kube-apiserver beside SAN DNS:kubernetes), which every TLS client accepts.
fn check_common_names(cert: &Certificate, depth: usize, cabf: bool, out: &mut Findings) {
    const CLAUSE: &str = "CA/B BR 7.1.4.3";
    let count = cert.subject.raw_common_names().count();
    if cabf && count > 1 {
        out.push(
            depth,
            Code::ProfileViolation,
            CLAUSE,
            Details::Rule(Rule::CnCount { count }),
        );
    }
    for cn in cert.subject.raw_common_names() {
        match common_name_problem(cert, cn) {
            Some(CnProblem::Form(problem)) if cabf => out.push(
                depth,
                Code::ProfileViolation,
                CLAUSE,
                Details::Rule(problem),
            ),
            Some(CnProblem::NotInSan) => {
                out.push(depth, Code::CnNotInSan, CLAUSE, not_in_san(cert, cn))
            }
            _ => {}
        }
    }
}

/// What is wrong with one commonName of a subscriber certificate.
enum CnProblem {
    /// It repeats a SAN value, but not character for character.
    Form(Rule),
    /// It repeats no SAN value.
    NotInSan,
}

/// What is wrong with one commonName of a subscriber certificate, if anything.
fn common_name_problem(cert: &Certificate, cn: &str) -> Option<CnProblem> {
    if let Some(ip) = crate::names::parse_ip_leniently(cn) {
        if ip.to_string() != cn {
            return Some(CnProblem::Form(Rule::CnIpForm {
                common_name: cn.to_string(),
                ip: ip.to_string(),
            }));
        }
        let octets = crate::names::ip_bytes(&ip);
        let in_san = cert
            .san_names()
            .any(|n| matches!(n, GeneralName::Ip(b) if *b == octets));
        return (!in_san).then_some(CnProblem::NotInSan);
    }
    if !cn.is_ascii() && cn.contains('.') {
        return Some(CnProblem::Form(Rule::CnUnicode {
            common_name: cn.to_string(),
        }));
    }
    if cert.dns_names().any(|d| d == cn) {
        return None;
    }
    let case_twin = cert.dns_names().find(|d| d.eq_ignore_ascii_case(cn));
    Some(match case_twin {
        Some(d) => CnProblem::Form(Rule::CnCase {
            common_name: cn.to_string(),
            san: d.to_string(),
        }),
        None => CnProblem::NotInSan,
    })
}

fn not_in_san(cert: &Certificate, cn: &str) -> Details {
    Details::CnNotInSan {
        common_name: cn.to_string(),
        presented: cert
            .san_names()
            .filter(|n| matches!(n, GeneralName::Dns(_) | GeneralName::Ip(_)))
            .map(GeneralName::describe)
            .collect(),
    }
}
