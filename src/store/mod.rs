//! The trust store: every certificate in it is a trust anchor. Anchors are indexed by
//! subject name with a minimal DER walk and parsed only when path building reaches them,
//! so loading the bundled store stays cheap.

use crate::input::TrustSettings;
use crate::input::{self, InputError, LoadOptions, Source, SourceKind, SourcedCert};
use crate::model::Certificate;
use crate::model::DistinguishedName;
use crate::policy::Purpose;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

/// The bundled Mozilla root store (see roots/README.md), as PEM for people.
#[cfg(test)]
pub const BUNDLED_ROOTS_PEM: &str = include_str!("../../roots/mozilla-roots.pem");

/// The same certificates as concatenated DER, which loads without decoding anything.
pub const BUNDLED_ROOTS_DER: &[u8] = include_bytes!("../../roots/mozilla-roots.der");

/// Most files read from one `--roots` directory. A system store directory holds a few
/// hundred certificates, each with a hash link or two (`c_rehash`); 10,000 bounds the
/// work of a directory that is not one.
pub const MAX_STORE_DIR_FILES: usize = 10_000;

#[derive(Debug)]
struct Anchor {
    der: Cow<'static, [u8]>,
    source: Source,
    parsed: OnceLock<Option<Arc<Certificate>>>,
    /// OpenSSL trust settings (`TRUSTED CERTIFICATE`), when the anchor came with them.
    trust: Option<TrustSettings>,
}

impl Anchor {
    /// The certificate, parsed on first use; `None` when it does not parse.
    fn parsed(&self) -> Option<Arc<Certificate>> {
        self.parsed
            .get_or_init(|| Certificate::from_der(&self.der).ok().map(Arc::new))
            .clone()
    }
}

/// One anchor of a [`TrustStore`], as [`TrustStore::entries`] lists them: where it came
/// from, the certificate (`None` when it does not parse: it then anchors nothing) and
/// its OpenSSL trust settings, if it had any.
///
/// ```
/// let mut store = certchain::TrustStore::new();
/// store.add_pem("roots.pem", include_bytes!("../../fixtures/valid-rsa/roots.pem")).unwrap();
/// let entry = &store.entries()[0];
/// assert_eq!(entry.source.to_string(), "root store roots.pem #1");
/// assert_eq!(entry.cert.as_ref().unwrap().subject(), "C=XX, O=Certchain Test, CN=Certchain Test Root CA");
/// assert!(entry.trust.is_none());
/// assert!(entry.matches("certchain test root") && entry.matches(&entry.cert.as_ref().unwrap().sha256()[..8]));
/// ```
#[derive(Clone, Debug)]
pub struct StoreEntry {
    /// Where the anchor came from.
    pub source: Source,
    /// The parsed certificate; `None` when it does not parse.
    pub cert: Option<Arc<Certificate>>,
    /// Its OpenSSL trust settings, when it was a `TRUSTED CERTIFICATE`.
    pub trust: Option<TrustSettings>,
}

impl StoreEntry {
    /// Whether `query` finds this anchor: a case-insensitive part of its subject, or the
    /// start of its SHA-256 or SHA-1 fingerprint in hex (colons and case ignored; at
    /// least 4 hex digits, so a short word is taken as a name).
    pub fn matches(&self, query: &str) -> bool {
        let Some(cert) = &self.cert else {
            return false;
        };
        let q = query.trim();
        if q.is_empty() {
            return true;
        }
        if cert.subject().to_lowercase().contains(&q.to_lowercase()) {
            return true;
        }
        let hex: String = q
            .chars()
            .filter(|&c| c != ':')
            .collect::<String>()
            .to_lowercase();
        hex.len() >= 4
            && hex.chars().all(|c| c.is_ascii_hexdigit())
            && (cert.sha256().starts_with(&hex) || cert.sha1().starts_with(&hex))
    }
}

/// Whether OpenSSL trust settings let an anchor anchor paths for `purpose` (as
/// X509_check_trust: a rejected purpose or anyExtendedKeyUsage distrusts; a list of
/// trusted purposes trusts only those, or all with anyExtendedKeyUsage). Without a
/// named purpose (`any`), only settings that name none, or trust any, allow it.
fn trust_allows(trust: &TrustSettings, purpose: &Purpose) -> bool {
    const ANY: &str = "anyExtendedKeyUsage";
    let name = match purpose {
        Purpose::ServerAuth => Some("serverAuth"),
        Purpose::ClientAuth => Some("clientAuth"),
        Purpose::Any => None,
        Purpose::Other(oid) => Some(oid.as_str()),
    };
    let named = |list: &[String]| list.iter().any(|p| p == ANY || Some(p.as_str()) == name);
    if named(&trust.rejected) || (name.is_none() && !trust.rejected.is_empty()) {
        return false;
    }
    trust.trusted.is_empty() || named(&trust.trusted)
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
    /// The purpose paths are built for, set by the verifier: anchors whose OpenSSL trust
    /// settings do not allow it anchor nothing.
    purpose: Option<Purpose>,
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
        let mut position = 0usize;
        while let Some((der, tail)) = der_element(rest) {
            position = position.saturating_add(1);
            let source = Source {
                kind: SourceKind::RootStore,
                name: "bundled".into(),
                position: Some(position),
            };
            s.insert(Anchor {
                der: Cow::Borrowed(der),
                source,
                parsed: OnceLock::new(),
                trust: None,
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
                    position: Some(i.saturating_add(1)),
                },
            );
        }
        Ok((s, result.errors.len()))
    }

    /// Add every certificate of an input (PEM, DER, PKCS#7; PKCS#12 with the
    /// `formats` feature and the empty password), checking each parses. Returns how many
    /// were new to the store (the same certificate twice is one anchor).
    ///
    /// ```
    /// let mut store = certchain::TrustStore::new();
    /// let n = store.add_pem("roots.pem", include_bytes!("../../fixtures/valid-rsa/roots.pem")).unwrap();
    /// assert_eq!((n, store.len()), (1, 1));
    /// assert!(store.add_pem("junk.pem", b"not a certificate").is_err());
    /// ```
    pub fn add_pem(&mut self, name: &str, bytes: &[u8]) -> Result<usize, InputError> {
        self.add_bytes(name, bytes, &LoadOptions::default())
    }

    fn add_bytes(
        &mut self,
        name: &str,
        bytes: &[u8],
        options: &LoadOptions,
    ) -> Result<usize, InputError> {
        let loaded = input::read(name, bytes, SourceKind::RootStore, options, false)?;
        let before = self.len();
        for c in loaded.certs {
            let trust = loaded
                .trust
                .iter()
                .find(|(position, _)| Some(*position) == c.source.position)
                .map(|(_, t)| t.clone());
            self.add_trusted(c, trust);
        }
        Ok(self.len().saturating_sub(before))
    }

    /// Add a file, or every certificate file of a directory: `.pem`, `.crt`, `.cer`,
    /// `.der`, `.p7b`, `.p7c`, and the hash links of an OpenSSL hashed directory
    /// (`c_rehash`, `openssl rehash`: `9d2b3f6c.0` names a certificate, `9d2b3f6c.r0` a
    /// CRL, which is passed over). Each certificate is one anchor however many names
    /// lead to it. Returns how many anchors were added.
    ///
    /// ```
    /// let mut store = certchain::TrustStore::new();
    /// assert_eq!(store.add_path("fixtures/valid-rsa/roots.pem").unwrap(), 1);
    /// let err = store.add_path("no/such/dir").unwrap_err();
    /// assert_eq!(err.to_string(), "no/such/dir: no such file or directory");
    /// ```
    pub fn add_path(&mut self, path: &str) -> Result<usize, InputError> {
        self.add_path_with(path, &LoadOptions::default())
    }

    /// [`TrustStore::add_path`] with [`LoadOptions`] (the password of a PKCS#12 trust
    /// store, e.g. a Java `cacerts.p12`).
    ///
    /// ```
    /// use certchain::{LoadOptions, TrustStore};
    ///
    /// let mut store = TrustStore::new();
    /// let options = LoadOptions::default().with_password("changeit");
    /// assert_eq!(store.add_path_with("fixtures/valid-rsa/roots.pem", &options).unwrap(), 1);
    /// ```
    pub fn add_path_with(
        &mut self,
        path: &str,
        options: &LoadOptions,
    ) -> Result<usize, InputError> {
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
            return self.add_bytes(path, &bytes, options);
        }
        let mut entries = Vec::new();
        for entry in std::fs::read_dir(path).map_err(|e| InputError::Io {
            file: path.into(),
            reason: e.to_string(),
        })? {
            let Ok(entry) = entry else { continue };
            let p = entry.path();
            let name = entry.file_name();
            if p.is_file() && is_certificate_file_name(&name.to_string_lossy()) {
                if entries.len() >= MAX_STORE_DIR_FILES {
                    return Err(InputError::Io {
                        file: path.into(),
                        reason: format!(
                            "more than {MAX_STORE_DIR_FILES} certificate files in one directory"
                        ),
                    });
                }
                entries.push(p);
            }
        }
        entries.sort();
        let before = self.len();
        for p in entries {
            let name = p.display().to_string();
            let bytes = input::read_input(&name)?;
            self.add_bytes(&name, &bytes, options)?;
        }
        let total = self.len().saturating_sub(before);
        if total == 0 {
            return Err(InputError::Empty {
                file: path.into(),
                reason: "the directory holds no .pem, .crt, .cer, .der, .p7b or .p7c \
                         certificate nor OpenSSL hash link (HASH.0)"
                    .into(),
            });
        }
        Ok(total)
    }

    /// Add an already parsed certificate.
    pub fn add_parsed(&mut self, c: SourcedCert) {
        self.add_trusted(c, None);
    }

    fn add_trusted(&mut self, c: SourcedCert, trust: Option<TrustSettings>) {
        let der = Cow::Owned(c.cert.der.clone());
        let parsed = OnceLock::new();
        let _ = parsed.set(Some(c.cert));
        self.insert(Anchor {
            der,
            source: c.source,
            parsed,
            trust,
        });
    }

    /// Every anchor, in the order added, parsed (those that do not parse have no
    /// certificate).
    pub fn entries(&self) -> Vec<StoreEntry> {
        self.anchors
            .iter()
            .map(|a| StoreEntry {
                source: a.source.clone(),
                cert: a.parsed(),
                trust: a.trust.clone(),
            })
            .collect()
    }

    /// The anchors whose OpenSSL trust settings (`TRUSTED CERTIFICATE`) do not allow
    /// `purpose`: a verifier for that purpose does not use them.
    ///
    /// ```
    /// use certchain::{Purpose, TrustStore};
    ///
    /// let mut store = TrustStore::new();
    /// store.add_pem("roots.pem", include_bytes!("../../fixtures/valid-rsa/roots.pem")).unwrap();
    /// assert!(store.distrusted_for(&Purpose::ServerAuth).is_empty());
    /// ```
    pub fn distrusted_for(&self, purpose: &Purpose) -> Vec<StoreEntry> {
        self.entries()
            .into_iter()
            .filter(|e| e.trust.as_ref().is_some_and(|t| !trust_allows(t, purpose)))
            .collect()
    }

    /// Build paths for `purpose`: an anchor whose OpenSSL trust settings do not allow it
    /// is left out of every lookup.
    pub(crate) fn restrict_to(&mut self, purpose: &Purpose) {
        self.purpose = Some(purpose.clone());
    }

    /// Whether an anchor may anchor paths for the store's purpose.
    fn usable(&self, a: &Anchor) -> bool {
        match (&a.trust, &self.purpose) {
            (Some(trust), Some(purpose)) => trust_allows(trust, purpose),
            _ => true,
        }
    }

    /// Add one DER certificate; it is parsed when first needed. A certificate whose
    /// subject cannot even be located is ignored (it could never issue anything); one
    /// that does not parse in full never anchors a path, and `issuer_not_found` or
    /// `untrusted_root` names it where a path ends for want of it.
    pub fn add_der(&mut self, der: Vec<u8>, source: Source) {
        self.insert(Anchor {
            der: Cow::Owned(der),
            source,
            parsed: OnceLock::new(),
            trust: None,
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

    /// An anchor whose subject DER is exactly `name`'s but which does not parse, so that
    /// path building never sees it: where it came from and the parse error.
    pub(crate) fn unparsed_with_subject(&self, name: &DistinguishedName) -> Option<String> {
        let indices = self.by_raw_subject.get(&name.raw)?;
        indices.iter().find_map(|&i| {
            let a = self.anchors.get(i).filter(|a| self.usable(a))?;
            if a.parsed().is_some() {
                return None;
            }
            // Parsed again only to say why: this anchor is known not to parse.
            let error = Certificate::from_der(&a.der).err()?;
            Some(format!("{}: {error}", a.source))
        })
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
                v.iter().any(|&i| {
                    self.anchors
                        .get(i)
                        .is_some_and(|a| *a.der == *der && self.usable(a))
                })
            })
    }

    fn get(&self, i: usize) -> Option<SourcedCert> {
        let a = self.anchors.get(i).filter(|a| self.usable(a))?;
        let cert = a.parsed()?;
        Some(SourcedCert {
            cert,
            source: a.source.clone(),
        })
    }

    /// Every anchor's DER, for a second engine.
    pub fn ders(&self) -> impl Iterator<Item = &[u8]> {
        self.anchors
            .iter()
            .filter(|a| self.usable(a))
            .map(|a| a.der.as_ref())
    }
}

/// The files of a `--roots` directory that are read: certificate files by extension, and
/// OpenSSL hash links `HHHHHHHH.N` (8 hex digits, a number). CRL links `HHHHHHHH.rN` and
/// everything else are passed over.
fn is_certificate_file_name(name: &str) -> bool {
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    let ext = ext.to_ascii_lowercase();
    if ["pem", "crt", "cer", "der", "p7b", "p7c"].contains(&ext.as_str()) {
        return true;
    }
    stem.len() == 8
        && stem.chars().all(|c| c.is_ascii_hexdigit())
        && !ext.is_empty()
        && ext.chars().all(|c| c.is_ascii_digit())
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
    fn hashed_directory_names() {
        for yes in ["9d2b3f6c.0", "9D2B3F6C.12", "ca.pem", "x.CRT", "b.p7b"] {
            assert!(is_certificate_file_name(yes), "{yes}");
        }
        for no in [
            "9d2b3f6c.r0",
            "9d2b3f6.0",
            "README",
            "9d2b3f6c.",
            "key.key",
            "g2b3f6cz.0",
        ] {
            assert!(!is_certificate_file_name(no), "{no}");
        }
    }

    #[test]
    fn trust_settings_allow_their_purposes_only() {
        let t = |trusted: &[&str], rejected: &[&str]| TrustSettings {
            trusted: trusted.iter().map(|s| s.to_string()).collect(),
            rejected: rejected.iter().map(|s| s.to_string()).collect(),
            alias: None,
        };
        let server = Purpose::ServerAuth;
        assert!(trust_allows(&t(&[], &[]), &server));
        assert!(trust_allows(&t(&["serverAuth"], &[]), &server));
        assert!(!trust_allows(
            &t(&["serverAuth"], &[]),
            &Purpose::ClientAuth
        ));
        assert!(!trust_allows(&t(&["serverAuth"], &[]), &Purpose::Any));
        assert!(trust_allows(
            &t(&["anyExtendedKeyUsage"], &[]),
            &Purpose::Any
        ));
        assert!(!trust_allows(&t(&[], &["serverAuth"]), &server));
        assert!(trust_allows(&t(&[], &["emailProtection"]), &server));
        assert!(!trust_allows(&t(&[], &["emailProtection"]), &Purpose::Any));
        assert!(!trust_allows(
            &t(&["anyExtendedKeyUsage"], &["anyExtendedKeyUsage"]),
            &server
        ));
    }

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
