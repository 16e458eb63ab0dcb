//! The emails twofold sends, queued in the caller's transaction (the outbox delivers them), in
//! their recipient's language: the language its account chose, else the language of the request
//! that sends it (the inviter's, the browser's at sign-up), else English — decided in one
//! place, [`queue`]. Names other people chose (organizations', inviters', managers') appear only
//! through [`quoted`], so they cannot pose as twofold's own words.

use domain::sending::quoted;
use domain::{Email, MethodKind, Role};
use store::StoreError;
use store::outbox::NewEmail;
use time::OffsetDateTime;

use crate::i18n::{self, Arg, Tr};
use crate::services::work::Work;
use crate::state::AppState;

/// The language of the emails to `to`: its account's choice, else the language of the request
/// being answered, else English.
///
/// # Errors
/// On database failure.
async fn language_of(a: &mut Work<'_>, to: &Email) -> Result<Tr, StoreError> {
    let chosen = store::accounts::locale_of(a, to).await?;
    Ok(Tr::new(chosen.or_else(i18n::chosen).unwrap_or_default()))
}

/// Queues the email `write` makes (subject, text) in the language of `to`.
async fn queue(
    a: &mut Work<'_>,
    to: &Email,
    now: OffsetDateTime,
    write: impl FnOnce(&Tr) -> (String, String),
) -> Result<(), StoreError> {
    let tr = language_of(a, to).await?;
    let (subject, body) = write(&tr);
    a.queued();
    let id = domain::OutboxId::generate();
    store::outbox::enqueue_email(
        a,
        &NewEmail {
            id: id.as_str(),
            recipient: to.as_str(),
            subject: &subject,
            body: &body,
        },
        now,
    )
    .await
}

/// An email's text: the greeting, then `paragraphs` separated by blank lines.
pub fn letter(tr: &Tr, paragraphs: &[String]) -> String {
    let mut out = tr.t("mail-hello");
    for p in paragraphs {
        out.push_str("\n\n");
        out.push_str(p);
    }
    out.push('\n');
    out
}

/// A kind of second factor as emails name it: `authenticator app`, `push approval app`.
pub fn method_name(tr: &Tr, k: MethodKind) -> String {
    match k {
        MethodKind::Webauthn => tr.t("mail-method-webauthn"),
        MethodKind::Push => tr.t("mail-method-push"),
        MethodKind::Totp => tr.t("mail-method-totp"),
        MethodKind::Sms => tr.t("mail-method-sms"),
    }
}

/// A value of a [`Notice`], shown in the recipient's language.
#[derive(Debug, Clone)]
enum Value {
    /// A message of the locales, said in the recipient's language.
    Words(&'static str),
    Text(String),
    Count(i64),
    Method(MethodKind),
    Moment(OffsetDateTime),
}

/// A security notice: what changed on an account, as a message of `locales/*/email.ftl` (its
/// value the sentence, its `.subject` attribute the subject) and the values it shows. Written
/// in the recipient's language when it is queued.
#[derive(Debug, Clone)]
pub struct Notice {
    id: &'static str,
    args: Vec<(&'static str, Value)>,
}

impl Notice {
    /// The notice of message `id` (`mail-notice-…`).
    pub fn new(id: &'static str) -> Self {
        Self {
            id,
            args: Vec::new(),
        }
    }

    /// With a text value: a name, a label, an address (names others chose go through
    /// [`quoted`] first).
    #[must_use]
    pub fn text(mut self, k: &'static str, v: impl std::fmt::Display) -> Self {
        self.args.push((k, Value::Text(v.to_string())));
        self
    }

    /// With a number (for plural forms).
    #[must_use]
    pub fn count(mut self, k: &'static str, n: impl Into<i64>) -> Self {
        self.args.push((k, Value::Count(n.into())));
        self
    }

    /// With the name of a kind of second factor.
    #[must_use]
    pub fn method(mut self, k: &'static str, kind: MethodKind) -> Self {
        self.args.push((k, Value::Method(kind)));
        self
    }

    /// With words of the locales (message `id`), in the recipient's language.
    #[must_use]
    pub fn words(mut self, k: &'static str, id: &'static str) -> Self {
        self.args.push((k, Value::Words(id)));
        self
    }

    /// With a moment, written as the recipient's language writes it.
    #[must_use]
    pub fn moment(mut self, k: &'static str, t: OffsetDateTime) -> Self {
        self.args.push((k, Value::Moment(t)));
        self
    }

    /// The subject and the sentence in `tr`'s language.
    pub fn render(&self, tr: &Tr) -> (String, String) {
        let args: Vec<(&str, Arg<'_>)> = self
            .args
            .iter()
            .map(|(k, v)| {
                let v = match v {
                    Value::Text(s) => Arg::from(s.clone()),
                    Value::Count(n) => Arg::from(*n),
                    Value::Method(m) => Arg::from(method_name(tr, *m)),
                    Value::Moment(t) => Arg::from(tr.date_time(*t)),
                    Value::Words(id) => Arg::from(tr.t(id)),
                };
                (*k, v)
            })
            .collect();
        let subject = tr.with(&format!("{}.subject", self.id), &args);
        (subject, tr.with(self.id, &args))
    }
}

/// What an invitation email says.
pub struct Invitation<'a> {
    pub to: &'a Email,
    pub org_name: &'a str,
    pub inviter: &'a str,
    pub role: Role,
    pub token: &'a str,
    /// The newcomer's link: creates the account (its address proved by this email) and joins.
    pub join: &'a str,
    pub expires_at: OffsetDateTime,
    /// The organization enforces 2FA: the invitee must set it up before accepting.
    pub requires_mfa: bool,
    /// The invitation asks to manage the invitee's account.
    pub manage_account: bool,
}

/// The invitation: a link holding the secret token. In the invitee's account's language, else
/// the inviter's.
///
/// # Errors
/// On database failure.
pub async fn invitation(
    a: &mut Work<'_>,
    st: &AppState,
    inv: &Invitation<'_>,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let (org, inviter) = (quoted(inv.org_name), quoted(inv.inviter));
    let (token, join, url) = (inv.token, inv.join, &st.public_url);
    queue(a, inv.to, now, |tr| {
        let mut p = vec![tr.with(
            "mail-invitation-invited",
            &[
                ("inviter", Arg::from(inviter.as_str())),
                ("org", Arg::from(org.as_str())),
                ("role", Arg::from(tr.role(inv.role))),
            ],
        )];
        if inv.requires_mfa {
            p.push(tr.t1("mail-invitation-requires-mfa", "org", &org));
        }
        if inv.manage_account {
            let json = "{\"accept_management\": true}";
            p.push(tr.t2("mail-invitation-manage", "org", &org, "json", json));
        }
        p.push(format!(
            "{}\n{url}/invitations/{token}",
            tr.t("mail-invitation-accept")
        ));
        p.push(format!(
            "{}\n{url}/join/{join}",
            tr.t("mail-invitation-join")
        ));
        let api = format!("POST {url}/api/v1/invitations/{token}/accept");
        p.push(tr.t1("mail-api", "request", api));
        let expires = tr.date_time(inv.expires_at);
        p.push(tr.t1("mail-invitation-expires", "expires", expires));
        let subject = tr.t1("mail-invitation-subject", "org", &org);
        (subject, letter(tr, &p))
    })
    .await
}

/// Tells a member their role changed.
///
/// # Errors
/// On database failure.
pub async fn role_changed(
    a: &mut Work<'_>,
    to: &Email,
    org_name: &str,
    role: Role,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let org = quoted(org_name);
    queue(a, to, now, |tr| {
        let now_is = tr.t2("mail-role-changed", "org", &org, "role", tr.role(role));
        let body = format!("{now_is}\n{}", tr.t("mail-contact-owners"));
        let subject = tr.t1("mail-role-changed-subject", "org", &org);
        (subject, letter(tr, &[body]))
    })
    .await
}

/// Tells a member they were removed.
///
/// # Errors
/// On database failure.
pub async fn removed(
    a: &mut Work<'_>,
    to: &Email,
    org_name: &str,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let org = quoted(org_name);
    queue(a, to, now, |tr| {
        let gone = tr.t1("mail-removed", "org", &org);
        let body = format!("{gone}\n{}", tr.t("mail-contact-owners"));
        let subject = tr.t1("mail-removed-subject", "org", &org);
        (subject, letter(tr, &[body]))
    })
    .await
}

/// A security notice to an account holder: what changed on their account, and what to do if it
/// was not them. Never carries a secret.
///
/// # Errors
/// On database failure.
pub async fn notice(
    a: &mut Work<'_>,
    to: &Email,
    notice: &Notice,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    queue(a, to, now, |tr| {
        let (subject, what_happened) = notice.render(tr);
        let when = tr.t1("mail-notice-when", "at", tr.date_time(now));
        let body = letter(tr, &[what_happened, when, tr.t("mail-notice-advice")]);
        (subject, body)
    })
    .await
}

/// The link that proves a new account's address (the account cannot sign in before). It names
/// when that account signed up: a link for an account someone else made with the address (a
/// later sign-up replaces an earlier one) must not look like the holder's own.
///
/// # Errors
/// On database failure.
pub async fn verify_address(
    a: &mut Work<'_>,
    st: &AppState,
    to: &Email,
    token: &str,
    signed_up_at: OffsetDateTime,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let url = &st.public_url;
    queue(a, to, now, |tr| {
        let until = signed_up_at + domain::signup::UNVERIFIED_LIFETIME;
        let at = tr.date_time(signed_up_at);
        let confirm = tr.t2(
            "mail-verify-confirm",
            "at",
            at,
            "until",
            tr.date_time(until),
        );
        // No API call offered here, unlike the other links: the API confirms with the token
        // alone, and the page asks for the password chosen at sign-up, so that the address's
        // holder cannot be led to confirm an account someone else made with it.
        let days = domain::signup::UNVERIFIED_LIFETIME.whole_days();
        let p = [
            format!("{confirm}\n{url}/accounts/verify?token={token}"),
            tr.n("mail-verify-ignore", "days", days),
        ];
        (tr.t("mail-verify-subject"), letter(tr, &p))
    })
    .await
}

/// A link that confirms a new address for an account.
///
/// # Errors
/// On database failure.
pub async fn email_change(
    a: &mut Work<'_>,
    st: &AppState,
    to: &Email,
    token: &str,
    expires_at: OffsetDateTime,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let url = &st.public_url;
    queue(a, to, now, |tr| {
        let confirm = tr.t1(
            "mail-email-change-confirm",
            "until",
            tr.date_time(expires_at),
        );
        let json = format!("{{\"token\": \"{token}\"}}");
        let api = format!("POST {url}/api/v1/me/email/confirm");
        let p = [
            format!("{confirm}\n{url}/account/email/confirm/{token}"),
            tr.t2("mail-api-with", "request", api, "json", json),
            tr.t("mail-email-change-ignore"),
        ];
        (tr.t("mail-email-change-subject"), letter(tr, &p))
    })
    .await
}

/// A link to choose a new password (asked for on the sign-in page or the API). Says that the
/// second factor is still asked at sign-in, and what to do when the holder did not ask.
///
/// # Errors
/// On database failure.
pub async fn password_reset(
    a: &mut Work<'_>,
    st: &AppState,
    to: &Email,
    token: &str,
    expires_at: OffsetDateTime,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let url = &st.public_url;
    queue(a, to, now, |tr| {
        let choose = tr.t1("mail-reset-choose", "until", tr.date_time(expires_at));
        let json = "{\"new_password\": \"…\"}";
        let api = format!("POST {url}/api/v1/password-reset/{token}");
        let p = [
            format!("{choose}\n{url}/password-reset/{token}"),
            tr.t2("mail-api-with", "request", api, "json", json),
            tr.t("mail-reset-effects"),
            tr.t("mail-reset-ignore"),
        ];
        (tr.t("mail-reset-subject"), letter(tr, &p))
    })
    .await
}

/// A manager's "security alert": the member's own security settings, summarized by `summary`
/// in the member's language.
///
/// # Errors
/// On database failure.
pub async fn security_alert(
    a: &mut Work<'_>,
    to: &Email,
    (org_name, sender): (&str, &str),
    summary: impl FnOnce(&Tr) -> String,
    public_url: &str,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let (org, sender) = (quoted(org_name), quoted(sender));
    queue(a, to, now, |tr| {
        let review = tr.t2("mail-alert-review", "sender", &sender, "org", &org);
        let url = format!("{public_url}/account/security");
        let p = [
            review,
            format!(
                "{}\n{}",
                summary(tr),
                tr.t1("mail-alert-advice", "url", url)
            ),
        ];
        (tr.t1("mail-alert-subject", "org", &org), letter(tr, &p))
    })
    .await
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use domain::Locale;

    use super::*;

    /// The messages (and `id.attribute`s) of the English email file.
    fn english() -> Vec<String> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales/en/email.ftl");
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let res =
            fluent_syntax::parser::parse(text.as_str()).unwrap_or_else(|(_, e)| panic!("{e:?}"));
        let mut out = Vec::new();
        for entry in res.body {
            if let fluent_syntax::ast::Entry::Message(m) = entry {
                for a in &m.attributes {
                    out.push(format!("{}.{}", m.id.name, a.id.name));
                }
                out.push(m.id.name.to_owned());
            }
        }
        out
    }

    /// Every notice the services name exists in English with its subject (the message-file
    /// test then holds every language to English's messages).
    #[test]
    fn every_notice_the_services_name_exists() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("src")
            .join("services");
        let en = english();
        let mut named = 0;
        for e in std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .flatten()
        {
            let text = std::fs::read_to_string(e.path()).unwrap_or_else(|e| panic!("{e}"));
            for (at, _) in text.match_indices("Notice::new(\"") {
                let rest = &text[at + "Notice::new(\"".len()..];
                let id = rest.split('"').next().unwrap_or_default();
                named += 1;
                for id in [id.to_owned(), format!("{id}.subject")] {
                    assert!(
                        en.contains(&id),
                        "{} names {id}, which email.ftl lacks",
                        e.path().display()
                    );
                }
            }
        }
        assert!(named > 20, "the scan found the notices: {named}");
    }

    #[test]
    fn a_notice_speaks_its_recipients_language() {
        let n = Notice::new("mail-notice-method-added")
            .method("method", MethodKind::Totp)
            .text("label", "Phone");
        let (subject, text) = n.render(&Tr::new(Locale::En));
        assert_eq!(subject, "A two-factor method was added to your account");
        assert_eq!(
            text,
            "A second factor was added to your twofold account: authenticator app \"Phone\"."
        );
        let (subject, text) = n.render(&Tr::new(Locale::Fr));
        assert!(subject.contains("facteur"), "{subject}");
        assert_eq!(
            text,
            "Un second facteur a été ajouté à votre compte twofold : application \
             d’authentification « Phone »."
        );
    }

    #[test]
    fn letters_are_paragraphs() {
        let tr = Tr::new(Locale::En);
        assert_eq!(
            letter(&tr, &["One.".to_owned(), "Two.".to_owned()]),
            "Hello,\n\nOne.\n\nTwo.\n"
        );
    }
}
