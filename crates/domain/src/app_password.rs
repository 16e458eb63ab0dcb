//! Application passwords: random passwords for sync tools (mail, calendar, file sync), one per
//! tool, shown once and stored only as a keyed hash.

use zeroize::Zeroizing;

use crate::recovery::{in_alphabet, random_string};

/// Characters of an app password, from the unambiguous alphabet: 24 × log2(31) ≈ 119 bits, far
/// beyond online guessing, so a keyed hash (not a slow password hash) protects it at rest.
pub const LENGTH: usize = 24;

/// An application password.
#[derive(Clone, PartialEq, Eq)]
pub struct AppPassword(Zeroizing<String>);

impl std::fmt::Debug for AppPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AppPassword(<redacted>)")
    }
}

impl AppPassword {
    /// # Errors
    /// When the OS random generator fails.
    pub fn generate() -> Result<Self, crate::token::RandomError> {
        random_string(LENGTH).map(Self)
    }

    /// Accepts a password as a sync tool sends it: any case, with or without the hyphens
    /// between groups. Anything else cannot be an app password.
    pub fn parse(raw: &str) -> Option<Self> {
        let compact: String = raw
            .chars()
            .filter(|c| *c != '-')
            .map(|c| c.to_ascii_lowercase())
            .collect();
        (compact.len() == LENGTH && in_alphabet(&compact)).then(|| Self(Zeroizing::new(compact)))
    }

    /// The canonical form, which is what gets hashed.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Groups of four for reading and typing.
    pub fn grouped(&self) -> String {
        self.0
            .as_bytes()
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join("-")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_passwords_parse_back_in_any_presentation() {
        let p = AppPassword::generate().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.expose().len(), 24);
        assert_eq!(p.grouped().len(), 29);
        assert_eq!(AppPassword::parse(&p.grouped()).as_ref(), Some(&p));
        assert_eq!(
            AppPassword::parse(&p.grouped().to_uppercase()).as_ref(),
            Some(&p)
        );
        assert_ne!(AppPassword::generate().ok(), Some(p));
    }

    #[test]
    fn other_strings_are_not_app_passwords() {
        for bad in [
            "",
            "correct horse battery staple",
            "abcd-efgh",
            "0000-0000-0000-0000-0000-0000",
        ] {
            assert!(AppPassword::parse(bad).is_none(), "{bad}");
        }
    }
}
