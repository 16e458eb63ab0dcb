//! What the console says for an error a service gave, in the page's language. English reads
//! word for word as the error's `Display` (what the API's problem documents say), except for
//! failures on our side, which say nothing of their cause.

use domain::ValidationError;
use domain::error::Invalid;
use proto::orgs::OrgRef;

use super::{Arg, Tr, current};
use crate::error::AppError;

/// The sentence a page shows for `e`, in the request's language. A failure on our side is
/// logged here (the page is its rendering) and shown as a generic sentence.
pub fn error_text(e: &AppError) -> String {
    e.log_if_internal();
    text_in(current(), e)
}

/// `e` in the words of `tr`.
pub(crate) fn text_in(tr: Tr, e: &AppError) -> String {
    use AppError as E;
    match e {
        E::Validation(v) | E::WeakPassword(v) => validation(tr, v),
        E::BadRequest { detail, .. } => match detail.as_str() {
            "no such route" => tr.t("error-no-such-route"),
            "this route does not accept that method" => tr.t("error-method-not-allowed"),
            _ => tr.t1("error-bad-request", "detail", detail),
        },
        E::TooManyAttempts { retry_after } => {
            tr.with("error-too-many-attempts", &count("seconds", *retry_after))
        }
        E::Forbidden(why) => forbidden(tr, why),
        E::MfaSetupRequired(orgs) if orgs.is_empty() => tr.t("error-mfa-reset"),
        E::MfaSetupRequired(orgs) => {
            let [_, c] = count("orgs", orgs.len());
            let orgs = Arg::from(names(tr, orgs));
            tr.with("error-mfa-setup-required", &[("orgs", orgs), c])
        }
        E::NotFound(what) => not_found(tr, what),
        E::LastOwnerOf(orgs) => {
            let list: Vec<&str> = orgs.iter().map(|o| o.name.as_str()).collect();
            tr.t1("error-last-owner-of", "orgs", list.join(", "))
        }
        E::ReauthenticationRequired(minutes) => tr.with(
            "error-reauthentication-required",
            &count("minutes", *minutes),
        ),
        E::ConfirmationRequired(word) => tr.t1("error-confirmation-required", "word", word),
        E::MembersWithoutMfa { total, .. } => {
            tr.with("error-members-without-mfa", &count("total", *total))
        }
        E::WebauthnUnavailable(detail) => tr.t1("error-webauthn-unavailable", "detail", detail),
        E::WebauthnRejected(detail) => tr.t1("error-webauthn-rejected", "detail", detail),
        E::CountryNotAllowed(c) => tr.t2(
            "error-country-not-allowed",
            "country",
            &c.country,
            "allowed",
            &c.allowed,
        ),
        E::SmsPaused { retry_after } => {
            tr.with("error-sms-paused", &count("seconds", *retry_after))
        }
        E::RateLimited { what, retry_after } => {
            let [s, c] = count("seconds", *retry_after);
            let what = Arg::from(limit(tr, what));
            tr.with("error-rate-limited", &[("what", what), s, c])
        }
        E::Store(_) | E::Internal { .. } => tr.t("error-internal"),
        other => fixed(tr, other),
    }
}

/// A number as its digits (`$name`, as the API writes it: no grouping) and as a number
/// (`$count`, which chooses the plural form).
fn count(name: &'static str, n: impl TryInto<i64> + ToString) -> [(&'static str, Arg<'static>); 2] {
    let digits = n.to_string();
    let number = n.try_into().unwrap_or(i64::MAX);
    [(name, Arg::from(digits)), ("count", Arg::from(number))]
}

/// The errors whose sentence has no values.
fn fixed(tr: Tr, e: &AppError) -> String {
    use AppError as E;
    match e {
        E::EmailTaken => tr.t("error-email-taken"),
        E::InvalidCredentials => tr.t("error-invalid-credentials"),
        E::Unauthenticated => tr.t("error-unauthenticated"),
        E::CsrfFailed => tr.t("error-csrf-failed"),
        E::MfaRequired => tr.t("error-mfa-required"),
        E::AlreadyMember => tr.t("error-already-member"),
        E::LastOwner => tr.t("error-last-owner"),
        E::InvitationInvalid => tr.t("error-invitation-invalid"),
        E::PasswordResetInvalid => tr.t("error-password-reset-invalid"),
        E::EmailChangeInvalid => tr.t("error-email-change-invalid"),
        E::VerificationInvalid => tr.t("error-verification-invalid"),
        E::EmailUnverified => tr.t("error-email-unverified"),
        E::InvitationEmailMismatch => tr.t("error-invitation-email-mismatch"),
        E::SignUpDisabled => tr.t("error-sign-up-disabled"),
        E::InvalidCode => tr.t("error-invalid-code"),
        E::MfaRequiredByOrg => tr.t("error-mfa-required-by-org"),
        E::MfaNotEnabled => tr.t("error-mfa-not-enabled"),
        E::MfaRequiredToJoin => tr.t("error-mfa-required-to-join"),
        E::AppPasswordsNotAllowed => tr.t("error-app-passwords-not-allowed"),
        E::WebauthnCeremonyInvalid => tr.t("error-webauthn-ceremony-invalid"),
        E::PushChallengeInvalid => tr.t("error-push-challenge-invalid"),
        E::PushDenied => tr.t("error-push-denied"),
        E::InvalidSignature => tr.t("error-invalid-signature"),
        E::BasicAuthRequired => tr.t("error-basic-auth-required"),
        E::Overloaded => tr.t("error-overloaded"),
        E::Unavailable => tr.t("error-unavailable"),
        E::ManagementConsentRequired => tr.t("error-management-consent-required"),
        E::AlreadyManaged => tr.t("error-already-managed"),
        // The variants with values are said by `text_in`; nothing else reaches here.
        _ => tr.t("error-internal"),
    }
}

/// `"Acme"`, `"Acme" and "Beta"`, `"Acme", "Beta" and "Gamma"`.
fn names(tr: Tr, orgs: &[OrgRef]) -> String {
    let quoted: Vec<String> = orgs
        .iter()
        .map(|o| tr.t1("error-org-quoted", "name", &o.name))
        .collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => tr.t2("error-list-and", "rest", rest.join(", "), "last", last),
    }
}

/// What a service refuses (its English words are its id).
fn forbidden(tr: Tr, why: &str) -> String {
    match why {
        "only owners and administrators may manage the organization's apps" => {
            tr.t("error-forbidden-manage-apps")
        }
        "only owners, legal representatives and administrators may do this" => {
            tr.t("error-forbidden-managers-only")
        }
        "confirm this device first: type the code it shows on the security page" => {
            tr.t("error-forbidden-confirm-device")
        }
        "only a browser session that passed a second factor itself may approve sign-ins" => {
            tr.t("error-forbidden-approve-sign-ins")
        }
        "only owners may invite owners or legal representatives" => {
            tr.t("error-forbidden-invite-owners")
        }
        "your address is not proved yet: use the link in the invitation email" => {
            tr.t("error-forbidden-address-unproved")
        }
        "only owners may revoke invitations of owners or legal representatives" => {
            tr.t("error-forbidden-revoke-owner-invitations")
        }
        "only owners may grant or take away the owner and legal representative roles" => {
            tr.t("error-forbidden-owner-roles")
        }
        "only owners, legal representatives and administrators may remove members" => {
            tr.t("error-forbidden-remove-members")
        }
        "only owners may remove owners or legal representatives" => {
            tr.t("error-forbidden-remove-owners")
        }
        other => tr.t1("error-forbidden", "reason", other),
    }
}

/// `organization not found`, and the like.
fn not_found(tr: Tr, what: &str) -> String {
    match what {
        "account" => tr.t("error-not-found-account"),
        "app password" => tr.t("error-not-found-app-password"),
        "client" => tr.t("error-not-found-client"),
        "device" => tr.t("error-not-found-device"),
        "enrollment code" => tr.t("error-not-found-enrollment-code"),
        "invitation" => tr.t("error-not-found-invitation"),
        "member" => tr.t("error-not-found-member"),
        "method" => tr.t("error-not-found-method"),
        "organization" => tr.t("error-not-found-organization"),
        "page" => tr.t("error-not-found-page"),
        "pending enrollment" => tr.t("error-not-found-pending-enrollment"),
        "session" => tr.t("error-not-found-session"),
        "sign-in request" => tr.t("error-not-found-sign-in-request"),
        other => tr.t1("error-not-found", "what", other),
    }
}

/// What was sent too often (the first half of a rate limit's sentence).
fn limit(tr: Tr, what: &str) -> String {
    match what {
        "this organization sent too many invitations" => tr.t("error-limit-org-invitations"),
        "you sent too many invitations" => tr.t("error-limit-your-invitations"),
        "this address received too many invitations" => tr.t("error-limit-address-invitations"),
        "this member had a security alert from this organization recently" => {
            tr.t("error-limit-member-alert")
        }
        other => other.to_owned(),
    }
}

/// `email: must not be empty`, in `tr`'s words: the field's name and the reason.
fn validation(tr: Tr, v: &ValidationError) -> String {
    let num = |n: &dyn ToString| Arg::from(n.to_string());
    let (id, values): (&str, Vec<(&str, Arg<'_>)>) = match &v.why {
        Invalid::TooShort(m) => ("invalid-too-short", vec![("min", num(m))]),
        Invalid::TooLong(m) => ("invalid-too-long", vec![("max", num(m))]),
        Invalid::Chars(a, b) => ("invalid-chars", vec![("min", num(a)), ("max", num(b))]),
        Invalid::Between(a, b) => ("invalid-between", vec![("min", num(a)), ("max", num(b))]),
        Invalid::AtMost(m) => ("invalid-at-most", vec![("max", num(m))]),
        Invalid::TooManyApps(m) => ("invalid-too-many-apps", vec![("max", num(m))]),
        Invalid::TooManyMembers(m) => ("invalid-too-many-members", vec![("max", num(m))]),
        Invalid::OneOf(list) => ("invalid-one-of", vec![("list", Arg::from(*list))]),
        Invalid::Exactly(word) => ("invalid-exactly", vec![("word", Arg::from(*word))]),
        Invalid::Either(a, b) => (
            "invalid-either",
            vec![("first", Arg::from(*a)), ("second", Arg::from(*b))],
        ),
        Invalid::Address(detail) => (
            "invalid-address",
            vec![("detail", Arg::from(detail.as_str()))],
        ),
        Invalid::NotCidr(block) => (
            "invalid-not-cidr",
            vec![("block", Arg::from(block.as_str()))],
        ),
        Invalid::Other => (
            "invalid-other",
            vec![("reason", Arg::from(v.reason.as_str()))],
        ),
        plain => (plain_id(plain), Vec::new()),
    };
    let mut args = vec![("field", Arg::from(field(tr, v.field)))];
    args.extend(values);
    tr.with(id, &args)
}

/// The message of a reason without values.
fn plain_id(why: &Invalid) -> &'static str {
    match why {
        Invalid::Required => "invalid-required",
        Invalid::NetworkTooWide => "invalid-network-too-wide",
        Invalid::Empty => "invalid-empty",
        Invalid::AtLeastOne => "invalid-at-least-one",
        Invalid::ControlCharacters => "invalid-control-characters",
        Invalid::NotId => "invalid-not-id",
        Invalid::NotCursor => "invalid-not-cursor",
        Invalid::NotSessionState => "invalid-not-session-state",
        Invalid::NotChallengeId => "invalid-not-challenge-id",
        Invalid::AddressWithoutDot => "invalid-address-without-dot",
        Invalid::SameEmail => "invalid-same-email",
        Invalid::CommonPassword => "invalid-common-password",
        Invalid::RepeatedCharacter => "invalid-repeated-character",
        Invalid::PasswordIsEmail => "invalid-password-is-email",
        Invalid::UriTooLong => "invalid-uri-too-long",
        Invalid::UriSpaces => "invalid-uri-spaces",
        Invalid::UriNotAbsolute => "invalid-uri-not-absolute",
        Invalid::UriFragment => "invalid-uri-fragment",
        Invalid::UriUserInfo => "invalid-uri-user-info",
        Invalid::UriHttps => "invalid-uri-https",
        Invalid::UriScheme => "invalid-uri-scheme",
        Invalid::PublicHttps => "invalid-public-https",
        Invalid::CodeChallenge => "invalid-code-challenge",
        Invalid::ScopeOpenid => "invalid-scope-openid",
        Invalid::CountryCodes => "invalid-country-codes",
        Invalid::PhoneLength => "invalid-phone-length",
        Invalid::PhoneInternational => "invalid-phone-international",
        Invalid::NotPhone => "invalid-not-phone",
        Invalid::PhoneInvalid => "invalid-phone-invalid",
        Invalid::PhoneNoCountry => "invalid-phone-no-country",
        Invalid::PhoneMobile => "invalid-phone-mobile",
        Invalid::NumberRequired => "invalid-number-required",
        Invalid::NotMeWithDenial => "invalid-not-me-with-denial",
        Invalid::PublicKey => "invalid-public-key",
        Invalid::RecoveryCode => "invalid-recovery-code",
        Invalid::SmsCode => "invalid-sms-code",
        Invalid::TotpCode => "invalid-totp-code",
        Invalid::NoSuchMethod => "invalid-no-such-method",
        Invalid::TypeMismatch => "invalid-type-mismatch",
        Invalid::NotCredential => "invalid-not-credential",
        Invalid::NotAssertion => "invalid-not-assertion",
        Invalid::SignatureRequired => "invalid-signature-required",
        Invalid::NoApprover => "invalid-no-approver",
        Invalid::NotEnrolled => "invalid-not-enrolled",
        Invalid::MethodList => "invalid-method-list",
        Invalid::AtLeastOneMethod => "invalid-at-least-one-method",
        Invalid::UserIds => "invalid-user-ids",
        Invalid::DateLike => "invalid-date-like",
        Invalid::DateTime => "invalid-date-time",
        Invalid::Days => "invalid-days",
        // Reasons with values are said by `validation`.
        _ => "invalid-other",
    }
}

/// A field's name as a page says it (the API's name in English).
fn field(tr: Tr, name: &str) -> String {
    match name {
        "email" => tr.t("invalid-field-email"),
        "password" => tr.t("invalid-field-password"),
        "name" => tr.t("invalid-field-name"),
        "label" => tr.t("invalid-field-label"),
        "code" => tr.t("invalid-field-code"),
        "phone" => tr.t("invalid-field-phone"),
        "number" => tr.t("invalid-field-number"),
        "role" => tr.t("invalid-field-role"),
        "locale" => tr.t("invalid-field-locale"),
        "type" => tr.t("invalid-field-type"),
        "deadline" => tr.t("invalid-field-deadline"),
        "enforce_from" => tr.t("invalid-field-enforce-from"),
        "remembered_device_days" => tr.t("invalid-field-remembered-device-days"),
        "new_member_days" => tr.t("invalid-field-new-member-days"),
        "trusted_networks" => tr.t("invalid-field-trusted-networks"),
        "remembered_device_networks" => tr.t("invalid-field-remembered-device-networks"),
        "remember_device_networks" => tr.t("invalid-field-remember-device-networks"),
        "redirect_uris" => tr.t("invalid-field-redirect-uris"),
        "post_logout_redirect_uris" => tr.t("invalid-field-post-logout-redirect-uris"),
        "backchannel_logout_uri" => tr.t("invalid-field-backchannel-logout-uri"),
        "allowed_countries" => tr.t("invalid-field-allowed-countries"),
        "allowed_methods" => tr.t("invalid-field-allowed-methods"),
        "q" => tr.t("invalid-field-q"),
        other => other.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use domain::Locale;
    use proto::ErrorCode;

    use super::*;
    use crate::error::CountryRefused;

    fn org(name: &str) -> OrgRef {
        OrgRef {
            org_id: "o1".to_owned(),
            name: name.to_owned(),
        }
    }

    /// One of each variant (several for those whose sentence changes with their values), and
    /// whether it is a failure on our side.
    fn every_error() -> Vec<AppError> {
        use AppError as E;
        let v = |why| domain::ValidationError::because("password", why);
        vec![
            E::Validation(v(Invalid::TooShort(10))),
            E::WeakPassword(v(Invalid::CommonPassword)),
            E::BadRequest {
                code: ErrorCode::BadRequest,
                detail: "Failed to parse the request body".to_owned(),
            },
            E::BadRequest {
                code: ErrorCode::NotFound,
                detail: "no such route".to_owned(),
            },
            E::BadRequest {
                code: ErrorCode::MethodNotAllowed,
                detail: "this route does not accept that method".to_owned(),
            },
            E::EmailTaken,
            E::InvalidCredentials,
            E::TooManyAttempts { retry_after: 1 },
            E::TooManyAttempts { retry_after: 3600 },
            E::Unauthenticated,
            E::CsrfFailed,
            E::Forbidden("only owners may remove owners or legal representatives"),
            E::Forbidden("only owners and administrators may manage the organization's apps"),
            E::Forbidden("only owners, legal representatives and administrators may do this"),
            E::Forbidden("confirm this device first: type the code it shows on the security page"),
            E::Forbidden(
                "only a browser session that passed a second factor itself may approve sign-ins",
            ),
            E::Forbidden("only owners may invite owners or legal representatives"),
            E::Forbidden("your address is not proved yet: use the link in the invitation email"),
            E::Forbidden("only owners may revoke invitations of owners or legal representatives"),
            E::Forbidden(
                "only owners may grant or take away the owner and legal representative roles",
            ),
            E::Forbidden(
                "only owners, legal representatives and administrators may remove members",
            ),
            E::Forbidden("a reason nobody translated"),
            E::MfaRequired,
            E::MfaSetupRequired(Vec::new()),
            E::MfaSetupRequired(vec![org("Acme")]),
            E::MfaSetupRequired(vec![org("Acme"), org("Beta"), org("Gamma")]),
            E::NotFound("account"),
            E::NotFound("app password"),
            E::NotFound("client"),
            E::NotFound("device"),
            E::NotFound("enrollment code"),
            E::NotFound("invitation"),
            E::NotFound("member"),
            E::NotFound("method"),
            E::NotFound("organization"),
            E::NotFound("page"),
            E::NotFound("pending enrollment"),
            E::NotFound("session"),
            E::NotFound("sign-in request"),
            E::NotFound("gizmo"),
            E::AlreadyMember,
            E::LastOwner,
            E::LastOwnerOf(vec![org("Acme"), org("Beta")]),
            E::InvitationInvalid,
            E::PasswordResetInvalid,
            E::EmailChangeInvalid,
            E::VerificationInvalid,
            E::EmailUnverified,
            E::InvitationEmailMismatch,
            E::SignUpDisabled,
            E::InvalidCode,
            E::ReauthenticationRequired(5),
            E::MfaRequiredByOrg,
            E::MfaNotEnabled,
            E::MfaRequiredToJoin,
            E::ConfirmationRequired("ENFORCE"),
            E::MembersWithoutMfa {
                members: Vec::new(),
                total: 1234,
            },
            E::AppPasswordsNotAllowed,
            E::WebauthnUnavailable("no relying party".to_owned()),
            E::WebauthnCeremonyInvalid,
            E::WebauthnRejected("bad signature".to_owned()),
            E::CountryNotAllowed(CountryRefused {
                country: "US".to_owned(),
                allowed: "CH, FR, BE, DE".to_owned(),
            }),
            E::SmsPaused { retry_after: 1800 },
            E::PushChallengeInvalid,
            E::PushDenied,
            E::InvalidSignature,
            E::BasicAuthRequired,
            E::Overloaded,
            E::Unavailable,
            E::ManagementConsentRequired,
            E::AlreadyManaged,
            E::RateLimited {
                what: "this organization sent too many invitations",
                retry_after: 86_400,
            },
            E::RateLimited {
                what: "you sent too many invitations",
                retry_after: 60,
            },
            E::RateLimited {
                what: "this address received too many invitations",
                retry_after: 60,
            },
            E::RateLimited {
                what: "this member had a security alert from this organization recently",
                retry_after: 60,
            },
        ]
    }

    fn internal_errors() -> Vec<AppError> {
        vec![
            AppError::Store(store::StoreError::Corrupt("row 7 of secrets".to_owned())),
            AppError::internal_from("hashing a password", "argon2 exploded"),
            AppError::internal("a broken invariant"),
        ]
    }

    #[test]
    fn english_says_what_the_api_says_and_other_languages_translate_it() {
        let en = Tr::new(Locale::En);
        for e in every_error() {
            let english = text_in(en, &e);
            assert_eq!(english, e.to_string(), "{e:?}");
            assert_eq!(english, e.problem().detail, "{e:?}");
            for l in [Locale::Fr, Locale::De, Locale::It] {
                let said = text_in(Tr::new(l), &e);
                assert_ne!(said, english, "{l} does not translate {e:?}");
                assert!(
                    !said.contains("error-") && !said.contains("invalid-"),
                    "{l}: {said}"
                );
            }
        }
    }

    #[test]
    fn failures_on_our_side_never_say_why() {
        for e in internal_errors() {
            for l in Locale::ALL {
                let said = text_in(Tr::new(l), &e);
                assert_eq!(said, Tr::new(l).t("error-internal"));
                for secret in ["row 7", "argon2", "hashing", "invariant", "store"] {
                    assert!(!said.contains(secret), "{l}: {said}");
                }
            }
            assert_eq!(text_in(Tr::new(Locale::En), &e), e.problem().detail);
        }
    }

    #[test]
    fn french_reads_as_french() {
        let fr = Tr::new(Locale::Fr);
        let e = AppError::Validation(domain::ValidationError::because(
            "password",
            Invalid::TooShort(10),
        ));
        assert_eq!(
            text_in(fr, &e),
            "Mot de passe : doit contenir au moins 10 caractères"
        );
        assert_eq!(
            text_in(fr, &AppError::TooManyAttempts { retry_after: 1 }),
            "Trop de tentatives ; réessayez dans 1 seconde"
        );
        assert_eq!(
            text_in(fr, &AppError::TooManyAttempts { retry_after: 3600 }),
            "Trop de tentatives ; réessayez dans 3600 secondes"
        );
        let orgs = AppError::MfaSetupRequired(vec![org("Acme"), org("Beta"), org("Gamma")]);
        assert!(text_in(fr, &orgs).starts_with("« Acme », « Beta » et « Gamma » exigent"));
        assert_eq!(
            text_in(fr, &AppError::NotFound("organization")),
            "Organisation introuvable"
        );
    }

    /// Every reason, with a field we name and one we do not, in every language.
    #[test]
    fn every_reason_is_said_in_every_language() {
        let reasons = [
            Invalid::TooShort(10),
            Invalid::TooLong(254),
            Invalid::Chars(1, 64),
            Invalid::Between(1, 200),
            Invalid::AtMost(20),
            Invalid::TooManyApps(100),
            Invalid::TooManyMembers(1000),
            Invalid::OneOf("en, fr, de, it"),
            Invalid::Either("web", "native"),
            Invalid::Exactly("S256"),
            Invalid::Address("missing @".to_owned()),
        ];
        let all = reasons.into_iter().chain(Invalid::PLAIN);
        for why in all {
            for field in ["email", "client_id"] {
                let v = domain::ValidationError::because(field, why.clone());
                let english = validation(Tr::new(Locale::En), &v);
                assert_eq!(english, v.to_string());
                for l in [Locale::Fr, Locale::De, Locale::It] {
                    let said = validation(Tr::new(l), &v);
                    assert_ne!(said, english, "{l} does not translate {why:?}");
                    assert!(!said.contains("invalid-"), "{l}: {said}");
                }
            }
        }
        let free = domain::ValidationError::new("body", "Failed to deserialize");
        assert_eq!(
            validation(Tr::new(Locale::En), &free),
            "body: Failed to deserialize"
        );
        assert_eq!(
            validation(Tr::new(Locale::Fr), &free),
            "body : Failed to deserialize"
        );
    }

    #[test]
    fn every_field_we_name_is_named_in_every_language() {
        let fields = [
            "email",
            "password",
            "name",
            "label",
            "code",
            "phone",
            "number",
            "role",
            "locale",
            "type",
            "deadline",
            "enforce_from",
            "remembered_device_days",
            "new_member_days",
            "trusted_networks",
            "remembered_device_networks",
            "remember_device_networks",
            "redirect_uris",
            "post_logout_redirect_uris",
            "backchannel_logout_uri",
            "allowed_countries",
            "allowed_methods",
            "q",
        ];
        for f in fields {
            assert_eq!(field(Tr::new(Locale::En), f), f);
            for l in [Locale::Fr, Locale::De, Locale::It] {
                let said = field(Tr::new(l), f);
                assert_ne!(said, f, "{l} {f}");
                assert!(!said.starts_with("invalid-"), "{l} {f}");
            }
        }
    }
}
