//! General names (RFC 5280 4.2.1.6), owned: what subjectAltName and nameConstraints hold.

use super::name::DistinguishedName;

/// A general name (RFC 5280 4.2.1.6), owned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GeneralName {
    /// dNSName
    Dns(String),
    /// iPAddress: 4 or 16 bytes in a SAN; address followed by mask (8 or 32) in a constraint
    Ip(Vec<u8>),
    /// rfc822Name
    Email(String),
    /// directoryName
    Directory(DistinguishedName),
    /// uniformResourceIdentifier
    Uri(String),
    /// otherName, by its type-id OID
    Other(String),
    /// x400Address, ediPartyName or registeredID: names certchain does not compare
    Unsupported(&'static str),
    /// a name whose value could not be decoded (e.g. non-IA5 bytes in a dNSName)
    Invalid(String),
}

impl GeneralName {
    /// The kind of name, as RFC 5280 spells it.
    pub fn kind(&self) -> &'static str {
        match self {
            GeneralName::Dns(_) => "dNSName",
            GeneralName::Ip(_) => "iPAddress",
            GeneralName::Email(_) => "rfc822Name",
            GeneralName::Directory(_) => "directoryName",
            GeneralName::Uri(_) => "uniformResourceIdentifier",
            GeneralName::Other(_) => "otherName",
            GeneralName::Unsupported(k) => k,
            GeneralName::Invalid(_) => "invalid name",
        }
    }

    /// A readable rendering, e.g. `DNS:example.com` or `IP:192.0.2.1`.
    pub fn describe(&self) -> String {
        match self {
            GeneralName::Dns(d) => format!("DNS:{d}"),
            GeneralName::Ip(b) => format!("IP:{}", crate::names::format_ip_or_cidr(b)),
            GeneralName::Email(e) => format!("email:{e}"),
            GeneralName::Directory(dn) => format!("DirName:{}", dn.text),
            GeneralName::Uri(u) => format!("URI:{u}"),
            GeneralName::Other(o) => format!("otherName:{o}"),
            GeneralName::Unsupported(k) => k.to_string(),
            GeneralName::Invalid(why) => format!("invalid ({why})"),
        }
    }
}
