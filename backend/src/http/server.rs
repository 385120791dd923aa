//! The connection layer: our own accept loop instead of `axum::serve`, because a server on the
//! internet needs what that one leaves out —
//!
//! - a **header-read timeout** (slowloris: a client that trickles its request line and headers,
//!   or sits idle on a kept-alive connection, is cut off after `header_timeout`); axum's server
//!   builds hyper without a timer, so hyper's own timeout never runs there;
//! - a **TLS handshake timeout** and TLS itself (see [`super::tls`]), HTTP/2 when ALPN picks it;
//! - a **connection cap**: past `max_connections` the loop stops accepting until one closes
//!   (the kernel's backlog holds the rest), so file descriptors cannot run out under a flood;
//! - **graceful shutdown** with a deadline: stop accepting, let every connection finish the
//!   request it is on (hyper closes idle keep-alive connections at once), and after `drain`
//!   drop whatever is still open.
//!
//! Plain HTTP is HTTP/1.1 only: detecting cleartext HTTP/2 means reading its preface without a
//! timeout, which would reopen the slowloris hole.

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use super::tls::Tls;

/// How the accept loop treats connections.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// A request line and headers must arrive within this (also the idle keep-alive timeout).
    pub header_timeout: Duration,
    /// A TLS handshake must finish within this.
    pub handshake_timeout: Duration,
    /// Connections served at once; more wait in the kernel's backlog.
    pub max_connections: usize,
    /// After the shutdown signal, how long in-flight requests get before connections are dropped.
    pub drain: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_timeout: Duration::from_secs(15),
            handshake_timeout: Duration::from_secs(10),
            max_connections: 10_000,
            drain: Duration::from_secs(25),
        }
    }
}

/// Serves `router` on `listener` until `shutdown` resolves, then drains (see the module docs).
pub async fn run(
    listener: TcpListener,
    router: Router,
    tls: Option<Arc<Tls>>,
    limits: Limits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let stop = CancellationToken::new();
    let tracker = TaskTracker::new();
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = slots.clone().acquire_owned() => match permit {
                Ok(p) => p,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors or a connection reset before accept: wait a
                    // moment rather than spin.
                    tracing::warn!(error = %e, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let tls = tls.clone();
        let stop = stop.clone();
        tracker.spawn(async move {
            let _permit = permit;
            match tls {
                None => serve_http1(stream, peer, router, limits, stop).await,
                Some(tls) => serve_tls(stream, peer, router, &tls, limits, stop).await,
            }
        });
    }
    drop(listener);
    stop.cancel();
    tracker.close();
    if tokio::time::timeout(limits.drain, tracker.wait())
        .await
        .is_err()
    {
        tracing::warn!(
            open = tracker.len(),
            "connections still open after the drain period were dropped"
        );
    }
    Ok(())
}

/// The router as a hyper service, with the peer address where axum's `ConnectInfo` looks.
#[derive(Clone)]
struct Service {
    router: Router,
    peer: SocketAddr,
}

impl hyper::service::Service<hyper::Request<Incoming>> for Service {
    type Response = axum::response::Response;
    type Error = Infallible;
    type Future = axum::routing::future::RouteFuture<Infallible>;

    fn call(&self, mut request: hyper::Request<Incoming>) -> Self::Future {
        request.extensions_mut().insert(ConnectInfo(self.peer));
        // A router is always ready: no `poll_ready` needed before `call`.
        tower::Service::call(&mut self.router.clone(), request)
    }
}

async fn serve_http1<I>(
    io: I,
    peer: SocketAddr,
    router: Router,
    limits: Limits,
    stop: CancellationToken,
) where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(true);
    let connection = builder
        .serve_connection(TokioIo::new(io), Service { router, peer })
        .with_upgrades();
    tokio::pin!(connection);
    until_done(connection, stop, |c| c.graceful_shutdown()).await;
}

async fn serve_http2<I>(io: I, peer: SocketAddr, router: Router, stop: CancellationToken)
where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let mut builder = hyper::server::conn::http2::Builder::new(TokioExecutor::new());
    builder
        .timer(TokioTimer::new())
        .max_concurrent_streams(100)
        .keep_alive_interval(Some(Duration::from_secs(20)))
        .keep_alive_timeout(Duration::from_secs(20));
    let connection = builder.serve_connection(TokioIo::new(io), Service { router, peer });
    tokio::pin!(connection);
    until_done(connection, stop, |c| c.graceful_shutdown()).await;
}

/// Drives `connection` to its end; once `stop` fires, asks it to finish gracefully (the
/// request in flight completes, nothing new starts) and waits for that.
async fn until_done<C: Future>(
    mut connection: Pin<&mut C>,
    stop: CancellationToken,
    graceful: impl FnOnce(Pin<&mut C>),
) {
    tokio::select! {
        _ = connection.as_mut() => {}
        () = stop.cancelled() => {
            graceful(connection.as_mut());
            let _ = connection.await;
        }
    }
}

async fn serve_tls(
    stream: TcpStream,
    peer: SocketAddr,
    router: Router,
    tls: &Tls,
    limits: Limits,
    stop: CancellationToken,
) {
    let stream =
        match tokio::time::timeout(limits.handshake_timeout, tls.acceptor.accept(stream)).await {
            Ok(Ok(stream)) => stream,
            // Scanners, old clients and port probes: nothing worth more than a debug line.
            Ok(Err(e)) => {
                tracing::debug!(peer = %peer, error = %e, "TLS handshake failed");
                return;
            }
            Err(_) => {
                tracing::debug!(peer = %peer, "TLS handshake timed out");
                return;
            }
        };
    let h2 = stream.get_ref().1.alpn_protocol() == Some(b"h2");
    if h2 {
        serve_http2(stream, peer, router, stop).await;
    } else {
        serve_http1(stream, peer, router, limits, stop).await;
    }
}
