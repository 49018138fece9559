//! What a paragraph's style and numbering say: the styles' names, outline
//! levels, alignment, numbering and run formats (followed through
//! `basedOn`), and Word's list numbering (`numbering.xml`) with the counter
//! written in its format (`一`, `（二）`, `３`, `iv`).
//!
//! Left to others: walking the document (`docx`).

use super::docx::Role;
use super::xml::Element;
use std::collections::HashMap;

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
pub(super) struct Styles {
    by_id: HashMap<String, Style>,
    pub(super) default_paragraph: Option<String>,
}

/// `<w:b/>`, `<w:b w:val="0"/>`: whether a toggle property is on.
pub(super) fn toggle(e: &Element) -> bool {
    !matches!(e.attr("val"), Some("0" | "false" | "off" | "none"))
}

pub(super) fn run_format(rpr: &Element) -> [Option<bool>; 3] {
    [
        rpr.child("b").map(toggle),
        rpr.child("i").map(toggle),
        rpr.child("u").map(toggle),
    ]
}

pub(super) fn num_pr(ppr: &Element) -> Option<(String, u8)> {
    let n = ppr.child("numPr")?;
    let id = n.child_val("numId")?.to_string();
    let level = n
        .child_val("ilvl")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    Some((id, level))
}

impl Styles {
    pub(super) fn read(root: &Element) -> Styles {
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
    pub(super) fn role(&self, id: Option<&str>) -> Option<Role> {
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

    pub(super) fn jc(&self, id: Option<&str>) -> Option<String> {
        self.chain(id).into_iter().find_map(|s| s.jc.clone())
    }

    pub(super) fn num(&self, id: Option<&str>) -> Option<(String, u8)> {
        self.chain(id).into_iter().find_map(|s| s.num.clone())
    }

    pub(super) fn format(&self, id: Option<&str>) -> [Option<bool>; 3] {
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
pub(super) struct Level {
    pub(super) format: String,
    pub(super) text: String,
    pub(super) start: u32,
}

pub(super) type Levels = HashMap<u8, Level>;

#[derive(Debug, Default)]
pub(super) struct Numbering {
    /// numId → (abstractNumId, start overrides by level).
    nums: HashMap<String, (String, HashMap<u8, u32>)>,
    abstracts: HashMap<String, HashMap<u8, Level>>,
}

impl Numbering {
    pub(super) fn read(root: &Element) -> Numbering {
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
    pub(super) fn levels(&self, num: &str) -> Option<(&Levels, &HashMap<u8, u32>)> {
        let (abs, starts) = self.nums.get(num)?;
        Some((self.abstracts.get(abs)?, starts))
    }
}

/// A counter written in the numbering format Word names.
pub(super) fn format_number(n: u32, format: &str) -> String {
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
        // Past these, letters and roman numerals would grow without end
        // (a crafted start value): digits instead.
        "lowerLetter" | "upperLetter" | "lowerRoman" | "upperRoman" if n > 3999 => n.to_string(),
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
pub(super) fn chinese_number(n: u32) -> String {
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
        assert_eq!(format_number(u32::MAX, "lowerLetter"), u32::MAX.to_string());
        assert_eq!(format_number(u32::MAX, "upperRoman"), u32::MAX.to_string());
    }
}
