//! Keyset pagination: a page size within bounds and an opaque cursor naming the last row seen.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::ValidationError;
use crate::error::Invalid;

/// How many rows one page holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit(u32);

impl Limit {
    pub const DEFAULT: Limit = Limit(50);
    pub const MAX: u32 = 200;

    /// # Errors
    /// When outside 1..=200.
    pub fn parse(raw: Option<u32>) -> Result<Self, ValidationError> {
        match raw {
            None => Ok(Self::DEFAULT),
            Some(n) if (1..=Self::MAX).contains(&n) => Ok(Self(n)),
            Some(_) => Err(ValidationError::because(
                "limit",
                Invalid::Between(1, u64::from(Self::MAX)),
            )),
        }
    }

    pub fn get(self) -> u32 {
        self.0
    }
}

/// The position after which the next page starts: the sort key of the last row, then its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub key: String,
    pub id: String,
}

impl Cursor {
    pub fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(format!("{}\n{}", self.key, self.id))
    }

    /// # Errors
    /// When `raw` is not a cursor this server issued.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let bad = || ValidationError::because("cursor", Invalid::NotCursor);
        if raw.len() > 1024 {
            return Err(bad());
        }
        let bytes = URL_SAFE_NO_PAD.decode(raw).map_err(|_| bad())?;
        let text = String::from_utf8(bytes).map_err(|_| bad())?;
        let (key, id) = text.split_once('\n').ok_or_else(bad)?;
        // Sort keys are names and addresses, ids are UUIDs: none holds a control character, and
        // PostgreSQL refuses a NUL in any text it is given.
        if key.chars().chain(id.chars()).any(char::is_control) {
            return Err(bad());
        }
        Ok(Self {
            key: key.to_owned(),
            id: id.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip() {
        let c = Cursor {
            key: "ann@example.org".into(),
            id: "0190-x".into(),
        };
        assert_eq!(Cursor::parse(&c.encode()), Ok(c));
        assert!(Cursor::parse("!!").is_err());
        let nul = URL_SAFE_NO_PAD.encode("ann\0\n0190-x");
        assert!(Cursor::parse(&nul).is_err(), "a NUL is no sort key");
        assert!(Cursor::parse(&URL_SAFE_NO_PAD.encode("no-newline")).is_err());
    }

    #[test]
    fn limits_are_bounded() {
        assert_eq!(Limit::parse(None), Ok(Limit::DEFAULT));
        assert!(Limit::parse(Some(0)).is_err());
        assert!(Limit::parse(Some(201)).is_err());
        assert_eq!(Limit::parse(Some(200)).map(Limit::get), Ok(200));
    }

    proptest::proptest! {
        #[test]
        fn cursor_parse_never_panics(s in "\\PC*") {
            let _ = Cursor::parse(&s);
        }
    }
}
