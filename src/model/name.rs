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
    /// Read an x509-parser name.
    pub fn from_x509(name: &X509Name<'_>) -> Self {
        let mut rdns = Vec::new();
        let mut raw_values = Vec::new();
        for rdn in name.iter_rdn() {
            let mut attrs = Vec::new();
            for atv in rdn.iter() {
                let oid = atv.attr_type().to_owned();
                let value = match atv.as_str() {
                    Ok(s) => s.to_string(),
                    Err(_) => match atv.attr_value().as_bmpstring() {
                        Ok(b) => b.string(),
                        Err(_) => hex_value(atv.as_slice()),
                    },
                };
                attrs.push((oid.to_id_string(), normalise(&value)));
                raw_values.push((oid, value));
            }
            rdns.push(attrs);
        }
        let text = raw_values
            .iter()
            .map(|(oid, v)| format!("{}={}", attr_short_name(oid), v))
            .collect::<Vec<_>>()
            .join(", ");
        let norm = rdns
            .iter()
            .map(|rdn| {
                let mut attrs: Vec<String> = rdn
                    .iter()
                    .map(|(o, v)| format!("{o}={}", escape_norm(v)))
                    .collect();
                attrs.sort();
                attrs.join("+")
            })
            .collect::<Vec<_>>()
            .join(",");
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

/// Escape the separators of the normalised form so distinct names never collide.
fn escape_norm(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for c in v.chars() {
        if matches!(c, '\\' | ',' | '+' | '=') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn hex_value(bytes: &[u8]) -> String {
    format!("#{}", crate::wording::hex(bytes))
}

/// RFC 5280 7.1 (via RFC 4518): compare case-insensitively with white space folded.
fn normalise(value: &str) -> String {
    value
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The attribute types a one-line name shows by their short names (RFC 4514 3).
const ATTRIBUTE_NAMES: &[(Oid<'static>, &str)] = &[
    (oid::CN, "CN"),
    (oid::C, "C"),
    (oid::L, "L"),
    (oid::ST, "ST"),
    (oid::O, "O"),
    (oid::OU, "OU"),
    (oid::SERIAL_NUMBER, "serialNumber"),
    (oid::STREET, "street"),
    (oid::POSTAL_CODE, "postalCode"),
    (oid::DC, "DC"),
    (oid::UID, "UID"),
    (oid::EMAIL_ADDRESS, "emailAddress"),
];

/// An attribute type's short name, or its dotted OID.
fn attr_short_name(attr: &Oid<'_>) -> String {
    match ATTRIBUTE_NAMES.iter().find(|(o, _)| o == attr) {
        Some((_, name)) => (*name).to_string(),
        None => attr.to_id_string(),
    }
}
