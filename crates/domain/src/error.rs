//! The one error a parser in this crate returns: which field, and why, in words a user can act on.

/// A value that failed validation. `field` names the input (`email`, `password`…) so the HTTP
/// layer can point at it; `reason` is a sentence for humans.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct ValidationError {
    pub field: &'static str,
    pub reason: String,
}

impl ValidationError {
    pub fn new(field: &'static str, reason: impl Into<String>) -> Self {
        Self {
            field,
            reason: reason.into(),
        }
    }
}
