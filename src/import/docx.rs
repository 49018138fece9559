//! Reads a .docx (WordprocessingML in a zip) into a small document model:
//! paragraphs with their role (title, heading, list item, body), runs of
//! text with bold, italic and underline, links, images, note references,
//! tables with their merged cells, text boxes, and the notes themselves.
//!
//! Only what a reader of the document sees is read: tracked deletions,
//! comments, hidden text, field instructions and the fallback copies of
//! drawings are skipped, and of the document properties only the title and
//! the dates are read. Old binary files (.doc, .wps) and encrypted files
//! (an OLE container either way) are told apart from broken zips.
//!
//! Left to others: what becomes Markdown (`markdown`), where files go (`mod`).

use super::xml::{self, Element, Node};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::io::{Read, Seek};

/// The largest XML part read (a 300-page report is a few MB).
const MAX_PART: u64 = 64 << 20;
/// The largest image extracted.
const MAX_MEDIA: u64 = 64 << 20;

/// Why a file could not be read.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum ReadError {
    /// An OLE compound file that is not encrypted: Word 97–2003 or WPS.
    OldFormat,
    /// An Office-encrypted document (an OLE container with an EncryptedPackage).
    Encrypted,
    /// Not a zip at all.
    NotZip,
    /// A zip whose part (named) is missing or broken.
    BrokenPart(String),
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Format {
    pub bold: bool,
    pub italic: bool,
    pub underline: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Inline {
    Text(String, Format),
    Link(String, Vec<Inline>),
    Image { file: String, alt: String },
    NoteRef(String),
    Break,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Body,
    Title,
    Heading(u8),
    List {
        level: u8,
        ordered: bool,
        start: u32,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Para {
    pub role: Role,
    pub centred: bool,
    pub right: bool,
    /// Word's own numbering shown before the text when Markdown has no list
    /// for it (`一、`, `（一）`, `第1条`).
    pub number: Option<String>,
    pub inlines: Vec<Inline>,
}

impl Para {
    /// The plain text, numbering included.
    pub fn text(&self) -> String {
        let mut out = self.number.clone().unwrap_or_default();
        plain(&self.inlines, &mut out);
        out
    }
}

/// The plain text of inlines (images and notes left out, breaks as newlines).
pub(crate) fn plain(inlines: &[Inline], out: &mut String) {
    for i in inlines {
        match i {
            Inline::Text(t, _) => out.push_str(t),
            Inline::Link(_, inner) => plain(inner, out),
            Inline::Break => out.push('\n'),
            Inline::Image { .. } | Inline::NoteRef(_) => {}
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Merge {
    None,
    Start,
    Continue,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Cell {
    pub paras: Vec<Para>,
    pub colspan: usize,
    pub merge: Merge,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row {
    pub header: bool,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Block {
    Para(Para),
    Table(Vec<Row>),
    /// The text of a text box or shape, in order, after the paragraph that anchors it.
    TextBox(Vec<Block>),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Note {
    pub label: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Media {
    pub file: String,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Default)]
pub(crate) struct Docx {
    pub blocks: Vec<Block>,
    pub notes: Vec<Note>,
    pub media: Vec<Media>,
    /// The Title document property.
    pub title: Option<String>,
    pub modified: Option<NaiveDate>,
    pub created: Option<NaiveDate>,
}

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Whether the bytes are an OLE compound file holding an encrypted Office
/// package (the name `EncryptedPackage` of its stream, in UTF-16).
fn is_encrypted_ole(bytes: &[u8]) -> bool {
    let name: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    bytes.windows(name.len()).any(|w| w == name.as_slice())
}

/// Reads a whole .docx.
pub(crate) fn read(bytes: &[u8]) -> Result<Docx, ReadError> {
    if bytes.starts_with(&OLE_MAGIC) {
        return Err(if is_encrypted_ole(bytes) {
            ReadError::Encrypted
        } else {
            ReadError::OldFormat
        });
    }
    if !bytes.starts_with(b"PK") {
        return Err(ReadError::NotZip);
    }
    let mut zip =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|_| ReadError::NotZip)?;
    let main = main_part(&mut zip);
    let document = part(&mut zip, &main)?.ok_or(ReadError::BrokenPart(main.clone()))?;
    let dir = main.rsplit_once('/').map_or("", |(d, _)| d).to_string();
    let rels_of = |name: &str| format!("{dir}/_rels/{name}.rels");
    let main_name = main
        .rsplit('/')
        .next()
        .unwrap_or("document.xml")
        .to_string();
    let main_rels = rels(&mut zip, &rels_of(&main_name), &dir)?;
    let styles = match part(&mut zip, &format!("{dir}/styles.xml"))? {
        Some(root) => Styles::read(&root),
        None => Styles::default(),
    };
    let numbering = match part(&mut zip, &format!("{dir}/numbering.xml"))? {
        Some(root) => Numbering::read(&root),
        None => Numbering::default(),
    };
    let mut notes = HashMap::new();
    for (file, element) in [("footnotes.xml", "footnote"), ("endnotes.xml", "endnote")] {
        if let Some(root) = part(&mut zip, &format!("{dir}/{file}"))? {
            let note_rels = rels(&mut zip, &rels_of(file), &dir)?;
            for n in root.children {
                let Node::Element(n) = n else { continue };
                let normal = n.attr("type").is_none_or(|t| t == "normal");
                if n.name == element && normal {
                    if let Some(id) = n.attr("id").map(str::to_string) {
                        notes.insert((element, id), (n, note_rels.clone()));
                    }
                }
            }
        }
    }
    let mut walker = Walker {
        zip: &mut zip,
        styles,
        numbering,
        rels: main_rels,
        counters: HashMap::new(),
        fields: Vec::new(),
        media: Vec::new(),
        media_by_path: HashMap::new(),
        notes: Vec::new(),
        note_sources: notes,
        error: None,
    };
    let body = document
        .child("body")
        .ok_or(ReadError::BrokenPart(main.clone()))?;
    let mut blocks = Vec::new();
    walker.blocks(body, &mut blocks, 0);
    if let Some(e) = walker.error.take() {
        return Err(e);
    }
    let (media, notes) = (walker.media, walker.notes);
    let mut docx = Docx {
        blocks,
        notes,
        media,
        ..Docx::default()
    };
    if let Some(core) = part(&mut zip, "docProps/core.xml")? {
        docx.title = core
            .child("title")
            .map(|t| t.text().trim().to_string())
            .filter(|t| !t.is_empty());
        let date = |name: &str| {
            core.child(name)
                .and_then(|d| d.text().trim().get(..10).map(str::to_string))
                .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
        };
        docx.modified = date("modified");
        docx.created = date("created");
    }
    Ok(docx)
}

type Zip<'a> = zip::ZipArchive<std::io::Cursor<&'a [u8]>>;

/// A part's bytes, at most `limit`; None when the zip has no such part.
fn read_entry<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
    limit: u64,
) -> Result<Option<Vec<u8>>, ReadError> {
    let mut file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(_) => return Err(ReadError::BrokenPart(name.to_string())),
    };
    if file.size() > limit {
        return Err(ReadError::BrokenPart(name.to_string()));
    }
    let mut bytes = Vec::new();
    (&mut file)
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|_| ReadError::BrokenPart(name.to_string()))?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::BrokenPart(name.to_string()));
    }
    Ok(Some(bytes))
}

/// An XML part as a tree; None when the zip has no such part.
fn part(zip: &mut Zip<'_>, name: &str) -> Result<Option<Element>, ReadError> {
    let Some(bytes) = read_entry(zip, name, MAX_PART)? else {
        return Ok(None);
    };
    let broken = || ReadError::BrokenPart(name.to_string());
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes))
        .map_err(|_| broken())?;
    xml::parse(text).map(Some).map_err(|_| broken())
}

/// The main document part named by the package's relationships (nearly
/// always `word/document.xml`).
fn main_part(zip: &mut Zip<'_>) -> String {
    let found = part(zip, "_rels/.rels").ok().flatten().and_then(|root| {
        root.elements()
            .find(|r| {
                r.attr("Type")
                    .is_some_and(|t| t.ends_with("/officeDocument"))
            })
            .and_then(|r| r.attr("Target"))
            .map(|t| t.trim_start_matches('/').to_string())
    });
    found.unwrap_or_else(|| "word/document.xml".to_string())
}

#[derive(Debug, Clone)]
struct Rel {
    /// A zip path for a part, the URL for an external target.
    target: String,
    external: bool,
}

type Rels = HashMap<String, Rel>;

/// A part's relationships, targets resolved against `dir`.
fn rels(zip: &mut Zip<'_>, name: &str, dir: &str) -> Result<Rels, ReadError> {
    let mut out = Rels::new();
    let Some(root) = part(zip, name)? else {
        return Ok(out);
    };
    for r in root.elements() {
        let (Some(id), Some(target)) = (r.attr("Id"), r.attr("Target")) else {
            continue;
        };
        let external = r.attr("TargetMode") == Some("External");
        let target = if external {
            target.to_string()
        } else {
            join(dir, target)
        };
        out.insert(id.to_string(), Rel { target, external });
    }
    Ok(out)
}

/// A relative part name joined to a folder of the zip (`..` resolved).
fn join(dir: &str, target: &str) -> String {
    if let Some(abs) = target.strip_prefix('/') {
        return abs.to_string();
    }
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// A style's properties that matter here, its own (not inherited).
#[derive(Debug, Default, Clone)]
struct Style {
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    jc: Option<String>,
    num: Option<(String, u8)>,
    format: [Option<bool>; 3],
}

#[derive(Debug, Default)]
struct Styles {
    by_id: HashMap<String, Style>,
    default_paragraph: Option<String>,
}

/// `<w:b/>`, `<w:b w:val="0"/>`: whether a toggle property is on.
fn toggle(e: &Element) -> bool {
    !matches!(e.attr("val"), Some("0" | "false" | "off" | "none"))
}

fn run_format(rpr: &Element) -> [Option<bool>; 3] {
    [
        rpr.child("b").map(toggle),
        rpr.child("i").map(toggle),
        rpr.child("u").map(toggle),
    ]
}

fn num_pr(ppr: &Element) -> Option<(String, u8)> {
    let n = ppr.child("numPr")?;
    let id = n.child_val("numId")?.to_string();
    let level = n
        .child_val("ilvl")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    Some((id, level))
}

impl Styles {
    fn read(root: &Element) -> Styles {
        let mut styles = Styles::default();
        for s in root.elements().filter(|e| e.name == "style") {
            let Some(id) = s.attr("styleId") else {
                continue;
            };
            let ppr = s.child("pPr");
            let style = Style {
                name: s.child_val("name").unwrap_or("").to_string(),
                based_on: s.child_val("basedOn").map(str::to_string),
                outline: ppr
                    .and_then(|p| p.child_val("outlineLvl"))
                    .and_then(|v| v.parse().ok()),
                jc: ppr.and_then(|p| p.child_val("jc")).map(str::to_string),
                num: ppr.and_then(num_pr),
                format: s.child("rPr").map(run_format).unwrap_or_default(),
            };
            if s.attr("type") == Some("paragraph") && s.attr("default").is_some_and(|d| d == "1") {
                styles.default_paragraph = Some(id.to_string());
            }
            styles.by_id.insert(id.to_string(), style);
        }
        styles
    }

    /// The style and those it is based on, nearest first (cycles cut).
    fn chain(&self, id: Option<&str>) -> Vec<&Style> {
        let mut out: Vec<&Style> = Vec::new();
        let mut next = id.map(str::to_string);
        while let Some(id) = next {
            let Some(s) = self.by_id.get(&id) else { break };
            if out.len() > 16 || out.iter().any(|o| std::ptr::eq(*o, s)) {
                break;
            }
            out.push(s);
            next = s.based_on.clone();
        }
        out
    }

    /// Title, heading level, or neither, from the style's name or outline level.
    fn role(&self, id: Option<&str>) -> Option<Role> {
        for s in self.chain(id) {
            let name = s.name.to_lowercase();
            let name = name.trim();
            if name == "title" || name == "标题" {
                return Some(Role::Title);
            }
            for prefix in ["heading", "标题"] {
                if let Some(n) = name.strip_prefix(prefix) {
                    if let Ok(n) = n.trim().parse::<u8>() {
                        return Some(Role::Heading(n.clamp(1, 9)));
                    }
                }
            }
            if let Some(level) = s.outline {
                if level < 9 {
                    return Some(Role::Heading(level + 1));
                }
            }
        }
        None
    }

    fn jc(&self, id: Option<&str>) -> Option<String> {
        self.chain(id).into_iter().find_map(|s| s.jc.clone())
    }

    fn num(&self, id: Option<&str>) -> Option<(String, u8)> {
        self.chain(id).into_iter().find_map(|s| s.num.clone())
    }

    fn format(&self, id: Option<&str>) -> [Option<bool>; 3] {
        let mut out = [None; 3];
        for s in self.chain(id) {
            for (o, f) in out.iter_mut().zip(s.format) {
                if o.is_none() {
                    *o = f;
                }
            }
        }
        out
    }
}

#[derive(Debug, Clone, Default)]
struct Level {
    format: String,
    text: String,
    start: u32,
}

type Levels = HashMap<u8, Level>;

#[derive(Debug, Default)]
struct Numbering {
    /// numId → (abstractNumId, start overrides by level).
    nums: HashMap<String, (String, HashMap<u8, u32>)>,
    abstracts: HashMap<String, HashMap<u8, Level>>,
}

impl Numbering {
    fn read(root: &Element) -> Numbering {
        let mut out = Numbering::default();
        for a in root.elements().filter(|e| e.name == "abstractNum") {
            let Some(id) = a.attr("abstractNumId") else {
                continue;
            };
            let mut levels = HashMap::new();
            for l in a.elements().filter(|e| e.name == "lvl") {
                let Some(ilvl) = l.attr("ilvl").and_then(|v| v.parse().ok()) else {
                    continue;
                };
                levels.insert(
                    ilvl,
                    Level {
                        format: l.child_val("numFmt").unwrap_or("decimal").to_string(),
                        text: l.child_val("lvlText").unwrap_or("").to_string(),
                        start: l
                            .child_val("start")
                            .and_then(|v| v.parse().ok())
                            .unwrap_or(1),
                    },
                );
            }
            out.abstracts.insert(id.to_string(), levels);
        }
        for n in root.elements().filter(|e| e.name == "num") {
            let (Some(id), Some(abs)) = (n.attr("numId"), n.child_val("abstractNumId")) else {
                continue;
            };
            let mut starts = HashMap::new();
            for o in n.elements().filter(|e| e.name == "lvlOverride") {
                let level = o.attr("ilvl").and_then(|v| v.parse().ok());
                let start = o.child_val("startOverride").and_then(|v| v.parse().ok());
                if let (Some(level), Some(start)) = (level, start) {
                    starts.insert(level, start);
                }
            }
            out.nums.insert(id.to_string(), (abs.to_string(), starts));
        }
        out
    }

    /// The levels of a list and its start overrides.
    fn levels(&self, num: &str) -> Option<(&Levels, &HashMap<u8, u32>)> {
        let (abs, starts) = self.nums.get(num)?;
        Some((self.abstracts.get(abs)?, starts))
    }
}

/// A counter written in the numbering format Word names.
fn format_number(n: u32, format: &str) -> String {
    const DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "ideographTraditional"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "chineseLegalSimplified" => chinese_number(n),
        "ideographDigital" | "taiwaneseDigital" | "japaneseDigitalTenThousand" => n
            .to_string()
            .chars()
            .map(|c| DIGITS[c.to_digit(10).unwrap_or(0) as usize])
            .collect(),
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c))
            .collect(),
        "lowerLetter" | "upperLetter" => {
            let base = if format == "lowerLetter" { b'a' } else { b'A' };
            let i = (n.max(1) - 1) % 26;
            let times = (n.max(1) - 1) / 26 + 1;
            String::from(char::from(base + i as u8)).repeat(times as usize)
        }
        "lowerRoman" => roman(n).to_lowercase(),
        "upperRoman" => roman(n),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32(0x2460 + n - 1).map_or_else(|| n.to_string(), String::from)
        }
        "none" => String::new(),
        _ => n.to_string(),
    }
}

/// 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (up to 9999).
pub(crate) fn chinese_number(n: u32) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    if n == 0 {
        return "零".into();
    }
    if n >= 10_000 {
        return n.to_string();
    }
    let (q, h, t, u) = (n / 1000, n / 100 % 10, n / 10 % 10, n % 10);
    let mut out = String::new();
    let mut zero = false;
    for (d, unit) in [(q, "千"), (h, "百"), (t, "十"), (u, "")] {
        if d == 0 {
            zero = !out.is_empty();
            continue;
        }
        if zero {
            out.push('零');
            zero = false;
        }
        if !(d == 1 && unit == "十" && out.is_empty()) {
            out.push_str(DIGITS[d as usize]);
        }
        out.push_str(unit);
    }
    out
}

fn roman(mut n: u32) -> String {
    let mut out = String::new();
    for (v, s) in [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ] {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// Walks the body: keeps numbering counters, open fields, the images and
/// notes met so far, and the relationships of the part being walked.
struct Walker<'z, 'a> {
    zip: &'z mut Zip<'a>,
    styles: Styles,
    numbering: Numbering,
    rels: Rels,
    counters: HashMap<String, Vec<u32>>,
    /// Complex fields open: true while in their instruction (not shown).
    fields: Vec<bool>,
    media: Vec<Media>,
    media_by_path: HashMap<String, String>,
    notes: Vec<Note>,
    note_sources: HashMap<(&'static str, String), (Element, Rels)>,
    error: Option<ReadError>,
}

/// What a run contributes besides its inlines.
#[derive(Default)]
struct Found {
    boxes: Vec<Vec<Block>>,
}

impl Walker<'_, '_> {
    /// Paragraphs and tables of a body, cell, note or text box.
    fn blocks(&mut self, container: &Element, out: &mut Vec<Block>, depth: usize) {
        for e in container.elements() {
            match e.name.as_str() {
                "p" => self.paragraph(e, out, depth),
                "tbl" => out.push(Block::Table(self.table(e, depth))),
                "sdt" => {
                    if let Some(content) = e.child("sdtContent") {
                        self.blocks(content, out, depth + 1);
                    }
                }
                "customXml" | "ins" | "moveTo" => self.blocks(e, out, depth + 1),
                _ => {}
            }
        }
    }

    fn paragraph(&mut self, p: &Element, out: &mut Vec<Block>, depth: usize) {
        let ppr = p.child("pPr");
        let style = ppr.and_then(|p| p.child_val("pStyle")).map(str::to_string);
        let style = style.or_else(|| self.styles.default_paragraph.clone());
        let style = style.as_deref();
        let jc = ppr
            .and_then(|p| p.child_val("jc"))
            .map(str::to_string)
            .or_else(|| self.styles.jc(style));
        let mut role = self.styles.role(style).unwrap_or(Role::Body);
        if let Some(level) = ppr
            .and_then(|p| p.child_val("outlineLvl"))
            .and_then(|v| v.parse::<u8>().ok())
        {
            if level < 9 && role == Role::Body {
                role = Role::Heading(level + 1);
            }
        }
        let num = ppr.and_then(num_pr).or_else(|| self.styles.num(style));
        let mut number = None;
        if let Some((id, level)) = num {
            if let Some((found_role, text)) = self.number(&id, level, role) {
                role = found_role;
                number = text;
            }
        }
        let para_format = self.styles.format(style);
        let mut inlines = Vec::new();
        let mut found = Found::default();
        self.inlines(p, &mut inlines, &mut found, para_format, depth);
        out.push(Block::Para(Para {
            role,
            centred: jc.as_deref() == Some("center"),
            right: matches!(jc.as_deref(), Some("right" | "end")),
            number,
            inlines,
        }));
        for b in found.boxes {
            out.push(Block::TextBox(b));
        }
    }

    /// Counts one numbered paragraph: a Markdown list item (bullets,
    /// `1.` `1)`), or the number's text to show before the paragraph.
    fn number(&mut self, id: &str, level: u8, role: Role) -> Option<(Role, Option<String>)> {
        if id == "0" {
            return None;
        }
        let (levels, starts) = self.numbering.levels(id)?;
        let def = levels.get(&level)?.clone();
        let start_of = |l: u8| {
            starts
                .get(&l)
                .copied()
                .or_else(|| levels.get(&l).map(|d| d.start))
                .unwrap_or(1)
        };
        let starts_here: Vec<u32> = (0..=level).map(start_of).collect();
        let formats: Vec<String> = (0..=level)
            .map(|l| levels.get(&l).map(|d| d.format.clone()).unwrap_or_default())
            .collect();
        let counters = self.counters.entry(id.to_string()).or_default();
        let l = usize::from(level);
        if counters.len() <= l {
            for (i, s) in starts_here.iter().enumerate().skip(counters.len()) {
                counters.push(if i == l { s.saturating_sub(1) } else { *s });
            }
        }
        counters.truncate(l + 1);
        counters[l] = counters[l].saturating_add(1);
        let current = counters[l];
        if def.format == "bullet" {
            return Some((
                match role {
                    Role::Body => Role::List {
                        level,
                        ordered: false,
                        start: 1,
                    },
                    other => other,
                },
                None,
            ));
        }
        if def.format == "none" {
            return Some((role, None));
        }
        let own = format!("%{}", l + 1);
        let plain_list = def.format == "decimal"
            && (def.text == format!("{own}.") || def.text == format!("{own})"));
        if plain_list && role == Role::Body {
            return Some((
                Role::List {
                    level,
                    ordered: true,
                    start: current,
                },
                None,
            ));
        }
        let mut text = def.text.clone();
        for (i, n) in counters.iter().enumerate().rev() {
            let f = formats.get(i).map_or("decimal", String::as_str);
            text = text.replace(&format!("%{}", i + 1), &format_number(*n, f));
        }
        Some((role, Some(text)))
    }

    fn inlines(
        &mut self,
        parent: &Element,
        out: &mut Vec<Inline>,
        found: &mut Found,
        format: [Option<bool>; 3],
        depth: usize,
    ) {
        if depth > xml::MAX_DEPTH {
            return;
        }
        for e in parent.elements() {
            match e.name.as_str() {
                "r" => self.run(e, out, found, format, depth),
                "hyperlink" => {
                    let mut inner = Vec::new();
                    self.inlines(e, &mut inner, found, format, depth + 1);
                    let href = e
                        .attr("id")
                        .and_then(|id| self.rels.get(id))
                        .filter(|r| r.external)
                        .map(|r| r.target.clone())
                        .filter(|t| safe_url(t));
                    match href {
                        Some(href) => out.push(Inline::Link(href, inner)),
                        None => out.extend(inner),
                    }
                }
                // What a reader of the document does not see.
                "pPr" | "rPr" | "del" | "moveFrom" | "commentRangeStart" | "commentRangeEnd"
                | "commentReference" | "bookmarkStart" | "bookmarkEnd" | "proofErr"
                | "permStart" | "permEnd" | "sdtPr" | "sdtEndPr" | "customXmlPr" => {}
                "oMath" | "oMathPara" => {
                    let mut ts = Vec::new();
                    e.find_all("t", &mut ts);
                    let text: String = ts.iter().map(|t| t.text()).collect();
                    out.push(Inline::Text(text, Format::default()));
                }
                _ => self.inlines(e, out, found, format, depth + 1),
            }
        }
    }

    fn run(
        &mut self,
        r: &Element,
        out: &mut Vec<Inline>,
        found: &mut Found,
        para_format: [Option<bool>; 3],
        depth: usize,
    ) {
        let rpr = r.child("rPr");
        let hidden = rpr.and_then(|p| p.child("vanish")).is_some_and(toggle);
        let style = rpr.and_then(|p| p.child_val("rStyle"));
        let own = rpr.map(run_format).unwrap_or_default();
        let from_style = self.styles.format(style);
        let pick = |i: usize| own[i].or(from_style[i]).or(para_format[i]).unwrap_or(false);
        let format = Format {
            bold: pick(0),
            italic: pick(1),
            underline: pick(2),
        };
        for e in r.elements() {
            if e.name == "fldChar" {
                match e.attr("fldCharType") {
                    Some("begin") => self.fields.push(true),
                    Some("separate") => {
                        if let Some(last) = self.fields.last_mut() {
                            *last = false;
                        }
                    }
                    Some("end") => {
                        self.fields.pop();
                    }
                    _ => {}
                }
                continue;
            }
            if hidden || self.fields.iter().any(|in_instruction| *in_instruction) {
                continue;
            }
            match e.name.as_str() {
                "t" => out.push(Inline::Text(e.text(), format)),
                "tab" | "ptab" => out.push(Inline::Text(" ".into(), format)),
                "noBreakHyphen" => out.push(Inline::Text("-".into(), format)),
                // Page and column breaks are dropped.
                "br" if !matches!(e.attr("type"), Some("page" | "column")) => {
                    out.push(Inline::Break)
                }
                "cr" => out.push(Inline::Break),
                "drawing" | "pict" => self.drawing(e, out, found, depth),
                "AlternateContent" => {
                    // The choice; the fallback is the same drawing again.
                    if let Some(choice) = e.child("Choice") {
                        for c in choice.elements() {
                            if c.name == "drawing" || c.name == "pict" {
                                self.drawing(c, out, found, depth);
                            }
                        }
                    }
                }
                "footnoteReference" | "endnoteReference" => {
                    let kind = if e.name == "footnoteReference" {
                        "footnote"
                    } else {
                        "endnote"
                    };
                    if let Some(label) = e.attr("id").and_then(|id| self.note(kind, id, depth)) {
                        out.push(Inline::NoteRef(label));
                    }
                }
                "ruby" => {
                    if let Some(base) = e.child("rubyBase") {
                        self.inlines(base, out, found, para_format, depth + 1);
                    }
                }
                _ => {}
            }
        }
    }

    /// A picture (extracted, with its alt text) or a text box (its text kept).
    fn drawing(&mut self, d: &Element, out: &mut Vec<Inline>, found: &mut Found, depth: usize) {
        let mut boxes = Vec::new();
        d.find_all("txbxContent", &mut boxes);
        for b in boxes {
            let mut blocks = Vec::new();
            self.blocks(b, &mut blocks, depth + 1);
            found.boxes.push(blocks);
        }
        let alt = d
            .find("docPr")
            .and_then(|p| p.attr("descr").or_else(|| p.attr("title")))
            .or_else(|| d.find("shape").and_then(|s| s.attr("alt")))
            .unwrap_or("")
            .trim()
            .to_string();
        let mut blips = Vec::new();
        d.find_all("blip", &mut blips);
        d.find_all("imagedata", &mut blips);
        for b in blips {
            let id = b.attr("embed").or_else(|| b.attr("id"));
            if let Some(file) = id.and_then(|id| self.image(id)) {
                out.push(Inline::Image {
                    file,
                    alt: alt.clone(),
                });
            }
        }
    }

    /// Extracts an image once; its file name beside the page.
    fn image(&mut self, id: &str) -> Option<String> {
        let rel = self.rels.get(id)?.clone();
        if rel.external {
            return None;
        }
        if let Some(file) = self.media_by_path.get(&rel.target) {
            return Some(file.clone());
        }
        let bytes = match read_entry(self.zip, &rel.target, MAX_MEDIA) {
            Ok(Some(b)) => b,
            Ok(None) => return None,
            Err(e) => {
                self.error.get_or_insert(e);
                return None;
            }
        };
        let name = rel.target.rsplit('/').next().unwrap_or("image");
        let safe: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_' {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        let safe = safe.trim_start_matches(['.', '-']).to_string();
        let (stem, ext) = match safe.rsplit_once('.') {
            Some((s, e)) if !s.is_empty() => (s.to_string(), format!(".{e}")),
            _ => (
                if safe.is_empty() {
                    "image".into()
                } else {
                    safe
                },
                String::new(),
            ),
        };
        let mut file = format!("{stem}{ext}");
        let mut n = 1;
        while self.media.iter().any(|m| m.file == file) || file == "index.md" {
            n += 1;
            file = format!("{stem}-{n}{ext}");
        }
        self.media_by_path.insert(rel.target.clone(), file.clone());
        self.media.push(Media {
            file: file.clone(),
            bytes,
        });
        Some(file)
    }

    /// A footnote or endnote, read once when first referred to; its label.
    fn note(&mut self, kind: &'static str, id: &str, depth: usize) -> Option<String> {
        let (element, rels) = self.note_sources.remove(&(kind, id.to_string()))?;
        let label = (self.notes.len() + 1).to_string();
        let outer = std::mem::replace(&mut self.rels, rels);
        let mut blocks = Vec::new();
        self.blocks(&element, &mut blocks, depth + 1);
        self.rels = outer;
        self.notes.push(Note {
            label: label.clone(),
            blocks,
        });
        Some(label)
    }

    fn table(&mut self, tbl: &Element, depth: usize) -> Vec<Row> {
        let mut rows = Vec::new();
        for tr in tbl.elements().filter(|e| e.name == "tr") {
            let header = tr
                .child("trPr")
                .and_then(|p| p.child("tblHeader"))
                .is_some_and(toggle);
            let mut cells = Vec::new();
            for tc in tr.elements().filter(|e| e.name == "tc") {
                let tcpr = tc.child("tcPr");
                let colspan = tcpr
                    .and_then(|p| p.child_val("gridSpan"))
                    .and_then(|v| v.parse::<usize>().ok())
                    .unwrap_or(1)
                    .clamp(1, 1000);
                let merge = match tcpr.and_then(|p| p.child("vMerge")) {
                    None => Merge::None,
                    Some(v) if v.attr("val") == Some("restart") => Merge::Start,
                    Some(_) => Merge::Continue,
                };
                let mut blocks = Vec::new();
                self.blocks(tc, &mut blocks, depth + 1);
                let mut paras = Vec::new();
                flatten(blocks, &mut paras);
                cells.push(Cell {
                    paras,
                    colspan,
                    merge,
                });
            }
            rows.push(Row { header, cells });
        }
        rows
    }
}

/// The paragraphs of blocks, tables and text boxes opened up (a table in a
/// table cell becomes its cells' paragraphs).
fn flatten(blocks: Vec<Block>, out: &mut Vec<Para>) {
    for b in blocks {
        match b {
            Block::Para(p) => out.push(p),
            Block::TextBox(inner) => flatten(inner, out),
            Block::Table(rows) => {
                for row in rows {
                    for cell in row.cells {
                        out.extend(cell.paras);
                    }
                }
            }
        }
    }
}

/// Links that may go on a public page (as the sanitizer allows).
fn safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|s| lower.starts_with(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numbers_as_word_writes_them() {
        let cases = [
            (1, "一"),
            (10, "十"),
            (12, "十二"),
            (20, "二十"),
            (21, "二十一"),
            (100, "一百"),
            (105, "一百零五"),
            (110, "一百一十"),
        ];
        for (n, s) in cases {
            assert_eq!(chinese_number(n), s, "{n}");
        }
        assert_eq!(format_number(3, "chineseCounting"), "三");
        assert_eq!(format_number(2, "decimalFullWidth"), "２");
        assert_eq!(format_number(28, "lowerLetter"), "bb");
        assert_eq!(format_number(4, "upperRoman"), "IV");
    }

    #[test]
    fn part_names_join_like_paths() {
        assert_eq!(join("word", "media/image1.png"), "word/media/image1.png");
        assert_eq!(join("word", "../media/a.png"), "media/a.png");
        assert_eq!(join("word", "/word/media/a.png"), "word/media/a.png");
    }

    #[test]
    fn old_encrypted_and_broken_files_are_told_apart() {
        let mut ole = OLE_MAGIC.to_vec();
        ole.extend_from_slice(&[0; 100]);
        assert_eq!(read(&ole).err(), Some(ReadError::OldFormat));
        let name: Vec<u8> = "EncryptedPackage"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        ole.extend_from_slice(&name);
        assert_eq!(read(&ole).err(), Some(ReadError::Encrypted));
        assert_eq!(read(b"%PDF-1.4").err(), Some(ReadError::NotZip));
        assert_eq!(read(b"PK\x03\x04broken").err(), Some(ReadError::NotZip));
        assert_eq!(read(b"").err(), Some(ReadError::NotZip));
    }
}
