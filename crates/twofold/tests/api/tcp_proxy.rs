//! A TCP proxy the tests run in-process, between the server and something it depends on
//! (PostgreSQL, an SMTP server), to make that dependency fail the way networks do: cut (every
//! connection dropped, new ones closed at once), stalled (connections accepted, nothing
//! forwarded) or slow (each connection held for a while before it is forwarded).

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Forward (after the delay, if any).
    Open,
    /// Accept and hold, forwarding nothing: a server that took the connection and hangs.
    Stalled,
    /// Close new connections at once: the other side is down.
    Cut,
}

struct Shared {
    mode: Mutex<(Mode, Duration)>,
    accepted: AtomicUsize,
    /// Bumped on every cut: live connections end when it changes.
    generation: watch::Sender<u64>,
}

pub struct TcpProxy {
    pub addr: SocketAddr,
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

impl TcpProxy {
    /// A proxy on a free loopback port forwarding to `upstream`.
    pub async fn start(upstream: SocketAddr, mode: Mode) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
        let shared = Arc::new(Shared {
            mode: Mutex::new((mode, Duration::ZERO)),
            accepted: AtomicUsize::new(0),
            generation: watch::channel(0).0,
        });
        let s = Arc::clone(&shared);
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                s.accepted.fetch_add(1, Ordering::SeqCst);
                let (mode, delay) = s
                    .mode
                    .lock()
                    .map(|m| *m)
                    .unwrap_or((Mode::Cut, Duration::ZERO));
                if mode == Mode::Cut {
                    continue; // dropped: closed at once
                }
                let mut cut = s.generation.subscribe();
                tokio::spawn(async move {
                    let forward = async move {
                        if mode == Mode::Stalled {
                            return std::future::pending::<()>().await;
                        }
                        tokio::time::sleep(delay).await;
                        let mut client = client;
                        if let Ok(mut up) = TcpStream::connect(upstream).await {
                            let _ = tokio::io::copy_bidirectional(&mut client, &mut up).await;
                        }
                    };
                    tokio::select! {
                        () = forward => {}
                        _ = cut.changed() => {}
                    }
                });
            }
        });
        Self { addr, shared, task }
    }

    fn set(&self, mode: Mode, delay: Duration) {
        if let Ok(mut m) = self.shared.mode.lock() {
            *m = (mode, delay);
        }
    }

    /// Drops every connection and closes new ones at once.
    pub fn cut(&self) {
        self.set(Mode::Cut, Duration::ZERO);
        self.shared.generation.send_modify(|g| *g += 1);
    }

    /// Forwards again.
    pub fn restore(&self) {
        self.set(Mode::Open, Duration::ZERO);
    }

    /// Forwards each new connection only after `delay`.
    pub fn slow(&self, delay: Duration) {
        self.set(Mode::Open, delay);
    }

    /// Connections accepted so far.
    pub fn accepted(&self) -> usize {
        self.shared.accepted.load(Ordering::SeqCst)
    }
}

impl Drop for TcpProxy {
    fn drop(&mut self) {
        self.task.abort();
        self.shared.generation.send_modify(|g| *g += 1);
    }
}
