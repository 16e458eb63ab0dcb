use time::macros::datetime;

use super::*;

const NOW: OffsetDateTime = datetime!(2026-12-06 12:00 UTC);

fn refused(r: &RawParams<'_>, t: ClientType) -> OAuthError {
    match AuthParams::parse(r, t) {
        Err(e) => e.error,
        Ok(p) => panic!("accepted: {p:?}"),
    }
}

fn raw() -> RawParams<'static> {
    RawParams {
        response_type: Some("code"),
        scope: Some("openid email"),
        ..RawParams::default()
    }
}

fn seen() -> Seen {
    Seen {
        pending: false,
        access: Access::Allow,
        member: true,
        auth_time: NOW - time::Duration::minutes(10),
        aal2: true,
        has_factor: true,
    }
}

#[test]
fn a_public_client_must_send_a_challenge_and_only_code_is_a_response_type() {
    assert_eq!(
        refused(&raw(), ClientType::Public),
        OAuthError::InvalidRequest
    );
    assert!(AuthParams::parse(&raw(), ClientType::Confidential).is_ok());
    let token = RawParams {
        response_type: Some("token"),
        ..raw()
    };
    assert_eq!(
        refused(&token, ClientType::Confidential),
        OAuthError::UnsupportedResponseType
    );
    let plain = RawParams {
        code_challenge: Some("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"),
        code_challenge_method: Some("plain"),
        ..raw()
    };
    assert!(AuthParams::parse(&plain, ClientType::Public).is_err());
    let no_openid = RawParams {
        scope: Some("email"),
        ..raw()
    };
    assert_eq!(
        refused(&no_openid, ClientType::Confidential),
        OAuthError::InvalidScope
    );
}

#[test]
fn a_nonce_is_kept_only_if_it_is_short_text() {
    let with = |nonce| RawParams {
        nonce: Some(nonce),
        ..raw()
    };
    let long = "n".repeat(MAX_ECHO_LEN + 1);
    for bad in ["n\0nce", "n\nonce", long.as_str()] {
        assert_eq!(
            refused(&with(bad), ClientType::Confidential),
            OAuthError::InvalidRequest,
            "{bad:?}"
        );
    }
    let kept = AuthParams::parse(&with("n0nce-é"), ClientType::Confidential);
    assert_eq!(kept.map(|p| p.nonce), Ok(Some("n0nce-é".to_owned())));
}

#[test]
fn prompt_none_mixed_with_another_is_refused_and_numbers_must_be_numbers() {
    let mixed = RawParams {
        prompt: Some("none login"),
        ..raw()
    };
    assert!(AuthParams::parse(&mixed, ClientType::Confidential).is_err());
    let age = RawParams {
        max_age: Some("-1"),
        ..raw()
    };
    assert!(AuthParams::parse(&age, ClientType::Confidential).is_err());
    let ok = RawParams {
        prompt: Some("login consent"),
        max_age: Some("300"),
        acr_values: Some("urn:x aal2"),
        ..raw()
    };
    let p = AuthParams::parse(&ok, ClientType::Confidential).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(p.want.login && p.want.aal2 && !p.want.no_prompt);
    assert_eq!(p.want.max_age, Some(300));
}

#[test]
fn signed_out_people_sign_in_unless_the_app_said_prompt_none() {
    let want = Want::default();
    assert_eq!(
        next(&want, None, NOW),
        Next::SignIn {
            fresh_factor: false
        }
    );
    let none = Want {
        no_prompt: true,
        ..want
    };
    assert_eq!(
        next(&none, None, NOW),
        Next::Refuse(OAuthError::LoginRequired)
    );
}

#[test]
fn prompt_login_and_max_age_ask_for_a_sign_in_newer_than_they_allow() {
    let s = seen();
    let login = Want {
        login: true,
        ..Want::default()
    };
    assert_eq!(
        next(&login, Some(&s), NOW),
        Next::SignIn {
            fresh_factor: false
        }
    );
    let ms = |t: OffsetDateTime| i64::try_from(t.unix_timestamp_nanos() / 1_000_000).unwrap_or(0);
    // `login_after` is in milliseconds: a sign-in at that very moment is not after it, one a
    // millisecond later is.
    let after = Want {
        login_after: Some(ms(NOW)),
        ..Want::default()
    };
    let sign_in = Next::SignIn {
        fresh_factor: false,
    };
    assert_eq!(next(&after, Some(&s), NOW), sign_in);
    let same_moment = Seen {
        auth_time: NOW,
        ..s
    };
    assert_eq!(next(&after, Some(&same_moment), NOW), sign_in);
    let fresh = Seen {
        auth_time: NOW + time::Duration::milliseconds(1),
        ..s
    };
    assert_eq!(next(&after, Some(&fresh), NOW), Next::Issue);
    let age = |m| Want {
        max_age: Some(m),
        ..Want::default()
    };
    assert_eq!(next(&age(600), Some(&s), NOW), Next::Issue);
    assert_eq!(
        next(&age(599), Some(&s), NOW),
        Next::SignIn {
            fresh_factor: false
        }
    );
}

#[test]
fn strangers_are_refused_and_stopped_members_set_up_2fa() {
    let want = Want::default();
    let stranger = Seen {
        member: false,
        ..seen()
    };
    assert_eq!(
        next(&want, Some(&stranger), NOW),
        Next::Refuse(OAuthError::AccessDenied)
    );
    let stopped = Seen {
        access: Access::SetupRequired,
        aal2: false,
        has_factor: false,
        ..seen()
    };
    assert_eq!(next(&want, Some(&stopped), NOW), Next::Setup);
    let none = Want {
        no_prompt: true,
        ..want
    };
    assert_eq!(
        next(&none, Some(&stopped), NOW),
        Next::Refuse(OAuthError::InteractionRequired)
    );
    let pending = Seen {
        pending: true,
        ..seen()
    };
    assert_eq!(next(&want, Some(&pending), NOW), Next::SecondStep);
}

#[test]
fn aal2_asks_a_factor_now_of_a_remembered_browser_and_a_setup_of_someone_without_one() {
    let want = Want {
        aal2: true,
        ..Want::default()
    };
    let remembered = Seen {
        aal2: false,
        ..seen()
    };
    assert_eq!(
        next(&want, Some(&remembered), NOW),
        Next::SignIn { fresh_factor: true }
    );
    let without = Seen {
        has_factor: false,
        ..remembered
    };
    assert_eq!(next(&want, Some(&without), NOW), Next::Setup);
    assert_eq!(next(&want, Some(&seen()), NOW), Next::Issue);
}

#[test]
fn the_id_token_tells_how_the_session_signed_in() {
    assert_eq!(assurance(None), (vec!["pwd"], Aal::Aal1));
    let key = Some(StepKind::Method(MethodKind::Webauthn));
    assert_eq!(assurance(key), (vec!["pwd", "hwk", "mfa"], Aal::Aal2));
    let code = StepKind::parse("recovery_code").ok();
    assert_eq!(assurance(code).0, vec!["pwd", "otp", "mfa"]);
    let push = Some(StepKind::Method(MethodKind::Push));
    assert_eq!(assurance(push).0, vec!["pwd", "swk", "mfa"]);
    assert_eq!(StepKind::parse("sms").map(StepKind::as_str), Ok("sms"));
    // A passkey alone: no password in it.
    let passkey = StepKind::from_stored("passkey").ok();
    assert_eq!(assurance(passkey), (vec!["hwk", "user", "mfa"], Aal::Aal2));
    assert!(
        StepKind::parse("passkey").is_err(),
        "no second step is answered as a passkey sign-in"
    );
}
