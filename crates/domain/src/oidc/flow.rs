//! The authorization request (OpenID Connect Core 1.0 §3.1.2) and what the provider does with
//! a browser that brings one: sign in, pass the second step, set up 2FA, be refused, or get a
//! code. Also the `acr`/`amr` an ID token tells (RFC 8176), from how the session really signed
//! in — never from what the app asked for.

use time::OffsetDateTime;

use super::{ClientType, CodeChallenge, Scopes};
use crate::method::StepKind;
use crate::{Aal, MethodKind};

/// The OAuth error codes an authorization or token request can end with (RFC 6749 §4.1.2.1,
/// §5.2; OpenID Connect Core §3.1.2.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OAuthError {
    InvalidRequest,
    UnsupportedResponseType,
    InvalidScope,
    AccessDenied,
    LoginRequired,
    InteractionRequired,
    InvalidClient,
    InvalidGrant,
    UnauthorizedClient,
    UnsupportedGrantType,
    InvalidToken,
}

impl OAuthError {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvalidRequest => "invalid_request",
            Self::UnsupportedResponseType => "unsupported_response_type",
            Self::InvalidScope => "invalid_scope",
            Self::AccessDenied => "access_denied",
            Self::LoginRequired => "login_required",
            Self::InteractionRequired => "interaction_required",
            Self::InvalidClient => "invalid_client",
            Self::InvalidGrant => "invalid_grant",
            Self::UnauthorizedClient => "unauthorized_client",
            Self::UnsupportedGrantType => "unsupported_grant_type",
            Self::InvalidToken => "invalid_token",
        }
    }
}

/// An OAuth error with the sentence that explains it to the app's developer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub error: OAuthError,
    pub description: &'static str,
}

const fn refused(error: OAuthError, description: &'static str) -> Refused {
    Refused { error, description }
}

/// The longest `state` or `nonce` kept: enough for any library's random value or signed state,
/// short enough that a request cannot fill the database.
pub const MAX_ECHO_LEN: usize = 1024;

/// The parameters of an authorization request once its client and redirect URI are known
/// good (errors from here on go back to the app).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthParams {
    pub scopes: Scopes,
    pub nonce: Option<String>,
    pub challenge: Option<CodeChallenge>,
    pub want: Want,
}

/// What the raw query carried, as strings.
#[derive(Debug, Clone, Copy, Default)]
pub struct RawParams<'a> {
    pub response_type: Option<&'a str>,
    pub scope: Option<&'a str>,
    pub nonce: Option<&'a str>,
    pub code_challenge: Option<&'a str>,
    pub code_challenge_method: Option<&'a str>,
    pub prompt: Option<&'a str>,
    pub max_age: Option<&'a str>,
    pub acr_values: Option<&'a str>,
    /// Set by twofold itself when it sends a `prompt=login` request through sign-in: the
    /// session must have signed in after this Unix time in milliseconds. A caller who forges it can only
    /// ask for a fresher sign-in or get the one it has, which the ID token's `auth_time` tells.
    pub login_after: Option<&'a str>,
}

impl AuthParams {
    /// # Errors
    /// The OAuth error to send back to the app's redirect URI.
    pub fn parse(raw: &RawParams<'_>, client_type: ClientType) -> Result<Self, Refused> {
        use OAuthError::{InvalidRequest, InvalidScope, UnsupportedResponseType};
        if raw.response_type != Some("code") {
            return Err(refused(
                UnsupportedResponseType,
                "only the authorization code flow (response_type=code) is supported",
            ));
        }
        let scopes = Scopes::parse(raw.scope.unwrap_or(""))
            .map_err(|_| refused(InvalidScope, "scope must include openid"))?;
        let nonce = nonce(raw.nonce)?;
        let challenge = match raw.code_challenge {
            Some(c) => Some(CodeChallenge::parse(c, raw.code_challenge_method).map_err(|_| {
                refused(
                    InvalidRequest,
                    "code_challenge must be 43 base64url characters with code_challenge_method=S256",
                )
            })?),
            None if client_type.requires_pkce() => {
                return Err(refused(
                    InvalidRequest,
                    "a public client must send a PKCE code_challenge (S256)",
                ));
            }
            None => None,
        };
        Ok(Self {
            scopes,
            nonce,
            challenge,
            want: Want::parse(raw)?,
        })
    }
}

/// The app's `nonce`, kept with the grant until the ID token carries it back.
///
/// # Errors
/// When it is too long to keep, or holds a control character: no library's nonce has one, and
/// PostgreSQL refuses a NUL in any text it stores.
pub fn nonce(raw: Option<&str>) -> Result<Option<String>, Refused> {
    match raw {
        Some(v) if v.len() > MAX_ECHO_LEN => Err(refused(
            OAuthError::InvalidRequest,
            "nonce is longer than 1024 characters",
        )),
        Some(v) if v.chars().any(char::is_control) => Err(refused(
            OAuthError::InvalidRequest,
            "nonce must not contain control characters",
        )),
        Some(v) => Ok(Some(v.to_owned())),
        None => Ok(None),
    }
}

/// What the request asks of the session (prompt, max_age, acr_values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Want {
    /// `prompt=none`: never show a page; answer an error instead.
    pub no_prompt: bool,
    /// `prompt=login` not yet honoured: sign in again first.
    pub login: bool,
    /// `max_age` in seconds.
    pub max_age: Option<i64>,
    /// `acr_values` names `aal2`: a second factor passed in this session.
    pub aal2: bool,
    /// The session must have signed in after this Unix time in milliseconds.
    pub login_after: Option<i64>,
}

impl Want {
    fn parse(raw: &RawParams<'_>) -> Result<Self, Refused> {
        let prompts: Vec<&str> = raw
            .prompt
            .unwrap_or("")
            .split(' ')
            .filter(|w| !w.is_empty())
            .collect();
        let no_prompt = prompts.contains(&"none");
        if no_prompt && prompts.len() > 1 {
            return Err(refused(
                OAuthError::InvalidRequest,
                "prompt=none cannot be combined with another prompt",
            ));
        }
        let number = |v: Option<&str>, what: &'static str| {
            v.map(|s| {
                s.parse::<i64>()
                    .ok()
                    .filter(|n| *n >= 0)
                    .ok_or(refused(OAuthError::InvalidRequest, what))
            })
            .transpose()
        };
        Ok(Self {
            no_prompt,
            login: prompts.contains(&"login"),
            max_age: number(raw.max_age, "max_age must be a number of seconds")?,
            aal2: raw
                .acr_values
                .is_some_and(|v| v.split(' ').any(|w| w == "aal2")),
            login_after: number(
                raw.login_after,
                "login_after must be a Unix time in milliseconds",
            )?,
        })
    }
}

/// The RFC 8176 method of a passed second step: a code from an app or a recovery code is a
/// one-time password, a security key a hardware-secured key, a push device's signature a
/// software-secured key.
fn amr(step: StepKind) -> &'static str {
    match step {
        StepKind::Method(MethodKind::Totp) | StepKind::RecoveryCode => "otp",
        StepKind::Method(MethodKind::Sms) => "sms",
        StepKind::Method(MethodKind::Webauthn) => "hwk",
        StepKind::Method(MethodKind::Push) => "swk",
        // Never reached: a passkey's sign-in has an `amr` of its own (see `assurance`).
        StepKind::Passkey => "hwk",
    }
}

/// The `amr` and `acr` of a session: `aal2` and `mfa` only when a second factor was passed in
/// it. A remembered browser skipped the second step, so it is `aal1` with `pwd`: step-up
/// never weakens, and an app asking `aal2` gets a factor asked for now.
///
/// A passkey signed in alone: a key held (`hwk`) unlocked by its holder (`user`: WebAuthn's
/// user verification, by PIN or biometrics, which the answer does not tell apart), two factors
/// and no password.
pub fn assurance(passed: Option<StepKind>) -> (Vec<&'static str>, Aal) {
    match passed {
        Some(StepKind::Passkey) => (vec!["hwk", "user", "mfa"], Aal::Aal2),
        Some(f) => (vec!["pwd", amr(f), "mfa"], Aal::Aal2),
        None => (vec!["pwd"], Aal::Aal1),
    }
}

/// A browser's session as the authorization endpoint sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seen {
    /// The password was right; the second step is still owed.
    pub pending: bool,
    pub access: Access,
    /// The person is a member of the app's organization (always true for an instance-wide
    /// app).
    pub member: bool,
    /// When the person last signed in (password or second factor).
    pub auth_time: OffsetDateTime,
    /// A second factor was passed in this session.
    pub aal2: bool,
    /// The account has at least one verified second factor.
    pub has_factor: bool,
}

/// The access decision, reduced to what authorization needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Allow,
    SecondFactorRequired,
    SetupRequired,
}

/// What to do with the browser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// Sign in (again); with `fresh_factor` a remembered browser may not skip the second step.
    SignIn {
        fresh_factor: bool,
    },
    SecondStep,
    /// Set up a second factor, then come back.
    Setup,
    /// Back to the app with this error.
    Refuse(OAuthError),
    /// Issue a code.
    Issue,
}

/// The one decision of the authorization endpoint.
pub fn next(want: &Want, seen: Option<&Seen>, now: OffsetDateTime) -> Next {
    let ask = |page: Next, error: OAuthError| {
        if want.no_prompt {
            Next::Refuse(error)
        } else {
            page
        }
    };
    let Some(s) = seen else {
        return ask(
            Next::SignIn {
                fresh_factor: want.aal2,
            },
            OAuthError::LoginRequired,
        );
    };
    let auth = s.auth_time.unix_timestamp();
    let auth_ms = i64::try_from(s.auth_time.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX);
    let stale = want.login
        || want.login_after.is_some_and(|t| auth_ms <= t)
        || want
            .max_age
            .is_some_and(|m| now.unix_timestamp() - auth > m);
    if stale {
        return ask(
            Next::SignIn {
                fresh_factor: want.aal2,
            },
            OAuthError::LoginRequired,
        );
    }
    if s.pending {
        return ask(Next::SecondStep, OAuthError::LoginRequired);
    }
    if !s.member {
        return Next::Refuse(OAuthError::AccessDenied);
    }
    match s.access {
        Access::SecondFactorRequired => {
            return ask(Next::SecondStep, OAuthError::InteractionRequired);
        }
        Access::SetupRequired => return ask(Next::Setup, OAuthError::InteractionRequired),
        Access::Allow => {}
    }
    if want.aal2 && !s.aal2 {
        let page = if s.has_factor {
            Next::SignIn { fresh_factor: true }
        } else {
            Next::Setup
        };
        return ask(page, OAuthError::InteractionRequired);
    }
    Next::Issue
}

#[cfg(test)]
mod tests;
