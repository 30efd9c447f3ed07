//! PKCS#7 certificate bundles (`.p7b`, `.p7c`, as `openssl crl2pkcs7 -nocrl -certfile`
//! and Windows write them), DER or PEM (`BEGIN PKCS7`): the certificates of a SignedData's
//! `certificates` field, each kept byte for byte. Nothing is signed or verified here: a
//! "certs-only" SignedData has no signer, and the certificates are checked by the path
//! builder like any others.
//!
//! The container is walked element by element rather than decoded with RustCrypto's
//! `cms`: its `CertificateChoices` re-decodes every certificate with `x509-cert`, which
//! refuses certificates certchain reads and reports on (a `malformed` finding), and
//! re-encodes them; here each certificate's own bytes go to the certificate parser.

use super::detect::{element, OID_SIGNED_DATA};
use super::MAX_CERTS_PER_INPUT;
use x509_parser::asn1_rs::{Any, Class, Tag};

/// What is wrong with a PKCS#7 input, for [`super::InputError`].
#[derive(Debug, PartialEq, Eq)]
pub enum Pkcs7Error {
    /// The structure is broken: what was expected where.
    Corrupt(String),
    /// Well-formed, but holding no certificate.
    NoCertificate,
}

/// The DER of every certificate of a PKCS#7 ContentInfo, in the order stored.
pub fn certificates(bytes: &[u8]) -> Result<Vec<&[u8]>, Pkcs7Error> {
    let corrupt = |what: &str| Pkcs7Error::Corrupt(format!("corrupt PKCS#7: {what}"));
    // RFC 5652 3: ContentInfo ::= SEQUENCE { contentType OID, content [0] EXPLICIT ANY }
    let (_, content_info, trailing) = element(bytes)
        .filter(|(_, e, _)| is(e, Class::Universal, Tag::Sequence))
        .ok_or_else(|| corrupt("the ContentInfo SEQUENCE is truncated or malformed"))?;
    if !trailing.is_empty() {
        return Err(corrupt(&format!(
            "{} bytes of trailing data after the ContentInfo",
            trailing.len()
        )));
    }
    let (_, content_type, rest) = element(content_info.data)
        .filter(|(_, e, _)| is(e, Class::Universal, Tag::Oid))
        .ok_or_else(|| corrupt("no contentType OID"))?;
    if content_type.data != OID_SIGNED_DATA {
        return Err(corrupt("the content is not SignedData (RFC 5652 5)"));
    }
    let (_, explicit, _) = element(rest)
        .filter(|(_, e, _)| is(e, Class::ContextSpecific, Tag(0)))
        .ok_or_else(|| corrupt("SignedData content [0] missing or truncated"))?;
    let (_, signed_data, _) = element(explicit.data)
        .filter(|(_, e, _)| is(e, Class::Universal, Tag::Sequence))
        .ok_or_else(|| corrupt("the SignedData SEQUENCE is truncated or malformed"))?;
    // RFC 5652 5.1: SignedData ::= SEQUENCE { version, digestAlgorithms SET,
    // encapContentInfo SEQUENCE, certificates [0] IMPLICIT OPTIONAL, crls [1] IMPLICIT
    // OPTIONAL, signerInfos SET }
    let mut rest = signed_data.data;
    for (name, tag) in [
        ("version", Tag::Integer),
        ("digestAlgorithms", Tag::Set),
        ("encapContentInfo", Tag::Sequence),
    ] {
        let (_, _, after) = element(rest)
            .filter(|(_, e, _)| is(e, Class::Universal, tag))
            .ok_or_else(|| corrupt(&format!("SignedData {name} missing or malformed")))?;
        rest = after;
    }
    let Some((_, set, _)) = element(rest).filter(|(_, e, _)| is(e, Class::ContextSpecific, Tag(0)))
    else {
        return Err(Pkcs7Error::NoCertificate);
    };
    let mut certs = Vec::new();
    let mut items = set.data;
    while !items.is_empty() {
        let n = certs.len().saturating_add(1);
        let (whole, item, after) = element(items)
            .ok_or_else(|| corrupt(&format!("certificate {n} is truncated or malformed")))?;
        // CertificateChoices: a plain SEQUENCE is an X.509 certificate; the tagged
        // choices are PKCS#6 extended and attribute certificates, which certify no key.
        if !is(&item, Class::Universal, Tag::Sequence) {
            return Err(corrupt(&format!(
                "certificate {n} is not an X.509 certificate (an attribute or other \
                 certificate, tag [{}])",
                item.header.tag().0
            )));
        }
        if n > MAX_CERTS_PER_INPUT {
            return Err(corrupt(&format!(
                "more than {MAX_CERTS_PER_INPUT} certificates in one input"
            )));
        }
        certs.push(whole);
        items = after;
    }
    if certs.is_empty() {
        return Err(Pkcs7Error::NoCertificate);
    }
    Ok(certs)
}

fn is(e: &Any<'_>, class: Class, tag: Tag) -> bool {
    e.header.class() == class && e.header.tag() == tag
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_what_is_not_a_bundle() {
        assert!(matches!(certificates(b""), Err(Pkcs7Error::Corrupt(_))));
        // ContentInfo { signedData } with no content.
        let bare = [&[0x30, 0x0b, 0x06, 0x09][..], OID_SIGNED_DATA].concat();
        assert_eq!(
            certificates(&bare),
            Err(Pkcs7Error::Corrupt(
                "corrupt PKCS#7: SignedData content [0] missing or truncated".into()
            ))
        );
    }
}
