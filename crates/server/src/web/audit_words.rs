//! The audit log in sentences people read ("ann@acme.example turned on the 2FA requirement,
//! from 15 Dec 2026"), made from the recorded event: who (an account id, shown as its
//! address), what (the event's code), to whom (an account id or an address) and its detail.
//! The codes stay as they are in the API.

use std::collections::HashMap;

use time::OffsetDateTime;

use crate::i18n::{Arg, Tr};

/// An event's fields as the page words them.
pub struct Said<'a> {
    pub actor: Option<&'a str>,
    pub action: &'a str,
    pub target: Option<&'a str>,
    pub detail: Option<&'a str>,
}

/// The event as a sentence, in `tr`'s language. `names` gives the address of each account id
/// it knows; an id it does not (an account deleted since) stays as it is.
pub fn sentence(tr: &Tr, e: &Said<'_>, names: &HashMap<String, String>) -> String {
    let name = |id: Option<&str>| -> String {
        match id {
            Some(id) => names.get(id).cloned().unwrap_or_else(|| id.to_owned()),
            None => tr.t("audit-actor-twofold"),
        }
    };
    let actor = name(e.actor);
    let target = e
        .target
        .map(|t| names.get(t).cloned().unwrap_or_else(|| t.to_owned()))
        .unwrap_or_default();
    let detail = e.detail.unwrap_or_default();
    // Invitations record `role=…`; a role change records `old -> new`.
    let role = match e.action {
        "org.member_role_changed" => detail.split_once(" -> ").map(|(_, new)| new.trim()),
        _ => field(detail, "role"),
    }
    .map(|r| role_words(tr, r));
    let args = |extra: &[(&'static str, Arg<'static>)]| {
        let mut v: Vec<(&'static str, Arg<'static>)> = vec![
            ("actor", Arg::from(actor.clone())),
            ("target", Arg::from(target.clone())),
            ("role", Arg::from(role.clone().unwrap_or_default())),
        ];
        v.extend(extra.iter().cloned());
        v
    };
    let id = match e.action {
        "org.mfa_policy_changed" => return policy_sentence(tr, &actor, detail),
        "org.mfa_reminders_sent" => {
            let n = field(detail, "queued").and_then(|q| q.parse::<i64>().ok());
            return tr.with(
                "audit-org-mfa-reminders-sent",
                &args(&[("count", Arg::from(n.unwrap_or(0)))]),
            );
        }
        "org.created" => "audit-org-created",
        "org.invitation_created" => "audit-org-invitation-created",
        "org.invitation_accepted" => "audit-org-invitation-accepted",
        "org.invitation_revoked" => "audit-org-invitation-revoked",
        "org.invitation_declined" => "audit-org-invitation-declined",
        "org.member_role_changed" => "audit-org-member-role-changed",
        "org.member_removed" => "audit-org-member-removed",
        "org.member_left" => "audit-org-member-left",
        "org.mfa_policy_auto_enforced" => "audit-org-mfa-policy-auto-enforced",
        "org.security_alert_sent" => "audit-org-security-alert-sent",
        "org.member_mfa_deadline_changed" => "audit-org-member-mfa-deadline-changed",
        "org.member_mfa_reset" => "audit-org-member-mfa-reset",
        "org.member_mfa_reset_by_managing_org" => "audit-org-member-mfa-reset-elsewhere",
        "org.client_registered" => "audit-org-client-registered",
        "org.client_removed" => "audit-org-client-removed",
        // An event this page has no words for yet: its code, with who and to whom.
        other => {
            return tr.with(
                "audit-other",
                &args(&[("code", Arg::from(other.to_owned()))]),
            );
        }
    };
    tr.with(id, &args(&[]))
}

/// A policy change in words: turned on (from its date), turned off, or changed.
fn policy_sentence(tr: &Tr, actor: &str, detail: &str) -> String {
    let (old, new) = detail.split_once(" -> ").unwrap_or(("", detail));
    let on = |s: &str| field(s, "enforced") == Some("true");
    let from = field(new, "enforce_from")
        .and_then(|t| t.parse::<i64>().ok())
        .and_then(|t| OffsetDateTime::from_unix_timestamp(t).ok());
    let id = match (on(old), on(new), from) {
        (false, true, Some(_)) => "audit-policy-on-from",
        (false, true, None) => "audit-policy-on",
        (true, false, _) => "audit-policy-off",
        (true, true, Some(_)) if field(old, "enforce_from") != field(new, "enforce_from") => {
            "audit-policy-date"
        }
        (true, true, None) if field(old, "enforce_from") != Some("none") => "audit-policy-date-now",
        _ => "audit-policy-changed",
    };
    tr.with(
        id,
        &[
            ("actor", Arg::from(actor.to_owned())),
            (
                "date",
                Arg::from(from.map(|d| tr.date(d)).unwrap_or_default()),
            ),
        ],
    )
}

/// The value of `key=value` in a detail's space-separated fields.
fn field<'a>(detail: &'a str, key: &str) -> Option<&'a str> {
    detail
        .split(' ')
        .find_map(|f| f.strip_prefix(key)?.strip_prefix('='))
}

/// A role's name in the page's language, from its code.
fn role_words(tr: &Tr, code: &str) -> String {
    domain::Role::parse(code).map_or_else(|_| code.to_owned(), |r| tr.role(r))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Tr;

    fn said<'a>(action: &'a str, target: Option<&'a str>, detail: Option<&'a str>) -> Said<'a> {
        Said {
            actor: Some("u-ann"),
            action,
            target,
            detail,
        }
    }

    #[test]
    fn events_read_as_sentences_with_addresses_for_ids() {
        let tr = Tr::default();
        let names: HashMap<String, String> = [
            ("u-ann".to_owned(), "ann@acme.example".to_owned()),
            ("u-bob".to_owned(), "bob@acme.example".to_owned()),
        ]
        .into();
        let s = |e: Said<'_>| sentence(&tr, &e, &names);
        let from = "enforced=false enforce_from=none strict=false -> enforced=true enforce_from=1797292800 strict=false";
        assert_eq!(
            s(said("org.mfa_policy_changed", Some("org-1"), Some(from))),
            "ann@acme.example turned on the 2FA requirement, from 15 Dec 2026"
        );
        let off = "enforced=true enforce_from=none -> enforced=false enforce_from=none";
        assert_eq!(
            s(said("org.mfa_policy_changed", None, Some(off))),
            "ann@acme.example turned off the 2FA requirement"
        );
        assert_eq!(
            s(said(
                "org.member_role_changed",
                Some("u-bob"),
                Some("member -> admin")
            )),
            "ann@acme.example made bob@acme.example admin"
        );
        assert_eq!(
            s(said(
                "org.mfa_reminders_sent",
                None,
                Some("queued=0 skipped=2")
            )),
            "ann@acme.example sent no 2FA reminder: everyone had one recently"
        );
        assert_eq!(
            s(said(
                "org.invitation_created",
                Some("cy@x.example"),
                Some("role=member")
            )),
            "ann@acme.example invited cy@x.example as member"
        );
        assert_eq!(
            s(said(
                "org.mfa_reminders_sent",
                None,
                Some("queued=3 skipped=1")
            )),
            "ann@acme.example sent 2FA reminders to 3 members"
        );
        // A deleted account's id stays; the background jobs are twofold.
        let gone = Said {
            actor: None,
            ..said("org.member_removed", Some("u-gone"), None)
        };
        assert_eq!(s(gone), "twofold removed u-gone");
        // Unknown codes still say something.
        assert_eq!(
            s(said("org.something_new", Some("x"), None)),
            "ann@acme.example: org.something_new (x)"
        );
    }
}
