//! Apps (OpenID Connect clients) on both backends: what is registered reads back the same,
//! an organization lists only its own, and removes only its own.

use domain::oidc::{AppKind, ClientType, RedirectUri};

use super::*;

both!(an_app_reads_back_as_registered_and_only_its_organization_removes_it);

fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

async fn an_app_reads_back_as_registered_and_only_its_organization_removes_it(f: Fixture) {
    let (acme, other) = (OrgId::generate(), OrgId::generate());
    let mut tx = ok(f.store.begin().await);
    ok(store::orgs::insert(&mut tx, &acme, "Acme", T0).await);
    ok(store::orgs::insert(&mut tx, &other, "Other", T0).await);
    let redirect = [
        ok(RedirectUri::parse(
            "http://127.0.0.1/cb",
            AppKind::Native,
            "redirect_uris",
        )),
        ok(RedirectUri::parse(
            "org.example.app:/cb",
            AppKind::Native,
            "redirect_uris",
        )),
    ];
    let id = domain::ClientId::generate();
    let app = store::clients::NewClient {
        id: &id,
        org_id: Some(&acme),
        name: "Sync",
        client_type: ClientType::Public,
        app_kind: AppKind::Native,
        secret_hash: None,
        redirect_uris: &redirect,
        post_logout_redirect_uris: &[],
        created_by: None,
        id_token_alg: domain::oidc::SigningAlg::Es256,
        backchannel_logout_uri: None,
    };
    ok(store::clients::insert(&mut tx, &app, T0).await);
    ok(tx.commit().await);

    let mut c = ok(f.store.read().await);
    let listed = ok(store::clients::of_org(&mut c, &acme).await);
    assert_eq!(listed.len(), 1);
    let got = &listed[0];
    assert_eq!(got.id, id);
    assert_eq!(got.org_id.as_ref(), Some(&acme));
    assert_eq!(
        (got.client_type, got.app_kind),
        (ClientType::Public, AppKind::Native)
    );
    assert_eq!(got.redirect_uris, redirect);
    assert!(got.post_logout_redirect_uris.is_empty());
    assert_eq!(got.created_at, T0);
    assert!(ok(store::clients::of_org(&mut c, &other).await).is_empty());
    assert_eq!(ok(store::clients::count_of_org(&mut c, &acme).await), 1);
    drop(c);

    let mut tx = ok(f.store.begin().await);
    assert!(
        !ok(store::clients::delete(&mut tx, &other, &id).await),
        "not Other's app"
    );
    assert!(ok(store::clients::delete(&mut tx, &acme, &id).await));
    assert!(
        !ok(store::clients::delete(&mut tx, &acme, &id).await),
        "removed once"
    );
    ok(tx.commit().await);
}
