//! A snapshot of every message in both languages, so a change of wording is a
//! reviewed diff (`snapshots/`), and a refactoring of `messages.rs` that
//! changes one byte of any message fails.
//!
//! [`variant`] is a `match` without a `_` arm: a new `Msg` variant does not
//! compile until it is listed there, and [`samples_cover_every_variant`]
//! fails until it has a sample. Variants whose text branches (an `Option`,
//! a count of 0, an enum of reasons) have a sample per branch.

use super::*;
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// How many variants [`variant`] numbers.
const VARIANTS: usize = 149;

/// The position of a message's variant.
fn variant(m: &Msg) -> usize {
    use Msg::*;
    match m {
        ContentNotFound => 0,
        InitNotEmpty { .. } => 1,
        NothingToCopy { .. } => 2,
        ConfigNotFound { .. } => 3,
        ConfigToml { .. } => 4,
        BaseUrlInvalid { .. } => 5,
        ThemeNotFound { .. } => 6,
        ReadFailed { .. } => 7,
        NotUtf8 => 8,
        FrontMatterMissing => 9,
        FrontMatterUnclosed => 10,
        FrontMatterToml { .. } => 11,
        UnknownKey { .. } => 12,
        MissingTitle => 13,
        MissingField { .. } => 14,
        MissingDate { .. } => 15,
        BadDate { .. } => 16,
        DateYearOutOfRange { .. } => 17,
        YearRangeInverted { .. } => 18,
        RatingMinInvalid { .. } => 19,
        SerialWidthInvalid { .. } => 20,
        ControlCharsRemoved { .. } => 21,
        ConfigControlChar { .. } => 22,
        EscapedControlChar { .. } => 23,
        MissingKindTable { .. } => 24,
        UnknownValue { .. } => 25,
        RectificationBeforeMeeting { .. } => 26,
        FollowupBeforeVisit { .. } => 27,
        VisitedAfterPublication { .. } => 28,
        PublishedBeforeSubmitted { .. } => 29,
        PublishedWithoutDate => 30,
        PlaceholderLeft { .. } => 31,
        NoValidVotes { .. } => 32,
        CopyUnchanged { .. } => 33,
        SameYearEvaluation { .. } => 34,
        NoRectification { .. } => 35,
        BrokenAnchor { .. } => 36,
        MissingAttachment { .. } => 37,
        DeadLink { .. } => 38,
        ImageWithoutAlt => 39,
        DuplicateHeadingId { .. } => 40,
        IndentedParagraph => 41,
        EmptySection { .. } => 42,
        MissingIndexNo => 43,
        StaleSection { .. } => 44,
        AuthorNotADelegate { .. } => 45,
        StaleRuleRelaxed { .. } => 46,
        FutureDate { .. } => 47,
        PersonalData { .. } => 48,
        PersonalDataPublished { .. } => 49,
        UnsafeHtml { .. } => 50,
        HeadingAttribute { .. } => 51,
        UnsafeUrl { .. } => 52,
        ScriptInFile { .. } => 53,
        NegativeCount { .. } => 54,
        DuplicateUnit { .. } => 55,
        VotesOverPresent { .. } => 56,
        IndexNoWrongCode { .. } => 57,
        DuplicateIndexNo { .. } => 58,
        UnknownKind { .. } => 59,
        DuplicateOutput { .. } => 60,
        LinkToUnpublished { .. } => 61,
        BrokenLink { .. } => 62,
        UnknownTemplate { .. } => 63,
        TemplateSyntax { .. } => 64,
        TemplateRender { .. } => 65,
        TemplateFilter { .. } => 66,
        TemplateCachedRender { .. } => 67,
        OutputRefused { .. } => 68,
        OutputWaiting => 69,
        OutputBusy { .. } => 70,
        WriteFailed { .. } => 71,
        OutputEscapes { .. } => 72,
        SymlinkOutside { .. } => 73,
        SymlinkBroken => 74,
        SymlinkHidden { .. } => 75,
        NotPublished { .. } => 76,
        ReplacesGenerated { .. } => 77,
        FileFolderClash { .. } => 78,
        SameOutputTwice { .. } => 79,
        PublishExtraInvalid { .. } => 80,
        TemplateIncludeCycle { .. } => 81,
        TemplateComponentTooDeep { .. } => 82,
        TemplateTera1 { .. } => 83,
        ServePreviewing { .. } => 84,
        ServeBadAddress { .. } => 85,
        ServeBindFailed { .. } => 86,
        ServeFailed { .. } => 87,
        ServeBuilt { .. } => 88,
        ServeChanged { .. } => 89,
        ServeUpdated { .. } => 90,
        ServeBuildFailed { .. } => 91,
        ServeNoSiteYet => 92,
        InitDone { .. } => 93,
        NewDone { .. } => 94,
        ServeWatchFailed { .. } => 95,
        ServeOpenFailed { .. } => 96,
        ServeStopped => 97,
        ServeOverlayTitle => 98,
        ServeOverlayClose => 99,
        CheckDone { .. } => 100,
        CheckSummaryTitle => 101,
        CheckSummaryPages { .. } => 102,
        CheckSummaryColumn { .. } => 103,
        CheckSummaryLinks { .. } => 104,
        CheckSummaryPrivacy { .. } => 105,
        CheckSummaryPlaceholders { .. } => 106,
        CliUnknownCommand { .. } => 107,
        CliUnknownOption { .. } => 108,
        CliBadValue { .. } => 109,
        CliMissing { .. } => 110,
        CliConflict { .. } => 111,
        CliOther { .. } => 112,
        // Issue 23, EVALUATION part.
        RectificationDueBeforeMeeting { .. } => 113,
        RectificationMonthsOutOfRange { .. } => 114,
        RectificationDueOnTopUnit { .. } => 115,
        // Issue 23, LEDGER part.
        FollowupDueBeforeDate { .. } => 116,
        DeadlineOverdue { .. } => 117,
        DeadlineSoon { .. } => 118,
        // issue 23, suggestion part
        ReplyMonthsInvalid { .. } => 119,
        SuggestionReplyBeforeAssigned { .. } => 120,
        SuggestionReplyNotAssigned { .. } => 121,
        SuggestionDueUncomputable { .. } => 122,
        SuggestionExtendedEmpty => 123,
        SuggestionOpinionWithoutReply { .. } => 124,
        SuggestionSecondReplyUnasked { .. } => 125,
        SuggestionUnitSpelling { .. } => 126,
        // Issue 24, FRAME part.
        PoliceRecordNoDigits { .. } => 127,
        FooterUrlInvalid { .. } => 128,
        FooterBadgeMissing { .. } => 129,
        // issue 24, META part
        OrgDomainInvalid { .. } => 130,
        // Issue 24, NOTICE part.
        NoticeEndBeforeStart { .. } => 131,
        NoticeStartBeforeMeeting { .. } => 132,
        NoticeWithoutContact => 133,
        EvaluationWithoutNotice { .. } => 134,
        DuplicateSuggestionNo { .. } => 135,
        // Issue 26 §3, the upload manifest.
        BuildChanges { .. } => 136,
        BuildAllNew { .. } => 137,
        ChangedListInsideOutput { .. } => 138,
        ChangedListWriteFailed { .. } => 139,
        // Issue 26 §2, the build cache.
        BuildReused { .. } => 140,
        BuildNothingChanged => 141,
        // Issue 27, `gongkai import`.
        ImportDone { .. } => 142,
        ImportOldFormat => 143,
        ImportEncrypted => 144,
        ImportBroken { .. } => 145,
        ImportNotDocx => 146,
        ImportNoFiles => 147,
        ImportNoSection { .. } => 148,
    }
}

fn s(text: &str) -> String {
    text.to_string()
}

/// Details as serde, toml and Tera word them, one per branch of
/// `translate_detail` (and one it does not know).
const DETAILS: &[&str] = &[
    "string values must be quoted, expected literal string",
    "invalid basic string, expected `\"`",
    "invalid literal string",
    "unclosed array, expected `]`",
    "unclosed table, expected `]`",
    "duplicate key",
    "expected newline, `#`",
    "key with no value, expected `=`",
    "invalid unquoted key, expected letters, numbers, `-`, `_`",
    "unclosed inline table, expected `}`",
    "missing escaped value, expected `b`, `f`, `n`, `r`, `\\`, `\"`, `u`, `U`",
    "max recursion depth met",
    "invalid type: integer `3`, expected a string",
    "invalid type: string \"x\", expected a sequence",
    "invalid type: boolean `true`, expected a map",
    "invalid type: floating point `1.5`, expected u32",
    "invalid type: sequence, expected a boolean",
    "invalid type: map, expected a borrowed string",
    "invalid type: unit value, expected i64",
    "Unknown function `nowhere`",
    "Unknown filter `upperr`",
    "Unknown test `objekt`",
    "Variable `pgae` is not defined. Available variables: page, site",
    "Field `titel` is not defined. Available fields: n, title",
    "Missing keyword argument `iso`",
    "Unknown tag",
    "something new",
];

/// Every variant at least once, every branch of its text once.
fn samples() -> Vec<Msg> {
    use Msg::*;
    let mut out = vec![
        ContentNotFound,
        InitNotEmpty { path: s("新网站") },
        NothingToCopy { kind: s("inspection") },
        NothingToCopy { kind: s("no-such-kind") },
        ConfigNotFound { path: s("site.toml") },
        BaseUrlInvalid { value: s("example.gov.cn") },
        ThemeNotFound { name: s("blue") },
        ReadFailed { detail: s("Permission denied (os error 13)") },
        NotUtf8,
        FrontMatterMissing,
        FrontMatterUnclosed,
        UnknownKey { key: s("titel"), suggestion: Some(s("title")) },
        UnknownKey { key: s("zzz"), suggestion: None },
        MissingTitle,
        MissingField { field: s("units") },
        MissingDate { kind: s("evaluation") },
        MissingDate { kind: s("article") },
        BadDate { value: s("2026-13-45") },
        DateYearOutOfRange { value: s("-2026-03-01"), min: 1949, max: 2100 },
        YearRangeInverted { min: 2100, max: 1949 },
        RatingMinInvalid { value: s("NaN") },
        SerialWidthInvalid { value: s("{serial:99}") },
        ControlCharsRemoved { chars: s("U+000B"), count: 2 },
        ConfigControlChar { chars: s("U+0008") },
        EscapedControlChar { chars: s("U+0008") },
        MissingKindTable { table: s("inspection"), kind: s("inspection") },
        UnknownValue {
            field: s("type"),
            value: s("视查"),
            known: vec![s("视察"), s("执法检查"), s("调研")],
            suggestion: Some(s("视察")),
        },
        UnknownValue {
            field: s("stage"),
            value: s("x"),
            known: vec![s("notice"), s("plan")],
            suggestion: None,
        },
        RectificationBeforeMeeting { unit: s("派出所"), date: s("2026-01-01"), meeting: s("2026-03-01") },
        FollowupBeforeVisit { date: s("2026-01-01"), visit: s("2026-03-01") },
        VisitedAfterPublication { visited: s("2026-03-02"), date: s("2026-03-01") },
        PublishedBeforeSubmitted { published: s("2026-01-01"), submitted: s("2026-03-01") },
        PublishedWithoutDate,
        PlaceholderLeft { text: s("（请填写单位名称）") },
        NoValidVotes { unit: s("派出所") },
        CopyUnchanged { from: s("content/inspections/2025.md") },
        SameYearEvaluation { year: 2026, other: s("content/evaluations/a.md") },
        NoRectification { unit: s("派出所"), rating: s("不满意单位") },
        BrokenAnchor { target: s("@/news/a.md#jie-guo"), fragment: s("jie-guo") },
        MissingAttachment { name: s("通知.pdf") },
        DeadLink { target: s("/images/a.jpg"), url: s("/rd/images/a.jpg") },
        ImageWithoutAlt,
        DuplicateHeadingId { id: s("same"), renamed: s("same-1") },
        IndentedParagraph,
        EmptySection { title: s("代表风采") },
        MissingIndexNo,
        StaleSection { title: s("人大要闻"), last: s("2026-09-01"), days: 96, limit: 14 },
        AuthorNotADelegate { name: s("王五") },
        StaleRuleRelaxed { title: s("人大要闻"), days: 30, national: 14 },
        FutureDate { date: s("2027-01-01") },
        PersonalData { kind_zh: s("手机号码"), kind_en: s("mobile number"), masked: s("138****5678") },
        PersonalDataPublished { kind_zh: s("身份证号"), kind_en: s("ID number"), masked: s("1101**********1234") },
        UnsafeHtml { what: s("<iframe>") },
        HeadingAttribute { name: s("onfocus") },
        UnsafeUrl { url: s("javascript:alert(1)") },
        ScriptInFile { what: s("<script>") },
        NegativeCount { field: s("satisfied"), value: -3 },
        DuplicateUnit { name: s("派出所"), first_line: 12 },
        VotesOverPresent { unit: s("派出所"), total: 40, present: 35 },
        IndexNoWrongCode { index_no: s("X-2026-001"), prefix: s("QX-") },
        DuplicateIndexNo { index_no: s("QX-2026-001"), other: s("content/news/b.md") },
        UnknownKind { value: s("notice") },
        DuplicateOutput { url: s("/news/a/"), other: Some(s("content/news/a/index.md")) },
        DuplicateOutput { url: s("/archive/2026/"), other: None },
        LinkToUnpublished { target: s("@/news/draft.md") },
        BrokenLink { target: s("@/news/none.md") },
        UnknownTemplate { name: s("special.html") },
        TemplateSyntax {
            template: s("templates/page.html"),
            detail: s("Found `%}` but expected one of: integer, float, string, bool, ident, `-`, `not`, `<`, `{`, `[` or `(`"),
        },
        TemplateFilter {
            template: s("templates/x.html"),
            filter: s("round"),
            detail: s("Invalid type for the value, expected `f64` but got `string`"),
        },
        TemplateFilter {
            template: s("templates/x.html"),
            filter: s("length"),
            detail: s("Invalid type for the value, expected `array` but got `f64`"),
        },
        TemplateFilter {
            template: s("templates/x.html"),
            filter: s("custom"),
            detail: s("something else"),
        },
        TemplateRender {
            template: s("templates/x.html"),
            detail: s("Field `titel` is not defined. Available fields: n, title"),
        },
        TemplateRender {
            template: s("templates/x.html"),
            detail: s("Unknown argument(s) `b` in component call. Possible argument(s) are: `a`"),
        },
        OutputWaiting,
        OutputBusy { path: s("public"), seconds: 600 },
        WriteFailed { path: s("public/index.html"), detail: s("No space left on device (os error 28)") },
        OutputEscapes { path: s("../index.html") },
        SymlinkOutside { target: s("/etc/passwd") },
        SymlinkBroken,
        SymlinkHidden { target: s(".env") },
        SameOutputTwice { output: s("/a.pdf"), other: s("static/a.pdf") },
        PublishExtraInvalid { value: s(".kml") },
        TemplateIncludeCycle { cycle: s("a.html → b.html → a.html") },
        TemplateComponentTooDeep { name: s("m.menu"), limit: 20 },
        TemplateComponentTooDeep { name: s(""), limit: 20 },
        TemplateTera1 { written: s("m::date(…)"), instead: s("{{ <m.name argument={value} /> }}") },
        ServePreviewing { url: s("http://127.0.0.1:1111/") },
        ServeBadAddress { value: s("localhostt") },
        ServeBindFailed { addr: s("127.0.0.1:1111"), detail: s("Address already in use (os error 98)") },
        ServeFailed { detail: s("No space left on device (os error 28)") },
        ServeBuilt { pages: 12, sections: 4, files: 80, millis: 321 },
        ServeChanged { path: s("content/news/a.md"), more: 0 },
        ServeChanged { path: s("content/news/a.md"), more: 2 },
        ServeUpdated { files: 7, millis: 40 },
        ServeBuildFailed { errors: 1, warnings: 2 },
        ServeNoSiteYet,
        InitDone { dir: s("site"), files: 3 },
        NewDone { path: s("content/news/a.md") },
        ImportDone {
            source: s("视察报告.docx"),
            path: s("content/inspections/2026-11-28-shi-cha/index.md"),
            date: s("2026-11-28"),
            date_from: ImportDateFrom::Signature,
        },
        ImportDone {
            source: s("视察报告.docx"),
            path: s("content/inspections/2026-11-28-shi-cha/index.md"),
            date: s("2026-11-28"),
            date_from: ImportDateFrom::Properties,
        },
        ImportDone {
            source: s("视察报告.docx"),
            path: s("content/inspections/2026-12-07-shi-cha/index.md"),
            date: s("2026-12-07"),
            date_from: ImportDateFrom::Today,
        },
        ImportOldFormat,
        ImportEncrypted,
        ImportBroken { part: None },
        ImportBroken { part: Some(s("word/document.xml")) },
        ImportNotDocx,
        ImportNoFiles,
        ImportNoSection { section: s("xinwen") },
        ServeWatchFailed { detail: s("inotify limit") },
        ServeOpenFailed { url: s("http://127.0.0.1:1111/") },
        ServeStopped,
        ServeOverlayTitle,
        ServeOverlayClose,
        CheckSummaryTitle,
        CheckSummaryPages { pages: 4, columns: 2 },
        CheckSummaryLinks { links: 3, attachments: 1 },
        CheckSummaryPrivacy { outputs: 9 },
        CheckSummaryPlaceholders { count: 0 },
        CheckSummaryPlaceholders { count: 2 },
        CliUnknownCommand { word: s("biuld"), suggestion: Some(s("build")) },
        CliUnknownCommand { word: s("zzz"), suggestion: None },
        CliUnknownOption { word: s("--bogus"), suggestion: None, command: s("gongkai build") },
        CliUnknownOption { word: s("--drfts"), suggestion: Some(s("--drafts")), command: s("gongkai build") },
        CliBadValue { option: s("--port"), value: s("abc"), command: s("gongkai serve") },
        CliMissing { what: s("<KIND>"), command: s("gongkai new") },
        CliConflict { first: s("--from"), second: s("--from-last"), command: s("gongkai new") },
        CliOther { detail: s("too many values"), command: s("gongkai") },
        // Issue 23, EVALUATION part.
        RectificationDueBeforeMeeting { unit: s("镇卫生院"), due: s("2026-11-01"), meeting: s("2026-11-28") },
        RectificationMonthsOutOfRange { value: 13 },
        RectificationDueOnTopUnit { unit: s("镇派出所"), rating: s("满意单位") },
        // Issue 23, LEDGER part.
        FollowupDueBeforeDate { due: s("2026-09-01"), date: s("2026-09-20") },
        DeadlineOverdue { subject: s("镇农医办 视察交办：新农合登记"), task_zh: s("交办"), task_en: s("answer to the assignment"), due: s("2026-11-30"), days: 6 },
        DeadlineSoon { subject: s("镇农医办 视察交办：新农合登记"), task_zh: s("交办"), task_en: s("answer to the assignment"), due: s("2026-12-06"), days: 0 },
        DeadlineSoon { subject: s("镇农医办 视察交办：新农合登记"), task_zh: s("交办"), task_en: s("answer to the assignment"), due: s("2026-12-16"), days: 10 },
        // issue 23, suggestion part
        ReplyMonthsInvalid { value: s("12") },
        SuggestionReplyBeforeAssigned { date: s("2026-01-08"), assigned: s("2026-01-10") },
        SuggestionReplyNotAssigned { date: s("2026-03-20") },
        SuggestionDueUncomputable { assigned: s("9999-12-31"), months: 3 },
        SuggestionExtendedEmpty,
        SuggestionOpinionWithoutReply { opinion: s("满意") },
        SuggestionSecondReplyUnasked { date: s("2026-05-01") },
        SuggestionUnitSpelling { unit: s("镇卫生所"), known: s("镇卫生院") },
        // Issue 24, FRAME part.
        PoliceRecordNoDigits { value: s("京公网安备号") },
        FooterUrlInvalid { key: s("correction_url"), value: s("zfwzzc.www.gov.cn") },
        FooterBadgeMissing { key: s("gov_badge"), path: s("images/dangzheng.png") },
        // issue 24, META part
        OrgDomainInvalid { value: s("https://www.qingxi.gov.cn/") },
        // Issue 24, NOTICE part.
        NoticeEndBeforeStart { start: s("2026-12-01"), end: s("2026-11-25") },
        NoticeStartBeforeMeeting { start: s("2026-11-20"), meeting: s("2026-11-28") },
        NoticeWithoutContact,
        EvaluationWithoutNotice { round: 1 },
        EvaluationWithoutNotice { round: 2 },
        DuplicateSuggestionNo { no: s("第3号"), other: s("content/suggestions/2026-xuexiao-jiaotong.md") },
        // Issue 26 §3, the upload manifest.
        BuildChanges { added: 3, changed: 12, removed: 1 },
        BuildChanges { added: 0, changed: 0, removed: 0 },
        BuildAllNew { files: 412 },
        ChangedListInsideOutput { path: s("public/changed.txt"), output: s("public") },
        ChangedListWriteFailed { path: s("nowhere/changed.txt"), detail: s("No such file or directory (os error 2)") },
        // Issue 26 §2, the build cache.
        BuildReused { rendered: 3, reused: 9665 },
        BuildNothingChanged,
    ];
    for detail in DETAILS {
        out.push(ConfigToml { detail: s(detail) });
        out.push(FrontMatterToml { detail: s(detail) });
        out.push(TemplateRender {
            template: s("templates/page.html"),
            detail: s(detail),
        });
        out.push(TemplateCachedRender {
            template: s("templates/cached/footer.html"),
            detail: s(detail),
        });
    }
    for reason in [
        OutputRefusal::IsSiteRoot,
        OutputRefusal::ContainsSite,
        OutputRefusal::InsideSource,
        OutputRefusal::NotOurs,
        OutputRefusal::IsFile,
    ] {
        out.push(OutputRefused {
            path: s("p"),
            reason,
        });
    }
    out.extend(not_published());
    for generated in [
        Generated::Page,
        Generated::File,
        Generated::SearchIndex,
        Generated::SyntaxCss,
    ] {
        for source in [None, Some(s("content/news/a.md"))] {
            out.push(ReplacesGenerated {
                output: s("/news/a/index.html"),
                generated,
                source,
            });
        }
    }
    for source in [None, Some(s("content/news/a.md"))] {
        out.push(FileFolderClash {
            copied: s("/news/a"),
            page: s("/news/a/index.html"),
            source,
            name: s("a"),
        });
    }
    for (errors, warnings, counted) in [(0, 0, 0), (0, 3, 0), (0, 3, 3), (0, 3, 1), (2, 3, 1)] {
        out.push(CheckDone {
            errors,
            warnings,
            counted,
        });
    }
    out.extend(summary_columns());
    out
}

/// Every reason a copied file is left out, with and without a leftover.
fn not_published() -> Vec<Msg> {
    let whys = [
        NotPublishedWhy::HiddenFile,
        NotPublishedWhy::HiddenFolder,
        NotPublishedWhy::OfficeLock,
        NotPublishedWhy::NotAType,
        NotPublishedWhy::NoType,
    ];
    let leftovers = [
        None,
        Some(Leftover::EditorBackup),
        Some(Leftover::EditorSwap),
        Some(Leftover::EditorAutosave),
        Some(Leftover::EditorTemporary),
        Some(Leftover::MergeLeftover),
        Some(Leftover::Temporary),
        Some(Leftover::SystemFile),
        Some(Leftover::OfficeLock),
    ];
    let mut out = vec![];
    for place in [Place::Content, Place::Static] {
        for why in whys {
            for leftover in leftovers {
                out.push(Msg::NotPublished {
                    place,
                    why,
                    ext: s("bak"),
                    leftover,
                });
            }
        }
    }
    out
}

/// `check`'s line of one column: dated or not, empty, relaxed, overdue, never stale.
fn summary_columns() -> Vec<Msg> {
    let column = |pages, last: Option<&str>, days, limit, national| Msg::CheckSummaryColumn {
        title: s("人大要闻"),
        pages,
        last: last.map(s),
        days,
        limit,
        national,
    };
    vec![
        column(3, Some("2026-12-05"), Some(1), Some(14), Some(14)),
        column(3, Some("2026-09-05"), Some(92), Some(14), Some(14)),
        column(3, Some("2026-11-05"), Some(31), Some(30), Some(14)),
        column(3, Some("2026-11-05"), Some(20), Some(30), Some(14)),
        column(3, Some("2026-11-05"), Some(20), Some(7), None),
        column(0, None, None, Some(14), Some(14)),
        column(2, None, None, Some(14), Some(14)),
        column(2, Some("2020-01-01"), Some(2000), None, None),
    ]
}

#[test]
fn samples_cover_every_variant() {
    let seen: BTreeSet<usize> = samples().iter().map(variant).collect();
    let all: BTreeSet<usize> = (0..VARIANTS).collect();
    assert_eq!(
        seen, all,
        "every variant needs a sample (and VARIANTS its count)"
    );
}

/// The text of every sample in both languages, one block each.
#[test]
fn every_message_in_both_languages() {
    let mut out = String::new();
    for m in samples() {
        let _ = writeln!(out, "## {} {:?}", m.code(), m);
        let _ = writeln!(out, "zh: {}", m.text(Lang::Zh));
        let _ = writeln!(out, "en: {}", m.text(Lang::En));
        let _ = writeln!(out);
    }
    insta::assert_snapshot!(out);
}

/// The lines that are not a `Msg`: the build's closing lines and `check`'s group headings.
#[test]
fn closing_lines_and_check_headings() {
    let mut out = String::new();
    for lang in [Lang::Zh, Lang::En] {
        let _ = writeln!(out, "{}", build_summary(lang, 6, 3, 40, 120, "public"));
        let _ = writeln!(out, "{}", build_failed(lang, 2, 1));
    }
    let codes: BTreeSet<String> = samples().iter().map(Msg::code).collect();
    for code in codes {
        for error in [true, false] {
            for lang in [Lang::Zh, Lang::En] {
                let _ = writeln!(
                    out,
                    "{code} {error} {}",
                    check_group_title(lang, error, &code)
                );
            }
        }
    }
    insta::assert_snapshot!(out);
}
