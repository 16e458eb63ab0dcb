//! Phone numbers for SMS codes: parsed and normalised to E.164 by `phonenumber` (Google's
//! libphonenumber metadata), limited to the countries an operator allows, and to numbers that
//! can receive a text at a normal price.

use crate::ValidationError;
use crate::error::Invalid;

/// An ISO 3166-1 alpha-2 country code, upper case (`CH`, `FR`…).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CountryCode([u8; 2]);

impl CountryCode {
    /// # Errors
    /// When `raw` is not two ASCII letters.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        match raw.trim().as_bytes() {
            [a, b] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => {
                Ok(Self([a.to_ascii_uppercase(), b.to_ascii_uppercase()]))
            }
            _ => Err(ValidationError::because(
                "allowed_countries",
                Invalid::CountryCodes,
            )),
        }
    }

    pub fn as_str(&self) -> &str {
        // Both bytes are ASCII letters (checked by `parse`).
        std::str::from_utf8(&self.0).unwrap_or("??")
    }
}

impl std::fmt::Display for CountryCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The countries SMS codes may be sent to. The default is seed 001's: Switzerland, France,
/// Belgium and Germany.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowedCountries(Vec<CountryCode>);

impl AllowedCountries {
    pub const DEFAULT: [&'static str; 4] = ["CH", "FR", "BE", "DE"];

    /// # Errors
    /// When a code is not an ISO 3166-1 alpha-2 code.
    pub fn parse<S: AsRef<str>>(codes: &[S]) -> Result<Self, ValidationError> {
        let mut list = codes
            .iter()
            .map(|c| CountryCode::parse(c.as_ref()))
            .collect::<Result<Vec<_>, _>>()?;
        list.dedup();
        Ok(Self(list))
    }

    pub fn contains(&self, c: CountryCode) -> bool {
        self.0.contains(&c)
    }

    /// "CH, FR, BE, DE", for messages.
    pub fn describe(&self) -> String {
        self.0
            .iter()
            .map(CountryCode::as_str)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl Default for AllowedCountries {
    fn default() -> Self {
        Self(
            Self::DEFAULT
                .iter()
                .filter_map(|c| CountryCode::parse(c).ok())
                .collect(),
        )
    }
}

/// Why a phone number was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("{0}")]
    Invalid(ValidationError),
    /// A valid number of a country SMS codes are not sent to.
    #[error(
        "SMS codes are not sent to numbers of this country ({country}); allowed: {allowed}. Use an authenticator app or a security key instead"
    )]
    CountryNotAllowed { country: String, allowed: String },
}

/// A mobile phone number in E.164 form (`+41791234567`), of an allowed country.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneNumber {
    e164: String,
    country: CountryCode,
}

fn invalid(why: Invalid) -> PhoneError {
    PhoneError::Invalid(ValidationError::because("phone", why))
}

impl PhoneNumber {
    /// Parses a number as people type it, in international form (`+41 79 123 45 67`,
    /// `0041 79…`): no national form, since a number without its country cannot be checked
    /// against the allow-list.
    ///
    /// Fixed lines, premium-rate, shared-cost and other service numbers are refused: they
    /// cannot receive a text, and premium-rate ones are what SMS-pumping fraud sends to.
    ///
    /// # Errors
    /// `Invalid` for anything that is not a valid mobile number; `CountryNotAllowed` for one of
    /// a country outside `allowed`.
    pub fn parse(raw: &str, allowed: &AllowedCountries) -> Result<Self, PhoneError> {
        use phonenumber::{Mode, Type};
        let raw = raw.trim();
        if raw.is_empty() || raw.len() > 32 {
            return Err(invalid(Invalid::PhoneLength));
        }
        let international = raw.starts_with('+') || raw.starts_with("00");
        if !international {
            return Err(invalid(Invalid::PhoneInternational));
        }
        let normalised = raw
            .strip_prefix("00")
            .map_or_else(|| raw.to_owned(), |r| format!("+{r}"));
        let number =
            phonenumber::parse(None, &normalised).map_err(|_| invalid(Invalid::NotPhone))?;
        if !number.is_valid() {
            return Err(invalid(Invalid::PhoneInvalid));
        }
        let region = number
            .country()
            .id()
            .ok_or_else(|| invalid(Invalid::PhoneNoCountry))?;
        let country =
            CountryCode::parse(region.as_ref()).map_err(|_| invalid(Invalid::PhoneNoCountry))?;
        if !allowed.contains(country) {
            return Err(PhoneError::CountryNotAllowed {
                country: country.to_string(),
                allowed: allowed.describe(),
            });
        }
        match number.number_type(&phonenumber::metadata::DATABASE) {
            Type::Mobile | Type::FixedLineOrMobile => {}
            _ => {
                return Err(invalid(Invalid::PhoneMobile));
            }
        }
        Ok(Self {
            e164: number.format().mode(Mode::E164).to_string(),
            country,
        })
    }

    /// Rebuilds a number stored by this crate (E.164, already checked when it was added).
    pub fn from_trusted(e164: String, country: CountryCode) -> Self {
        Self { e164, country }
    }

    pub fn e164(&self) -> &str {
        &self.e164
    }

    pub fn country(&self) -> CountryCode {
        self.country
    }

    /// The number with all but its country code and last two digits hidden (`+41 ••• •• 67`),
    /// for pages and emails that should not reveal the whole number.
    pub fn masked(&self) -> String {
        masked(&self.e164)
    }
}

/// [`PhoneNumber::masked`] for a stored E.164 string.
pub fn masked(e164: &str) -> String {
    let digits: Vec<char> = e164.chars().filter(char::is_ascii_digit).collect();
    // Country codes are 1 to 3 digits; showing two leaves the country recognisable for the
    // common European and North American codes without needing the metadata again.
    let cc = digits.len().min(2);
    let tail = digits.len().saturating_sub(2).max(cc);
    let head: String = digits[..cc].iter().collect();
    let end: String = digits[tail..].iter().collect();
    let hidden = "•".repeat(tail - cc);
    format!("+{head} {hidden} {end}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn default() -> AllowedCountries {
        AllowedCountries::default()
    }

    #[test]
    fn mobile_numbers_of_allowed_countries_are_normalised_to_e164() {
        for (raw, e164, country) in [
            ("+41 79 123 45 67", "+41791234567", "CH"),
            ("0041791234567", "+41791234567", "CH"),
            ("+33 6 12 34 56 78", "+33612345678", "FR"),
            ("+32 470 12 34 56", "+32470123456", "BE"),
            ("+49 151 23456789", "+4915123456789", "DE"),
        ] {
            let n = PhoneNumber::parse(raw, &default()).unwrap_or_else(|e| panic!("{raw}: {e}"));
            assert_eq!(n.e164(), e164);
            assert_eq!(n.country().as_str(), country);
        }
    }

    #[test]
    fn other_countries_are_refused_by_name() {
        let us = PhoneNumber::parse("+1 202 555 0123", &default());
        assert!(
            matches!(&us, Err(PhoneError::CountryNotAllowed { country, .. }) if country == "US"),
            "{us:?}"
        );
        let uk = PhoneNumber::parse("+44 7400 123456", &default());
        assert!(matches!(uk, Err(PhoneError::CountryNotAllowed { .. })));
        let allow_uk = AllowedCountries::parse(&["gb"]).unwrap_or_else(|e| panic!("{e}"));
        assert!(PhoneNumber::parse("+44 7400 123456", &allow_uk).is_ok());
    }

    #[test]
    fn garbage_landlines_and_premium_numbers_are_invalid() {
        for raw in [
            "",
            "hello",
            "079 123 45 67",
            "+41 12",
            "+41 44 668 18 00",
            "+41 900 123 456",
            "+33 8 99 12 34 56",
            "+999 1234567",
            &format!("+41{}", "1".repeat(40)),
        ] {
            let r = PhoneNumber::parse(raw, &default());
            assert!(matches!(r, Err(PhoneError::Invalid(_))), "{raw}: {r:?}");
        }
    }

    #[test]
    fn country_codes_parse_and_the_default_is_the_seeds_four() {
        assert_eq!(default().describe(), "CH, FR, BE, DE");
        assert!(AllowedCountries::parse(&["CHE"]).is_err());
        assert!(AllowedCountries::parse(&["1A"]).is_err());
        assert_eq!(
            CountryCode::parse("fr").map(|c| c.to_string()),
            Ok("FR".into())
        );
    }

    #[test]
    fn masking_keeps_the_country_and_the_last_two_digits() {
        assert_eq!(masked("+41791234567"), "+41 ••••••• 67");
        assert_eq!(masked("+4915123456789"), "+49 ••••••••• 89");
        assert!(!masked("+41791234567").contains("1234"));
    }
}
