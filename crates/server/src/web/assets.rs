//! Static assets, embedded in the binary and served under names that carry a hash of their
//! content, so that browsers may cache them forever and a new build is fetched at once.

use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

const CSS: &str = include_str!("../../static/app.css");

/// `app.<first 12 hex digits of SHA-256>.css`
static CSS_NAME: LazyLock<String> = LazyLock::new(|| {
    let digest = Sha256::digest(CSS.as_bytes());
    let hex: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
    format!("app.{hex}.css")
});

/// The stylesheet's path, for the pages' `<link>`.
pub fn stylesheet_path() -> String {
    format!("/static/{}", *CSS_NAME)
}

pub async fn static_get(Path(file): Path<String>) -> Response {
    if file != *CSS_NAME {
        return (StatusCode::NOT_FOUND, "no such file").into_response();
    }
    let mut res = CSS.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/css; charset=utf-8"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    res
}
