//! Numbers in each language's digits. Fluent's own formatter prints `1234.5` in every
//! language; the four conventions we need are short enough to write here rather than pull in
//! ICU's data.

use domain::Locale;
use fluent_templates::LanguageIdentifier;
use fluent_templates::fluent_bundle::FluentValue;

/// `digits` (an optional `-`, digits, an optional `.` and fraction) with `locale`'s thousands
/// separator and decimal mark.
pub fn group(locale: Locale, digits: &str) -> String {
    let (thousands, decimal) = match locale {
        Locale::En => (",", "."),
        // French groups with a narrow no-break space (CLDR).
        Locale::Fr => ("\u{202f}", ","),
        Locale::De | Locale::It => (".", ","),
    };
    let (sign, rest) = digits.strip_prefix('-').map_or(("", digits), |r| ("-", r));
    let (int, frac) = rest
        .split_once('.')
        .map_or((rest, None), |(i, f)| (i, Some(f)));
    let mut out = String::with_capacity(digits.len() + 4);
    out.push_str(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push_str(thousands);
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push_str(decimal);
        out.push_str(f);
    }
    out
}

fn locale_of(ids: &[LanguageIdentifier]) -> Locale {
    ids.first()
        .and_then(|id| Locale::parse(id.language.as_str()).ok())
        .unwrap_or_default()
}

/// The formatter a bundle of `ids`' language uses for number arguments.
pub fn number_formatter<M>(
    ids: &[LanguageIdentifier],
) -> fn(&FluentValue<'_>, &M) -> Option<String> {
    match locale_of(ids) {
        Locale::En => en::<M>,
        Locale::Fr => fr::<M>,
        Locale::De => de::<M>,
        Locale::It => it::<M>,
    }
}

fn number(locale: Locale, v: &FluentValue<'_>) -> Option<String> {
    match v {
        FluentValue::Number(n) => Some(group(locale, &n.as_string())),
        _ => None,
    }
}

fn en<M>(v: &FluentValue<'_>, _: &M) -> Option<String> {
    number(Locale::En, v)
}
fn fr<M>(v: &FluentValue<'_>, _: &M) -> Option<String> {
    number(Locale::Fr, v)
}
fn de<M>(v: &FluentValue<'_>, _: &M) -> Option<String> {
    number(Locale::De, v)
}
fn it<M>(v: &FluentValue<'_>, _: &M) -> Option<String> {
    number(Locale::It, v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_take_each_languages_separators() {
        assert_eq!(group(Locale::En, "1234567"), "1,234,567");
        assert_eq!(group(Locale::Fr, "1234567.5"), "1\u{202f}234\u{202f}567,5");
        assert_eq!(group(Locale::De, "-1234"), "-1.234");
        assert_eq!(group(Locale::It, "123"), "123");
        assert_eq!(group(Locale::En, "0.25"), "0.25");
        assert_eq!(group(Locale::De, "1000"), "1.000");
    }
}
