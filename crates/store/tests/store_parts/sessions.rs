//! Sessions' last-seen times written in batches (issue 18): forward only, across the statement
//! size, with the sessions found gone left out and those another transaction holds said busy.

use domain::session::{LifetimePolicy, SessionClock};
use domain::{Aal, ClientKind, SessionId, SessionState, TokenHash};

use super::*;

both!(touches_move_sessions_forward_and_name_those_found);

fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

async fn last_seen(store: &Store, hash: &TokenHash) -> Option<OffsetDateTime> {
    let mut c = ok(store.read().await);
    ok(store::sessions::find_by_token(&mut c, hash).await).map(|s| s.clock.last_seen_at)
}

async fn touches_move_sessions_forward_and_name_those_found(f: Fixture) {
    let ann = account(&f.store, "ann@example.org").await;
    // More than one statement's worth (500).
    let sessions: Vec<(SessionId, TokenHash)> = (0..620)
        .map(|i| {
            (
                SessionId::generate(),
                TokenHash::of(format!("t{i}").as_bytes()),
            )
        })
        .collect();
    let mut tx = ok(f.store.begin().await);
    for (id, hash) in &sessions {
        let new = store::sessions::NewSession {
            id,
            token_hash: hash,
            account_id: &ann,
            client: ClientKind::Web,
            state: SessionState::Active,
            aal: Aal::Aal1,
            remember: false,
            ip: None,
            user_agent: None,
            clock: SessionClock::start(T0, LifetimePolicy::default().transient),
            mfa_verified_at: None,
            device: None,
            passed: None,
        };
        ok(store::sessions::insert(&mut tx, &new).await);
    }
    ok(tx.commit().await);
    // The first is ended, and the second was touched later elsewhere than this batch says.
    let mut c = ok(f.store.write().await);
    assert!(ok(store::sessions::delete(&mut c, &sessions[0].0).await));
    let later = T0 + Duration::minutes(5);
    let earlier = T0 + Duration::minutes(2);
    let touched = ok(store::sessions::touch_many(&mut c, &[(sessions[1].0.clone(), later)]).await);
    assert_eq!(touched.done, vec![sessions[1].0.clone()]);
    let batch: Vec<(SessionId, OffsetDateTime)> = sessions
        .iter()
        .map(|(id, _)| (id.clone(), earlier))
        .collect();
    let touched = ok(store::sessions::touch_many(&mut c, &batch).await);
    drop(c);
    assert!(touched.busy.is_empty());
    let mut found = touched.done;
    found.sort();
    let mut expected: Vec<SessionId> = sessions[1..].iter().map(|(id, _)| id.clone()).collect();
    expected.sort();
    assert_eq!(found, expected, "every session but the ended one");
    assert_eq!(last_seen(&f.store, &sessions[0].1).await, None);
    assert_eq!(
        last_seen(&f.store, &sessions[1].1).await,
        Some(later),
        "never moved back"
    );
    for (_, hash) in [&sessions[3], &sessions[550], &sessions[619]] {
        assert_eq!(last_seen(&f.store, hash).await, Some(earlier));
    }
    let mut c = ok(f.store.write().await);
    let none = ok(store::sessions::touch_many(&mut c, &[]).await);
    assert!(none.done.is_empty() && none.busy.is_empty());
    drop(c);
    // On PostgreSQL a row another transaction holds (here: deleting it, not yet committed) is
    // skipped and said busy, without waiting. SQLite has one writer: nothing is ever busy.
    if !f.store.wants_checkpoints() {
        let mut holder = ok(f.store.begin().await);
        assert!(ok(
            store::sessions::delete(&mut holder, &sessions[2].0).await
        ));
        let mut c = ok(f.store.write().await);
        let pair = [
            (sessions[2].0.clone(), later),
            (sessions[3].0.clone(), later),
        ];
        let touched = ok(store::sessions::touch_many(&mut c, &pair).await);
        assert_eq!(touched.busy, vec![sessions[2].0.clone()]);
        assert_eq!(touched.done, vec![sessions[3].0.clone()]);
        drop(c);
        drop(holder); // rolled back
        assert_eq!(last_seen(&f.store, &sessions[2].1).await, Some(earlier));
    }
}
