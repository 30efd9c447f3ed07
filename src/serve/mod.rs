//! The verifier as an HTTP/JSON service (feature `serve`; `certchain serve`): the same
//! reports as `certchain verify --format json`, for programs in any language.
//!
//! A [`Server`] binds, loads its trust store and default policy through a [`Loader`]
//! (called again on `SIGHUP` or `POST /v1/reload`, swapping the store without dropping
//! a request: each request keeps the store it started with), and serves until `SIGTERM`
//! or `SIGINT`, then lets the requests in flight finish. Every bound on a stranger's
//! input is in [`Limits`]. The endpoints and their errors are in docs/api.md.
//!
//! ```
//! use certchain::serve::{Config, Defaults, Loader, Server};
//! use certchain::{Policy, TrustStore, Verifier};
//! use std::io::{Read, Write};
//! use std::sync::Arc;
//!
//! let loader: Loader = Arc::new(|| {
//!     let mut store = TrustStore::new();
//!     store
//!         .add_pem("roots.pem", include_bytes!("../../fixtures/valid-rsa/roots.pem"))
//!         .map_err(|e| e.to_string())?;
//!     Ok(Defaults::new(Verifier::new(store, Policy::default()), "roots.pem (1)"))
//! });
//! let server = Server::bind(Config::default(), loader).unwrap(); // 127.0.0.1, a free port
//! let addr = server.local_addr();
//! let stop = server.shutdown_handle();
//! let running = std::thread::spawn(move || server.run());
//!
//! let mut conn = std::net::TcpStream::connect(addr).unwrap();
//! conn.write_all(b"GET /healthz HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n").unwrap();
//! let mut answer = String::new();
//! conn.read_to_string(&mut answer).unwrap();
//! assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
//! assert!(answer.ends_with("{\"status\":\"ok\",\"generation\":1,\"anchors\":1}\n"), "{answer}");
//!
//! stop.shutdown();
//! running.join().unwrap().unwrap();
//! ```

pub(crate) mod batch;
mod error;
mod handlers;
mod inspect;
mod metrics;
pub(crate) mod request;

use crate::input::SourcedCert;
use crate::policy::ExpectedName;
use crate::verifier::Verifier;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Arc, OnceLock, RwLock};
use std::time::Duration;
use tokio::sync::{Notify, Semaphore};

pub use metrics::LATENCY_BUCKETS;

/// One body of `POST /v1/verify` (or of `POST /v1/inspect` when `inspect`) answered the
/// way the server answers it, minus HTTP and the time and concurrency limits: `Ok` is the
/// JSON of a 200 answer, `Err` the error's HTTP status, kind and message. It runs the
/// handlers' own code over a parse cache of its own. It exists for the fuzz target
/// `serve_request` (fuzz/) and is not part of the stable API.
///
/// ```
/// use certchain::serve::{answer_body, Defaults};
/// use certchain::{Policy, TrustStore, Verifier};
///
/// let d = Defaults::new(Verifier::new(TrustStore::new(), Policy::default()), "empty");
/// let (status, kind, _) = answer_body(&d, b"{\"chain\": 1}", false, 10).unwrap_err();
/// assert_eq!((status, kind), (400, "bad_field"));
/// ```
#[doc(hidden)]
pub fn answer_body(
    defaults: &Defaults,
    body: &[u8],
    inspect: bool,
    max_certs: usize,
) -> Result<String, (u16, &'static str, String)> {
    let cache = request::CertCache::default();
    let metrics = metrics::Metrics::default();
    let parsing = request::Parsing {
        cache: &cache,
        metrics: &metrics,
    };
    let answer = if inspect {
        request::inspect_body(parsing, body, defaults, max_certs).and_then(
            |(inspection, skipped)| {
                handlers::json_text(&inspect::InspectJson {
                    inspection: &inspection,
                    skipped_blocks: &skipped,
                })
            },
        )
    } else {
        request::verify_body(parsing, body, defaults, max_certs).and_then(|(report, skipped)| {
            handlers::json_text(&handlers::VerifyJson {
                report: &report,
                skipped_blocks: &skipped,
            })
        })
    };
    answer.map_err(|e| (e.status.as_u16(), e.kind, e.message))
}

/// Largest request body of `/v1/verify` and `/v1/inspect`, by default: a chain of a few
/// certificates is under 20 KiB as PEM in JSON; 1 MiB leaves room for long bundles.
///
/// ```
/// assert_eq!(certchain::serve::DEFAULT_MAX_BODY_BYTES, 1 << 20);
/// ```
pub const DEFAULT_MAX_BODY_BYTES: usize = 1024 * 1024;
/// Largest request body of `/v1/batch`, by default: its lines are bounded one by one as
/// well, and 16 MiB is the largest input file the CLI reads
/// ([`crate::limits::MAX_INPUT_BYTES`]).
///
/// ```
/// assert_eq!(certchain::serve::DEFAULT_MAX_BATCH_BYTES as u64, certchain::limits::MAX_INPUT_BYTES);
/// ```
pub const DEFAULT_MAX_BATCH_BYTES: usize = 16 * 1024 * 1024;
/// Most certificates in one request (chain and intermediates), by default: real chains
/// have 2 to 5 and a bundle with cross-signs a dozen; 50 bounds the path builder's pool.
///
/// ```
/// assert!(certchain::serve::DEFAULT_MAX_CERTS >= 12);
/// ```
pub const DEFAULT_MAX_CERTS: usize = 50;
/// Most requests handled at once, by default; the rest wait for a slot within their
/// time. Verification is CPU work: more at once than cores only adds queueing, and 64
/// keeps memory bounded while letting a burst of clients in.
///
/// ```
/// assert_eq!(certchain::serve::Limits::default().max_concurrent, certchain::serve::DEFAULT_MAX_CONCURRENT);
/// ```
pub const DEFAULT_MAX_CONCURRENT: usize = 64;
/// Most open connections, by default; more wait in the kernel's accept queue. Each costs
/// a socket and a small buffer.
///
/// ```
/// assert!(certchain::serve::DEFAULT_MAX_CONNECTIONS > certchain::serve::DEFAULT_MAX_CONCURRENT);
/// ```
pub const DEFAULT_MAX_CONNECTIONS: usize = 256;
/// Longest time for one request, reading its body included, by default. A verification
/// takes milliseconds; the library's own budgets bound its work, this bounds a slow or
/// stalled client.
///
/// ```
/// assert_eq!(certchain::serve::DEFAULT_REQUEST_TIMEOUT.as_secs(), 10);
/// ```
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// Longest time a connection may stay without a complete request (idle keep-alive, or
/// headers sent slowly), by default; then it is closed.
///
/// ```
/// assert_eq!(certchain::serve::DEFAULT_IDLE_TIMEOUT.as_secs(), 30);
/// ```
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// Most time given, after SIGTERM, to requests in flight beyond their own request
/// timeout before the server exits anyway.
///
/// ```
/// assert!(certchain::serve::SHUTDOWN_GRACE < certchain::serve::DEFAULT_REQUEST_TIMEOUT);
/// ```
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(1);

/// Every bound on the work one client can cause. Each has a `--max-...`/`--...-timeout`
/// option in `certchain serve`; the defaults are the `DEFAULT_` constants of this module.
///
/// ```
/// use certchain::serve::Limits;
///
/// let limits = Limits { max_certs: 10, ..Limits::default() };
/// assert_eq!(limits.max_body_bytes, certchain::serve::DEFAULT_MAX_BODY_BYTES);
/// assert!(limits.max_concurrent > 0);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest body of a verify or inspect request (HTTP 413 `too_large` above).
    pub max_body_bytes: usize,
    /// Largest body of a batch request.
    pub max_batch_bytes: usize,
    /// Most certificates in one request (HTTP 413 `too_many_certificates` above).
    pub max_certs: usize,
    /// Most requests handled at once; others wait for a slot within their time.
    pub max_concurrent: usize,
    /// Most open connections; more wait to be accepted.
    pub max_connections: usize,
    /// Longest time for one request (HTTP 503 `timeout` beyond).
    pub request_timeout: Duration,
    /// Longest time a connection may wait for its next complete request head.
    pub idle_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            max_batch_bytes: DEFAULT_MAX_BATCH_BYTES,
            max_certs: DEFAULT_MAX_CERTS,
            max_concurrent: DEFAULT_MAX_CONCURRENT,
            max_connections: DEFAULT_MAX_CONNECTIONS,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            idle_timeout: DEFAULT_IDLE_TIMEOUT,
        }
    }
}

/// Where and how to serve.
///
/// ```
/// use certchain::serve::Config;
///
/// let config = Config::default();
/// assert!(config.listen.ip().is_loopback());
/// assert_eq!(config.listen.port(), 0); // the OS picks; `certchain serve` uses 8444
/// assert!(config.token.is_none() && !config.allow_reload);
/// ```
#[derive(Clone, Debug)]
pub struct Config {
    /// The address to listen on. Anything but a loopback address needs a `token`.
    pub listen: SocketAddr,
    /// The bounds on each client's work.
    pub limits: Limits,
    /// When set, every endpoint but `/healthz` needs `Authorization: Bearer TOKEN`.
    pub token: Option<String>,
    /// Whether `POST /v1/reload` reloads the trust store (SIGHUP always does).
    pub allow_reload: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0),
            limits: Limits::default(),
            token: None,
            allow_reload: false,
        }
    }
}

/// What requests are verified with unless they say otherwise: the verifier (trust store
/// and policy), extra intermediates and the name to check, as `certchain serve`'s
/// verify options give them.
///
/// ```
/// use certchain::serve::Defaults;
/// use certchain::{Policy, TrustStore, Verifier};
///
/// let d = Defaults::new(Verifier::new(TrustStore::bundled(), Policy::default()), "bundled");
/// assert!(d.extra.is_empty() && d.name.is_none());
/// ```
#[derive(Debug)]
pub struct Defaults {
    /// The trust store and the default policy.
    pub verifier: Verifier,
    /// Untrusted certificates added to every request's path building (`--intermediates`).
    pub extra: Vec<SourcedCert>,
    /// The name checked when a request gives none (`--host`, `--email`).
    pub name: Option<ExpectedName>,
    /// The store in words, for `/v1/roots` and the log.
    pub store_label: String,
}

impl Defaults {
    /// Defaults with no extra intermediates and no default name.
    ///
    /// ```
    /// use certchain::serve::Defaults;
    /// use certchain::{Policy, TrustStore, Verifier};
    ///
    /// let d = Defaults::new(Verifier::new(TrustStore::new(), Policy::default()), "empty");
    /// assert_eq!(d.store_label, "empty");
    /// ```
    pub fn new(verifier: Verifier, store_label: impl Into<String>) -> Self {
        Defaults {
            verifier,
            extra: Vec::new(),
            name: None,
            store_label: store_label.into(),
        }
    }
}

/// Loads the defaults: at start, and again on each reload. An error is one line; at
/// start it stops the server, on reload the previous store stays in use.
///
/// ```
/// use certchain::serve::{Defaults, Loader};
/// use certchain::{Policy, TrustStore, Verifier};
/// use std::sync::Arc;
///
/// let loader: Loader = Arc::new(|| {
///     let mut store = TrustStore::new();
///     store.add_path("fixtures/valid-rsa/roots.pem").map_err(|e| e.to_string())?;
///     Ok(Defaults::new(Verifier::new(store, Policy::default()), "roots.pem"))
/// });
/// assert_eq!(loader().unwrap().verifier.store().len(), 1);
/// ```
pub type Loader = Arc<dyn Fn() -> Result<Defaults, String> + Send + Sync>;

/// Why the server did not start or stopped.
///
/// ```
/// use certchain::serve::{Config, Loader, Server, ServeError};
/// use std::sync::Arc;
///
/// let loader: Loader = Arc::new(|| Err("roots.pem: no such file".to_string()));
/// let err = Server::bind(Config::default(), loader).err().unwrap();
/// assert!(matches!(err, ServeError::Load(_)));
/// assert_eq!(err.to_string(), "loading the trust store and options: roots.pem: no such file");
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServeError {
    /// The address cannot be bound.
    #[error("cannot listen on {addr}: {reason}")]
    Bind {
        /// the address
        addr: SocketAddr,
        /// why
        reason: String,
    },
    /// A non-loopback address without a token.
    #[error("listening on {0} (not a loopback address) needs a bearer token (--token-file)")]
    TokenRequired(SocketAddr),
    /// The loader failed at start.
    #[error("loading the trust store and options: {0}")]
    Load(String),
    /// The runtime or a signal handler could not be set up.
    #[error("starting the service: {0}")]
    Runtime(String),
}

/// The loaded defaults of one generation (1 at start, +1 per reload).
struct Current {
    defaults: Defaults,
    generation: u64,
    loaded_at: String,
    /// The `/v1/roots` document, made on first request.
    roots: OnceLock<String>,
}

/// What every handler shares.
struct State {
    current: RwLock<Arc<Current>>,
    loader: Loader,
    limits: Limits,
    token: Option<String>,
    allow_reload: bool,
    metrics: metrics::Metrics,
    permits: Arc<Semaphore>,
    /// One reload at a time.
    reloading: tokio::sync::Mutex<()>,
    cache: request::CertCache,
}

impl State {
    /// The defaults in force now; a request keeps them to its end, whatever reloads.
    fn current(&self) -> Arc<Current> {
        let guard = self
            .current
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Arc::clone(&guard)
    }

    /// Call the loader again and swap the store in; the old one stays on error.
    async fn reload(self: &Arc<Self>, why: &str) -> Result<Arc<Current>, String> {
        let _one = self.reloading.lock().await;
        let loader = Arc::clone(&self.loader);
        let loaded = tokio::task::spawn_blocking(move || loader())
            .await
            .map_err(|e| format!("the reload task failed: {e}"))
            .and_then(|r| r);
        match loaded {
            Ok(defaults) => {
                let generation = self.current().generation.saturating_add(1);
                let next = Arc::new(Current {
                    defaults,
                    generation,
                    loaded_at: now_rfc3339(),
                    roots: OnceLock::new(),
                });
                *self
                    .current
                    .write()
                    .unwrap_or_else(std::sync::PoisonError::into_inner) = Arc::clone(&next);
                self.metrics.reload("ok");
                eprintln!(
                    "certchain serve: reloaded ({why}): {} ({} anchors), generation {generation}",
                    next.defaults.store_label,
                    next.defaults.verifier.store().len()
                );
                Ok(next)
            }
            Err(e) => {
                self.metrics.reload("failed");
                eprintln!("certchain serve: reload ({why}) failed, the previous store stays: {e}");
                Err(e)
            }
        }
    }
}

fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Stops a running [`Server`] as SIGTERM does: no new connections, requests in flight
/// finish.
///
/// ```
/// # use certchain::serve::{Config, Defaults, Loader, Server};
/// # use certchain::{Policy, TrustStore, Verifier};
/// # use std::sync::Arc;
/// let loader: Loader = Arc::new(|| {
///     Ok(Defaults::new(Verifier::new(TrustStore::new(), Policy::default()), "empty"))
/// });
/// let server = Server::bind(Config::default(), loader).unwrap();
/// server.shutdown_handle().shutdown(); // before run: run returns at once
/// server.run().unwrap();
/// ```
#[derive(Clone, Debug)]
pub struct ShutdownHandle(Arc<Notify>);

impl ShutdownHandle {
    /// Ask the server to stop (see the type's example).
    ///
    /// ```
    /// # use certchain::serve::{Config, Defaults, Loader, Server};
    /// # use certchain::{Policy, TrustStore, Verifier};
    /// # use std::sync::Arc;
    /// # let loader: Loader = Arc::new(|| {
    /// #     Ok(Defaults::new(Verifier::new(TrustStore::new(), Policy::default()), "empty"))
    /// # });
    /// let server = Server::bind(Config::default(), loader).unwrap();
    /// let stop = server.shutdown_handle();
    /// let running = std::thread::spawn(move || server.run());
    /// stop.shutdown();
    /// assert!(running.join().unwrap().is_ok());
    /// ```
    pub fn shutdown(&self) {
        self.0.notify_one();
    }
}

/// A bound, loaded service, ready to [`run`](Server::run).
pub struct Server {
    listener: std::net::TcpListener,
    state: Arc<State>,
    stop: Arc<Notify>,
}

impl Server {
    /// Check the configuration, load the defaults and bind the address (port 0: the OS
    /// picks; see [`Server::local_addr`]). Nothing is served until [`Server::run`].
    ///
    /// ```
    /// use certchain::serve::{Config, Defaults, Loader, Server, ServeError};
    /// use certchain::{Policy, TrustStore, Verifier};
    /// use std::sync::Arc;
    ///
    /// let loader: Loader = Arc::new(|| {
    ///     Ok(Defaults::new(Verifier::new(TrustStore::new(), Policy::default()), "empty"))
    /// });
    /// let open = Config { listen: "0.0.0.0:0".parse().unwrap(), ..Config::default() };
    /// let err = Server::bind(open, loader).err().unwrap();
    /// assert!(matches!(err, ServeError::TokenRequired(_)));
    /// ```
    pub fn bind(config: Config, loader: Loader) -> Result<Server, ServeError> {
        if !config.listen.ip().is_loopback() && config.token.is_none() {
            return Err(ServeError::TokenRequired(config.listen));
        }
        let defaults = loader().map_err(ServeError::Load)?;
        let bind_err = |e: std::io::Error| ServeError::Bind {
            addr: config.listen,
            reason: e.to_string(),
        };
        let listener = std::net::TcpListener::bind(config.listen).map_err(bind_err)?;
        listener.set_nonblocking(true).map_err(bind_err)?;
        let state = State {
            current: RwLock::new(Arc::new(Current {
                defaults,
                generation: 1,
                loaded_at: now_rfc3339(),
                roots: OnceLock::new(),
            })),
            loader,
            permits: Arc::new(Semaphore::new(config.limits.max_concurrent.max(1))),
            limits: config.limits,
            token: config.token,
            allow_reload: config.allow_reload,
            metrics: metrics::Metrics::default(),
            reloading: tokio::sync::Mutex::new(()),
            cache: request::CertCache::default(),
        };
        Ok(Server {
            listener,
            state: Arc::new(state),
            stop: Arc::new(Notify::new()),
        })
    }

    /// The address bound, with the port the OS picked.
    ///
    /// ```
    /// # use certchain::serve::{Config, Defaults, Loader, Server};
    /// # use certchain::{Policy, TrustStore, Verifier};
    /// # use std::sync::Arc;
    /// # let loader: Loader = Arc::new(|| {
    /// #     Ok(Defaults::new(Verifier::new(TrustStore::new(), Policy::default()), "empty"))
    /// # });
    /// let server = Server::bind(Config::default(), loader).unwrap();
    /// assert_ne!(server.local_addr().port(), 0);
    /// ```
    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .unwrap_or_else(|_| SocketAddr::new(IpAddr::V4(Ipv4Addr::UNSPECIFIED), 0))
    }

    /// A handle that stops [`Server::run`] from another thread.
    ///
    /// ```
    /// # use certchain::serve::{Config, Defaults, Loader, Server};
    /// # use certchain::{Policy, TrustStore, Verifier};
    /// # use std::sync::Arc;
    /// # let loader: Loader = Arc::new(|| {
    /// #     Ok(Defaults::new(Verifier::new(TrustStore::new(), Policy::default()), "empty"))
    /// # });
    /// let server = Server::bind(Config::default(), loader).unwrap();
    /// let handle = server.shutdown_handle();
    /// let copy = handle.clone(); // any thread may hold one
    /// copy.shutdown();
    /// server.run().unwrap();
    /// ```
    pub fn shutdown_handle(&self) -> ShutdownHandle {
        ShutdownHandle(Arc::clone(&self.stop))
    }

    /// The store's label and size, for the start-up line.
    ///
    /// ```
    /// # use certchain::serve::{Config, Defaults, Loader, Server};
    /// # use certchain::{Policy, TrustStore, Verifier};
    /// # use std::sync::Arc;
    /// # let loader: Loader = Arc::new(|| {
    /// #     Ok(Defaults::new(Verifier::new(TrustStore::new(), Policy::default()), "empty"))
    /// # });
    /// let server = Server::bind(Config::default(), loader).unwrap();
    /// assert_eq!(server.store(), ("empty".to_string(), 0));
    /// ```
    pub fn store(&self) -> (String, usize) {
        let c = self.state.current();
        (
            c.defaults.store_label.clone(),
            c.defaults.verifier.store().len(),
        )
    }

    /// Serve until SIGTERM, SIGINT or the [`ShutdownHandle`]; SIGHUP reloads. Builds its
    /// own multi-threaded tokio runtime (one worker per core) and blocks. On stop: no
    /// new connections, idle ones closed, requests in flight answered (for at most
    /// their request timeout and [`SHUTDOWN_GRACE`]). The module's example serves a
    /// request; this one stops at once:
    ///
    /// ```
    /// # use certchain::serve::{Config, Defaults, Loader, Server};
    /// # use certchain::{Policy, TrustStore, Verifier};
    /// # use std::sync::Arc;
    /// # let loader: Loader = Arc::new(|| {
    /// #     Ok(Defaults::new(Verifier::new(TrustStore::new(), Policy::default()), "empty"))
    /// # });
    /// let server = Server::bind(Config::default(), loader).unwrap();
    /// server.shutdown_handle().shutdown();
    /// assert!(server.run().is_ok());
    /// ```
    pub fn run(self) -> Result<(), ServeError> {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .map_err(|e| ServeError::Runtime(e.to_string()))?;
        rt.block_on(self.serve())
    }

    async fn serve(self) -> Result<(), ServeError> {
        let runtime = |e: std::io::Error| ServeError::Runtime(e.to_string());
        let listener = tokio::net::TcpListener::from_std(self.listener).map_err(runtime)?;
        let (mut stop_signals, mut hangup) = signals().map_err(runtime)?;
        let router = router(Arc::clone(&self.state));
        let graceful = GracefulShutdown::new();
        let limits = self.state.limits.clone();
        let connections = Arc::new(Semaphore::new(limits.max_connections.max(1)));
        loop {
            let accept = async {
                let permit = Arc::clone(&connections).acquire_owned().await;
                (permit, listener.accept().await)
            };
            tokio::select! {
                () = self.stop.notified() => break,
                why = stop_signals.recv() => {
                    eprintln!("certchain serve: {why}: finishing the requests in flight");
                    break;
                }
                () = hangup.recv() => {
                    let state = Arc::clone(&self.state);
                    tokio::spawn(async move { state.reload("SIGHUP").await });
                }
                (permit, accepted) = accept => {
                    let Ok(permit) = permit else { break };
                    match accepted {
                        Ok((stream, _)) => {
                            let _ = stream.set_nodelay(true);
                            let mut http = hyper::server::conn::http1::Builder::new();
                            http.timer(TokioTimer::new())
                                .header_read_timeout(limits.idle_timeout)
                                .keep_alive(true);
                            let conn = http.serve_connection(
                                TokioIo::new(stream),
                                TowerToHyperService::new(router.clone()),
                            );
                            let watched = graceful.watch(conn);
                            tokio::spawn(async move {
                                let _ = watched.await;
                                drop(permit);
                            });
                        }
                        Err(e) => {
                            // Out of descriptors, or a connection reset before accept:
                            // say so and go on after a pause rather than spin.
                            eprintln!("certchain serve: accept: {e}");
                            drop(permit);
                            tokio::time::sleep(ACCEPT_ERROR_PAUSE).await;
                        }
                    }
                }
            }
        }
        drop(listener);
        // Saturating: tokio sleeps "for ever" past the clock's range rather than panicking.
        let drain = limits.request_timeout.saturating_add(SHUTDOWN_GRACE);
        tokio::select! {
            () = graceful.shutdown() => {}
            () = tokio::time::sleep(drain) => {
                eprintln!("certchain serve: requests still running after {}s; exiting", drain.as_secs());
            }
        }
        Ok(())
    }
}

/// The routes, behind the middleware.
fn router(state: Arc<State>) -> axum::Router {
    axum::Router::new()
        .route("/healthz", axum::routing::get(handlers::healthz))
        .route("/metrics", axum::routing::get(handlers::metrics))
        .route("/v1/roots", axum::routing::get(handlers::roots))
        .route("/v1/verify", axum::routing::post(handlers::verify))
        .route("/v1/reload", axum::routing::post(handlers::reload))
        .route("/v1/batch", axum::routing::post(batch::batch))
        .route("/v1/inspect", axum::routing::post(inspect::inspect))
        .fallback(handlers::not_found)
        .method_not_allowed_fallback(handlers::method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&state),
            handlers::track,
        ))
        .with_state(state)
}

/// Pause after a failed accept (out of file descriptors): long enough not to spin, short
/// enough that clients barely notice.
const ACCEPT_ERROR_PAUSE: Duration = Duration::from_millis(50);

/// The signals that stop the service: SIGTERM and SIGINT (Ctrl-C elsewhere).
struct StopSignals {
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
    #[cfg(unix)]
    int: tokio::signal::unix::Signal,
}

/// SIGHUP, which reloads the trust store (none outside Unix).
struct Hangup {
    #[cfg(unix)]
    hup: tokio::signal::unix::Signal,
}

fn signals() -> std::io::Result<(StopSignals, Hangup)> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        Ok((
            StopSignals {
                term: signal(SignalKind::terminate())?,
                int: signal(SignalKind::interrupt())?,
            },
            Hangup {
                hup: signal(SignalKind::hangup())?,
            },
        ))
    }
    #[cfg(not(unix))]
    {
        Ok((StopSignals {}, Hangup {}))
    }
}

impl StopSignals {
    async fn recv(&mut self) -> &'static str {
        #[cfg(unix)]
        {
            tokio::select! {
                _ = self.term.recv() => "SIGTERM",
                _ = self.int.recv() => "SIGINT",
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
            "Ctrl-C"
        }
    }
}

impl Hangup {
    async fn recv(&mut self) {
        #[cfg(unix)]
        {
            let _ = self.hup.recv().await;
        }
        #[cfg(not(unix))]
        {
            std::future::pending::<()>().await
        }
    }
}
