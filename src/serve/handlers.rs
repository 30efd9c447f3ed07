//! The endpoints: one small handler each, and the middleware every request goes
//! through (bearer token, in-flight gauge, latency and status counters).

use super::error::ApiError;
use super::request::{self, Parsing};
use super::{Current, State};
use crate::input::SkippedBlock;
use crate::report::Report;
use axum::body::Body;
use axum::extract::{Request, State as Shared};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use serde::Serialize;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Instant;

type S = Shared<Arc<State>>;

/// The endpoint a path counts under in the metrics: the known ones by name, any other
/// path as `other` (a stranger's paths must not grow the label set).
fn endpoint(path: &str) -> &'static str {
    match path {
        "/healthz" => "/healthz",
        "/metrics" => "/metrics",
        "/v1/roots" => "/v1/roots",
        "/v1/verify" => "/v1/verify",
        "/v1/reload" => "/v1/reload",
        "/v1/inspect" => "/v1/inspect",
        "/v1/batch" => "/v1/batch",
        _ => "other",
    }
}

/// Every request: the token (when one is set; `/healthz` is open for probes), then the
/// handler, counted with its status and time.
pub(super) async fn track(Shared(state): S, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let endpoint = endpoint(req.uri().path());
    state.metrics.in_flight.fetch_add(1, Ordering::Relaxed);
    let response = match authorize(&state, req.headers(), endpoint) {
        Ok(()) => next.run(req).await,
        Err(e) => e.into_response(),
    };
    state.metrics.in_flight.fetch_sub(1, Ordering::Relaxed);
    state
        .metrics
        .request(endpoint, response.status().as_u16(), started.elapsed());
    response
}

/// `Authorization: Bearer TOKEN`, compared in constant time.
fn authorize(state: &State, headers: &HeaderMap, endpoint: &str) -> Result<(), ApiError> {
    let Some(token) = &state.token else {
        return Ok(());
    };
    if endpoint == "/healthz" {
        return Ok(());
    }
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    match given {
        Some(g) if same_secret(g, token) => Ok(()),
        Some(_) => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "the bearer token is not the server's (--token-file)",
        )),
        None => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "this server needs Authorization: Bearer TOKEN (--token-file)",
        )),
    }
}

/// Whether two secrets are equal, in time independent of where they differ: their
/// SHA-256 digests (equal length whatever the inputs) compared byte by byte without
/// stopping early.
fn same_secret(given: &str, token: &str) -> bool {
    let a = ring::digest::digest(&ring::digest::SHA256, given.as_bytes());
    let b = ring::digest::digest(&ring::digest::SHA256, token.as_bytes());
    a.as_ref()
        .iter()
        .zip(b.as_ref())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y))
        == 0
}

pub(super) async fn not_found(req: Request) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        format!("no endpoint {}: see docs/api.md", req.uri().path()),
    )
}

pub(super) async fn method_not_allowed(req: Request) -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        format!("{} does not take {}", req.uri().path(), req.method()),
    )
}

/// A JSON document as text, one line and a newline.
pub(super) fn json_text<T: Serialize>(doc: &T) -> Result<String, ApiError> {
    let mut body = serde_json::to_string(doc).map_err(|e| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            format!("the response did not serialise: {e}"),
        )
    })?;
    body.push('\n');
    Ok(body)
}

/// A JSON document, one line and a newline.
pub(super) fn json<T: Serialize>(status: StatusCode, doc: &T) -> Response {
    match json_text(doc) {
        Ok(body) => (
            status,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            body,
        )
            .into_response(),
        Err(e) => e.into_response(),
    }
}

/// The body, within `limit` bytes (413 `too_large` beyond, whatever Content-Length says).
async fn read_body(body: Body, limit: usize, option: &str) -> Result<axum::body::Bytes, ApiError> {
    match Limited::new(body, limit).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            format!("the request body is over {limit} bytes ({option})"),
        )),
        Err(e) => Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_body",
            format!("the request body could not be read: {e}"),
        )),
    }
}

impl State {
    /// Run `work` (CPU-bound: parsing, verification) once one of `max_concurrent` slots
    /// is free, waiting for it within what is left of the request's time. The work runs
    /// on the runtime's worker thread: a verification takes tens of microseconds, less
    /// than a hand-over to another thread, and the library's own budgets (signature
    /// checks, build steps, name comparisons) bound the worst case.
    pub(super) async fn limited<T>(
        self: &Arc<Self>,
        started: Instant,
        work: impl FnOnce(&State) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let limit = self.limits.request_timeout;
        let left = limit.saturating_sub(started.elapsed());
        let permit = tokio::time::timeout(left, self.permits.acquire())
            .await
            .map_err(|_| {
                ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "timeout",
                    format!(
                        "no free slot within {} ms (--max-concurrent {}, --request-timeout)",
                        limit.as_millis(),
                        self.limits.max_concurrent
                    ),
                )
            })?
            .map_err(|_| internal("the request slots are closed"))?;
        let out = work(self);
        drop(permit);
        out
    }
}

fn internal(why: &str) -> ApiError {
    ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", why)
}

/// The document of `verify --format json`: the report, then the blocks passed over.
#[derive(Serialize)]
pub(super) struct VerifyJson<'a> {
    #[serde(flatten)]
    pub report: &'a Report,
    #[serde(skip_serializing_if = "<[SkippedBlock]>::is_empty")]
    pub skipped_blocks: &'a [SkippedBlock],
}

/// The body of a verify or inspect request, within `--max-body` and the request time.
pub(super) async fn read_body_within(
    state: &State,
    body: Body,
) -> Result<axum::body::Bytes, ApiError> {
    let deadline = state.limits.request_timeout;
    tokio::time::timeout(
        deadline,
        read_body(body, state.limits.max_body_bytes, "--max-body"),
    )
    .await
    .map_err(|_| {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "timeout",
            format!(
                "the request body did not arrive within {} ms (--request-timeout)",
                deadline.as_millis()
            ),
        )
    })?
}

/// `POST /v1/verify`: a report, HTTP 200 whatever its verdict.
pub(super) async fn verify(Shared(state): S, body: Body) -> Result<Response, ApiError> {
    let started = Instant::now();
    let bytes = read_body_within(&state, body).await?;
    let current = state.current();
    let (report, skipped) = state
        .limited(started, move |state| {
            let parsing = Parsing {
                cache: &state.cache,
                metrics: &state.metrics,
            };
            request::verify_body(parsing, &bytes, &current.defaults, state.limits.max_certs)
        })
        .await?;
    state.metrics.report(&report);
    Ok(json(
        StatusCode::OK,
        &VerifyJson {
            report: &report,
            skipped_blocks: &skipped,
        },
    ))
}

#[derive(Serialize)]
struct Health {
    status: &'static str,
    generation: u64,
    anchors: usize,
}

/// `GET /healthz`: the service answers and has a store.
pub(super) async fn healthz(Shared(state): S) -> Response {
    let c = state.current();
    json(
        StatusCode::OK,
        &Health {
            status: "ok",
            generation: c.generation,
            anchors: c.defaults.verifier.store().len(),
        },
    )
}

/// `GET /metrics`: the Prometheus text exposition.
pub(super) async fn metrics(Shared(state): S) -> Response {
    let c = state.current();
    let text = state.metrics.render(
        c.defaults.verifier.store().len(),
        c.generation,
        c.defaults.verifier.cache_stats(),
    );
    (
        StatusCode::OK,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
        )],
        text,
    )
        .into_response()
}

#[derive(Serialize)]
struct Anchor {
    subject: String,
    sha256: String,
    not_after: String,
}

#[derive(Serialize)]
struct Roots<'a> {
    store: &'a str,
    generation: u64,
    loaded_at: &'a str,
    count: usize,
    anchors: Vec<Anchor>,
}

/// The `/v1/roots` document of one generation.
fn roots_json(c: &Current) -> String {
    let anchors = c
        .defaults
        .verifier
        .store()
        .ders()
        .map(|der| match crate::model::Certificate::from_der(der) {
            Ok(cert) => Anchor {
                subject: cert.subject().to_string(),
                sha256: cert.sha256().to_string(),
                not_after: crate::model::time::rfc3339(cert.not_after()),
            },
            Err(e) => Anchor {
                subject: format!("(unparsable: {e})"),
                sha256: crate::model::colon_hex(
                    ring::digest::digest(&ring::digest::SHA256, der).as_ref(),
                ),
                not_after: String::new(),
            },
        })
        .collect::<Vec<_>>();
    let doc = Roots {
        store: &c.defaults.store_label,
        generation: c.generation,
        loaded_at: &c.loaded_at,
        count: anchors.len(),
        anchors,
    };
    let mut text = serde_json::to_string(&doc).unwrap_or_default();
    text.push('\n');
    text
}

/// `GET /v1/roots`: the trust anchors in force, with the store's label and generation.
pub(super) async fn roots(Shared(state): S) -> Response {
    let c = state.current();
    let body = c.roots.get_or_init(|| roots_json(&c)).clone();
    (
        StatusCode::OK,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}

#[derive(Serialize)]
struct Reloaded<'a> {
    reloaded: bool,
    generation: u64,
    store: &'a str,
    anchors: usize,
}

/// `POST /v1/reload` (with `--allow-reload`): the loader again; the previous store stays
/// when it fails.
pub(super) async fn reload(Shared(state): S) -> Result<Response, ApiError> {
    if !state.allow_reload {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "reload_disabled",
            "POST /v1/reload is off: start the server with --allow-reload (SIGHUP always reloads)",
        ));
    }
    let next = state.reload("POST /v1/reload").await.map_err(|e| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "reload_failed",
            format!("the previous store stays in use: {e}"),
        )
    })?;
    Ok(json(
        StatusCode::OK,
        &Reloaded {
            reloaded: true,
            generation: next.generation,
            store: &next.defaults.store_label,
            anchors: next.defaults.verifier.store().len(),
        },
    ))
}
