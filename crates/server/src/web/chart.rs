//! The adoption chart of an organization's overview: an SVG drawn on the server (no script),
//! the share of members with two-factor authentication day by day. The page puts the same
//! figures in a table, which is what screen readers read (the SVG is labelled by it).

use crate::i18n::Tr;

/// One day's figures.
pub struct Day {
    pub day: String,
    pub members: i64,
    pub with_2fa: i64,
}

impl Day {
    /// The share of members with 2FA, in percent (0 for an organization without members).
    pub fn percent(&self) -> i64 {
        if self.members <= 0 {
            0
        } else {
            (self.with_2fa.clamp(0, self.members) * 100 + self.members / 2) / self.members
        }
    }
}

/// The table's rows, in the words of `tr`: day, members, with 2FA, share.
pub fn rows(days: &[Day], tr: &Tr) -> Vec<(String, String, String, String)> {
    days.iter()
        .map(|d| {
            (
                day_label(&d.day, tr),
                tr.number(d.members),
                tr.number(d.with_2fa),
                tr.n("chart-percent", "value", d.percent()),
            )
        })
        .collect()
}

/// A day of the figures (`2031-01-15`) as `tr` writes dates; as it came if it is no date.
fn day_label(day: &str, tr: &Tr) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(day, format)
        .map_or_else(|_| day.to_owned(), |d| tr.date(d.midnight().assume_utc()))
}

const W: i64 = 600;
const H: i64 = 200;
const PAD: i64 = 30;

/// The SVG of `days` (oldest first): a line of the percentages, 0 to 100 %.
pub fn svg(days: &[Day], labelled_by: &str, tr: &Tr) -> String {
    let n = i64::try_from(days.len()).unwrap_or(i64::MAX).max(1);
    let x = |i: i64| {
        if n == 1 {
            W / 2
        } else {
            PAD + i * (W - 2 * PAD) / (n - 1)
        }
    };
    let y = |p: i64| H - PAD - p * (H - 2 * PAD) / 100;
    let points: Vec<String> = days
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let i = i64::try_from(i).unwrap_or(0);
            format!("{},{}", x(i), y(d.percent()))
        })
        .collect();
    let dots: String = points
        .iter()
        .map(|p| {
            let (cx, cy) = p.split_once(',').unwrap_or(("0", "0"));
            format!("<circle cx=\"{cx}\" cy=\"{cy}\" r=\"3\"/>")
        })
        .collect();
    format!(
        "<svg class=\"chart\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-labelledby=\"{labelled_by}\" \
         xmlns=\"http://www.w3.org/2000/svg\">\
         <line class=\"axis\" x1=\"{PAD}\" y1=\"{y0}\" x2=\"{x1}\" y2=\"{y0}\"/>\
         <line class=\"grid\" x1=\"{PAD}\" y1=\"{y100}\" x2=\"{x1}\" y2=\"{y100}\"/>\
         <text x=\"2\" y=\"{ty0}\">{p0}</text><text x=\"2\" y=\"{ty100}\">{p100}</text>\
         <polyline points=\"{pts}\"/><g>{dots}</g></svg>",
        y0 = y(0),
        y100 = y(100),
        x1 = W - PAD,
        ty0 = y(0) + 4,
        ty100 = y(100) + 4,
        pts = points.join(" "),
        p0 = tr.n("chart-percent", "value", 0),
        p100 = tr.n("chart-percent", "value", 100),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: &str, members: i64, with_2fa: i64) -> Day {
        Day {
            day: d.to_owned(),
            members,
            with_2fa,
        }
    }

    #[test]
    fn percentages_round_and_never_divide_by_zero() {
        assert_eq!(day("d", 0, 0).percent(), 0);
        assert_eq!(day("d", 3, 1).percent(), 33);
        assert_eq!(day("d", 3, 2).percent(), 67);
        assert_eq!(day("d", 4, 9).percent(), 100);
    }

    #[test]
    fn the_line_rises_with_adoption_and_spans_the_width() {
        let en = Tr::default();
        let svg = svg(&[day("a", 4, 0), day("b", 4, 2), day("c", 4, 4)], "t", &en);
        assert!(svg.contains("aria-labelledby=\"t\""), "{svg}");
        // 0 % at the bottom (y 170), 50 % half-way (100), 100 % at the top (30).
        assert!(svg.contains("points=\"30,170 300,100 570,30\""), "{svg}");
        assert_eq!(svg.matches("<circle").count(), 3);
        assert!(svg.contains(">100 %</text>"), "{svg}");
        let one = super::svg(&[day("a", 2, 1)], "t", &en);
        assert!(one.contains("points=\"300,100\""), "{one}");
    }

    #[test]
    fn the_table_speaks_the_language_of_the_page() {
        let days = [day("2031-01-15", 1234, 617), day("not a day", 2, 1)];
        let en = rows(&days, &Tr::default());
        assert_eq!(
            en[0],
            (
                "15 Jan 2031".to_owned(),
                "1,234".to_owned(),
                "617".to_owned(),
                "50 %".to_owned()
            )
        );
        assert_eq!(en[1].0, "not a day");
        let fr = rows(&days, &Tr::new(domain::Locale::Fr));
        assert_eq!(fr[0].0, "15 janv. 2031");
        assert_eq!(fr[0].1, "1\u{202f}234");
        let it = super::svg(&days, "t", &Tr::new(domain::Locale::It));
        assert!(it.contains(">100%</text>"), "{it}");
    }
}
