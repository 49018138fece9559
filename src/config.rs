//! `site.toml`: the site's settings, with defaults and validation.
//!
//! Every option a user can write is a field here with a one-line comment.
//! Loading reports mistakes as diagnostics at the line in `site.toml`;
//! what the settings mean for pages is left to the later stages.

use crate::diagnostics::Diagnostic;
use crate::messages::Msg;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The whole of `site.toml`: every table and option, with its default.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The congress's name, shown in the header and the title of every page.
    pub title: String,
    /// One sentence for search engines and feeds.
    #[serde(default)]
    pub(crate) description: String,
    /// Where the site is published, may have a sub-path: `https://example.gov.cn/rd/qingxi/`.
    pub(crate) base_url: String,
    /// `<html lang>`; `zh-Hans` by default.
    #[serde(default = "default_language")]
    pub(crate) language: String,
    /// Theme folder under `themes/`; `default` is built into gongkai.
    #[serde(default = "default_theme")]
    pub(crate) theme: String,
    /// Pages per listing page when a section does not say.
    #[serde(default = "default_paginate_by")]
    pub(crate) paginate_by: usize,
    /// How many entries the site and section feeds carry.
    #[serde(default = "default_feed_limit")]
    pub(crate) feed_limit: usize,
    /// `[org]`: who publishes the site.
    #[serde(default)]
    pub(crate) org: Org,
    /// `[disclosure]`: the 信息公开 block atop documents.
    #[serde(default)]
    pub(crate) disclosure: DisclosureConfig,
    /// `[evaluation]`: how 测评 votes become ratings.
    #[serde(default)]
    pub(crate) evaluation: EvaluationConfig,
    /// `[submissions]`: articles for congress publications, and the quota.
    #[serde(default)]
    pub(crate) submissions: SubmissionsConfig,
    /// `[suggestions]`: the reply limits of 代表建议 (issue 23, suggestion part).
    #[serde(default)]
    pub(crate) suggestions: SuggestionsConfig,
    /// `[privacy]`: the privacy guard's exceptions.
    #[serde(default)]
    pub(crate) privacy: PrivacyConfig,
    /// `[markdown]`: how page bodies are rendered.
    #[serde(default)]
    pub(crate) markdown: MarkdownConfig,
    /// `[search]`: the site's full-text search.
    #[serde(default)]
    pub search: SearchConfig,
    /// `[build]`: what a build accepts and publishes.
    #[serde(default)]
    pub build: BuildConfig,
    /// Free values for themes, as `site.extra`.
    #[serde(default)]
    pub(crate) extra: toml::Table,
}

/// 主办单位 and the footer's registration numbers.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Org {
    /// 发布机构 / 主办单位, e.g. 清溪镇人大主席团.
    #[serde(default)]
    pub(crate) name: String,
    /// 统一社会信用代码, the prefix of 索引号.
    #[serde(default)]
    pub(crate) code: String,
    /// ICP备案号.
    #[serde(default)]
    pub(crate) icp: String,
    /// 政府网站标识码.
    #[serde(default)]
    pub(crate) site_code: String,
    /// The site's domain for the `SiteDomain` page metadata (META, issue 24);
    /// the host of `base_url` when empty.
    #[serde(default)]
    pub(crate) domain: String,
    /// Postal address, shown in the footer.
    #[serde(default)]
    pub(crate) address: String,
    /// Office telephone, shown in the footer.
    #[serde(default)]
    pub(crate) phone: String,
    #[serde(default)]
    pub(crate) email: String,
    // Issue 24, FRAME part: the footer items of a 政府网站, each shown only when set.
    /// 公安机关备案号 as the certificate gives it: `京公网安备 11010502030143号`.
    #[serde(default)]
    pub(crate) police_record: String,
    /// The 公安备案 badge, a path under `static/` shown before the number.
    #[serde(default)]
    pub(crate) police_badge: String,
    /// The 党政机关网站 开办者标识 (red badge), a path under `static/`.
    #[serde(default)]
    pub(crate) gov_badge: String,
    /// Where the badge links: the site's registration page at 中国机构编制网.
    #[serde(default)]
    pub(crate) gov_badge_url: String,
    /// The 我为政府网站找错 link (the national platform's address for this site).
    #[serde(default)]
    pub(crate) correction_url: String,
    /// The site's icon (favicon), a path under `static/`; unset: the
    /// theme's `favicon.svg`.
    #[serde(default)]
    pub(crate) favicon: String,
}

impl Org {
    /// The search page of the 公安 registration site for `police_record`
    /// (the digits of the number), or empty when it is unset or has none.
    pub(crate) fn police_record_url(&self) -> String {
        let digits = digits_of(&self.police_record);
        if digits.is_empty() {
            return String::new();
        }
        format!("https://beian.mps.gov.cn/#/query/webSearch?code={digits}")
    }

    /// The footer's settings that must hold, each an error at its line.
    fn check(&self, text: &str) -> Vec<Diagnostic> {
        let mut found = vec![];
        if !self.police_record.is_empty() && self.police_record_url().is_empty() {
            found.push(
                Diagnostic::error(Msg::PoliceRecordNoDigits {
                    value: self.police_record.clone(),
                })
                .at("site.toml", line_of_key(text, "police_record")),
            );
        }
        for (key, value) in [
            ("gov_badge_url", &self.gov_badge_url),
            ("correction_url", &self.correction_url),
        ] {
            if !value.is_empty() && !is_web_address(value) {
                found.push(
                    Diagnostic::error(Msg::FooterUrlInvalid {
                        key: key.into(),
                        value: value.clone(),
                    })
                    .at("site.toml", line_of_key(text, key)),
                );
            }
        }
        found
    }

    /// The badges and the icon whose image is not a file under `static/` of `root`.
    fn check_badges(&self, root: &Path, text: &str) -> Vec<Diagnostic> {
        [
            ("police_badge", &self.police_badge),
            ("gov_badge", &self.gov_badge),
            ("favicon", &self.favicon),
        ]
        .into_iter()
        .filter(|(_, path)| !path.is_empty() && !static_file_exists(root, path))
        .map(|(key, path)| {
            Diagnostic::error(Msg::FooterBadgeMissing {
                key: key.into(),
                path: path.clone(),
            })
            .at("site.toml", line_of_key(text, key))
        })
        .collect()
    }
}

/// The ASCII digits of `text`, in order.
pub(crate) fn digits_of(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

/// An absolute `http://` or `https://` address with a host.
fn is_web_address(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    ["https://", "http://"].iter().any(|scheme| {
        lower
            .strip_prefix(scheme)
            .is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'))
    }) && !value.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Whether `rel` names a file inside `root/static/` (no `..`, no absolute path).
fn static_file_exists(root: &Path, rel: &str) -> bool {
    let rel = Path::new(rel.trim_start_matches('/'));
    let inside = rel
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)));
    inside && root.join("static").join(rel).is_file()
}

/// `[disclosure]`: the 信息公开 metadata of documents.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DisclosureConfig {
    /// 索引号 format used by `new`: `{code}/{year}-{serial:05}`.
    #[serde(
        default = "default_index_format",
        deserialize_with = "checked_index_format"
    )]
    pub(crate) index_format: String,
}

impl Default for DisclosureConfig {
    fn default() -> Self {
        DisclosureConfig {
            index_format: default_index_format(),
        }
    }
}

/// `[evaluation]`: how the votes of an evaluation are rated.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EvaluationConfig {
    /// `approval` or `satisfaction`: which rate the ratings read.
    #[serde(default = "default_basis")]
    pub(crate) basis: String,
    /// Rating bands, highest first.
    #[serde(default = "default_ratings")]
    pub(crate) ratings: Vec<RatingBand>,
    /// Months from the meeting to a unit's 整改报告 when its rectification
    /// entries set no `due` (an evaluation may set its own); 1..=12.
    #[serde(default = "default_rectification_months")]
    pub(crate) rectification_months: i64,
}

impl Default for EvaluationConfig {
    fn default() -> Self {
        EvaluationConfig {
            basis: default_basis(),
            ratings: default_ratings(),
            rectification_months: default_rectification_months(),
        }
    }
}

fn default_rectification_months() -> i64 {
    crate::deadlines::DEFAULT_RECTIFICATION_MONTHS.into()
}

/// `[suggestions]`: how long a unit has to answer a delegate's suggestion
/// (代表法: three months from 交办, six at most; one more month after an
/// 不满意 opinion).
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SuggestionsConfig {
    /// Months from 交办 to the reply's due date: 1 to 6.
    #[serde(default = "default_reply_months", deserialize_with = "checked_months")]
    pub(crate) reply_months: u32,
    /// Months from an 不满意 opinion to the second reply's due date: 1 to 6.
    #[serde(
        default = "default_rereply_months",
        deserialize_with = "checked_months"
    )]
    pub(crate) rereply_months: u32,
}

impl Default for SuggestionsConfig {
    fn default() -> Self {
        SuggestionsConfig {
            reply_months: default_reply_months(),
            rereply_months: default_rereply_months(),
        }
    }
}

impl SuggestionsConfig {
    /// The limits as `deadlines` computes with them.
    pub(crate) fn limits(&self) -> crate::deadlines::ReplyLimits {
        crate::deadlines::ReplyLimits {
            reply_months: self.reply_months,
            rereply_months: self.rereply_months,
        }
    }
}

fn default_reply_months() -> u32 {
    crate::deadlines::DEFAULT_REPLY_MONTHS
}
fn default_rereply_months() -> u32 {
    crate::deadlines::DEFAULT_REREPLY_MONTHS
}

/// A reply limit in months: 1 to the law's 6 (a longer one is not a limit
/// the 代表法 allows, and 0 would make every suggestion due on its 交办 day).
fn checked_months<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    let months = i64::deserialize(d)?;
    match u32::try_from(months) {
        Ok(m) if (1..=crate::deadlines::MAX_REPLY_MONTHS).contains(&m) => Ok(m),
        _ => Err(serde::de::Error::custom(format!(
            "{}`{months}`",
            crate::tomlx::BAD_REPLY_MONTHS
        ))),
    }
}

/// One rating (信任单位, 满意单位 …) and the lowest rate that earns it.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct RatingBand {
    /// The lowest rate of the band, from 0 to 1.
    #[serde(deserialize_with = "checked_rating_min")]
    pub(crate) min: f64,
    /// The rating's name, e.g. 满意单位.
    pub(crate) label: String,
}

/// `[submissions]`: articles written for congress publications.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SubmissionsConfig {
    /// Publications a submission may name.
    #[serde(default = "default_publications")]
    pub(crate) publications: Vec<String>,
    /// Statuses that are published; the others never reach `public/`.
    #[serde(default = "default_public_statuses")]
    pub(crate) public_statuses: Vec<String>,
    /// Authors who are delegates though no delegate page or `delegates` list
    /// names them (names elsewhere only in `authors` are not delegates).
    #[serde(default)]
    pub(crate) delegates: Vec<String>,
    /// Authors known not to be delegates (the office, its staff): shown as
    /// authors, and `check` does not ask about them.
    #[serde(default)]
    pub(crate) other_authors: Vec<String>,
    /// Published articles the county expects, by year.
    #[serde(default)]
    pub(crate) quota: BTreeMap<String, u32>,
}

impl Default for SubmissionsConfig {
    fn default() -> Self {
        SubmissionsConfig {
            publications: default_publications(),
            public_statuses: default_public_statuses(),
            delegates: Vec::new(),
            other_authors: Vec::new(),
            quota: BTreeMap::new(),
        }
    }
}

/// `[privacy]`: numbers the privacy guard lets through.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PrivacyConfig {
    /// Numbers that look like personal data but may be published (e.g. the office's hotline).
    #[serde(default)]
    pub allow: Vec<String>,
}

/// `[markdown]`: how page bodies are rendered.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MarkdownConfig {
    /// Allow `<script>`, `on*=` and `javascript:` in content.
    #[serde(default)]
    pub(crate) unsafe_html: bool,
}

/// `[search]`: the full-text search of `/search/`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchConfig {
    /// Write the search index and the search page (and the header's search box).
    #[serde(default = "default_true")]
    pub(crate) enabled: bool,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig { enabled: true }
    }
}

/// `[build]`: what a build accepts and publishes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BuildConfig {
    /// `.html`/`.svg`/`.xml` files (paths relative to the site folder, such
    /// as `static/map/index.html`) published even though they hold script.
    #[serde(default)]
    pub(crate) allow_script_files: Vec<String>,
    /// Extensions published besides the built-in list (`["kml", "dwg"]`);
    /// lowercase without the dot once loaded.
    #[serde(default)]
    pub(crate) publish_extra: Vec<String>,
    /// The earliest year a date in front matter may have.
    #[serde(default = "default_min_year")]
    pub(crate) min_year: i32,
    /// The latest year a date in front matter may have.
    #[serde(default = "default_max_year")]
    pub(crate) max_year: i32,
}

impl Default for BuildConfig {
    fn default() -> Self {
        BuildConfig {
            allow_script_files: Vec::new(),
            publish_extra: Vec::new(),
            min_year: default_min_year(),
            max_year: default_max_year(),
        }
    }
}

impl BuildConfig {
    /// The years dates may have, both ends included.
    pub(crate) fn years(&self) -> std::ops::RangeInclusive<i32> {
        self.min_year..=self.max_year
    }
}

fn default_min_year() -> i32 {
    crate::dates::DEFAULT_YEARS.0
}
fn default_max_year() -> i32 {
    crate::dates::DEFAULT_YEARS.1
}

// The prefixes of the serde errors below live in `tomlx`, which reads them back into a `Msg`.
use crate::tomlx::{BAD_RATING_MIN, BAD_SERIAL_WIDTH};

/// A rating band's `min` must be a rate: a number from 0 to 1 (not NaN or infinite).
fn checked_rating_min<'de, D: serde::Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    let min = f64::deserialize(d)?;
    if (0.0..=1.0).contains(&min) {
        Ok(min)
    } else {
        Err(serde::de::Error::custom(format!("{BAD_RATING_MIN}`{min}`")))
    }
}

fn checked_index_format<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let format = String::deserialize(d)?;
    match serial_width(&format) {
        Ok(_) => Ok(format),
        Err(bad) => Err(serde::de::Error::custom(format!(
            "{BAD_SERIAL_WIDTH}`{bad}`"
        ))),
    }
}

/// The widest serial number `index_format` may ask for.
pub(crate) const MAX_SERIAL_WIDTH: usize = 12;

/// The width of `{serial}` / `{serial:05}` in an `index_format` (0 for no
/// padding or no serial); the placeholder as written when its width is not
/// a number from 1 to [`MAX_SERIAL_WIDTH`].
pub(crate) fn serial_width(format: &str) -> Result<usize, String> {
    let Some(start) = format.find("{serial") else {
        return Ok(0);
    };
    let end = format[start..]
        .find('}')
        .map_or(format.len(), |i| start + i + 1);
    let placeholder = &format[start..end];
    let Some(spec) = placeholder.strip_suffix('}') else {
        return Err(placeholder.to_string());
    };
    let spec = &spec["{serial".len()..];
    if spec.is_empty() {
        return Ok(0);
    }
    let digits = spec.strip_prefix(':').unwrap_or("");
    let digits = digits.strip_prefix('0').unwrap_or(digits);
    let all_digits = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    match digits.parse::<usize>() {
        Ok(width) if all_digits && (1..=MAX_SERIAL_WIDTH).contains(&width) => Ok(width),
        _ => Err(placeholder.to_string()),
    }
}

fn default_true() -> bool {
    true
}
fn default_language() -> String {
    "zh-Hans".into()
}
fn default_theme() -> String {
    "default".into()
}
fn default_paginate_by() -> usize {
    15
}
fn default_feed_limit() -> usize {
    20
}
fn default_index_format() -> String {
    "{code}/{year}-{serial:05}".into()
}
fn default_basis() -> String {
    "approval".into()
}
fn default_ratings() -> Vec<RatingBand> {
    [
        (0.90, "满意单位"),
        (0.70, "基本满意单位"),
        (0.0, "不满意单位"),
    ]
    .into_iter()
    .map(|(min, label)| RatingBand {
        min,
        label: label.into(),
    })
    .collect()
}
fn default_publications() -> Vec<String> {
    ["代表报", "中国人大", "时代主人", "人大简讯"]
        .into_iter()
        .map(String::from)
        .collect()
}
fn default_public_statuses() -> Vec<String> {
    vec!["accepted".into(), "published".into()]
}

impl Config {
    /// Reads `site.toml` in `root`, with every unknown key reported in one
    /// run (see [`crate::tomlx::parse_all`]). Never an empty list on error.
    /// `base_url_override` is `--base-url`.
    pub(crate) fn load_all(
        root: &Path,
        base_url_override: Option<&str>,
    ) -> Result<Config, Vec<Diagnostic>> {
        let path = root.join("site.toml");
        let text = read_site_toml(&path).map_err(|d| vec![d])?;
        let mut config: Config = crate::tomlx::parse_all(&text, Path::new("site.toml"), 1, |d| {
            Msg::ConfigToml { detail: d }
        })?;
        let mut found = config.check(&text, base_url_override);
        found.extend(config.org.check_badges(root, &text));
        if found.is_empty() {
            Ok(config)
        } else {
            Err(found)
        }
    }

    /// What serde cannot say of the values read from `text`, every problem
    /// at once; `--base-url` is put in place here.
    fn check(&mut self, text: &str, base_url_override: Option<&str>) -> Vec<Diagnostic> {
        let mut found = vec![];
        if self.build.min_year > self.build.max_year {
            found.push(
                Diagnostic::error(Msg::YearRangeInverted {
                    min: self.build.min_year,
                    max: self.build.max_year,
                })
                .at("site.toml", line_of_key(text, "min_year")),
            );
        }
        if let Some(url) = base_url_override {
            self.base_url = url.to_string();
        }
        match normalize_base_url(&self.base_url) {
            Some(url) => self.base_url = url,
            None => found.push(
                Diagnostic::error(Msg::BaseUrlInvalid {
                    value: self.base_url.clone(),
                })
                .at("site.toml", line_of_key(text, "base_url")),
            ),
        }
        // `[extra]` values reach the theme, which may print them as links.
        if let Some(url) = crate::sanitize::unsafe_urls_in(&self.extra)
            .into_iter()
            .next()
        {
            let line = crate::sanitize::line_of_value(text, &url);
            found.push(Diagnostic::error(Msg::UnsafeUrl { url }).at("site.toml", line));
        }
        match publish_extra(&self.build.publish_extra, text) {
            Ok(extra) => self.build.publish_extra = extra,
            Err(d) => found.push(d),
        }
        found.extend(self.org.check(text));
        // Issue 23 (整改期限): the period pages fall back on.
        let months = self.evaluation.rectification_months;
        if crate::deadlines::rectification_months(months).is_none() {
            found.push(
                Diagnostic::error(Msg::RectificationMonthsOutOfRange { value: months })
                    .at("site.toml", line_of_key(text, "rectification_months")),
            );
        }
        // Issue 24 (META): the SiteDomain metadata is a host name and nothing
        // else, written as a URL writes it (lower case, IDNA).
        let domain = self.org.domain.trim();
        if !domain.is_empty() {
            match domain_name(domain) {
                Some(d) => self.org.domain = d,
                None => found.push(
                    Diagnostic::error(Msg::OrgDomainInvalid {
                        value: self.org.domain.clone(),
                    })
                    .at("site.toml", line_of_key(text, "domain")),
                ),
            }
        }
        found
    }

    /// The path part of `base_url`, starting and ending with `/`: `/rd/qingxi/`.
    pub(crate) fn base_path(&self) -> &str {
        let after_scheme = self
            .base_url
            .split_once("://")
            .map_or(self.base_url.as_str(), |(_, rest)| rest);
        after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
    }

    /// A site URL (with the sub-path) for a path relative to the site root (`news/foo/`).
    pub(crate) fn url_for(&self, rel: &str) -> String {
        format!("{}{}", self.base_path(), rel)
    }

    /// The absolute URL for a path relative to the site root, percent-encoded as
    /// sitemaps and feeds require (a Chinese file name gives `%E4%BC%9A…`).
    pub(crate) fn permalink_for(&self, rel: &str) -> String {
        /// Everything but unreserved characters and `/`, `#`.
        const PATH: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
            .remove(b'/')
            .remove(b'-')
            .remove(b'_')
            .remove(b'.')
            .remove(b'~')
            .remove(b'#');
        format!(
            "{}{}",
            self.base_url,
            percent_encoding::utf8_percent_encode(rel, PATH)
        )
    }
}

/// The text of `site.toml` (BOM and CRLF removed), refused when it is not
/// UTF-8 or holds control characters.
fn read_site_toml(path: &Path) -> Result<String, Diagnostic> {
    let text = match std::fs::read(path) {
        Ok(bytes) => String::from_utf8(bytes)
            .map_err(|_| Diagnostic::error(Msg::NotUtf8).at("site.toml", None))?,
        Err(_) => {
            return Err(Diagnostic::error(Msg::ConfigNotFound {
                path: path.to_string_lossy().into_owned(),
            }))
        }
    };
    let text = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
    // Feeds carry the title and description: a control character would
    // make them ill-formed. site.toml is typed by hand, so it is refused.
    if let Some(r) = crate::control::strip(&text).1.into_iter().next() {
        return Err(Diagnostic::error(Msg::ConfigControlChar { chars: r.chars })
            .at("site.toml", Some(r.line)));
    }
    if let Some((at, chars)) = crate::control::escaped_in_toml(&text) {
        let line = crate::diagnostics::line_of_offset(&text, at);
        return Err(
            Diagnostic::error(Msg::EscapedControlChar { chars }).at("site.toml", Some(line))
        );
    }
    Ok(text)
}

/// `publish_extra` as compared (`.KML` → `kml`); an entry that cannot be an
/// extension is an error at its line.
fn publish_extra(entries: &[String], text: &str) -> Result<Vec<String>, Diagnostic> {
    entries
        .iter()
        .map(|entry| {
            crate::publish::normalize_extra(entry).ok_or_else(|| {
                Diagnostic::error(Msg::PublishExtraInvalid {
                    value: entry.clone(),
                })
                .at("site.toml", line_of_key(text, "publish_extra"))
            })
        })
        .collect()
}

/// `https://host/sub` → `https://host/sub/`; None when it is not an http(s) URL with a host.
fn normalize_base_url(url: &str) -> Option<String> {
    let url = url.trim();
    let (scheme, rest) = url.split_once("://")?;
    if !matches!(scheme, "http" | "https") {
        return None;
    }
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty() || host.contains(char::is_whitespace) || url.contains(['?', '#']) {
        return None;
    }
    Some(if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    })
}

/// `s` as a URL's host writes it (`WWW.Qingxi.gov.cn` → `www.qingxi.gov.cn`,
/// a Chinese domain in its ASCII form), if it is a domain name: the URL
/// parser's rules, so a scheme, a path, a port, a space or an IP address is
/// refused without a list of them.
fn domain_name(s: &str) -> Option<String> {
    match url::Host::parse(s) {
        Ok(url::Host::Domain(d)) => Some(d),
        _ => None,
    }
}

/// The 1-based line where `key = …` is written at the top level of a TOML text.
pub(crate) fn line_of_key(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(base_url: &str) -> Config {
        toml::from_str(&format!("title = \"t\"\nbase_url = \"{base_url}\"")).expect("config")
    }

    #[test]
    fn a_domain_is_a_host_name_only() {
        for good in ["www.qingxi.gov.cn", "example.gov.cn", "清溪镇.政务"] {
            assert!(domain_name(good).is_some(), "{good}");
        }
        assert_eq!(
            domain_name("WWW.Qingxi.GOV.cn").as_deref(),
            Some("www.qingxi.gov.cn")
        );
        for bad in [
            "https://www.qingxi.gov.cn",
            "www.qingxi.gov.cn/rd/",
            "www.qingxi.gov.cn:8080",
            "www qingxi.gov.cn",
            "10.0.0.1",
            "",
        ] {
            assert_eq!(domain_name(bad), None, "{bad}");
        }
    }

    proptest::proptest! {
        /// A domain with a path, a port, a scheme, a user or a space in it
        /// — written plainly, percent-encoded or in full-width forms — is
        /// refused, and what is accepted holds none of them.
        #[test]
        fn nothing_but_a_host_gets_through(
            head in "[a-z0-9]{1,8}(\\.[a-z0-9]{1,8}){0,2}",
            sep in proptest::sample::select(vec![
                "/", ":", " ", "@", "?", "#", "\\", "%2F", "%2f", "%3A", "%20", "／", "：", "＠", "\u{3000}",
            ]),
            tail in "[a-z0-9.]{0,8}",
        ) {
            let s = format!("{head}{sep}{tail}");
            proptest::prop_assert_eq!(domain_name(&s), None, "{}", s);
        }

        #[test]
        fn an_accepted_domain_is_plain(s in "[a-zA-Z0-9.%:/@ ／：清镇-]{1,16}") {
            if let Some(d) = domain_name(&s) {
                proptest::prop_assert!(
                    !d.contains(['/', ':', '@', ' ', '%', '?', '#']) && d == d.to_lowercase(),
                    "{} -> {}", s, d
                );
            }
        }
    }

    #[test]
    fn base_url_keeps_sub_path() {
        assert_eq!(
            normalize_base_url("https://example.gov.cn/rd/qingxi").as_deref(),
            Some("https://example.gov.cn/rd/qingxi/")
        );
        assert_eq!(normalize_base_url("example.gov.cn"), None);
        assert_eq!(normalize_base_url("ftp://x/"), None);
        let c = config("https://example.gov.cn/rd/qingxi/");
        assert_eq!(c.base_path(), "/rd/qingxi/");
        assert_eq!(c.url_for("news/"), "/rd/qingxi/news/");
        assert_eq!(config("http://127.0.0.1:8000/").base_path(), "/");
        assert_eq!(
            c.permalink_for("news/人大/"),
            "https://example.gov.cn/rd/qingxi/news/%E4%BA%BA%E5%A4%A7/"
        );
    }

    #[test]
    fn unknown_key_in_site_toml_names_its_line() {
        let dir = tempfile::tempdir().expect("tmp");
        std::fs::write(
            dir.path().join("site.toml"),
            "title = \"t\"\nbase_url = \"https://x/\"\ntheem = \"default\"\n",
        )
        .expect("write");
        let found = Config::load_all(dir.path(), None).expect_err("must fail");
        let d = &found[0];
        assert_eq!(d.line, Some(3));
        assert!(
            matches!(*d.msg, Msg::UnknownKey { ref suggestion, .. } if suggestion.as_deref() == Some("theme"))
        );
    }

    #[test]
    fn every_unknown_key_in_site_toml_is_reported_at_its_line() {
        let dir = tempfile::tempdir().expect("tmp");
        std::fs::write(
            dir.path().join("site.toml"),
            "title = \"t\"\nbase_url = \"https://x/\"\ntheem = \"default\"\n[org]\nnmae = \"x\"\n[build]\nmin_yaer = 1990\n",
        )
        .expect("write");
        let found = Config::load_all(dir.path(), None).expect_err("must fail");
        let keys: Vec<(String, Option<usize>)> = found
            .iter()
            .map(|d| match &*d.msg {
                Msg::UnknownKey { key, .. } => (key.clone(), d.line),
                other => (format!("{other:?}"), d.line),
            })
            .collect();
        assert_eq!(
            keys,
            [
                ("theem".to_string(), Some(3)),
                ("nmae".to_string(), Some(5)),
                ("min_yaer".to_string(), Some(7)),
            ]
        );
    }

    #[test]
    fn every_value_problem_is_reported_at_once() {
        let dir = tempfile::tempdir().expect("tmp");
        std::fs::write(
            dir.path().join("site.toml"),
            "title = \"t\"\nbase_url = \"x\"\n[build]\nmin_year = 2100\nmax_year = 1949\npublish_extra = [\"md~\"]\n",
        )
        .expect("write");
        let found = Config::load_all(dir.path(), None).expect_err("must fail");
        let codes: Vec<String> = found.iter().map(|d| d.msg.code()).collect();
        assert_eq!(
            codes,
            [
                "year-range-inverted",
                "base-url-invalid",
                "publish-extra-invalid"
            ]
        );
    }

    #[test]
    fn serial_widths_are_small_numbers() {
        assert_eq!(serial_width("{code}/{year}-{serial:05}"), Ok(5));
        assert_eq!(serial_width("{code}/{year}-{serial:12}"), Ok(12));
        assert_eq!(serial_width("{code}/{year}-{serial}"), Ok(0));
        assert_eq!(serial_width("{code}/{year}"), Ok(0));
        for bad in [
            "{serial:0999999999}",
            "{serial:13}",
            "{serial:00}",
            "{serial:+5}",
            "{serial:}",
            "{serial:5",
        ] {
            assert!(serial_width(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn rating_mins_are_rates() {
        for min in ["nan", "inf", "-inf", "-0.01", "1.01"] {
            let text = format!(
                "title = \"t\"\nbase_url = \"https://x/\"\n[evaluation]\nratings = [\n{{ min = {min}, label = \"x\" }}]\n"
            );
            let d = crate::tomlx::parse::<Config>(&text, Path::new("site.toml"), 1, |d| {
                Msg::ConfigToml { detail: d }
            })
            .expect_err(min);
            assert_eq!(d.line, Some(5), "{min}");
            assert!(
                matches!(*d.msg, Msg::RatingMinInvalid { .. }),
                "{min}: {:?}",
                d.msg
            );
        }
    }

    #[test]
    fn publish_extra_is_normalized_or_an_error_at_its_line() {
        let dir = tempfile::tempdir().expect("tmp");
        let head = "title = \"t\"\nbase_url = \"https://x/\"\n[build]\n";
        std::fs::write(
            dir.path().join("site.toml"),
            format!("{head}publish_extra = [\".KML\", \"dwg\"]\n"),
        )
        .expect("write");
        let c = Config::load_all(dir.path(), None).expect("valid");
        assert_eq!(c.build.publish_extra, ["kml", "dwg"]);
        std::fs::write(
            dir.path().join("site.toml"),
            format!("{head}publish_extra = [\"kml\", \"md~\"]\n"),
        )
        .expect("write");
        let found = Config::load_all(dir.path(), None).expect_err("must fail");
        let d = &found[0];
        assert_eq!(d.line, Some(4));
        assert!(matches!(*d.msg, Msg::PublishExtraInvalid { ref value } if value == "md~"));
        std::fs::write(
            dir.path().join("site.toml"),
            format!("{head}publish_extras = [\"kml\"]\n"),
        )
        .expect("write");
        let found = Config::load_all(dir.path(), None).expect_err("must fail");
        let d = &found[0];
        assert!(
            matches!(*d.msg, Msg::UnknownKey { ref suggestion, .. } if suggestion.as_deref() == Some("publish_extra"))
        );
    }

    // Issue 24, FRAME part.
    /// The diagnostics of a `site.toml` whose `[org]` table holds `org`, in
    /// a folder whose `static/images/ok.png` exists.
    fn org_errors(org: &str) -> Vec<Diagnostic> {
        let dir = tempfile::tempdir().expect("tmp");
        std::fs::create_dir_all(dir.path().join("static/images")).expect("mkdir");
        std::fs::write(dir.path().join("static/images/ok.png"), b"png").expect("write");
        let text = format!("title = \"t\"\nbase_url = \"https://x.gov.cn/\"\n[org]\n{org}");
        std::fs::write(dir.path().join("site.toml"), text).expect("write");
        Config::load_all(dir.path(), None).err().unwrap_or_default()
    }

    #[test]
    fn the_police_record_links_to_the_search_by_its_digits() {
        let org = Org {
            police_record: "京公网安备 11010502030143号".into(),
            ..Org::default()
        };
        assert_eq!(
            org.police_record_url(),
            "https://beian.mps.gov.cn/#/query/webSearch?code=11010502030143"
        );
        assert_eq!(Org::default().police_record_url(), "");
        let found = org_errors("police_record = \"京公网安备号\"\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].line, Some(4));
        assert!(matches!(*found[0].msg, Msg::PoliceRecordNoDigits { .. }));
    }

    #[test]
    fn footer_links_must_be_web_addresses_at_their_line() {
        assert!(org_errors(
            "gov_badge_url = \"https://bszs.conac.cn/sitename?id=1\"\ncorrection_url = \"http://zfwzzc.www.gov.cn/x\"\n"
        )
        .is_empty());
        for (line, bad) in [
            "javascript:alert(1)",
            "zfwzzc.www.gov.cn",
            "https://",
            "https:///x",
            "https://a b",
        ]
        .iter()
        .enumerate()
        {
            let found = org_errors(&format!("phone = \"1\"\ncorrection_url = \"{bad}\"\n"));
            assert_eq!(found.len(), 1, "{bad}: {found:?}");
            assert_eq!(found[0].line, Some(5), "{line}");
            assert!(
                matches!(&*found[0].msg, Msg::FooterUrlInvalid { key, .. } if key == "correction_url")
            );
        }
    }

    #[test]
    fn a_badge_must_be_a_file_in_static() {
        assert!(
            org_errors("police_badge = \"images/ok.png\"\ngov_badge = \"/images/ok.png\"\n")
                .is_empty()
        );
        for bad in [
            "images/missing.png",
            "../site.toml",
            "images",
            "/etc/passwd",
        ] {
            let found = org_errors(&format!("gov_badge = \"{bad}\"\n"));
            assert_eq!(found.len(), 1, "{bad}: {found:?}");
            assert_eq!(found[0].line, Some(4));
            assert!(
                matches!(&*found[0].msg, Msg::FooterBadgeMissing { key, .. } if key == "gov_badge")
            );
        }
    }

    #[test]
    fn defaults_are_filled() {
        let c = config("https://x/");
        assert_eq!(c.language, "zh-Hans");
        assert_eq!(c.evaluation.ratings.len(), 3);
        assert_eq!(c.submissions.public_statuses, ["accepted", "published"]);
        assert!(c.search.enabled);
    }
}
