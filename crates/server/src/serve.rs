//! The accept loop: serves HTTP/1.1 connections with a deadline for each request's headers (so
//! also for idle keep-alive connections), a cap on connections served at once, and a graceful
//! shutdown. A slow or silent client holds one connection for at most the header timeout and
//! never holds back the others. It must not know about routes: it serves any router.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;
use tower_http::timeout::DeadlineBody;

use crate::config::HttpConfig;

/// Descriptors kept free beside the connections: database pool, files, the hashing pool's
/// channels, outgoing SMTP and SMS.
const RESERVED_FDS: u64 = 256;
/// How long open connections may finish their requests once shutdown begins.
const DRAIN: Duration = Duration::from_secs(30);

/// Raises the soft limit on open files to the hard limit and returns the number of connections
/// that fit under it: `wanted`, or fewer when the limit leaves less room.
pub fn connection_limit(wanted: usize) -> usize {
    let wanted = wanted.max(1);
    let fds = match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(n) => n,
        Err(e) => {
            tracing::warn!(error = %e, "cannot read or raise the open-files limit");
            return wanted;
        }
    };
    let room = usize::try_from(fds.saturating_sub(RESERVED_FDS).max(16)).unwrap_or(usize::MAX);
    if room < wanted {
        tracing::warn!(
            wanted,
            room,
            open_files = fds,
            "http.max_connections lowered to fit the open-files limit"
        );
    }
    wanted.min(room)
}

/// Serves `app` on `listener` until `shutdown` completes, then lets open requests finish (for
/// at most 30 seconds).
///
/// # Errors
/// Never at present; accept failures (such as running out of descriptors) are logged and
/// retried.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    http: &HttpConfig,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let slots = Arc::new(Semaphore::new(connection_limit(http.max_connections)));
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(http.header_timeout())
        .keep_alive(true);
    let body_timeout = http.body_timeout();
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        // A connection beyond the cap waits in the listen backlog until one ends.
        let slot = tokio::select! {
            slot = Arc::clone(&slots).acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // EMFILE and friends: wait for descriptors to come back instead of spinning.
                    tracing::warn!(error = %e, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let service = app
            .clone()
            .map_request(move |req: axum::http::Request<Incoming>| {
                // A body that trickles in is cut at the deadline (the handler then sees a
                // body error, answered 400), so it holds its connection only so long.
                let mut req = req.map(|body| DeadlineBody::new(body_timeout, body));
                req.extensions_mut()
                    .insert(ConnectInfo::<SocketAddr>(remote));
                req
            });
        let conn =
            builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                tracing::debug!(error = %e, %remote, "connection ended with an error");
            }
            drop(slot);
        });
    }
    drop(listener);
    if tokio::time::timeout(DRAIN, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("connections still open after the shutdown grace period");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_connection_cap_stays_below_the_open_files_limit() {
        let capped = super::connection_limit(usize::MAX);
        let (soft, _) = rlimit::getrlimit(rlimit::Resource::NOFILE).unwrap_or((0, 0));
        let capped = u64::try_from(capped).unwrap_or(u64::MAX);
        assert!(capped + super::RESERVED_FDS <= soft.max(16 + super::RESERVED_FDS));
        assert_eq!(super::connection_limit(100), 100);
    }
}
