//! The tags of a certificate's fixed structure, byte for byte (RFC 5280 4.1, X.690 8.1.2).
//!
//! x509-parser reads a field by its tag *number* and lets the class bits pass: an OBJECT
//! IDENTIFIER written as `[APPLICATION 6]` (0x46) reads as an OID. DER allows one encoding
//! only, so certchain walks the skeleton once more and names the first tag that is not
//! the one RFC 5280's ASN.1 module gives (found by the `differential` fuzz target: a trust
//! anchor whose tbsCertificate.signature OID had the application class bit).

/// One DER element: its tag byte and its contents.
struct Tlv<'a> {
    tag: u8,
    contents: &'a [u8],
}

/// Most length octets read: four give 4 GiB, far beyond any certificate.
const MAX_LENGTH_OCTETS: usize = 4;

/// Split the element at the start of `data`; `None` when it is not one.
fn next(data: &[u8]) -> Option<(Tlv<'_>, &[u8])> {
    let (&tag, rest) = data.split_first()?;
    // A multi-byte tag number (low bits all set) is not used by RFC 5280's skeleton.
    if tag & 0x1f == 0x1f {
        return None;
    }
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let count = usize::from(first & 0x7f);
        if count == 0 || count > MAX_LENGTH_OCTETS {
            return None;
        }
        let (octets, rest) = rest.split_at_checked(count)?;
        let len = octets.iter().try_fold(0usize, |acc, &b| {
            acc.checked_mul(256)?.checked_add(usize::from(b))
        })?;
        (len, rest)
    };
    let (contents, rest) = rest.split_at_checked(len)?;
    Some((Tlv { tag, contents }, rest))
}

/// A cursor over the elements of a constructed value.
struct Elements<'a> {
    data: &'a [u8],
    path: &'static str,
}

impl<'a> Elements<'a> {
    /// The next element, which must carry `tag`.
    fn expect(&mut self, tag: u8, what: &str) -> Result<&'a [u8], String> {
        let tlv = self.any(what)?;
        if tlv.tag != tag {
            return Err(format!(
                "{}: {what} has tag 0x{:02x}, not 0x{tag:02x} (X.690 8.1.2: DER has one encoding)",
                self.path, tlv.tag
            ));
        }
        Ok(tlv.contents)
    }

    /// The next element if it carries `tag`.
    fn optional(&mut self, tag: u8) -> Option<&'a [u8]> {
        match next(self.data) {
            Some((tlv, rest)) if tlv.tag == tag => {
                self.data = rest;
                Some(tlv.contents)
            }
            _ => None,
        }
    }

    /// The next element whatever its tag.
    fn any(&mut self, what: &str) -> Result<Tlv<'a>, String> {
        let (tlv, rest) = next(self.data)
            .ok_or_else(|| format!("{}: {what} is missing or cut short", self.path))?;
        self.data = rest;
        Ok(tlv)
    }
}

const SEQUENCE: u8 = 0x30;
const SET: u8 = 0x31;
const OID: u8 = 0x06;
const INTEGER: u8 = 0x02;
const BIT_STRING: u8 = 0x03;
const OCTET_STRING: u8 = 0x04;
const BOOLEAN: u8 = 0x01;
const UTC_TIME: u8 = 0x17;
const GENERALIZED_TIME: u8 = 0x18;
/// `[0] EXPLICIT Version`, `[3] EXPLICIT Extensions`.
const VERSION: u8 = 0xa0;
const EXTENSIONS: u8 = 0xa3;
/// `[1] IMPLICIT UniqueIdentifier`, `[2]`: primitive BIT STRINGs.
const ISSUER_UID: u8 = 0x81;
const SUBJECT_UID: u8 = 0x82;

/// The first tag of the certificate's skeleton that DER does not allow there, in words;
/// `None` when all are right.
pub(crate) fn first_wrong_tag(der: &[u8]) -> Option<String> {
    check_certificate(der).err()
}

fn check_certificate(der: &[u8]) -> Result<(), String> {
    let mut top = Elements {
        data: der,
        path: "Certificate",
    };
    let cert = top.expect(SEQUENCE, "the certificate")?;
    let mut cert = Elements {
        data: cert,
        path: "Certificate",
    };
    check_tbs(cert.expect(SEQUENCE, "tbsCertificate")?)?;
    check_algorithm(
        cert.expect(SEQUENCE, "signatureAlgorithm")?,
        "signatureAlgorithm",
    )?;
    cert.expect(BIT_STRING, "signatureValue")?;
    Ok(())
}

/// RFC 5280 4.1.1.1 / 4.1.2.
fn check_tbs(tbs: &[u8]) -> Result<(), String> {
    let mut e = Elements {
        data: tbs,
        path: "tbsCertificate",
    };
    if let Some(version) = e.optional(VERSION) {
        Elements {
            data: version,
            path: "tbsCertificate.version",
        }
        .expect(INTEGER, "the version")?;
    }
    e.expect(INTEGER, "serialNumber")?;
    check_algorithm(e.expect(SEQUENCE, "signature")?, "tbsCertificate.signature")?;
    check_name(e.expect(SEQUENCE, "issuer")?, "tbsCertificate.issuer")?;
    let mut validity = Elements {
        data: e.expect(SEQUENCE, "validity")?,
        path: "tbsCertificate.validity",
    };
    for what in ["notBefore", "notAfter"] {
        let t = validity.any(what)?;
        if t.tag != UTC_TIME && t.tag != GENERALIZED_TIME {
            return Err(format!(
                "tbsCertificate.validity: {what} has tag 0x{:02x}, not UTCTime (0x17) or GeneralizedTime (0x18)",
                t.tag
            ));
        }
    }
    check_name(e.expect(SEQUENCE, "subject")?, "tbsCertificate.subject")?;
    let mut spki = Elements {
        data: e.expect(SEQUENCE, "subjectPublicKeyInfo")?,
        path: "tbsCertificate.subjectPublicKeyInfo",
    };
    check_algorithm(
        spki.expect(SEQUENCE, "algorithm")?,
        "subjectPublicKeyInfo.algorithm",
    )?;
    spki.expect(BIT_STRING, "subjectPublicKey")?;
    e.optional(ISSUER_UID);
    e.optional(SUBJECT_UID);
    if let Some(extensions) = e.optional(EXTENSIONS) {
        let mut outer = Elements {
            data: extensions,
            path: "tbsCertificate.extensions",
        };
        let mut list = Elements {
            data: outer.expect(SEQUENCE, "the extension list")?,
            path: "tbsCertificate.extensions",
        };
        while !list.data.is_empty() {
            let mut ext = Elements {
                data: list.expect(SEQUENCE, "an extension")?,
                path: "tbsCertificate.extensions",
            };
            ext.expect(OID, "an extension's extnID")?;
            ext.optional(BOOLEAN);
            ext.expect(OCTET_STRING, "an extension's extnValue")?;
        }
    }
    Ok(())
}

/// AlgorithmIdentifier (RFC 5280 4.1.1.2): SEQUENCE { OBJECT IDENTIFIER, parameters }.
fn check_algorithm(alg: &[u8], path: &'static str) -> Result<(), String> {
    Elements { data: alg, path }
        .expect(OID, "the algorithm")
        .map(|_| ())
}

/// Name (RFC 5280 4.1.2.4): SEQUENCE OF SET OF SEQUENCE { OBJECT IDENTIFIER, value }.
fn check_name(name: &[u8], path: &'static str) -> Result<(), String> {
    let mut rdns = Elements { data: name, path };
    while !rdns.data.is_empty() {
        let mut set = Elements {
            data: rdns.expect(SET, "a relative distinguished name")?,
            path,
        };
        while !set.data.is_empty() {
            let mut atv = Elements {
                data: set.expect(SEQUENCE, "an attribute")?,
                path,
            };
            atv.expect(OID, "an attribute type")?;
            let value = atv.any("an attribute value")?;
            // DirectoryString and the other attribute syntaxes are universal types.
            if value.tag & 0xc0 != 0 {
                return Err(format!(
                    "{path}: an attribute value has tag 0x{:02x}, not a universal type",
                    value.tag
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture_der() -> Vec<u8> {
        let pem = include_str!("../../fixtures/valid-rsa/chain.pem");
        let block = ::pem::parse(pem).unwrap();
        block.contents().to_vec()
    }

    #[test]
    fn a_fixture_certificate_has_the_right_tags() {
        assert_eq!(first_wrong_tag(&fixture_der()), None);
    }

    #[test]
    fn an_oid_with_the_application_class_is_named() {
        let mut der = fixture_der();
        // The first OID of the certificate is tbsCertificate.signature's algorithm.
        let at = der.windows(2).position(|w| w == [0x06, 0x09]).unwrap();
        der[at] = 0x46;
        assert_eq!(
            first_wrong_tag(&der).as_deref(),
            Some(
                "tbsCertificate.signature: the algorithm has tag 0x46, not 0x06 \
                 (X.690 8.1.2: DER has one encoding)"
            )
        );
    }

    #[test]
    fn cut_or_garbage_input_is_named_not_a_panic() {
        let der = fixture_der();
        for len in 0..der.len() {
            let _ = first_wrong_tag(&der[..len]);
        }
        assert!(first_wrong_tag(&[0x30, 0x84, 0xff, 0xff, 0xff, 0xff]).is_some());
        assert!(first_wrong_tag(&[0x30, 0x89, 1, 2, 3, 4, 5, 6, 7, 8, 9]).is_some());
    }
}
