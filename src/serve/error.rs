//! The one error shape of the service: an HTTP status and `{"error": {"kind", "message",
//! "field"}}`, the same `kind`/`message` pair `certchain verify --format json` prints.

use crate::wording::{one_line, one_line_within, MAX_MESSAGE_CHARS};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// Why a request got no report. `kind` is stable (docs/api.md lists each with its
/// status); `message` is one line naming the field or the limit; `field` names the
/// request field at fault when there is one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The stable kind: `bad_json`, `bad_field`, `bad_certificate`, ...
    pub kind: &'static str,
    /// One line saying what is wrong and where.
    pub message: String,
    /// The request field at fault (`chain[1]`, `host`), when there is one.
    pub field: Option<String>,
}

#[derive(Serialize)]
struct Doc<'a> {
    error: Body<'a>,
}

#[derive(Serialize)]
struct Body<'a> {
    kind: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<&'a str>,
}

impl ApiError {
    /// An error with no field. The message is made one line (line breaks escaped) and
    /// cut at [`crate::wording::MAX_MESSAGE_CHARS`]: serde quotes request text in it.
    pub fn new(status: StatusCode, kind: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            kind,
            message: one_line_within(&message.into(), MAX_MESSAGE_CHARS),
            field: None,
        }
    }

    /// A 400 about one request field: the message starts with the field's name.
    pub fn field(
        kind: &'static str,
        field: impl Into<String>,
        why: impl std::fmt::Display,
    ) -> Self {
        // A field's name comes from the request (an unknown key): one short line.
        let field = one_line(&field.into());
        ApiError {
            status: StatusCode::BAD_REQUEST,
            kind,
            message: one_line_within(&format!("{field}: {why}"), MAX_MESSAGE_CHARS),
            field: Some(field),
        }
    }

    /// The JSON document, one line.
    pub fn to_json(&self) -> String {
        let doc = Doc {
            error: Body {
                kind: self.kind,
                message: &self.message,
                field: self.field.as_deref(),
            },
        };
        // Strings and an option of a string always serialise.
        serde_json::to_string(&doc).unwrap_or_else(|_| {
            String::from(r#"{"error":{"kind":"internal","message":"unserialisable error"}}"#)
        })
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = self.to_json();
        body.push('\n');
        (
            self.status,
            [(axum::http::header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response()
    }
}
