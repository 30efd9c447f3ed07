//! What a binary (non-PEM) input holds, told by its content, not its file name: one DER
//! certificate, a PKCS#7 SignedData bundle (`.p7b`, `.p7c`) or a PKCS#12 archive (`.p12`,
//! `.pfx`). Only the first elements of the outer SEQUENCE are looked at; each format's
//! own reader then checks the whole.

use x509_parser::asn1_rs::{Any, Class, FromBer, Tag};

/// The formats certchain reads, in words, for the error on a file that is none of them.
pub const FORMATS_TRIED: &str = "PEM, DER, PKCS#7, PKCS#12";

/// id-signedData (RFC 5652 5.1), content octets of the OID 1.2.840.113549.1.7.2.
pub const OID_SIGNED_DATA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02];

/// A binary input's kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryKind {
    /// A DER X.509 certificate (or something to be parsed, and refused, as one).
    Certificate,
    /// ContentInfo whose contentType is id-signedData (RFC 2315 / RFC 5652).
    Pkcs7,
    /// PFX: SEQUENCE { version INTEGER (3), authSafe ContentInfo, ... } (RFC 7292 4).
    Pkcs12,
    /// Not DER at all: the first byte is not a SEQUENCE tag.
    Unknown,
}

/// Tell a binary input's kind from its first elements.
pub fn sniff(bytes: &[u8]) -> BinaryKind {
    if bytes.first() != Some(&0x30) {
        return BinaryKind::Unknown;
    }
    // The outer header only: a truncated bundle is still told by its first element.
    let header_len = match bytes.get(1) {
        Some(&b) if b > 0x80 => 2 + usize::from(b & 0x7f),
        Some(_) => 2,
        None => return BinaryKind::Certificate,
    };
    let Some((_, first, after)) = bytes.get(header_len..).and_then(element) else {
        // Nothing readable inside: the certificate parser says why.
        return BinaryKind::Certificate;
    };
    // Only the tag: a truncated archive is still told as one.
    let second_is_sequence = after.first() == Some(&0x30);
    match (first.header.class(), first.header.tag()) {
        (Class::Universal, Tag::Oid) if first.data == OID_SIGNED_DATA => BinaryKind::Pkcs7,
        (Class::Universal, Tag::Integer)
            if first.data == [3u8].as_slice() && second_is_sequence =>
        {
            BinaryKind::Pkcs12
        }
        _ => BinaryKind::Certificate,
    }
}

/// One BER/DER element off the front of `input`: (its whole encoding, the element, the
/// rest). `None` when no complete element is there.
pub fn element(input: &[u8]) -> Option<(&[u8], Any<'_>, &[u8])> {
    let (rest, any) = Any::from_ber(input).ok()?;
    let used = input.len().checked_sub(rest.len())?;
    Some((input.get(..used)?, any, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_content() {
        let cert = include_bytes!("../../fixtures/valid-rsa/roots.pem");
        let der = ::pem::parse(cert).unwrap().into_contents();
        assert_eq!(sniff(&der), BinaryKind::Certificate);
        assert_eq!(sniff(b"hello"), BinaryKind::Unknown);
        assert_eq!(sniff(b"\x30\x03\x02\x01\x00"), BinaryKind::Certificate);
        // ContentInfo { signedData, ... } and PFX { 3, SEQUENCE }
        let p7 = [&[0x30, 0x0b, 0x06, 0x09][..], OID_SIGNED_DATA].concat();
        assert_eq!(sniff(&p7), BinaryKind::Pkcs7);
        let pfx = [0x30, 0x05, 0x02, 0x01, 0x03, 0x30, 0x00];
        assert_eq!(sniff(&pfx), BinaryKind::Pkcs12);
    }
}
