//! The trust store: every certificate in it is a trust anchor. Anchors are indexed by
//! subject name with a minimal DER walk and parsed only when path building reaches them,
//! so loading the bundled store stays cheap.

use crate::input::{self, InputError, Source, SourceKind, SourcedCert};
use crate::model::Certificate;
use crate::model::DistinguishedName;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

/// The bundled Mozilla root store (see roots/README.md), as PEM for people.
#[cfg(test)]
pub const BUNDLED_ROOTS_PEM: &str = include_str!("../../roots/mozilla-roots.pem");

/// The same certificates as concatenated DER, which loads without decoding anything.
pub const BUNDLED_ROOTS_DER: &[u8] = include_bytes!("../../roots/mozilla-roots.der");

#[derive(Debug)]
struct Anchor {
    der: Cow<'static, [u8]>,
    source: Source,
    parsed: OnceLock<Option<Arc<Certificate>>>,
}

/// A set of trust anchors, indexed by subject.
///
/// Lookups go by the subject's DER first (no parsing at load time). Only when no anchor
/// has those exact bytes is a second index by normalised name consulted (RFC 5280 7.1:
/// the same name in another string type, letter case or spacing); it is built on first
/// use, so a store whose names always match byte for byte never pays for it.
///
/// ```
/// use certchain::TrustStore;
///
/// let mut store = TrustStore::new();
/// assert!(store.is_empty());
/// let added = store.add_pem("roots.pem", include_bytes!("../../fixtures/valid-rsa/roots.pem")).unwrap();
/// assert_eq!((added, store.len()), (1, 1));
///
/// // The Mozilla roots compiled into certchain; merge them in to trust both.
/// let bundled = TrustStore::bundled();
/// assert!(bundled.len() > 100);
/// let total = bundled.len() + 1;
/// store.extend(bundled);
/// assert_eq!(store.len(), total);
/// ```
#[derive(Debug, Default)]
pub struct TrustStore {
    anchors: Vec<Anchor>,
    by_raw_subject: HashMap<Vec<u8>, Vec<usize>>,
    by_norm_subject: OnceLock<HashMap<String, Vec<usize>>>,
}

impl TrustStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// The bundled Mozilla root store. The certificates are only located and indexed by
    /// subject here (no copy, no decoding); each is parsed when path building first
    /// reaches it.
    pub fn bundled() -> Self {
        let mut s = TrustStore::new();
        let mut rest = BUNDLED_ROOTS_DER;
        let mut position = 0;
        while let Some((der, tail)) = der_element(rest) {
            position += 1;
            let source = Source {
                kind: SourceKind::RootStore,
                name: "bundled".into(),
                position: Some(position),
            };
            s.insert(Anchor {
                der: Cow::Borrowed(der),
                source,
                parsed: OnceLock::new(),
            });
            rest = tail;
        }
        debug_assert!(
            rest.is_empty(),
            "roots/mozilla-roots.der is a concatenation of certificates"
        );
        s
    }

    /// The operating system's store, through rustls-native-certs. Certificates the
    /// system store holds but that cannot be read are skipped and counted. Needs the
    /// `system-roots` feature (on by default).
    #[cfg(feature = "system-roots")]
    pub fn system() -> Result<(Self, usize), InputError> {
        let result = rustls_native_certs::load_native_certs();
        if result.certs.is_empty() {
            let reason = match result.errors.first() {
                Some(e) => format!("no system root certificates found ({e})"),
                None => "no system root certificates found".into(),
            };
            return Err(InputError::Empty {
                file: "system".into(),
                reason,
            });
        }
        let mut s = TrustStore::new();
        for (i, der) in result.certs.iter().enumerate() {
            s.add_der(
                der.as_ref().to_vec(),
                Source {
                    kind: SourceKind::RootStore,
                    name: "system".into(),
                    position: Some(i + 1),
                },
            );
        }
        Ok((s, result.errors.len()))
    }

    /// Add every certificate of a PEM or DER input, checking each parses.
    ///
    /// ```
    /// let mut store = certchain::TrustStore::new();
    /// let n = store.add_pem("roots.pem", include_bytes!("../../fixtures/valid-rsa/roots.pem")).unwrap();
    /// assert_eq!((n, store.len()), (1, 1));
    /// assert!(store.add_pem("junk.pem", b"not a certificate").is_err());
    /// ```
    pub fn add_pem(&mut self, name: &str, bytes: &[u8]) -> Result<usize, InputError> {
        let certs = input::parse_certificates(name, bytes, SourceKind::RootStore)?;
        let n = certs.len();
        for c in certs {
            self.add_parsed(c);
        }
        Ok(n)
    }

    /// Add a file, or every `.pem`, `.crt`, `.cer` and `.der` file of a directory.
    pub fn add_path(&mut self, path: &str) -> Result<usize, InputError> {
        let meta = std::fs::metadata(path).map_err(|e| InputError::Io {
            file: path.into(),
            reason: if e.kind() == std::io::ErrorKind::NotFound {
                "no such file or directory".into()
            } else {
                e.to_string()
            },
        })?;
        if !meta.is_dir() {
            let bytes = input::read_input(path)?;
            return self.add_pem(path, &bytes);
        }
        let mut entries: Vec<_> = std::fs::read_dir(path)
            .map_err(|e| InputError::Io {
                file: path.into(),
                reason: e.to_string(),
            })?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.is_file()
                    && p.extension().and_then(|x| x.to_str()).is_some_and(|x| {
                        ["pem", "crt", "cer", "der"].contains(&x.to_ascii_lowercase().as_str())
                    })
            })
            .collect();
        entries.sort();
        let mut total = 0;
        for p in entries {
            let name = p.display().to_string();
            let bytes = input::read_input(&name)?;
            total += self.add_pem(&name, &bytes)?;
        }
        if total == 0 {
            return Err(InputError::Empty {
                file: path.into(),
                reason: "the directory holds no .pem, .crt, .cer or .der certificate".into(),
            });
        }
        Ok(total)
    }

    /// Add an already parsed certificate.
    pub fn add_parsed(&mut self, c: SourcedCert) {
        let der = Cow::Owned(c.cert.der.clone());
        let parsed = OnceLock::new();
        let _ = parsed.set(Some(c.cert));
        self.insert(Anchor {
            der,
            source: c.source,
            parsed,
        });
    }

    /// Add one DER certificate; it is parsed when first needed. A certificate whose
    /// subject cannot even be located is ignored (it could never issue anything).
    pub fn add_der(&mut self, der: Vec<u8>, source: Source) {
        self.insert(Anchor {
            der: Cow::Owned(der),
            source,
            parsed: OnceLock::new(),
        });
    }

    fn insert(&mut self, a: Anchor) {
        let Some(subject) = subject_of(&a.der) else {
            return;
        };
        let same_subject = self.by_raw_subject.entry(subject.to_vec()).or_default();
        let anchors = &self.anchors;
        if same_subject
            .iter()
            .any(|&i| anchors.get(i).is_some_and(|b| *b.der == *a.der))
        {
            return; // the same certificate twice
        }
        same_subject.push(self.anchors.len());
        self.anchors.push(a);
        self.by_norm_subject = OnceLock::new();
    }

    fn norm_index(&self) -> &HashMap<String, Vec<usize>> {
        self.by_norm_subject.get_or_init(|| {
            let mut index: HashMap<String, Vec<usize>> = HashMap::new();
            for (i, a) in self.anchors.iter().enumerate() {
                if let Some(key) = subject_key(&a.der) {
                    index.entry(key).or_default().push(i);
                }
            }
            index
        })
    }

    /// Merge another store into this one.
    pub fn extend(&mut self, other: TrustStore) {
        for a in other.anchors {
            self.insert(a);
        }
    }

    /// Number of anchors.
    pub fn len(&self) -> usize {
        self.anchors.len()
    }

    /// Whether the store is empty.
    pub fn is_empty(&self) -> bool {
        self.anchors.is_empty()
    }

    /// The anchors whose subject is `name`, parsed on first use: those with the same
    /// subject DER, else those whose subject compares equal under RFC 5280 7.1.
    pub(crate) fn by_subject(&self, name: &DistinguishedName) -> Vec<SourcedCert> {
        let exact = self.by_raw_subject.get(&name.raw);
        let indices = match exact {
            Some(v) if !v.is_empty() => v,
            _ => match self.norm_index().get(&name.norm) {
                Some(v) => v,
                None => return Vec::new(),
            },
        };
        indices.iter().filter_map(|&i| self.get(i)).collect()
    }

    /// Whether the store holds this certificate (same DER).
    pub fn contains(&self, cert: &Certificate) -> bool {
        self.contains_der(&cert.der)
    }

    /// Whether the store holds a certificate with exactly this DER.
    pub fn contains_der(&self, der: &[u8]) -> bool {
        subject_of(der)
            .and_then(|subject| self.by_raw_subject.get(subject))
            .is_some_and(|v| {
                v.iter()
                    .any(|&i| self.anchors.get(i).is_some_and(|a| *a.der == *der))
            })
    }

    fn get(&self, i: usize) -> Option<SourcedCert> {
        let a = self.anchors.get(i)?;
        let cert = a
            .parsed
            .get_or_init(|| Certificate::from_der(&a.der).ok().map(Arc::new))
            .clone()?;
        Some(SourcedCert {
            cert,
            source: a.source.clone(),
        })
    }

    /// Every anchor's DER, for a second engine.
    pub fn ders(&self) -> impl Iterator<Item = &[u8]> {
        self.anchors.iter().map(|a| a.der.as_ref())
    }
}

/// The normalised subject of a certificate's DER, parsing only the name.
fn subject_key(der: &[u8]) -> Option<String> {
    use x509_parser::prelude::{FromDer, X509Name};
    let raw = subject_of(der)?;
    let (_, name) = X509Name::from_der(raw).ok()?;
    Some(DistinguishedName::from_x509(&name).norm)
}

/// Locate the subject Name inside a certificate's DER without a full parse.
fn subject_of(der: &[u8]) -> Option<&[u8]> {
    let (cert, _) = der_element(der)?;
    let (tbs, _) = der_element(contents(cert)?)?;
    let mut rest = contents(tbs)?;
    // [0] version (optional), serial, signature, issuer, validity, subject
    if rest.first() == Some(&0xa0) {
        rest = der_element(rest)?.1;
    }
    for _ in 0..4 {
        rest = der_element(rest)?.1;
    }
    Some(der_element(rest)?.0)
}

/// Split one DER element (tag, length, contents) off the front: (element, rest).
// Kept by hand on purpose: asn1-rs's `Any::from_ber` doubles the time to load the bundled
// store (criterion, load-bundled-root-store: 40 µs -> 86 µs) and `Header::from_ber` still
// adds 45% (59 µs); this walker only needs single-byte tags and definite lengths, and
// x509-parser checks each certificate strictly when path building first parses it.
fn der_element(input: &[u8]) -> Option<(&[u8], &[u8])> {
    let len_byte = *input.get(1)?;
    let (header, len) = if len_byte < 0x80 {
        (2, usize::from(len_byte))
    } else {
        let n = usize::from(len_byte & 0x7f);
        if n == 0 || n > 4 {
            return None;
        }
        let bytes = input.get(2..2 + n)?;
        (
            2 + n,
            bytes
                .iter()
                .fold(0usize, |acc, &b| (acc << 8) | usize::from(b)),
        )
    };
    let end = header.checked_add(len)?;
    input.split_at_checked(end)
}

fn contents(element: &[u8]) -> Option<&[u8]> {
    let len_byte = *element.get(1)?;
    let header = if len_byte < 0x80 {
        2
    } else {
        2 + usize::from(len_byte & 0x7f)
    };
    element.get(header..)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_der_and_pem_hold_the_same_roots() {
        let from_der = TrustStore::bundled();
        let mut from_pem = TrustStore::new();
        from_pem
            .add_pem("pem", BUNDLED_ROOTS_PEM.as_bytes())
            .unwrap();
        assert_eq!(from_der.len(), from_pem.len());
        assert!(from_der.len() >= 100);
        for der in from_pem.ders() {
            assert!(from_der.contains_der(der));
        }
    }
}
