//! Online checks, off unless asked (feature `online`): the bounded HTTP layer
//! ([`http`]) the fetches of missing issuers and CRLs are made with. Every request made
//! is listed in [`Report::fetches`](crate::Report::fetches).

pub mod http;
pub mod ocsp;

pub use crate::report::fetch::{Fetch, FetchKind};
