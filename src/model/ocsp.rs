//! OCSP (RFC 6960): responses parsed with RustCrypto's `x509-ocsp` into owned fields, and
//! the requests certchain sends. Checked against the path by `checks::ocsp`; nothing here
//! judges a response, reads a file or opens a connection.

use super::name::DistinguishedName;
use super::Certificate;
use der::asn1::{AnyRef, ObjectIdentifier, OctetString};
use der::{Decode, Encode, Reader, SliceReader};
use ring::digest;
use x509_cert::ext::pkix::CrlReason;
use x509_cert::ext::Extension;
use x509_ocsp::{
    BasicOcspResponse, CertId, CertStatus, OcspGeneralizedTime, OcspRequest, OcspResponseStatus,
    Request, ResponderId, TbsRequest, Version,
};
use x509_parser::asn1_rs::Oid;
use x509_parser::prelude::{FromDer, X509Name};

/// Most single responses read from one OCSP response. A responder answers for the
/// certificates asked about (certchain asks about one at a time; a stapled response
/// covers the leaf); a few hundred bounds the work of matching a hostile response while
/// leaving room for batch answers.
pub const MAX_OCSP_SINGLE_RESPONSES: usize = 256;

/// Most certificates read from the `certs` field of one response: a delegated responder
/// sends its own certificate, sometimes with its issuer; more is never needed.
pub const MAX_OCSP_RESPONSE_CERTS: usize = 8;

/// The oldest a response without nextUpdate may be (its thisUpdate before the check
/// time). RFC 6960 4.2.2.1 says such a response means newer information is always
/// available; CA/B BR 4.9.10 caps a response's validity interval at 10 days, so an
/// older one is not current by any CA's rules.
pub const MAX_OCSP_AGE_WITHOUT_NEXT_UPDATE: i64 = 10 * 86_400;

/// Length of the nonce certchain sends (RFC 8954 2.1: at least 1, at most 32 octets;
/// 32 random octets cannot be guessed).
pub const OCSP_NONCE_LEN: usize = 32;

/// id-pkix-ocsp-basic (RFC 6960 4.2.1), the only response type certchain reads.
const ID_PKIX_OCSP_BASIC: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.48.1.1");
/// id-pkix-ocsp-nonce (RFC 6960 4.4.1).
const ID_PKIX_OCSP_NONCE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.48.1.2");
/// id-sha1, the CertID hash every responder understands (RFC 6960 4.3, RFC 5019 2.1.1).
const ID_SHA1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.14.3.2.26");
/// id-sha256, id-sha384, id-sha512 (NIST).
const ID_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
const ID_SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.2");
const ID_SHA512: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.3");

/// Where an OCSP response came from: what the revocation summary says of a certificate
/// it covered.
///
/// ```
/// use certchain::OcspOrigin;
/// assert_eq!(OcspOrigin::Stapled.describe(), "OCSP stapled");
/// assert_eq!(serde_json::to_string(&OcspOrigin::File).unwrap(), r#""file""#);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OcspOrigin {
    /// A saved response given by the user (`--ocsp-response FILE`).
    File,
    /// Stapled by the server in the TLS handshake (status_request, RFC 6066 8).
    Stapled,
    /// Fetched from the responder named in the certificate's authorityInfoAccess.
    Fetched,
}

impl OcspOrigin {
    /// How the report names the way a certificate was checked.
    pub fn describe(self) -> &'static str {
        match self {
            OcspOrigin::File => "OCSP file",
            OcspOrigin::Stapled => "OCSP stapled",
            OcspOrigin::Fetched => "OCSP fetched",
        }
    }
}

/// A hash function of a CertID.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CertIdHash {
    Sha1,
    Sha256,
    Sha384,
    Sha512,
}

impl CertIdHash {
    fn from_oid(o: &ObjectIdentifier) -> Option<CertIdHash> {
        [
            (ID_SHA1, CertIdHash::Sha1),
            (ID_SHA256, CertIdHash::Sha256),
            (ID_SHA384, CertIdHash::Sha384),
            (ID_SHA512, CertIdHash::Sha512),
        ]
        .into_iter()
        .find(|(x, _)| x == o)
        .map(|(_, h)| h)
    }

    #[cfg_attr(not(feature = "online"), allow(dead_code))]
    fn oid(self) -> ObjectIdentifier {
        match self {
            CertIdHash::Sha1 => ID_SHA1,
            CertIdHash::Sha256 => ID_SHA256,
            CertIdHash::Sha384 => ID_SHA384,
            CertIdHash::Sha512 => ID_SHA512,
        }
    }

    /// The digest of `data`.
    pub fn digest(self, data: &[u8]) -> Vec<u8> {
        let alg = match self {
            // RFC 6960 4.1.1 CertID: SHA-1 here identifies, it does not sign: a collision
            // would need a second issuer with a colliding name and key hash.
            CertIdHash::Sha1 => &digest::SHA1_FOR_LEGACY_USE_ONLY,
            CertIdHash::Sha256 => &digest::SHA256,
            CertIdHash::Sha384 => &digest::SHA384,
            CertIdHash::Sha512 => &digest::SHA512,
        };
        digest::digest(alg, data).as_ref().to_vec()
    }
}

/// The identity of one certificate in OCSP (RFC 6960 4.1.1 CertID).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct CertIdent {
    /// The hash algorithm, `None` when certchain does not know it (dotted OID kept).
    pub hash: Result<CertIdHash, String>,
    /// Hash of the issuer's DN as encoded in the certificate.
    pub name_hash: Vec<u8>,
    /// Hash of the issuer's subjectPublicKey BIT STRING contents.
    pub key_hash: Vec<u8>,
    /// The serial number content octets.
    pub serial: Vec<u8>,
}

impl CertIdent {
    /// The CertID of `cert` issued by `issuer` with `hash`.
    pub fn of(cert: &Certificate, issuer: &Certificate, hash: CertIdHash) -> CertIdent {
        CertIdent {
            hash: Ok(hash),
            name_hash: hash.digest(&cert.issuer.raw),
            key_hash: hash.digest(&issuer.public_key),
            serial: cert.serial_raw.clone(),
        }
    }

    /// Whether this CertID names `cert` issued by `issuer` (RFC 6960 4.1.1: the
    /// issuer's name hash, its key hash and the serial number, with the hash it names).
    pub fn names(&self, cert: &Certificate, issuer: &Certificate) -> bool {
        match self.hash {
            Ok(h) => *self == CertIdent::of(cert, issuer, h),
            Err(_) => false,
        }
    }
}

/// The status a responder gave one certificate (RFC 6960 4.2.1 CertStatus).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum SingleStatus {
    Good,
    Revoked {
        /// revocationTime, seconds since the epoch.
        time: i64,
        /// The CRL reason name, if given.
        reason: Option<String>,
    },
    Unknown,
}

/// One SingleResponse.
#[derive(Clone, Debug)]
pub(crate) struct Single {
    pub id: CertIdent,
    pub status: SingleStatus,
    pub this_update: i64,
    pub next_update: Option<i64>,
}

/// Who signed the response (RFC 6960 4.2.1 ResponderID).
#[derive(Clone, Debug)]
pub(crate) enum Responder {
    /// byName.
    Name(DistinguishedName),
    /// byKey: SHA-1 of the signer's subjectPublicKey BIT STRING contents.
    KeyHash(Vec<u8>),
}

/// A successful basic response (RFC 6960 4.2.1 BasicOCSPResponse).
#[derive(Clone, Debug)]
pub(crate) struct Basic {
    /// The signed bytes (tbsResponseData), as received.
    pub tbs: Vec<u8>,
    /// signatureAlgorithm OID and parameters (DER).
    pub sig_alg_oid: Oid<'static>,
    pub sig_alg_params: Option<Vec<u8>>,
    /// The signature.
    pub signature: Vec<u8>,
    pub responder: Responder,
    /// producedAt, seconds since the epoch.
    pub produced_at: i64,
    pub singles: Vec<Single>,
    /// The nonce extension's value, if any.
    pub nonce: Option<Vec<u8>>,
    /// Critical response extensions certchain does not process (dotted OIDs).
    pub unknown_critical: Vec<String>,
    /// The certificates sent with the response (a delegated responder's).
    pub certs: Vec<Certificate>,
}

/// What a response holds.
#[derive(Clone, Debug)]
pub(crate) enum Body {
    /// responseStatus other than successful: the status's name.
    Error(&'static str),
    /// A successful basic response.
    Basic(Box<Basic>),
    /// Bytes that are not an OCSP response certchain can read, and why.
    Unreadable(String),
    /// The responder gave no OCSP answer at all (no connection, a timeout, an HTTP
    /// error status), and why. Made only by the online queries.
    #[cfg_attr(not(feature = "online"), allow(dead_code))]
    NoAnswer(String),
}

/// An OCSP response (RFC 6960 4.2) given to a verification in
/// [`Policy::ocsp_responses`](crate::Policy::ocsp_responses): read from a file
/// ([`OcspResponse::parse`]), stapled by a server or fetched from a responder
/// ([`OcspResponse::received`]). It is used for a certificate only when its signature,
/// CertID, freshness and nonce all check out.
///
/// ```
/// use certchain::{OcspOrigin, OcspResponse};
///
/// // OCSPResponse { responseStatus tryLater }: no status for any certificate.
/// let busy = [0x30, 0x03, 0x0a, 0x01, 0x03];
/// let resp = OcspResponse::parse("busy.der", &busy).unwrap();
/// assert_eq!((resp.source(), resp.origin(), resp.status()), ("busy.der", OcspOrigin::File, "tryLater"));
///
/// let err = OcspResponse::parse("junk.der", b"junk").unwrap_err();
/// assert!(err.to_string().starts_with("junk.der: not an OCSP response"), "{err}");
///
/// // Received over the network, bad bytes are kept: the report says why they were not used.
/// let got = OcspResponse::received("http://127.0.0.1:8080/", OcspOrigin::Fetched, b"junk", None, None);
/// assert_eq!(got.status(), "unreadable");
/// ```
#[derive(Clone, Debug)]
pub struct OcspResponse {
    pub(crate) source: String,
    pub(crate) origin: OcspOrigin,
    /// SHA-256 of the certificate it was asked for (fetched) or served with (stapled).
    pub(crate) about: Option<String>,
    /// The nonce sent in the request, if any.
    pub(crate) nonce_sent: Option<Vec<u8>>,
    pub(crate) body: Body,
}

impl OcspResponse {
    /// A response read from a file (DER): an error with the reason when the bytes are
    /// not an OCSP response certchain can read.
    pub(crate) fn from_file_der(source: &str, der: &[u8]) -> Result<OcspResponse, String> {
        match read(der) {
            Body::Unreadable(reason) => Err(reason),
            body => Ok(OcspResponse {
                source: source.into(),
                origin: OcspOrigin::File,
                about: None,
                nonce_sent: None,
                body,
            }),
        }
    }

    /// A response received from a server (`Stapled`) or a responder (`Fetched`), about the
    /// certificate whose SHA-256 is `about`, to a request that carried `nonce_sent`.
    /// Unreadable bytes are kept and reported as a bad response, never used.
    pub fn received(
        source: &str,
        origin: OcspOrigin,
        der: &[u8],
        about: Option<&str>,
        nonce_sent: Option<&[u8]>,
    ) -> OcspResponse {
        OcspResponse {
            source: source.into(),
            origin,
            about: about.map(str::to_string),
            nonce_sent: nonce_sent.map(<[u8]>::to_vec),
            body: read(der),
        }
    }

    /// A query to a responder that gave no OCSP answer (`why`): kept so the report says
    /// the certificate it was about was asked for and not answered.
    #[cfg_attr(not(feature = "online"), allow(dead_code))]
    pub(crate) fn unanswered(url: &str, about: &str, why: String) -> OcspResponse {
        OcspResponse {
            source: url.into(),
            origin: OcspOrigin::Fetched,
            about: Some(about.into()),
            nonce_sent: None,
            body: Body::NoAnswer(why),
        }
    }

    /// Where it came from: a file name, a server or a responder URL.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// How it came.
    pub fn origin(&self) -> OcspOrigin {
        self.origin
    }

    /// producedAt of a successful response, seconds since the Unix epoch.
    pub fn produced_at(&self) -> Option<i64> {
        match &self.body {
            Body::Basic(b) => Some(b.produced_at),
            _ => None,
        }
    }

    /// The responseStatus (`successful`, `tryLater`, ...), or `unreadable`.
    pub fn status(&self) -> &'static str {
        match &self.body {
            Body::Basic(_) => "successful",
            Body::Error(s) => s,
            Body::Unreadable(_) => "unreadable",
            Body::NoAnswer(_) => "no answer",
        }
    }
}

fn status_name(s: OcspResponseStatus) -> &'static str {
    match s {
        OcspResponseStatus::Successful => "successful",
        OcspResponseStatus::MalformedRequest => "malformedRequest",
        OcspResponseStatus::InternalError => "internalError",
        OcspResponseStatus::TryLater => "tryLater",
        OcspResponseStatus::SigRequired => "sigRequired",
        OcspResponseStatus::Unauthorized => "unauthorized",
    }
}

fn reason_code(r: CrlReason) -> u8 {
    match r {
        CrlReason::Unspecified => 0,
        CrlReason::KeyCompromise => 1,
        CrlReason::CaCompromise => 2,
        CrlReason::AffiliationChanged => 3,
        CrlReason::Superseded => 4,
        CrlReason::CessationOfOperation => 5,
        CrlReason::CertificateHold => 6,
        CrlReason::RemoveFromCRL => 8,
        CrlReason::PrivilegeWithdrawn => 9,
        CrlReason::AaCompromise => 10,
    }
}

fn unix(t: &OcspGeneralizedTime) -> i64 {
    // GeneralizedTime holds years 1970..=9999: the seconds always fit.
    i64::try_from(t.0.to_unix_duration().as_secs()).unwrap_or(i64::MAX)
}

/// Read an OCSPResponse.
fn read(der: &[u8]) -> Body {
    match read_inner(der) {
        Ok(b) => b,
        Err(e) => Body::Unreadable(e),
    }
}

fn read_inner(der: &[u8]) -> Result<Body, String> {
    let resp = x509_ocsp::OcspResponse::from_der(der)
        .map_err(|e| format!("not an OCSP response (RFC 6960 4.2.1): {e}"))?;
    if resp.response_status != OcspResponseStatus::Successful {
        return Ok(Body::Error(status_name(resp.response_status)));
    }
    let bytes = resp
        .response_bytes
        .ok_or("a successful OCSP response without responseBytes (RFC 6960 4.2.1)")?;
    if bytes.response_type != ID_PKIX_OCSP_BASIC {
        return Err(format!(
            "OCSP response type {} is not id-pkix-ocsp-basic (RFC 6960 4.2.1)",
            bytes.response_type
        ));
    }
    let inner = bytes.response.as_bytes();
    let basic = BasicOcspResponse::from_der(inner)
        .map_err(|e| format!("the BasicOCSPResponse does not decode: {e}"))?;
    let data = &basic.tbs_response_data;
    if data.responses.len() > MAX_OCSP_SINGLE_RESPONSES {
        return Err(format!(
            "more than {MAX_OCSP_SINGLE_RESPONSES} single responses"
        ));
    }
    let certs = basic.certs.as_deref().unwrap_or_default();
    if certs.len() > MAX_OCSP_RESPONSE_CERTS {
        return Err(format!(
            "more than {MAX_OCSP_RESPONSE_CERTS} certificates in the response"
        ));
    }
    let responder = match &data.responder_id {
        ResponderId::ByName(n) => {
            let raw = n.to_der().map_err(|e| e.to_string())?;
            let (_, name) = X509Name::from_der(&raw)
                .map_err(|e| format!("the responder name does not decode: {e}"))?;
            Responder::Name(DistinguishedName::from_x509(&name))
        }
        ResponderId::ByKey(k) => Responder::KeyHash(k.as_bytes().to_vec()),
    };
    let mut nonce = None;
    let mut unknown_critical = Vec::new();
    for e in data.response_extensions.iter().flatten() {
        if e.extn_id == ID_PKIX_OCSP_NONCE {
            // RFC 8954 2.1: Nonce ::= OCTET STRING; some responders send the bare value.
            let v = e.extn_value.as_bytes();
            nonce = Some(match OctetString::from_der(v) {
                Ok(o) => o.as_bytes().to_vec(),
                Err(_) => v.to_vec(),
            });
        } else if e.critical {
            unknown_critical.push(e.extn_id.to_string());
        }
    }
    let singles = data
        .responses
        .iter()
        .map(|s| Single {
            id: CertIdent {
                hash: CertIdHash::from_oid(&s.cert_id.hash_algorithm.oid)
                    .ok_or_else(|| s.cert_id.hash_algorithm.oid.to_string()),
                name_hash: s.cert_id.issuer_name_hash.as_bytes().to_vec(),
                key_hash: s.cert_id.issuer_key_hash.as_bytes().to_vec(),
                serial: s.cert_id.serial_number.as_bytes().to_vec(),
            },
            status: match &s.cert_status {
                CertStatus::Good(_) => SingleStatus::Good,
                CertStatus::Revoked(r) => SingleStatus::Revoked {
                    time: unix(&r.revocation_time),
                    reason: r
                        .revocation_reason
                        .map(|c| super::crl::reason_name(reason_code(c))),
                },
                CertStatus::Unknown(_) => SingleStatus::Unknown,
            },
            this_update: unix(&s.this_update),
            next_update: s.next_update.as_ref().map(unix),
        })
        .collect();
    let certs = certs
        .iter()
        .map(|c| {
            let der = c.to_der().map_err(|e| e.to_string())?;
            Certificate::from_der(&der)
                .map_err(|e| format!("a certificate of the response does not parse: {e}"))
        })
        .collect::<Result<Vec<_>, String>>()?;
    let alg = &basic.signature_algorithm;
    let sig_alg_params = match &alg.parameters {
        Some(p) => Some(p.to_der().map_err(|e| e.to_string())?),
        None => None,
    };
    Ok(Body::Basic(Box::new(Basic {
        tbs: tbs_bytes(inner)?,
        sig_alg_oid: Oid::new(alg.oid.as_bytes().to_vec().into()),
        sig_alg_params,
        signature: basic
            .signature
            .as_bytes()
            .ok_or("the signature BIT STRING has unused bits")?
            .to_vec(),
        responder,
        produced_at: unix(&data.produced_at),
        singles,
        nonce,
        unknown_critical,
        certs,
    })))
}

/// The tbsResponseData of a BasicOCSPResponse as received: the bytes the signature
/// covers (the first element of the outer SEQUENCE, tag, length and value).
fn tbs_bytes(basic: &[u8]) -> Result<Vec<u8>, String> {
    let mut reader = SliceReader::new(basic).map_err(|e| e.to_string())?;
    let first = reader
        .sequence(|r| {
            let tbs: AnyRef<'_> = r.decode()?;
            // the remaining fields were decoded above; skip them here
            r.read_slice(r.remaining_len())?;
            Ok(tbs)
        })
        .map_err(|e| e.to_string())?;
    first.to_der().map_err(|e| e.to_string())
}

/// The DER of an OCSPRequest for `cert` issued by `issuer` (RFC 6960 4.1.1), CertID with
/// SHA-1 (RFC 5019 2.1.1: what every responder answers), with a nonce extension when
/// `nonce` is given (RFC 8954).
#[cfg_attr(not(feature = "online"), allow(dead_code))]
pub(crate) fn request_der(
    cert: &Certificate,
    issuer: &Certificate,
    nonce: Option<&[u8]>,
) -> Result<Vec<u8>, String> {
    let id = CertIdent::of(cert, issuer, CertIdHash::Sha1);
    let e = |e: der::Error| e.to_string();
    let cert_id = CertId {
        hash_algorithm: x509_cert::spki::AlgorithmIdentifierOwned {
            oid: CertIdHash::Sha1.oid(),
            parameters: Some(der::asn1::Null.into()),
        },
        issuer_name_hash: OctetString::new(id.name_hash).map_err(e)?,
        issuer_key_hash: OctetString::new(id.key_hash).map_err(e)?,
        serial_number: x509_cert::serial_number::SerialNumber::new(&id.serial).map_err(e)?,
    };
    let request_extensions = match nonce {
        Some(n) => Some(vec![Extension {
            extn_id: ID_PKIX_OCSP_NONCE,
            critical: false,
            extn_value: OctetString::new(OctetString::new(n).map_err(e)?.to_der().map_err(e)?)
                .map_err(e)?,
        }]),
        None => None,
    };
    OcspRequest {
        tbs_request: TbsRequest {
            version: Version::V1,
            requestor_name: None,
            request_list: vec![Request {
                req_cert: cert_id,
                single_request_extensions: None,
            }],
            request_extensions,
        },
        optional_signature: None,
    }
    .to_der()
    .map_err(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_round_trips_and_names_the_certificate() {
        let chain = crate::input::parse_certificates(
            "chain",
            include_bytes!("../../fixtures/valid-rsa/chain.pem"),
            crate::input::SourceKind::Presented,
        )
        .unwrap();
        let (leaf, int) = (&chain[0].cert, &chain[1].cert);
        let der = request_der(leaf, int, Some(&[7; OCSP_NONCE_LEN])).unwrap();
        let req = OcspRequest::from_der(&der).unwrap();
        let id = &req.tbs_request.request_list[0].req_cert;
        assert_eq!(id.serial_number.as_bytes(), leaf.serial_raw.as_slice());
        assert_eq!(
            id.issuer_key_hash.as_bytes(),
            CertIdHash::Sha1.digest(&int.public_key)
        );
        assert_eq!(req.nonce().unwrap().0.as_bytes(), &[7; OCSP_NONCE_LEN]);
    }

    #[test]
    fn garbage_and_error_statuses() {
        assert!(matches!(read(b""), Body::Unreadable(_)));
        // OCSPResponse { responseStatus tryLater(3) }
        assert!(matches!(
            read(&[0x30, 0x03, 0x0a, 0x01, 0x03]),
            Body::Error("tryLater")
        ));
    }
}
