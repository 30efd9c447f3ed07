//! Distinguished names (RFC 5280 4.1.2.4): the encoded name, a one-line rendering and
//! the normalised form names are compared in (RFC 5280 7.1).
// Panics that input could reach are denied here (see [workspace.lints] in Cargo.toml).
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use x509_parser::x509::X509Name;

/// A distinguished name: its DER, a one-line rendering, and its attributes per RDN in a
/// normalised form for comparison (RFC 5280 7.1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DistinguishedName {
    /// The DER encoding of the Name.
    pub raw: Vec<u8>,
    /// A one-line rendering, RFC 4514 order reversed as tools usually print it.
    pub text: String,
    /// RDNs in encoded order, each a list of (attribute OID, normalised value).
    pub rdns: Vec<Vec<(String, String)>>,
    /// Every attribute in encoded order as (OID, value as encoded).
    pub values: Vec<(String, String)>,
    /// The normalised form used to compare names (RFC 5280 7.1): RDNs in order, the
    /// attributes of each sorted, values case-folded with white space collapsed.
    pub norm: String,
}

/// id-at-commonName
pub const OID_CN: &str = "2.5.4.3";
/// emailAddress (PKCS#9), which RFC 5280 4.2.1.10 says to check against rfc822Name constraints
pub const OID_EMAIL_ADDRESS: &str = "1.2.840.113549.1.9.1";

impl DistinguishedName {
    /// Read an x509-parser name.
    pub fn from_x509(name: &X509Name<'_>) -> Self {
        let mut rdns = Vec::new();
        let mut raw_values = Vec::new();
        for rdn in name.iter_rdn() {
            let mut attrs = Vec::new();
            for atv in rdn.iter() {
                let oid = atv.attr_type().to_id_string();
                let value = match atv.as_str() {
                    Ok(s) => s.to_string(),
                    Err(_) => match atv.attr_value().as_bmpstring() {
                        Ok(b) => b.string(),
                        Err(_) => hex_value(atv.as_slice()),
                    },
                };
                raw_values.push((oid.clone(), value.clone()));
                attrs.push((oid, normalise(&value)));
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
            .filter(|(o, _)| o == OID_CN)
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

fn attr_short_name(oid: &str) -> &str {
    match oid {
        OID_CN => "CN",
        "2.5.4.6" => "C",
        "2.5.4.7" => "L",
        "2.5.4.8" => "ST",
        "2.5.4.10" => "O",
        "2.5.4.11" => "OU",
        "2.5.4.5" => "serialNumber",
        "2.5.4.9" => "street",
        "2.5.4.17" => "postalCode",
        "0.9.2342.19200300.100.1.25" => "DC",
        "0.9.2342.19200300.100.1.1" => "UID",
        OID_EMAIL_ADDRESS => "emailAddress",
        other => other,
    }
}
