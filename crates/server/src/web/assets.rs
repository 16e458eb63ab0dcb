//! Static assets, embedded in the binary and served under names that carry a hash of their
//! content, so that browsers may cache them forever and a new build is fetched at once.

use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

const CSS: &str = include_str!("../../static/app.css");
const JS: &str = include_str!("../../static/app.js");

/// `app.<first 12 hex digits of SHA-256>.<ext>`
fn hashed(content: &str, ext: &str) -> String {
    let digest = Sha256::digest(content.as_bytes());
    let hex: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
    format!("app.{hex}.{ext}")
}

static CSS_NAME: LazyLock<String> = LazyLock::new(|| hashed(CSS, "css"));
static JS_NAME: LazyLock<String> = LazyLock::new(|| hashed(JS, "js"));

/// The stylesheet's path, for the pages' `<link>`.
pub fn stylesheet_path() -> String {
    format!("/static/{}", *CSS_NAME)
}

/// The script's path, for the pages' `<script src>`.
pub fn script_path() -> String {
    format!("/static/{}", *JS_NAME)
}

pub async fn static_get(Path(file): Path<String>) -> Response {
    let (body, kind) = if file == *CSS_NAME {
        (CSS, "text/css; charset=utf-8")
    } else if file == *JS_NAME {
        (JS, "text/javascript; charset=utf-8")
    } else {
        return (StatusCode::NOT_FOUND, "no such file").into_response();
    };
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    res
}
