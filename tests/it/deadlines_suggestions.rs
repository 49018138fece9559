//! End to end for 代表建议 (issue 23 §1): builds `tests/sites/deadlines` as of
//! 2026-12-06 and reads back the exact status, due date and days of a
//! suggestion in every status, the section's counts, the `/stats/2026/`
//! figures, the unit and delegate pages; then one broken copy of the fixture
//! per check of the `[suggestion]` table (file, line, Chinese and English
//! message, `public/` unchanged).

use crate::common::*;
use std::sync::OnceLock;

const DIR: &str = "content/suggestions";

/// The output of the fixture built once, as of 2026-12-06.
fn out() -> &'static std::path::Path {
    static OUT: OnceLock<std::path::PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("deadlines-suggestions");
        let _ = std::fs::remove_dir_all(&dir);
        let out = dir.join("public");
        let mut opts = options(&fixture("deadlines"), &out, false);
        opts.clock = chrono::NaiveDate::from_ymd_opt(2026, 12, 6);
        if let Err(d) = gongkai::build(&opts) {
            panic!("build failed:\n{}", render_all(&d, &fixture("deadlines")));
        }
        out
    })
}

/// An output file as text.
fn read(rel: &str) -> String {
    read_string(&out().join(rel))
}

/// The text of an output page: tags removed, entities of the sample kept,
/// runs of white space as one space.
fn text(rel: &str) -> String {
    let html = read(rel);
    let main = html
        .split_once("<main")
        .and_then(|(_, m)| m.split_once("</main>"))
        .map_or(html.as_str(), |(m, _)| m);
    let mut out = String::new();
    let mut in_tag = false;
    for c in main.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    // The ✓ of a done status only repeats its words.
    out.replace('✓', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// (page, status, the status line's days, the due date row) of each fixture page.
const STATES: [(&str, &str, &str, &str); 9] = [
    ("2026-01-weijiaoban", "未交办", "", ""),
    (
        "2026-02-banlizhong",
        "办理中",
        "距答复期限还有 45 天，截至2026年12月6日",
        "答复期限 2027年1月20日",
    ),
    ("2026-03-dafu", "已答复", "", "答复期限 2026年6月10日"),
    ("2026-04-yuqidafu", "已答复", "", "答复期限 2026年7月30日"),
    (
        "2026-05-yuqi",
        "逾期未答复",
        "已逾期 6 天，截至2026年12月6日",
        "答复期限 2026年11月30日",
    ),
    (
        "2026-06-bumanyi",
        "不满意待再次答复",
        "距再次答复期限还有 14 天，截至2026年12月6日",
        "再次答复期限 2026年12月20日",
    ),
    // Extended: 6 months, due this month, after the build's day.
    (
        "2026-07-yanqi",
        "办理中",
        "距答复期限还有 9 天，截至2026年12月6日",
        "答复期限 2026年12月15日",
    ),
    ("2026-08-zaicidafu", "已答复", "", "答复期限 2026年5月10日"),
    ("2025-12-kuanian", "已答复", "", "答复期限 2026年2月10日"),
];

#[test]
fn each_suggestion_shows_its_status_due_date_and_days() {
    for (page, status, days, due) in STATES {
        let t = text(&format!("suggestions/{page}/index.html"));
        let line = format!("办理状态： {status}");
        assert!(t.contains(&line), "{page}: {line:?} in\n{t}");
        if days.is_empty() {
            assert!(
                !t.contains("截至"),
                "{page}: no countdown once answered or unassigned\n{t}"
            );
        } else {
            assert!(
                t.contains(&format!("（{days}）")),
                "{page}: {days:?} in\n{t}"
            );
        }
        if due.is_empty() {
            assert!(!t.contains("期限 "), "{page}: no due date\n{t}");
        } else {
            assert!(t.contains(due), "{page}: {due:?} in\n{t}");
        }
    }
}

#[test]
fn the_page_has_the_timeline_links_and_the_reply_file() {
    let html = read("suggestions/2026-03-dafu/index.html");
    let t = text("suggestions/2026-03-dafu/index.html");
    assert!(
        t.contains("2026年3月1日 提出")
            && t.contains("2026年3月10日 交办 镇卫生院")
            && t.contains("2026年6月1日 答复 门诊时间自7月起延长到晚上8点。")
            && t.contains("代表意见 满意"),
        "{t}"
    );
    assert!(html.contains("<ol class=\"timeline\">"), "an ordered list");
    assert!(
        html.contains("href=\"/rd/dl/units/zhen-wei-sheng-yuan/\">镇卫生院</a>"),
        "the unit is linked"
    );
    assert!(
        html.contains("href=\"/rd/dl/suggestions/2026-03-dafu/dafu.pdf\""),
        "the reply's file is linked"
    );
    assert!(out().join("suggestions/2026-03-dafu/dafu.pdf").is_file());
    assert!(
        html.contains("href=\"/rd/dl/delegates/huang-li-hua/\">黄丽华</a>"),
        "the delegate is linked"
    );
    let t = text("suggestions/2026-08-zaicidafu/index.html");
    let t = t.split_once("办理过程").map_or("", |(_, after)| after);
    let order = ["答复 名单", "代表意见 不满意", "再次答复 另设电话查询"];
    let at: Vec<usize> = order
        .iter()
        .map(|s| t.find(s).unwrap_or(usize::MAX))
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{at:?} in\n{t}");
}

#[test]
fn the_section_counts_each_status_of_each_year() {
    let t = text("suggestions/index.html");
    assert!(
        t.contains(
            "2026年 （8 件） 已答复 3 · 办理中 2 · 不满意待再次答复 1 · 逾期未答复 1 · 未交办 1"
        ),
        "{t}"
    );
    assert!(t.contains("2025年 （1 件） 已答复 1"), "{t}");
    assert!(
        t.contains("第5号 关于规范集市摊位的建议（逾期未答复） 领衔代表：周德明 交办单位：镇派出所 逾期未答复 已逾期 6 天，截至2026年12月6日"),
        "{t}"
    );
    assert!(
        t.find("2026年 （8 件）") < t.find("2025年 （1 件）"),
        "newest first"
    );
}

#[test]
fn stats_count_on_time_replies_due_in_the_year_up_to_today() {
    let t = text("stats/2026/index.html");
    for fact in [
        "收到建议 8 件（已答复 3 · 办理中 2 · 不满意待再次答复 1 · 逾期未答复 1 · 未交办 1）",
        // Due in 2026 by 12-06: 第3 8 12 (2025) 6 on time; 第4 late; 第5 open;
        // 第7 (due 12-15) not yet counted.
        "按期办复率 66.7%（6 件本年到期，4 件按期答复）",
        "代表满意率 50.0%（4 件有代表意见，2 件满意或基本满意）",
    ] {
        assert!(t.contains(fact), "{fact:?} in\n{t}");
    }
}

#[test]
fn units_and_delegates_list_their_suggestions() {
    let t = text("units/zhen-pai-chu-suo/index.html");
    assert!(t.contains("交办的代表建议 （2 件）"), "{t}");
    assert!(
        t.contains("第5号 关于规范集市摊位的建议（逾期未答复）"),
        "{t}"
    );
    assert!(t.contains("已逾期 6 天"), "{t}");
    let t = text("delegates/chen-jian-guo/index.html");
    assert!(t.contains("提出的代表建议 （4 件）"), "{t}");
}

/// A copy of the fixture, built once (so a failed build is seen to keep
/// `public/`), with one suggestion's table changed.
fn broken(file: &str, from: &str, to: &str) -> SiteCopy {
    let site = built_copy();
    site.replace(&format!("{DIR}/{file}"), from, to);
    site
}

/// A copy of the fixture with its `public/` built.
fn built_copy() -> SiteCopy {
    let site = SiteCopy::new("deadlines");
    let run = gongkai(&site.root, &["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    site
}

#[test]
fn a_reply_before_its_assignment() {
    let file = "2026-04-yuqidafu.md";
    let site = broken(file, "date = 2026-08-12", "date = 2026-04-12");
    let at = site.loc(&format!("{DIR}/{file}"), "date = 2026-04-12");
    assert_build_fails(
        &site,
        &[expected_error(
            at,
            &["2026-04-12 早于交办日期 2026-04-30"],
            &["before the suggestion was assigned on 2026-04-30"],
        )],
        1,
    );
}

#[test]
fn a_reply_without_assignment() {
    let file = "2026-04-yuqidafu.md";
    let site = broken(file, "assigned = 2026-04-30\n", "");
    let at = site.loc(&format!("{DIR}/{file}"), "date = 2026-08-12");
    assert_build_fails(
        &site,
        &[expected_error(
            at,
            &["2026-08-12 的答复，但还没有写交办日期"],
            &["no assignment"],
        )],
        1,
    );
}

#[test]
fn an_opinion_without_a_reply() {
    let file = "2026-02-banlizhong.md";
    let site = broken(
        file,
        "assigned = 2026-10-20\n",
        "assigned = 2026-10-20\ndelegate_opinion = \"满意\"\n",
    );
    let at = site.loc(&format!("{DIR}/{file}"), "delegate_opinion");
    assert_build_fails(
        &site,
        &[expected_error(
            at,
            &["代表意见写了「满意」", "还没有答复"],
            &["满意", "no reply yet"],
        )],
        1,
    );
}

#[test]
fn an_opinion_that_is_not_one_of_the_three() {
    let file = "2026-04-yuqidafu.md";
    let site = broken(
        file,
        "delegate_opinion = \"基本满意\"",
        "delegate_opinion = \"很满意\"",
    );
    let at = site.loc(&format!("{DIR}/{file}"), "delegate_opinion");
    assert_build_fails(
        &site,
        &[expected_error(
            at,
            &["很满意", "满意、基本满意、不满意"],
            &["很满意", "满意, 基本满意, 不满意"],
        )],
        1,
    );
}

#[test]
fn a_reply_of_an_unknown_type() {
    let file = "2026-04-yuqidafu.md";
    let site = broken(file, "type = \"答复\"", "type = \"回复\"");
    let at = site.loc(&format!("{DIR}/{file}"), "type = \"回复\"");
    assert_build_fails(
        &site,
        &[expected_error(
            at,
            &["回复", "答复"],
            &["回复", "答复", "再次答复"],
        )],
        1,
    );
}

#[test]
fn an_extension_without_its_reason() {
    let file = "2026-07-yanqi.md";
    let site = broken(
        file,
        "extended = \"涉及县级确权数据核对，经主任会议同意延期\"",
        "extended = \"\"",
    );
    let at = site.loc(&format!("{DIR}/{file}"), "extended = \"\"");
    assert_build_fails(
        &site,
        &[expected_error(
            at,
            &["延期理由", "必须写明理由"],
            &["needs a stated reason"],
        )],
        1,
    );
}

#[test]
fn a_due_date_past_the_sites_years() {
    let file = "2026-02-banlizhong.md";
    let site = broken(file, "assigned = 2026-10-20", "assigned = 2026-11-20");
    site.replace(
        "site.toml",
        "[suggestions]\n",
        "[build]\nmax_year = 2026\n\n[suggestions]\n",
    );
    let at = site.loc(&format!("{DIR}/{file}"), "assigned = 2026-11-20");
    assert_build_fails(
        &site,
        &[expected_error(
            at,
            &["交办日期 2026-11-20 加 3 个月", "算不出答复期限"],
            &["2026-11-20 plus 3 months"],
        )],
        1,
    );
}

#[test]
fn a_reply_limit_the_law_does_not_allow() {
    let site = built_copy();
    site.replace("site.toml", "reply_months = 3", "reply_months = 12");
    let at = site.loc("site.toml", "reply_months = 12");
    assert_build_fails(
        &site,
        &[expected_error(
            at,
            &["写了 12", "1 到 6 个月"],
            &["12 months"],
        )],
        1,
    );
}

#[test]
fn a_unit_spelt_one_character_off_a_known_one() {
    let file = "2026-03-dafu/index.md";
    let site = broken(
        file,
        "assigned_unit = \"镇卫生院\"",
        "assigned_unit = \"镇卫生所\"",
    );
    // Two other suggestions name 镇卫生院: it is the better-known spelling.
    site.replace(
        &format!("{DIR}/2026-02-banlizhong.md"),
        "assigned_unit = \"镇农医办\"",
        "assigned_unit = \"镇卫生院\"",
    );
    site.replace(
        &format!("{DIR}/2026-04-yuqidafu.md"),
        "assigned_unit = \"镇供电所\"",
        "assigned_unit = \"镇卫生院\"",
    );
    let at = site.loc(&format!("{DIR}/{file}"), "assigned_unit");
    assert_build_fails(
        &site,
        &[expected_error(
            at,
            &["「镇卫生所」", "「镇卫生院」", "请改成「镇卫生院」"],
            &["镇卫生所", "镇卫生院"],
        )],
        1,
    );
}

#[test]
fn two_spellings_named_once_each_are_both_left_alone() {
    let site = broken(
        "2026-03-dafu/index.md",
        "assigned_unit = \"镇卫生院\"",
        "assigned_unit = \"镇敬老所\"",
    );
    // Neither spelling is named by an inspection or an evaluation.
    site.replace(
        &format!("{DIR}/2026-02-banlizhong.md"),
        "assigned_unit = \"镇农医办\"",
        "assigned_unit = \"镇敬老院\"",
    );
    let run = gongkai(&site.root, &["build", "--clock", "2026-12-06"]);
    assert_eq!(
        run.code,
        Some(0),
        "neither is known better:\n{}",
        run.stderr
    );
}

#[test]
fn a_unit_far_from_every_known_one_is_a_new_unit() {
    let site = broken(
        "2026-03-dafu/index.md",
        "assigned_unit = \"镇卫生院\"",
        "assigned_unit = \"镇畜牧兽医站\"",
    );
    let run = gongkai(&site.root, &["check", "--clock", "2026-12-06"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        !run.stderr.contains("suggestion-unit-spelling"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_second_reply_with_no_unsatisfied_opinion_is_a_warning() {
    let file = "2026-08-zaicidafu.md";
    let site = broken(
        file,
        "delegate_opinion = \"不满意\"",
        "delegate_opinion = \"满意\"",
    );
    let line = site.line_of(&format!("{DIR}/{file}"), "type = \"再次答复\"");
    let run = gongkai(&site.root, &["check", "--clock", "2026-12-06"]);
    let head = format!("{DIR}/{file}:{line}: 警告：");
    let all = format!("{}{}", run.stdout, run.stderr);
    let found = line_starting_with(&all, &head);
    assert!(
        found.contains("只有代表对答复不满意时才需要再次答复"),
        "{found}"
    );
    // The build goes on: the status is 已答复 all the same.
    let built = gongkai(&site.root, &["build", "--clock", "2026-12-06"]);
    assert_eq!(built.code, Some(0), "{}", built.stderr);
}

#[test]
fn a_copy_from_the_last_suggestion_is_the_next_number() {
    let site = SiteCopy::new("deadlines");
    let run = gongkai(
        &site.root,
        &[
            "new",
            "suggestion",
            "关于新建村级文化广场的建议",
            "--from-last",
        ],
    );
    assert_eq!(run.code, Some(0), "{}\n{}", run.stdout, run.stderr);
    let made: Vec<String> = list_files(&site.path(DIR))
        .into_iter()
        .filter(|f| !site.read(&format!("{DIR}/{f}")).is_empty())
        .filter(|f| site.read(&format!("{DIR}/{f}")).contains("文化广场"))
        .collect();
    assert_eq!(made.len(), 1, "{made:?}");
    let text = site.read(&format!("{DIR}/{}", made[0]));
    assert!(
        text.contains("no = \"第2号\""),
        "the last (newest) is 第1号:\n{text}"
    );
    assert!(text.contains("delegates = [\"陈建国\"]"), "{text}");
    assert!(text.contains("（请填写提出日期"), "{text}");
    for gone in ["assigned", "replies", "delegate_opinion"] {
        assert!(!text.contains(gone), "{gone}:\n{text}");
    }
}

/// Two published suggestions of one session and year with one number (第2号
/// written again as 第02号): an error at the later file's `[suggestion]`
/// line naming the other. The same number in another session, or in a
/// draft, is no error.
#[test]
fn a_number_taken_by_another_suggestion_of_the_session() {
    let file = "2026-04-yuqidafu.md";
    let site = broken(file, "no = \"第4号\"", "no = \"第02号\"");
    let at = site.loc(&format!("{DIR}/{file}"), "[suggestion]");
    assert_build_fails(
        &site,
        &[expected_error(
            at,
            &[
                "建议编号 第02号",
                "content/suggestions/2026-02-banlizhong.md",
                "不能同号",
            ],
            &["suggestion number 第02号", "2026-02-banlizhong.md"],
        )],
        1,
    );

    let other_session = broken(file, "no = \"第4号\"", "no = \"第2号\"");
    other_session.replace(
        &format!("{DIR}/{file}"),
        "session = \"镇第十八届人民代表大会第六次会议\"",
        "session = \"闭会期间\"",
    );
    let run = gongkai(&other_session.root, &["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);

    let draft = broken(file, "no = \"第4号\"", "no = \"第2号\"");
    draft.replace(
        &format!("{DIR}/{file}"),
        "date = 2026-08-15\n",
        "date = 2026-08-15\ndraft = true\n",
    );
    let run = gongkai(&draft.root, &["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
}
