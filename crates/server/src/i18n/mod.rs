//! The console's and the emails' words, in the account's or the browser's language.
//!
//! Every sentence a person reads lives in `locales/{en,fr,de,it}/*.ftl` (Project Fluent, through
//! `fluent-templates`); code names messages by id. A request's language is decided once, by
//! [`negotiate`] (the browser's `Accept-Language`), and replaced by the account's own choice when
//! a page finds the session ([`choose`]); pages and emails then ask [`current`]. An email goes in
//! its recipient's language (`services::mail`), whoever's request sends it.

mod format;
mod problems;

use std::cell::Cell;
use std::sync::LazyLock;

use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use domain::Locale;
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};
use time::OffsetDateTime;

pub use fluent_templates::fluent_bundle::FluentValue as Arg;
pub use problems::error_text;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // No Unicode isolation marks around placeables: our values are addresses, names and
        // numbers shown in left-to-right languages, and the marks would end up in emails.
        customise: |bundle| {
            bundle.set_use_isolating(false);
            bundle.set_formatter(Some(format::number_formatter(&bundle.locales)));
        },
    };
}

/// The language identifiers of [`Locale::ALL`], in that order.
static IDS: LazyLock<[LanguageIdentifier; 4]> = LazyLock::new(|| {
    Locale::ALL.map(|l| {
        l.as_str()
            .parse()
            .unwrap_or_else(|_| LanguageIdentifier::default())
    })
});

/// The words of one language: what pages and emails are written with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tr(Locale);

impl Tr {
    pub fn new(locale: Locale) -> Self {
        Self(locale)
    }

    pub fn locale(self) -> Locale {
        self.0
    }

    /// The `lang` attribute of pages.
    pub fn lang(&self) -> &'static str {
        self.0.as_str()
    }

    fn id(self) -> &'static LanguageIdentifier {
        let i = Locale::ALL.iter().position(|l| *l == self.0).unwrap_or(0);
        &IDS[i]
    }

    /// The message `id` (or `id.attribute`) with `args`. A message missing in this language
    /// falls back to English, and one missing everywhere shows its id (the `messages` test
    /// keeps both from shipping).
    pub fn with(&self, id: &str, args: &[(&str, Arg<'_>)]) -> String {
        let found = if args.is_empty() {
            LOCALES.try_lookup(self.id(), id)
        } else {
            let map = args
                .iter()
                .map(|(k, v)| (std::borrow::Cow::Owned((*k).to_owned()), v.clone()))
                .collect::<std::collections::HashMap<_, FluentValue<'_>>>();
            LOCALES.try_lookup_with_args(self.id(), id, &map)
        };
        found.unwrap_or_else(|| {
            tracing::warn!(message = id, locale = %self.0, "missing message");
            id.to_owned()
        })
    }

    /// The message `id` without arguments.
    pub fn t(&self, id: &str) -> String {
        self.with(id, &[])
    }

    /// The message `id` with one text argument.
    pub fn t1(&self, id: &str, k: &str, v: impl std::fmt::Display) -> String {
        self.with(id, &[(k, Arg::from(v.to_string()))])
    }

    /// The message `id` with two text arguments.
    pub fn t2(
        &self,
        id: &str,
        k1: &str,
        v1: impl std::fmt::Display,
        k2: &str,
        v2: impl std::fmt::Display,
    ) -> String {
        self.with(
            id,
            &[
                (k1, Arg::from(v1.to_string())),
                (k2, Arg::from(v2.to_string())),
            ],
        )
    }

    /// The message `id` with a count `k` (for its plural forms; shown in the locale's digits).
    pub fn n(&self, id: &str, k: &str, count: impl Into<i64>) -> String {
        let count: i64 = count.into();
        self.with(id, &[(k, Arg::from(count))])
    }

    /// The language's own name: `English`, `Français`, `Deutsch`, `Italiano`.
    pub fn autonym(&self) -> String {
        match self.0 {
            Locale::En => self.t("language-en"),
            Locale::Fr => self.t("language-fr"),
            Locale::De => self.t("language-de"),
            Locale::It => self.t("language-it"),
        }
    }

    /// A role's name: `owner`, `propriétaire`.
    pub fn role(&self, r: domain::Role) -> String {
        match r {
            domain::Role::Owner => self.t("role-owner"),
            domain::Role::LegalRepresentative => self.t("role-legal-representative"),
            domain::Role::Admin => self.t("role-admin"),
            domain::Role::Member => self.t("role-member"),
        }
    }

    /// A kind of second factor's name: `authenticator app`, `security key`.
    pub fn method(&self, k: domain::MethodKind) -> String {
        match k {
            domain::MethodKind::Webauthn => self.t("method-webauthn"),
            domain::MethodKind::Push => self.t("method-push"),
            domain::MethodKind::Totp => self.t("method-totp"),
            domain::MethodKind::Sms => self.t("method-sms"),
        }
    }

    /// A number in the locale's digits: `1,234` / `1 234` / `1.234`.
    pub fn number(&self, n: impl Into<i64>) -> String {
        format::group(self.0, &n.into().to_string())
    }

    /// A date: `5 Dec 2026` / `5 déc. 2026` / `5. Dez. 2026` / `5 dic 2026`.
    pub fn date(&self, t: OffsetDateTime) -> String {
        let t = t.to_offset(time::UtcOffset::UTC);
        let month = self.t(&format!("month-{}", u8::from(t.month())));
        self.with(
            "date",
            &[
                ("day", Arg::from(t.day().to_string())),
                ("month", Arg::from(month)),
                ("year", Arg::from(t.year().to_string())),
            ],
        )
    }

    /// A moment, in UTC: `5 Dec 2026, 14:05 UTC`.
    pub fn date_time(&self, t: OffsetDateTime) -> String {
        let t = t.to_offset(time::UtcOffset::UTC);
        let time = format!("{:02}:{:02}", t.hour(), t.minute());
        self.t2("date-time", "date", self.date(t), "time", time)
    }
}

tokio::task_local! {
    /// The language of the request being answered: the account's choice or the browser's.
    static CURRENT: Cell<Option<Locale>>;
}

/// The words of the request being answered (English outside a request).
pub fn current() -> Tr {
    Tr(chosen().unwrap_or_default())
}

/// The language the request's account or browser asked for, if any of ours.
pub fn chosen() -> Option<Locale> {
    CURRENT.try_with(Cell::get).ok().flatten()
}

/// Runs `work` in the language of the request that hands it over (to another thread or
/// runtime, where the request's own scope does not reach).
pub fn carried<F: std::future::Future>(work: F) -> impl std::future::Future<Output = F::Output> {
    CURRENT.scope(Cell::new(chosen()), work)
}

/// The account of this request chose `locale`: its pages speak it from now on.
pub fn choose(locale: Locale) {
    let _ = CURRENT.try_with(|c| c.set(Some(locale)));
}

/// Decides each request's language from its `Accept-Language`, for the request's lifetime; the
/// answer says it varies with that header.
pub async fn negotiate(req: Request, next: Next) -> Response {
    let locale = req
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(Locale::from_accept_language);
    let mut res = CURRENT.scope(Cell::new(locale), next.run(req)).await;
    res.headers_mut()
        .append(header::VARY, HeaderValue::from_static("accept-language"));
    res
}

#[cfg(test)]
mod tests;
