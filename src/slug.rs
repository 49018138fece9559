//! URL slugs: from file names (kept as written, made URL-safe) and from
//! Chinese names (toneless pinyin joined by hyphens, for generated pages such
//! as `/categories/<slug>/`). Uniqueness within a listing is left to callers
//! through [`Unique`].

use pinyin::ToPinyin;
use std::collections::{HashMap, HashSet};

/// A slug from a file or folder name, or a front matter `slug`: ASCII letters
/// lower-cased, letters and digits of any script kept, everything else a hyphen.
/// A Chinese file name therefore stays Chinese (and is percent-encoded by browsers).
///
/// A slug never starts with a dot (so `..` or `.` cannot lead out of the
/// output folder, and nothing becomes a hidden file) and is never empty: a
/// name with nothing left is [`EMPTY_NAME`].
pub(crate) fn from_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.trim().chars() {
        if c.is_alphanumeric() || c == '_' || c == '.' {
            out.push(c.to_ascii_lowercase());
        } else {
            out.push('-');
        }
    }
    let slug = collapse_dashes(out.trim_start_matches(['.', '-']));
    if slug.is_empty() {
        EMPTY_NAME.to_string()
    } else {
        slug
    }
}

/// The slug of a name without a letter or digit (`slug = ".."`, `slug = "！"`).
pub(crate) const EMPTY_NAME: &str = "page";

/// Toneless pinyin joined by hyphens: 镇卫生院 → `zhen-wei-sheng-yuan`.
/// Latin letters and digits are kept in runs (`2026年` → `2026-nian`).
pub(crate) fn pinyin(name: &str) -> String {
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
pub(crate) struct Unique {
    taken: HashSet<String>,
    /// The last suffix tried for each slug: the ones below it are all taken,
    /// so the 10,000th `item` does not try `item-2` … `item-9999` again.
    last: HashMap<String, usize>,
    /// Suffixes tried, for the test that counts work.
    #[cfg(test)]
    tries: usize,
}

impl Unique {
    pub(crate) fn claim(&mut self, slug: String) -> String {
        if self.taken.insert(slug.clone()) {
            return slug;
        }
        let n = self.last.entry(slug.clone()).or_insert(1);
        loop {
            *n += 1;
            #[cfg(test)]
            {
                self.tries += 1;
            }
            let candidate = format!("{slug}-{n}");
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unique_numbers_in_order_and_skips_taken_names() {
        let mut u = Unique::default();
        let got: Vec<String> = ["foo", "foo-2", "foo", "foo", "foo-3", "bar"]
            .into_iter()
            .map(|s| u.claim(s.to_string()))
            .collect();
        assert_eq!(got, ["foo", "foo-2", "foo-3", "foo-4", "foo-3-2", "bar"]);
    }

    #[test]
    fn unique_is_linear_in_the_names_that_collide() {
        // 20,000 tags of one pinyin (`标签`, `标签！`, `标 签` …): each tries once,
        // where trying every suffix again took 200 million tries.
        let mut u = Unique::default();
        for _ in 0..20_000 {
            u.claim("biao-qian".into());
        }
        assert_eq!(u.claim("biao-qian".into()), "biao-qian-20001");
        assert_eq!(u.tries, 20_000);
    }

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
    fn dots_and_empty_names_stay_inside_the_folder() {
        assert_eq!(from_name(".."), EMPTY_NAME);
        assert_eq!(from_name("."), EMPTY_NAME);
        assert_eq!(from_name(""), EMPTY_NAME);
        assert_eq!(from_name("-..-x"), "x");
        assert_eq!(from_name("../../etc"), "etc");
        assert_eq!(from_name(".hidden"), "hidden");
        assert_eq!(from_name("a..b"), "a..b");
    }

    proptest::proptest! {
        #[test]
        fn file_name_slugs_are_one_safe_path_segment(name in "\\PC{0,40}") {
            let slug = from_name(&name);
            proptest::prop_assert!(!slug.is_empty());
            proptest::prop_assert!(!slug.starts_with(['.', '-']), "{slug:?}");
            proptest::prop_assert!(
                slug.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.')),
                "{slug:?}"
            );
            proptest::prop_assert!(!slug.contains("--"), "{slug:?}");
            proptest::prop_assert_eq!(from_name(&slug), slug.clone(), "a slug is its own slug");
        }

        #[test]
        fn pinyin_slugs_are_ascii_url_words(name in "\\PC{0,40}") {
            let slug = pinyin(&name);
            proptest::prop_assert!(!slug.is_empty());
            proptest::prop_assert!(
                slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{slug:?}"
            );
            proptest::prop_assert!(!slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"));
        }

        #[test]
        fn unique_never_hands_out_a_slug_twice(names in proptest::collection::vec("[ab]{1,2}(-[23])?", 0..40)) {
            let mut unique = Unique::default();
            let mut seen = std::collections::HashSet::new();
            for name in names {
                let claimed = unique.claim(name.clone());
                proptest::prop_assert!(claimed.starts_with(&name));
                proptest::prop_assert!(seen.insert(claimed.clone()), "{claimed} twice");
            }
        }
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
