//! Unverified accounts on both backends: a link proves the address once, only while the account
//! is young enough; the sweep and a new sign-up take away only unverified accounts.

use domain::{SecretToken, TokenHash};
use time::Duration;

use super::*;

both!(an_unverified_account_is_proved_once_or_given_up);

fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

async fn unverified(store: &Store, email: &str, at: time::OffsetDateTime) -> (UserId, TokenHash) {
    let (id, email) = (UserId::generate(), ok(Email::parse(email)));
    let hash = ok(SecretToken::generate()).hash();
    let mut tx = ok(store.begin().await);
    ok(store::accounts::insert_unverified(&mut tx, &id, &email, "x", "h", &hash, at).await);
    ok(tx.commit().await);
    (id, hash)
}

async fn an_unverified_account_is_proved_once_or_given_up(f: Fixture) {
    let (ann, ann_link) = unverified(&f.store, "ann@example.org", T0).await;
    let (bob, _) = unverified(&f.store, "bob@example.org", T0 + Duration::days(2)).await;
    let carol = account(&f.store, "carol@example.org").await;
    let mut tx = ok(f.store.begin().await);
    let read = ok(store::accounts::find_by_id(&mut tx, &ann).await);
    assert!(read.is_some_and(|a| !a.verified));
    assert!(ok(store::accounts::find_by_id(&mut tx, &carol).await).is_some_and(|a| a.verified));
    // Too old: the link no longer proves anything.
    let expired = ok(store::accounts::verify(&mut tx, &ann_link, T0, T0 + Duration::days(7)).await);
    assert!(expired.is_none());
    let proved = ok(store::accounts::verify(&mut tx, &ann_link, T0 - Duration::days(1), T0).await);
    assert_eq!(proved.map(|(id, _)| id), Some(ann.clone()));
    let again = ok(store::accounts::verify(&mut tx, &ann_link, T0 - Duration::days(1), T0).await);
    assert!(again.is_none(), "a link works once");
    // The sweep takes only unverified accounts older than the cutoff.
    let swept =
        ok(store::accounts::delete_unverified_before(&mut tx, T0 + Duration::days(3)).await);
    assert_eq!(swept, 1);
    assert!(ok(store::accounts::find_by_id(&mut tx, &bob).await).is_none());
    for kept in [&ann, &carol] {
        assert!(ok(store::accounts::find_by_id(&mut tx, kept).await).is_some());
    }
    // A new sign-up never takes a verified account's address.
    let carol_email = ok(Email::parse("carol@example.org"));
    assert!(ok(store::accounts::delete_unverified(&mut tx, &carol_email).await).is_none());
    ok(tx.commit().await);
}
