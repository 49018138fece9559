//! Files published as they are (`static/`, a theme's `static/`, loose files
//! and attachments under `content/`) whose type a browser runs as a page or
//! an image with script: `.html`, `.htm`, `.xhtml`, `.svg`, `.xml`. One
//! that holds script or loads elsewhere ([`crate::sanitize::find_script`])
//! is an error naming the file and line, unless `site.toml` lists it in
//! `[build] allow_script_files`.
//!
//! Left to others: which files are published (`build`, `content`), and
//! what counts as script (`sanitize`).

use std::path::Path;

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::messages::Msg;

/// Extensions of files a browser renders as a document that can run script.
const DOCUMENT_TYPES: [&str; 5] = ["html", "htm", "xhtml", "svg", "xml"];

/// An error if `source` (under `root`) is a document with script that the
/// site does not allow.
pub(crate) fn check(root: &Path, source: &Path, config: &Config) -> Option<Diagnostic> {
    let ext = source.extension()?.to_string_lossy().to_ascii_lowercase();
    if !DOCUMENT_TYPES.contains(&ext.as_str()) {
        return None;
    }
    let rel = source.strip_prefix(root).unwrap_or(source);
    let rel_slash = rel.to_string_lossy().replace('\\', "/");
    let allowed = &config.build.allow_script_files;
    if allowed
        .iter()
        .any(|a| a.trim_start_matches("./") == rel_slash)
    {
        return None;
    }
    // Unreadable or not UTF-8: read as well as can be, so nothing hides.
    let bytes = std::fs::read(source).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    let found = crate::sanitize::find_script(&text).into_iter().next()?;
    Some(Diagnostic::error(Msg::ScriptInFile { what: found.what }).at(rel, Some(found.line)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(allow: &[&str]) -> Config {
        let list: Vec<String> = allow.iter().map(|a| format!("\"{a}\"")).collect();
        toml::from_str(&format!(
            "title = \"t\"\nbase_url = \"https://x/\"\n[build]\nallow_script_files = [{}]",
            list.join(", ")
        ))
        .expect("config")
    }

    #[test]
    fn documents_with_script_are_errors_unless_allowed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("static/map")).expect("mkdir");
        let svg = root.join("static/logo.SVG");
        std::fs::write(&svg, "<svg>\n<rect/>\n<rect onload=\"x()\"/></svg>").expect("write");
        let page = root.join("static/map/index.html");
        std::fs::write(&page, "<p>地图</p>\n<script src=map.js></script>").expect("write");
        let plain = root.join("static/a.xml");
        std::fs::write(&plain, "<?xml version=\"1.0\"?><a href=\"https://x/\"/>").expect("write");
        let js = root.join("static/map/map.js");
        std::fs::write(&js, "document.write('<script>')").expect("write");

        let d = check(root, &svg, &config(&[])).expect("svg reported");
        assert_eq!(d.line, Some(3));
        assert_eq!(d.path.as_deref(), Some(Path::new("static/logo.SVG")));
        assert_eq!(
            *d.msg,
            Msg::ScriptInFile {
                what: "onload=".into()
            }
        );
        assert_eq!(
            check(root, &page, &config(&[])).and_then(|d| d.line),
            Some(2)
        );
        assert!(check(root, &page, &config(&["static/map/index.html"])).is_none());
        assert!(check(root, &page, &config(&["./static/map/index.html"])).is_none());
        assert!(check(root, &svg, &config(&["static/map/index.html"])).is_some());
        assert!(check(root, &plain, &config(&[])).is_none());
        assert!(check(root, &js, &config(&[])).is_none());
    }
}
