//! Name constraints (RFC 5280 4.2.1.10, 6.1.3 (b)(c)): every CA's permitted and excluded
//! subtrees apply to every certificate below it in the path, except self-issued
//! intermediates. Names are those of the subjectAltName, the subject DN (directoryName
//! constraints) and subject emailAddress attributes (rfc822Name constraints).

use super::PathView;
use crate::model::oid;
use crate::model::{Certificate, GeneralName, NameConstraints};
use crate::names::MAX_DNS_NAME_LEN;
use crate::report::details::{BudgetResource, ConstraintViolation, Details};
use crate::report::finding::{Code, Findings};

/// Name-constraint comparisons per verification (names × constraints, summed over every
/// path judged; a subtree of another type than the name counts too, as its type is
/// compared). Real constrained CAs have a few dozen subtrees; 250,000 bounds the
/// quadratic blow-up of a CA with thousands of subtrees over a leaf with thousands of
/// names (the x509-limbo nc-dos cases) at a few milliseconds.
pub const MAX_NAME_COMPARISONS: usize = 250_000;

/// How a name relates to one subtree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Relation {
    /// Every name this can stand for is inside the subtree.
    Within,
    /// Some names it can stand for are inside, some outside (a wildcard across it).
    Overlaps,
    /// Outside.
    Outside,
    /// Different name types: the subtree says nothing about it.
    OtherType,
    /// Same type but certchain cannot compare it (e.g. otherName).
    Unknown,
}

fn dns_within(name: &str, base: &str) -> bool {
    // RFC 5280 4.2.1.10: a dNSName constraint matches the name itself and any name formed
    // by adding labels to its left; the empty constraint matches every name.
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    let base = base.trim_end_matches('.').to_ascii_lowercase();
    base.is_empty() || name == base || name.ends_with(&format!(".{base}"))
}

/// Whether a DNS name (or mail domain) is too long to be one: longer than
/// [`MAX_DNS_NAME_LEN`] without its trailing dot.
fn too_long(name: &str) -> bool {
    name.strip_suffix('.').unwrap_or(name).len() > MAX_DNS_NAME_LEN
}

/// A presented DNS name (possibly `*.rest`) against a dNSName subtree.
fn dns_relation(name: &str, base: &str) -> Relation {
    // RFC 1035 2.3.4: a name past 253 octets is no DNS name; it is not compared (each
    // comparison would cost its length), so a permitted subtree cannot let it through
    // and an excluded one rejects it.
    if too_long(name) || too_long(base) {
        return Relation::Unknown;
    }
    match name.strip_prefix("*.") {
        None => {
            if dns_within(name, base) {
                Relation::Within
            } else {
                Relation::Outside
            }
        }
        Some(rest) => {
            // *.rest stands for any one label in front of rest (RFC 6125 6.4.3): all of
            // them are inside the subtree when rest is; some are when the subtree is
            // itself one label in front of rest.
            let one_label_over_rest = base
                .split_once('.')
                .is_some_and(|(first, tail)| !first.is_empty() && tail.eq_ignore_ascii_case(rest));
            if dns_within(rest, base) {
                Relation::Within
            } else if one_label_over_rest {
                Relation::Overlaps
            } else {
                Relation::Outside
            }
        }
    }
}

fn ip_relation(addr: &[u8], base: &[u8]) -> Relation {
    if addr.len().checked_mul(2) != Some(base.len()) {
        return if (addr.len() == 4 || addr.len() == 16) && (base.len() == 8 || base.len() == 32) {
            Relation::Outside // other address family: not within this subtree
        } else {
            Relation::Unknown
        };
    }
    let (net, mask) = base.split_at(addr.len());
    if addr
        .iter()
        .zip(net)
        .zip(mask)
        .all(|((a, n), m)| a & m == n & m)
    {
        Relation::Within
    } else {
        Relation::Outside
    }
}

// RFC 5280 4.2.1.10: a mailbox constraint matches exactly; a host matches every mailbox
// at that host; a constraint starting with a period matches mailboxes at any subdomain.
// Characters, asterisks included, are literal.
fn email_relation(addr: &str, base: &str) -> Relation {
    let Some((_, host)) = addr.rsplit_once('@') else {
        return Relation::Unknown;
    };
    if too_long(host) || too_long(base.rsplit_once('@').map_or(base, |(_, h)| h)) {
        return Relation::Unknown; // RFC 1035 2.3.4, as for dNSNames
    }
    let within = if base.contains('@') {
        crate::names::email_matches(addr, base)
    } else if let Some(domain) = base.strip_prefix('.') {
        host.to_ascii_lowercase()
            .ends_with(&format!(".{}", domain.to_ascii_lowercase()))
    } else {
        host.eq_ignore_ascii_case(base)
    };
    if within {
        Relation::Within
    } else {
        Relation::Outside
    }
}

fn relation(name: &GeneralName, base: &GeneralName) -> Relation {
    use GeneralName as G;
    match (name, base) {
        (G::Dns(n), G::Dns(b)) => dns_relation(n, b),
        (G::Ip(n), G::Ip(b)) => ip_relation(n, b),
        (G::Email(n), G::Email(b)) => email_relation(n, b),
        (G::Directory(n), G::Directory(b)) => {
            if n.is_within(b) {
                Relation::Within
            } else {
                Relation::Outside
            }
        }
        (G::Uri(_), G::Uri(_)) | (G::Other(_), G::Other(_)) => Relation::Unknown,
        (G::Unsupported(a), G::Unsupported(b)) if a == b => Relation::Unknown,
        _ => Relation::OtherType,
    }
}

fn same_type(a: &GeneralName, b: &GeneralName) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
        && match (a, b) {
            (GeneralName::Unsupported(x), GeneralName::Unsupported(y)) => x == y,
            _ => true,
        }
}

/// The names of a certificate that constraints apply to.
fn constrained_names(cert: &Certificate) -> Vec<GeneralName> {
    let mut names: Vec<GeneralName> = cert.san_names().cloned().collect();
    if !cert.subject.is_empty() {
        names.push(GeneralName::Directory(cert.subject.clone()));
    }
    // RFC 5280 4.2.1.10: emailAddress attributes of the subject are checked against
    // rfc822Name constraints when there is no rfc822Name in the subjectAltName.
    if !names.iter().any(|n| matches!(n, GeneralName::Email(_))) {
        for e in cert
            .subject
            .values
            .iter()
            .filter(|(o, _)| *o == oid::EMAIL_ADDRESS)
        {
            names.push(GeneralName::Email(e.1.clone()));
        }
    }
    names
}

/// How one name breaks one CA's constraints.
struct Violation {
    constraint: Option<String>,
    constraint_type: Option<String>,
    permitted: Vec<String>,
    violation: ConstraintViolation,
}

/// Check one name against one CA's constraints. Returns the violation, if any.
fn check_name(
    name: &GeneralName,
    nc: &NameConstraints,
    left: &mut usize,
) -> Result<Option<Violation>, ()> {
    for base in nc.excluded.iter().flatten() {
        if *left == 0 {
            return Err(());
        }
        *left = left.saturating_sub(1);
        match relation(name, base) {
            Relation::Within | Relation::Overlaps => {
                return Ok(Some(Violation {
                    constraint: Some(base.describe()),
                    constraint_type: None,
                    permitted: Vec::new(),
                    violation: ConstraintViolation::Excluded,
                }))
            }
            Relation::Unknown => {
                return Ok(Some(Violation {
                    constraint: Some(base.describe()),
                    constraint_type: Some(base.kind().to_string()),
                    permitted: Vec::new(),
                    violation: ConstraintViolation::ExcludedIncomparable,
                }))
            }
            Relation::Outside | Relation::OtherType => {}
        }
    }
    let Some(permitted) = &nc.permitted else {
        return Ok(None);
    };
    // Each permitted subtree is one comparison, of another type or not: the type test
    // is work too, and a CA with thousands of subtrees of one type over a leaf with
    // thousands of names of another must hit the budget like any other. Those of the
    // name's type are counted below, as they are compared.
    let mut of_type: Vec<&GeneralName> = Vec::new();
    for base in permitted {
        if same_type(name, base) {
            of_type.push(base);
        } else {
            *left = left.checked_sub(1).ok_or(())?;
        }
    }
    if of_type.is_empty() {
        return Ok(None); // no permitted subtree of this type: the type is unconstrained
    }
    let mut unknown = false;
    for base in &of_type {
        if *left == 0 {
            return Err(());
        }
        *left = left.saturating_sub(1);
        match relation(name, base) {
            Relation::Within => return Ok(None),
            Relation::Unknown => unknown = true,
            _ => {}
        }
    }
    Ok(Some(if unknown {
        Violation {
            constraint: None,
            constraint_type: None,
            permitted: Vec::new(),
            violation: ConstraintViolation::PermittedIncomparable,
        }
    } else {
        Violation {
            constraint: None,
            constraint_type: None,
            permitted: of_type.iter().map(|b| b.describe()).collect(),
            violation: ConstraintViolation::NotPermitted,
        }
    }))
}

// RFC 5280 6.1.3 (b)(c) and 6.1.4 (g): the constraints of the CA at depth j apply to the
// certificates at depths below j, except self-issued intermediates.
/// Check every certificate of the path against the constraints of every CA above it.
pub fn check_path(path: &PathView<'_>, left: &mut usize, out: &mut Findings) {
    for (ca_depth, ca) in path.certs.iter().enumerate().skip(1) {
        let Some(nc) = &ca.name_constraints else {
            continue;
        };
        for (depth, &cert) in path.certs.iter().enumerate().take(ca_depth) {
            if depth > 0 && cert.is_self_issued() {
                continue;
            }
            for name in constrained_names(cert) {
                match check_name(&name, nc, left) {
                    Ok(None) => {}
                    Ok(Some(v)) => out.push(
                        depth,
                        Code::NameConstraintViolation,
                        "RFC 5280 4.2.1.10",
                        Details::NameConstraintViolation {
                            name: name.describe(),
                            constraint: v.constraint,
                            constraint_type: v.constraint_type,
                            permitted: v.permitted,
                            violation: v.violation,
                            set_by: ca.short_name(),
                            ca_depth,
                        },
                    ),
                    Err(()) => {
                        out.push(
                            depth,
                            Code::BudgetExhausted,
                            "",
                            Details::BudgetExhausted {
                                resource: BudgetResource::NameComparisons,
                                limit: Some(MAX_NAME_COMPARISONS),
                                ca_depth: Some(ca_depth),
                            },
                        );
                        return;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dns_subtrees() {
        assert_eq!(dns_relation("example.com", "example.com"), Relation::Within);
        assert_eq!(
            dns_relation("a.example.com", "example.com"),
            Relation::Within
        );
        assert_eq!(
            dns_relation("notexample.com", "example.com"),
            Relation::Outside
        );
        assert_eq!(
            dns_relation("*.example.com", "example.com"),
            Relation::Within
        );
        assert_eq!(
            dns_relation("*.example.com", "bar.example.com"),
            Relation::Overlaps
        );
        assert_eq!(dns_relation("*.foo.com", "foo.com"), Relation::Within);
        assert_eq!(
            dns_relation("*.example.com", "foo.example.com"),
            Relation::Overlaps
        );
        assert_eq!(dns_relation("anything.test", ""), Relation::Within);
    }

    #[test]
    fn ip_subtrees() {
        let base = [192, 0, 2, 0, 255, 255, 255, 0];
        assert_eq!(ip_relation(&[192, 0, 2, 1], &base), Relation::Within);
        assert_eq!(ip_relation(&[192, 0, 3, 1], &base), Relation::Outside);
        assert_eq!(ip_relation(&[0; 16], &base), Relation::Outside);
    }

    #[test]
    fn email_subtrees_are_literal() {
        assert_eq!(
            email_relation("foo@example.com", "foo@example.com"),
            Relation::Within
        );
        assert_eq!(
            email_relation("foo@example.com", "example.com"),
            Relation::Within
        );
        assert_eq!(
            email_relation("user@example.com", "*@example.com"),
            Relation::Outside
        );
        assert_eq!(
            email_relation("*@sub.example.com", "*@example.com"),
            Relation::Outside
        );
        assert_eq!(
            email_relation("a@sub.example.com", ".example.com"),
            Relation::Within
        );
    }
}

#[cfg(test)]
mod prop_tests;
