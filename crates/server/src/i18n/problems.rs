//! What the console says for an error a service gave, in the page's language.

use crate::error::AppError;

/// The sentence a page shows for `e`.
pub fn error_text(e: &AppError) -> String {
    e.to_string()
}
