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
        // PostgreSQL refuses a NUL in any text it is given; no sort key or id holds one.
        if key.contains('\0') || id.contains('\0') {
            return Err(bad());
        }
        Ok(Self {
            key: key.to_owned(),
            id: id.to_owned(),
        })
    }
}

/// The longest search kept: an email address's length.
pub const SEARCH_MAX_CHARS: usize = 254;

/// The text a list is searched for, trimmed; `None` when there is none.
///
/// # Errors
/// When it is longer than [`SEARCH_MAX_CHARS`] or holds a NUL, which PostgreSQL refuses in any
/// text it is given (no name or address has one).
pub fn search(raw: Option<&str>) -> Result<Option<String>, ValidationError> {
    let text = raw.map(str::trim).unwrap_or_default();
    if text.chars().count() > SEARCH_MAX_CHARS {
        return Err(ValidationError::because(
            "q",
            Invalid::TooLong(SEARCH_MAX_CHARS),
        ));
    }
    if text.contains('\0') {
        return Err(ValidationError::because("q", Invalid::ControlCharacters));
    }
    Ok((!text.is_empty()).then(|| text.to_owned()))
}

/// What a page can still search for of `raw`: trimmed, without NULs, cut to
/// [`SEARCH_MAX_CHARS`]. A page shows what it searched for instead of refusing.
pub fn search_lenient(raw: Option<&str>) -> String {
    raw.map(str::trim)
        .unwrap_or_default()
        .chars()
        .filter(|&c| c != '\0')
        .take(SEARCH_MAX_CHARS)
        .collect()
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
        // An address may quote a tab: the cursor after it is still one.
        let tab = Cursor {
            key: "\"a\tb\"@example.org".into(),
            id: "0190-x".into(),
        };
        assert_eq!(Cursor::parse(&tab.encode()), Ok(tab));
    }

    #[test]
    fn a_search_is_trimmed_short_text_without_a_nul() {
        assert_eq!(search(Some("  ann ")), Ok(Some("ann".to_owned())));
        assert_eq!(search(Some("   ")), Ok(None));
        assert_eq!(search(None), Ok(None));
        for bad in ["a\0b".to_owned(), "q".repeat(SEARCH_MAX_CHARS + 1)] {
            assert_eq!(search(Some(&bad)).map_err(|e| e.field), Err("q"), "{bad:?}");
        }
        assert_eq!(search_lenient(Some(" own\0er ")), "owner");
        assert_eq!(
            search_lenient(Some(&"é".repeat(300))).chars().count(),
            SEARCH_MAX_CHARS
        );
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
