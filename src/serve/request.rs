//! A verification request: its JSON fields, each turned into the library's types with the
//! library's own parsers, over the server's defaults (`certchain serve`'s verify options).

use super::error::ApiError;
use super::metrics::Metrics;
use super::Defaults;
use crate::input::{read_certificates, SkippedBlock, SourceKind, SourcedCert};
use crate::names::HostName;
use crate::policy::{CheckTime, ExpectedName, Profile, Purpose, RevocationScope};
use crate::report::Report;
use axum::http::StatusCode;
use base64::Engine as _;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};

/// Most request entries (one `chain[i]` text each) kept parsed. Clients send the same
/// intermediates again and again; 4096 entries of a few KiB each bound the memory to
/// about 20 MiB. When full, the cache starts over.
///
/// ```
/// assert_eq!(certchain::limits::MAX_CACHED_ENTRIES, 4096);
/// ```
pub const MAX_CACHED_ENTRIES: usize = 4096;
/// Largest entry text cached: one certificate is 1 to 8 KiB as PEM; a longer text is a
/// bundle, parsed every time.
///
/// ```
/// assert!(certchain::limits::MAX_CACHED_ENTRY_BYTES < certchain::serve::DEFAULT_MAX_BODY_BYTES);
/// ```
pub const MAX_CACHED_ENTRY_BYTES: usize = 16 * 1024;

/// What an entry parsed to: its certificates and the blocks passed over.
type Parsed = Arc<(Vec<SourcedCert>, Vec<SkippedBlock>)>;

/// Entries already parsed, by field name (`chain[1]`: the certificates carry it as their
/// source) and the SHA-256 of the text. Only what parsed is kept.
#[derive(Default)]
pub struct CertCache {
    map: Mutex<HashMap<(String, Vec<u8>), Parsed>>,
}

impl CertCache {
    fn key(name: &str, text: &str) -> (String, Vec<u8>) {
        let digest = ring::digest::digest(&ring::digest::SHA256, text.as_bytes());
        (name.to_string(), digest.as_ref().to_vec())
    }

    fn get(&self, key: &(String, Vec<u8>)) -> Option<Parsed> {
        let map = self
            .map
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        map.get(key).cloned()
    }

    fn put(&self, key: (String, Vec<u8>), parsed: Parsed) {
        let mut map = self
            .map
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if map.len() >= MAX_CACHED_ENTRIES {
            map.clear();
        }
        map.insert(key, parsed);
    }
}

/// The cache and the counters its hits go to.
#[derive(Clone, Copy)]
pub struct Parsing<'a> {
    /// Entries already parsed.
    pub cache: &'a CertCache,
    /// Where hits and misses are counted.
    pub metrics: &'a Metrics,
}

/// The body of `POST /v1/verify` (and the `request` of a batch job): the chain as a list
/// of PEM or base64 DER strings (`chain`) or one PEM text (`pem`), and any verify option
/// to override the server's default for this request. Unknown fields are refused.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerifyRequest {
    /// The leaf first, then intermediates in any order; each a PEM text (possibly several
    /// certificates) or a base64 DER certificate.
    pub chain: Option<Vec<String>>,
    /// The whole chain as one PEM text (a fullchain.pem), leaf first.
    pub pem: Option<String>,
    /// More untrusted certificates for path building, each PEM or base64 DER.
    #[serde(default)]
    pub intermediates: Vec<String>,
    /// The DNS name or IP address the leaf must be valid for.
    pub host: Option<String>,
    /// The e-mail address the leaf must be valid for.
    pub email: Option<String>,
    /// server, client, any or a dotted EKU OID.
    pub purpose: Option<String>,
    /// webpki or rfc5280.
    pub profile: Option<String>,
    /// The check time: RFC 3339 or a date.
    pub at: Option<String>,
    /// Warn about certificates expiring within this many days.
    pub warn_days: Option<u32>,
    /// Most intermediates allowed.
    pub max_depth: Option<usize>,
    /// leaf or all.
    pub require_revocation: Option<String>,
    /// Also verify with rustls-webpki.
    pub cross_check: Option<bool>,
}

/// Parse a JSON body: a syntax error is `bad_json`; a body that is not an object, an
/// unknown field or a field of the wrong type is `bad_field`, naming the field.
pub fn parse_json<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    // The common case in one pass; a failure is parsed again to say where it lies.
    let first = match serde_json::from_slice::<T>(bytes) {
        Ok(request) => return Ok(request),
        Err(e) => e,
    };
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_json",
            format!("request body: not JSON: {e}"),
        )
    })?;
    let serde_json::Value::Object(object) = value else {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_field",
            "request body: expected a JSON object",
        ));
    };
    // serde names an unknown field but not a mistyped one: find the field that fails
    // alone (the others may only be missing, which each type allows).
    for (key, v) in object {
        let mut alone = serde_json::Map::new();
        alone.insert(key.clone(), v);
        if let Err(why) = serde_json::from_value::<T>(serde_json::Value::Object(alone)) {
            return Err(ApiError::field("bad_field", key, why));
        }
    }
    Err(ApiError::new(
        StatusCode::BAD_REQUEST,
        "bad_field",
        format!("request body: {first}"),
    ))
}

/// The certificates of one list field (`chain`, `intermediates`): each entry PEM or base64
/// DER, its errors naming `field[i]` (0-based) and the place inside.
fn decode_list(
    parsing: Parsing<'_>,
    field: &str,
    entries: &[String],
    kind: SourceKind,
    max_certs: usize,
    certs: &mut Vec<SourcedCert>,
    skipped: &mut Vec<SkippedBlock>,
) -> Result<(), ApiError> {
    for (i, entry) in entries.iter().enumerate() {
        let name = format!("{field}[{i}]");
        decode_entry(parsing, &name, entry, kind, certs, skipped)?;
        check_count(certs.len(), max_certs)?;
    }
    Ok(())
}

fn decode_entry(
    parsing: Parsing<'_>,
    name: &str,
    text: &str,
    kind: SourceKind,
    certs: &mut Vec<SourcedCert>,
    skipped: &mut Vec<SkippedBlock>,
) -> Result<(), ApiError> {
    let key = (text.len() <= MAX_CACHED_ENTRY_BYTES).then(|| CertCache::key(name, text));
    if let Some(hit) = key.as_ref().and_then(|k| parsing.cache.get(k)) {
        parsing.metrics.cache_hits.fetch_add(1, Ordering::Relaxed);
        certs.extend(hit.0.iter().cloned());
        skipped.extend(hit.1.iter().cloned());
        return Ok(());
    }
    parsing.metrics.cache_misses.fetch_add(1, Ordering::Relaxed);
    let bad = |why: String| ApiError::field("bad_certificate", name, why);
    let loaded = if text.contains("-----BEGIN") {
        read_certificates(name, text.as_bytes(), kind)
    } else {
        let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
        let der = base64::engine::general_purpose::STANDARD
            .decode(compact.as_bytes())
            .map_err(|e| bad(format!("neither PEM nor base64 DER: {e}")))?;
        read_certificates(name, &der, kind)
    }
    .map_err(|e| ApiError {
        // The library's message starts with the name given: `chain[1]: PEM block 1 ...`.
        message: e.to_string(),
        ..bad(String::new())
    })?;
    if let Some(key) = key {
        parsing.cache.put(
            key,
            Arc::new((loaded.certs.clone(), loaded.skipped.clone())),
        );
    }
    certs.extend(loaded.certs);
    skipped.extend(loaded.skipped);
    Ok(())
}

fn check_count(n: usize, max_certs: usize) -> Result<(), ApiError> {
    if n > max_certs {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_many_certificates",
            format!("more than {max_certs} certificates in one request (--max-certs)"),
        ));
    }
    Ok(())
}

/// A `POST /v1/verify` body from bytes to report: parsed, checked over the server's
/// defaults and verified. The handler runs it within the request limits; so does
/// [`super::answer_body`], without HTTP.
pub fn verify_body(
    parsing: Parsing<'_>,
    bytes: &[u8],
    base: &Defaults,
    max_certs: usize,
) -> Result<(Report, Vec<SkippedBlock>), ApiError> {
    let req: VerifyRequest = parse_json(bytes)?;
    let job = prepare(parsing, &req, base, max_certs)?;
    let report = job.run();
    Ok((report, job.skipped))
}

/// A `POST /v1/inspect` body from bytes to inspection, over the server's default policy.
pub fn inspect_body(
    parsing: Parsing<'_>,
    bytes: &[u8],
    base: &Defaults,
    max_certs: usize,
) -> Result<(crate::inspect::Inspection, Vec<SkippedBlock>), ApiError> {
    let req: InspectRequest = parse_json(bytes)?;
    let policy = inspect_policy(&req, base.verifier.policy())?;
    let (certs, skipped) = presented(parsing, &req.chain, &req.pem, max_certs)?;
    Ok((crate::inspect::Inspection::new(&certs, &policy), skipped))
}

/// What a request verifies: its certificates and name, under its policy.
pub struct Job {
    verifier: crate::verifier::Verifier,
    presented: Vec<SourcedCert>,
    extra: Vec<SourcedCert>,
    name: Option<ExpectedName>,
    /// Non-certificate PEM blocks passed over (keys of a combined file).
    pub skipped: Vec<SkippedBlock>,
}

impl Job {
    /// Run the verification.
    pub fn run(&self) -> Report {
        let name = self.name.as_ref();
        self.verifier.verify(&self.presented, &self.extra, name)
    }
}

/// Turn a request into a job over the server's defaults: every field checked, each error
/// naming its field.
pub fn prepare(
    parsing: Parsing<'_>,
    req: &VerifyRequest,
    base: &Defaults,
    max_certs: usize,
) -> Result<Job, ApiError> {
    let mut policy = base.verifier.policy().clone();
    if let Some(p) = &req.purpose {
        policy.purpose =
            Purpose::parse(p).map_err(|e| ApiError::field("bad_field", "purpose", e))?;
    }
    if let Some(p) = &req.profile {
        policy.profile =
            Profile::parse(p).map_err(|e| ApiError::field("bad_field", "profile", e))?;
    }
    if let Some(t) = &req.at {
        policy.time = CheckTime::parse(t).map_err(|e| ApiError::field("bad_field", "at", e))?;
    }
    if let Some(d) = req.warn_days {
        policy.warn_days = Some(d);
    }
    if let Some(d) = req.max_depth {
        policy.max_intermediates = Some(d);
    }
    if let Some(r) = &req.require_revocation {
        policy.require_revocation = Some(
            RevocationScope::parse(r)
                .map_err(|e| ApiError::field("bad_field", "require_revocation", e))?,
        );
    }
    if let Some(c) = req.cross_check {
        set_cross_check(&mut policy, c)?;
    }
    let name = match (&req.host, &req.email) {
        (Some(_), Some(_)) => {
            return Err(ApiError::field(
                "bad_field",
                "host",
                "give host or email, not both",
            ))
        }
        (Some(h), None) => Some(ExpectedName::Host(
            HostName::parse(h).map_err(|e| ApiError::field("bad_field", "host", e))?,
        )),
        (None, Some(e)) => {
            Some(ExpectedName::email(e).map_err(|e| ApiError::field("bad_field", "email", e))?)
        }
        (None, None) => base.name.clone(),
    };

    let (presented, mut skipped) = presented(parsing, &req.chain, &req.pem, max_certs)?;
    check_count(
        presented.len().saturating_add(req.intermediates.len()),
        max_certs,
    )?;
    let mut extra = base.extra.clone();
    let mut own = Vec::new();
    decode_list(
        parsing,
        "intermediates",
        &req.intermediates,
        SourceKind::Intermediates,
        max_certs.saturating_sub(presented.len()),
        &mut own,
        &mut skipped,
    )?;
    extra.extend(own);
    Ok(Job {
        verifier: base.verifier.with_policy(policy),
        presented,
        extra,
        name,
        skipped,
    })
}

/// The certificates of `chain` or `pem` (exactly one of them), bounded by `max_certs`,
/// with the blocks passed over.
pub fn presented(
    parsing: Parsing<'_>,
    chain: &Option<Vec<String>>,
    pem: &Option<String>,
    max_certs: usize,
) -> Result<(Vec<SourcedCert>, Vec<SkippedBlock>), ApiError> {
    let mut presented = Vec::new();
    let mut skipped = Vec::new();
    match (chain, pem) {
        (Some(_), Some(_)) => {
            return Err(ApiError::field(
                "bad_field",
                "chain",
                "give chain or pem, not both",
            ))
        }
        (None, None) => {
            return Err(ApiError::field(
                "bad_field",
                "chain",
                "missing: give chain (a list of PEM or base64 DER certificates) or pem",
            ))
        }
        (Some(chain), None) => {
            if chain.is_empty() {
                return Err(ApiError::field(
                    "bad_field",
                    "chain",
                    "empty: the leaf comes first",
                ));
            }
            check_count(chain.len(), max_certs)?;
            decode_list(
                parsing,
                "chain",
                chain,
                SourceKind::Presented,
                max_certs,
                &mut presented,
                &mut skipped,
            )?;
        }
        (None, Some(pem)) => {
            decode_entry(
                parsing,
                "pem",
                pem,
                SourceKind::Presented,
                &mut presented,
                &mut skipped,
            )?;
            check_count(presented.len(), max_certs)?;
        }
    }
    Ok((presented, skipped))
}

/// The body of `POST /v1/inspect`: the certificates as for `/v1/verify`, and the lint's
/// time, purpose and profile over the server's defaults. Unknown fields are refused.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InspectRequest {
    /// Certificates, each PEM or base64 DER.
    pub chain: Option<Vec<String>>,
    /// One PEM text.
    pub pem: Option<String>,
    /// server, client, any or a dotted EKU OID.
    pub purpose: Option<String>,
    /// webpki or rfc5280.
    pub profile: Option<String>,
    /// The time validity is judged at: RFC 3339 or a date.
    pub at: Option<String>,
}

/// The lint policy of an inspect request: the server's time, purpose and profile unless
/// the request gives its own.
pub fn inspect_policy(
    req: &InspectRequest,
    base: &crate::policy::Policy,
) -> Result<crate::policy::Policy, ApiError> {
    let mut policy = crate::policy::Policy {
        time: base.time,
        purpose: base.purpose.clone(),
        profile: base.profile,
        ..crate::policy::Policy::default()
    };
    if let Some(p) = &req.purpose {
        policy.purpose =
            Purpose::parse(p).map_err(|e| ApiError::field("bad_field", "purpose", e))?;
    }
    if let Some(p) = &req.profile {
        policy.profile =
            Profile::parse(p).map_err(|e| ApiError::field("bad_field", "profile", e))?;
    }
    if let Some(t) = &req.at {
        policy.time = CheckTime::parse(t).map_err(|e| ApiError::field("bad_field", "at", e))?;
    }
    Ok(policy)
}

#[cfg(feature = "cross-check")]
fn set_cross_check(policy: &mut crate::policy::Policy, on: bool) -> Result<(), ApiError> {
    policy.cross_check = on;
    Ok(())
}

#[cfg(not(feature = "cross-check"))]
fn set_cross_check(_: &mut crate::policy::Policy, on: bool) -> Result<(), ApiError> {
    if on {
        return Err(ApiError::field(
            "bad_field",
            "cross_check",
            "this build has no second engine (feature cross-check)",
        ));
    }
    Ok(())
}
