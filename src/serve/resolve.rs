//! Turning a request path into a file of the preview's output folder, safely.
//!
//! Two steps. [`parse`] looks at the path alone: it drops the query, splits
//! the path on `/` *before* percent-decoding (so `%2f` can never make a new
//! segment), decodes each segment once, and refuses any segment that could
//! leave the folder or mean something special to the file system (`.`, `..`,
//! `/`, `\`, NUL, control characters, a drive letter), and paths too long to
//! be real. [`locate`] then joins the segments to the output folder, maps a
//! folder to its `index.html`, and checks with `canonicalize` that the file
//! found is still inside the folder (a symbolic link pointing out is refused).
//!
//! Reading the file, content types and the 404 page are `http.rs`'s.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};
use std::path::{Component, Path, PathBuf};

/// Longer request paths are refused (414): no page of a site is that deep.
pub const MAX_PATH: usize = 2048;

/// Why a request path is refused before looking at the disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    TooLong,
    Forbidden,
}

/// A request path that is safe to join to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelPath {
    /// Decoded segments, none empty, none special.
    pub segments: Vec<String>,
    /// The path ended with `/` (or was `/`): a folder, served by its `index.html`.
    pub folder: bool,
}

/// What a request path names in the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    File(PathBuf),
    /// A folder asked for without its final `/`: redirect there.
    Redirect(String),
    NotFound,
    /// Resolves outside the output folder (a symbolic link).
    Forbidden,
}

/// Splits and decodes a request path (`/news/a%20b/?x=1`).
pub fn parse(raw: &str) -> Result<RelPath, Refusal> {
    let path = raw.split(['?', '#']).next().unwrap_or("");
    if path.len() > MAX_PATH {
        return Err(Refusal::TooLong);
    }
    let Some(rest) = path.strip_prefix('/') else {
        return Err(Refusal::Forbidden);
    };
    let mut segments = Vec::new();
    for raw_segment in rest.split('/') {
        if raw_segment.is_empty() {
            // `//` and the final `/`: nothing to join.
            continue;
        }
        let decoded = percent_decode_str(raw_segment)
            .decode_utf8()
            .map_err(|_| Refusal::Forbidden)?;
        if !safe_segment(&decoded) {
            return Err(Refusal::Forbidden);
        }
        segments.push(decoded.into_owned());
    }
    Ok(RelPath {
        folder: path.ends_with('/'),
        segments,
    })
}

/// One decoded segment that joins as exactly one plain name on every platform.
fn safe_segment(s: &str) -> bool {
    if s.is_empty() || s.chars().all(|c| c == '.') {
        return false;
    }
    if s.chars().any(|c| c == '/' || c == '\\' || c.is_control()) {
        return false;
    }
    let b = s.as_bytes();
    if b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':' {
        // A drive letter (`C:`): absolute or drive-relative on Windows.
        return false;
    }
    if cfg!(windows) && (s.ends_with('.') || s.ends_with(' ') || s.contains(':')) {
        // Windows drops final dots and spaces, and `:` names a stream.
        return false;
    }
    let mut components = Path::new(s).components();
    matches!(
        (components.next(), components.next()),
        (Some(Component::Normal(_)), None)
    )
}

/// Characters escaped when a path is written back into a `Location` header.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'\\')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// Finds the file `rel` names inside `root`, which must be canonical.
pub fn locate(root: &Path, rel: &RelPath) -> Resolved {
    let mut path = root.to_path_buf();
    path.extend(&rel.segments);
    if rel.folder {
        path.push("index.html");
    } else if path.is_dir() {
        // Built from the checked segments, never from the raw path: `//host`
        // must not become a redirect to another site.
        let mut location = String::from("/");
        for s in &rel.segments {
            location.extend(utf8_percent_encode(s, SEGMENT));
            location.push('/');
        }
        return Resolved::Redirect(location);
    }
    match path.canonicalize() {
        Ok(real) if !real.starts_with(root) => Resolved::Forbidden,
        Ok(real) if real.is_file() => Resolved::File(real),
        _ => Resolved::NotFound,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segs(raw: &str) -> Vec<String> {
        parse(raw).expect(raw).segments
    }

    #[test]
    fn plain_paths_split_and_decode() {
        assert_eq!(segs("/"), Vec::<String>::new());
        assert!(parse("/").expect("root").folder);
        assert_eq!(segs("/news/2026-a/"), ["news", "2026-a"]);
        assert!(parse("/news/").expect("news").folder);
        assert!(!parse("/css/style.css").expect("css").folder);
        assert_eq!(segs("/a%20b.pdf"), ["a b.pdf"]);
        assert_eq!(segs("/%E6%96%B0%E9%97%BB/"), ["新闻"]);
        assert_eq!(segs("/news/?page=2#top"), ["news"]);
        assert_eq!(segs("//etc/passwd"), ["etc", "passwd"]);
        // Decoded once only: `%252e` is the file named `%2e`.
        assert_eq!(segs("/%252e%252e/x"), ["%2e%2e", "x"]);
    }

    #[test]
    fn traversal_and_special_names_are_refused() {
        for raw in [
            "/../site.toml",
            "/news/../../site.toml",
            "/%2e%2e/site.toml",
            "/%2E%2E/site.toml",
            "/.%2e/site.toml",
            "/..%2fsite.toml",
            "/..%2Fsite.toml",
            "/%2e%2e%2f%2e%2e%2fetc/passwd",
            "/news/..\\..\\site.toml",
            "/news/..%5c..%5csite.toml",
            "/a%5cb",
            "/a%00b",
            "/a%0ab",
            "/./index.html",
            "/...",
            "/C:/Windows/win.ini",
            "/c%3a/x",
            "/%ff%fe",
            "news/index.html",
            "",
        ] {
            assert_eq!(parse(raw), Err(Refusal::Forbidden), "{raw}");
        }
    }

    #[test]
    fn very_long_paths_are_refused() {
        let raw = format!("/{}", "a".repeat(10 * 1024));
        assert_eq!(parse(&raw), Err(Refusal::TooLong));
        let raw = format!("/{}", "a/".repeat(MAX_PATH));
        assert_eq!(parse(&raw), Err(Refusal::TooLong));
    }

    #[test]
    fn locate_maps_folders_files_and_redirects() {
        let dir = tempfile::tempdir().expect("tmp");
        let root = dir.path().canonicalize().expect("canonical");
        std::fs::create_dir_all(root.join("news/新闻")).expect("mkdir");
        std::fs::write(root.join("index.html"), "home").expect("write");
        std::fs::write(root.join("news/新闻/index.html"), "x").expect("write");
        std::fs::write(root.join("style.css"), "css").expect("write");
        let at = |raw: &str| locate(&root, &parse(raw).expect(raw));
        assert_eq!(at("/"), Resolved::File(root.join("index.html")));
        assert_eq!(at("/style.css"), Resolved::File(root.join("style.css")));
        assert_eq!(
            at("/news/%E6%96%B0%E9%97%BB/"),
            Resolved::File(root.join("news/新闻/index.html"))
        );
        assert_eq!(
            at("/news/%E6%96%B0%E9%97%BB"),
            Resolved::Redirect("/news/%E6%96%B0%E9%97%BB/".into())
        );
        assert_eq!(at("//news"), Resolved::Redirect("/news/".into()));
        assert_eq!(at("/missing.html"), Resolved::NotFound);
        assert_eq!(at("/style.css/"), Resolved::NotFound);
        assert_eq!(at("/news/"), Resolved::NotFound, "no index.html there");
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_links_out_of_the_folder_are_refused() {
        let dir = tempfile::tempdir().expect("tmp");
        let outside = dir.path().join("secret.txt");
        std::fs::write(&outside, "secret").expect("write");
        let root = dir.path().join("public");
        std::fs::create_dir_all(&root).expect("mkdir");
        let root = root.canonicalize().expect("canonical");
        std::os::unix::fs::symlink(&outside, root.join("link.txt")).expect("symlink");
        std::os::unix::fs::symlink(dir.path(), root.join("up")).expect("symlink");
        let at = |raw: &str| locate(&root, &parse(raw).expect(raw));
        assert_eq!(at("/link.txt"), Resolved::Forbidden);
        assert_eq!(at("/up/secret.txt"), Resolved::Forbidden);
    }
}
