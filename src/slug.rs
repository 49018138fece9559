//! URL slugs: from file names (kept as written, made URL-safe) and from
//! Chinese names (toneless pinyin joined by hyphens, for generated pages such
//! as `/categories/<slug>/`). Uniqueness within a listing is left to callers
//! through [`Unique`].

use pinyin::ToPinyin;
use std::collections::HashMap;

/// A slug from a file or folder name, or a front matter `slug`: ASCII letters
/// lower-cased, letters and digits of any script kept, everything else a hyphen.
/// A Chinese file name therefore stays Chinese (and is percent-encoded by browsers).
pub fn from_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.trim().chars() {
        if c.is_alphanumeric() || c == '_' || c == '.' {
            out.push(c.to_ascii_lowercase());
        } else {
            out.push('-');
        }
    }
    collapse_dashes(&out)
}

/// Toneless pinyin joined by hyphens: 镇卫生院 → `zhen-wei-sheng-yuan`.
/// Latin letters and digits are kept in runs (`2026年` → `2026-nian`).
pub fn pinyin(name: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut latin = String::new();
    for c in name.chars() {
        if let Some(p) = c.to_pinyin() {
            if !latin.is_empty() {
                parts.push(std::mem::take(&mut latin));
            }
            parts.push(p.plain().to_string());
        } else if c.is_ascii_alphanumeric() {
            latin.push(c.to_ascii_lowercase());
        } else if !latin.is_empty() {
            parts.push(std::mem::take(&mut latin));
        }
    }
    if !latin.is_empty() {
        parts.push(latin);
    }
    let joined = parts.join("-");
    if joined.is_empty() {
        "item".to_string()
    } else {
        joined
    }
}

fn collapse_dashes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c == '-' && (out.is_empty() || out.ends_with('-')) {
            continue;
        }
        out.push(c);
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// Hands out slugs unique within one listing: the second `foo` becomes `foo-2`.
/// Callers feed names in a stable order so the numbering is stable across builds.
#[derive(Default)]
pub struct Unique {
    seen: HashMap<String, usize>,
}

impl Unique {
    pub fn claim(&mut self, slug: String) -> String {
        let mut candidate = slug.clone();
        let mut n = 1;
        while self.seen.contains_key(&candidate) {
            n += 1;
            candidate = format!("{slug}-{n}");
        }
        self.seen.insert(candidate.clone(), 1);
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinyin_slugs() {
        assert_eq!(pinyin("镇卫生院"), "zhen-wei-sheng-yuan");
        assert_eq!(pinyin("2026年工作"), "2026-nian-gong-zuo");
        assert_eq!(pinyin("《代表报》"), "dai-biao-bao");
        assert_eq!(pinyin("！！"), "item");
    }

    #[test]
    fn file_name_slugs() {
        assert_eq!(from_name("2026 Renda Huiyi"), "2026-renda-huiyi");
        assert_eq!(from_name("a--b__c"), "a-b__c");
        assert_eq!(from_name("人大会议"), "人大会议");
        assert_eq!(from_name("a/b?c"), "a-b-c");
    }

    #[test]
    fn unique_numbers_collisions() {
        let mut u = Unique::default();
        assert_eq!(u.claim("a".into()), "a");
        assert_eq!(u.claim("a".into()), "a-2");
        assert_eq!(u.claim("a".into()), "a-3");
        assert_eq!(u.claim("a-2".into()), "a-2-2");
    }
}
