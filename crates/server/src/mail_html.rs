//! The HTML part of every email, made from its plain text: paragraphs, line breaks, and the
//! links twofold wrote made clickable. One source for both parts, so they never say different
//! things. Hand-written rather than a Markdown crate: the texts are twofold's own (names others
//! chose are quoted and stripped of control characters before they get here), and all they
//! need is escaping, paragraphs and `http(s)://` links.

/// Escapes text for HTML element content and attribute values.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// One line, escaped, with its `http://` and `https://` links (up to the next space) as anchors.
fn line(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = ["https://", "http://"]
        .iter()
        .filter_map(|p| rest.find(p))
        .min()
    {
        out.push_str(&escape(&rest[..at]));
        let end = rest[at..]
            .find(char::is_whitespace)
            .map_or(rest.len(), |e| at + e);
        // A sentence's full stop or a closing parenthesis is not part of the link.
        let link = rest[at..end].trim_end_matches(['.', ',', ')', ';', ':']);
        let link_end = at + link.len();
        let href = escape(link);
        out.push_str(&format!("<a href=\"{href}\">{href}</a>"));
        rest = &rest[link_end..];
    }
    out.push_str(&escape(rest));
    out
}

/// The HTML document for an email whose plain text is `text`.
pub fn from_text(subject: &str, text: &str) -> String {
    let body: String = text
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            let lines: Vec<String> = p.lines().map(line).collect();
            format!("<p>{}</p>\n", lines.join("<br>\n"))
        })
        .collect();
    format!(
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{}</title></head>\n\
         <body style=\"font-family: system-ui, sans-serif; line-height: 1.5; max-width: 40rem\">\n\
         {body}</body></html>\n",
        escape(subject)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_lines_and_links() {
        let html = from_text(
            "Hi",
            "Hello,\n\nOpen this (it works once):\nhttps://id.example/a?token=x_y-z.\n\nBye",
        );
        assert!(html.contains("<p>Hello,</p>"), "{html}");
        assert!(
            html.contains(
                "<p>Open this (it works once):<br>\n<a href=\"https://id.example/a?token=x_y-z\">https://id.example/a?token=x_y-z</a>.</p>"
            ),
            "{html}"
        );
        assert!(html.contains("<p>Bye</p>"), "{html}");
    }

    #[test]
    fn nothing_in_the_text_becomes_markup() {
        let html = from_text(
            "<b>",
            "\"Acme\" <script>alert(1)</script> & co\nhttp://x.example/\"><img>",
        );
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("<img>"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
        assert!(html.contains("&quot;Acme&quot; &lt;script&gt;"), "{html}");
        assert!(
            html.contains("href=\"http://x.example/&quot;&gt;&lt;img&gt;\""),
            "{html}"
        );
    }
}
