//! End to end through the real `gongkai` binary: personal data that the
//! Markdown source hides (split by markup, entities, invisible characters,
//! separators) but a reader of the published site sees, and personal data in
//! what is published besides pages (folder names, `static/`, `site.toml`,
//! text attachments), fails the build at the right file and line, masked,
//! with `public/` left as it was.

use crate::common::*;

const ZOUFANG: &str = "content/news/2025-zoufang.md";

/// A copy of the basic site with a good build in `public/`.
fn good_site() -> SiteCopy {
    let site = SiteCopy::new("basic");
    let run = gongkai(&site.root, &["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    site
}

fn append(site: &SiteCopy, rel: &str, text: &str) {
    let old = site.read(rel);
    site.write(rel, &format!("{old}{text}"));
}

const MOBILE_ZH: &[&str] = &["手机号码（138****8000）"];
const MOBILE_EN: &[&str] = &["mobile phone number (138****8000)"];

#[test]
fn numbers_split_in_the_source_fail_at_their_line() {
    let site = good_site();
    append(
        &site,
        ZOUFANG,
        "\n电话138**0013**8000。\n\n另一个<span>139</span>00139000。\n\n还有&#49;3700137000。\n\n\
         零宽1\u{200B}36\u{2060}0013\u{FEFF}6000。\n\n软连字符135\u{AD}0013\u{AD}5000。\n\n\
         数学𝟏𝟑𝟒00134000。\n\n点号133.0013.3000。\n\n转义131\\-0013\\-1000。\n",
    );
    let at = |needle: &str| site.loc(ZOUFANG, needle);
    let (zh, _) = assert_build_fails(
        &site,
        &[
            expected_error(at("电话138**"), MOBILE_ZH, MOBILE_EN),
            expected_error(at("<span>139"), &["139****9000"], &["139****9000"]),
            expected_error(at("&#49;37"), &["137****7000"], &["137****7000"]),
            expected_error(at("零宽"), &["136****6000"], &["136****6000"]),
            expected_error(at("软连字符"), &["135****5000"], &["135****5000"]),
            expected_error(at("数学"), &["134****4000"], &["134****4000"]),
            expected_error(at("点号"), &["133****3000"], &["133****3000"]),
            expected_error(at("转义"), &["131****1000"], &["131****1000"]),
        ],
        8,
    );
    // One number, one message: not again for the feed, the listings and the
    // search index that show it too.
    assert_eq!(zh.stderr.matches("138****8000").count(), 1, "{}", zh.stderr);
}

#[test]
fn an_id_split_by_markup_fails_the_build() {
    let site = good_site();
    // 11010519491231002X has a valid check character.
    append(&site, ZOUFANG, "\n身份证 1101<b>0519</b>4912*3100*2X\n");
    assert_build_fails(
        &site,
        &[expected_error(
            site.loc(ZOUFANG, "身份证 1101"),
            &["身份证号（1101**********002X）"],
            &["resident ID number (1101**********002X)"],
        )],
        1,
    );
}

#[test]
fn a_folder_named_like_an_id_fails_at_its_page() {
    let site = good_site();
    let rel = "content/news/110101199003077571/index.md";
    site.write(
        rel,
        "+++\ntitle = \"走访\"\ndate = 2026-01-05\n+++\n走访记录。\n",
    );
    assert_build_fails(
        &site,
        &[expected_error(
            rel.to_string(),
            &["身份证号（1101**********7571）"],
            &["resident ID number (1101**********7571)"],
        )],
        1,
    );
}

#[test]
fn static_file_names_and_texts_fail_the_build() {
    let site = good_site();
    site.write("static/docs/13800138000.pdf", "%PDF-1.4\n");
    site.write("static/docs/list.txt", "第一行\n张三 139 0013 9000\n");
    site.write("static/docs/page.html", "<p>\n联系<b>137</b>00137000</p>\n");
    assert_build_fails(
        &site,
        &[
            expected_error(
                "static/docs/13800138000.pdf".to_string(),
                MOBILE_ZH,
                MOBILE_EN,
            ),
            expected_error(
                "static/docs/list.txt:2".to_string(),
                &["139****9000"],
                &["139****9000"],
            ),
            expected_error(
                "static/docs/page.html:2".to_string(),
                &["137****7000"],
                &["137****7000"],
            ),
        ],
        3,
    );
}

#[test]
fn site_toml_values_fail_at_their_line() {
    let site = good_site();
    site.replace(
        "site.toml",
        "address = \"测试县测试镇人民路1号\"",
        "address = \"测试县测试镇人民路1号 联系人 138 0013 8000\"",
    );
    let config = site.read("site.toml");
    site.write(
        "site.toml",
        &format!("{config}\n[extra]\nnote = \"身份证 11010519491231002X\"\n"),
    );
    assert_build_fails(
        &site,
        &[
            expected_error(site.loc("site.toml", "address ="), MOBILE_ZH, MOBILE_EN),
            expected_error(
                site.loc("site.toml", "note ="),
                &["1101**********002X"],
                &["1101**********002X"],
            ),
        ],
        2,
    );
}

#[test]
fn a_csv_attachment_fails_at_its_line() {
    let site = good_site();
    let rel = "content/news/bundle/mingdan.csv";
    site.write(rel, "姓名,电话\n张三,13800138000\n");
    assert_build_fails(
        &site,
        &[expected_error(format!("{rel}:2"), MOBILE_ZH, MOBILE_EN)],
        1,
    );
}

#[test]
fn a_number_only_a_template_makes_is_reported_at_an_output() {
    let site = good_site();
    // A template of the site splits the number by markup: no source line holds it.
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block main %}<p>{{ page.title }}138<i>0013</i>8000</p>{% endblock main %}",
    );
    let run = gongkai(&site.root, &["build"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains("public/") && run.stderr.contains("138****8000"),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.stderr.matches("138****8000").count(),
        1,
        "{}",
        run.stderr
    );
}

#[test]
fn look_alikes_in_markup_are_published() {
    let site = SiteCopy::new("basic");
    append(
        &site,
        ZOUFANG,
        "\n索引号 <span>11000000MB0000000X</span>/2026-**00001**，\
         电话 0578-<b>8123456</b>，日期 2026.09.08，金额 13800138000.50 元，\
         代码 91330000<i>MA2H12345X</i>。\n",
    );
    let run = gongkai(&site.root, &["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
}

#[test]
fn check_reports_what_build_reports() {
    let site = SiteCopy::new("basic");
    append(
        &site,
        ZOUFANG,
        "\n电话138**0013**8000。\n\n手机13900139000。\n",
    );
    let run = gongkai(&site.root, &["check"]);
    assert_eq!(run.code, Some(1), "{}\n{}", run.stdout, run.stderr);
    let all = format!("{}{}", run.stdout, run.stderr);
    assert!(all.contains(&site.loc(ZOUFANG, "电话138**")), "{all}");
    assert!(all.contains("138****8000"), "{all}");
    // The plain number is reported once, by the source scan.
    assert_eq!(all.matches("（139****9000）").count(), 1, "{all}");
}

#[test]
fn the_echoed_source_line_hides_a_split_number() {
    let site = good_site();
    append(&site, ZOUFANG, "\n电话138**0013**8000。\n");
    let run = gongkai(&site.root, &["build"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(!run.stderr.contains("0013"), "{}", run.stderr);
    assert!(run.stderr.contains("电话***********"), "{}", run.stderr);
}
