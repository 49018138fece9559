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

use super::styles::{format_number, num_pr, run_format, toggle, Numbering, Styles};
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
        paragraphs: 0,
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

/// Walks the body: keeps numbering counters, open fields, the images and
/// notes met so far, and the relationships of the part being walked.
struct Walker<'z, 'a> {
    zip: &'z mut Zip<'a>,
    styles: Styles,
    numbering: Numbering,
    rels: Rels,
    counters: HashMap<String, Vec<u32>>,
    /// Complex fields open, innermost last.
    fields: Vec<Field>,
    /// Counts the paragraphs walked, so a field's link is closed only in
    /// the paragraph that opened it.
    paragraphs: usize,
    media: Vec<Media>,
    media_by_path: HashMap<String, String>,
    notes: Vec<Note>,
    note_sources: HashMap<(&'static str, String), (Element, Rels)>,
    error: Option<ReadError>,
}

/// A complex field (`fldChar` begin … separate … end): its instruction is
/// not shown; the result of a `HYPERLINK "url"` field becomes a link.
#[derive(Debug, Default)]
struct Field {
    in_instruction: bool,
    instruction: String,
    /// Where the result starts: (paragraph, the inlines' vector, its length).
    link: Option<(String, usize, usize, usize)>,
}

/// The URL of a `HYPERLINK "https://…"` field instruction.
fn field_link(instruction: &str) -> Option<String> {
    let rest = instruction.trim().strip_prefix("HYPERLINK")?.trim_start();
    let url = match rest.strip_prefix('"') {
        Some(quoted) => quoted.split('"').next()?,
        None => rest.split_whitespace().next()?,
    };
    safe_url(url).then(|| url.to_string())
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
        self.paragraphs += 1;
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
                self.field_char(e.attr("fldCharType"), out);
                continue;
            }
            if e.name == "instrText" {
                if let Some(field) = self.fields.last_mut() {
                    field.instruction.push_str(&e.text());
                }
                continue;
            }
            if hidden || self.fields.iter().any(|f| f.in_instruction) {
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

    /// A field begins, shows its result, or ends (a link's result wrapped).
    fn field_char(&mut self, kind: Option<&str>, out: &mut Vec<Inline>) {
        let here = (self.paragraphs, out as *const Vec<Inline> as usize);
        match kind {
            Some("begin") => self.fields.push(Field {
                in_instruction: true,
                ..Field::default()
            }),
            Some("separate") => {
                if let Some(field) = self.fields.last_mut() {
                    field.in_instruction = false;
                    field.link =
                        field_link(&field.instruction).map(|url| (url, here.0, here.1, out.len()));
                }
            }
            Some("end") => {
                let Some(field) = self.fields.pop() else {
                    return;
                };
                if let Some((url, paragraph, vec, start)) = field.link {
                    if (paragraph, vec) == here && start < out.len() {
                        let inner: Vec<Inline> = out.drain(start..).collect();
                        out.push(Inline::Link(url, inner));
                    }
                }
            }
            _ => {}
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
    fn part_names_join_like_paths() {
        assert_eq!(join("word", "media/image1.png"), "word/media/image1.png");
        assert_eq!(join("word", "../media/a.png"), "media/a.png");
        assert_eq!(join("word", "/word/media/a.png"), "word/media/a.png");
    }

    /// A .docx holding these parts (a path and its XML each).
    fn package(parts: &[(&str, &str)]) -> Vec<u8> {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, text) in parts {
            zip.start_file(*name, options).expect("start");
            zip.write_all(text.as_bytes()).expect("write");
        }
        zip.finish().expect("finish").into_inner()
    }

    const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

    fn body(xml: &str) -> String {
        format!("<w:document {NS}><w:body>{xml}</w:body></w:document>")
    }

    fn paras(doc: &Docx) -> Vec<(Role, Option<String>, String)> {
        doc.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Para(p) => {
                    let mut text = String::new();
                    plain(&p.inlines, &mut text);
                    Some((p.role, p.number.clone(), text))
                }
                _ => None,
            })
            .collect()
    }

    #[test]
    fn word_numbering_in_chinese_is_text_and_decimal_numbering_a_list() {
        let numbering = format!(
            r#"<w:numbering {NS}>
            <w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
            <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum>
            <w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>
            <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
            <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>"#
        );
        let p = |num: u8, level: u8, text: &str| {
            format!(
                r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
            )
        };
        let xml = [
            p(1, 0, "基本情况"),
            p(1, 1, "组织有力"),
            p(1, 1, "宣传到位"),
            p(1, 0, "存在问题"),
            p(2, 0, "第一条"),
            p(2, 0, "第二条"),
        ]
        .concat();
        let bytes = package(&[
            ("word/document.xml", &body(&xml)),
            ("word/numbering.xml", &numbering),
        ]);
        let doc = read(&bytes).expect("reads");
        let got = paras(&doc);
        let numbers: Vec<Option<&str>> = got.iter().map(|(_, n, _)| n.as_deref()).collect();
        assert_eq!(
            numbers,
            [
                Some("一、"),
                Some("（一）"),
                Some("（二）"),
                Some("二、"),
                None,
                None
            ]
        );
        assert_eq!(
            got[5].0,
            Role::List {
                level: 0,
                ordered: true,
                start: 2
            }
        );
        let page = super::super::markdown::page(&doc);
        assert!(
            page.body
                .contains("## 一、基本情况\n\n### （一）组织有力\n"),
            "{}",
            page.body
        );
        assert!(
            page.body.contains("1. 第一条\n2. 第二条\n"),
            "{}",
            page.body
        );
    }

    #[test]
    fn unsafe_links_nested_tables_and_endnotes() {
        let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
            <Relationship Id="rId1" Type="x/hyperlink" Target="javascript:alert(1)" TargetMode="External"/>
            <Relationship Id="rId2" Type="x/hyperlink" Target="https://example.gov.cn/" TargetMode="External"/></Relationships>"#;
        let endnotes = format!(
            r#"<w:endnotes {NS}><w:endnote w:type="separator" w:id="0"><w:p><w:r><w:t>—</w:t></w:r></w:p></w:endnote>
            <w:endnote w:id="1"><w:p><w:r><w:endnoteRef/></w:r><w:r><w:t>尾注的话</w:t></w:r></w:p></w:endnote></w:endnotes>"#
        );
        let xml = r#"<w:p><w:hyperlink r:id="rId1"><w:r><w:t>点我</w:t></w:r></w:hyperlink><w:hyperlink r:id="rId2"><w:r><w:t>网站</w:t></w:r></w:hyperlink><w:r><w:endnoteReference w:id="1"/></w:r></w:p>
            <w:tbl><w:tr><w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>里层</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>"#;
        let bytes = package(&[
            ("word/document.xml", &body(xml)),
            ("word/_rels/document.xml.rels", rels),
            ("word/endnotes.xml", &endnotes),
        ]);
        let doc = read(&bytes).expect("reads");
        let Some(Block::Para(p)) = doc.blocks.first() else {
            panic!("{:?}", doc.blocks)
        };
        assert_eq!(
            p.inlines,
            [
                Inline::Text("点我".into(), Format::default()),
                Inline::Link(
                    "https://example.gov.cn/".into(),
                    vec![Inline::Text("网站".into(), Format::default())]
                ),
                Inline::NoteRef("1".into()),
            ]
        );
        assert_eq!(doc.notes.len(), 1);
        let Some(Block::Table(rows)) = doc.blocks.get(1) else {
            panic!("{:?}", doc.blocks)
        };
        assert_eq!(rows[0].cells[0].paras[0].text(), "里层");
    }

    #[test]
    fn a_hyperlink_field_as_wps_writes_it_is_a_link() {
        let run = |inner: &str| format!("<w:r>{inner}</w:r>");
        let xml = [
            "<w:p>".to_string(),
            run("<w:t xml:space=\"preserve\">详见 </w:t>"),
            run(r#"<w:fldChar w:fldCharType="begin"/>"#),
            run(r#"<w:instrText xml:space="preserve"> HYPERLINK "https://example.gov.cn/a" \o "提示" </w:instrText>"#),
            run(r#"<w:fldChar w:fldCharType="separate"/>"#),
            run("<w:t>镇政府</w:t>"),
            run("<w:rPr><w:b/></w:rPr><w:t>网站</w:t>"),
            run(r#"<w:fldChar w:fldCharType="end"/>"#),
            run(r#"<w:fldChar w:fldCharType="begin"/><w:instrText> PAGE </w:instrText><w:fldChar w:fldCharType="separate"/><w:t>3</w:t><w:fldChar w:fldCharType="end"/>"#),
            run(r#"<w:fldChar w:fldCharType="begin"/><w:instrText> HYPERLINK "javascript:x" </w:instrText><w:fldChar w:fldCharType="separate"/><w:t>坏</w:t><w:fldChar w:fldCharType="end"/>"#),
            "</w:p>".to_string(),
        ]
        .concat();
        let doc = read(&package(&[("word/document.xml", &body(&xml))])).expect("reads");
        let Some(Block::Para(p)) = doc.blocks.first() else {
            panic!("{:?}", doc.blocks)
        };
        let bold = Format {
            bold: true,
            ..Format::default()
        };
        assert_eq!(
            p.inlines,
            [
                Inline::Text("详见 ".into(), Format::default()),
                Inline::Link(
                    "https://example.gov.cn/a".into(),
                    vec![
                        Inline::Text("镇政府".into(), Format::default()),
                        Inline::Text("网站".into(), bold),
                    ]
                ),
                Inline::Text("3".into(), Format::default()),
                Inline::Text("坏".into(), Format::default()),
            ]
        );
    }

    #[test]
    fn a_missing_or_broken_document_part_is_named() {
        let bytes = package(&[("word/styles.xml", "<x/>")]);
        assert_eq!(
            read(&bytes).err(),
            Some(ReadError::BrokenPart("word/document.xml".into()))
        );
        let bytes = package(&[("word/document.xml", "<w:document><w:body>")]);
        assert_eq!(
            read(&bytes).err(),
            Some(ReadError::BrokenPart("word/document.xml".into()))
        );
        let deep = "<w:tbl><w:tr><w:tc>".repeat(200) + &"</w:tc></w:tr></w:tbl>".repeat(200);
        let bytes = package(&[("word/document.xml", &body(&deep))]);
        assert_eq!(
            read(&bytes).err(),
            Some(ReadError::BrokenPart("word/document.xml".into()))
        );
    }

    proptest::proptest! {
        /// Whatever bytes of a real document are damaged, reading gives a
        /// document or an error, never a panic.
        #[test]
        fn a_damaged_document_never_panics(
            at in proptest::collection::vec((0usize..40_000, proptest::num::u8::ANY), 1..8),
            cut in proptest::option::of(0usize..40_000),
        ) {
            let mut bytes = include_bytes!("../../tests/data/docx/shicha-baogao.docx").to_vec();
            for (i, b) in at {
                let len = bytes.len();
                bytes[i % len] = b;
            }
            if let Some(cut) = cut {
                bytes.truncate(cut);
            }
            let _ = read(&bytes);
        }

        /// Nor does any text as a document part.
        #[test]
        fn any_document_xml_never_panics(xml in ".{0,400}") {
            let bytes = package(&[("word/document.xml", &body(&xml))]);
            if let Ok(doc) = read(&bytes) {
                let _ = super::super::markdown::page(&doc);
            }
        }
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
