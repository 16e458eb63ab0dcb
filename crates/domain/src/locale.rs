//! The languages the console and the emails speak, and how a browser's `Accept-Language` picks
//! one.

use crate::ValidationError;
use crate::error::Invalid;

/// A language twofold speaks. Stored per account (`en`, `fr`, `de`, `it`); an account without
/// one follows its browser.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Locale {
    #[default]
    En,
    Fr,
    De,
    It,
}

impl Locale {
    /// Every language, in the order a picker lists them.
    pub const ALL: [Locale; 4] = [Locale::En, Locale::Fr, Locale::De, Locale::It];

    /// One of the codes `en`, `fr`, `de`, `it`, as stored and as the API takes it.
    ///
    /// # Errors
    /// Any other value.
    pub fn parse(code: &str) -> Result<Self, ValidationError> {
        Self::ALL
            .into_iter()
            .find(|l| l.as_str() == code)
            .ok_or_else(|| ValidationError::because("locale", Invalid::OneOf("en, fr, de, it")))
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Fr => "fr",
            Locale::De => "de",
            Locale::It => "it",
        }
    }

    /// The language a browser prefers among ours, from its `Accept-Language` header (RFC 9110
    /// §12.5.4): highest weight first, earlier first among equal weights, `q=0` meaning "not
    /// this one"; only the primary subtag matters (`fr-CH` is French). `None` when the browser
    /// names none of ours.
    ///
    /// Written here rather than taken from `fluent-langneg`, whose parser ignores the weights;
    /// four languages matched on their primary subtag need nothing more.
    pub fn from_accept_language(header: &str) -> Option<Self> {
        let mut best: Option<(u16, Locale)> = None;
        for item in header.split(',').take(32) {
            let mut parts = item.split(';');
            let tag = parts.next().unwrap_or("").trim();
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(Some(1000), weight);
            let Some(q) = q else { continue };
            let primary = tag.split(['-', '_']).next().unwrap_or("");
            let Some(locale) = Self::ALL
                .into_iter()
                .find(|l| l.as_str().eq_ignore_ascii_case(primary))
            else {
                continue;
            };
            if q > 0 && best.is_none_or(|(b, _)| q > b) {
                best = Some((q, locale));
            }
        }
        best.map(|(_, l)| l)
    }
}

/// A weight `0` … `1` with up to three decimals, in thousandths; `None` when malformed.
fn weight(raw: &str) -> Option<u16> {
    let raw = raw.trim();
    let (int, frac) = raw.split_once('.').unwrap_or((raw, ""));
    if frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths: u16 = format!("{frac:0<3}").parse().ok()?;
    match int {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

impl std::fmt::Display for Locale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_parse_and_nothing_else_does() {
        for l in Locale::ALL {
            assert_eq!(Locale::parse(l.as_str()), Ok(l));
        }
        for bad in ["", "EN", "fr-CH", "es", "english"] {
            assert!(Locale::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_browsers_preference_picks_among_ours() {
        let cases = [
            (
                "fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5",
                Some(Locale::Fr),
            ),
            ("de-DE", Some(Locale::De)),
            ("it", Some(Locale::It)),
            ("es-ES, it;q=0.4", Some(Locale::It)),
            ("en;q=0.5, de;q=0.9", Some(Locale::De)),
            ("de;q=0.9, fr;q=0.9", Some(Locale::De)),
            ("fr;q=0, en", Some(Locale::En)),
            ("fr;q=0", None),
            ("es, pt", None),
            ("", None),
            ("fr;q=2, de;q=0.1", Some(Locale::De)),
            ("FR", Some(Locale::Fr)),
            ("*", None),
        ];
        for (header, want) in cases {
            assert_eq!(Locale::from_accept_language(header), want, "{header}");
        }
    }

    #[test]
    fn weights_are_read_to_three_decimals() {
        assert_eq!(weight("1"), Some(1000));
        assert_eq!(weight("1.000"), Some(1000));
        assert_eq!(weight("0.5"), Some(500));
        assert_eq!(weight("0.125"), Some(125));
        assert_eq!(weight("0"), Some(0));
        for bad in ["1.5", "0.1234", "x", "", "-1", "0.a"] {
            assert_eq!(weight(bad), None, "{bad}");
        }
    }
}
