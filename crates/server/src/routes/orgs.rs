//! Organizations, invitations, members and the audit log.

use axum::extract::State;
use axum::http::StatusCode;
use domain::page::{Cursor, Limit};
use domain::{Email, MembershipKind, OrgId, OrgName, Role, UserId, ValidationError};
use proto::Problem;
use proto::orgs::{
    AuditEvent, AuditList, AuditQuery, Counts, CreateInvitation, CreateOrg, InvitationAccepted,
    InvitationCreated, Member, MemberList, MemberQuery, MfaPolicy, OrgCreated, OrgView,
    UpdateMember, UpdateMfaPolicy,
};
use store::orgs::MemberFilter;

use crate::error::{AppError, AppResult};
use crate::extract::{
    AppJson, AppPath, AppQuery, AuthSession, ClientIp, MeSession, require_allowed,
};
use crate::services::{orgs, policies};
use crate::state::AppState;

/// A malformed id names nothing that exists: 404, like an unknown one.
fn org_id(raw: &str) -> AppResult<OrgId> {
    OrgId::parse(raw).map_err(|_| AppError::NotFound("organization"))
}

fn counts(c: store::orgs::Counts) -> Counts {
    Counts {
        members: c.members,
        mfa_enabled: c.mfa_enabled,
    }
}

/// A policy as the API shows it.
pub fn policy_view(p: &domain::MfaPolicy) -> MfaPolicy {
    MfaPolicy {
        enforced: p.enforced,
        enforce_from: p.enforce_from,
        require_all_enrolled: p.require_all_enrolled,
        exempt_clients: p
            .exempt_clients
            .iter()
            .map(|c| c.as_str().to_owned())
            .collect(),
        allowed_methods: p
            .allowed_methods
            .iter()
            .map(|m| m.as_str().to_owned())
            .collect(),
        allow_remembered_devices: p.allow_remembered_devices,
        remembered_device_days: p.remembered_device_days,
    }
}

/// Create an organization; the caller becomes its owner.
#[utoipa::path(post, path = "/api/v1/orgs", tag = "orgs", request_body = CreateOrg, responses(
    (status = 201, body = OrgCreated),
    (status = 422, body = Problem),
))]
pub async fn org_create(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    AuthSession(auth): AuthSession,
    AppJson(body): AppJson<CreateOrg>,
) -> AppResult<(StatusCode, axum::Json<OrgCreated>)> {
    let name = OrgName::parse(&body.name)?;
    let org = orgs::create(&st, &auth.session.account_id, name, ip.as_deref()).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(OrgCreated {
            id: org.id.to_string(),
            name: org.name,
        }),
    ))
}

/// An organization, for its members.
#[utoipa::path(get, path = "/api/v1/orgs/{org}", tag = "orgs", params(("org" = String, Path)), responses(
    (status = 200, body = OrgView),
    (status = 404, body = Problem),
))]
pub async fn org_get(
    State(st): State<AppState>,
    AuthSession(auth): AuthSession,
    AppPath(org): AppPath<String>,
) -> AppResult<axum::Json<OrgView>> {
    let id = org_id(&org)?;
    let (org, c) = orgs::view(&st, &auth.session.account_id, &id).await?;
    let policy = policies::get(&st, &auth.session.account_id, &id).await?;
    Ok(axum::Json(OrgView {
        id: org.id.to_string(),
        name: org.name,
        mfa_policy: policy_view(&policy),
        counts: counts(c),
    }))
}

/// The organization's two-factor policy, for its members.
#[utoipa::path(get, path = "/api/v1/orgs/{org}/mfa-policy", tag = "orgs", params(("org" = String, Path)), responses(
    (status = 200, body = MfaPolicy),
    (status = 404, body = Problem),
))]
pub async fn mfa_policy_get(
    State(st): State<AppState>,
    AuthSession(auth): AuthSession,
    AppPath(org): AppPath<String>,
) -> AppResult<axum::Json<MfaPolicy>> {
    let policy = policies::get(&st, &auth.session.account_id, &org_id(&org)?).await?;
    Ok(axum::Json(policy_view(&policy)))
}

/// Change the organization's two-factor policy. Turning enforcement on needs
/// `confirm: "ENFORCE"`, off `confirm: "STOP"`.
#[utoipa::path(put, path = "/api/v1/orgs/{org}/mfa-policy", tag = "orgs", params(("org" = String, Path)),
    request_body = UpdateMfaPolicy, responses(
    (status = 200, body = MfaPolicy),
    (status = 403, description = "forbidden, or reauthentication_required: a recent second factor of the admin's own", body = Problem),
    (status = 404, body = Problem),
    (status = 409, description = "members_without_mfa (strict mode), with `members`", body = Problem),
    (status = 422, description = "confirmation_required or validation_failed", body = Problem),
))]
pub async fn mfa_policy_update(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    AuthSession(auth): AuthSession,
    AppPath(org): AppPath<String>,
    AppJson(body): AppJson<UpdateMfaPolicy>,
) -> AppResult<axum::Json<MfaPolicy>> {
    let input = domain::mfa_policy::PolicyInput {
        enforced: body.enforced,
        enforce_from: body.enforce_from,
        require_all_enrolled: body.require_all_enrolled,
        exempt_clients: body.exempt_clients.as_deref(),
        allowed_methods: body.allowed_methods.as_deref(),
        allow_remembered_devices: body.allow_remembered_devices,
        remembered_device_days: body.remembered_device_days,
    };
    let policy = policies::update(
        &st,
        &auth,
        &org_id(&org)?,
        &input,
        body.confirm.as_deref(),
        ip.as_deref(),
    )
    .await?;
    Ok(axum::Json(policy_view(&policy)))
}

/// Invite someone by email.
#[utoipa::path(post, path = "/api/v1/orgs/{org}/invitations", tag = "orgs", params(("org" = String, Path)),
    request_body = CreateInvitation, responses(
    (status = 201, body = InvitationCreated),
    (status = 403, body = Problem), (status = 404, body = Problem),
    (status = 409, description = "already_member", body = Problem), (status = 422, body = Problem),
))]
pub async fn invitation_create(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    AuthSession(auth): AuthSession,
    AppPath(org): AppPath<String>,
    AppJson(body): AppJson<CreateInvitation>,
) -> AppResult<(StatusCode, axum::Json<InvitationCreated>)> {
    let org = org_id(&org)?;
    let input = orgs::Invite {
        email: Email::parse(&body.email)?,
        role: Role::parse(&body.role)?,
        kind: MembershipKind::from_external(body.external.unwrap_or(false)),
    };
    let (id, token, expires_at) = orgs::invite(&st, &auth, &org, input, ip.as_deref()).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(InvitationCreated {
            id: id.to_string(),
            token: token.expose().to_owned(),
            expires_at,
        }),
    ))
}

/// Accept an invitation as the signed-in account (whose email must be the invited one).
#[utoipa::path(post, path = "/api/v1/invitations/{token}/accept", tag = "orgs", params(("token" = String, Path)), responses(
    (status = 200, body = InvitationAccepted),
    (status = 403, description = "invitation_email_mismatch or mfa_required_to_join", body = Problem),
    (status = 404, description = "invitation_invalid", body = Problem),
    (status = 409, description = "already_member", body = Problem),
))]
pub async fn invitation_accept(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    AuthSession(auth): AuthSession,
    AppPath(token): AppPath<String>,
) -> AppResult<axum::Json<InvitationAccepted>> {
    let (org, m) = orgs::accept(&st, &auth, &token, ip.as_deref()).await?;
    Ok(axum::Json(InvitationAccepted {
        org_id: org.id.to_string(),
        name: org.name,
        role: m.role.as_str().to_owned(),
        external: m.kind.is_external(),
    }))
}

/// The member list, with each member's 2FA status.
#[utoipa::path(get, path = "/api/v1/orgs/{org}/members", tag = "orgs", params(("org" = String, Path), MemberQuery), responses(
    (status = 200, body = MemberList),
    (status = 400, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem),
))]
pub async fn member_list(
    State(st): State<AppState>,
    AuthSession(auth): AuthSession,
    AppPath(org): AppPath<String>,
    AppQuery(q): AppQuery<MemberQuery>,
) -> AppResult<axum::Json<MemberList>> {
    let org = org_id(&org)?;
    let filter = MemberFilter {
        mfa_enabled: match q.mfa.as_deref() {
            None => None,
            Some("enabled") => Some(true),
            Some("disabled") => Some(false),
            Some(_) => {
                return Err(ValidationError::new("mfa", "must be enabled or disabled").into());
            }
        },
        role: q.role.as_deref().map(Role::parse).transpose()?,
        query: match q.q.as_deref().map(str::trim) {
            Some(s) if s.chars().count() > 254 => {
                return Err(ValidationError::new("q", "must be at most 254 characters").into());
            }
            Some(s) if !s.is_empty() => Some(s.to_owned()),
            _ => None,
        },
    };
    let cursor = q.cursor.as_deref().map(Cursor::parse).transpose()?;
    let limit = Limit::parse(q.limit)?;
    let page = orgs::members(
        &st,
        &auth.session.account_id,
        &org,
        &filter,
        cursor.as_ref(),
        limit,
    )
    .await?;
    Ok(axum::Json(MemberList {
        members: page
            .members
            .into_iter()
            .map(|m| Member {
                user_id: m.user_id.to_string(),
                email: m.email.to_string(),
                name: m.name,
                role: m.membership.role.as_str().to_owned(),
                external: m.membership.kind.is_external(),
                mfa_enabled: m.mfa_enabled,
                methods: Vec::new(),
            })
            .collect(),
        next_cursor: page.next_cursor,
        counts: counts(page.counts),
    }))
}

/// `me` stands for the caller.
fn target_user(raw: &str, caller: &UserId) -> AppResult<UserId> {
    if raw == "me" {
        return Ok(caller.clone());
    }
    UserId::parse(raw).map_err(|_| AppError::NotFound("member"))
}

/// Change a member's role.
#[utoipa::path(patch, path = "/api/v1/orgs/{org}/members/{user}", tag = "orgs",
    params(("org" = String, Path), ("user" = String, Path)), request_body = UpdateMember, responses(
    (status = 200, description = "changed"),
    (status = 403, body = Problem), (status = 404, body = Problem),
    (status = 409, description = "last_owner", body = Problem), (status = 422, body = Problem),
))]
pub async fn member_update(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    AuthSession(auth): AuthSession,
    AppPath((org, user)): AppPath<(String, String)>,
    AppJson(body): AppJson<UpdateMember>,
) -> AppResult<StatusCode> {
    let me = &auth.session.account_id;
    let org = org_id(&org)?;
    let role = Role::parse(&body.role)?;
    let target = target_user(&user, me)?;
    orgs::change_role(&st, me, &org, &target, role, ip.as_deref()).await?;
    Ok(StatusCode::OK)
}

/// Remove a member; `me` leaves the organization.
#[utoipa::path(delete, path = "/api/v1/orgs/{org}/members/{user}", tag = "orgs",
    params(("org" = String, Path), ("user" = String, Path)), responses(
    (status = 204, description = "removed"),
    (status = 403, body = Problem), (status = 404, body = Problem),
    (status = 409, description = "last_owner", body = Problem),
))]
pub async fn member_delete(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    MeSession(auth): MeSession,
    AppPath((org, user)): AppPath<(String, String)>,
) -> AppResult<StatusCode> {
    let me = &auth.session.account_id;
    let org = org_id(&org)?;
    let target = target_user(&user, me)?;
    // Leaving is open to a member an organization stops for lacking 2FA (they may leave it
    // instead of complying); removing others is not.
    if &target != me {
        require_allowed(&st, &auth)?;
    }
    orgs::remove(&st, me, &org, &target, ip.as_deref()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The organization's audit log, newest first.
#[utoipa::path(get, path = "/api/v1/orgs/{org}/audit", tag = "orgs", params(("org" = String, Path), AuditQuery), responses(
    (status = 200, body = AuditList),
    (status = 400, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem),
))]
pub async fn audit_list(
    State(st): State<AppState>,
    AuthSession(auth): AuthSession,
    AppPath(org): AppPath<String>,
    AppQuery(q): AppQuery<AuditQuery>,
) -> AppResult<axum::Json<AuditList>> {
    let org = org_id(&org)?;
    let before = q
        .cursor
        .as_deref()
        .map(|c| {
            domain::AuditEventId::parse(c)
                .map_err(|_| ValidationError::new("cursor", "is not a valid cursor"))
        })
        .transpose()?;
    let limit = Limit::parse(q.limit)?;
    let (events, next) = orgs::audit_log(
        &st,
        &auth.session.account_id,
        &org,
        before.as_ref().map(domain::AuditEventId::as_str),
        limit,
    )
    .await?;
    Ok(axum::Json(AuditList {
        events: events
            .into_iter()
            .map(|e| AuditEvent {
                id: e.id,
                at: e.at,
                actor: e.actor,
                action: e.action,
                target: e.target,
                ip: e.ip,
            })
            .collect(),
        next_cursor: next,
    }))
}
