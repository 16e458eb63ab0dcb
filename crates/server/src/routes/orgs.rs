//! Organizations, invitations, members and the audit log.

use axum::extract::State;
use axum::http::StatusCode;
use domain::page::{Cursor, Limit};
use domain::{Email, MembershipKind, OrgId, OrgName, Role, UserId, ValidationError};
use proto::Problem;
use proto::orgs::{
    AcceptInvitation, AuditEvent, AuditList, AuditQuery, Counts, CreateInvitation, CreateOrg,
    InvitationAccepted, InvitationCreated, Member, MemberDeadline, MemberList, MemberQuery,
    MemberUpdated, MemberWithoutMfa, MfaPolicy, OrgCreated, OrgView, PolicyPreview, PreviewQuery,
    RemindersQueued, SendReminders, SetMemberDeadline, UpdateMember, UpdateMfaPolicy,
};
use store::orgs::MemberFilter;

use crate::error::{AppError, AppResult};
use crate::extract::{
    AppJson, AppPath, AppQuery, AuthSession, ClientIp, MeSession, OptionalJson, require_allowed,
};
use crate::proto_map::ToProto;
use crate::services::invitations;
use crate::services::reminders;
use crate::services::{compliance, management, orgs, policies};
use crate::state::AppState;

/// A malformed id names nothing that exists: 404, like an unknown one.
pub(crate) fn org_id(raw: &str) -> AppResult<OrgId> {
    OrgId::parse(raw).map_err(|_| AppError::NotFound("organization"))
}

fn counts(c: store::orgs::Counts) -> Counts {
    Counts {
        members: c.members,
        mfa_enabled: c.mfa_enabled,
        percentage: compliance::percentage(c),
        phishing_resistant: c.phishing_resistant,
    }
}

/// A policy as the API shows it.
pub fn policy_view(p: &domain::MfaPolicy) -> MfaPolicy {
    MfaPolicy {
        enforced: p.enforced,
        enforce_from: p.enforce_from,
        require_all_enrolled: p.require_all_enrolled,
        exempt_clients: p.exempt_clients.iter().map(|c| c.to_proto()).collect(),
        allowed_methods: p.allowed_methods.iter().map(|m| m.to_proto()).collect(),
        allow_remembered_devices: p.allow_remembered_devices,
        remembered_device_days: p.remembered_device_days,
        remembered_device_networks: p.remembered_device_networks.to_proto(),
        trusted_networks: p.trusted_networks.to_strings(),
        new_member_days: p.new_member_days,
        allow_app_passwords: p.allow_app_passwords,
        auto_enforce: p.auto_enforce,
        enforced_since: p.enforced_since,
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
        remembered_device_networks: body.remembered_device_networks.as_deref(),
        trusted_networks: body.trusted_networks.as_deref(),
        new_member_days: body.new_member_days,
        allow_app_passwords: body.allow_app_passwords,
        auto_enforce: body.auto_enforce,
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
    (status = 429, description = "rate_limited, with Retry-After: the organization, the inviter or the address reached its sending limit", body = Problem),
))]
pub async fn invitation_create(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    AuthSession(auth): AuthSession,
    AppPath(org): AppPath<String>,
    AppJson(body): AppJson<CreateInvitation>,
) -> AppResult<(StatusCode, axum::Json<InvitationCreated>)> {
    let org = org_id(&org)?;
    let input = invitations::Invite {
        email: Email::parse(&body.email)?,
        role: Role::parse(&body.role)?,
        kind: MembershipKind::from_external(body.external.unwrap_or(false)),
        manage_account: body.manage_account.unwrap_or(false),
    };
    let (id, token, expires_at) =
        invitations::invite(&st, &auth, &org, input, ip.as_deref()).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(InvitationCreated {
            id: id.to_string(),
            token: token.expose().to_owned(),
            expires_at,
        }),
    ))
}

/// Accept an invitation as the signed-in account (whose email must be the invited one). An
/// invitation that asks to manage the account needs `accept_management: true`.
#[utoipa::path(post, path = "/api/v1/invitations/{token}/accept", tag = "orgs", params(("token" = String, Path)),
    request_body = AcceptInvitation, responses(
    (status = 200, body = InvitationAccepted),
    (status = 403, description = "invitation_email_mismatch or mfa_required_to_join", body = Problem),
    (status = 404, description = "invitation_invalid", body = Problem),
    (status = 409, description = "already_member; management_consent_required: the invitation asks to manage the account and the body does not say accept_management: true; already_managed: another organization manages the account", body = Problem),
))]
pub async fn invitation_accept(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    AuthSession(auth): AuthSession,
    AppPath(token): AppPath<String>,
    OptionalJson(body): OptionalJson<AcceptInvitation>,
) -> AppResult<axum::Json<InvitationAccepted>> {
    let consent = body.accept_management.unwrap_or(false);
    let offer = invitations::Offer::Link(&token);
    let a = invitations::accept(&st, &auth, offer, consent, ip.as_deref()).await?;
    Ok(axum::Json(accepted(a)))
}

/// What accepting answers, by link or by id.
pub(crate) fn accepted(a: invitations::Accepted) -> InvitationAccepted {
    InvitationAccepted {
        org_id: a.org.id.to_string(),
        name: a.org.name,
        role: a.membership.role.to_proto(),
        external: a.membership.kind.is_external(),
        manages_account: a.manages_account,
    }
}

/// The member list, with each member's 2FA status.
#[utoipa::path(get, path = "/api/v1/orgs/{org}/members", tag = "orgs", params(("org" = String, Path), MemberQuery), responses(
    (status = 200, body = MemberList),
    (status = 400, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem),
    (status = 422, description = "validation_failed: limit, cursor, mfa, role or q", body = Problem),
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
                return Err(ValidationError::because(
                    "mfa",
                    domain::error::Invalid::Either("enabled", "disabled"),
                )
                .into());
            }
        },
        // The service fills in the policy's allowed methods.
        allowed: 0,
        role: q.role.as_deref().map(Role::parse).transpose()?,
        query: domain::page::search(q.q.as_deref())?,
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
            .iter()
            .map(|m| {
                let standing = page.standing(m);
                Member {
                    user_id: m.user_id.to_string(),
                    email: m.email.to_string(),
                    name: m.name.clone(),
                    role: m.membership.role.to_proto(),
                    external: m.membership.kind.is_external(),
                    mfa_enabled: standing.is_compliant(),
                    mfa_deadline: standing.deadline(),
                    methods: m.methods.iter().map(|k| k.to_proto()).collect(),
                }
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
    (status = 200, body = MemberUpdated),
    (status = 403, body = Problem), (status = 404, body = Problem),
    (status = 409, description = "last_owner", body = Problem), (status = 422, body = Problem),
))]
pub async fn member_update(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    AuthSession(auth): AuthSession,
    AppPath((org, user)): AppPath<(String, String)>,
    AppJson(body): AppJson<UpdateMember>,
) -> AppResult<axum::Json<MemberUpdated>> {
    let me = &auth.session.account_id;
    let org = org_id(&org)?;
    let role = Role::parse(&body.role)?;
    let target = target_user(&user, me)?;
    orgs::change_role(&st, me, &org, &target, role, ip.as_deref()).await?;
    Ok(axum::Json(MemberUpdated {
        user_id: target.as_str().to_owned(),
        role: role.as_str().to_owned(),
    }))
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
    (status = 422, description = "validation_failed: limit or cursor", body = Problem),
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
                .map_err(|_| ValidationError::because("cursor", domain::error::Invalid::NotCursor))
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

/// Who enforcing would block: every member without an allowed method (with
/// `allowed_methods=webauthn,totp`, for a change not yet saved), and the counts.
#[utoipa::path(get, path = "/api/v1/orgs/{org}/mfa-policy/preview", tag = "orgs",
    params(("org" = String, Path), PreviewQuery), responses(
    (status = 200, body = PolicyPreview),
    (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem),
))]
pub async fn mfa_policy_preview(
    State(st): State<AppState>,
    AuthSession(auth): AuthSession,
    AppPath(org): AppPath<String>,
    AppQuery(q): AppQuery<PreviewQuery>,
) -> AppResult<axum::Json<PolicyPreview>> {
    let allowed = q
        .allowed_methods
        .as_deref()
        .map(|raw| {
            let kinds = raw
                .split(',')
                .map(str::trim)
                .filter(|k| !k.is_empty())
                .map(domain::MethodKind::parse)
                .collect::<Result<Vec<_>, _>>()
                .map_err(|_| {
                    ValidationError::because("allowed_methods", domain::error::Invalid::MethodList)
                })?;
            if kinds.is_empty() {
                return Err(ValidationError::because(
                    "allowed_methods",
                    domain::error::Invalid::AtLeastOneMethod,
                ));
            }
            Ok(kinds)
        })
        .transpose()?;
    let (list, c) = compliance::preview(
        &st,
        &auth.session.account_id,
        &org_id(&org)?,
        allowed.as_deref(),
    )
    .await?;
    Ok(axum::Json(PolicyPreview {
        would_block: list
            .into_iter()
            .map(|m| MemberWithoutMfa {
                user_id: m.user_id.to_string(),
                email: m.email.to_string(),
                external: m.external,
            })
            .collect(),
        counts: counts(c),
    }))
}

/// The member list with each member's 2FA status, as CSV.
#[utoipa::path(get, path = "/api/v1/orgs/{org}/members.csv", tag = "orgs", params(("org" = String, Path)), responses(
    (status = 200, description = "text/csv: email, name, role, external, mfa_enabled, methods, deadline", content_type = "text/csv"),
    (status = 403, body = Problem), (status = 404, body = Problem),
))]
pub async fn member_export(
    State(st): State<AppState>,
    AuthSession(auth): AuthSession,
    AppPath(org): AppPath<String>,
) -> AppResult<axum::response::Response> {
    use axum::http::header;
    use axum::response::IntoResponse;
    let org = org_id(&org)?;
    let body = compliance::export_csv(&st, &auth.session.account_id, &org).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"members-{org}.csv\""),
            ),
        ],
        body,
    )
        .into_response())
}

/// Send MFA reminders: to the given members, or to every member without 2FA. Members reminded
/// within the window (24 h by default), or who have 2FA, are skipped.
#[utoipa::path(post, path = "/api/v1/orgs/{org}/mfa-reminders", tag = "orgs", params(("org" = String, Path)),
    request_body = Option<SendReminders>, responses(
    (status = 202, body = RemindersQueued),
    (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem),
))]
pub async fn reminders_send(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    AuthSession(auth): AuthSession,
    AppPath(org): AppPath<String>,
    OptionalJson(body): OptionalJson<SendReminders>,
) -> AppResult<(StatusCode, axum::Json<RemindersQueued>)> {
    let org = org_id(&org)?;
    let ids = body
        .user_ids
        .map(|ids| {
            if ids.len() > 1000 {
                return Err(ValidationError::because(
                    "user_ids",
                    domain::error::Invalid::TooManyMembers(1000),
                ));
            }
            let mut ids = ids
                .iter()
                .map(|id| {
                    UserId::parse(id).map_err(|_| {
                        ValidationError::because("user_ids", domain::error::Invalid::UserIds)
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            // Naming a member twice reminds them once.
            ids.sort_unstable_by(|a, b| a.as_str().cmp(b.as_str()));
            ids.dedup();
            Ok(ids)
        })
        .transpose()?;
    let queued = reminders::remind(&st, &auth, &org, ids.as_deref(), ip.as_deref())
        .await?
        .queued;
    Ok((StatusCode::ACCEPTED, axum::Json(RemindersQueued { queued })))
}

/// Email one member a summary of their own security settings.
#[utoipa::path(post, path = "/api/v1/orgs/{org}/members/{user}/security-alert", tag = "orgs",
    params(("org" = String, Path), ("user" = String, Path)), responses(
    (status = 202, description = "queued"),
    (status = 403, body = Problem), (status = 404, body = Problem),
    (status = 429, description = "rate_limited, with Retry-After: the member had an alert from this organization within the reminders window", body = Problem),
))]
pub async fn security_alert_send(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    AuthSession(auth): AuthSession,
    AppPath((org, user)): AppPath<(String, String)>,
) -> AppResult<StatusCode> {
    let org = org_id(&org)?;
    let target = target_user(&user, &auth.session.account_id)?;
    compliance::security_alert(&st, &auth, &org, &target, ip.as_deref()).await?;
    Ok(StatusCode::ACCEPTED)
}

/// Give one member a deadline of their own to set up 2FA (an extension, or a shorter one that
/// applies at once); null returns them to the organization's. Never one's own; an owner's or
/// legal representative's only by an owner; with a recent second factor of the caller's own.
#[utoipa::path(put, path = "/api/v1/orgs/{org}/members/{user}/mfa-deadline", tag = "orgs",
    params(("org" = String, Path), ("user" = String, Path)), request_body = SetMemberDeadline, responses(
    (status = 200, body = MemberDeadline),
    (status = 403, description = "forbidden or reauthentication_required", body = Problem),
    (status = 404, body = Problem), (status = 422, body = Problem),
))]
pub async fn member_deadline_set(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    AuthSession(auth): AuthSession,
    AppPath((org, user)): AppPath<(String, String)>,
    AppJson(body): AppJson<SetMemberDeadline>,
) -> AppResult<axum::Json<MemberDeadline>> {
    let org = org_id(&org)?;
    let target = target_user(&user, &auth.session.account_id)?;
    let deadline =
        compliance::set_member_deadline(&st, &auth, &org, &target, body.deadline, ip.as_deref())
            .await?;
    Ok(axum::Json(MemberDeadline { deadline }))
}

/// Reset a member's 2FA (owners and administrators of the organization that manages the
/// member's account, with a recent second factor of their own): removes their methods and
/// recovery codes, revokes their sessions, app passwords and remembered devices; their next
/// sign-in must set up a new second factor before anything else.
#[utoipa::path(delete, path = "/api/v1/orgs/{org}/members/{user}/mfa", tag = "orgs",
    params(("org" = String, Path), ("user" = String, Path)), responses(
    (status = 204, description = "reset"),
    (status = 403, description = "forbidden or reauthentication_required", body = Problem),
    (status = 404, body = Problem),
))]
pub async fn member_mfa_reset(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    AuthSession(auth): AuthSession,
    AppPath((org, user)): AppPath<(String, String)>,
) -> AppResult<StatusCode> {
    let org = org_id(&org)?;
    let target = target_user(&user, &auth.session.account_id)?;
    management::reset_member_mfa(&st, &auth, &org, &target, ip.as_deref()).await?;
    Ok(StatusCode::NO_CONTENT)
}
