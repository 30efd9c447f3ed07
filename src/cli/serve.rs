//! `certchain serve`: the library's HTTP/JSON service (`certchain::serve`) with the
//! verify options as the server's defaults.

use super::options::CheckArgs;
use super::{CliError, ErrorKind, Exit};
use certchain::serve::{Config, Defaults, Limits, Loader, Server};
use clap::Args;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// Where to listen and the bounds on each client.
#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    /// The address to listen on (port 0: the OS picks). Anything but a loopback address
    /// needs --token-file. The first line on stdout is `listening on http://ADDR`.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8444")]
    pub listen: SocketAddr,
    /// A file holding the bearer token every endpoint but /healthz then requires
    /// (`Authorization: Bearer TOKEN`); surrounding whitespace is ignored.
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<String>,
    /// Let `POST /v1/reload` reload the trust store and options (SIGHUP always does).
    #[arg(long)]
    pub allow_reload: bool,
    /// Largest body of a verify or inspect request, in bytes (413 above).
    #[arg(long, value_name = "BYTES", default_value_t = certchain::serve::DEFAULT_MAX_BODY_BYTES)]
    pub max_body: usize,
    /// Largest body of a batch request, in bytes (413 above).
    #[arg(long, value_name = "BYTES", default_value_t = certchain::serve::DEFAULT_MAX_BATCH_BYTES)]
    pub max_batch_body: usize,
    /// Most certificates in one request, chain and intermediates together (413 above).
    #[arg(long, value_name = "N", default_value_t = certchain::serve::DEFAULT_MAX_CERTS)]
    pub max_certs: usize,
    /// Most requests handled at once; the others wait for a slot within their time.
    #[arg(long, value_name = "N", default_value_t = certchain::serve::DEFAULT_MAX_CONCURRENT)]
    pub max_concurrent: usize,
    /// Most open connections; more wait to be accepted.
    #[arg(long, value_name = "N", default_value_t = certchain::serve::DEFAULT_MAX_CONNECTIONS)]
    pub max_connections: usize,
    /// Longest time for one request in seconds, body included (503 `timeout` beyond).
    #[arg(long, value_name = "S", default_value = "10", value_parser = seconds)]
    pub request_timeout: Duration,
    /// Seconds a connection may wait for its next complete request before it is closed.
    #[arg(long, value_name = "S", default_value = "30", value_parser = seconds)]
    pub idle_timeout: Duration,
}

/// A positive number of seconds, fractions allowed (`0.5`).
fn seconds(s: &str) -> Result<Duration, String> {
    let n: f64 = s
        .parse()
        .map_err(|_| format!("{s:?} is not a number of seconds"))?;
    if !n.is_finite() || n <= 0.0 {
        return Err(format!("{s:?}: give a positive number of seconds"));
    }
    Duration::try_from_secs_f64(n).map_err(|e| format!("{s:?}: {e}"))
}

/// `certchain serve`: load, bind, print the address, serve until SIGTERM.
pub fn run(args: &ServeArgs, check: &CheckArgs) -> Result<Exit, CliError> {
    let token = match &args.token_file {
        Some(path) => Some(read_token(path)?),
        None => None,
    };
    let check = check.clone();
    let loader: Loader = Arc::new(move || {
        let setup = check.build().map_err(|e| e.message)?;
        // Parsed intermediates and signature results are remembered across requests.
        let mut defaults = Defaults::new(setup.verifier.with_cache(), setup.store_label);
        defaults.extra = setup.extra;
        defaults.name = setup.name;
        Ok(defaults)
    });
    let config = Config {
        listen: args.listen,
        limits: Limits {
            max_body_bytes: args.max_body,
            max_batch_bytes: args.max_batch_body,
            max_certs: args.max_certs,
            max_concurrent: args.max_concurrent,
            max_connections: args.max_connections,
            request_timeout: args.request_timeout,
            idle_timeout: args.idle_timeout,
        },
        token,
        allow_reload: args.allow_reload,
    };
    let server = Server::bind(config, loader).map_err(|e| CliError {
        kind: match e {
            certchain::serve::ServeError::Load(_) => ErrorKind::Input,
            _ => ErrorKind::Usage,
        },
        message: e.to_string(),
    })?;
    let (store, anchors) = server.store();
    super::options::print_out(&format!("listening on http://{}\n", server.local_addr()));
    super::options::print_err(&format!(
        "certchain serve: {anchors} trust anchor{} from {store}; SIGHUP reloads, SIGTERM stops\n",
        if anchors == 1 { "" } else { "s" }
    ));
    server.run().map_err(|e| CliError {
        kind: ErrorKind::Usage,
        message: e.to_string(),
    })?;
    Ok(Exit::Valid)
}

/// The token of `--token-file`: the file's text without surrounding whitespace.
fn read_token(path: &str) -> Result<String, CliError> {
    let input = |message: String| CliError {
        kind: ErrorKind::Input,
        message,
    };
    let text =
        std::fs::read_to_string(path).map_err(|e| input(format!("--token-file {path}: {e}")))?;
    let token = text.trim();
    if token.is_empty() {
        return Err(input(format!("--token-file {path}: the file is empty")));
    }
    if token.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(input(format!(
            "--token-file {path}: the token must be one word (no spaces or control characters)"
        )));
    }
    Ok(token.to_string())
}
