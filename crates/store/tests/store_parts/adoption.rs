//! 2FA adoption day by day on both backends: one statement writes every organization's day
//! from the tallies; a second write the same day replaces it; days read back in order.

use super::*;

both!(adoption_is_recorded_once_a_day_per_organization);

fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

async fn adoption_is_recorded_once_a_day_per_organization(f: Fixture) {
    let acme = OrgId::generate();
    let ann = account(&f.store, "ann@example.org").await;
    let bob = account(&f.store, "bob@example.org").await;
    let mut tx = ok(f.store.begin().await);
    ok(store::orgs::insert(&mut tx, &acme, "Acme", T0).await);
    for who in [&ann, &bob] {
        let m = Membership {
            role: Role::Member,
            kind: MembershipKind::Internal,
        };
        ok(store::orgs::insert_membership(&mut tx, &acme, who, m, T0).await);
    }
    assert_eq!(
        ok(store::adoption::record_day(&mut tx, "2026-12-01").await),
        1
    );
    let lock = locked(&mut tx, &ann).await;
    ok(store::accounts::set_mfa_methods(&mut tx, &lock, &[domain::MethodKind::Totp], T0).await);
    ok(store::adoption::record_day(&mut tx, "2026-12-02").await);
    // The same day again: replaced, not added.
    ok(store::adoption::record_day(&mut tx, "2026-12-02").await);
    ok(tx.commit().await);
    let mut tx = ok(f.store.begin().await);
    let days = ok(store::adoption::days(&mut tx, &acme, "2026-11-01").await);
    assert_eq!(
        days,
        vec![
            ("2026-12-01".to_owned(), 2, 0),
            ("2026-12-02".to_owned(), 2, 1)
        ]
    );
    let later = ok(store::adoption::days(&mut tx, &acme, "2026-12-02").await);
    assert_eq!(later.len(), 1);
}
