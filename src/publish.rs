//! Which files copied as they are (from `content/`, `static/` and a theme's
//! `static/`) are published: a rule by allowlist, not a list of what to skip.
//!
//! A file is published when no part of its path starts with a dot and its
//! extension (case-insensitive) is of a recognised type: the attachment
//! types under `content/`, those plus the types of web assets under a
//! `static/` folder, plus `[build] publish_extra` of `site.toml` in both.
//! Anything else — editor backups, swap and autosave files, merge leftovers,
//! `.env`, `.git/` — is left out whatever its name, because it is not on the
//! list. The one exception with an allowed extension is an Office or WPS
//! lock file (`~$报告.docx`), which is left out by its prefix.
//!
//! What a left-out file looked like (an editor backup, a swap file …) only
//! makes the message clearer; it never decides. Where the files are found,
//! and whether a published one would replace a generated page, is left to
//! `content` and `copies`.

use crate::messages::{Leftover, Msg, NotPublishedWhy, Place};

/// Attachments beside a page or loose under `content/`: documents (including
/// the formats of WPS and OFD, China's fixed-layout standard), images,
/// audio and video, archives. Not HTML or JavaScript: a page is Markdown,
/// and web assets go to `static/`.
pub(crate) const ATTACHMENT_TYPES: &[&str] = &[
    // Documents.
    "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "wps", "et", "dps", "ofd", "rtf", "odt",
    "ods", "odp", "txt", "csv", // Images.
    "jpg", "jpeg", "png", "gif", "webp", "svg", "bmp", "tif", "tiff", // Audio and video.
    "mp3", "m4a", "wav", "mp4", "webm", // Archives.
    "zip", "rar", "7z",
];

/// What a `static/` folder may publish besides the attachment types: style
/// sheets, scripts, fonts, icons, and the HTML, XML and JSON files a site
/// owner is asked to publish (search engines' verification files, a web
/// app manifest).
pub(crate) const WEB_TYPES: &[&str] = &[
    "css",
    "js",
    "mjs",
    "woff",
    "woff2",
    "ttf",
    "otf",
    "eot",
    "ico",
    "avif",
    "html",
    "htm",
    "xml",
    "json",
    "webmanifest",
];

/// Why the file at `rel` (relative to `content/` or to a `static/` folder,
/// with `/`; a folder's ends with `/`) is not published, or None when it
/// is. `extra` holds the extensions of `publish_extra`, lowercase.
pub(crate) fn verdict(rel: &str, place: Place, extra: &[String]) -> Option<Msg> {
    let mut parts = rel.split('/').peekable();
    while let Some(part) = parts.next() {
        if part.starts_with('.') {
            let why = if parts.peek().is_some() {
                NotPublishedWhy::HiddenFolder
            } else {
                NotPublishedWhy::HiddenFile
            };
            return Some(not_published(place, why, String::new(), None));
        }
    }
    let name = rel.rsplit('/').next().unwrap_or(rel);
    if name.starts_with("~$") {
        return Some(not_published(
            place,
            NotPublishedWhy::OfficeLock,
            String::new(),
            Some(Leftover::OfficeLock),
        ));
    }
    let leftover = leftover(name);
    match extension(name) {
        Some(ext) if is_allowed(&ext, place, extra) => None,
        Some(ext) => Some(not_published(
            place,
            NotPublishedWhy::NotAType,
            ext,
            leftover,
        )),
        None => Some(not_published(
            place,
            NotPublishedWhy::NoType,
            String::new(),
            leftover,
        )),
    }
}

/// Whether a dot-file or dot-folder: never published, wherever it is.
pub(crate) fn is_hidden(name: &str) -> bool {
    name.starts_with('.')
}

fn not_published(
    place: Place,
    why: NotPublishedWhy,
    ext: String,
    leftover: Option<Leftover>,
) -> Msg {
    Msg::NotPublished {
        place,
        why,
        ext,
        leftover,
    }
}

fn is_allowed(ext: &str, place: Place, extra: &[String]) -> bool {
    ATTACHMENT_TYPES.contains(&ext)
        || (place == Place::Static && WEB_TYPES.contains(&ext))
        || extra.iter().any(|e| e == ext)
}

/// The lowercase extension of a file name, when it has one made of letters
/// and digits (`x.md~` and `#x.md#` have none).
pub(crate) fn extension(name: &str) -> Option<String> {
    let (stem, ext) = name.rsplit_once('.')?;
    let usable =
        !stem.is_empty() && !ext.is_empty() && ext.chars().all(|c| c.is_ascii_alphanumeric());
    usable.then(|| ext.to_ascii_lowercase())
}

/// What tool probably left a file behind, for the message only.
fn leftover(name: &str) -> Option<Leftover> {
    if name.ends_with('~') {
        return Some(Leftover::EditorBackup);
    }
    if name.len() > 1 && name.starts_with('#') && name.ends_with('#') {
        return Some(Leftover::EditorAutosave);
    }
    if name == "4913" {
        return Some(Leftover::EditorTemporary);
    }
    if name.eq_ignore_ascii_case("Thumbs.db") || name.eq_ignore_ascii_case("desktop.ini") {
        return Some(Leftover::SystemFile);
    }
    match extension(name)?.as_str() {
        "bak" | "old" | "save" | "backup" => Some(Leftover::EditorBackup),
        "swp" | "swo" | "swn" => Some(Leftover::EditorSwap),
        "orig" | "rej" => Some(Leftover::MergeLeftover),
        "tmp" | "temp" | "part" | "crdownload" => Some(Leftover::Temporary),
        _ => None,
    }
}

/// A `publish_extra` entry as it is compared (`.KML` → `kml`), or None when
/// it cannot be an extension.
pub(crate) fn normalize_extra(entry: &str) -> Option<String> {
    let ext = entry.trim().trim_start_matches('.');
    let usable =
        !ext.is_empty() && ext.len() <= 16 && ext.chars().all(|c| c.is_ascii_alphanumeric());
    usable.then(|| ext.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn published(rel: &str, place: Place) -> bool {
        verdict(rel, place, &["kml".to_string()]).is_none()
    }

    #[test]
    fn attachments_are_published_in_any_case() {
        for rel in ["a.pdf", "news/x/报告.DOCX", "照片.JpG", "map.kml", "b.7z"] {
            assert!(published(rel, Place::Content), "{rel}");
            assert!(published(rel, Place::Static), "{rel}");
        }
    }

    #[test]
    fn web_assets_only_from_static() {
        for rel in [
            "css/style.css",
            "js/a.js",
            "baidu_verify_abc.html",
            "f.woff2",
        ] {
            assert!(published(rel, Place::Static), "{rel}");
            assert!(!published(rel, Place::Content), "{rel}");
        }
    }

    #[test]
    fn leftovers_and_hidden_files_are_not_published() {
        let leftovers = [
            "x.md.bak",
            "#x.md#",
            "x.md.orig",
            "x.md.rej",
            "x.md.save",
            ".x.md.swo",
            "x.md.swp",
            "4913",
            "x.md~",
            "~$报告.docx",
            "Thumbs.db",
            "desktop.ini",
            ".env",
            ".git/config",
            "a/.git/objects/ab/cd",
            "css/x.css.bak",
            ".DS_Store",
            "x.docx.tmp",
        ];
        for rel in leftovers {
            assert!(!published(rel, Place::Content), "{rel}");
            assert!(!published(rel, Place::Static), "{rel}");
        }
    }

    #[test]
    fn the_message_names_the_kind_of_leftover() {
        let why = |rel: &str| verdict(rel, Place::Content, &[]);
        assert!(matches!(
            why("a.md.bak"),
            Some(Msg::NotPublished { why: NotPublishedWhy::NotAType, ref ext, leftover: Some(Leftover::EditorBackup), .. }) if ext == "bak"
        ));
        assert!(matches!(
            why("#a.md#"),
            Some(Msg::NotPublished {
                why: NotPublishedWhy::NoType,
                leftover: Some(Leftover::EditorAutosave),
                ..
            })
        ));
        assert!(matches!(
            why("a/.git/"),
            Some(Msg::NotPublished {
                why: NotPublishedWhy::HiddenFolder,
                ..
            })
        ));
        assert!(matches!(
            why(".git/config"),
            Some(Msg::NotPublished {
                why: NotPublishedWhy::HiddenFolder,
                ..
            })
        ));
    }

    #[test]
    fn publish_extra_entries_are_normalized() {
        assert_eq!(normalize_extra(".KML").as_deref(), Some("kml"));
        assert_eq!(normalize_extra("dwg").as_deref(), Some("dwg"));
        assert_eq!(normalize_extra(""), None);
        assert_eq!(normalize_extra("md~"), None);
        assert_eq!(normalize_extra("a/b"), None);
    }

    fn segment() -> impl Strategy<Value = String> {
        "[a-zA-Z0-9_\\-#~$ 报告.]{1,12}"
    }

    proptest! {
        /// Whatever the rest of the path, a segment starting with a dot
        /// keeps the file out, even with an allowed extension and
        /// `publish_extra` holding it.
        #[test]
        fn a_dot_segment_is_never_published(
            before in proptest::collection::vec(segment(), 0..4),
            hidden in segment(),
            after in proptest::collection::vec(segment(), 0..3),
            ext in proptest::sample::select(ATTACHMENT_TYPES),
        ) {
            let mut parts = before;
            parts.push(format!(".{hidden}"));
            parts.extend(after);
            let rel = format!("{}.{ext}", parts.join("/"));
            for place in [Place::Content, Place::Static] {
                prop_assert!(verdict(&rel, place, &[ext.to_string()]).is_some(), "{rel}");
            }
        }

        /// A name whose last extension is not on the lists is never
        /// published, whatever comes before it (an allowed extension
        /// included: `报告.pdf.bak`).
        #[test]
        fn an_extension_outside_the_lists_is_never_published(
            dirs in proptest::collection::vec("[a-z0-9报告]{1,6}", 0..3),
            stem in segment(),
            // Look-alikes too: full-width letters, a trailing space or NUL.
            ext in "([a-zA-Z0-9~#]|ｐ|ｄ|ｆ| |\\x00){0,6}",
        ) {
            let lower = ext.to_ascii_lowercase();
            prop_assume!(!ATTACHMENT_TYPES.contains(&lower.as_str()));
            prop_assume!(!WEB_TYPES.contains(&lower.as_str()));
            let mut parts = dirs;
            parts.push(format!("x{stem}.pdf.{ext}"));
            let rel = parts.join("/");
            for place in [Place::Content, Place::Static] {
                prop_assert!(verdict(&rel, place, &[]).is_some(), "{rel}");
            }
        }

        /// Whatever the path, a file is published only if no part of it
        /// starts with a dot and its last extension, lowercased, is on a
        /// list (an oracle written apart from `verdict`).
        #[test]
        fn only_listed_types_outside_dot_folders_are_published(
            path in "([a-zA-Z0-9._~#$ /]|报){0,24}",
            ext in proptest::sample::select(
                [ATTACHMENT_TYPES, WEB_TYPES, &["bak", "md", "exe", "", "pdf~"]].concat(),
            ),
            upper in any::<bool>(),
        ) {
            let ext = if upper { ext.to_ascii_uppercase() } else { ext.to_string() };
            let rel = format!("{path}.{ext}");
            for place in [Place::Content, Place::Static] {
                if verdict(&rel, place, &[]).is_some() {
                    continue;
                }
                prop_assert!(!rel.split('/').any(|p| p.starts_with('.')), "{rel}");
                let name = rel.rsplit('/').next().unwrap_or_default();
                prop_assert!(!name.starts_with("~$"), "{rel}");
                let ext = name.rsplit('.').next().unwrap_or_default().to_lowercase();
                let listed = ATTACHMENT_TYPES.contains(&ext.as_str())
                    || (place == Place::Static && WEB_TYPES.contains(&ext.as_str()));
                prop_assert!(listed && name.contains('.'), "{rel}");
            }
        }
    }
}
