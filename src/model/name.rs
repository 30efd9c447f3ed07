//! Distinguished names (RFC 5280 4.1.2.4): the encoded name, a one-line rendering and
//! the normalised form names are compared in (RFC 5280 7.1).

use super::oid;
use x509_parser::asn1_rs::Oid;
use x509_parser::x509::X509Name;

/// A distinguished name: its DER, a one-line rendering, and its attributes per RDN in a
/// normalised form for comparison (RFC 5280 7.1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DistinguishedName {
    /// The DER encoding of the Name.
    pub raw: Vec<u8>,
    /// A one-line rendering, RFC 4514 order reversed as tools usually print it.
    pub text: String,
    /// RDNs in encoded order, each a list of (dotted attribute OID, normalised value):
    /// the comparison form of RFC 5280 7.1, as text.
    pub rdns: Vec<Vec<(String, String)>>,
    /// Every attribute in encoded order as (OID, value as encoded).
    pub values: Vec<(Oid<'static>, String)>,
    /// The normalised form used to compare names (RFC 5280 7.1): RDNs in order, the
    /// attributes of each sorted, values case-folded with white space collapsed.
    pub norm: String,
}

impl DistinguishedName {
    /// Read an x509-parser name. One pass over the attributes; the one-line text and the
    /// normalised form are written straight into their strings, and the dotted form of
    /// the usual attribute types comes from a table instead of being formatted.
    pub fn from_x509(name: &X509Name<'_>) -> Self {
        let mut rdns = Vec::new();
        let mut raw_values = Vec::new();
        let mut text = String::new();
        let mut norm = String::new();
        for rdn in name.iter_rdn() {
            let mut attrs = Vec::new();
            for atv in rdn.iter() {
                let oid = atv.attr_type();
                let value = match atv.as_str() {
                    Ok(s) => s.to_string(),
                    Err(_) => match atv.attr_value().as_bmpstring() {
                        Ok(b) => b.string(),
                        Err(_) => hex_value(atv.as_slice()),
                    },
                };
                if !text.is_empty() {
                    text.push_str(", ");
                }
                text.push_str(&attr_short_name(oid));
                text.push('=');
                text.push_str(&value);
                attrs.push((dotted(oid), normalise(&value)));
                raw_values.push((oid.to_owned(), value));
            }
            if !rdns.is_empty() {
                norm.push(',');
            }
            if let [(o, v)] = attrs.as_slice() {
                push_norm(&mut norm, o, v);
            } else {
                let mut each: Vec<String> = attrs
                    .iter()
                    .map(|(o, v)| {
                        let mut s = String::new();
                        push_norm(&mut s, o, v);
                        s
                    })
                    .collect();
                each.sort();
                norm.push_str(&each.join("+"));
            }
            rdns.push(attrs);
        }
        DistinguishedName {
            raw: name.as_raw().to_vec(),
            text,
            rdns,
            values: raw_values,
            norm,
        }
    }

    /// Whether the name has no RDN.
    pub fn is_empty(&self) -> bool {
        self.rdns.is_empty()
    }

    /// The commonName values as encoded (not normalised).
    pub fn raw_common_names(&self) -> impl Iterator<Item = &str> {
        self.values
            .iter()
            .filter(|(o, _)| *o == oid::CN)
            .map(|(_, v)| v.as_str())
    }

    /// RFC 5280 4.2.1.10: a directoryName constraint matches every name whose RDN sequence
    /// starts with the constraint's RDNs (compared per RFC 5280 7.1).
    pub fn is_within(&self, base: &DistinguishedName) -> bool {
        base.rdns.len() <= self.rdns.len()
            && base.rdns.iter().zip(&self.rdns).all(|(b, s)| {
                let mut b = b.clone();
                let mut s = s.clone();
                b.sort();
                s.sort();
                b == s
            })
    }
}

/// Append `oid=value` to the normalised form, escaping the separators of the value so
/// distinct names never collide.
fn push_norm(out: &mut String, oid: &str, value: &str) {
    out.push_str(oid);
    out.push('=');
    for c in value.chars() {
        if matches!(c, '\\' | ',' | '+' | '=') {
            out.push('\\');
        }
        out.push(c);
    }
}

fn hex_value(bytes: &[u8]) -> String {
    format!("#{}", crate::wording::hex(bytes))
}

/// RFC 5280 7.1 (via RFC 4518): compare case-insensitively with white space folded.
fn normalise(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for word in value.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.to_lowercase()
}

/// The attribute types a one-line name shows by their short names (RFC 4514 3), with
/// their dotted form (formatting an OID costs more than the rest of reading a name).
const ATTRIBUTE_NAMES: &[(Oid<'static>, &str, &str)] = &[
    (oid::CN, "CN", "2.5.4.3"),
    (oid::C, "C", "2.5.4.6"),
    (oid::L, "L", "2.5.4.7"),
    (oid::ST, "ST", "2.5.4.8"),
    (oid::O, "O", "2.5.4.10"),
    (oid::OU, "OU", "2.5.4.11"),
    (oid::SERIAL_NUMBER, "serialNumber", "2.5.4.5"),
    (oid::STREET, "street", "2.5.4.9"),
    (oid::POSTAL_CODE, "postalCode", "2.5.4.17"),
    (oid::DC, "DC", "0.9.2342.19200300.100.1.25"),
    (oid::UID, "UID", "0.9.2342.19200300.100.1.1"),
    (oid::EMAIL_ADDRESS, "emailAddress", "1.2.840.113549.1.9.1"),
];

/// An attribute type's short name, or its dotted OID.
fn attr_short_name(attr: &Oid<'_>) -> std::borrow::Cow<'static, str> {
    match ATTRIBUTE_NAMES.iter().find(|(o, _, _)| o == attr) {
        Some((_, name, _)) => std::borrow::Cow::Borrowed(name),
        None => std::borrow::Cow::Owned(attr.to_id_string()),
    }
}

/// An attribute type's dotted OID.
fn dotted(attr: &Oid<'_>) -> String {
    match ATTRIBUTE_NAMES.iter().find(|(o, _, _)| o == attr) {
        Some((_, _, dotted)) => (*dotted).to_string(),
        None => attr.to_id_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dotted_forms_of_the_table_are_the_oids() {
        for (o, _, d) in ATTRIBUTE_NAMES {
            assert_eq!(o.to_id_string(), *d);
        }
    }
}
