//! Every sentence gongkai says to a person, in Simplified Chinese and English.
//!
//! The office director reads Chinese, so Chinese is the default; `--lang en`
//! or a `LANG` starting with `en` switches to English. Code elsewhere builds a
//! [`Msg`] with the facts and never writes user-facing text itself, so the
//! wording of every message can be reviewed here in one place.
//!
//! Each message is one arm of [`Msg::text`] holding its Chinese and English
//! side by side (`zh_en!` formats only the language asked for), so a message
//! cannot gain one language without the other. `every_message.rs` snapshots
//! every message's text in both languages.

use std::fmt;

/// `zh_en!(lang, "…{a}…", "…{a}…")`: the text in `lang`, formatting only
/// that one. Two string literals are format strings (capturing names in
/// scope); anything else is an expression giving the text.
macro_rules! zh_en {
    ($lang:expr, $zh:literal, $en:literal $(,)?) => {
        match $lang {
            Lang::Zh => format!($zh),
            Lang::En => format!($en),
        }
    };
    ($lang:expr, $zh:expr, $en:expr $(,)?) => {
        match $lang {
            Lang::Zh => String::from($zh),
            Lang::En => String::from($en),
        }
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// `--lang` wins; else `LANG`/`LC_ALL` starting with `en`; else Chinese.
    pub fn detect(flag: Option<&str>) -> Lang {
        if let Some(flag) = flag {
            return Lang::parse(flag);
        }
        for var in ["LC_ALL", "LANG"] {
            if let Ok(v) = std::env::var(var) {
                if !v.is_empty() {
                    return Lang::parse(&v);
                }
            }
        }
        Lang::Zh
    }

    fn parse(s: &str) -> Lang {
        if s.to_ascii_lowercase().starts_with("en") {
            Lang::En
        } else {
            Lang::Zh
        }
    }
}

/// Why gongkai refuses to write its output into a folder.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OutputRefusal {
    IsSiteRoot,
    ContainsSite,
    InsideSource,
    NotOurs,
    IsFile,
}

/// Where a file copied as it is comes from: the types it may have differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Place {
    Content,
    Static,
}

/// Why a file copied as it is is left out of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NotPublishedWhy {
    HiddenFile,
    HiddenFolder,
    OfficeLock,
    /// An extension that is not on the lists.
    NotAType,
    /// No extension made of letters and digits.
    NoType,
}

/// What tool probably left a file behind (for the message only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Leftover {
    EditorBackup,
    EditorSwap,
    EditorAutosave,
    EditorTemporary,
    MergeLeftover,
    Temporary,
    SystemFile,
    OfficeLock,
}

/// A file gongkai makes itself, which no copied file may replace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Generated {
    Page,
    /// A feed, the sitemap, `robots.txt`.
    File,
    SearchIndex,
    SyntaxCss,
}

/// Where `gongkai import` took a page's date from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ImportDateFrom {
    /// The 落款 at the end of the document.
    Signature,
    /// The document's properties (last saved, else created).
    Properties,
    /// Neither: the day of the import.
    Today,
}

/// What went wrong, with the facts a message needs. Serialized (for
/// `check --format json`) as `{"code": "broken-link", …facts}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(tag = "code", rename_all = "kebab-case")]
pub enum Msg {
    ContentNotFound,
    InitNotEmpty {
        path: String,
    },
    NothingToCopy {
        kind: String,
    },
    ConfigNotFound {
        path: String,
    },
    ConfigToml {
        detail: String,
    },
    BaseUrlInvalid {
        value: String,
    },
    ThemeNotFound {
        name: String,
    },
    ReadFailed {
        detail: String,
    },
    NotUtf8,
    FrontMatterMissing,
    FrontMatterUnclosed,
    FrontMatterToml {
        detail: String,
    },
    UnknownKey {
        key: String,
        suggestion: Option<String>,
    },
    MissingTitle,
    MissingField {
        field: String,
    },
    MissingDate {
        kind: String,
    },
    BadDate {
        value: String,
    },
    /// A date whose year is outside `[build] min_year` … `max_year`.
    DateYearOutOfRange {
        value: String,
        min: i32,
        max: i32,
    },
    /// `[build] min_year` is after `max_year`.
    YearRangeInverted {
        min: i32,
        max: i32,
    },
    /// A rating band's `min` that is not a number from 0 to 1.
    RatingMinInvalid {
        value: String,
    },
    /// `{serial:…}` in `index_format` whose width is not 1 to 12 digits.
    SerialWidthInvalid {
        value: String,
    },
    /// Invisible control characters removed from a file (a warning).
    ControlCharsRemoved {
        chars: String,
        count: usize,
    },
    /// An invisible control character in `site.toml`.
    ConfigControlChar {
        chars: String,
    },
    /// A TOML escape (`\u0008`) that writes a character XML forbids.
    EscapedControlChar {
        chars: String,
    },
    MissingKindTable {
        table: String,
        kind: String,
    },
    UnknownValue {
        field: String,
        value: String,
        known: Vec<String>,
        suggestion: Option<String>,
    },
    RectificationBeforeMeeting {
        unit: String,
        date: String,
        meeting: String,
    },
    FollowupBeforeVisit {
        date: String,
        visit: String,
    },
    /// An inspection's `visited` (视察日期) after its `date` (发布日期).
    VisitedAfterPublication {
        visited: String,
        date: String,
    },
    PublishedBeforeSubmitted {
        published: String,
        submitted: String,
    },
    PublishedWithoutDate,
    /// Template text (`（请…）`, see `content::placeholder`) left in a published page.
    PlaceholderLeft {
        text: String,
    },
    /// An evaluated unit with no valid vote in a published evaluation.
    NoValidVotes {
        unit: String,
    },
    /// A page made with `new --from` whose body is still its source's.
    CopyUnchanged {
        from: String,
    },
    /// Two published evaluations of one year, the later not a 复评.
    SameYearEvaluation {
        year: i32,
        other: String,
    },
    NoRectification {
        unit: String,
        rating: String,
    },
    BrokenAnchor {
        target: String,
        fragment: String,
    },
    MissingAttachment {
        name: String,
    },
    /// A link or image of a published page that leads nowhere on the
    /// uploaded site: `target` as written, `url` where it leads.
    DeadLink {
        target: String,
        url: String,
    },
    ImageWithoutAlt,
    /// A custom heading id (`{#same}`) used twice on one page.
    DuplicateHeadingId {
        id: String,
        renamed: String,
    },
    /// A paragraph indented by four spaces, shown as a code box.
    IndentedParagraph,
    EmptySection {
        title: String,
    },
    MissingIndexNo,
    StaleSection {
        title: String,
        last: String,
        days: i64,
        limit: u32,
    },
    /// A submission author named as a delegate nowhere on the site.
    AuthorNotADelegate {
        name: String,
    },
    /// A section's `stale_after_days` is longer than the national rule.
    StaleRuleRelaxed {
        title: String,
        days: u32,
        national: u32,
    },
    FutureDate {
        date: String,
    },
    PersonalData {
        kind_zh: String,
        kind_en: String,
        masked: String,
    },
    /// A number found only in what is published (split by markup,
    /// entities, invisible characters or separators in the source).
    PersonalDataPublished {
        kind_zh: String,
        kind_en: String,
        masked: String,
    },
    UnsafeHtml {
        what: String,
    },
    HeadingAttribute {
        name: String,
    },
    UnsafeUrl {
        url: String,
    },
    ScriptInFile {
        what: String,
    },
    NegativeCount {
        field: String,
        value: i64,
    },
    DuplicateUnit {
        name: String,
        first_line: usize,
    },
    VotesOverPresent {
        unit: String,
        total: i64,
        present: i64,
    },
    /// A 索引号 that does not start as `index_format` with `[org] code` says.
    IndexNoWrongCode {
        index_no: String,
        prefix: String,
    },
    DuplicateIndexNo {
        index_no: String,
        other: String,
    },
    UnknownKind {
        value: String,
    },
    DuplicateOutput {
        url: String,
        /// The other file, or None when the other is a page gongkai makes itself.
        other: Option<String>,
    },
    LinkToUnpublished {
        target: String,
    },
    BrokenLink {
        target: String,
    },
    UnknownTemplate {
        name: String,
    },
    TemplateSyntax {
        template: String,
        detail: String,
    },
    TemplateRender {
        template: String,
        detail: String,
    },
    /// A filter could not take the value given to it.
    TemplateFilter {
        template: String,
        filter: String,
        detail: String,
    },
    /// A template of `cached/` failed: it sees only `site`, `now_year` and `today`.
    TemplateCachedRender {
        template: String,
        detail: String,
    },
    OutputRefused {
        path: String,
        reason: OutputRefusal,
    },
    /// Another build holds the output's lock; this one waits (said once).
    OutputWaiting,
    /// Another build held the output's lock for longer than this one waits.
    OutputBusy {
        path: String,
        seconds: u64,
    },
    WriteFailed {
        path: String,
        detail: String,
    },
    /// An output path with `..` (or absolute) that would leave the output folder.
    OutputEscapes {
        path: String,
    },
    SymlinkOutside {
        target: String,
    },
    SymlinkBroken,
    /// A link to a hidden file or a file in a hidden folder of the site.
    SymlinkHidden {
        target: String,
    },
    /// A file under `content/` or a `static/` folder that is not published
    /// (a `check` warning).
    NotPublished {
        place: Place,
        why: NotPublishedWhy,
        /// Lowercase, empty when there is none.
        ext: String,
        leftover: Option<Leftover>,
    },
    /// A copied file at the path of a file gongkai makes.
    ReplacesGenerated {
        output: String,
        generated: Generated,
        /// The page's own file, when it has one.
        source: Option<String>,
    },
    /// A copied file and a generated one of which one needs as a folder
    /// the name the other has as a file (`name`).
    FileFolderClash {
        copied: String,
        page: String,
        source: Option<String>,
        name: String,
    },
    /// Two copied files published at one path.
    SameOutputTwice {
        output: String,
        other: String,
    },
    PublishExtraInvalid {
        value: String,
    },
    TemplateIncludeCycle {
        cycle: String,
    },
    /// Components nested deeper than Tera's limit while rendering; `name`
    /// is one that calls itself, empty when none does.
    TemplateComponentTooDeep {
        name: String,
        limit: i64,
    },
    /// A site's template written for Tera 1: `written` is what it wrote,
    /// `instead` the Tera 2 form.
    TemplateTera1 {
        written: String,
        instead: String,
    },
    // `gongkai serve`.
    ServePreviewing {
        url: String,
    },
    ServeBadAddress {
        value: String,
    },
    ServeBindFailed {
        addr: String,
        detail: String,
    },
    ServeFailed {
        detail: String,
    },
    ServeBuilt {
        pages: usize,
        sections: usize,
        files: usize,
        millis: u128,
    },
    ServeChanged {
        path: String,
        more: usize,
    },
    ServeUpdated {
        files: usize,
        millis: u128,
    },
    ServeBuildFailed {
        errors: usize,
        warnings: usize,
    },
    ServeNoSiteYet,
    InitDone {
        dir: String,
        files: usize,
    },
    NewDone {
        path: String,
    },
    /// `gongkai import` wrote a page from a Word document.
    ImportDone {
        source: String,
        path: String,
        date: String,
        date_from: ImportDateFrom,
    },
    /// A Word 97–2003 (.doc) or WPS (.wps) file.
    ImportOldFormat,
    /// An Office document with an opening password.
    ImportEncrypted,
    /// A .docx that is no zip (`part` None) or whose part is broken.
    ImportBroken {
        part: Option<String>,
    },
    /// A file given to import that is no Word document.
    ImportNotDocx,
    /// A folder given to import with no Word document in it.
    ImportNoFiles,
    /// `--section` names no section folder.
    ImportNoSection {
        section: String,
    },
    ServeWatchFailed {
        detail: String,
    },
    ServeOpenFailed {
        url: String,
    },
    ServeStopped,
    ServeOverlayTitle,
    ServeOverlayClose,
    // `gongkai check`'s closing lines: the "before you publish" summary and
    // the verdict. `counted` are the warnings an inspection would count.
    CheckDone {
        errors: usize,
        warnings: usize,
        counted: usize,
    },
    CheckSummaryTitle,
    CheckSummaryPages {
        pages: usize,
        columns: usize,
    },
    /// One column's last update; `limit` None for a column never stale.
    CheckSummaryColumn {
        title: String,
        pages: usize,
        last: Option<String>,
        days: Option<i64>,
        limit: Option<u32>,
        national: Option<u32>,
    },
    CheckSummaryLinks {
        links: usize,
        attachments: usize,
    },
    CheckSummaryPrivacy {
        outputs: usize,
    },
    CheckSummaryPlaceholders {
        count: usize,
    },
    // A mistyped command line; `command` is `gongkai build` (or `gongkai`).
    CliUnknownCommand {
        word: String,
        suggestion: Option<String>,
    },
    CliUnknownOption {
        word: String,
        suggestion: Option<String>,
        command: String,
    },
    CliBadValue {
        option: String,
        value: String,
        command: String,
    },
    CliMissing {
        what: String,
        command: String,
    },
    CliConflict {
        first: String,
        second: String,
        command: String,
    },
    CliOther {
        detail: String,
        command: String,
    },
    // Issue 23, EVALUATION part: 整改期限.
    RectificationDueBeforeMeeting {
        unit: String,
        due: String,
        meeting: String,
    },
    RectificationMonthsOutOfRange {
        value: i64,
    },
    RectificationDueOnTopUnit {
        unit: String,
        rating: String,
    },
    // Issue 23, LEDGER part: inspection 交办期限 and the 督办台账's warnings.
    /// A follow-up's `due` (交办期限) before the follow-up's own date.
    FollowupDueBeforeDate {
        due: String,
        date: String,
    },
    /// An open item past its due date (`check`); `task_zh`/`task_en` say
    /// what is due (答复, 再次答复, 整改报告, 交办).
    DeadlineOverdue {
        subject: String,
        task_zh: String,
        task_en: String,
        due: String,
        days: i64,
    },
    /// An open item due within the next 14 days (`check`).
    DeadlineSoon {
        subject: String,
        task_zh: String,
        task_en: String,
        due: String,
        days: i64,
    },
    // ---- issue 23, suggestion part (代表建议) ----
    /// `[suggestions] reply_months` or `rereply_months` out of 1..=6.
    ReplyMonthsInvalid {
        value: String,
    },
    /// A suggestion's reply dated before its 交办.
    SuggestionReplyBeforeAssigned {
        date: String,
        assigned: String,
    },
    /// A suggestion's reply while it has no `assigned` date.
    SuggestionReplyNotAssigned {
        date: String,
    },
    /// The reply's due date falls past the calendar gongkai reads.
    SuggestionDueUncomputable {
        assigned: String,
        months: u32,
    },
    /// `extended = ""`: an extension with no reason.
    SuggestionExtendedEmpty,
    /// `delegate_opinion` with no reply to be of.
    SuggestionOpinionWithoutReply {
        opinion: String,
    },
    /// A 再次答复 with no 不满意 opinion before it (a warning).
    SuggestionSecondReplyUnasked {
        date: String,
    },
    /// `assigned_unit` spelt close to, but not as, a unit the site knows.
    SuggestionUnitSpelling {
        unit: String,
        known: String,
    },
    // ---- issue 24, FRAME part (the footer and frame of a 政府网站) ----
    /// `[org] police_record` holds no digits to look the number up by.
    PoliceRecordNoDigits {
        value: String,
    },
    /// A footer link of `[org]` that is not an http(s) address.
    FooterUrlInvalid {
        key: String,
        value: String,
    },
    /// A footer badge of `[org]` whose image is not in `static/`.
    FooterBadgeMissing {
        key: String,
        path: String,
    },
    // Issue 24, META part (政府网站元数据).
    /// `[org] domain` is not a bare domain name.
    OrgDomainInvalid {
        value: String,
    },
    // Issue 24, NOTICE part (评议公示 and the 政务公开 reports).
    /// `[evaluation.notice]`'s `end` before its `start`.
    NoticeEndBeforeStart {
        start: String,
        end: String,
    },
    /// `[evaluation.notice]`'s `start` before the meeting that voted.
    NoticeStartBeforeMeeting {
        start: String,
        meeting: String,
    },
    /// `[evaluation.notice]` with no `contact` (or an empty one).
    NoticeWithoutContact,
    /// A published evaluation without `[evaluation.notice]` (a warning).
    EvaluationWithoutNotice {
        round: u32,
    },
    /// Two suggestions of one session and year with one number (第3号).
    DuplicateSuggestionNo {
        no: String,
        other: String,
    },
    // Issue 26 §3, the upload manifest (gongkai-manifest.json).
    /// After a build: files added, changed and removed since the last one.
    BuildChanges {
        added: usize,
        changed: usize,
        removed: usize,
    },
    /// After a build with no previous manifest: every file is new.
    BuildAllNew {
        files: usize,
    },
    /// After a build that linked unchanged outputs from the last one.
    BuildReused {
        rendered: usize,
        reused: usize,
    },
    /// After a build that found every file as the last build left it.
    BuildNothingChanged,
    /// `--changed-list FILE` inside the output folder (it would be uploaded).
    ChangedListInsideOutput {
        path: String,
        output: String,
    },
    /// `--changed-list FILE` cannot be written.
    ChangedListWriteFailed {
        path: String,
        detail: String,
    },
}

impl Msg {
    /// A stable identifier of the kind of problem (`broken-link`), for machines and grouping.
    pub fn code(&self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.get("code").and_then(|c| c.as_str()).map(str::to_string))
            .unwrap_or_default()
    }

    /// The message in `lang`: one arm per message, the Chinese text first,
    /// the English beside it, so neither can be forgotten or drift apart.
    pub fn text(&self, lang: Lang) -> String {
        use Msg::*;
        match self {
            ConfigNotFound { path } => zh_en!(
                lang,
                "找不到网站配置文件 {path}。请在网站文件夹里运行，或用 --root 指定网站文件夹（里面要有 site.toml 和 content/）。",
                "cannot find the site configuration {path}. Run gongkai inside the site folder, or pass --root (the folder holding site.toml and content/).",
            ),
            ContentNotFound => zh_en!(
                lang,
                "网站文件夹里没有 content/ 文件夹。文章要放在 content/ 里；新建网站请参考 README。",
                "the site folder has no content/ folder. Pages go in content/; see the README to start a site.",
            ),
            InitNotEmpty { path } => zh_en!(
                lang,
                "文件夹 {path} 不是空的。为了不覆盖你的文件，请换一个新的文件夹名，例如 gongkai init 我的网站。",
                "the folder {path} is not empty. To overwrite nothing, choose a new folder name, e.g. gongkai init my-site.",
            ),
            NothingToCopy { kind } => zh_en!(
                lang,
                format!(
                    "网站里还没有{}可以复制。请先不加 --from-last 新建一篇。",
                    kind_label_zh(kind)
                ),
                format!("the site has no {kind} to copy yet. Create one without --from-last first."),
            ),
            ConfigToml { detail } => zh_en!(
                lang,
                format!(
                    "site.toml 写法有误：{}。请对照 README 里的 site.toml 示例修改。",
                    translate_detail(detail, Lang::Zh)
                ),
                format!("site.toml is not valid: {detail}. Compare it with the example in the README."),
            ),
            BaseUrlInvalid { value } => zh_en!(
                lang,
                "base_url「{value}」不是完整的网址。请写成 https://example.gov.cn/qingxi/ 这样，以 http:// 或 https:// 开头。",
                "base_url \"{value}\" is not a full URL. Write it like https://example.gov.cn/qingxi/, starting with http:// or https://.",
            ),
            ThemeNotFound { name } => zh_en!(
                lang,
                "找不到主题「{name}」：themes/{name}/ 不存在。请改用 theme = \"default\"（内置主题），或把主题放进 themes/{name}/。",
                "theme \"{name}\" not found: themes/{name}/ does not exist. Use theme = \"default\" (built in) or put the theme in themes/{name}/.",
            ),
            ReadFailed { detail } => zh_en!(
                lang,
                "读取文件失败：{detail}。",
                "cannot read the file: {detail}.",
            ),
            NotUtf8 => zh_en!(
                lang,
                "文件不是 UTF-8 编码，无法读取。请在编辑器里“另存为”，编码选 UTF-8，再重新生成。",
                "the file is not UTF-8 text. Save it again as UTF-8 in your editor, then rebuild.",
            ),
            FrontMatterMissing => zh_en!(
                lang,
                "文件开头没有用 +++ 包起来的文章信息（front matter）。第一行要写 +++，写完 title、date 等信息后再写一行 +++。",
                "the file does not start with front matter between +++ lines. The first line must be +++, then title, date…, then another +++ line.",
            ),
            FrontMatterUnclosed => zh_en!(
                lang,
                "文章信息（front matter）没有结束：第一行的 +++ 之后找不到另一行 +++。请在文章信息写完后单独加一行 +++。",
                "the front matter is not closed: no second +++ line after the first one. Add a line with +++ after the front matter.",
            ),
            FrontMatterToml { detail } => zh_en!(
                lang,
                {
                    let said = translate_detail(detail, Lang::Zh);
                    let hint = if said.starts_with("原文") {
                        "常见原因：文字没有用英文双引号括起来，或者用了中文标点（“”＝）。"
                    } else {
                        ""
                    };
                    format!("文章信息（front matter）写法有误：{said}。{hint}")
                },
                format!("the front matter is not valid TOML: {detail}. Common causes: text not in straight double quotes, or full-width punctuation."),
            ),
            UnknownKey { key, suggestion } => zh_en!(
                lang,
                match suggestion {
                    Some(s) => format!("不认识的字段「{key}」。是不是想写「{s}」？"),
                    None => format!("不认识的字段「{key}」。请检查拼写，或删掉这一行；自定义内容请放在 [extra] 下面。"),
                },
                match suggestion {
                    Some(s) => format!("unknown field \"{key}\". Did you mean \"{s}\"?"),
                    None => format!("unknown field \"{key}\". Check the spelling or remove it; put custom values under [extra]."),
                },
            ),
            MissingTitle => zh_en!(
                lang,
                "缺少标题：请在文章信息里加一行 title = \"标题\"。",
                "missing title: add a line title = \"…\" to the front matter.",
            ),
            MissingField { field } => zh_en!(
                lang,
                "缺少必填字段「{field}」，请补上。",
                "missing required field \"{field}\".",
            ),
            MissingDate { kind } => zh_en!(
                lang,
                format!(
                    "这篇{}缺少日期：请在文章信息里加一行 date = 2026-09-08（年-月-日，不加引号）。",
                    kind_label_zh(kind)
                ),
                format!("this {kind} has no date: add date = 2026-09-08 (year-month-day, no quotes)."),
            ),
            BadDate { value } => zh_en!(
                lang,
                "日期「{value}」看不懂。请写成 2026-09-08 这样的 年-月-日（不加引号），月份和日期要存在。",
                "cannot read the date \"{value}\". Write it as year-month-day like 2026-09-08, without quotes, with a real month and day.",
            ),
            DateYearOutOfRange { value, min, max } => zh_en!(
                lang,
                "日期「{value}」的年份不对：年份要在 {min} 到 {max} 之间。请检查是不是多打或少打了数字、多了负号。确实需要更早或更晚的年份，可以在 site.toml 的 [build] 里改 min_year 和 max_year。",
                "the year of the date \"{value}\" is out of range: years must be from {min} to {max}. Check for a missing or extra digit or a stray minus sign. If you really need earlier or later years, change min_year and max_year under [build] in site.toml.",
            ),
            YearRangeInverted { min, max } => zh_en!(
                lang,
                "[build] 里的 min_year（{min}）比 max_year（{max}）还大。请把 min_year 改成较早的年份，max_year 改成较晚的年份。",
                "min_year ({min}) under [build] is after max_year ({max}). Make min_year the earlier year and max_year the later one.",
            ),
            RatingMinInvalid { value } => zh_en!(
                lang,
                "[evaluation] ratings 里有一档的 min 是 {value}，但 min 要写 0 到 1 之间的数（例如 0.90 表示 90%）。请改成这样的小数。",
                "a band in [evaluation] ratings has min = {value}, but min must be a number from 0 to 1 (0.90 means 90%). Write it as such a fraction.",
            ),
            SerialWidthInvalid { value } => zh_en!(
                lang,
                "index_format 里的「{value}」不对：流水号位数要写 1 到 12 之间的数字，例如 {{serial:05}} 表示 5 位、不足补 0。请改正。",
                "\"{value}\" in index_format is not valid: the serial number's width must be a number from 1 to 12, like {{serial:05}} for 5 digits padded with zeros. Correct it.",
            ),
            ControlCharsRemoved { chars, count } => zh_en!(
                lang,
                "这一行有 {count} 个看不见的控制字符（{chars}），多半是从 Word 等软件复制过来的，已经自动去掉。请在原稿里删掉它们，这个提醒就会消失。",
                "this line had {count} invisible control character(s) ({chars}), most likely pasted from Word or a similar program; they were removed. Delete them from the source to silence this warning.",
            ),
            EscapedControlChar { chars } => zh_en!(
                lang,
                "这一行用转义（例如 \\u000b、\\b、\\u202e）写了看不见的控制字符（{chars}），它会让订阅文件（RSS）和网站地图出错，或把文字倒过来显示。请删掉这个转义。",
                "this line writes an invisible control character ({chars}) with an escape such as \\u000b, \\b or \\u202e; it would break the feeds and the sitemap, or show text backwards. Delete the escape.",
            ),
            ConfigControlChar { chars } => zh_en!(
                lang,
                "这一行有看不见的控制字符（{chars}），多半是复制粘贴带进来的，会让订阅文件（RSS）出错，或把文字倒过来显示。请删掉这一行里的它们（可以把这一行重新打一遍）。",
                "this line has invisible control characters ({chars}), most likely pasted in; they would break the feeds (RSS) or show text backwards. Delete them (retyping the line does it).",
            ),
            MissingKindTable { table, kind } => zh_en!(
                lang,
                {
                    let kind = kind_label_zh(kind);
                    format!("这是一篇{kind}，但缺少 [{table}] 部分。请参考 README 里{kind}的示例补上。")
                },
                format!("this page is a {kind} but has no [{table}] table. Add it as in the README's example."),
            ),
            UnknownValue { field, value, known, suggestion } => zh_en!(
                lang,
                match suggestion {
                    Some(s) => format!("{field} 的值「{value}」不认识，是不是想写「{s}」？可以用：{}。", known.join("、")),
                    None => format!("{field} 的值「{value}」不认识。可以用：{}。", known.join("、")),
                },
                match suggestion {
                    Some(s) => format!("unknown {field} \"{value}\"; did you mean \"{s}\"? Known values: {}.", known.join(", ")),
                    None => format!("unknown {field} \"{value}\". Known values: {}.", known.join(", ")),
                },
            ),
            RectificationBeforeMeeting { unit, date, meeting } => zh_en!(
                lang,
                "「{unit}」的整改记录日期 {date} 早于评议大会日期 meeting_date {meeting}，顺序不对。请检查日期。",
                "the rectification entry of \"{unit}\" is dated {date}, before the meeting (meeting_date {meeting}). Check the dates.",
            ),
            FollowupBeforeVisit { date, visit } => zh_en!(
                lang,
                "办理反馈的日期 {date} 早于视察日期 {visit}，顺序不对。请检查日期。",
                "the follow-up dated {date} is before the visit ({visit}). Check the dates.",
            ),
            VisitedAfterPublication { visited, date } => zh_en!(
                lang,
                "视察日期 visited {visited} 晚于发布日期 date {date}：还没视察就发布了报道。请检查日期：visited 写视察那天，date 写在网站上发布那天。",
                "the visit date (visited, {visited}) is after the publication date (date, {date}): the report would be published before the visit. Check the dates: visited is the day of the visit, date the day the page is published.",
            ),
            PublishedBeforeSubmitted { published, submitted } => zh_en!(
                lang,
                "刊发日期 published {published} 早于投稿日期 submitted {submitted}，顺序不对。请检查日期。",
                "published ({published}) is before submitted ({submitted}). Check the dates.",
            ),
            UnsafeHtml { what } => zh_en!(
                lang,
                "正文里有会在读者浏览器里运行脚本、嵌入别的网页或把内容提交到别处的代码（{what}）。公开网站不允许这样做，请删掉它；确实需要时，在 site.toml 的 [markdown] 下写 unsafe_html = true。",
                "the text contains code that would run script in readers' browsers, embed another page or send data elsewhere ({what}). Remove it; if it is really needed, set unsafe_html = true under [markdown] in site.toml.",
            ),
            HeadingAttribute { name } => zh_en!(
                lang,
                "标题后的 {{…}} 里只能写编号（#编号）和样式类（.类名），不能写 {name}。请删掉它。",
                "the {{…}} after a heading may hold only an id (#name) and classes (.name), not {name}. Remove it.",
            ),
            UnsafeUrl { url } => zh_en!(
                lang,
                "链接 {url} 不能放到公开网站上：链接只能以 http://、https://、mailto:、tel: 开头，或者是站内地址（如 /news/）。请改正这个链接。",
                "the link {url} cannot go on a public site: a link must start with http://, https://, mailto: or tel:, or be an address on the site (such as /news/). Correct the link.",
            ),
            ScriptInFile { what } => zh_en!(
                lang,
                "这个文件里有会在读者浏览器里运行脚本或嵌入别处内容的代码（{what}），公开网站不会发布它。请删掉这段代码；如果确实需要原样发布，把这个文件的路径写进 site.toml 的 [build] allow_script_files 列表。",
                "this file contains code that would run script in readers' browsers or embed content from elsewhere ({what}), so it is not published. Remove that code; if the file must be published as it is, list its path in allow_script_files under [build] in site.toml.",
            ),
            PersonalData { kind_zh, kind_en, masked } => zh_en!(
                lang,
                "这里有像是个人信息的{kind_zh}（{masked}）。公开网站不能发布群众的身份证号、手机号码、银行卡号：请删掉或改成“138****5678”这样的写法。如果这是可以公开的号码（如单位热线），请把它加到 site.toml 的 [privacy] allow 列表里。",
                "this looks like a private citizen's {kind_en} ({masked}). A public site must not publish ID, mobile or bank card numbers: remove it or mask it like 138****5678. If the number may be published (an office hotline), add it to [privacy] allow in site.toml.",
            ),
            PersonalDataPublished { kind_zh, kind_en, masked } => zh_en!(
                lang,
                "发布出来的网页或文件里有像是个人信息的{kind_zh}（{masked}）。原文里它可能被格式符号（如 ** 或 HTML 标签）、字符实体（如 &#49;）、看不见的字符、点或多个空格隔开了，但读者、搜索引擎和站内搜索看到的是连在一起的号码。公开网站不能发布群众的身份证号、手机号码、银行卡号：请删掉或改成“138****5678”这样的写法；如果这是可以公开的号码（如单位热线），请把它加到 site.toml 的 [privacy] allow 列表里。",
                "what is published contains what looks like a private citizen's {kind_en} ({masked}). In the source it may be split by formatting (** or HTML tags), character entities (&#49;), invisible characters, dots or extra spaces, but readers, search engines and the site search see the number joined up. A public site must not publish ID, mobile or bank card numbers: remove it or mask it like 138****5678. If the number may be published (an office hotline), add it to [privacy] allow in site.toml.",
            ),
            PlaceholderLeft { text } => zh_en!(
                lang,
                "这里还留着模板里的提示文字「{text}」，它会原样出现在公开网站上。请把它换成真实内容，或者删掉；还没写好就先在开头加 draft = true 作为草稿。",
                "template text \"{text}\" is still here and would be published as it is. Replace it with the real content or delete it; if the page is not ready, add draft = true at the top.",
            ),
            NoValidVotes { unit } => zh_en!(
                lang,
                "「{unit}」的有效票（满意+基本满意+不满意）是 0，网站上会显示“—”和 0.0%。请填上测评票数；还没测评就先在开头加 draft = true 作为草稿。",
                "\"{unit}\" has no valid votes (satisfied + basically satisfied + unsatisfied is 0): the site would show \"—\" and 0.0%. Fill in the votes; if the vote has not happened yet, add draft = true at the top.",
            ),
            CopyUnchanged { from } => zh_en!(
                lang,
                "这篇是从 {from} 复制来的（from），正文和原文一字不差。请把正文改写成这一次的内容；改好后这条提醒就会消失。",
                "this page was copied from {from} (from) and its text is still exactly the same. Rewrite the text for this occasion; this warning then goes away.",
            ),
            SameYearEvaluation { year, other } => zh_en!(
                lang,
                "{year} 年已经有一篇评议结果（{other}）。同一年度只能有一次评议；如果这是整改后的复评，请在 [evaluation] 里写 round = 2；如果是写错了年度，请改正 year。",
                "there is already an evaluation of {year} ({other}). A year has one evaluation: if this one is the re-evaluation after rectification, write round = 2 in [evaluation]; otherwise correct year.",
            ),
            NoRectification { unit, rating } => zh_en!(
                lang,
                "「{unit}」被评为{rating}，但还没有整改记录。请在 [[evaluation.units.rectification]] 里记下整改意见书等进展，让群众看到整改情况。",
                "\"{unit}\" was rated {rating} but has no rectification entry yet. Record the notice and the progress under [[evaluation.units.rectification]].",
            ),
            BrokenAnchor { target, fragment } => zh_en!(
                lang,
                "链接 {target} 指向的位置 #{fragment} 在那篇文章里找不到（标题改过了吗？）。请改成现有的小标题。",
                "the link {target} points to #{fragment}, which that page does not have (was the heading renamed?). Link to an existing heading.",
            ),
            MissingAttachment { name } => zh_en!(
                lang,
                "附件 {name} 找不到。请把这个文件放在这篇文章的 .md 文件旁边（同一个文件夹里），或改正文件名。",
                "the attachment {name} is missing. Put the file beside the page's .md file (in the same folder) or correct the name.",
            ),
            DeadLink { target, url } => zh_en!(
                lang,
                "链接或图片 {target} 在上传后的网站里指向 {url}，那里没有任何文件，读者会看到“找不到网页”。请改正地址：以 / 开头的从网站根目录（base_url）算起，如 /images/照片.jpg 对应 static/images/照片.jpg；其他的从这个 .md 文件所在的文件夹算起；链接别的文章请写它的文件名，如 [另一篇](2026-huiyi.md)。",
                "the link or image {target} leads to {url} on the uploaded site, where there is no file: readers would get \"page not found\". Correct it: a path starting with / starts at the site root (base_url), so /images/photo.jpg is static/images/photo.jpg; any other path starts at this .md file's folder; link another page by its file name, like [other](2026-huiyi.md).",
            ),
            ImageWithoutAlt => zh_en!(
                lang,
                "图片没有文字说明（alt）。视力不好的读者靠它知道图片内容：请写成 ![图片说明](图片.jpg)。",
                "this image has no alt text. Readers who cannot see it depend on it: write ![what it shows](picture.jpg).",
            ),
            DuplicateHeadingId { id, renamed } => zh_en!(
                lang,
                "这个标题的编号 #{id} 在这篇文章里已经用过，一篇文章里的编号不能重复，所以这个标题的编号改成了 #{renamed}。请给它换一个编号。",
                "the heading id #{id} is already used on this page, and ids must be unique, so this heading got #{renamed} instead. Give it another id.",
            ),
            IndentedParagraph => zh_en!(
                lang,
                "这一段开头有四个或更多空格，会显示成一个代码框，而不是正文。请删掉开头的空格，或改用两个全角空格（　　）；网站主题可以统一给段落缩进。",
                "this paragraph starts with four or more spaces, so it is shown as a code box, not as text. Remove the spaces at the start, or use two full-width spaces (　　); the site's theme can indent paragraphs for you.",
            ),
            EmptySection { title } => zh_en!(
                lang,
                "栏目「{title}」里没有任何已公开的文章。空栏目会被当作“空白栏目”扣分：请发布文章，或暂时删掉这个栏目。",
                "the section \"{title}\" has no published page. Empty columns count against a government site: publish a page or remove the section.",
            ),
            MissingIndexNo => zh_en!(
                lang,
                "这篇文档没有索引号：请在 [disclosure] 里写 index_no，或用 gongkai new 创建文档（会自动编号）。",
                "this document has no index number: add index_no under [disclosure], or create documents with gongkai new, which numbers them.",
            ),
            StaleSection { title, last, days, limit } => zh_en!(
                lang,
                "栏目「{title}」已经 {days} 天没有更新了（最近一篇是 {last}，要求 {limit} 天内更新）。",
                "the section \"{title}\" has not been updated for {days} days (last page {last}; it should be updated within {limit} days).",
            ),
            AuthorNotADelegate { name } => zh_en!(
                lang,
                "作者「{name}」没有当作人大代表：网站上没有这个名字的代表介绍页，也没有哪次视察的 delegates 写了这个名字，所以只作为作者显示，不算进代表名单。是代表的话，请在 content/delegates/ 里建一个介绍页，或者写进 site.toml [submissions] 的 delegates；不是代表（比如镇人大办、工作人员），请写进 site.toml [submissions] 的 other_authors，这条提醒就不再出现。",
                "the author \"{name}\" is not shown as a delegate: no delegate page and no inspection's delegates list names them, so they are shown as an author only and not counted in the list of delegates. If they are a delegate, add their page under content/delegates/ or add them to delegates under [submissions] in site.toml; if not (the office, its staff), add them to other_authors under [submissions] in site.toml and this note goes away.",
            ),
            StaleRuleRelaxed { title, days, national } => zh_en!(
                lang,
                "「{title}」栏目的更新期限放宽到 {days} 天（国家要求 {national} 天）。县里检查网站时仍按 {national} 天算；不是有意放宽的话，请删掉这一行 stale_after_days。",
                "the section \"{title}\" may go {days} days without an update, longer than the national rule of {national} days. The county's website inspection still counts {national} days; unless this is on purpose, delete this stale_after_days line.",
            ),
            FutureDate { date } => zh_en!(
                lang,
                "这篇文档的日期 {date} 还没到。它会照常发布，但请确认日期没有写错。",
                "this document is dated {date}, in the future. It is published all the same; check the date.",
            ),
            PublishedWithoutDate => zh_en!(
                lang,
                "status = \"published\"（已刊发）时必须写刊发日期：published = 2026-03-20。",
                "status = \"published\" needs the publication date: published = 2026-03-20.",
            ),
            NegativeCount { field, value } => zh_en!(
                lang,
                "{field} 是 {value}，票数和人数不能是负数。",
                "{field} is {value}; counts cannot be negative.",
            ),
            DuplicateUnit { name, first_line } => zh_en!(
                lang,
                "被评议单位「{name}」写了两次（第 {first_line} 行已经有了）。请删掉重复的一个，或改成不同的名称。",
                "the unit \"{name}\" is listed twice (already on line {first_line}). Remove one or rename it.",
            ),
            VotesOverPresent { unit, total, present } => zh_en!(
                lang,
                "「{unit}」的票数合计 {total} 票（满意+基本满意+不满意+弃权），超过了到会代表 {present} 人（delegates_present）。请核对票数。",
                "the votes of \"{unit}\" add up to {total}, more than the {present} delegates present (delegates_present). Check the counts.",
            ),
            IndexNoWrongCode { index_no, prefix } => zh_en!(
                lang,
                "索引号 {index_no} 的开头和本单位的代码对不上：按 site.toml 的 [org] code 和 index_format，索引号应以「{prefix}」开头。单位代码改过的话，请把这个索引号改成新代码开头的。",
                "the index number {index_no} does not start with this office's code: by [org] code and index_format in site.toml it should start with \"{prefix}\". If the office's code changed, change this number to start with the new code.",
            ),
            DuplicateIndexNo { index_no, other } => zh_en!(
                lang,
                "索引号 {index_no} 和 {other} 重复了。索引号在全站必须唯一，请改掉其中一个。",
                "the index number {index_no} is also used by {other}; it must be unique across the site.",
            ),
            UnknownKind { value } => zh_en!(
                lang,
                "不认识的文档类型 kind = \"{value}\"。可以用：article（文章）、inspection（视察）、evaluation（评议）、submission（投稿）、report（计划总结）、delegate（代表）、suggestion（代表建议）。",
                "unknown kind \"{value}\". Use article, inspection, evaluation, submission, report, delegate or suggestion.",
            ),
            DuplicateOutput { url, other: Some(other) } => zh_en!(
                lang,
                "这个页面和 {other} 会生成同一个网址 {url}，后一个会覆盖前一个。请修改其中一个的文件名或 slug。",
                "this page and {other} would both be written to {url}; one would overwrite the other. Rename one file or change its slug.",
            ),
            DuplicateOutput { url, other: None } => zh_en!(
                lang,
                "这个页面的网址 {url} 是 gongkai 自动生成的页面要用的（如年度归档、统计、单位、分类、搜索）。请换一个文件名或 slug。",
                "this page's URL {url} is taken by a page gongkai makes itself (archive, statistics, units, taxonomies, search). Rename the file or change its slug.",
            ),
            LinkToUnpublished { target } => zh_en!(
                lang,
                "链接 {target} 指向的文章不会公开（是草稿 draft = true，或是不公开的投稿），读者点开会找不到。请等它公开后再加链接，或删掉这个链接。",
                "the link {target} points to a page that is not published (a draft, or a submission that is not public); readers would find nothing. Link to it once it is published, or remove the link.",
            ),
            BrokenLink { target } => zh_en!(
                lang,
                "链接 {target} 指向的文章不存在。请检查路径：以 @/ 开头的从 content/ 算起（如 @/news/2026-huiyi.md），其他的从这个 .md 文件所在的文件夹算起（如 2026-huiyi.md、../news/2026-huiyi.md）；或者先创建那篇文章。",
                "the link {target} points to a page that does not exist. Check the path: one starting with @/ starts at content/ (like @/news/2026-huiyi.md), any other at this .md file's folder (like 2026-huiyi.md or ../news/2026-huiyi.md); or create that page.",
            ),
            UnknownTemplate { name } => zh_en!(
                lang,
                "找不到模板「{name}」。请检查 template 的写法，或把模板放进 templates/ 文件夹。",
                "template \"{name}\" not found. Check the template field, or put the template in templates/.",
            ),
            TemplateSyntax { template, detail } => zh_en!(
                lang,
                format!(
                    "模板 {template} 写法有误：{}",
                    translate_detail(detail, Lang::Zh)
                ),
                format!("template {template} has a syntax error: {detail}"),
            ),
            TemplateFilter {
                template,
                filter,
                detail,
            } => zh_en!(
                lang,
                format!(
                    "模板 {template} 里的过滤器 {filter} 出错：{}。请检查 | {filter} 前面的值是不是这个过滤器能处理的类型。",
                    translate_detail(detail, Lang::Zh)
                ),
                format!(
                    "the filter {filter} failed in template {template}: {detail}. Check that the value before | {filter} is of a type this filter takes."
                ),
            ),
            TemplateRender { template, detail } => zh_en!(
                lang,
                format!(
                    "用模板 {template} 生成页面时出错：{}",
                    translate_detail(detail, Lang::Zh)
                ),
                format!("rendering with template {template} failed: {detail}"),
            ),
            TemplateCachedRender { template, detail } => zh_en!(
                lang,
                format!(
                    "模板 {template} 出错：{}。cached/ 里的模板每次生成只做一次、所有页面共用，只能用 site、now_year 和 today，不能用 page、section 等某一页的变量。要用这些变量，请把它移出 cached/。",
                    translate_detail(detail, Lang::Zh)
                ),
                format!("template {template} failed: {detail}. A template in cached/ is rendered once per build and shared by every page: it can use site, now_year and today only, not page, section or other variables of one page. To use them, move it out of cached/."),
            ),
            OutputRefused { path, reason } => zh_en!(
                lang,
                match reason {
                    OutputRefusal::IsSiteRoot => format!(
                        "不能把网站生成到 {path}：这是网站文件夹本身，会覆盖你的原稿。请用默认的 public/，或另选一个空文件夹。"
                    ),
                    OutputRefusal::ContainsSite => format!(
                        "不能把网站生成到 {path}：网站文件夹就在它里面，替换它会删掉你的原稿。请用默认的 public/，或另选一个空文件夹。"
                    ),
                    OutputRefusal::InsideSource => format!(
                        "不能把网站生成到 {path}：它在 content/、static/ 或 templates/ 里面，会和原稿混在一起。请另选一个文件夹。"
                    ),
                    OutputRefusal::NotOurs => format!(
                        "文件夹 {path} 里已经有别的文件，而且不是 gongkai 生成的。为了不丢文件，gongkai 不会覆盖它。请另选一个空文件夹，或确认无用后加 --force。"
                    ),
                    OutputRefusal::IsFile => format!(
                        "{path} 是一个文件，不是文件夹，gongkai 不能把网站生成到它里面。请用 -o 指定一个文件夹（不存在也可以，会自动建），或先把这个文件改名或移走。"
                    ),
                },
                match reason {
                    OutputRefusal::IsSiteRoot => format!(
                        "refusing to write the site into {path}: it is the site folder itself and would overwrite your sources. Use public/ or another empty folder."
                    ),
                    OutputRefusal::ContainsSite => format!(
                        "refusing to write the site into {path}: the site folder is inside it, and replacing it would delete your sources. Use public/ or another empty folder."
                    ),
                    OutputRefusal::InsideSource => format!(
                        "refusing to write the site into {path}: it is inside content/, static/ or templates/. Choose another folder."
                    ),
                    OutputRefusal::NotOurs => format!(
                        "the folder {path} holds files gongkai did not make. To lose nothing, gongkai will not replace it. Choose an empty folder, or pass --force if those files are not needed."
                    ),
                    OutputRefusal::IsFile => format!(
                        "{path} is a file, not a folder, so gongkai cannot write the site into it. Pass -o a folder (a new one is created), or rename or move the file first."
                    ),
                },
            ),
            OutputWaiting => zh_en!(
                lang,
                "另一个 gongkai 正在生成这个网站，等它完成…",
                "Another gongkai is building this site; waiting for it to finish…",
            ),
            OutputBusy { path, seconds } => zh_en!(
                lang,
                "另一个 gongkai 正在生成 {path}，等了 {seconds} 秒还没有完成，这次没有生成。原来的网站保持不变。请等它完成后再运行一次；如果它一直不结束，请先结束那个 gongkai（任务管理器或 kill 命令）。",
                "Another gongkai is building {path} and has not finished after {seconds} seconds, so this build stopped. The previous site is unchanged. Run the build again once the other one is done; if it never ends, stop that gongkai first (Task Manager or kill).",
            ),
            WriteFailed { path, detail } => zh_en!(
                lang,
                "写入 {path} 失败：{detail}。请检查磁盘空间和文件夹权限。原来的网站没有改动。",
                "cannot write {path}: {detail}. Check disk space and permissions. The previous site is unchanged.",
            ),
            OutputEscapes { path } => zh_en!(
                lang,
                "要生成的文件 {path} 会落到输出文件夹以外，已拒绝。请把 slug 或文件名改成不含 .. 的名字。",
                "the file {path} would be written outside the output folder, so it is refused. Use a slug or file name without `..`.",
            ),
            SymlinkOutside { target } => zh_en!(
                lang,
                "这是一个指向网站文件夹以外（{target}）的快捷方式（符号链接）。为了不把别处的文件发布出去，gongkai 不读取它。请把文件复制到网站文件夹里，再删除这个链接。",
                "this is a symbolic link to {target}, outside the site folder. So that nothing from elsewhere is published, gongkai does not follow it. Copy the file into the site folder and delete the link.",
            ),
            TemplateIncludeCycle { cycle } => zh_en!(
                lang,
                "模板互相包含，会没完没了：{cycle}。请删掉其中一个 include。",
                "templates include each other without end: {cycle}. Remove one of these includes.",
            ),
            TemplateComponentTooDeep { name, limit } if name.is_empty() => zh_en!(
                lang,
                "模板里的组件（component）一层套一层地调用了超过 {limit} 层，停不下来。请检查让它停下来的 {{% if %}} 条件，或者数据里是不是有绕成圈的内容。",
                "template components were nested more than {limit} levels deep. Check the {{% if %}} condition meant to stop them, and whether the data loops back on itself.",
            ),
            TemplateComponentTooDeep { name, limit } => zh_en!(
                lang,
                "模板里的组件（component）{name} 一层套一层地调用了超过 {limit} 层，停不下来。请检查让它停下来的 {{% if %}} 条件，或者数据里是不是有绕成圈的内容。",
                "the template component {name} called itself more than {limit} levels deep. Check the {{% if %}} condition meant to stop it, and whether the data loops back on itself.",
            ),
            TemplateTera1 { written, instead } => zh_en!(
                lang,
                "{written} 是 Tera 1 模板的写法，gongkai 现在用 Tera 2，不再认识它。请改成：{instead}（对照 README「主题与模板」里的 Tera 1 → Tera 2 对照表）。",
                "{written} is how Tera 1 templates wrote it; gongkai now uses Tera 2, which does not know it. Write instead: {instead} (see the Tera 1 → Tera 2 table in the README's section on themes).",
            ),
            SymlinkBroken => zh_en!(
                lang,
                "这个快捷方式（符号链接）指向的文件不存在，或者几个链接互相指向、绕成了圈。请删除它，或让它指向一个存在的文件。",
                "this symbolic link leads nowhere: its target does not exist, or links point to each other in a loop. Delete it or point it to an existing file.",
            ),
            SymlinkHidden { target } => zh_en!(
                lang,
                "这个快捷方式（符号链接）指向隐藏的文件或文件夹里的 {target}（名字以点开头，如 .env、.git），这类文件不会发布。请删除这个链接，或把要发布的文件复制过来。",
                "this symbolic link leads to {target}, a hidden file or a file in a hidden folder (its name starts with a dot, like .env or .git), which is never published. Delete the link, or copy the file you mean to publish here.",
            ),
            NotPublished { place, why, ext, leftover } => not_published(lang, *place, *why, ext, *leftover),
            ReplacesGenerated { output, generated, source } => {
                let what = match generated {
                    Generated::Page => zh_en!(lang, "页面", "page"),
                    Generated::File => zh_en!(lang, "文件", "file"),
                    Generated::SearchIndex => zh_en!(lang, "搜索索引", "search index"),
                    Generated::SyntaxCss => {
                        zh_en!(lang, "代码高亮样式表", "code highlighting style sheet")
                    }
                };
                let from = source.as_ref().map_or(String::new(), |s| {
                    zh_en!(lang, "（由 {s} 生成）", " (from {s})")
                });
                zh_en!(
                    lang,
                    "这个文件会发布到 {output}，覆盖 gongkai 生成的{what}{from}。请给这个文件改名、移到别处或删除它。",
                    "this file would be published at {output} and replace the {what} gongkai makes{from}. Rename this file, move it or delete it.",
                )
            }
            FileFolderClash { copied, page, source, name } => {
                let from = match source {
                    Some(s) => zh_en!(lang, "（由 {s} 生成）", " (from {s})"),
                    None => zh_en!(lang, " ", ""),
                };
                zh_en!(
                    lang,
                    "这个文件会发布到 {copied}，和 gongkai 生成的 {page}{from}冲突：{name} 不能既是文件又是文件夹。请给这个文件改名或移到别处。",
                    "this file would be published at {copied}, which clashes with {page} that gongkai makes{from}: {name} cannot be both a file and a folder. Rename this file or move it.",
                )
            }
            SameOutputTwice { output, other } => zh_en!(
                lang,
                "这个文件和 {other} 会发布到同一个位置 {output}，只能留一个。请给其中一个改名或删除它。",
                "this file and {other} would both be published at {output}; only one can be. Rename or delete one of them.",
            ),
            PublishExtraInvalid { value } => zh_en!(
                lang,
                "site.toml 的 [build] publish_extra 里的「{value}」不是文件扩展名。请只写字母和数字，例如 publish_extra = [\"kml\", \"dwg\"]。",
                "\"{value}\" in publish_extra under [build] in site.toml is not a file extension. Write letters and digits only, like publish_extra = [\"kml\", \"dwg\"].",
            ),
            CliUnknownCommand { word, suggestion } => {
                let guess = did_you_mean(lang, suggestion);
                zh_en!(
                    lang,
                    "没有「{word}」这个命令。{guess}能用的命令有 build（生成网站）、check（检查）、serve（本机预览）、init（新建网站）、new（新建文档）。输入 gongkai --help 查看说明。",
                    "there is no command \"{word}\".{guess} The commands are build, check, serve, init and new. See gongkai --help.",
                )
            }
            CliUnknownOption { word, suggestion, command } => {
                let guess = did_you_mean(lang, suggestion);
                zh_en!(
                    lang,
                    "{command} 不认识「{word}」。{guess}输入 {command} --help 查看能用的选项。",
                    "{command} does not know \"{word}\".{guess} See {command} --help for its options.",
                )
            }
            CliBadValue { option, value, command } => zh_en!(
                lang,
                "「{value}」不能用作 {option} 的值。输入 {command} --help 查看这里该怎么写。",
                "\"{value}\" is not a valid value for {option}. See {command} --help.",
            ),
            CliMissing { what, command } => zh_en!(
                lang,
                "{command} 还缺少 {what}，请补上。输入 {command} --help 查看说明。",
                "{command} needs {what}. See {command} --help.",
            ),
            CliConflict { first, second, command } => zh_en!(
                lang,
                "{first} 和 {second} 不能同时使用，请只留一个。输入 {command} --help 查看说明。",
                "{first} cannot be used with {second}; keep one of them. See {command} --help.",
            ),
            CliOther { detail, command } => zh_en!(
                lang,
                "命令写法有误（{detail}）。输入 {command} --help 查看说明。",
                "the command line is not right ({detail}). See {command} --help.",
            ),
            ServePreviewing { url } => zh_en!(
                lang,
                "正在预览：{url} （按 Ctrl+C 停止）",
                "Previewing at {url} (press Ctrl+C to stop)",
            ),
            ServeBadAddress { value } => zh_en!(
                lang,
                "「{value}」不是可以用的地址。--bind 请写 127.0.0.1（只有这台电脑能看，默认）或 0.0.0.0（同一局域网里的电脑也能看）。",
                "\"{value}\" is not an address to listen on. Use --bind 127.0.0.1 (this computer only, the default) or 0.0.0.0 (computers on the local network too).",
            ),
            ServeBindFailed { addr, detail } => zh_en!(
                lang,
                "无法在 {addr} 上启动预览：{detail}。这个端口可能已经被别的程序（或另一个 gongkai serve）占用：请换一个端口，例如 --port 1112，或用 --port 0 让系统自动挑一个空闲端口。",
                "cannot start the preview on {addr}: {detail}. Another program (or another gongkai serve) may be using this port: choose another, like --port 1112, or --port 0 for any free port.",
            ),
            ServeFailed { detail } => zh_en!(
                lang,
                "无法启动预览：{detail}。请检查临时文件夹的磁盘空间和权限。",
                "cannot start the preview: {detail}. Check the space and permissions of the temporary folder.",
            ),
            ServeBuilt { pages, sections, files, millis } => zh_en!(
                lang,
                "完成：{pages} 个页面、{sections} 个栏目、{files} 个文件，用时 {millis} 毫秒。打开的网页会自动刷新。",
                "Done: {pages} pages, {sections} sections, {files} files in {millis} ms. Open pages reload by themselves.",
            ),
            ServeChanged { path, more: 0 } => zh_en!(
                lang,
                "检测到修改：{path}，正在重新生成……",
                "Changed: {path}; rebuilding…",
            ),
            ServeUpdated { files, millis } => zh_en!(
                lang,
                "完成：只重新生成了显示这个页面的 {files} 个文件，用时 {millis} 毫秒。打开的网页会自动刷新。",
                "Done: rewrote the {files} files that show this page in {millis} ms. Open pages reload by themselves.",
            ),
            ServeChanged { path, more } => zh_en!(
                lang,
                format!("检测到修改：{path} 等 {} 个文件，正在重新生成……", more + 1),
                format!("Changed: {path} and {more} more; rebuilding…"),
            ),
            ServeBuildFailed { errors, warnings } => {
                let (e, w) = (en_count(*errors, "error"), en_count(*warnings, "warning"));
                zh_en!(
                    lang,
                    "生成失败：{errors} 个错误，{warnings} 个警告。浏览器里仍是上一次生成成功的网站，并在页面上方显示这些错误；改正后保存，会自动重新生成。",
                    "Build failed: {e}, {w}. The browser keeps the last good site and shows the errors on top of it; save a fix and it rebuilds by itself.",
                )
            }
            InitDone { dir, files } => zh_en!(
                lang,
                "已在 {dir} 新建网站（{files} 个文件）。下一步：\n  1. 打开 {dir}/site.toml，填上本镇的名称、网址和备案号；\n  2. 在 {dir}/content/ 里改写示例文章，或用 gongkai new 新建；\n  3. 运行 gongkai build --root {dir}，把生成的 public/ 上传到网站。",
                "Created a site in {dir} ({files} files). Next:\n  1. edit {dir}/site.toml: the township's name, URL and registration numbers;\n  2. rewrite the examples in {dir}/content/, or create documents with gongkai new;\n  3. run gongkai build --root {dir} and upload public/.",
            ),
            NewDone { path } => zh_en!(
                lang,
                "已新建：{path}\n写好后删掉 draft = true 这一行，再运行 gongkai build。",
                "Created: {path}\nWhen it is ready, delete the draft = true line and run gongkai build.",
            ),
            ImportDone {
                source,
                path,
                date,
                date_from,
            } => {
                let said = match date_from {
                    ImportDateFrom::Signature => zh_en!(
                        lang,
                        "发布日期 {date} 取自文末落款。",
                        "The date, {date}, is the one signed at the end.",
                    ),
                    ImportDateFrom::Properties => zh_en!(
                        lang,
                        "文末没有落款日期，发布日期 {date} 取自文档属性（最后保存的日期），请核对。",
                        "No date is signed at the end: the date, {date}, is the document's last-saved date; check it.",
                    ),
                    ImportDateFrom::Today => zh_en!(
                        lang,
                        "文档里没有找到日期，发布日期先写了今天（{date}），请改成实际的日期。",
                        "The document gives no date: today's ({date}) is written; change it to the real one.",
                    ),
                };
                zh_en!(
                    lang,
                    "已导入：{source} → {path}\n{said}这是草稿：请对照 Word 原文核对，填好「（请……）」的地方，删掉 draft = true 这一行，再运行 gongkai check。",
                    "Imported: {source} → {path}\n{said} It is a draft: compare it with the Word document, fill in the \"（请……）\" places, delete the draft = true line and run gongkai check.",
                )
            }
            ImportOldFormat => zh_en!(
                lang,
                "这是旧格式（.doc 或 .wps）的文件，gongkai 读不了。请在 Word 或 WPS 里「另存为」.docx 后再导入。",
                "this is an old-format file (.doc or .wps), which gongkai cannot read. Open it in Word or WPS, \"Save As\" .docx, and import that.",
            ),
            ImportEncrypted => zh_en!(
                lang,
                "这个文件设了打开密码（已加密），gongkai 读不了。请在 Word 或 WPS 里输入密码打开它，取消密码后「另存为」一个新的 .docx 再导入。",
                "this file has an opening password (it is encrypted), so gongkai cannot read it. Open it in Word or WPS with the password, remove the password, \"Save As\" a new .docx and import that.",
            ),
            ImportBroken { part: None } => zh_en!(
                lang,
                "这个文件不是完整的 Word 文档（.docx），可能已损坏，或者没有下载、复制完整。请在 Word 或 WPS 里打开它，能打开就「另存为」一个新的 .docx 再导入；打不开就找原来的文件。",
                "this file is not a whole Word document (.docx): it may be damaged, or not completely downloaded or copied. Open it in Word or WPS; if it opens, \"Save As\" a new .docx and import that, else find the original file.",
            ),
            ImportBroken { part: Some(part) } => zh_en!(
                lang,
                "这个 Word 文档（.docx）里的 {part} 已损坏，读不出来。请在 Word 或 WPS 里打开它，能打开就「另存为」一个新的 .docx 再导入；打不开就找原来的文件。",
                "the part {part} of this Word document (.docx) is damaged and cannot be read. Open it in Word or WPS; if it opens, \"Save As\" a new .docx and import that, else find the original file.",
            ),
            ImportNotDocx => zh_en!(
                lang,
                "这个文件不是 Word 文档，gongkai import 只导入 .docx 文件。",
                "this file is not a Word document: gongkai import reads .docx files only.",
            ),
            ImportNoFiles => zh_en!(
                lang,
                "这个文件夹里没有 Word 文档（.docx）。请写出要导入的文件，或放有 .docx 文件的文件夹。",
                "this folder holds no Word document (.docx). Name the files to import, or a folder that holds .docx files.",
            ),
            ImportNoSection { section } => zh_en!(
                lang,
                "content/ 里没有栏目「{section}」（没有 content/{section}/_index.md）。--section 请写已有栏目的文件夹名，例如 news、inspections、reports。",
                "content/ has no section \"{section}\" (no content/{section}/_index.md). --section takes the folder name of a section, such as news, inspections or reports.",
            ),
            ServeNoSiteYet => zh_en!(
                lang,
                "网站还没有生成成功。请改正终端里列出的错误，保存后会自动重新生成，这个页面也会自动刷新。",
                "The site has not been built yet. Fix the errors listed in the terminal; saving rebuilds it, and this page reloads by itself.",
            ),
            ServeWatchFailed { detail } => zh_en!(
                lang,
                "无法监视文件的修改：{detail}。预览仍然可以看，但修改文件后要重新运行 gongkai serve 才能看到变化。",
                "cannot watch the files for changes: {detail}. The preview still works, but run gongkai serve again to see your edits.",
            ),
            ServeOpenFailed { url } => zh_en!(
                lang,
                "无法自动打开浏览器，请自己在浏览器里打开 {url}。",
                "cannot open a browser; open {url} yourself.",
            ),
            ServeStopped => zh_en!(
                lang,
                "预览已停止。",
                "Preview stopped.",
            ),
            ServeOverlayTitle => zh_en!(
                lang,
                "生成失败，以下是错误：",
                "Build failed, with these errors:",
            ),
            ServeOverlayClose => zh_en!(
                lang,
                "关闭",
                "Close",
            ),
            CheckDone { errors: 0, warnings: 0, .. } => zh_en!(
                lang,
                "检查完成：没有错误，没有警告。可以发布。",
                "Check done: no errors, no warnings. Ready to publish.",
            ),
            CheckDone { errors: 0, warnings, counted: 0 } => {
                let w = en_count(*warnings, "warning");
                zh_en!(
                    lang,
                    "检查完成：没有错误；{warnings} 个警告只是提醒，县里检查网站时不算问题。可以发布。",
                    "Check done: no errors; {w}, notes only, which a county website inspection does not count. Ready to publish.",
                )
            }
            CheckDone { errors: 0, warnings, counted } if counted == warnings => {
                let w = en_count(*warnings, "warning");
                zh_en!(
                    lang,
                    "检查完成：没有错误，但有 {warnings} 个警告，县里检查网站时都会算作问题。发布前请逐条处理，处理完用 gongkai check --strict 确认。",
                    "Check done: no errors, but {w}, each of which a county website inspection counts as a problem. Deal with each before publishing, then confirm with gongkai check --strict.",
                )
            }
            CheckDone { errors: 0, warnings, counted } => {
                let w = en_count(*warnings, "warning");
                zh_en!(
                    lang,
                    "检查完成：没有错误，但有 {warnings} 个警告，其中 {counted} 个县里检查网站时会算作问题。发布前请逐条处理，处理完用 gongkai check --strict 确认。",
                    "Check done: no errors, but {w}, {counted} of which a county website inspection counts as problems. Deal with each before publishing, then confirm with gongkai check --strict.",
                )
            }
            CheckDone { errors, warnings, .. } => {
                let (e, w) = (en_count(*errors, "error"), en_count(*warnings, "warning"));
                zh_en!(
                    lang,
                    "检查完成：{errors} 个错误，{warnings} 个警告。请改正错误后再发布。",
                    "Check done: {e}, {w}. Fix the errors before publishing.",
                )
            }
            CheckSummaryTitle => zh_en!(
                lang,
                "== 发布前核对 ==",
                "== before you publish ==",
            ),
            CheckSummaryPages { pages, columns } => zh_en!(
                lang,
                {
                    format!("已公开的文档 {pages} 篇，栏目 {columns} 个：")
                },
                format!("{pages} published documents in {columns} sections:"),
            ),
            CheckSummaryColumn { title, pages, last, days, limit, national } => {
                let when = match (last, days) {
                    (Some(last), Some(days)) => zh_en!(
                        lang,
                        "{pages} 篇，最近一篇 {last}（{days} 天前）",
                        "{pages} documents, the newest of {last} ({days} days ago)",
                    ),
                    _ if *pages == 0 => zh_en!(lang, "还没有已公开的文章", "no published document yet"),
                    _ => zh_en!(lang, "{pages} 篇，都没有日期", "{pages} documents, none dated"),
                };
                let rule = match (limit, national) {
                    (Some(limit), Some(national)) if limit > national => zh_en!(
                        lang,
                        "，本站放宽到 {limit} 天内更新（国家要求 {national} 天）",
                        ", this site allows {limit} days between updates (the national rule is {national})",
                    ),
                    (Some(limit), _) => zh_en!(
                        lang,
                        "，要求 {limit} 天内更新",
                        ", to be updated within {limit} days",
                    ),
                    _ => zh_en!(lang, "，不按更新期限检查", ", no update rule"),
                };
                let late = match (days, limit) {
                    (Some(days), Some(limit)) if *days > i64::from(*limit) => {
                        zh_en!(lang, "，已超期", ", overdue")
                    }
                    _ => String::new(),
                };
                zh_en!(
                    lang,
                    "  「{title}」：{when}{rule}{late}",
                    "  \"{title}\": {when}{rule}{late}",
                )
            }
            CheckSummaryLinks { links, attachments } => zh_en!(
                lang,
                "检查了站内链接 {links} 个、附件和图片 {attachments} 个。",
                "Checked {links} links inside the site and {attachments} attachments and images.",
            ),
            CheckSummaryPrivacy { outputs } => zh_en!(
                lang,
                "个人信息（身份证号、手机号、银行卡号）：扫描了源文件和生成的 {outputs} 个页面和文件。",
                "Personal data (ID, mobile and bank card numbers): scanned the sources and the {outputs} pages and files built from them.",
            ),
            CheckSummaryPlaceholders { count: 0 } => zh_en!(
                lang,
                "没改写的模板文字（如「（请填写…）」）：没有。",
                "Template text left as written (placeholders): none.",
            ),
            CheckSummaryPlaceholders { count } => zh_en!(
                lang,
                {
                    format!("没改写的模板文字（如「（请填写…）」）：{count} 处，见上面的错误。")
                },
                format!("Template text left as written (placeholders): {count}, see the errors above."),
            ),
            // Issue 23, EVALUATION part: 整改期限.
            RectificationDueBeforeMeeting { unit, due, meeting } => zh_en!(
                lang,
                "「{unit}」的整改期限 due {due} 早于评议大会日期 meeting_date {meeting}。整改期限应在评议之后，请改正日期；不写 due 则按评议大会日期加 rectification_months 个月计算。",
                "the rectification due date of \"{unit}\" (due {due}) is before the meeting (meeting_date {meeting}). Set a date after the meeting, or leave `due` out to count rectification_months from the meeting.",
            ),
            RectificationMonthsOutOfRange { value } => zh_en!(
                lang,
                "整改期限月数 rectification_months = {value} 不在 1 到 12 之间。请写 1 到 12 之间的整数（通常为 3）。",
                "rectification_months = {value} is not between 1 and 12. Write a whole number from 1 to 12 (usually 3).",
            ),
            RectificationDueOnTopUnit { unit, rating } => zh_en!(
                lang,
                "「{unit}」被评为{rating}，不需要整改，但整改记录写了整改期限 due，这个期限不会列入督办。如果确实有整改事项，请保留记录并删去 due；否则请删去这条整改记录。",
                "\"{unit}\" was rated {rating}, which needs no rectification, yet a rectification entry sets a due date; it is not followed up. Remove `due` (or the entry, if there is nothing to rectify).",
            ),
            // Issue 23, LEDGER part.
            FollowupDueBeforeDate { due, date } => zh_en!(
                lang,
                "交办期限 {due} 早于这条办理反馈的日期 {date}。期限应在交办之后，请检查日期。",
                "the due date {due} is before this follow-up's own date {date}. A due date comes after the assignment; check the dates.",
            ),
            DeadlineOverdue { subject, task_zh, task_en, due, days } => zh_en!(
                lang,
                "{subject}的{task_zh}期限是 {due}，已逾期 {days} 天。请督促办理；办结后在文件里记下办结的日期。",
                "{subject}: the {task_en} was due on {due}, {days} days ago. Follow it up, and record the date it is done in the file.",
            ),
            DeadlineSoon { subject, task_zh, task_en, due, days: 0 } => zh_en!(
                lang,
                "{subject}的{task_zh}期限是 {due}，今天到期。",
                "{subject}: the {task_en} is due today ({due}).",
            ),
            DeadlineSoon { subject, task_zh, task_en, due, days } => zh_en!(
                lang,
                "{subject}的{task_zh}期限是 {due}，还有 {days} 天到期。",
                "{subject}: the {task_en} is due on {due}, in {days} days.",
            ),
            // ---- issue 23, suggestion part (代表建议) ----
            ReplyMonthsInvalid { value } => zh_en!(
                lang,
                "site.toml [suggestions] 的月数写了 {value}，但代表法规定的答复期限是 1 到 6 个月。请写 1 到 6 之间的整数（一般 reply_months = 3，rereply_months = 1）。",
                "site.toml [suggestions] has {value} months, but the reply limit of the law is 1 to 6 months. Write a whole number from 1 to 6 (usually reply_months = 3, rereply_months = 1).",
            ),
            SuggestionReplyBeforeAssigned { date, assigned } => zh_en!(
                lang,
                "这条答复的日期 {date} 早于交办日期 {assigned}：建议交办之后才能答复。请核对答复日期或 assigned（交办日期）。",
                "this reply is dated {date}, before the suggestion was assigned on {assigned}: a unit answers after it is assigned. Check the reply's date or `assigned`.",
            ),
            SuggestionReplyNotAssigned { date } => zh_en!(
                lang,
                "这条建议有 {date} 的答复，但还没有写交办日期：请在 [suggestion] 里写 assigned_unit（交办单位）和 assigned（交办日期）。",
                "this suggestion has a reply dated {date} but no assignment: write assigned_unit and assigned (the date it was assigned) in [suggestion].",
            ),
            SuggestionDueUncomputable { assigned, months } => zh_en!(
                lang,
                "交办日期 {assigned} 加 {months} 个月超出了网站能用的年份（site.toml [build] max_year），算不出答复期限。请核对交办日期（assigned）。",
                "the assignment date {assigned} plus {months} months is past the years the site reads ([build] max_year in site.toml), so no reply due date can be computed. Check `assigned`.",
            ),
            SuggestionExtendedEmpty => zh_en!(
                lang,
                "extended（延期理由）是空的：延长答复期限（最长 6 个月）必须写明理由。请写上理由，不延期就删掉这一行。",
                "`extended` is empty: extending the reply limit (to 6 months at most) needs a stated reason. Write the reason, or delete the line if the limit is not extended.",
            ),
            SuggestionOpinionWithoutReply { opinion } => zh_en!(
                lang,
                "代表意见写了「{opinion}」，但这条建议还没有答复：代表意见是对答复的意见。请先在 [[suggestion.replies]] 里写答复，或删掉 delegate_opinion。",
                "the delegate's opinion is \"{opinion}\" but the suggestion has no reply yet: the opinion is about a reply. Add the reply under [[suggestion.replies]], or delete delegate_opinion.",
            ),
            SuggestionSecondReplyUnasked { date } => zh_en!(
                lang,
                "{date} 的「再次答复」之前，代表意见不是「不满意」：只有代表对答复不满意时才需要再次答复。请核对 type 或 delegate_opinion。",
                "the second reply (再次答复) dated {date} has no 不满意 opinion before it: a second reply follows an unsatisfied delegate. Check its type or delegate_opinion.",
            ),
            SuggestionUnitSpelling { unit, known } => zh_en!(
                lang,
                "交办单位「{unit}」在网站别处没有出现，但有一个很像的单位「{known}」。如果是同一个单位，请改成「{known}」，这样它的单位页面才能列出这条建议。",
                "the assigned unit \"{unit}\" appears nowhere else on the site, but \"{known}\" is close. If they are one unit, write \"{known}\", so that its unit page lists this suggestion.",
            ),
            // Issue 24, FRAME part.
            PoliceRecordNoDigits { value } => zh_en!(
                lang,
                "公安机关备案号 police_record = \"{value}\" 里没有数字，网站无法链接到备案查询页。请照公安备案证明原样填写，例如 \"京公网安备 11010502030143号\"。",
                "police_record = \"{value}\" holds no digits, so the footer cannot link it to the registration search. Write the number as the public security registration certificate gives it, digits included.",
            ),
            FooterUrlInvalid { key, value } => zh_en!(
                lang,
                "{key} = \"{value}\" 不是以 https:// 或 http:// 开头的网址。请填写完整的网址，例如 https://zfwzzc.www.gov.cn/ 开头的纠错地址。",
                "{key} = \"{value}\" is not an address starting with https:// or http://. Write the whole address, e.g. the correction link starting with https://zfwzzc.www.gov.cn/.",
            ),
            FooterBadgeMissing { key, path } => zh_en!(
                lang,
                "{key} = \"{path}\" 指的图片不在 static/ 文件夹里。请把图片放到 static/{path}，或改正这里的路径（相对于 static/）。",
                "{key} = \"{path}\" names an image that is not in the static/ folder. Put the image at static/{path}, or correct the path (relative to static/).",
            ),
            // Issue 24, META part.
            OrgDomainInvalid { value } => zh_en!(
                lang,
                "[org] 的 domain = \"{value}\" 不是网站域名。这里只写域名，例如 www.qingxi.gov.cn，不要带 https:// 、斜杠或路径；不填时使用 base_url 里的域名。",
                "[org] domain = \"{value}\" is not a domain name. Write the domain only, such as www.qingxi.gov.cn, without https://, slashes or a path; leave it out to use the domain of base_url.",
            ),
            // Issue 24, NOTICE part.
            NoticeEndBeforeStart { start, end } => zh_en!(
                lang,
                "公示期的结束日期 end = {end} 早于开始日期 start = {start}，顺序不对。请检查这两个日期。",
                "the notice period ends (end = {end}) before it starts (start = {start}). Check the two dates.",
            ),
            NoticeStartBeforeMeeting { start, meeting } => zh_en!(
                lang,
                "公示期的开始日期 start = {start} 早于评议大会日期 meeting_date {meeting}：结果要在大会测评以后才能公示。请检查日期。",
                "the notice period starts (start = {start}) before the meeting (meeting_date {meeting}): a result can be published only after the vote. Check the dates.",
            ),
            NoticeWithoutContact => zh_en!(
                lang,
                "公示期 [evaluation.notice] 没有写受理意见的联系方式。请加一行 contact，写明群众对评议结果有意见时找谁、打什么电话，例如 contact = \"镇人大办 0578-1234567\"。",
                "the notice period [evaluation.notice] has no contact for objections. Add a contact line saying whom the public calls about the result, e.g. contact = \"镇人大办 0578-1234567\".",
            ),
            EvaluationWithoutNotice { round } => {
                let (what, en) = if *round > 1 {
                    ("复评", "re-evaluation")
                } else {
                    ("评议", "evaluation")
                };
                zh_en!(
                    lang,
                    "这次{what}结果没有写公示期。评议结果一般要公示几天、接受群众意见：请在 [evaluation] 下面加上 [evaluation.notice]，写 start（公示开始日期）、end（公示结束日期）和 contact（受理意见的单位和电话）。",
                    "this {en} result has no notice period. A result is usually published for some days for objections: add [evaluation.notice] below [evaluation], with start (first day), end (last day) and contact (the office and phone number that take objections).",
                )
            }
            DuplicateSuggestionNo { no, other } => zh_en!(
                lang,
                "建议编号 {no} 和 {other} 重复了：同一次会议（同一年）的代表建议不能同号。请核对建议登记簿，改正其中一个的编号。",
                "the suggestion number {no} is also used by {other}, of the same session and year. Check the register of suggestions and correct one of the numbers.",
            ),
            // Issue 26 §3, the upload manifest.
            BuildChanges {
                added: 0,
                changed: 0,
                removed: 0,
            } => zh_en!(
                lang,
                "与上次构建相比，没有文件改动，不需要重新上传。",
                "Since the last build no file changed: nothing to upload.",
            ),
            BuildChanges {
                added,
                changed,
                removed,
            } => zh_en!(
                lang,
                "与上次构建相比：新增 {added} 个、改动 {changed} 个、删除 {removed} 个文件。上传时只传新增和改动的文件，再到网站上删掉删除的文件；用 gongkai build --changed-list 文件名 可以把它们列成清单。",
                "Since the last build: {added} added, {changed} changed, {removed} removed files. Upload only the added and changed files and delete the removed ones on the server; gongkai build --changed-list FILE lists them.",
            ),
            BuildAllNew { files } => zh_en!(
                lang,
                "没有找到上次构建的文件清单（gongkai-manifest.json），{files} 个文件都算新文件，这次要全部上传。",
                "No list of the last build's files (gongkai-manifest.json) was found, so all {files} files count as new: upload them all this time.",
            ),
            BuildReused { rendered, reused } => zh_en!(
                lang,
                "这次重新生成了 {rendered} 个页面，另外 {reused} 个和上次一样，直接沿用（要全部重新生成，加 --no-cache）。",
                "Rendered {rendered} pages again; the other {reused} were the same as last time and were kept (--no-cache renders them all).",
            ),
            BuildNothingChanged => zh_en!(
                lang,
                "网站的文件和上次构建时一样，输出文件夹原样保留，没有重新生成（要全部重新生成，加 --no-cache）。",
                "The site's files are as they were at the last build: the output folder was left as it is (--no-cache rebuilds it all).",
            ),
            ChangedListInsideOutput { path, output } => zh_en!(
                lang,
                "变更清单 {path} 在输出文件夹 {output} 里面，会被当成网站文件一起上传。请把它写到输出文件夹以外，例如 --changed-list 变更清单.txt。网站没有改动。",
                "the changed-files list {path} is inside the output folder {output}, so it would be uploaded with the site. Write it outside the output folder, e.g. --changed-list changed.txt. The site is unchanged.",
            ),
            ChangedListWriteFailed { path, detail } => zh_en!(
                lang,
                "写不了变更清单 {path}：{detail}。请确认它所在的文件夹存在、可以写入，或换一个位置。网站没有改动。",
                "cannot write the changed-files list {path}: {detail}. Check that its folder exists and can be written, or choose another place. The site is unchanged.",
            ),
        }
    }
}

impl fmt::Display for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::Zh))
    }
}

/// 「你是不是想输入 build？」 for a mistyped command line, or nothing.
fn did_you_mean(lang: Lang, suggestion: &Option<String>) -> String {
    suggestion.as_ref().map_or(String::new(), |s| {
        zh_en!(lang, "你是不是想输入 {s}？", " Did you mean {s}?")
    })
}

/// The Chinese name of a kind code (`inspection` → 视察调研).
fn kind_label_zh(code: &str) -> &'static str {
    crate::kind::Kind::parse(code).map_or("文档", |k| k.label())
}

/// The closing line of a successful build.
pub fn build_summary(
    lang: Lang,
    pages: usize,
    sections: usize,
    files: usize,
    millis: u128,
    output: &str,
) -> String {
    zh_en!(
        lang,
        "完成：{pages} 个页面、{sections} 个栏目、{files} 个文件，用时 {millis} 毫秒，输出到 {output}",
        "Done: {pages} pages, {sections} sections, {files} files in {millis} ms, written to {output}",
    )
}

/// The heading a diagnostic is listed under in `check`'s report, in Chinese
/// and English. Several codes share a heading (every kind of dead link), so
/// the report groups and sorts by this, never by the code: a code sorting
/// between two that share a heading would otherwise split the group in two.
pub fn check_group(code: &str) -> (&'static str, &'static str) {
    match code {
        "broken-link" | "broken-anchor" | "link-to-unpublished" | "dead-link" => {
            ("失效的链接", "broken links")
        }
        "missing-attachment" => ("找不到的附件", "missing attachments"),
        "image-without-alt" => ("没有文字说明的图片", "images without a description"),
        "duplicate-heading-id" | "indented-paragraph" => ("正文的写法", "how the text is written"),
        "personal-data" | "personal-data-published" => ("个人信息", "personal data"),
        "unsafe-html" => ("不安全的代码", "unsafe markup"),
        "duplicate-index-no" => ("重复的索引号", "duplicate index numbers"),
        "index-no-wrong-code" => (
            "和单位代码对不上的索引号",
            "index numbers with another code",
        ),
        "missing-index-no" => ("没有索引号的文档", "documents without an index number"),
        "empty-section" => ("空栏目", "empty sections"),
        "stale-section" => ("长期未更新的栏目", "sections not updated in time"),
        "author-not-a-delegate" => ("不是代表的作者", "authors who are not delegates"),
        "stale-rule-relaxed" => (
            "放宽了国家要求的栏目",
            "sections with a relaxed update rule",
        ),
        "placeholder-left" => ("没改写的模板文字", "template text left as written"),
        "no-valid-votes" => ("没有测评票数的单位", "units without valid votes"),
        "copy-unchanged" => ("复制后没改写的正文", "copied text left unchanged"),
        "same-year-evaluation" => ("同一年度的两次评议", "two evaluations of one year"),
        "duplicate-suggestion-no" => ("重复的建议编号", "duplicate suggestion numbers"),
        "future-date" => ("日期在未来的文档", "documents dated in the future"),
        "no-rectification" => ("没有整改记录的单位", "units without rectification"),
        "not-published" => ("不会发布的文件", "files that will not be published"),
        // Issue 23, LEDGER part.
        "deadline-overdue" | "deadline-soon" => {
            ("逾期和快到期的督办事项", "items overdue or due soon")
        }
        "unknown-template"
        | "template-syntax"
        | "template-render"
        | "template-filter"
        | "template-cached-render"
        | "template-include-cycle"
        | "template-component-too-deep"
        | "template-tera1" => ("模板的错误", "template errors"),
        "replaces-generated" | "same-output-twice" => {
            ("会互相覆盖的文件", "files overwriting each other")
        }
        _ => ("其他问题", "other problems"),
    }
}

/// The heading line of a group in `check`'s report (see [`check_group`]).
pub fn check_group_title(lang: Lang, error: bool, code: &str) -> String {
    let (zh, en) = check_group(code);
    match (lang, error) {
        (Lang::Zh, true) => format!("== 错误：{zh} =="),
        (Lang::Zh, false) => format!("== 警告：{zh} =="),
        (Lang::En, true) => format!("== errors: {en} =="),
        (Lang::En, false) => format!("== warnings: {en} =="),
    }
}

/// Why a copied file is left out.
fn not_published(
    lang: Lang,
    place: Place,
    why: NotPublishedWhy,
    ext: &str,
    leftover: Option<Leftover>,
) -> String {
    let types = match place {
        Place::Content => zh_en!(lang, "附件类型", "an attachment type"),
        Place::Static => zh_en!(
            lang,
            " static/ 可发布的文件类型",
            "a type static/ publishes"
        ),
    };
    let what = leftover.map_or(String::new(), |l| {
        let what = match l {
            Leftover::EditorBackup => zh_en!(lang, "编辑器备份", "an editor backup"),
            Leftover::EditorSwap => zh_en!(lang, "编辑器交换文件", "an editor swap file"),
            Leftover::EditorAutosave => {
                zh_en!(lang, "编辑器自动保存的文件", "an editor autosave file")
            }
            Leftover::EditorTemporary => zh_en!(lang, "编辑器临时文件", "an editor temporary file"),
            Leftover::MergeLeftover => {
                zh_en!(
                    lang,
                    "合并或打补丁时留下的文件",
                    "left by a merge or a patch"
                )
            }
            Leftover::Temporary => zh_en!(lang, "临时文件", "a temporary file"),
            Leftover::SystemFile => zh_en!(lang, "系统文件", "a system file"),
            Leftover::OfficeLock => zh_en!(
                lang,
                "Office 或 WPS 的锁定文件",
                "an Office or WPS lock file"
            ),
        };
        zh_en!(lang, "（{what}）", " ({what})")
    });
    match why {
        NotPublishedWhy::HiddenFile => zh_en!(
            lang,
            "以点开头的隐藏文件，不会发布（隐藏文件常是工具的设置或密码，如 .env）。要发布请改一个不以点开头的名字。",
            "a hidden file (its name starts with a dot) is not published: such files often hold a tool's settings or passwords, like .env. Rename it without the dot to publish it.",
        ),
        NotPublishedWhy::HiddenFolder => zh_en!(
            lang,
            "以点开头的隐藏文件夹（如 .git），里面的文件都不会发布。",
            "a hidden folder (its name starts with a dot, like .git): nothing in it is published.",
        ),
        NotPublishedWhy::OfficeLock => zh_en!(
            lang,
            "Office 或 WPS 打开文档时留下的锁定文件（~$ 开头），不会发布。关掉文档后可以删除它。",
            "a lock file Office or WPS leaves while a document is open (its name starts with ~$) is not published. Delete it once the document is closed.",
        ),
        NotPublishedWhy::NotAType => zh_en!(
            lang,
            "不是{types} .{ext}{what}，不会发布；要发布请在 site.toml [build] publish_extra 中加上 {ext}。",
            "not {types}: .{ext}{what}; not published. To publish it, add {ext} to publish_extra under [build] in site.toml.",
        ),
        NotPublishedWhy::NoType => zh_en!(
            lang,
            "文件名没有{types}的扩展名{what}，不会发布。要发布的文件请用 .pdf、.docx、.jpg 这样的扩展名。",
            "the name has no extension of {types}{what}; not published. Name a file to publish like .pdf, .docx or .jpg.",
        ),
    }
}

/// The line printed when a build fails.
pub fn build_failed(lang: Lang, errors: usize, warnings: usize) -> String {
    let (e, w) = (en_count(errors, "error"), en_count(warnings, "warning"));
    zh_en!(
        lang,
        "生成失败：{errors} 个错误，{warnings} 个警告。原来的网站（如有）保持不变。改正上面的错误后再运行一次。",
        "Build failed: {e}, {w}. The previous site (if any) is unchanged. Fix the errors above and run again.",
    )
}

/// `1 error`, `2 errors`: an English count with its noun (Chinese needs none).
fn en_count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Tera 2.4's words for the template mistakes people make, in Chinese
/// (pinned by `render::templates`' tests, so that an upgrade that rewords
/// one fails there). `None`: not one of them.
fn tera_words_zh(detail: &str) -> Option<String> {
    let quoted = |text: &str| -> Vec<String> {
        text.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    };
    let q = quoted(detail);
    let first = || q.first().cloned().unwrap_or_default();
    let after = |mark: &str| {
        detail
            .split_once(mark)
            .map(|(_, rest)| rest.trim().trim_end_matches('.').replace('`', ""))
            .unwrap_or_default()
    };
    let type_zh = |t: &str| match t {
        "f64" | "i64" | "u64" | "i128" | "number" | "integer" | "float" => "数字".to_string(),
        "string" | "str" | "String" => "文字".to_string(),
        "array" | "vec" | "Vec" => "列表".to_string(),
        "map" | "object" => "表".to_string(),
        "bool" => "true 或 false".to_string(),
        "none" | "null" | "undefined" => "空值（没有这个数据）".to_string(),
        other => other.to_string(),
    };
    if detail.starts_with("Invalid type for the value") && q.len() >= 2 {
        return Some(format!(
            "它拿到的值是{}，但它需要的是{}",
            type_zh(&q[1]),
            type_zh(&q[0])
        ));
    }
    // The names Tera lists, and the one the template likely meant.
    let listed = |zh: &str, en: &str| {
        let names = after(en);
        if names.is_empty() {
            return String::new();
        }
        let candidates: Vec<&str> = names.split(", ").collect();
        match closest(&first(), &candidates) {
            Some(meant) => format!("，是不是要写 {meant}？（{zh}：{names}）"),
            None => format!("（{zh}：{names}）"),
        }
    };
    if detail.starts_with("Variable `") {
        return Some(format!(
            "变量 {} 不存在{}",
            first(),
            listed("这里能用的变量有", "Available variables:")
        ));
    }
    if detail.starts_with("Field `") {
        return Some(format!(
            "字段 {} 不存在{}",
            first(),
            listed("这里有的字段", "Available fields:")
        ));
    }
    for (what, zh) in [
        ("Unknown filter `", "过滤器"),
        ("Unknown function `", "函数"),
        ("Unknown test `", "测试（is 后面的词）"),
        ("Unknown component `", "组件"),
    ] {
        if detail.starts_with(what) {
            return Some(format!(
                "模板里用了不存在的{zh} {}，请检查拼写，或删掉它",
                first()
            ));
        }
    }
    if detail.starts_with("Unknown argument(s)") {
        return Some(format!(
            "组件不认识参数 {}（它能用的参数是：{}）",
            first(),
            after("Possible argument(s) are:")
        ));
    }
    if detail.starts_with("Missing keyword argument") || detail.starts_with("Missing argument") {
        return Some(format!("缺少参数 {}", first()));
    }
    if detail == "Unknown tag" {
        return Some("不认识的标签：Tera 2 没有这种 {% … %} 写法".to_string());
    }
    if let Some(rest) = detail.strip_prefix("Found ") {
        if let Some((found, expected)) = rest.split_once(" but expected ") {
            let expected = expected.trim_end_matches('.');
            let expected = match expected.strip_prefix("one of: ") {
                Some(options) => format!("以下之一：{}", options.replace(" or ", ", ")),
                None => expected.to_string(),
            };
            return Some(format!("这里写的是 {found}，但这里应该是{expected}"));
        }
    }
    None
}

/// toml 0.9's words for the common mistakes (matched anywhere in its
/// message, first match wins) and what they mean in Chinese. toml has no
/// error kinds: `tomlx`'s tests make toml say each of these for real, so an
/// upgrade that rewords one fails there instead of leaving the Chinese
/// message half in English.
pub(crate) const TOML_WORDS: &[(&str, &str)] = &[
    (
        "string values must be quoted",
        "文字要用英文双引号括起来，如 title = \"标题\"",
    ),
    (
        "invalid basic string",
        "引号里的文字没有结束：这一行缺少右边的英文双引号 \"",
    ),
    (
        "invalid literal string",
        "单引号里的文字没有结束：缺少右边的单引号 '",
    ),
    ("unclosed array", "方括号 [ 没有闭合：列表要以 ] 结束"),
    ("unclosed table", "表名的方括号没有闭合"),
    ("duplicate key", "同一个字段写了两次，请删掉一个"),
    (
        "expected newline",
        "这一行在值的后面多了东西（一行只写一个“字段 = 值”）",
    ),
    ("key with no value", "字段后面缺少 = 和值"),
    (
        "invalid unquoted key",
        "字段名写法有误：字段名只用英文字母、数字和下划线",
    ),
    ("inline table", "花括号 { } 里的写法有误"),
    (
        "missing escaped value",
        "双引号里的反斜杠 \\ 后面跟了不认识的字符：路径请用单引号括起来，如 'C:\\文件'，或把 \\ 写成 \\\\",
    ),
    (
        "max recursion depth",
        "方括号 [ ] 或花括号 { } 套了太多层，请减少嵌套",
    ),
];

/// Says a serde/toml/tera error detail in plain Chinese when it is one of the
/// common mistakes; otherwise keeps the original (English) words in brackets
/// after a Chinese sentence, so nothing is lost and nothing is half-translated.
/// The words of toml ([`TOML_WORDS`]), serde (`invalid type: …, expected …`)
/// and Tera (`Function '…'`, `Filter '…'`, `Variable `…``) it reads are
/// pinned to those crates' versions by `tomlx`'s and `render::templates`' tests.
pub fn translate_detail(detail: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return detail.to_string();
    }
    for (en, zh) in TOML_WORDS {
        if detail.contains(en) {
            return (*zh).to_string();
        }
    }
    if let Some(rest) = detail.strip_prefix("invalid type: ") {
        if let Some((found, expected)) = rest.split_once(", expected ") {
            return format!(
                "类型不对：写的是{}，这里需要{}",
                kind_zh(found),
                kind_zh(expected)
            );
        }
    }
    if let Some(zh) = tera_words_zh(detail) {
        return zh;
    }
    format!("原文：{detail}")
}

/// The Chinese name of a serde type description (`a string`, `integer `3``).
fn kind_zh(what: &str) -> String {
    let what = what.trim();
    match what {
        "a string" | "a borrowed string" => return "文字（用英文双引号括起来）".into(),
        "a sequence" => return "列表，如 [\"甲\", \"乙\"]".into(),
        "a boolean" => return "true 或 false".into(),
        "a map" => return "表格".into(),
        _ => {}
    }
    let (head, value) = what.split_once(' ').unwrap_or((what, ""));
    let name = match head {
        "string" => "文字",
        "integer" => "整数",
        "boolean" => "true/false",
        "sequence" => "列表",
        "map" => "表格",
        "floating" => "小数",
        "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" => "不带引号的整数",
        _ => return what.to_string(),
    };
    if value.is_empty() || head == "floating" {
        name.to_string()
    } else {
        format!("{name} {value}")
    }
}

/// The closest candidate to a misspelt word, if it is close enough to be a typo.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (edit_distance(word, c), *c))
        .filter(|(d, c)| *d <= 2.max(c.chars().count() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod every_message;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_counts_agree_with_their_number() {
        assert!(build_failed(Lang::En, 1, 1).starts_with("Build failed: 1 error, 1 warning."));
        assert!(build_failed(Lang::En, 2, 0).starts_with("Build failed: 2 errors, 0 warnings."));
        let done = Msg::CheckDone {
            errors: 1,
            warnings: 3,
            counted: 0,
        };
        assert!(done
            .text(Lang::En)
            .starts_with("Check done: 1 error, 3 warnings."));
        assert!(build_failed(Lang::Zh, 1, 1).starts_with("生成失败：1 个错误，1 个警告。"));
    }

    #[test]
    fn closest_finds_typos_only() {
        let keys = ["title", "date", "categories", "tags"];
        assert_eq!(closest("titel", &keys), Some("title"));
        assert_eq!(closest("catgories", &keys), Some("categories"));
        assert_eq!(closest("zzzzzz", &keys), None);
    }

    #[test]
    fn lang_flag_wins() {
        assert_eq!(Lang::detect(Some("en")), Lang::En);
        assert_eq!(Lang::detect(Some("zh")), Lang::Zh);
        assert_eq!(Lang::detect(Some("en_US.UTF-8")), Lang::En);
    }

    #[test]
    fn every_message_has_both_languages() {
        let samples = [
            Msg::MissingTitle,
            Msg::PlaceholderLeft { text: "(x)".into() },
            Msg::NoValidVotes {
                unit: "police".into(),
            },
            Msg::CopyUnchanged {
                from: "content/a.md".into(),
            },
            Msg::SameYearEvaluation {
                year: 2026,
                other: "content/a.md".into(),
            },
            Msg::NotUtf8,
            Msg::SymlinkBroken,
            Msg::CheckDone {
                errors: 0,
                warnings: 0,
                counted: 0,
            },
            Msg::CheckDone {
                errors: 0,
                warnings: 3,
                counted: 0,
            },
            Msg::CheckDone {
                errors: 0,
                warnings: 3,
                counted: 1,
            },
            Msg::CheckDone {
                errors: 0,
                warnings: 3,
                counted: 3,
            },
            Msg::CheckDone {
                errors: 2,
                warnings: 3,
                counted: 1,
            },
            Msg::CheckSummaryTitle,
            Msg::CheckSummaryPages {
                pages: 4,
                columns: 2,
            },
            Msg::CheckSummaryColumn {
                title: "news".into(),
                pages: 3,
                last: Some("2026-12-05".into()),
                days: Some(30),
                limit: Some(30),
                national: Some(14),
            },
            Msg::CheckSummaryColumn {
                title: "people".into(),
                pages: 0,
                last: None,
                days: None,
                limit: None,
                national: None,
            },
            Msg::CheckSummaryLinks {
                links: 3,
                attachments: 1,
            },
            Msg::CheckSummaryPrivacy { outputs: 9 },
            Msg::CheckSummaryPlaceholders { count: 0 },
            Msg::CheckSummaryPlaceholders { count: 2 },
            Msg::CliUnknownCommand {
                word: "biuld".into(),
                suggestion: Some("build".into()),
            },
            Msg::CliUnknownOption {
                word: "--bogus".into(),
                suggestion: None,
                command: "gongkai build".into(),
            },
            Msg::TemplateComponentTooDeep {
                name: "m.menu".into(),
                limit: 20,
            },
            Msg::SymlinkOutside {
                target: "/etc/passwd".into(),
            },
            Msg::OutputEscapes {
                path: "../index.html".into(),
            },
            Msg::BadDate { value: "x".into() },
            Msg::DateYearOutOfRange {
                value: "-2026-03-01".into(),
                min: 1949,
                max: 2100,
            },
            Msg::YearRangeInverted {
                min: 2100,
                max: 1949,
            },
            Msg::RatingMinInvalid {
                value: "NaN".into(),
            },
            Msg::SerialWidthInvalid {
                value: "{serial:99}".into(),
            },
            Msg::ControlCharsRemoved {
                chars: "U+000B".into(),
                count: 2,
            },
            Msg::ConfigControlChar {
                chars: "U+0008".into(),
            },
            Msg::EscapedControlChar {
                chars: "U+0008".into(),
            },
            Msg::TemplateFilter {
                template: "templates/x.html".into(),
                filter: "round".into(),
                detail: "Invalid type for the value, expected `f64` but got `string`".into(),
            },
            Msg::OutputRefused {
                path: "p".into(),
                reason: OutputRefusal::IsFile,
            },
            Msg::OutputRefused {
                path: "p".into(),
                reason: OutputRefusal::NotOurs,
            },
            Msg::OutputWaiting,
            Msg::OutputBusy {
                path: "public".into(),
                seconds: 600,
            },
            Msg::InitDone {
                dir: "site".into(),
                files: 3,
            },
            Msg::NewDone {
                path: "content/news/a.md".into(),
            },
            Msg::ServeUpdated {
                files: 7,
                millis: 40,
            },
            Msg::UnsafeHtml {
                what: "<iframe>".into(),
            },
            Msg::HeadingAttribute {
                name: "onfocus".into(),
            },
            Msg::DuplicateHeadingId {
                id: "same".into(),
                renamed: "same-1".into(),
            },
            Msg::IndentedParagraph,
            Msg::UnsafeUrl {
                url: "javascript:alert(1)".into(),
            },
            Msg::ScriptInFile {
                what: "<script>".into(),
            },
        ];
        for m in samples {
            assert!(m.text(Lang::Zh).chars().any(crate::text::is_cjk));
            assert!(!m.text(Lang::En).chars().any(crate::text::is_cjk));
        }
    }

    /// 「可以发布」 is a promise: only with no error and no warning an
    /// inspection counts.
    #[test]
    fn ready_to_publish_only_when_nothing_counts() {
        for lang in [Lang::Zh, Lang::En] {
            let says = |errors, warnings, counted| {
                let text = Msg::CheckDone {
                    errors,
                    warnings,
                    counted,
                }
                .text(lang);
                text.contains("可以发布") || text.contains("Ready to publish")
            };
            assert!(says(0, 0, 0));
            assert!(says(0, 2, 0), "notes only");
            assert!(!says(0, 2, 1));
            assert!(!says(0, 2, 2));
            assert!(!says(1, 0, 0));
        }
    }

    proptest::proptest! {
        /// For any counts: 「可以发布」 exactly when nothing stops publishing
        /// and no warning counts, and a counted warning always points to
        /// `--strict`.
        #[test]
        fn the_verdict_is_a_promise(errors in 0usize..5, warnings in 0usize..5, counted in 0usize..5) {
            let counted = counted.min(warnings);
            let done = Msg::CheckDone { errors, warnings, counted };
            let ready = errors == 0 && counted == 0;
            proptest::prop_assert_eq!(done.text(Lang::Zh).contains("可以发布"), ready);
            proptest::prop_assert_eq!(done.text(Lang::En).contains("Ready to publish"), ready);
            if errors == 0 && counted > 0 {
                proptest::prop_assert!(done.text(Lang::Zh).contains("gongkai check --strict"));
                proptest::prop_assert!(done.text(Lang::En).contains("gongkai check --strict"));
            }
        }
    }

    #[test]
    fn translate_keeps_unknown_text() {
        let t = translate_detail("invalid type: integer `3`, expected a string", Lang::Zh);
        assert_eq!(
            t,
            "类型不对：写的是整数 `3`，这里需要文字（用英文双引号括起来）"
        );
        let t = translate_detail("something new", Lang::Zh);
        assert_eq!(t, "原文：something new");
        let t = translate_detail("invalid basic string, expected `\"`", Lang::Zh);
        assert!(!t.contains("string"), "{t}");
    }
}
