//! Minimal DER: reading elements, writing them, and the certificate surgery rcgen cannot do.

use crate::gen::Gen;
use crate::issue::Cert;
use x509_parser::asn1_rs::{Any, Class, FromDer, Header, Length, Oid, Tag, ToDer};

/// Split one DER element off the front: (tag, contents, whole element, rest). asn1-rs
/// reads the header; the generator only ever reads its own certificates and keys.
pub(crate) fn der_next(input: &[u8]) -> (u8, &[u8], &[u8], &[u8]) {
    let (rest, any) = Any::from_der(input).expect("a DER element");
    let (elem, _) = input.split_at(input.len() - rest.len());
    let tag = *elem.first().expect("an element has a tag");
    (tag, any.data, elem, rest)
}

/// The elements of a constructed value's contents.
pub(crate) fn der_children(mut contents: &[u8]) -> Vec<&[u8]> {
    let mut out = vec![];
    while !contents.is_empty() {
        let (_, _, elem, rest) = der_next(contents);
        out.push(elem);
        contents = rest;
    }
    out
}

/// One DER element: the identifier octet `tag` (class, constructed bit and a tag number
/// under 31), the definite length asn1-rs encodes, and `contents`.
pub(crate) fn der(tag: u8, contents: &[u8]) -> Vec<u8> {
    let class = Class::try_from(tag >> 6).expect("two bits are a class");
    let header = Header::new(
        class,
        tag & 0x20 != 0,
        Tag(u32::from(tag & 0x1f)),
        Length::Definite(contents.len()),
    );
    let mut out = header.to_der_vec().expect("a header encodes");
    out.extend_from_slice(contents);
    out
}

/// (TBSCertificate element, signature bytes) of a certificate.
pub(crate) fn split_certificate(cert: &[u8]) -> (&[u8], Vec<u8>) {
    let (_, contents, _, _) = der_next(cert);
    let parts = der_children(contents);
    let (_, bits, _, _) = der_next(parts[2]);
    (parts[0], bits[1..].to_vec())
}

/// Replace the signature algorithm of a certificate (inside and outside the
/// TBSCertificate) and sign the new TBSCertificate with `sign`.
pub(crate) fn resign(cert: &[u8], alg_id: &[u8], sign: impl FnOnce(&[u8]) -> Vec<u8>) -> Vec<u8> {
    let (tbs, _) = split_certificate(cert);
    let (_, tbs_contents, _, _) = der_next(tbs);
    let mut fields = der_children(tbs_contents);
    assert_eq!(
        fields[0][0], 0xa0,
        "a v3 certificate starts with [0] version"
    );
    fields[2] = alg_id;
    let new_tbs = der(0x30, &fields.concat());
    let mut bits = vec![0u8];
    bits.extend(sign(&new_tbs));
    der(
        0x30,
        &[new_tbs.clone(), alg_id.to_vec(), der(0x03, &bits)].concat(),
    )
}

/// The top-level fields of a TBSCertificate or TBSCertList, owned, for patching.
pub(crate) type Fields = Vec<Vec<u8>>;

/// The fields of the signed part of a Certificate or CertificateList.
pub(crate) fn tbs_fields(signed: &[u8]) -> Fields {
    let (tbs, _) = split_certificate(signed);
    let (_, contents, _, _) = der_next(tbs);
    der_children(contents)
        .into_iter()
        .map(<[u8]>::to_vec)
        .collect()
}

/// The outer signatureAlgorithm element of a Certificate or CertificateList.
pub(crate) fn outer_alg(signed: &[u8]) -> Vec<u8> {
    let (_, contents, _, _) = der_next(signed);
    der_children(contents)[1].to_vec()
}

/// A Certificate or CertificateList from its parts.
pub(crate) fn assemble(fields: &Fields, alg_id: &[u8], signature: &[u8]) -> Vec<u8> {
    let mut bits = vec![0u8];
    bits.extend_from_slice(signature);
    der(
        0x30,
        &[
            der(0x30, &fields.concat()),
            alg_id.to_vec(),
            der(0x03, &bits),
        ]
        .concat(),
    )
}

/// An OBJECT IDENTIFIER element, encoded by asn1-rs.
pub(crate) fn oid(arcs: &[u64]) -> Vec<u8> {
    Oid::from(arcs)
        .expect("a valid OID")
        .to_der_vec()
        .expect("an OID encodes")
}

/// One extension, decoded enough to edit.
#[derive(Clone)]
pub(crate) struct Ext {
    /// The OBJECT IDENTIFIER element.
    pub(crate) oid: Vec<u8>,
    pub(crate) critical: bool,
    /// The contents of extnValue (the DER of the extension's value).
    pub(crate) value: Vec<u8>,
}

impl Ext {
    pub(crate) fn is(&self, arcs: &[u64]) -> bool {
        self.oid == oid(arcs)
    }

    pub(crate) fn encode(&self) -> Vec<u8> {
        let mut body = self.oid.clone();
        if self.critical {
            body.extend([0x01, 0x01, 0xff]);
        }
        body.extend(der(0x04, &self.value));
        der(0x30, &body)
    }
}

/// Edit the extensions of a TBSCertificate (`tag` 0xa3) or TBSCertList (0xa0, the last
/// field): `f` gets them in order; an empty result removes the field.
pub(crate) fn edit_extensions(fields: &mut Fields, tag: u8, f: impl FnOnce(&mut Vec<Ext>)) {
    let at = fields
        .iter()
        .rposition(|e| e[0] == tag)
        .expect("the extensions field");
    let (_, wrapper, _, _) = der_next(&fields[at]);
    let (_, list, _, _) = der_next(wrapper);
    let mut exts: Vec<Ext> = der_children(list)
        .into_iter()
        .map(|e| {
            let (_, body, _, _) = der_next(e);
            let parts = der_children(body);
            let critical = parts.len() == 3 && parts[1] == [0x01, 0x01, 0xff];
            let (_, value, _, _) = der_next(parts[parts.len() - 1]);
            Ext {
                oid: parts[0].to_vec(),
                critical,
                value: value.to_vec(),
            }
        })
        .collect();
    f(&mut exts);
    if exts.is_empty() {
        fields.remove(at);
    } else {
        let list: Vec<u8> = exts.iter().flat_map(Ext::encode).collect();
        fields[at] = der(tag, &der(0x30, &list));
    }
}

/// Set the criticality of the certificate extension `arcs` (which must be present).
pub(crate) fn set_critical(fields: &mut Fields, arcs: &[u64], critical: bool) {
    edit_extensions(fields, 0xa3, |exts| {
        let e = exts
            .iter_mut()
            .find(|e| e.is(arcs))
            .expect("the extension to mark");
        assert_ne!(
            e.critical, critical,
            "the extension already has that criticality"
        );
        e.critical = critical;
    });
}

/// Remove the certificate extension `arcs` (which must be present).
pub(crate) fn remove_extension(fields: &mut Fields, arcs: &[u64]) {
    edit_extensions(fields, 0xa3, |exts| {
        let before = exts.len();
        exts.retain(|e| !e.is(arcs));
        assert_eq!(exts.len() + 1, before, "the extension to remove");
    });
}

/// pkcs-1 (RFC 8017 A.1): the arc of RSA's algorithm identifiers, 1.2.840.113549.1.1.
const PKCS1: [u64; 6] = [1, 2, 840, 113549, 1, 1];
/// pkcs-1 10: id-RSASSA-PSS (RFC 4055 3.1).
const PKCS1_RSASSA_PSS: u64 = 10;
/// pkcs-1 8: id-mgf1 (RFC 4055 2.2).
const PKCS1_MGF1: u64 = 8;
/// id-sha256 (RFC 4055 2.1).
const OID_SHA256: &[u64] = &[2, 16, 840, 1, 101, 3, 4, 2, 1];
/// An ASN.1 NULL element (the parameters of pkcs-1 signature algorithms).
pub(crate) const NULL: [u8; 2] = [0x05, 0x00];

/// The pkcs-1 OID 1.2.840.113549.1.1.`n`.
fn pkcs1(n: u64) -> Vec<u8> {
    oid(&[&PKCS1[..], &[n]].concat())
}

/// pkcs-1 signature AlgorithmIdentifier 1.2.840.113549.1.1.`n` with NULL parameters.
pub(crate) fn alg_rsa_pkcs1(n: u8) -> Vec<u8> {
    der(0x30, &[pkcs1(u64::from(n)), NULL.to_vec()].concat())
}

/// RFC 4055: id-RSASSA-PSS with SHA-256, MGF1-SHA-256, salt length 32, trailer 1.
pub(crate) fn alg_rsa_pss_sha256() -> Vec<u8> {
    let sha256 = der(0x30, &[oid(OID_SHA256), NULL.to_vec()].concat());
    let mgf1 = der(0x30, &[pkcs1(PKCS1_MGF1), sha256.clone()].concat());
    let params = der(
        0x30,
        &[
            der(0xa0, &sha256),
            der(0xa1, &mgf1),
            der(0xa2, &der(0x02, &[32])),
        ]
        .concat(),
    );
    der(0x30, &[pkcs1(PKCS1_RSASSA_PSS), params].concat())
}

impl Gen {
    /// What rcgen cannot write: `patch` edits the fields of a certificate's (or CRL's)
    /// signed part, which is then signed again with the key file `signer`. Only for
    /// sha256WithRSAEncryption, whose signatures are deterministic.
    pub(crate) fn repatch(
        &self,
        signed: &[u8],
        signer: &str,
        patch: impl FnOnce(&mut Fields),
    ) -> Vec<u8> {
        let alg = outer_alg(signed);
        assert_eq!(
            alg,
            alg_rsa_pkcs1(11),
            "repatch only re-signs sha256WithRSAEncryption"
        );
        let mut fields = tbs_fields(signed);
        patch(&mut fields);
        let signature = self.rsa_sha256_sign(signer, &der(0x30, &fields.concat()));
        assemble(&fields, &alg, &signature)
    }

    /// `cert`, issued by `signer`, with its TBSCertificate patched and signed again.
    pub(crate) fn patched(
        &self,
        cert: Cert,
        signer: &Cert,
        patch: impl FnOnce(&mut Fields),
    ) -> Cert {
        let der = self.repatch(&cert.der, signer.key, patch);
        Cert { der, ..cert }
    }
}
