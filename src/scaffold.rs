//! `gongkai init` and `gongkai new`: starting a site, and starting each
//! document from a template (an archetype), often from last year's document.
//!
//! `init` copies the built-in example site (`scaffold/`). `new` picks the
//! section of the kind, fills the archetype (the site's `archetypes/KIND.md`
//! over the built-in one), numbers the 索引号 after every number already in
//! the site, and never overwrites a file. An evaluation, and a copy of a
//! folder page, is written as a folder page (`<stem>/index.md`, in a new
//! folder) so its attachments can sit beside it; a copy never takes the
//! source's attachments. Building is `build`'s business.

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::kind::Kind;
use crate::messages::Msg;
use chrono::{Datelike, NaiveDate};
use include_dir::{include_dir, Dir};
use std::path::{Path, PathBuf};

static SCAFFOLD: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/scaffold");
static ARCHETYPES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/archetypes");

pub(crate) fn write_failed(path: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(Msg::WriteFailed {
        path: path.to_string_lossy().into_owned(),
        detail: e.to_string(),
    })
}

/// Creates a working site in `dir`, which must be empty or not exist.
pub fn init(dir: &Path) -> Result<usize, Diagnostic> {
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty {
            return Err(Diagnostic::error(Msg::InitNotEmpty {
                path: dir.to_string_lossy().into_owned(),
            }));
        }
    }
    let count = write_dir(&SCAFFOLD, dir)?;
    let guide = dir.join("content/reports/xinxi-gongkai-zhinan.md");
    std::fs::write(&guide, example_guide()).map_err(|e| write_failed(&guide, e))?;
    Ok(count + 1)
}

fn write_dir(dir: &Dir<'_>, to: &Path) -> Result<usize, Diagnostic> {
    let mut count = 0;
    for file in dir.files() {
        let path = to.join(file.path());
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| write_failed(parent, e))?;
        }
        std::fs::write(&path, file.contents()).map_err(|e| write_failed(&path, e))?;
        count += 1;
    }
    for sub in dir.dirs() {
        count += write_dir(sub, to)?;
    }
    Ok(count)
}

/// Where a new document comes from.
#[derive(Debug, Clone)]
pub enum Source {
    /// The kind's archetype.
    Archetype,
    /// A copy of this file (relative to the site root or absolute).
    File(PathBuf),
    /// A copy of the newest document of the kind.
    Last,
}

#[derive(Debug, Clone)]
pub struct NewOptions {
    pub root: PathBuf,
    pub kind: String,
    pub title: Option<String>,
    pub source: Source,
    pub today: NaiveDate,
}

/// Creates a document; returns its path relative to the root. Every
/// problem of `site.toml` is reported at once, as `build` does.
pub fn new_document(options: &NewOptions) -> Result<PathBuf, Diagnostics> {
    let root = &options.root;
    let kind = Kind::parse(&options.kind).ok_or_else(|| {
        Diagnostic::error(Msg::UnknownKind {
            value: options.kind.clone(),
        })
    })?;
    let config = Config::load_all(root, None).map_err(Diagnostics::from)?;
    let content = root.join("content");
    let section = section_of(&content, kind);
    let index_no = next_index_no(&content, &config, options.today);
    let title = options.title.clone();
    // A folder page (`<stem>/index.md`) can hold attachments beside it: an
    // evaluation always (述职报告), and a copy of a folder page stays one.
    let mut bundle = crate::content::kinds::spec(kind).bundle();
    let text = match &options.source {
        Source::Archetype => {
            let archetype = archetype(root, &archetype_name(kind, title.as_deref()));
            fill(
                &archetype,
                title.as_deref().unwrap_or("（请填写标题）"),
                options.today,
                &index_no,
            )
        }
        Source::File(path) => {
            let path = if path.is_absolute() {
                path.clone()
            } else {
                root.join(path)
            };
            let shown = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
            let text = crate::content::read_text(&path, &shown)?;
            bundle |= is_bundle(&path);
            reuse(&text, &shown, title.as_deref(), options.today, &index_no)?
        }
        Source::Last => {
            let path = newest_of(&content, kind, &section).ok_or_else(|| {
                Diagnostic::error(Msg::NothingToCopy {
                    kind: kind.as_str().to_string(),
                })
            })?;
            let shown = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
            let text = crate::content::read_text(&path, &shown)?;
            bundle |= is_bundle(&path);
            reuse(&text, &shown, title.as_deref(), options.today, &index_no)?
        }
    };
    let folder = content.join(&section);
    std::fs::create_dir_all(&folder).map_err(|e| write_failed(&folder, e))?;
    let stem = file_stem(title.as_deref(), kind, options.today);
    let path = if bundle {
        free_bundle(&folder, &stem)?
    } else {
        free_path(&folder, &stem)
    };
    // create_new: never overwrite, even if a file appeared since `free_path` looked.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| write_failed(&path, e))?;
    std::io::Write::write_all(&mut file, text.as_bytes()).map_err(|e| write_failed(&path, e))?;
    Ok(path.strip_prefix(root).unwrap_or(&path).to_path_buf())
}

/// The section folder (under `content/`) whose `page_kind` is `kind`, else the usual name.
pub(crate) fn section_of(content: &Path, kind: Kind) -> String {
    let mut found = None;
    if let Ok(entries) = std::fs::read_dir(content) {
        let mut dirs: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        dirs.sort();
        for dir in dirs {
            let Some(page_kind) = page_kind_of(&dir) else {
                continue;
            };
            if page_kind == kind.as_str() {
                found = dir.file_name().map(|n| n.to_string_lossy().into_owned());
                break;
            }
        }
    }
    found.unwrap_or_else(|| crate::content::kinds::spec(kind).folder().to_string())
}

/// The `page_kind` of a section folder (`article` when its `_index.md`
/// does not say), or None when the folder has no `_index.md`.
pub(crate) fn page_kind_of(dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(dir.join("_index.md")).ok()?;
    let page_kind = text
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once('=')?;
            (k.trim() == "page_kind").then(|| v.trim().trim_matches('"').to_string())
        })
        .unwrap_or_else(|| "article".into());
    Some(page_kind)
}

/// The 政府信息公开工作年度报告's archetype: `new report` picks it when the
/// title names one (`…信息公开…年度报告`), with the national template's
/// section headings (issue 24, NOTICE part).
const ANNUAL_REPORT_ARCHETYPE: &str = "report-gongkai-nianbao.md";

/// The 信息公开指南's archetype: its five usual sections, each a
/// `（请……）` placeholder the publish guard names until it is edited.
/// `new report "…信息公开指南"` takes it, and `init` writes the example
/// site's guide from it, published, so there is one text of it.
const GUIDE_ARCHETYPE: &str = "report-gongkai-zhinan.md";

/// The archetype's file name for `kind` (`inspection.md`), or the annual
/// report's or the guide's for a report whose title says it is one.
pub(crate) fn archetype_name(kind: Kind, title: Option<&str>) -> String {
    let title = title.unwrap_or("");
    if kind == Kind::Report && title.contains("信息公开") {
        if title.contains("年度报告") {
            return ANNUAL_REPORT_ARCHETYPE.to_string();
        }
        if title.contains("指南") {
            return GUIDE_ARCHETYPE.to_string();
        }
    }
    format!("{}.md", kind.as_str())
}

/// The example site's 信息公开指南, from its archetype: published, its
/// placeholders left for the office (the guard names each until edited).
fn example_guide() -> String {
    let date = NaiveDate::from_ymd_opt(2026, 1, 15).unwrap_or_default();
    let text = fill(
        &builtin_archetype(GUIDE_ARCHETYPE).unwrap_or_default(),
        "示例镇人大主席团信息公开指南",
        date,
        "11000000EX0000000A/2026-00006",
    );
    text.replacen("draft = true", "draft = false", 1)
}

/// A built-in archetype.
fn builtin_archetype(name: &str) -> Option<String> {
    ARCHETYPES
        .get_file(name)
        .and_then(|f| f.contents_utf8())
        .map(str::to_string)
}

pub(crate) fn archetype(root: &Path, name: &str) -> String {
    std::fs::read_to_string(root.join("archetypes").join(name))
        .ok()
        .or_else(|| builtin_archetype(name))
        .unwrap_or_else(|| {
            "+++\ntitle = \"{{title}}\"\ndate = {{date}}\ndraft = true\n[disclosure]\nindex_no = \"{{index_no}}\"\n+++\n".to_string()
        })
}

/// Escapes text for a TOML basic string.
fn toml_str(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

pub(crate) fn fill(archetype: &str, title: &str, today: NaiveDate, index_no: &str) -> String {
    archetype
        .replace("{{title}}", &toml_str(title))
        .replace("{{date}}", &today.format("%Y-%m-%d").to_string())
        .replace("{{year}}", &today.year().to_string())
        .replace("{{last_year}}", &(today.year() - 1).to_string())
        .replace("{{index_no}}", &toml_str(index_no))
}

/// Every 索引号 written in the site's Markdown files, read leniently so a
/// broken file elsewhere does not stop numbering.
fn index_numbers(content: &Path) -> Vec<String> {
    walkdir::WalkDir::new(content)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .flat_map(|text| {
            text.lines()
                .filter_map(|l| {
                    let (k, v) = l.split_once('=')?;
                    (k.trim() == "index_no").then(|| v.trim().trim_matches(['"', '\'']).to_string())
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The next 索引号 of this year in `[disclosure] index_format`: one more than
/// the largest serial already used with the same prefix and suffix.
pub fn next_index_no(content: &Path, config: &Config, today: NaiveDate) -> String {
    next_in(
        &config.disclosure.index_format,
        &config.org.code,
        today.year(),
        &index_numbers(content),
    )
}

/// The start every 索引号 must have under `format` for the office `code`:
/// the format's text up to and including `{code}`, filled in. None when the
/// format has no `{code}`, or another placeholder comes before it (then the
/// start varies and nothing can be said).
pub(crate) fn index_code_prefix(format: &str, code: &str) -> Option<String> {
    let at = format.find("{code}")?;
    let before = &format[..at];
    (!before.contains('{')).then(|| format!("{before}{code}"))
}

fn next_in(format: &str, code: &str, year: i32, existing: &[String]) -> String {
    let filled = format
        .replace("{code}", code)
        .replace("{year}", &year.to_string());
    let Some(start) = filled.find("{serial") else {
        return filled;
    };
    let end = filled[start..]
        .find('}')
        .map_or(filled.len(), |i| start + i + 1);
    // `site.toml` was checked at load; the clamp keeps a format from elsewhere
    // (or a future caller) from asking `format!` for a huge padding.
    let width = crate::config::serial_width(&filled[start..end])
        .unwrap_or(0)
        .min(crate::config::MAX_SERIAL_WIDTH);
    let (prefix, suffix) = (&filled[..start], &filled[end..]);
    let largest = existing
        .iter()
        .filter_map(|n| {
            n.strip_prefix(prefix)?
                .strip_suffix(suffix)?
                .parse::<u64>()
                .ok()
        })
        .max()
        .unwrap_or(0);
    format!("{prefix}{:0width$}{suffix}", largest.saturating_add(1))
}

/// A file name from the date and the title's pinyin (never Chinese characters).
pub(crate) fn file_stem(title: Option<&str>, kind: Kind, today: NaiveDate) -> String {
    let words = title
        .map(|t| {
            let short: String = t.chars().take(10).collect();
            crate::slug::pinyin(&short)
        })
        .filter(|s| s != "item")
        .unwrap_or_else(|| kind.as_str().to_string());
    format!("{}-{words}", today.format("%Y-%m-%d"))
}

/// `<stem>.md`, or `<stem>-2.md` … when the name is taken by a file or a
/// folder page (both would be published at one URL).
fn free_path(folder: &Path, stem: &str) -> PathBuf {
    let mut name = stem.to_string();
    let mut n = 1;
    while folder.join(format!("{name}.md")).exists() || folder.join(&name).exists() {
        n += 1;
        name = format!("{stem}-{n}");
    }
    folder.join(format!("{name}.md"))
}

/// A folder page: `…/index.md`, whose folder holds its attachments.
fn is_bundle(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == "index.md")
}

/// `<stem>/index.md` in a folder made for it now (`<stem>-2/` … when the
/// name is taken by a folder or a single-file page): a new folder, so no
/// attachment of another page is ever beside the new one.
pub(crate) fn free_bundle(folder: &Path, stem: &str) -> Result<PathBuf, Diagnostic> {
    let mut n = 1;
    loop {
        let name = if n == 1 {
            stem.to_string()
        } else {
            format!("{stem}-{n}")
        };
        let dir = folder.join(&name);
        n += 1;
        if folder.join(format!("{name}.md")).exists() {
            continue;
        }
        // create_dir fails on an existing folder: never share one.
        match std::fs::create_dir(&dir) {
            Ok(()) => return Ok(dir.join("index.md")),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(write_failed(&dir, e)),
        }
    }
}

/// The newest document of the kind in its section, by its `date`.
fn newest_of(content: &Path, kind: Kind, section: &str) -> Option<PathBuf> {
    walkdir::WalkDir::new(content.join(section))
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md") && e.file_name() != "_index.md")
        .filter_map(|e| {
            let text = std::fs::read_to_string(e.path()).ok()?;
            let split = crate::content::front_matter::split(&text, e.path()).ok()?;
            let table: toml::Table = toml::from_str(split.front).ok()?;
            let own_kind = table.get("kind").and_then(|k| k.as_str());
            if own_kind.is_some_and(|k| k != kind.as_str()) {
                return None;
            }
            let date = table
                .get("date")
                .and_then(crate::content::front_matter::parse_date)?;
            Some((date, e.into_path()))
        })
        .max()
        .map(|(_, p)| p)
}

/// Last year's document made into this year's draft: title (if given) and
/// dates, a new 索引号, each kind table reset by its kind
/// (`KindSpec::reset_copy`), comments kept. Attachments are not copied.
fn reuse(
    text: &str,
    shown: &Path,
    title: Option<&str>,
    today: NaiveDate,
    index_no: &str,
) -> Result<String, Diagnostic> {
    use toml_edit::{value, DocumentMut};
    let split = crate::content::front_matter::split(text, shown)?;
    let mut doc: DocumentMut = split.front.parse().map_err(|e: toml_edit::TomlError| {
        let line = e.span().map(|s| {
            split.front_line + crate::diagnostics::line_of_offset(split.front, s.start) - 1
        });
        Diagnostic::error(Msg::FrontMatterToml {
            detail: e.message().to_string(),
        })
        .at(shown, line)
    })?;
    let date = crate::content::kinds::toml_date(today);
    if let Some(t) = title {
        doc["title"] = value(t);
    }
    doc["date"] = value(date);
    doc["draft"] = value(true);
    doc.remove("updated");
    doc.remove("slug");
    // Recorded so that `check` can tell a copy left unchanged (see `placeholder`).
    doc["from"] = value(shown.to_string_lossy().replace('\\', "/"));
    if let Some(mut key) = doc.key_mut("from") {
        key.leaf_decor_mut().set_prefix(
            "# 复制自这个文件（gongkai new --from 自动填写，正文改写前 check 会提醒）。\n",
        );
    }
    if doc.get("disclosure").is_some() {
        doc["disclosure"]["index_no"] = value(index_no);
    }
    crate::content::kinds::reset_copy(&mut doc, today);
    Ok(format!("+++\n{}+++\n{}", doc, split.body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_prefix_is_the_format_up_to_the_code() {
        let code = "11000000MB0000000X";
        assert_eq!(
            index_code_prefix("{code}/{year}-{serial:05}", code).as_deref(),
            Some(code)
        );
        assert_eq!(
            index_code_prefix("RD-{code}-{serial}", code).as_deref(),
            Some("RD-11000000MB0000000X")
        );
        assert_eq!(index_code_prefix("{year}/{code}-{serial}", code), None);
        assert_eq!(index_code_prefix("{year}-{serial}", code), None);
    }

    #[test]
    fn next_serial_follows_the_largest_of_the_year() {
        let existing = vec![
            "X/2026-00003".to_string(),
            "X/2026-00012".to_string(),
            "X/2025-00099".to_string(),
            "Y/2026-00500".to_string(),
        ];
        assert_eq!(
            next_in("{code}/{year}-{serial:05}", "X", 2026, &existing),
            "X/2026-00013"
        );
        assert_eq!(
            next_in("{code}/{year}-{serial:05}", "X", 2027, &existing),
            "X/2027-00001"
        );
        assert_eq!(
            next_in(
                "{code}-{year}-{serial:06}",
                "01527918X",
                2020,
                &["01527918X-2020-153076".into()]
            ),
            "01527918X-2020-153077"
        );
    }

    proptest::proptest! {
        /// Whatever the format (site.toml is checked at load, but not every
        /// format comes from there), `next_in` stays small and never panics.
        #[test]
        fn next_in_never_pads_beyond_twelve(
            width in "[0-9+:x]{0,14}",
            largest in proptest::num::u64::ANY,
        ) {
            let format = format!("{{code}}/{{year}}-{{serial:{width}}}");
            let existing = [format!("C/2026-{largest}")];
            let next = next_in(&format, "C", 2026, &existing);
            proptest::prop_assert!(next.len() <= "C/2026-".len() + 20, "{}", next);
        }
    }

    #[test]
    fn reuse_makes_a_draft_of_today_and_keeps_comments_and_body() {
        // What each kind table resets is tested in its kind's module.
        let text = "+++\n# 标题\ntitle = \"2025年工作要点\"\ndate = 2025-11-25\nupdated = 2026-06-30\nslug = \"yaodian\"\n[disclosure]\nindex_no = \"X/2025-00012\"\n[report]\ntype = \"年度工作计划\"\nyear = 2025\n+++\n正文保留。\n";
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).expect("date");
        let out = reuse(
            text,
            Path::new("a.md"),
            Some("2026年工作要点"),
            today,
            "X/2026-00001",
        )
        .expect("reuse");
        assert!(out.contains("# 标题"), "comments kept: {out}");
        assert!(out.contains("title = \"2026年工作要点\""), "{out}");
        assert!(out.contains("date = 2026-11-29"), "{out}");
        assert!(out.contains("draft = true"), "{out}");
        assert!(!out.contains("updated") && !out.contains("slug"), "{out}");
        assert!(out.contains("index_no = \"X/2026-00001\""), "{out}");
        assert!(out.contains("from = \"a.md\""), "{out}");
        assert!(out.contains("year = 2026"), "the kind's table reset: {out}");
        assert!(out.ends_with("正文保留。\n"), "{out}");
    }

    #[test]
    fn every_built_in_archetype_starts_as_a_draft() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).expect("date");
        for kind in Kind::ALL {
            let name = format!("{}.md", kind.as_str());
            let text = ARCHETYPES
                .get_file(&name)
                .and_then(|f| f.contents_utf8())
                .unwrap_or_else(|| panic!("no built-in {name}"));
            let text = fill(text, "标题", today, "X/2026-00001");
            let split =
                crate::content::front_matter::split(&text, Path::new(&name)).expect("split");
            let table: toml::Table = toml::from_str(split.front).expect(&name);
            assert_eq!(
                table.get("draft").and_then(toml::Value::as_bool),
                Some(true),
                "{name}"
            );
        }
    }

    /// Every built-in archetype (the annual report's too) with the
    /// `[disclosure]` block offers 公开方式 and 效力状态, commented, with
    /// their values; uncommented, they are what the block accepts.
    #[test]
    fn archetypes_offer_method_and_validity_commented() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).expect("date");
        for file in ARCHETYPES.files() {
            let name = file.path().to_string_lossy().into_owned();
            let text = file.contents_utf8().expect("utf-8");
            if !text.contains("[disclosure]") {
                continue;
            }
            for line in ["# method = \"主动公开\"", "# validity = \"有效\""] {
                assert!(text.contains(line), "{name}: {line}");
            }
            assert!(text.contains("已修改") && text.contains("已废止"), "{name}");
            let text = fill(text, "标题", today, "X/2026-00001")
                .replace("# method = ", "method = ")
                .replace("# validity = ", "validity = ");
            let split =
                crate::content::front_matter::split(&text, Path::new(&name)).expect("split");
            let front: crate::content::front_matter::PageFrontMatter =
                toml::from_str(split.front).unwrap_or_else(|e| panic!("{name}: {e}"));
            let d = front.disclosure.expect("disclosure");
            assert_eq!((d.method(), d.validity()), ("主动公开", "有效"), "{name}");
        }
    }

    #[test]
    fn an_annual_disclosure_report_gets_the_national_headings() {
        assert_eq!(
            archetype_name(
                Kind::Report,
                Some("清溪镇人大主席团2025年政府信息公开工作年度报告")
            ),
            ANNUAL_REPORT_ARCHETYPE
        );
        assert_eq!(
            archetype_name(Kind::Report, Some("2026年工作计划")),
            "report.md"
        );
        assert_eq!(archetype_name(Kind::Report, None), "report.md");
        assert_eq!(
            archetype_name(Kind::Article, Some("信息公开年度报告发布")),
            "article.md"
        );
        let today = NaiveDate::from_ymd_opt(2026, 1, 20).expect("date");
        let text = fill(
            &archetype(Path::new("/nonexistent"), ANNUAL_REPORT_ARCHETYPE),
            "2025年政府信息公开工作年度报告",
            today,
            "X/2026-00001",
        );
        assert!(text.contains("type = \"信息公开年度报告\"\n"), "{text}");
        assert!(text.contains("year = 2025\n"), "last year's report: {text}");
        let headings: Vec<&str> = text.lines().filter(|l| l.starts_with("## ")).collect();
        assert_eq!(
            headings,
            [
                "## 一、总体情况",
                "## 二、主动公开政府信息情况",
                "## 三、收到和处理政府信息公开申请情况",
                "## 四、政府信息公开行政复议、行政诉讼情况",
                "## 五、存在的主要问题及改进情况",
                "## 六、其他需要报告的事项",
            ]
        );
    }

    #[test]
    fn file_names_are_pinyin_never_chinese() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).expect("date");
        assert_eq!(
            file_stem(Some("镇人大视察卫生院"), Kind::Inspection, today),
            "2026-11-29-zhen-ren-da-shi-cha-wei-sheng-yuan"
        );
        assert_eq!(file_stem(None, Kind::Report, today), "2026-11-29-report");
    }
}
