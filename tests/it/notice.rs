//! 评议公示 (issue 24, NOTICE part): an evaluation's `[evaluation.notice]`
//! on the `deadlines` fixture built with `--as-of`: the three states of the
//! page (coming, running with its tel: link, 公示期已满), the home page's
//! line while it runs, the warning of a published evaluation without one
//! (a 复评 too) at its `[evaluation]` line, and each error at its line.

use crate::common::*;

const FIRST: &str = "content/evaluations/2026-pingyi/index.md";
const AGAIN: &str = "content/evaluations/2026-fuping/index.md";
/// The first round's notice as the fixture writes it.
const NOTICE: &str =
    "[evaluation.notice]\nstart = 2026-09-01\nend = 2026-09-07\ncontact = \"镇人大办 0578-8123456\"\n";

/// The first round's notice from 2026-12-01 to 2026-12-07, its contact
/// words around a number.
fn with_december_notice() -> SiteCopy {
    let site = SiteCopy::new("deadlines");
    site.replace(
        FIRST,
        NOTICE,
        "[evaluation.notice]\nstart = 2026-12-01\nend = 2026-12-07\ncontact = \"镇人大办 0578-1234567（工作日）\"\n",
    );
    site
}

/// Builds as of `day`; the first round's page and the home page's
/// notice section (empty when it has none).
fn build_as_of(site: &SiteCopy, day: &str) -> (String, String) {
    let run = gongkai(&site.root, &["build", "--as-of", day]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let home = site.read("public/index.html");
    let notices = home
        .find("<section class=\"home-notice\"")
        .map_or("", |start| {
            &home[start..start + home[start..].find("</section>").expect("end")]
        });
    (
        site.read("public/evaluations/2026-pingyi/index.html"),
        notices.to_string(),
    )
}

#[test]
fn while_the_notice_runs_the_page_says_so_and_links_the_number() {
    let site = with_december_notice();
    for day in ["2026-12-01", "2026-12-06", "2026-12-07"] {
        let (page, home) = build_as_of(&site, day);
        let start = page
            .find("<section class=\"eval-notice eval-notice-running\" aria-labelledby=\"notice-title\">")
            .unwrap_or_else(|| panic!("{day}: no running notice:\n{page}"));
        let notice = &page[start..start + page[start..].find("</section>").expect("end")];
        assert!(
            notice.contains("<h2 id=\"notice-title\">评议结果正在公示</h2>"),
            "{notice}"
        );
        assert!(
            notice.contains("公示期：<strong><time datetime=\"2026-12-01\">2026年12月1日</time> 至 <time datetime=\"2026-12-07\">2026年12月7日</time></strong>"),
            "{notice}"
        );
        assert!(
            notice.contains("请在公示期内反映。意见受理：镇人大办 <a class=\"tel\" href=\"tel:05781234567\">0578-1234567</a>（工作日）。"),
            "{notice}"
        );
        // The home page links it, and the 复评 (running too, 12-04 to 12-10).
        assert!(home.contains("评议结果正在公示"), "{day}: {home}");
        assert!(
            home.contains("<a href=\"/rd/dl/evaluations/2026-pingyi/\">"),
            "{day}: {home}"
        );
        assert!(
            home.contains("<a href=\"/rd/dl/evaluations/2026-fuping/\">") == (day >= "2026-12-04"),
            "{day}: {home}"
        );
    }
}

#[test]
fn before_and_after_the_notice_the_page_gives_its_dates() {
    let site = with_december_notice();
    let (page, home) = build_as_of(&site, "2026-11-30");
    assert!(!page.contains("eval-notice-running"), "{page}");
    assert!(
        page.contains("<strong>公示期：</strong><time datetime=\"2026-12-01\">2026年12月1日</time> 至 <time datetime=\"2026-12-07\">2026年12月7日</time>（尚未开始）。意见受理：镇人大办 <a class=\"tel\" href=\"tel:05781234567\">0578-1234567</a>（工作日）。"),
        "{page}"
    );
    assert!(!home.contains("评议结果正在公示"), "{home}");
    let (page, home) = build_as_of(&site, "2026-12-08");
    assert!(
        page.contains("<strong>公示期已满</strong>（<time datetime=\"2026-12-01\">2026年12月1日</time> 至 <time datetime=\"2026-12-07\">2026年12月7日</time>）。"),
        "{page}"
    );
    assert!(!page.contains("eval-notice-running"), "{page}");
    // Only the 复评's notice (to 12-10) is left on the home page.
    assert!(!home.contains("evaluations/2026-pingyi/"), "{home}");
    assert!(home.contains("evaluations/2026-fuping/"), "{home}");
    let (_, home) = build_as_of(&site, "2026-12-11");
    assert!(!home.contains("评议结果正在公示"), "{home}");
}

#[test]
fn an_evaluation_without_a_notice_is_a_warning_at_its_table() {
    let site = SiteCopy::new("deadlines");
    site.replace(FIRST, NOTICE, "");
    let text = site.read(AGAIN);
    let start = text.find("[evaluation.notice]").expect("notice");
    let end = start + text[start..].find("\n[[").expect("units");
    site.write(AGAIN, &format!("{}{}", &text[..start], &text[end + 1..]));
    for (lang, head, first, again) in [
        (
            "zh",
            "警告：",
            "这次评议结果没有写公示期。",
            "这次复评结果没有写公示期。",
        ),
        (
            "en",
            "warning: ",
            "this evaluation result has no notice period.",
            "this re-evaluation result has no notice period.",
        ),
    ] {
        for cmd in ["build", "check"] {
            let run = gongkai(&site.root, &[cmd, "--as-of", "2026-12-06", "--lang", lang]);
            assert_eq!(run.code, Some(0), "{cmd} {lang}: {}", run.stderr);
            let out = format!("{}{}", run.stdout, run.stderr);
            for (rel, says) in [(FIRST, first), (AGAIN, again)] {
                let line =
                    line_starting_with(&out, &format!("{}: {head}", site.loc(rel, "[evaluation]")));
                assert!(line.contains(says), "{cmd} {lang}: {line}");
                assert!(line.contains("[evaluation.notice]"), "{line}");
                assert!(line.contains("contact"), "{line}");
            }
        }
    }
    // A draft is not published: no warning for it.
    site.replace(AGAIN, "+++\ntitle", "+++\ndraft = true\ntitle");
    let run = gongkai(&site.root, &["build", "--as-of", "2026-12-06"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(!run.stderr.contains(AGAIN), "{}", run.stderr);
}

/// Builds in Chinese and English: it fails with each message at `at`,
/// and `public/` is as it was.
fn fails_at(site: &SiteCopy, at: &str, zh: &str, en: &str) {
    let before = hash_tree(&site.path("public"));
    for (lang, fragment, head) in [("zh", zh, "错误："), ("en", en, "error: ")] {
        let run = gongkai(
            &site.root,
            &["build", "--as-of", "2026-12-06", "--lang", lang],
        );
        assert_eq!(run.code, Some(1), "{lang}: {}", run.stderr);
        let line = line_starting_with(&run.stderr, &format!("{at}: {head}"));
        assert!(line.contains(fragment), "{fragment:?} in {line:?}");
    }
    assert_same_tree(&before, &hash_tree(&site.path("public")), "public/");
}

/// The fixture, built once so that a failed build has a `public/` to keep.
fn built() -> SiteCopy {
    let site = SiteCopy::new("deadlines");
    let run = gongkai(&site.root, &["build", "--as-of", "2026-12-06"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    site
}

#[test]
fn an_end_before_the_start_is_an_error_at_the_end() {
    let site = built();
    site.replace(FIRST, "end = 2026-09-07", "end = 2026-08-31");
    fails_at(
        &site,
        &site.loc(FIRST, "end = 2026-08-31"),
        "公示期的结束日期 end = 2026-08-31 早于开始日期 start = 2026-09-01",
        "the notice period ends (end = 2026-08-31) before it starts (start = 2026-09-01)",
    );
}

#[test]
fn a_start_before_the_meeting_is_an_error_at_the_start() {
    let site = built();
    site.replace(FIRST, "start = 2026-09-01", "start = 2026-08-27");
    fails_at(
        &site,
        &site.loc(FIRST, "start = 2026-08-27"),
        "公示期的开始日期 start = 2026-08-27 早于评议大会日期 meeting_date 2026-08-28",
        "the notice period starts (start = 2026-08-27) before the meeting (meeting_date 2026-08-28)",
    );
}

#[test]
fn a_notice_without_a_contact_is_an_error_at_its_table() {
    let site = built();
    site.replace(FIRST, "contact = \"镇人大办 0578-8123456\"\n", "");
    fails_at(
        &site,
        &site.loc(FIRST, "[evaluation.notice]"),
        "请加一行 contact，写明群众对评议结果有意见时找谁、打什么电话",
        "Add a contact line saying whom the public calls about the result",
    );
    let site = built();
    site.replace(
        FIRST,
        "contact = \"镇人大办 0578-8123456\"",
        "contact = \" \"",
    );
    fails_at(
        &site,
        &site.loc(FIRST, "contact = \" \""),
        "没有写受理意见的联系方式",
        "has no contact for objections",
    );
}

/// `serve`: an edit of a notice's dates re-renders the evaluation page and
/// the home page's line as a full build of the edited site writes them.
#[test]
fn serve_rewrites_the_page_and_the_home_line_after_an_edit_of_the_notice() {
    use gongkai::live::{LiveSite, PageUpdate};
    let site = SiteCopy::new("deadlines");
    let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 6).expect("day");
    let as_of = |out: &std::path::Path| gongkai::BuildOptions {
        clock: Some(day),
        ..options(&site.root, out, false)
    };
    let live_out = site.tmp.path().join("live");
    let (mut live, _) = LiveSite::build(&as_of(&live_out))
        .unwrap_or_else(|d| panic!("{}", render_all(&d, &site.root)));
    let page = live.page_of(std::path::Path::new(FIRST)).expect("page");
    let home_notices = || {
        let home = read_string(&live_out.join("index.html"));
        home.find("<section class=\"home-notice\"")
            .map(|s| home[s..s + home[s..].find("</section>").expect("end")].to_string())
            .unwrap_or_default()
    };
    assert!(
        !home_notices().contains("2026-pingyi"),
        "{}",
        home_notices()
    );
    for (from, to, running) in [
        (
            "start = 2026-09-01\nend = 2026-09-07",
            "start = 2026-12-01\nend = 2026-12-07",
            true,
        ),
        ("end = 2026-12-07", "end = 2026-12-05", false),
    ] {
        site.replace(FIRST, from, to);
        match live.update_page(page) {
            PageUpdate::Done(report) => assert!(report.incremental),
            PageUpdate::Failed(d) => panic!("{}", render_all(&d, &site.root)),
            PageUpdate::NeedsFullBuild => panic!("{to}: a full build"),
        }
        assert_eq!(home_notices().contains("2026-pingyi"), running, "{to}");
        let full = site.tmp.path().join("full");
        let _ = std::fs::remove_dir_all(&full);
        gongkai::build::build(&as_of(&full))
            .unwrap_or_else(|d| panic!("{}", render_all(&d, &site.root)));
        assert_same_tree(&tree_as_served(&full), &hash_tree(&live_out), to);
    }
}
