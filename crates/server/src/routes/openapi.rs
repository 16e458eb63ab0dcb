//! What the OpenAPI document says about every operation alike, added once to the document the
//! handlers' annotations generate: the security schemes and each operation's requirement, the
//! answers every extractor can give (a bad body, a missing session, an internal error), and the
//! media type of every error (`application/problem+json`, which `AppError` always sends) on the
//! `/api` routes (the health probes answer plain text).
//! Repeating these on ~50 handlers would let one forgotten line make the document lie; here a
//! new handler gets them by default. What is particular to one operation (its own error codes,
//! a public or device-only route) stays in that handler's annotation.

use utoipa::openapi::link::Link;
use utoipa::openapi::path::{Operation, Parameter, ParameterIn};
use utoipa::openapi::response::Response;
use utoipa::openapi::security::{
    ApiKey, ApiKeyValue, Http, HttpAuthScheme, SecurityRequirement, SecurityScheme,
};
use utoipa::openapi::{Content, OpenApi, Ref, RefOr};

/// The media type of every error answer (RFC 9457).
pub const PROBLEM_JSON: &str = "application/problem+json";

/// The security schemes' names in `components.securitySchemes`.
pub const BEARER: &str = "bearer";
pub const COOKIE: &str = "cookie";
pub const BASIC: &str = "basic";
pub const DEVICE: &str = "device";

/// Where an answer's ids lead (OpenAPI links), so that a client, or schemathesis' stateful
/// phase, can follow what an operation created to the operations on it.
struct Leads {
    /// The operation and the status of its answer.
    from: (&'static str, &'static str),
    /// `(path parameter, value)`; a parameter is set only on the targets whose path has it.
    params: &'static [(&'static str, &'static str)],
    /// The operations it leads to.
    to: &'static [&'static str],
}

/// Every link the document carries.
const LINKS: &[Leads] = &[
    Leads {
        from: ("org_create", "201"),
        params: &[("org", "$response.body#/id"), ("user", "me")],
        to: &[
            "org_get",
            "mfa_policy_get",
            "mfa_policy_update",
            "mfa_policy_preview",
            "invitation_create",
            "member_list",
            "member_update",
            "member_delete",
            "audit_list",
            "member_export",
            "reminders_send",
            "security_alert_send",
            "member_deadline_set",
            "member_mfa_reset",
        ],
    },
    Leads {
        from: ("invitation_create", "201"),
        params: &[("token", "$response.body#/token")],
        to: &["invitation_accept"],
    },
    Leads {
        from: ("totp_create", "201"),
        params: &[("id", "$response.body#/id")],
        to: &["totp_verify"],
    },
    Leads {
        from: ("sms_create", "201"),
        params: &[("id", "$response.body#/id")],
        to: &["sms_resend", "sms_verify"],
    },
    Leads {
        from: ("push_create", "201"),
        params: &[("id", "$response.body#/id")],
        to: &["push_verify"],
    },
    Leads {
        from: ("webauthn_create", "201"),
        params: &[("id", "$response.body#/id")],
        to: &["webauthn_verify"],
    },
    Leads {
        from: ("app_password_create", "201"),
        params: &[("id", "$response.body#/id")],
        to: &["app_password_delete"],
    },
];

/// Adds the common parts to `doc`. Operations whose annotation names no `security` need a
/// session (bearer token or cookie); public ones say `security(())`, others name their scheme.
pub fn complete(doc: &mut OpenApi) {
    let components = doc.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        BEARER,
        SecurityScheme::Http(described(
            Http::new(HttpAuthScheme::Bearer),
            "The session token from `POST /api/v1/sessions` (`token`), as `Authorization: Bearer`.",
        )),
    );
    components.add_security_scheme(
        COOKIE,
        SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
            crate::cookies::Jar::Session.name(false),
            "The same token as the `twofold_session` cookie (`__Host-twofold_session` under an \
             https public URL), for browser (`web`) sessions only. Unsafe methods also need a \
             matching `Origin` or the `X-CSRF-Token` header (`csrf_token`), else 403 `csrf_failed`.",
        ))),
    );
    components.add_security_scheme(
        BASIC,
        SecurityScheme::Http(described(
            Http::new(HttpAuthScheme::Basic),
            "Email and an app password (HTTP Basic), on the `/api/v1/sync/…` routes only.",
        )),
    );
    components.add_security_scheme(
        DEVICE,
        SecurityScheme::Http(described(
            Http::new(HttpAuthScheme::Bearer),
            "A push device's access token from `POST /api/v1/push/enroll`, as \
         `Authorization: Bearer`, on the `/api/v1/push/challenges` routes only.",
        )),
    );

    for (path, item) in &mut doc.paths.paths {
        let api = path.starts_with("/api/");
        for op in operations_mut(item) {
            complete_operation(op, api);
        }
    }
    add_links(doc);
}

fn operations_mut(item: &mut utoipa::openapi::PathItem) -> impl Iterator<Item = &mut Operation> {
    [
        &mut item.get,
        &mut item.put,
        &mut item.post,
        &mut item.delete,
        &mut item.patch,
    ]
    .into_iter()
    .flatten()
}

fn add_links(doc: &mut OpenApi) {
    let mut path_of = std::collections::HashMap::new();
    for (path, item) in &mut doc.paths.paths {
        for op in operations_mut(item) {
            if let Some(id) = &op.operation_id {
                path_of.insert(id.clone(), path.clone());
            }
        }
    }
    for item in doc.paths.paths.values_mut() {
        for op in operations_mut(item) {
            let Some(id) = op.operation_id.clone() else {
                continue;
            };
            for leads in LINKS.iter().filter(|l| l.from.0 == id) {
                let Some(RefOr::T(response)) = op.responses.responses.get_mut(leads.from.1) else {
                    continue;
                };
                for target in leads.to {
                    let Some(path) = path_of.get(*target) else {
                        continue;
                    };
                    let mut link = Link::builder().operation_id(*target);
                    for (name, value) in leads.params {
                        if path.contains(&format!("{{{name}}}")) {
                            link = link.parameter(*name, *value);
                        }
                    }
                    response
                        .links
                        .insert((*target).to_owned(), RefOr::T(link.build()));
                }
            }
        }
    }
}

fn described(mut http: Http, text: &str) -> Http {
    http.description = Some(text.to_owned());
    http
}

/// The schemes an operation's requirements name.
fn scheme_names(op: &Operation) -> Vec<String> {
    op.security
        .iter()
        .flatten()
        .filter_map(|r| serde_json::to_value(r).ok())
        .filter_map(|v| v.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>()))
        .flatten()
        .collect()
}

fn complete_operation(op: &mut Operation, api: bool) {
    let security = op.security.get_or_insert_with(|| {
        vec![
            SecurityRequirement::new(BEARER, Vec::<String>::new()),
            SecurityRequirement::new(COOKIE, Vec::<String>::new()),
        ]
    });
    // `security(())` marks a public route: say so with an empty list (no requirement at all).
    if security
        .iter()
        .all(|r| *r == SecurityRequirement::default())
    {
        security.clear();
    }
    let schemes = scheme_names(op);
    let session = schemes.iter().any(|s| s == BEARER || s == COOKIE);
    let params = op.parameters.iter().flatten().filter_map(|p| match p {
        RefOr::T(p) => Some(p),
        RefOr::Ref(_) => None,
    });
    let (has_path, has_query) = params.fold((false, false), |(path, query), p: &Parameter| {
        (
            path || p.parameter_in == ParameterIn::Path,
            query || p.parameter_in == ParameterIn::Query,
        )
    });

    if api {
        if op.request_body.is_some() {
            add(op, "400", "invalid_json: the body is not JSON");
            add(op, "413", "payload_too_large: the body is over 64 KiB");
            add(
                op,
                "415",
                "unsupported_media_type: the body is not sent as application/json",
            );
            add(
                op,
                "422",
                "validation_failed: `field` names the field at fault",
            );
        }
        if has_path || has_query {
            add(
                op,
                "400",
                "bad_request: a malformed path or query parameter",
            );
        }
        if !schemes.is_empty() {
            add(op, "401", "unauthenticated: no valid credentials");
        }
        if session {
            add(
                op,
                "403",
                "csrf_failed: the cookie on an unsafe method without a matching Origin or \
                 X-CSRF-Token; mfa_required: the second step is not passed yet; \
                 mfa_setup_required: an organization requires 2FA first (`organizations` names \
                 them); forbidden",
            );
        }
        add(
            op,
            "500",
            "internal: something went wrong on the server's side",
        );
        for (status, response) in &mut op.responses.responses {
            if (status.starts_with('4') || status.starts_with('5'))
                && let RefOr::T(response) = response
            {
                problem_content(response);
            }
        }
    }
}

/// Declares `status` with a problem document when the annotation did not; when it did, the
/// annotation's own description comes first and the common reasons follow.
fn add(op: &mut Operation, status: &str, reasons: &str) {
    match op.responses.responses.get_mut(status) {
        Some(RefOr::T(r)) => {
            if !r.description.contains(reasons) {
                r.description = if r.description.is_empty() {
                    reasons.to_owned()
                } else {
                    format!("{}; or {reasons}", r.description)
                };
            }
        }
        Some(RefOr::Ref(_)) => {}
        None => {
            op.responses
                .responses
                .insert(status.to_owned(), RefOr::T(Response::new(reasons)));
        }
    }
}

/// An error's only media type is `application/problem+json`, with the `Problem` schema.
fn problem_content(response: &mut Response) {
    response.content.clear();
    response.content.insert(
        PROBLEM_JSON.to_owned(),
        RefOr::T(Content::new(Some(Ref::from_schema_name("Problem")))),
    );
}

#[cfg(test)]
mod tests {
    /// The names of a documentation enum's variants, as the document lists them.
    fn names<T: serde::Serialize>(variants: &[T]) -> Vec<String> {
        variants
            .iter()
            .filter_map(|v| serde_json::to_value(v).ok())
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect()
    }

    #[test]
    fn documented_names_are_the_domains() {
        use domain::method::StepKind;
        use domain::session::{Aal, ClientKind, SessionState};
        use proto::names as n;
        let clients = names(&[
            n::ClientKind::Web,
            n::ClientKind::Native,
            n::ClientKind::Sync,
        ]);
        assert!(clients.iter().all(|c| ClientKind::parse(c).is_ok()));
        let kinds = names(&[
            n::MethodType::Totp,
            n::MethodType::Webauthn,
            n::MethodType::Sms,
            n::MethodType::Push,
        ]);
        let all: Vec<&str> = domain::MethodKind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(kinds.len(), all.len());
        assert!(kinds.iter().all(|k| all.contains(&k.as_str())));
        let steps = names(&[
            n::StepType::Totp,
            n::StepType::RecoveryCode,
            n::StepType::Sms,
            n::StepType::Webauthn,
            n::StepType::Push,
        ]);
        assert!(steps.iter().all(|s| StepKind::parse(s).is_ok()));
        let roles = names(&[
            n::Role::Owner,
            n::Role::LegalRepresentative,
            n::Role::Admin,
            n::Role::Member,
        ]);
        assert!(roles.iter().all(|r| domain::Role::parse(r).is_ok()));
        let states = names(&[
            n::SessionState::Active,
            n::SessionState::MfaPending,
            n::SessionState::SetupRequired,
        ]);
        assert!(states.iter().all(|s| SessionState::parse(s).is_ok()));
        assert!(
            names(&[n::Aal::Aal1, n::Aal::Aal2])
                .iter()
                .all(|a| Aal::parse(a).is_ok())
        );
        assert_eq!(
            names(&[n::Confirm::Enforce, n::Confirm::Stop]),
            ["ENFORCE", "STOP"]
        );
    }

    #[test]
    fn every_error_is_a_problem_document_and_sessions_are_declared() {
        let (_, doc) = super::super::api();
        let json = serde_json::to_value(&doc).unwrap_or_default();
        let mfa = &json["paths"]["/api/v1/me/mfa"]["delete"];
        assert!(mfa["responses"]["409"]["content"][super::PROBLEM_JSON].is_object());
        assert!(mfa["responses"]["401"]["content"][super::PROBLEM_JSON].is_object());
        assert_eq!(mfa["security"][0][super::BEARER], serde_json::json!([]));
        let healthz = &json["paths"]["/healthz"]["get"];
        assert_eq!(healthz["security"], serde_json::json!([]));
    }
}
