//! What apps are granted (issue 15), on both backends: a code and a refresh token are used
//! once even when two exchanges race, and revoking a grant ends its codes and tokens.

use domain::oidc::{AppKind, ClientType, RedirectUri, SigningAlg};
use domain::{ClientId, GrantId, SessionId};
use store::oidc::{Grant, Issue, Issued, NewCode, NewToken, Which};

use super::*;

both!(a_code_and_a_refresh_token_are_used_once_and_revocation_ends_the_family);

fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

async fn grant_of(f: &Fixture, account: &UserId) -> (Grant, OrgId) {
    let org = OrgId::generate();
    let client = ClientId::generate();
    let mut tx = ok(f.store.begin().await);
    ok(store::orgs::insert(&mut tx, &org, "Acme", T0).await);
    let redirect = [ok(RedirectUri::parse(
        "https://wiki.example.org/cb",
        AppKind::Web,
        "redirect_uris",
    ))];
    let app = store::clients::NewClient {
        id: &client,
        org_id: Some(&org),
        name: "Wiki",
        client_type: ClientType::Confidential,
        app_kind: AppKind::Web,
        secret_hash: Some("h"),
        redirect_uris: &redirect,
        post_logout_redirect_uris: &[],
        created_by: None,
        id_token_alg: SigningAlg::Es256,
        backchannel_logout_uri: None,
    };
    ok(store::clients::insert(&mut tx, &app, T0).await);
    let grant = Grant {
        id: GrantId::generate().to_string(),
        client_id: client,
        account_id: account.clone(),
        session_id: SessionId::generate(),
        scopes: "openid offline_access".into(),
        nonce: Some("n".into()),
        auth_time: T0,
        amr: "pwd otp mfa".into(),
        acr: "aal2".into(),
        mfa_verified_at: Some(T0),
        device_since: Some(T0),
        device_place: Some(domain::network::DevicePlace {
            home: false,
            from: "2001:db8::7".parse().ok(),
        }),
        created_at: T0,
    };
    ok(store::oidc::insert_grant(&mut tx, &grant).await);
    ok(tx.commit().await);
    (grant, org)
}

async fn a_code_and_a_refresh_token_are_used_once_and_revocation_ends_the_family(f: Fixture) {
    let ann = account(&f.store, "ann@example.org").await;
    let bob = account(&f.store, "bob@example.org").await;
    let (grant, org) = grant_of(&f, &ann).await;
    let code = ok(SecretToken::generate()).hash();
    let mut tx = ok(f.store.begin().await);
    let new = NewCode {
        hash: &code,
        grant_id: &grant.id,
        redirect_uri: "https://wiki.example.org/cb",
        code_challenge: None,
        expires_at: T0 + Duration::seconds(60),
    };
    ok(store::oidc::insert_code(&mut tx, &new).await);
    let (access, refresh) = (
        ok(SecretToken::generate()).hash(),
        ok(SecretToken::generate()).hash(),
    );
    let until = T0 + Duration::days(30);
    let first = Issue {
        grant_id: &grant.id,
        now: T0,
        access: NewToken {
            hash: &access,
            expires_at: T0 + Duration::hours(1),
        },
        refresh: Some(NewToken {
            hash: &refresh,
            expires_at: until,
        }),
        replaces: None,
    };
    assert_eq!(
        ok(store::oidc::issue_tokens(&mut tx, &first).await),
        Issued::Stored
    );
    ok(tx.commit().await);

    // Eight racing exchanges of one code: exactly one is its first use.
    let store = Arc::new(f.store.clone());
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let (store, code) = (Arc::clone(&store), code.clone());
        tasks.push(tokio::spawn(async move {
            let mut tx = ok(store.begin().await);
            let used = ok(store::oidc::use_code(&mut tx, &code, T0).await);
            ok(tx.commit().await);
            used.is_some_and(|c| c.first_use)
        }));
    }
    let mut firsts = 0;
    for t in tasks {
        firsts += usize::from(ok(t.await));
    }
    assert_eq!(firsts, 1, "one exchange wins the code");

    let mut c = ok(f.store.write().await);
    let found = ok(store::oidc::find_token(&mut c, &refresh, T0).await);
    assert!(
        found
            .as_ref()
            .is_some_and(|t| !t.used && t.grant.id == grant.id)
    );
    // Where the remembered browser signed in from comes back for the decision at each refresh.
    assert_eq!(found.and_then(|t| t.grant.device_place), grant.device_place);
    drop(c);

    // Eight racing refreshes, each on a connection of its own and in no transaction: one
    // stores its tokens, the seven others store nothing.
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let (store, refresh, grant_id) = (Arc::clone(&store), refresh.clone(), grant.id.clone());
        tasks.push(tokio::spawn(async move {
            let (access, next) = (
                ok(SecretToken::generate()).hash(),
                ok(SecretToken::generate()).hash(),
            );
            let rotate = Issue {
                grant_id: &grant_id,
                now: T0,
                access: NewToken {
                    hash: &access,
                    expires_at: T0 + Duration::hours(1),
                },
                refresh: Some(NewToken {
                    hash: &next,
                    expires_at: until,
                }),
                replaces: Some(&refresh),
            };
            let mut w = ok(store.write().await);
            let stored = ok(store::oidc::issue_tokens(&mut w, &rotate).await);
            let kept = ok(store::oidc::find_token(&mut w, &access, T0).await).is_some();
            assert_eq!(
                kept,
                stored == Issued::Stored,
                "tokens exist only when stored"
            );
            stored
        }));
    }
    let mut outcomes = Vec::new();
    for t in tasks {
        outcomes.push(ok(t.await));
    }
    let wins = outcomes.iter().filter(|o| **o == Issued::Stored).count();
    assert_eq!(wins, 1, "one refresh wins the token: {outcomes:?}");
    assert!(
        outcomes
            .iter()
            .all(|o| matches!(o, Issued::Stored | Issued::Replayed))
    );

    let mut c = ok(f.store.write().await);
    let found = ok(store::oidc::find_token(&mut c, &refresh, T0).await);
    assert!(found.is_some_and(|t| t.used && t.grant.id == grant.id));
    assert!(
        ok(store::oidc::find_token(&mut c, &refresh, until).await).is_none(),
        "expired"
    );

    // The member leaves: the organization's grants of theirs end, and with them the tokens.
    let revoked = ok(store::oidc::revoke(&mut c, Which::Member(&bob, &org), T0).await);
    assert!(revoked.is_empty(), "nothing of Bob's");
    let revoked = ok(store::oidc::revoke(&mut c, Which::Member(&ann, &org), T0).await);
    assert_eq!(revoked.len(), 1);
    assert_eq!(revoked[0].grant_id, grant.id);
    assert!(ok(store::oidc::find_token(&mut c, &refresh, T0).await).is_none());
    let (access, next) = (
        ok(SecretToken::generate()).hash(),
        ok(SecretToken::generate()).hash(),
    );
    let late = Issue {
        grant_id: &grant.id,
        now: T0,
        access: NewToken {
            hash: &access,
            expires_at: T0 + Duration::hours(1),
        },
        refresh: Some(NewToken {
            hash: &next,
            expires_at: until,
        }),
        replaces: None,
    };
    assert_eq!(
        ok(store::oidc::issue_tokens(&mut c, &late).await),
        Issued::GrantEnded,
        "a revoked grant gets no more tokens"
    );
    let again = ok(store::oidc::use_code(&mut c, &code, T0).await);
    assert!(
        again.is_some_and(|c| !c.first_use),
        "a revoked grant's code is no first use"
    );
    let twice = ok(store::oidc::revoke(&mut c, Which::Account(&ann), T0).await);
    assert!(twice.is_empty(), "revoked once");
    drop(c);
    // The server's background checkpoint (SQLite's log into the file) runs on both backends.
    ok(f.store.checkpoint().await);
}
