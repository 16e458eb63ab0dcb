//! Passkey sign-in (issue 19): a challenge is answered once, even by answers racing each other,
//! and its record of use is swept once it has expired.

use super::*;

both!(
    a_passkey_challenge_is_answered_once,
    a_passkey_is_offered_once_and_never_to_who_has_one,
    a_key_use_is_recorded_only_on_the_credential_as_it_was_read,
);

fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

async fn a_passkey_challenge_is_answered_once(f: Fixture) {
    let expires_at = T0 + Duration::minutes(5);
    let store = Arc::new(f.store.clone());
    let answers = (0..6).map(|_| {
        let store = Arc::clone(&store);
        tokio::spawn(async move {
            let mut tx = ok(store.begin().await);
            let first = ok(store::webauthn::use_sign_in_challenge(&mut tx, "c1", expires_at).await);
            ok(tx.commit().await);
            first
        })
    });
    let mut firsts = 0;
    for a in answers {
        if ok(a.await) {
            firsts += 1;
        }
    }
    assert_eq!(firsts, 1, "one answer takes the challenge");
    // Another challenge is its own.
    let mut tx = ok(f.store.begin().await);
    assert!(ok(store::webauthn::use_sign_in_challenge(
        &mut tx, "c2", expires_at
    )
    .await));
    ok(tx.commit().await);
    // The records stay until a while after the challenges expired; then both go.
    let mut c = ok(f.store.write().await);
    assert_eq!(ok(store::webauthn::delete_expired(&mut c, T0).await), 0);
    assert_eq!(
        ok(store::webauthn::delete_expired(&mut c, expires_at).await),
        0
    );
    let later = expires_at + store::webauthn::USED_KEPT_AFTER_EXPIRY;
    assert_eq!(ok(store::webauthn::delete_expired(&mut c, later).await), 2);
    drop(c);
    let mut tx = ok(f.store.begin().await);
    assert!(
        ok(store::webauthn::use_sign_in_challenge(&mut tx, "c1", expires_at).await),
        "swept, so recorded anew (it could no longer be answered anyway: it has expired)"
    );
}

async fn a_passkey_is_offered_once_and_never_to_who_has_one(f: Fixture) {
    let ann = account(&f.store, "ann@example.org").await;
    let ben = account(&f.store, "ben@example.org").await;
    let key = pending_of(&f.store, &ben, MethodKind::Webauthn).await;
    let mut tx = ok(f.store.begin().await);
    assert!(ok(store::accounts::offer_passkey(&mut tx, &ann, T0).await));
    assert!(
        !ok(store::accounts::offer_passkey(&mut tx, &ann, T0).await),
        "once"
    );
    // Ben has a passkey: nothing to offer.
    ok(store::mfa::confirm(&mut tx, &key, 0, T0).await);
    let flags = store::mfa::WebauthnFlags {
        passkey: true,
        ..store::mfa::WebauthnFlags::default()
    };
    ok(store::mfa::set_webauthn_flags(&mut tx, &key, flags).await);
    assert!(!ok(store::accounts::offer_passkey(&mut tx, &ben, T0).await));
    ok(tx.commit().await);
}

async fn a_key_use_is_recorded_only_on_the_credential_as_it_was_read(f: Fixture) {
    let ann = account(&f.store, "ann@example.org").await;
    // `pending_of` seals b"sealed".
    let key = pending_of(&f.store, &ann, MethodKind::Webauthn).await;
    let mut tx = ok(f.store.begin().await);
    ok(store::mfa::confirm(&mut tx, &key, 0, T0).await);
    let moved = store::mfa::KeyUse {
        id: &key,
        seen: b"sealed",
        sealed: Some(b"counter 1"),
        flags: Some(store::mfa::WebauthnFlags {
            passkey: true,
            backup_eligible: true,
            backed_up: true,
        }),
    };
    assert!(ok(store::mfa::record_key_use(&mut tx, &moved, T0).await));
    // A second use checked against the data as it was before the first: refused.
    assert!(!ok(store::mfa::record_key_use(&mut tx, &moved, T0).await));
    let stored = ok(store::mfa::list_confirmed(&mut tx, &ann).await);
    assert_eq!(stored[0].secret.as_deref(), Some(&b"counter 1"[..]));
    assert!(stored[0].webauthn.backup_eligible && stored[0].webauthn.backed_up);
    // Nothing to change but the time of use: kept as it was.
    let touched = store::mfa::KeyUse {
        id: &key,
        seen: b"counter 1",
        sealed: None,
        flags: None,
    };
    assert!(ok(store::mfa::record_key_use(&mut tx, &touched, T0).await));
    let stored = ok(store::mfa::list_confirmed(&mut tx, &ann).await);
    assert_eq!(stored[0].secret.as_deref(), Some(&b"counter 1"[..]));
    assert!(stored[0].webauthn.backed_up);
    // Removed meanwhile: refused.
    ok(store::mfa::delete(&mut tx, &ann, &key).await);
    assert!(!ok(store::mfa::record_key_use(&mut tx, &touched, T0).await));
    ok(tx.commit().await);
}
