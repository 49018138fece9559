//! `gongkai import`: turns the office's Word documents (.docx) into draft
//! folder pages, `content/<section>/<date>-<pinyin of the title>/index.md`
//! with the document's images beside it.
//!
//! One file at a time: [`docx`] reads it, [`markdown`] finds the title,
//! the 落款 date, author and source and writes the body, and this module
//! fills the kind's archetype around it (the next 索引号, the kind's table
//! left as the archetype's placeholders where the document does not say
//! reliably), writes the page in a new folder (never over a file), and
//! scans what it wrote for personal data at once.
//!
//! Old formats (.doc, .wps), encrypted and broken files are refused with a
//! message that names the file and says what to do; the other files of the
//! same run are imported all the same.
//!
//! Left to others: printing (the CLI), building and checking the page.

mod docx;
mod markdown;
mod styles;
mod xml;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::kind::Kind;
use crate::messages::{ImportDateFrom, Msg};
use crate::scaffold;
use chrono::{Datelike, NaiveDate};
use std::path::{Path, PathBuf};

/// What to import, and where.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub root: PathBuf,
    /// .docx files, or folders whose .docx files are all imported.
    pub inputs: Vec<PathBuf>,
    pub kind: Option<String>,
    /// A section folder under `content/`; else the kind's section.
    pub section: Option<String>,
    pub today: NaiveDate,
}

/// One document imported.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The .docx, as given.
    pub source: PathBuf,
    /// The page written, relative to the root.
    pub path: PathBuf,
    pub date: NaiveDate,
    pub date_from: ImportDateFrom,
}

/// What a run did: the pages written, and every problem (files refused are
/// errors; personal data found in a written page is a warning at its line).
#[derive(Debug, Default)]
pub struct ImportReport {
    pub imported: Vec<Imported>,
    pub problems: Diagnostics,
}

/// Where the pages go and as what.
struct Target {
    kind: Kind,
    section: String,
    /// The kind differs from the section's `page_kind`: written as `kind = …`.
    own_kind: bool,
}

/// Imports every file; stops early only when the site itself cannot be
/// read (no `site.toml`, an unknown kind or section).
pub fn import(options: &ImportOptions) -> Result<ImportReport, Diagnostics> {
    let root = &options.root;
    let kind = match &options.kind {
        Some(k) => Some(
            Kind::parse(k)
                .ok_or_else(|| Diagnostic::error(Msg::UnknownKind { value: k.clone() }))?,
        ),
        None => None,
    };
    let config = Config::load_all(root, None).map_err(Diagnostics::from)?;
    let content = root.join("content");
    let target = match &options.section {
        Some(section) => {
            let page_kind = scaffold::page_kind_of(&content.join(section)).ok_or_else(|| {
                Diagnostic::error(Msg::ImportNoSection {
                    section: section.clone(),
                })
            })?;
            let section_kind = Kind::parse(&page_kind).unwrap_or(Kind::Article);
            let kind = kind.unwrap_or(section_kind);
            Target {
                kind,
                section: section.clone(),
                own_kind: kind != section_kind,
            }
        }
        None => {
            let kind = kind.unwrap_or(Kind::Article);
            Target {
                kind,
                section: scaffold::section_of(&content, kind),
                own_kind: false,
            }
        }
    };
    let mut report = ImportReport::default();
    for file in files(&options.inputs, &mut report.problems) {
        match import_one(&file, root, &config, &target, options.today) {
            Ok((imported, warnings)) => {
                report.imported.push(imported);
                report.problems.extend(warnings);
            }
            Err(d) => report.problems.push(d),
        }
    }
    Ok(report)
}

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

/// The files to import: each file given, and in each folder given its .docx
/// files (and its .doc and .wps, to be told to save them as .docx), by
/// name; Word's lock files (`~$…`) and hidden files left out.
fn files(inputs: &[PathBuf], problems: &mut Diagnostics) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for input in inputs {
        if !input.is_dir() {
            out.push(input.clone());
            continue;
        }
        let mut found: Vec<PathBuf> = std::fs::read_dir(input)
            .map(|d| d.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        found.retain(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default();
            p.is_file()
                && !name.starts_with("~$")
                && !name.starts_with('.')
                && matches!(extension(p).as_str(), "docx" | "doc" | "wps")
        });
        found.sort();
        if found.is_empty() {
            problems.push(Diagnostic::error(Msg::ImportNoFiles).at(input, None));
        }
        out.extend(found);
    }
    out
}

/// Reads, writes and scans one document.
fn import_one(
    file: &Path,
    root: &Path,
    config: &Config,
    target: &Target,
    today: NaiveDate,
) -> Result<(Imported, Vec<Diagnostic>), Diagnostic> {
    let refuse = |msg: Msg| Diagnostic::error(msg).at(file, None);
    let bytes = std::fs::read(file).map_err(|e| {
        refuse(Msg::ReadFailed {
            detail: e.to_string(),
        })
    })?;
    let doc = docx::read(&bytes).map_err(|e| match e {
        docx::ReadError::OldFormat => refuse(Msg::ImportOldFormat),
        docx::ReadError::Encrypted => refuse(Msg::ImportEncrypted),
        docx::ReadError::NotZip if extension(file) == "docx" => {
            refuse(Msg::ImportBroken { part: None })
        }
        docx::ReadError::NotZip => refuse(Msg::ImportNotDocx),
        docx::ReadError::BrokenPart(part) => refuse(Msg::ImportBroken { part: Some(part) }),
    })?;
    let page = markdown::page(&doc);
    let title = page.title.clone().unwrap_or_else(|| {
        let stem = file
            .file_stem()
            .map(|s| s.to_string_lossy())
            .unwrap_or_default();
        markdown::tidy(&stem)
    });
    let (date, date_from) = match (&page.signed, doc.modified.or(doc.created)) {
        (Some((d, _)), _) => (*d, ImportDateFrom::Signature),
        (None, Some(d)) => (d, ImportDateFrom::Properties),
        (None, None) => (today, ImportDateFrom::Today),
    };
    let content = root.join("content");
    let index_no = scaffold::next_index_no(&content, config, date);
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let text = front_matter(&FrontMatter {
        root,
        target,
        title: &title,
        date,
        date_from,
        page: &page,
        index_no: &index_no,
        file_name: &name,
    }) + &page.body;
    let folder = content.join(&target.section);
    std::fs::create_dir_all(&folder).map_err(|e| scaffold::write_failed(&folder, e))?;
    let stem = scaffold::file_stem(Some(&title), target.kind, date);
    let path = scaffold::free_bundle(&folder, &stem)?;
    write_new(&path, text.as_bytes())?;
    if let Some(dir) = path.parent() {
        for m in &doc.media {
            write_new(&dir.join(&m.file), &m.bytes)?;
        }
    }
    let shown = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
    let warnings = crate::privacy::scan(&text, &config.privacy.allow)
        .into_iter()
        .map(|f| {
            let line = crate::diagnostics::line_of_offset(&text, f.start);
            Diagnostic::warning(Msg::PersonalData {
                kind_zh: f.kind.label_zh().into(),
                kind_en: f.kind.label_en().into(),
                masked: f.masked.clone(),
            })
            .at(&shown, Some(line))
        })
        .collect();
    Ok((
        Imported {
            source: file.to_path_buf(),
            path: shown,
            date,
            date_from,
        },
        warnings,
    ))
}

/// Writes a file that must not exist yet.
fn write_new(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| scaffold::write_failed(path, e))?;
    std::io::Write::write_all(&mut f, bytes).map_err(|e| scaffold::write_failed(path, e))
}

struct FrontMatter<'a> {
    root: &'a Path,
    target: &'a Target,
    title: &'a str,
    date: NaiveDate,
    date_from: ImportDateFrom,
    page: &'a markdown::Page,
    index_no: &'a str,
    file_name: &'a str,
}

/// Text for one comment line: control characters (a line break in a file
/// name would end the comment and start TOML) made spaces.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Appends comment lines to the comments above a key.
fn add_comment(doc: &mut toml_edit::DocumentMut, key: &str, lines: &str) {
    if let Some(mut k) = doc.key_mut(key) {
        let before = k
            .leaf_decor()
            .prefix()
            .and_then(|p| p.as_str())
            .unwrap_or("")
            .to_string();
        k.leaf_decor_mut().set_prefix(format!("{before}{lines}"));
    }
}

/// The kind's archetype (the site's own first) filled in, with what the
/// document says: title, date (and where it came from), author, source,
/// and what the kind's table can take from the title.
fn front_matter(f: &FrontMatter<'_>) -> String {
    use toml_edit::value;
    let kind = f.target.kind;
    let archetype = scaffold::archetype(f.root, &scaffold::archetype_name(kind, Some(f.title)));
    let filled = scaffold::fill(&archetype, f.title, f.date, f.index_no);
    let front = filled.strip_prefix("+++\n").and_then(|rest| {
        rest.split_once("\n+++")
            .map(|(front, _)| format!("{front}\n"))
    });
    let mut doc: toml_edit::DocumentMut = match front.and_then(|t| t.parse().ok()) {
        Some(doc) => doc,
        None => toml_edit::DocumentMut::new(),
    };
    doc["title"] = value(f.title);
    doc["date"] = value(toml_edit::Datetime {
        date: Some(toml_edit::Date {
            year: u16::try_from(f.date.year()).unwrap_or(2000),
            month: u8::try_from(f.date.month()).unwrap_or(1),
            day: u8::try_from(f.date.day()).unwrap_or(1),
        }),
        time: None,
        offset: None,
    });
    doc["draft"] = value(true);
    add_comment(
        &mut doc,
        "title",
        &format!(
            "# 由 gongkai import 从「{}」导入：请对照原文核对正文。\n",
            one_line(f.file_name)
        ),
    );
    let said = match (f.date_from, &f.page.signed) {
        (ImportDateFrom::Signature, Some((_, text))) => {
            format!("# 导入时取自文末落款「{}」。\n", one_line(text))
        }
        (ImportDateFrom::Properties, _) => {
            "# 文末没有落款日期：导入时取自文档属性（最后保存的日期），请核对。\n".to_string()
        }
        _ => "# 文档里没有找到日期：导入时先写了导入那天，请改成实际的日期。\n".to_string(),
    };
    add_comment(&mut doc, "date", &said);
    if let Some(author) = &f.page.author {
        doc["author"] = value(author.as_str());
    }
    if let Some(source) = &f.page.source {
        doc["source"] = value(source.as_str());
    }
    if f.target.own_kind {
        doc["kind"] = value(kind.as_str());
    }
    prefill(&mut doc, kind, f.title);
    format!("+++\n{doc}+++\n\n")
}

/// What the title says reliably about the kind's table.
fn prefill(doc: &mut toml_edit::DocumentMut, kind: Kind, title: &str) {
    use toml_edit::value;
    match kind {
        Kind::Inspection => {
            if let Some(table) = doc
                .get_mut("inspection")
                .and_then(|t| t.as_table_like_mut())
            {
                for kind in ["执法检查", "调研"] {
                    if title.contains(kind) {
                        table.insert("type", value(kind));
                        break;
                    }
                }
            }
        }
        Kind::Report => {
            if let Some(table) = doc.get_mut("report").and_then(|t| t.as_table_like_mut()) {
                let kind = if title.contains("半年") {
                    Some("半年小结")
                } else if title.contains("总结") {
                    Some("年终总结")
                } else if title.contains("计划") || title.contains("要点") {
                    Some("年度工作计划")
                } else {
                    None
                };
                if let Some(kind) = kind {
                    table.insert("type", value(kind));
                }
                if let Some(year) = year_in(title) {
                    table.insert("year", value(i64::from(year)));
                }
            }
        }
        _ => {}
    }
}

/// A year written in a title (`2025年工作总结`).
fn year_in(title: &str) -> Option<i32> {
    let chars: Vec<char> = title.chars().collect();
    chars.windows(5).find_map(|w| {
        let digits: String = w[..4].iter().collect();
        (w[4] == '年' && digits.chars().all(|c| c.is_ascii_digit()))
            .then(|| digits.parse().ok())
            .flatten()
            .filter(|y: &i32| (1950..=2100).contains(y))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_name_cannot_end_the_comment() {
        let page = markdown::Page::default();
        let target = Target {
            kind: Kind::Article,
            section: "news".into(),
            own_kind: false,
        };
        let date = NaiveDate::from_ymd_opt(2026, 11, 28).expect("date");
        let text = front_matter(&FrontMatter {
            root: Path::new("/nonexistent"),
            target: &target,
            title: "标题",
            date,
            date_from: ImportDateFrom::Today,
            page: &page,
            index_no: "X/2026-00001",
            file_name: "a\ndraft = false\r.docx",
        });
        let front = text
            .trim_start_matches("+++\n")
            .split("+++")
            .next()
            .unwrap_or("");
        let table: toml::Table = toml::from_str(front).expect("still TOML");
        assert_eq!(
            table.get("draft").and_then(toml::Value::as_bool),
            Some(true)
        );
    }

    #[test]
    fn a_year_in_the_title() {
        assert_eq!(year_in("清溪镇人大主席团2025年工作总结"), Some(2025));
        assert_eq!(year_in("工作总结"), None);
        assert_eq!(year_in("第12345年"), None);
    }
}
