//! Store rules behind an organization's powers over its members, on both backends: at most one
//! managing organization, only while a member; a reset's mark until a method is verified;
//! invitations counted by organization, inviter and address (replaced ones too), one pending
//! per address; one security alert per window, also under concurrency.

use super::*;

both!(
    an_account_has_at_most_one_managing_organization_and_only_while_a_member,
    a_reset_mark_stays_until_a_method_is_verified,
    invitations_are_counted_and_one_is_pending_per_address,
    a_security_alert_is_claimed_once_per_window,
);

fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

async fn new_org(store: &Store, name: &str) -> OrgId {
    let org = OrgId::generate();
    let mut tx = ok(store.begin().await);
    ok(store::orgs::insert(&mut tx, &org, name, T0).await);
    ok(tx.commit().await);
    org
}

async fn add(store: &Store, org: &OrgId, user: &UserId) {
    let mut tx = ok(store.begin().await);
    let m = Membership {
        role: Role::Member,
        kind: MembershipKind::Internal,
    };
    ok(store::orgs::insert_membership(&mut tx, org, user, m, T0).await);
    ok(tx.commit().await);
}

async fn manager(store: &Store, user: &UserId) -> Option<OrgId> {
    let mut c = ok(store.read().await);
    ok(store::managers::of_account(&mut c, user).await).map(|m| m.org_id)
}

async fn an_account_has_at_most_one_managing_organization_and_only_while_a_member(f: Fixture) {
    let bob = account(&f.store, "bob@example.org").await;
    let (a, b, c) = (
        new_org(&f.store, "A").await,
        new_org(&f.store, "B").await,
        new_org(&f.store, "C").await,
    );
    add(&f.store, &a, &bob).await;
    add(&f.store, &b, &bob).await;
    // Not a member of C: C cannot manage the account.
    {
        let mut tx = ok(f.store.begin().await);
        assert!(store::managers::grant(&mut tx, &bob, &c, T0).await.is_err());
    }
    // Six racing grants, for A and B: one wins, the others are a named conflict.
    let wins = race(&f.store, 6, {
        let (bob, a, b) = (bob.clone(), a.clone(), b.clone());
        move |mut tx| {
            let (bob, a, b) = (bob.clone(), a.clone(), b.clone());
            async move {
                let org = if rand_bit() { &a } else { &b };
                match store::managers::grant(&mut tx, &bob, org, T0).await {
                    Ok(()) => {
                        ok(tx.commit().await);
                        true
                    }
                    Err(e) => {
                        assert!(
                            e.is_conflict_on("account_manager_pkey", "account_manager.account_id"),
                            "{e:?}"
                        );
                        false
                    }
                }
            }
        }
    })
    .await;
    assert_eq!(wins, 1);
    let first = manager(&f.store, &bob)
        .await
        .unwrap_or_else(|| panic!("no manager"));
    let other = if first == a { b.clone() } else { a.clone() };
    {
        let mut c = ok(f.store.read().await);
        let orgs = ok(store::orgs::of_account(&mut c, &bob).await);
        let managing: Vec<&OrgId> = orgs
            .iter()
            .filter(|o| o.manages_account)
            .map(|o| &o.org.id)
            .collect();
        assert_eq!(managing, vec![&first]);
    }
    // Leaving ends it; then the other organization may manage the account.
    {
        let mut tx = ok(f.store.begin().await);
        assert!(ok(
            store::orgs::delete_membership(&mut tx, &first, &bob).await
        ));
        ok(tx.commit().await);
    }
    assert_eq!(manager(&f.store, &bob).await, None);
    let mut tx = ok(f.store.begin().await);
    ok(store::managers::grant(&mut tx, &bob, &other, T0).await);
    ok(tx.commit().await);
    assert_eq!(manager(&f.store, &bob).await, Some(other));
}

/// A coin toss without a random-number crate: the low bit of a fresh id's hash.
fn rand_bit() -> bool {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    OrgId::generate().as_str().hash(&mut h);
    h.finish() & 1 == 1
}

async fn a_reset_mark_stays_until_a_method_is_verified(f: Fixture) {
    let bob = account(&f.store, "bob@example.org").await;
    let due = |store: Store, bob: UserId| async move {
        let mut c = ok(store.read().await);
        ok(store::accounts::find_by_id(&mut c, &bob).await)
            .unwrap_or_else(|| panic!("no account"))
            .mfa_setup_due
    };
    assert!(!due(f.store.clone(), bob.clone()).await);
    let mut tx = ok(f.store.begin().await);
    ok(store::accounts::require_mfa_setup(&mut tx, &bob, T0).await);
    let lock = locked(&mut tx, &bob).await;
    ok(store::accounts::set_mfa_methods(&mut tx, &lock, &[], T0).await);
    ok(tx.commit().await);
    assert!(due(f.store.clone(), bob.clone()).await, "no method yet");
    let mut tx = ok(f.store.begin().await);
    let lock = locked(&mut tx, &bob).await;
    ok(store::accounts::set_mfa_methods(&mut tx, &lock, &[MethodKind::Totp], T0).await);
    ok(tx.commit().await);
    assert!(
        !due(f.store.clone(), bob.clone()).await,
        "settled by a method"
    );
}

async fn invite(
    store: &Store,
    org: &OrgId,
    by: &UserId,
    to: &Email,
    at: OffsetDateTime,
) -> Result<SecretToken, StoreError> {
    let token = SecretToken::generate().unwrap_or_else(|e| panic!("{e}"));
    let mut tx = store.begin().await?;
    store::invitations::insert(
        &mut tx,
        &store::invitations::NewInvitation {
            id: &InvitationId::generate(),
            org_id: org,
            token_hash: &token.hash(),
            join_hash: &SecretToken::generate()
                .unwrap_or_else(|e| panic!("{e}"))
                .hash(),
            email: to,
            role: Role::Member,
            kind: MembershipKind::Internal,
            invited_by: by,
            manage_account: true,
            created_at: at,
            expires_at: at + Duration::days(7),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(token)
}

async fn invitations_are_counted_and_one_is_pending_per_address(f: Fixture) {
    use store::invitations::Sent;
    let ann = account(&f.store, "ann@example.org").await;
    let (a, b) = (new_org(&f.store, "A").await, new_org(&f.store, "B").await);
    let x = ok(Email::parse("x@example.org"));
    let y = ok(Email::parse("y@example.org"));
    let minute = |n: i64| T0 + Duration::minutes(n);
    let first = ok(invite(&f.store, &a, &ann, &x, minute(0)).await);
    // A second pending invitation of one address to one organization is refused...
    let err = invite(&f.store, &a, &ann, &x, minute(1))
        .await
        .err()
        .unwrap_or_else(|| panic!("two pending invitations"));
    assert!(
        err.is_conflict_on("invitation_pending_key", "invitation.org_id"),
        "{err:?}"
    );
    // ...unless it replaces the first, whose link then stops working.
    {
        let mut tx = ok(f.store.begin().await);
        assert!(ok(store::invitations::replace_pending(
            &mut tx,
            &a,
            &x,
            minute(1)
        )
        .await));
        ok(tx.commit().await);
    }
    ok(invite(&f.store, &a, &ann, &x, minute(1)).await);
    ok(invite(&f.store, &b, &ann, &x, minute(2)).await);
    ok(invite(&f.store, &a, &ann, &y, minute(3)).await);
    let mut c = ok(f.store.read().await);
    let found = ok(store::invitations::find_by_token(&mut c, &first.hash()).await);
    assert!(found.is_none(), "a replaced invitation is not found");

    let since = T0 - Duration::hours(1);
    macro_rules! nth {
        ($who:expr, $n:expr) => {
            store::invitations::nth_newest_since(&mut c, $who, since, $n)
        };
    }
    // To x: three (the replaced one counts), the oldest at 0.
    assert_eq!(ok(nth!(Sent::To(&x), 3).await), Some(minute(0)));
    assert_eq!(ok(nth!(Sent::To(&x), 4).await), None);
    // From A: three; from Ann: four, the newest at 3.
    assert_eq!(ok(nth!(Sent::By(&a), 3).await), Some(minute(0)));
    assert_eq!(ok(nth!(Sent::By(&b), 2).await), None);
    assert_eq!(ok(nth!(Sent::From(&ann), 1).await), Some(minute(3)));
    assert_eq!(ok(nth!(Sent::From(&ann), 4).await), Some(minute(0)));
    // The window is open at its start: what was sent at its first instant has left it.
    let later = store::invitations::nth_newest_since(&mut c, Sent::To(&x), minute(0), 3).await;
    assert_eq!(ok(later), None);
}

async fn a_security_alert_is_claimed_once_per_window(f: Fixture) {
    let (org, ids) = org_with(
        &f.store,
        &[("ann@example.org", &[]), ("bob@example.org", &[])],
    )
    .await;
    let bob = ids[1].clone();
    let day = Duration::hours(24);
    let claim = |store: Store, org: OrgId, bob: UserId, at: OffsetDateTime| async move {
        let mut tx = ok(store.begin().await);
        let r = ok(store::orgs::claim_alert(&mut tx, &org, &bob, at - day, at).await);
        ok(tx.commit().await);
        r
    };
    // Six at once: one goes.
    let wins = race(&f.store, 6, {
        let (org, bob) = (org.clone(), bob.clone());
        move |mut tx| {
            let (org, bob) = (org.clone(), bob.clone());
            async move {
                let r = ok(store::orgs::claim_alert(&mut tx, &org, &bob, T0 - day, T0).await);
                ok(tx.commit().await);
                r.is_ok()
            }
        }
    })
    .await;
    assert_eq!(wins, 1);
    let s = f.store.clone();
    assert_eq!(
        claim(
            s.clone(),
            org.clone(),
            bob.clone(),
            T0 + Duration::hours(23)
        )
        .await,
        Err(T0)
    );
    assert_eq!(
        claim(s.clone(), org.clone(), bob.clone(), T0 + day).await,
        Ok(())
    );
}
