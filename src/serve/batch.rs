//! `POST /v1/batch`: JSONL in, JSONL out, streamed both ways, through the library's
//! batch runner ([`crate::batch::Batch::run`]), so each line is exactly what `certchain
//! batch` prints for it, in input order.
//!
//! The body is read as it arrives (each frame within the request time, the whole within
//! `--max-batch-body`); results go out as they are ready. Once the first result is out
//! the status is 200: a problem after that (the body too large or stalled) is the
//! last line, an error result naming the line it reached, as the CLI reports a read
//! error.

use super::error::ApiError;
use super::State;
use crate::batch::{Batch, Source};
use axum::body::{Body, Bytes};
use axum::extract::State as Shared;
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::Response;
use http_body_util::BodyExt;
use std::io::{Read, Write};
use std::sync::Arc;

/// Body frames queued between the connection and the batch runner: enough to keep the
/// runner busy, few enough that a fast client cannot fill memory.
///
/// ```
/// assert!(certchain::limits::BATCH_QUEUE_FRAMES > 1);
/// ```
pub const BATCH_QUEUE_FRAMES: usize = 16;
/// Result lines queued for the client: a slow reader holds the runner back instead of
/// letting results pile up.
///
/// ```
/// assert!(certchain::limits::BATCH_QUEUE_LINES >= certchain::limits::BATCH_QUEUE_FRAMES);
/// ```
pub const BATCH_QUEUE_LINES: usize = 64;

/// `POST /v1/batch[?full=true]`.
pub(super) async fn batch(
    Shared(state): Shared<Arc<State>>,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let limit = state.limits.max_batch_bytes;
    let too_large = format!("the request body is over {limit} bytes (--max-batch-body)");
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| u64::try_from(limit).is_ok_and(|l| n > l)) {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            too_large,
        ));
    }
    let full = uri
        .query()
        .is_some_and(|q| q.split('&').any(|p| p == "full=true" || p == "full=1"));

    // A slot for the whole batch, waited for within the request time.
    let wait = state.limits.request_timeout;
    let permit = tokio::time::timeout(wait, Arc::clone(&state.permits).acquire_owned())
        .await
        .map_err(|_| {
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "timeout",
                format!(
                    "no free slot within {} ms (--max-concurrent {}, --request-timeout)",
                    wait.as_millis(),
                    state.limits.max_concurrent
                ),
            )
        })?
        .map_err(|_| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "the request slots are closed",
            )
        })?;

    // The body, frame by frame, to the runner's reader.
    let (frames_tx, frames_rx) = tokio::sync::mpsc::channel(BATCH_QUEUE_FRAMES);
    tokio::spawn(pump(body, frames_tx, limit, wait, too_large));

    // The results, line by line, to the response.
    let (lines_tx, response_body) =
        http_body_util::channel::Channel::<Bytes>::new(BATCH_QUEUE_LINES);
    let current = state.current();
    let handle = tokio::runtime::Handle::current();
    let shared = Arc::clone(&state);
    tokio::task::spawn_blocking(move || {
        let defaults = &current.defaults;
        let batch = Batch {
            verifier: defaults
                .verifier
                .with_policy(defaults.verifier.policy().clone()),
            extra: defaults.extra.clone(),
            name: defaults.name.clone(),
            full,
        };
        let reader = std::io::BufReader::new(BodyReader {
            frames: frames_rx,
            current: Bytes::new(),
        });
        let mut out = LineSender {
            buf: Vec::new(),
            tx: lines_tx,
            handle,
        };
        // Fails only when the client went away: nothing more to say to it.
        let _ = batch.run(Source::lines(reader), 1, &mut out, |r| {
            shared.metrics.batch_result(r);
        });
        let _ = out.flush();
        drop(permit);
    });
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, "application/x-ndjson")
        .body(Body::new(response_body))
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string()))
}

/// Move the request body to the runner: each frame within `wait`, the whole within
/// `limit` bytes; a problem is sent as the last item, which the reader turns into a read
/// error (the runner's last line).
async fn pump(
    mut body: Body,
    tx: tokio::sync::mpsc::Sender<Result<Bytes, String>>,
    limit: usize,
    wait: std::time::Duration,
    too_large: String,
) {
    let mut seen = 0usize;
    loop {
        let frame = match tokio::time::timeout(wait, body.frame()).await {
            Err(_) => Err(format!(
                "the request body stalled for {} ms (--request-timeout)",
                wait.as_millis()
            )),
            Ok(None) => return,
            Ok(Some(Err(e))) => Err(format!("the request body could not be read: {e}")),
            Ok(Some(Ok(frame))) => match frame.into_data() {
                Ok(data) => {
                    seen = seen.saturating_add(data.len());
                    if seen > limit {
                        Err(too_large.clone())
                    } else {
                        Ok(data)
                    }
                }
                Err(_) => continue, // trailers carry nothing for us
            },
        };
        let last = frame.is_err();
        if tx.send(frame).await.is_err() || last {
            return;
        }
    }
}

/// The request body as a blocking reader, for the runner's line source.
struct BodyReader {
    frames: tokio::sync::mpsc::Receiver<Result<Bytes, String>>,
    current: Bytes,
}

impl Read for BodyReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.current.is_empty() {
            match self.frames.blocking_recv() {
                None => return Ok(0),
                Some(Err(why)) => return Err(std::io::Error::other(why)),
                Some(Ok(data)) => self.current = data,
            }
        }
        let n = buf.len().min(self.current.len());
        let chunk = self.current.split_to(n);
        buf.get_mut(..n)
            .ok_or_else(|| std::io::Error::other("read buffer"))?
            .copy_from_slice(&chunk);
        Ok(n)
    }
}

/// The runner's output: complete lines go to the response as they come.
struct LineSender {
    buf: Vec<u8>,
    tx: http_body_util::channel::Sender<Bytes>,
    handle: tokio::runtime::Handle,
}

impl LineSender {
    fn send(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let data = Bytes::from(std::mem::take(&mut self.buf));
        self.handle
            .block_on(self.tx.send_data(data))
            .map_err(|_| std::io::Error::other("the client went away"))
    }
}

impl Write for LineSender {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.ends_with(b"\n") {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.send()
    }
}
