//! Whole diagnostics as `gongkai build` prints them, in Chinese and English:
//! the `file:line:` header, the message, the offending line under it, and
//! the closing line. Each case breaks one file of a copy of
//! `tests/sites/basic`; the snapshots under `snapshots/` are the reviewed
//! text, so a change of any of it shows as a diff. The text of every message
//! alone is snapshotted in `src/messages/every_message.rs`.

use crate::common::*;

const ZOUFANG: &str = "content/news/2025-zoufang.md";

/// What `gongkai build` prints to stderr for `site`, in both languages,
/// after checking that it failed.
fn printed(site: &SiteCopy) -> String {
    let mut out = String::new();
    for args in [&["build"][..], &["build", "--lang", "en"][..]] {
        let run = gongkai(&site.root, args);
        assert_eq!(run.code, Some(1), "{}", run.stderr);
        out.push_str(&format!("$ gongkai {}\n{}\n", args.join(" "), run.stderr));
    }
    out
}

#[test]
fn front_matter_text_without_quotes() {
    let site = SiteCopy::new("basic");
    site.replace(
        ZOUFANG,
        "title = \"春节前代表走访慰问困难群众\"",
        "title = 春节前代表走访慰问困难群众",
    );
    insta::assert_snapshot!(printed(&site));
}

#[test]
fn front_matter_impossible_date_and_wrong_type() {
    let site = SiteCopy::new("basic");
    site.replace(ZOUFANG, "date = 2025-01-20", "date = 2025-13-45");
    site.replace(
        "content/news/2026-shicha.md",
        "title = ",
        "draft = \"否\"\ntitle = ",
    );
    insta::assert_snapshot!(printed(&site));
}

#[test]
fn site_toml_unknown_key() {
    let site = SiteCopy::new("basic");
    site.replace("site.toml", "feed_limit = 10", "feed_limt = 10");
    insta::assert_snapshot!(printed(&site));
}

#[test]
fn template_with_an_unknown_variable() {
    let site = SiteCopy::new("basic");
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<p>{{ page.titel }}</p>\n{% endblock %}\n",
    );
    insta::assert_snapshot!(printed(&site));
}

#[test]
fn template_filter_on_the_wrong_value() {
    let site = SiteCopy::new("basic");
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<p>{{ site.title | round }}</p>\n{% endblock %}\n",
    );
    insta::assert_snapshot!(printed(&site));
}

#[test]
fn template_syntax_error() {
    let site = SiteCopy::new("basic");
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{% if %}\n{% endblock %}\n",
    );
    insta::assert_snapshot!(printed(&site));
}

/// A private number is never repeated: the source line under the message is
/// masked.
#[test]
fn personal_data_is_masked_in_the_source_line() {
    let site = SiteCopy::new("basic");
    let text = site.read(ZOUFANG);
    site.write(
        ZOUFANG,
        &format!("{text}\n联系人手机 13812345678，请来电。\n"),
    );
    let printed = printed(&site);
    assert!(!printed.contains("13812345678"));
    insta::assert_snapshot!(printed);
}

/// Split by markup in the source, the number has no one place to mask: every
/// digit of the line is hidden.
#[test]
fn personal_data_split_by_markup_hides_every_digit_of_the_line() {
    let site = SiteCopy::new("basic");
    let text = site.read(ZOUFANG);
    site.write(ZOUFANG, &format!("{text}\n值班手机 139**1234**5678。\n"));
    let printed = printed(&site);
    assert!(!printed.contains("1234**5678"));
    insta::assert_snapshot!(printed);
}
