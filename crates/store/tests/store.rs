//! Store tests, each on SQLite and PostgreSQL: the queries mean the same on both, and the
//! guarantees that need the database (atomic counters, single use, exclusive claims) hold
//! under concurrency.

use std::future::Future as _;
use std::sync::Arc;

use domain::network::{DeviceNetworks, TrustedNetworks};
use domain::page::{Cursor, Limit};
use domain::push::Outcome;
use domain::throttle::Rule;
use domain::{
    DeviceId, Email, InvitationId, MembershipKind, MethodId, MethodKind, OrgId, Role, SecretToken,
    UserId,
};
use store::devices::NewDevice;
use store::mfa::NewPending;
use store::orgs::{MemberFilter, Membership};
use store::outbox::NewEmail;
use store::{Store, StoreError};
use testkit::{Backend, TestDb};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

const T0: OffsetDateTime = datetime!(2026-01-01 00:00 UTC);

struct Fixture {
    store: Store,
    _db: TestDb,
    _dir: tempfile::TempDir,
}

async fn open(backend: Backend) -> Fixture {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let db = TestDb::create(backend, dir.path()).await;
    let store = Store::connect(&db.url, 8)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    store.migrate().await.unwrap_or_else(|e| panic!("{e}"));
    // Migrating twice is harmless (every start does it).
    store.migrate().await.unwrap_or_else(|e| panic!("{e}"));
    Fixture {
        store,
        _db: db,
        _dir: dir,
    }
}

macro_rules! both {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn sqlite() { super::$name(super::open(testkit::Backend::Sqlite).await).await }
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn postgres() { super::$name(super::open(testkit::Backend::Postgres).await).await }
        }
    )*};
}

both!(
    a_duplicate_email_is_a_named_conflict,
    concurrent_failures_are_all_counted,
    failure_windows_restart_after_they_expire,
    an_invitation_is_accepted_once_under_concurrency,
    outbox_messages_are_claimed_by_one_worker_at_a_time,
    member_pages_are_keyset_ordered,
    a_rolled_back_transaction_leaves_nothing,
    a_transaction_cancelled_mid_statement_rolls_back_and_the_next_writer_goes_on,
    a_totp_step_is_accepted_once_under_concurrency,
    a_recovery_code_works_once_under_concurrency,
    devices_are_found_only_for_their_account_until_they_expire,
    pending_methods_are_not_listed_and_pinning_unpins_the_others,
    several_counters_are_read_in_the_order_asked,
    policies_round_trip_and_come_with_the_memberships,
    compliance_follows_each_members_methods,
    reminders_go_once_per_window_and_deadline_reminders_once_per_stage,
    an_announcement_is_taken_once,
    a_webauthn_ceremony_is_taken_once_before_it_expires,
    an_sms_code_is_replaced_taken_once_and_void_after_its_tries,
    sms_history_counts_by_number_account_and_purpose,
    a_push_device_enrolls_once_and_a_challenge_is_answered_and_used_once,
);

/// Locks an account in `tx`, as every writer of its methods must.
async fn locked(tx: &mut store::Tx, id: &UserId) -> store::accounts::AccountLock {
    store::accounts::lock(tx, id)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("no account {id}"))
}

// An organization's powers over members (issue 13): management, sending limits, alerts.
#[path = "store_parts/org_powers.rs"]
mod org_powers;

// 2FA adoption day by day (issue 17).
#[path = "store_parts/adoption.rs"]
mod adoption;

// Sign-up that proves the address (issue 16).
#[path = "store_parts/signup.rs"]
mod signup;

// Sessions' last-seen times written in batches (issue 18).
#[path = "store_parts/sessions.rs"]
mod sessions;

// Apps that sign people in through twofold (issue 15).
#[path = "store_parts/clients.rs"]
mod clients;
// What apps were granted: codes and refresh tokens used once, families revoked together.
#[path = "store_parts/oidc.rs"]
mod oidc;
// Passkey sign-in's challenges, each answered once (issue 19).
#[path = "store_parts/passkeys.rs"]
mod passkeys;

async fn account(store: &Store, email: &str) -> UserId {
    let id = UserId::generate();
    let email = Email::parse(email).unwrap_or_else(|e| panic!("{e}"));
    let mut tx = store.begin().await.unwrap_or_else(|e| panic!("{e}"));
    store::accounts::insert(&mut tx, &id, &email, "x", "$argon2id$…", T0)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    tx.commit().await.unwrap_or_else(|e| panic!("{e}"));
    id
}

async fn a_duplicate_email_is_a_named_conflict(f: Fixture) {
    account(&f.store, "ann@example.org").await;
    let mut tx = f.store.begin().await.unwrap_or_else(|e| panic!("{e}"));
    let email = Email::parse("ann@example.org").unwrap_or_else(|e| panic!("{e}"));
    let err = store::accounts::insert(&mut tx, &UserId::generate(), &email, "y", "h", T0)
        .await
        .err()
        .unwrap_or_else(|| panic!("a duplicate email must fail"));
    assert!(
        err.is_conflict_on("account_email_key", "account.email"),
        "{err:?}"
    );
}

async fn concurrent_failures_are_all_counted(f: Fixture) {
    let store = Arc::new(f.store);
    let mut tasks = Vec::new();
    for i in 0..20 {
        let store = Arc::clone(&store);
        tasks.push(tokio::spawn(async move {
            let now = T0 + Duration::milliseconds(i);
            let mut tx = store.begin().await?;
            store::throttle::record_failure(&mut tx, "k", now, Rule::SOURCE.reset_before(now))
                .await?;
            tx.commit().await?;
            Ok::<_, StoreError>(())
        }));
    }
    for t in tasks {
        t.await
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let mut c = store.read().await.unwrap_or_else(|e| panic!("{e}"));
    let counter = store::throttle::get(&mut c, "k")
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("no counter"));
    assert_eq!(counter.failures, 20);
    // The window starts at whichever failure got in first.
    assert!(counter.window_start >= T0 && counter.window_start < T0 + Duration::milliseconds(20));
}

async fn failure_windows_restart_after_they_expire(f: Fixture) {
    let mut c = f.store.read().await.unwrap_or_else(|e| panic!("{e}"));
    for _ in 0..3 {
        store::throttle::record_failure(&mut c, "k", T0, Rule::SOURCE.reset_before(T0))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let later = T0 + Duration::minutes(11);
    let c2 = store::throttle::record_failure(&mut c, "k", later, Rule::SOURCE.reset_before(later))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((c2.failures, c2.window_start), (1, later));
    store::throttle::clear(&mut c, "k")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        store::throttle::get(&mut c, "k")
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .is_none()
    );
}

async fn an_invitation_is_accepted_once_under_concurrency(f: Fixture) {
    let owner = account(&f.store, "owner@example.org").await;
    let org = OrgId::generate();
    let id = InvitationId::generate();
    let token = SecretToken::generate().unwrap_or_else(|e| panic!("{e}"));
    let email = Email::parse("bob@example.org").unwrap_or_else(|e| panic!("{e}"));
    {
        let mut tx = f.store.begin().await.unwrap_or_else(|e| panic!("{e}"));
        store::orgs::insert(&mut tx, &org, "Acme", T0)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        store::invitations::insert(
            &mut tx,
            &store::invitations::NewInvitation {
                id: &id,
                org_id: &org,
                token_hash: &token.hash(),
                join_hash: &SecretToken::generate()
                    .unwrap_or_else(|e| panic!("{e}"))
                    .hash(),
                email: &email,
                role: Role::Admin,
                kind: MembershipKind::External,
                invited_by: &owner,
                manage_account: false,
                created_at: T0,
                expires_at: T0 + Duration::days(7),
            },
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
        tx.commit().await.unwrap_or_else(|e| panic!("{e}"));
    }
    let found = {
        let mut c = f.store.read().await.unwrap_or_else(|e| panic!("{e}"));
        store::invitations::find_by_token(&mut c, &token.hash())
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|| panic!("not found"))
    };
    assert_eq!(
        (found.role, found.kind, found.org_name.as_str()),
        (Role::Admin, MembershipKind::External, "Acme")
    );

    let store = Arc::new(f.store);
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let (store, id, owner) = (Arc::clone(&store), id.clone(), owner.clone());
        tasks.push(tokio::spawn(async move {
            let mut tx = store.begin().await?;
            let won = store::invitations::mark_accepted(&mut tx, &id, &owner, T0).await?;
            tx.commit().await?;
            Ok::<_, StoreError>(won)
        }));
    }
    let mut wins = 0;
    for t in tasks {
        if t.await
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|e| panic!("{e}"))
        {
            wins += 1;
        }
    }
    assert_eq!(wins, 1, "exactly one acceptance wins");
}

async fn outbox_messages_are_claimed_by_one_worker_at_a_time(f: Fixture) {
    {
        let mut tx = f.store.begin().await.unwrap_or_else(|e| panic!("{e}"));
        for i in 0..30 {
            let id = format!("m{i:02}");
            store::outbox::enqueue_email(
                &mut tx,
                &NewEmail {
                    id: &id,
                    recipient: "a@example.org",
                    subject: "s",
                    body: "b",
                },
                T0,
            )
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        }
        tx.commit().await.unwrap_or_else(|e| panic!("{e}"));
    }
    let store = Arc::new(f.store);
    let mut tasks = Vec::new();
    for _ in 0..4 {
        let store = Arc::clone(&store);
        tasks.push(tokio::spawn(async move {
            let mut tx = store.begin().await?;
            let batch = store::outbox::claim_due(&mut tx, T0, Duration::minutes(2), 10).await?;
            tx.commit().await?;
            Ok::<_, StoreError>(batch.into_iter().map(|m| m.id).collect::<Vec<_>>())
        }));
    }
    let mut claimed = Vec::new();
    for t in tasks {
        claimed.extend(
            t.await
                .unwrap_or_else(|e| panic!("{e}"))
                .unwrap_or_else(|e| panic!("{e}")),
        );
    }
    let mut unique = claimed.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        unique.len(),
        claimed.len(),
        "a message was claimed twice: {claimed:?}"
    );
    assert!(claimed.len() <= 30 && claimed.len() >= 10);

    // A claimed message comes back when its lease runs out (the worker died)...
    let mut c = store.read().await.unwrap_or_else(|e| panic!("{e}"));
    let again =
        store::outbox::claim_due(&mut c, T0 + Duration::minutes(3), Duration::minutes(2), 100)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again.len(), 30);
    assert!(
        again
            .iter()
            .filter(|m| claimed.contains(&m.id))
            .all(|m| m.attempts == 2)
    );
    // ...and delivered or failed messages never do. Marks need the current lease: the claims
    // from the first round lost theirs to `again`.
    let msg = |id: &str| {
        again
            .iter()
            .find(|m| m.id == id)
            .cloned()
            .unwrap_or_else(|| panic!("{id} not claimed"))
    };
    let stale = store::outbox::OutboxMessage {
        locked_until: Some(0),
        ..msg("m00")
    };
    assert!(
        !store::outbox::mark_delivered(&mut c, &stale, T0)
            .await
            .unwrap_or_else(|e| panic!("{e}")),
        "a lost lease cannot mark"
    );
    assert!(
        store::outbox::mark_delivered(&mut c, &msg("m00"), T0)
            .await
            .unwrap_or_else(|e| panic!("{e}"))
    );
    assert!(
        store::outbox::mark_failed(&mut c, &msg("m01"), T0, "boom")
            .await
            .unwrap_or_else(|e| panic!("{e}"))
    );
    assert!(
        store::outbox::mark_retry(&mut c, &msg("m02"), T0 + Duration::hours(1), "later")
            .await
            .unwrap_or_else(|e| panic!("{e}"))
    );
    let pending = store::outbox::pending_count(&mut c)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(pending, 28);
    let third = store::outbox::claim_due(
        &mut c,
        T0 + Duration::minutes(10),
        Duration::minutes(2),
        100,
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    let ids: Vec<_> = third.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids.len(), 27);
    assert!(!ids.contains(&"m00") && !ids.contains(&"m01") && !ids.contains(&"m02"));
}

async fn member_pages_are_keyset_ordered(f: Fixture) {
    let org = OrgId::generate();
    {
        let mut tx = f.store.begin().await.unwrap_or_else(|e| panic!("{e}"));
        store::orgs::insert(&mut tx, &org, "Acme", T0)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        tx.commit().await.unwrap_or_else(|e| panic!("{e}"));
    }
    for (i, name) in ["c", "a", "e", "b", "d"].iter().enumerate() {
        let id = account(&f.store, &format!("{name}@example.org")).await;
        let mut tx = f.store.begin().await.unwrap_or_else(|e| panic!("{e}"));
        let role = if i == 0 { Role::Owner } else { Role::Member };
        store::orgs::insert_membership(
            &mut tx,
            &org,
            &id,
            Membership {
                role,
                kind: MembershipKind::Internal,
            },
            T0,
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
        tx.commit().await.unwrap_or_else(|e| panic!("{e}"));
    }
    let mut c = f.store.read().await.unwrap_or_else(|e| panic!("{e}"));
    let limit = Limit::parse(Some(2)).unwrap_or_else(|e| panic!("{e}"));
    let mut cursor: Option<Cursor> = None;
    let mut seen = Vec::new();
    loop {
        let mut page = store::orgs::list_members(
            &mut c,
            &org,
            &MemberFilter::default(),
            cursor.as_ref(),
            limit,
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
        let more = page.len() > 2;
        page.truncate(2);
        seen.extend(page.iter().map(|m| m.email.as_str().to_owned()));
        match (more, page.last()) {
            (true, Some(last)) => {
                cursor = Some(Cursor {
                    key: last.email.as_str().to_owned(),
                    id: last.user_id.as_str().to_owned(),
                });
            }
            _ => break,
        }
    }
    assert_eq!(
        seen,
        ["a", "b", "c", "d", "e"].map(|n| format!("{n}@example.org"))
    );
    assert_eq!(
        store::orgs::count_owners(&mut c, &org).await.unwrap_or(0),
        1
    );
    let counts = store::orgs::counts(&mut c, &org, 15)
        .await
        .unwrap_or_default();
    assert_eq!((counts.members, counts.mfa_enabled), (5, 0));
    let owners = MemberFilter {
        role: Some(Role::Owner),
        ..MemberFilter::default()
    };
    let only = store::orgs::list_members(&mut c, &org, &owners, None, limit)
        .await
        .unwrap_or_default();
    assert_eq!(only.len(), 1);
    assert_eq!(only[0].email.as_str(), "c@example.org");
}

/// A request dropped while its transaction's statement runs (a client gone, a deadline): the
/// statement was sent and still runs, yet nothing of the transaction stays, and the next
/// writer neither waits forever nor finds a transaction left open.
async fn a_transaction_cancelled_mid_statement_rolls_back_and_the_next_writer_goes_on(f: Fixture) {
    let ghost = Email::parse("cancelled@example.org").unwrap_or_else(|e| panic!("{e}"));
    for _ in 0..3 {
        let mut tx = f.store.begin().await.unwrap_or_else(|e| panic!("{e}"));
        let id = UserId::generate();
        let mut insert = Box::pin(store::accounts::insert(&mut tx, &id, &ghost, "g", "h", T0));
        // Polled once, so that the statement is on its way (it may even have answered), then
        // dropped with its transaction.
        let _ = std::future::poll_fn(|cx| std::task::Poll::Ready(insert.as_mut().poll(cx))).await;
        drop(insert);
        drop(tx);
    }
    if f.store.has_one_writer() {
        // Dropped where no runtime runs, so that its rollback cannot be spawned: the next
        // writer rolls it back before anything else.
        let mut tx = f.store.begin().await.unwrap_or_else(|e| panic!("{e}"));
        store::accounts::insert(&mut tx, &UserId::generate(), &ghost, "g", "h", T0)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let dropped = std::thread::spawn(move || drop(tx)).join();
        assert!(dropped.is_ok());
    }
    let mut tx = f.store.begin().await.unwrap_or_else(|e| panic!("{e}"));
    let kept = Email::parse("kept@example.org").unwrap_or_else(|e| panic!("{e}"));
    store::accounts::insert(&mut tx, &UserId::generate(), &kept, "g", "h", T0)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    tx.commit().await.unwrap_or_else(|e| panic!("{e}"));
    let mut c = f.store.read().await.unwrap_or_else(|e| panic!("{e}"));
    for (email, stays) in [(ghost, false), (kept, true)] {
        let found = store::accounts::find_by_email(&mut c, &email)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(found.is_some(), stays, "{email:?}");
    }
}

async fn a_rolled_back_transaction_leaves_nothing(f: Fixture) {
    {
        let mut tx = f.store.begin().await.unwrap_or_else(|e| panic!("{e}"));
        let email = Email::parse("ghost@example.org").unwrap_or_else(|e| panic!("{e}"));
        store::accounts::insert(&mut tx, &UserId::generate(), &email, "g", "h", T0)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        store::outbox::enqueue_email(
            &mut tx,
            &NewEmail {
                id: "x",
                recipient: "ghost@example.org",
                subject: "s",
                body: "b",
            },
            T0,
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
        // Dropped without commit.
    }
    let mut c = f.store.read().await.unwrap_or_else(|e| panic!("{e}"));
    let email = Email::parse("ghost@example.org").unwrap_or_else(|e| panic!("{e}"));
    assert!(
        store::accounts::find_by_email(&mut c, &email)
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .is_none()
    );
    assert_eq!(store::outbox::pending_count(&mut c).await.unwrap_or(-1), 0);
    assert!(f.store.ping().await);
}

async fn pending_totp(store: &Store, account: &UserId) -> MethodId {
    pending_of(store, account, MethodKind::Totp).await
}

/// Runs `n` copies of `f` at once, each in its own transaction; returns how many said `true`.
async fn race<F, Fut>(store: &Store, n: usize, f: F) -> usize
where
    F: Fn(store::Tx) -> Fut + Send + Sync + Clone + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let mut tasks = Vec::new();
    for _ in 0..n {
        let store = store.clone();
        let f = f.clone();
        tasks.push(tokio::spawn(async move {
            let tx = store.begin().await.unwrap_or_else(|e| panic!("{e}"));
            f(tx).await
        }));
    }
    let mut wins = 0;
    for t in tasks {
        wins += usize::from(t.await.unwrap_or_else(|e| panic!("{e}")));
    }
    wins
}

async fn a_totp_step_is_accepted_once_under_concurrency(f: Fixture) {
    let ann = account(&f.store, "ann@example.org").await;
    let id = pending_totp(&f.store, &ann).await;
    let mut tx = f.store.begin().await.unwrap_or_else(|e| panic!("{e}"));
    assert!(
        !store::mfa::accept_step(&mut tx, &id, 99, T0)
            .await
            .unwrap_or(true),
        "a pending method accepts no step"
    );
    assert!(
        store::mfa::confirm(&mut tx, &id, 100, T0)
            .await
            .unwrap_or(false)
    );
    assert!(
        !store::mfa::confirm(&mut tx, &id, 100, T0)
            .await
            .unwrap_or(true)
    );
    tx.commit().await.unwrap_or_else(|e| panic!("{e}"));

    let racer = id.clone();
    let wins = race(&f.store, 8, move |mut tx| {
        let id = racer.clone();
        async move {
            let ok = store::mfa::accept_step(&mut tx, &id, 101, T0)
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            tx.commit().await.unwrap_or_else(|e| panic!("{e}"));
            ok
        }
    })
    .await;
    assert_eq!(wins, 1, "one code, one winner");

    let mut tx = f.store.begin().await.unwrap_or_else(|e| panic!("{e}"));
    for (step, expected) in [(101, false), (100, false), (102, true), (102, false)] {
        let ok = store::mfa::accept_step(&mut tx, &id, step, T0)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(ok, expected, "step {step}");
    }
}

async fn a_recovery_code_works_once_under_concurrency(f: Fixture) {
    let ann = account(&f.store, "ann@example.org").await;
    let bob = account(&f.store, "bob@example.org").await;
    let hashes: Vec<String> = (0..3).map(|i| format!("hash-{i}")).collect();
    let mut tx = f.store.begin().await.unwrap_or_else(|e| panic!("{e}"));
    store::mfa::replace_recovery_codes(&mut tx, &ann, &hashes, T0)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    tx.commit().await.unwrap_or_else(|e| panic!("{e}"));

    let racer = ann.clone();
    let wins = race(&f.store, 8, move |mut tx| {
        let ann = racer.clone();
        async move {
            let ok = store::mfa::use_recovery_code(&mut tx, &ann, "hash-0", T0)
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            tx.commit().await.unwrap_or_else(|e| panic!("{e}"));
            ok
        }
    })
    .await;
    assert_eq!(wins, 1);

    let mut tx = f.store.begin().await.unwrap_or_else(|e| panic!("{e}"));
    let left = |n| move |r: Result<u32, StoreError>| assert_eq!(r.unwrap_or(99), n);
    left(2)(store::mfa::recovery_codes_left(&mut tx, &ann).await);
    assert!(
        !store::mfa::use_recovery_code(&mut tx, &bob, "hash-1", T0)
            .await
            .unwrap_or(true),
        "another account's code"
    );
    store::mfa::replace_recovery_codes(&mut tx, &ann, &["new".to_owned()], T0)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        !store::mfa::use_recovery_code(&mut tx, &ann, "hash-1", T0)
            .await
            .unwrap_or(true),
        "the old set is void"
    );
    left(1)(store::mfa::recovery_codes_left(&mut tx, &ann).await);
}

async fn devices_are_found_only_for_their_account_until_they_expire(f: Fixture) {
    let ann = account(&f.store, "ann@example.org").await;
    let bob = account(&f.store, "bob@example.org").await;
    let token = SecretToken::generate().unwrap_or_else(|e| panic!("{e}"));
    let id = DeviceId::generate();
    let mut tx = f.store.begin().await.unwrap_or_else(|e| panic!("{e}"));
    store::devices::insert(
        &mut tx,
        &NewDevice {
            id: &id,
            account_id: &ann,
            token_hash: &token.hash(),
            label: "Firefox",
            ip: Some("192.0.2.1"),
            networks: DeviceNetworks::Known,
            expires_at: T0 + Duration::days(30),
        },
        T0,
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    let found = |r: Result<Option<store::devices::Device>, StoreError>| {
        r.unwrap_or_else(|e| panic!("{e}")).map(|d| d.id)
    };
    let later = T0 + Duration::days(1);
    assert_eq!(
        found(store::devices::find(&mut tx, &bob, &token.hash(), later).await),
        None
    );
    assert_eq!(
        found(store::devices::find(&mut tx, &ann, &token.hash(), later).await),
        Some(id.clone())
    );
    // Found is not used: only a device that stood in is marked, with where from.
    let listed = store::devices::list(&mut tx, &ann, later)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].last_used_at, T0);
    assert_eq!(listed[0].networks, DeviceNetworks::Known);
    assert_eq!(listed[0].last_ip, None);
    store::devices::mark_used(&mut tx, &id, Some("192.0.2.9"), later)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    store::devices::mark_used(&mut tx, &id, None, later + Duration::hours(1))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let listed = store::devices::list(&mut tx, &ann, later)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(listed[0].last_used_at, later + Duration::hours(1));
    assert_eq!(
        listed[0].last_ip.as_deref(),
        Some("192.0.2.9"),
        "an unknown address keeps the last known"
    );
    // A refusal is news once per network, however the networks alternate.
    for (net, news) in [
        ("198.51.100.0/24", true),
        ("198.51.100.0/24", false),
        ("203.0.113.0/24", true),
        ("198.51.100.0/24", false),
        ("203.0.113.0/24", false),
    ] {
        let said = store::devices::note_refused(&mut tx, &id, net, later)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(said, news, "{net}");
    }
    let expired = T0 + Duration::days(30);
    assert_eq!(
        found(store::devices::find(&mut tx, &ann, &token.hash(), expired).await),
        None
    );
    assert_eq!(
        store::devices::delete_all(&mut tx, &ann).await.unwrap_or(0),
        1
    );
}

async fn pending_methods_are_not_listed_and_pinning_unpins_the_others(f: Fixture) {
    let ann = account(&f.store, "ann@example.org").await;
    let a = pending_totp(&f.store, &ann).await;
    let b = pending_totp(&f.store, &ann).await;
    let mut tx = f.store.begin().await.unwrap_or_else(|e| panic!("{e}"));
    let listed = |r: Result<Vec<store::mfa::Method>, StoreError>| -> Vec<(MethodId, bool)> {
        r.unwrap_or_else(|e| panic!("{e}"))
            .into_iter()
            .map(|m| (m.id, m.pinned))
            .collect()
    };
    assert!(listed(store::mfa::list_confirmed(&mut tx, &ann).await).is_empty());
    for id in [&a, &b] {
        assert!(
            store::mfa::confirm(&mut tx, id, 1, T0)
                .await
                .unwrap_or(false)
        );
    }
    assert!(
        store::mfa::pin_default(&mut tx, &ann, &a)
            .await
            .unwrap_or(false)
    );
    assert!(
        store::mfa::pin_default(&mut tx, &ann, &b)
            .await
            .unwrap_or(false)
    );
    assert_eq!(
        listed(store::mfa::list_confirmed(&mut tx, &ann).await),
        vec![(a.clone(), false), (b.clone(), true)]
    );
    let c = MethodId::generate();
    store::mfa::insert_pending(
        &mut tx,
        &NewPending {
            id: &c,
            account_id: &ann,
            kind: MethodKind::Totp,
            label: "old",
            secret: b"s",
            expires_at: T0,
        },
        T0,
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        store::mfa::delete_expired_pending(&mut tx, &ann, T0)
            .await
            .unwrap_or(0),
        1,
        "only the expired enrollment goes"
    );
    for i in 0..3 {
        let id = MethodId::generate();
        store::mfa::insert_pending(
            &mut tx,
            &NewPending {
                id: &id,
                account_id: &ann,
                kind: MethodKind::Totp,
                label: "again",
                secret: b"s",
                expires_at: T0 + Duration::hours(1),
            },
            T0 + Duration::seconds(i),
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    }
    assert_eq!(
        store::mfa::trim_pending(&mut tx, &ann, 1)
            .await
            .unwrap_or(0),
        2,
        "only the newest waiting enrollment stays"
    );
    assert_eq!(store::mfa::delete_all(&mut tx, &ann).await.unwrap_or(0), 2);
    assert!(listed(store::mfa::list_confirmed(&mut tx, &ann).await).is_empty());
}

async fn several_counters_are_read_in_the_order_asked(f: Fixture) {
    let mut tx = f.store.begin().await.unwrap_or_else(|e| panic!("{e}"));
    for _ in 0..3 {
        store::throttle::record_failure(&mut tx, "b", T0, T0 - Duration::days(1))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
    }
    store::throttle::record_failure(&mut tx, "c", T0, T0 - Duration::days(1))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let counts = |r: Result<Vec<domain::throttle::Counter>, StoreError>| -> Vec<u32> {
        r.unwrap_or_else(|e| panic!("{e}"))
            .iter()
            .map(|c| c.failures)
            .collect()
    };
    let later = T0 + Duration::minutes(1);
    assert_eq!(
        counts(store::throttle::lock_all(&mut tx, &["c", "missing", "b"], later).await),
        vec![1, 0, 3]
    );
    assert_eq!(
        counts(store::throttle::lock_all(&mut tx, &["b"], later).await),
        vec![3]
    );
    assert!(
        store::throttle::lock_all(&mut tx, &["a", "b", "c", "d"], later)
            .await
            .is_err()
    );
}

async fn policies_round_trip_and_come_with_the_memberships(f: Fixture) {
    let ann = account(&f.store, "ann@example.org").await;
    let org = OrgId::generate();
    let mut tx = f.store.begin().await.unwrap_or_else(|e| panic!("{e}"));
    store::orgs::insert(&mut tx, &org, "Acme", T0)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    store::orgs::insert_membership(
        &mut tx,
        &org,
        &ann,
        Membership {
            role: Role::Owner,
            kind: MembershipKind::Internal,
        },
        T0,
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    let get = |r: Result<domain::MfaPolicy, StoreError>| r.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        get(store::policies::get(&mut tx, &org).await),
        domain::MfaPolicy::default(),
        "an organization without a row has the default policy"
    );
    let strict = domain::MfaPolicy {
        enforced: true,
        enforce_from: Some(T0 + Duration::days(7)),
        require_all_enrolled: true,
        exempt_clients: vec![domain::ClientKind::Sync],
        allowed_methods: vec![MethodKind::Webauthn, MethodKind::Totp],
        allow_remembered_devices: false,
        remembered_device_days: 7,
        remembered_device_networks: DeviceNetworks::Known,
        trusted_networks: TrustedNetworks::parse(&[
            "203.0.113.0/24".to_owned(),
            "2001:db8::/48".to_owned(),
        ])
        .unwrap_or_else(|e| panic!("{e}")),
        new_member_days: 14,
        allow_app_passwords: false,
        auto_enforce: true,
        enforced_since: Some(T0),
    };
    for p in [&domain::MfaPolicy::default(), &strict] {
        store::policies::put(&mut tx, &org, p, false, Some(&ann), T0)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(&get(store::policies::get(&mut tx, &org).await), p);
    }
    let orgs = store::orgs::of_account(&mut tx, &ann)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(orgs.len(), 1);
    assert_eq!(orgs[0].policy, strict);
}

/// An organization "Acme" with members `emails` (the first is the owner), each with `methods`.
async fn org_with(store: &Store, members: &[(&str, &[MethodKind])]) -> (OrgId, Vec<UserId>) {
    let org = OrgId::generate();
    let mut ids = Vec::new();
    {
        let mut tx = store.begin().await.unwrap_or_else(|e| panic!("{e}"));
        store::orgs::insert(&mut tx, &org, "Acme", T0)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        tx.commit().await.unwrap_or_else(|e| panic!("{e}"));
    }
    for (i, (email, methods)) in members.iter().enumerate() {
        let id = account(store, email).await;
        let mut tx = store.begin().await.unwrap_or_else(|e| panic!("{e}"));
        // Half get their methods before joining, half after: both must end up on the membership.
        if i % 2 == 0 {
            let locked = locked(&mut tx, &id).await;
            store::accounts::set_mfa_methods(&mut tx, &locked, methods, T0)
                .await
                .unwrap_or_else(|e| panic!("{e}"));
        }
        store::orgs::insert_membership(
            &mut tx,
            &org,
            &id,
            Membership {
                role: if i == 0 { Role::Owner } else { Role::Member },
                kind: MembershipKind::Internal,
            },
            T0 + Duration::seconds(i64::try_from(i).unwrap_or(0)),
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
        if i % 2 == 1 {
            let locked = locked(&mut tx, &id).await;
            store::accounts::set_mfa_methods(&mut tx, &locked, methods, T0)
                .await
                .unwrap_or_else(|e| panic!("{e}"));
        }
        tx.commit().await.unwrap_or_else(|e| panic!("{e}"));
        ids.push(id);
    }
    (org, ids)
}

async fn compliance_follows_each_members_methods(f: Fixture) {
    use domain::method::kinds_to_mask;
    let (org, ids) = org_with(
        &f.store,
        &[
            ("a@example.org", &[MethodKind::Webauthn]),
            ("b@example.org", &[MethodKind::Totp]),
            ("c@example.org", &[]),
            ("d@example.org", &[MethodKind::Sms, MethodKind::Totp]),
            ("e@example.org", &[]),
        ],
    )
    .await;
    let all = kinds_to_mask(&MethodKind::ALL);
    let keys = kinds_to_mask(&[MethodKind::Webauthn]);
    let mut c = f.store.read().await.unwrap_or_else(|e| panic!("{e}"));
    let n = |r: Result<u64, StoreError>| r.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        n(store::policies::count_non_compliant(&mut c, &org, all).await),
        2
    );
    assert_eq!(
        n(store::policies::count_non_compliant(&mut c, &org, keys).await),
        4
    );
    let counts = store::orgs::counts(&mut c, &org, keys)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((counts.members, counts.mfa_enabled), (5, 1));
    let emails = |list: Vec<store::policies::NonCompliant>| {
        list.into_iter()
            .map(|m| m.email.as_str().to_owned())
            .collect::<Vec<_>>()
    };
    let missing = store::policies::non_compliant(&mut c, &org, all, 100)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(emails(missing), ["c@example.org", "e@example.org"]);
    let limit = Limit::parse(Some(50)).unwrap_or_else(|e| panic!("{e}"));
    let page = |mfa, allowed| MemberFilter {
        mfa_enabled: Some(mfa),
        allowed,
        ..MemberFilter::default()
    };
    let with_keys = store::orgs::list_members(&mut c, &org, &page(true, keys), None, limit)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(with_keys.len(), 1);
    assert_eq!(with_keys[0].methods, vec![MethodKind::Webauthn]);
    let without = store::orgs::list_members(&mut c, &org, &page(false, all), None, limit)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(without.len(), 2);
    drop(c);
    // Turning 2FA on and off shows in every membership at once.
    let mut tx = f.store.begin().await.unwrap_or_else(|e| panic!("{e}"));
    let third = locked(&mut tx, &ids[2]).await;
    store::accounts::set_mfa_methods(&mut tx, &third, &[MethodKind::Webauthn], T0)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let first = locked(&mut tx, &ids[0]).await;
    store::accounts::set_mfa_methods(&mut tx, &first, &[], T0)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        n(store::policies::count_non_compliant(&mut tx, &org, keys).await),
        4
    );
    let missing = store::policies::non_compliant(&mut tx, &org, all, 100)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(emails(missing), ["a@example.org", "e@example.org"]);
    // The head counts follow joins, leaves and method changes.
    assert!(
        store::orgs::delete_membership(&mut tx, &org, &ids[4])
            .await
            .unwrap_or(false)
    );
    let counts = store::orgs::counts(&mut tx, &org, all)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((counts.members, counts.mfa_enabled), (4, 3));
    assert_eq!(
        n(store::policies::count_non_compliant(&mut tx, &org, all).await),
        1
    );
    assert_eq!(
        n(store::policies::count_non_compliant(&mut tx, &org, keys).await),
        3
    );
}

fn outbox_to(dump: &str, who: &str) -> usize {
    dump.lines().filter(|row| row.contains(who)).count()
}

async fn reminders_go_once_per_window_and_deadline_reminders_once_per_stage(f: Fixture) {
    use domain::method::kinds_to_mask;
    use store::policies::{BulkEmail, DeadlineGroup, ReminderTarget};
    let (org, ids) = org_with(
        &f.store,
        &[
            ("owner@example.org", &[MethodKind::Totp]),
            ("x@example.org", &[]),
            ("y@example.org", &[]),
        ],
    )
    .await;
    let all = kinds_to_mask(&MethodKind::ALL);
    // One email per language: y reads French, x (no choice) English.
    let in_language = |locale, subject| BulkEmail {
        id_prefix: "reminder",
        locale,
        subject,
        body: "b",
    };
    let email = [
        in_language(domain::Locale::En, "subject-en"),
        in_language(domain::Locale::Fr, "subject-fr"),
    ];
    let mut tx = f.store.begin().await.unwrap_or_else(|e| panic!("{e}"));
    store::accounts::set_locale(&mut tx, &ids[2], Some(domain::Locale::Fr))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let remind = |now: OffsetDateTime, only| ReminderTarget {
        allowed: all,
        not_since: now - Duration::hours(24),
        only,
    };
    let n = |r: Result<u64, StoreError>| r.unwrap_or_else(|e| panic!("{e}"));
    let t1 = T0 + Duration::days(1);
    assert_eq!(
        n(
            store::policies::queue_reminders(&mut tx, &org, &remind(t1, Some(&ids[1])), &email, t1)
                .await
        ),
        1
    );
    assert_eq!(
        n(
            store::policies::queue_reminders(&mut tx, &org, &remind(t1, Some(&ids[0])), &email, t1)
                .await
        ),
        0,
        "has 2FA"
    );
    let t2 = t1 + Duration::hours(1);
    assert_eq!(
        n(store::policies::queue_reminders(&mut tx, &org, &remind(t2, None), &email, t2).await),
        1,
        "x was reminded an hour ago"
    );
    let t3 = t1 + Duration::hours(25);
    assert_eq!(
        n(store::policies::queue_reminders(&mut tx, &org, &remind(t3, None), &email, t3).await),
        2,
        "x was reminded 25 h ago, y 24 h ago: both out of the window"
    );
    let t4 = t2 + Duration::hours(25);
    assert_eq!(
        n(store::policies::queue_reminders(&mut tx, &org, &remind(t4, None), &email, t4).await),
        0,
        "both reminded an hour ago"
    );
    // Scheduled reminders: each stage once per deadline; a new deadline starts afresh.
    let group = DeadlineGroup::OrgDeadline {
        since: T0,
        new_member_period: false,
    };
    let deadline = T0 + Duration::days(10);
    async fn sched(
        tx: &mut store::Tx,
        org: &OrgId,
        group: DeadlineGroup<'_>,
        bit: i64,
        d: OffsetDateTime,
    ) -> u64 {
        let email = [
            BulkEmail {
                id_prefix: "deadline",
                locale: domain::Locale::En,
                subject: "deadline-en",
                body: "b",
            },
            BulkEmail {
                id_prefix: "deadline",
                locale: domain::Locale::Fr,
                subject: "deadline-fr",
                body: "b",
            },
        ];
        let all = domain::method::kinds_to_mask(&MethodKind::ALL);
        let now = T0 + Duration::days(3) + Duration::seconds(bit) + (d - T0);
        store::policies::queue_deadline_reminders(
            tx,
            org,
            all,
            group,
            d,
            bit,
            Some(&email[..]),
            now,
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"))
    }
    assert_eq!(sched(&mut tx, &org, group, 1, deadline).await, 2);
    assert_eq!(
        sched(&mut tx, &org, group, 1, deadline).await,
        0,
        "once per stage"
    );
    assert_eq!(
        sched(&mut tx, &org, group, 2, deadline).await,
        2,
        "the day-before stage is another"
    );
    assert_eq!(sched(&mut tx, &org, group, 2, deadline).await, 0);
    assert_eq!(
        sched(&mut tx, &org, group, 1, deadline + Duration::days(5)).await,
        2,
        "a new deadline"
    );
    tx.commit().await.unwrap_or_else(|e| panic!("{e}"));
    let dump = f._db.dump_table("outbox").await;
    assert_eq!(outbox_to(&dump, "x@example.org"), 2 + 3);
    assert_eq!(outbox_to(&dump, "owner@example.org"), 0);
    // Each member got every email once, in their language.
    let rows = |who: &str, subject: &str| {
        dump.lines()
            .filter(|r| r.contains(who) && r.contains(subject))
            .count()
    };
    assert_eq!(rows("x@example.org", "-en"), 2 + 3);
    assert_eq!(rows("x@example.org", "-fr"), 0);
    assert_eq!(
        rows("y@example.org", "-fr"),
        outbox_to(&dump, "y@example.org")
    );
    assert_eq!(rows("y@example.org", "-en"), 0);
}

async fn an_announcement_is_taken_once(f: Fixture) {
    let (org, ids) = org_with(&f.store, &[("owner@example.org", &[MethodKind::Totp])]).await;
    let policy = domain::MfaPolicy {
        enforced: true,
        enforced_since: Some(T0),
        ..domain::MfaPolicy::default()
    };
    let mut tx = f.store.begin().await.unwrap_or_else(|e| panic!("{e}"));
    store::policies::put(&mut tx, &org, &policy, true, Some(&ids[0]), T0)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    // Saving the policy again before the job ran keeps the announcement owed.
    store::policies::put(&mut tx, &org, &policy, false, Some(&ids[0]), T0)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    tx.commit().await.unwrap_or_else(|e| panic!("{e}"));
    let mut c = f.store.read().await.unwrap_or_else(|e| panic!("{e}"));
    let pending = store::policies::announcements_pending(&mut c)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(pending, vec![org.clone()]);
    drop(c);
    let store = Arc::new(f.store.clone());
    let takers = (0..4).map(|_| {
        let store = Arc::clone(&store);
        let org = org.clone();
        tokio::spawn(async move {
            let mut tx = store.begin().await.unwrap_or_else(|e| panic!("{e}"));
            let took = store::policies::take_announcement(&mut tx, &org)
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            tx.commit().await.unwrap_or_else(|e| panic!("{e}"));
            took
        })
    });
    let mut taken = 0;
    for t in takers {
        if t.await.unwrap_or(false) {
            taken += 1;
        }
    }
    assert_eq!(taken, 1);
}

async fn a_webauthn_ceremony_is_taken_once_before_it_expires(f: Fixture) {
    use store::webauthn::{NewCeremony, Purpose};
    let ann = account(&f.store, "ann@example.org").await;
    let bob = account(&f.store, "bob@example.org").await;
    let id = domain::CeremonyId::generate();
    let session = domain::SessionId::generate();
    let other_session = domain::SessionId::generate();
    let expires_at = T0 + Duration::minutes(5);
    let mut tx = f.store.begin().await.unwrap_or_else(|e| panic!("{e}"));
    store::webauthn::insert(
        &mut tx,
        &NewCeremony {
            id: &id,
            account_id: &ann,
            session_id: Some(&session),
            purpose: Purpose::Authenticate,
            label: "",
            state: "{\"challenge\":\"x\"}",
            expires_at,
        },
        T0,
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    let store_ref = &f.store;
    let take = |who: &UserId, from: &domain::SessionId, purpose, at| {
        let (id, who, from) = (id.clone(), who.clone(), from.clone());
        async move {
            let mut tx = store_ref.begin().await.unwrap_or_else(|e| panic!("{e}"));
            let got = store::webauthn::take(&mut tx, &id, &who, &from, purpose, at)
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            drop(tx);
            got
        }
    };
    tx.commit().await.unwrap_or_else(|e| panic!("{e}"));
    // Someone else's, another sign-in's, for another purpose, or expired: not taken (and
    // still there).
    assert!(
        take(&bob, &session, Purpose::Authenticate, T0)
            .await
            .is_none()
    );
    assert!(
        take(&ann, &other_session, Purpose::Authenticate, T0)
            .await
            .is_none()
    );
    assert!(take(&ann, &session, Purpose::Register, T0).await.is_none());
    assert!(
        take(&ann, &session, Purpose::Authenticate, expires_at)
            .await
            .is_none()
    );
    // Four answers at once: one takes it.
    let store = Arc::new(f.store.clone());
    let tasks = (0..4).map(|_| {
        let (store, id, ann, session) =
            (Arc::clone(&store), id.clone(), ann.clone(), session.clone());
        tokio::spawn(async move {
            let mut tx = store.begin().await.unwrap_or_else(|e| panic!("{e}"));
            let got =
                store::webauthn::take(&mut tx, &id, &ann, &session, Purpose::Authenticate, T0)
                    .await
                    .unwrap_or_else(|e| panic!("{e}"));
            tx.commit().await.unwrap_or_else(|e| panic!("{e}"));
            got
        })
    });
    let mut taken = Vec::new();
    for t in tasks {
        if let Ok(Some(got)) = t.await {
            taken.push(got);
        }
    }
    assert_eq!(taken.len(), 1);
    assert_eq!(taken[0].state, "{\"challenge\":\"x\"}");
    let mut c = f.store.write().await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        store::webauthn::delete_expired(&mut c, expires_at)
            .await
            .unwrap_or(99),
        0,
        "nothing left to sweep"
    );
}

async fn pending_of(store: &Store, account: &UserId, kind: MethodKind) -> MethodId {
    let id = MethodId::generate();
    let mut tx = store.begin().await.unwrap_or_else(|e| panic!("{e}"));
    store::mfa::insert_pending(
        &mut tx,
        &NewPending {
            id: &id,
            account_id: account,
            kind,
            label: "phone",
            secret: b"sealed",
            expires_at: T0 + Duration::minutes(15),
        },
        T0,
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    tx.commit().await.unwrap_or_else(|e| panic!("{e}"));
    id
}

async fn an_sms_code_is_replaced_taken_once_and_void_after_its_tries(f: Fixture) {
    use domain::SmsChallengeId;
    use store::sms::NewChallenge;
    let ann = account(&f.store, "ann@example.org").await;
    let method = pending_of(&f.store, &ann, MethodKind::Sms).await;
    let session = domain::SessionId::generate();
    let expires_at = T0 + Duration::minutes(5);
    let send = |id: SmsChallengeId, session: Option<domain::SessionId>| {
        let (store, ann, method) = (f.store.clone(), ann.clone(), method.clone());
        async move {
            let mut tx = store.begin().await.unwrap_or_else(|e| panic!("{e}"));
            store::sms::replace_challenge(
                &mut tx,
                &NewChallenge {
                    id: &id,
                    account_id: &ann,
                    method_id: &method,
                    session_id: session.as_ref(),
                    code_hash: &format!("hash-{id}"),
                    expires_at,
                },
                T0,
            )
            .await
            .unwrap_or_else(|e| panic!("{e}"));
            tx.commit().await.unwrap_or_else(|e| panic!("{e}"));
            id
        }
    };
    let live = |session: Option<domain::SessionId>| {
        let (store, ann) = (f.store.clone(), ann.clone());
        async move {
            let mut c = store.read().await.unwrap_or_else(|e| panic!("{e}"));
            store::sms::live(&mut c, &ann, session.as_ref(), None, T0)
                .await
                .unwrap_or_else(|e| panic!("{e}"))
        }
    };
    // A resend replaces the enrollment's code; a sign-in's codes are apart from it.
    send(SmsChallengeId::generate(), None).await;
    let second = send(SmsChallengeId::generate(), None).await;
    let signing_in = send(SmsChallengeId::generate(), Some(session.clone())).await;
    let waiting = live(None).await;
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].id, second);
    assert_eq!(waiting[0].code_hash, format!("hash-{second}"));
    assert_eq!(live(Some(session.clone())).await[0].id, signing_in);

    // Two wrong tries void a code allowed two.
    for left in [1, 0] {
        let mut tx = f.store.begin().await.unwrap_or_else(|e| panic!("{e}"));
        store::sms::record_wrong(&mut tx, std::slice::from_ref(&second), 2)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        tx.commit().await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(live(None).await.len(), left);
    }

    // Six requests with the right code at once: one takes it; none after it expired.
    let wins = race(&f.store, 6, {
        let id = signing_in.clone();
        move |mut tx| {
            let id = id.clone();
            async move {
                let ok = store::sms::take(&mut tx, &id, T0)
                    .await
                    .unwrap_or_else(|e| panic!("{e}"));
                tx.commit().await.unwrap_or_else(|e| panic!("{e}"));
                ok
            }
        }
    })
    .await;
    assert_eq!(wins, 1, "one code, one winner");
    let late = send(SmsChallengeId::generate(), Some(session)).await;
    let mut tx = f.store.begin().await.unwrap_or_else(|e| panic!("{e}"));
    assert!(
        !store::sms::take(&mut tx, &late, expires_at)
            .await
            .unwrap_or(true)
    );
    assert_eq!(
        store::sms::delete_expired(&mut tx, expires_at, T0)
            .await
            .unwrap_or(0),
        1,
        "the expired code is swept"
    );
}

async fn sms_history_counts_by_number_account_and_purpose(f: Fixture) {
    use domain::sms::Purpose;
    let ann = account(&f.store, "ann@example.org").await;
    let bob = account(&f.store, "bob@example.org").await;
    let mut tx = f.store.begin().await.unwrap_or_else(|e| panic!("{e}"));
    let sends = [
        (&ann, "n1", Purpose::Enroll, 0),
        (&ann, "n1", Purpose::SignIn, 10),
        (&ann, "n2", Purpose::SignIn, 20),
        (&bob, "n3", Purpose::Enroll, 30),
        // Older than the window asked for.
        (&bob, "n1", Purpose::Enroll, -120),
    ];
    for (i, (who, number, purpose, minutes)) in sends.iter().enumerate() {
        store::sms::record_send(
            &mut tx,
            &format!("s{i}"),
            number,
            who,
            *purpose,
            T0 + Duration::minutes(*minutes),
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    }
    let h = store::sms::history(&mut tx, "n1", &ann, T0 - Duration::minutes(60))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(h.number.count, 2);
    assert_eq!(h.number.oldest, Some(T0));
    assert_eq!(h.number.newest, Some(T0 + Duration::minutes(10)));
    assert_eq!(h.account.count, 3);
    assert_eq!(h.global.count, 4);
    assert_eq!(h.global_enrolling.count, 2);
    assert_eq!(h.global_enrolling.newest, Some(T0 + Duration::minutes(30)));
    let none = store::sms::history(&mut tx, "n9", &bob, T0 + Duration::minutes(40))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(none.number, domain::sms::Sent::default());
    assert_eq!(none.global.count, 0);
}

async fn a_push_device_enrolls_once_and_a_challenge_is_answered_and_used_once(f: Fixture) {
    use store::push::NewChallenge;
    let ann = account(&f.store, "ann@example.org").await;
    let bob = account(&f.store, "bob@example.org").await;
    let method = pending_of(&f.store, &ann, MethodKind::Push).await;
    let mut tx = f.store.begin().await.unwrap_or_else(|e| panic!("{e}"));
    store::push::insert_pending(
        &mut tx,
        &method,
        &ann,
        "code-hash",
        T0 + Duration::minutes(15),
        T0,
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        !store::push::is_enrolled(&mut tx, &method)
            .await
            .unwrap_or(true)
    );
    let late = store::push::enroll(
        &mut tx,
        "code-hash",
        "t0",
        "key",
        T0 + Duration::minutes(15),
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(late, None, "an expired code enrolls nothing");
    let enrolled = store::push::enroll(&mut tx, "code-hash", "token-hash", "key", T0)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(enrolled.map(|e| e.method_id), Some(method.clone()));
    let again = store::push::enroll(&mut tx, "code-hash", "other", "key2", T0)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again, None, "the code works once");
    let device = store::push::by_token(&mut tx, "token-hash")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(device.as_ref().map(|d| d.confirmed), Some(false));
    assert_eq!(device.map(|d| d.public_key), Some("key".to_owned()));

    let session = domain::SessionId::generate();
    fn hold<'a>(
        id: &'a domain::PushChallengeId,
        account_id: &'a UserId,
        session_id: &'a domain::SessionId,
    ) -> NewChallenge<'a> {
        NewChallenge {
            id,
            account_id,
            session_id,
            number: 42,
            choices: "17,42,88",
            ip: Some("192.0.2.1"),
            user_agent: None,
            place: Some("Zürich, CH"),
            expires_at: T0 + Duration::minutes(2),
        }
    }
    let first = domain::PushChallengeId::generate();
    let second = domain::PushChallengeId::generate();
    store::push::insert_challenge(&mut tx, &hold(&first, &ann, &session), T0)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    store::push::insert_challenge(&mut tx, &hold(&second, &ann, &session), T0)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let pending = store::push::pending_for(&mut tx, &ann, T0)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        pending.len(),
        1,
        "a new push replaces the sign-in's previous one"
    );
    assert_eq!(pending[0].id, second);
    assert_eq!(pending[0].choices, "17,42,88");
    assert_eq!(pending[0].place.as_deref(), Some("Zürich, CH"));
    assert!(
        store::push::pending_for(&mut tx, &bob, T0)
            .await
            .unwrap_or_default()
            .is_empty()
    );
    assert!(
        !store::push::answer(&mut tx, &bob, &second, Outcome::Approved, "x", None, T0)
            .await
            .unwrap_or(true),
        "another account cannot answer it"
    );
    let (count, reported) = store::push::recent(&mut tx, &ann, T0 - Duration::hours(1))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((count, reported), (2, None));
    tx.commit().await.unwrap_or_else(|e| panic!("{e}"));

    // Answered once under concurrency, then used once by its sign-in.
    let answer = {
        let (ann, id) = (ann.clone(), second.clone());
        move |mut tx: store::Tx| {
            let (ann, id) = (ann.clone(), id.clone());
            async move {
                let ok = store::push::answer(
                    &mut tx,
                    &ann,
                    &id,
                    Outcome::Approved,
                    "device",
                    Some(T0),
                    T0,
                )
                .await
                .unwrap_or_else(|e| panic!("{e}"));
                tx.commit().await.unwrap_or_else(|e| panic!("{e}"));
                ok
            }
        }
    };
    assert_eq!(race(&f.store, 6, answer).await, 1);
    let used = {
        let (ann, id, session) = (ann.clone(), second.clone(), session.clone());
        move |mut tx: store::Tx| {
            let (ann, id, session) = (ann.clone(), id.clone(), session.clone());
            async move {
                let got = store::push::take_approved(
                    &mut tx,
                    &ann,
                    &session,
                    &id,
                    T0 - Duration::minutes(2),
                )
                .await
                .unwrap_or_else(|e| panic!("{e}"));
                tx.commit().await.unwrap_or_else(|e| panic!("{e}"));
                got.is_some_and(|a| a.by == "device" && a.approver_verified_at == Some(T0))
            }
        }
    };
    assert_eq!(race(&f.store, 6, used).await, 1);
    let mut c = f.store.write().await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        store::push::delete_old(&mut c, T0 + Duration::days(2), T0)
            .await
            .unwrap_or(0),
        2,
        "old challenges are swept"
    );
}
