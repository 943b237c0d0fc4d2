//! Markdown bodies (notices, roles, bulletins) to HTML with pulldown-cmark.
//!
//! Staff write these files, but a pasted `<script>` or `<iframe>` must not
//! reach owners' browsers: raw HTML, block or inline, is turned into text
//! (so it shows, escaped, as written), and links or images with a
//! `javascript:`, `vbscript:` or `data:` destination lose their destination.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, html};

/// Renders a Markdown body to HTML that is safe to insert unescaped.
pub fn to_html(src: &str) -> String {
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let events = Parser::new_ext(src, opts).map(|ev| match ev {
        Event::Html(t) | Event::InlineHtml(t) => Event::Text(t),
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Link { link_type, dest_url: safe_url(dest_url), title, id })
        }
        Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Image { link_type, dest_url: safe_url(dest_url), title, id })
        }
        other => other,
    });
    let mut out = String::with_capacity(src.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let lower: String =
        url.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect::<String>().to_lowercase();
    if ["javascript:", "vbscript:", "data:"].iter().any(|s| lower.starts_with(s)) { CowStr::from("#") } else { url }
}

/// The first paragraph as plain text, at most `max` characters: a summary
/// for lists and the feed.
pub fn summary(src: &str, max: usize) -> String {
    use pulldown_cmark::TagEnd;
    let mut text = String::new();
    let mut in_heading = false;
    for ev in Parser::new(src) {
        match ev {
            Event::Start(Tag::Heading { .. }) => in_heading = true,
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) if !in_heading => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak if !text.is_empty() => text.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Item) if !text.is_empty() => {
                // A salutation (各位业主、住户：) says nothing: take the next paragraph.
                let t = text.trim();
                if (t.ends_with('：') || t.ends_with(':')) && t.chars().count() <= 20 {
                    text.clear();
                } else {
                    break;
                }
            }
            _ => {}
        }
    }
    let text = text.trim();
    if text.chars().count() > max {
        let mut s: String = text.chars().take(max).collect();
        s.push('…');
        s
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_escaped() {
        let h = to_html("请注意<script>alert(1)</script>\n\n<div onclick=x>块</div>\n");
        assert!(!h.contains("<script>"), "{h}");
        assert!(h.contains("&lt;script&gt;"), "{h}");
        assert!(!h.contains("<div"), "{h}");
    }

    #[test]
    fn dangerous_links_lose_their_target() {
        let h = to_html("[点我](javascript:alert(1)) [ok](https://example.org/)");
        assert!(!h.contains("javascript:"), "{h}");
        assert!(h.contains("https://example.org/"));
    }

    #[test]
    fn summary_is_the_first_paragraph() {
        assert_eq!(summary("# 标题\n\n第一段\n文字。\n\n第二段", 50), "第一段 文字。");
        assert_eq!(summary("第一段文字。\n\n第二段", 3), "第一段…");
        assert_eq!(summary("各位业主、住户：\n\n明天停水。", 50), "明天停水。");
    }
}
