//! The account's language: English, French, German, Italian, or whatever the browser asks for.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::Locale;
use serde::Deserialize;

use super::extract::{CsrfForm, Here, Setup, WebSession};
use super::session::{Chrome, WebError, page};
use crate::i18n::{self, Tr};
use crate::services::language;
use crate::state::AppState;

/// One choice of the form.
struct Choice {
    value: &'static str,
    /// The language's own name (`Français`), readable by whoever speaks it.
    name: String,
    /// Its `lang` attribute, so screen readers pronounce the name right.
    lang: &'static str,
    checked: bool,
}

#[derive(Template)]
#[template(path = "language.html")]
struct LanguagePage {
    chrome: Chrome,
    choices: Vec<Choice>,
}

fn choices(tr: Tr, current: Option<Locale>) -> Vec<Choice> {
    let browser = Choice {
        value: "browser",
        name: tr.t("language-browser"),
        lang: tr.lang(),
        checked: current.is_none(),
    };
    std::iter::once(browser)
        .chain(Locale::ALL.into_iter().map(|l| Choice {
            value: l.as_str(),
            name: Tr::new(l).autonym(),
            lang: l.as_str(),
            checked: current == Some(l),
        }))
        .collect()
}

#[derive(Deserialize)]
pub struct Saved {
    saved: Option<String>,
}

pub async fn language_get(
    State(st): State<AppState>,
    Query(q): Query<Saved>,
    WebSession { auth, .. }: WebSession<Setup, Here>,
) -> Response {
    let mut chrome = Chrome::signed_in(&st, &auth);
    if q.saved.is_some() {
        chrome.flash = Some(chrome.tr.t("language-saved"));
    }
    let choices = choices(chrome.tr, auth.session.locale);
    page(StatusCode::OK, &LanguagePage { chrome, choices })
}

#[derive(Deserialize)]
pub struct LanguageForm {
    locale: String,
}

pub async fn language_post(
    State(st): State<AppState>,
    CsrfForm {
        auth, form, back, ..
    }: CsrfForm<LanguageForm, Setup, Here>,
) -> Result<Response, WebError> {
    let locale = match form.locale.as_str() {
        "browser" => None,
        code => Some(
            Locale::parse(code)
                .map_err(|v| WebError::from_app(crate::error::AppError::Validation(v), &back))?,
        ),
    };
    language::set(&st, &auth, locale)
        .await
        .map_err(|e| WebError::from_app(e, &back))?;
    // The answer is already in the new language when the browser follows the redirect.
    if let Some(l) = locale {
        i18n::choose(l);
    }
    Ok(Redirect::to("/account/language?saved=1").into_response())
}
