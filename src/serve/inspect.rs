//! `POST /v1/inspect`: every certificate of the request, its fields and its lint
//! findings, as `certchain inspect --format json` prints them for a file; HTTP 200
//! whatever the findings.

use super::error::ApiError;
use super::handlers::{json, read_body_within};
use super::request::{self, Parsing};
use super::State;
use crate::input::SkippedBlock;
use crate::inspect::Inspection;
use axum::body::Body;
use axum::extract::State as Shared;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;
use std::sync::Arc;
use std::time::Instant;

/// The document of `inspect --format json`: the inspection, then the blocks passed over.
#[derive(Serialize)]
pub(super) struct InspectJson<'a> {
    #[serde(flatten)]
    pub inspection: &'a Inspection,
    #[serde(skip_serializing_if = "<[SkippedBlock]>::is_empty")]
    pub skipped_blocks: &'a [SkippedBlock],
}

/// `POST /v1/inspect`.
pub(super) async fn inspect(
    Shared(state): Shared<Arc<State>>,
    body: Body,
) -> Result<Response, ApiError> {
    let started = Instant::now();
    let bytes = read_body_within(&state, body).await?;
    let current = state.current();
    let (inspection, skipped) = state
        .limited(started, move |state| {
            let parsing = Parsing {
                cache: &state.cache,
                metrics: &state.metrics,
            };
            request::inspect_body(parsing, &bytes, &current.defaults, state.limits.max_certs)
        })
        .await?;
    Ok(json(
        StatusCode::OK,
        &InspectJson {
            inspection: &inspection,
            skipped_blocks: &skipped,
        },
    ))
}
