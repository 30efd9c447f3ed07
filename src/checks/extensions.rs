//! The shape of each certificate: encoding problems met while parsing, the version,
//! serial number and names, and the extension table (which extensions must, may or must
//! not be present in each role, and with which criticality). Unknown critical
//! extensions are rejected here, in one place.

use super::Ctx;
use crate::cert::{extension_name, oid, Certificate, GeneralName};
use crate::findings::{Code, Findings};
use crate::names::{is_valid_dns_name, is_valid_email};
use crate::policy::Purpose;
use crate::report::Role;

/// Whether an extension must be critical, must not be, or either.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Criticality {
    Critical,
    NonCritical,
    Either,
}

/// The criticality each known extension must have, with the clause. basicConstraints is
/// handled by the CA checks (its criticality depends on the role).
const CRITICALITY: &[(&str, Criticality, &str)] = &[
    (oid::AKI, Criticality::NonCritical, "RFC 5280 4.2.1.1"),
    (oid::SKI, Criticality::NonCritical, "RFC 5280 4.2.1.2"),
    (
        oid::POLICY_MAPPINGS,
        Criticality::Critical,
        "RFC 5280 4.2.1.5",
    ),
    (
        oid::POLICY_CONSTRAINTS,
        Criticality::Critical,
        "RFC 5280 4.2.1.11",
    ),
    (
        oid::INHIBIT_ANY_POLICY,
        Criticality::Critical,
        "RFC 5280 4.2.1.14",
    ),
    (oid::AIA, Criticality::NonCritical, "RFC 5280 4.2.2.1"),
    (oid::SIA, Criticality::NonCritical, "RFC 5280 4.2.2.2"),
    (oid::CRL_DP, Criticality::Either, "RFC 5280 4.2.1.13"),
    (
        oid::NAME_CONSTRAINTS,
        Criticality::Critical,
        "RFC 5280 4.2.1.10",
    ),
];

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
    check_criticality(cert, depth, out);
    check_key_identifiers(cert, depth, role, ctx.policy.profile.cabf(), out);
    check_san_entries(cert, depth, out);
    check_name_constraints_shape(cert, depth, role, out);
    // The CA/B Forum profile of TLS server and root certificates (not for --profile rfc5280).
    if ctx.policy.purpose == Purpose::ServerAuth && ctx.policy.profile.cabf() {
        match role {
            Role::Leaf => check_subscriber_names(cert, depth, out),
            Role::Anchor => check_root_profile(cert, depth, out),
            Role::Intermediate => {}
        }
    }
}

/// Encoding problems found while parsing (duplicate extensions, undecodable values...).
fn check_problems(cert: &Certificate, depth: usize, out: &mut Findings) {
    for p in &cert.problems {
        out.push(depth, Code::Malformed, p.clause, p.message.clone());
    }
}

// RFC 5280 4.1.2.1: extensions require v3; CA/B BR 7.1.1: certificates MUST be v3.
fn check_version(cert: &Certificate, depth: usize, out: &mut Findings) {
    if cert.version != 2 {
        out.push(
            depth,
            Code::Malformed,
            "RFC 5280 4.1.2.1",
            format!(
                "X.509 version {} (encoded {}); version 3 is required",
                cert.version + 1,
                cert.version
            ),
        );
    }
}

// RFC 5280 4.1.2.2: the serial number MUST be a positive integer of at most 20 octets.
fn check_serial(cert: &Certificate, depth: usize, out: &mut Findings) {
    let s = &cert.serial_raw;
    let problem = if s.is_empty() {
        Some("the serial number is empty".to_string())
    } else if s[0] & 0x80 != 0 {
        Some("the serial number is negative".into())
    } else if s.iter().all(|&b| b == 0) {
        Some("the serial number is zero".into())
    } else if s.len() > 20 {
        Some(format!(
            "the serial number is {} octets long; at most 20 are allowed",
            s.len()
        ))
    } else {
        None
    };
    if let Some(p) = problem {
        out.push(depth, Code::Malformed, "RFC 5280 4.1.2.2", p);
    }
}

// RFC 5280 4.1.2.4: the issuer MUST be a non-empty name. 4.1.2.6: a CA's subject MUST be
// non-empty; an empty subject requires a critical subjectAltName (4.2.1.6).
fn check_names_present(cert: &Certificate, depth: usize, role: Role, out: &mut Findings) {
    if cert.issuer.is_empty() {
        out.push(
            depth,
            Code::Malformed,
            "RFC 5280 4.1.2.4",
            "the issuer name is empty",
        );
    }
    if cert.subject.is_empty() {
        if role != Role::Leaf {
            out.push(
                depth,
                Code::Malformed,
                "RFC 5280 4.1.2.6",
                "a CA certificate with an empty subject name",
            );
        } else if cert.san.as_ref().is_some_and(|s| !s.critical) {
            out.push(
                depth,
                Code::Malformed,
                "RFC 5280 4.2.1.6",
                "the subject is empty but subjectAltName is not marked critical",
            );
        } else if cert.san.is_none() {
            out.push(
                depth,
                Code::Malformed,
                "RFC 5280 4.1.2.6",
                "the subject is empty and there is no subjectAltName",
            );
        }
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
            format!(
                "critical extension {} is not recognised",
                extension_name(&e.oid)
            ),
        );
    }
}

/// The criticality table above.
fn check_criticality(cert: &Certificate, depth: usize, out: &mut Findings) {
    for &(ext_oid, rule, clause) in CRITICALITY {
        let Some(e) = cert.extension(ext_oid) else {
            continue;
        };
        let wrong = match rule {
            Criticality::Critical => !e.critical,
            Criticality::NonCritical => e.critical,
            Criticality::Either => false,
        };
        if wrong {
            out.push(
                depth,
                Code::Malformed,
                clause,
                format!(
                    "{} is marked {}; it MUST be {}",
                    extension_name(ext_oid),
                    if e.critical {
                        "critical"
                    } else {
                        "non-critical"
                    },
                    if e.critical {
                        "non-critical"
                    } else {
                        "critical"
                    }
                ),
            );
        }
    }
}

// RFC 5280 4.2.1.1: authorityKeyIdentifier keyIdentifier MUST be present except in
// self-signed certificates. 4.2.1.2: subjectKeyIdentifier MUST appear in CA
// certificates. CA/B BR 7.1.2.1.3, 7.1.2.11.1: when present, the AKI carries only a
// keyIdentifier, and in a self-signed root it equals the SKI (`cabf`: Web PKI profile only).
fn check_key_identifiers(
    cert: &Certificate,
    depth: usize,
    role: Role,
    cabf: bool,
    out: &mut Findings,
) {
    let self_issued = cert.is_self_issued();
    match &cert.aki {
        None if !self_issued => out.push(
            depth,
            Code::Malformed,
            "RFC 5280 4.2.1.1",
            "no authorityKeyIdentifier; it MUST be present in certificates that are not self-signed",
        ),
        None => {}
        Some(aki) => {
            if aki.key_id.is_none() {
                out.push(depth, Code::Malformed, "RFC 5280 4.2.1.1", "authorityKeyIdentifier has no keyIdentifier");
            }
            if cabf && (aki.has_cert_issuer || aki.has_cert_serial) {
                out.push(
                    depth,
                    Code::Malformed,
                    "CA/B BR 7.1.2.11.1",
                    "authorityKeyIdentifier carries authorityCertIssuer or authorityCertSerialNumber, which MUST be absent",
                );
            }
            if cabf && self_issued && role == Role::Anchor {
                if let (Some(k), Some(s)) = (&aki.key_id, &cert.ski) {
                    if k != s {
                        out.push(
                            depth,
                            Code::Malformed,
                            "CA/B BR 7.1.2.1.3",
                            "the self-signed root's authorityKeyIdentifier differs from its subjectKeyIdentifier",
                        );
                    }
                }
            }
        }
    }
    if role != Role::Leaf && cert.ski.is_none() {
        out.push(
            depth,
            Code::Malformed,
            "RFC 5280 4.2.1.2",
            "no subjectKeyIdentifier; it MUST be present in CA certificates",
        );
    }
}

// RFC 5280 4.2.1.6: dNSName in the preferred name syntax, iPAddress of 4 or 16 octets,
// rfc822Name a mailbox. A name that breaks the syntax cannot be checked or constrained.
fn check_san_entries(cert: &Certificate, depth: usize, out: &mut Findings) {
    for n in cert.san_names() {
        let problem = match n {
            GeneralName::Dns(d) if !is_valid_dns_name(d, true) => Some(format!(
                "subjectAltName dNSName {d:?} is not a valid DNS name"
            )),
            GeneralName::Ip(b) if b.len() != 4 && b.len() != 16 => Some(format!(
                "subjectAltName iPAddress has {} octets; 4 or 16 required",
                b.len()
            )),
            GeneralName::Email(e) if !is_valid_email(e) => Some(format!(
                "subjectAltName rfc822Name {e:?} is not a valid mailbox"
            )),
            GeneralName::Invalid(why) => Some(format!("subjectAltName entry: {why}")),
            _ => None,
        };
        if let Some(p) = problem {
            out.push(depth, Code::Malformed, "RFC 5280 4.2.1.6", p);
        }
    }
}

// RFC 5280 4.2.1.10: nameConstraints MUST be used only in a CA certificate, and MUST NOT
// be an empty sequence; each subtree base must be a well-formed name of its type.
fn check_name_constraints_shape(cert: &Certificate, depth: usize, role: Role, out: &mut Findings) {
    let Some(nc) = &cert.name_constraints else {
        return;
    };
    const CLAUSE: &str = "RFC 5280 4.2.1.10";
    if role == Role::Leaf && !cert.is_ca() {
        out.push(
            depth,
            Code::Malformed,
            CLAUSE,
            "nameConstraints in an end-entity certificate; it MUST be used only in CA certificates",
        );
    }
    let empty = |v: &Option<Vec<GeneralName>>| v.as_ref().is_none_or(|v| v.is_empty());
    if empty(&nc.permitted) && empty(&nc.excluded) {
        out.push(
            depth,
            Code::Malformed,
            CLAUSE,
            "nameConstraints has neither permitted nor excluded subtrees",
        );
    }
    for base in nc.permitted.iter().chain(nc.excluded.iter()).flatten() {
        let problem = match base {
            GeneralName::Dns(d) if !d.is_empty() && !is_valid_dns_name(d, false) => Some(format!(
                "dNSName constraint {d:?} is not a DNS name (no wildcards or leading dots)"
            )),
            GeneralName::Ip(b) if b.len() != 8 && b.len() != 32 => Some(format!(
                "iPAddress constraint has {} octets; an address and a mask (8 or 32) are required",
                b.len()
            )),
            GeneralName::Ip(b) if crate::names::prefix_len(&b[b.len() / 2..]).is_none() => {
                Some(format!(
                    "iPAddress constraint {} is not in CIDR form",
                    crate::names::format_ip_or_cidr(b)
                ))
            }
            GeneralName::Email(e) if !email_constraint_ok(e) => Some(format!(
                "rfc822Name constraint {e:?} is not a mailbox, host or domain"
            )),
            GeneralName::Invalid(why) => Some(format!("constraint: {why}")),
            _ => None,
        };
        if let Some(p) = problem {
            out.push(depth, Code::Malformed, CLAUSE, p);
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

// CA/B Forum BR 7.1.2.7.12: in a subscriber certificate subjectAltName is non-critical
// when the subject is not empty. BR 7.1.2.7.6 and 7.1.2.7.10: extKeyUsage is
// non-critical and never lists anyExtendedKeyUsage.
fn check_subscriber_names(cert: &Certificate, depth: usize, out: &mut Findings) {
    if let Some(san) = &cert.san {
        if san.critical && !cert.subject.is_empty() {
            out.push(
                depth,
                Code::Malformed,
                "CA/B BR 7.1.2.7.12",
                "subjectAltName is critical although the subject is not empty",
            );
        }
    }
    match &cert.ext_key_usage {
        None => out.push(
            depth,
            Code::EkuMismatch,
            "CA/B BR 7.1.2.7.10",
            "no extKeyUsage: a TLS server certificate MUST list serverAuth (--profile rfc5280 does not require it for a private PKI; --purpose any checks no usage)",
        ),
        Some(eku) => {
        if eku.critical {
            out.push(depth, Code::Malformed, "CA/B BR 7.1.2.7.6", "extKeyUsage of a TLS server certificate is marked critical");
        }
        if eku.purposes.iter().any(|p| p == oid::KP_ANY) {
            out.push(
                depth,
                Code::EkuMismatch,
                "CA/B BR 7.1.2.7.10",
                "extKeyUsage of a TLS server certificate lists anyExtendedKeyUsage, which MUST NOT be present",
            );
        }
        }
    }
    check_common_name_form(cert, depth, out);
}

// CA/B Forum BR 7.1.4.3: a subject commonName, when present, "MUST contain exactly one
// entry that is one of the values contained in the Certificate's subjectAltName", as a
// character-for-character copy: an IP address in its canonical text (RFC 3986 3.2.2 for
// IPv4, RFC 5952 for IPv6), a DNS name in ASCII (A-labels) and the same letter case.
// certchain never matches the host against the CN, but clients that still fall back to
// it would: a CN outside the SAN names a host the certificate was never validated for.
fn check_common_name_form(cert: &Certificate, depth: usize, out: &mut Findings) {
    const CLAUSE: &str = "CA/B BR 7.1.4.3";
    let count = cert.subject.raw_common_names().count();
    if count > 1 {
        out.push(
            depth,
            Code::Malformed,
            CLAUSE,
            format!("the subject has {count} commonName attributes; a subscriber certificate has at most one"),
        );
    }
    for cn in cert.subject.raw_common_names() {
        if let Some(problem) = common_name_problem(cert, cn) {
            out.push(depth, Code::Malformed, CLAUSE, problem);
        }
    }
}

/// What is wrong with one commonName of a subscriber certificate, if anything.
fn common_name_problem(cert: &Certificate, cn: &str) -> Option<String> {
    if let Some(ip) = crate::names::parse_ip_leniently(cn) {
        if ip.to_string() != cn {
            return Some(format!(
                "the subject commonName {cn:?} is the IP address {ip} in a non-canonical form"
            ));
        }
        let octets = crate::names::ip_bytes(&ip);
        let in_san = cert
            .san_names()
            .any(|n| matches!(n, GeneralName::Ip(b) if *b == octets));
        return (!in_san).then(|| not_in_san(cert, cn));
    }
    if !cn.is_ascii() && cn.contains('.') {
        return Some(format!("the subject commonName {cn:?} is a domain name in Unicode; it MUST be the ASCII (A-label) form of a subjectAltName"));
    }
    if cert.dns_names().any(|d| d == cn) {
        return None;
    }
    let case_twin = cert.dns_names().find(|d| d.eq_ignore_ascii_case(cn));
    Some(match case_twin {
        Some(d) => format!(
            "the subject commonName {cn:?} differs from the subjectAltName {d:?} in letter case"
        ),
        None => not_in_san(cert, cn),
    })
}

fn not_in_san(cert: &Certificate, cn: &str) -> String {
    match cert.list_san_names(|n| matches!(n, GeneralName::Dns(_) | GeneralName::Ip(_))) {
        None => format!("the subject commonName {cn:?} is not repeated in a subjectAltName; the certificate has no DNS or IP subjectAltName"),
        Some(names) => format!("the subject commonName {cn:?} is not one of the subjectAltName values ({names}); a client that falls back to the CN would accept it for a name the SAN does not list (--profile rfc5280 does not apply this CA/B rule, for a private PKI)"),
    }
}

// CA/B Forum BR 7.1.2.1.2: a root CA certificate MUST NOT carry extKeyUsage.
fn check_root_profile(cert: &Certificate, depth: usize, out: &mut Findings) {
    if cert.ext_key_usage.is_some() && cert.is_self_issued() {
        out.push(
            depth,
            Code::Malformed,
            "CA/B BR 7.1.2.1.2",
            "a root CA certificate carries extKeyUsage, which MUST be absent",
        );
    }
}
