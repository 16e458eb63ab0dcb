//! The cookies twofold sets: their names, attributes and reading, in one place.
//!
//! # Security
//! Under https (`Secure` cookies) every name carries the `__Host-` prefix: browsers then accept
//! the cookie only with `Secure`, `Path=/` and no `Domain`, so a sibling host
//! (`evil.example.org` beside `id.example.org`) can neither plant nor overwrite it
//! (RFC 6265bis §4.1.3.2). Only the prefixed name is read then: an unprefixed cookie is
//! whatever someone else planted.

use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};

use crate::services::second_step::Passed;
use crate::services::sessions::{KNOWN_DEVICE_LIFETIME, SignedIn};
use crate::state::AppState;

/// The cookies, by what they hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Jar {
    /// A browser's session token (API contract: `twofold_session`).
    Session,
    /// A remembered device's secret (API contract: `twofold_device`).
    Device,
    /// The double-submit token of signed-out forms.
    Form,
    /// A browser that signed in to an account before (`domain::known_device`).
    Known,
}

impl Jar {
    /// The cookie's name on a server whose cookies are `Secure` or not.
    pub fn name(self, secure: bool) -> &'static str {
        match (self, secure) {
            (Self::Session, false) => "twofold_session",
            (Self::Session, true) => "__Host-twofold_session",
            (Self::Device, false) => "twofold_device",
            (Self::Device, true) => "__Host-twofold_device",
            (Self::Form, false) => "twofold_form",
            (Self::Form, true) => "__Host-twofold_form",
            (Self::Known, false) => "twofold_known",
            (Self::Known, true) => "__Host-twofold_known",
        }
    }

    fn same_site(self) -> SameSite {
        match self {
            // Followed links into the console keep their session.
            Self::Session | Self::Device | Self::Known => SameSite::Lax,
            Self::Form => SameSite::Strict,
        }
    }
}

/// The `Set-Cookie` value: `HttpOnly`, `Path=/`, `Secure` under https; without `max_age` a
/// browser-session cookie that dies with the browser.
pub fn set(st: &AppState, jar: Jar, value: &str, max_age: Option<time::Duration>) -> String {
    let mut cookie = Cookie::build((jar.name(st.cookie_secure), value.to_owned()))
        .path("/")
        .http_only(true)
        .same_site(jar.same_site())
        .secure(st.cookie_secure);
    if let Some(max_age) = max_age {
        cookie = cookie.max_age(max_age);
    }
    cookie.build().to_string()
}

/// The `Set-Cookie` value that asks the next page to offer a passkey (`app.js` shows the offer
/// and removes the cookie). Not `HttpOnly`, since the script reads it; it says nothing secret,
/// and grants nothing: the offer's button is an ordinary form behind the session and its CSRF
/// token.
pub fn offer_passkey(st: &AppState) -> String {
    let name = if st.cookie_secure {
        "__Host-twofold_offer"
    } else {
        "twofold_offer"
    };
    Cookie::build((name, "passkey"))
        .path("/")
        .same_site(SameSite::Strict)
        .secure(st.cookie_secure)
        .max_age(time::Duration::minutes(5))
        .build()
        .to_string()
}

/// The `Set-Cookie` value that removes the cookie.
pub fn expire(st: &AppState, jar: Jar) -> String {
    set(st, jar, "", Some(time::Duration::ZERO))
}

/// The cookies a sign-in sets: the session's (for a browser only: native apps and sync tools
/// get the token alone) and a new device cookie when the client had no valid one.
pub fn after_sign_in(st: &AppState, signed_in: &SignedIn, browser: bool) -> Vec<String> {
    let session = browser.then(|| {
        set(
            st,
            Jar::Session,
            signed_in.token.expose(),
            signed_in.cookie_max_age,
        )
    });
    let known = signed_in
        .known_device
        .as_deref()
        .map(|v| set(st, Jar::Known, v, Some(KNOWN_DEVICE_LIFETIME)));
    session.into_iter().chain(known).collect()
}

/// The cookies a passed second step sets: the session's new token (for a browser) and, when
/// remembered, the device's.
pub fn after_step(st: &AppState, passed: &Passed, browser: bool) -> Vec<String> {
    let session = browser.then(|| {
        set(
            st,
            Jar::Session,
            passed.token.expose(),
            passed.cookie_max_age,
        )
    });
    let device = passed
        .device
        .as_ref()
        .map(|(token, lifetime)| set(st, Jar::Device, token.expose(), Some(*lifetime)));
    session.into_iter().chain(device).collect()
}

/// Adds `Set-Cookie` headers to an answer.
pub fn append(res: &mut Response, cookies: Vec<String>) {
    for cookie in cookies {
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
}

/// The cookie's value in a request, under this server's name for it.
pub fn get(st: &AppState, jar: Jar, headers: &HeaderMap) -> Option<String> {
    CookieJar::from_headers(headers)
        .get(jar.name(st.cookie_secure))
        .map(|c| c.value().to_owned())
}

#[cfg(test)]
mod tests {
    use super::Jar;

    #[test]
    fn secure_cookies_carry_the_host_prefix() {
        for jar in [Jar::Session, Jar::Device, Jar::Form, Jar::Known] {
            assert!(jar.name(true).starts_with("__Host-"));
            assert_eq!(
                jar.name(true).strip_prefix("__Host-"),
                Some(jar.name(false))
            );
        }
        assert_eq!(Jar::Session.name(false), "twofold_session");
        assert_eq!(Jar::Device.name(false), "twofold_device");
    }
}
