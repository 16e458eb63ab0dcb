//! The server's one error type, mapped once to an RFC 9457 problem document, and every
//! conversion into it. A failure on our side keeps its cause: the log gets the whole chain once,
//! where the 500 is rendered; the body stays generic.

use std::borrow::Cow;
use std::error::Error as StdError;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::ValidationError;
use domain::phone::PhoneError;
use proto::{ErrorCode, Problem};

use crate::hashing::HashError;

/// Any error kept as the cause of an internal failure.
pub type BoxError = Box<dyn StdError + Send + Sync + 'static>;

/// Everything a request can fail with.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    Validation(ValidationError),
    #[error("{0}")]
    WeakPassword(ValidationError),
    #[error("{detail}")]
    BadRequest { code: ErrorCode, detail: String },
    #[error("an account with this email already exists")]
    EmailTaken,
    #[error("the email or password is wrong")]
    InvalidCredentials,
    #[error("too many attempts; retry in {retry_after} seconds")]
    TooManyAttempts { retry_after: u64 },
    #[error("sign in first")]
    Unauthenticated,
    #[error("this request needs a matching Origin header or the X-CSRF-Token header")]
    CsrfFailed,
    #[error("{0}")]
    Forbidden(&'static str),
    #[error("finish signing in with your second factor first")]
    MfaRequired,
    #[error("{}", setup_required(.0))]
    MfaSetupRequired(Vec<proto::orgs::OrgRef>),
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("this person is already a member of the organization")]
    AlreadyMember,
    #[error("an organization must keep at least one owner")]
    LastOwner,
    #[error("{}", last_owner_of(.0))]
    LastOwnerOf(Vec<proto::orgs::OrgRef>),
    #[error("this invitation does not exist, has expired or was already used")]
    InvitationInvalid,
    #[error("this password-reset link does not exist, has expired or was already used")]
    PasswordResetInvalid,
    #[error(
        "this confirmation link does not exist, has expired, was already used or is another account's"
    )]
    EmailChangeInvalid,
    #[error("this confirmation link does not exist, has expired or was already used")]
    VerificationInvalid,
    #[error("confirm your email address first: open the link emailed to you when you signed up")]
    EmailUnverified,
    #[error("this invitation was sent to another email address")]
    InvitationEmailMismatch,
    #[error("creating accounts is turned off on this server")]
    SignUpDisabled,
    #[error("the code is wrong, expired or already used")]
    InvalidCode,
    #[error(
        "confirm it's you: pass a second factor again (POST /api/v1/sessions/current/mfa) and retry within {0} minutes"
    )]
    ReauthenticationRequired(i64),
    #[error(
        "an organization you belong to requires two-factor authentication: keep at least one method it accepts"
    )]
    MfaRequiredByOrg,
    #[error("two-factor authentication is not set up on this account")]
    MfaNotEnabled,
    #[error(
        "this organization requires two-factor authentication: set up a second factor, then accept the invitation"
    )]
    MfaRequiredToJoin,
    #[error("type {0} in `confirm` to make this change")]
    ConfirmationRequired(&'static str),
    #[error(
        "strict mode: every member needs two-factor authentication before it can be enforced; {total} do not have it yet"
    )]
    MembersWithoutMfa {
        /// The first of them by email (the preview lists them all).
        members: Vec<proto::orgs::MemberWithoutMfa>,
        total: u64,
    },
    #[error("an organization you belong to does not allow app passwords")]
    AppPasswordsNotAllowed,
    #[error("security keys are not available on this server: {0}")]
    WebauthnUnavailable(String),
    #[error(
        "this security-key ceremony does not exist, has expired or was already used; start again"
    )]
    WebauthnCeremonyInvalid,
    #[error("the security key's answer was refused: {0}")]
    WebauthnRejected(String),
    #[error("{0}")]
    CountryNotAllowed(CountryRefused),
    #[error(
        "text messages are paused on this server for {retry_after} seconds (too many were sent this hour); use another method"
    )]
    SmsPaused { retry_after: u64 },
    #[error("this sign-in request was answered already, replaced by a newer one, or has expired")]
    PushChallengeInvalid,
    #[error("the sign-in was denied (or the wrong number was picked); sign in again")]
    PushDenied,
    #[error("the answer's signature does not verify with this device's key")]
    InvalidSignature,
    #[error("sign in with your email and an app password (HTTP Basic)")]
    BasicAuthRequired,
    #[error("the server is busy; retry shortly")]
    Overloaded,
    /// The database does not answer (an outage, a failover), or a request outlived its
    /// deadline. A change whose commit was cut off may or may not have been made.
    #[error("the service is temporarily unavailable; retry shortly")]
    Unavailable,
    #[error(
        "this invitation asks that the organization manage your account (it could reset your two-factor authentication): accept it with accept_management: true to consent"
    )]
    ManagementConsentRequired,
    #[error(
        "another organization already manages this account; leave it first, or accept without management"
    )]
    AlreadyManaged,
    #[error("{what}; retry in {retry_after} seconds")]
    RateLimited {
        what: &'static str,
        retry_after: u64,
    },
    /// The store failed in a way no caller can fix: not an outage (that is `Unavailable`), not a
    /// conflict a service turned into an answer.
    #[error("the store failed")]
    Store(#[source] store::StoreError),
    /// A failure on our side: `context` says what was being done, `source` (when there is one)
    /// why it failed.
    #[error("{context}")]
    Internal {
        context: Cow<'static, str>,
        #[source]
        source: Option<BoxError>,
    },
}

/// A valid phone number of a country SMS codes are not sent to, and the countries they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountryRefused {
    pub country: String,
    /// `CH, FR, BE, DE`.
    pub allowed: String,
}

impl std::fmt::Display for CountryRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let e = PhoneError::CountryNotAllowed {
            country: self.country.clone(),
            allowed: self.allowed.clone(),
        };
        write!(f, "{e}")
    }
}

/// Why a session must set up a second factor: the organizations that require it, or a reset of
/// the account's 2FA when none is named.
fn last_owner_of(orgs: &[proto::orgs::OrgRef]) -> String {
    let names: Vec<&str> = orgs.iter().map(|o| o.name.as_str()).collect();
    format!(
        "you are the last owner of {}: make someone else an owner (or delete the organization) first",
        names.join(", ")
    )
}

fn setup_required(orgs: &[proto::orgs::OrgRef]) -> String {
    if orgs.is_empty() {
        return "your two-factor authentication was reset: set up a new second factor first \
                (POST /api/v1/me/mfa/totp)"
            .to_owned();
    }
    format!(
        "{} require{} two-factor authentication: set it up first (POST /api/v1/me/mfa/totp), or leave",
        names(orgs),
        if orgs.len() == 1 { "s" } else { "" }
    )
}

/// "Acme", or "Acme and Beta", or "Acme, Beta and Gamma".
fn names(orgs: &[proto::orgs::OrgRef]) -> String {
    let quoted: Vec<String> = orgs.iter().map(|o| format!("\"{}\"", o.name)).collect();
    match quoted.split_last() {
        None => "an organization you belong to".to_owned(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

impl AppError {
    /// A failure on our side with no error behind it (a broken invariant, a missing row part).
    pub fn internal(context: impl Into<Cow<'static, str>>) -> Self {
        AppError::Internal {
            context: context.into(),
            source: None,
        }
    }

    /// A failure on our side caused by `source`, while doing `context`.
    pub fn internal_from(
        context: impl Into<Cow<'static, str>>,
        source: impl Into<BoxError>,
    ) -> Self {
        AppError::Internal {
            context: context.into(),
            source: Some(source.into()),
        }
    }

    /// Whether this is a failure on our side (a 500): its body is generic and its cause logged.
    pub(crate) fn is_internal(&self) -> bool {
        matches!(self, AppError::Store(_) | AppError::Internal { .. })
    }

    /// The HTTP status this error answers with.
    pub(crate) fn status(&self) -> StatusCode {
        self.status_and_code().0
    }

    /// Logs a failure on our side with its whole chain (each error is rendered once: as a
    /// problem or as a page, and the rendering logs it).
    pub(crate) fn log_if_internal(&self) {
        if self.is_internal() {
            tracing::error!(error = %chain(self), "request failed");
        }
    }

    fn status_and_code(&self) -> (StatusCode, ErrorCode) {
        use AppError as E;
        match self {
            E::Validation(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::ValidationFailed,
            ),
            E::WeakPassword(_) => (StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::WeakPassword),
            E::BadRequest { code, .. } => (
                match code {
                    ErrorCode::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
                    ErrorCode::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    ErrorCode::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
                    ErrorCode::NotFound => StatusCode::NOT_FOUND,
                    _ => StatusCode::BAD_REQUEST,
                },
                *code,
            ),
            E::EmailTaken => (StatusCode::CONFLICT, ErrorCode::EmailTaken),
            E::InvalidCredentials => (StatusCode::UNAUTHORIZED, ErrorCode::InvalidCredentials),
            E::TooManyAttempts { .. } => {
                (StatusCode::TOO_MANY_REQUESTS, ErrorCode::TooManyAttempts)
            }
            E::Unauthenticated => (StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated),
            E::CsrfFailed => (StatusCode::FORBIDDEN, ErrorCode::CsrfFailed),
            E::Forbidden(_) => (StatusCode::FORBIDDEN, ErrorCode::Forbidden),
            E::MfaRequired => (StatusCode::FORBIDDEN, ErrorCode::MfaRequired),
            E::MfaSetupRequired(_) => (StatusCode::FORBIDDEN, ErrorCode::MfaSetupRequired),
            E::NotFound(_) => (StatusCode::NOT_FOUND, ErrorCode::NotFound),
            E::AlreadyMember => (StatusCode::CONFLICT, ErrorCode::AlreadyMember),
            E::LastOwner | E::LastOwnerOf(_) => (StatusCode::CONFLICT, ErrorCode::LastOwner),
            E::InvitationInvalid => (StatusCode::NOT_FOUND, ErrorCode::InvitationInvalid),
            E::PasswordResetInvalid => (StatusCode::NOT_FOUND, ErrorCode::PasswordResetInvalid),
            E::EmailChangeInvalid => (StatusCode::NOT_FOUND, ErrorCode::EmailChangeInvalid),
            E::VerificationInvalid => (StatusCode::NOT_FOUND, ErrorCode::VerificationInvalid),
            E::EmailUnverified => (StatusCode::FORBIDDEN, ErrorCode::EmailUnverified),
            E::InvitationEmailMismatch => {
                (StatusCode::FORBIDDEN, ErrorCode::InvitationEmailMismatch)
            }
            E::SignUpDisabled => (StatusCode::FORBIDDEN, ErrorCode::SignUpDisabled),
            E::InvalidCode => (StatusCode::UNAUTHORIZED, ErrorCode::InvalidCode),
            E::ReauthenticationRequired(_) => {
                (StatusCode::FORBIDDEN, ErrorCode::ReauthenticationRequired)
            }
            E::MfaRequiredByOrg => (StatusCode::CONFLICT, ErrorCode::MfaRequiredByOrg),
            E::MfaNotEnabled => (StatusCode::CONFLICT, ErrorCode::MfaNotEnabled),
            E::BasicAuthRequired => (StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated),
            E::MfaRequiredToJoin => (StatusCode::FORBIDDEN, ErrorCode::MfaRequiredToJoin),
            E::ConfirmationRequired(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::ConfirmationRequired,
            ),
            E::MembersWithoutMfa { .. } => (StatusCode::CONFLICT, ErrorCode::MembersWithoutMfa),
            E::AppPasswordsNotAllowed => (StatusCode::FORBIDDEN, ErrorCode::AppPasswordsNotAllowed),
            E::WebauthnUnavailable(_) => (StatusCode::CONFLICT, ErrorCode::WebauthnUnavailable),
            E::WebauthnCeremonyInvalid => {
                (StatusCode::NOT_FOUND, ErrorCode::WebauthnCeremonyInvalid)
            }
            E::WebauthnRejected(_) => (StatusCode::BAD_REQUEST, ErrorCode::WebauthnRejected),
            E::CountryNotAllowed(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::CountryNotAllowed,
            ),
            E::SmsPaused { .. } => (StatusCode::SERVICE_UNAVAILABLE, ErrorCode::SmsUnavailable),
            E::PushChallengeInvalid => (StatusCode::CONFLICT, ErrorCode::PushChallengeInvalid),
            E::PushDenied => (StatusCode::UNAUTHORIZED, ErrorCode::PushDenied),
            E::InvalidSignature => (StatusCode::UNAUTHORIZED, ErrorCode::InvalidSignature),
            E::Overloaded => (StatusCode::SERVICE_UNAVAILABLE, ErrorCode::Overloaded),
            E::Unavailable => (StatusCode::SERVICE_UNAVAILABLE, ErrorCode::Unavailable),
            E::ManagementConsentRequired => {
                (StatusCode::CONFLICT, ErrorCode::ManagementConsentRequired)
            }
            E::AlreadyManaged => (StatusCode::CONFLICT, ErrorCode::AlreadyManaged),
            E::RateLimited { .. } => (StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited),
            E::Store(_) | E::Internal { .. } => {
                (StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal)
            }
        }
    }

    /// The problem document this error renders as. Rendering a failure on our side logs its
    /// cause with the whole chain (each error is rendered once: as a problem or as a page).
    /// The stable code of the problem this error answers.
    pub fn code(&self) -> ErrorCode {
        self.status_and_code().1
    }

    pub fn problem(&self) -> Problem {
        self.log_if_internal();
        let (status, code) = self.status_and_code();
        let field = match self {
            AppError::Validation(v) | AppError::WeakPassword(v) => Some(v.field.to_owned()),
            AppError::CountryNotAllowed(_) => Some("phone".to_owned()),
            _ => None,
        };
        // 5xx bodies stay generic; the cause goes to the log only.
        let detail = if self.is_internal() {
            INTERNAL_DETAIL.to_owned()
        } else {
            self.to_string()
        };
        Problem {
            kind: format!("https://twofold.dev/problems/{}", code.as_str()),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail,
            code,
            field: match self {
                AppError::ConfirmationRequired(_) => Some("confirm".to_owned()),
                _ => field,
            },
            organizations: match self {
                AppError::MfaSetupRequired(orgs) | AppError::LastOwnerOf(orgs) => {
                    Some(orgs.clone())
                }
                _ => None,
            },
            members: match self {
                AppError::MembersWithoutMfa { members, .. } => Some(members.clone()),
                _ => None,
            },
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        crate::observe::problem(self.code().as_str());
        let problem = self.problem();
        let status =
            StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        let mut res = (status, body).into_response();
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        match self {
            AppError::TooManyAttempts { retry_after }
            | AppError::SmsPaused { retry_after }
            | AppError::RateLimited { retry_after, .. } => {
                res.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
            }
            AppError::BasicAuthRequired => {
                res.headers_mut().insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Basic realm=\"twofold sync\", charset=\"UTF-8\""),
                );
            }
            AppError::Overloaded => {
                res.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            }
            AppError::Unavailable => {
                res.headers_mut().insert(
                    header::RETRY_AFTER,
                    HeaderValue::from_static(UNAVAILABLE_RETRY_AFTER),
                );
            }
            _ => {}
        }
        res
    }
}

/// What a failure on our side says, whatever its cause.
pub(crate) const INTERNAL_DETAIL: &str = "something went wrong on our side";

/// Seconds a client is told to wait when the database does not answer.
pub const UNAVAILABLE_RETRY_AFTER: &str = "5";

/// `error: cause: cause's cause…`, for the log.
fn chain(e: &dyn StdError) -> String {
    let mut out = e.to_string();
    let mut next = e.source();
    while let Some(cause) = next {
        out.push_str(": ");
        out.push_str(&cause.to_string());
        next = cause.source();
    }
    out
}

impl From<ValidationError> for AppError {
    fn from(e: ValidationError) -> Self {
        AppError::Validation(e)
    }
}

impl From<store::StoreError> for AppError {
    fn from(e: store::StoreError) -> Self {
        if e.is_unavailable() {
            tracing::warn!(error = %chain(&e), "the database does not answer");
            return AppError::Unavailable;
        }
        AppError::Store(e)
    }
}

impl From<HashError> for AppError {
    fn from(e: HashError) -> Self {
        match e {
            HashError::Overloaded => AppError::Overloaded,
            e @ HashError::Failed(_) => AppError::internal_from("hashing a password", e),
        }
    }
}

impl From<crate::secrets::SealError> for AppError {
    fn from(e: crate::secrets::SealError) -> Self {
        AppError::internal_from("sealing or opening a secret", e)
    }
}

impl From<domain::token::RandomError> for AppError {
    fn from(e: domain::token::RandomError) -> Self {
        AppError::internal_from("drawing random bytes", e)
    }
}

impl From<PhoneError> for AppError {
    fn from(e: PhoneError) -> Self {
        match e {
            PhoneError::Invalid(v) => AppError::Validation(v),
            PhoneError::CountryNotAllowed { country, allowed } => {
                AppError::CountryNotAllowed(CountryRefused { country, allowed })
            }
        }
    }
}

pub type AppResult<T> = Result<T, AppError>;

/// Maps a uniqueness conflict on one constraint (PostgreSQL name, SQLite `table.column`) to
/// `err`; any other store error stays internal.
pub fn on_conflict(
    pg: &'static str,
    sqlite: &'static str,
    err: AppError,
) -> impl FnOnce(store::StoreError) -> AppError {
    move |e| {
        if e.is_conflict_on(pg, sqlite) {
            err
        } else {
            e.into()
        }
    }
}
